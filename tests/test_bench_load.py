"""The load benchmark's double-lease check can fail: run with the benchmark's own reviewer loop
against a stand-in server that hands one claim to two reviewers at once, it counts them; against
one that hands a claim on only after its review was sent (a second review, as projects that
require two get), it counts none."""

import itertools
import json
import threading
import time

from bench.load import Reply, Tally, double_leases, reviewer_loop


class StandInServer:
    """Answers the two endpoints the loop calls, from memory."""

    def __init__(self, *, broken: bool) -> None:
        self.broken = broken
        self.lock = threading.Lock()
        self.counter = itertools.count()
        self.returned: list[int] = []  # reviewed once, may go to a second reviewer

    def __call__(self, method, path, token, body) -> Reply:
        sent = time.perf_counter()
        with self.lock:
            if path.endswith("/queue/next/"):
                if self.broken:
                    claim = next(self.counter) // 2  # each claim leased twice, back to back
                elif self.returned:
                    claim = self.returned.pop()
                else:
                    claim = next(self.counter) + 1000
                status, payload = 200, {"claim": {"id": claim, "version": 1}}
            else:
                claim = int(path.split("/")[-3])
                if claim >= 1000 and claim not in self.returned:
                    self.returned.append(claim)
                status, payload = 201, {}
        return Reply(status, json.dumps(payload).encode(), sent, time.perf_counter())


def _run(server: StandInServer) -> Tally:
    tally = Tally()
    deadline = time.perf_counter() + 0.5
    threads = [
        threading.Thread(
            target=reviewer_loop,
            args=(server, number, f"t{number}", "p", deadline, 10_000, tally, 0.02),
        )
        for number in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def test_a_claim_held_by_two_reviewers_at_once_is_counted():
    tally = _run(StandInServer(broken=True))
    assert double_leases(tally.leases) > 0


def test_a_claim_handed_on_after_its_review_is_not_counted():
    tally = _run(StandInServer(broken=False))
    claims = [lease.claim for lease in tally.leases]
    assert len(claims) > len(set(claims)), "some claims went to a second reviewer"
    assert double_leases(tally.leases) == 0
