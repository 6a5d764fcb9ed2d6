"""Queue each staff user's daily digest (cases/digests.py) in the outbox: new cases,
late and due-soon cases of their departments, extension requests waiting and
rectifications waiting for their 回访; supervisors hear of every late case. Safe
to run from cron as often as wanted: each user gets one digest a day.

The late cases are listed on stdout. Staff who should have had a digest but
cannot be reached (no e-mail address, or SMS chosen without a phone) are named
(full name, role, department) on stderr, so that a cron mail or log shows who was
missed instead of a silent "0 条"."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases import digests, selectors
from departments import selectors as department_selectors


class Command(BaseCommand):
    help = "为工作人员生成每日待办汇总（经消息发件箱发送），并列出全部超期诉求。"

    def handle(self, *args, **options):
        now = timezone.now()
        buckets = selectors.deadline_cases(now=now)
        result = digests.staff_digest_send(now=now)
        overdue = list(buckets["overdue"])
        self.stdout.write(f"超期诉求 {len(overdue)} 件：")
        for case in overdue:
            due = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"  {case.number}  {case.department.name}  时限 {due}  {case.title}"
            )
        self.stdout.write(
            f"24小时内到期 {buckets['due_soon'].count()} 件；"
            f"已生成待办汇总 {result.queued} 条。"
        )
        if result.unreachable:
            names = department_selectors.staff_display_names(users=result.unreachable)
            self.stderr.write(
                self.style.WARNING(
                    f"以下 {len(result.unreachable)} 名人员没有可用的通知方式"
                    "（电子邮箱或手机号），未收到待办汇总，请在后台补充："
                )
            )
            for user in result.unreachable:
                self.stderr.write(f"  {names[user.pk]}")
