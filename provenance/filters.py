"""The one set of claim filters, shared by the claims page, the API's claims list and the
export (command and API): the same parameters select the same claims everywhere.

Parameters: ``q`` (text the claim contains), ``speaker`` (the claim's stored speaker, by id
or name), ``source_kind`` (that speaker's kind), ``verdict``, ``status`` (or ``all``),
``flagged`` (true/false: an open or confirmed contradiction flag), ``article`` and ``event``
(ids), ``project`` and ``publisher`` (names), ``published_from`` / ``published_to``
(inclusive dates), ``kind``; for links from the provenance graph, ``source`` (anywhere in a
chain not rejected), ``relay_of`` with ``relay`` (an arrow of the graph: ``relay`` passed on
what ``relay_of`` said) and ``group`` (a corroboration group); ``assigned_to`` (a member's
user name, ``me`` or ``nobody``); and ``ordering`` (a column name, ``-`` before it for
descending) for the claims page.

A value that cannot be used is an error naming the parameter and the value
(``claims_filter`` raises ``DomainError``), never a silently empty or unfiltered answer.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import ErrorDict, ErrorList
from drf_spectacular.utils import extend_schema_field

from provenance.errors import DomainError
from provenance.graph import claims_relayed, claims_through
from provenance.models import (
    CLAIM_KIND_CHOICES,
    SOURCE_KIND_CHOICES,
    AttributionHop,
    AttributionStatus,
    Claim,
    ClaimStatus,
    Flag,
    FlagStatus,
    Membership,
    Project,
    Verdict,
)
from provenance.selectors import projects_for_user
from provenance.text.source_registry import normalize_source_name

STATUS_ALL = "all"
# ``assigned_to``'s words for the person asking and for claims assigned to no one.
ASSIGNED_TO_ME = "me"
ASSIGNED_TO_NOBODY = "nobody"
_YES = {"true", "yes", "1"}
_NO = {"false", "no", "0"}

# The sortable columns: parameter value -> field, as the claims page's headers name them.
ORDERING_FIELDS = {
    "id": "id",
    "text": "text",
    "speaker": "speaker__name",
    "verdict": "verdict",
    "confidence": "confidence",
    "status": "status",
    "article": "article__title",
    "published": "article__published",
}


# What each parameter means, for the export command's help and the API's schema.
PARAMETER_HELP = {
    "status": "a claim status, or all (the export's default: verified)",
    "project": "a project name",
    "verdict": "supported, refuted, misleading or unverifiable",
    "source_kind": "kind of the claim's speaker, e.g. government or wire_agency",
    "publisher": "the article's publisher",
    "published_from": "first publication date, YYYY-MM-DD",
    "published_to": "last publication date, YYYY-MM-DD",
    "flagged": "true: only claims with an open or confirmed flag; false: only without",
    "q": "text the claim contains",
    "speaker": "the claim's speaker (its main chain's first hop), by source id or name",
    "article": "an article id",
    "event": "an event id: the claims of the articles that report it",
    "kind": "a claim kind: sentence, quote, clause, headline or caption",
    "source": "a source id anywhere in a chain of the claim that is not rejected",
    "relay_of": "with relay: a source id that relay passed on",
    "relay": "a source id that relays the claim in a chain not rejected",
    "group": "a corroboration group id",
    "assigned_to": f"the user name of the reviewer claims are assigned to, {ASSIGNED_TO_ME} "
    f"(you) or {ASSIGNED_TO_NOBODY} (not assigned)",
    "ordering": f"a column ({', '.join(ORDERING_FIELDS)}), with - before it for descending",
}
# Exports are written in id order, so they take every filter but the ordering.
EXPORT_PARAMETERS = tuple(name for name in PARAMETER_HELP if name != "ordering")
# The export's formats by name, in the order they are offered; ``annotations.formats`` renders
# each (``annotations.export`` refuses to load if the two disagree). Named here so that the
# claims page can link to every export without importing the app that writes them.
EXPORT_FORMATS = ("jsonl", "json", "csv", "claimreview", "webannotation")


def export_query(**options: str | None) -> str:
    """The query string that asks the API for the same export (options left unset dropped)."""
    return urlencode({name: value for name, value in options.items() if value})


def _one_of(values) -> str:
    return ", ".join(str(value) for value in values)


class YesNoField(forms.Field):
    def to_python(self, value):
        text = (value or "").strip().lower()
        if not text:
            return None
        if text not in _YES | _NO:
            raise forms.ValidationError("flagged must be true or false, not {value}")
        return text in _YES


# The API schema's description of it: drf-spectacular cannot read a field of our own.
@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


# Refusals name the parameter and, where ``{value}`` stands, the value sent
# (``claims_filter`` fills it in).
def _choice(name: str, values, **kwargs) -> django_filters.ChoiceFilter:
    """A choice parameter whose refusal names the values it takes."""
    return django_filters.ChoiceFilter(
        choices=[(value, value) for value in values],
        error_messages={
            "invalid_choice": f"unknown {name} {{value}}; use one of {_one_of(values)}"
        },
        **kwargs,
    )


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number a 64-bit key can hold (a decimal, ``5e+216`` or ``0`` is
    refused here rather than overflowing the database's integer)."""

    field_class = forms.IntegerField


