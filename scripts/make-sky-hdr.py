#!/usr/bin/env python3
"""Write scenes/sky.hdr: the small procedural environment map of scenes/environment.json.

A 128 x 64 equirectangular Radiance HDR (flat RGBE scanlines, -Y 64 +X 128): a blue
sky brightening towards a hazy horizon, a dark brown ground below it, and a sun
disc 3 degrees across, 35 degrees above the horizon, a quarter turn right of the
map's centre (towards +x in Tessera's convention: the centre faces -z, see
core/lights/environment_map.h). Deterministic: running it again writes the same
bytes. Usage: scripts/make-sky-hdr.py [OUT]   (default scenes/sky.hdr)
"""
import math
import os
import sys

W, H = 128, 64
SUN_ELEVATION, SUN_AZIMUTH, SUN_RADIUS = 35.0, 70.0, 1.5  # degrees; azimuth from -z towards +x
SUN_RADIANCE = (400.0, 360.0, 300.0)


def direction(u, v):
    phi, theta = (u - 0.5) * 2 * math.pi, v * math.pi
    return (math.sin(theta) * math.sin(phi), math.cos(theta), -math.sin(theta) * math.cos(phi))


def sky(d):
    y = d[1]
    if y < 0:  # ground: dark, a little lighter near the horizon
        t = min(1.0, -y * 4)
        return (0.20 - 0.08 * t, 0.16 - 0.07 * t, 0.12 - 0.06 * t)
    t = 1 - (1 - y) ** 3  # 0 at the horizon, 1 at the zenith
    return (0.9 - 0.7 * t, 1.0 - 0.55 * t, 1.1 - 0.2 * t)


def rgbe(r, g, b):
    m = max(r, g, b)
    if m < 1e-32:
        return bytes((0, 0, 0, 0))
    mantissa, exponent = math.frexp(m)
    scale = mantissa * 256.0 / m
    return bytes((int(r * scale), int(g * scale), int(b * scale), exponent + 128))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "scenes", "sky.hdr")
    el, az = math.radians(SUN_ELEVATION), math.radians(SUN_AZIMUTH)
    sun = (math.cos(el) * math.sin(az), math.sin(el), -math.cos(el) * math.cos(az))
    cos_sun = math.cos(math.radians(SUN_RADIUS))
    sub = 4  # supersampled per pixel, so the disc's edge is antialiased
    data = bytearray()
    for y in range(H):
        for x in range(W):
            acc = [0.0, 0.0, 0.0]
            for j in range(sub):
                for i in range(sub):
                    d = direction((x + (i + 0.5) / sub) / W, (y + (j + 0.5) / sub) / H)
                    c = SUN_RADIANCE if sum(a * b for a, b in zip(d, sun)) >= cos_sun else sky(d)
                    acc = [a + b / (sub * sub) for a, b in zip(acc, c)]
            data += rgbe(*acc)
    with open(out, "wb") as f:
        f.write(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y %d +X %d\n" % (H, W))
        f.write(bytes(data))


if __name__ == "__main__":
    main()
