"""Benchmark: the article reader on the longest seed and on a synthetic article of 50,000
characters and 500 claims.

    python bench/article_page.py                      # a throw-away SQLite file
    DATABASE_URL=postgres://... python bench/article_page.py
    python bench/article_page.py --repeat 30 --clicks 20

Both articles go in through the real ingest service (claims, attributions, flags). Then:

1. Server: the article page and one claim panel rendered through Django's test client, the
   median of ``--repeat`` runs (no network, no browser: the view, queries and template).
2. Browser: Debian's Chromium (Playwright) loads the page from a local server in a thread and
   reports its own navigation timing (time to first byte, DOM content loaded, load event),
   then clicks ``--clicks`` claims, timing each from the click to the claim panel shown
   (measured in the page with ``performance.now()``: request, htmx swap and layout).

A table is printed and the run appended to ``bench/results.json`` under ``"article_page"``.
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
CHROMIUM = "/usr/bin/chromium"
SPEAKERS = [
    ("the interior ministry", "told Reuters"),
    ("a spokesman for the regional council", "said"),
    ("two diplomats at the meeting", "told AFP"),
    ("the rights group", "said in a statement"),
    ("state television", "reported"),
]
FACTS = [
    "the flood displaced {n} villagers in the lower valley",
    "the dam's spillway released {n} cubic metres of water overnight",
    "{n} families had received tents, food and clean water",
    "the new bridge would cost {n} million dollars to complete",
    "inspectors found cracks in {n} of the concrete pillars",
]

# Runs in the page: click claim ``id`` and resolve with the milliseconds until its panel shows.
CLICK_TO_PANEL_JS = """(id) => new Promise((resolve) => {
    const panel = document.getElementById('claim-panel');
    const started = performance.now();
    const observer = new MutationObserver(() => {
        if (panel.querySelector('[data-claim-panel="' + id + '"]')) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - started));
        }
    });
    observer.observe(panel, {childList: true, subtree: true});
    document.getElementById('claim-' + id).click();
})"""

NAVIGATION_JS = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {ttfb: nav.responseStart - nav.requestStart,
            dom_content_loaded: nav.domContentLoadedEventEnd - nav.startTime,
            load: nav.loadEventEnd - nav.startTime};
}"""


