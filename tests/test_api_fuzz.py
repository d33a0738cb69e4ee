"""Schemathesis against the in-process API: generated requests, valid and invalid, to every operation,
anonymously and with the bearer tokens of an operator and of a company's admin. No answer may be a
server error, use a status the OpenAPI document does not list for that operation, or differ from the
documented response schema.

Driven from Python rather than through schemathesis' pytest plugin: one hypothesis run per operation,
10 examples (PPURI_FUZZ_EXAMPLES=100 for a deeper run; issue 11 was probed at 20), derandomized and
without shrinking, each example in a savepoint rolled back after it, and
every finding of every operation listed at once rather than the first one per operation.
"""

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals as django_signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from ppuri.accounts.services import api_token_create
from ppuri.api.v1 import api
from ppuri.challenges import services as challenge_services
from ppuri.knowledge import services as knowledge_services
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.sourcing import services as sourcing_services

# Per operation and caller: 6 keep the suite's three runs near 25 s on two cores (the suite without browser
# tests must stay under two minutes); PPURI_FUZZ_EXAMPLES=50 for a deeper run, e.g. before a release.
EXAMPLES_PER_OPERATION = int(os.environ.get("PPURI_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
server_errors: list[BaseException | None] = []  # what the last request raised, for a 500's finding


def remember_server_error(sender, request=None, **kwargs) -> None:
    server_errors.append(sys.exc_info()[1])


@dataclass(frozen=True)
class Finding:
    operation: str
    status: int
    problem: str

    def __str__(self) -> str:
        return f"{self.operation} → {self.status}: {self.problem}"


@dataclass
class Run:
    findings: set[Finding] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    operations: int = 0

    def add(self, label: str, status: int, failure: Failure) -> None:
        detail = " ".join(failure.message.split())[:300]
        if status >= 500 and server_errors:
            detail = repr(server_errors[-1])
        self.findings.add(Finding(label, status, f"{failure.title}: {detail}"))

    def report(self) -> str:
        return "\n".join(sorted(map(str, self.findings)))


@pytest.fixture
def demo_like_data(operator, supplier, supplier_admin, other_company, buyer, experts) -> dict[str, int]:
    """Companies, an open sourcing request with an invitation and a quote, a triaged public challenge
    with a file, offered to an expert, and an article. Returns their ids by path parameter name: a
    third of the generated requests name these rows instead of random ids."""
    request = sourcing_services.request_create(
        actor=buyer,
        buyer=buyer.memberships.first().organization,
        processes=[Process.objects.get(slug="casting.die-casting")],
        title="로봇 관절 하우징",
        description="알루미늄 다이캐스팅",
        quantity=300,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    sourcing_services.request_open(actor=buyer, request=request)
    invitation = sourcing_services.invitation_create(
        actor=buyer, request=request, supplier=supplier, steps=list(request.steps.all())
    )
    quote = sourcing_services.quote_submit(
        actor=supplier_admin,
        request=request,
        supplier=supplier,
        price_krw=2_400_000,
        lead_time_days=21,
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    challenge = challenge_services.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="SCM440 샤프트 담금질 균열",
        description="담금질 후 균열이 생깁니다.",
        confidentiality="public",
        attachments=[SimpleUploadedFile("도면.pdf", b"%PDF-1.7 fuzz")],
    )
    challenge = challenge_services.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    (offer,) = challenge_services.offers_create(
        actor=operator, challenge=challenge, experts=[experts["heat"]]
    )
    article = knowledge_services.article_create(
        actor=operator, kind="guide", title="담금질 균열", body="예열과 템퍼링."
    )
    return {
        "company_id": supplier.pk,
        "capability_id": supplier.capabilities.get().pk,
        "request_id": request.pk,
        "invitation_id": invitation.pk,
        "quote_id": quote.pk,
        "challenge_id": challenge.pk,
        "attachment_id": challenge.attachments.get().pk,
        "offer_id": offer.pk,
        "expert_id": experts["heat"].pk,
        "article_id": article.pk,
    }


@pytest.fixture
def app(monkeypatch):
    """The WSGI app as a server runs it. Its throttles' rates were read from NINJA_DEFAULT_THROTTLE_RATES
    at import, so they are raised here, in a cache of the test's own. The test's transaction stays open
    across requests, as Django's test client keeps it."""
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 10**9)
    django_signals.request_started.disconnect(close_old_connections)
    django_signals.request_finished.disconnect(close_old_connections)
    django_signals.got_request_exception.connect(remember_server_error)
    cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "apifuzz"}}
    try:
        with override_settings(CACHES=cache, ALLOWED_HOSTS=["localhost"]):
            yield WSGIHandler()
    finally:
        django_signals.request_started.connect(close_old_connections)
        django_signals.request_finished.connect(close_old_connections)
        django_signals.got_request_exception.disconnect(remember_server_error)


def fuzz(app, headers: dict[str, str], known_ids: dict[str, int]) -> Run:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    run = Run()
    for result in schema.get_all_operations():
        fuzz_operation(result.ok(), headers, known_ids, run)
        run.operations += 1
    return run


def fuzz_operation(operation, headers: dict[str, str], known_ids: dict[str, int], run: Run) -> None:
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    path_names = [parameter.name for parameter in operation.path_parameters]
    if path_names and all(name in known_ids for name in path_names):
        # Valid input about rows that exist: the services' own checks, not only the 404s.
        existing = {name: known_ids[name] for name in path_names}
        strategies.append(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=existing)
        )
    strategy = st.one_of(strategies)

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def example(case):
        server_errors.clear()
        with transaction.atomic():
            response = case.call(headers=headers)
            run.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    run.add(operation.label, response.status_code, failure)
            except Failure as failure:
                run.add(operation.label, response.status_code, failure)
            transaction.set_rollback(True)  # the seeded rows stay as they were for the next example

    example()


def assert_sound(run: Run, *, answered: set[int]) -> None:
    assert not run.findings, run.report()
    # Not a vacuous pass: every operation was fuzzed, and successes as well as refusals came back.
    documented = api.get_openapi_schema()["paths"]
    assert run.operations == sum(len(methods) for methods in documented.values()) > 0
    assert answered <= set(run.statuses), run.statuses


@pytest.mark.django_db
def test_the_api_holds_for_anonymous_callers(demo_like_data, app):
    run = fuzz(app, headers={}, known_ids=demo_like_data)
    assert_sound(run, answered={200, 401, 404, 422})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["operator", "supplier_admin"])
def test_the_api_holds_for_signed_in_callers(demo_like_data, app, request, persona):
    _, key = api_token_create(user=request.getfixturevalue(persona), name="fuzz")
    run = fuzz(app, headers={"Authorization": f"Bearer {key}"}, known_ids=demo_like_data)
    assert_sound(run, answered={200, 201, 404, 422})
