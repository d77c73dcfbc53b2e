"""A light run of ``bench/article_page.py``: a long synthetic article renders in Chromium and
a click on a claim shows its panel. Timings are printed, never asserted (the benchmark is where
figures come from)."""

import pytest

from bench.article_page import browser_timings, synthetic_body
from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_article_renders_and_answers_clicks(log_in, live_server, project, users, desk):
    article = article_ingest(
        project=project,
        raw=RawArticle(body=synthetic_body(claims=150, chars=15_000), title="Long synthetic"),
        origin="bench:synthetic",
    ).article
    page = log_in(users["reviewer"])
    timings = browser_timings(page, live_server.url, article, clicks=5)
    assert page.locator("#article-body mark.claim").count() == article.claims.count() >= 150
    assert timings["clicks"] == 5
    screenshot(page, "reader-long-article")
    print(f"\n{article.claims.count()} claims, {len(article.body)} characters: {timings}")
