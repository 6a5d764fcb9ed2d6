"""The public departments API: what a citizen's phone reads."""

import pytest

from tests.factories import (
    DepartmentFactory,
    LeaderFactory,
    ServiceTypeFactory,
    ServiceWindowFactory,
)

pytestmark = pytest.mark.django_db


def _full_department(**kwargs):
    department = DepartmentFactory(**kwargs)
    window = ServiceWindowFactory(department=department)
    ServiceTypeFactory(window=window)
    LeaderFactory(department=department)
    return department


def test_it_lists_active_departments_in_sort_order(api_client):
    second = DepartmentFactory(name="财政局", sort_order=20)
    first = DepartmentFactory(name="劳动和社会保障局", sort_order=10)
    DepartmentFactory(name="已撤销局", is_active=False)

    response = api_client.get("/api/v1/departments/")

    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [first.id, second.id]


def test_it_searches_departments_by_name_and_duties(api_client):
    DepartmentFactory(name="劳动和社会保障局", duties_summary="指导劳动就业")
    DepartmentFactory(name="财政局", duties_summary="财政管理和监督")

    by_name = api_client.get("/api/v1/departments/", {"search": "财政"}).json()
    by_duties = api_client.get("/api/v1/departments/", {"search": "就业"}).json()

    assert [d["name"] for d in by_name["results"]] == ["财政局"]
    assert [d["name"] for d in by_duties["results"]] == ["劳动和社会保障局"]


def test_department_detail_nests_windows_service_types_and_leaders(api_client):
    department = DepartmentFactory(name="环境保护局")
    window = ServiceWindowFactory(department=department, name="环境保护窗口")
    ServiceTypeFactory(window=window, name="污染控制", required_materials="照片\n说明")
    ServiceTypeFactory(window=window, name="停用事项", is_active=False)
    ServiceWindowFactory(department=department, name="关闭的窗口", is_active=False)
    LeaderFactory(department=department, name="李科长", title="科长")
    LeaderFactory(department=department, name="离任领导", is_active=False)

    body = api_client.get(f"/api/v1/departments/{department.id}/").json()

    assert body["name"] == "环境保护局"
    assert [w["name"] for w in body["windows"]] == ["环境保护窗口"]
    service_types = body["windows"][0]["service_types"]
    assert [t["name"] for t in service_types] == ["污染控制"]
    assert service_types[0]["required_materials"] == ["照片", "说明"]
    assert [leader["name"] for leader in body["leaders"]] == ["李科长"]


def test_inactive_or_unknown_department_is_404_in_chinese(api_client):
    hidden = DepartmentFactory(is_active=False)

    for url in (f"/api/v1/departments/{hidden.id}/", "/api/v1/departments/999999/"):
        response = api_client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"] == "未找到。"


