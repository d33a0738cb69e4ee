"""A 주민등록번호 in any free-text field of any write path — the pages, the back office, the API — is
refused, naming the field, and nothing of it is stored (issue 11; core.privacy).

The write paths are enumerated mechanically: every form class of a ppuri module, every model form of
the back office (with its inlines), every string property of the API's request bodies, and every file
input of each (a file's name is text people type too). Every enumerated (path, field) is classified
below, either by a CASE that sends a resident number through it end to end or in NOT_FREE_TEXT with
the reason, and test_every_write_path_field_is_classified fails for one that is not: a new form field,
admin field or API property cannot be missed.
"""

import functools
import importlib
import json
import pkgutil
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

import ppuri
from ppuri.accounts.services import api_token_create
from ppuri.api.v1 import api
from ppuri.challenges import services as desk
from ppuri.reference.models import Certification, Defect, Material, Process, Technology
from ppuri.registry import services as registry
from ppuri.registry.models import Organization
from ppuri.sourcing import services as sourcing
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# The forms people type a resident number in, taken in turn by the cases.
NUMBERS = (
    "900101-1234567",
    "900101 1234567",
    "９００１０１－１２３４５６７",
    "연락처 담당 김철수 850315-2345678 입니다",
)
REFUSED = "주민등록번호 형식"
QUENCH = "SCM440 샤프트 담금질 후 균열이 생깁니다. 고주파가 아니라 유냉입니다."
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
CSV = "공장관리번호,회사명,대표자,주소,업종\n".encode()


def in_a_month() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


# Enumeration of the write paths.


def _typed(name: str, form_field: forms.Field) -> bool:
    """Text people type: a CharField (JSONField is one; e-mail and web addresses too) other than a slug
    or a password; or a file, whose name is typed too. Choice fields are not CharFields."""
    if isinstance(form_field, forms.FileField):
        return True
    return (
        isinstance(form_field, forms.CharField)
        and not isinstance(form_field, forms.SlugField)
        and not isinstance(form_field.widget, forms.PasswordInput)
        and "password" not in name
    )


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def enumerate_forms() -> set[tuple[str, str]]:
    """Every form class defined in a ppuri module, with the fields it has once built (some add
    fields in __init__), or its declared ones when it cannot be built without arguments."""
    for info in pkgutil.walk_packages(ppuri.__path__, "ppuri."):
        # forms.py and admin.py, and every module of a forms package (ppuri/programs/forms/*.py): found
        # whether or not a test before this one happened to import the views that use them.
        if {"forms", "admin"} & set(info.name.split(".")[1:]):
            importlib.import_module(info.name)
    found = set()
    for form_class in _subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("ppuri."):
            continue
        try:
            fields = form_class().fields
        except (TypeError, ValueError):  # needs arguments, or a model form without a model
            fields = form_class.base_fields
        path = f"form {form_class.__module__}.{form_class.__qualname__}"
        found |= {(path, name) for name, form_field in fields.items() if _typed(name, form_field)}
    return found


def enumerate_admin(operator: Any) -> set[tuple[str, str]]:
    """Every ModelAdmin of a ppuri model that may add or change: the fields of its model form (as
    built for adding and for changing) and of its inlines."""
    request = RequestFactory().get("/admin/")
    request.user = operator
    found = set()
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("ppuri."):
            continue
        path = f"admin {model._meta.label}"
        for change, obj in ((False, None), (True, model.objects.first())):
            if change and not model_admin.has_change_permission(request, obj):
                continue
            if not change and not model_admin.has_add_permission(request):
                continue
            form_class = model_admin.get_form(request, obj, change=change)
            found |= {(path, n) for n, f in form_class.base_fields.items() if _typed(n, f)}
            for inline in model_admin.get_inline_instances(request, obj):
                inline_form = inline.get_formset(request, obj).form
                inline_path = f"{path} › {inline.model._meta.label}"
                found |= {(inline_path, n) for n, f in inline_form.base_fields.items() if _typed(n, f)}
    return found


def enumerate_api() -> set[tuple[str, str]]:
    """Every operation with a request body: its string properties ($ref and anyOf followed; arrays
    as name[]) other than enums and dates; and its files."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    found = set()

    def walk(node: dict[str, Any], name: str, path: str) -> None:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []):
                walk(option, name, path)
        if "properties" in node:
            for prop, sub in node["properties"].items():
                walk(sub, f"{name}.{prop}" if name else prop, path)
        elif node.get("type") == "array":
            walk(node.get("items", {}), f"{name}[]", path)
        elif node.get("type") == "string" and "enum" not in node:
            if node.get("format") == "binary":
                found.add((path, name))  # a file: its name is typed
            elif node.get("format") not in ("date", "date-time"):
                found.add((path, name))

    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content["schema"], "", f"api {method.upper()} {url.removeprefix('/api/v1')}")
    return found


# Filling in a page's form as a browser would: every control of the form that holds the field, with
# the values the page shows, then the case's changes.


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: list[Any] | None = None

    def _add(self, name: str | None, value: str) -> None:
        if name and self.forms:
            self.forms[-1]["data"].setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "data": {}, "names": set()})
            return
        if not self.forms or tag not in ("input", "select", "option", "textarea"):
            return
        if a.get("name"):
            self.forms[-1]["names"].add(a["name"])
        if "disabled" in a and tag != "option":
            return  # a browser does not send a disabled control
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a.get("name"), a.get("value") or ("on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self._select = {"name": a.get("name"), "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]] or (
                [] if self._select["multiple"] else options[:1]
            )
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._add(self._select["name"], value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, text.removeprefix("\n"))  # a browser drops the newline after <textarea>
            self._textarea = None


def form_with(html: str, name: str) -> dict[str, Any]:
    parser = _Forms()
    parser.feed(html)
    for found in parser.forms:
        if name in found["names"]:
            return found
    raise AssertionError(f"no form on the page has a field {name!r}")


def add_inline_row(data: dict[str, list[str]], prefix: str) -> int:
    """The admin's "add another" of an inline: a copy of its empty form as the next row."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, values in list(data.items()):
        if name.startswith(f"{prefix}-__prefix__-"):
            data[name.replace("__prefix__", str(index))] = list(values)
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return index


# The cast and the states a case starts from, each reached through the services.


class World:
    """The fixtures of tests/conftest.py and tests/desk_fixtures.py by name (w.supplier_admin)."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return self._request.getfixturevalue(name)

    @property
    def heat(self) -> Any:
        """The heat-treatment expert's account."""
        return self.experts["heat"].user

    @property
    def buyer_org(self) -> Organization:
        return Organization.objects.get(memberships__user=self.buyer)


def posted(w: World) -> Any:
    return desk.challenge_create(
        actor=w.supplier_admin, company=w.supplier, title="SCM440 샤프트 담금질 균열", description=QUENCH
    )


def offered(w: World) -> Any:
    challenge = desk.challenge_triage(
        actor=w.operator,
        challenge=posted(w),
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    (offer,) = desk.offers_create(actor=w.operator, challenge=challenge, experts=[w.experts["heat"]])
    return offer


def in_progress(w: World) -> Any:
    offer = offered(w)
    desk.offer_accept(actor=w.heat, offer=offer)
    return offer.challenge


def resolved(w: World) -> Any:
    challenge = in_progress(w)
    desk.consultation_log(
        actor=w.heat, challenge=challenge, held_on=timezone.localdate(), mode="remote",
        hours=Decimal("1"), notes="유온 확인",
    )  # fmt: skip
    return desk.challenge_resolve(
        actor=w.heat, challenge=challenge, outcome="solved", resolution="담금질 직후 템퍼링으로 균열 해소"
    )


def closed_with_consent(w: World) -> Any:
    return desk.challenge_rate(actor=w.supplier_admin, challenge=resolved(w), rating=5, publish_consent=True)


def invited(w: World) -> Any:
    """An open sourcing request of 청라로보틱스 with 세광주조 invited for its die casting."""
    draft = sourcing.request_create(
        actor=w.buyer, buyer=w.buyer_org, title="로봇 암 하우징", description="알루미늄 다이캐스팅",
        material=Material.objects.get(slug="aluminum"), quantity=500,
        deadline=timezone.localdate() + timedelta(days=30),
        processes=[Process.objects.get(slug="casting.die-casting")],
    )  # fmt: skip
    opened = sourcing.request_open(actor=w.buyer, request=draft)
    return sourcing.invitation_create(
        actor=w.buyer, request=opened, supplier=w.supplier, steps=[opened.steps.get(position=1)]
    )


def a_contact(w: World) -> Any:
    return registry.contact_save(
        actor=w.supplier_admin, organization=w.supplier, name="김담당", title="과장", phone="032-000-0000"
    )


def an_invitation_link(w: World) -> str:
    """The link of an open invitation of 세광주조, as its holder opens it (anonymous)."""
    from ppuri.registry.invitations.services import invitation_create

    _invitation, token = invitation_create(
        actor=w.supplier_admin, organization=w.supplier, email="new@sekwang.co.kr"
    )
    return f"/invitations/{token}/"


def a_claim(w: World) -> Any:
    from ppuri.registry.claims.services import claim_create

    return claim_create(actor=w.outsider, organization=w.supplier, business_number="220-81-62517")


def _talent_job(title: str = "배관 용접공") -> Any:
    from tests.talent.conftest import job_input

    return job_input(
        title=title, description="배관 용접", required_qualifications=[], wage_max=3_300_000,
        complex=None, commuter_bus=False, positions=1,
    )  # fmt: skip


def a_draft_job(w: World) -> Any:
    from ppuri.talent import services as talent

    return talent.job_create(actor=w.supplier_admin, company=w.supplier, data=_talent_job())


def an_open_job(w: World) -> Any:
    from ppuri.talent import services as talent

    return talent.job_open(actor=w.supplier_admin, job=a_draft_job(w))


def a_seeker_profile(w: World, *, discoverable: bool = True) -> Any:
    from ppuri.talent import services as talent

    return talent.seeker_profile_save(
        actor=w.seeker,
        consent=True,
        data=talent.ProfileInput(
            qualifications=[], processes=[Process.objects.get(slug="welding.arc")], technologies=[],
            experience_years=1, education="", preferred_complexes=[], desired_wage=None, shifts=[],
            dormitory=False, available_from=None, discoverable=discoverable,
        ),
    )  # fmt: skip


def an_application(w: World) -> Any:
    from ppuri.talent import services as talent

    job = an_open_job(w)
    a_seeker_profile(w)
    return talent.application_submit(actor=w.seeker, job=job, message="", consent=True)


def a_job_with_a_discoverable_seeker(w: World) -> Any:
    a_seeker_profile(w)
    return an_open_job(w)


def a_token(w: World) -> Any:
    token, _key = api_token_create(user=w.supplier_admin, name="ERP 연동")
    return token


def a_programme(w: World) -> Any:
    from ppuri.incentives import services as incentives
    from tests.incentives.conftest import program_input

    today = timezone.localdate()
    return incentives.program_create(
        actor=w.operator,
        data=program_input(hire_from=today - timedelta(days=365), hire_to=today, min_employees=0),
    )


def an_incentive_application(w: World) -> Any:
    """The supplier's application for a hire, consented to and waiting for the labor office."""
    from ppuri.incentives import services as incentives
    from tests.incentives.conftest import application_input

    _application, token = incentives.application_submit(
        actor=w.supplier_admin,
        data=application_input(
            a_programme(w), w.supplier, hire_date=timezone.localdate() - timedelta(days=10), employees=10
        ),
    )
    return incentives.application_consent(token=token, agree=True)


def _incentive_form(w: World) -> dict[str, Any]:
    return {
        "person_name": "김하늘", "birth_year_month": "1999-04", "incheon_resident": "on",
        "phone": "010-2345-6789", "hire_date": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "site": w.supplier.sites.get().pk, "full_time": "1", "contract_months": 0, "wage": 2_900_000,
        "employees": 10,
    }  # fmt: skip


def _incentive_body(w: World) -> dict[str, Any]:
    return {
        "program_id": a_programme(w).pk, "company_id": w.supplier.pk, "site_id": w.supplier.sites.get().pk,
        "person": {"name": "김하늘", "birth_year_month": "1999-04", "incheon_resident": True,
                   "phone": "010-2345-6789"},
        "hire_date": (timezone.localdate() - timedelta(days=10)).isoformat(), "full_time": True,
        "wage": 2_900_000, "employees": 10,
    }  # fmt: skip


def _program_form(w: World) -> dict[str, Any]:
    return {
        "name": "청년 장려금", "budget": 1_000_000_000, "headcount_cap": 100, "per_company_cap": 3,
        "per_root_company_cap": 5, "age_min": 19, "age_max": 39, "hire_from": "2026-01-01",
        "hire_to": "2026-12-31", "min_employees": 5, "min_contract_months": 12,
        "installments": "3:900000, 6:900000",
    }  # fmt: skip


def _program_body(w: World) -> dict[str, Any]:
    return {
        "name": "청년 장려금", "budget": 1_000_000_000, "headcount_cap": 100, "per_company_cap": 3,
        "per_root_company_cap": 5, "hire_from": "2026-01-01", "hire_to": "2026-12-31",
        "installments": [{"month": 3, "amount": 900_000}],
    }  # fmt: skip


@pytest.fixture
def school(db):
    """The graduate school's staff (the university role)."""
    from ppuri.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="grad-school", role=Role.UNIVERSITY)


