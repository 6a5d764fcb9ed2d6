"""The synonym table widens every search: 社保, 医保, 失业金 and 退休 find
劳动和社会保障局 and its services, and a synonym edited in the admin applies at
once."""

import pytest

from knowledge.models import Synonym

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("word", ["社保", "医保", "失业金", "退休"])
def test_a_citizens_word_finds_the_department_and_its_services(api_client, demo, word):
    departments = api_client.get("/api/v1/departments/", {"search": word}).json()
    assert "劳动和社会保障局" in [d["name"] for d in departments["results"]]

    services = api_client.get("/api/v1/service-types/", {"search": word}).json()
    found = [
        s for s in services["results"] if s["department"]["name"] == "劳动和社会保障局"
    ]
    assert found, [s["name"] for s in services["results"]]


def test_without_the_table_the_same_words_find_nothing_of_it(api_client, demo):
    Synonym.objects.all().delete()
    departments = api_client.get("/api/v1/departments/", {"search": "失业金"}).json()
    assert departments["results"] == []


def test_a_synonym_added_in_the_admin_applies_to_the_next_search(
    admin_client, api_client, demo
):
    assert (
        api_client.get("/api/v1/departments/", {"search": "人力社保"}).json()["results"]
        == []
    )

    response = admin_client.post(
        "/admin/knowledge/synonym/add/",
        {
            "term": "人力社保",
            "alternatives": "人社局\n劳动和社会保障局",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()

    found = api_client.get("/api/v1/departments/", {"search": "人力社保"}).json()
    assert [d["name"] for d in found["results"]] == ["劳动和社会保障局"]


def test_the_knowledge_base_search_applies_them_too(api_client, demo):
    found = api_client.get("/api/v1/knowledge/", {"search": "失业金"}).json()
    questions = [e["question"] for e in found["results"]]
    assert "失业金怎么领取？" in questions
    assert all(e["department"]["name"] == "劳动和社会保障局" for e in found["results"])
