"""The demo departments' logos say 人社, 环保, 市场监管, not HRS or EEB: a citizen reads
the emblem as the department's Chinese short name (`Department.emblem_text`, which the
API gives the H5 page for a department without a logo)."""

import pytest
from PIL import features

from departments.demo import seed_departments
from departments.models import Department
from kernel import demo_images

pytestmark = pytest.mark.django_db


def emblem_text(short_name, name="某部门"):
    return Department(short_name=short_name, name=name).emblem_text


def test_the_emblem_is_the_short_name_without_its_bureau():
    assert emblem_text("人社局") == "人社"
    assert emblem_text("市场监管局") == "市场监管"
    assert emblem_text("民政") == "民政"
    assert emblem_text("", name="济南市人力资源和社会保障局") == "济南"


def test_the_api_gives_the_h5_page_the_emblem_text(client):
    seed_departments()

    listed = client.get("/api/v1/departments/").json()["results"]

    assert {d["code"]: d["emblem_text"] for d in listed}["hrss"] == "人社"


def test_demo_logos_carry_the_chinese_short_name():
    if demo_images._cjk_font(20) is None or not features.check("freetype2"):
        pytest.skip("no CJK font on this machine: demo logos carry no text")
    seed_departments()

    logo = Department.objects.get(code="hrss").logo.read()

    assert logo == demo_images.logo(seed="hrss", text="人社").read()
    assert logo != demo_images.logo(seed="hrss", text="").read()
