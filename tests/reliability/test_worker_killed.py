"""A worker killed in the middle of a re-scan: the task comes back to the restarted worker and
the flags end exactly as after an uninterrupted run, with no duplicate."""

import re

import pytest

from provenance.models import Article, Flag, Rescan
from provenance.services.ingest import article_ingest
from provenance.services.rescans import rescan_start
from provenance.text.types import RawArticle
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

STORIES = [
    ("the flood displaced {n} villagers in {place}", [40000, 5000, 12000, 800]),
    ("the storm destroyed {n} homes in {place}", [300, 2500, 90, 1200]),
    ("the outbreak infected {n} people in {place}", [150, 4000, 70, 900]),
]
# Enough places that the re-scan task runs for seconds, so the kill lands in the middle.
PLACES = ["Kessa", "Morvane", "Tullin", "Arben", "Dovra", "Selm"]
RECEIVED = re.compile(r"Task provenance\.tasks\.rescan_chunk\[[^]]+\] received")
PUBLISHERS = ["Reuters", "AFP", "Xinhua", "The Associated Press"]
SPEAKERS = ["Officials said", "Aid agencies said", "The Red Cross said", "The ministry said"]


def _corpus(project) -> None:
    for place in PLACES:
        for story, numbers in STORIES:
            for version, (number, publisher, speaker) in enumerate(
                zip(numbers, PUBLISHERS, SPEAKERS, strict=True)
            ):
                body = (
                    f"{speaker} {story.format(n=f'{number:,}', place=place)} on Monday.\n"
                    f"Local groups said {story.format(n=f'{number * 2:,}', place=place)}.\n"
                    f"Officials in {place} said {number // 10:,} soldiers were sent to help.\n"
                )
                article_ingest(
                    project=project,
                    raw=RawArticle(body=body, publisher=publisher),
                    origin=f"{place}-{story[:12]}-{version}.txt",
                )


def _received(worker) -> int:
    return len(RECEIVED.findall(worker.log()))


def _flags() -> list[tuple]:
    return sorted(Flag.objects.values_list("claim_a_id", "claim_b_id", "kind"))


def test_worker_killed_mid_rescan_leaves_the_same_flags(
    short_visibility, celery_worker_process, project, users
):
    _corpus(project)
    wait_for(
        lambda: not Article.objects.filter(flagged_at__isnull=True).exists(),
        timeout=120,
        what="flagging at ingest",
    )
    Flag.objects.all().delete()
    reference = rescan_start(project=project, user=users["editor"])
    wait_for(
        lambda: Rescan.objects.filter(pk=reference.pk, finished_at__isnull=False).exists(),
        timeout=120,
        what="the uninterrupted re-scan",
    )
    uninterrupted = _flags()
    assert uninterrupted, "the corpus should hold contradictions"
    received_before = _received(celery_worker_process)

    Flag.objects.all().delete()
    rescan = rescan_start(project=project, user=users["editor"])
    wait_for(
        lambda: _received(celery_worker_process) > received_before,
        timeout=60,
        what="the worker to take the re-scan task",
    )
    celery_worker_process.kill()
    rescan.refresh_from_db()
    assert rescan.finished_at is None, "the re-scan finished before the kill; nothing was tested"

    celery_worker_process.start()
    wait_for(
        lambda: Rescan.objects.filter(pk=rescan.pk, finished_at__isnull=False).exists(),
        timeout=150,
        what="the re-scan to finish after the restart\n" + celery_worker_process.log(),
    )
    rescan.refresh_from_db()
    assert rescan.done_chunks == rescan.total_chunks
    assert _flags() == uninterrupted
    assert Flag.objects.count() == len(set(uninterrupted))
    # Taken, killed, then handed again to the restarted worker.
    assert _received(celery_worker_process) >= received_before + 2
