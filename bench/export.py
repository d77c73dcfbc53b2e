"""Benchmark: streamed export of 10k and 100k claims, next to baselines on the same rows.

    python bench/export.py                      # a throw-away SQLite file
    DATABASE_URL=postgres://... python bench/export.py
    python bench/export.py --sizes 10000 --formats jsonl,csv --no-http

For each size it builds a synthetic project with ``bulk_create`` (articles of 20 claims, each
claim with an attribution chain of one or two hops, a contradiction flag on one claim in
twenty, all verified), then, for each format, runs one child process that

1. runs the real export (``annotations.export.export_chunks``), encoding every piece to UTF-8
   as a response would, and times it (best of two; the memory is measured over both);
2. runs the same queries the export runs, chunk by chunk, building no record and rendering
   nothing ("ORM": the export's own queries alone);
3. for JSON Lines, the baselines of ``bench/export_sql.py``: a plain read of the same rows and
   columns by raw SQL through the driver ("psycopg"), and on PostgreSQL, PostgreSQL building
   the same records itself, streamed by COPY ("PG JSON"), which is then compared with the
   export record by record, field by field, for every claim: a difference is printed and
   the benchmark exits 1.

Every baseline is timed best of two, on a warm cache; ``x`` is how many times the baseline's
time the export takes. Then the parent fetches the JSON Lines export from gunicorn on
loopback (one sync worker, started by the benchmark; ``--no-http`` skips it) as a client
would, best of two, and checks that it sent every byte. ``HTTP/PG`` is that time over
PostgreSQL's JSON: issue 14 asks for at most 3.

Peak memory is how far the export raised the child's peak resident set (Linux VmHWM) above
its peak before the export: what streaming added, which should not grow with the claims.
A table is printed and the run appended to ``bench/results.json`` under ``"export"``.
The synthetic projects are deleted at the end (``--keep`` leaves them).
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
CLAIMS_PER_ARTICLE = 20
SENTENCES = [
    "The dam displaced {n} villagers, two officials at the meeting told Reuters.",
    "The ministry denied that any villages were flooded, according to state television.",
    "Satellite images show {n} villages under water, the rights group said.",
    "Water levels rose by {n} centimetres overnight, the weather service said.",
    "Aid agencies said {n} families had received tents and food.",
]


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _rss_mb() -> float:
    """The process's peak resident set in MB.

    Linux's VmHWM starts afresh with the child's program; ``ru_maxrss`` would carry over the
    parent's peak (it survives exec), hiding the export's own.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def build_project(size: int) -> str:
    """A project of ``size`` verified claims, written with bulk_create in batches."""
    from django.db import connection, transaction

    from provenance.models import (
        Article,
        Attribution,
        AttributionHop,
        Claim,
        Flag,
        Project,
        Source,
    )
    from provenance.services.attributions import claims_speaker_refresh

    name = f"bench-export-{size}"
    Project.objects.filter(name=name).delete()
    project = Project.objects.create(name=name)
    sources = {}
    for source_name, kind in [
        ("Bench Wire", "wire_agency"),
        ("Bench Ministry", "government"),
        ("Bench Rights Group", "ngo"),
        ("Bench Officials", "anonymous"),
    ]:
        sources[kind], _ = Source.objects.get_or_create(
            normalized_name=source_name.lower(), defaults={"name": source_name, "kind": kind}
        )
    articles_needed = size // CLAIMS_PER_ARTICLE
    with transaction.atomic():
        for first in range(0, articles_needed, 500):
            batch = range(first, min(first + 500, articles_needed))
            articles, spans = [], []
            for a in batch:
                parts, offsets, cursor = [], [], 0
                for c in range(CLAIMS_PER_ARTICLE):
                    sentence = SENTENCES[c % len(SENTENCES)].format(n=a * 31 + c)
                    offsets.append((cursor, cursor + len(sentence), sentence))
                    parts.append(sentence)
                    cursor += len(sentence) + 1
                articles.append(
                    Article(
                        project=project,
                        title=f"Flood report {a}",
                        body=" ".join(parts),
                        origin=f"bench/{a}.txt",
                        publisher=sources["wire_agency"],
                        url=f"https://example.org/flood/{a}",
                        published=dt.date(2024, 1, 1) + dt.timedelta(days=a % 365),
                        content_hash=f"{name}-{a}",
                    )
                )
                spans.append(offsets)
            Article.objects.bulk_create(articles)
            claims = [
                Claim(
                    article=article,
                    project=project,
                    start=s,
                    end=e,
                    text=t,
                    status="verified",
                    verdict="supported",
                    confidence=0.9,
                )
                for article, offsets in zip(articles, spans, strict=True)
                for s, e, t in offsets
            ]
            Claim.objects.bulk_create(claims, batch_size=2000)
            attributions = [
                Attribution(
                    claim=claim,
                    origin="extracted",
                    status="suggested",
                    cue="told",
                    confidence=0.7,
                    signature=f"s{claim.pk}",
                )
                for claim in claims
            ]
            Attribution.objects.bulk_create(attributions, batch_size=2000)
            hops = []
            for i, attribution in enumerate(attributions):
                hops.append(
                    AttributionHop(
                        attribution=attribution,
                        position=0,
                        role="speaker",
                        source=sources["anonymous" if i % 2 else "government"],
                    )
                )
                if i % 2:
                    hops.append(
                        AttributionHop(
                            attribution=attribution,
                            position=1,
                            role="relay",
                            source=sources["wire_agency"],
                        )
                    )
            AttributionHop.objects.bulk_create(hops, batch_size=2000)
            claims_speaker_refresh(claim_ids=[claim.pk for claim in claims])
            flags = [
                Flag(
                    project=project,
                    claim_a=claims[i],
                    claim_b=claims[i + 1],
                    kind="numeric",
                    score=0.9,
                    explanation="Numbers cannot both be true.",
                )
                for i in range(0, len(claims) - 1, 20)
            ]
            Flag.objects.bulk_create(flags, batch_size=2000)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would soon give them (bench/grow.py does the same):
        # without them the planner takes the project for a few rows and plans the export's
        # chunk queries as a walk of all of its claims.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return name


