"""`manage.py seed_demo`: realistic demo data, idempotent."""

import pytest
from django.core.management import call_command

from cases.models import Case, ReplyTemplate
from departments.models import Department, Leader, ServiceType, ServiceWindow

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Department,
            ServiceWindow,
            ServiceType,
            Leader,
            Case,
            ReplyTemplate,
        )
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
    # The dispatch centre is not shown to citizens: it needs no logo.
    assert all(d.logo for d in Department.objects.filter(is_dispatch_center=False))
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

    from departments.selectors import is_dispatcher, is_supervisor, scope_for

    call_command("seed_demo", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}

    hrss = Department.objects.get(code="hrss").pk
    assert scope_for(users["hrss_officer"]).department_ids == {hrss}
    assert scope_for(users["hrss_head"], "approve_extensions").department_ids == {hrss}
    assert is_supervisor(users["supervisor"])
    assert not is_supervisor(users["eeb_officer"])
    assert is_dispatcher(users["dispatcher"]) and not is_supervisor(users["dispatcher"])
    assert not scope_for(users["dispatcher"]).department_ids
    # Reminders need somewhere to go.
    assert {
        name: users[name].email
        for name in (
            "hrss_officer",
            "hrss_head",
            "eeb_officer",
            "supervisor",
            "dispatcher",
        )
    } == {
        "hrss_officer": "hrss_officer@demo.weizhengwu.local",
        "hrss_head": "hrss_head@demo.weizhengwu.local",
        "eeb_officer": "eeb_officer@demo.weizhengwu.local",
        "supervisor": "supervisor@demo.weizhengwu.local",
        "dispatcher": "dispatcher@demo.weizhengwu.local",
    }


def test_reseeding_gives_old_demo_staff_an_address_and_keeps_a_changed_one(settings):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects
    users.filter(username="hrss_officer").update(email="")  # seeded before addresses
    users.filter(username="hrss_head").update(email="head@hrss.gov.cn")

    call_command("seed_demo", verbosity=0)

    assert users.get(username="hrss_officer").email == (
        "hrss_officer@demo.weizhengwu.local"
    )
    assert users.get(username="hrss_head").email == "head@hrss.gov.cn"


def test_overdue_reminders_reach_the_demo_staff(settings):
    from io import StringIO

    call_command("seed_demo", verbosity=0)
    out, err = StringIO(), StringIO()

    call_command("remind_overdue", stdout=out, stderr=err)

    # The daily digest goes through the outbox, which keeps a keyed hash of each
    # address (cases/digests.py).
    from notifications import crypto
    from notifications.models import Message

    recipients = set(
        Message.objects.filter(event="staff.digest").values_list(
            "recipient_hash", flat=True
        )
    )
    for address in [
        "supervisor@demo.weizhengwu.local",
        "hrss_officer@demo.weizhengwu.local",
    ]:
        assert crypto.recipient_hash("email", address) in recipients
    assert "没有可用的通知方式" not in err.getvalue()


def test_seed_demo_adds_reply_templates_per_department_and_kind(settings):
    call_command("seed_demo", verbosity=0)

    # The dispatch centre places cases and answers none: it needs no templates.
    for department in Department.objects.filter(is_dispatch_center=False):
        kinds = list(department.reply_templates.values_list("kind", flat=True))
        for kind in Case.Kind.values:
            assert kinds.count(kind) >= 2, (department.name, kind)
    hrss = Department.objects.get(code="hrss")
    wages = hrss.reply_templates.get(title="拖欠工资，已立案调查")
    assert wages.kind == "complaint"
    assert hrss.phone in wages.body
    # Each department's templates speak with its own name and number.
    eeb = Department.objects.get(code="eeb")
    advice = eeb.reply_templates.get(kind="suggestion", title="建议已采纳研究")
    assert "环保局" in advice.body
    assert all(
        eeb.phone in t.body for t in eeb.reply_templates.filter(kind="complaint")
    )


def test_reseeding_keeps_a_reply_template_a_head_edited(settings):
    call_command("seed_demo", verbosity=0)
    template = ReplyTemplate.objects.get(
        department__code="hrss", kind="consultation", title="政策解答"
    )
    template.body = "本局修改后的答复。"
    template.save()
    count = ReplyTemplate.objects.count()

    call_command("seed_demo", verbosity=0)

    template.refresh_from_db()
    assert template.body == "本局修改后的答复。"
    assert ReplyTemplate.objects.count() == count


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
    assert f"12345 分拨员:  用户名 dispatcher  密码 {password}" in out.getvalue()
    assert get_user_model().objects.get(username="dispatcher").check_password(password)


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


@pytest.mark.usefixtures("tasks_at_once")
def test_the_demo_cases_have_messages_to_show(settings):
    # The case pages of the demo list the SMS its consenting callers were sent.
    from notifications.selectors import messages_about

    call_command("seed_demo", verbosity=0)

    consenting = Case.objects.filter(sms_consent=True)
    assert consenting.exists()
    with_messages = [
        case for case in consenting if messages_about(f"cases.case:{case.pk}").exists()
    ]
    assert len(with_messages) == consenting.count()
