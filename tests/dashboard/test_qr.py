"""Printable QR codes: the right address encoded, the name under it, in scope."""

import io

import pytest
import segno
from PIL import Image

from portal.dashboard import qr
from tests.factories import DepartmentFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db

URL = "/admin/qr/"


def encoded(url):
    """The SVG path segno draws for `url`: present in our SVG iff it encodes url."""
    return segno.make_qr(url, error="m").svg_inline(scale=qr.SCALE, border=qr.BORDER)


def test_it_makes_an_svg_of_a_department_page_with_its_name(
    login, officer_a, department_a
):
    response = login(officer_a).get(
        URL, {"target": f"department:{department_a.id}", "format": "svg"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="qr-department-{department_a.id}.svg"'
    )
    svg = response.content.decode()
    assert ">劳动和社会保障局</text>" in svg
    assert encoded(f"http://testserver/#/departments/{department_a.id}") in svg


def test_the_case_form_code_presets_the_department_and_kind(
    login, officer_a, department_a
):
    target = f"case_form:{department_a.id}:complaint"
    svg = login(officer_a).get(URL, {"target": target, "format": "svg"}).content

    text = svg.decode()
    assert "劳动和社会保障局 · 投诉举报" in text
    assert (
        encoded(f"http://testserver/#/submit/complaint?department={department_a.id}")
        in text
    )


def test_the_home_and_window_codes(login, officer_a, department_a):
    window = ServiceWindowFactory(department=department_a, name="社保窗口")
    client = login(officer_a)

    home = client.get(URL, {"target": "home", "format": "svg"}).content.decode()
    assert encoded("http://testserver/#/") in home
    assert ">微政务</text>" in home
    at_window = client.get(URL, {"target": f"window:{window.id}", "format": "svg"})
    assert "劳动和社会保障局 社保窗口" in at_window.content.decode()
    assert encoded(f"http://testserver/#/departments/{department_a.id}") in (
        at_window.content.decode()
    )


def test_names_are_escaped_in_the_svg(login, supervisor):
    department = DepartmentFactory(name="<b>&局")

    svg = login(supervisor).get(
        URL, {"target": f"department:{department.id}", "format": "svg"}
    )

    assert "&lt;b&gt;&amp;局" in svg.content.decode()
    assert "<b>" not in svg.content.decode()


def test_the_png_is_the_code_with_a_caption_band(login, officer_a, department_a):
    if qr.caption_font_file() is None:
        pytest.skip("no CJK font on this machine")
    response = login(officer_a).get(
        URL, {"target": f"department:{department_a.id}", "format": "png"}
    )

    assert response["Content-Type"] == "image/png"
    assert response["X-QR-Caption"] == "yes"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    image = Image.open(io.BytesIO(response.content)).convert("L")
    assert image.height == image.width + qr.CAPTION_HEIGHT
    # The caption band holds dark pixels (the name), not only white.
    band = image.crop((0, image.width, image.width, image.height))
    assert band.getextrema()[0] < 128


def test_without_a_cjk_font_the_png_comes_uncaptioned_and_says_so(
    login, officer_a, department_a, monkeypatch
):
    monkeypatch.setattr(qr, "caption_font_file", lambda: None)

    response = login(officer_a).get(
        URL, {"target": f"department:{department_a.id}", "format": "png"}
    )

    assert response["X-QR-Caption"] == "none"
    image = Image.open(io.BytesIO(response.content))
    assert image.width == image.height
    page = login(officer_a).get("/admin/").content.decode()
    assert "PNG 图片下方不含名称" in page


@pytest.mark.parametrize(
    "target",
    [
        "",
        "nonsense",
        "department:abc",
        "department:９",
        "department:999999",
        "case_form:{a}:unknown",
        "case_form:{a}",
        "department:{b}",
        "window:999999",
    ],
)
def test_unknown_or_foreign_targets_are_404(
    login, officer_a, department_a, department_b, target
):
    target = target.format(a=department_a.id, b=department_b.id)

    response = login(officer_a).get(URL, {"target": target, "format": "svg"})

    assert response.status_code == 404


def test_a_closed_department_has_no_code(login, supervisor):
    closed = DepartmentFactory(is_active=False)

    response = login(supervisor).get(URL, {"target": f"department:{closed.id}"})

    assert response.status_code == 404


def test_an_unknown_format_is_404(login, officer_a):
    assert (
        login(officer_a).get(URL, {"target": "home", "format": "gif"}).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL, {"target": "home"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_dashboard_offers_codes_for_the_users_departments_only(
    login, officer_a, department_a, department_b
):
    board = login(officer_a).get("/admin/").context["dashboard"]

    values = [value for _group, options in board["qr_targets"] for value, _ in options]
    assert values == [
        "home",
        f"department:{department_a.id}",
        f"case_form:{department_a.id}:consultation",
        f"case_form:{department_a.id}:complaint",
        f"case_form:{department_a.id}:suggestion",
    ]
