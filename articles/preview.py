"""The editors' preview: the article page as readers would see it with the
change form's edits, validated and applied in memory, nothing saved."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.helpers import AdminErrorList
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.formsets import all_valid
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from newsroom.arabic import arabic_slugify

from .models import Attendee, Tag
from .views import render_article


def preview_edits(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str | None
) -> HttpResponse:
    """Render the posted change form (and its rows of people) as the article page.

    The admin's own checks apply: the article must be one the user may change
    (or add). The page is the site's own view, marked as a preview: no-store,
    noindex, and the comments shown read-only.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = None
    if object_id is not None:
        article = model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    change = article is not None
    form_class = model_admin.get_form(request, article, change=change)
    form = form_class(request.POST, request.FILES, instance=article)
    formsets, _inlines = model_admin._create_formsets(request, form.instance, change)
    form_valid = form.is_valid()
    if not (all_valid(formsets) and form_valid):
        return TemplateResponse(
            request,
            "admin/articles/article/preview_errors.html",
            {
                **model_admin.admin_site.each_context(request),
                "opts": model_admin.opts,
                "title": _("Preview"),
                "errors": AdminErrorList(form, formsets),
            },
        )
    article = form.instance
    # What saving would derive.
    article.slug = arabic_slugify(article.slug or article.title)
    if article.author_id is None:
        article.author = request.user
    people = []
    # The people's rows; a new correction is not shown before it is saved.
    for formset in (f for f in formsets if f.model is Attendee):
        for row in formset.forms:
            if row.cleaned_data and not row.cleaned_data.get("DELETE"):
                row.instance.link_official()
                people.append(row.instance)
    context = {
        "tags": form.cleaned_data.get("tags", Tag.objects.none()),
        "attendees": sorted(people, key=lambda attendee: attendee.order),
        "preview_of_edits": True,
    }
    return render_article(request, article, context, preview=True)
