"""The article page's progress line counts flags in words that agree with the count."""

import datetime as dt

import pytest
from django.template.loader import render_to_string


class _Article:
    flagged_at = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (0, "0 flags touch this article"),
        (1, "1 flag touches this article"),
        (2, "2 flags touch this article"),
    ],
)
def test_the_flag_count_and_its_verb_agree(count, words):
    line = render_to_string(
        "provenance/_article_progress.html", {"article": _Article(), "flag_count": count}
    )
    assert words in line