def _bare_read(queryset, *, fmt) -> int:
    """The export's own queries, chunk by chunk (``claim_row_chunks`` and
    ``RecordReader.read``), with no record built and nothing rendered: what the database and
    the driver alone cost. Returns the number of claims read."""
    from annotations.export import claim_row_chunks
    from provenance.records import RecordReader

    claims, reader = 0, RecordReader()
    for rows in claim_row_chunks(queryset, fmt=fmt):
        reader.read(rows=rows)
        claims += len(rows)
    return claims


def _best_of_two(run) -> tuple[float, object]:
    """The shorter of two timed runs of ``run()`` (warm cache), and what the last returned."""
    best, result = float("inf"), None
    for _ in range(2):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _export_bytes(queryset, *, fmt, context) -> int:
    """The real export, encoded to UTF-8 as a response would be; returns the bytes written."""
    from annotations.export import export_chunks

    return sum(len(piece.encode()) for piece in export_chunks(queryset, fmt=fmt, context=context))


def _postgres_check(queryset, *, fmt, context) -> dict:
    """PostgreSQL's JSON timed (best of two), then compared record by record, field by field,
    with every record of the export. PostgreSQL's lines are written to a file first: the
    export and a COPY cannot stream through one connection at the same time."""
    from annotations.export import export_chunks
    from bench.export_sql import lines, postgres_json, records_check

    seconds, _ = _best_of_two(lambda: sum(len(data) for data in postgres_json(queryset)))
    with tempfile.TemporaryFile() as built:
        for data in postgres_json(queryset):
            built.write(data)
        built.seek(0)
        compared, difference = records_check(
            lines(export_chunks(queryset, fmt=fmt, context=context)),
            (line.decode() for line in built),
        )
    return {
        "postgres_json_seconds": round(seconds, 3),
        "records_compared": compared,
        "records_difference": difference,
    }


