"""Every URL in the URLconf, for every role and the anonymous user.

The walk is over the resolver, so a new page or endpoint is checked the day it is added: its
path parameters are filled with real ids of this project's objects and of another project's.
What must hold everywhere:

- no 500, whoever asks;
- the anonymous user is sent to the login page (pages) or gets 401/403 (API);
- nobody sees another project's objects: its ids give 403/404, and no answer carries its
  text;
- writes that need a higher role are refused (an explicit table: an empty POST cannot tell a
  refusal from a validation error).

A new path parameter name makes the walk fail with a message asking for its value here.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from provenance.services.sources import source_resolve

pytestmark = pytest.mark.django_db

# Words that appear only in each project's articles and in a source of its own (sources, like
# articles, are seen only inside their project).
OWN_MARKER = "Quellmoor"
OTHER_MARKER = "Brakenfold"
ROLES = ("anonymous", "outsider", "annotator", "reviewer", "editor")

# Paths that are not guarded by project membership, and what anyone may get from them.
PUBLIC = {
    "healthz/": {"GET": {200}, "POST": {200, 405}},
    "login/": {"GET": {200}, "POST": {200}},
    "logout/": {"GET": {405}, "POST": {302}},
    # The API's shape, with no data in it.
    "api/v1/schema/": {"GET": {200}, "POST": {401, 403, 405}},
    "api/v1/docs/": {"GET": {200}, "POST": {401, 403, 405}},
    # Unknown API paths answer a JSON 404 to everyone.
    "api/v1/<path:rest>": {"GET": {404}, "POST": {404}},
}
# The Django admin is for staff only and guarded by the admin site itself.
SKIPPED_PREFIXES = ("admin/",)

_ROUTE_PARAM = re.compile(r"(?<!\?P)<(?:\w+:)?(\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_ROUTER_PK = re.compile(r"\^?([\w-]+)/\(\?P<pk>")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def url_templates() -> list[str]:
    """Every path of the URLconf, as a template; format-suffix duplicates left out."""
    templates = []
    for template, _pattern in _walk(get_resolver().url_patterns):
        if template.startswith(SKIPPED_PREFIXES) or "format" in template:
            continue
        templates.append(template)
    return templates


def _fill(template: str, ids: dict[str, int]) -> str:
    """A concrete path: parameters replaced by ids, regex syntax removed."""

    def value(name: str, resource: str | None = None) -> str:
        if name == "rest":
            return "nothing-here/"
        key = f"{resource}:pk" if name == "pk" else name
        if key not in ids:
            pytest.fail(f"{template}: no test value for parameter {key!r}; add one to _world()")
        return str(ids[key])

    path = _ROUTE_PARAM.sub(lambda m: value(m.group(1)), template)
    router = _ROUTER_PK.search(path)
    resource = router.group(1) if router else None
    path = _REGEX_PARAM.sub(lambda m: value(m.group(1), resource), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


def _world(project, other_project, users, ingest):
    """Objects of every kind in both projects, made through the real services."""
    from annotations.models import ExportJob, Review
    from annotations.services.bulk import claims_confirm_suggested
    from annotations.services.queue import queue_next
    from provenance.models import Attribution, ChangeRecord, Flag, Membership
    from provenance.services.corroboration import claims_group
    from provenance.services.rescans import rescan_start

    def fill(target, marker, holder):
        first = ingest(
            f"Floods covered the {marker} valley and displaced 40,000 villagers, officials "
            "said on Monday.\nThe water rose two metres in the night.",
            target=target,
            origin=f"{marker}-a.txt",
            publisher="Reuters",
        )
        second = ingest(
            f"Floods covered the {marker} valley and displaced no more than 3,000 villagers, "
            "the ministry said.\nThe water rose two metres in the night.",
            target=target,
            origin=f"{marker}-b.txt",
            publisher="Xinhua",
        )
        claim = first.claims.order_by("start").first()
        twin = second.claims.order_by("-start").first()
        _dispute(second.claims.order_by("start").first(), target, marker)
        claims_group(a=first.claims.order_by("-start").first(), b=twin, score=0.9)
        flag = Flag.objects.filter(project=target).first()
        assert flag is not None, "the two articles should contradict each other"
        rescan = rescan_start(project=target, user=None)  # as the command line starts one
        lease = queue_next(user=holder, projects=[target])
        job = ExportJob.objects.create(user=holder, format="jsonl")  # an export, not yet run
        ingest_job = _ingest_job(target, marker)
        # A source of the project's own, its name carrying the marker: no one outside sees it.
        local = source_resolve(project=target, name=f"{marker} Courier", kind="news_media")
        # A bulk action of the holder's, for undoing it whole.
        claim.refresh_from_db()
        bulk = claims_confirm_suggested(selection={claim.pk: claim.version}, user=holder)
        assert bulk.batch is not None, "the claim should have a suggested chain to confirm"
        return {
            "batch": bulk.batch,
            "job_id": job.pk,
            "project_id": target.pk,
            "article_id": first.pk,
            "claim_id": claim.pk,
            "attribution_id": Attribution.objects.filter(claim__article__project=target).first().pk,
            "flag_id": flag.pk,
            "group_id": twin.group_member.group_id,
            "rescan_id": rescan.pk,
            "lease_id": lease.pk,
            # A review of the dispute: someone else's change, for undo.
            "change_id": ChangeRecord.objects.filter(project=target, object_type="review")[0].pk,
            # One of the dispute's reviews: someone else's, to revise.
            "review_id": Review.objects.filter(claim__article__project=target).first().pk,
            "projects:pk": target.pk,
            "articles:pk": first.pk,
            "claims:pk": claim.pk,
            "flags:pk": flag.pk,
            "groups:pk": twin.group_member.group_id,
            "rescans:pk": rescan.pk,
            "ingest_job_id": ingest_job.pk,
            "ingest-jobs:pk": ingest_job.pk,
            "members:pk": Membership.objects.filter(project=target).first().pk,
            "sources:pk": local.pk,
            "source_id": local.pk,
        }

    return {
        "own": fill(project, OWN_MARKER, users["reviewer"]),
        "other": fill(other_project, OTHER_MARKER, users["outsider"]),
    }


def _ingest_job(project, marker):
    """A command-line ingest job of the project, its chunk not yet stored: a rejected file's
    reason carries the marker."""
    import tempfile
    from pathlib import Path

    from provenance.services.ingest_jobs import ingest_job_create

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{marker}.txt").write_text(f"The {marker} dam held, officials said.\n")
        (Path(folder) / f"{marker}-empty.txt").write_text("")
        return ingest_job_create(project=project, paths=[Path(folder)])


def _dispute(claim, project, marker) -> None:
    """Two reviewers of the project disagree on ``claim``: it waits for an editor."""
    from annotations.services.reviews import review_submit
    from provenance.services.members import member_set_role, user_get_or_create

    for number, verdict in enumerate(("supported", "refuted")):
        user, _ = user_get_or_create(username=f"{marker.lower()}-reviewer-{number}")
        member_set_role(project=project, user=user, role="reviewer")
        claim.refresh_from_db()
        review_submit(
            claim=claim, user=user, verdict=verdict, confidence=0.6, version=claim.version
        )
    claim.refresh_from_db()
    assert claim.status == "disputed"


@pytest.fixture
def world(project, other_project, users, ingest):
    return _world(project, other_project, users, ingest)


def _client(role: str, users) -> Client:
    client = APIClient()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _request(role, users, method, path):
    client = _client(role, users)
    if method == "GET":
        return client.get(path)
    return client.post(path, {}, format="json")


def _check_common(role, template, method, path, response):
    where = f"{role} {method} {path}"
    assert response.status_code != 500, where
    if template in PUBLIC:
        assert response.status_code in PUBLIC[template][method], where
        return False
    return True


def test_the_walk_finds_the_pages_and_endpoints():
    templates = url_templates()
    assert len(templates) > 40
    for expected in ("queue/", "api/v1/queue/next/", "projects/<int:project_id>/"):
        assert expected in templates


def test_anonymous_is_sent_to_login_or_refused(users, world):
    for template in url_templates():
        path = _fill(template, world["own"])
        assert resolve(path.split("?")[0]) is not None
        for method in ("GET", "POST"):
            response = _request("anonymous", users, method, path)
            if not _check_common("anonymous", template, method, path, response):
                continue
            where = f"anonymous {method} {path}"
            if _is_api(path):
                assert response.status_code in (401, 403), where
            elif response.status_code != 405:
                assert response.status_code == 302, where
                assert response["Location"].startswith("/login/"), where


@pytest.mark.parametrize("role", ["outsider", "annotator", "reviewer", "editor"])
def test_nobody_sees_another_projects_objects(role, users, world):
    """Members of the project get the other project's ids; the outsider gets this one's."""
    foreign, marker = (
        (world["own"], OWN_MARKER) if role == "outsider" else (world["other"], OTHER_MARKER)
    )
    for template in url_templates():
        path = _fill(template, foreign)
        has_ids = "<" in template and template not in PUBLIC
        for method in ("GET", "POST"):
            response = _request(role, users, method, path)
            where = f"{role} {method} {path}"
            if _check_common(role, template, method, path, response) and has_ids:
                assert response.status_code in (302, 400, 403, 404, 405), where
                if response.status_code == 302:  # a page's refusal, back to a page of theirs
                    assert not response["Location"].startswith(path), where
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert marker.encode() not in body, f"{where} shows the other project's text"


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor"])
def test_members_reach_their_own_objects_without_errors(role, users, world):
    for template in url_templates():
        path = _fill(template, world["own"])
        for method in ("GET", "POST"):
            response = _request(role, users, method, path)
            _check_common(role, template, method, path, response)


# (least role, method, path template, payload): a role below is refused, that role is not.
WRITES = [
    ("reviewer", "post", "/api/v1/claims/{claim_id}/reviews/", "judgement"),
    ("reviewer", "post", "/claims/{claim_id}/review/", "judgement"),
    ("editor", "post", "/api/v1/claims/{claim_id}/adjudication/", "judgement"),
    ("reviewer", "patch", "/api/v1/flags/{flag_id}/", "flag"),
    ("editor", "post", "/api/v1/projects/{project_id}/rescan/", None),
    ("editor", "post", "/api/v1/members/", "member"),
    ("editor", "post", "/api/v1/projects/", "project"),
    ("editor", "post", "/projects/new/", "project"),
    ("editor", "post", "/api/v1/sources/{source_id}/merge/", "merge"),
    ("editor", "post", "/sources/{source_id}/merge/", "merge"),
    ("annotator", "post", "/api/v1/claims/bulk/confirm-suggested/", "selected_claims"),
    ("editor", "post", "/api/v1/claims/bulk/reject/", "selected_claims"),
    ("reviewer", "post", "/api/v1/flags/bulk/dismiss/", "selected_flags"),
    ("editor", "post", "/projects/{project_id}/claims/bulk/", "ticked_claims"),
    ("reviewer", "post", "/projects/{project_id}/flags/bulk/dismiss/", "ticked_flags"),
    ("editor", "post", "/claims/{claim_id}/not-a-claim/", "claim_version"),
]
RANK = {"annotator": 1, "reviewer": 2, "editor": 3}


def _payload(kind, world_ids):
    from provenance.models import Claim, Flag

    claim = Claim.objects.get(pk=world_ids["claim_id"])
    if kind == "judgement":
        return {"verdict": "supported", "confidence": 0.7, "version": claim.version}
    if kind == "flag":
        flag = Flag.objects.get(pk=world_ids["flag_id"])
        return {"status": "dismissed", "version": flag.version}
    if kind == "member":
        from provenance.services.members import user_get_or_create

        user_get_or_create(username="newcomer")
        return {"project": claim.article.project.name, "username": "newcomer", "role": "reviewer"}
    if kind == "selected_claims":
        return {"claims": [{"id": claim.pk, "version": claim.version}]}
    if kind == "selected_flags":
        flag = Flag.objects.get(pk=world_ids["flag_id"])
        return {"flags": [{"id": flag.pk, "version": flag.version}]}
    if kind == "ticked_claims":
        return {"op": "reject", "claim": claim.pk, f"version-{claim.pk}": claim.version}
    if kind == "ticked_flags":
        flag = Flag.objects.get(pk=world_ids["flag_id"])
        return {"flag": flag.pk, f"version-{flag.pk}": flag.version}
    if kind == "claim_version":
        return {"version": claim.version}
    if kind == "project":
        return {"name": "A new story", "reviews_required": 2}
    if kind == "merge":
        from provenance.models import Source

        keep = Source.objects.get(pk=world_ids["source_id"])
        duplicate = source_resolve(project=keep.project, name="Quayside Gazette")
        return {"duplicate": duplicate.pk, "version": keep.version}
    return {}


@pytest.mark.parametrize(("least", "method", "template", "kind"), WRITES)
def test_writes_need_their_role(least, method, template, kind, users, world):
    path = template.format(**world["own"])
    for role in ("annotator", "reviewer", "editor"):
        client = _client(role, users)
        payload = _payload(kind, world["own"])
        if _is_api(path):
            response = getattr(client, method)(path, payload, format="json")
            done = 200 <= response.status_code < 300
        else:  # a page's form: posted as a form, answered with a redirect
            response = getattr(client, method)(path, payload, format="multipart")
            done = response.status_code == 302
        if RANK[role] < RANK[least]:
            assert response.status_code == 403, f"{role} {method} {path}: {response.content}"
        else:
            assert done, f"{role} {path}: {response.status_code} {response.content}"
            return  # done: the write happened, the higher roles need not repeat it
