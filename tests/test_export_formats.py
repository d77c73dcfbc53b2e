"""Every export format, read back by an independent reader: ``json``, the ``csv`` module, a
JSON-LD processor (pyld) for ClaimReview, and the Web Annotation selectors re-finding each claim
in its article. Also the filters, and that the API and the command give the same export."""

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyld import jsonld

from annotations.formats.csv_format import CSV_COLUMNS
from annotations.services.adjudication import claim_adjudicate
from provenance.models import Claim, ClaimStatus, Flag, FlagStatus
from provenance.services.attributions import attribution_add
from provenance.services.flags import flag_decide
from provenance.text.types import Hop

pytestmark = pytest.mark.django_db

SCHEMA_ORG = "http://schema.org/"
CONTEXTS = Path(__file__).parent / "data" / "jsonld"

DAM = (
    "Dam collapse: day two\n\n"
    "The dam displaced 40,000 villagers, two officials at the meeting told Reuters on Monday.\n\n"
    "The ministry denied that any villages were flooded, according to state television.\n\n"
    "Satellite images show three villages under water, the rights group Amnesty International "
    "said. Café owners in Dũng Quất said the water rose “within minutes”.\n"
)
FLOOD = (
    "Officials said 12 villages were flooded, Xinhua reported.\n\n"
    "No villages were flooded, the ministry said.\n"
)


@pytest.fixture
def desk(ingest, users, project):
    """Two articles; some claims verified by an editor with each verdict, one with a reviewer's
    two-hop chain, one flag dismissed."""
    dam = ingest(
        DAM,
        title='Dam "collapse", day two',
        publisher="Reuters",
        url="https://example.org/dam",
        published="2024-05-02",
        origin="dam.txt",
    )
    flood = ingest(FLOOD, title="Flood", publisher="Xinhua", published="2024-06-10", origin="f.txt")
    editor = users["editor"]
    displaced = next(c for c in dam.claims.all() if "displaced" in c.text)
    attribution_add(
        claim=displaced,
        chain=[
            Hop(name="two officials at the meeting", kind="anonymous", role="speaker"),
            Hop(name="Reuters", kind="wire_agency", role="relay"),
        ],
        cue="told Reuters",
        user=editor,
    )
    verdicts = ["supported", "refuted", "misleading", "unverifiable"]
    verified = [c for c in Claim.objects.order_by("id") if c.kind != "headline"][:4]
    for claim, verdict in zip(verified, verdicts, strict=True):
        claim_adjudicate(
            claim=claim, user=editor, verdict=verdict, confidence=0.8, version=claim.version
        )
    flag = Flag.objects.order_by("id").first()
    flag_decide(flag=flag, status=FlagStatus.DISMISSED, version=flag.version, user=editor)
    return {"dam": dam, "flood": flood, "verified": verified}


def _export(client, **params) -> str:
    response = client.get("/api/v1/export/claims/", params)
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def _records(client, **params) -> list[dict]:
    return [json.loads(line) for line in _export(client, format="jsonl", **params).splitlines()]


@pytest.fixture
def client_(api_client_for, users):
    return api_client_for(users["reviewer"])


def test_jsonl_is_the_claim_record_and_defaults_to_verified(client_, desk):
    records = _records(client_)
    assert [r["id"] for r in records] == [c.pk for c in desk["verified"]]
    for record in records:
        assert record["status"] == ClaimStatus.VERIFIED
        assert record == client_.get(f"/api/v1/claims/{record['id']}/").json()
    displaced = next(r for r in records if "displaced" in r["text"])
    chains = [a["chain"] for a in displaced["attributions"] if a["status"] == "confirmed"]
    assert [hop["role"] for hop in chains[0]] == ["speaker", "relay"]
    assert len(_records(client_, status="all")) == Claim.objects.count()


def test_json_is_one_array_of_the_same_records(client_, desk):
    assert json.loads(_export(client_, format="json", status="all")) == _records(
        client_, status="all"
    )
    assert json.loads(_export(client_, format="json", q="no such words anywhere")) == []


