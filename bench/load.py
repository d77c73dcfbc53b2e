"""Reviewers under load: queue next and a review, against gunicorn on loopback.

A closed loop of ``reviewers`` threads, each with its own API token: take the next claim
(``POST /api/v1/queue/next/``), review it (``POST /api/v1/claims/{id}/reviews/``), again,
until ``seconds`` have passed or ``max_requests`` were sent. Then the same number of threads
call ``GET /healthz/`` (one ``SELECT 1``) for the same time: the server's floor under the same
concurrency.

A thread pool of ``http.client`` connections stands in for Locust: a fixed number of users in
a closed loop is all this measures, and it needs no extra dependency nor gevent's patching.

Double leases are counted from what clients saw: two reviewers holding one claim at once
(the second got it before the first had even sent its review). The database is checked too:
no claim may have more reviews than the project requires.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count
from rest_framework.authtoken.models import Token

from annotations.models import Review
from provenance.models import Claim, Project
from provenance.services.members import member_set_role, user_get_or_create

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


@dataclass
class Lease:
    claim: int
    reviewer: int
    taken: float  # when the lease answer arrived
    released: float  # when the review was sent


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    leases: list[Lease] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def add(self, name: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)
            key = f"{name} {status}"
            self.statuses[key] = self.statuses.get(key, 0) + 1
            self.sent += 1


def load_users(*, project: Project, count: int) -> list[str]:
    """``count`` reviewers of ``project``, each with an API token."""
    tokens = []
    for number in range(count):
        user, _ = user_get_or_create(username=f"bench-reviewer-{number}")
        member_set_role(project=project, user=user, role="reviewer")
        token, _ = Token.objects.get_or_create(user=user)
        tokens.append(token.key)
    return tokens


def _request(port: int, method: str, path: str, token: str | None, body: dict | None):
    """(status, payload, seconds); status 0 when the server did not answer within 30 s."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    started = time.perf_counter()
    try:
        connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = connection.getresponse()
        status, payload = response.status, response.read()
    except (TimeoutError, ConnectionError):
        status, payload = 0, b""
    finally:
        connection.close()
    return status, payload, time.perf_counter() - started


def _reviewer(port, number, token, project_name, deadline, max_requests, tally):
    while time.perf_counter() < deadline and tally.sent < max_requests:
        status, payload, seconds = _request(
            port, "POST", "/api/v1/queue/next/", token, {"project": project_name}
        )
        tally.add("queue next", seconds, status)
        if status == 204:
            return  # nothing left to review
        if status != 200:
            continue
        answer = json.loads(payload)
        taken = time.perf_counter()
        claim = answer["claim"]
        review = {"verdict": "supported", "confidence": 0.8, "version": claim["version"]}
        released = time.perf_counter()
        status, _, seconds = _request(
            port, "POST", f"/api/v1/claims/{claim['id']}/reviews/", token, review
        )
        tally.add("review", seconds, status)
        with tally.lock:
            tally.leases.append(Lease(claim["id"], number, taken, released))


def _trivial(port, deadline, max_requests, tally):
    while time.perf_counter() < deadline and tally.sent < max_requests:
        status, _, seconds = _request(port, "GET", "/healthz/", None, None)
        tally.add("healthz", seconds, status)


def _run_threads(target, args_for, count: int) -> None:
    threads = [threading.Thread(target=target, args=args_for(i), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def double_leases(leases: list[Lease]) -> int:
    """Pairs of reviewers whose holds on one claim certainly overlapped."""
    by_claim: dict[int, list[Lease]] = {}
    for lease in leases:
        by_claim.setdefault(lease.claim, []).append(lease)
    overlaps = 0
    for held in by_claim.values():
        for i, first in enumerate(held):
            overlaps += sum(
                1
                for second in held[i + 1 :]
                if second.reviewer != first.reviewer
                and second.taken < first.released
                and first.taken < second.released
            )
    return overlaps


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)
    return {
        "count": len(values),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        # The load is twenty users on one machine, not abuse: lift the per-token rate limit.
        "API_RATE_TOKEN": "1000000/minute",
        "API_RATE_ANON": "1000000/minute",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        if _request(port, "GET", "/healthz/", None, None)[0] == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f}s")


def measure_load(
    *,
    project: Project,
    reviewers: int,
    seconds: float,
    max_requests: int,
    workers: int,
    log: Path,
) -> dict:
    tokens = load_users(project=project, count=reviewers)
    port = _free_port()
    server = _gunicorn(port, workers, log)
    try:
        _wait_up(port, server)
        review_tally = Tally()
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        _run_threads(
            _reviewer,
            lambda i: (port, i, tokens[i], project.name, deadline, max_requests, review_tally),
            reviewers,
        )
        review_seconds = time.perf_counter() - started
        trivial_tally = Tally()
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        _run_threads(_trivial, lambda i: (port, deadline, max_requests, trivial_tally), reviewers)
        trivial_seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    over_reviewed = (
        Claim.objects.filter(article__project=project)
        .annotate(n=Count("reviews"))
        .filter(n__gt=project.reviews_required)
        .count()
    )
    return {
        "reviewers": reviewers,
        "gunicorn_workers": workers,
        "seconds": round(review_seconds, 1),
        "queue_next": _percentiles(review_tally.latencies.get("queue next", [])),
        "review": _percentiles(review_tally.latencies.get("review", [])),
        "healthz": _percentiles(trivial_tally.latencies.get("healthz", [])),
        "reviews_per_second": round(
            len(review_tally.latencies.get("review", [])) / review_seconds, 1
        ),
        "healthz_per_second": round(
            len(trivial_tally.latencies.get("healthz", [])) / trivial_seconds, 1
        ),
        "statuses": {**review_tally.statuses, **trivial_tally.statuses},
        "double_leases": double_leases(review_tally.leases),
        "claims_over_reviewed": over_reviewed,
        "reviews_saved": Review.objects.filter(claim__article__project=project).count(),
    }
