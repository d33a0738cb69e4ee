"""The dashboards' pages and API: every scope and period, the contract's fields, bad input answered
clearly, and the one disclosure rule in front of both (issue 18)."""

import pytest
from django.test import Client

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.reference.models import Complex
from ppuri.tenure.models import Employment
from tests.conftest import client_for
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory, UserFactory

SCOPES = ["incheon", "namdong", "juan", "bupyeong", "seobu"]


@pytest.fixture
def three_in_juan(db):
    """Three root companies in Juan and six in Namdong, each with a hire this year: three hires in
    Juan is a small count."""
    juan = Complex.objects.get(slug="juan")
    for name, complex_ in [
        *[(f"주안표면처리{n}(주)", juan) for n in range(3)],
        *[(f"남동금형{n}(주)", None) for n in range(6)],
    ]:
        site = SiteFactory(
            organization=OrganizationFactory(name=name), **({"complex": complex_} if complex_ else {})
        )
        CapabilityFactory(organization=site.organization)
        Employment.objects.create(
            company=site.organization, source=Employment.Source.JOB_APPLICATION, hired_on=clock.today()
        )


def _measure(body: dict, key: str) -> dict:
    return next(m for m in body["measures"] if m["key"] == key)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
def test_every_scope_answers_on_the_page_and_the_api(client, three_in_juan, scope):
    page = client.get(f"/dashboards/{scope}/")
    assert page.status_code == 200
    assert "5 미만 비공개" in page.content.decode()
    body = client.get(f"/api/v1/dashboards/{scope}").json()
    assert body["scope"] == scope and body["period"] == "all" and body["unsuppressed"] is False
    for measure in body["measures"]:
        assert set(measure) >= {"key", "value", "suppressed", "unit", "period", "source"}
        assert measure["value"] is None if measure["suppressed"] else True
        assert measure["source"]


@pytest.mark.django_db
def test_a_small_count_is_null_for_the_public_and_the_city_and_exact_for_operators(client, three_in_juan):
    anonymous = _measure(client.get("/api/v1/dashboards/juan").json(), "hires")
    assert anonymous == {**anonymous, "value": None, "suppressed": True}
    city = client_for(UserFactory(username="city-official", role=Role.CITY))
    assert _measure(city.get("/api/v1/dashboards/juan").json(), "hires")["value"] is None
    operator = client_for(UserFactory(username="op", role=Role.OPERATOR, is_staff=True))
    exact = operator.get("/api/v1/dashboards/juan").json()
    assert exact["unsuppressed"] is True
    assert _measure(exact, "hires") == {**_measure(exact, "hires"), "value": 3, "suppressed": False}
    assert _measure(operator.get("/api/v1/dashboards/namdong").json(), "hires")["value"] == 6


@pytest.mark.django_db
def test_a_hidden_count_cannot_be_recomputed_from_incheon_less_the_other_complexes(client, three_in_juan):
    """Incheon's 9 hires less Namdong's 6 would give Juan's 3 away: Namdong's is hidden with it, on its
    own page, in the comparison and on the map alike."""
    values = {
        scope: _measure(client.get(f"/api/v1/dashboards/{scope}").json(), "hires")["value"]
        for scope in ("incheon", "namdong", "juan", "bupyeong", "seobu")
    }
    assert values == {"incheon": 9, "namdong": None, "juan": None, "bupyeong": 0, "seobu": 0}
    page = client.get("/dashboards/bupyeong/").content.decode()
    row = page.split('data-compare="hires"')[1].split("</tr>")[0]
    assert [cell.split('"')[0] for cell in row.split('data-value="')[1:]] == ["0", "", "", "0", "9"]
    hires_map = client.get("/dashboards/map/?measure=hires").content.decode()
    assert 'data-complex="namdong" data-value="" data-suppressed="true"' in hires_map


@pytest.mark.django_db
def test_public_listings_have_no_threshold_and_equal_the_directory(client, three_in_juan):
    """The directory lists every public company per complex for anyone: the dashboards count the same
    without hiding small counts."""
    assert _measure(client.get("/api/v1/dashboards/juan").json(), "root_companies")["value"] == 3
    assert client.get("/api/v1/companies?complex=juan").json()["count"] == 3


@pytest.mark.django_db
def test_the_page_shows_the_same_figure_as_the_api(client, three_in_juan):
    page = client.get("/dashboards/namdong/").content.decode()
    assert 'data-measure="root_companies" data-value="6" data-suppressed="false"' in page
    hidden = client.get("/dashboards/juan/").content.decode()
    assert 'data-measure="hires" data-value="" data-suppressed="true"' in hidden
    row = hidden.split('data-measure="hires"')[1].split("</tr>")[0]
    assert "비공개" in row and ">3" not in row


@pytest.mark.django_db
def test_a_year_is_a_period_and_a_bad_period_is_refused_clearly(client, three_in_juan):
    year = clock.today().year
    assert client.get(f"/api/v1/dashboards/incheon?period={year}").json()["period"] == str(year)
    refused = client.get("/api/v1/dashboards/incheon?period=1999")
    assert refused.status_code == 422
    assert "period" in refused.json()["detail"]
    page = client.get("/dashboards/incheon/?period=abc")
    assert page.status_code == 200
    assert "알 수 없는 기간입니다(abc)" in page.content.decode()


@pytest.mark.django_db
def test_an_unknown_scope_is_a_404_not_a_500(client):
    assert client.get("/dashboards/gangnam/").status_code == 404
    assert client.get("/api/v1/dashboards/gangnam").status_code == 404
    assert Client().get("/dashboards/").url == "/dashboards/incheon/"


