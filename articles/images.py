"""Uploaded pictures: checked with Pillow, cleaned of metadata, and resized.

An upload is judged by its content, never by its name: Pillow must recognise
it as JPEG, PNG or WebP, within the size and pixel limits, and decode it whole.
The stored original is then re-encoded from its pixels, upright, so no EXIF
(GPS position above all), XMP or comment survives; the colour profile stays.
"""

from __future__ import annotations

import contextlib
import errno
import io
import re
import warnings
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# Pillow's detected format -> how the stored original is written.
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "progressive": True, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85, "method": 4}),
}
RENDITION_OPTIONS = {"quality": 80, "method": 4}
SOCIAL_OPTIONS = {"quality": 85, "progressive": True, "optimize": True}
SOCIAL_KEY = "social"
# Long enough to recognise a file, short enough for the name column.
MAX_STEM_LENGTH = 50
# What rendition_name makes: a width's WebP or the social card.
RENDITION_NAME = re.compile(rf"^(?P<root>.+)\.(?:w\d+\.webp|{SOCIAL_KEY}\.jpg)$")

NOT_AN_IMAGE = _("The file is not a JPEG, PNG or WebP image.")
DAMAGED = _("The image file is damaged or incomplete.")


class CleanImage(ContentFile):
    """An upload already checked and re-encoded: saving it again is a no-op."""


def clean_upload(upload: File) -> CleanImage:
    """The upload, checked and re-encoded without metadata; ValidationError if not."""
    max_bytes = settings.IMAGES_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large ({size} MB); the limit is {limit} MB.").format(
                size=_megabytes(upload.size), limit=_megabytes(max_bytes)
            ),
            code="file_too_large",
        )
    upload.seek(0)
    image = _open(upload)
    # Multi-picture JPEGs (some cameras' MPO files) are stored as plain JPEG.
    fmt = "JPEG" if image.format == "MPO" else image.format
    try:
        # verify() reads the whole file (PNG checksums included) but leaves the
        # image unusable, so the pixels are decoded from a second opening.
        image.verify()
        upload.seek(0)
        image = _open(upload)
        image.load()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a damaged file.
        raise ValidationError(DAMAGED, code="damaged") from exc

    extension, options = FORMATS[fmt]
    # The colour profile is the one piece of metadata kept: colours depend on it.
    if icc_profile := image.info.get("icc_profile"):
        options = {**options, "icc_profile": icc_profile}
    ImageOps.exif_transpose(image, in_place=True)
    buffer = io.BytesIO()
    _without_metadata(image, fmt).save(buffer, fmt, **options)
    return CleanImage(buffer.getvalue(), name=f"{_stem(upload.name)}.{extension}")


def _open(fp) -> PILImage.Image:
    """Read the header only; refuse other formats and too many pixels."""
    limit = settings.IMAGES_MAX_PIXELS
    # Pillow's own guard agrees with ours, for every code path that opens an
    # image, ours or a library's.
    PILImage.MAX_IMAGE_PIXELS = limit
    try:
        # Past the limit Pillow warns (up to twice it) or raises: both refuse.
        with warnings.catch_warnings(
            action="error", category=PILImage.DecompressionBombWarning
        ):
            image = PILImage.open(fp, formats=list(FORMATS))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _too_many_pixels(limit) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    width, height = image.size
    # Refused before a single pixel is decoded: the header alone can claim a
    # picture that would take gigabytes of memory.
    if width * height > limit:
        image.close()
        raise _too_many_pixels(limit, width, height)
    return image


def _too_many_pixels(limit: int, width: int = 0, height: int = 0) -> ValidationError:
    megapixels = limit // 1_000_000
    if width and height:
        message = _(
            "The image is too large ({width} by {height} pixels); the limit is "
            "{megapixels} million pixels."
        ).format(width=width, height=height, megapixels=megapixels)
    else:
        message = _("The image is too large; the limit is {megapixels} million pixels.")
        message = message.format(megapixels=megapixels)
    return ValidationError(message, code="too_many_pixels")


def _without_metadata(image: PILImage.Image, fmt: str) -> PILImage.Image:
    """The pixels alone, in a mode the format can write."""
    if image.mode == "P" or "transparency" in image.info:
        has_alpha = "transparency" in image.info or _has_alpha(image)
        image = image.convert("RGBA" if has_alpha else "RGB")
    allowed = {
        "JPEG": ("L", "RGB", "CMYK"),
        "PNG": ("1", "L", "LA", "RGB", "RGBA"),
        "WEBP": ("RGB", "RGBA"),
    }[fmt]
    if image.mode not in allowed:
        image = image.convert("RGBA" if _has_alpha(image) and fmt != "JPEG" else "RGB")
    # EXIF, XMP, comments, text chunks: Pillow writes what `info` holds.
    image.info = {}
    return image


