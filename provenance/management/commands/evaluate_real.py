"""Score the pipeline on the real-article corpus: ``python manage.py evaluate_real``.

Runs in a throw-away test database, never the configured one, with tasks in-process.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from config.celery import app as celery_app
from provenance.real_evaluation import corpus_ingest, corpus_predictions
from provenance.services.sources import shipped_registry, sources_load_registry
from provenance.text.evaluate_real import format_table, score_split
from provenance.text.real_corpus import SPLITS, load_gold, load_manifest, load_pairs, read_cache


class Command(BaseCommand):
    help = "Score splitting, attribution and contradictions on the real articles' splits."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
        parser.add_argument(
            "--misses",
            action="store_true",
            help="list every miss; of the test split only when --split test is given",
        )

    def handle(self, *args, split, misses, **options):
        entries = load_manifest()
        status = read_cache(entries)
        self.stdout.write(status.describe())
        if not status.texts:
            self.stdout.write("nothing to score: fetch the texts as tests/data/real/README.md says")
            return
        splits = SPLITS if split == "all" else (split,)
        pairs = load_pairs()
        events = {entry.name: entry.event for entry in entries}
        celery_app.conf.task_always_eager = True  # flag each article before the next one
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            sources_load_registry()
            columns = {}
            for name in splits:
                chosen = [e for e in entries if e.split == name and e.name in status.texts]
                if not chosen:
                    continue
                project = corpus_ingest(
                    project_name=f"real-{name}", entries=chosen, texts=status.texts
                )
                predictions = corpus_predictions(project=project, entries=chosen)
                columns[f"real {name}"] = score_split(
                    golds={e.name: load_gold(e.name) for e in chosen},
                    texts=status.texts,
                    events=events,
                    pairs=pairs,
                    predictions=predictions,
                    registry=shipped_registry(),
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(format_table(columns))
        if misses:
            for name, scores in columns.items():
                if name == "real test" and split != "test":
                    continue
                self.stdout.write(f"\nmisses in {name} ({len(scores.misses)}):")
                for miss in scores.misses:
                    self.stdout.write(f"  {miss}")
