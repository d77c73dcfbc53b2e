"""Background work that never reached a worker, found in the database and sent again.

Every piece of background work leaves a mark until it is done: an article's ``flagged_at`` is
empty until flagging finishes, a re-scan chunk's ``done_at`` until its claims are flagged.
When the broker was down at enqueue time, or lost its queue on a restart, the mark is still
there; this sends those tasks again. The tasks are idempotent, so sending one twice is safe.
"""

import datetime as dt

from django.utils import timezone

from provenance.models import Article, RescanChunk

# Per sweep, so that a long outage is caught up over a few sweeps instead of one burst.
BATCH = 1000


def pending_work_enqueue(*, older_than: dt.timedelta) -> int:
    """Enqueue flagging of unflagged articles and unfinished re-scan chunks created more than
    ``older_than`` ago (younger ones are most likely still in the queue). Returns the count."""
    from provenance.tasks import flag_article, rescan_chunk

    cutoff = timezone.now() - older_than
    articles = Article.objects.filter(flagged_at__isnull=True, created_at__lte=cutoff)
    chunks = RescanChunk.objects.filter(done_at__isnull=True, rescan__created_at__lte=cutoff)
    article_ids = list(articles.order_by("pk").values_list("pk", flat=True)[:BATCH])
    chunk_ids = list(chunks.order_by("pk").values_list("pk", flat=True)[:BATCH])
    for article_id in article_ids:
        flag_article.delay(article_id)
    for chunk_id in chunk_ids:
        rescan_chunk.delay(chunk_id)
    return len(article_ids) + len(chunk_ids)
