"""The dashboard's 知识库 panel: hits, 自助解决 and its rate, entries added from
cases per department, and the most-asked questions without an entry."""

import pytest
from django.utils import timezone

from knowledge import services
from tests.cases.helpers import submit_case
from tests.knowledge.conftest import make_entry

pytestmark = pytest.mark.django_db


def test_the_panel_counts_what_citizens_did_with_the_answers(
    client, supervisor, department_a
):
    now = timezone.now()
    entry = make_entry(question="社保卡补办", department=department_a)
    services.entry_viewed(entry=entry, now=now)
    services.entry_viewed(entry=entry, now=now)
    services.self_served_record(
        entry=entry, kind="consultation", device_hash="a" * 64, now=now
    )
    services.entry_vote(entry=entry, helpful=False, device_hash="b" * 64, now=now)
    for _ in range(3):
        submit_case(department=department_a, kind="consultation")
    make_entry(
        question="由诉求来的",
        department=department_a,
        source_case=submit_case(department=department_a).case,
    )
    services.unanswered_record(text="养犬登记", now=now)
    client.force_login(supervisor)

    page = client.get("/admin/").content.decode()

    section = page[page.index('id="dashboard-knowledge"') :]
    section = section[: section.index("</section>")]
    assert "知识库命中" in section and ">2<" in section
    # One 自助解决 against four consultations received: 1 / (1 + 4).
    assert "自助解决率 20.0%" in section
    assert "0 / 1" in section
    assert "劳动和社会保障局：1" in section
    assert "养犬登记（1 次）" in section
