"""Static files are served by the proxy, another user: collectstatic must leave them readable by all, while
uploads (families' letters) stay readable by the service alone."""

import stat

from django.core.files.base import ContentFile
from django.core.files.storage import storages


def test_static_files_are_readable_by_the_proxy_and_uploads_are_not(tmp_path, settings):
    from whitenoise.storage import CompressedStaticFilesStorage

    options = settings.STORAGES["staticfiles"]["OPTIONS"]
    static = CompressedStaticFilesStorage(location=tmp_path / "static", **options)
    static.save("css/site.css", ContentFile(b"body{}"))
    assert stat.S_IMODE((tmp_path / "static" / "css" / "site.css").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "static" / "css").stat().st_mode) == 0o755
    uploads = storages.create_storage({**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "files"}})
    uploads.save("letters/x", ContentFile(b"%PDF"))
    assert stat.S_IMODE((tmp_path / "files" / "letters" / "x").stat().st_mode) == 0o600  # positive control
