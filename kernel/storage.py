"""Where uploads live: three storages, chosen by environment (portal/settings.py).

- `default` (public): posters, album photos, logos, portraits, notice covers.
  Plain URLs under MEDIA_URL, cacheable by anyone.
- `private`: case photos and pre-check materials (personal data). Handed out only
  by code that has decided access (the citizen with the query code, staff in
  scope): on disk through the portal's own /media/ view, in a bucket as a
  short-lived signed URL.
- `ledgers`: finished background ledger exports (names and phones in full): on
  disk in LEDGER_EXPORT_ROOT (mode 0600), in a bucket under the private bucket's
  `ledgers/`.

On disk (the default, `make run`) `private` is the same folder as `default`,
MEDIA_ROOT, whose private prefixes the /media/ view guards; with S3_ENDPOINT_URL
set, django-storages' S3Storage keeps each in its bucket (docs/operations.md).
"""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage


class _PrivateStorage(LazyObject):
    # Like Django's default_storage: a file field keeps this object, which finds
    # the configured storage when first used (and again after the tests change
    # STORAGES), where the storage itself would be fixed when models load.
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage() -> Storage:
    """The storage of personal files (a callable, for FileField(storage=…))."""
    return _private


def ledger_storage() -> Storage | None:
    """The bucket's storage of ledger files, or None: on disk in LEDGER_EXPORT_ROOT."""
    from django.conf import settings

    return storages["ledgers"] if "ledgers" in settings.STORAGES else None


def public_storage() -> Storage:
    return storages["default"]


def is_local(storage: Storage) -> bool:
    """Files on this machine's disk (served through the portal), not in a bucket."""
    return isinstance(storage, FileSystemStorage)


# A decided request's link is for this one fetch: a minute is plenty to follow a
# redirect, and little for a link copied from the browser.
REDIRECT_LINK_SECONDS = 60


def private_file_response(
    *,
    storage: Storage,
    name: str,
    content_type: str,
    download_name: str = "",
    accel_redirect: str = "",
) -> HttpResponse:
    """The file to a request whose access is decided: streamed from the disk (or,
    with `accel_redirect`, nginx's `internal` location under that prefix sends it),
    or a redirect to a signed URL that works for a minute. Never cached."""
    if is_local(storage) and accel_redirect:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_redirect + name
    elif is_local(storage):
        try:
            handle = storage.open(name)
        except (FileNotFoundError, IsADirectoryError):
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=content_type,
            as_attachment=bool(download_name),
            filename=download_name or None,
        )
    else:
        parameters = {"ResponseContentType": content_type}
        if download_name:
            parameters["ResponseContentDisposition"] = (
                f"attachment; filename*=UTF-8''{filepath_to_uri(download_name)}"
            )
        response = HttpResponseRedirect(
            storage.url(name, parameters=parameters, expire=REDIRECT_LINK_SECONDS)
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Vary"] = "Cookie"
    return response


class PublicS3Storage(S3Storage):
    """The public bucket: plain URLs under MEDIA_URL (the bucket's address, a CDN,
    or a path nginx proxies to the bucket), never signed, so pages can be cached."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        from django.conf import settings

        return settings.MEDIA_URL + filepath_to_uri(self._normalize_name(name))