@pytest.fixture
def grad_student(db):
    """A seeker's account the school enrols by its address (a_student)."""
    from ppuri.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="grad-student", role=Role.SEEKER, email="grad-student@inha.example")


def _cohort_year() -> int:
    return timezone.localdate().year - 1


def a_cohort(w: World) -> Any:
    """Last year's cohort (saving it again changes nothing)."""
    from ppuri.graduate import services as graduate

    year = _cohort_year()
    return graduate.cohort_save(actor=w.school, year=year, target=30, starts_on=date(year, 3, 2))


def a_student(w: World) -> Any:
    from ppuri.graduate import services as graduate

    return graduate.student_enrol(
        actor=w.school, cohort=a_cohort(w), name="김다은", email=w.grad_student.email,
        technology=Technology.objects.get(slug="casting"),
    )  # fmt: skip


def a_published_project(w: World) -> Any:
    """The supplier's public project, open to students."""
    from ppuri.graduate import services as graduate

    proposed = graduate.project_propose(
        actor=w.supplier_admin,
        data=graduate.ProjectInput(company=w.supplier, **_project_fields(w)),
    )
    return graduate.project_publish(actor=w.school, project=proposed)


def a_project_for_a_student(w: World) -> Any:
    a_student(w)
    return a_published_project(w)


def a_project_past_its_reviews(w: World) -> Any:
    """The student matched to the project with an Inha advisor, the three reviews passed: the school
    may record the result."""
    from ppuri.graduate import services as graduate
    from ppuri.graduate.models import AdvisorInstitution

    AdvisorInstitution.objects.get_or_create(organization=w.institutions["inha"])
    student, project = a_student(w), a_published_project(w)
    graduate.interest_express(actor=w.grad_student, project=project, motivation="기공을 연구하고 싶습니다.")
    match = graduate.match_create(
        actor=w.school, project=project, student=student, advisor=w.experts["casting"]
    )
    today = timezone.localdate()
    for milestone in sorted(match.milestones.all(), key=lambda m: ORDER.index(m.kind)):
        graduate.milestone_update(
            actor=w.school, milestone=milestone, planned_on=today, held_on=today, state="passed"
        )
    return project


def a_graduate(w: World) -> Any:
    from ppuri.graduate import services as graduate
    from ppuri.graduate.models import Student

    project = a_project_past_its_reviews(w)
    student = Student.objects.get(matches__project=project)
    return graduate.student_status_set(actor=w.school, student=student, status="graduated",
                                       day=timezone.localdate())  # fmt: skip


ORDER = ("proposal", "midterm", "defense")


def _project_fields(w: World) -> dict[str, Any]:
    return {"title": "다이캐스팅 기공 저감", "summary": "알루미늄 하우징의 기공을 줄이는 과제",
            "problem": "가스 기공 불량률 4.2%", "mentor_name": "최멘토"}  # fmt: skip


def _project_form(w: World) -> dict[str, Any]:
    return {**_project_fields(w), "confidentiality": "public"}


def _project_body(w: World) -> dict[str, Any]:
    return {**_project_fields(w), "company_id": w.supplier.pk}


def _cohort_form(w: World) -> dict[str, Any]:
    year = _cohort_year()
    return {"year": year, "target": 30, "starts_on": f"{year}-03-02"}


def _placement_form(w: World) -> dict[str, Any]:
    # Employed at a company outside the registry (the page offers the student's project's company).
    return {"survey": "graduation", "outcome": "employed", "employer_choice": "", "employer_name": "한빛주물",
            "hired_on": timezone.localdate().isoformat()}  # fmt: skip


# A visit's red flag, which its detail needs (a detail without its flag is refused first).
VISIT_FLAGS = {
    "hiring_detail": "hiring_need",
    "supplier_detail": "supplier_need",
    "technology_detail": "technology_problem",
    "regulation_detail": "regulation_issue",
    "site_detail": "site_need",
}


def _visit_body(w: World, flag: str | None = None) -> dict[str, Any]:
    return {"organization_id": w.supplier.pk, "visited_on": "2026-11-30", **({flag: True} if flag else {})}


# The programmes' pages (issue 17): the staff's forms, a partner's report, a company's registration and
# requests on a matchmaking day. Their pages answer a refusal with 400.
PROGRAMS_FORMS = "form ppuri.programs.forms"


def _agreement_2019(w: World) -> Any:
    from ppuri.programs.models import Agreement

    return Agreement.objects.get(slug="incheon-root-2019")


def a_manual_commitment(w: World) -> Any:
    """A commitment of the 2019 agreement whose actual a partner types in, with one period."""
    from ppuri.programs.services import agreements as programme

    agreement = _agreement_2019(w)
    commitment = programme.commitment_create(
        actor=w.operator,
        agreement=agreement,
        data=programme.CommitmentInput(
            partner=agreement.partners.order_by("order").first(), code="RRN", title="기업 상담 지원",
            indicator="상담 건수", unit="건",
        ),
    )  # fmt: skip
    programme.period_add(
        actor=w.operator,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), target=10
        ),
    )
    return commitment


def _period_report_page(w: World) -> str:
    commitment = a_manual_commitment(w)
    return f"/programs/commitments/{commitment.pk}/periods/{commitment.periods.get().pk}/report/"


def a_namdong_project(w: World) -> Any:
    """The regeneration with its budget lines, a milestone and an output."""
    from ppuri.programs.services import project_progress as progress
    from tests.programs.projects_setup import build_namdong

    project = build_namdong(w.operator, slug="rrn-namdong")
    progress.milestone_add(
        actor=w.operator, project=project,
        data=progress.MilestoneInput(title="착공", planned_on=date(2026, 3, 2)),
    )  # fmt: skip
    return project


def _project_page(w: World) -> str:
    return f"/programs/projects/{a_namdong_project(w).pk}/"


def _namdong(w: World) -> Any:
    from ppuri.programs.models import Project

    return Project.objects.get(slug="rrn-namdong")


def _a_line_field(name: str) -> Callable[[World], str]:
    def named(w: World) -> str:
        line = _namdong(w).subprojects.order_by("order").first().budget_lines.order_by("pk").first()
        return f"line-{line.pk}-{name}"

    return named


def _a_milestone_field(name: str) -> Callable[[World], str]:
    return lambda w: f"ms-{_namdong(w).milestones.get().pk}-{name}"


def _the_subproject(w: World) -> dict[str, Any]:
    return {"subproject": _namdong(w).subprojects.order_by("order").first().pk}


def a_matchmaking_day(w: World) -> Any:
    """An open matchmaking day the operator organises, with a morning session and tables."""
    from tests.programs.conftest_events import make_event

    return make_event(w.operator)


def a_day_with_two_companies(w: World) -> Any:
    """The day with 세광주조 and 청라로보틱스 taking part (each registered by its member)."""
    from tests.programs.conftest_events import join

    event = a_matchmaking_day(w)
    join(event, w.supplier, w.supplier_admin)
    join(event, w.buyer_org, w.buyer)
    return event


