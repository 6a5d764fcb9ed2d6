"""The case list on a 1280 px office screen: numbers and dates on one line, titles
readable (they were squeezed to two characters a line beside the filters)."""

import pytest

from cases.models import Case
from tests.cases.helpers import submit_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CELLS = """() => {
    const row = document.querySelector('#result_list tbody tr');
    // Lines of text in a cell, from its contents (the cell is as tall as the row).
    const lines = (cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return tops.size;
    };
    const cell = (name) => row.querySelector('.field-' + name);
    return {
        number: lines(cell('number')),
        submitted: lines(cell('submitted')),
        due: lines(cell('deadline')),
        titleEms: cell('title').clientWidth / parseFloat(getComputedStyle(cell('title')).fontSize),
    };
}"""


def test_numbers_and_dates_stay_on_one_line_and_titles_stay_readable(
    browser, live, demo_departments, supervisor
):
    submit_case(
        kind=Case.Kind.COMPLAINT,
        department=demo_departments["hrss"],
        title="公司拖欠工资三个月请求帮助",
        content="公司已经拖欠我们三个月工资，多次讨要未果。",
    )
    supervisor.is_staff = True
    supervisor.set_password("pass-12345!")
    supervisor.save()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(f"{live}/admin/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", "pass-12345!")
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard")

    page.goto(f"{live}/admin/cases/case/")
    cells = page.evaluate(CELLS)
    context.close()

    assert (cells["number"], cells["submitted"], cells["due"]) == (1, 1, 1)
    assert cells["titleEms"] >= 8
