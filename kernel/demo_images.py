"""Generated pictures for the demo data: drawn with Pillow, nothing downloaded.

The machine may have no CJK font: a logo's Chinese short name is drawn with one when
the system has one (Debian's fonts-noto-cjk, WenQuanYi), and left out otherwise, so a
citizen never sees Latin initials standing for a Chinese department.
"""

import io
import math
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

# (file name Pillow finds in the system font directories, face index: SC in the .ttc)
CJK_FONTS = [
    ("NotoSansCJK-Bold.ttc", 2),
    ("NotoSansCJK-Regular.ttc", 2),
    ("wqy-zenhei.ttc", 0),
    ("DroidSansFallbackFull.ttf", 0),
]
PALETTE = ["#1e6fd9", "#0a8f6a", "#c2410c", "#7c3aed", "#b91c1c", "#0e7490", "#a16207"]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _cjk_font(size: float):
    for name, index in CJK_FONTS:
        try:
            return ImageFont.truetype(name, size, index=index)
        except OSError:
            continue
    return None


def logo(*, seed: str, text: str, size: int = 256) -> ContentFile:
    """A round emblem in one of the palette colours with a short Chinese name
    (at most four characters: 人社, 市场监管) under a star."""
    rng = random.Random(seed)
    colour = rng.choice(PALETTE)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((24, 24, size - 24, size - 24), outline="white", width=6)
    # A five-rayed star above the letters, the usual sign of a public body.
    cx, cy, r = size / 2, size * 0.36, size * 0.13
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill="#fde047")
    text = text[:4]
    # Two characters at a fifth of the emblem; four shrink to fit inside the ring.
    font = _cjk_font(min(size * 0.2, size * 0.5 / max(len(text), 1)))
    if font is not None and text:
        draw.text((size / 2, size * 0.7), text, font=font, fill="white", anchor="mm")
    return ContentFile(_png(image), name=f"{seed}.png")


def portrait(*, seed: str, width: int = 240, height: int = 300) -> ContentFile:
    """A neutral head-and-shoulders silhouette on a soft background."""
    rng = random.Random(seed)
    background = rng.choice(["#dbeafe", "#dcfce7", "#fef3c7", "#ede9fe", "#fee2e2"])
    suit = rng.choice(["#1f2937", "#1e3a8a", "#374151"])
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.1, height * 0.62, width * 0.9, height * 1.3), fill=suit)
    draw.polygon(
        [
            (width * 0.42, height * 0.64),
            (width * 0.58, height * 0.64),
            (width * 0.5, height * 0.82),
        ],
        fill="white",
    )
    draw.ellipse(
        (width * 0.3, height * 0.18, width * 0.7, height * 0.62), fill="#f1c27d"
    )
    draw.chord(
        (width * 0.28, height * 0.12, width * 0.72, height * 0.45),
        180,
        360,
        fill="#111827",
    )
    return ContentFile(_jpeg(image), name=f"{seed}.jpg")


def scene(*, seed: str, width: int = 1200, height: int = 800) -> ContentFile:
    """A landscape of flat shapes (sky, hills, buildings), for posters and albums."""
    rng = random.Random(seed)
    image = Image.new(
        "RGB", (width, height), rng.choice(["#bfdbfe", "#fde68a", "#fecaca"])
    )
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (width * 0.75, height * 0.08, width * 0.9, height * 0.3), fill="#fbbf24"
    )
    for i in range(3):
        top = height * (0.45 + 0.1 * i)
        draw.polygon(
            [
                (0, height),
                (0, top),
                (width * rng.uniform(0.3, 0.7), top - height * 0.15),
                (width, top),
                (width, height),
            ],
            fill=rng.choice(["#16a34a", "#15803d", "#166534", "#4d7c0f"]),
        )
    x = width * 0.1
    while x < width * 0.9:
        w = rng.uniform(0.05, 0.1) * width
        h = rng.uniform(0.15, 0.4) * height
        draw.rectangle(
            (x, height * 0.85 - h, x + w, height * 0.85), fill=rng.choice(PALETTE)
        )
        x += w + rng.uniform(0.01, 0.04) * width
    return ContentFile(_jpeg(image), name=f"{seed}.jpg")
