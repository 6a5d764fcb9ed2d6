"""Grant or revoke a user's department from the command line (or a script)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from departments import services
from departments.models import Department


class Command(BaseCommand):
    help = "授予或撤销用户的部门权限：grant_department 用户名 部门编码 [--role head] [--revoke]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("department_code")
        parser.add_argument(
            "--role",
            choices=[services.OFFICER, services.HEAD],
            default=services.OFFICER,
            help="officer（部门工作人员，默认）或 head（部门负责人）",
        )
        parser.add_argument("--revoke", action="store_true", help="撤销该部门的权限")

    def handle(self, *args, username, department_code, role, revoke, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None
        try:
            department = Department.objects.get(code=department_code)
        except Department.DoesNotExist:
            raise CommandError(f"部门编码不存在：{department_code}") from None
        if revoke:
            services.staff_revoke(user=user, department=department)
            self.stdout.write(f"已撤销 {username} 在 {department.name} 的权限。")
        else:
            services.staff_grant(user=user, department=department, role=role)
            label = "部门负责人" if role == services.HEAD else "部门工作人员"
            self.stdout.write(f"已授予 {username} {department.name} 的{label}权限。")