_ID_MAX = 2**63 - 1


def _number(name: str, what: str, **kwargs) -> IdFilter:
    message = f"{name} must be the id of {what}, not {{value}}"
    return IdFilter(
        min_value=1,
        max_value=_ID_MAX,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        **kwargs,
    )


def _date(name: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="article__published",
        lookup_expr=lookup,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{name} must be a date as YYYY-MM-DD, not {{value}}"},
    )


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains")
    speaker = django_filters.CharFilter(method="filter_speaker")
    source_kind = _choice(
        "source kind", [value for value, _ in SOURCE_KIND_CHOICES], field_name="speaker__kind"
    )
    verdict = _choice("verdict", Verdict.values)
    status = _choice("status", [*ClaimStatus.values, STATUS_ALL], method="filter_status")
    flagged = YesNoFilter(method="filter_flagged")
    article = _number("article", "an article", field_name="article_id")
    event = _number("event", "an event", field_name="article__event_id")
    project = django_filters.CharFilter(method="filter_project")
    # The API's name for the project filter before there was one set of filters.
    article__project__name = django_filters.CharFilter(field_name="article__project__name")
    publisher = django_filters.CharFilter(method="filter_publisher")
    published_from = _date("published_from", "gte")
    published_to = _date("published_to", "lte")
    kind = _choice("kind", [value for value, _ in CLAIM_KIND_CHOICES])
    source = _number("source", "a source", method="filter_source")
    relay_of = _number("relay_of", "a source", method="filter_relay")
    relay = _number("relay", "a source", method="filter_relay")
    group = _number("group", "a corroboration group", field_name="group_member__group_id")
    assigned_to = django_filters.CharFilter(method="filter_assigned_to")
    ordering = django_filters.OrderingFilter(
        fields=[(field, name) for name, field in ORDERING_FIELDS.items()],
        error_messages={
            "invalid_choice": f"unknown ordering {{value}}; use one of "
            f"{_one_of(ORDERING_FIELDS)}, each optionally after -"
        },
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        *args,
        projects: QuerySet[Project] | None = None,
        user: AbstractBaseUser | None = None,
        **kwargs,
    ):
        """``projects``: those whose names ``project`` may name; by default the request's
        user's, or every project without a request (the command line). ``user``: who
        ``assigned_to=me`` is; by default the request's user, nobody on the command line."""
        super().__init__(None if data is None else filter_params(data), *args, **kwargs)
        if user is None:
            user = getattr(self.request, "user", None)
        if projects is None:
            projects = Project.objects.all() if user is None else projects_for_user(user=user)
        self.projects = projects
        self.user = user

    @property
    def errors(self) -> ErrorDict:
        """Each refusal with the value sent in place of ``{value}``."""
        return ErrorDict(
            {
                name: ErrorList(
                    [error.replace("{value}", repr(self.data.get(name, ""))) for error in errors]
                )
                for name, errors in self.form.errors.items()
            }
        )

    def filter_speaker(self, queryset, name, value):
        if value.isdigit():
            return queryset.filter(speaker_id=int(value))
        return queryset.filter(
            Q(speaker__normalized_name=normalize_source_name(value))
            | Q(speaker__name__iexact=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset if value == STATUS_ALL else queryset.filter(status=value)

    def filter_flagged(self, queryset, name, value):
        live = (FlagStatus.OPEN, FlagStatus.CONFIRMED)
        # One EXISTS a side, so a claim is never repeated and each uses its column's index.
        has_flag = Exists(Flag.objects.filter(claim_a=OuterRef("pk"), status__in=live)) | Exists(
            Flag.objects.filter(claim_b=OuterRef("pk"), status__in=live)
        )
        return queryset.filter(has_flag if value else ~has_flag)

    def filter_project(self, queryset, name, value):
        if not self.projects.filter(name=value).exists():
            raise DomainError(f"no project named {value!r} among your projects")
        return queryset.filter(article__project__name=value)

    def filter_assigned_to(self, queryset, name, value):
        if value == ASSIGNED_TO_NOBODY:
            return queryset.filter(assigned_to__isnull=True)
        if value == ASSIGNED_TO_ME:
            if self.user is None or not self.user.is_authenticated:
                raise DomainError(
                    f"assigned_to {ASSIGNED_TO_ME} needs a signed-in user; name the user instead"
                )
            return queryset.filter(assigned_to=self.user)
        members = Membership.objects.filter(project__in=self.projects, user__username=value)
        if not members.exists():
            raise DomainError(
                f"assigned_to: no member named {value!r} in your projects; use a user name, "
                f"{ASSIGNED_TO_ME} or {ASSIGNED_TO_NOBODY}"
            )
        return queryset.filter(assigned_to__username=value)

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(
            Q(article__publisher__normalized_name=normalize_source_name(value))
            | Q(article__publisher__name__iexact=value)
        )

    def filter_source(self, queryset, name, value):
        return claims_through(queryset, source=int(value))

    def filter_relay(self, queryset, name, value):
        """``relay`` alone: claims it relays in a chain not rejected; with ``relay_of``, those
        where it follows that source (handled once, when ``relay`` comes round)."""
        relay_of, relay = self.form.cleaned_data["relay_of"], self.form.cleaned_data["relay"]
        if name == "relay_of":
            if relay is None:
                raise DomainError("relay_of needs relay: the source that passed it on")
            return queryset
        if relay_of is not None:
            return claims_relayed(queryset, speaker=int(relay_of), relay=int(relay))
        hops = AttributionHop.objects.filter(source_id=int(relay), position__gt=0).exclude(
            attribution__status=AttributionStatus.REJECTED
        )
        return queryset.filter(pk__in=hops.values("attribution__claim"))


def filter_params(params: Mapping[str, str | None]) -> dict[str, str]:
    """The parameters as the filters read them: stripped, the empty ones left out (a command
    passes ``None`` for an option not given)."""
    cleaned = {}
    for name in ClaimFilter.base_filters:
        value = params.get(name)
        if value is not None and str(value).strip():
            cleaned[name] = str(value).strip()
    return cleaned


def claims_filter(
    queryset: QuerySet[Claim],
    params: Mapping[str, str | None],
    *,
    projects: QuerySet[Project] | None = None,
    user: AbstractBaseUser | None = None,
) -> QuerySet[Claim]:
    """``queryset`` narrowed by ``params`` (``user``: who asks, for ``assigned_to=me``);
    raises ``DomainError`` naming every parameter whose value cannot be used."""
    filterset = ClaimFilter(data=params, queryset=queryset, projects=projects, user=user)
    if not filterset.is_valid():
        raise DomainError("; ".join(e for errors in filterset.errors.values() for e in errors))
    return filterset.qs
