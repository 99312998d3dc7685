#!/usr/bin/env python3
"""RMSE of test images against a reference, over all pixels and over the pixels
more than DILATE pixels away from the light. Standard library only (PFM files).

Usage: masked_rmse.py REFERENCE.pfm LIGHT_RADIANCE DILATE TEST.pfm...
The light's pixels are those whose reference value reaches half the light's
radiance in the channel where the light is brightest (a box-filtered pixel
wholly on the light holds exactly its radiance; a partly covered one less, and
the dilation takes it in). Prints one line: "<all> <away>", the RMSE over every
channel of every pixel, and over the pixels more than DILATE away (a square
dilation), averaged over the TEST images' mean squared errors.
"""
import math
import struct
import sys


def read_pfm(path):
    with open(path, "rb") as f:
        kind = f.readline().strip()
        if kind != b"PF":
            sys.exit(f"{path}: not an RGB PFM")
        width, height = map(int, f.readline().split())
        scale = float(f.readline())
        fmt = "<" if scale < 0 else ">"
        data = struct.unpack(fmt + "f" * (width * height * 3), f.read(width * height * 12))
    # PFM rows run bottom to top; the order does not matter here as long as it is the same.
    return width, height, data


def main():
    ref_path, light, dilate = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    w, h, ref = read_pfm(ref_path)
    light_px = [max(ref[3 * i:3 * i + 3]) >= 0.5 * light for i in range(w * h)]
    near = [False] * (w * h)
    for i, is_light in enumerate(light_px):
        if not is_light:
            continue
        x, y = i % w, i // w
        for yy in range(max(0, y - dilate), min(h, y + dilate + 1)):
            for xx in range(max(0, x - dilate), min(w, x + dilate + 1)):
                near[yy * w + xx] = True
    mse_all = mse_away = 0.0
    tests = sys.argv[4:]
    for path in tests:
        tw, th, img = read_pfm(path)
        if (tw, th) != (w, h):
            sys.exit(f"{path}: {tw}x{th}, the reference is {w}x{h}")
        s_all = s_away = 0.0
        n_away = 0
        for i in range(w * h):
            e = sum((img[3 * i + c] - ref[3 * i + c]) ** 2 for c in range(3))
            s_all += e
            if not near[i]:
                s_away += e
                n_away += 1
        mse_all += s_all / (3 * w * h)
        mse_away += s_away / (3 * n_away)
    print(f"{math.sqrt(mse_all / len(tests)):.6g} {math.sqrt(mse_away / len(tests)):.6g} "
          f"{sum(light_px)} {sum(near)}")


main()
