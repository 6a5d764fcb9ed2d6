"""WGS-84 (a browser's position) to GCJ-02 (the coordinates Chinese maps and the
portal's departments use), and distances.

GCJ-02 is WGS-84 shifted by a published obfuscation polynomial on the Krasovsky
1940 ellipsoid, inside mainland China only; outside it the two are the same.
This is the widely reproduced transform (eviltransform, coordtransform); no
maintained Python package carries it, so it lives here, tested against the
reference points those libraries publish (tests/kernel/test_geo.py). Its error is
under a metre, far below a browser's position.
"""

import math
from urllib.parse import quote

_A = 6378245.0  # Krasovsky 1940 semi-major axis
_EE = 0.00669342162296594323  # its first eccentricity squared
_EARTH_RADIUS_M = 6371008.8  # the mean radius, for distances


def outside_china(lat: float, lng: float) -> bool:
    """The coarse box the transform applies in (as its references use it)."""
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _lat_shift(x: float, y: float) -> float:
    shift = (
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    )
    shift += (
        (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi))
        * 2.0
        / 3.0
    )
    shift += (
        (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    )
    shift += (
        (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0))
        * 2.0
        / 3.0
    )
    return shift


def _lng_shift(x: float, y: float) -> float:
    shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    shift += (
        (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi))
        * 2.0
        / 3.0
    )
    shift += (
        (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    )
    shift += (
        (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi))
        * 2.0
        / 3.0
    )
    return shift


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """(lat, lng) in GCJ-02 of a WGS-84 position; unchanged outside China."""
    if outside_china(lat, lng):
        return lat, lng
    d_lat = _lat_shift(lng - 105.0, lat - 35.0)
    d_lng = _lng_shift(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lng + d_lng


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance in metres (haversine): both points in one datum."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d_p, d_l = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(d_p / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(d_l / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(math.sqrt(h))


def map_marker_url(*, lat, lng, name: str) -> str:
    """Directions in the map app (高德) to a GCJ-02 point, opening the app on a
    phone."""
    return (
        f"https://uri.amap.com/marker?position={lng},{lat}"
        f"&name={quote(name)}&coordinate=gaode&callnative=1"
    )
