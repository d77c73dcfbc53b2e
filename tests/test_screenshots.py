"""The screenshot script (docs/screenshots/take.py) visits pages that exist, as users that
``demo_setup`` creates, and the README shows every picture it takes: a renamed URL or user fails
here rather than in the script."""

import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import resolve

from provenance.management.commands.demo_setup import DEMO_USERS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "screenshots" / "take.py"


def _take():
    spec = importlib.util.spec_from_file_location("take_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shots():
    return _take().shots(project_id=1, article_id=2, claim_id=3, flag_id=4)


def test_every_page_the_script_visits_resolves_to_the_view_it_means():
    """By the view function, not the URL name: the API's router has names like the pages'
    ("flag-detail"), so a renamed page would otherwise pass here pointing at the API."""
    views = {shot.name: resolve(urlsplit(shot.path).path)._func_path for shot in _shots()}
    assert views == {
        "reader": "provenance.views.article_detail",
        "reader-phone": "provenance.views.article_detail",
        "queue": "annotations.views.review_queue",
        "triage": "annotations.views_triage.flag_detail",
        "claims-search": "provenance.views.project_claims",
        "dashboard": "annotations.views.review_dashboard",
        "graph": "provenance.views_graph.project_graph",
    }


def test_the_script_logs_in_as_demo_users_only():
    demo_users = {username for username, _role in DEMO_USERS}
    assert {shot.user for shot in _shots()} <= demo_users


def test_the_readme_shows_every_screenshot_and_each_is_committed():
    readme = (ROOT / "README.md").read_text()
    for shot in _shots():
        picture = f"docs/screenshots/{shot.name}.png"
        assert f"]({picture})" in readme, picture
        assert (ROOT / picture).is_file(), picture
