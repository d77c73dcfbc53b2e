from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provenance.models import Project
from provenance.services.reattribution import project_reattribute


class Command(BaseCommand):
    help = (
        "Run attribution extraction again over a project's stored claims. Chains reviewers "
        "confirmed or rejected are left as they are; only new chains are suggested."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", default="default")

    def handle(self, *args, project, **options):
        target = Project.objects.filter(name=project).first()
        if target is None:
            raise CommandError(f"no project named {project!r}")
        with tqdm(
            total=target.articles.count(), unit="article", file=self.stderr._out, mininterval=1
        ) as bar:
            created = project_reattribute(project=target, on_article=lambda _id: bar.update(1))
        self.stdout.write(f"Project {target.name}: {created} new attribution suggestions.")
