"""Pages of the knowledge base: articles for whoever may read them; publishing a solved case."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ppuri.challenges.selectors import challenge_get_for_user
from ppuri.core.forms import add_service_errors
from ppuri.core.permissions import operator_required
from ppuri.graduate.selectors import projects_visible_to
from ppuri.knowledge import selectors, services
from ppuri.knowledge.forms import ArticleForm, CaseForm
from ppuri.knowledge.models import Article


def article_list(request: HttpRequest) -> HttpResponse:
    articles = selectors.articles_visible_to(request.user)[:200]
    context = {"articles": articles, "can_write": services.may_write(request.user)}
    return render(request, "knowledge/article_list.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_for_user(user=request.user, pk=pk)
    return render(request, "knowledge/article_detail.html", {"article": article})


def _publish_page(
    request: HttpRequest,
    *,
    draft: dict[str, str],
    publish: Callable[..., Article],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The operator edits the anonymised draft of a solved case and publishes it (`publish` checks)."""
    form = CaseForm(request.POST or None, initial=draft)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = publish(
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                audience=data["audience"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("사례를 게시했습니다."))
            return redirect(article)
    return render(request, template, {"form": form, **context})


@operator_required
def publish_case(request: HttpRequest, challenge_pk: int) -> HttpResponse:
    challenge = challenge_get_for_user(user=request.user, pk=challenge_pk)
    return _publish_page(
        request,
        draft=services.case_draft(challenge),
        publish=partial(services.article_publish_from_challenge, challenge=challenge),
        template="knowledge/publish_case.html",
        context={"challenge": challenge},
    )


@operator_required
def publish_project(request: HttpRequest, project_pk: int) -> HttpResponse:
    """A finished graduate-school project published as a case, like a desk case."""
    project = get_object_or_404(projects_visible_to(request.user), pk=project_pk)
    return _publish_page(
        request,
        draft=services.project_case_draft(project),
        publish=partial(services.article_publish_from_project, project=project),
        template="knowledge/publish_project.html",
        context={"project": project},
    )


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    """Operators and experts write guides and cases of their own."""
    if not services.may_write(request.user):
        raise PermissionDenied
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("문서를 게시했습니다."))
            return redirect(article)
    return render(request, "knowledge/article_form.html", {"form": form})
