"""The form pieces every page shares (core.forms), checked on every form class of Ppuri found
mechanically, so a new form is held to them too: the empty option in the reader's language, processes
and defects under their technology, and the step builder as it is without JavaScript."""

import importlib
import pkgutil
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

import ppuri
from ppuri.challenges.models import Challenge, Expert
from ppuri.core.forms import GroupedModelChoiceField, GroupedModelMultipleChoiceField
from ppuri.graduate.forms import InternshipForm, MatchForm, ProjectForm
from ppuri.graduate.models import Project, Student
from ppuri.programs.forms import agreements as programme_agreements
from ppuri.programs.forms import events as programme_events
from ppuri.programs.forms import projects as programme_projects
from ppuri.programs.models import Agreement, Event, Participant
from ppuri.programs.models import Project as ProgrammeProject
from ppuri.reference.models import Defect, Process, Technology
from ppuri.registry.forms import CapabilityForm
from ppuri.sourcing.forms import StepsForm

pytestmark = pytest.mark.django_db


def _agreement(_supplier) -> dict[str, object]:
    """The seeded 2019 agreement, whose partners the commitment's picker offers."""
    return {"agreement": Agreement.objects.get(slug="incheon-root-2019")}


def _project(_supplier) -> dict[str, object]:
    project, _ = ProgrammeProject.objects.get_or_create(slug="form-walk", defaults={"title": "폼 점검 사업"})
    return {"project": project}


def _event(_supplier) -> dict[str, object]:
    event, _ = Event.objects.get_or_create(
        title="폼 점검 상담회", defaults={"held_on": date(2026, 10, 15), "venue": "남동산업단지 지원센터"}
    )
    return {"event": event}