def synthetic_body(*, claims: int = 500, chars: int = 50_000) -> str:
    """Wire-style prose of ``claims`` one-clause sentences, lengthened to at least ``chars``
    characters by dating sentences ("in week 12") rather than by adding any."""
    sentences = []
    for i in range(claims):
        speaker, cue = SPEAKERS[i % len(SPEAKERS)]
        fact = FACTS[(i // len(SPEAKERS)) % len(FACTS)].format(n=(i * 37) % 9000 + 100)
        sentences.append(f"{speaker.capitalize()} {cue} that {fact}")
    length = sum(len(sentence) + 2 for sentence in sentences)
    for i, sentence in enumerate(sentences):
        if length < chars:
            sentences[i] = f"{sentence} in week {i % 52 + 1}"
            length += len(sentences[i]) - len(sentence)
    paragraphs = [". ".join(sentences[i : i + 5]) + "." for i in range(0, len(sentences), 5)]
    return "Valley flood: the figures so far\n\n" + "\n\n".join(paragraphs) + "\n"


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, main thread
    import django

    django.setup()


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def server_timings(client, article, *, repeat: int) -> dict:
    """Median render times of the page and of one claim panel through the test client."""
    url = f"/articles/{article.pk}/"
    html = client.get(url).content
    claim = article.claims.order_by("start")[len(html) % max(article.claims.count(), 1)]
    return {
        "html_kb": round(len(html) / 1024, 1),
        "server_page_ms": round(_median_ms(lambda: client.get(url), repeat), 1),
        "server_panel_ms": round(
            _median_ms(lambda: client.get(f"/claims/{claim.pk}/panel/"), repeat), 1
        ),
    }


def browser_timings(page, base_url: str, article, *, clicks: int) -> dict:
    """Navigation timing of the page and click-to-panel times, measured by Chromium itself."""
    page.goto(f"{base_url}/articles/{article.pk}/")
    navigation = page.evaluate(NAVIGATION_JS)
    ids = list(article.claims.order_by("start").values_list("pk", flat=True))
    step = max(1, len(ids) // max(clicks, 1))
    chosen = ids[::step][:clicks]
    panel = [page.evaluate(CLICK_TO_PANEL_JS, claim_id) for claim_id in chosen]
    return {
        "browser_ttfb_ms": round(navigation["ttfb"], 1),
        "browser_dom_ready_ms": round(navigation["dom_content_loaded"], 1),
        "browser_load_ms": round(navigation["load"], 1),
        "click_to_panel_median_ms": round(statistics.median(panel), 1),
        "click_to_panel_max_ms": round(max(panel), 1),
        "clicks": len(panel),
    }


class _Server:
    """The app on a local port, in a thread, like runserver without autoreload or logging."""

    def __enter__(self) -> str:
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args) -> None:
                pass

        self.server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
        self.server.set_app(get_wsgi_application())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def build_articles():
    from provenance.models import Project
    from provenance.services.ingest import article_ingest, files_ingest
    from provenance.text.types import RawArticle

    project = Project.objects.create(name=f"bench-article-page-{time.time_ns()}")
    seed = max((ROOT / "seeds").glob("*.txt"), key=lambda path: path.stat().st_size)
    longest = files_ingest(
        project=project, paths=[seed], origin_for=lambda p: f"seeds/{p.name}"
    ).added[0]
    synthetic = article_ingest(
        project=project,
        raw=RawArticle(body=synthetic_body(), title="Synthetic: 50k characters"),
        origin="bench:synthetic",
    ).article
    return project, [(f"seed {seed.name}", longest), ("synthetic 50k", synthetic)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="server renders per figure")
    parser.add_argument("--clicks", type=int, default=15, help="claims clicked per article")
    args = parser.parse_args()
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="bench-article-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    _setup_django()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from provenance.services.members import member_set_role

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    project, articles = build_articles()
    editor = get_user_model().objects.create_user(f"bench-editor-{project.pk}")
    member_set_role(project=project, user=editor, role="editor")
    client = Client()
    client.force_login(editor)

    rows = []
    with _Server() as base_url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            headless=True,
        )
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        host = base_url.split("//")[1].split(":")[0]
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}]
        )
        page = context.new_page()
        page.goto(f"{base_url}/")  # warm up: static files cached, connections open
        for name, article in articles:
            row = {
                "article": name,
                "characters": len(article.body),
                "claims": article.claims.count(),
                **server_timings(client, article, repeat=args.repeat),
                **browser_timings(page, base_url, article, clicks=args.clicks),
            }
            rows.append(row)
        chromium.close()
    # Audit records protect their project (history is never lost), so the bench's project is
    # not deleted: a scratch database goes as a whole, a named one keeps the project.
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        print(f"left project {project.name!r} (id {project.pk}) in the named database")

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; server figures are medians of {args.repeat} renders")
    print(
        f"{'article':<26} {'chars':>7} {'claims':>6} {'HTML KB':>8} {'page ms':>8} "
        f"{'panel ms':>9} {'TTFB ms':>8} {'DOM ms':>7} {'load ms':>8} {'click→panel ms':>15}"
    )
    for row in rows:
        print(
            f"{row['article']:<26} {row['characters']:>7} {row['claims']:>6} "
            f"{row['html_kb']:>8} {row['server_page_ms']:>8} {row['server_panel_ms']:>9} "
            f"{row['browser_ttfb_ms']:>8} {row['browser_dom_ready_ms']:>7} "
            f"{row['browser_load_ms']:>8} "
            f"{row['click_to_panel_median_ms']:>7} (max {row['click_to_panel_max_ms']})"
        )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("article_page", []).append(
        {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": engine,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "rows": rows,
        }
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
