from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotations.export import (
    EXPORT_FORMATS,
    FILTER_PARAMETERS,
    export_chunks,
    export_context,
    export_format,
)
from annotations.selectors import claims_for_export
from provenance.errors import DomainError
from provenance.filters import export_query


class Command(BaseCommand):
    help = (
        "Write claims to standard output, streamed; by default the verified claims as JSON "
        "Lines. --status all exports every claim. The filters are those of "
        "GET /api/v1/export/claims/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="jsonl", choices=EXPORT_FORMATS)
        for name, description in FILTER_PARAMETERS.items():
            option = "--search" if name == "q" else f"--{name.replace('_', '-')}"
            parser.add_argument(option, dest=name, default=None, help=description)
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="the site's address, for the links in ClaimReview and Web Annotation "
            "(default: the SITE_URL setting)",
        )

    def handle(self, *args, format, base_url, **options):
        params = {name: options[name] for name in FILTER_PARAMETERS}
        try:
            queryset = claims_for_export(user=None, params=params)
        except DomainError as error:
            raise CommandError(str(error)) from None
        base = base_url.rstrip("/") + "/"
        context = export_context(
            base_url=base,
            export_url=f"{base}api/v1/export/claims/?{export_query(format=format, **params)}",
        )
        for chunk in export_chunks(queryset, fmt=export_format(format), context=context):
            self.stdout.write(chunk, ending="")
