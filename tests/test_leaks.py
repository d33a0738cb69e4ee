"""No page and no API read shows a stranger what is not theirs, public pages included.

tests/test_url_access.py checks that private pages ask to log in; it cannot see a public page (a
company's profile, search) that shows private things. Here every object a stranger may not see
carries a marker (tests/leak_fixtures.py), and four strangers (an anonymous visitor, a member of an
unrelated company, an unrelated expert, a seeker) walk every URL of ppuri.urls with the ids of every
seeded object, every GET of the API's OpenAPI document, and search for every marker. No marker may
appear in any body or header they get, except those a marker allows them. Three more (the city, the
labor office and a student of the graduate school with no part in its projects) walk the same for the
graduate school's markers.
"""

import contextlib
import inspect
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlencode

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ppuri.registry.selectors import directory_search
from tests.conftest import client_for
from tests.leak_fixtures import (
    ALL_VIEWERS,
    ANONYMOUS,
    CONTROL_MARKER,
    GRADUATE_VIEWERS,
    KOREAN_CONTROL,
    KOREAN_MARKER,
    SEEKER,
    STUDENT,
    UNRELATED_COMPANY,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db

# A marker, or any piece of one (a search snippet may wrap each word in <mark>).
TOKEN = re.compile(r"leakmark(?:-[a-z0-9]+)*", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")

# What the `pk` of a page means, by the start of its URL name, then by app.
PK_OF_NAME = {
    "dashboards:report_job": "report_jobs",
    "registry:claim_create": "organizations",
    "registry:claim_": "claims",
    "accounts:api_token": "tokens",
    "challenges:expert": "experts",
    "knowledge:detail": "articles",
    "registry:import_review": "review_items",
    "registry:import_": "import_runs",
    "talent:application": "applications",
    "talent:stage": "applications",
    "talent:withdraw": "applications",
    "talent:interest_respond": "interests",
    "talent:wage_arrears_clear": "arrears",
    "incentives:program": "incentive_programs",
    "incentives:apply": "incentive_programs",
    "incentives:evidence_upload": "incentive_applications",
    "incentives:evidence": "incentive_evidence",
    "incentives:installment_": "installments",
    "graduate:milestone": "graduate_milestones",
    "graduate:student": "graduate_students",
    "graduate:internship": "graduate_students",
    "graduate:placement": "graduate_students",
    # The programmes: the object each page's pk names.
    "programs:commitment_create": "programs_agreements",
    "programs:partner_add": "programs_agreements",
    "programs:agreement": "programs_agreements",
    "programs:commitment": "programs_commitments",
    "programs:period_add": "programs_commitments",
    "programs:project": "programs_projects",
    "programs:subproject_add": "programs_projects",
    "programs:budget_line_add": "programs_projects",
    "programs:milestone_add": "programs_projects",
    "programs:output_add": "programs_projects",
    "programs:lead": "programs_leads",
    "programs:visit": "programs_visits",
    "programs:follow_up": "programs_follow_ups",
    "programs:event_request_": "programs_requests",
    "programs:event_meeting_move": "programs_meetings",
    "programs:event_meeting_remove": "programs_meetings",
    "programs:event_meeting_outcome": "programs_meetings",
    "programs:event": "programs_events",
}
PK_OF_APP = {
    "sourcing": "requests",
    "challenges": "challenges",
    "registry": "organizations",
    "talent": "jobs",
    "incentives": "incentive_applications",
    "tenure": "employments",
    "graduate": "graduate_projects",
}
# The API's path parameters: one id, or a (parent, child) pair.
API_IDS = {
    "company_id": "organizations",
    "request_id": "requests",
    "challenge_id": "challenges",
    "expert_id": "experts",
    "article_id": "articles",
    "claim_id": "claims",
    "job_id": "jobs",
    "application_id": "applications",
    "interest_id": "interests",
    "program_id": "incentive_programs",
    "incentive_application_id": "incentive_applications",
    "case_id": "incentive_cases",
    "installment_id": "installments",
    "project_id": "graduate_projects",
    "agreement_id": "programs_agreements",
    "event_id": "programs_events",
    "scope": "dashboard_scopes",
}
# A path parameter whose name another app's path uses for another kind of object.
API_IDS_BY_PATH = {"/api/v1/programs/projects/{project_id}": "programs_projects"}
API_PAIRS = {
    ("company_id", "capability_id"): "registry:capability_pk",
    ("challenge_id", "attachment_id"): "challenges:attachment_pk",
}
# API URLs that are not operations of the OpenAPI document (the document itself is read first).
API_EXTRA = {"api-v1:openapi-view": "/api/v1/docs", "api-v1:api-root": "/api/v1/"}
API_DOCUMENT = "api-v1:openapi-json"
DIRECTORY_API = {"/api/v1/companies"}


@dataclass(frozen=True)
class Probe:
    path: str
    params: tuple[tuple[str, str], ...] = ()
    body: str | None = None  # a JSON body: the one public read that is a POST
    api: bool = False
    # The answer does not depend on who asks (the directory's search reads no viewer): one anonymous
    # read is enough, which keeps the walk's time in bounds.
    anyone: bool = False

    @property
    def url(self) -> str:
        return self.path + ("?" + urlencode(self.params) if self.params else "")

    @property
    def query(self) -> str | None:
        return dict(self.params).get("q")


@dataclass
class Walk:
    leaks: set[tuple[str, str, str, str]] = field(default_factory=set)  # viewer, url, kind, marker
    seen: set[tuple[str, str, str]] = field(default_factory=set)  # allowed sightings: viewer, path, marker
    statuses: dict[tuple[str, str], int] = field(default_factory=dict)
    throttled: list[str] = field(default_factory=list)
    requests: int = 0


# --- what to fetch --------------------------------------------------------------------------------


def _patterns(patterns, namespace="", prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _patterns(
                pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            keys = list(getattr(pattern.pattern, "converters", {})) or list(pattern.pattern.regex.groupindex)
            yield (
                (f"{namespace}{pattern.name}" if pattern.name else None),
                keys,
                prefix + str(pattern.pattern),
            )


def _query_markers(world: World) -> list[str]:
    """Every marker but a file's content (read by nothing but the file's download) and a price with
    commas (the analyser reads "7,346,291" as the digits, which are searched)."""
    return [text for text in world.markers if "," not in text and not text.endswith("-BODY")] + [
        CONTROL_MARKER,
        KOREAN_CONTROL,
    ]


def _search_probes(world: World, path: str, *, api: bool = False, anyone: bool = False) -> list[Probe]:
    return [Probe(path, (("q", text),), api=api, anyone=anyone) for text in _query_markers(world)]


def _admin_kwargs(name: str, keys: list[str], world: World) -> list[dict[str, object]] | None:
    """The admin sends anyone who is not staff to its login before it looks anything up, so one
    existing id per model is enough to walk every admin page."""
    models = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}
    models["auth_user"] = get_user_model()  # UserAdmin names its URLs auth_user_* whatever the model
    if keys == ["app_label"]:
        return [{"app_label": label} for label in sorted({m._meta.app_label for m in admin.site._registry})]
    if keys == ["content_type_id", "object_id"]:
        request = world.objects["R1"]
        return [{"content_type_id": ContentType.objects.get_for_model(request).pk, "object_id": request.pk}]
    if keys in (["object_id"], ["id"]):
        model = models.get(name.removeprefix("admin:").rsplit("_", 1)[0]) or models.get(
            name.removeprefix("admin:").rsplit("_", 2)[0]
        )
        if model is None:
            return None
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return [{keys[0]: first if first is not None else 0}]
    return None


def _unnamed_admin_probe(route: str) -> Probe | None:
    """The admin's unnamed URLs: its catch-all, and each model's old change URL (a redirect)."""
    if route == "/admin/(?P<url>.*)$":
        return Probe("/admin/leak-probe/")
    found = re.fullmatch(r"/admin/(\w+)/(\w+)/<path:object_id>/", route)
    if found is None:
        return None
    models = {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}
    model = models.get((found[1], found[2]))
    if model is None:
        return None
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return Probe(f"/admin/{found[1]}/{found[2]}/{first or 0}/")


def _page_kwargs(name: str, keys: list[str], world: World) -> list[dict[str, object]] | None:
    app = name.split(":")[0]
    if not keys:
        return [{}]
    if app == "admin":
        return _admin_kwargs(name, keys, world)
    if keys == ["pk"]:
        kind = next(
            (kind for start, kind in PK_OF_NAME.items() if name.startswith(start)), PK_OF_APP.get(app)
        )
        return [{"pk": pk} for pk in world.ids[kind]] if kind else None
    if keys == ["slug"]:
        return [{"slug": slug} for slug in world.ids["complexes"]]
    if keys == ["scope"]:  # the dashboards: Incheon and each complex
        return [{"scope": scope} for scope in world.ids["dashboard_scopes"]]
    if keys == ["scope", "fmt"]:  # their reports: every Excel, and Incheon's PDF (seconds each)
        excel = [{"scope": scope, "fmt": "xlsx"} for scope in world.ids["dashboard_scopes"]]
        return [*excel, {"scope": "incheon", "fmt": "pdf"}]
    if keys == ["fmt"]:  # my data's downloads: the viewer's own
        return [{"fmt": "json"}, {"fmt": "csv"}]
    if keys == ["token"]:
        # Invitations' real links, and a made-up one (a stranger holds no mailed sign-up link).
        links = [{"token": token} for token in world.ids["invitation_tokens"]]
        return [*links, {"token": "leak-probe-token"}]
    if keys == ["uidb64", "token"]:  # the password reset's link
        return [{"uidb64": "MQ", "token": "leak-probe-token"}]
    if keys == ["challenge_pk"]:
        return [{"challenge_pk": pk} for pk in world.ids["challenges"]]
    if keys == ["project_pk"]:  # a graduate-school project published as a case
        return [{"project_pk": pk} for pk in world.ids["graduate_projects"]]
    if keys == ["year"]:  # the graduate school's cohorts
        return [{"year": year} for year in world.ids["cohorts"]]
    if len(keys) == 2 and keys[0] == "pk" and name in world.pairs:  # pairs kept by page (programs)
        return [{"pk": parent, keys[1]: child} for parent, child in world.pairs[name]]
    if len(keys) == 2 and keys[0] == "pk" and f"{app}:{keys[1]}" in world.pairs:
        return [{"pk": parent, keys[1]: child} for parent, child in world.pairs[f"{app}:{keys[1]}"]]
    return None


def page_probes(world: World, api_paths: set[str]) -> tuple[list[Probe], list[str]]:
    """Every URL of ppuri.urls with every fitting id, and the search pages for every marker."""
    probes, unfilled = [], []
    for name, keys, route in _patterns(get_resolver().url_patterns):
        if name is None:
            probe = _unnamed_admin_probe(route)
            if probe is None:
                unfilled.append(f"unnamed pattern {route}")
            else:
                probes.append(probe)
            continue
        if name.startswith("api-v1:"):
            route = re.sub(r"<(\w+)>", r"{\1}", route)
            if name in API_EXTRA:
                probes.append(Probe(API_EXTRA[name], api=True))
            elif name != API_DOCUMENT and route.removesuffix("/") not in api_paths:
                unfilled.append(f"{name}: not in the OpenAPI document")
            continue  # walked through the OpenAPI document
        found = _page_kwargs(name, keys, world)
        if found is None:
            unfilled.append(f"{name}: no ids for {keys}")
            continue
        probes += [Probe(reverse(name, kwargs=kwargs)) for kwargs in found]
    probes += _search_probes(world, "/search/") + _search_probes(world, "/companies/", anyone=True)
    return probes, unfilled


def api_probes(world: World, schema: dict) -> tuple[list[Probe], list[str]]:
    """Every GET of the OpenAPI document with every fitting id (and every marker as `q`), and the
    public match, the one read that is a POST. An operation this cannot call is reported, not skipped."""
    probes, uncallable = [], []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        in_path = tuple(p["name"] for p in parameters if p["in"] == "path")
        if not in_path:
            fillings: list[dict[str, object]] | None = [{}]
        elif len(in_path) == 1 and path in API_IDS_BY_PATH:
            fillings = [{in_path[0]: pk} for pk in world.ids[API_IDS_BY_PATH[path]]]
        elif len(in_path) == 1 and in_path[0] in API_IDS:
            fillings = [{in_path[0]: pk} for pk in world.ids[API_IDS[in_path[0]]]]
        elif in_path in API_PAIRS:
            fillings = [dict(zip(in_path, pair, strict=True)) for pair in world.pairs[API_PAIRS[in_path]]]
        else:
            fillings = None
        query = {p["name"]: p.get("required", False) for p in parameters if p["in"] == "query"}
        unknown = [name for name, required in query.items() if required and name != "q"]
        if fillings is None or unknown:
            uncallable.append(f"GET {path}: cannot fill {list(in_path) if fillings is None else unknown}")
            continue
        # Optional filters only narrow the default answer; `role` chooses another list.
        variants = [Probe(path)] if not query.get("q") else []
        if "q" in query:
            variants += _search_probes(world, path, anyone=path in DIRECTORY_API)
        if "role" in query:
            variants.append(Probe(path, (("role", "supplier"),)))
        for filling in fillings:
            probes += [Probe(v.path.format(**filling), v.params, api=True, anyone=v.anyone) for v in variants]
    for slug in ("casting.die-casting", "heat-treatment.carburizing"):
        body = json.dumps({"title": "알루미늄 하우징", "processes": [slug], "quantity": 500})
        probes.append(Probe("/api/v1/sourcing/match", body=body, api=True))
    return probes, uncallable


# --- reading what came back -----------------------------------------------------------------------


def _report_text(content: bytes, kind: str) -> str:
    """The text of a report: every cell of a workbook, the words of a PDF (pdftotext); "" for other
    content, which is read as it was sent."""
    if kind.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        )
    if kind == "application/pdf":  # the fixtures' uploaded "PDFs" are not all PDFs: then the bytes
        return subprocess.run(  # noqa: S603 (a fixed command over a PDF Ppuri just made)
            [shutil.which("pdftotext") or "pdftotext", "-", "-"],
            input=content,
            capture_output=True,
            check=False,
        ).stdout.decode()
    return ""


def readable(response) -> str:
    """Headers (URL-decoded), the body as sent, without its tags, and JSON with its escapes undone."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = _report_text(content, response.get("Content-Type", "")) or content.decode(
        "utf-8", errors="replace"
    )
    parts = [unquote(f"{name}: {value}") for name, value in response.items()]
    parts += [text, TAG.sub("", text)]
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):  # a JSON content type around a body that is not JSON
            parts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(parts)


def sightings(text: str, world: World) -> Counter[str]:
    found: Counter[str] = Counter(match.group(0).upper() for match in TOKEN.finditer(text))
    for marker in world.markers:
        if not marker.startswith("LEAKMARK") and marker in text:
            found[marker] += text.count(marker)
    for control in (KOREAN_CONTROL,):
        if control in text:
            found[control] += text.count(control)
    return found


def judge(walk: Walk, world: World, viewer: str, probe: Probe, found: Counter[str], echoes: int) -> None:
    for token, count in found.items():
        if token in (CONTROL_MARKER, KOREAN_CONTROL):
            continue
        if probe.query and token == probe.query.upper():
            count -= echoes  # the page repeats the query as often as it repeats the control's
            if count <= 0:
                continue
        marker = world.markers.get(token)
        candidates = (
            [marker] if marker else [m for text, m in world.markers.items() if text.startswith(token)]
        )
        if viewer in GRADUATE_VIEWERS and candidates:
            # Judged on the graduate school's markers only (leak_fixtures.GRADUATE_VIEWERS).
            candidates = [m for m in candidates if m.judged_for(viewer)]
            if not candidates:
                continue
            marker = marker if marker in candidates else None
        forbidden = [m for m in candidates if m.forbidden(viewer, probe.path)]
        if candidates and len(forbidden) < len(candidates):
            walk.seen.add((viewer, probe.path, token))
        elif marker:
            walk.leaks.add((viewer, probe.url, marker.kind, token))
        else:
            kinds = ", ".join(sorted({m.kind for m in candidates})) or "unknown"
            walk.leaks.add((viewer, probe.url, f"part of a marker ({kinds})", token))


def _fetch(client: Client, probe: Probe, n: int):
    # Each anonymous API call from its own address: the anonymous rate limit is not what is tested.
    extra = {"REMOTE_ADDR": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"} if probe.api else {}
    if probe.body is not None:
        return client.post(probe.path, probe.body, content_type="application/json", **extra)
    return client.get(probe.path, dict(probe.params), **extra)


def walk_as(walk: Walk, world: World, viewer: str, client: Client, probes: list[Probe]) -> None:
    echoes: dict[tuple[str, str], int] = {}
    # The controls first: how often each search page repeats a query that matches nothing.
    ordered = sorted(probes, key=lambda p: p.query not in (CONTROL_MARKER, KOREAN_CONTROL))
    for probe in ordered:
        if probe.anyone and viewer != ANONYMOUS:
            continue
        if _not_judged(world, viewer, probe.query):
            continue  # a search for another app's marker, by a viewer judged on the graduate school's
        walk.requests += 1
        response = _fetch(client, probe, walk.requests)
        walk.statuses[(viewer, probe.url)] = response.status_code
        if response.status_code == 429:
            walk.throttled.append(f"{viewer} {probe.url}")
        found = sightings(readable(response), world)
        query = probe.query
        if query in (CONTROL_MARKER, KOREAN_CONTROL):
            echoes[(probe.path, query)] = found[query]
        korean = query is not None and not query.isascii()
        echo = echoes.get((probe.path, KOREAN_CONTROL if korean else CONTROL_MARKER), 0) if query else 0
        judge(walk, world, viewer, probe, found, echo)


def _not_judged(world: World, viewer: str, query: str | None) -> bool:
    marker = world.markers.get(query) if query else None
    return marker is not None and not marker.judged_for(viewer)


def viewer_clients(world: World) -> dict[str, Client]:
    return {
        viewer: Client() if viewer == ANONYMOUS else client_for(world.users[viewer]) for viewer in ALL_VIEWERS
    }


@pytest.fixture
def world(
    operator,
    buyer,
    supplier,
    supplier_admin,
    other_company,
    other_admin,
    seeker,
    experts,
    institutions,
    tmp_path,
):
    return build_world(
        operator=operator,
        buyer=buyer,
        supplier=supplier,
        supplier_admin=supplier_admin,
        other_company=other_company,
        other_admin=other_admin,
        seeker=seeker,
        experts=experts,
        institutions=institutions,
        tmp_path=tmp_path,
    )


# --- the tests ------------------------------------------------------------------------------------


def _shows(user, url: str, *texts: str) -> None:
    response = client_for(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    text = readable(response)
    missing = [t for t in texts if t not in text]
    assert not missing, f"{url} should show {missing} to {user}"


def _parties_see_their_markers(world: World) -> None:
    """The markers are stored and shown to those they belong to: the walk's silence is not a matter
    of markers that were never written (nor of a reader that cannot see them)."""
    users, objects = world.users, world.objects
    r1, r2, c1, c3 = objects["R1"], objects["R2"], objects["C1"], objects["C3"]
    _shows(users["buyer"], f"/sourcing/{r1.pk}/", "LEAKMARK-R1-TITLE", KOREAN_MARKER, "LEAKMARK-R1-TOL",
           "LEAKMARK-R1-GRADE", "LEAKMARK-R1-FILE")  # fmt: skip
    _shows(users["buyer"], f"/api/v1/sourcing/requests/{r1.pk}", KOREAN_MARKER, "LEAKMARK-R1-DESC")
    _shows(users["buyer"], f"/sourcing/{r1.pk}/files/{r1.attachments.get().pk}/", "LEAKMARK-R1-FILE-BODY")
    _shows(users["buyer"], f"/sourcing/{r2.pk}/", "LEAKMARK-R2Q1-NOTES", "7,346,291", "LEAKMARK-R2-DECLINE")
    _shows(users["supplier_admin"], f"/sourcing/{r2.pk}/", "LEAKMARK-R2-TITLE", "7,346,291")
    _shows(users["supplier_admin"], f"/api/v1/sourcing/requests/{r2.pk}/quotes", "LEAKMARK-R2Q1-NOTES")
    _shows(users["supplier_admin"], f"/challenges/{c1.pk}/", "LEAKMARK-C1-TITLE", "LEAKMARK-C1-CONSULT",
           "LEAKMARK-C1-RESULT", "LEAKMARK-C1-FILE", "LEAKMARK-C1-CFILE")  # fmt: skip
    _shows(users["supplier_admin"], f"/api/v1/challenges/{c1.pk}", "LEAKMARK-C1-RATING")
    _shows(users["operator"], f"/challenges/{c1.pk}/", "LEAKMARK-C1-DECLINE")
    _shows(users["expert"], f"/challenges/{c3.pk}/", "LEAKMARK-C3-CONSULT", "LEAKMARK-C3-FILE")
    supplier = world.organizations["supplier"]
    private = supplier.contacts.get(is_public=False)
    _shows(users["supplier_admin"], f"/companies/{supplier.pk}/contacts/{private.pk}/", "LEAKMARK-CT1-NAME",
           "LEAKMARK-CT1-MAIL", "010-7346-2915")  # fmt: skip
    _shows(users["hidden_admin"], f"/companies/{world.organizations['hidden'].pk}/", "LEAKMARK-ORG-NAME",
           "LEAKMARK-ORG-DESC", "LEAKMARK-ORG-EQUIP")  # fmt: skip
    _shows(users["operator"], f"/imports/{objects['import_run'].pk}/", "LEAKMARK-IMPORT-FILE")
    _shows(users["operator"], "/imports/review/", "LEAKMARK-IMPORT-REVIEW")
    _shows(users["buyer"], "/accounts/tokens/", "LEAKMARK-TOKEN-BUYER")
    _shows(users[SEEKER], f"/knowledge/{objects['members_article'].pk}/", "LEAKMARK-ART-BODY")
    claim = objects["claim"]
    _shows(users["claimant"], f"/claims/{claim.pk}/", "LEAKMARK-CL1-MAIL", "LEAKMARK-CL1-MSG", "220-81-62517",
           "LEAKMARK-CL1-FILE")  # fmt: skip
    _shows(users["claimant"], "/api/v1/claims", "LEAKMARK-CL1-MSG", "220-81-62517")
    _shows(users["operator"], f"/claims/{claim.pk}/", "LEAKMARK-CLAIMANT-MAIL")
    _shows(
        users["operator"],
        f"/claims/{objects['refused_claim'].pk}/",
        "LEAKMARK-CL2-MSG",
        "120-81-47521",
        "LEAKMARK-CL2-REASON",
    )
    _shows(users["operator"], "/api/v1/claims", "LEAKMARK-CL2-REASON")
    _shows(
        users["supplier_admin"], f"/companies/{supplier.pk}/people/", "leakmark-inv1-mail"
    )  # stored lower-case
    application = objects["application"]
    _shows(users["supplier_admin"], f"/jobs/applications/{application.pk}/", "LEAKMARK-APL-NAME",
           "LEAKMARK-APL-MAIL", "010-4821-7395", "LEAKMARK-APL-HEAD", "LEAKMARK-APL-MSG",
           "LEAKMARK-APL-NOTE")  # fmt: skip
    _shows(users["applicant"], f"/jobs/applications/{application.pk}/", "LEAKMARK-APL-MSG")
    _shows(users["supplier_admin"], f"/jobs/{objects['draft_job'].pk}/", "LEAKMARK-JOB-DRAFT-DESC")
    _shows(users["hidden_admin"], "/jobs/mine/", "LEAKMARK-JOB-HIDDEN")
    _shows(
        users["operator"],
        f"/admin/talent/wagearrearsmark/{objects['arrears'].pk}/change/",
        "LEAKMARK-ARREARS",
    )
    _graduate_parties_see_their_markers(world)
    _programme_parties_see_their_markers(world)


def _programme_parties_see_their_markers(world: World) -> None:
    """The programmes' markers are on their pages for those who may see them: the staff, the partner's
    editor, the visited company (its shared summary only), the event's participants."""
    users, objects = world.users, world.objects
    agreement, visit = objects["programs_agreement"], objects["programs_visit"]
    lead, event = objects["programs_lead"], objects["programs_event"]
    _shows(
        users["operator"], f"/programs/agreements/{agreement.pk}/", "LEAKMARK-PA1-TITLE", "LEAKMARK-PC1-TITLE"
    )
    _shows(users["supplier_admin"], f"/programs/agreements/{agreement.pk}/", "LEAKMARK-PC1-TITLE")
    _shows(users["operator"], f"/programs/leads/{lead.pk}/", "LEAKMARK-PL-INVESTOR", "LEAKMARK-PL-SITE")
    _shows(users["operator"], f"/programs/visits/{visit.pk}/", "LEAKMARK-PV-NOTES", "LEAKMARK-PV-SHARED")
    _shows(users["supplier_admin"], f"/programs/visits/{visit.pk}/", "LEAKMARK-PV-SHARED")
    assert "LEAKMARK-PV-NOTES" not in readable(
        client_for(users["supplier_admin"]).get(f"/programs/visits/{visit.pk}/")
    )
    _shows(users["other_admin"], f"/programs/events/{event.pk}/", "LEAKMARK-PP-NEEDS", "LEAKMARK-PM-REASON")
    _shows(users["supplier_admin"], f"/programs/events/{event.pk}/", "LEAKMARK-PM-OUTCOME")
    _shows(users["operator"], f"/programs/leads/{lead.pk}/", "LEAKMARK-PL-NEXT", "LEAKMARK-PL-NOTE")
    flagged = objects["programs_flagged_visit"]
    details = ("LEAKMARK-PV-HIRING", "LEAKMARK-PV-TECH", "LEAKMARK-PV-REGULATION", "LEAKMARK-PV-SITE")
    _shows(users["operator"], f"/programs/visits/{flagged.pk}/", *details)
    company_sees = readable(client_for(users["supplier_admin"]).get(f"/programs/visits/{flagged.pk}/"))
    assert not [marker for marker in details if marker in company_sees]


def _graduate_parties_see_their_markers(world: World) -> None:
    from ppuri.graduate.models import Student

    users, objects = world.users, world.objects
    project, proposed = objects["graduate_project"], objects["proposed_project"]
    student, invited = objects["graduate_student"], objects["invited_student"]
    year = world.ids["cohorts"][0]
    # Lists mask names (the cohort's students, the requests); each student's page shows the whole name.
    _shows(users["school"], f"/graduate/cohorts/{year}/", "김*은")
    _shows(users["school"], f"/graduate/students/{student.pk}/", "LEAKMARK-GS1-NAME")
    _shows(users["school"], f"/graduate/students/{invited.pk}/", "LEAKMARK-GS2-NAME")
    _shows(users["school"], f"/graduate/students/{objects['requesting_student'].pk}/", "LEAKMARK-GS3-NAME")
    _shows(users["school"], f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-PROBLEM",
           "LEAKMARK-GIN-MOTIVE", "LEAKMARK-GMS-NOTE", "LEAKMARK-GP1-RESULT")  # fmt: skip
    _shows(users["school"], f"/graduate/projects/{proposed.pk}/", "LEAKMARK-GP2-TITLE",
           "LEAKMARK-GP2-PROBLEM", "LEAKMARK-GP2-DATA", "LEAKMARK-GP2-MENTOR")  # fmt: skip
    _shows(users["school"], f"/graduate/students/{student.pk}/", "LEAKMARK-GPL-EMPLOYER", "LEAKMARK-GPL-ROLE")
    assert Student.objects.get(pk=invited.pk).invited_email.startswith("leakmark-gs2-mail@")
    _shows(users["supplier_admin"], f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-PROBLEM",
           "LEAKMARK-GP1-DATA", "LEAKMARK-GP1-MENTOR", "LEAKMARK-GP1-RESULT", "LEAKMARK-GS1-NAME",
           "LEAKMARK-GMS-NOTE")  # fmt: skip
    _shows(users["supplier_admin"], "/api/v1/graduate/projects", "LEAKMARK-GP1-PROBLEM",
           "LEAKMARK-GP2-SUMMARY")  # fmt: skip
    _shows(users["advisor"], f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-PROBLEM", "LEAKMARK-GS1-NAME")
    _shows(users["graduate_student"], f"/graduate/students/{student.pk}/", "LEAKMARK-GS1-NAME",
           "LEAKMARK-GPL-ROLE")  # fmt: skip
    _shows(users["graduate_student"], f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-PROBLEM")
    _shows(users["graduate_student"], "/accounts/my-data/", "LEAKMARK-GIN-MOTIVE")
    _shows(users[STUDENT], f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-SUMMARY")


def test_no_marker_reaches_a_viewer_who_may_not_see_it(world):
    _parties_see_their_markers(world)
    # The directory's search is read once per marker, anonymously (Probe.anyone): it reads no viewer.
    assert "user" not in inspect.signature(directory_search).parameters, "search the directory as each viewer"

    document = Client().get("/api/v1/openapi.json")
    assert document.status_code == 200
    schema = document.json()
    api, uncallable = api_probes(world, schema)
    pages, unfilled = page_probes(world, set(schema["paths"]))
    assert not unfilled, "URLs the walk cannot fill (teach tests/test_leaks.py their ids):\n" + "\n".join(
        unfilled
    )
    assert not uncallable, "API reads the walk cannot call:\n" + "\n".join(uncallable)

    walk = Walk()
    judge(walk, world, ANONYMOUS, Probe("/api/v1/openapi.json"), sightings(readable(document), world), 0)
    for viewer, client in viewer_clients(world).items():
        walk_as(walk, world, viewer, client, pages + api)

    assert not walk.throttled, "rate-limited, so not really read:\n" + "\n".join(walk.throttled[:20])
    leaks = sorted(walk.leaks)
    parties = ", ".join(f"{o.pk} {role} ({o.name})" for role, o in world.organizations.items())
    assert not leaks, (
        f"{len(leaks)} leaks (viewer, url, what, marker); organizations {parties}:\n"
        + "\n".join(f"{viewer}\t{url}\t{kind}\t{token}" for viewer, url, kind, token in leaks)
    )

    # The walk really read pages, the parties' public pages among them, and saw what it may.
    assert walk.requests > 1000
    for viewer in ALL_VIEWERS:
        for party in ("buyer", "supplier", "other"):
            assert walk.statuses[(viewer, f"/companies/{world.organizations[party].pk}/")] == 200, (
                viewer,
                party,
            )
    r5, members_article = world.objects["R5"], world.objects["members_article"]
    assert (UNRELATED_COMPANY, f"/sourcing/{r5.pk}/", "LEAKMARK-R5-TITLE") in walk.seen
    assert (SEEKER, f"/knowledge/{members_article.pk}/", "LEAKMARK-ART-TITLE") in walk.seen
    assert (ANONYMOUS, f"/knowledge/{world.objects['case_article'].pk}/", "LEAKMARK-CASE-TITLE") in walk.seen
    # Search holds the members-only article and finds it for a signed-in reader: its silence for an
    # anonymous one means something.
    assert (SEEKER, "/search/", "LEAKMARK-ART-TITLE") in walk.seen
    assert (SEEKER, "/api/v1/search", "LEAKMARK-ART-TITLE") in walk.seen
    # The graduate school's student reads the published project, its summary, and none of its details;
    # its anonymised case is public.
    project = world.objects["graduate_project"]
    assert (STUDENT, f"/graduate/projects/{project.pk}/", "LEAKMARK-GP1-SUMMARY") in walk.seen
    assert (STUDENT, "/api/v1/graduate/projects", "LEAKMARK-GP1-SUMMARY") in walk.seen
    case = world.objects["graduate_case"]
    for viewer in ALL_VIEWERS:
        assert (viewer, f"/knowledge/{case.pk}/", "LEAKMARK-GCASE-TITLE") in walk.seen, viewer
