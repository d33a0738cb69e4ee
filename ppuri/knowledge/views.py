"""Pages of the knowledge base: articles for whoever may read them; publishing a solved case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ppuri.challenges.selectors import challenge_get_for_user
from ppuri.core.forms import add_service_errors
from ppuri.core.permissions import operator_required
from ppuri.knowledge import selectors, services
from ppuri.knowledge.forms import ArticleForm, CaseForm


def article_list(request: HttpRequest) -> HttpResponse:
    articles = selectors.articles_visible_to(request.user)[:200]
    context = {"articles": articles, "can_write": services.may_write(request.user)}
    return render(request, "knowledge/article_list.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_for_user(user=request.user, pk=pk)
    return render(request, "knowledge/article_detail.html", {"article": article})


@operator_required
def publish_case(request: HttpRequest, challenge_pk: int) -> HttpResponse:
    challenge = challenge_get_for_user(user=request.user, pk=challenge_pk)
    form = CaseForm(request.POST or None, initial=services.case_draft(challenge))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_publish_from_challenge(
                actor=request.user,
                challenge=challenge,
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
    return render(request, "knowledge/publish_case.html", {"form": form, "challenge": challenge})


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
