"""Searching the case list by a citizen's full phone number or name is recorded in
联系方式查看记录, like revealing the contact on the case page: who, when, which
case, and the search term masked, never in clear."""

import pytest
from django.urls import reverse

from cases.models import ContactAccess, LedgerExport
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

CASES = "admin:cases_case_changelist"


@pytest.fixture
def case(department_a):
    return submit_case(
        department=department_a,
        title="夜间施工噪音扰民",
        contact_name="欧阳晓明",
        contact_phone="13812345678",
    ).case


def _search(client, term):
    response = client.get(reverse(CASES), {"q": term})
    assert response.status_code == 200
    return [found.number for found in response.context["cl"].result_list]


def test_a_search_by_the_full_phone_finds_the_case_and_is_recorded(
    login, officer_a, case
):
    assert _search(login(officer_a), "13812345678") == [case.number]

    [record] = ContactAccess.objects.all()
    assert (record.kind, record.user, record.case) == ("search", officer_a, case)
    assert record.search == "138****5678"
    assert record.accessed_at is not None


def test_a_search_by_the_full_name_is_recorded_with_the_name_masked(
    login, officer_a, case
):
    assert _search(login(officer_a), "欧阳晓明") == [case.number]

    [record] = ContactAccess.objects.all()
    assert (record.kind, record.search) == ("search", "欧***")


def test_the_record_never_holds_the_phone_or_name_in_clear(login, officer_a, case):
    client = login(officer_a)
    _search(client, "13812345678")
    _search(client, "欧阳晓明")

    for record in ContactAccess.objects.values():
        text = " ".join(str(value) for value in record.values())
        assert "13812345678" not in text and "欧阳晓明" not in text


def test_the_log_page_shows_the_search_masked(login, officer_a, supervisor, case):
    _search(login(officer_a), "13812345678")

    response = login(supervisor).get(reverse("admin:cases_contactaccess_changelist"))

    content = response.content.decode()
    assert "按联系方式搜索" in content and "138****5678" in content
    assert "13812345678" not in content


@pytest.mark.parametrize("term", ["施工", "1381234", "欧阳", "13912345678"])
def test_a_search_that_matches_no_contact_writes_nothing(login, officer_a, case, term):
    _search(login(officer_a), term)

    assert not ContactAccess.objects.exists()


def test_a_search_in_another_department_finds_and_records_nothing(
    login, officer_b, case
):
    assert _search(login(officer_b), "13812345678") == []

    assert not ContactAccess.objects.exists()


def test_a_search_for_the_title_and_the_phone_together_is_recorded(
    login, officer_a, case
):
    assert _search(login(officer_a), "施工 13812345678") == [case.number]

    assert ContactAccess.objects.get().search == "138****5678"


def test_revealing_on_the_case_page_is_still_recorded_as_a_reveal(
    login, officer_a, case
):
    login(officer_a).post(reverse("admin:cases_case_contact", args=[case.pk]))

    [record] = ContactAccess.objects.all()
    assert (record.kind, record.search) == ("reveal", "")


def test_a_ledger_export_of_a_phone_search_keeps_the_phone_masked(
    login, officer_a, case
):
    client = login(officer_a)

    response = client.post(
        reverse("admin:cases_case_export") + "?q=13812345678",
        {"ledger": "consultation", "file_format": "csv"},
    )

    assert response.status_code == 200
    export = LedgerExport.objects.get()
    assert export.filters["q"] == ["138****5678"]
    assert ContactAccess.objects.filter(kind="search", case=case).exists()


def test_an_unmatched_phone_in_an_export_search_is_masked_all_the_same(
    login, officer_a, case
):
    login(officer_a).post(
        reverse("admin:cases_case_export") + "?q=" + "施工 13900000000",
        {"ledger": "consultation", "file_format": "csv"},
    )

    assert LedgerExport.objects.get().filters["q"] == ["施工 139****0000"]
