"""Benchmark: streamed export of 10k and 100k claims, next to the bare database read.

    python bench/export.py                      # a throw-away SQLite file
    DATABASE_URL=postgres://... python bench/export.py
    python bench/export.py --sizes 10000 --formats jsonl,csv

For each size it builds a synthetic project with ``bulk_create`` (articles of 20 claims, each
claim with an attribution chain of one or two hops, a contradiction flag on one claim in
twenty, all verified), then, for each format, runs one child process that

1. runs the real export (``annotations.export.export_chunks``), encoding every piece to UTF-8
   as a response would, and times it;
2. runs the same queries the export runs, chunk by chunk (the claims' rows with the format's
   extra columns, then each chunk's hops, sources, attributions and flags), building no
   record and rendering nothing: the time the database and driver alone take (best of two,
   so on a warm cache). ``export/DB`` is how many times that the whole export takes.

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


def measure(project_name: str, fmt_name: str) -> dict:
    """Child process: the export (time, memory added), then the bare read of its rows."""
    from annotations.export import export_chunks, export_context, export_format
    from annotations.selectors import claims_for_export

    queryset = claims_for_export(user=None, params={"status": "all", "project": project_name})
    fmt = export_format(fmt_name)
    # The export runs first, on the colder cache, so that the resident set it adds is not
    # hidden by the bare read's; the bare read is then timed warm (best of two).
    context = export_context(base_url="http://localhost:8000/", export_url="bench")
    baseline = _rss_mb()
    started = time.perf_counter()
    written = 0
    for piece in export_chunks(queryset, fmt=fmt, context=context):
        written += len(piece.encode())
    seconds = time.perf_counter() - started
    peak_added = _rss_mb() - baseline
    db_seconds = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        claims = _bare_read(queryset, fmt=fmt)
        db_seconds = min(db_seconds, time.perf_counter() - started)
    return {
        "claims": claims,
        "format": fmt_name,
        "export_seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds),
        "megabytes_written": round(written / 1e6, 1),
        "peak_memory_mb": round(peak_added, 1),
        "process_peak_rss_mb": round(_rss_mb(), 1),
        "db_read_seconds": round(db_seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="jsonl,webannotation")
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

    from provenance.models import Project

    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    rows = []
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
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        if not args.keep:
            Project.objects.filter(name=project_name).delete()

    header = (
        f"{'claims':>8} {'format':<14} {'export s':>9} {'claims/s':>9} {'MB out':>7} "
        f"{'peak MB':>8} {'DB read s':>10} {'export/DB':>10}"
    )
    print(f"database: {engine}")
    print(
        "export s: the whole export, rendered and encoded; DB read s: its queries alone, "
        "same rows, nothing built (best of two)"
    )
    print(header)
    for row in rows:
        print(
            f"{row['claims']:>8} {row['format']:<14} {row['export_seconds']:>9.2f} "
            f"{row['claims_per_second']:>9} {row['megabytes_written']:>7} "
            f"{row['peak_memory_mb']:>8} {row['db_read_seconds']:>10.2f} "
            f"{row['export_seconds'] / max(row['db_read_seconds'], 1e-9):>10.1f}"
        )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("export", []).append(
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
