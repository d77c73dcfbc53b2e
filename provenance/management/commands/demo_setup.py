from django.core.management.base import BaseCommand

from provenance.services.ingest import project_get_or_create
from provenance.services.members import member_set_role, user_get_or_create

DEMO_USERS = [
    ("editor", "editor"),
    ("reviewer", "reviewer"),
    ("reviewer2", "reviewer"),
    ("annotator", "annotator"),
]


class Command(BaseCommand):
    help = "Create demo users with fresh passwords in a project and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--project", default="default")

    def handle(self, *args, project, **options):
        target = project_get_or_create(name=project)
        self.stdout.write(f"Demo logins for project {target.name!r} (fresh passwords each run):")
        for username, role in DEMO_USERS:
            user, password = user_get_or_create(username=username, new_password=True)
            member_set_role(project=target, user=user, role=role)
            self.stdout.write(f"  {role:<10} user: {username:<10} password: {password}")
