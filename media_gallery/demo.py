"""Demo posters and two albums of generated photos, stored through the services.

Idempotent: a poster or album whose title exists is left alone, and an album that
already has photos gets no more, so a second run adds no row and no file.
"""

from datetime import timedelta

from django.utils import timezone

from departments.models import Department, ServiceType
from kernel import demo_images
from media_gallery import services
from media_gallery.models import Album, Poster

Link = Poster.LinkType

# title, owner department code (None: city-wide), link type, link target
POSTERS = [
    ("一网通办 掌上办事更便捷", None, Link.URL, "https://www.gov.cn/"),
    ("失业补贴线上申领指南", "hrss", Link.SERVICE_TYPE, "unemployment-subsidy"),
    ("守护蓝天 共建美丽家园", "eeb", Link.DEPARTMENT, "eeb"),
    ("您的建议 我们用心倾听", None, Link.CASE_FORM, "suggestion"),
]
# title, department code (None: city-wide), description, photo count
ALBUMS = [
    (
        "市民中心便民服务季",
        None,
        "市民中心各窗口延长服务时间、开展上门服务的现场照片。",
        5,
    ),
    (
        "劳动和社会保障局就业招聘会",
        "hrss",
        "春季就业招聘会现场，百余家企业提供岗位三千余个。",
        4,
    ),
]


def seed_gallery() -> tuple[int, int]:
    """Create the demo posters and albums once; returns (posters, albums) counts."""
    departments = {d.code: d for d in Department.objects.all()}
    for index, (title, owner, link_type, target) in enumerate(POSTERS):
        if Poster.objects.filter(title=title).exists():
            continue
        services.poster_create(
            title=title,
            department=departments.get(owner),
            sort_order=(index + 1) * 10,
            starts_at=timezone.now() - timedelta(days=1),
            image=demo_images.scene(seed=f"poster-{index}", width=1500, height=600),
            **_link(link_type, target, departments),
        )
    for index, (title, owner, description, count) in enumerate(ALBUMS):
        album, _ = Album.objects.get_or_create(
            title=title,
            defaults={
                "department": departments.get(owner),
                "description": description,
                "is_published": True,
                "published_on": timezone.localdate() - timedelta(days=7 * index),
            },
        )
        if not album.photos.exists():
            photos = services.photos_add(
                album=album,
                files=[
                    demo_images.scene(seed=f"album-{index}-{n}", width=1200, height=800)
                    for n in range(count)
                ],
            )
            for n, photo in enumerate(photos, start=1):
                photo.caption = f"{title}（{n}）"
                photo.save(update_fields=["caption"])
    return Poster.objects.count(), Album.objects.count()


def _link(link_type, target, departments) -> dict:
    if link_type == Link.DEPARTMENT:
        return {"link_type": link_type, "link_department": departments[target]}
    if link_type == Link.SERVICE_TYPE:
        service = ServiceType.objects.get(code=target)
        return {"link_type": link_type, "link_service_type": service}
    if link_type == Link.CASE_FORM:
        return {"link_type": link_type, "link_case_kind": target}
    return {"link_type": link_type, "link_url": target}
