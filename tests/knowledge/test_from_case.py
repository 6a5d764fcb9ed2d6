"""加入知识库: from an answered case to a draft in one step, with the citizen's
data flagged; nothing is published while it is still in the text."""

import pytest
from django.core.exceptions import ValidationError

from knowledge import services
from knowledge.models import Entry, EntryEvent
from tests.cases.helpers import submit_case
from tests.cases.test_public_list import answered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(department_a):
    case = answered_case(
        department=department_a,
        title="失业金怎么申领",
        contact_name="王小明",
        contact_phone="13812345678",
        address="和平路12号",
    )
    case.reply = (
        "王小明您好，请携带身份证到就业服务窗口申领，有疑问请拨打13812345678联系我们。"
    )
    case.save(update_fields=["reply"])
    return case


def test_the_case_page_offers_it_and_it_opens_a_flagged_draft(
    client, officer_a, answered
):
    client.force_login(officer_a)
    page = client.get(f"/admin/cases/case/{answered.pk}/change/").content.decode()
    assert "加入知识库" in page

    response = client.get(f"/admin/knowledge/entry/from-case/{answered.pk}/")

    entry = Entry.objects.get(source_case=answered)
    assert response.status_code == 302 and response.url.endswith(
        f"/knowledge/entry/{entry.pk}/change/"
    )
    assert (entry.question, entry.status) == ("失业金怎么申领", Entry.Status.DRAFT)
    assert entry.answer == answered.reply
    assert (
        EntryEvent.objects.get(entry=entry).action
        == EntryEvent.Action.DRAFTED_FROM_CASE
    )
    draft_page = client.get(response.url).content.decode()
    assert (
        "诉求人姓名：王小明" in draft_page and "诉求人电话：13812345678" in draft_page
    )
    # Once made, the case page links to the entry instead of making another.
    assert (
        "查看知识条目"
        in client.get(f"/admin/cases/case/{answered.pk}/change/").content.decode()
    )
    client.get(f"/admin/knowledge/entry/from-case/{answered.pk}/")
    assert Entry.objects.filter(source_case=answered).count() == 1


def test_publishing_is_refused_while_a_phone_number_is_in_the_text(officer_a, answered):
    entry = services.entry_draft_from_case(case_id=answered.pk, user=officer_a)

    with pytest.raises(ValidationError) as refused:
        services.entry_publish(entry=entry, user=officer_a)

    assert "138****5678" in str(refused.value)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DRAFT


def test_after_the_data_is_removed_it_publishes(
    client, officer_a, answered, api_client
):
    entry = services.entry_draft_from_case(case_id=answered.pk, user=officer_a)
    client.force_login(officer_a)
    form = {
        "question": entry.question,
        "answer": "请携带身份证到就业服务窗口申领。",
        "keywords": "失业金 申领",
        "department": answered.department_id,
        "service_type": "",
        "valid_from": "",
        "valid_until": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "_publish": "保存并发布",
    }
    response = client.post(f"/admin/knowledge/entry/{entry.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.status == Entry.Status.PUBLISHED
    found = api_client.get("/api/v1/knowledge/suggest/", {"q": "失业金怎么领"}).json()
    assert [e["question"] for e in found["entries"]] == ["失业金怎么申领"]


def test_the_page_keeps_the_edit_when_publishing_is_refused(
    client, officer_a, answered
):
    entry = services.entry_draft_from_case(case_id=answered.pk, user=officer_a)
    client.force_login(officer_a)
    form = {
        "question": entry.question,
        "answer": "已处理，联系电话13900001111。",
        "keywords": "失业金",
        "department": answered.department_id,
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "_publish": "保存并发布",
    }
    response = client.post(
        f"/admin/knowledge/entry/{entry.pk}/change/", form, follow=True
    )

    assert "个人信息" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.answer) == (
        Entry.Status.DRAFT,
        "已处理，联系电话13900001111。",
    )


def test_another_departments_staff_cannot_draft_from_the_case(
    client, officer_b, answered
):
    client.force_login(officer_b)
    client.get(f"/admin/knowledge/entry/from-case/{answered.pk}/")
    assert not Entry.objects.exists()


def test_an_unanswered_case_cannot_be_added(officer_a, department_a):
    case = submit_case(department=department_a).case
    with pytest.raises(ValidationError):
        services.entry_draft_from_case(case_id=case.pk, user=officer_a)


def test_staff_see_only_their_departments_entries(
    client, officer_a, department_a, department_b
):
    from tests.knowledge.conftest import make_entry

    make_entry(question="本部门条目", department=department_a)
    make_entry(question="他部门条目", department=department_b)
    make_entry(question="全市条目")
    client.force_login(officer_a)

    page = client.get("/admin/knowledge/entry/").content.decode()

    assert "本部门条目" in page
    assert "他部门条目" not in page and "全市条目" not in page


def test_a_published_entry_cannot_be_edited_to_hold_a_phone(
    client, officer_a, department_a
):
    from tests.knowledge.conftest import make_entry

    entry = make_entry(
        question="失业金", answer="请到窗口申领。", department=department_a
    )
    client.force_login(officer_a)
    response = client.post(
        f"/admin/knowledge/entry/{entry.pk}/change/",
        {
            "question": "失业金",
            "answer": "请联系13812345678。",
            "keywords": "",
            "department": department_a.pk,
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "138****5678" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answer == "请到窗口申领。"
