"""One answer per object type to "may this viewer see it?" (core.visibility), and the activity feed
that asks it for every entry."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from ppuri.core import visibility
from ppuri.core.activity import activity_for_scope
from ppuri.registry import services as registry
from ppuri.sourcing import services as sourcing
from tests.conftest import client_for

# Rows that are never shown as objects of their own, with the reason. Every other model of Ppuri must
# have a rule, so a new type cannot reach a feed, a list or an export by being forgotten.
WITHOUT_A_RULE = {
    "core.AccessRecord": "the access record: read in the admin only, by operators",
    "search.SearchDocument": "the index: its results are checked against each document's own rule",
    "search.SearchFacet": "the index's facet values, derived from documents",
}


def test_every_model_of_ppuri_has_a_visibility_rule():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("ppuri.")
        and not visibility.has_rule(model)
        and model._meta.label not in WITHOUT_A_RULE
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_type_without_a_rule_is_visible_to_nobody(operator):
    from ppuri.search.models import SearchDocument

    assert visibility.visible_pks(user=operator, model=SearchDocument, pks=[1, 2]) == set()


@pytest.mark.django_db
def test_the_feed_shows_an_entry_only_to_whoever_may_see_its_target(client, buyer, operator, other_admin):
    buyer_company = buyer.memberships.get().organization
    draft = sourcing.request_create(
        actor=buyer,
        buyer=buyer_company,
        title="FEEDMARK 하우징 시제품",
        description="비공개 초안",
        deadline=date(2027, 3, 1),
        quantity=10,
    )
    profile = registry.organization_update(
        actor=buyer, organization=buyer_company, website="https://cheongna.example"
    )

    def shown_to(user):
        return [(entry.target, entry.verb) for entry in activity_for_scope(scope=buyer_company, viewer=user)]

    assert (draft, "sourcing.request.created") in shown_to(buyer)
    assert (draft, "sourcing.request.created") in shown_to(operator)
    assert (draft, "sourcing.request.created") not in shown_to(other_admin)
    assert (draft, "sourcing.request.created") not in shown_to(AnonymousUser())
    # The company's own public changes stay on its public page.
    assert (profile, "registry.organization.updated") in shown_to(AnonymousUser())
    page = client.get(buyer_company.get_absolute_url())
    assert page.status_code == 200
    assert "FEEDMARK" not in page.content.decode()
    assert "FEEDMARK" in client_for(buyer).get(buyer_company.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_graduate_project_on_its_companys_feed_follows_the_projects_rule(supplier, supplier_admin):
    """A proposal is the company's and the school's; published, students read it too; an anonymous
    visitor and a seeker who is no student never."""
    from ppuri.accounts.models import Role
    from ppuri.graduate import services as graduate
    from tests.factories import UserFactory

    school = UserFactory(username="grad-school", role=Role.UNIVERSITY)
    year = date.today().year - 1
    cohort = graduate.cohort_save(actor=school, year=year, target=30, starts_on=date(year, 3, 2))
    student = UserFactory(username="grad-student", role=Role.SEEKER, email="grad-student@inha.example")
    graduate.student_enrol(actor=school, cohort=cohort, name="김다은", email=student.email)
    seeker = UserFactory(username="just-a-seeker", role=Role.SEEKER)
    project = graduate.project_propose(
        actor=supplier_admin,
        data=graduate.ProjectInput(
            company=supplier, title="FEEDMARK 기공 저감", summary="기공을 줄이는 과제", problem="가스 기공",
            mentor_name="최멘토",
        ),
    )  # fmt: skip

    def shown_to(user):
        return {
            entry.verb for entry in activity_for_scope(scope=supplier, viewer=user) if entry.target == project
        }

    assert "graduate.project.proposed" in shown_to(supplier_admin)
    assert "graduate.project.proposed" in shown_to(school)
    for outsider in (student, seeker, AnonymousUser()):
        assert shown_to(outsider) == set()
    graduate.project_publish(actor=school, project=project)
    assert {"graduate.project.proposed", "graduate.project.published"} <= shown_to(student)
    assert shown_to(seeker) == set() and shown_to(AnonymousUser()) == set()
