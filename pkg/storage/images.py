"""Image checks and variants for user uploads (avatars): decode, verify, strip metadata, make thumbnails.

The file name and the declared Content-Type are not trusted: the bytes are decoded with Pillow, and only
JPEG, PNG and WebP that decode completely are accepted. The result is re-encoded from pixels, so EXIF
(camera, GPS position), XMP, comments and text chunks never leave this function; the EXIF orientation is
applied first so the picture still stands upright, and an embedded colour profile is converted to sRGB.

CPU-bound: call `process_image` in a thread (`await asyncio.to_thread(process_image, data)`), or use
`process_image_async`.
"""

from __future__ import annotations

import asyncio
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow format name → the content type we store it under.
ALLOWED_FORMATS: dict[str, str] = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # ~ 8000 × 5000; beyond that decoding costs too much memory
DEFAULT_THUMBNAIL_SIZES = (64, 256)
DEFAULT_MAX_DIMENSION = 1024

_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}


class ImageRejected(ValueError):
    """The upload is not an acceptable image. `reason` is UPPER_SNAKE for error details:
    TOO_LARGE, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, CORRUPT_IMAGE, TOO_MANY_PIXELS."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ImageVariant:
    """One encoded image."""

    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        """File extension for the content type ("jpg", "png", "webp")."""
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[self.content_type]


@dataclass(frozen=True)
class ProcessedImage:
    """The cleaned image (at most `max_dimension` on its longer side) and square thumbnails by size."""

    image: ImageVariant
    source_format: str
    thumbnails: dict[int, ImageVariant] = field(default_factory=dict)


def process_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_dimension: int | None = DEFAULT_MAX_DIMENSION,
    thumbnail_sizes: Sequence[int] = DEFAULT_THUMBNAIL_SIZES,
) -> ProcessedImage:
    """Verify `data` is a JPEG/PNG/WebP image and return it cleaned, plus square centre-cropped thumbnails.

    The output keeps the input's format. A thumbnail is never upscaled: for a source smaller than the
    requested size it is as large as the source's shorter side. Raises `ImageRejected`.
    """
    if len(data) > max_bytes:
        raise ImageRejected("TOO_LARGE", f"The image is larger than {max_bytes} bytes.")
    with warnings.catch_warnings():
        # Pillow warns about damaged metadata it skips (dropped anyway): ignore that. It warns (and only
        # past twice its own limit, raises) on decompression bombs: refuse both.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        picture, source_format = _decode(data, max_pixels)
    picture = _normalise(picture)
    if max_dimension and max(picture.size) > max_dimension:
        picture.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
    image = _encode(picture, source_format)
    thumbnails: dict[int, ImageVariant] = {}
    for size in sorted(set(thumbnail_sizes)):
        if size <= 0:
            raise ValueError("thumbnail sizes must be positive")
        edge = min(size, *picture.size)
        square = ImageOps.fit(picture, (edge, edge), Image.Resampling.LANCZOS)
        thumbnails[size] = _encode(square, source_format)
    return ProcessedImage(image=image, source_format=source_format, thumbnails=thumbnails)


async def process_image_async(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_dimension: int | None = DEFAULT_MAX_DIMENSION,
    thumbnail_sizes: Sequence[int] = DEFAULT_THUMBNAIL_SIZES,
) -> ProcessedImage:
    """`process_image` in a worker thread, so the event loop keeps serving while it decodes."""
    return await asyncio.to_thread(
        process_image,
        data,
        max_bytes=max_bytes,
        max_pixels=max_pixels,
        max_dimension=max_dimension,
        thumbnail_sizes=thumbnail_sizes,
    )


def _decode(data: bytes, max_pixels: int) -> tuple[Image.Image, str]:
    try:
        probe = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise ImageRejected("NOT_AN_IMAGE", "The file is not an image.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("TOO_MANY_PIXELS", "The image has too many pixels.") from None
    source_format = probe.format or ""
    if source_format not in ALLOWED_FORMATS:
        raise ImageRejected("UNSUPPORTED_FORMAT", "Only JPEG, PNG and WebP images are accepted.")
    width, height = probe.size
    if width * height > max_pixels:
        raise ImageRejected("TOO_MANY_PIXELS", f"The image has more than {max_pixels} pixels.")
    try:
        probe.verify()  # structure and checksums (PNG CRCs); leaves the image unusable
        picture = Image.open(io.BytesIO(data))
        picture.load()  # full decode: truncated or corrupt pixel data fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("TOO_MANY_PIXELS", "The image has too many pixels.") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected("CORRUPT_IMAGE", "The image data is damaged or incomplete.") from exc
    return picture, source_format


def _normalise(picture: Image.Image) -> Image.Image:
    """Upright, sRGB, in a mode every output format takes, and with no metadata attached."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about corrupt EXIF it skips; it is dropped anyway
            upright = ImageOps.exif_transpose(picture) or picture  # apply the orientation before dropping EXIF
    except Exception:  # noqa: BLE001 - malformed EXIF: keep the picture as stored rather than refuse it
        upright = picture
    icc = picture.info.get("icc_profile")
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    target = "RGBA" if has_alpha else ("L" if upright.mode in ("1", "L", "I;16", "I") else "RGB")
    converted = None
    if icc and upright.mode in ("RGB", "RGBA", "CMYK"):
        try:
            converted = ImageCms.profileToProfile(
                upright,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if has_alpha else "RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # an unreadable profile: keep the pixel values as they are
    clean = converted if converted is not None else upright.convert(target)
    if clean is picture or clean is upright:
        clean = clean.copy()
    clean.info = {}  # nothing of the source's metadata is written back
    return clean


def _encode(picture: Image.Image, source_format: str) -> ImageVariant:
    image = picture
    if source_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=source_format, **_SAVE_OPTIONS[source_format])
    return ImageVariant(
        data=buffer.getvalue(),
        content_type=ALLOWED_FORMATS[source_format],
        width=image.width,
        height=image.height,
    )
