"""The caps under load through HTTP (issue 15, Done when 2): 500 concurrent approvals against a real
multi-worker server (gunicorn, BENCH_WORKERS processes, default 4) must yield exactly the cap and clear
refusals (409), with no server error.

    .venv/bin/python bench/incentive_caps.py                                           # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench_caps .venv/bin/python bench/incentive_caps.py

Two scenarios, each on a fresh programme:
1. head count: BENCH_APPLICATIONS (500) eligible applications of as many companies, head-count cap
   BENCH_CAP (300): exactly 300 approved and 200 answered 409 "인원 한도 300명에 도달했습니다…";
2. per company: 100 companies (not root) with 5 applications each, per-company cap 3, head count 1,000:
   exactly 300 approved and 200 refused "기업당 한도 3명에 도달했습니다…".
The approvals go out from BENCH_CONCURRENCY (50) threads at once, with a labor-office reviewer's API
token. Printed: the counts by status, wall time and p50/p95 of an approval; the baseline in the same run
is a read of the programme (GET /api/v1/incentives/programs/{id}) at the same concurrency. The script
fails (exit 1) when a count is wrong or any answer is a 5xx.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.core.management import call_command
from django.db import connection

from ppuri.accounts.models import Role, User
from ppuri.accounts.services import api_token_create
from ppuri.incentives import services
from ppuri.incentives.models import IncentiveApplication, Program
from ppuri.registry.models import Membership, Organization, Site

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "500"))
CAP = int(os.environ.get("BENCH_CAP", "300"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PPURI_API_USER_RATE": "1000000/m",  # the bench is one reviewer: no throttling in the way
        "PPURI_VAR_DIR": os.environ["PPURI_VAR_DIR"],
    }
    # The server's log (a warning for each 409) goes to a file beside the database.
    log = (Path(os.environ["PPURI_VAR_DIR"]) / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gunicorn", "ppuri.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request("GET", port, "/healthz", "")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def request(method: str, port: int, path: str, token: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"} if token else {}
        conn.request(method, path, body="{}" if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, body, time.perf_counter() - started
    finally:
        conn.close()


def companies(count: int, *, root: bool, prefix: str) -> list[tuple[Organization, User]]:
    made = []
    for n in range(count):
        company = Organization.objects.create(
            kind=Organization.Kind.COMPANY,
            name=f"{prefix}{n}(주)",
            normalized_name=f"{prefix}{n}",
            employees=20,
        )
        Organization.objects.filter(pk=company.pk).update(is_root_industry=root)
        company.refresh_from_db()
        Site.objects.create(organization=company, address=f"인천광역시 남동구 {n}", is_primary=True)
        admin = User.objects.create(username=f"{prefix}-admin-{n}", role=Role.COMPANY)
        Membership.objects.create(organization=company, user=admin, role=Membership.Role.ADMIN)
        made.append((company, admin))
    return made


def programme(operator: User, name: str, **values: int) -> Program:
    today = date.today()
    return services.program_create(
        actor=operator,
        data=services.ProgramInput(
            name=name, budget=10**12, headcount_cap=values.get("headcount_cap", CAP),
            per_company_cap=values.get("per_company_cap", 10),
            per_root_company_cap=values.get("per_root", 10),
            age_min=19, age_max=39, hire_from=today - timedelta(days=365), hire_to=today, min_employees=5,
            installments=[{"month": 3, "amount": 900_000}, {"month": 6, "amount": 900_000}],
            root_company_required=False,
        ),
    )  # fmt: skip


def apply_all(program: Program, pairs: list[tuple[Organization, User]]) -> list[int]:
    ids = []
    for n, (company, admin) in enumerate(pairs):
        application, token = services.application_submit(
            actor=admin,
            data=services.ApplicationInput(
                program=program, company=company, site=company.sites.get(),
                person=services.PersonInput(
                    name=f"청년{n}", birth_year_month="1999-04", incheon_resident=True,
                    phone=f"010-{n // 10000:04d}-{n % 10000:04d}",
                ),
                hire_date=date.today() - timedelta(days=30), full_time=True, contract_months=0,
                wage=2_900_000,
            ),
        )  # fmt: skip
        services.application_consent(token=token, agree=True)
        ids.append(application.pk)
    return ids


def race(port: int, token: str, paths: list[tuple[str, str]]) -> list[tuple[int, str, float]]:
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        return list(pool.map(lambda item: request(item[0], port, item[1], token), paths))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(
    label: str, answers: list[tuple[int, str, float]], baseline: list[tuple[int, str, float]]
) -> Counter[int]:
    statuses = Counter(status for status, _body, _seconds in answers)
    # The refusals' sentences with the company's name taken out (one sentence per company otherwise).
    reasons = Counter(
        re.sub(r"\(\S+\(주\)\)", "(…)", json.loads(body)["detail"])
        for status, body, _seconds in answers
        if status == 409
    )
    times = [seconds for *_rest, seconds in answers]
    base = [seconds for *_rest, seconds in baseline]
    print(f"{label}: statuses {dict(sorted(statuses.items()))}; refusals {dict(reasons)}")
    print(
        f"  approval p50 {percentile(times, 0.5):.1f} ms p95 {percentile(times, 0.95):.1f} ms; "
        f"baseline read p50 {percentile(base, 0.5):.1f} ms p95 {percentile(base, 0.95):.1f} ms "
        f"({percentile(times, 0.95) / max(percentile(base, 0.95), 0.001):.1f}×)"
    )
    return statuses


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)  # a database kept from an earlier run
    database = connection.vendor
    operator = User.objects.create(username="bench-operator", role=Role.OPERATOR, is_staff=True)
    reviewer = User.objects.create(username="bench-reviewer", role=Role.LABOR_OFFICE)
    _token, key = api_token_create(user=reviewer, name="bench")
    started = time.perf_counter()
    first = programme(operator, "인원 한도 시험")
    first_ids = apply_all(first, companies(APPLICATIONS, root=True, prefix="인원"))
    second = programme(operator, "기업당 한도 시험", headcount_cap=1000, per_company_cap=3, per_root=5)
    pairs = companies(APPLICATIONS // 5, root=False, prefix="기업")
    second_ids = apply_all(second, [pair for pair in pairs for _ in range(5)])
    print(f"database: {database}; {WORKERS} gunicorn workers; {CONCURRENCY} at once; "
          f"{2 * APPLICATIONS} applications written in {time.perf_counter() - started:.1f} s")  # fmt: skip
    connection.close()

    port = free_port()
    server = start_server(port)
    failures = []
    try:
        for program, ids, expected, label in (
            (first, first_ids, CAP, "head count"),
            (second, second_ids, 3 * (APPLICATIONS // 5), "per company"),
        ):
            baseline = race(port, key, [("GET", f"/api/v1/incentives/programs/{program.pk}")] * len(ids))
            began = time.perf_counter()
            answers = race(
                port, key, [("POST", f"/api/v1/incentives/applications/{pk}/approve") for pk in ids]
            )
            wall = time.perf_counter() - began
            statuses = report(f"{label} ({wall:.1f} s)", answers, baseline)
            approved = IncentiveApplication.objects.filter(program=program, status="approved").count()
            program.refresh_from_db()
            print(f"  approved in the database {approved}, counter {program.approved_headcount}")
            if statuses[200] != expected or approved != expected or program.approved_headcount != expected:
                failures.append(f"{label}: expected {expected} approved")
            if any(status >= 500 for status in statuses) or statuses[409] != len(ids) - expected:
                failures.append(f"{label}: unexpected answers {dict(statuses)}")
    finally:
        server.terminate()
        server.wait(30)
    if failures:
        raise SystemExit("; ".join(failures))
    print("ok: every cap held, no server error")


if __name__ == "__main__":
    main()
