"""One set of claim filters (``provenance.filters``) behind the claims page, the API's claims
list and the export: the same parameters give the same claims on each, bad values are refused
with the parameter named, and the page and the list cost a fixed number of queries."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.services.adjudication import claim_adjudicate
from provenance.models import Claim, Flag, FlagStatus
from provenance.services.attributions import attribution_add
from provenance.text.types import Hop

pytestmark = pytest.mark.django_db

RIVER = (
    "Flood on the Ostrel: day one\n\n"
    "The river rose four metres overnight, the Interior Ministry said on Monday.\n\n"
    "Residents of Karvo said the water reached their roofs within an hour.\n\n"
    "The dam held, engineers told the regional council.\n"
)
VALLEY = (
    "Officials said 12 villages were flooded, Xinhua reported.\n\n"
    "No villages were flooded, the ministry said.\n\n"
    "Aid trucks reached the valley on Wednesday.\n"
)


def _hops(*pairs: tuple[str, str]) -> list[Hop]:
    return [
        Hop(name, kind, "speaker" if i == 0 else "relay") for i, (name, kind) in enumerate(pairs)
    ]


@pytest.fixture
def desk(ingest, users, project):
    """Two articles; claims with reviewers' chains of several kinds, some verdicts, a flag."""
    river = ingest(
        RIVER, title="Flood, day one", publisher="Reuters", published="2024-05-02", origin="r.txt"
    )
    valley = ingest(VALLEY, title="Valley", publisher="Xinhua", published="2024-06-10")
    editor = users["editor"]
    claims = list(Claim.objects.filter(project=project).exclude(kind="headline").order_by("id"))
    speakers = [
        ("Interior Ministry", "government"),
        ("Lena Ivanova", "individual"),
        ("Amnesty International", "ngo"),
        ("Interior Ministry", "government"),
    ]
    for claim, speaker in zip(claims, speakers, strict=False):
        attribution_add(claim=claim, chain=_hops(speaker), user=editor)
    for claim, verdict in zip(claims[1:4], ["refuted", "supported", "refuted"], strict=True):
        claim.refresh_from_db()
        claim_adjudicate(
            claim=claim, user=editor, verdict=verdict, confidence=0.5, version=claim.version
        )
    if not Flag.objects.filter(project=project).exists():
        Flag.objects.create(
            project=project,
            claim_a=claims[0],
            claim_b=claims[-1],
            kind="numeric",
            score=0.9,
            explanation="Numbers differ.",
        )
    Flag.objects.filter(project=project).update(status=FlagStatus.OPEN)
    return {"river": river, "valley": valley, "claims": claims}


