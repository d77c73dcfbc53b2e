"""The site's main navigation: each person sees only the pages their roles let them open.

The checks are the ones the pages make themselves (``provenance.permissions``), so a link shown
always opens; tests/test_ui_navigation.py follows every link shown to every role.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from provenance.permissions import projects_allowing, sources_readable


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


def main_nav_links(*, user: AbstractBaseUser) -> list[NavLink]:
    def link(label: str, name: str) -> NavLink:
        return NavLink(label, reverse(name))

    reviews = projects_allowing(user=user, action="review").exists()
    adjudicates = projects_allowing(user=user, action="adjudicate").exists()
    return [
        link("Projects", "project-list"),
        *([link("Review queue", "review-queue")] if reviews else []),
        *([link("Adjudication", "adjudication-list")] if adjudicates else []),
        link("Recent actions", "recent-actions"),
        *([link("Sources", "source-list")] if sources_readable(user=user) else []),
        link("Exports", "export-list"),
        link("API", "api-docs"),
        link("API token", "api-token"),
        link("Password", "password_change"),
    ]
