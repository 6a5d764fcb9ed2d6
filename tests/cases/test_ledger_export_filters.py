"""A background ledger export is rebuilt from its stored filters through the case
list itself: it holds what the list shows for those filters, and an export
recorded with filters only (before searches waited beside them) still runs."""

import csv
import io

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, ContactAccess, LedgerExport
from tests.cases.test_ledger_export import _complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def background(settings, tmp_path):
    """Every export runs in the background, at once, into `tmp_path`."""
    settings.LEDGER_SYNC_MAX_ROWS = 0
    settings.LEDGER_EXPORT_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    return tmp_path


@pytest.fixture
def cases(department_a, department_b):
    """Complaints in A and B, one accepted, one by another caller, one other kind."""
    noisy = _complaint(department_a, title="夜间施工噪音")
    _complaint(department_a, title="油烟直排")
    other_caller = _complaint(department_a, title="噪音扰民", phone="13900001111")
    _complaint(department_b, title="噪音扰民")
    Case.objects.filter(pk=noisy.pk).update(status=Case.Status.ACCEPTED)
    return {"noisy": noisy, "other_caller": other_caller}


def _listed(client, params: str) -> set[str]:
    """The numbers the case list shows for `params` (every page)."""
    response = client.get(reverse("admin:cases_case_changelist") + params)
    assert response.status_code == 200
    return set(response.context["cl"].queryset.values_list("number", flat=True))


def _exported_numbers(root, export: LedgerExport) -> set[str]:
    text = (root / export.file_name).read_text(encoding="utf-8-sig")
    return {row[0] for row in csv.reader(io.StringIO(text))} - {"登记编号"}


def _export_in_background(client, params: str, capture) -> LedgerExport:
    with capture(execute=True):
        response = client.post(
            reverse("admin:cases_case_export") + params,
            {"ledger": "complaint", "file_format": "csv"},
        )
    assert response.status_code == 302
    return LedgerExport.objects.get()


@pytest.mark.parametrize(
    "params",
    [
        "",
        "?q=噪音",
        "?department__id__exact={a}",
        "?status__exact=accepted",
        "?department__id__exact={a}&q=噪音&o=1",
        "?q=13812345678",
    ],
)
def test_a_background_export_holds_what_the_list_shows_for_its_filters(
    login,
    supervisor,
    department_a,
    cases,
    background,
    django_capture_on_commit_callbacks,
    params,
):
    params = params.format(a=department_a.pk)
    client = login(supervisor)
    listed = _listed(client, params)

    export = _export_in_background(client, params, django_capture_on_commit_callbacks)

    assert export.state == LedgerExport.State.DONE
    assert _exported_numbers(background, export) == listed
    assert export.row_count == len(listed)


def test_an_officers_background_export_stays_in_their_departments(
    login, officer_a, cases, background, django_capture_on_commit_callbacks
):
    client = login(officer_a)
    listed = _listed(client, "?q=噪音")

    export = _export_in_background(
        client, "?q=噪音", django_capture_on_commit_callbacks
    )

    assert _exported_numbers(background, export) == listed
    assert len(listed) == 2  # B's 噪音扰民 is not among them


def test_a_phone_search_is_kept_masked_and_its_words_dropped_once_written(
    login, supervisor, cases, background, django_capture_on_commit_callbacks
):
    client = login(supervisor)

    export = _export_in_background(
        client, "?q=13900001111", django_capture_on_commit_callbacks
    )

    assert _exported_numbers(background, export) == {cases["other_caller"].number}
    assert "13900001111" not in str(export.filters)
    assert export.pending_search == ""


def test_the_worker_does_not_record_the_search_a_second_time(
    login, supervisor, cases, background, django_capture_on_commit_callbacks
):
    client = login(supervisor)
    client.post(
        reverse("admin:cases_case_export") + "?q=13900001111",
        {"ledger": "complaint", "file_format": "csv"},
    )  # queued, not run: the on-commit callbacks are not executed
    export = LedgerExport.objects.get()
    recorded = ContactAccess.objects.count()

    services.export_ledger_file.call(export_id=export.pk)

    assert recorded > 0
    assert ContactAccess.objects.count() == recorded


def test_an_export_recorded_with_filters_only_still_runs(
    login, officer_a, department_a, cases, background
):
    # As queued before the change: the list's query string, no waiting search.
    export = LedgerExport.objects.create(
        user=officer_a,
        ledger="complaint",
        file_format="csv",
        filters={"q": ["噪音"], "department__id__exact": [str(department_a.pk)]},
    )
    listed = _listed(
        login(officer_a), f"?q=噪音&department__id__exact={department_a.pk}"
    )

    rows = services.export_ledger_file.call(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == LedgerExport.State.DONE
    assert rows == len(listed) == 2
    assert _exported_numbers(background, export) == listed


def test_the_page_the_list_was_on_does_not_narrow_the_export(
    login, supervisor, department_a, background
):
    numbers = {_complaint(department_a, title=f"诉求{i}").number for i in range(3)}
    export = LedgerExport.objects.create(
        user=supervisor, ledger="complaint", file_format="csv", filters={"p": ["9"]}
    )

    services.export_ledger_file.call(export_id=export.pk)

    export.refresh_from_db()
    assert _exported_numbers(background, export) == numbers
