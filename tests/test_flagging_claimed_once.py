"""Background flagging is claimed once: a task that finds its article flagged at its current
version, or held by another worker, returns at once; the catch-up sends what was committed and
is not flagged yet; a huge article is flagged in chunks that take turns with other projects."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from provenance import tasks
from provenance.models import Article, Claim, Flag
from provenance.services import catchup, flagging
from provenance.services.claims import claim_split

pytestmark = pytest.mark.django_db

GOVERNMENT = "The ministry said the flood displaced 40,000 villagers in the delta on Monday.\n"
AID = "Aid agencies said the flood displaced no more than 5,000 villagers in the delta.\n"


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The article ids whose flagging task is sent, in order, as a broker's queue holds them;
    nothing runs until the test takes them."""
    queue: list[int] = []
    monkeypatch.setattr(tasks.flag_article, "delay", queue.append)
    return queue


@pytest.fixture
def flagged_runs(monkeypatch) -> list[tuple[int, int]]:
    """Each call of the flagging of claims, as (article id, number of claims)."""
    runs: list[tuple[int, int]] = []
    original = flagging.claims_flag

    def spy(*, claim_ids):
        articles = set(Claim.objects.filter(pk__in=claim_ids).values_list("article_id", flat=True))
        runs.extend((article_id, len(claim_ids)) for article_id in articles)
        return original(claim_ids=claim_ids)

    monkeypatch.setattr(flagging, "claims_flag", spy)
    return runs


def _run_as_a_worker(queue: list[int]) -> list[int]:
    """Take the queue's tasks in order, one at a time, as one worker does; returns the order."""
    done = []
    while queue:
        article_id = queue.pop(0)
        tasks.flag_article.run(article_id)
        done.append(article_id)
    return done


def test_an_article_flagged_at_its_version_returns_at_once(ingest, users, flagged_runs):
    ingest(GOVERNMENT, publisher="State TV")
    second = ingest(AID, publisher="AFP")
    assert Flag.objects.exists() and len(flagged_runs) == 2
    with CaptureQueriesContext(connection) as queries:
        assert flagging.article_flag(article_id=second.pk) == 0
    assert len(flagged_runs) == 2, "flagged again"
    assert len(queries.captured_queries) == 1  # the conditional update that found nothing


def test_a_claim_held_by_another_worker_is_left_until_it_runs_out(
    ingest, users, sent, flagged_runs
):
    article = ingest(GOVERNMENT, publisher="State TV")
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(flag_claimed_until=now + dt.timedelta(minutes=1))
    assert _run_as_a_worker(sent) == [article.pk]
    assert flagged_runs == []
    assert Article.objects.get(pk=article.pk).flagged_at is None
    # The holder was killed: once its claim has run out, the work is taken over.
    Article.objects.filter(pk=article.pk).update(flag_claimed_until=now - dt.timedelta(seconds=1))
    flagging.article_flag(article_id=article.pk)
    assert flagged_runs == [(article.pk, 1)]
    article.refresh_from_db()
    assert article.flagged_version == article.version and article.flag_claimed_until is None


def test_changed_claims_are_flagged_again_at_their_new_version(ingest, users, flagged_runs):
    article = ingest(GOVERNMENT + AID, publisher="State TV")
    claim = article.claims.order_by("start").first()
    at = claim.start + claim.text.index(" in the delta")
    claim_split(claim=claim, at=at, version=claim.version, user=users["annotator"])
    article.refresh_from_db()
    assert article.version == 2
    assert article.flagged_version == 1
    flagging.article_flag(article_id=article.pk)
    article.refresh_from_db()
    assert article.flagged_version == 2
    assert flagged_runs == [(article.pk, 2), (article.pk, 3)]


