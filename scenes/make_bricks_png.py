#!/usr/bin/env python3
"""Writes scenes/bricks.png, the procedural texture of scenes/textured.json:
32x32 sRGB pixels, bricks 16x8 in running bond with 2-pixel grey mortar, each
brick a slightly different red. Pure Python (zlib), no imaging library."""
import os
import struct
import zlib

W = H = 32


def pixel(x, y):
    row = y // 8
    shift = 8 if row % 2 else 0
    bx = (x + shift) % 16
    if y % 8 < 2 or bx < 2:
        return (150, 150, 140)  # mortar
    brick = ((x + shift) // 16 + 3 * row) % 4
    return (170 + 15 * brick, 60 + 8 * brick, 40 + 5 * brick)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + bytes(c for x in range(W) for c in pixel(x, y)) for y in range(H))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bricks.png")
with open(out, "wb") as f:
    f.write(png)
