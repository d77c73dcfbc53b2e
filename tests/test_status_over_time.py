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


def test_status_changes_are_counted_from_their_columns_not_the_snapshots(
    ingest, project, users, api_client_for
):
    """Each claim record that changes a status names both statuses in columns of its own
    (``status_from``, ``status_to``); the chart sums those, never reading the JSON snapshots
    or the action's wording."""
    from provenance.models import ChangeAction, ChangeRecord
    from tests.review_support import post_review

    claims = list(ingest(BODY).claims.order_by("start"))
    for reviewer in ("reviewer", "reviewer2"):
        response = post_review(api_client_for(users[reviewer]), claims[0], "supported", 0.8)
        assert response.status_code == 201, response.json()
    claim_split(
        claim=claims[1], at=claims[1].start + 19, version=claims[1].version, user=users["annotator"]
    )
    moves = ChangeRecord.objects.exclude(status_to="").order_by("id")
    assert [(r.action, r.status_from, r.status_to) for r in moves] == [
        (ChangeAction.REVIEW_IN_REVIEW, "unreviewed", "in_review"),
        (ChangeAction.REVIEW_VERIFIED, "in_review", "verified"),
    ]
    expected = _real_counts(project)
    assert _today_counts(project) == expected == {"unreviewed": 4, "verified": 1}
    ChangeRecord.objects.filter(object_type="claim").update(before=None, after=None)
    assert _today_counts(project) == expected


def test_an_action_outside_the_enumeration_is_refused(project):
    from django.db import IntegrityError

    from provenance.models import ChangeRecord

    with pytest.raises(IntegrityError):
        ChangeRecord.objects.create(
            project=project, object_type="claim", object_id=1, action="review_maybe"
        )
