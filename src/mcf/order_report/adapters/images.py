"""Upload checks with Pillow: a photo is what its bytes say, not what its name or Content-Type claim.

Only real JPEG, PNG and WebP pass, within a size and dimension limit; the header's dimensions are checked before
any pixel is decoded (a small file can claim a huge image), then the whole image is decoded (a truncated or forged
body fails here). What is stored is a re-encoding without any metadata — EXIF with its GPS location, XMP,
comments — turned upright first by its EXIF orientation so stripping it does not rotate the photo.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from mcf.order_report.ports import BadImage, CleanImage, Upload

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_CONTENT_TYPE = "image/jpeg"


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 10 * 1024 * 1024
    min_side: int = 64
    max_side: int = 8000
    max_pixels: int = 40_000_000
    thumbnail_side: int = 320


class PillowImageInspector:
    def __init__(self, limits: ImageLimits = ImageLimits()):
        self.limits = limits

    def inspect(self, upload: Upload) -> CleanImage:
        limits, name = self.limits, upload.filename or "photo"
        if not upload.data:
            raise BadImage(f"{name} is empty", field="photos")
        if len(upload.data) > limits.max_bytes:
            raise BadImage(f"{name} is larger than {limits.max_bytes} bytes", field="photos",
                           max_bytes=limits.max_bytes)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(upload.data))
                kind = image.format
                if kind not in FORMATS:
                    raise BadImage(f"{name} is {kind or 'not an image'}; only JPEG, PNG and WebP are accepted",
                                   field="photos")
                width, height = image.size
                if min(width, height) < limits.min_side or max(width, height) > limits.max_side \
                        or width * height > limits.max_pixels:
                    raise BadImage(f"{name} is {width}x{height}; each side must be {limits.min_side}.."
                                   f"{limits.max_side} pixels and at most {limits.max_pixels} pixels in all",
                                   field="photos", width=width, height=height)
                image.load()
        except BadImage:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as exc:
            raise BadImage(f"{name} is not a readable JPEG, PNG or WebP image ({type(exc).__name__})",
                           field="photos") from None
        upright = ImageOps.exif_transpose(image)
        data = _encode(upright, kind)
        return CleanImage(content_type=FORMATS[kind], data=data, width=upright.width, height=upright.height,
                          thumbnail=_thumbnail(upright, limits.thumbnail_side),
                          thumbnail_content_type=THUMBNAIL_CONTENT_TYPE)


def _encode(image: Image.Image, kind: str) -> bytes:
    """The pixels again, with no metadata: ``exif=b""`` and no ``info`` carried over (only PNG transparency)."""
    keep = {k: v for k, v in image.info.items() if k == "transparency"} if kind == "PNG" else {}
    clean = image.copy()
    clean.info = keep
    out = io.BytesIO()
    if kind == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=90, exif=b"")
    elif kind == "WEBP":
        clean.save(out, "WEBP", quality=90, exif=b"", xmp=b"")
    else:
        clean.save(out, "PNG", **keep)
    return out.getvalue()


def _thumbnail(image: Image.Image, side: int) -> bytes:
    thumb = image.copy()
    thumb.info = {}
    thumb.thumbnail((side, side))
    if thumb.mode in ("RGBA", "LA", "P"):
        rgba = thumb.convert("RGBA")
        thumb = Image.new("RGB", rgba.size, (255, 255, 255))
        thumb.paste(rgba, mask=rgba.getchannel("A"))
    elif thumb.mode != "RGB":
        thumb = thumb.convert("RGB")
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return out.getvalue()