@pytest.mark.django_db
def test_the_map_fills_each_complex_with_its_published_figure(client, three_in_juan):
    page = client.get("/dashboards/map/?measure=root_companies").content.decode()
    assert page.count('<path d="M') >= 4
    assert 'data-complex="namdong" data-value="6" data-suppressed="false"' in page
    assert 'data-complex="juan" data-value="3" data-suppressed="false"' in page
    hires = client.get("/dashboards/map/?measure=hires").content.decode()
    juan = hires.split('data-complex="juan"')[1].split("</a>")[0]
    assert 'data-value="" data-suppressed="true"' in juan
    assert 'fill="url(#map-hatch)"' in juan and "비공개" in juan
    assert "추정 윤곽" in page  # the outlines are estimates, and the map says so
    operator = client_for(UserFactory(username="map-op", role=Role.OPERATOR, is_staff=True))
    exact = operator.get("/dashboards/map/?measure=hires").content.decode()
    assert 'data-complex="juan" data-value="3" data-suppressed="false"' in exact
    on_incheon = client.get("/dashboards/incheon/").content.decode()
    assert 'data-testid="complex-map"' in on_incheon
    assert 'data-testid="complex-map"' not in client.get("/dashboards/namdong/").content.decode()


@pytest.mark.django_db
def test_an_unknown_map_measure_is_explained(client, three_in_juan):
    page = client.get("/dashboards/map/?measure=drop-table&period=x")
    assert page.status_code == 200
    assert "알 수 없는 지표입니다(drop-table)" in page.content.decode()


@pytest.mark.django_db
def test_a_complex_is_compared_with_the_others_and_incheon(client, three_in_juan):
    page = client.get("/dashboards/namdong/").content.decode()
    row = page.split('data-compare="root_companies"')[1].split("</tr>")[0]
    values = [cell.split('"')[0] for cell in row.split('data-value="')[1:]]
    # Namdong first, then Juan, Bupyeong, Seobu (none), then Incheon: public listings, not hidden.
    assert values == ["6", "3", "0", "0", "9"]
    assert 'data-testid="comparison"' not in client.get("/dashboards/incheon/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/dashboards/incheon/", "/dashboards/juan/", "/dashboards/map/", "/api/v1/dashboards/namdong"]
)
def test_the_query_count_does_not_grow_with_the_data(client, three_in_juan, url):
    from tests.conftest import count_queries

    before = count_queries(client, url)
    juan = Complex.objects.get(slug="juan")
    for n in range(12):
        site = SiteFactory(
            organization=OrganizationFactory(name=f"추가기업{n}(주)"), complex=juan if n % 2 else None
        )
        CapabilityFactory(organization=site.organization)
        Employment.objects.create(
            company=site.organization, source=Employment.Source.JOB_APPLICATION, hired_on=clock.today()
        )
    assert count_queries(client, url) == before


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["²", "٢٠٢٥", "2025.0", "-1", "9" * 40])
def test_periods_in_other_digits_are_refused_not_a_500(client, period):
    assert client.get("/api/v1/dashboards/incheon", {"period": period}).status_code == 422
    assert client.get("/dashboards/incheon/", {"period": period}).status_code == 200
    assert client.get("/dashboards/map/", {"period": period}).status_code == 200
    assert client.get("/api/v1/dashboards/incheon/report.xlsx", {"period": period}).status_code == 422


@pytest.mark.django_db
def test_a_hidden_figure_says_not_which_rule_hid_it(client, three_in_juan):
    """ "secondary" would say the value is 5 or more; "dominance" that one or two companies were paid."""
    page = client.get("/dashboards/namdong/").content.decode()
    row = page.split('data-measure="hires"')[1].split("</tr>")[0]
    assert 'title="공개 규칙에 따라 비공개"' in row
    for reason in ("5 미만 비공개", "다른 값에서 역산되지 않도록 함께 비공개", "3개 미만 기업의 금액 비공개"):
        assert f'title="{reason}"' not in page


def test_a_rate_that_would_give_a_small_count_away_is_hidden():
    from ppuri.dashboards.measures import Figure, Kind
    from ppuri.dashboards.publish import publish_figure

    def rate(part, base):
        return Figure("r", "비율", round(100 * part / base, 1), "%", kind=Kind.RATE, base=base, part=part)

    assert publish_figure(rate(1, 6), exact=False).suppressed  # 1 of 6 graduates employed
    assert publish_figure(rate(98, 100), exact=False).suppressed  # 2 of 100 left
    assert publish_figure(rate(50, 100), exact=False).value == 50.0
    assert publish_figure(rate(1, 6), exact=True).value == 16.7


@pytest.mark.django_db
def test_a_tables_total_is_hidden_with_the_figure_it_repeats(client, three_in_juan):
    """Namdong's desk cases are hidden (Incheon less the others would give Juan's 3 away), and the
    total of its cases-by-technology table is that same number: it is hidden too."""
    from ppuri.challenges.models import Challenge
    from ppuri.registry.models import Organization

    for name, count in (("남동금형0(주)", 6), ("주안표면처리0(주)", 3)):
        company = Organization.objects.get(name=name)
        for n in range(count):
            Challenge.objects.create(company=company, title=f"기공 {n}", description="주조 기공")
    body = client.get("/api/v1/dashboards/namdong").json()
    assert _measure(body, "desk_cases")["suppressed"] is True
    table = next(t for t in body["tables"] if t["key"] == "desk_cases_by_technology")
    assert table["total"] == {"value": None, "suppressed": True}
    assert all(cell["value"] is None for cell in table["column_totals"] if cell["value"])
    operator = client_for(UserFactory(username="op-tables", role=Role.OPERATOR, is_staff=True))
    exact = next(
        t
        for t in operator.get("/api/v1/dashboards/namdong").json()["tables"]
        if t["key"] == "desk_cases_by_technology"
    )
    assert exact["total"] == {"value": 6, "suppressed": False}