def _has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La")


def _stem(name: str | None) -> str:
    """The uploaded name without folders or extension, safe to store."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-_")
    return stem[:MAX_STEM_LENGTH] or "image"


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


# Renditions


def rendition_widths(width: int) -> list[int]:
    """The widths to make for an original this wide: never wider than it."""
    return sorted({min(w, width) for w in settings.IMAGE_WIDTHS if width > 0})


def rendition_name(original: str, key: str | int, extension: str) -> str:
    """images/2026/11/name.jpg -> images/2026/11/name.w800.webp."""
    folder, slash, base = original.rpartition("/")
    stem = base.rsplit(".", 1)[0]
    suffix = f"w{key}" if isinstance(key, int) else key
    return f"{folder}{slash}{stem}.{suffix}.{extension}"


def rendition_root(name: str) -> str | None:
    """images/2026/11/name.w800.webp -> images/2026/11/name; None if no rendition."""
    match = RENDITION_NAME.match(name)
    return match.group("root") if match else None


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def social_size(width: int, height: int) -> tuple[int, int]:
    """The social card's size: the configured one, smaller for a small original."""
    target_w, target_h = settings.IMAGE_SOCIAL_SIZE
    # The largest crop of the card's shape the original holds, never enlarged.
    scale = min(1.0, width / target_w, height / target_h)
    return max(1, round(target_w * scale)), max(1, round(target_h * scale))


def make_renditions(
    storage: Storage, original: str, existing: dict[str, str]
) -> dict[str, str]:
    """Store the renditions `existing` lacks; returns the names of the new ones."""
    with storage.open(original, "rb") as fp:
        image = _open(fp)
        image.load()
    ImageOps.exif_transpose(image, in_place=True)
    width, height = image.size
    web = _for_web(image)
    made: dict[str, str] = {}
    for target in rendition_widths(width):
        if str(target) in existing:
            continue
        resized = web.resize(
            (target, scaled_height(width, height, target)),
            PILImage.Resampling.LANCZOS,
            reducing_gap=3.0,
        )
        made[str(target)] = _store(
            storage,
            rendition_name(original, target, "webp"),
            resized,
            "WEBP",
            RENDITION_OPTIONS,
        )
    if SOCIAL_KEY not in existing:
        card = ImageOps.fit(
            _opaque(web),
            social_size(width, height),
            PILImage.Resampling.LANCZOS,
            # A little above the middle: faces are rarely at the bottom.
            centering=(0.5, 0.4),
        )
        made[SOCIAL_KEY] = _store(
            storage,
            rendition_name(original, SOCIAL_KEY, "jpg"),
            card,
            "JPEG",
            SOCIAL_OPTIONS,
        )
    return made


def _for_web(image: PILImage.Image) -> PILImage.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if _has_alpha(image) else "RGB")


def _opaque(image: PILImage.Image) -> PILImage.Image:
    """For JPEG: transparency laid on white."""
    image = _for_web(image)
    if image.mode == "RGBA":
        background = PILImage.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def _store(
    storage: Storage, name: str, image: PILImage.Image, fmt: str, options: dict
) -> str:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    name = storage.save(name, ContentFile(buffer.getvalue()))
    stored(storage, name)
    return name


# Files and rows together: a file stored for a row that is then not written (a
# database error, a rolled-back transaction, a later file the disk refused) is
# deleted again, so no file is left that nothing names.

_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "articles_images_written", default=None
)


@contextlib.contextmanager
def files_undone_on_error() -> Iterator[None]:
    """Delete the files stored inside the block (see `stored`) if it raises.

    Blocks nest: files a block kept are deleted still if an enclosing block
    raises, as the transaction that holds their rows is rolled back then.
    """
    enclosing = _written.get()
    written: list[tuple[Storage, str]] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if enclosing is not None:
        enclosing.extend(written)


def stored(storage: Storage, name: str) -> None:
    """Note a file just stored, for the enclosing `files_undone_on_error`."""
    written = _written.get()
    if written is not None:
        written.append((storage, name))


# What the editor reads when the media folder refuses a file.
DISK_FULL = _(
    "The file could not be stored: the server's disk is full. Please tell the "
    "site's administrator."
)
READ_ONLY = _(
    "The file could not be stored: the server's media folder cannot be written "
    "to. Please tell the site's administrator."
)
STORAGE_ERRORS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EFBIG: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
}


def storage_error_message(error: BaseException) -> str | None:
    """The editor's explanation of a storage that refused a file, or None when
    `error` is not one (a bug, a database error) and must be raised."""
    if isinstance(error, OSError) and error.errno in STORAGE_ERRORS:
        return str(STORAGE_ERRORS[error.errno])
    return None