def measure(project_name: str, fmt_name: str) -> dict:
    """Child process: the export (time, memory added), then its baselines on the same rows."""
    from django.db import connection

    from annotations.export import export_context, export_format
    from annotations.selectors import claims_for_export
    from bench.export_sql import plain_read

    queryset = claims_for_export(user=None, params={"status": "all", "project": project_name})
    fmt = export_format(fmt_name)
    # The export runs first, on the colder cache, so that the resident set it adds is not
    # hidden by the baselines'; it runs twice like them and its better time counts.
    context = export_context(base_url="http://localhost:8000/", export_url="bench")
    baseline = _rss_mb()
    seconds, written = _best_of_two(lambda: _export_bytes(queryset, fmt=fmt, context=context))
    peak_added = _rss_mb() - baseline
    db_seconds, claims = _best_of_two(lambda: _bare_read(queryset, fmt=fmt))
    row = {
        "claims": claims,
        "format": fmt_name,
        "export_seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds),
        "megabytes_written": round(written / 1e6, 1),
        "bytes_written": written,
        "peak_memory_mb": round(peak_added, 1),
        "process_peak_rss_mb": round(_rss_mb(), 1),
        "db_read_seconds": round(db_seconds, 3),
    }
    if fmt_name == "jsonl":  # the baselines read and build JSON Lines records
        plain_seconds, plain_claims = _best_of_two(lambda: plain_read(queryset))
        assert plain_claims == claims, (plain_claims, claims)
        row["plain_read_seconds"] = round(plain_seconds, 3)
        if connection.vendor == "postgresql":
            row.update(_postgres_check(queryset, fmt=fmt, context=context))
    return row


def _http_seconds(*, port: int, token: str, project_name: str, expected_bytes: int) -> float:
    """The JSON Lines export through gunicorn on loopback, read as a client would (best of
    two). Raises if the body is not the in-process export's, byte count for byte count (a
    response cut off at the worker timeout would still be a 200)."""
    import http.client
    from urllib.parse import urlencode

    from bench.load import HOST

    query = urlencode({"format": "jsonl", "status": "all", "project": project_name})

    def fetch() -> int:
        connection = http.client.HTTPConnection(HOST, port, timeout=300)
        try:
            headers = {"Authorization": f"Token {token}"}
            connection.request("GET", f"/api/v1/export/claims/?{query}", headers=headers)
            response = connection.getresponse()
            if response.status != 200:
                raise RuntimeError(f"HTTP export answered {response.status}: {response.read()!r}")
            received = 0
            while data := response.read(64 * 1024):
                received += len(data)
            return received
        finally:
            connection.close()

    seconds, received = _best_of_two(fetch)
    if received != expected_bytes:
        raise RuntimeError(f"HTTP export sent {received} bytes, the export writes {expected_bytes}")
    return seconds


def _exporter_token(project_name: str) -> str:
    """An API token of a member of the project (every member may export)."""
    from rest_framework.authtoken.models import Token

    from provenance.models import Project
    from provenance.services.members import member_set_role, user_get_or_create

    user, _ = user_get_or_create(username="bench-exporter")
    member_set_role(project=Project.objects.get(name=project_name), user=user, role="reviewer")
    return Token.objects.get_or_create(user=user)[0].key


def _ratio(row: dict, baseline: str, measured: str = "export_seconds") -> str:
    if baseline not in row or measured not in row:
        return "-"
    return f"{row[measured] / max(row[baseline], 1e-9):.1f}"


def _seconds(row: dict, key: str) -> str:
    return f"{row[key]:.2f}" if key in row else "-"


