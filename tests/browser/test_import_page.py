import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

from ppuri.registry.models import ImportRun, Organization
from tests.browser.conftest import log_in
from tests.importing.conftest import SAMPLE_35

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_operator_uploads_a_factory_file_and_watches_it_to_the_summary(page, operator):
    log_in(page, "operator")
    page.goto("/imports/")
    page.set_input_files("#id_file", str(SAMPLE_35))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("import-status")).to_have_text("대기")
    expect(page.get_by_test_id("import-percent")).to_have_text("0%")
    run = ImportRun.objects.get()

    # The real worker, in the background as `ppuri db_worker` runs beside the web server; a thread
    # may not install signal handlers, which the worker only needs to stop gracefully.
    def work() -> None:
        try:
            with mock.patch("django_tasks_db.management.commands.db_worker.Worker.configure_signals"):
                call_command(
                    "db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
                )
        finally:
            connections.close_all()  # this thread's connection, or PostgreSQL keeps the test database busy

    worker = threading.Thread(target=work)
    worker.start()
    expect(page.get_by_test_id("import-summary")).to_be_visible(timeout=30_000)
    worker.join(timeout=30)
    expect(page.get_by_test_id("import-status")).to_have_text("완료")
    expect(page.get_by_test_id("import-percent")).to_have_text("100%")
    expect(page.locator('[data-count="added"]')).to_have_text("6")
    expect(page.locator('[data-count="rejected"]')).to_have_text("0")
    run.refresh_from_db()
    assert run.status == "done" and Organization.objects.count() == 6
