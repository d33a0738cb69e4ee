"""Matching quality on the labelled seeker–job judgements of talent_cases.toml.

    .venv/bin/python bench/talent_quality.py

Writes the file's postings (one company per complex, each posting through talent.services as the
company's admin) and seekers (through talent.services, each with the collection consent) into a
scratch database, then ranks every posting for every seeker with `selectors.matches_for_seeker`
(postings outside the seeker's fields, which Ppuri does not show, follow in id order). Prints per
seeker the top three, and over all seekers hit@3 (a posting graded 3 among the first three) and
nDCG@10 (gain 2^grade − 1). Baseline in the same run: keyword matching as job boards do it — the words
a seeker would type (`text`) against each posting's title, description and qualification names,
ranked by the number of shared words. Asserts nothing.
"""

import math
import re
import tomllib
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.core.management import call_command

from ppuri.accounts.models import Role, User
from ppuri.core.text import normalize_company_name
from ppuri.reference.models import Complex, Process, Technology
from ppuri.reference.selectors import qualification_names
from ppuri.registry.models import Membership, Organization, Site
from ppuri.talent import selectors, services

CASES = Path(__file__).resolve().parent / "talent_cases.toml"
WORD = re.compile(r"[0-9A-Za-z가-힣]+")


def _qualification(names: dict, name: str):
    found = names.get("".join(name.split()).casefold())
    if found is None:
        raise SystemExit(f"talent_cases.toml: unknown qualification {name!r}")
    return found


def _companies() -> dict[str, tuple[Organization, User]]:
    found = {}
    for complex_ in Complex.objects.all():
        organization = Organization.objects.create(
            kind=Organization.Kind.COMPANY,
            name=f"평가기업 {complex_.short_name_ko}",
            normalized_name=normalize_company_name(f"평가기업 {complex_.short_name_ko}"),
        )
        Site.objects.create(
            organization=organization, address="인천광역시", complex=complex_, is_primary=True
        )
        admin = User.objects.create(username=f"bench-{complex_.slug}", role=Role.COMPANY)
        Membership.objects.create(user=admin, organization=organization, role=Membership.Role.ADMIN)
        found[complex_.slug] = (organization, admin)
    return found


def _write(cases: dict) -> tuple[dict[str, int], dict[str, User], dict[int, str]]:
    names = qualification_names()
    processes = {p.slug: p for p in Process.objects.all()}
    companies = _companies()
    jobs, texts = {}, {}
    for row in cases["job"]:
        company, admin = companies[row["complex"]]
        low, high = row["wage"]
        data = services.JobInput(
            title=row["title"], description=row["description"],
            technology=Technology.objects.get(slug=row["technology"]),
            processes=[processes[slug] for slug in row["processes"]],
            required_qualifications=[_qualification(names, n) for n in row["required"]],
            preferred_qualifications=[_qualification(names, n) for n in row["preferred"]],
            experience_years_min=row["experience"], employment_type="full_time", shift=row["shift"],
            wage_min=low, wage_max=high, site=company.sites.get(), complex=None, dormitory=row["dormitory"],
            commuter_bus=row["commuter_bus"], positions=1, closes_on=None,
        )  # fmt: skip
        job = services.job_open(actor=admin, job=services.job_create(actor=admin, company=company, data=data))
        jobs[row["key"]] = job.pk
        texts[job.pk] = " ".join([row["title"], row["description"], *row["required"], *row["preferred"]])
    seekers = {}
    complexes = {c.slug: c for c in Complex.objects.all()}
    for row in cases["seeker"]:
        user = User.objects.create(username=f"bench-{row['key']}", role=Role.SEEKER)
        services.seeker_profile_save(
            actor=user,
            consent=True,
            data=services.ProfileInput(
                qualifications=[(_qualification(names, n), None) for n in row["qualifications"]],
                processes=[processes[slug] for slug in row["processes"]], technologies=[],
                experience_years=row["experience"], education="",
                preferred_complexes=[complexes[slug] for slug in row["complexes"]],
                desired_wage=row["desired_wage"], shifts=row["shifts"], dormitory=row["dormitory"],
                available_from=None, discoverable=True,
            ),
        )  # fmt: skip
        seekers[row["key"]] = user
    return jobs, seekers, texts


def _ndcg(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(key, 0) for key in ranking]) / ideal if ideal else 0.0


def _keyword_ranking(text: str, job_texts: dict[str, str]) -> list[str]:
    words = set(WORD.findall(text))
    scored = [(len(words & set(WORD.findall(body))), key) for key, body in job_texts.items()]
    return [key for _count, key in sorted(scored, key=lambda item: (-item[0], item[1]))]


def main() -> None:
    call_command("migrate", verbosity=0)
    cases = tomllib.loads(CASES.read_text())
    jobs, seekers, texts = _write(cases)
    key_of_job = {pk: key for key, pk in jobs.items()}
    grades: dict[str, dict[str, int]] = {}
    for seeker, job, grade in cases["judgements"]:
        grades.setdefault(seeker, {})[job] = grade
    print(
        f"{len(cases['job'])} postings, {len(cases['seeker'])} seekers, {len(cases['judgements'])} judgements"
    )
    results = {"Ppuri": [], "keyword baseline": []}
    for row in cases["seeker"]:
        key = row["key"]
        found = selectors.matches_for_seeker(user=seekers[key], limit=None)
        ranking = [key_of_job[m.job.job_id] for m in found.matches]
        ranking += [k for k in sorted(jobs) if k not in ranking]  # outside the seeker's fields
        baseline = _keyword_ranking(row["text"], {key_of_job[pk]: text for pk, text in texts.items()})
        for name, ranked in (("Ppuri", ranking), ("keyword baseline", baseline)):
            hit = any(grades[key].get(job, 0) == 3 for job in ranked[:3])
            results[name].append((hit, _ndcg(ranked, grades[key])))
        top = ", ".join(f"{job}({grades[key].get(job, 0)})" for job in ranking[:3])
        print(f"  {key:<14} Ppuri top 3: {top}")
    for name, rows in results.items():
        hits = sum(hit for hit, _ in rows) / len(rows)
        ndcg = sum(n for _, n in rows) / len(rows)
        print(f"{name:<18} hit@3 {hits:.2f}   nDCG@10 {ndcg:.3f}")


if __name__ == "__main__":
    main()
