"""The demo's photographs, drawn with Pillow: no binary file is committed.

Each picture is a simple scene (a council hall, a skyline, the sea, fields…)
drawn from a seed, so every load draws the same picture. Nothing is written on
it: Pillow cannot shape Arabic text, so captions and credits stay in the
Image's fields. One picture comes "from a phone": stored on its side with an
orientation tag and a GPS position, as a phone writes it, so the upload path's
turning upright and stripping of metadata can be seen.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from functools import cache

from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps

from .demo_data import Photo

# Scenes are drawn on a 1600×900 canvas and handed over smaller: each width
# stored costs a WebP rendition, and `load_demo` must stay quick.
SIZE = (1600, 900)
DELIVERED = (1200, 675)
ORIENTATION = 0x0112
GPS_IFD = 0x8825
# Dar Bouazza's beach, south-west of Casablanca.
PHONE_POSITION = {1: "N", 2: (33.0, 31.0, 12.0), 3: "W", 4: (7.0, 49.0, 30.0)}

Color = tuple[int, int, int]


# The same photo always draws the same bytes: drawn once per process.
@cache
def draw(photo: Photo) -> bytes:
    """The photo as a JPEG, as a camera (or, for one, a phone) would hand it over."""
    rng = random.Random(photo.seed)
    picture = SCENES[photo.scene](rng).resize(DELIVERED, PILImage.Resampling.BILINEAR)
    buffer = io.BytesIO()
    if not photo.from_phone:
        picture.save(buffer, "JPEG", quality=88)
        return buffer.getvalue()
    exif = PILImage.Exif()
    # Orientation 6: the pixels lie on their side, to be turned 90° clockwise.
    exif[ORIENTATION] = 6
    exif[0x010F] = "DemoPhone"
    exif.get_ifd(GPS_IFD).update(PHONE_POSITION)
    sideways = picture.transpose(PILImage.Transpose.ROTATE_90)
    sideways.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()


def sky(top: Color, bottom: Color, size: tuple[int, int] = SIZE) -> PILImage.Image:
    """A vertical gradient, top colour to bottom colour."""
    ramp = PILImage.linear_gradient("L").resize(size)
    return ImageOps.colorize(ramp, top, bottom)


def shade(color: Color, amount: int) -> Color:
    return tuple(max(0, min(255, c + amount)) for c in color)  # type: ignore[return-value]


def sun(pen: ImageDraw.ImageDraw, x: int, y: int, r: int, color: Color) -> None:
    pen.ellipse((x - r, y - r, x + r, y + r), fill=color)


def hall(rng: random.Random) -> PILImage.Image:
    """A council hall: columns, a green-tiled roof, steps and a flag."""
    picture = sky((70, 130, 200), (215, 230, 245))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    stone = rng.choice([(236, 226, 205), (240, 235, 225), (225, 205, 175)])
    left, right, top, base = 260, 1340, 330, 760
    pen.rectangle((0, base, w, h), fill=(150, 140, 125))
    pen.polygon(
        [(left - 40, top), (w // 2, 170), (right + 40, top)], fill=(40, 120, 90)
    )
    pen.rectangle((left, top, right, base), fill=stone)
    for x in range(left + 50, right - 40, 110):
        pen.rectangle((x, top + 40, x + 36, base - 30), fill=shade(stone, 18))
        pen.rectangle((x + 36, top + 40, x + 44, base - 30), fill=shade(stone, -40))
    for step in range(4):
        pen.rectangle(
            (
                left - 30 - step * 25,
                base - 30 + step * 25,
                right + 30 + step * 25,
                base - 5 + step * 25,
            ),
            fill=shade(stone, -15 - step * 12),
        )
    pen.rectangle((w // 2 - 70, base - 200, w // 2 + 70, base - 30), fill=(90, 60, 40))
    pen.line((w // 2, 170, w // 2, 40), fill=(60, 60, 60), width=6)
    pen.rectangle((w // 2 + 3, 40, w // 2 + 120, 115), fill=(193, 39, 45))
    sun(pen, w // 2 + 60, 77, 14, (0, 98, 51))
    return picture


def skyline(rng: random.Random) -> PILImage.Image:
    """Towers at dusk, their windows lit."""
    picture = sky((25, 35, 80), (240, 150, 90))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    x = -20
    while x < w:
        width = rng.randint(90, 200)
        top = rng.randint(180, 620)
        body = rng.choice([(40, 50, 70), (55, 70, 95), (35, 60, 80), (70, 80, 100)])
        pen.rectangle((x, top, x + width, h), fill=body)
        for wy in range(top + 20, h - 20, 34):
            for wx in range(x + 12, x + width - 16, 26):
                if rng.random() < 0.45:
                    pen.rectangle((wx, wy, wx + 12, wy + 18), fill=(250, 215, 120))
        x += width + rng.randint(4, 30)
    return picture


def sea(rng: random.Random) -> PILImage.Image:
    """The Atlantic from the beach: sun, waves, sand."""
    picture = sky((120, 180, 230), (250, 225, 190))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    horizon, shore = 430, 640
    sun(pen, rng.randint(300, 1300), 250, 70, (255, 240, 190))
    pen.rectangle((0, horizon, w, shore), fill=(30, 100, 150))
    for y in range(horizon + 12, shore, 18):
        for x in range(rng.randint(-60, 0), w, rng.randint(90, 140)):
            pen.arc((x, y, x + 80, y + 16), 200, 340, fill=(180, 220, 240), width=3)
    pen.polygon([(0, shore), (w, shore - 40), (w, h), (0, h)], fill=(225, 200, 150))
    pen.polygon(
        [(0, shore), (w, shore - 40), (w, shore - 20), (0, shore + 25)],
        fill=(245, 245, 240),
    )
    return picture


def fields(rng: random.Random) -> PILImage.Image:
    """Ploughed fields under rain clouds."""
    picture = sky((110, 120, 140), (200, 210, 215))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    for _ in range(6):
        cx, cy = rng.randint(0, w), rng.randint(60, 260)
        pen.ellipse((cx - 220, cy - 60, cx + 220, cy + 60), fill=(150, 155, 165))
    greens = [(90, 140, 60), (130, 110, 70), (110, 160, 70), (150, 125, 80)]
    horizon = 470
    for band in range(8):
        top = horizon + band * 55
        pen.rectangle(
            (0, top, w, top + 55), fill=greens[(band + rng.randint(0, 3)) % 4]
        )
        for x in range(0, w, 60):
            pen.line((x, top, x + 30, top + 55), fill=(80, 70, 50), width=2)
    for _ in range(120):
        x, y = rng.randint(0, w), rng.randint(0, horizon)
        pen.line((x, y, x - 6, y + 30), fill=(210, 215, 225), width=2)
    return picture


def stadium(rng: random.Random) -> PILImage.Image:
    """A pitch under floodlights, the stands full."""
    picture = sky((15, 25, 60), (60, 80, 130))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    pen.ellipse((-200, 260, w + 200, h + 400), fill=(120, 40, 40))
    for _ in range(900):
        x, y = rng.randint(0, w), rng.randint(300, 560)
        pen.ellipse(
            (x, y, x + 7, y + 7),
            fill=rng.choice([(230, 60, 60), (240, 240, 240), (60, 140, 60)]),
        )
    pen.polygon([(220, 560), (w - 220, 560), (w, h), (0, h)], fill=(40, 140, 60))
    pen.line((w // 2, 560, w // 2, h), fill=(240, 240, 240), width=5)
    pen.ellipse(
        (w // 2 - 120, 650, w // 2 + 120, 780), outline=(240, 240, 240), width=5
    )
    for x in (120, w - 120):
        pen.line((x, 60, x, 300), fill=(150, 150, 150), width=8)
        pen.rectangle((x - 60, 40, x + 60, 80), fill=(255, 250, 220))
    return picture


def road(rng: random.Random) -> PILImage.Image:
    """A new avenue in perspective: lanes, street lights, a bus."""
    picture = sky((90, 150, 210), (225, 235, 240))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    horizon = 420
    pen.rectangle((0, horizon, w, h), fill=(150, 160, 140))
    pen.polygon(
        [(w // 2 - 30, horizon), (w // 2 + 30, horizon), (w, h), (0, h)],
        fill=(70, 70, 75),
    )
    for step in range(10):
        y0 = horizon + step * step * 5
        y1 = horizon + (step + 0.5) ** 2 * 5
        pen.line((w // 2, y0, w // 2, y1), fill=(245, 245, 245), width=2 + step)
    for side in (-1, 1):
        for step in range(1, 7):
            x = w // 2 + side * step * step * 24
            top = horizon - step * 30
            pen.line(
                (x, top, x, horizon + step * 22), fill=(60, 60, 60), width=2 + step
            )
            pen.ellipse(
                (x - 3 * step, top - 3 * step, x + 3 * step, top + 3 * step),
                fill=(255, 230, 150),
            )
    color = rng.choice([(220, 60, 40), (40, 110, 190), (230, 170, 30)])
    pen.rounded_rectangle((980, 520, 1380, 720), radius=24, fill=color)
    for x in range(1000, 1360, 70):
        pen.rectangle((x, 545, x + 55, 610), fill=(200, 230, 245))
    for x in (1050, 1300):
        pen.ellipse((x - 30, 690, x + 30, 750), fill=(30, 30, 30))
    return picture


def runway(rng: random.Random) -> PILImage.Image:
    """An airliner over the runway lights."""
    picture = sky((60, 120, 200), (240, 200, 160))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    horizon = 600
    pen.rectangle((0, horizon, w, h), fill=(120, 130, 100))
    pen.polygon(
        [(w // 2 - 40, horizon), (w // 2 + 40, horizon), (w - 200, h), (200, h)],
        fill=(80, 80, 85),
    )
    for step in range(1, 9):
        y = horizon + step * step * 4
        pen.line(
            (w // 2, y, w // 2, y + step * 3), fill=(240, 240, 240), width=step + 1
        )
    x, y = rng.randint(400, 900), rng.randint(200, 300)
    pen.polygon(
        [(x, y), (x + 420, y - 60), (x + 440, y - 40), (x + 20, y + 30)],
        fill=(245, 245, 250),
    )
    pen.polygon(
        [(x + 180, y - 10), (x + 250, y - 30), (x + 200, y + 110), (x + 150, y + 110)],
        fill=(220, 225, 235),
    )
    pen.polygon(
        [(x + 380, y - 50), (x + 440, y - 150), (x + 460, y - 140), (x + 430, y - 45)],
        fill=(193, 39, 45),
    )
    return picture


def crowd(rng: random.Random) -> PILImage.Image:
    """People gathered in the street, shirts of every colour."""
    picture = sky((150, 190, 230), (235, 240, 245))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    pen.rectangle((0, 380, w, h), fill=(180, 170, 160))
    for x in range(0, w, 160):
        pen.rectangle(
            (x, 150, x + 140, 380), fill=rng.choice([(240, 235, 225), (225, 215, 195)])
        )
    for row in range(4):
        size = 40 + row * 14
        y = 430 + row * 110
        for x in range(rng.randint(-40, 0), w, size * 2):
            shirt = rng.choice(
                [
                    (200, 40, 40),
                    (240, 240, 240),
                    (40, 90, 170),
                    (230, 180, 40),
                    (50, 140, 80),
                ]
            )
            pen.rounded_rectangle(
                (x, y + size, x + size * 1.4, y + size * 3.5),
                radius=size // 3,
                fill=shirt,
            )
            pen.ellipse(
                (x + size * 0.2, y, x + size * 1.2, y + size), fill=(150, 105, 75)
            )
    return picture


def factory(rng: random.Random) -> PILImage.Image:
    """Sheds and chimneys by the sea, steam rising."""
    picture = sky((120, 160, 200), (230, 220, 200))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    pen.rectangle((0, 640, w, h), fill=(110, 105, 95))
    for x in range(100, w - 200, 330):
        height = rng.randint(160, 260)
        pen.rectangle((x, 640 - height, x + 280, 640), fill=(190, 185, 175))
        for tooth in range(4):
            tx = x + tooth * 70
            pen.polygon(
                [
                    (tx, 640 - height),
                    (tx + 70, 640 - height - 40),
                    (tx + 70, 640 - height),
                ],
                fill=(150, 150, 145),
            )
    for x in (300, 760, 1220):
        pen.rectangle((x, 180, x + 50, 640), fill=(170, 80, 60))
        for puff in range(5):
            r = 40 + puff * 16
            pen.ellipse(
                (
                    x + 25 - r + puff * 30,
                    150 - puff * 30 - r,
                    x + 25 + r + puff * 30,
                    150 - puff * 30 + r,
                ),
                fill=(235, 235, 235),
            )
    return picture


def books(rng: random.Random) -> PILImage.Image:
    """Shelves of a book fair, spines in every colour."""
    picture = PILImage.new("RGB", SIZE, (120, 80, 50))
    pen = ImageDraw.Draw(picture)
    w, h = SIZE
    for shelf in range(4):
        top = 40 + shelf * 215
        x = 30
        while x < w - 60:
            width = rng.randint(22, 60)
            height = rng.randint(130, 180)
            color = (rng.randint(40, 230), rng.randint(40, 200), rng.randint(40, 200))
            pen.rectangle((x, top + 180 - height, x + width, top + 180), fill=color)
            pen.line(
                (x + 5, top + 200 - height, x + width - 5, top + 200 - height),
                fill=shade(color, 60),
                width=3,
            )
            x += width + 3
        pen.rectangle((0, top + 180, w, top + 200), fill=(80, 50, 30))
    return picture


SCENES: dict[str, Callable[[random.Random], PILImage.Image]] = {
    "hall": hall,
    "skyline": skyline,
    "sea": sea,
    "fields": fields,
    "stadium": stadium,
    "road": road,
    "runway": runway,
    "crowd": crowd,
    "factory": factory,
    "books": books,
}


@cache
def portrait(seed: int, size: int = 480) -> bytes:
    """A writer's portrait as a JPEG: a head-and-shoulders silhouette on a plain
    studio background, drawn from `seed` (no face: nobody is depicted)."""
    rng = random.Random(seed)
    background = (rng.randint(150, 210), rng.randint(160, 210), rng.randint(170, 220))
    picture = sky(shade(background, 30), shade(background, -30), (size, size))
    pen = ImageDraw.Draw(picture)
    clothes = (rng.randint(30, 90), rng.randint(30, 90), rng.randint(60, 120))
    skin = rng.choice([(198, 150, 120), (170, 120, 90), (224, 180, 150)])
    hair = rng.choice([(40, 30, 25), (70, 50, 35), (25, 25, 30)])
    middle = size // 2
    pen.ellipse((middle - 170, size * 0.68, middle + 170, size * 1.25), fill=clothes)
    pen.rectangle((middle - 38, size * 0.52, middle + 38, size * 0.72), fill=skin)
    pen.ellipse((middle - 95, size * 0.16, middle + 95, size * 0.6), fill=skin)
    pen.chord((middle - 100, size * 0.12, middle + 100, size * 0.5), 180, 360, hair)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
