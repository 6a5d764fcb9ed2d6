"""Create the demo superuser once, give every demo login its password, print them.

The password is random, kept in var/demo-password.txt so that every `make run`
prints the same logins, and never committed. Only demo users (the superuser
`admin` and the staff from portal.demo_users) are touched.

The address printed is `DEMO_URL` from the environment: `make run` sets it from its
HOST and PORT, so `make run PORT=8101` prints the port gunicorn really listens on.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.demo_users import DEMO_STAFF

USERNAME = "admin"
DEFAULT_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "创建演示管理员账号（如已存在则保持不变）并打印登录信息。"

    def handle(self, *args, **options):
        password_file = Path(settings.VAR_DIR) / "demo-password.txt"
        password_file.parent.mkdir(parents=True, exist_ok=True)
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(9) + "\n")
            password_file.chmod(0o600)
        password = password_file.read_text().strip()

        user, created = get_user_model().objects.get_or_create(
            username=USERNAME,
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "email": "admin@example.com",
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
        staff = get_user_model().objects.filter(username__in=[s[0] for s in DEMO_STAFF])
        for member in staff:
            if not member.check_password(password):
                member.set_password(password)
                member.save(update_fields=["password"])
        url = os.environ.get("DEMO_URL", "").strip() or DEFAULT_URL
        url = url.rstrip("/") + "/"
        lines = [
            "",
            f"  微政务已启动: {url}",
            f"  管理后台:    {url}admin/",
            f"  演示管理员:  用户名 {USERNAME}  密码 {password}",
        ]
        present = {member.username for member in staff}
        for username, full_name, _department, _role in DEMO_STAFF:
            if username in present:
                lines.append(f"  {full_name}:  用户名 {username}  密码 {password}")
        self.stdout.write("\n".join([*lines, ""]))
