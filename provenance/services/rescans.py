"""Full re-flagging of a project, in chunks that any number of workers can share."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from provenance.models import ChangeAction, Claim, Project, Rescan, RescanChunk
from provenance.permissions import require
from provenance.services.flagging import CLAIMS_PER_TASK, claims_flag
from provenance.services.history import change_record

CHUNK_SIZE = CLAIMS_PER_TASK


def rescan_start(*, project: Project, user: AbstractBaseUser | None = None) -> Rescan:
    """Cut the project's claims into id ranges and enqueue one task per range after commit;
    the start is audited. ``user``: an editor of the project, or ``None`` for the command
    line."""
    if user is not None:
        require(user=user, project=project, action="manage")
    ids = list(
        Claim.objects.filter(article__project=project).order_by("id").values_list("id", flat=True)
    )
    ranges = [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]
    with transaction.atomic():
        rescan = Rescan.objects.create(
            project=project,
            total_chunks=len(ranges),
            created_by=user,
            finished_at=timezone.now() if not ranges else None,
        )
        chunks = RescanChunk.objects.bulk_create(
            RescanChunk(
                rescan=rescan, position=position, first_claim_id=ids[0], last_claim_id=ids[-1]
            )
            for position, ids in enumerate(ranges)
        )
        chunk_ids = [chunk.pk for chunk in chunks]
        change_record(
            project=project,
            object_type="rescan",
            object_id=rescan.pk,
            action=ChangeAction.START,
            actor=user,
            after={"claims": len(ids), "chunks": len(ranges)},
        )
        transaction.on_commit(lambda: _enqueue(chunk_ids))
    return rescan


def _enqueue(chunk_ids: list[int]) -> None:
    from provenance.tasks import rescan_chunk

    for chunk_id in chunk_ids:
        rescan_chunk.delay(chunk_id)


def rescan_chunk_run(*, chunk_id: int) -> int:
    """Flag one chunk's claims; returns new flags.

    Safe to run twice: flagging is idempotent, and the chunk is counted done by a conditional
    update (``done_at IS NULL``), so a redelivered task never counts it twice.
    """
    chunk = RescanChunk.objects.select_related("rescan").filter(pk=chunk_id).first()
    if chunk is None or chunk.done_at is not None:
        return 0
    claim_ids = list(
        Claim.objects.filter(
            article__project_id=chunk.rescan.project_id,
            id__gte=chunk.first_claim_id,
            id__lte=chunk.last_claim_id,
        ).values_list("id", flat=True)
    )
    created = claims_flag(claim_ids=claim_ids)
    with transaction.atomic():
        if RescanChunk.objects.filter(pk=chunk_id, done_at=None).update(done_at=timezone.now()):
            Rescan.objects.filter(pk=chunk.rescan_id).update(done_chunks=F("done_chunks") + 1)
            Rescan.objects.filter(
                pk=chunk.rescan_id, done_chunks=F("total_chunks"), finished_at=None
            ).update(finished_at=timezone.now())
    return created
