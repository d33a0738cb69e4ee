"""qualifications.toml is checked before anything is written: an abolished item's last day must be a
date, and what it counts as must name other rows of the file."""

import re
import shutil

import pytest

from ppuri.reference import services
from ppuri.reference.models import Qualification
from ppuri.reference.services import reference_sync

ROW = """
[[qualification]]
slug = "test-craftsman"
name_ko = "시험용기능사"
name_en = "Craftsman Test"
level = "craftsman"
technologies = ["welding"]
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('in_use_until = "2022-12-31"', "in_use_until must be a date (YYYY-MM-DD)"),
        ('counts_as = ["test-craftsman"]', "counts_as names the qualification itself"),
        ('counts_as = ["no-such-item"]', "counts_as names unknown qualifications ['no-such-item']"),
    ],
)
def test_a_bad_abolition_row_is_refused_with_the_file_row_and_field(tmp_path, monkeypatch, extra, message):
    shutil.copytree(services.DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "qualifications.toml"
    rows = path.read_text(encoding="utf-8").count("[[qualification]]")
    path.write_text(path.read_text(encoding="utf-8") + ROW + extra + "\n", encoding="utf-8")
    monkeypatch.setattr(services, "DATA_DIR", tmp_path)
    before = list(Qualification.objects.order_by("pk").values())

    where = f"qualifications.toml, [[qualification]] #{rows + 1} (test-craftsman): "
    with pytest.raises(ValueError, match="^" + re.escape(where + message)):
        reference_sync()

    assert list(Qualification.objects.order_by("pk").values()) == before
