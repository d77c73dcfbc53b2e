"""The source registry pages: members look up the shared list and their projects' sources,
a project's editors add and correct that project's (``provenance.permissions``, as the API).
The writes go through the same services as the API, which refuse a name that meets another
source's.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import SOURCE_KIND_CHOICES, Project, Source
from provenance.permissions import (
    projects_allowing,
    source_project_for,
    source_require_editable,
    sources_editable,
    sources_readable,
    sources_visible,
)
from provenance.services.sources import source_create, source_merge, source_update

PAGE_SIZE = 100


class SourceForm(forms.Form):
    name = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=SOURCE_KIND_CHOICES)
    aliases = forms.CharField(
        required=False,
        max_length=5000,
        help_text="Other spellings, one per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    country = forms.CharField(max_length=100, required=False)
    affiliation = forms.CharField(max_length=300, required=False)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    @classmethod
    def of(cls, source: Source) -> "SourceEditForm":
        return cls(
            initial={
                "name": source.name,
                "kind": source.kind,
                "aliases": "\n".join(source.aliases),
                "country": source.country,
                "affiliation": source.affiliation,
                "version": source.version,
            }
        )


class SourceAddForm(SourceForm):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        help_text="The project the source is for; only its members see it.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        edited = projects_allowing(user=user, action="manage").order_by("name")
        self.fields["project"].queryset = edited
        if not user.is_superuser and len(edited) == 1:
            self.fields["project"].initial = edited[0].pk


class SourceEditForm(SourceForm):
    # The version the editor opened: a save based on an older one is refused (see
    # ``source_update``), so two editors' corrections never silently overwrite each other.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class SourceMergeForm(forms.Form):
    duplicate = forms.IntegerField(
        min_value=1,
        label="Duplicate source id",
        help_text="The id in the duplicate's address (/sources/ID/); it is merged into this one "
        "and deleted.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def _require(request: HttpRequest, *, edit: bool) -> None:
    allowed = sources_editable if edit else sources_readable
    if not allowed(user=request.user):
        raise PermissionDenied(
            "Changing sources needs the editor role in a project."
            if edit
            else "Sources are open to members of a project; you are in none."
        )


def _matching(request: HttpRequest):
    sources = sources_visible(user=request.user).select_related("project").order_by("name", "pk")
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if query:
        sources = sources.filter(name__icontains=query)
    if kind in dict(SOURCE_KIND_CHOICES):
        sources = sources.filter(kind=kind)
    return sources, query, kind


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    """GET: search the registry. POST (editors): add a source."""
    _require(request, edit=request.method == "POST")
    form = (
        SourceAddForm(request.POST, user=request.user)
        if request.method == "POST"
        else SourceAddForm(initial={"kind": "unknown"}, user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            fields["project"] = source_project_for(user=request.user, project=fields["project"])
            source = source_create(**fields, user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Source {source.name} added.")
            return redirect("source-list")
    sources, query, kind = _matching(request)
    page = Paginator(sources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "provenance/sources.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": SOURCE_KIND_CHOICES,
            "form": form,
            "can_edit": sources_editable(user=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    """GET: a source. POST (editors): correct its name, kind, aliases, country, affiliation."""
    source = _visible_source(request, source_id, edit=request.method == "POST")
    form = SourceEditForm(request.POST) if request.method == "POST" else SourceEditForm.of(source)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            source_update(source=source, user=request.user, **form.cleaned_data)
        except ConflictError as error:
            form, status = _stale(request, source, error), 409
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Source {source.name} saved.")
            return redirect("source-edit", source_id=source.pk)
    return _source_page(
        request,
        source,
        form=form,
        merge_form=SourceMergeForm(initial={"version": source.version}),
        status=400 if status == 200 and form.errors else status,
    )


def _source_page(request, source, *, form, merge_form, status: int) -> HttpResponse:
    return render(
        request,
        "provenance/source_edit.html",
        {
            "source": source,
            "form": form,
            "merge_form": merge_form,
            "can_edit": _editable(request, source),
        },
        status=status,
    )


def _visible_source(request: HttpRequest, source_id: int, *, edit: bool) -> Source:
    """The source if the user may see it (404 otherwise, as another project's claims are) and,
    to change it, edit it (403 naming why)."""
    _require(request, edit=False)
    source = get_object_or_404(sources_visible(user=request.user), pk=source_id)
    if edit:
        try:
            source_require_editable(user=request.user, source=source)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
    return source


def _editable(request: HttpRequest, source: Source) -> bool:
    try:
        source_require_editable(user=request.user, source=source)
    except NotAllowed:
        return False
    return True


@require_POST
@login_required
def source_merge_into(request: HttpRequest, source_id: int) -> HttpResponse:
    """POST (editors): merge the duplicate named in the form into this source."""
    source = _visible_source(request, source_id, edit=True)
    form = SourceMergeForm(request.POST)
    status = 400
    if form.is_valid():
        visible = sources_visible(user=request.user)
        duplicate = visible.filter(pk=form.cleaned_data["duplicate"]).first()
        try:
            if duplicate is None:
                raise DomainError(f"There is no source {form.cleaned_data['duplicate']}.")
            source_merge(
                keep=source,
                duplicate=duplicate,
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except ConflictError as error:
            # The editor's choice again, on the current version: merging is then a decision
            # taken knowing the change.
            source.refresh_from_db()
            form = SourceMergeForm({**request.POST.dict(), "version": source.version})
            form.is_valid()
            form.add_error(None, f"{error} Nothing was merged.")
            status = 409
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{duplicate.name} merged into {source.name}.")
            return redirect("source-edit", source_id=source.pk)
    return _source_page(
        request, source, form=SourceEditForm.of(source), merge_form=form, status=status
    )


def _stale(request: HttpRequest, source: Source, error: ConflictError) -> SourceEditForm:
    """The editor's own input again, now based on the current version, with what the other
    editor saved shown: saving once more is a decision taken knowing both."""
    source.refresh_from_db()
    current = error.current
    form = SourceEditForm({**request.POST.dict(), "version": current["version"]})
    form.is_valid()
    aliases = ", ".join(current["aliases"]) or "none"
    form.add_error(
        None,
        f"{error} Your change was not saved. Now: name {current['name']!r}, kind "
        f"{current['kind']}, aliases {aliases}, country {current['country'] or 'none'}, "
        f"affiliation {current['affiliation'] or 'none'}. Save again to apply yours over it.",
    )
    return form
