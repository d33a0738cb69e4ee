"""Pages of the knowledge base: articles for whoever may read them; publishing a solved case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ppuri.challenges.selectors import challenge_get_for_user
from ppuri.core.forms import add_service_errors
from ppuri.core.permissions import operator_required
from ppuri.knowledge import selectors, services
from ppuri.knowledge.forms import CaseForm


def article_list(request: HttpRequest) -> HttpResponse:
    articles = selectors.articles_visible_to(request.user)[:200]
    return render(request, "knowledge/article_list.html", {"articles": articles})


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
