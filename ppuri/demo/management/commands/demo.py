"""`ppuri demo`: migrate, load the demo data into an empty database (or keep what is there), print
the demo accounts, serve."""

import errno
import socket
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ppuri.demo.services import DemoRefusedError, DemoSummary, demo_load


def _host_port(addrport: str) -> tuple[str, int]:
    """("127.0.0.1", 8000) for runserver's addrport forms: "8000", "0.0.0.0:8000", "[::1]:8000"."""
    host, _, port = addrport.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"--addrport {addrport!r}: 주소:포트 또는 포트 번호로 적어 주세요 (예: 127.0.0.1:8001, 8001). / "
            "Write it as host:port or a port number (e.g. 127.0.0.1:8001, 8001)."
        )
    return host.strip("[]") or "127.0.0.1", int(port)


def _port_taken(host: str, port: int) -> bool:
    """Whether another program listens on the port. Bound like runserver binds (address reuse on), so
    a port left in TIME_WAIT by the previous run counts as free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _browser_url(addrport: str) -> str:
    """The address to open in a browser for a runserver addrport ("8000", "0.0.0.0:8000", …)."""
    host, _, port = addrport.rpartition(":")
    if not host or host in {"0.0.0.0", "0", "[::]"}:  # noqa: S104 - only to print a URL
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = (
        "데모: 데이터베이스를 migrate 하고 데모 데이터를 한 번 불러온 뒤 데모 계정을 보여 주고 개발 서버를 "
        "띄웁니다. / Demo: migrate, load the demo data once, list the demo accounts and serve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="서버를 띄우지 않습니다. / Do not start the server."
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help=(
                "개발 서버 주소:포트 또는 포트 (기본 127.0.0.1:8000, make demo PORT=8001). / "
                "Address and port, or port, of the development server (make demo PORT=8001)."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="데모 데이터 난수 시드 (기본 PPURI_DEMO_SEED). / Random seed (default PPURI_DEMO_SEED).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed = settings.PPURI_DEMO_SEED if options["seed"] is None else options["seed"]
        host, port = _host_port(options["addrport"])
        # Before the minute of loading, not after it: runserver would only then find the port taken.
        if not options["no_serve"] and _port_taken(host, port):
            raise CommandError(
                f"{port}번 포트를 이미 다른 프로그램이 쓰고 있습니다. 다른 포트로 띄우려면: "
                f"make demo PORT={port + 1} 또는 ppuri demo --addrport {host}:{port + 1} / "
                f"Port {port} is in use; try make demo PORT={port + 1} or "
                f"ppuri demo --addrport {host}:{port + 1}."
            )
        call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1))
        try:
            summary = demo_load(seed=seed)
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        self._report(summary, _browser_url(options["addrport"]))
        if not options["no_serve"]:
            self._serve(options["addrport"])

    def _serve(self, addrport: str) -> None:
        """The web server and, beside it, one task worker for background work such as imports (in
        production they run as separate services: `ppuri db_worker` and a WSGI server)."""
        worker = subprocess.Popen([sys.executable, "-m", "ppuri.cli", "db_worker", "--no-reload"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _report(self, summary: DemoSummary, url: str) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS(summary.message))
        if summary.root_companies or summary.institutions:
            self._report_demo_rows(summary)
        if summary.accounts:
            self._report_accounts(summary)
        write("")
        write(self.style.SUCCESS(f"주소 / URL: {url}"))

    def _report_demo_rows(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        by_complex = ", ".join(f"{slug} {count:,}" for slug, count in summary.by_complex.items())
        write(
            f"뿌리기업 (데모) / demo root companies: {summary.root_companies:,} "
            f"({by_complex}, 단지 밖 / outside {summary.outside_complexes:,})"
        )
        write(
            f"기술기업 / technology companies: {summary.technology_companies:,} · "
            f"기관 / institutions: {summary.institutions:,} · 공정 역량 / capabilities: "
            f"{summary.capabilities:,} · 인증 / certifications: {summary.certifications:,}"
        )

    def _report_accounts(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        write("")
        write(f"데모 계정 / demo accounts (비밀번호 / password: {summary.password})")
        for account in summary.accounts:
            organization = account.organization or "-"
            if account.membership:
                organization = f"{organization} ({account.membership})"
            write(f"  {account.username:<12} {account.role:<14} {organization}")
        key = " ".join(summary.totp_key[i : i + 4] for i in range(0, len(summary.totp_key), 4))
        write(
            "  2단계 인증 데모 키 / demo TOTP key (operator, city, labor, university, 전문가 / experts): "
            f"{key} — 데모 전용 / demo only"
        )
        if summary.supplier_accounts:
            suppliers = ", ".join(summary.supplier_accounts)
            write(f"  견적 요청 데모의 공급기업 / sourcing demo suppliers: {suppliers}")
        if summary.expert_accounts:
            experts = ", ".join(summary.expert_accounts)
            write(f"  자문 데모의 전문가 / desk demo experts: {experts}")
        if summary.sourcing_requests:
            states = ", ".join(f"{status} {count}" for status, count in summary.sourcing_requests.items())
            write(f"견적 요청 / sourcing requests: {states}")
        if summary.experts:
            states = ", ".join(f"{status} {count}" for status, count in summary.challenges.items())
            write(f"전문가 / experts: {summary.experts:,} · 한계기술 과제 / challenges: {states or '-'}")
        if summary.articles:
            kinds = ", ".join(f"{kind} {count}" for kind, count in summary.articles.items())
            write(f"지식 문서 / knowledge articles: {kinds}")
        if summary.seeker_accounts:
            write(f"  채용 데모의 구직자 / jobs demo seekers: {', '.join(summary.seeker_accounts)}")
        if summary.job_postings:
            states = ", ".join(f"{status} {count}" for status, count in summary.job_postings.items())
            stages = ", ".join(f"{stage} {count}" for stage, count in summary.job_applications.items())
            write(f"채용 공고 / job postings: {states} · 입사 지원 / applications: {stages or '-'}")
        if summary.graduate_accounts:
            students = ", ".join(summary.graduate_accounts)
            write(f"  대학원 데모의 학생 / graduate demo students: {students}")
        if summary.graduate_cohorts:
            years = f"{summary.graduate_cohorts[0]}–{summary.graduate_cohorts[-1]}"
            states = ", ".join(f"{status} {count}" for status, count in summary.graduate_students.items())
            projects = ", ".join(f"{status} {count}" for status, count in summary.graduate_projects.items())
            surveys = ", ".join(f"{survey} {count}" for survey, count in summary.graduate_placements.items())
            write(
                f"제조혁신전문대학원 / graduate school: 기수 / cohorts {years} · "
                f"학생 / students: {states or '-'} · 과제 / projects: {projects or '-'} · "
                f"진로 조사 / placements: {surveys or '-'}"
            )
        if summary.programs.get("projects"):
            p = summary.programs
            write(
                f"협약·사업 / programmes: 사업 / projects {p['projects']} · 투자 유치 / leads {p['leads']} · "
                f"기업 방문 / visits {p['visits']} "
                f"(후속 조치 / follow-ups: 진행 / open {p['follow_ups_open']}, "
                f"완료 / done {p['follow_ups_done']}) · "
                f"상담회 / matchmaking days {p['events']} "
                f"(참가 / participants {p['event_participants']}, 상담 / meetings {p['event_meetings']})"
            )
