"""数据公开 on a phone: every department's name stays readable above its figures (it
once got squeezed to one character a line by the number columns), every column fits
the screen (at 320 px in 长辈模式 the table was 379 px wide, 市民印象 off screen) and
no header breaks one character a line."""

import pytest

from tests.browser.helpers import CHARS_PER_LINE, axe_violations, show

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NAME_WIDTHS = """() => [...document.querySelectorAll('.stats-table .stats-dept')]
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


# Cells reaching past the right edge of the table's region (hidden or cut off).
CUT_CELLS = """() => {
    const region = document.querySelector('.table-scroll').getBoundingClientRect();
    return [...document.querySelectorAll('.stats-table th, .stats-table td')]
        .filter((cell) => cell.getBoundingClientRect().right > region.right + 0.5)
        .map((cell) => cell.textContent);
}"""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("width", [320, 390])
def test_every_column_fits_the_phone_with_readable_headers(
    open_page, demo_departments, elder, width
):
    page = open_page(elder=elder, viewport={"width": width, "height": 800})

    show(page, "/stats", "数据公开")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.evaluate(CUT_CELLS) == []
    headers = page.locator(".stats-table thead th")
    columns = {"受理", "答复", "按时答复率", "满意率", "市民印象"}
    assert columns <= set(headers.all_inner_texts())
    lines = {th.inner_text(): th.evaluate(CHARS_PER_LINE) for th in headers.all()}
    assert {text: n for text, n in lines.items() if min(n) < 2 or len(n) > 2} == {}
    assert axe_violations(page) == []
