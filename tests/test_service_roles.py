"""Each write service checks the acting user's role itself, so that no way in (a page, the
API, a command, an undo) can skip it: called directly with too low a role, it refuses with
``NotAllowed`` and changes nothing."""

import pytest

from provenance.errors import NotAllowed
from provenance.models import Attribution, ChangeRecord, Flag, Membership, Rescan, Source
from provenance.text.types import Hop

pytestmark = pytest.mark.django_db

STORY = (
    "Floods covered the valley and displaced 40,000 villagers, officials said on Monday.\n"
    "The water rose two metres in the night."
)
RIVAL = (
    "Floods covered the valley and displaced no more than 3,000 villagers, the ministry said.\n"
    "The water rose two metres in the night."
)


@pytest.fixture
def world(ingest, users, project):
    first = ingest(STORY, origin="a.txt", publisher="Reuters")
    ingest(RIVAL, origin="b.txt", publisher="Xinhua")
    claim = first.claims.order_by("start").first()
    return {
        "claim": claim,
        "attribution": Attribution.objects.filter(claim__article__project=project).first(),
        "flag": Flag.objects.filter(project=project).first(),
        "membership": Membership.objects.get(project=project, user=users["annotator"]),
    }


def _calls(world, users, project):
    from provenance.services.attributions import (
        attribution_add,
        attribution_decide,
        attribution_edit,
    )
    from provenance.services.events import article_event_move
    from provenance.services.flags import flag_decide
    from provenance.services.members import member_add, member_change_role, member_remove
    from provenance.services.rescans import rescan_start
    from provenance.services.sources import source_create, source_merge, source_update

    attribution, flag, membership = world["attribution"], world["flag"], world["membership"]
    # The project's own sources: the shared list is read only to every project.
    watch = Source.objects.create(
        project=project, name="Harbour Watch", normalized_name="harbour watch"
    )
    other_watch = Source.objects.create(
        project=project, name="Harbor Watch", normalized_name="harbor watch"
    )
    chain = [Hop(name="The ministry", kind="government", role="speaker")]
    return {
        # (least role, the call with a user of some role)
        "attribution_add": (
            "annotator",
            lambda user: attribution_add(claim=world["claim"], chain=chain, user=user),
        ),
        "attribution_decide": (
            "annotator",
            lambda user: attribution_decide(
                attribution=attribution, status="rejected", version=attribution.version, user=user
            ),
        ),
        "attribution_edit": (
            "annotator",
            lambda user: attribution_edit(
                attribution=attribution, version=attribution.version, user=user, cue="said"
            ),
        ),
        "flag_decide": (
            "reviewer",
            lambda user: flag_decide(
                flag=flag, status="dismissed", version=flag.version, user=user
            ),
        ),
        "rescan_start": ("editor", lambda user: rescan_start(project=project, user=user)),
        "member_add": (
            "editor",
            lambda user: member_add(
                project=project, username="reviewer2", role="editor", actor=user
            ),
        ),
        "member_change_role": (
            "editor",
            lambda user: member_change_role(membership=membership, role="editor", actor=user),
        ),
        "member_remove": ("editor", lambda user: member_remove(membership=membership, actor=user)),
        "article_event_move": (
            "editor",
            lambda user: article_event_move(article=world["claim"].article, event=None, actor=user),
        ),
        "source_create": (
            "editor",
            lambda user: source_create(project=project, name="Valley Watch", kind="ngo", user=user),
        ),
        "source_update": (
            "editor",
            lambda user: source_update(
                source=watch, version=watch.version, user=user, country="GB"
            ),
        ),
        "source_merge": (
            "editor",
            lambda user: source_merge(
                keep=watch, duplicate=other_watch, version=watch.version, user=user
            ),
        ),
    }


RANK = {"outsider": 0, "annotator": 1, "reviewer": 2, "editor": 3}
SERVICES = [
    "attribution_add",
    "attribution_decide",
    "attribution_edit",
    "flag_decide",
    "rescan_start",
    "member_add",
    "member_change_role",
    "member_remove",
    "article_event_move",
    "source_create",
    "source_update",
    "source_merge",
]


def _state():
    return (
        ChangeRecord.objects.count(),
        Attribution.objects.count(),
        Rescan.objects.count(),
        Membership.objects.count(),
        Source.objects.count(),
        list(Flag.objects.values_list("status", "version")),
    )


@pytest.mark.parametrize("service", SERVICES)
def test_service_refuses_a_role_below_its_own(service, world, users, project):
    least, call = _calls(world, users, project)[service]
    below = [role for role in RANK if RANK[role] < RANK[least]]
    assert below
    for role in below:
        before = _state()
        with pytest.raises(NotAllowed):
            call(users[role])
        assert _state() == before, f"{service} by {role} changed something"
