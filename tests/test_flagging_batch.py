"""Flagging gives exactly the flags and groups it gave before it was batched, and its query count
for one article does not grow with the corpus.

The golden file ``tests/data/flagging_golden.json`` was written by the per-claim flagging of
commit e82c7aa (before candidates and preparation were batched per article), with
``FLAGGING_GOLDEN_WRITE=1``. Any change to the detectors changes it on purpose; rewrite it then,
and read the diff.
"""

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.corpus import CorpusGenerator
from provenance import tasks
from provenance.models import Claim, CorroborationGroup, Flag, GroupMember
from provenance.services import flagging

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "flagging_golden.json"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Rescan chunks that cut across articles, as ``rescan_chunk_run`` hands them to claims_flag.
CHUNK = 37


def _corpus(ingest) -> None:
    """Synthetic versions of a dozen stories that disagree on figures and deny each other, the
    seeds, and the composed multi-source articles: numbers, denials that point back, conflicts
    within one article, relayed copies."""
    generator = CorpusGenerator(seed=7)
    for article in generator.articles(36):
        ingest(article["body"], title=article["title"], publisher=article["publisher"])
    for path in [*sorted(SEEDS.iterdir()), *sorted((DATA / "flagging").iterdir())]:
        ingest(path.read_text(encoding="utf-8"), origin=path.name)


def _claim(claim: Claim) -> list:
    return [claim.article.origin, claim.article.title, claim.start, claim.text]


def _record() -> dict:
    flags = sorted(
        [*_claim(f.claim_a), *_claim(f.claim_b), f.kind, f.score, f.explanation]
        for f in Flag.objects.select_related("claim_a__article", "claim_b__article")
    )
    groups: dict[int, list] = {}
    for member in GroupMember.objects.select_related("claim__article"):
        groups.setdefault(member.group_id, []).append([*_claim(member.claim), member.score])
    return {"flags": flags, "groups": sorted(sorted(g) for g in groups.values())}


