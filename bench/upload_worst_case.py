"""What the worst photo submission the portal still accepts costs a worker.

    .venv/bin/python bench/upload_worst_case.py [--repeat 3]

The attack of issue 15: nine 35 KB all-black 6000 x 6000 PNGs in one submission
took 14.8 s and +217 MB. This builds, in memory, the heaviest requests the limits
allow (CASE_PHOTO_MAX_PIXELS per photo, CASE_PHOTO_MAX_TOTAL_PIXELS per
submission, IMAGE_MAX_PIXELS_PER_BYTE, 10 MB per photo) and that attack, and
runs each through Django's request handler in this process, alternating with the
floor (one ordinary 2-megapixel photo) after a warm-up. It prints the median time
and the median peak resident memory above the start of the request (VmHWM after
malloc_trim and a reset through /proc/self/clear_refs: Pillow's pixel buffers are
C memory that tracemalloc does not see), both as ratios against the floor, and
the worker's peak size.

Request bodies are encoded before the clock starts, as gunicorn has them in hand.
"""

import argparse
import ctypes
import re
import statistics
import time
from io import BytesIO

from _setup import setup_django

BOUNDARY = "BenchBoundary"
LIBC = ctypes.CDLL("libc.so.6")


def rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"{field}:\s+(\d+)", status.read()).group(1))


def jpeg(image, quality=90):
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def png(image):
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def textured(size, sigma):
    """A photo-like picture: a gradient with grain, so it compresses like one."""
    from PIL import Image, ImageChops

    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    grain = Image.effect_noise(size, sigma).convert("RGB")
    return ImageChops.add(gradient, grain, scale=2.0)


def candidates(settings):
    """(label, [(file name, bytes)]): the floor first, then the heavy ones."""
    from PIL import Image

    per_photo = settings.CASE_PHOTO_MAX_PIXELS
    budget = settings.CASE_PHOTO_MAX_TOTAL_PIXELS
    limit = settings.CASE_PHOTO_MAX_BYTES
    phone = jpeg(textured((4032, 3024), 90))  # 12.2 MP, grainy: slow to encode
    big_side = int((per_photo * 3 / 2) ** 0.5)  # 3:2 at the per-photo limit
    big = (big_side // 2 * 2, per_photo // (big_side // 2 * 2))
    big_jpeg = jpeg(textured(big, 20), quality=80)  # about 9 MB
    # Blocky noise: as costly to decode as any 40 MP PNG, yet under 10 MB.
    blocks = Image.effect_noise((big[0] // 3, big[1] // 3), 30)
    big_png = png(blocks.resize(big, Image.Resampling.NEAREST))
    black = png(Image.new("RGB", (6000, 6000)))
    rows = [
        ("floor: one 2 MP photo", [("floor.jpg", jpeg(textured((1600, 1200), 40)))]),
        (
            f"{min(9, budget // (4032 * 3024))} x 12 MP grainy phone JPEG",
            [("phone.jpg", phone)] * min(9, budget // (4032 * 3024)),
        ),
        (
            f"{budget // (big[0] * big[1])} x {big[0]}x{big[1]} JPEG",
            [("big.jpg", big_jpeg)] * (budget // (big[0] * big[1])),
        ),
        (
            f"{budget // (big[0] * big[1])} x {big[0]}x{big[1]} grey PNG",
            [("big.png", big_png)] * (budget // (big[0] * big[1])),
        ),
        ("attack: 9 x black 6000x6000 PNG", [("black.png", black)] * 9),
    ]
    for label, files in rows:
        too_big = [len(data) for _, data in files if len(data) > limit]
        if too_big:
            raise SystemExit(f"{label}: a file of {max(too_big):,} bytes > {limit:,}")
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.handlers.base import BaseHandler
    from django.test import RequestFactory
    from django.test.client import encode_multipart
    from rest_framework.throttling import SimpleRateThrottle

    from departments.models import Department

    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(
        SimpleRateThrottle.THROTTLE_RATES, "100000000/hour"
    )
    department = Department.objects.create(name="基准测试局", code="bench")
    handler = BaseHandler()
    handler.load_middleware()
    factory = RequestFactory()
    rows = candidates(settings)

    def body(files):
        fields = {
            "kind": "consultation",
            "title": "照片上传基准",
            "content": "测量最重的一次照片提交要花多少时间和内存。",
            "department": department.pk,
            "contact_name": "王小明",
            "contact_phone": "13812345678",
            "attachments": [
                SimpleUploadedFile(name, data, content_type="image/png")
                for name, data in files
            ],
        }
        return encode_multipart(BOUNDARY, fields)

    def run(files):
        request = factory.generic(
            "POST",
            "/api/v1/cases/",
            body(files),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
        # Hand freed heap back to the system first, so what an earlier request
        # left resident does not hide this one's growth.
        LIBC.malloc_trim(0)
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the high-water mark starts again from here
        before = rss_kb("VmRSS")
        start = time.perf_counter()
        response = handler.get_response(request)
        seconds = time.perf_counter() - start
        peak = rss_kb("VmHWM")
        return response.status_code, seconds, (peak - before) / 1024, peak / 1024

    floor_label, floor_files = rows[0]
    run(floor_files)  # warm-up: imports, translations, the first queries
    results = {label: [] for label, _ in rows}
    for _ in range(args.repeat):
        for label, files in rows[1:]:
            results[floor_label].append(run(floor_files))
            results[label].append(run(files))

    floor_time = statistics.median(r[1] for r in results[floor_label])
    floor_mb = max(0.1, statistics.median(r[2] for r in results[floor_label]))
    print(
        f"{'request':<36}{'status':>7}{'s':>8}{'x floor':>9}{'+MB':>8}{'x floor':>9}"
        f"{'peak RSS MB':>13}"
    )
    accepted = []
    for label, _ in rows:
        runs = results[label]
        seconds = statistics.median(r[1] for r in runs)
        megabytes = statistics.median(r[2] for r in runs)
        resident = statistics.median(r[3] for r in runs)
        statuses = "/".join(sorted({str(r[0]) for r in runs}))
        print(
            f"{label:<36}{statuses:>7}{seconds:>8.2f}{seconds / floor_time:>9.1f}"
            f"{megabytes:>8.0f}{megabytes / floor_mb:>9.1f}{resident:>13.0f}"
        )
        if label != floor_label and all(r[0] == 201 for r in runs):
            accepted.append((label, seconds, megabytes))
    print()
    for what, key in (("time", 1), ("memory", 2)):
        label, seconds, megabytes = max(accepted, key=lambda row: row[key])
        print(
            f"worst accepted by {what}: {label}: {seconds:.2f} s "
            f"({seconds / floor_time:.0f}x floor), +{megabytes:.0f} MB "
            f"({megabytes / floor_mb:.0f}x floor)"
        )
    print(
        f"at most IMAGE_DECODE_CONCURRENCY={settings.IMAGE_DECODE_CONCURRENCY} "
        "photos decode at once per worker process"
    )


if __name__ == "__main__":
    main()
