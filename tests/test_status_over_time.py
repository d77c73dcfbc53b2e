"""The status-over-time chart ends each day at the counts the claims really have: a split adds
one claim, a merge of three leaves one, and the days before keep the claims as they were."""

import pytest
from django.utils import timezone

from annotations.dashboard import status_over_time
from provenance.models import Claim
from provenance.services.claims import claim_merge, claim_split

pytestmark = pytest.mark.django_db

BODY = (
    "Floods covered the valley on Monday, officials said.\n"
    "The water rose two metres in the night.\n"
    "Three bridges collapsed, the governor said.\n"
    "Rescue teams reached the town on Tuesday.\n"
)


def _today_counts(project) -> dict[str, int]:
    days, series = status_over_time(project=project)
    assert days[-1] == timezone.now().date()
    return {status: values[-1] for status, values in series.items() if values[-1]}


def _real_counts(project) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Claim.objects.filter(article__project=project).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_split_and_merge_leave_the_chart_at_the_real_counts(ingest, project, users):
    article = ingest(BODY)
    claims = list(article.claims.order_by("start"))
    assert len(claims) == 4 and _today_counts(project) == _real_counts(project) == {"unreviewed": 4}
    first = claims[0]
    claim_split(claim=first, at=first.start + 19, version=first.version, user=users["annotator"])
    assert _today_counts(project) == _real_counts(project) == {"unreviewed": 5}
    rest = list(article.claims.order_by("start"))[2:5]
    claim_merge(claims=rest, versions={c.pk: c.version for c in rest}, user=users["annotator"])
    assert _today_counts(project) == _real_counts(project) == {"unreviewed": 3}
