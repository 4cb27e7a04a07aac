"""Image verification: real decoding decides, metadata never survives, thumbnails are square."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from pkg.storage.images import ImageRejected, process_image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _jpeg_with_exif(width: int = 400, height: int = 300, orientation: int | None = None) -> bytes:
    picture = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "PhotoTool 1.0"  # Software
    exif.get_ifd(GPS_IFD)[2] = (52.0, 31.0, 12.0)  # GPSLatitude
    if orientation is not None:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return buffer.getvalue()


def _png_with_text() -> bytes:
    picture = Image.new("RGBA", (300, 500), (0, 128, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe, 12 Private Street")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _encode(picture: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def test_jpeg_comes_back_without_exif_gps_or_comments() -> None:
    data = _jpeg_with_exif()
    assert b"SecretCam" in data and b"taken at home" in data
    result = process_image(data)
    assert result.image.content_type == "image/jpeg"
    cleaned = Image.open(io.BytesIO(result.image.data))
    assert cleaned.format == "JPEG"
    assert len(cleaned.getexif()) == 0
    assert "exif" not in cleaned.info and "comment" not in cleaned.info
    for variant in (result.image, *result.thumbnails.values()):
        assert b"SecretCam" not in variant.data
        assert b"taken at home" not in variant.data
        assert b"Exif" not in variant.data


def test_png_text_chunks_are_removed_and_transparency_kept() -> None:
    result = process_image(_png_with_text())
    assert result.image.content_type == "image/png"
    assert b"Jane Doe" not in result.image.data
    cleaned = Image.open(io.BytesIO(result.image.data))
    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((10, 10))[3] == 128


def test_webp_is_accepted() -> None:
    result = process_image(_encode(Image.new("RGB", (120, 80), "green"), "WEBP"))
    assert result.image.content_type == "image/webp"
    assert Image.open(io.BytesIO(result.image.data)).format == "WEBP"


def test_thumbnails_are_square_centre_crops_of_each_size() -> None:
    result = process_image(_jpeg_with_exif(800, 600), thumbnail_sizes=(64, 256))
    assert sorted(result.thumbnails) == [64, 256]
    for size, thumbnail in result.thumbnails.items():
        assert (thumbnail.width, thumbnail.height) == (size, size)
        assert Image.open(io.BytesIO(thumbnail.data)).size == (size, size)


def test_small_images_are_never_upscaled() -> None:
    result = process_image(_encode(Image.new("RGB", (100, 40), "blue"), "PNG"), thumbnail_sizes=(64, 256))
    assert (result.thumbnails[64].width, result.thumbnails[256].width) == (40, 40)


def test_large_images_are_scaled_down_to_the_maximum_dimension() -> None:
    result = process_image(_encode(Image.new("RGB", (3000, 1500), "white"), "JPEG"), max_dimension=1024)
    assert (result.image.width, result.image.height) == (1024, 512)


def test_exif_orientation_is_applied_before_it_is_dropped() -> None:
    # Orientation 6: the camera stored the picture rotated; viewers turn it 90° clockwise.
    result = process_image(_jpeg_with_exif(400, 200, orientation=6), max_dimension=None)
    assert (result.image.width, result.image.height) == (200, 400)


def test_a_renamed_text_file_is_not_an_image() -> None:
    with pytest.raises(ImageRejected) as rejected:
        process_image(b"#!/bin/sh\necho this is not a jpeg, whatever the name says\n")
    assert rejected.value.reason == "NOT_AN_IMAGE"


def test_a_pdf_named_like_a_png_is_refused() -> None:
    with pytest.raises(ImageRejected) as rejected:
        process_image(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert rejected.value.reason == "NOT_AN_IMAGE"


def test_other_image_formats_are_refused() -> None:
    with pytest.raises(ImageRejected) as rejected:
        process_image(_encode(Image.new("RGB", (10, 10), "red"), "GIF"))
    assert rejected.value.reason == "UNSUPPORTED_FORMAT"
    with pytest.raises(ImageRejected) as rejected:
        process_image(_encode(Image.new("RGB", (10, 10), "red"), "BMP"))
    assert rejected.value.reason == "UNSUPPORTED_FORMAT"


def test_a_truncated_image_is_refused() -> None:
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    data = _encode(noisy, "JPEG")
    with pytest.raises(ImageRejected) as rejected:
        process_image(data[: len(data) // 2])
    assert rejected.value.reason == "CORRUPT_IMAGE"


def test_a_png_with_a_broken_checksum_is_refused() -> None:
    data = bytearray(_encode(Image.new("RGB", (50, 50), "red"), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip compressed bytes; the chunk CRC no longer matches
    with pytest.raises(ImageRejected) as rejected:
        process_image(bytes(data))
    assert rejected.value.reason == "CORRUPT_IMAGE"


def test_too_many_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(ImageRejected) as rejected:
        process_image(b"\xff" * 1001, max_bytes=1000)
    assert rejected.value.reason == "TOO_LARGE"


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    # A PNG header claiming 60000 x 60000 pixels: refused before any pixel is decoded.
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    with pytest.raises(ImageRejected) as rejected:
        process_image(bomb)
    assert rejected.value.reason == "TOO_MANY_PIXELS"


def test_an_embedded_colour_profile_is_converted_to_srgb_and_dropped() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture = Image.new("RGB", (40, 40), (120, 60, 200))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", icc_profile=srgb)
    result = process_image(buffer.getvalue())
    assert "icc_profile" not in Image.open(io.BytesIO(result.image.data)).info
    assert Image.open(io.BytesIO(result.image.data)).getpixel((5, 5)) == pytest.approx((120, 60, 200), abs=2)
    # An unreadable profile must not break processing: the pixels are kept as they are.
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", icc_profile=b"not a real profile")
    assert process_image(buffer.getvalue()).image.width == 40


def test_malformed_exif_does_not_break_processing_and_is_dropped() -> None:
    data = bytearray(_jpeg_with_exif(120, 90, orientation=6))
    start = data.index(b"Exif\x00\x00") + 6
    data[start + 8 : start + 40] = b"\xff" * 32  # garbage where the IFD entries are
    result = process_image(bytes(data))
    assert b"SecretCam" not in result.image.data
    assert len(Image.open(io.BytesIO(result.image.data)).getexif()) == 0
