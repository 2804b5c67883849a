"""Reading back the QR codes the bot sends: a small PNG reader (greyscale or palette,
any bit depth, every scanline filter) feeding the zxing-cpp decoder, so a test checks
the image a user's camera would see, not the encoder's own data."""

from __future__ import annotations

import struct
import zlib

import zxingcpp

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_grey(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, one byte of grey per pixel) of a PNG of colour type 0 or 3."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    pos, chunks, palette = 8, b"", b""
    width = height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert colour in (0, 3) and interlace == 0, (colour, interlace)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            chunks += body
    raw = zlib.decompress(chunks)
    stride = (width * depth + 7) // 8
    bpp = max(1, depth // 8)
    rows: list[bytearray] = []
    prior = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prior[i], prior[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _predict(method, left, up, corner)) & 0xFF
        rows.append(line)
        prior = line
    out = bytearray()
    top = (1 << depth) - 1
    for line in rows:
        for x in range(width):
            bit = x * depth
            value = (line[bit // 8] >> (8 - depth - bit % 8)) & top
            if colour == 3:
                out.append(palette[value * 3])  # black and white: red == green == blue
            else:
                out.append(value * 255 // top)
    return width, height, bytes(out)


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    assert kind == 4, kind
    p = left + up - corner
    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
    return left if pa <= pb and pa <= pc else up if pb <= pc else corner


def decode_qr(png: bytes) -> list[str]:
    """Every QR code zxing-cpp finds in the PNG, as text."""
    width, height, grey = png_grey(png)
    image = memoryview(grey).cast("B", (height, width))
    found = zxingcpp.read_barcodes(image)
    assert all(code.format == zxingcpp.BarcodeFormat.QRCode for code in found)
    return [code.text for code in found]
