"""kernel.geo: WGS-84 to GCJ-02 against the reference points the widely used
implementations publish (eviltransform's Shanghai, Shenzhen and Beijing;
coordtransform's Tiananmen), unchanged outside China, and distances."""

import pytest

from kernel.geo import distance_m, wgs84_to_gcj02


@pytest.mark.parametrize(
    ("wgs", "gcj"),
    [
        ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
        ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
        ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
        ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),  # coordtransform
    ],
    ids=["shanghai", "shenzhen", "beijing", "tiananmen"],
)
def test_a_position_in_china_lands_on_the_published_gcj02_point(wgs, gcj):
    lat, lng = wgs84_to_gcj02(*wgs)
    # Within 1e-7 degrees: about a centimetre.
    assert lat == pytest.approx(gcj[0], abs=1e-7)
    assert lng == pytest.approx(gcj[1], abs=1e-7)


@pytest.mark.parametrize("point", [(48.8566, 2.3522), (0.0, 0.0), (-33.86, 151.21)])
def test_a_position_outside_china_is_unchanged(point):
    assert wgs84_to_gcj02(*point) == point


def test_distances_are_great_circle_metres():
    # Tiananmen to the Forbidden City's north gate, about 1.9 km due north.
    assert distance_m(39.9087, 116.3975, 39.9254, 116.3972) == pytest.approx(
        1857, rel=0.01
    )
    assert distance_m(36.65, 117.0, 36.65, 117.0) == 0
