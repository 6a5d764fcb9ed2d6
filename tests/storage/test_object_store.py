"""Uploads in a real object store: case photos and their thumbnails in the private
bucket behind signed URLs that expire, public pictures in the public bucket at
plain URLs, every object gone with its row, ledger files through the private
bucket, the disk's files copied across, and /readyz checking both buckets."""

import time
from datetime import timedelta

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services as case_services
from cases.models import LedgerExport
from tests.cases.helpers import LOOKUP_URL, SUBMIT_URL, jpeg_bytes, payload, photo
from tests.factories import DepartmentFactory
from tests.storage.conftest import bucket_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(db):
    return DepartmentFactory(name="市政管理局")


def _submit_with_photos(client, department, count=2):
    body = payload(department)
    body["attachments"] = [
        photo(jpeg_bytes((800, 600)), name=f"p{n}.jpg") for n in range(count)
    ]
    response = client.post(SUBMIT_URL, body)
    assert response.status_code == 201, response.content
    return response.json()


def _look_up(client, submitted):
    response = client.post(
        LOOKUP_URL,
        {"number": submitted["number"], "query_code": submitted["query_code"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()


def test_case_photos_go_to_the_private_bucket_behind_links_that_expire(
    client, buckets, object_store, department, settings
):
    settings.CASE_PHOTO_LINK_MAX_AGE = 2
    submitted = _submit_with_photos(client, department)

    private = bucket_names(object_store, buckets["private"])
    assert len([k for k in private if k.startswith("cases/photos/")]) == 2
    assert len([k for k in private if k.startswith("cases/thumbs/")]) == 2
    assert bucket_names(object_store, buckets["public"]) == []
    [first, _second] = _look_up(client, submitted)["attachments"]
    assert "X-Amz-Signature=" in first["image"]
    thumb = httpx.get(first["thumbnail"])
    assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"
    # The thumbnail is the rendition, smaller than the original.
    assert len(thumb.content) < len(httpx.get(first["image"]).content)
    # Without the signature the bucket refuses; after the link's time, too.
    unsigned = first["image"].split("?")[0]
    assert httpx.get(unsigned).status_code in (400, 401, 403)
    time.sleep(3)
    assert httpx.get(first["image"]).status_code == 403


def test_staff_in_scope_are_redirected_to_a_signed_url(
    client, buckets, department, login, django_user_model
):
    from cases.models import CaseAttachment
    from departments import services as department_services

    submitted = _submit_with_photos(client, department, count=1)
    officer = django_user_model.objects.create_user(
        "officer", password="x-12345!", is_staff=True
    )
    department_services.staff_grant(user=officer, department=department, role="officer")
    other = django_user_model.objects.create_user(
        "other", password="x-12345!", is_staff=True
    )
    attachment = CaseAttachment.objects.get(case__number=submitted["number"])

    # The admin's inline links the image by its storage URL: already signed.
    assert "X-Amz-Signature=" in attachment.image.url
    # The portal's own path, once access is decided, redirects to a signed URL
    # that works for a minute; anyone else gets the 404 of a missing file.
    path = f"/media/{attachment.thumbnail.name}"
    response = login(officer).get(path)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Amz-Expires=60" in response["Location"]
    assert httpx.get(response["Location"]).status_code == 200
    assert login(other).get(path).status_code == 404


def test_public_pictures_are_plain_urls_in_the_public_bucket(buckets, object_store):
    from media_gallery import services
    from media_gallery.models import Album
    from tests.media_gallery.conftest import jpeg, upload

    album = Album.objects.create(title="便民服务季", is_published=True)
    [added] = services.photos_add(album=album, files=[upload(jpeg(800, 600))])

    names = bucket_names(object_store, buckets["public"])
    assert sorted(added.file_names) == names and len(names) == 3
    assert bucket_names(object_store, buckets["private"]) == []
    url = added.large.url
    assert "Signature" not in url and url.startswith(
        f"http://127.0.0.1:9010/v1/AUTH_portal/{buckets['public']}/"
    )
    fetched = httpx.get(url)
    assert fetched.status_code == 200 and fetched.content[:2] == b"\xff\xd8"


def test_deleting_removes_every_object(
    client, buckets, object_store, department, django_capture_on_commit_callbacks
):
    from media_gallery import services
    from media_gallery.models import Album
    from tests.media_gallery.conftest import jpeg, upload

    album = Album.objects.create(title="活动相册", is_published=True)
    services.photos_add(album=album, files=[upload(jpeg()), upload(jpeg())])
    submitted = _submit_with_photos(client, department)
    assert len(bucket_names(object_store, buckets["public"])) == 6

    with django_capture_on_commit_callbacks(execute=True):
        services.album_delete(album=album)
    assert bucket_names(object_store, buckets["public"]) == []

    # Retention erases a closed case's photos after their time.
    from cases.models import Case

    case = Case.objects.get(number=submitted["number"])
    case_services.case_transition(case=case, to_status="accepted")
    case_services.case_transition(case=case, to_status="replied", reply="已处理。")
    case = case_services.case_transition(case=case, to_status="closed")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.retention_apply(
            now=timezone.now() + timedelta(days=400),
            contact_keep_days=365,
            photo_keep_days=365,
            dry_run=False,
        )
    assert bucket_names(object_store, buckets["private"]) == []


def test_a_background_ledger_goes_through_the_private_bucket(
    buckets, object_store, department, login, supervisor
):
    from tests.cases.helpers import submit_case

    submit_case(department=department)
    export = LedgerExport.objects.create(
        user=supervisor, ledger="consultation", file_format="xlsx", filters={}
    )
    case_services.export_ledger_file.call(export_id=export.pk)
    export.refresh_from_db()

    assert export.state == LedgerExport.State.DONE
    assert bucket_names(object_store, buckets["private"]) == [
        f"ledgers/{export.file_name}"
    ]
    response = login(supervisor).get(f"/admin/cases/ledgerexport/{export.pk}/download/")
    assert response.status_code == 302
    downloaded = httpx.get(response["Location"])
    assert downloaded.status_code == 200 and downloaded.content[:2] == b"PK"
    assert "attachment" in downloaded.headers["content-disposition"]

    LedgerExport.objects.filter(pk=export.pk).update(
        finished_at=timezone.now() - timedelta(days=30)
    )
    case_services.ledger_exports_prune(now=timezone.now(), keep_days=7)
    assert bucket_names(object_store, buckets["private"]) == []


def test_the_disks_files_are_copied_into_the_buckets(
    buckets, object_store, settings, tmp_path
):
    media, exports = tmp_path / "media", tmp_path / "exports"
    for relative in (
        "cases/photos/2026/12/a.jpg",
        "posters/b.jpg",
        "appointments/2026/12/c.jpg",
    ):
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(jpeg_bytes())
    exports.mkdir()
    (exports / "ledger-7.xlsx").write_bytes(b"PK-ledger")
    settings.MEDIA_ROOT, settings.LEDGER_EXPORT_ROOT = media, exports

    call_command("media_to_buckets")
    call_command("media_to_buckets")  # again: nothing twice

    assert bucket_names(object_store, buckets["public"]) == ["posters/b.jpg"]
    assert bucket_names(object_store, buckets["private"]) == [
        "appointments/2026/12/c.jpg",
        "cases/photos/2026/12/a.jpg",
        "ledgers/ledger-7.xlsx",
    ]


def test_readyz_checks_both_buckets(client, buckets, object_store):
    assert client.get("/readyz").json()["checks"]["private_storage"] == "ok"
    object_store.delete_bucket(Bucket=buckets["public"])
    try:
        response = client.get("/readyz")
    finally:
        object_store.create_bucket(Bucket=buckets["public"])

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"
    assert response.json()["checks"]["private_storage"] == "ok"
