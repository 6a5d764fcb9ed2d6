"""Retention (`apply_retention`, cases/services/retention.py): contacts of cases
finished long ago erased, their photos deleted, the cases themselves kept.

The finding: every citizen's name, phone, address and photos were kept for ever,
years after the case was closed (PIPL art. 19: no longer than necessary).
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, RetentionRun
from tests.cases.helpers import jpeg_bytes, photo, submit_case

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "王小明",
    "contact_phone": "13812345678",
    "address": "历下区泉城路1号",
    "latitude": "36.661234",
    "longitude": "117.021234",
}


def finished(department, *, days_ago, status="closed", photos=1):
    """A case closed (or refused) `days_ago` days ago, with contact and photos."""
    moment = timezone.now() - timedelta(days=days_ago)
    case = submit_case(
        department=department,
        photos=[photo(jpeg_bytes()) for _ in range(photos)],
        now=moment - timedelta(days=3),
        **CONTACT,
    ).case
    if status == "rejected":
        services.case_transition(
            case=case, to_status="rejected", reason="不属于受理范围。", now=moment
        )
        return case
    services.case_transition(
        case=case, to_status="accepted", now=moment - timedelta(days=2)
    )
    services.case_transition(
        case=case,
        to_status="replied",
        reply="已安排处理。",
        now=moment - timedelta(days=1),
    )
    services.case_transition(case=case, to_status="closed", now=moment)
    return case


def files_of(case) -> list[Path]:
    return [
        Path(settings.MEDIA_ROOT) / name
        for a in case.attachments.all()
        for name in (a.image.name, a.thumbnail.name)
    ]


def apply(**kwargs):
    return services.retention_apply(
        now=timezone.now(), contact_keep_days=365, photo_keep_days=180, **kwargs
    )


def test_an_old_closed_case_loses_its_contact_but_keeps_everything_else(
    department_a,
):
    case = finished(department_a, days_ago=400)
    events_before = list(case.events.values_list("action", "note"))

    apply()

    case.refresh_from_db()
    assert (case.contact_name, case.contact_phone, case.address) == ("", "", "")
    assert (case.latitude, case.longitude) == (None, None)
    assert case.number and case.title == "社保卡补办咨询"
    assert case.reply == "已安排处理。"
    assert case.status == "closed"
    assert list(case.events.values_list("action", "note")) == events_before


def test_an_old_refused_case_loses_its_contact_too(department_a):
    case = finished(department_a, days_ago=400, status="rejected")

    apply()

    case.refresh_from_db()
    assert case.contact_phone == "" and case.contact_name == ""


@pytest.mark.parametrize("days_ago", [30, 200])
def test_a_recently_closed_case_keeps_its_contact(department_a, days_ago):
    case = finished(department_a, days_ago=days_ago)

    apply()

    case.refresh_from_db()
    assert case.contact_phone == "13812345678"
    assert case.address == "历下区泉城路1号"


def test_an_open_case_is_untouched_however_old(department_a):
    submitted = submit_case(
        department=department_a,
        photos=[photo(jpeg_bytes())],
        now=timezone.now() - timedelta(days=900),
        **CONTACT,
    )

    apply()

    case = Case.objects.get(pk=submitted.case.pk)
    assert case.contact_phone == "13812345678"
    assert case.attachments.count() == 1
    assert all(path.exists() for path in files_of(case))


def test_photos_of_cases_closed_long_enough_ago_are_deleted_with_their_files(
    department_a, django_capture_on_commit_callbacks
):
    old = finished(department_a, days_ago=200, photos=2)
    recent = finished(department_a, days_ago=100)
    old_files, recent_files = files_of(old), files_of(recent)
    assert len(old_files) == 4 and all(path.exists() for path in old_files)

    with django_capture_on_commit_callbacks(execute=True):
        result = apply()

    assert not old.attachments.exists()
    assert not any(path.exists() for path in old_files)
    assert recent.attachments.count() == 1
    assert all(path.exists() for path in recent_files)
    # 200 days: photos gone, the contact still kept (365).
    old.refresh_from_db()
    assert old.contact_phone == "13812345678"
    assert result.photos_deleted == 2


def test_a_dry_run_changes_nothing(department_a, django_capture_on_commit_callbacks):
    case = finished(department_a, days_ago=400)
    paths = files_of(case)

    with django_capture_on_commit_callbacks(execute=True):
        result = apply(dry_run=True)

    assert (result.cases_anonymised, result.photos_deleted, result.run) == (1, 1, None)
    case.refresh_from_db()
    assert case.contact_phone == "13812345678"
    assert case.attachments.count() == 1
    assert all(path.exists() for path in paths)
    assert not RetentionRun.objects.exists()


def test_each_run_is_recorded_with_what_it_removed(department_a):
    for _ in range(2):
        finished(department_a, days_ago=400)
    finished(department_a, days_ago=10)

    apply()
    again = apply()

    first, second = RetentionRun.objects.order_by("started_at")
    assert (first.cases_anonymised, first.photos_deleted) == (2, 2)
    assert (first.contact_keep_days, first.photo_keep_days) == (365, 180)
    assert first.finished_at is not None
    # Nothing left to do: the second run finds the work done.
    assert (second.cases_anonymised, second.photos_deleted) == (0, 0)
    assert again.run == second


def test_it_works_in_batches(department_a):
    for _ in range(5):
        finished(department_a, days_ago=400, photos=0)

    with CaptureQueriesContext(connection) as queries:
        result = apply(batch_size=2)

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "cases_case"')]
    assert result.cases_anonymised == 5
    assert len(updates) == 3  # 2 + 2 + 1


def test_the_command_reports_and_its_dry_run_says_so(department_a):
    finished(department_a, days_ago=400)
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)
    assert "将清除 1 件诉求的联系方式" in out.getvalue()
    assert "试运行" in out.getvalue()
    assert not RetentionRun.objects.exists()

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "已清除 1 件诉求的联系方式" in out.getvalue()
    assert RetentionRun.objects.get().cases_anonymised == 1


def test_supervisors_read_the_record_and_nobody_edits_it(login, supervisor, officer_a):
    run = apply().run
    changelist = reverse("admin:cases_retentionrun_changelist")

    client = login(supervisor)
    page = client.get(changelist)
    detail = client.get(reverse("admin:cases_retentionrun_change", args=[run.pk]))
    delete = client.get(reverse("admin:cases_retentionrun_delete", args=[run.pk]))

    assert page.status_code == 200
    assert "个人信息清理记录" in page.content.decode()
    assert detail.status_code == 200
    assert delete.status_code == 403
    assert login(officer_a).get(changelist).status_code == 403