# Forms that need more than data to be built, with what they need.
NEEDS = {
    CapabilityForm: lambda supplier: {"organization": supplier},
    InternshipForm: lambda supplier: {"projects": Project.objects.all()},
    ProjectForm: lambda supplier: {"challenges": Challenge.objects.all()},
    MatchForm: lambda supplier: {"students": Student.objects.all()},
    # The programmes': the agreement, project or matchmaking day the form is about, or who reads it.
    programme_agreements.CommitmentForm: _agreement,
    programme_projects.BudgetLineForm: _project,
    programme_projects.MilestoneForm: _project,
    programme_projects.OutputForm: _project,
    programme_projects.DocumentForm: _project,
    programme_events.SessionForm: _event,
    programme_events.PlaceForm: _event,
    programme_events.MeetingAddForm: _event,
    programme_events.RegisterForm: lambda supplier: {
        "companies": type(supplier).objects.filter(pk=supplier.pk)
    },
    programme_events.ParticipantForm: lambda supplier: {"viewer": AnonymousUser()},
    programme_events.RequestForm: lambda supplier: {
        "requesters": Participant.objects.all(),
        "targets": Participant.objects.all(),
    },
}


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a forms module of Ppuri (ppuri/*/forms.py and deeper) or in a module
    of a forms package (ppuri/programs/forms/*.py)."""
    found = []
    for module in pkgutil.walk_packages(ppuri.__path__, "ppuri."):
        if "forms" not in module.name.split(".")[1:]:
            continue
        loaded = importlib.import_module(module.name)
        found += [
            value
            for value in vars(loaded).values()
            if isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.name
            and not getattr(getattr(value, "Meta", None), "abstract", False)
            and (not issubclass(value, forms.BaseModelForm) or getattr(value, "_meta", None).model)
        ]
    return found


class _Selects(HTMLParser):
    """The first option of each <select>: (value, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.first: list[list[str]] = []
        self._in_select = self._in_first = self._waiting = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "select":
            self._in_select, self._waiting = True, True
        elif tag == "option" and self._in_select and self._waiting:
            self.first.append([dict(attrs).get("value") or "", ""])
            self._in_first, self._waiting = True, False

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._in_first = False
        elif tag == "select":
            self._in_select = False

    def handle_data(self, data: str) -> None:
        if self._in_first:
            self.first[-1][1] += data


def first_options(html: str) -> list[tuple[str, str]]:
    parser = _Selects()
    parser.feed(html)
    return [(value, text.strip()) for value, text in parser.first]


def test_the_walk_finds_the_forms_of_every_app():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in form_classes()}
    for expected in (
        "ppuri.challenges.forms.ConsultationForm",
        "ppuri.sourcing.forms.StepsForm",
        "ppuri.registry.forms.CapabilityForm",
        "ppuri.knowledge.forms.ArticleForm",
        "ppuri.accounts.forms.ApiTokenForm",
        "ppuri.registry.importing.forms.FactoryFileForm",
        # A forms package's modules too.
        "ppuri.programs.forms.agreements.CommitmentForm",
        "ppuri.programs.forms.visits.VisitForm",
        "ppuri.programs.forms.events.MeetingAddForm",
    ):
        assert expected in names


@pytest.mark.parametrize(("language", "blank"), [("ko", "선택하세요"), ("en", "Select…")])
def test_every_select_of_every_form_starts_with_choose_in_the_readers_language(language, blank, supplier):
    blanks = 0
    for cls in form_classes():
        form = cls(**NEEDS.get(cls, lambda _: {})(supplier))
        with translation.override(language):
            html = str(form)
        assert "Select an option" not in html and "---------" not in html, cls
        for value, text in first_options(html):
            if value == "":
                assert text == blank, (cls, text)
                blanks += 1
    assert blanks >= 15  # the walk saw selects with an empty option


def test_every_process_and_defect_picker_groups_them_under_their_technology(supplier):
    pickers = 0
    for cls in form_classes():
        form = cls(**NEEDS.get(cls, lambda _: {})(supplier))
        for name, field in form.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in (Process, Defect):
                assert isinstance(field, GroupedModelChoiceField | GroupedModelMultipleChoiceField), (
                    cls,
                    name,
                )
                pickers += 1
    assert pickers >= 6
    # One <optgroup> per technology, in the catalogue's order, every process under its own.
    html = str(CapabilityForm(organization=supplier)["process"])
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == [t.name_ko for t in Technology.objects.filter(processes__isnull=False).distinct()]
    casting = html[html.index('<optgroup label="주조">') : html.index("</optgroup>")]
    assert "다이캐스팅" in casting and "침탄" not in casting
    assert html.count("<option") == Process.objects.count() + 1  # and the empty one
    assert 'data-typeahead="이름으로 찾기"' in html


def test_the_expert_back_office_groups_processes_and_defects_too(operator):
    request = RequestFactory().get("/admin/challenges/expert/add/")
    request.user = operator
    form_class = admin.site._registry[Expert].get_form(request)
    for name in ("processes", "defects"):
        field = form_class.base_fields[name]
        assert isinstance(field, GroupedModelMultipleChoiceField), name
        assert "<optgroup" in str(field.widget.render(name, []))


def test_the_steps_without_javascript_are_numbered_selects_each_named_by_its_step():
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    nickel = Process.objects.get(slug="surface-treatment.electroless-nickel")
    html = str(StepsForm(initial={"processes": [carburizing, nickel]})["processes"])
    assert html.startswith(
        '<ol class="step-builder" id="id_processes_steps" data-step-builder="id_processes"'
    )
    selects = re.findall(r'<select name="processes"[^>]*>', html)
    assert len(selects) == 4  # two steps and two spare ones
    for position, tag in enumerate(selects, 1):
        expected_id = "id_processes" if position == 1 else f"id_processes_{position}"
        assert f'id="{expected_id}"' in tag and f'aria-label="{position}단계 공정"' in tag
    assert html.count("<li") == 4
    assert f'value="{carburizing.pk}" selected' in html.split("</li>")[0]
    assert f'value="{nickel.pk}" selected' in html.split("</li>")[1]
    assert first_options(html)[0] == ("", "선택하세요")


# Each page with a form of its own, posted with one field wrong: (who, the page, what is posted, the
# field at fault, what typed must come back in the page).
def _closed_case(w):
    from decimal import Decimal

    from django.utils import timezone

    from ppuri.challenges import services as desk

    challenge = desk.challenge_create(
        actor=w.supplier_admin, company=w.supplier, title="샤프트 균열", description="유냉 후 키홈 균열"
    )
    challenge = desk.challenge_triage(
        actor=w.operator, challenge=challenge, technology=Technology.objects.get(slug="heat-treatment")
    )
    (offer,) = desk.offers_create(actor=w.operator, challenge=challenge, experts=[w.experts["heat"]])
    desk.offer_accept(actor=w.experts["heat"].user, offer=offer)
    desk.consultation_log(
        actor=w.experts["heat"].user, challenge=challenge, held_on=timezone.localdate(), mode="remote",
        hours=Decimal("1"), notes="유온 확인",
    )  # fmt: skip
    desk.challenge_resolve(
        actor=w.experts["heat"].user, challenge=challenge, outcome="solved", resolution="해소"
    )
    desk.challenge_rate(actor=w.supplier_admin, challenge=challenge, rating=5, publish_consent=True)
    return challenge


PAGES = [
    ("supplier_admin", lambda w: "/challenges/new/", {"title": "다이캐스팅 기공 문제", "description": ""},
     "description", "다이캐스팅 기공 문제"),
    ("buyer", lambda w: "/sourcing/new/",
     {"title": "로봇 암 하우징", "description": "A356 다이캐스팅 후 T6", "quantity": "",
      "visibility": "invited"},
     "quantity", "A356 다이캐스팅 후 T6"),
    ("operator", lambda w: "/knowledge/new/",
     {"kind": "guide", "title": "담금질 균열 줄이기", "summary": "템퍼링 대기 시간", "body": "",
      "audience": "public"},
     "body", "템퍼링 대기 시간"),
    ("operator", lambda w: f"/knowledge/publish/{_closed_case(w).pk}/",
     {"title": "", "summary": "키홈 균열 해결", "body": "담금질 직후 템퍼링", "audience": "public"},
     "title", "담금질 직후 템퍼링"),
    ("supplier_admin", lambda w: f"/companies/{w.supplier.pk}/capabilities/new/",
     {"equipment": "다이캐스팅기 350톤 2대", "max_weight_kg": "12.5"}, "process", "다이캐스팅기 350톤 2대"),
    ("supplier_admin", lambda w: f"/companies/{w.supplier.pk}/sites/new/",
     {"name": "제2공장", "address": "인천 남동구 남동대로 1", "latitude": "북위 37도"},
     "latitude", "제2공장"),
    ("supplier_admin", lambda w: f"/companies/{w.supplier.pk}/contacts/new/",
     {"name": "김담당", "title": "생산관리 과장", "email": "kim-at-example"}, "email", "생산관리 과장"),
    ("supplier_admin", lambda w: "/accounts/tokens/", {"name": "ERP 연동", "valid_days": "0"},
     "valid_days", "ERP 연동"),
    # The programmes' (issue 17), as the staff.
    ("operator", lambda w: "/programs/agreements/new/",
     {"slug": "form-agreement", "title": "협력 협약", "signed_on": "7월 18일",
      "summary": "뿌리산업 지원 협력"},
     "signed_on", "뿌리산업 지원 협력"),
    ("operator", lambda w: "/programs/projects/new/",
     {"slug": "form-project", "kind": "regeneration", "title": "", "summary": "주차장과 편의시설 확충",
      "status": "active"},
     "title", "주차장과 편의시설 확충"),
    ("operator", lambda w: "/programs/leads/new/",
     {"code_name": "PROJECT FORM", "origin": "foreign", "country": "독일", "sector": "robotics",
      "site_needs": "2만㎡ 부지"},
     "country", "2만㎡ 부지"),
    ("operator", lambda w: "/programs/visits/new/",
     {"organization": "세광주조(주)", "visited_on": "", "plan": "unknown", "relocation_risk": "none",
      "notes": "설비 증설 검토 중"},
     "visited_on", "설비 증설 검토 중"),
    ("operator", lambda w: "/programs/events/new/",
     {"title": "구매상담회", "held_on": "2026-10-15", "venue": "남동산업단지 지원센터", "max_meetings": "0",
      "description": "수요기업과 뿌리기업의 1:1 상담"},
     "max_meetings", "수요기업과 뿌리기업의 1:1 상담"),
]  # fmt: skip


class _World:
    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


def tag_of(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    found = re.search(rf'<[a-z]+[^>]*\sid="{element_id}"[^>]*>', html)
    assert found, element_id
    return found.group(0)


@pytest.mark.parametrize(
    ("who", "url", "data", "field", "kept"),
    PAGES,
    ids=[
        "challenge",
        "request",
        "article",
        "publish-case",
        "capability",
        "site",
        "contact",
        "api-token",
        "programme-agreement",
        "programme-project",
        "programme-lead",
        "programme-visit",
        "programme-event",
    ],
)
def test_a_page_form_refused_comes_back_with_what_was_typed_and_the_error_at_its_field(
    request, who, url, data, field, kept
):
    from tests.conftest import client_for

    w = _World(request)
    page = url(w)
    response = client_for(getattr(w, who)).post(page, data)
    # The programmes' pages answer a refused form with 400 (as the graduate school's do).
    assert response.status_code == (400 if page.startswith("/programs/") else 200), page
    form = response.context["form"]
    assert field in form.errors and not form.non_field_errors(), (page, form.errors)
    html = response.content.decode()
    assert kept in html, page
    # The error is the field's: described by it and marked invalid.
    widget = tag_of(html, f"id_{field}")
    assert f"id_{field}_error" in widget and 'aria-invalid="true"' in widget, widget
    assert f'id="id_{field}_error"' in html