def _rescan() -> None:
    """Flag everything again from nothing, in chunks of claims of several articles."""
    Flag.objects.all().delete()
    CorroborationGroup.objects.all().delete()
    ids = list(Claim.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        flagging.claims_flag(claim_ids=ids[start : start + CHUNK])


def _dumps(found: dict) -> str:
    """One flag or group a line, so that a changed detection reads as a small diff."""
    lines = ["{"]
    for p, (phase, record) in enumerate(found.items()):
        lines.append(f"{json.dumps(phase)}: {{")
        for f, (field, rows) in enumerate(record.items()):
            lines.append(f"{json.dumps(field)}: [")
            lines += [json.dumps(row, ensure_ascii=False) + "," for row in rows]
            lines[-1] = lines[-1].rstrip(",")
            lines.append("]" + ("," if f < len(record) - 1 else ""))
        lines.append("}" + ("," if p < len(found) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


def test_flags_and_groups_are_the_golden_ones(ingest, users):
    _corpus(ingest)
    found = {"ingest": _record()}
    _rescan()
    found["rescan"] = _record()
    if os.environ.get("FLAGGING_GOLDEN_WRITE") == "1":
        GOLDEN.write_text(_dumps(found))
    golden = json.loads(GOLDEN.read_text())
    assert found["ingest"]["flags"], "the corpus must raise flags"
    assert found["ingest"]["groups"], "the corpus must group claims"
    for phase in ("ingest", "rescan"):
        assert found[phase]["flags"] == _scores_approx(golden[phase]["flags"], at=-2), phase
        groups = [_scores_approx(group, at=-1) for group in golden[phase]["groups"]]
        assert found[phase]["groups"] == groups, phase


def _scores_approx(rows: list[list], *, at: int) -> list[list]:
    """The rows with their score (at index ``at``) compared to within 1e-4: a score from
    sentence embeddings differs in its sixth decimal from one CPU's kernels to another's."""
    fixed = []
    for row in rows:
        row = list(row)
        row[at] = pytest.approx(row[at], abs=1e-4)
        fixed.append(row)
    return fixed


def _flag_queries(ingest, generator: CorpusGenerator, version: int) -> int:
    from unittest import mock

    with mock.patch.object(tasks.flag_article, "delay"):
        article = generator.article(0, version)
        stored = ingest(article["body"], title=article["title"], publisher=article["publisher"])
    with CaptureQueriesContext(connection) as captured:
        flagging.article_flag(article_id=stored.pk)
    return len(captured.captured_queries)


def test_flagging_one_article_takes_as_many_queries_whatever_the_corpus(ingest, users):
    """The same story's new versions have more candidates and more matching keys as the corpus
    grows; the round trips of flagging one must stay within a fixed bound."""
    generator = CorpusGenerator(seed=11)
    for version in range(2):
        article = generator.article(0, version)
        ingest(article["body"], title=article["title"], publisher=article["publisher"])
    small = _flag_queries(ingest, generator, 50)
    for version in range(2, 14):
        article = generator.article(0, version)
        ingest(article["body"], title=article["title"], publisher=article["publisher"])
    large = _flag_queries(ingest, generator, 51)
    assert large <= small + 2, (small, large)


def _partition() -> set[frozenset]:
    groups: dict[int, set] = {}
    for claim_id, group_id in GroupMember.objects.values_list("claim_id", "group_id"):
        groups.setdefault(group_id, set()).add(claim_id)
    return {frozenset(g) for g in groups.values()}


def test_pairs_joined_in_one_go_merge_groups_as_one_by_one(ingest, users, project):
    from provenance.services.corroboration import claims_group_pairs

    ingest("".join(f"Line {n} of the report was read out, a clerk said.\n" for n in range(6)))
    a, b, c, d, e, f = Claim.objects.order_by("id").values_list("id", flat=True)
    claims_group_pairs(project_id=project.pk, pairs=[(a, b, 0.9)])
    # A new group, a newcomer to a stored group, and a merge of a stored and a new group.
    claims_group_pairs(project_id=project.pk, pairs=[(c, d, 0.8), (b, e, 0.7), (d, a, 0.6)])
    assert _partition() == {frozenset({a, b, c, d, e})}
    assert CorroborationGroup.objects.count() == 1
    scores = dict(GroupMember.objects.values_list("claim_id", "score"))
    assert scores == {a: 0.9, b: 0.9, c: 0.8, d: 0.8, e: 0.7}
    claims_group_pairs(project_id=project.pk, pairs=[(d, a, 0.6), (f, e, 0.5)])
    claims_group_pairs(project_id=project.pk, pairs=[(d, a, 0.6), (f, e, 0.5)])
    assert _partition() == {frozenset({a, b, c, d, e, f})}
    assert GroupMember.objects.get(claim_id=f).score == 0.5


def test_a_join_never_puts_two_claims_that_stand_apart_in_one_group(ingest, users, project):
    from provenance.services.corroboration import claims_group_pairs

    ingest("".join(f"Line {n} of the report was read out, a clerk said.\n" for n in range(6)))
    a, b, c, d, e, f = Claim.objects.order_by("id").values_list("id", flat=True)
    asked: list[set[int]] = []

    def apart(ids):
        asked.append(set(ids))
        return lambda one, other: {one, other} in ({a, c}, {a, f})

    claims_group_pairs(project_id=project.pk, pairs=[(a, b, 0.9), (d, e, 0.8)], apart=apart)
    # c matches b, but stands apart from a, b's partner: it stays out, and so does the merge
    # of {a, b} and {c, d, e} that its pair with d would make.
    claims_group_pairs(
        project_id=project.pk, pairs=[(b, c, 0.7), (c, d, 0.6), (e, f, 0.5)], apart=apart
    )
    assert _partition() == {frozenset({a, b}), frozenset({c, d, e, f})}
    assert asked[-1] == {a, b, c, d, e, f}  # the pairs' claims and their groups' members
    # Nor do two stored groups merge when a member of one stands apart from one of the other.
    claims_group_pairs(project_id=project.pk, pairs=[(b, d, 0.4)], apart=apart)
    assert _partition() == {frozenset({a, b}), frozenset({c, d, e, f})}
