"""The Source table is the registry: what a project's editors add or correct is what the
project's next ingest reads, and no other project's."""

import pytest

from provenance.models import Attribution, Source
from provenance.services.ingest import article_ingest, project_get_or_create
from provenance.services.sources import registry_snapshot, source_create, source_update
from provenance.text.types import RawArticle

pytestmark = pytest.mark.django_db


def _project():
    return project_get_or_create(name="registry")


def _ingest(body: str, project=None):
    project = project or _project()
    outcome = article_ingest(project=project, raw=RawArticle(body=body), origin="test.txt")
    return outcome.article


def _speaker(article, fragment: str) -> Source:
    claim = article.claims.get(text__contains=fragment)
    attribution = Attribution.objects.get(claim=claim)
    return attribution.hops.get(position=0).source


def test_the_first_ingest_on_an_empty_table_loads_the_shipped_list():
    assert not Source.objects.exists()
    registry = registry_snapshot(project=None)
    assert registry.match("Reuters") is not None
    assert Source.objects.filter(from_registry=True, in_registry=True).count() == len(registry)


def test_an_alias_an_editor_adds_is_used_by_the_next_ingest():
    watch = source_create(project=_project(), name="Lakeside Water Watch", kind="ngo")
    source_update(source=watch, version=watch.version, aliases=["the lake monitors"])
    body = (
        "Algae bloom closes beaches\n\n"
        "The lake monitors said the bloom had spread to four beaches on Sunday.\n"
    )
    assert _speaker(_ingest(body), "four beaches") == watch
    elsewhere = _ingest(body, project=project_get_or_create(name="elsewhere"))
    theirs = _speaker(elsewhere, "four beaches")
    assert theirs != watch and theirs.project == elsewhere.project


def test_a_kind_an_editor_corrects_is_what_the_next_ingest_sees():
    first = _ingest(
        "Ferry fares rise\n\nThe Bayline Transit Board said fares would rise by 5% in May.\n"
    )
    board = _speaker(first, "fares would rise")
    source_update(source=board, version=board.version, kind="government")
    assert registry_snapshot(project=_project()).match("Bayline Transit Board").kind == "government"
    assert registry_snapshot(project=None).match("Bayline Transit Board") is None
    second = _ingest(
        "Ferry timetable cut\n\nThe Bayline Transit Board said two crossings would stop in June.\n"
    )
    speaker = _speaker(second, "two crossings")
    assert speaker == board and speaker.kind == "government"


def test_the_snapshot_is_rebuilt_only_when_a_registry_row_changes():
    project = _project()
    before = registry_snapshot(project=project)
    assert registry_snapshot(project=project) is before
    Source.objects.create(project=project, name="Found In Text", normalized_name="found in text")
    assert registry_snapshot(project=project) is before  # a mention's row is not in the registry
    source_create(project=project, name="Harbour Pilots Guild", kind="ngo")
    after = registry_snapshot(project=project)
    assert after is not before and after.match("Harbour Pilots Guild").kind == "ngo"


def test_a_kind_a_reviewer_fills_in_is_audited_but_does_not_enter_the_registry(users, project):
    from provenance.models import ChangeAction, ChangeRecord
    from provenance.services.sources import source_fill_kind

    found = Source.objects.create(
        project=project, name="Quayside Porters", normalized_name="quayside porters"
    )
    filled = source_fill_kind(source=found, kind="ngo", user=users["reviewer"])
    filled.refresh_from_db()
    assert (filled.kind, filled.version, filled.in_registry) == ("ngo", found.version + 1, False)
    record = ChangeRecord.objects.get(object_type="source", object_id=found.pk)
    assert record.action == ChangeAction.SOURCE_UPDATE and record.after["kind"] == "ngo"
    # A known kind is kept: only an editor changes it, with source_update.
    again = source_fill_kind(source=filled, kind="government", user=users["reviewer"])
    assert again.kind == "ngo" and again.version == filled.version
