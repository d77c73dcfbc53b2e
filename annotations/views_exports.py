"""The Exports page: start a background export, follow it, download its file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from annotations.export import EXPORT_FORMATS, FILTER_PARAMETERS
from annotations.services.export_jobs import export_job_create, export_job_file, export_jobs_for
from provenance.errors import DomainError
from provenance.selectors import projects_for_user


def _page(request: HttpRequest, *, values: dict, status: int = 200) -> HttpResponse:
    return render(
        request,
        "annotations/exports.html",
        {
            "jobs": export_jobs_for(user=request.user)[:50],
            "formats": EXPORT_FORMATS,
            "fields": [
                (name, description, values.get(name, ""))
                for name, description in FILTER_PARAMETERS.items()
                if name != "project"
            ],
            "values": values,
            "projects": projects_for_user(user=request.user).order_by("name"),
        },
        status=status,
    )


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's exports; the form takes its values from the link that led here (the claims
    page's filters), so an export of what one is looking at is one click."""
    return _page(request, values=request.GET.dict())


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    values = request.POST.dict()
    try:
        job = export_job_create(
            user=request.user, params=values, base_url=request.build_absolute_uri("/")
        )
    except DomainError as error:
        messages.error(request, f"Export not started: {error}")
        return _page(request, values=values, status=400)
    messages.success(request, f"Export {job.pk} started; it is listed below as it runs.")
    return redirect("export-list")


@login_required
def export_row(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job's row, which the page asks for again while the job runs."""
    job = get_object_or_404(export_jobs_for(user=request.user), pk=job_id)
    return render(request, "annotations/_export_row.html", {"job": job})


@login_required
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(export_jobs_for(user=request.user), pk=job_id)
    try:
        download = export_job_file(job)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("export-list")
    return FileResponse(download.pop("file"), as_attachment=True, **download)
