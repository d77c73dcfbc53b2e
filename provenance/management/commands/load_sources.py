from django.core.management.base import BaseCommand

from provenance.services.sources import sources_load_registry


class Command(BaseCommand):
    help = "Create a Source row for every entry of the shipped source list that has none yet."

    def handle(self, *args, **options):
        created = sources_load_registry()
        self.stdout.write(f"{created} sources added from the shipped list.")
