"""Mail each officer and head the late and due-soon cases of their departments, and
list every late case for supervisors. Safe to run from cron as often as wanted: it
only reads cases and sends summaries.

Staff who should have had a reminder but have no e-mail address are named (full
name, role, department) on stderr, so that a cron mail or log shows who was missed
instead of a silent "0 封"."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from cases import selectors
from departments import roles
from departments import selectors as department_selectors


class Command(BaseCommand):
    help = "向部门人员发送超期和即将到期诉求的提醒邮件，并为督办人员列出全部超期诉求。"

    def handle(self, *args, **options):
        now = timezone.now()
        buckets = {
            name: list(qs) for name, qs in selectors.deadline_cases(now=now).items()
        }
        users = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name__in=roles.STAFF_GROUPS,
            )
            .distinct()
            .order_by("username")
        )
        sent = 0
        unreachable = []
        for user in users:
            scope = department_selectors.scope_for(user)
            if scope.everything:
                mine = {"overdue": buckets["overdue"], "due_soon": []}
            else:
                mine = {
                    name: [case for case in cases if scope.includes(case.department_id)]
                    for name, cases in buckets.items()
                }
            if not (mine["overdue"] or mine["due_soon"]):
                continue
            if not user.email:
                unreachable.append(user)
                continue
            context = {"user": user, "now": now, **mine}
            send_mail(
                subject=f"【微政务】超期 {len(mine['overdue'])} 件，即将到期 {len(mine['due_soon'])} 件",
                message=render_to_string("cases/email/deadline_summary.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
        self.stdout.write(f"超期诉求 {len(buckets['overdue'])} 件：")
        for case in buckets["overdue"]:
            due = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"  {case.number}  {case.department.name}  时限 {due}  {case.title}"
            )
        self.stdout.write(
            f"24小时内到期 {len(buckets['due_soon'])} 件；已发送提醒邮件 {sent} 封。"
        )
        if unreachable:
            names = department_selectors.staff_display_names(users=unreachable)
            self.stderr.write(
                self.style.WARNING(
                    f"以下 {len(unreachable)} 名人员没有电子邮箱，未收到提醒，"
                    "请在后台“用户”中补充："
                )
            )
            for user in unreachable:
                self.stderr.write(f"  {names[user.pk]}")