def print_table(*, engine: str, rows: list[dict]) -> None:
    print(f"database: {engine}")
    print(
        "export s: the whole export, rendered and encoded, in-process; each baseline on the "
        "same claims, best of two warm:\n"
        "  ORM: the export's own queries, nothing built; psycopg: a plain read of the same "
        "rows and columns by raw SQL;\n"
        "  PG JSON: PostgreSQL building the same records (json_build_object), streamed by "
        "COPY; HTTP: the export through gunicorn.\n"
        "  x: export s over the baseline's; HTTP/PG: HTTP s over PG JSON s (issue 14 asks <= 3)"
    )
    print(
        f"{'claims':>8} {'format':<14} {'export s':>9} {'claims/s':>9} {'MB out':>7} "
        f"{'peak MB':>8} {'ORM s':>7} {'x':>5} {'psycopg s':>10} {'x':>5} {'PG JSON s':>10} "
        f"{'x':>5} {'HTTP s':>7} {'HTTP/PG':>8}"
    )
    for row in rows:
        print(
            f"{row['claims']:>8} {row['format']:<14} {row['export_seconds']:>9.2f} "
            f"{row['claims_per_second']:>9} {row['megabytes_written']:>7} "
            f"{row['peak_memory_mb']:>8} {_seconds(row, 'db_read_seconds'):>7} "
            f"{_ratio(row, 'db_read_seconds'):>5} {_seconds(row, 'plain_read_seconds'):>10} "
            f"{_ratio(row, 'plain_read_seconds'):>5} {_seconds(row, 'postgres_json_seconds'):>10} "
            f"{_ratio(row, 'postgres_json_seconds'):>5} {_seconds(row, 'http_seconds'):>7} "
            f"{_ratio(row, 'postgres_json_seconds', 'http_seconds'):>8}"
        )
    if engine != "postgresql":
        print("PG JSON: not available on this database (PostgreSQL builds the records itself)")
    for row in rows:
        if "records_compared" in row and not row["records_difference"]:
            print(
                f"{row['claims']} claims: PostgreSQL's records equal the export's, "
                f"{row['records_compared']} of {row['claims']} compared field by field"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="jsonl,webannotation")
    parser.add_argument("--no-http", action="store_true", help="skip the export over HTTP")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic projects")
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="bench-export-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    _setup_django()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return

    from django.conf import settings
    from django.core.management import call_command

    from bench.load import free_port, gunicorn_start, wait_up
    from provenance.models import Project

    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    server = port = None
    if not args.no_http:
        port = free_port()
        log = Path(tempfile.mkdtemp(prefix="bench-export-")) / "gunicorn.log"
        server = gunicorn_start(port, 1, log)  # one request at a time: one worker
    rows = []
    try:
        if server is not None:
            wait_up(port, server)
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            project_name = build_project(size)
            print(f"built {size} claims in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            for fmt in args.formats.split(","):
                child = subprocess.run(
                    [sys.executable, __file__, "--child", project_name, fmt],
                    env=os.environ,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(child.stdout.strip().splitlines()[-1])
                if server is not None and fmt == "jsonl":
                    row["http_seconds"] = round(
                        _http_seconds(
                            port=port,
                            token=_exporter_token(project_name),
                            project_name=project_name,
                            expected_bytes=round(row.pop("bytes_written")),
                        ),
                        3,
                    )
                row.pop("bytes_written", None)
                rows.append(row)
            if not args.keep:
                Project.objects.filter(name=project_name).delete()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    print_table(engine=engine, rows=rows)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("export", []).append(
        {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": engine,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "load_average": os.getloadavg(),
            "rows": rows,
        }
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    wrong = [row for row in rows if row.get("records_difference")]
    for row in wrong:
        print(
            f"{row['claims']} claims: PostgreSQL's records differ from the export's at "
            f"{row['records_difference']}",
            file=sys.stderr,
        )
    if wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
