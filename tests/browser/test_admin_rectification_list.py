"""The 差评整改 list on an office screen (1280 × 800, 1366 × 768): 整改时限 and
超期提醒 were off the right edge beside the filters; every column is on screen
without scrolling sideways, for an officer and for a supervisor."""

import pytest

from feedback import services
from feedback.models import Rectification
from tests.browser.admin_lists import (
    OFFICE_SCREENS,
    demo_back_office,
    header_overflow,
    log_in,
)
from tests.browser.helpers import axe_violations
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RECTIFICATIONS = "/admin/feedback/rectification/"


@pytest.fixture
def back_office(live):
    """The demo back office with two more 差评整改 of 劳动和社会保障局: one called
    back and finished (every moment filled in: the widest row), one late."""
    office = demo_back_office()
    officer = office["hrss_officer"]
    for _ in range(2):
        case, _code = answered_case(office["hrss"])
        # Rated on FRIDAY (2026-11-20): the call back was due long ago.
        done = services.evaluation_submit(
            case=case, level=1, comment="问题没有解决", now=FRIDAY
        ).rectification
    # The second is called back and finished; the first stays late.
    services.rectification_contact(actor=officer, rectification=done, note="已回访。")
    services.rectification_complete(
        actor=officer, rectification=done, note="已整改并告知市民。"
    )
    return office


@pytest.mark.parametrize("username", ["hrss_officer", "supervisor"])
@pytest.mark.parametrize("screen", OFFICE_SCREENS, ids=lambda s: f"{s['width']}px")
def test_every_column_of_the_rectification_list_is_on_an_office_screen(
    browser, live, back_office, username, screen
):
    page = log_in(browser, live, back_office[username], viewport=screen)
    page.goto(f"{live}{RECTIFICATIONS}")
    overflow = header_overflow(page)
    rows = page.locator("#result_list tbody tr").count()
    violations = axe_violations(page)
    page.context.close()

    assert rows >= 1
    if username == "supervisor":
        assert rows == Rectification.objects.count()
    for wanted in ["部门", "回访时限", "整改时限", "超期提醒"]:
        assert any(wanted in text for text in overflow["headers"]), overflow
    assert overflow["off_screen"] == [], overflow
    assert overflow["page_scrolls"] is False
    assert overflow["table_scrolls"] is False
    assert violations == []
