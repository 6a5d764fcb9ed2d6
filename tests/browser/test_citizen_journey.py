"""A citizen complains from the phone, an officer answers in the back office, the
citizen reads the answer and rates it: the whole round trip in real Chromium."""

import re

import pytest

from cases.models import Case
from tests.browser.helpers import api_exists, photo_file, show, wait_for_screen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPLY = "经核查，该单位已于本周补发拖欠工资，请您查收。"


@pytest.fixture
def hrss_officer(django_user_model, demo_departments):
    from departments import services

    user = django_user_model.objects.create_user(
        username="hrss_clerk", password="clerk-pass-2026"
    )
    services.staff_grant(user=user, department=demo_departments["hrss"], role="officer")
    return user


def test_a_complaint_goes_from_the_phone_to_an_answer_and_a_rating(
    open_page, demo_departments, hrss_officer
):
    citizen = open_page()
    # 首页 → 部门 → search → 劳动和社会保障局
    show(citizen, "/", "微政务")
    citizen.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="部门"
    ).click()
    wait_for_screen(citizen, "政府部门")
    citizen.get_by_label("搜索部门").fill("劳动")
    citizen.get_by_role("button", name="搜索").click()
    citizen.get_by_role("link", name=re.compile("劳动和社会保障局")).click()
    wait_for_screen(citizen, "劳动和社会保障局")
    assert citizen.get_by_role("heading", name="服务窗口与办事指南").is_visible()

    # 我要投诉, with the department already chosen
    citizen.get_by_role("link", name="我要投诉").first.click()
    wait_for_screen(citizen, "我要投诉")
    assert citizen.get_by_label("受理部门").input_value() == str(
        demo_departments["hrss"].pk
    )
    citizen.get_by_label("标题").fill("公司拖欠三个月工资")
    citizen.get_by_label("内容").fill(
        "我在东城区某建筑公司工作，公司已经拖欠三个月工资，多次讨要无果。"
    )
    citizen.get_by_label("被投诉/举报对象").fill("东城区某建筑公司")
    citizen.get_by_label("联系人").fill("李先生")
    citizen.get_by_label("联系电话").fill("13812345678")
    citizen.locator("input[type=file]").set_input_files([photo_file("wage.jpg")])
    citizen.get_by_text("已选 1 / 9 张").wait_for()
    citizen.get_by_role("button", name="提交").click()

    # 提交成功: number, code, the warning; remembered on the phone
    wait_for_screen(citizen, "提交成功")
    number = citizen.locator("#case-number").inner_text()
    code = citizen.locator("#query-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"TS-\d{8}-\d{4}", number)
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    assert citizen.get_by_text("请务必保存登记编号和查询码").is_visible()
    assert citizen.get_by_role("button", name="复制查询码").is_visible()
    case = Case.objects.get(number=number)
    assert case.department == demo_departments["hrss"]
    assert case.channel == "h5"
    photo = case.attachments.get()
    assert max(photo.width, photo.height) <= 1600  # downscaled in the browser

    # The officer accepts and answers in the back office, in a second context.
    officer = open_page(viewport={"width": 1280, "height": 900}, is_mobile=False)
    officer.goto(
        f"{officer.base}/admin/login/?next=/admin/cases/case/{case.pk}/change/"
    )
    officer.get_by_label("用户名").fill("hrss_clerk")
    officer.get_by_label("密码").fill("clerk-pass-2026")
    officer.locator("input[type=submit]").click()
    # Steps are folded buttons beside the summary; one opens its form.
    officer.click(".case-steps summary:text-is('受理')")
    officer.click("form[action$='/step/accept/'] input[type=submit]")
    officer.get_by_text("已完成：受理").wait_for()
    officer.click(".case-steps summary:text-is('答复')")
    officer.locator("#id_reply-reply").fill(REPLY)
    officer.click("form[action$='/step/reply/'] input[type=submit]")
    officer.get_by_text("已完成：答复").wait_for()

    # The citizen opens 我的诉求 → 查看进度 and reads the answer.
    citizen.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="我的"
    ).click()
    wait_for_screen(citizen, "我的诉求")
    citizen.get_by_role("link", name="查看进度").click()
    wait_for_screen(citizen, "进度查询")
    citizen.get_by_text(REPLY).wait_for()
    assert citizen.locator(".status").inner_text() == "已答复"
    assert citizen.get_by_label("查询码").input_value() == code

    if not api_exists("/api/v1/cases/evaluation/"):
        pytest.skip("好差评 API (feedback app) not present: rating step not run")
    citizen.get_by_text("满意", exact=True).click()
    citizen.get_by_role("button", name="提交评价").click()
    citizen.get_by_role("heading", name="您的评价").wait_for()
    assert citizen.locator(".evaluation-label").inner_text() == "满意"
    from feedback.models import CaseEvaluation

    assert CaseEvaluation.objects.get(case=case).level == 4
