"""A challenge's files: added through the API and downloaded by the case's parties only."""

from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from ppuri.api.auth import token_or_session
from ppuri.api.schemas import DbId
from ppuri.challenges import selectors, services
from ppuri.challenges.api.rendering import (
    attachment_out,
    challenge_for,
)
from ppuri.challenges.api.schemas import (
    UploadedOut,
)
from ppuri.challenges.models import ChallengeAttachment
from ppuri.core.files import download

router = Router()


@router.post(
    "/challenges/{challenge_id}/attachments",
    response={201: UploadedOut},
    auth=token_or_session,
    summary="과제 파일 올리기 / add a file (PDF, STEP, DXF, PNG, JPEG; multipart field `file`)",
)
def challenges_attach(request: HttpRequest, challenge_id: DbId, file: File[UploadedFile]) -> Status:
    user, challenge = challenge_for(request, challenge_id)
    attachment = services.attachment_add(actor=user, challenge=challenge, upload=file)
    return Status(201, attachment_out(challenge, attachment))


@router.get(
    "/challenges/{challenge_id}/attachments/{attachment_id}",
    auth=token_or_session,
    summary="과제 파일 내려받기 / download a file (the case's parties only)",
)
def challenges_attachment(request: HttpRequest, challenge_id: DbId, attachment_id: DbId) -> FileResponse:
    user, challenge = challenge_for(request, challenge_id)
    if not selectors.is_party(user, challenge):
        raise Http404  # a public case's files stay with its parties
    found = ChallengeAttachment.objects.filter(pk=attachment_id, challenge=challenge).first()
    if found is None:
        raise Http404
    return download(request, found, user=user)
