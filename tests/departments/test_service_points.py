"""附近办事 (GET /api/v1/service-points/): the browser's WGS-84 position converted to
GCJ-02, the nearest halls first with their distance, windows and bookable
services; a district's halls without a position; bad coordinates a 400 naming
the field."""

import pytest

from departments.demo import seed_departments
from kernel.geo import distance_m, wgs84_to_gcj02

pytestmark = pytest.mark.django_db
URL = "/api/v1/service-points/"
# A WGS-84 position beside the 槐荫区 hall (as a phone's GPS would give it).
NEAR_HUAIYIN = (36.6525, 116.9005)


@pytest.fixture
def city():
    seed_departments()


def test_the_nearest_hall_comes_first_with_its_distance(
    api_client, city, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        body = api_client.get(
            URL, {"lat": NEAR_HUAIYIN[0], "lng": NEAR_HUAIYIN[1]}
        ).json()
    names = [point["name"] for point in body["results"]]
    assert names[0] == "槐荫区便民服务中心"
    distances = [point["distance_m"] for point in body["results"]]
    assert distances == sorted(distances)
    here = wgs84_to_gcj02(*NEAR_HUAIYIN)
    assert body["position"] == pytest.approx(list(here))
    first = body["results"][0]
    expected = distance_m(*here, float(first["latitude"]), float(first["longitude"]))
    assert first["distance_m"] == round(expected)
    # Measured in GCJ-02 both sides: the WGS point itself is ~600 m off.
    assert first["distance_m"] < 700
    assert "uri.amap.com/marker?position=116.906400,36.651900" in first["map_url"]
    assert first["windows"] and first["windows"][0]["services"]
    assert body["districts"] == sorted(["历下区", "槐荫区", "历城区"])


def test_without_a_position_a_district_lists_its_halls(api_client, city):
    body = api_client.get(URL, {"district": "历城区"}).json()
    assert [p["name"] for p in body["results"]] == ["历城区政务服务中心"]
    assert body["position"] is None and body["results"][0]["distance_m"] is None
    everyone = api_client.get(URL).json()["results"]
    assert len(everyone) == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"lat": 91, "lng": 117}, "lat"),
        ({"lat": 36.6, "lng": -181}, "lng"),
        ({"lat": "nan", "lng": 117}, "lat"),
        ({"lat": "abc", "lng": 117}, "lat"),
        ({"lat": 36.6}, "lng"),
        ({"lng": 117.0}, "lat"),
    ],
)
def test_bad_coordinates_are_400_naming_the_field(api_client, city, query, field):
    response = api_client.get(URL, query)
    assert response.status_code == 400
    assert field in response.json(), response.json()
