from django.core.management.base import BaseCommand, CommandError

from provenance.errors import InputError
from provenance.services.ingest import project_get_or_create
from provenance.services.members import member_set_role, user_get_or_create


class Command(BaseCommand):
    help = "Give USER the ROLE in PROJECT, creating the project and the user if missing."

    def add_arguments(self, parser):
        parser.add_argument("project")
        parser.add_argument("user")
        parser.add_argument("role", help="annotator, reviewer or editor")

    def handle(self, *args, project, user, role, **options):
        try:
            target = project_get_or_create(name=project)
            account, password = user_get_or_create(username=user)
            member_set_role(project=target, user=account, role=role)
        except InputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{account.get_username()} is {role} in {target.name}.")
        if password:
            self.stdout.write(f"New user {account.get_username()}, password: {password}")
