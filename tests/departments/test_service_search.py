"""办事指南 and the department list searched through the one search service
(kernel.search, its LIKE path on both databases): two-character words, the best
match first, and any text typed without an error."""

import pytest

from tests.factories import DepartmentFactory, ServiceTypeFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db

GUIDE = "/api/v1/service-types/"
DEPARTMENTS = "/api/v1/departments/"


def _names(api_client, url, search):
    response = api_client.get(url, {"search": search})
    assert response.status_code == 200, response.content
    body = response.json()
    return [item["name"] for item in body.get("results", body)]


@pytest.fixture
def guide():
    window = ServiceWindowFactory(
        name="社会保障窗口", department=DepartmentFactory(name="人力资源和社会保障局")
    )
    return {
        "in_description": ServiceTypeFactory(
            window=window, name="退休人员资格认证", description="办理社保待遇资格认证"
        ),
        "in_name": ServiceTypeFactory(
            window=window, name="社保卡补办", description="丢失后补办"
        ),
        "other": ServiceTypeFactory(name="医保报销", description="门诊报销"),
    }


def test_the_guide_finds_a_two_character_word_with_the_name_match_first(
    api_client, guide
):
    assert _names(api_client, GUIDE, "社保") == ["社保卡补办", "退休人员资格认证"]


def test_the_guide_finds_a_word_in_the_window_or_department_name(api_client, guide):
    found = _names(api_client, GUIDE, "保障")

    assert set(found) == {"社保卡补办", "退休人员资格认证"}


def test_every_word_of_a_guide_search_must_be_found(api_client, guide):
    assert _names(api_client, GUIDE, "社保 补办") == ["社保卡补办"]


@pytest.mark.parametrize("search", ["&|!():*<>'\\", "社保 <->", "%", "_"])
def test_the_guide_takes_any_text(api_client, guide, search):
    assert set(_names(api_client, GUIDE, search)) <= {"社保卡补办", "退休人员资格认证"}


def test_a_department_name_match_comes_before_a_duties_match(api_client):
    DepartmentFactory(name="市民政局", duties_summary="负责社会救助和养老服务。")
    DepartmentFactory(name="市养老服务中心", duties_summary="负责养老机构。")

    assert _names(api_client, DEPARTMENTS, "养老") == ["市养老服务中心", "市民政局"]


def test_the_department_search_is_in_the_schema_and_refuses_a_nul(api_client):
    response = api_client.get(DEPARTMENTS, {"search": "养\x00老"})

    assert response.status_code == 400
    assert "search" in response.json()