def test_the_catch_up_leaves_a_just_committed_article_to_its_queued_task(
    ingest, users, sent, flagged_runs
):
    article = ingest(GOVERNMENT, publisher="State TV")
    assert sent == [article.pk]  # sent once its transaction committed
    # A long ingest: the row was created long before the transaction committed.
    Article.objects.filter(pk=article.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert catchup.pending_work_enqueue(older_than=dt.timedelta(minutes=2)) == 0
    assert sent == [article.pk]
    # Its task was lost (the broker restarted): once it is old enough, it is sent again.
    assert catchup.pending_work_enqueue(older_than=dt.timedelta(0)) == 1
    assert sent == [article.pk, article.pk]
    assert _run_as_a_worker(sent) == [article.pk, article.pk]
    assert flagged_runs == [(article.pk, 1)]  # the second copy found it done
    assert catchup.pending_work_enqueue(older_than=dt.timedelta(0)) == 0


def test_the_catch_up_sends_an_article_flagged_before_its_claims_changed(
    ingest, users, sent, flagged_runs
):
    article = ingest(GOVERNMENT + AID, publisher="State TV")
    _run_as_a_worker(sent)
    claim = article.claims.order_by("start").first()
    at = claim.start + claim.text.index(" in the delta")
    claim_split(claim=claim, at=at, version=claim.version, user=users["annotator"])
    sent.clear()  # the split's task never reached a worker
    assert Article.objects.get(pk=article.pk).flagged_at is not None
    assert catchup.pending_work_enqueue(older_than=dt.timedelta(0)) == 1
    assert sent == [article.pk]
    _run_as_a_worker(sent)
    article.refresh_from_db()
    assert article.flagged_version == article.version == 2


def test_a_huge_article_takes_turns_with_other_projects(
    ingest, users, other_project, sent, flagged_runs, monkeypatch
):
    monkeypatch.setattr(flagging, "CLAIMS_PER_TASK", 10, raising=False)
    ingest(GOVERNMENT, publisher="State TV")
    _run_as_a_worker(sent)
    flagged_runs.clear()
    huge = ingest(
        "".join(
            f"Aid agencies said the flood displaced {number * 100 + 7:,} villagers in the delta.\n"
            for number in range(1, 36)
        ),
        publisher="AFP",
    )
    small = ingest(AID, publisher="AFP", target=other_project, origin="other.txt")
    assert sent == [huge.pk, small.pk]
    assert _run_as_a_worker(sent) == [huge.pk, small.pk, huge.pk, huge.pk, huge.pk]
    # The other project's article waited for one chunk of the huge one, not for all of it.
    assert flagged_runs == [
        (huge.pk, 10),
        (small.pk, 1),
        (huge.pk, 10),
        (huge.pk, 10),
        (huge.pk, 5),
    ]
    huge.refresh_from_db()
    assert huge.flagged_version == huge.version and huge.flag_cursor == 0
    # In chunks, nothing was missed: flagging it whole again finds no new flag.
    assert Flag.objects.filter(claim_b__article=huge).count() == 35
    assert flagging.claims_flag(claim_ids=list(huge.claims.values_list("pk", flat=True))) == 0


def test_a_failed_chunk_gives_its_claim_back_for_the_retry(ingest, users, sent, monkeypatch):
    article = ingest(GOVERNMENT, publisher="State TV")
    original = flagging.claims_flag

    def fail(*, claim_ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(flagging, "claims_flag", fail)
    with pytest.raises(RuntimeError):
        flagging.article_flag(article_id=article.pk, chunks=1)
    article.refresh_from_db()
    assert article.flag_claimed_until is None and article.flagged_at is None
    monkeypatch.setattr(flagging, "claims_flag", original)
    flagging.article_flag(article_id=article.pk, chunks=1)  # the retry
    article.refresh_from_db()
    assert article.flagged_version == article.version


def test_articles_flagged_in_one_pass_are_each_claimed_once(ingest, users, sent, flagged_runs):
    """The in-process batch (``articles_flag``, what a command-line ingest sends) flags the
    articles it can claim in one pass and marks each flagged; one held by another worker is
    left to it, and a second pass does nothing."""
    first = ingest(GOVERNMENT, publisher="State TV")
    held = ingest("Officials said the bridge reopened on Tuesday.\n", publisher="Reuters")
    second = ingest(AID, publisher="AFP")
    assert not flagged_runs  # sent to the queue, not run
    soon = timezone.now() + dt.timedelta(hours=1)
    Article.objects.filter(pk=held.pk).update(flag_claimed_until=soon)

    created = flagging.articles_flag(article_ids=[first.pk, held.pk, second.pk])

    assert created == Flag.objects.count() > 0
    assert {article for article, _claims in flagged_runs} == {first.pk, second.pk}
    assert len({claims for _article, claims in flagged_runs}) == 1  # one run for both
    states = dict(Article.objects.values_list("pk", "flagged_version"))
    versions = dict(Article.objects.values_list("pk", "version"))
    assert states[first.pk] == versions[first.pk] and states[second.pk] == versions[second.pk]
    assert states[held.pk] < versions[held.pk]
    assert Article.objects.get(pk=held.pk).flag_claimed_until == soon

    flagged_runs.clear()
    assert flagging.articles_flag(article_ids=[first.pk, held.pk, second.pk]) == 0
    assert not flagged_runs


def test_several_articles_are_sent_in_groups_of_bounded_claims(ingest, users, monkeypatch):
    """Several new articles go as tasks of a few articles each, none over ``CLAIMS_PER_TASK``
    claims unless one article alone is; a single article goes as ``flag_article``."""
    singles: list[int] = []
    groups: list[list[int]] = []
    monkeypatch.setattr(tasks.flag_article, "delay", singles.append)
    monkeypatch.setattr(tasks.flag_articles, "delay", groups.append)
    long = ingest(GOVERNMENT + AID + "Officials said the bridge reopened on Tuesday.\n")
    short = [ingest(f"Officials said {n + 2} roads reopened on Tuesday.\n") for n in range(4)]
    singles.clear()
    monkeypatch.setattr(flagging, "CLAIMS_PER_TASK", 2)

    flagging.articles_flag_enqueue(article_ids=[long.pk, *(a.pk for a in short)])

    assert singles == [long.pk]  # three claims: alone, as one article's task
    assert groups == [[short[0].pk, short[1].pk], [short[2].pk, short[3].pk]]
