"""进度查询 in real Chromium at 320 and 390 px: a reply keeps the lines its officer
typed, the rating shows in its own colour with its words, and a case reopened
after its rating shows the reopening, the superseded answer with its old rating,
and a rating form for the new answer. A case waiting for the citizen (待补充材料)
shows the question and takes the answer, text and a photo; the SMS state shows."""

import pytest

from tests.browser import test_my_cases as my_cases_page
from tests.browser.helpers import axe_violations, remember_case, show

PHONE = my_cases_page.PHONE
sign_in = my_cases_page.sign_in
sms = my_cases_page.sms  # a fixture: login codes from the live server's outbox

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

    assert page.locator(".sms-state").inner_text() == "已开启"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="不再接收短信通知").click()

    page.get_by_role("status").filter(has_text="不再发送短信").wait_for()
    case.refresh_from_db()
    assert case.sms_consent is False
    assert page.locator(".sms-state").inner_text() == "已关闭"
    assert axe_violations(page) == []


QUESTION = "请补充现场照片，\n并写明具体门牌号。"


def a_waiting_case(department, officer):
    """A consultation accepted, then asked for more (补充材料); no SMS."""
    from cases import services
    from cases.models import Case
    from tests.cases.helpers import submit_case

    submitted = submit_case(department=department, title="小区路灯不亮")
    case = services.case_transition(case=submitted.case, to_status=Case.Status.ACCEPTED)
    services.info_request(case=case, actor=officer, question=QUESTION)
    return submitted.case, submitted.query_code


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_waiting_case_shows_the_question_and_takes_the_answer(
    open_page, demo_departments, supervisor, tmp_path, elder
):
    from cases.models import Case, CaseAttachment
    from tests.cases.helpers import jpeg_bytes

    case, code = a_waiting_case(demo_departments["hrss"], supervisor)
    page = open_page(viewport={"width": 320, "height": 800}, elder=elder)
    remember_case(page, case.number, code)
    show(page, f"/lookup?number={case.number}", "进度查询")
    page.get_by_role("heading", name="请补充材料").wait_for()

    assert page.locator(".info-question").inner_text() == QUESTION
    assert page.locator(".sms-state").inner_text() == "已关闭"
    assert page.get_by_role("button", name="不再接收短信通知").count() == 0
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []

    # Nothing typed: refused in the page, nothing sent.
    page.get_by_role("button", name="提交补充材料").click()
    page.get_by_text("请填写补充内容。").first.wait_for()

    picture = tmp_path / "lamp.jpg"
    picture.write_bytes(jpeg_bytes(size=(800, 600)))
    page.get_by_label("补充内容").fill("路灯在 3 号楼东侧，门牌为幸福路 12 号。")
    page.locator("input[name=photos]").set_input_files(str(picture))
    page.locator(".supplement .photo-list img").wait_for()
    page.get_by_role("button", name="提交补充材料").click()

    page.get_by_text("补充材料已提交，部门将继续办理。").first.wait_for()
    assert page.locator(".case-status .status").inner_text() == "已受理"
    assert page.get_by_role("heading", name="请补充材料").count() == 0
    assert "幸福路 12 号" in page.locator(".timeline").inner_text()
    assert page.locator(".photo-list img").count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert CaseAttachment.objects.filter(case=case, event__isnull=False).count() == 1
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []


def test_a_refused_answer_keeps_the_text_and_says_why(
    open_page, demo_departments, supervisor
):
    case, code = a_waiting_case(demo_departments["hrss"], supervisor)
    page = open_page(viewport={"width": 390, "height": 800})
    remember_case(page, case.number, code)
    show(page, f"/lookup?number={case.number}", "进度查询")
    page.get_by_role("heading", name="请补充材料").wait_for()

    # The case was resumed by staff meanwhile: the server refuses, naming the status.
    from cases import services

    services.case_resume(case=case, actor=supervisor)
    page.get_by_label("补充内容").fill("门牌为幸福路 12 号。")
    page.get_by_role("button", name="提交补充材料").click()

    page.get_by_text("无需补充材料").first.wait_for()
    assert "已受理" in page.locator(".supplement .error-summary").inner_text()
    assert page.get_by_label("补充内容").input_value() == "门牌为幸福路 12 号。"


def test_a_signed_in_citizen_answers_from_their_own_case_page(
    open_page, demo_departments, supervisor, sms
):
    from cases.models import Case

    case, _ = a_waiting_case(demo_departments["hrss"], supervisor)
    Case.objects.filter(pk=case.pk).update(contact_phone=PHONE)
    page = open_page(viewport={"width": 390, "height": 800})
    show(page, "/mine", "我的诉求")
    sign_in(page, sms)
    page.locator(".my-phone-cases li a.btn-primary").first.click()
    page.get_by_role("heading", name="请补充材料").wait_for()

    page.get_by_label("补充内容").fill("门牌为幸福路 12 号。")
    page.get_by_role("button", name="提交补充材料").click()

    page.get_by_text("补充材料已提交，部门将继续办理。").first.wait_for()
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert axe_violations(page) == []
