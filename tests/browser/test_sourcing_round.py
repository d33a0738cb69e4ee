"""A whole sourcing round in real browsers, one per account: the buyer writes and opens a request and
invites a chain, a die caster and a heat treater each quote, the buyer compares and awards both."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ppuri.reference.models import Material, Process
from ppuri.sourcing.models import Invitation, QuoteAttachment, SourcingRequest
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process


@pytest.fixture
def suppliers(supplier, supplier_admin, other_company, other_admin):
    """세광주조 casts aluminum in Namdong; 동진열처리 carburizes aluminum parts in Juan."""
    supplier.sites.update(latitude=37.404, longitude=126.701)
    other_company.sites.update(latitude=37.481, longitude=126.667)
    other_company.capabilities.get().materials.set([Material.objects.get(slug="aluminum")])
    return supplier, other_company


def test_a_whole_round_from_request_to_award(open_page, buyer, suppliers, supplier_admin, other_admin):
    caster, heat_treater = suppliers
    die_casting = Process.objects.get(slug="casting.die-casting")
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    deadline = timezone.localdate() + timedelta(days=45)
    valid_until = (timezone.localdate() + timedelta(days=30)).isoformat()

    # The buyer writes the request.
    buying = open_page()
    log_in(buying, "buyer")
    buying.goto("/sourcing/")
    buying.get_by_test_id("new-request").click()
    buying.fill("#id_title", "협동로봇 암 하우징")
    buying.fill("#id_description", "A356 알루미늄 다이캐스팅 후 침탄 열처리")
    buying.select_option("#id_material", str(Material.objects.get(slug="aluminum").pk))
    buying.fill("#id_quantity", "500")
    buying.fill("#id_deadline", deadline.isoformat())
    buying.select_option("#id_processes", str(die_casting.pk))  # step 1
    buying.select_option("#id_processes_2", str(carburizing.pk))  # step 2
    buying.get_by_test_id("request-form").locator("button[type=submit]").click()

    # It confirms the steps and opens the request.
    expect(buying.get_by_test_id("request-status")).to_have_text("작성 중")
    steps = buying.get_by_test_id("steps").locator("li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("다이캐스팅")
    expect(steps.nth(1)).to_contain_text("침탄")
    expect(buying.locator("#id_processes")).to_have_value(str(die_casting.pk))
    expect(buying.locator("#id_processes_2")).to_have_value(str(carburizing.pk))
    buying.get_by_test_id("steps-form").locator("button[type=submit]").click()
    expect(buying.locator("p.message")).to_have_text("공정을 확정했습니다.")
    buying.get_by_test_id("open-request").click()
    expect(buying.get_by_test_id("request-status")).to_have_text("견적 요청 중")
    request = SourcingRequest.objects.get()
    assert [s.process for s in request.steps.all()] == [die_casting, carburizing]

    # Candidates for both steps, and the best chain on its map, invited with one button.
    expect(buying.get_by_test_id("candidates-1")).to_contain_text("세광주조(주)")
    expect(buying.get_by_test_id("candidates-2")).to_contain_text("동진열처리")
    chain = buying.get_by_test_id("chain").first
    expect(chain).to_contain_text("세광주조(주)")
    expect(chain).to_contain_text("동진열처리")
    expect(chain.locator("svg.chain-map")).to_be_visible()
    expect(chain.locator("svg.chain-map polyline")).to_have_count(1)
    buying.get_by_test_id("invite-chain-1").click()
    expect(buying.locator("p.message")).to_have_text("견적을 요청했습니다.")
    quotes = buying.get_by_test_id("quotes")
    expect(quotes.locator("tbody tr")).to_have_count(2)
    expect(quotes.locator('tr[data-supplier="세광주조(주)"]')).to_contain_text("견적 대기")
    expect(quotes.locator('tr[data-supplier="동진열처리"]')).to_contain_text("견적 대기")

    # Each supplier finds it in its inbox and quotes, in a browser of its own.
    for username, price, days, notes in [
        ("supplier-admin", "12000000", "25", "금형비 별도"),
        ("other-admin", "3500000", "7", "침탄 깊이 0.8mm"),
    ]:
        quoting = open_page()
        log_in(quoting, username)
        quoting.goto("/sourcing/")
        quoting.get_by_test_id("inbox").get_by_role("link", name="협동로봇 암 하우징").click()
        expect(quoting.get_by_test_id("invitation-status")).to_have_text("견적 대기")
        form = quoting.get_by_test_id("quote-form")
        form.locator("#id_price_krw").fill(price)
        form.locator("#id_lead_time_days").fill(days)
        form.locator("#id_valid_until").fill(valid_until)
        form.locator("#id_notes").fill(notes)
        form.locator("#id_attachments").set_input_files(
            files=[{"name": "quote.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        form.locator("button[type=submit]").click()
        expect(quoting.locator("p.message")).to_have_text("견적을 보냈습니다.")
        expect(quoting.get_by_test_id("invitation-status")).to_have_text("견적 제출")
    assert sorted(a.name for a in QuoteAttachment.objects.all()) == ["quote.pdf", "quote.pdf"]

    # The buyer compares the two quotes side by side and awards each its step.
    buying.reload()
    caster_row = quotes.locator('tr[data-supplier="세광주조(주)"]')
    heat_row = quotes.locator('tr[data-supplier="동진열처리"]')
    expect(caster_row).to_contain_text("12,000,000")
    expect(caster_row).to_contain_text("금형비 별도")
    expect(heat_row).to_contain_text("3,500,000")
    expect(heat_row).to_contain_text("침탄 깊이 0.8mm")
    # Awarding binds the buyer: a page says so first, and its button awards.
    buying.get_by_test_id(f"award-{caster.pk}").click()
    expect(buying.get_by_test_id("award-quote")).to_contain_text("12,000,000")
    buying.get_by_test_id("award-confirm").click()
    expect(buying.locator("p.message")).to_have_text("견적을 선정했습니다.")
    expect(buying.get_by_test_id("request-status")).to_have_text("견적 요청 중")  # step 2 still open
    buying.get_by_test_id(f"award-{heat_treater.pk}").click()
    buying.get_by_test_id("award-confirm").click()
    expect(buying.get_by_test_id("request-status")).to_have_text("발주 결정")
    expect(caster_row.locator("td").nth(2)).to_have_text("선정")  # the status column
    expect(heat_row.locator("td").nth(2)).to_have_text("선정")
    expect(buying.locator("[data-testid^=award-]")).to_have_count(0)
    assert set(Invitation.objects.values_list("status", flat=True)) == {Invitation.Status.AWARDED}

    # The caster hears it was selected.
    checking = open_page()
    log_in(checking, "supplier-admin")
    checking.goto(request.get_absolute_url())
    expect(checking.get_by_test_id("request-status")).to_have_text("발주 결정")
    expect(checking.get_by_test_id("invitation-status")).to_have_text("선정")
    expect(checking.get_by_test_id("quote-form")).to_have_count(0)
