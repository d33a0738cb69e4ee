"""The operator's permission for an institution to post in its name: set in the admin's user form,
written through its service and logged; nobody else may set it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ppuri.accounts import roles
from ppuri.accounts.models import Role
from ppuri.accounts.services import user_institution_posting_set
from ppuri.core.models import ActivityLog
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_operator_allows_the_city_in_the_admin_and_the_change_is_logged(operator):
    city = UserFactory(username="city", role=Role.CITY)
    client = client_for(operator)
    url = reverse("admin:accounts_user_change", args=[city.pk])
    page = client.get(url)
    assert 'name="may_post_for_institution"' in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in {"password", "groups", "user_permissions", "last_login", "date_joined"}
        and value is not None
    }
    data.update(
        {
            "date_joined_0": city.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": city.date_joined.strftime("%H:%M:%S"),
            "may_post_for_institution": "on",
        }
    )
    data = {name: value for name, value in data.items() if value is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    city.refresh_from_db()
    assert city.may_post_for_institution and roles.may_post_sourcing_request(city)
    entry = ActivityLog.objects.get(verb="accounts.user.institution_posting_allowed")
    assert entry.actor == operator and entry.target_id == str(city.pk)


@pytest.mark.parametrize("role", [Role.CITY, Role.COMPANY, Role.EXPERT, Role.SEEKER])
def test_no_one_but_an_operator_may_allow_it_and_nothing_changes(role):
    actor = UserFactory(username="actor", role=role)
    city = UserFactory(username="city", role=Role.CITY)
    with pytest.raises(PermissionDenied):
        user_institution_posting_set(actor=actor, user=city, allowed=True)
    city.refresh_from_db()
    assert not city.may_post_for_institution
    assert not ActivityLog.objects.filter(verb__startswith="accounts.user.institution_posting").exists()


def test_setting_it_twice_logs_once_and_revoking_is_logged(operator):
    city = UserFactory(username="city", role=Role.CITY)
    user_institution_posting_set(actor=operator, user=city, allowed=True)
    user_institution_posting_set(actor=operator, user=city, allowed=True)
    user_institution_posting_set(actor=operator, user=city, allowed=False)
    verbs = list(ActivityLog.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["accounts.user.institution_posting_allowed", "accounts.user.institution_posting_revoked"]
    assert not roles.may_post_sourcing_request(city)


@pytest.mark.parametrize(
    ("role", "allowed", "expected"),
    [
        (Role.OPERATOR, False, True),
        (Role.COMPANY, False, True),
        (Role.CITY, False, False),
        (Role.CITY, True, True),
        (Role.LABOR_OFFICE, True, True),
        (Role.UNIVERSITY, False, False),
        (Role.EXPERT, True, False),  # the flag is for institutions only
        (Role.SEEKER, True, False),
    ],
)
def test_who_may_post_follows_the_role_table(role, allowed, expected):
    user = UserFactory(username="someone", role=role, may_post_for_institution=allowed)
    assert roles.may_post_sourcing_request(user) is expected
    assert roles.may_post_challenge(user) is expected
    assert roles.may_use_company_tools(user) is (role in {Role.OPERATOR, Role.COMPANY})


def test_anonymous_visitors_may_use_nothing(client):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert roles.role_of(anonymous) is None
    assert not any(
        predicate(anonymous)
        for predicate in (
            roles.may_post_sourcing_request,
            roles.may_use_company_tools,
            roles.may_follow_challenges,
            roles.may_write_articles,
            roles.may_triage,
        )
    )
