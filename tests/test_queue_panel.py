"""The queue shows what a reviewer judges a claim by: its main chain, the open flags on it with
what they say, and how many claims are left after this one."""

import re

import pytest

from annotations import selectors
from annotations.models import Lease
from provenance.models import Claim, Flag
from tests.review_support import FLOOD_STORY, claims_of

pytestmark = pytest.mark.django_db

AID = "Aid agencies said no more than 400 people were moved to shelters on Monday.\n"


def _panel(client, project) -> str:
    return client.get(f"/queue/?project={project.pk}").content.decode()


def _left(page: str) -> str:
    return re.search(r'data-testid="queue-left">([^<]*)<', page).group(1)


def test_the_queue_shows_the_chain_the_flags_and_the_count_left(client, users, ingest, project):
    claims = claims_of(ingest(FLOOD_STORY, publisher="Valley Post"))
    ingest(AID, publisher="Harbour Times")
    client.force_login(users["reviewer"])
    page = _panel(client, project)
    lease = Lease.objects.get(reviewer=users["reviewer"])
    waiting = Claim.objects.filter(project=project).count() - 1
    assert _left(page) == f"{waiting} claims left after this one"
    claim = lease.claim
    hops = list(claim.main_attribution.hops.select_related("source").order_by("position"))
    chain = re.search(r'data-testid="queue-chain">(.*?)</p>', page, re.S).group(1)
    assert hops and all((hop.mention or hop.source.name) in chain for hop in hops)
    # The most urgent claim is one with an open flag: 3,000 moved against no more than 400.
    flags = Flag.objects.filter(claim_a=claim) | Flag.objects.filter(claim_b=claim)
    assert flags.exists() and len(claims) >= 4
    shown = re.search(r'data-testid="queue-flags">(.*?)</ul>', page, re.S).group(1)
    assert flags.first().get_kind_display() in shown
    assert flags.first().explanation.split(":")[0] in shown


def test_the_count_left_is_bounded(client, users, ingest, project, monkeypatch):
    claims_of(ingest(FLOOD_STORY))
    monkeypatch.setattr(selectors, "QUEUE_LEFT_CAP", 2)
    client.force_login(users["reviewer"])
    assert _left(_panel(client, project)) == "more than 2 claims left after this one"


def test_narration_says_no_source_is_named(client, users, ingest, project):
    ingest("The river rose two metres overnight and the road to the valley was closed.\n")
    client.force_login(users["reviewer"])
    page = _panel(client, project)
    assert "No source named" in page and _left(page) == "0 claims left after this one"
