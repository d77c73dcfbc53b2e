"""Reviewers under load: queue next and a review, against gunicorn on loopback.

A closed loop of ``reviewers`` threads, each with its own API token: take the next claim
(``POST /api/v1/queue/next/``), read it for ``think`` seconds, review it
(``POST /api/v1/claims/{id}/reviews/``), again, until ``seconds`` have passed or
``max_requests`` were sent. At the same time, on the same server, ``probes`` threads call
``GET /healthz/`` (one ``SELECT 1``): the server's floor under that very load, so the ratio
of the two does not follow whatever else the machine was doing before or after.

A thread pool of ``http.client`` connections stands in for Locust: a fixed number of users in
a closed loop is all this measures, and it needs no extra dependency nor gevent's patching.

Double leases: a reviewer certainly holds a claim from the moment the lease answer arrived
(the server granted it before answering) until the review request is sent (the server ends
the lease while saving the review, which happens after). Two reviewers whose windows on one
claim overlap were both holding it at once. The think time is what makes the windows long
enough for a broken lease to show (``tests/test_bench_load.py`` breaks one on purpose).
Saved reviews are counted in the database, not from the answers; no claim may have more
reviews than the project requires.
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
    released: float  # when the review request started to be sent


@dataclass
class Reply:
    status: int  # 0 when the server did not answer within 30 s
    payload: bytes
    sent: float  # perf_counter when the request started to be sent
    answered: float  # perf_counter when the whole answer had been read

    @property
    def seconds(self) -> float:
        return self.answered - self.sent


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    leases: list[Lease] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def add(self, name: str, reply: Reply) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(reply.seconds)
            key = f"{name} {reply.status}"
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


class Client:
    """One HTTP request at a time to the server on ``port``, each on a fresh connection."""

    def __init__(self, port: int) -> None:
        self.port = port

    def __call__(self, method: str, path: str, token: str | None, body: dict | None) -> Reply:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        sent = time.perf_counter()
        try:
            data = json.dumps(body) if body else None
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            status, payload = response.status, response.read()
        except (TimeoutError, ConnectionError):
            status, payload = 0, b""
        finally:
            connection.close()
        return Reply(status, payload, sent, time.perf_counter())


def reviewer_loop(request, number, token, project_name, deadline, max_requests, tally, think):
    """One reviewer: take, read for ``think`` seconds, review, until the deadline."""
    while time.perf_counter() < deadline and tally.sent < max_requests:
        reply = request("POST", "/api/v1/queue/next/", token, {"project": project_name})
        tally.add("queue next", reply)
        if reply.status == 204:
            return  # nothing left to review
        if reply.status != 200:
            continue
        claim = json.loads(reply.payload)["claim"]
        time.sleep(think)
        review = {"verdict": "supported", "confidence": 0.8, "version": claim["version"]}
        saved = request("POST", f"/api/v1/claims/{claim['id']}/reviews/", token, review)
        tally.add("review", saved)
        with tally.lock:
            tally.leases.append(Lease(claim["id"], number, reply.answered, saved.sent))


def probe_loop(request, deadline, stop: threading.Event, tally):
    """``/healthz/`` in a closed loop until the deadline or until the reviewers are done."""
    while time.perf_counter() < deadline and not stop.is_set():
        tally.add("healthz", request("GET", "/healthz/", None, None))


def _start_threads(target, args_for, count: int) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=args_for(i), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads


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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_start(port: int, workers: int, log: Path) -> subprocess.Popen:
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


def wait_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        if Client(port)("GET", "/healthz/", None, None).status == 200:
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
    think: float = 0.05,
    probes: int = 2,
) -> dict:
    tokens = load_users(project=project, count=reviewers)
    saved_before = Review.objects.filter(claim__article__project=project).count()
    port = free_port()
    server = gunicorn_start(port, workers, log)
    try:
        wait_up(port, server)
        request = Client(port)
        review_tally, probe_tally = Tally(), Tally()
        stop = threading.Event()
        started = time.perf_counter()
        deadline = started + seconds
        reviewing = _start_threads(
            reviewer_loop,
            lambda i: (
                request,
                i,
                tokens[i],
                project.name,
                deadline,
                max_requests,
                review_tally,
                think,
            ),
            reviewers,
        )
        probing = _start_threads(
            probe_loop, lambda i: (request, deadline, stop, probe_tally), probes
        )
        for thread in reviewing:
            thread.join()
        stop.set()  # the floor is measured only while the reviewers load the server
        for thread in probing:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    over_reviewed = (
        Claim.objects.filter(article__project=project)
        .annotate(n=Count("reviews"))
        .filter(n__gt=project.reviews_required)
        .count()
    )
    saved = Review.objects.filter(claim__article__project=project).count() - saved_before
    queue = _percentiles(review_tally.latencies.get("queue next", []))
    review = _percentiles(review_tally.latencies.get("review", []))
    healthz = _percentiles(probe_tally.latencies.get("healthz", []))
    return {
        "reviewers": reviewers,
        "think_seconds": think,
        "healthz_probes": probes,
        "gunicorn_workers": workers,
        "seconds": round(elapsed, 1),
        "queue_next": {**queue, **_ratios(queue, healthz)},
        "review": {**review, **_ratios(review, healthz)},
        "healthz": healthz,
        "reviews_saved": saved,
        "reviews_saved_per_second": round(saved / elapsed, 1),
        "statuses": {**review_tally.statuses, **probe_tally.statuses},
        "double_leases": double_leases(review_tally.leases),
        "claims_over_reviewed": over_reviewed,
    }


def _ratios(figures: dict, floor: dict) -> dict:
    """p50 and p95 as multiples of the same-time floor's."""
    if not figures.get("count") or not floor.get("count"):
        return {}
    return {
        f"{p}_x_healthz": round(figures[f"{p}_ms"] / max(floor[f"{p}_ms"], 0.1), 1)
        for p in ("p50", "p95")
    }