@pytest.mark.parametrize("count", [5, 50])
def test_department_list_query_count_does_not_grow(
    api_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        _full_department()
    # 2 for the page, 4 for the feedback summaries (impressions: 3, satisfaction: 1).
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/departments/", {"page_size": 100})
    assert len(response.json()["results"]) == count


def test_department_detail_uses_nine_queries_whatever_its_size(
    api_client, django_assert_num_queries
):
    small = _full_department()
    large = DepartmentFactory()
    for _ in range(25):
        window = ServiceWindowFactory(department=large)
        ServiceTypeFactory.create_batch(20, window=window)  # 500 service types
        LeaderFactory(department=large)

    # 4 for the department, 5 for feedback (impressions 3, satisfaction, leaders).
    with django_assert_num_queries(9):
        api_client.get(f"/api/v1/departments/{small.id}/")
    with django_assert_num_queries(9):
        body = api_client.get(f"/api/v1/departments/{large.id}/").json()
    assert sum(len(w["service_types"]) for w in body["windows"]) == 500


def test_service_types_search_across_name_description_and_department(api_client):
    labour = DepartmentFactory(name="劳动和社会保障局", short_name="人社局")
    window = ServiceWindowFactory(department=labour, name="社会保障窗口")
    subsidy = ServiceTypeFactory(window=window, name="失业人员各项补贴")
    arbitration = ServiceTypeFactory(
        window=window, name="劳动仲裁", description="劳动争议"
    )
    other = ServiceTypeFactory(name="污染控制")

    def names(params):
        body = api_client.get("/api/v1/service-types/", params).json()
        return {t["name"] for t in body["results"]}

    assert names({"search": "失业"}) == {subsidy.name}
    assert names({"search": "争议"}) == {arbitration.name}
    assert names({"search": "人社局"}) == {subsidy.name, arbitration.name}
    assert names({"search": "人社局 仲裁"}) == {arbitration.name}
    assert other.name in names({})


def test_service_types_filter_by_department_and_hot_list_by_popularity(api_client):
    department = DepartmentFactory()
    window = ServiceWindowFactory(department=department)
    warm = ServiceTypeFactory(window=window, is_hot=True, popularity=10)
    hottest = ServiceTypeFactory(window=window, is_hot=True, popularity=99)
    ServiceTypeFactory(window=window, is_hot=False, popularity=1000)
    ServiceTypeFactory(is_hot=True, popularity=50)

    hot = api_client.get(
        "/api/v1/service-types/", {"hot": "true", "department": department.id}
    )

    assert [t["id"] for t in hot.json()["results"]] == [hottest.id, warm.id]
    assert hot.json()["results"][0]["department"]["id"] == department.id


def test_service_types_of_inactive_window_or_department_are_hidden(api_client):
    closed_window = ServiceWindowFactory(is_active=False)
    closed_department = DepartmentFactory(is_active=False)
    hidden_a = ServiceTypeFactory(window=closed_window)
    hidden_b = ServiceTypeFactory(
        window=ServiceWindowFactory(department=closed_department)
    )
    visible = ServiceTypeFactory()

    ids = {t["id"] for t in api_client.get("/api/v1/service-types/").json()["results"]}

    assert ids == {visible.id}
    assert api_client.get(f"/api/v1/service-types/{hidden_a.id}/").status_code == 404
    assert api_client.get(f"/api/v1/service-types/{hidden_b.id}/").status_code == 404


def test_service_types_reject_a_bad_department_filter_naming_the_field(api_client):
    response = api_client.get("/api/v1/service-types/", {"department": "abc"})

    assert response.status_code == 400
    assert response.json() == {"department": ["请填写合法的整数值。"]}


@pytest.mark.parametrize("count", [5, 60])
def test_service_type_list_query_count_does_not_grow(
    api_client, django_assert_max_num_queries, count
):
    ServiceTypeFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        response = api_client.get("/api/v1/service-types/", {"page_size": 100})
    assert response.json()["count"] == count


def test_leaders_are_listed_with_department_and_filterable(api_client):
    labour = DepartmentFactory(name="劳动和社会保障局")
    zhang = LeaderFactory(department=labour, name="张主任", title="主任")
    LeaderFactory(name="李科长", title="科长")
    LeaderFactory(department=labour, is_active=False)

    body = api_client.get("/api/v1/leaders/", {"department": labour.id}).json()

    assert [leader["id"] for leader in body["results"]] == [zhang.id]
    assert body["results"][0]["department"]["name"] == "劳动和社会保障局"


@pytest.mark.parametrize("count", [5, 60])
def test_leader_list_query_count_does_not_grow(
    api_client, django_assert_max_num_queries, count
):
    LeaderFactory.create_batch(count)
    with django_assert_max_num_queries(3):  # the page, and the leaders' ratings
        api_client.get("/api/v1/leaders/", {"page_size": 100})


def test_the_api_is_read_only(api_client):
    department = DepartmentFactory()

    assert api_client.post("/api/v1/departments/", {"name": "x"}).status_code == 405
    assert api_client.delete(f"/api/v1/departments/{department.id}/").status_code == 405
