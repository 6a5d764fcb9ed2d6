"""`manage.py seed_demo`: realistic demo data, idempotent."""

import pytest
from django.core.management import call_command

from cases.models import Case
from departments.models import Department, Leader, ServiceType, ServiceWindow

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Department, ServiceWindow, ServiceType, Leader, Case)
    }


def _files(settings):
    return sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_seed_demo_loads_the_seed_documents_departments(settings):
    call_command("seed_demo", verbosity=0)

    assert Department.objects.count() >= 6
    labour = Department.objects.get(name="劳动和社会保障局")
    assert labour.duties_summary.startswith("劳动力市场和劳动力资源管理、指导劳动就业")
    social = labour.windows.get(name="社会保障窗口")
    assert set(social.service_types.values_list("name", flat=True)) >= {
        "失业人员各项补贴",
        "农村五保供养申请",
        "劳动仲裁",
        "就业培训",
    }
    environment = ServiceWindow.objects.get(name="环境保护窗口")
    assert set(environment.service_types.values_list("name", flat=True)) == {
        "污染控制",
        "监督管理",
        "法制宣传",
        "自然生态保护",
    }
    assert Department.objects.filter(name__in=["财政局", "卫生局"]).count() == 2
    assert Leader.objects.filter(name__startswith="张", title="主任").exists()
    assert Leader.objects.filter(name__startswith="李", title="科长").exists()
    assert all(d.logo for d in Department.objects.all())
    assert all(leader.photo for leader in Leader.objects.all())


def test_seed_demo_twice_duplicates_nothing(settings):
    call_command("seed_demo", verbosity=0)
    counts, files = _counts(), _files(settings)

    call_command("seed_demo", verbosity=0)

    assert _counts() == counts
    assert _files(settings) == files


def test_demo_logos_are_real_images(settings):
    from PIL import Image

    call_command("seed_demo", verbosity=0)

    logo = Department.objects.get(code="hrss").logo
    with Image.open(logo.path) as image:
        assert image.format == "PNG"
        assert image.size == (256, 256)


def test_seed_demo_adds_a_few_dozen_cases_in_every_status(settings):
    call_command("seed_demo", verbosity=0)

    assert Case.objects.count() >= 36
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert set(Case.objects.values_list("kind", flat=True)) == set(Case.Kind.values)
    assert Case.objects.filter(is_anonymous=True).exists()


def test_seed_demo_creates_one_user_of_each_role(settings):
    from django.contrib.auth import get_user_model

    from departments.selectors import can_supervise, department_ids_for_user

    call_command("seed_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}

    hrss = Department.objects.get(code="hrss").pk
    assert department_ids_for_user(user=users["hrss_officer"]) == {hrss}
    assert department_ids_for_user(
        user=users["hrss_head"], permission="approve_extensions"
    ) == {hrss}
    assert can_supervise(user=users["supervisor"])
    assert not can_supervise(user=users["eeb_officer"])


def test_demo_logins_share_the_printed_password(settings, tmp_path):
    from io import StringIO

    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    call_command("seed_demo", verbosity=0)
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)

    password = (tmp_path / "demo-password.txt").read_text().strip()
    assert f"用户名 admin  密码 {password}" in out.getvalue()
    assert (
        get_user_model().objects.get(username="hrss_officer").check_password(password)
    )


def test_seed_demo_adds_feedback_once(settings):
    from feedback.models import (
        CaseEvaluation,
        DepartmentImpression,
        LeaderReview,
        Rectification,
    )

    models = (DepartmentImpression, LeaderReview, CaseEvaluation, Rectification)
    call_command("seed_demo", verbosity=0)
    counts = [model.objects.count() for model in models]

    call_command("seed_demo", verbosity=0)

    assert [model.objects.count() for model in models] == counts
    assert counts[0] >= 40 and counts[1] >= 20
    assert LeaderReview.objects.filter(leader__name__in=["张建国", "李明"]).count() >= 4
    assert DepartmentImpression.objects.filter(status="held").exists()
    assert Rectification.objects.exists()
    assert CaseEvaluation.objects.filter(level__gte=4).count() > counts[3]
