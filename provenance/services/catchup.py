"""Background work that never reached a worker, found in the database and sent again.

Every piece of background work leaves a mark until it is done: an article's ``flagged_version``
is below its ``version`` until flagging finishes, a re-scan chunk's ``done_at`` is empty until
its claims are flagged, an ingest chunk is pending until its articles are stored.
When the broker was down at enqueue time, or lost its queue on a restart, the mark is still
there; this sends those tasks again. The tasks are idempotent, so sending one twice is safe.
"""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from provenance.models import Article, RescanChunk
from provenance.services.flagging import articles_flag_enqueue
from provenance.services.ingest_jobs import stalled_chunks_send

# Per sweep, so that a long outage is caught up over a few sweeps instead of one burst.
BATCH = 1000


def pending_work_enqueue(*, older_than: dt.timedelta) -> int:
    """Enqueue the flagging of articles not flagged at their version whose task was never sent
    or was sent more than ``older_than`` ago (younger ones are most likely still in the queue)
    and that no worker holds, the re-scan chunks not done, created more than ``older_than``
    ago, and the pending chunks of ingest jobs quiet for ``older_than``. Returns the count.

    Articles are chosen by what was committed: the mark of a sent task is written after the
    article's transaction commits, not when its row was created, so a long ingest is not sent
    twice the moment it commits.
    """
    from provenance.tasks import rescan_chunk

    now = timezone.now()
    cutoff = now - older_than
    articles = (
        Article.objects.filter(flagged_version__lt=F("version"))
        .filter(Q(flag_sent_at__isnull=True) | Q(flag_sent_at__lte=cutoff))
        .filter(Q(flag_claimed_until__isnull=True) | Q(flag_claimed_until__lte=now))
    )
    chunks = RescanChunk.objects.filter(done_at__isnull=True, rescan__created_at__lte=cutoff)
    article_ids = list(articles.order_by("pk").values_list("pk", flat=True)[:BATCH])
    chunk_ids = list(chunks.order_by("pk").values_list("pk", flat=True)[:BATCH])
    articles_flag_enqueue(article_ids=article_ids)
    for chunk_id in chunk_ids:
        rescan_chunk.delay(chunk_id)
    ingest_chunks = stalled_chunks_send(older_than=older_than, limit=BATCH)
    return len(article_ids) + len(chunk_ids) + ingest_chunks
