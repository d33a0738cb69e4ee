"""Files people attach (drawings and documents of sourcing requests, quotes, challenges and
consultations): the type is read from the content, not trusted from the name, and the size is capped;
every download goes through download(), which records it."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from ppuri.core.access import Action, Kind, access_record
from ppuri.core.privacy import looks_like_resident_number

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {
    "pdf": {".pdf"},
    "step": {".step", ".stp"},
    "dxf": {".dxf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
}


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes begin, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"ISO-10303-21;"):
        return "step"
    # ASCII DXF: group code 0 then SECTION (or a 999 comment first).
    lines = [line.strip() for line in text.splitlines()[:4]]
    if lines[:2] == [b"0", b"SECTION"] or (lines[:1] == [b"999"] and lines[2:4] == [b"0", b"SECTION"]):
        return "dxf"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    return None


def check(upload: Any) -> str:
    """The upload's kind (pdf, step, dxf, png, jpeg), or a ValidationError naming the file and why."""
    name = getattr(upload, "name", "") or ""
    if looks_like_resident_number(name):  # the name is stored and shown, and is part of the file's path
        raise ValidationError(
            _("파일 이름에 주민등록번호 형식의 번호가 있습니다. 이름을 바꿔 다시 올려 주세요.")
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s: 파일이 너무 큽니다(%(size)d MB 넘음).") % {"name": name, "size": MAX_BYTES // 2**20}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s: 빈 파일입니다.") % {"name": name})
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    kind = sniff(head)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s: PDF, STEP, DXF, PNG, JPEG 도면·문서만 올릴 수 있습니다(내용과 확장자가 맞아야 함).")
            % {"name": name}
        )
    return kind


def store(model: type[Any], upload: Any, kind: str, **owner: Any) -> Any:
    """Write a checked upload (its kind from check()) as a row of a core.models.Attachment model."""
    return model.objects.create(file=upload, name=upload.name[:255], kind=kind, size=upload.size, **owner)


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\"]')


def download(request: HttpRequest, attachment: Any, *, user: Any = None) -> FileResponse:
    """The one way a stored file leaves Ppuri: the caller has checked that this reader may have it;
    this records the access (core.access) and sends the file as a download, never shown inline, and
    never kept by a shared cache. `user` only where the reader is not request.user."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the row outlived its file: nothing to send, nothing read
    access_record(request=request, target=attachment, kind=Kind.FILE, action=Action.DOWNLOAD, user=user)
    name = _UNSAFE_IN_NAME.sub("_", attachment.name) or "download"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    return response
