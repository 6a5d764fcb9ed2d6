"""数据公开 on a phone: every department's name stays readable beside its figures
(it once got squeezed to one character a line by the number columns)."""

import pytest

from tests.browser.helpers import show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NAME_WIDTHS = """() => [...document.querySelectorAll('.stats-table th[scope="row"]')]
    .map((th) => {
        const style = getComputedStyle(th);
        const inner = th.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        return [th.textContent, inner / parseFloat(style.fontSize)];
    })"""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("width", [320, 390])
def test_department_names_keep_at_least_five_characters_a_line(
    open_page, demo_departments, elder, width
):
    page = open_page(elder=elder, viewport={"width": width, "height": 800})

    show(page, "/stats", "数据公开")
    widths = page.evaluate(NAME_WIDTHS)

    assert len(widths) == len(demo_departments)
    squeezed = [(name, round(ems, 1)) for name, ems in widths if ems < 5]
    assert squeezed == []
