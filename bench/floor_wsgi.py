"""The portal's WSGI app plus one bare Django view, the floor for submissions.

`POST /bench-floor/` inserts the same Case row as the API (number from the same
counter, query-code hash, due date) with no DRF, no validation and no photos, so
the benchmark can print how much the API layer costs on top of the insert.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.core.wsgi import get_wsgi_application

portal = get_wsgi_application()

from django.db import transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases import codes  # noqa: E402
from cases.models import Case  # noqa: E402
from kernel import workdays  # noqa: E402


def floor_insert(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    data = json.loads(environ["wsgi.input"].read(length))
    now = timezone.now()
    with transaction.atomic():
        number = codes.next_case_number(kind=data["kind"], moment=now)
        Case.objects.create(
            number=number,
            kind=data["kind"],
            query_code_hash=codes.hash_query_code(number=number, code="AAAAAAAA"),
            title=data["title"],
            content=data["content"],
            department_id=data["department"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            channel="api",
            submitted_at=now,
            due_at=workdays.add_workdays(start=now, days=15),
        )
    return JsonResponse({"number": number}, status=201)


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench-floor/":
        from django.db import close_old_connections

        close_old_connections()
        response = floor_insert(environ)
        start_response(
            f"{response.status_code} Created", [("Content-Type", "application/json")]
        )
        return [response.content]
    return portal(environ, start_response)
