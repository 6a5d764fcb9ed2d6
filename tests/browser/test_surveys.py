"""调研投票 in real Chromium, in both modes: a survey answered from the list, its
public results shown after; a second try says 只能提交一次; axe clean."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import axe_violations, show, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def survey(live):
    from surveys.models import Question, Survey

    now = timezone.now()
    survey = Survey.objects.create(
        title="便民服务满意度调查",
        results_public=True,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    Question.objects.create(
        survey=survey,
        kind="single",
        text="您常去哪个窗口",
        options="社保\n医保",
        sort_order=1,
    )
    Question.objects.create(
        survey=survey, kind="rating", text="总体满意度", sort_order=2
    )
    Question.objects.create(
        survey=survey, kind="text", text="其他建议", required=False, sort_order=3
    )
    return survey


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_a_citizen_answers_a_survey_and_sees_the_results(open_page, survey, elder):
    page = open_page(elder=elder, viewport={"width": 360, "height": 800})
    show(page, "/surveys", "调研投票")
    page.get_by_role("link", name="便民服务满意度调查").click()
    page.get_by_role("heading", name="便民服务满意度调查").wait_for()
    assert axe_violations(page) == []
    assert small_targets(page, 60 if elder else 44) == []
    page.get_by_text("医保", exact=True).click()
    page.get_by_text("4 分", exact=True).click()
    page.get_by_label("3. 其他建议").fill("周末也开放")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("感谢参与！").wait_for()
    assert "结果（1 份）" in page.locator("main").inner_text()
    assert page.evaluate(PAGE_WIDTH) <= 360
    assert axe_violations(page) == []

    show(page, "/surveys", "调研投票")
    page.get_by_role("link", name="便民服务满意度调查").click()
    page.get_by_text("社保", exact=True).click()
    page.get_by_text("5 分", exact=True).click()
    page.get_by_role("button", name="提交").click()
    page.get_by_text("只能提交一次").wait_for()
