import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    """Drawings and quote files go to a folder of the test's own, not to var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