def _event_page(state: Callable[[World], Any], tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/programs/events/{state(w).pk}/{tail}"


def _meeting_place(w: World) -> dict[str, Any]:
    from ppuri.programs.models import Event

    event = Event.objects.get()
    first, second = event.participants.order_by("pk")
    return {"first": first.pk, "second": second.pk, "slot": event.slots.order_by("starts_at").first().pk,
            "table": event.tables.order_by("pk").first().pk}  # fmt: skip


def a_lead(w: World) -> Any:
    from ppuri.programs.services import investment

    return investment.lead_create(actor=w.operator, data=investment.LeadInput(code_name="PROJECT RRN"))


def a_follow_up(w: World) -> Any:
    """The hiring follow-up of a visit to 세광주조."""
    from ppuri.programs.services import visits

    visit = visits.visit_log(
        actor=w.operator,
        data=visits.VisitInput(
            organization=w.supplier, visited_on=timezone.localdate(), hiring_need=True, hiring_detail="용접공"
        ),
    )
    return visit.follow_ups.get()


def _visit_form(w: World, flag: str | None = None) -> dict[str, Any]:
    return {"organization": str(w.supplier.pk), "visited_on": timezone.localdate().isoformat(),
            **({flag: "on"} if flag else {})}  # fmt: skip


# The cases.


@dataclass(frozen=True)
class Case:
    """One field of one write path, sent a resident number.

    kind: "page" (the form comes back with the refusal at `field`, None for above the form), "step"
    (a POST-only step: the case's page comes back with that form, the refusal naming `label` at
    `field`), "api" (422 with
    `field` a key of detail, or `label` in it), "query" (a read with a body: answered, nothing kept).
    status: what a page or step answers with the refusal (the graduate school's pages answer 400).
    """

    id: str
    covers: tuple[tuple[str, str], ...]
    kind: str
    user: str  # the World attribute of who sends it ("" for an anonymous caller)
    url: Callable[[World], str]  # the page holding the form, or the API path
    field: str | None
    label: str = ""
    input: str = ""  # the posted name when it is not `field` (an admin inline's row)
    base: Callable[[World], dict[str, Any]] = lambda w: {}
    file: str = ""  # the number goes in the name of this file ("도면 {}.pdf")
    method: str = "post"
    value: str = ""  # a form of the number that the field's other rules let through
    prepare: Callable[[dict[str, list[str]], World], None] | None = None  # an admin inline row
    status: int = 200
    # The posted name when it holds a row's id (a form prefixed line-<pk>), read once the url built it.
    named: Callable[[World], str] | None = None

    @property
    def posted_name(self) -> str:
        return self.input or self.field or ""

    def posted_name_in(self, w: World) -> str:
        return self.named(w) if self.named is not None else self.posted_name


def _upload(case: Case, value: str) -> SimpleUploadedFile:
    content = CSV if case.file.endswith(".csv") else PDF
    return SimpleUploadedFile(case.file.format(value), content)


def prepare(case: Case, w: World, value: str) -> tuple[Client, Callable[[], HttpResponse]]:
    """Reach the case's state and build its request; the returned call sends it."""
    user = getattr(w, case.user) if case.user else None
    url = case.url(w)
    if case.kind in ("api", "query"):
        client = Client()
        headers = w.token_for(user) if user is not None else {}
        if case.file:
            upload = _upload(case, value)
            return client, lambda: client.post(f"/api/v1{url}", {case.posted_name: upload}, headers=headers)
        body = json.dumps(_with(case.base(w), case.posted_name, value))
        return client, lambda: client.generic(
            case.method.upper(), f"/api/v1{url}", body, content_type="application/json", headers=headers
        )
    client = client_for(user) if user is not None else Client()
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    posted_name = case.posted_name_in(w)
    # A new inline row is not on the page yet: its form is the one with the inline's empty row.
    marker = re.sub(r"-\d+-", "-__prefix__-", posted_name) if case.prepare else posted_name
    found = form_with(page.content.decode(), marker)
    data: dict[str, Any] = found["data"]
    if case.prepare is not None:
        case.prepare(data, w)
    data.update({name: [str(v)] for name, v in case.base(w).items()})
    if case.file:
        data[posted_name] = _upload(case, value)
    else:
        data[posted_name] = [value]
    action = found["action"] or url
    return client, lambda: client.post(action, data)


def _with(body: dict[str, Any], name: str, value: str) -> dict[str, Any]:
    """The body with `name` set to `value`; a dotted name reaches into an object (person.name)."""
    head, _dot, rest = name.partition(".")
    if not rest:
        return {**body, name: value}
    return {**body, head: _with(dict(body.get(head, {})), rest, value)}


def _case_id(path: str, name: str) -> str:
    """The test id: challenges.ChallengeForm.title, admin Organization/Site.name, PATCH /articles body."""
    if path.startswith("api "):
        return f"{path.removeprefix('api ')} {name}"
    if path.startswith("admin "):
        models_ = [label.rsplit(".", 1)[-1] for label in path.removeprefix("admin ").split(" › ")]
        return f"admin {'/'.join(models_)}.{name}"
    module, form_class = path.removeprefix("form ").rsplit(".", 1)
    parts = module.split(".")
    if parts[-1] != "forms":  # a module of a forms package: programs.agreements.DocumentForm.title
        return f"{parts[1]}.{parts[-1]}.{form_class}.{name}"
    return f"{parts[1]}.{form_class}.{name}"


def page(path: str, name: str, user: str, url: Callable[[World], str], **options: Any) -> Case:
    """A form on a page, which comes back with the refusal at the field. `also`: other enumerated
    (path, field) this same request covers (the admin's form class, say)."""
    covers = ((path, name), *options.pop("also", ()))
    options.setdefault("field", name)
    options.setdefault("input", name)
    return Case(_case_id(path, name), covers, "page", user, url, **options)


def step(path: str, name: str, user: str, url: Callable[[World], str], label: str, **options: Any) -> Case:
    """A form posted to a step of a case or a request: its page comes back with the form as posted."""
    return Case(_case_id(path, name), ((path, name),), "step", user, url, name, label, **options)


def api_case(
    path: str, prop: str, user: str, url: Callable[[World], str], label: str, **options: Any
) -> Case:
    """`path` as enumerated ("POST /challenges"); the 422 names `prop` as a key of detail or
    `label` in a message."""
    method = path.split()[0].lower()
    kind = options.pop("kind", "api")
    key = f"api {path}"
    return Case(_case_id(key, prop), ((key, prop),), kind, user, url, prop, label, method=method, **options)


CHALLENGE = "form ppuri.challenges.forms.ChallengeForm"
ARTICLE = "form ppuri.knowledge.forms.ArticleForm"
PUBLISHED = "form ppuri.knowledge.forms.CaseForm"
ORG = "form ppuri.registry.forms.OrganizationProfileForm"
CAPABILITY = "form ppuri.registry.forms.CapabilityForm"
SITE = "form ppuri.registry.forms.SiteForm"
CONTACT = "form ppuri.registry.forms.ContactForm"
REQUEST = "form ppuri.sourcing.forms.RequestForm"
QUOTE = "form ppuri.sourcing.forms.QuoteForm"
CONSULTATION = "form ppuri.challenges.forms.ConsultationForm"
RESOLVE = "form ppuri.challenges.forms.ResolveForm"
RATE = "form ppuri.challenges.forms.RateForm"
TITLE_SUMMARY_BODY = ("title", "summary", "body")
EXPERT = "form ppuri.challenges.admin.ExpertForm"
USER_CHANGE = "form ppuri.accounts.admin.CheckedUserChangeForm"
ADMIN_ORG = "admin registry.Organization"
ADMIN_USER = "admin accounts.User"
ADMIN_EXPERT = "admin challenges.Expert"


def _fixed(url: str) -> Callable[[World], str]:
    return lambda w: url


def _company(tail: Callable[[World], str] = lambda w: "edit/") -> Callable[[World], str]:
    return lambda w: f"/companies/{w.supplier.pk}/{tail(w)}"


def _challenge(state: Callable[[World], Any], tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/challenges/{state(w).pk}/{tail}"


def _sourcing(w: World) -> str:
    return f"/sourcing/{invited(w).request_id}/"


def _admin(model: str, obj: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: f"/admin/{model}/{obj(w).pk}/change/"


def _new_row(prefix: str, **values: Callable[[World], Any]) -> Callable[[dict[str, Any], World], None]:
    def fill(data: dict[str, Any], w: World) -> None:
        index = add_inline_row(data, prefix)
        for name, value in values.items():
            data[f"{prefix}-{index}-{name}"] = [str(value(w))]

    return fill


def _problem(w: World) -> dict[str, Any]:
    return {"title": "SCM440 샤프트 균열", "description": QUENCH}


def _guide(w: World) -> dict[str, Any]:
    return {"title": "담금질 균열 줄이기", "body": "템퍼링을 바로 합니다."}


def _part(w: World) -> dict[str, Any]:
    return {"title": "로봇 암 하우징", "description": "알루미늄 다이캐스팅", "quantity": 500}


def _price(w: World) -> dict[str, Any]:
    return {"price_krw": 1_200_000, "lead_time_days": 20, "valid_until": in_a_month()}


def _api_capability(w: World) -> str:
    return f"/companies/{w.supplier.pk}/capabilities/{w.supplier.capabilities.get().pk}"


_the_capability = _company(lambda w: f"capabilities/{w.supplier.capabilities.get().pk}/")
_the_site = _company(lambda w: f"sites/{w.supplier.sites.get().pk}/")
_the_organization = _admin("registry/organization", lambda w: w.supplier)
_the_user = _admin("accounts/user", lambda w: w.supplier_admin)
_the_expert = _admin("challenges/expert", lambda w: w.experts["heat"])

EMAIL_WITH_NUMBER = "900101-1234567@example.com"
URL_WITH_NUMBER = "https://example.com/staff/900101-1234567"
MY_DATA = "/accounts/my-data/"

CLAIM = "form ppuri.registry.claims.forms.ClaimForm"
INVITE = "form ppuri.registry.invitations.forms.InviteForm"
STAFF_INVITE = "form ppuri.registry.invitations.forms.OperatorInviteForm"
VALID_BUSINESS_NUMBER = {"business_number": "220-81-62517"}
NEW_PASSWORD = "mold-press-2026!"

JOB = "form ppuri.talent.forms.JobForm"
PROGRAM_FORM = "form ppuri.incentives.forms.ProgramForm"
INCENTIVE_FORM = "form ppuri.incentives.forms.ApplicationForm"
PROFILE = "form ppuri.talent.forms.ProfileForm"


def _job_form(w: World) -> dict[str, Any]:
    return {
        "title": "배관 용접공", "technology": Technology.objects.get(slug="welding").pk,
        "experience_years_min": 0, "employment_type": "full_time", "shift": "day", "wage_min": 2_800_000,
        "wage_max": 3_300_000, "positions": 1,
    }  # fmt: skip


def _job_body(w: World) -> dict[str, Any]:
    return {
        "company_id": w.supplier.pk, "title": "배관 용접공", "technology": "welding",
        "employment_type": "full_time", "shift": "day", "wage_min": 2_800_000, "wage_max": 3_300_000,
    }  # fmt: skip


GRADUATE_FORMS = "form ppuri.graduate.forms"
PROJECT_FORM = f"{GRADUATE_FORMS}.ProjectForm"
ENROL = f"{GRADUATE_FORMS}.EnrolForm"
PLACEMENT = f"{GRADUATE_FORMS}.PlacementForm"
_a_cohort_page = lambda w: f"/graduate/cohorts/{a_cohort(w).year}/"  # noqa: E731

SIGNUP = "form ppuri.accounts.joining.forms.SignupForm"
SIGNUP_BASE = {
    "kind": "seeker",
    "email": "minji@example.kr",
    "display_name": "김민지",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
    "consent_account": "on",
}

CASES_IN_ORDER: list[Case] = [
    # Joining: an anonymous visitor's sign-up and the resend of its link.
    page(SIGNUP, "display_name", "", _fixed("/accounts/signup/"), base=lambda w: SIGNUP_BASE),
    page(SIGNUP, "email", "", _fixed("/accounts/signup/"), value=EMAIL_WITH_NUMBER,
         base=lambda w: SIGNUP_BASE),
    page("form ppuri.accounts.joining.forms.EmailForm", "email", "", _fixed("/accounts/verify/resend/"),
         value=EMAIL_WITH_NUMBER),
    # Claims and invitations.
    page(CLAIM, "message", "outsider", _company(lambda w: "claim/"), base=lambda w: VALID_BUSINESS_NUMBER),
    page(CLAIM, "work_email", "outsider", _company(lambda w: "claim/"), base=lambda w: VALID_BUSINESS_NUMBER,
         value=EMAIL_WITH_NUMBER),
    page(CLAIM, "document", "outsider", _company(lambda w: "claim/"), base=lambda w: VALID_BUSINESS_NUMBER,
         label="파일 이름", file="사업자등록증 {}.pdf"),
    step("form ppuri.registry.claims.forms.RefuseForm", "reason", "operator",
         lambda w: f"/claims/{a_claim(w).pk}/", "반려 사유"),
    page(INVITE, "email", "supplier_admin", _company(lambda w: "people/"), value=EMAIL_WITH_NUMBER),
    page(STAFF_INVITE, "email", "operator", _fixed("/invitations/new/"), value=EMAIL_WITH_NUMBER,
         base=lambda w: {"organization": w.institutions["inha"].pk, "user_role": "university",
                         "membership_role": "member"}),
    page("form ppuri.registry.invitations.forms.AcceptForm", "name", "", an_invitation_link,
         base=lambda w: {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}),
    *[
        api_case("POST /claims", prop, "outsider", _fixed("/claims"), label,
                 base=lambda w: {"organization": w.supplier.pk, **VALID_BUSINESS_NUMBER}, value=value)
        for prop, label, value in [
            ("message", "메시지", ""), ("work_email", "업무용 이메일", EMAIL_WITH_NUMBER)
        ]
    ],
    api_case("POST /claims/{claim_id}/refuse", "reason", "operator",
             lambda w: f"/claims/{a_claim(w).pk}/refuse",
             "반려 사유"),
    # The desk's pages.
    page(CHALLENGE, "title", "supplier_admin", _fixed("/challenges/new/"), base=_problem),
    page(CHALLENGE, "description", "supplier_admin", _fixed("/challenges/new/"), base=_problem),
    page(CHALLENGE, "attachments", "supplier_admin", _fixed("/challenges/new/"), base=_problem,
         label="파일 이름", file="도면 {}.pdf"),
    step("form ppuri.challenges.forms.DeclineForm", "reason", "heat",
         _challenge(lambda w: offered(w).challenge), "거절 사유"),
    step(CONSULTATION, "notes", "heat", _challenge(in_progress), "자문 내용"),
    step(CONSULTATION, "attachments", "heat", _challenge(in_progress),
         "파일 이름", file="자문 {}.pdf", base=lambda w: {"notes": "유온 확인"}),
    step(RESOLVE, "resolution", "heat", _challenge(in_progress), "해결 내용"),
    step(RATE, "comment", "supplier_admin", _challenge(resolved), "평가 의견"),
    # Knowledge.
    *[page(ARTICLE, name, "heat", _fixed("/knowledge/new/"), base=_guide) for name in TITLE_SUMMARY_BODY],
    *[
        page(PUBLISHED, name, "operator", lambda w: f"/knowledge/publish/{closed_with_consent(w).pk}/")
        for name in TITLE_SUMMARY_BODY
    ],
    # The registry's pages and the account's.
    *[
        page(ORG, name, "supplier_admin", _company())
        for name in ("name", "name_en", "description", "description_en", "products", "raw_materials", "phone")
    ],
    *[page(CAPABILITY, name, "supplier_admin", _the_capability) for name in ("equipment", "notes")],
    *[
        page(SITE, name, "supplier_admin", _the_site)
        for name in ("name", "address", "district", "factory_number")
    ],
    *[
        page(CONTACT, name, "supplier_admin", _company(lambda w: "contacts/new/"),
             base=lambda w: {"name": "김담당"})
        for name in ("name", "title", "phone")
    ],
    # E-mail and web addresses are typed too: a number that the address's own rules let through.
    page(CONTACT, "email", "supplier_admin", _company(lambda w: "contacts/new/"),
         base=lambda w: {"name": "김담당"}, value=EMAIL_WITH_NUMBER),
    page(ORG, "website", "supplier_admin", _company(), value=URL_WITH_NUMBER),
    page(ADMIN_ORG, "website", "operator", _the_organization, value=URL_WITH_NUMBER),
    page(f"{ADMIN_ORG} › registry.Contact", "email", "operator", _the_organization,
         input="contacts-0-email", prepare=_new_row("contacts", name=lambda w: "김담당"),
         value=EMAIL_WITH_NUMBER),
    page("admin registry.Contact", "email", "operator", _admin("registry/contact", a_contact),
         value=EMAIL_WITH_NUMBER),
    page(ADMIN_USER, "email", "operator", _the_user, also=[(USER_CHANGE, "email")], value=EMAIL_WITH_NUMBER),
    page("form ppuri.accounts.forms.ApiTokenForm", "name", "supplier_admin", _fixed("/accounts/tokens/")),
    # My data: two forms on one page, each posted to its own URL and shown again on the page.
    step("form ppuri.accounts.forms.ProfileForm", "display_name", "supplier_admin", _fixed(MY_DATA),
         "표시 이름"),
    step("form ppuri.accounts.forms.EmailChangeForm", "email", "supplier_admin", _fixed(MY_DATA),
         "새 전자우편 주소", value=EMAIL_WITH_NUMBER),
    page("form ppuri.registry.importing.forms.FactoryFileForm", "file", "operator", _fixed("/imports/"),
         label="파일 이름", file="공장목록 {}.csv"),
    # Sourcing.
    *[
        page(REQUEST, name, "buyer", _fixed("/sourcing/new/"), base=_part)
        for name in ("title", "description", "material_grade", "tolerance")
    ],
    page(REQUEST, "attachments", "buyer", _fixed("/sourcing/new/"), base=_part, label="파일 이름",
         file="도면 {}.pdf"),
    step(QUOTE, "notes", "supplier_admin", _sourcing, "비고", base=_price),
    step(QUOTE, "attachments", "supplier_admin", _sourcing, "파일 이름", base=_price, file="견적 {}.pdf"),
    step("form ppuri.sourcing.forms.DeclineForm", "reason", "supplier_admin", _sourcing, "사양 사유"),
    # Talent: postings, the seeker's profile, applications, stages and invitations.
    *[
        page(JOB, name, "supplier_admin", _fixed("/jobs/new/"), base=_job_form)
        for name in ("title", "description")
    ],
    page(PROFILE, "headline", "seeker", _fixed("/jobs/me/"), base=lambda w: {"consent": "on"}),
    page(PROFILE, "phone", "seeker", _fixed("/jobs/me/"), base=lambda w: {"consent": "on"},
         value="900101-1234567"),
    step("form ppuri.talent.forms.ApplyForm", "message", "seeker",
         lambda w: f"/jobs/{an_open_job(w).pk}/" if a_seeker_profile(w) else "", "지원 메시지(선택)",
         base=lambda w: {"consent": "on"}),
    step("form ppuri.talent.forms.StageForm", "comment", "supplier_admin",
         lambda w: f"/jobs/applications/{an_application(w).pk}/", "메모(기업 내부용)",
         base=lambda w: {"stage": "reviewing"}),
    step("form ppuri.talent.forms.InterestForm", "message", "supplier_admin",
         lambda w: f"/jobs/{a_job_with_a_discoverable_seeker(w).pk}/matches/", "제안 메시지"),
    *[
        api_case("POST /jobs", prop, "supplier_admin", _fixed("/jobs"), prop, base=_job_body)
        for prop in ("title", "description")
    ],
    *[
        api_case("PUT /jobs/{job_id}", prop, "supplier_admin", lambda w: f"/jobs/{a_draft_job(w).pk}", prop,
                 base=_job_body)
        for prop in ("title", "description")
    ],
    api_case("PUT /seekers/me", "headline", "seeker", _fixed("/seekers/me"), "headline",
             base=lambda w: {"consent": True}),
    api_case("PUT /seekers/me", "phone", "seeker", _fixed("/seekers/me"), "phone",
             base=lambda w: {"consent": True}, value="900101-1234567"),
    api_case("POST /jobs/{job_id}/applications", "message", "seeker",
             lambda w: f"/jobs/{an_open_job(w).pk}/applications" if a_seeker_profile(w) else "", "message",
             base=lambda w: {"consent": True}),
    api_case("POST /applications/{application_id}/stage", "comment", "supplier_admin",
             lambda w: f"/applications/{an_application(w).pk}/stage", "comment",
             base=lambda w: {"stage": "reviewing"}),
    api_case("POST /jobs/{job_id}/interests", "message", "supplier_admin",
             lambda w: f"/jobs/{a_job_with_a_discoverable_seeker(w).pk}/interests", "message",
             base=lambda w: {"seeker_id": w.seeker.pk}),
    page("form ppuri.talent.forms.WageArrearsForm", "source", "operator", _fixed("/jobs/wage-arrears/"),
         base=lambda w: {"company": w.supplier.pk, "listed_on": "2026-09-01"}),
    # The youth incentive: a programme, a company's application for a hire, the labor office's reasons.
    *[
        page(PROGRAM_FORM, name, "operator", _fixed("/incentives/new/"), base=_program_form)
        for name in ("name", "description")
    ],
    page(INCENTIVE_FORM, "person_name", "supplier_admin", lambda w: f"/incentives/{a_programme(w).pk}/apply/",
         base=_incentive_form),
    page(INCENTIVE_FORM, "phone", "supplier_admin", lambda w: f"/incentives/{a_programme(w).pk}/apply/",
         base=_incentive_form, value="900101-1234567"),
    *[
        api_case("POST /incentives/programs", prop, "operator", _fixed("/incentives/programs"), prop,
                 base=_program_body)
        for prop in ("name", "description")
    ],
    api_case("POST /incentives/applications", "person.name", "supplier_admin",
             _fixed("/incentives/applications"), "person.name", base=_incentive_body),
    api_case("POST /incentives/applications", "person.phone", "supplier_admin",
             _fixed("/incentives/applications"), "person.phone", base=_incentive_body,
             value="900101-1234567"),
    api_case("POST /incentives/applications/{incentive_application_id}/reject", "reason", "labor_office",
             lambda w: f"/incentives/applications/{an_incentive_application(w).pk}/reject", "사유"),
    api_case("POST /incentives/applications/{incentive_application_id}/evidence", "file", "supplier_admin",
             lambda w: f"/incentives/applications/{an_incentive_application(w).pk}/evidence", "파일 이름",
             file="근로계약서 {}.pdf"),
    # The graduate school: cohorts, students' enrolment and requests, companies' projects, a student's
    # interest, a project's result and a graduate's placement. Its pages answer a refusal with 400.
    page(f"{GRADUATE_FORMS}.CohortForm", "note", "school", _fixed("/graduate/cohorts/new/"),
         base=_cohort_form),
    step(ENROL, "name", "school", _a_cohort_page, "이름",
         base=lambda w: {"email": "new-student@inha.example"}, status=400),
    step(ENROL, "email", "school", _a_cohort_page, "전자우편", base=lambda w: {"name": "박서연"},
         value=EMAIL_WITH_NUMBER, status=400),
    page(f"{GRADUATE_FORMS}.StudentRequestForm", "name", "seeker", _fixed("/graduate/me/"),
         base=lambda w: {"cohort": a_cohort(w).pk, "consent": "on"}, status=400),
    *[
        page(PROJECT_FORM, name, "supplier_admin", _fixed("/graduate/projects/new/"), base=_project_form,
             status=400)
        for name in ("title", "summary", "problem", "data_shared", "mentor_name", "mentor_title")
    ],
    step(f"{GRADUATE_FORMS}.InterestForm", "motivation", "grad_student",
         lambda w: f"/graduate/projects/{a_project_for_a_student(w).pk}/", "지원 동기", status=400),
    step(f"{GRADUATE_FORMS}.CompleteForm", "result", "school",
         lambda w: f"/graduate/projects/{a_project_past_its_reviews(w).pk}/", "수행 결과",
         base=lambda w: {"outcome": "solved"}, status=400),
    *[
        step(PLACEMENT, name, "school", lambda w: f"/graduate/students/{a_graduate(w).pk}/", label,
             base=_placement_form, status=400)
        for name, label in [("employer_name", "고용 기업 이름(등록되지 않은 기업)"), ("role", "직무")]
    ],
    *[
        api_case("POST /graduate/projects", prop, "supplier_admin", _fixed("/graduate/projects"), prop,
                 base=_project_body)
        for prop in ("title", "summary", "problem", "data_shared", "mentor_name", "mentor_title")
    ],
    api_case("POST /graduate/projects/{project_id}/interest", "motivation", "grad_student",
             lambda w: f"/graduate/projects/{a_project_for_a_student(w).pk}/interest", "motivation"),
    # The programmes: a lead and a company visit through the API (the staff's).
    *[
        api_case("POST /programs/leads", prop, "operator", _fixed("/programs/leads"), prop,
                 base=lambda w: {"code_name": "PROJECT RRN"})
        for prop in ("code_name", "investor_name", "summary", "summary_en", "incentives_asked", "site_needs",
                     "next_step")
    ],
    *[
        api_case("POST /programs/visits", prop, "operator", _fixed("/programs/visits"), prop,
                 base=functools.partial(_visit_body, flag=VISIT_FLAGS.get(prop)))
        for prop in ("met", *VISIT_FLAGS, "notes", "summary_for_company")
    ],
    # The programmes' pages: agreements, partners, commitments, periods, a partner's report, documents.
    *[
        page(f"{PROGRAMS_FORMS}.agreements.AgreementForm", name, "operator",
             _fixed("/programs/agreements/new/"),
             base=lambda w: {"slug": "rrn-agreement", "title": "협력 협약", "signed_on": "2026-07-18"},
             status=400)
        for name in ("title", "title_en", "place", "summary", "summary_en", "source")
    ],
    *[
        page(f"{PROGRAMS_FORMS}.agreements.PartnerForm", name, "operator",
             lambda w: f"/programs/agreements/{_agreement_2019(w).pk}/partners/add/",
             base=lambda w: {"name": "인천뿌리산업협회"}, status=400)
        for name in ("name", "name_en", "role", "role_en")
    ],
    *[
        page(f"{PROGRAMS_FORMS}.agreements.CommitmentForm", name, "operator",
             lambda w: f"/programs/agreements/{_agreement_2019(w).pk}/commitments/add/",
             base=lambda w: {"partner": _agreement_2019(w).partners.order_by("order").first().pk,
                             "code": "R1",
                             "title": "기업 상담 지원", "indicator": "상담 건수", "unit": "건"},
             status=400, **({"value": "900101-1234567"} if name in ("code", "unit") else {}))
        for name in ("code", "title", "title_en", "indicator", "indicator_en", "unit", "source")
    ],
    page(f"{PROGRAMS_FORMS}.agreements.PeriodForm", "label", "operator",
         lambda w: f"/programs/commitments/{a_manual_commitment(w).pk}/periods/add/",
         base=lambda w: {"starts_on": "2027-01-01", "ends_on": "2027-12-31", "target": "12"}, status=400),
    page(f"{PROGRAMS_FORMS}.agreements.ReportForm", "evidence", "operator", _period_report_page,
         base=lambda w: {"actual": "3"}, status=400),
    page(f"{PROGRAMS_FORMS}.agreements.ReportForm", "evidence_file", "operator", _period_report_page,
         base=lambda w: {"actual": "3", "evidence": "상담 일지 3건"}, label="파일 이름", file="증빙 {}.pdf",
         status=400),
    *[
        page(f"{PROGRAMS_FORMS}.agreements.DocumentForm", name, "operator",
             lambda w: f"/programs/agreements/{_agreement_2019(w).pk}/documents/add/",
             base=lambda w, name=name: {"title": "협약서",
                                       **({} if name == "url" else {"url": "https://example.kr/a.pdf"})},
             status=400, **({"value": URL_WITH_NUMBER} if name == "url" else {}))
        for name in ("title", "url")
    ],
    page(f"{PROGRAMS_FORMS}.agreements.DocumentForm", "file", "operator",
         lambda w: f"/programs/agreements/{_agreement_2019(w).pk}/documents/add/",
         base=lambda w: {"title": "협약서"}, label="파일 이름", file="협약서 {}.pdf", status=400),
    # Projects: the project, a sub-project and a milestone on their pages; lines, outcomes, outputs and
    # documents from the project's page.
    *[
        page(f"{PROGRAMS_FORMS}.projects.ProjectForm", name, "operator", _fixed("/programs/projects/new/"),
             base=lambda w: {"slug": "rrn-project", "title": "남동산단 재생사업"}, status=400)
        for name in ("title", "title_en", "summary", "summary_en", "lead_agency", "source")
    ],
    *[
        page(f"{PROGRAMS_FORMS}.projects.SubProjectForm", name, "operator",
             lambda w: f"/programs/projects/{a_namdong_project(w).pk}/subprojects/"
             f"{_namdong(w).subprojects.order_by('order').first().pk}/edit/", status=400)
        for name in ("title", "title_en", "description")
    ],
    *[
        page(f"{PROGRAMS_FORMS}.projects.MilestoneForm", name, "operator",
             lambda w: f"/programs/projects/{a_namdong_project(w).pk}/milestones/"
             f"{_namdong(w).milestones.get().pk}/edit/",
             base=lambda w, name=name: {"planned_on": "2026-04-01"} if name == "reason" else {}, status=400)
        for name in ("title", "title_en", "note", "reason")
    ],
    step(f"{PROGRAMS_FORMS}.projects.BudgetLineEditForm", "reason", "operator", _project_page, "변경 사유",
         named=_a_line_field("reason"), base=lambda w: {_a_line_field("executed")(w): "500000000"},
         status=400),
    step(f"{PROGRAMS_FORMS}.projects.MilestoneOutcomeForm", "note", "operator", _project_page, "비고",
         named=_a_milestone_field("note"), status=400),
    *[
        step(f"{PROGRAMS_FORMS}.projects.OutputForm", name, "operator", _project_page, label,
             input=f"out-{name}", status=400,
             base=lambda w: {"out-subproject": _the_subproject(w)["subproject"], "out-indicator": "주차면",
                             "out-unit": "면", "out-target": "120"},
             **({"value": "900101-1234567"} if name == "unit" else {}))
        for name, label in [("indicator", "산출물"), ("indicator_en", "산출물(영문)"), ("unit", "단위")]
    ],
    *[
        step(f"{PROGRAMS_FORMS}.projects.DocumentForm", name, "operator", _project_page, label,
             input=f"doc-{name}", status=400,
             base=lambda w, name=name: {"doc-title": "실시설계 보고서",
                                       **({} if name == "url" else {"doc-url": "https://example.kr/r"})},
             **({"value": URL_WITH_NUMBER} if name == "url" else {}))
        for name, label in [("title", "제목"), ("url", "링크")]
    ],
    step(f"{PROGRAMS_FORMS}.projects.DocumentForm", "file", "operator", _project_page, "파일 이름",
         input="doc-file", base=lambda w: {"doc-title": "실시설계 보고서"}, file="보고서 {}.pdf", status=400),
    # The investment pipeline: a lead, and its stage's note and reason.
    *[
        page(f"{PROGRAMS_FORMS}.investment.LeadForm", name, "operator", _fixed("/programs/leads/new/"),
             base=lambda w: {"code_name": "PROJECT RRN"}, status=400)
        for name in ("code_name", "investor_name", "summary", "summary_en", "incentives_asked", "site_needs",
                     "next_step")
    ],
    *[
        step(f"{PROGRAMS_FORMS}.investment.StageForm", name, "operator",
             lambda w: f"/programs/leads/{a_lead(w).pk}/", label,
             base=lambda w, stage=stage: {"stage": stage},
             status=400)
        for name, label, stage in [("note", "메모", "contact"), ("lost_reason", "무산 사유", "lost")]
    ],
    # Company visits: the visit's survey and notes, a follow-up's result.
    *[
        page(f"{PROGRAMS_FORMS}.visits.VisitForm", name, "operator", _fixed("/programs/visits/new/"),
             base=functools.partial(_visit_form, flag=VISIT_FLAGS.get(name)), status=400)
        for name in ("met", *VISIT_FLAGS, "notes", "summary_for_company")
    ],
    step(f"{PROGRAMS_FORMS}.visits.FollowUpCloseForm", "result", "operator",
         lambda w: f"/programs/follow-ups/{a_follow_up(w).pk}/", "처리 결과", status=400),
    # Matchmaking days: the day, a session, a participant the organiser adds, a company's registration
    # and request, a meeting placed by hand.
    *[
        page(f"{PROGRAMS_FORMS}.events.EventForm", name, "operator", _fixed("/programs/events/new/"),
             base=lambda w: {"title": "구매상담회", "held_on": "2026-10-15",
                             "venue": "남동산업단지 지원센터"},
             status=400)
        for name in ("title", "title_en", "description", "description_en", "venue")
    ],
    step(f"{PROGRAMS_FORMS}.events.SessionForm", "title", "operator", _event_page(a_matchmaking_day),
         "세션명",
         base=lambda w: {"starts_at": "14:00"}, status=400),
    *[
        page(f"{PROGRAMS_FORMS}.events.ParticipantForm", name, "operator",
             _event_page(a_matchmaking_day, "participants/new/"),
             base=lambda w: {"kind": "investor", "name": "Lumen Robotics Capital"}, status=400,
             also=[(f"{PROGRAMS_FORMS}.events.ProfileFields", name)] if name != "name" else [])
        for name in ("contact_name", "name", "needs", "offers")
    ],
    *[
        step(f"{PROGRAMS_FORMS}.events.RegisterForm", name, "supplier_admin", _event_page(a_matchmaking_day),
             label, status=400)
        for name, label in [("contact_name", "참석자"), ("needs", "찾는 것(구매·협력 수요)"),
                            ("offers", "제공할 수 있는 것")]
    ],
    step(f"{PROGRAMS_FORMS}.events.RequestForm", "reason", "supplier_admin",
         _event_page(a_day_with_two_companies), "요청 사유", status=400),
    step(f"{PROGRAMS_FORMS}.events.MeetingAddForm", "reason", "operator",
         _event_page(a_day_with_two_companies),
         "사유", base=_meeting_place, status=400),
    # The back office: an operator posts the change page, every other field as shown.
    *[
        page(ADMIN_ORG, name, "operator", _the_organization)
        for name in ("name", "name_en", "description", "description_en", "products", "raw_materials", "phone")
    ],
    *[
        page(f"{ADMIN_ORG} › registry.Site", name, "operator", _the_organization, input=f"sites-0-{name}")
        for name in ("name", "address", "factory_number")
    ],
    page(f"{ADMIN_ORG} › registry.Capability", "source_detail", "operator", _the_organization,
         input="capabilities-0-source_detail"),
    *[
        page(f"{ADMIN_ORG} › registry.Contact", name, "operator", _the_organization,
             input=f"contacts-0-{name}", prepare=_new_row("contacts", name=lambda w: "김담당"))
        for name in ("name", "title", "phone")
    ],
    page(f"{ADMIN_ORG} › registry.OrganizationCertification", "number", "operator", _the_organization,
         input="certifications-0-number",
         prepare=_new_row("certifications", certification=lambda w: Certification.objects.first().pk)),
    *[
        page("admin registry.Contact", name, "operator", _admin("registry/contact", a_contact))
        for name in ("name", "title", "phone")
    ],
    *[
        page("admin registry.Capability", name, "operator",
             _admin("registry/capability", lambda w: w.supplier.capabilities.get()))
        for name in ("equipment", "notes", "source_detail")
    ],
    page("admin accounts.ApiToken", "name", "operator", _admin("accounts/apitoken", a_token)),
    # A username takes letters, digits and @.+-_ only: the number without spaces or full-width signs.
    page(ADMIN_USER, "username", "operator", _the_user, also=[(USER_CHANGE, "username")],
         value="900101-1234567"),
    *[
        page(ADMIN_USER, name, "operator", _the_user, also=[(USER_CHANGE, name)])
        for name in ("first_name", "last_name")
    ],
    page(ADMIN_USER, "display_name", "operator", _the_user),  # Ppuri's field, not in auth's form
    page("form ppuri.accounts.admin.CheckedUserCreationForm", "username", "operator",
         _fixed("/admin/accounts/user/add/"), value="900101-1234567",
         base=lambda w: {"usable_password": "false"}),
    *[
        page(ADMIN_EXPERT, name, "operator", _the_expert, also=[(EXPERT, name)])
        for name in ("name", "department", "title", "bio")
    ],
    page(ADMIN_EXPERT, "keywords", "operator", _the_expert, also=[(EXPERT, "keywords")],
         value=json.dumps(["담금질", "900101-1234567"], ensure_ascii=False)),
    page(ADMIN_EXPERT, "languages", "operator", _the_expert, also=[(EXPERT, "languages")],
         value=json.dumps(["ko", "９００１０１－１２３４５６７"], ensure_ascii=False)),
    # The API: a Bearer token of whoever may make the write (an anonymous caller for the match).
    *[
        api_case("PATCH /companies/{company_id}", prop, "supplier_admin",
                 lambda w: f"/companies/{w.supplier.pk}", label)
        for prop, label in [
            ("name", "이름"), ("name_en", "영문 이름"), ("description", "소개"),
            ("description_en", "영문 소개"), ("products", "생산품"), ("raw_materials", "원자재"),
            ("phone", "대표 전화"),
        ]
    ],
    api_case("PATCH /companies/{company_id}", "website", "supplier_admin",
             lambda w: f"/companies/{w.supplier.pk}", "홈페이지", value=URL_WITH_NUMBER),
    *[
        api_case("POST /companies/{company_id}/capabilities", prop, "supplier_admin",
                 lambda w: f"/companies/{w.supplier.pk}/capabilities", prop,
                 base=lambda w: {"process": "welding.tig"})
        for prop in ("equipment", "notes")
    ],
    *[
        api_case("PATCH /companies/{company_id}/capabilities/{capability_id}", prop, "supplier_admin",
                 _api_capability, prop)
        for prop in ("equipment", "notes")
    ],
    # A stateless read: answered, and nothing of it kept.
    *[
        api_case("POST /sourcing/match", prop, "", _fixed("/sourcing/match"), prop, kind="query")
        for prop in ("title", "description")
    ],
    *[
        api_case("POST /sourcing/requests", prop, "buyer", _fixed("/sourcing/requests"), prop,
                 base=lambda w: {**_part(w), "deadline": in_a_month(), "processes": ["casting.die-casting"]})
        for prop in ("title", "description", "material_grade", "tolerance")
    ],
    api_case("POST /sourcing/requests/{request_id}/quotes", "notes", "supplier_admin",
             lambda w: f"/sourcing/requests/{invited(w).request_id}/quotes", "비고", base=_price),
    api_case("POST /sourcing/invitations/{invitation_id}/decline", "reason", "supplier_admin",
             lambda w: f"/sourcing/invitations/{invited(w).pk}/decline", "사양 사유"),
    *[
        api_case("POST /challenges", prop, "supplier_admin", _fixed("/challenges"), prop,
                 base=lambda w: {**_problem(w), "company_id": w.supplier.pk})
        for prop in ("title", "description")
    ],
    api_case("POST /challenges/{challenge_id}/attachments", "file", "supplier_admin",
             lambda w: f"/challenges/{posted(w).pk}/attachments", "파일 이름", file="도면 {}.pdf"),
    api_case("POST /challenges/{challenge_id}/consultations", "notes", "heat",
             lambda w: f"/challenges/{in_progress(w).pk}/consultations", "자문 내용",
             base=lambda w: {"held_on": timezone.localdate().isoformat(), "mode": "remote", "hours": "1.0"}),
    api_case("POST /challenges/{challenge_id}/resolve", "resolution", "heat",
             lambda w: f"/challenges/{in_progress(w).pk}/resolve", "해결 내용",
             base=lambda w: {"outcome": "solved"}),
    api_case("POST /challenges/{challenge_id}/rate", "comment", "supplier_admin",
             lambda w: f"/challenges/{resolved(w).pk}/rate", "평가 의견", base=lambda w: {"rating": 5}),
    api_case("POST /offers/{offer_id}/decline", "reason", "heat",
             lambda w: f"/offers/{offered(w).pk}/decline", "거절 사유"),
    *[
        api_case("POST /articles", prop, "heat", _fixed("/articles"), prop, base=_guide)
        for prop in TITLE_SUMMARY_BODY
    ],
    *[
        api_case("POST /challenges/{challenge_id}/publish", prop, "operator",
                 lambda w: f"/challenges/{closed_with_consent(w).pk}/publish", prop,
                 base=lambda w: {"title": "담금질 균열 사례", "body": "한 기업의 샤프트 균열을 풀었습니다."})
        for prop in TITLE_SUMMARY_BODY
    ],
]  # fmt: skip

# The forms of the number in turn, unless a case needs one of them.
CASES = [
    replace(case, value=case.value or NUMBERS[i % len(NUMBERS)]) for i, case in enumerate(CASES_IN_ORDER)
]


VERSION = "the edit-conflict token (hidden): compared with the stored version, never stored"
KSIC = "a KSIC code: five digits (max_length=5 and a validator), which a 13-digit number cannot pass"
SLUG = "a slug looked up in the reference data: an unknown value is a 422 already"
SLUGS = "slugs looked up in the reference data: an unknown one is a 422 already"
DECIMAL = "a decimal number (a string in JSON): anything else is a 422"
QUALIFICATION = "a qualification's slug or name (a former one too) looked up: an unknown one is a 422"
BIRTH_MONTH = "YYYY-MM checked by the service (a year and a month): a 13-digit number is refused"
MAILED_ONCE = "an e-mail address (an EmailField) the consent link is mailed to once; never stored"

BUSINESS_NUMBER = (
    "a 사업자등록번호: ten digits and a check digit (core.business_number); a 13-digit number fails"
)
COMPANY_LOOKUP = (
    "a registry company's name or page number, looked up (graduate.forms.CompanyMixin): an unknown one is "
    "a form error; never stored"
)

PROGRAMME_LOOKUP = (
    "a registry organization's name or page number, looked up (programs.forms): an unknown one is a form "
    "error; never stored"
)

NOT_FREE_TEXT: dict[tuple[str, str], str] = {
    **{
        (f"{PROGRAMS_FORMS}.{form}", name): PROGRAMME_LOOKUP
        for form, name in [
            ("agreements.PartnerForm", "organization"),
            ("agreements.CommitmentForm", "measure_organization"),
            ("investment.LeadForm", "organization"),
            ("visits.VisitForm", "organization"),
            ("events.ParticipantForm", "company"),
        ]
    },
    (f"{PROGRAMS_FORMS}.agreements.PartnerForm", "editors"): (
        "accounts' usernames or e-mail addresses, looked up (an unknown one is a form error); the partner "
        "keeps the accounts, never the text"
    ),
    (f"{PROGRAMS_FORMS}.investment.LeadForm", "country"): (
        "a two-letter ISO 3166 code (max 2 characters): no room for one"
    ),
    (f"{PROGRAMS_FORMS}.events.TablesForm", "label_prefix"): (
        "a table name's first part, at most 10 characters (the form's and the service's limit): a resident "
        "number's 13 digits do not fit"
    ),
    (f"{PROGRAMS_FORMS}.events.OutcomeForm", "outcome_note"): (
        "posted from the grid of meetings, which redirects back with the refusal as a message; "
        "test_a_resident_number_in_a_meetings_outcome_note_is_refused_in_the_message sends one through it"
    ),
    ("api POST /programs/leads", "country"): "a two-letter ISO 3166 code (max 2 characters): no room for one",
    ("api POST /programs/leads", "complex"): SLUG,
    ("api POST /programs/leads", "technologies[]"): SLUGS,
    ("form ppuri.accounts.joining.forms.LoginForm", "username"): "a sign-in name, compared with the "
    "accounts and never written by Ppuri (django-axes counts failed attempts per name for the lockout)",
    (CLAIM, "business_number"): BUSINESS_NUMBER,
    ("api POST /claims", "business_number"): BUSINESS_NUMBER,
    ("form ppuri.core.concurrency.VersionedModelForm", "version"): VERSION,
    (ORG, "version"): VERSION,
    (CAPABILITY, "version"): VERSION,
    (SITE, "version"): VERSION,
    (CONTACT, "version"): VERSION,
    (ORG, "ksic_main"): KSIC,
    ("admin registry.Organization", "ksic_main"): KSIC,
    ("api PATCH /companies/{company_id}", "ksic_main"): KSIC,
    ("api PATCH /companies/{company_id}", "sectors[]"): SLUGS,
    ("api PATCH /companies/{company_id}", "version"): VERSION,
    ("api POST /companies/{company_id}/capabilities", "process"): SLUG,
    ("api POST /companies/{company_id}/capabilities", "materials[]"): SLUGS,
    ("api POST /companies/{company_id}/capabilities", "batch_band"): (
        "one of the model's choices, checked by full_clean: anything else is a 422"
    ),
    ("api POST /companies/{company_id}/capabilities", "max_weight_kg"): DECIMAL,
    ("api PATCH /companies/{company_id}/capabilities/{capability_id}", "materials[]"): SLUGS,
    ("api PATCH /companies/{company_id}/capabilities/{capability_id}", "batch_band"): (
        "one of the model's choices, checked by full_clean: anything else is a 422"
    ),
    ("api PATCH /companies/{company_id}/capabilities/{capability_id}", "max_weight_kg"): DECIMAL,
    ("api PATCH /companies/{company_id}/capabilities/{capability_id}", "version"): VERSION,
    **{
        (f"api POST {path}", prop): reason
        for path in ("/sourcing/match", "/sourcing/requests")
        for prop, reason in [
            ("material", "a material's slug or designation (A356) looked up: an unknown one is a 422"),
            ("processes[]", SLUGS),
            ("certifications[]", SLUGS),
            ("complexes[]", SLUGS),
            ("sector", SLUG),
            ("weight_kg", DECIMAL),
        ]
    },
    ("api POST /sourcing/requests", "visibility"): "invited or open (a pattern): anything else is a 422",
    ("api POST /sourcing/requests/{request_id}/steps", "processes[]"): SLUGS,
    **{
        (f"api POST {path}", prop): SLUG
        for path in ("/challenges", "/challenges/{challenge_id}/triage", "/articles")
        for prop in ("technology", "process", "material", "defect")
    },
    ("api POST /challenges/{challenge_id}/consultations", "hours"): DECIMAL,
    ("form ppuri.talent.forms.WageArrearsClearForm", "reason"): (
        "posted from the list of marks, which redirects back with the refusal as a message; the service's "
        "guard refuses the number (tests/talent/test_wage_arrears.py sends one through it)"
    ),
    **{
        (f"api {path}", prop): reason
        for path in ("POST /jobs", "PUT /jobs/{job_id}")
        for prop, reason in [
            ("technology", SLUG),
            ("complex", SLUG),
            ("processes[]", SLUGS),
            ("required_qualifications[]", QUALIFICATION),
            ("preferred_qualifications[]", QUALIFICATION),
        ]
    },
    ("api POST /incentives/programs", "complexes[]"): SLUGS,
    ("api POST /incentives/applications", "person.birth_year_month"): BIRTH_MONTH,
    ("form ppuri.incentives.forms.ApplicationForm", "birth_year_month"): BIRTH_MONTH,
    ("api POST /incentives/applications", "person_email"): MAILED_ONCE,
    ("form ppuri.incentives.forms.ApplicationForm", "person_email"): MAILED_ONCE,
    ("form ppuri.incentives.forms.ProgramForm", "installments"): (
        "month:amount pairs read as whole numbers: any other text is a form error; nothing is kept as typed"
    ),
    ("form ppuri.incentives.forms.RejectForm", "reason"): (
        "posted from the application's page, which redirects back with the refusal as a message; the guard "
        "refuses the number (tests/incentives/test_api.py sends one through the page and the API)"
    ),
    ("form ppuri.incentives.forms.EvidenceForm", "file"): (
        "posted from the application's page, which redirects back with the refusal as a message; the guard "
        "refuses the number in the file's name (tests/incentives/test_api.py sends one through the page)"
    ),
    ("api PUT /seekers/me", "qualifications[]"): QUALIFICATION,
    ("api PUT /seekers/me", "qualifications[].qualification"): QUALIFICATION,
    ("api PUT /seekers/me", "processes[]"): SLUGS,
    ("api PUT /seekers/me", "technologies[]"): SLUGS,
    ("api PUT /seekers/me", "preferred_complexes[]"): SLUGS,
    ("api POST /challenges/{challenge_id}/resolve", "effect_before"): DECIMAL,
    ("api POST /challenges/{challenge_id}/resolve", "effect_after"): DECIMAL,
    # A one-time code is compared with the authenticator or a recovery code's hash and never stored.
    (
        "form ppuri.accounts.security.forms.TotpCodeForm",
        "code",
    ): "six digits, checked by a validator; never stored",
    ("form ppuri.accounts.security.forms.SecondFactorCodeForm", "code"): (
        "a one-time code compared with the authenticator or the recovery codes' hashes; never stored"
    ),
    (ENROL, "sponsor_other"): COMPANY_LOOKUP,
    (f"{GRADUATE_FORMS}.InternshipForm", "company_other"): COMPANY_LOOKUP,
    (PLACEMENT, "employer_other"): COMPANY_LOOKUP,
    (f"{GRADUATE_FORMS}.MilestoneForm", "note"): (
        "posted from the project's page, which redirects back with the refusal as a message; "
        "test_a_resident_number_in_a_reviews_note_is_refused_in_the_message_below sends one through it"
    ),
    ("api POST /graduate/projects", "technology"): SLUG,
    ("api POST /graduate/projects", "processes[]"): SLUGS,
}


def classified() -> dict[tuple[str, str], Case | str]:
    table: dict[tuple[str, str], Case | str] = dict(NOT_FREE_TEXT)
    for case in CASES:
        for key in case.covers:
            assert key not in table, f"{key} is classified twice"
            table[key] = case
    return table


def test_every_write_path_field_is_classified(operator):
    enumerated = enumerate_forms() | enumerate_admin(operator) | enumerate_api()
    table = classified()
    missing = sorted(enumerated - set(table))
    stale = sorted(set(table) - enumerated)
    assert not missing, (
        "These fields of write paths are not classified: add a CASE that sends a resident number "
        "through each, or an entry in NOT_FREE_TEXT with the reason:\n"
        + "\n".join(f"  {path}: {name}" for path, name in missing)
    )
    assert not stale, "These classified fields are no longer enumerated:\n" + "\n".join(
        f"  {path}: {name}" for path, name in stale
    )
    assert len({case.id for case in CASES}) == len(CASES)


# Nothing stored: no row of any Ppuri model holds the number in any text (its JSON included), no row
# was added or removed, no file was written.


_NUMBER = re.compile(r"\d{6}\s*[^\d\s]?\s*\d{7}")


def needles(value: str) -> set[str]:
    """The number in the value as typed and as NFKC makes it (full-width digits), its digits alone,
    and each as JSON escapes it."""
    normal = unicodedata.normalize("NFKC", value)
    assert len(normal) == len(value)  # the forms used map one character to one
    match = _NUMBER.search(normal)
    assert match is not None, value
    typed, plain = value[match.start() : match.end()], match.group()
    found = {typed, plain, "".join(ch for ch in plain if ch.isdigit())}
    return found | {json.dumps(n)[1:-1] for n in found}


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    kinds = models.CharField | models.TextField | models.JSONField | models.FileField
    return [f for f in model._meta.concrete_fields if isinstance(f, kinds)]


def _ppuri_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("ppuri.")]


@functools.cache
def _holding_sql(model: type[models.Model], vendor: str, needles: int) -> str | None:
    """One query per table: every text column of a row joined, searched for each needle. Written in
    SQL because the ORM's form (a Cast per column, a Q per column and needle) took 150 ms a case to
    compile, over a hundred cases."""
    fields = _text_fields(model)
    if not fields:
        return None
    quote = connection.ops.quote_name
    joined = " || char(31) || " if vendor == "sqlite" else " || chr(31) || "
    text = joined.join(f"COALESCE(CAST({quote(f.column)} AS TEXT), '')" for f in fields)
    find = "instr" if vendor == "sqlite" else "strpos"
    holds = " OR ".join([f"{find}({text}, %s) > 0"] * needles)
    # Names from the models and quoted; the needles go in as parameters.
    return f"SELECT {quote(model._meta.pk.column)} FROM {quote(model._meta.db_table)} WHERE {holds}"  # noqa: S608


def rows_holding(value: str) -> list[str]:
    found = []
    wanted = sorted(needles(value))
    with connection.cursor() as cursor:
        for model in _ppuri_models():
            sql = _holding_sql(model, connection.vendor, len(wanted))
            if sql is None:
                continue
            cursor.execute(sql, wanted)
            found += [f"{model._meta.label} #{pk}" for (pk,) in cursor.fetchall()]
    return found


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _ppuri_models()}


def files_on_disk() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _form_errors(response: HttpResponse, name: str | None) -> list[str]:
    """The errors shown at one field (None: above the form) of the form on the page, the admin's
    inline rows included."""
    context = response.context
    if "adminform" in context:
        shown = [context["adminform"].form]
        shown += [row for inline in context["inline_admin_formsets"] for row in inline.formset.forms]
    else:
        shown = [context["form"]]
    found: list[str] = []
    for form in shown:
        found += form.non_field_errors() if name is None else form.errors.get(name, [])
    return [str(e) for e in found]


@pytest.fixture
def world(request):
    return World(request)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_resident_number_is_refused_naming_the_field_and_nothing_is_stored(case, world):
    value = case.value
    _client, send = prepare(case, world, value)
    before = (row_counts(), files_on_disk())
    response = send()
    assert response.status_code != 500
    # Nothing stored. A step's page shown again with its form is a read of the case, recorded as any
    # read is (core.access): an access record, which holds no posted text.
    assert rows_holding(value) == []
    counts, files = before
    read = {"core.AccessRecord"} if case.kind == "step" else set()
    assert {label: n for label, n in row_counts().items() if counts[label] != n and label not in read} == {}
    assert files_on_disk() == files
    if case.kind == "api":
        assert response.status_code == 422, response.content
        detail = response.json()["detail"]
        shown = json.dumps(detail, ensure_ascii=False)
        assert case.field in detail or case.label in shown, detail
        assert "주민등록번호" in shown
    elif case.kind == "query":
        assert response.status_code in (200, 422), response.content
    elif case.kind == "step":
        # The case's or request's page again, the step's form as posted with the refusal at its field.
        assert response.status_code == case.status, response.status_code
        names = response.context.keys()  # a ContextList: the names of every template's context
        shown = [response.context[name] for name in names]
        # A page with a form per row keeps them by the row's id ({line.pk: form}).
        shown += [f for value in shown if isinstance(value, dict) for f in value.values()]
        (form,) = {id(f): f for f in shown if isinstance(f, forms.BaseForm) and f.is_bound}.values()
        errors = [str(e) for e in form.errors.get(case.field, [])]
        assert any(REFUSED in e for e in errors), (case.field, form.errors)
        html = response.content.decode()
        assert any(e in html for e in errors)
        # Named: by the label of the field it sits at, or in its words (a file's name).
        label = str(form.fields[case.field].label)
        assert label in html and (case.label == label or any(case.label in e for e in errors)), errors
    else:
        assert response.status_code == case.status, response.status_code
        errors = _form_errors(response, case.field)
        assert any(REFUSED in e for e in errors), (case.field, errors)
        html = response.content.decode()
        assert any(e in html for e in errors)
        if case.field is not None and "adminform" not in response.context:
            assert str(response.context["form"].fields[case.field].label) in html
        if case.label:
            assert any(case.label in e for e in errors), errors


def test_an_api_refusal_is_in_english_with_accept_language_en(client, supplier, supplier_admin, token_for):
    headers = {**token_for(supplier_admin), "Accept-Language": "en"}
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "담당 900101-1234567"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422, response.content
    assert response.json() == {
        "detail": {
            "products": [
                "Products contains a number shaped like a resident registration number. Ppuri does not "
                "collect personal identification numbers: remove it and try again."
            ]
        }
    }
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 다이캐스팅 자동차 부품"


@pytest.mark.parametrize("value", NUMBERS)
def test_the_check_for_stored_numbers_finds_one_written_past_the_guard(supplier, value):
    """The check above is not blind: a number written around the guard (an UPDATE sends no save
    signal), in any form of NUMBERS, in a text column or inside JSON, is found."""
    assert rows_holding(value) == []
    Organization.objects.filter(pk=supplier.pk).update(products=f"부품 {value}")
    assert rows_holding(value) == [f"registry.Organization #{supplier.pk}"]
    reason = {"note": f"근거 {value}"}
    Organization.objects.filter(pk=supplier.pk).update(products="", root_industry_reason=reason)
    assert rows_holding(value) == [f"registry.Organization #{supplier.pk}"]


def test_a_resident_number_in_a_reviews_note_is_refused_in_the_message_below(world):
    """A thesis review is recorded from the project's page, which the school is sent back to: the
    refusal is its message, and nothing of the note is kept."""
    project = a_project_past_its_reviews(world)
    milestone = project.matches.get().milestones.get(kind="proposal")
    value = NUMBERS[3]
    client = client_for(world.school)
    before = row_counts()
    response = client.post(
        f"/graduate/milestones/{milestone.pk}/",
        {f"m{milestone.pk}-state": "passed", f"m{milestone.pk}-held_on": timezone.localdate().isoformat(),
         f"m{milestone.pk}-note": value},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert rows_holding(value) == []
    assert {label: n for label, n in row_counts().items() if before[label] != n} == {}
    page = client.get(response["Location"]).content.decode()
    assert REFUSED in page


def test_a_resident_number_in_a_meetings_outcome_note_is_refused_in_the_message(world):
    """A meeting's outcome is recorded from the grid on the matchmaking day's page, which the company is
    sent back to: the refusal is its message, naming the note, and nothing of the note is kept."""
    from ppuri.programs.services.events_meetings import event_schedule
    from ppuri.programs.services.events_participants import meeting_request_accept
    from tests.programs.conftest_events import ask

    event = a_day_with_two_companies(world)
    first, second = event.participants.order_by("pk")
    meeting_request_accept(user=world.buyer, request=ask(first, second, user=world.supplier_admin))
    event_schedule(user=world.operator, event=event)
    meeting = event.meetings.get()
    value = NUMBERS[3]
    client = client_for(world.supplier_admin)
    before = row_counts()
    response = client.post(
        f"/programs/events/meetings/{meeting.pk}/outcome/", {"outcome": "quote", "outcome_note": value}
    )
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert rows_holding(value) == []
    assert {label: n for label, n in row_counts().items() if before[label] != n} == {}
    meeting.refresh_from_db()
    assert meeting.outcome == "" and meeting.outcome_note == ""
    page = client.get(response["Location"]).content.decode()
    assert "결과 메모에 주민등록번호 형식" in page


def test_a_stored_hash_that_happens_to_hold_thirteen_digits_is_not_refused(supplier, operator):
    """Hashes are written by Ppuri, never typed: a SHA-256 whose hex holds a 주민등록번호-shaped run of
    digits (about one in a few hundred) must not fail the invitation, token or consent that made it."""
    from ppuri.accounts.models import ApiToken
    from ppuri.core.privacy import looks_like_resident_number
    from ppuri.registry.models import Invitation

    digits = "900101" + "1234567"
    assert looks_like_resident_number(digits)
    hashed = (digits + "ab" * 26)[:64]
    invitation = Invitation.objects.create(
        email="new@example.com",
        organization=supplier,
        user_role="company",
        invited_by=operator,
        secret_hash=hashed,
        expires_at=timezone.now() + timedelta(days=7),
    )
    token = ApiToken.objects.create(user=operator, name="연동", key_hash=hashed, prefix="abcd")
    assert Invitation.objects.get(pk=invitation.pk).secret_hash == hashed
    assert ApiToken.objects.get(pk=token.pk).key_hash == hashed
