"""The command line's worker processes analyse files exactly as one process does: the same
articles, claims, attributions and rejections, in the same order."""

from pathlib import Path

import pytest

from provenance.models import Article, Attribution, AttributionHop, Claim
from provenance.services.ingest import files_ingest, project_get_or_create

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.jsonl").write_text('{"body": "A line."}\n{"body": \n', encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _stored(project) -> list:
    claims = Claim.objects.filter(project=project).order_by("pk")
    chains = Attribution.objects.filter(claim__project=project).order_by("pk")
    # By the sources' names: each project has sources of its own, so their ids differ.
    hops = AttributionHop.objects.filter(attribution__claim__project=project)
    return [
        list(Article.objects.filter(project=project).order_by("pk").values_list("origin", "body")),
        list(claims.values_list("article__origin", "start", "end", "kind")),
        list(chains.values_list("claim__start", "status")),
        list(
            hops.order_by("attribution_id", "position").values_list(
                "attribution__claim__start", "source__name", "role"
            )
        ),
    ]


def test_worker_processes_store_what_one_process_stores(settings, tmp_path):
    folder = _folder(tmp_path)
    outcomes = {}
    for processes in (1, 2):
        settings.INGEST_PROCESSES = processes
        project = project_get_or_create(name=f"in {processes}")
        summary = files_ingest(project=project, paths=[folder], origin_for=lambda p: p.name)
        outcomes[processes] = (summary.rejected, len(summary.added), _stored(project))
    assert outcomes[1][1] == len(list(SEEDS.iterdir())) > 0
    assert [origin for origin, _reason in outcomes[1][0]] == ["broken.jsonl", "empty.txt"]
    assert outcomes[2] == outcomes[1]
