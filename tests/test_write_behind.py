"""core.bulk.WriteBehind: bulk writes a thread sends while the caller goes on, in order, inside the
caller's transaction, on both databases."""

import pytest
from django.db import IntegrityError, connection, transaction

from ppuri.core.bulk import WriteBehind
from ppuri.registry.models import ImportRun, ImportRunEntry, Organization, Site
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _company(name: str) -> dict:
    return {"kind": Organization.Kind.COMPANY.value, "name": name, "normalized_name": name}


def test_rows_go_in_with_the_reserved_ids_in_order_and_a_query_meanwhile_sees_them():
    with transaction.atomic(), WriteBehind() as behind:
        ids = behind.reserve(Organization, 3)
        behind.insert(Organization, [_company(f"비하인드{n}") for n in range(3)], ids=ids)
        sites = [{"organization_id": pk, "address": f"남동대로 {pk}", "is_primary": True} for pk in ids]
        behind.insert(Site, sites, ids=behind.reserve(Site, 3))
        # A Django query waits for what is queued: it sees every row written so far.
        assert list(
            Organization.objects.filter(pk__in=ids).order_by("pk").values_list("name", flat=True)
        ) == [
            "비하인드0",
            "비하인드1",
            "비하인드2",
        ]
        assert Site.objects.filter(organization_id__in=ids).count() == 3
    assert sorted(ids) == ids and len(set(ids)) == 3


def test_a_failed_write_is_raised_to_the_caller_and_nothing_is_kept():
    OrganizationFactory(name="기존기업")
    taken = Organization.objects.get().pk
    with pytest.raises(IntegrityError), transaction.atomic(), WriteBehind() as behind:
        fresh = behind.reserve(Organization, 1)
        behind.insert(Organization, [_company("새기업")], ids=fresh)
        behind.insert(Organization, [_company("같은번호")], ids=[taken])  # the primary key is taken
        behind.wait()
    assert list(Organization.objects.values_list("name", flat=True)) == ["기존기업"]


def test_statements_run_behind_in_their_turn():
    run = ImportRun.objects.create(file_name="behind.csv")
    with transaction.atomic(), WriteBehind() as behind:
        ids = behind.reserve(Organization, 1)
        behind.insert(Organization, [_company("순서기업")], ids=ids)
        behind.execute("UPDATE registry_organization SET name = %s WHERE id = %s", ["순서기업(갱신)", ids[0]])
        behind.insert(
            ImportRunEntry,
            [
                {
                    "run_id": run.pk,
                    "outcome": "added",
                    "line": 2,
                    "company_name": "순서기업",
                    "organization_id": ids[0],
                }
            ],
            ids=None,
        )
    assert Organization.objects.get(pk=ids[0]).name == "순서기업(갱신)"
    assert ImportRunEntry.objects.get().organization_id == ids[0]


def test_write_behind_needs_the_callers_transaction():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError):
        WriteBehind().__enter__()


def test_report_rows_lose_a_deleted_company_and_go_with_their_run():
    """No database constraints on ImportRunEntry: Django's on_delete keeps them."""
    company = OrganizationFactory(name="삭제될기업")
    run = ImportRun.objects.create(file_name="report.csv")
    entry = ImportRunEntry.objects.create(
        run=run, outcome="added", line=2, company_name="삭제될기업", organization=company
    )
    company.delete()
    entry.refresh_from_db()
    assert entry.organization_id is None
    run.delete()
    assert not ImportRunEntry.objects.exists()


def test_a_failure_caught_inside_the_block_is_raised_again_at_its_end():
    """Nothing written after it, nor before it, may be committed as if the import were whole."""
    OrganizationFactory(name="기존기업")
    taken = Organization.objects.get().pk
    with pytest.raises(IntegrityError), transaction.atomic(), WriteBehind() as behind:
        behind.insert(Organization, [_company("같은번호")], ids=[taken])
        with pytest.raises(IntegrityError):
            behind.wait()
    assert list(Organization.objects.values_list("name", flat=True)) == ["기존기업"]
