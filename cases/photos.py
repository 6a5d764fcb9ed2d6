"""Who may open a case photo, and the short-lived links that let a citizen do so.

Case photos are personal data (faces, number plates, front doors). They live in the
upload storage under `cases/photos/` and `cases/thumbs/` beside the public pictures
(gallery, department logos), but are never served as public files:

- the citizen who proved the query code gets links signed for one file each, valid
  for CASE_PHOTO_LINK_MAX_AGE seconds (the look-up response hands them out; a new
  look-up gives new links);
- staff see a photo when its case's department is in their scope, the same scope
  as the case page (supervisors: every department);
- anyone else gets a 404, as if the file did not exist.

Every answer is `Cache-Control: private, no-store`: neither a shared cache nor the
browser of an office computer keeps a copy. In an object store (the private bucket,
kernel/storage.py) a link is the bucket's signed URL, which expires after the same
time, and an answer once access is decided is a redirect to one that works for a
minute. docs/security/privacy.md says what the web server must do in production.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse

from cases.models import CaseAttachment
from departments import selectors as department_selectors
from kernel.storage import is_local, private_file_response, private_storage

PHOTO_FOLDERS = ("cases/photos/", "cases/thumbs/")
LINK_PARAMETER = "link"
# Its own salt: a token signed for anything else never opens a photo.
_SIGNER_SALT = "cases.photo-link"


def stored_name(path: str) -> str:
    """A request path as the stored name it reaches, normalised as Django's static
    `serve` does, so `x/../cases/photos/a.jpg` is recognised as a case photo."""
    return posixpath.normpath(path).lstrip("/")


def is_case_photo(name: str) -> bool:
    # Case-blind: on a case-insensitive disk `Cases/photos/` is the same folder.
    return name.lower().startswith(PHOTO_FOLDERS)


def _signer() -> signing.TimestampSigner:
    # SECRET_KEY_FALLBACKS keep links signed before a key rotation valid.
    return signing.TimestampSigner(salt=_SIGNER_SALT)


def photo_link(*, name: str) -> str:
    """The URL of one stored case photo that opens it for a while: the portal's
    own with a signed token on disk, the bucket's signed URL in an object store."""
    storage = private_storage()
    if not is_local(storage):
        return storage.url(name, expire=settings.CASE_PHOTO_LINK_MAX_AGE)
    token = _signer().sign(name).removeprefix(f"{name}:")
    return f"{storage.url(name)}?{LINK_PARAMETER}={token}"


def link_is_valid(*, name: str, token: str) -> bool:
    """The token was signed for this very file less than the maximum age ago."""
    if not token:
        return False
    try:
        _signer().unsign(f"{name}:{token}", max_age=settings.CASE_PHOTO_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return False
    return True


def staff_may_see(*, user, name: str) -> bool:
    """Active staff whose department scope covers the case of this file."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    department_id = (
        CaseAttachment.objects.filter(Q(image=name) | Q(thumbnail=name))
        .values_list("case__department_id", flat=True)
        .first()
    )
    # No attachment by this name: nothing to show, to supervisors neither.
    return department_id is not None and department_selectors.may_act_for(
        user, department_id
    )


def serve_photo(*, request, name: str) -> HttpResponse:
    """Answer a request for a case photo: the file to the holder of a valid link or
    to staff in scope, a 404 to everyone else (the same as for a missing file)."""
    token = request.GET.get(LINK_PARAMETER, "")
    if not (
        link_is_valid(name=name, token=token)
        or staff_may_see(user=request.user, name=name)
    ):
        raise Http404
    return photo_response(name=name)


def photo_response(*, name: str) -> HttpResponse:
    """The file itself, or with CASE_PHOTO_ACCEL_REDIRECT set, an X-Accel-Redirect
    that lets nginx send it from an `internal` location once access is decided."""
    return private_file_response(
        storage=private_storage(),
        name=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        accel_redirect=settings.CASE_PHOTO_ACCEL_REDIRECT,
    )
