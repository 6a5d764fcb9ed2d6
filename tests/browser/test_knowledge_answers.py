"""Answers before asking, in real Chromium: a consultation typed on the phone
shows the matching knowledge entry, and 已解决 ends there with no case; 问一问
answers a question and an empty search offers the next steps; a second complaint
about the same complainee is told how many are in hand."""

import re

import pytest

from cases.models import Case
from knowledge.models import KnowledgeDayCount
from tests.browser.helpers import show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def knowledge(demo_departments):
    from knowledge.demo import seed_knowledge

    seed_knowledge()
    return demo_departments


def test_a_consultation_being_typed_shows_an_answer_and_resolved_creates_no_case(
    open_page, knowledge
):
    page = show(open_page(), "/submit/consultation", "我要咨询")
    page.get_by_label("标题").fill("社保卡丢了")
    page.get_by_label("内容").fill("我的社保卡前天丢了，请问去哪里补办？")

    panel = page.get_by_role("region", name="这些回答能解决您的问题吗？")
    panel.wait_for()
    answer = panel.locator("details").filter(has_text="社保卡丢了怎么补办？")
    answer.locator("summary").click()
    assert "社会保障窗口" in answer.inner_text()
    # Opening it read the entry: a 知识库命中.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some((r) => /knowledge\\/\\d+\\/$/.test(r.name))"
    )
    answer.get_by_role("button", name="已解决").click()

    page.get_by_text("很高兴问题已解决").wait_for()
    assert Case.objects.count() == 0
    counted = KnowledgeDayCount.objects.get(department_id=knowledge["hrss"].pk)
    assert (counted.self_served, counted.views) == (1, 1)
    # The draft is let go: the form opens empty next time.
    draft = page.evaluate("() => localStorage.getItem('wzw.draft.consultation')") or ""
    assert "社保卡" not in draft


def test_still_submitting_hides_the_answers_and_the_form_goes_on(open_page, knowledge):
    page = show(open_page(), "/submit/consultation", "我要咨询")
    page.get_by_label("内容").fill("失业金怎么领取，需要什么材料？")
    panel = page.get_by_role("region", name="这些回答能解决您的问题吗？")
    panel.wait_for()
    panel.locator("summary").first.click()
    panel.get_by_role("button", name="仍要提交").first.click()
    assert panel.is_hidden()
    assert page.get_by_role("button", name="提交").is_enabled()


def test_ask_answers_and_an_empty_result_offers_the_next_steps(open_page, knowledge):
    page = show(open_page(), "/ask?q=" + "身份证补办", "问一问")
    page.get_by_text("身份证丢了怎么补办？").wait_for()
    assert page.get_by_role("link", name=re.compile("居民身份证办理")).is_visible()
    page.locator("summary", has_text="身份证丢了怎么补办？").click()
    page.get_by_role("button", name="有用").first.click()
    page.get_by_text("感谢您的反馈。").wait_for()

    page = show(open_page(), "/departments?q=火星移民", "政府部门")
    steps = page.locator(".next-steps")
    assert steps.get_by_role("link", name="问一问").is_visible()
    assert steps.get_by_role("link", name="我要咨询").is_visible()
    assert (
        steps.get_by_role("link", name="拨打 12345").get_attribute("href")
        == "tel:12345"
    )


def test_html_in_an_answer_is_shown_as_text(open_page, knowledge):
    from tests.knowledge.conftest import make_entry

    make_entry(
        question="公积金提取",
        keywords="公积金提取",
        answer="<b>粗体</b> 详见 https://example.org/a",
    )
    page = show(open_page(), "/ask?q=公积金提取", "问一问")
    page.locator("summary", has_text="公积金提取").click()
    assert page.get_by_text("<b>粗体</b>").is_visible()
    assert page.locator(".answer-text b").count() == 0
    assert (
        page.get_by_role("link", name="https://example.org/a").get_attribute("rel")
        == "noopener noreferrer"
    )


def test_a_second_complaint_about_the_same_complainee_is_told(open_page, knowledge):
    from tests.cases.helpers import submit_case

    submit_case(
        department=knowledge["eeb"],
        kind="complaint",
        title="夜间施工噪音",
        content="工地夜里施工，噪音很大。",
        complainee="幸福里建筑工地",
        contact_name="李大伟",
    )
    page = show(open_page(), "/submit/complaint", "我要投诉")
    page.get_by_label("受理部门").select_option(str(knowledge["eeb"].pk))
    page.get_by_label("被投诉/举报对象").fill("幸福里建筑工地")

    hint = page.get_by_text(re.compile("同一对象已有 1 件诉求正在办理"))
    hint.wait_for()
    assert "李大伟" not in page.content()
