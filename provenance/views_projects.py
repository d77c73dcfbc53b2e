"""Starting a project from the desk: the same service as the API."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from provenance.errors import DomainError
from provenance.permissions import projects_creatable
from provenance.services.projects import REFUSAL, project_create


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reviews_required = forms.IntegerField(
        min_value=1,
        max_value=10,
        initial=2,
        help_text="Independent reviews a claim needs before it is verified.",
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: create the project; its creator becomes its editor."""
    if not projects_creatable(user=request.user):
        raise PermissionDenied(REFUSAL)
    form = ProjectForm(request.POST) if request.method == "POST" else ProjectForm()
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(**form.cleaned_data, user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Project {project.name} created; you are its editor.")
            return redirect("project-detail", project_id=project.pk)
    return render(
        request, "provenance/project_new.html", {"form": form}, status=400 if form.errors else 200
    )
