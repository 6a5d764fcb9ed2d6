"""加载更多 on the paginated screens: the next page is appended, then the button
goes when there is no further page."""

import pytest

from cases import services
from cases.models import Case
from tests.browser.helpers import show
from tests.cases.helpers import submit_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_public_letters_load_the_next_page(open_page, demo_departments):
    for index in range(12):
        case = submit_case(
            department=demo_departments["hrss"],
            title=f"社保卡补办咨询第{index + 1}号",
            publish_consent=True,
        ).case
        services.case_transition(case=case, to_status=Case.Status.ACCEPTED)
        services.case_transition(
            case=case,
            to_status=Case.Status.REPLIED,
            reply="请携带身份证到社保窗口办理。",
        )
    page = show(open_page(), "/public", "公开信件")
    letters = page.locator("ul.letters > li")
    assert letters.count() == 10

    page.get_by_role("button", name="加载更多").click()

    page.wait_for_function(
        "() => document.querySelectorAll('ul.letters > li').length === 12"
    )
    assert page.get_by_role("button", name="加载更多").count() == 0
    page.wait_for_function(
        "() => document.getElementById('announcer').textContent === '已加载 2 封信件'"
    )
