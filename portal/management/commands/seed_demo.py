"""Load the demo data of every app. Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand

from appointments.demo import seed_appointments
from cases.demo import seed_cases
from cases.demo_replies import seed_reply_templates
from departments.demo import seed_departments
from feedback.demo import seed_feedback
from knowledge.demo import seed_knowledge
from media_gallery.demo import seed_gallery
from notices.demo import seed_notices
from portal.demo_users import seed_demo_staff
from surveys.demo import seed_surveys


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        departments = seed_departments()
        # The staff first: the 12345 demo cases are signed, assigned and answered
        # by them.
        seed_demo_staff()
        cases = seed_cases()
        templates = seed_reply_templates()
        seed_feedback()
        posters, albums = seed_gallery()
        entries = seed_knowledge()
        windows = seed_appointments()
        notices = seed_notices()
        surveys = seed_surveys()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪：{len(departments)} 个部门，{cases} 件诉求，"
                f"{templates} 条答复模板，{entries} 条知识库问答，"
                f"{posters} 张海报，{albums} 个相册，{windows} 个窗口开放预约，{notices} 条政务信息，{surveys} 项调研投票。"
            )
        )
