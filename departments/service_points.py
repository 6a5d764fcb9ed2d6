"""位置服务: the service halls nearest a citizen, or those of a district.

The browser gives WGS-84; halls are stored in GCJ-02 (as Chinese map apps show
them), so the position is converted first (`kernel.geo`). Halls are few (tens in
a city), so all active ones are read once with their windows and bookable
services and sorted by distance here: three queries whatever the position.
"""

import math
from dataclasses import dataclass

from django.db.models import Prefetch

from departments.models import ServiceHall, ServiceType, ServiceWindow
from kernel.geo import distance_m, map_marker_url, wgs84_to_gcj02

NEAREST = 10


@dataclass
class ServicePoint:
    hall: ServiceHall
    distance_m: float | None

    @property
    def map_url(self) -> str:
        """Directions in the map app (高德), from the hall's GCJ-02 point."""
        return map_marker_url(
            lat=self.hall.latitude, lng=self.hall.longitude, name=self.hall.name
        )


def _halls(district: str = ""):
    services = ServiceType.objects.active().order_by("sort_order", "id")
    windows = (
        ServiceWindow.objects.active()
        .select_related("department")
        .prefetch_related(Prefetch("service_types", queryset=services))
        .order_by("sort_order", "id")
    )
    halls = ServiceHall.objects.active().prefetch_related(
        Prefetch("windows", queryset=windows)
    )
    return halls.filter(district=district) if district else halls


def districts() -> list[str]:
    """The districts that have an active hall, for the picker."""
    return sorted(set(ServiceHall.objects.active().values_list("district", flat=True)))


def service_points(
    *, lat: float | None = None, lng: float | None = None, district: str = ""
) -> tuple[tuple[float, float] | None, list[ServicePoint]]:
    """With a WGS-84 position: the NEAREST halls, nearest first, with their
    distance in metres (and the position in GCJ-02). Without: the halls of the
    district (all of them without one), in their own order."""
    if lat is None or lng is None:
        return None, [ServicePoint(hall, None) for hall in _halls(district)]
    here = wgs84_to_gcj02(lat, lng)
    points = [
        ServicePoint(
            hall, distance_m(*here, float(hall.latitude), float(hall.longitude))
        )
        for hall in _halls(district)
    ]
    points.sort(
        key=lambda point: point.distance_m if point.distance_m is not None else math.inf
    )
    return here, points[:NEAREST]
