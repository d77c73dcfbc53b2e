"""Take the README's screenshots from a fresh `make run`: ``make screenshots``.

The desk is built the way ``make run`` builds it, by the Makefile's own ``demo`` target
(migrate, load the sources, ingest ``seeds/`` through the pipeline, create the demo users), on a
throw-away SQLite file with no broker configured; it is then served by ``runserver`` on a free
port. Chromium (Debian's, through Playwright, as ``tests/browser`` drives it) logs in as the
demo user of each page's role and saves one PNG per page next to this file. The server is
stopped and the database removed at the end, whatever happens.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP, PHONE = 1280, 375
HEIGHT = 800
# The claims page searched and filtered: governments' claims that name China, by speaker.
CLAIMS_SEARCH = {"q": "China", "source_kind": "government", "ordering": "speaker"}


@dataclass(frozen=True)
class Shot:
    name: str  # the PNG's file name, without .png
    user: str  # the demo user (see demo_setup) who looks at the page
    path: str
    width: int = DESKTOP
    click: str | None = None  # a selector to click before the picture, if any


def shots(*, project_id: int, article_id: int, claim_id: int, flag_id: int) -> list[Shot]:
    """The pages to take, with the ids of the fresh desk's seeds."""
    from django.urls import reverse

    reader = reverse("article-detail", args=[article_id])
    claim = f"#claim-{claim_id}"
    return [
        Shot("reader", "reviewer", reader, click=claim),
        Shot("reader-phone", "reviewer", reader, width=PHONE),
        Shot("queue", "reviewer", reverse("review-queue")),
        Shot("triage", "reviewer", reverse("flag-detail", args=[flag_id])),
        Shot(
            "claims-search",
            "reviewer",
            f"{reverse('project-claims', args=[project_id])}?{urlencode(CLAIMS_SEARCH)}",
        ),
        Shot("dashboard", "editor", reverse("review-dashboard", args=[project_id])),
        Shot("graph", "editor", reverse("project-graph", args=[project_id])),
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_desk(env: dict) -> dict[str, str]:
    """Run the Makefile's ``demo`` target; return each demo user's fresh password."""
    make = subprocess.run(
        ["make", "--no-print-directory", "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(re.findall(r"user: (\S+)\s+password: (\S+)", make.stdout))


def seed_ids() -> dict[str, int]:
    """The ids the pages need, read from the fresh desk: its project, the article with the
    most claims (and its first claim), and the first open flag in triage order."""
    from django.db.models import Count

    from provenance.models import Article, Flag, FlagStatus, Project
    from provenance.selectors import FLAG_TRIAGE_ORDER

    project = Project.objects.get(name="default")
    article = (
        Article.objects.filter(project=project)
        .annotate(n=Count("claims"))
        .order_by("-n", "pk")
        .first()
    )
    flag = (
        Flag.objects.filter(project=project, status=FlagStatus.OPEN)
        .order_by(*FLAG_TRIAGE_ORDER)
        .first()
    )
    if article is None or flag is None:
        raise SystemExit("the seeds gave no article or no open flag: nothing to show")
    return {
        "project_id": project.pk,
        "article_id": article.pk,
        "claim_id": article.claims.order_by("start").first().pk,
        "flag_id": flag.pk,
    }


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def take(base_url: str, pages: list[Shot], passwords: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for shot in pages:
            context = browser.new_context(
                base_url=base_url,
                viewport={"width": shot.width, "height": HEIGHT},
                is_mobile=shot.width == PHONE,
                has_touch=shot.width == PHONE,
            )
            page = context.new_page()
            page.goto("/login/")
            page.fill("#id_username", shot.user)
            page.fill("#id_password", passwords[shot.user])
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r".*/$"))
            page.goto(shot.path, wait_until="networkidle")
            if shot.click:
                page.click(shot.click)
                page.wait_for_load_state("networkidle")
                page.locator(shot.click).scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / f"{shot.name}.png"))
            print(f"  {shot.name}.png  ({shot.user}, {shot.width} px)  {shot.path}")
            context.close()
        browser.close()


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="claimdesk-shots-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}"}
    env.pop("CELERY_BROKER_URL", None)  # as on a fresh laptop: the pipeline runs in-process
    server = None
    try:
        passwords = build_desk(env)
        os.environ.update(DATABASE_URL=env["DATABASE_URL"])
        os.environ.pop("CELERY_BROKER_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        pages = shots(**seed_ids())
        port = free_port()
        server = serve(env, port)
        take(f"http://127.0.0.1:{port}", pages, passwords)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
