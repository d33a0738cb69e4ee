"""The chain drawing as Chromium renders it: with suppliers a few metres apart and long names, every
label's measured text sits inside its box, inside the drawing and apart from every other label."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ppuri.reference.models import Material, Process
from ppuri.sourcing import services
from tests.browser.conftest import log_in
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => [...document.querySelectorAll('svg.chain-map')].map(svg => ({
  view: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
  labels: [...svg.querySelectorAll('g.chain-label')].map(g => {
    const r = g.querySelector('rect'), t = g.querySelector('text').getBBox();
    return {
      text: g.querySelector('text').textContent,
      box: [r.x.baseVal.value, r.y.baseVal.value, r.width.baseVal.value, r.height.baseVal.value],
      drawn: [t.x, t.y, t.width, t.height],
    };
  }),
}))"""


def _apart(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_crowded_chain_labels_stay_apart_and_inside_as_drawn(open_page, buyer):
    aluminum = Material.objects.get(slug="aluminum")
    die_casting = Process.objects.get(slug="casting.die-casting")
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    # Six suppliers within 100 m of each other in Namdong, with long names.
    for i, (process, kind) in enumerate(
        [(die_casting, "다이캐스팅")] * 3 + [(carburizing, "침탄열처리")] * 3
    ):
        company = OrganizationFactory(name=f"인천남동인더스파크{kind}정밀공업주식회사 제{i + 1}공장")
        SiteFactory(organization=company, latitude=37.4050 + i * 0.0002, longitude=126.7000 + i * 0.0002)
        CapabilityFactory(organization=company, process=process).materials.set([aluminum])
    request = services.request_create(
        actor=buyer,
        buyer=buyer.memberships.get().organization,
        title="로봇 암 하우징",
        description="알루미늄 다이캐스팅 후 침탄 열처리",
        material=aluminum,
        quantity=500,
        deadline=timezone.localdate() + timedelta(days=30),
        processes=[die_casting, carburizing],
    )
    services.request_open(actor=buyer, request=request)

    page = open_page()
    log_in(page, "buyer")
    page.goto(f"/sourcing/{request.pk}/")
    expect(page.get_by_test_id("chain").first.locator("svg.chain-map")).to_be_visible()
    expect(page.get_by_test_id("chain-why").first).to_contain_text("공정별 적합도 합계")
    drawings = page.evaluate(MEASURE)
    assert drawings
    for drawing in drawings:
        width, height = drawing["view"]
        labels = drawing["labels"]
        assert any(label["text"].startswith(("1.", "1·")) for label in labels)
        for i, label in enumerate(labels):
            x, y, w, h = label["box"]
            dx, dy, dw, dh = label["drawn"]
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, label
            # The measured text within its box: the width estimate is generous enough in this font.
            assert x - 0.5 <= dx and dx + dw <= x + w + 0.5, label
            assert y - 0.5 <= dy and dy + dh <= y + h + 0.5, label
            for other in labels[i + 1 :]:
                assert _apart(label["box"], other["box"]), (label, other)
                assert _apart(label["drawn"], other["drawn"]), (label, other)
