"""Moving to an object store: copy what `make run`'s disk holds into the buckets.
Public pictures go to the public bucket, case photos and pre-check materials to
the private one, finished ledger files under its `ledgers/`, each by its stored
name, so every row keeps pointing at its file. A file already there with the same
size is left alone, so the copy can run again after an interruption."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage

from appointments import files as appointment_files
from cases import photos as case_photos
from kernel import storage as kernel_storage


@dataclass
class CopyResult:
    copied: dict[str, int] = field(default_factory=dict)
    skipped: int = 0


def _files(root: Path):
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path


def _copy(storage: Storage, name: str, path: Path, *, dry_run: bool) -> bool:
    if storage.exists(name) and storage.size(name) == path.stat().st_size:
        return False
    if not dry_run:
        with path.open("rb") as handle:
            stored = storage.save(name, File(handle))
        if stored != name:  # a different file had the name: keep ours under it
            storage.delete(stored)
            raise RuntimeError(f"{name} differs in the bucket; not overwritten")
    return True


def media_copy(*, dry_run: bool = False) -> CopyResult:
    """Copy MEDIA_ROOT and LEDGER_EXPORT_ROOT into the configured storages."""
    ledgers = kernel_storage.ledger_storage()
    public, private = kernel_storage.public_storage(), kernel_storage.private_storage()
    if kernel_storage.is_local(public) or ledgers is None:
        raise RuntimeError("S3_ENDPOINT_URL is not set: there is no bucket to copy to")
    result = CopyResult()
    sources = [
        (Path(settings.MEDIA_ROOT), None),
        (Path(settings.LEDGER_EXPORT_ROOT), ledgers),
    ]
    for root, target in sources:
        if not root.is_dir():
            continue
        for name, path in _files(root):
            storage = target or (
                private
                if case_photos.is_case_photo(name) or appointment_files.is_private(name)
                else public
            )
            label = (
                "ledgers"
                if storage is ledgers
                else ("private" if storage is private else "public")
            )
            if _copy(storage, name, path, dry_run=dry_run):
                result.copied[label] = result.copied.get(label, 0) + 1
            else:
                result.skipped += 1
    return result


def buckets_create() -> list[str]:
    """Create both buckets where missing and let anyone read the public one (its
    files' URLs are plain). Returns the buckets created."""
    created = []
    public = kernel_storage.public_storage()
    for storage, acl in (
        (public, "public-read"),
        (kernel_storage.private_storage(), None),
    ):
        bucket = storage.bucket
        client = storage.connection.meta.client
        existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if bucket.name not in existing:
            client.create_bucket(Bucket=bucket.name)
            created.append(bucket.name)
        if acl:
            client.put_bucket_acl(Bucket=bucket.name, ACL=acl)
    return created
