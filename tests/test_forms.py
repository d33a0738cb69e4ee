"""The form pieces every page shares (core.forms), checked on every form class of Ppuri found
mechanically, so a new form is held to them too: the empty option in the reader's language, processes
and defects under their technology, and the step builder as it is without JavaScript."""

import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

import ppuri
from ppuri.challenges.models import Expert
from ppuri.core.forms import GroupedModelChoiceField, GroupedModelMultipleChoiceField
from ppuri.reference.models import Defect, Process, Technology
from ppuri.registry.forms import CapabilityForm
from ppuri.sourcing.forms import StepsForm

pytestmark = pytest.mark.django_db

# Forms that need more than data to be built, with what they need.
NEEDS = {CapabilityForm: lambda supplier: {"organization": supplier}}


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a forms module of Ppuri (ppuri/*/forms.py and deeper)."""
    found = []
    for module in pkgutil.walk_packages(ppuri.__path__, "ppuri."):
        if module.name.rsplit(".", 1)[-1] != "forms":
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
