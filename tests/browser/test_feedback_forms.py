"""市民印象 and 领导点评 on the department page, once the feedback API exists (the
feedback app; skipped with a reason before it lands)."""

import pytest

from tests.browser.helpers import api_exists, show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(autouse=True)
def _feedback_api():
    if not api_exists("/api/v1/departments/1/impressions/"):
        pytest.skip("feedback API (impressions, leader reviews) not present yet")


def test_a_citizen_gives_an_impression_of_a_department(open_page, demo_departments):
    from feedback.models import DepartmentImpression

    hrss = demo_departments["hrss"]
    page = show(open_page(), f"/departments/{hrss.pk}", hrss.name)
    section = page.locator("section", has=page.get_by_role("heading", name="市民印象"))
    assert section.get_by_text("暂无评分").is_visible()
    form = section.locator("form")
    form.get_by_role("button", name="提交印象").click()
    assert form.get_by_text("请选择评分。").first.is_visible()  # checked in the page

    form.get_by_text("5 分").click()
    form.get_by_text("态度热情").click()
    form.get_by_label("留言").fill("窗口人员很耐心，一次就办好了。")
    form.get_by_role("button", name="提交印象").click()
    section.get_by_role("status").wait_for()
    impression = DepartmentImpression.objects.get(department=hrss)
    assert impression.score == 5
    assert [tag.name for tag in impression.tags.all()] == ["态度热情"]


def test_a_citizen_reviews_a_leader(open_page, demo_departments):
    from feedback.models import LeaderReview

    hrss = demo_departments["hrss"]
    leader = hrss.leaders.order_by("sort_order").first()
    page = show(open_page(), f"/departments/{hrss.pk}", hrss.name)
    card = page.locator("article.leader", has_text=leader.name)
    card.get_by_role("button", name="点评").click()
    form = card.locator("form")
    form.get_by_text("4 分").click()
    form.get_by_role("button", name="提交点评").click()
    # The comment is required: the error sits at its field.
    assert form.get_by_label("点评内容").get_attribute("aria-invalid") == "true"
    form.get_by_label("点评内容").fill("接待群众耐心细致。")
    form.get_by_role("button", name="提交点评").click()
    card.get_by_role("status").wait_for()
    review = LeaderReview.objects.get(leader=leader)
    assert (review.score, review.comment) == (4, "接待群众耐心细致。")
