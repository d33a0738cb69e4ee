"""Writes of the knowledge base: articles by operators and experts, and a solved case of the desk or a
finished graduate-school project published as an anonymised defect case. Each checks who may do it,
logs, and keeps search in step."""

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.challenges.models import Challenge, Offer
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.core.privacy import refuse_resident_number
from ppuri.core.text import normalize_company_name
from ppuri.graduate.models import Project
from ppuri.knowledge.models import Article
from ppuri.registry.selectors import organization_people
from ppuri.search.services import index_refresh

PUBLISHABLE = (Challenge.Outcome.SOLVED, Challenge.Outcome.PARTLY)
PROJECT_PUBLISHABLE = (Project.Outcome.SOLVED, Project.Outcome.PARTLY)
_LEGAL_FORM = r"(?:\(주\)|㈜|주식회사)"
# A particle right after the name; the placeholder 한 기업 ends in a consonant (업), so particles made
# for a vowel-final name are swapped for their consonant forms (세광주조는 → 한 기업은).
_PARTICLE = r"(?P<particle>으로|로|는|은|가|이|를|을|와|과|의|에서|에게|에|도|만)?"
_AFTER_CONSONANT = {"는": "은", "가": "이", "를": "을", "와": "과", "로": "으로"}


def may_write(user: Any) -> bool:
    return roles.may_write_articles(user)


