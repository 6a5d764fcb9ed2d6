"""`manage.py prune_orphan_files`: a worker killed between writing a submission's
photos and committing its row left the files in storage, served under /media/.
Unreferenced files older than a day are removed; referenced or fresh ones stay."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from media_gallery import services as gallery_services
from media_gallery.models import Album
from tests.cases.helpers import jpeg_bytes, photo, submit_case

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def stored(name, data=b"\xff\xd8 orphan", age=0):
    saved = default_storage.save(name, ContentFile(data))
    path = Path(settings.MEDIA_ROOT) / saved
    moment = time.time() - age
    os.utime(path, (moment, moment))
    return saved


def age_everything(seconds):
    moment = time.time() - seconds
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            os.utime(path, (moment, moment))


def prune(*args):
    out = StringIO()
    call_command("prune_orphan_files", *args, stdout=out)
    return out.getvalue()


def test_an_old_unreferenced_photo_is_removed_and_a_referenced_one_stays():
    case = submit_case(photos=[photo(jpeg_bytes())]).case
    attachment = case.attachments.get()
    # What a killed worker leaves: the files of a submission that never committed.
    orphan = stored("cases/photos/2026/11/0123456789abcdef0123456789abcdef.jpg")
    orphan_thumb = stored("cases/thumbs/2026/11/0123456789abcdef0123456789abcdef.jpg")
    age_everything(TWO_DAYS)

    output = prune()

    assert not default_storage.exists(orphan)
    assert not default_storage.exists(orphan_thumb)
    assert default_storage.exists(attachment.image.name)
    assert default_storage.exists(attachment.thumbnail.name)
    assert f"已删除 {orphan}" in output
    assert "已删除 2 个无引用文件" in output


def test_a_fresh_unreferenced_file_stays_for_a_later_run():
    fresh = stored("cases/photos/2026/12/fresh.jpg", age=3600)

    output = prune()

    assert default_storage.exists(fresh)
    assert "保留 1 个不足 24 小时的无引用文件" in output


def test_a_dry_run_lists_but_removes_nothing():
    orphan = stored("cases/photos/2026/11/orphan.jpg", age=TWO_DAYS)

    output = prune("--dry-run")

    assert default_storage.exists(orphan)
    assert f"将删除 {orphan}" in output


def test_gallery_orphans_go_and_the_albums_photos_stay():
    album = Album.objects.create(title="政务大厅开放日")
    [kept] = gallery_services.photos_add(
        album=album, files=[photo(jpeg_bytes((400, 300)))]
    )
    orphan = stored("gallery/photos/2026/11/orphan_thumb.jpg")
    age_everything(TWO_DAYS)

    prune()

    assert not default_storage.exists(orphan)
    for name in (kept.image.name, kept.thumbnail.name, kept.large.name):
        assert default_storage.exists(name)


def test_files_outside_the_upload_folders_are_never_touched():
    other = stored("exports/keep-me.txt", b"not an upload", age=TWO_DAYS)

    prune()

    assert default_storage.exists(other)
