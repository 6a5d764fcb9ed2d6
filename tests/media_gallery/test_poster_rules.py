"""A poster links to exactly one kind of target (or none), https only, and its
window ends after it starts; anything else is refused in Chinese."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from media_gallery.models import Poster
from tests.factories import DepartmentFactory, ServiceTypeFactory
from tests.media_gallery.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return DepartmentFactory()


@pytest.fixture
def service():
    return ServiceTypeFactory()


def _errors(make_poster, **fields) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        make_poster(**fields)
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    "link",
    [
        {},
        {"link_type": "department", "link_department": "?"},
        {"link_type": "service_type", "link_service_type": "?"},
        {"link_type": "case_form", "link_case_kind": "suggestion"},
        {"link_type": "url", "link_url": "https://www.gov.cn/zhengce/"},
    ],
)
def test_it_accepts_each_kind_of_link(make_poster, department, service, link):
    targets = {"link_department": department, "link_service_type": service}
    fields = {k: targets.get(k, v) for k, v in link.items()}

    poster = make_poster(**fields)

    assert Poster.objects.get(pk=poster.pk).link_type == link.get("link_type", "none")


def test_a_link_type_without_its_target_is_refused(make_poster):
    errors = _errors(make_poster, link_type="department")

    assert errors == {"link_department": ["请填写所选链接类型对应的链接目标。"]}


def test_a_second_target_beside_the_chosen_one_is_refused(make_poster, department):
    errors = _errors(
        make_poster,
        link_type="url",
        link_url="https://www.gov.cn/",
        link_department=department,
    )

    assert errors == {
        "link_department": ["只能填写所选链接类型对应的一项，请清空此项。"]
    }


def test_a_target_without_a_link_type_is_refused(make_poster):
    errors = _errors(make_poster, link_case_kind="complaint")

    assert list(errors) == ["link_case_kind"]


@pytest.mark.parametrize(
    "url",
    ["http://www.gov.cn/", "javascript:alert(1)", "ftp://files.gov.cn/", "www.gov.cn"],
)
def test_only_https_urls_are_accepted(make_poster, url):
    errors = _errors(make_poster, link_type="url", link_url=url)

    assert errors["link_url"] == ["请输入以 https:// 开头的完整网址。"]


def test_an_unknown_case_kind_is_refused(make_poster):
    errors = _errors(make_poster, link_type="case_form", link_case_kind="praise")

    assert "link_case_kind" in errors


def test_the_window_must_end_after_it_starts(make_poster, settings):
    now = timezone.now()

    errors = _errors(make_poster, starts_at=now, ends_at=now - timedelta(days=1))

    assert errors == {"ends_at": ["结束展示时间必须晚于开始展示时间。"]}
    assert stored_files(settings) == []


def test_the_database_also_refuses_a_window_ending_before_it_starts(make_poster):
    poster = make_poster()
    poster.ends_at = poster.starts_at - timedelta(hours=1)

    with pytest.raises(IntegrityError):
        poster.save()


def test_a_poster_offers_exactly_the_case_forms_citizens_can_fill_in():
    # media_gallery names the kinds itself (it may not import cases); a new kind
    # of case, or a renamed one, must reach the poster's choices too.
    from cases.models import Case
    from media_gallery.models import CaseFormKind

    def named(choices):
        return [(value, str(label)) for value, label in choices]

    assert named(CaseFormKind.choices) == named(Case.Kind.choices)