def _check_texts(texts: dict[str, str], *, company_names: Sequence[str] = ()) -> None:
    """No 주민등록번호, and for a published case no trace of the company's name, field by field."""
    errors: dict[str, list[str]] = {}
    cores = [normalize_company_name(name) for name in company_names if name]
    for field, value in texts.items():
        try:
            refuse_resident_number(value)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
        squeezed = normalize_company_name(value)
        if any(core and len(core) >= 2 and core in squeezed for core in cores):
            errors.setdefault(field, []).append(
                _("기업을 알아볼 수 있는 이름이 있습니다. 익명으로 고쳐 주세요.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def article_create(*, actor: Any, **fields: Any) -> Article:
    """A guide or case written by an operator or an expert, published at once."""
    if not may_write(actor):
        raise PermissionDenied
    _check_texts({name: fields.get(name, "") for name in ("title", "summary", "body")})
    article = Article(author=actor, published_at=timezone.now(), **fields)
    article.full_clean(exclude=["author", "source_challenge"])
    article.save()
    index_refresh(doc_type="article", object_ids=[article.pk])
    activity_log(
        actor=actor,
        verb="knowledge.article.published",
        target=article,
        summary=lambda: _("지식 문서를 게시했습니다: %(title)s") % {"title": article.title},
    )
    return article


def _scrubber(company: Any) -> Callable[[str], str]:
    """A function taking the company's name out of a text, however it is spaced and with or without
    its legal form ("세광 주조(주)"), the particle after it agreeing with the word put in its place."""
    names = [n for n in (company.name, company.name_en) if n]
    # The name with its legal form on either side (the space before it is kept), and the particle
    # after it, which must agree with the word put in its place.
    patterns = [
        re.compile(
            "(?:" + _LEGAL_FORM + r"\s*)?" + r"\s*".join(map(re.escape, core))
            + r"(?:\s*" + _LEGAL_FORM + ")?" + _PARTICLE,
            re.IGNORECASE,
        )
        for core in (normalize_company_name(n) for n in names)
        if len(core) >= 2
    ]  # fmt: skip
    placeholder = _("한 기업")

    def replaced(match: re.Match[str]) -> str:
        particle = match.group("particle") or ""
        return placeholder + (
            _AFTER_CONSONANT.get(particle, particle) if placeholder == "한 기업" else particle
        )

    def scrub(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(replaced, text)
        return text

    return scrub


def case_draft(challenge: Challenge) -> dict[str, str]:
    """A first text for the operator to edit: the problem, what was done, the effect; the company's
    name taken out."""
    scrub = _scrubber(challenge.company)
    effect = ""
    if challenge.effect_metric:
        effect = _("효과: %(metric)s %(before)s → %(after)s") % {
            "metric": challenge.get_effect_metric_display(),
            "before": challenge.effect_before,
            "after": challenge.effect_after,
        }
    body = "\n\n".join(
        filter(
            None,
            [
                _("문제") + "\n" + scrub(challenge.description),
                _("해결") + "\n" + scrub(challenge.resolution),
                effect,
            ],
        )
    )
    return {"title": scrub(challenge.title), "summary": "", "body": body}


def project_case_draft(project: Project) -> dict[str, str]:
    """The same first text for a finished graduate-school project: its problem and its result."""
    scrub = _scrubber(project.company)
    body = "\n\n".join([_("문제") + "\n" + scrub(project.problem), _("해결") + "\n" + scrub(project.result)])
    return {"title": scrub(project.title), "summary": scrub(project.summary), "body": body}


def _publish_case(
    *,
    actor: Any,
    company: Any,
    texts: dict[str, str],
    audience: str,
    tags: dict[str, Any],
    source: dict[str, Any],
    scope: Any,
    recipients: list[Any],
) -> Article:
    """A solved case (of the desk or of the graduate school) published anonymised: the company's name
    may not appear; logged on its source, not on the company, whose page would undo the anonymity."""
    _check_texts(texts, company_names=[company.name, company.name_en])
    article = Article(
        kind=Article.Kind.DEFECT_CASE,
        audience=audience,
        author=actor,
        published_at=timezone.now(),
        **texts,
        **tags,
        **source,
    )
    article.full_clean(exclude=["author", "source_challenge", "source_project"])
    article.save()
    index_refresh(doc_type="article", object_ids=[article.pk])
    activity_log(
        actor=actor,
        verb="knowledge.case.published",
        target=article,
        scope=scope,
        summary=lambda: _("과제를 사례로 게시했습니다: %(title)s") % {"title": article.title},
    )
    notify(
        recipients=recipients,
        verb="knowledge.case.published",
        summary=lambda: _("해결 사례가 게시되었습니다: %(title)s") % {"title": article.title},
        url=article.get_absolute_url(),
    )
    return article


@transaction.atomic
def article_publish_from_challenge(
    *,
    actor: Any,
    challenge: Challenge,
    title: str,
    body: str,
    summary: str = "",
    audience: str = Article.Audience.PUBLIC,
) -> Article:
    """An operator publishes a closed, solved case whose company consented, as an anonymised defect
    case tagged like the case."""
    if not is_operator(actor):
        raise PermissionDenied
    if challenge.status != Challenge.Status.CLOSED or challenge.outcome not in PUBLISHABLE:
        raise ValidationError(_("해결되어 종료된 과제만 사례로 게시할 수 있습니다."))
    if not challenge.publish_consent:
        raise ValidationError(_("기업이 사례 공개에 동의하지 않았습니다."))
    if Article.objects.filter(source_challenge=challenge).exists():
        raise ValidationError(_("이 과제는 이미 사례로 게시되었습니다."))
    experts = [
        offer.expert.user
        for offer in challenge.offers.select_related("expert__user").filter(status=Offer.Status.COMPLETED)
    ]
    return _publish_case(
        actor=actor,
        company=challenge.company,
        texts={"title": title, "summary": summary, "body": body},
        audience=audience,
        tags={
            "technology": challenge.technology,
            "process": challenge.process,
            "material": challenge.material,
            "defect": challenge.defect,
        },
        source={"source_challenge": challenge},
        scope=challenge,
        recipients=[*organization_people(organization_id=challenge.company_id), *experts],
    )


@transaction.atomic
def article_publish_from_project(
    *,
    actor: Any,
    project: Project,
    title: str,
    body: str,
    summary: str = "",
    audience: str = Article.Audience.PUBLIC,
) -> Article:
    """An operator publishes a finished graduate-school project whose company consented, the same way."""
    if not is_operator(actor):
        raise PermissionDenied
    if project.status != Project.Status.DONE or project.outcome not in PROJECT_PUBLISHABLE:
        raise ValidationError(_("해결되어 완료된 과제만 사례로 게시할 수 있습니다."))
    if not project.publish_consent:
        raise ValidationError(_("기업이 사례 공개에 동의하지 않았습니다."))
    if Article.objects.filter(source_project=project).exists():
        raise ValidationError(_("이 과제는 이미 사례로 게시되었습니다."))
    source_case = project.challenge
    advisors = [m.advisor.user for m in project.matches.select_related("advisor__user") if m.advisor.user]
    return _publish_case(
        actor=actor,
        company=project.company,
        texts={"title": title, "summary": summary, "body": body},
        audience=audience,
        tags={
            "technology": project.technology,
            "process": project.processes.first() or (source_case.process if source_case else None),
            "material": source_case.material if source_case else None,
            "defect": source_case.defect if source_case else None,
        },
        source={"source_project": project},
        scope=project,
        recipients=[*organization_people(organization_id=project.company_id), *advisors],
    )
