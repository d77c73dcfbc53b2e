"""``make bench``: every benchmark on a fresh database, one table, ``bench/results.json``.

    python -m bench.run                                   # embedded default: a scratch SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimdesk python -m bench.run
    DATABASE_URL=... CELERY_BROKER_URL=redis://127.0.0.1:6379/0 python -m bench.run --only ingest
    python -m bench.run --sizes 10000,100000 --load-seconds 10 --only ingest,flagging

On PostgreSQL the runner works in a database of its own, ``<name>_bench`` on the same server,
created fresh and dropped at the end, so it never touches the data of ``DATABASE_URL``.

1. Ingest: synthetic articles (``bench/corpus.py``) through ``article_ingest``, in MB/s of
   article text, next to the sentence segmenter alone on the same text; the command line's
   ``files_ingest`` over the same articles; and, with ``CELERY_BROKER_URL`` set on PostgreSQL,
   ``manage.py ingest`` with two Celery workers (``bench/broker_ingest.py``).
2. Flagging: the corpus is grown to each size from those articles (``bench/grow.py``); at
   each size new articles are ingested and flagged one at a time through ``article_flag``;
   the median cost is reported as a ratio to the smallest size.
3. Load: reviewers taking claims and reviewing them against gunicorn (``bench/load.py``).
4. Export: ``bench/export.py``, in a child process on the same database.
5. Article page: ``bench/article_page.py`` (server render and Chromium's own timings of the
   reader on the longest seed and a 50,000-character article of 500 claims), likewise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PARTS = ("ingest", "flagging", "load", "export", "article")
CHROMIUM = Path("/usr/bin/chromium")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "10000,100000,1000000"))
    parser.add_argument(
        "--ingest-articles", type=int, default=int(env("BENCH_INGEST_ARTICLES", "150"))
    )
    parser.add_argument("--flag-runs", type=int, default=int(env("BENCH_FLAG_RUNS", "7")))
    parser.add_argument("--reviewers", type=int, default=int(env("BENCH_REVIEWERS", "20")))
    parser.add_argument(
        "--load-seconds", type=float, default=float(env("BENCH_LOAD_SECONDS", "30"))
    )
    parser.add_argument("--load-think", type=float, default=float(env("BENCH_LOAD_THINK", "0.05")))
    parser.add_argument(
        "--load-max-requests", type=int, default=int(env("BENCH_LOAD_MAX_REQUESTS", "20000"))
    )
    parser.add_argument("--export-sizes", default=env("BENCH_EXPORT_SIZES", "10000,100000"))
    parser.add_argument("--only", default=env("BENCH_ONLY", ",".join(PARTS)))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def _scratch_database(url: str | None) -> tuple[str, callable]:
    """A fresh database URL and a function that removes it."""
    if not url or url.startswith("sqlite"):
        path = Path(tempfile.mkdtemp(prefix="claimdesk-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: [p.unlink() for p in path.parent.glob("bench.*")]
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'claimdesk'}_bench"
    admin = urlunparse(parsed._replace(scheme="postgresql", path="/postgres"))

    def run(statement) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunparse(parsed._replace(path=f"/{name}")), lambda: run(drop)


def _machine(engine: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        database_version = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "database": f"{engine} {database_version}",
        "load_average": _load(),
    }


def _load() -> list[float]:
    """The machine's load average (1, 5, 15 minutes) now: what else was running."""
    return [round(x, 2) for x in os.getloadavg()]


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    args = _arguments()
    parts = set(args.only.split(","))
    database_url, drop_database = _scratch_database(os.environ.get("DATABASE_URL"))
    os.environ["DATABASE_URL"] = database_url
    # Flagging is run and timed here, in-process; the broker serves only the ingest with workers.
    broker = os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.broker_ingest import measure_broker_ingest
    from bench.corpus import CorpusGenerator
    from bench.grow import grow_project, load_samples
    from bench.load import measure_load
    from bench.pipeline import measure_command_line_ingest, measure_flagging, measure_ingest
    from provenance.services.ingest import project_get_or_create

    engine = connection.vendor
    _log(f"database {engine}: {database_url}")
    call_command("migrate", verbosity=0)
    call_command("load_sources", verbosity=0)
    summary: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(engine),
    }
    try:
        generator = CorpusGenerator(seed=2024)
        corpus = project_get_or_create(name="bench-corpus")
        articles = list(generator.articles(args.ingest_articles))
        _log(f"ingest: {len(articles)} articles")
        ingest = measure_ingest(
            project=corpus,
            end_to_end=project_get_or_create(name="bench-end-to-end"),
            articles=articles,
        )
        samples = load_samples(
            [(aid, generator.story(i // 3)) for i, aid in enumerate(ingest.pop("article_ids"))]
        )
        if "ingest" in parts:
            summary["ingest"] = {**ingest, "load_average": _load()}
            summary["ingest_command_line"] = measure_command_line_ingest(
                project=project_get_or_create(name="bench-command-line"), articles=articles
            )
            summary["ingest_command_line"]["load_average"] = _load()
            if broker and engine == "postgresql":
                _log(f"ingest with a broker and two workers: {len(articles)} articles")
                summary["ingest_broker"] = measure_broker_ingest(
                    articles=articles,
                    warm_up=list(generator.articles(6, start=len(articles) + 30)),
                    project="bench-broker",
                    broker=broker,
                    database_url=database_url,
                    log=Path(tempfile.gettempdir()) / "claimdesk-bench-workers.log",
                )
            else:
                _log("ingest with workers: skipped (needs CELERY_BROKER_URL and PostgreSQL)")
        if "flagging" in parts:
            summary["flagging"] = []
            stories = list(range(min(args.flag_runs, len(articles) // 3)))
            sizes = [int(s) for s in args.sizes.split(",")]
            # The control stays at the smallest size; at every size its articles are flagged
            # interleaved with the grown corpus's, so each ratio is taken under one load.
            control = project_get_or_create(name="bench-control")
            grow_project(project=control, samples=samples, target_claims=sizes[0])
            for step, size in enumerate(sizes):
                started = time.perf_counter()
                grown = grow_project(project=corpus, samples=samples, target_claims=size)
                seconds = time.perf_counter() - started
                _log(f"flagging: corpus grown to {grown} claims in {seconds:.0f}s")
                result = measure_flagging(
                    project=corpus,
                    control=control,
                    generator=generator,
                    stories=stories,
                    first_version=100 + step * len(stories),
                )
                summary["flagging"].append({"claims": grown, "load": _load(), **result})
        if "load" in parts:
            load_project = project_get_or_create(name="bench-load")
            grow_project(project=load_project, samples=samples, target_claims=6000)
            _log(f"load: {args.reviewers} reviewers for {args.load_seconds:.0f}s")
            summary["load"] = measure_load(
                project=load_project,
                reviewers=args.reviewers,
                seconds=args.load_seconds,
                max_requests=args.load_max_requests,
                workers=2 * (os.cpu_count() or 1) + 1,
                think=args.load_think,
                log=Path(tempfile.gettempdir()) / "claimdesk-bench-gunicorn.log",
            )
            summary["load"]["load_average"] = _load()
        if "export" in parts:
            _log(f"export: {args.export_sizes} claims")
            connection.close()
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "export.py"), "--sizes", args.export_sizes],
                cwd=ROOT,
                env=os.environ,
                check=True,
            )
            summary["export"] = json.loads(RESULTS.read_text())["export"][-1]["rows"]
        if "article" in parts:
            summary["article"] = _article_page()
    finally:
        connection.close()
        if not args.keep:
            drop_database()
    _print_table(summary)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("runs", {})[engine] = summary
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    _log(f"written to {RESULTS.relative_to(ROOT)}")


def _article_page() -> list[dict]:
    """The reader page on the longest seed and a 50k-character article (bench/article_page.py,
    which needs Debian's Chromium); an empty list without it."""
    if not CHROMIUM.exists():
        _log(f"article page: skipped, {CHROMIUM} is missing (apt-get install chromium)")
        return []
    _log("article page: server and browser timings")
    from django.db import connection

    connection.close()
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "article_page.py")],
        cwd=ROOT,
        env=os.environ,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(RESULTS.read_text())["article_page"][-1]["rows"]


def _print_table(summary: dict) -> None:
    machine = summary["machine"]
    lines = [
        f"{machine['database']}, Python {machine['python']}, {machine['cpus']} CPUs, "
        f"{machine['memory_gib']} GiB",
        f"{'benchmark':<44} {'figure':>22}   compared with",
    ]

    def row(name: str, figure: str, compared: str = "") -> None:
        lines.append(f"{name:<44} {figure:>22}   {compared}")

    if "ingest" in summary:
        ingest = summary["ingest"]
        name = f"ingest, {ingest['articles']} articles ({ingest['megabytes']} MB)"
        for label, key in (("end to end", "end_to_end"), ("service alone", "service")):
            row(
                f"{name}, {label}",
                f"{ingest[f'{key}_mb_s']} MB/s x{ingest[f'{key}_x_pysbd']}",
                f"pysbd {ingest['pysbd_mb_s']} MB/s, syntok {ingest['syntok_mb_s']} MB/s "
                "(interleaved)",
            )
        row(
            f"{name}, embedding alone",
            f"{ingest['embedding_mb_s']} MB/s x{ingest['embedding_x_pysbd']}",
            f"{ingest['embedding_s_per_mb']} s per MB of articles, "
            f"{ingest['embedding_share_of_service']:.0%} of the service alone (interleaved)",
        )
    if "ingest_command_line" in summary:
        batch = summary["ingest_command_line"]
        row(
            f"ingest, {batch['articles']} articles ({batch['megabytes']} MB), command line",
            f"{batch['command_line_mb_s']} MB/s x{batch['command_line_x_pysbd']}",
            f"pysbd {batch['pysbd_mb_s']} MB/s (just before and after); files in batches, "
            f"flagging included; {batch['flags']} flags",
        )
    if "ingest_broker" in summary:
        broker = summary["ingest_broker"]
        batch = summary.get("ingest_command_line", {})
        name = f"ingest, {broker['articles']} articles ({broker['megabytes']} MB), broker"
        row(
            f"{name}, stored",
            f"{broker['stored_mb_s']} MB/s x{broker['stored_x_pysbd']}",
            f"pysbd {broker['pysbd_mb_s']} MB/s (just before and after); {broker['workers']} "
            f"workers, {broker['chunks']} chunks; load {broker['load_average'][0]}",
        )
        row(
            f"{name}, stored and flagged",
            f"{broker['flagged_mb_s']} MB/s x{broker['flagged_x_pysbd']}",
            f"x{broker['flagged_x_filed']} the filed 0.0018 MB/s; command line in-process "
            f"{batch.get('command_line_mb_s')} MB/s; {broker['flags']} flags",
        )
    for flag in summary.get("flagging", []):
        row(
            f"flag one new article, {flag['claims']:,} claims",
            f"{flag['seconds_median'] * 1000:.0f} ms x{flag['ratio_to_control']}",
            f"control at the smallest size {flag['control_seconds_median'] * 1000:.0f} ms, "
            f"same time; {flag['queries_median']:.0f} queries, {flag['compared_median']:.0f} "
            f"pairs compared ({flag['by_meaning_median']:.0f} by meaning; control "
            f"{flag['control_compared_median']:.0f}, {flag['control_by_meaning_median']:.0f}), "
            f"{flag['flags_found']} flags (control {flag['control_flags_found']}); "
            f"load {flag['load'][0]}",
        )
    if "load" in summary:
        load = summary["load"]
        healthz = load["healthz"]
        for name, key in (("queue next", "queue_next"), ("review", "review")):
            figures = load[key]
            row(
                f"{name}, {load['reviewers']} reviewers",
                f"p50 x{figures.get('p50_x_healthz')} p95 x{figures.get('p95_x_healthz')}",
                f"{figures.get('p50_ms')} / {figures.get('p95_ms')} ms against healthz "
                f"{healthz.get('p50_ms')} / {healthz.get('p95_ms')} ms at the same time",
            )
        row("reviews saved per second (database)", str(load["reviews_saved_per_second"]))
        row("double leases (must be 0)", str(load["double_leases"]))
        row("claims over-reviewed (must be 0)", str(load["claims_over_reviewed"]))
    for export in summary.get("export", []):
        row(
            f"export {export['format']}, {export['claims']:,} claims",
            f"{export['claims_per_second']:,} claims/s",
            f"peak +{export['peak_memory_mb']} MB; export {export['export_seconds']} s, "
            f"its queries alone {export['db_read_seconds']} s"
            + "".join(
                f", {label} {export[key]} s"
                for key, label in (
                    ("plain_read_seconds", "psycopg plain read"),
                    ("postgres_json_seconds", "PostgreSQL's JSON"),
                    ("http_seconds", "over HTTP"),
                )
                if key in export
            ),
        )
    for page in summary.get("article", []):
        row(
            f"article page, {page['characters']:,} chars, {page['claims']} claims",
            f"server {page['server_page_ms']} ms",
            f"browser DOM ready {page['browser_dom_ready_ms']} ms, click to panel "
            f"{page['click_to_panel_median_ms']} ms (max {page['click_to_panel_max_ms']})",
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
