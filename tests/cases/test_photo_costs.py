"""The photo attack on POST /api/v1/cases/: nine 35 KB all-black 6000 x 6000 PNGs
took 14.8 s and 217 MB in a worker. Such files are refused from their headers,
before any pixel is decoded, and one submission's photos share a pixel budget."""

import time

import pytest
from PIL import Image, ImageFile

from cases.models import Case, CaseAttachment
from tests.cases.helpers import SUBMIT_URL, encode, is_chinese, media_files, payload
from tests.cases.helpers import photo as upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def black_png():
    data = encode(Image.new("RGB", (6000, 6000)), "PNG")
    assert len(data) < 200 * 1024  # a tiny file claiming 36 million pixels
    return data


@pytest.fixture
def decodes(monkeypatch):
    """Every image Pillow decodes during the test, by size."""
    seen = []
    load = ImageFile.ImageFile.load

    def counting_load(image):
        seen.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return seen


def submit(api_client, department, *photos):
    return api_client.post(
        SUBMIT_URL, payload(department, attachments=list(photos)), format="multipart"
    )


def png(data, name):
    return upload(data, name=name, content_type="image/png")


def test_a_tiny_png_claiming_36_million_pixels_is_refused_before_decoding(
    api_client, department, black_png, decodes
):
    started = time.perf_counter()
    response = submit(api_client, department, png(black_png, "黑图.png"))
    elapsed = time.perf_counter() - started

    assert response.status_code == 400, response.content
    [message] = response.json()["attachments"]
    assert message.startswith("黑图.png：") and "疑似恶意文件" in message
    assert decodes == []
    assert elapsed < 1.0  # decoding it alone took about 3 s
    assert Case.objects.count() == 0 and media_files() == []


def test_nine_such_pngs_in_one_request_are_refused_without_decoding_any(
    api_client, department, black_png, decodes
):
    photos = [png(black_png, f"{n}.png") for n in range(9)]

    started = time.perf_counter()
    response = submit(api_client, department, *photos)

    assert response.status_code == 400, response.content
    assert all(is_chinese(text) for text in response.json()["attachments"])
    assert decodes == []
    assert time.perf_counter() - started < 2.0  # 14.8 s in the attack
    assert Case.objects.count() == 0 and media_files() == []


def test_a_normal_phone_photo_still_passes(api_client, department):
    # A smooth 5-megapixel JPEG: about 3 pixels per byte, like a real photo.
    gradient = Image.linear_gradient("L").resize((2592, 1944)).convert("RGB")
    data = encode(gradient, "JPEG", quality=90)

    response = submit(api_client, department, upload(data, name="门口.jpg"))

    assert response.status_code == 201, response.content
    attachment = CaseAttachment.objects.get()
    assert (attachment.width, attachment.height) == (2592, 1944)


def test_one_submissions_photos_share_a_pixel_budget(
    api_client, department, settings, decodes
):
    settings.CASE_PHOTO_MAX_TOTAL_PIXELS = 3 * 100 * 100 - 1
    photos = [upload(encode(Image.new("RGB", (100, 100), "red"))) for _ in range(3)]

    response = submit(api_client, department, *photos)

    assert response.status_code == 400, response.content
    [message] = response.json()["attachments"]
    assert "图片总像素过多" in message
    assert decodes == []  # refused from the headers alone
    assert Case.objects.count() == 0 and media_files() == []


def test_photos_exactly_at_the_budget_are_accepted(api_client, department, settings):
    settings.CASE_PHOTO_MAX_TOTAL_PIXELS = 3 * 100 * 100
    photos = [upload(encode(Image.new("RGB", (100, 100), "red"))) for _ in range(3)]

    response = submit(api_client, department, *photos)

    assert response.status_code == 201, response.content
    assert CaseAttachment.objects.count() == 3


def test_a_large_original_is_stored_scaled_to_the_longest_edge(
    api_client, department, settings, decodes
):
    settings.CASE_PHOTO_MAX_EDGE = 200
    data = encode(Image.new("RGB", (1600, 1200), "green"), "JPEG")

    response = submit(api_client, department, upload(data))

    assert response.status_code == 201, response.content
    attachment = CaseAttachment.objects.get()
    assert (attachment.width, attachment.height) == (200, 150)
    # The JPEG decoder scaled by 1/8 while decoding instead of decoding it whole.
    assert (1600, 1200) not in decodes and (200, 150) in decodes