def _page_ids(client, project, params: dict) -> list[int]:
    response = client.get(f"/projects/{project.pk}/claims/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return [int(pk) for pk in re.findall(r'data-claim-id="(\d+)"', response.content.decode())]


def _api_ids(client, params: dict) -> list[int]:
    response = client.get("/api/v1/claims/", {**params, "page_size": 500})
    assert response.status_code == 200, response.json()
    return [record["id"] for record in response.json()["results"]]


def _command_ids(params: dict) -> list[int]:
    options = []
    for name, value in {"status": "all", **params}.items():
        option = "--search" if name == "q" else f"--{name.replace('_', '-')}"
        options += [option, str(value)]
    out = io.StringIO()
    call_command("export", *options, stdout=out)
    return [json.loads(line)["id"] for line in out.getvalue().splitlines()]


def _export_link_ids(client, project, params: dict) -> list[int]:
    html = client.get(f"/projects/{project.pk}/claims/", params).content.decode()
    [link] = re.findall(r'<a href="([^"]+)" class="export-link" data-format="jsonl"', html)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [json.loads(line)["id"] for line in lines]


FILTERS = {
    "speaker by name": lambda desk: {"speaker": "interior ministry"},
    "speaker by id": lambda desk: {"speaker": desk["claims"][1].speaker_id},
    "source kind": lambda desk: {"source_kind": "government"},
    "verdict": lambda desk: {"verdict": "refuted"},
    "status": lambda desk: {"status": "verified"},
    "flagged": lambda desk: {"flagged": "true"},
    "not flagged": lambda desk: {"flagged": "no"},
    "text": lambda desk: {"q": "FLOODED"},
    "article": lambda desk: {"article": desk["valley"].pk},
    "event": lambda desk: {"event": desk["valley"].event_id},
    "dates": lambda desk: {"published_from": "2024-06-01", "published_to": "2024-06-30"},
    "several": lambda desk: {"source_kind": "government", "flagged": "false", "status": "all"},
}


@pytest.mark.parametrize("name", FILTERS)
def test_the_same_filter_gives_the_same_claims_everywhere(
    name, desk, client, api_client_for, users, project
):
    for claim in desk["claims"]:
        claim.refresh_from_db()
    params = FILTERS[name](desk)
    client.force_login(users["reviewer"])
    page = sorted(_page_ids(client, project, params))
    assert page, f"the filter {name} should match some claims of the desk"
    assert page != sorted(Claim.objects.filter(project=project).values_list("id", flat=True))
    assert sorted(_api_ids(api_client_for(users["reviewer"]), params)) == page
    assert sorted(_command_ids(params)) == page
    assert sorted(_export_link_ids(client, project, params)) == page


def test_source_kind_is_the_stored_speakers(desk, client, users, project):
    """A chain suggested for a claim does not make it the suggested speaker's claim."""
    client.force_login(users["reviewer"])
    individual = desk["claims"][1]
    attribution_add(
        claim=individual,
        chain=_hops(("Interior Ministry", "government")),
        confidence=0.1,
        user=users["editor"],
    )
    individual.refresh_from_db()
    assert individual.speaker.kind == "individual"  # the more confident confirmed chain
    assert individual.pk not in _page_ids(client, project, {"source_kind": "government"})
    assert individual.pk in _page_ids(client, project, {"source_kind": "individual"})


def test_columns_sort_and_keep_the_filters(desk, client, users, project):
    client.force_login(users["reviewer"])
    params = {"status": "all", "ordering": "-confidence"}
    ids = _page_ids(client, project, params)
    confidences = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "confidence"))
    rated = [confidences[pk] for pk in ids if confidences[pk] is not None]
    assert rated == sorted(rated, reverse=True) and len(rated) == 3
    by_speaker = _page_ids(client, project, {"ordering": "speaker", "source_kind": "government"})
    names = [Claim.objects.get(pk=pk).speaker.name for pk in by_speaker]
    assert names == sorted(names)
    html = client.get(f"/projects/{project.pk}/claims/", {"verdict": "refuted"}).content.decode()
    header = re.search(r'<a href="([^"]+)" class="sort" data-column="confidence"', html)
    assert "verdict=refuted" in header.group(1) and "ordering=confidence" in header.group(1)
    shown = client.get(f"/projects/{project.pk}/claims/", {"ordering": "confidence"})
    assert 'data-column="confidence">Confidence ▲' in shown.content.decode()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"status": "done"}, "unknown status 'done'"),
        ({"source_kind": "aliens"}, "unknown source kind 'aliens'"),
        ({"flagged": "perhaps"}, "flagged must be true or false, not 'perhaps'"),
        ({"published_from": "May 2024"}, "published_from must be a date"),
        ({"article": "first"}, "article must be the id of an article"),
        ({"event": "0"}, "event must be the id of an event"),
        ({"ordering": "colour"}, "unknown ordering 'colour'"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(
    params, named, desk, client, api_client_for, users, project
):
    client.force_login(users["reviewer"])
    page = client.get(f"/projects/{project.pk}/claims/", params)
    assert page.status_code == 400 and named in page.content.decode().replace("&#x27;", "'")
    api = api_client_for(users["reviewer"]).get("/api/v1/claims/", params)
    assert api.status_code == 400
    assert ("ordering" if "ordering" in params else named) in api.json()["message"]


def test_a_project_of_others_is_refused_not_listed(desk, api_client_for, users, other_project):
    response = api_client_for(users["reviewer"]).get(
        "/api/v1/claims/", {"project": other_project.name}
    )
    assert response.status_code == 400 and "no project named" in response.json()["message"]


def _queries(fetch) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


def test_page_and_api_list_cost_the_same_queries_for_more_claims(
    desk, client, api_client_for, users, project, ingest
):
    client.force_login(users["reviewer"])
    api = api_client_for(users["reviewer"])
    params = {"status": "all", "ordering": "speaker"}

    def page():
        assert client.get(f"/projects/{project.pk}/claims/", params).status_code == 200

    def listing():
        assert api.get("/api/v1/claims/", {"status": "all"}).status_code == 200

    before = (_queries(page), _queries(listing))
    for n in range(3):
        article = ingest(RIVER.replace("four", str(5 + n)), origin=f"more{n}.txt")
        for claim in article.claims.exclude(kind="headline"):
            attribution_add(
                claim=claim, chain=_hops((f"Official {n}", "government")), user=users["editor"]
            )
    assert (_queries(page), _queries(listing)) == before
