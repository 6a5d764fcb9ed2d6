"""进度查询 in real Chromium at 320 and 390 px: a reply keeps the lines its officer
typed, the rating shows in its own colour with its words, and a case reopened
after its rating shows the reopening, the superseded answer with its old rating,
and a rating form for the new answer."""

import pytest

from tests.browser.helpers import axe_violations, remember_case, show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = [320, 390]
FIRST_REPLY = (
    "经核查，该公司已为您补缴社会保险。\n请在社保 App 查询。\n<b>如有疑问请来电</b>"
)
NEW_REPLY = "经再次核查，补缴已于本周到账。\n缴费记录可在窗口打印。"
RED = "rgb(180, 35, 24)"  # --red
GREEN = "rgb(11, 110, 79)"  # --green


def a_case(department, *, rating=None, closed=False):
    """A complaint answered with FIRST_REPLY, optionally rated and closed."""
    from cases import services
    from cases.models import Case
    from tests.cases.helpers import submit_case

    submitted = submit_case(
        kind=Case.Kind.COMPLAINT,
        department=department,
        title="用人单位未缴社保",
        content="公司入职半年一直没有给我缴纳社会保险，请求核查。",
    )
    case = submitted.case
    services.case_transition(case=case, to_status=Case.Status.ACCEPTED)
    services.case_transition(
        case=case, to_status=Case.Status.REPLIED, reply=FIRST_REPLY
    )
    if rating is not None:
        from feedback import services as feedback_services

        feedback_services.evaluation_submit(case=case, level=rating, comment="没解决")
    if closed:
        services.case_transition(case=case, to_status=Case.Status.CLOSED)
    case.refresh_from_db()
    return case, submitted.query_code


def open_lookup(open_page, case, code, width):
    page = open_page(viewport={"width": width, "height": 800})
    remember_case(page, case.number, code)
    show(page, f"/lookup?number={case.number}", "进度查询")
    page.locator(".lookup-result h2").first.wait_for()
    return page


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reply_keeps_its_lines_and_a_bad_rating_is_not_green(
    open_page, demo_departments, width
):
    case, code = a_case(demo_departments["hrss"], rating=2)
    page = open_lookup(open_page, case, code, width)

    reply = page.locator(".reply .reply-text")
    # innerText follows the CSS: collapsed white space would join the lines.
    assert reply.inner_text() == FIRST_REPLY
    assert reply.locator("b").count() == 0  # shown as text, never as HTML
    label = page.locator(".evaluation-label")
    assert label.inner_text() == "不满意"
    assert label.evaluate("(el) => getComputedStyle(el).color") == RED
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_satisfied_rating_is_green(open_page, demo_departments, width):
    case, code = a_case(demo_departments["hrss"], rating=4)
    page = open_lookup(open_page, case, code, width)

    label = page.locator(".evaluation-label")
    assert label.inner_text() == "满意"
    assert label.evaluate("(el) => getComputedStyle(el).color") == GREEN


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reopened_case_shows_the_reopening_and_rates_the_new_answer(
    open_page, demo_departments, supervisor, width
):
    from cases import services
    from cases.models import Case
    from feedback.models import CaseEvaluation

    case, code = a_case(demo_departments["hrss"], rating=2, closed=True)
    services.case_reopen(case=case, actor=supervisor, note="市民反映社保仍未到账")

    # Reopened, not yet answered again: the old answer is set aside, no form yet.
    page = open_lookup(open_page, case, code, width)
    timeline = page.locator(".timeline")
    assert "已重新办理" in timeline.inner_text()
    assert "市民反映社保仍未到账" in timeline.inner_text()
    old = page.locator(".reply-superseded")
    assert old.locator(".superseded-mark").inner_text() == (
        "已重新办理，此答复将被新的答复取代"
    )
    assert "不满意" in old.inner_text()
    assert page.get_by_role("button", name="提交评价").count() == 0

    services.case_transition(case=case, to_status=Case.Status.REPLIED, reply=NEW_REPLY)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name="对新的答复评价").wait_for()

    current, superseded = page.locator(".reply").all()
    assert current.locator(".reply-text").inner_text() == NEW_REPLY
    assert "第 2 次" in current.inner_text()
    assert superseded.locator(".superseded-mark").inner_text() == "已被新的答复取代"
    assert superseded.locator(".reply-text").inner_text() == FIRST_REPLY
    assert superseded.locator(".rating-bad").inner_text() == "不满意"
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []

    page.get_by_text("满意", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_role("heading", name="您的评价").wait_for()
    label = page.locator(".evaluated .evaluation-label")
    assert label.inner_text() == "满意"
    assert label.evaluate("(el) => getComputedStyle(el).color") == GREEN
    assert list(
        CaseEvaluation.objects.filter(case=case)
        .order_by("reply_round")
        .values_list("reply_round", "level")
    ) == [(1, 2), (2, 4)]


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_the_citizen_stops_the_progress_sms_from_the_lookup(
    open_page, demo_departments, elder
):
    case, code = a_case(demo_departments["hrss"])
    case.sms_consent = True
    case.save(update_fields=["sms_consent"])
    page = open_page(viewport={"width": 320, "height": 800}, elder=elder)
    remember_case(page, case.number, code)
    show(page, f"/lookup?number={case.number}", "进度查询")
    page.locator(".lookup-result h2").first.wait_for()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="不再接收短信通知").click()

    page.get_by_role("status").filter(has_text="不再发送短信").wait_for()
    case.refresh_from_db()
    assert case.sms_consent is False
    assert axe_violations(page) == []
