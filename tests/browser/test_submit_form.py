"""The case form: errors at their fields, a draft that survives a reload, and a send
whose answer is lost being sent again without registering a second case."""

import json

import pytest

from cases.models import Case
from tests.browser.helpers import photo_file, show, wait_for_screen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fill_consultation(
    page, department, *, title="社保卡丢失后如何补办", phone="13812345678"
):
    page.get_by_label("受理部门").select_option(str(department.pk))
    page.get_by_label("标题").fill(title)
    page.get_by_label("内容").fill("社保卡丢失了，请问在哪里补办，需要带哪些材料？")
    page.get_by_label("联系人").fill("王女士")
    page.get_by_label("联系电话").fill(phone)


def test_it_shows_the_apis_errors_next_to_their_fields(open_page, demo_departments):
    page = show(open_page(), "/submit/consultation", "我要咨询")
    fill_consultation(page, demo_departments["hrss"], title="短", phone="12345")
    page.get_by_role("button", name="提交").click()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate(
        "() => document.activeElement.classList.contains('error-summary')"
    )
    for label in ("标题", "联系电话"):
        field = page.get_by_label(label)
        assert field.get_attribute("aria-invalid") == "true"
        error_id = field.get_attribute("aria-describedby").split()[0]
        error = page.locator(f"#{error_id}")
        assert error.is_visible()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.inner_text())
        assert summary.get_by_role("link", name=label).is_visible()
    # A link in the summary takes the keyboard to its field.
    summary.get_by_role("link", name="联系电话").click()
    assert page.evaluate("() => document.activeElement.name") == "contact_phone"
    assert Case.objects.count() == 0


def test_it_checks_required_fields_without_a_request(open_page, demo_departments):
    page = show(open_page(), "/submit/complaint", "我要投诉")
    sent = []
    page.on(
        "request", lambda r: sent.append(r.url) if "/api/v1/cases/" in r.url else None
    )
    page.get_by_role("button", name="提交").click()
    page.locator(".error-summary").wait_for()
    assert page.get_by_label("受理部门").get_attribute("aria-invalid") == "true"
    assert page.get_by_text("请填写被投诉/举报对象。").first.is_visible()
    assert sent == []


def test_the_draft_and_its_photos_survive_a_reload(open_page, demo_departments):
    page = show(open_page(), "/submit/consultation", "我要咨询")
    fill_consultation(page, demo_departments["eeb"])
    page.locator("input[type=file]").set_input_files([photo_file()])
    page.get_by_text("已选 1 / 9 张").wait_for()
    page.wait_for_timeout(400)  # the draft is saved a moment after typing stops
    key = json.loads(
        page.evaluate("() => localStorage.getItem('wzw.draft.consultation')")
    )["key"]

    page.reload()
    wait_for_screen(page, "我要咨询")
    assert page.get_by_text("已恢复您上次未提交的内容。").is_visible()
    assert page.get_by_label("标题").input_value() == "社保卡丢失后如何补办"
    assert page.get_by_label("受理部门").input_value() == str(
        demo_departments["eeb"].pk
    )
    assert page.get_by_label("联系电话").input_value() == "13812345678"
    assert page.locator(".photo-list img").count() == 1
    draft = json.loads(
        page.evaluate("() => localStorage.getItem('wzw.draft.consultation')")
    )
    assert draft["key"] == key

    page.get_by_role("button", name="清空重填").click()
    assert page.get_by_label("标题").input_value() == ""
    assert page.locator(".photo-list img").count() == 0


def test_a_lost_answer_is_sent_again_and_registers_one_case(
    open_page, demo_departments
):
    page = show(open_page(), "/submit/consultation", "我要咨询")
    fill_consultation(page, demo_departments["hrss"])
    keys = []

    def lose_the_first_answer(route):
        keys.append(route.request.header_value("idempotency-key"))
        if len(keys) == 1:
            # The server registers the case, then the connection drops before
            # the phone hears the answer.
            assert route.fetch().status == 201
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/cases/", lose_the_first_answer)
    page.get_by_role("button", name="提交").click()
    wait_for_screen(page, "提交成功")

    assert len(keys) == 2 and keys[0] == keys[1] and keys[0]
    case = Case.objects.get()
    assert page.locator("#case-number").inner_text() == case.number
    # The draft is gone, and the case is remembered on the phone.
    assert page.evaluate("() => localStorage.getItem('wzw.draft.consultation')") is None
    mine = json.loads(page.evaluate("() => localStorage.getItem('wzw.cases')"))
    assert [c["number"] for c in mine] == [case.number]


LAYOUT = """() => {
    const box = (el) => el.getBoundingClientRect();
    const checks = [...document.querySelectorAll('label.choice[for]')].map((label) => {
        const input = box(label.querySelector('input'));
        const text = box(label.querySelector('.choice-text'));
        const frame = box(label);
        return {
            beside: input.right <= text.left
                && input.top < text.bottom && input.bottom > text.top,
            inside: text.bottom <= frame.bottom && input.left > frame.left,
        };
    });
    const button = document.querySelector('.file-button');
    const icon = box(button.querySelector('svg'));
    const frame = box(button);
    const middle = (frame.top + frame.bottom) / 2;
    return {checks, iconCentred: Math.abs((icon.top + icon.bottom) / 2 - middle) < 4};
}"""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_checkboxes_sit_beside_their_words_and_buttons_centre_their_content(
    open_page, demo_departments, elder
):
    page = show(open_page(elder=elder), "/submit/complaint", "我要投诉")

    layout = page.evaluate(LAYOUT)

    # 匿名举报, 同意公开 and 接收短信通知: the box left of its words, the words
    # inside the frame.
    assert layout["checks"] == [{"beside": True, "inside": True}] * 3
    assert layout["iconCentred"]


def test_the_form_states_the_limits_the_server_is_configured_with(
    open_page, demo_departments, settings
):
    # The live server runs in this process, so the settings reach its shell.
    settings.CASE_MAX_PHOTOS = 4
    settings.CASE_REPLY_DAYS = {**settings.CASE_REPLY_DAYS, "consultation": 7}

    page = show(open_page(), "/submit/consultation", "我要咨询")

    assert page.get_by_text("最多 4 张，上传前自动压缩。").is_visible()
    assert page.get_by_text("已选 0 / 4 张").is_visible()
    assert page.get_by_text("部门将在 7 个工作日内答复").is_visible()
    assert page.get_by_label("标题").get_attribute("maxlength") == "100"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_a_citizen_unsure_of_the_department_is_routed(
    open_page, demo_departments, elder
):
    from cases.models import DispatchRule

    hrss = demo_departments["hrss"]
    DispatchRule.objects.create(name="社保", keywords="社保卡", department=hrss)
    page = show(open_page(elder=elder), "/submit/consultation", "我要咨询")
    choice = page.get_by_label("受理部门")
    # The first choice after the prompt, and it needs no service type.
    options = choice.locator("option").all_inner_texts()
    assert options[:2] == ["请选择部门", "不确定是哪个部门"]
    fill_consultation(page, hrss)
    choice.select_option(label="不确定是哪个部门")
    assert page.get_by_label("办理事项").is_disabled()

    page.get_by_role("button", name="提交").click()
    wait_for_screen(page, "提交成功")

    case = Case.objects.get()
    assert (case.department, case.routed_by.name) == (hrss, "社保")
    assert case.sign_due_at is not None
