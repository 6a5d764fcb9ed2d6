"""Does the look-up's response time tell which case numbers exist?

    .venv/bin/python bench/lookup_timing.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/lookup_timing.py

Times POST /api/v1/cases/lookup/ in-process (Django's test client, DEBUG off, the
cache `make run` uses, throttles lifted) for an unknown number, an existing number
with a wrong code, and the right code. The three are sent in turn, round after
round, after a warm-up, so drifts of the machine hit all three alike; it prints
each one's median and its ratio to the unknown number's. An unknown number and a
wrong code should be about 1.00 apart; only the right code loads the timeline and
photos (cases.selectors.case_lookup).
"""

import argparse
import logging
import statistics
import time
from io import BytesIO

from _setup import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--warm-up", type=int, default=50)
    args = parser.parse_args()
    vendor = setup_django()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404s

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from fill import fill_cases
    from PIL import Image
    from rest_framework.throttling import SimpleRateThrottle

    from cases import services

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    departments = fill_cases(count=args.cases)
    submitted = _case_with_history(services, departments[0], SimpleUploadedFile, Image)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    number, code = submitted.case.number, submitted.query_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    unknown = number[:-4] + "9999"
    probes = [
        ("unknown number", {"number": unknown, "query_code": code}, 404),
        ("existing number, wrong code", {"number": number, "query_code": wrong}, 404),
        ("right code", {"number": number, "query_code": code}, 200),
    ]
    client = Client()

    def send(body, expected):
        start = time.perf_counter()
        response = client.post(
            "/api/v1/cases/lookup/", body, content_type="application/json"
        )
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == expected, response.content
        return elapsed

    for _ in range(args.warm_up):
        for _label, body, expected in probes:
            send(body, expected)
    timings = {label: [] for label, _body, _expected in probes}
    for round_number in range(args.rounds):
        # Rotate the order too, so no probe always follows the same one.
        shift = round_number % len(probes)
        for label, body, expected in probes[shift:] + probes[:shift]:
            timings[label].append(send(body, expected))

    floor = statistics.median(timings["unknown number"])
    print(f"look-up on {vendor}, {args.cases:,} cases, {args.rounds} rounds\n")
    print(f"{'probe':<30}{'median ms':>10}{'ratio':>8}")
    for label, values in timings.items():
        median = statistics.median(values)
        print(f"{label:<30}{median:>10.2f}{median / floor:>8.2f}")


def _case_with_history(services, department, uploaded_file, image_module):
    """A case with photos and an answer: the most a right code has to load."""

    def jpeg(color):
        buffer = BytesIO()
        image_module.new("RGB", (800, 600), color).save(buffer, format="JPEG")
        return uploaded_file(f"{color}.jpg", buffer.getvalue(), "image/jpeg")

    submitted = services.case_submit(
        submission=services.CaseSubmission(
            kind="complaint",
            title="夜间施工噪音扰民",
            content="小区东侧工地每晚十一点后仍在施工。",
            department_id=department.pk,
            complainee="东城花园东侧工地",
            contact_name="王女士",
            contact_phone="13812345678",
            channel="api",
        ),
        photos=[jpeg("red"), jpeg("green"), jpeg("blue")],
    )
    case = services.case_transition(
        case=submitted.case, to_status="accepted", note="已转城管执法大队"
    )
    services.case_transition(
        case=case, to_status="replied", reply="已责令工地夜间停工，并将持续巡查。"
    )
    return submitted


if __name__ == "__main__":
    main()
