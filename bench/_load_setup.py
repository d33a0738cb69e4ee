"""bench/load.py's preparation, in its own process on the load database (DATABASE_URL): migrate, load the
demo, make the writers' tokens and seekers; prints the requests of the read and write mixes as JSON."""

import json
from datetime import timedelta
from urllib.parse import quote

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.accounts.services import api_token_create
from ppuri.demo.services import demo_load
from ppuri.reference.models import Complex, Process
from ppuri.registry.models import Membership, Organization
from ppuri.talent import services as talent
from ppuri.talent.models import JobPosting

SEEKERS = 120
SEARCHES = ["다이캐스팅", "열처리", "무전해니켈도금", "금형", "알루미늄 용접"]


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    demo_load(seed=settings.PPURI_DEMO_SEED)
    users = get_user_model().objects
    buyer, supplier = users.get(username="buyer"), users.get(username="supplier")
    buyer_token = api_token_create(user=buyer, name="load benchmark")[1]
    supplier_token = api_token_create(user=supplier, name="load benchmark")[1]
    supplier_company = Membership.objects.filter(user=supplier).values_list("organization_id", flat=True)[0]
    welding = Process.objects.get(slug="welding.arc")
    seeker_tokens = []
    for number in range(SEEKERS):
        seeker = users.create_user(username=f"load-seeker-{number}", password=None, role=Role.SEEKER)
        talent.seeker_profile_save(
            actor=seeker,
            consent=True,
            data=talent.ProfileInput(
                qualifications=[], processes=[welding], technologies=[], experience_years=1, education="",
                preferred_complexes=[], desired_wage=None, shifts=[], dormitory=False, available_from=None,
                discoverable=False,
            ),
        )  # fmt: skip
        seeker_tokens.append(api_token_create(user=seeker, name="load benchmark")[1])
    jobs = list(JobPosting.objects.filter(status=JobPosting.Status.OPEN).values_list("pk", flat=True))
    deadline = (timezone.localdate() + timedelta(days=60)).isoformat()

    writes: list[tuple[str, str, str, str]] = []
    # Every seeker applies to every open job once at most: the list is long enough not to come round.
    applications = [(token, job) for job in jobs for token in seeker_tokens]
    for number, (token, job) in enumerate(applications):
        writes.append(("POST", f"/api/v1/jobs/{job}/applications", token, json.dumps({"consent": True})))
        request = {
            "title": f"부하 시험 의뢰 {number}",
            "description": "알루미늄 다이캐스팅 하우징 500개, 양극산화 마감",
            "quantity": 500,
            "deadline": deadline,
        }
        writes.append(
            ("POST", "/api/v1/sourcing/requests", buyer_token, json.dumps(request, ensure_ascii=False))
        )
        challenge = {
            "company_id": supplier_company,
            "title": f"부하 시험 과제 {number}",
            "description": "다이캐스팅 부품에 기공이 생깁니다. 원인과 대책을 찾고 싶습니다.",
        }
        writes.append(
            ("POST", "/api/v1/challenges", supplier_token, json.dumps(challenge, ensure_ascii=False))
        )

    companies = list(
        Organization.objects.filter(kind="company", is_public=True, is_root_industry=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:40]
    )
    complexes = list(Complex.objects.order_by("pk").values_list("slug", flat=True)[:4])
    reads = ["/"]
    for number, company in enumerate(companies):
        reads.append(f"/companies/{company}/")
        reads.append(f"/companies/?technology=casting&complex={complexes[number % len(complexes)]}")
        reads.append(f"/search/?q={quote(SEARCHES[number % len(SEARCHES)])}")
        reads.append(f"/api/v1/companies?technology={['casting', 'heat-treatment', 'welding'][number % 3]}")
        reads.append("/")
    print(
        json.dumps(
            {
                "companies": Organization.objects.filter(kind="company").count(),
                "reads": reads,
                "writes": writes,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