def test_csv_reads_back_with_the_csv_module(client_, desk):
    text = _export(client_, format="csv", status="all")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    records = {r["id"]: r for r in _records(client_, status="all")}
    assert len(rows) == len(records)
    for row in rows:
        record = records[int(row["id"])]
        assert row["text"] == record["text"]
        assert row["article_title"] == record["article"]["title"]
        assert (int(row["start"]), int(row["end"])) == (record["start"], record["end"])
        assert json.loads(row["attributions_json"]) == record["attributions"]
        assert json.loads(row["flags_json"]) == record["flags"]
        assert int(row["flag_count"]) == len(record["flags"])
        assert row["verdict"] == (record["verdict"] or "")
    displaced = next(row for row in rows if "displaced" in row["text"])
    assert (displaced["speaker"], displaced["speaker_kind"]) == (
        "two officials at the meeting",
        "anonymous",
    )
    assert displaced["relays"] == "Reuters"


def _local_contexts(url, options=None):
    """pyld's document loader, offline: schema.org's context from tests/data, nothing else."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise jsonld.JsonLdError(f"no network in tests: {url}", "loading document failed")
    document = json.loads((CONTEXTS / "schema_org_context.jsonld").read_text())
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _value(node: dict, term: str):
    return node[SCHEMA_ORG + term][0].get("@value", node[SCHEMA_ORG + term][0].get("@id"))


def test_claimreview_expands_as_json_ld(client_, desk, project):
    document = json.loads(_export(client_, format="claimreview"))
    assert document["@context"] == "https://schema.org"
    # A document that is only a @graph expands to the list of its nodes.
    expanded = jsonld.expand(document, {"documentLoader": _local_contexts})
    reviews = [node for node in expanded if SCHEMA_ORG + "ClaimReview" in node["@type"]]
    records = {r["id"]: r for r in _records(client_)}
    assert len(reviews) == len(records) == 4
    ratings = {
        "supported": (5, "True"),
        "misleading": (3, "Misleading"),
        "refuted": (1, "False"),
        "unverifiable": (None, "Unverifiable"),
    }
    for review in reviews:
        record = records[int(review["@id"].rstrip("/").rsplit("/", 1)[1])]
        assert _value(review, "claimReviewed") == record["text"]
        assert _value(review["http://schema.org/author"][0], "name") == project.name
        rating = review[SCHEMA_ORG + "reviewRating"][0]
        value, name = ratings[record["verdict"]]
        assert _value(rating, "alternateName") == name
        if value is None:
            assert SCHEMA_ORG + "ratingValue" not in rating
        else:
            assert _value(rating, "ratingValue") == value
            assert (_value(rating, "bestRating"), _value(rating, "worstRating")) == (5, 1)
        item = review[SCHEMA_ORG + "itemReviewed"][0]
        assert SCHEMA_ORG + "Claim" in item["@type"]
        appearance = item[SCHEMA_ORG + "appearance"][0]
        assert _value(appearance, "headline") == record["article"]["title"]
        if record["article"]["url"]:
            assert _value(appearance, "url") == record["article"]["url"]
        usable = [a for a in record["attributions"] if a["status"] != "rejected"]
        if usable:
            speakers = {a["chain"][0]["name"] for a in usable}
            assert _value(item[SCHEMA_ORG + "author"][0], "name") in speakers


def test_webannotation_selectors_refind_each_claim(client_, desk):
    collection = json.loads(_export(client_, format="webannotation", status="all"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    assert collection["total"] == len(page["items"]) == Claim.objects.count()
    bodies = {}
    records = {r["id"]: r for r in _records(client_, status="all")}
    for annotation in page["items"]:
        assert annotation["type"] == "Annotation"
        target = annotation["target"]
        path = urlparse(target["source"]).path
        if path not in bodies:  # the source itself is the text the selectors apply to
            response = client_.get(path)
            assert response["Content-Type"] == "text/plain; charset=utf-8"
            bodies[path] = response.content.decode("utf-8")
        body = bodies[path]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        exact = quote["exact"]
        assert body[position["start"] : position["end"]] == exact
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        assert len(prefix) <= 32 and len(suffix) <= 32
        # The quote alone finds the claim: the first match of prefix+exact+suffix is the claim.
        found = body.find(prefix + exact + suffix)
        assert found + len(prefix) == position["start"]
        record = records[int(annotation["id"].split("/claims/")[1].split("/")[0])]
        assert record["text"] == exact
        data = json.loads(
            next(b["value"] for b in annotation["body"] if b.get("format") == "application/json")
        )
        assert data["attributions"] == record["attributions"]
        assert (data["verdict"], data["confidence"]) == (record["verdict"], record["confidence"])
        assessing = [b["value"] for b in annotation["body"] if b.get("purpose") == "assessing"]
        assert assessing == ([record["verdict"]] if record["verdict"] else [])
    assert any("Dũng Quất" in a["target"]["selector"][0]["exact"] for a in page["items"]), (
        "a claim with non-ASCII text is exported with exact offsets"
    )


def test_filters(client_, desk):
    def ids(**params):
        return {r["id"] for r in _records(client_, status="all", **params)}

    everything = {c.pk: c for c in Claim.objects.select_related("article__publisher")}
    refuted = {pk for pk, c in everything.items() if c.verdict == "refuted"}
    assert len(refuted) == 1 and ids(verdict="refuted") == refuted
    assert ids(publisher="Xinhua") == {c.pk for c in desk["flood"].claims.all()}
    assert ids(publisher="xinhua news agency") == ids(publisher="Xinhua")
    assert ids(published_from="2024-06-01") == ids(publisher="Xinhua")
    assert ids(published_to="2024-05-31") == {c.pk for c in desk["dam"].claims.all()}
    assert ids(q="VILLAGES") == {pk for pk, c in everything.items() if "villages" in c.text}
    ngo = ids(source_kind="ngo")
    assert ngo and all("Amnesty" in everything[pk].text for pk in ngo)
    live = Flag.objects.exclude(status=FlagStatus.DISMISSED)
    flagged = {f.claim_a_id for f in live} | {f.claim_b_id for f in live}
    assert ids(flagged="true") == flagged
    assert ids(flagged="false") == set(everything) - flagged
    assert ids(project="Dam story") == set(everything)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"format": "xml"}, "format"),
        ({"status": "done"}, "status"),
        ({"verdict": "maybe"}, "verdict"),
        ({"source_kind": "aliens"}, "source kind"),
        ({"published_from": "May 2024"}, "published_from"),
        ({"flagged": "perhaps"}, "flagged"),
        ({"project": "Nobody's project"}, "project"),
    ],
)
def test_bad_filters_are_json_errors_naming_the_parameter(client_, desk, params, named):
    response = client_.get("/api/v1/export/claims/", params)
    assert response.status_code == 400
    assert named in response.json()["message"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "claimreview", "webannotation"])
def test_command_writes_what_the_api_streams(client_, desk, fmt, settings):
    settings.SITE_URL = "http://testserver"
    out = io.StringIO()
    call_command("export", "--format", fmt, "--status", "all", "--publisher", "Reuters", stdout=out)
    api = _export(client_, format=fmt, status="all", publisher="Reuters")
    if fmt in ("claimreview", "webannotation"):
        command_doc, api_doc = json.loads(out.getvalue()), json.loads(api)
        for doc in (command_doc, api_doc):  # when and where the export was made differ
            for key in ("created", "id"):
                doc.pop(key, None)
            doc.get("first", {}).pop("id", None)
        assert command_doc == api_doc
    else:
        assert out.getvalue() == api


def test_command_refuses_bad_filters(desk):
    with pytest.raises(CommandError, match="status"):
        call_command("export", "--status", "done", stdout=io.StringIO())
    with pytest.raises(CommandError, match="2024/05/01"):
        call_command("export", "--published-from", "2024/05/01", stdout=io.StringIO())


def test_queries_do_not_grow_with_the_number_of_claims(client_, desk, ingest):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _export(client_, format="webannotation", status="all")
        return len(captured)

    before = queries()
    for n in range(3):
        ingest(FLOOD.replace("12", str(20 + n)), title=f"Flood {n}", origin=f"more{n}.txt")
    assert queries() == before
