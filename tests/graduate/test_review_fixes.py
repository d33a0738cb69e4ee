"""What a review of the graduate school found, held: a bad consent post is a 404 and not a 500; a
request the school turns down counts nowhere; a company's feed does not name who accepted its NDA; a
company hidden from the school is neither listed nor found by name; a refused interest through the API
leaves no NDA acceptance; parts shown beside their total are hidden in pairs."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ppuri.accounts.models import Role
from ppuri.core.disclosure import counts_shown
from ppuri.core.models import AccessRecord
from ppuri.graduate import selectors, services
from ppuri.graduate.forms import InternshipForm
from ppuri.graduate.models import NdaAcceptance, Project, Student
from tests.conftest import client_for
from tests.factories import OrganizationFactory, UserFactory
from tests.graduate.conftest import enrol

pytestmark = pytest.mark.django_db


def test_a_consent_post_naming_no_record_is_a_404(student):
    client = client_for(student.user)
    for value in ("abc", "", "-1", "99999999"):
        response = client.post("/graduate/me/", {"action": "consent", "student": value})
        assert response.status_code == 404, value


def test_a_request_turned_down_counts_nowhere(school, cohort):
    before = {f.year: f for f in selectors.cohort_figures(school)}[2026]
    seeker = UserFactory(username="claims-to-study", role=Role.SEEKER)
    request = services.student_request(actor=seeker, cohort=cohort, name="박요청", consent=True)
    services.student_status_set(actor=school, student=request, status=Student.Status.REJECTED)
    after = {f.year: f for f in selectors.cohort_figures(school)}[2026]
    assert (after.enrolled, after.withdrawn) == (before.enrolled, before.withdrawn)
    with pytest.raises(ValidationError):
        services.student_status_set(actor=school, student=request, status=Student.Status.ENROLLED)


def test_the_companys_feed_does_not_name_who_accepted_its_nda(nda_project, student, company_member, company):
    services.nda_accept(actor=student.user, project=nda_project)
    page = client_for(company_member).get(company.get_absolute_url()).content.decode()
    assert "student-kim" not in page and "김다은" not in page
    assert not selectors.nda_acceptances_visible_to(company_member).exists()
    assert selectors.nda_acceptances_visible_to(student.user).count() == 1


def test_a_company_hidden_from_the_school_is_not_found(school, student, company):
    hidden = OrganizationFactory(name="비공개정밀", is_public=False)
    form = InternshipForm(
        {"company_other": str(hidden.pk), "starts_on": "2026-07-01", "ends_on": "2026-08-31"},
        projects=Project.objects.none(),
        viewer=school,
    )
    assert not form.is_valid()
    assert "company_other" in form.errors
    form = InternshipForm(
        {"company_other": "비공개정밀", "starts_on": "2026-07-01", "ends_on": "2026-08-31"},
        projects=Project.objects.none(),
        viewer=school,
    )
    assert not form.is_valid()
    assert hidden not in form.fields["company_choice"].queryset


def test_a_refused_interest_through_the_api_leaves_no_nda_acceptance(nda_project, student):
    response = client_for(student.user).post(
        f"/api/v1/graduate/projects/{nda_project.pk}/interest",
        {"motivation": "   ", "accept_nda": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not NdaAcceptance.objects.exists()


def test_reading_a_students_page_or_an_nda_projects_details_is_recorded(school, student, nda_project):
    client_for(school).get(f"/graduate/students/{student.pk}/")
    client_for(student.user).get(f"/graduate/students/{student.pk}/")  # one's own: not recorded
    client_for(school).get(f"/graduate/projects/{nda_project.pk}/")
    kinds = list(AccessRecord.objects.values_list("kind", "username"))
    assert kinds.count(("graduate_student", school.username)) == 1
    assert ("graduate_student", "student-kim") not in kinds
    assert ("graduate_project", school.username) in kinds


@pytest.mark.parametrize(
    ("actual", "shown"),
    [
        ([40, 0, 2], [None, 0, None]),  # the 2 alone could be read off the total: 40 goes with it
        ([30, 10, 2], [30, None, None]),
        ([30, 10, 0], [30, 10, 0]),
        ([3, 1, 1], [None, None, None]),
    ],
)
def test_parts_shown_beside_their_total_are_hidden_in_pairs(actual, shown):
    assert counts_shown(actual, exact=False) == shown
    assert counts_shown(actual, exact=True) == actual


def test_no_small_count_can_be_read_off_a_cohorts_total(school, cohort, city):
    for n in range(7):
        enrol(school, cohort, f"many-{n}")
    leaver = enrol(school, cohort, "leaver")
    services.student_status_set(actor=school, student=leaver, status="withdrawn", day=date(2026, 6, 1))
    row = {f.year: f for f in selectors.cohort_figures(city)}[2026]
    assert row.enrolled == 8
    assert row.withdrawn is None and row.studying is None  # 8 − 7 would give the one who left
