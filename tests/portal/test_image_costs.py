"""What an upload may cost kernel.images: pixels per byte checked from the header,
and a bounded number of decodes at once per process."""

import threading
import time
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kernel import images


def encode(image, fmt="PNG", **options):
    buffer = BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(data, name="photo.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_flat_image_over_four_megapixels_is_refused_as_a_bomb():
    data = encode(Image.new("L", (3000, 3000)))  # 9 MP in a few KB

    with pytest.raises(ValidationError) as refused:
        images.process_upload(upload=upload(data))

    assert refused.value.code == "decompression_bomb"
    assert "疑似恶意文件" in refused.value.messages[0]


def test_a_flat_image_up_to_four_megapixels_is_cheap_and_accepted():
    data = encode(Image.new("RGB", (2000, 2000), "white"))

    processed = images.process_upload(upload=upload(data))

    assert (processed.width, processed.height) == (2000, 2000)


def test_the_pixels_per_byte_limit_comes_from_settings(settings):
    noisy = Image.effect_noise((2400, 2000), 40).convert("RGB")
    data = encode(noisy, "JPEG", quality=80)
    settings.IMAGE_MAX_PIXELS_PER_BYTE = 2400 * 2000 // len(data)

    with pytest.raises(ValidationError) as refused:
        images.process_upload(upload=upload(data, "photo.jpg"))
    assert refused.value.code == "decompression_bomb"

    settings.IMAGE_MAX_PIXELS_PER_BYTE += 1
    assert images.process_upload(upload=upload(data, "photo.jpg")).width == 2400


def test_image_pixels_reads_the_header_only_and_rewinds():
    file = upload(encode(Image.new("RGB", (640, 480))))

    assert images.image_pixels(upload=file) == 640 * 480
    assert file.tell() == 0
    assert images.image_pixels(upload=upload(b"not an image")) is None


@pytest.mark.parametrize("slots", [1, 2])
def test_no_more_images_decode_at_once_than_the_setting_allows(
    settings, monkeypatch, slots
):
    settings.IMAGE_DECODE_CONCURRENCY = slots
    decode = images._decode
    running, most = [0], [0]
    lock = threading.Lock()

    def slow_decode(**kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        try:
            return decode(**kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(images, "_decode", slow_decode)
    data = encode(Image.new("RGB", (64, 48), "red"))
    errors = []

    def work():
        try:
            images.process_upload(upload=upload(data))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert most[0] == slots
