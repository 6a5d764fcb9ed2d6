"""The back office's date drill-down offers the periods between a list's first
and last date, read with MIN and MAX, not a DISTINCT over every row
(portal/templatetags/admin_dates.py), and drills down as Django's does."""

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import RetentionRun

pytestmark = pytest.mark.django_db

RUNS = reverse("admin:cases_retentionrun_changelist")


def _run(year, month, day):
    at = timezone.make_aware(datetime(year, month, day, 3))
    return RetentionRun.objects.create(
        started_at=at,
        contact_keep_days=365,
        photo_keep_days=180,
        contacts_before=at,
        photos_before=at,
    )


def _choices(page: str) -> list[str]:
    hierarchy = re.search(r'<nav class="toplinks"[^>]*>(.*?)</nav>', page, re.S).group(
        1
    )
    return [
        re.sub(r"\s+", "", text) for text in re.findall(r">([^<>]+)</a>", hierarchy)
    ]


def test_every_year_between_the_first_and_the_last_is_offered(admin_client):
    _run(2024, 3, 1)
    _run(2026, 11, 30)
    admin_client.get(RUNS)  # warm the session

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(RUNS)

    assert response.status_code == 200
    assert _choices(response.content.decode()) == ["2024", "2025", "2026"]
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "DISTINCT" not in sql


def test_a_year_offers_its_months_from_the_first_to_the_last(admin_client):
    _run(2025, 2, 10)
    _run(2025, 4, 1)
    _run(2026, 1, 5)

    response = admin_client.get(RUNS, {"started_at__year": "2025"})

    months = _choices(response.content.decode())
    assert months[1:] == ["2025年2月", "2025年3月", "2025年4月"]  # after 全部日期
    assert len(response.context["cl"].result_list) == 2


def test_a_month_offers_its_days_and_lists_only_them(admin_client):
    _run(2025, 4, 1)
    _run(2025, 4, 3)

    response = admin_client.get(
        RUNS, {"started_at__year": "2025", "started_at__month": "4"}
    )

    assert _choices(response.content.decode())[1:] == ["04月1日", "04月2日", "04月3日"]
    assert len(response.context["cl"].result_list) == 2
