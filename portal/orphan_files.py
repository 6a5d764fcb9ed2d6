"""Find and delete uploaded files that no row references.

`case_submit` writes a submission's photos before its transaction and deletes them
if anything fails, but a worker killed in between (gunicorn's timeout, an OOM kill,
a deploy) runs no clean-up: the files stay, and /media/ serves them to anyone who
has the random name. The media gallery's files can be orphaned the same way.

The folders examined are exactly the upload folders of the project's file fields
(`upload_to` up to its first `%`: cases/photos/, cases/thumbs/, gallery/posters/,
gallery/photos/, departments/logos/, departments/leaders/), so nothing else in the
storage is ever touched. A file is an orphan when no file field of any model holds
its name; it is deleted only once it is older than `min_age`, because a file of a
submission still in flight is on disk before its row is committed. Everything
goes through the storage API (listdir, get_modified_time, delete), so it works on
an S3-compatible store as on disk.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models


@dataclass
class PruneResult:
    scanned: int = 0
    removed: list[str] = field(default_factory=list)
    fresh: int = 0  # orphans younger than min_age, left for a later run


def upload_folders() -> dict[str, Storage]:
    """Every file field's static upload folder, with its storage."""
    folders = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and isinstance(
                model_field.upload_to, str
            ):
                folder = model_field.upload_to.split("%", 1)[0]
                if folder.strip("/"):
                    folders[folder.rstrip("/") + "/"] = model_field.storage
    return folders


def referenced_names() -> set[str]:
    """Every file name any row of any model holds."""
    names: set[str] = set()
    for model in apps.get_models():
        file_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.FileField)
        ]
        for attname in file_fields:
            rows = model._base_manager.exclude(**{attname: ""}).values_list(
                attname, flat=True
            )
            names.update(name for name in rows.iterator(chunk_size=5000) if name)
    return names


def orphan_files_prune(
    *, now: datetime, min_age: timedelta, dry_run: bool = False
) -> PruneResult:
    """Delete (or with `dry_run` only list) unreferenced files older than
    `min_age` in the upload folders; see the module docstring."""
    result = PruneResult()
    folders = upload_folders()
    # References first, then the listing: a file whose row commits in between
    # looks unreferenced, but it is new, so min_age keeps it.
    referenced = referenced_names()
    for folder in _outermost(folders):
        storage = folders[folder]
        for name in _walk(storage, folder):
            result.scanned += 1
            if name in referenced:
                continue
            if now - storage.get_modified_time(name) < min_age:
                result.fresh += 1
                continue
            if not dry_run:
                storage.delete(name)
            result.removed.append(name)
    return result


def _outermost(folders: dict[str, Storage]) -> list[str]:
    """The folders without those inside another one, so none is walked twice."""
    return sorted(
        folder
        for folder in folders
        if not any(folder != other and folder.startswith(other) for other in folders)
    )


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for directory in sorted(directories):
        yield from _walk(storage, f"{folder}{directory}/")
