#!/usr/bin/env python3
"""Write the small glTF 2.0 models the repository keeps (no downloads, deterministic):
  scenes/gltf-model.gltf  the model of scenes/gltf-model.json: a node hierarchy
      (a matrix node, TRS children), a box with 16-bit indices and normals, a
      pyramid with 8-bit indices, a non-indexed floor tile with UVs and a
      checker texture (an embedded PNG, MIRRORED_REPEAT), four materials
      (base colour, metallic-roughness, emission with KHR_materials_emissive_strength)
  tests/files/gltf-tiny.glb  one blue box as a .glb (no camera, no light), for
      the CLI test of a bare model (tessera render gltf-tiny.glb)
Rerun to regenerate:  scripts/make-gltf-model.py
"""
import base64
import json
import struct
import sys
import zlib


class Builder:
    def __init__(self):
        self.doc = {"asset": {"version": "2.0", "generator": "scripts/make-gltf-model.py"},
                    "bufferViews": [], "accessors": [], "meshes": [], "nodes": [], "materials": []}
        self.bin = b""

    def accessor(self, data, component, count, kind, minmax=None):
        while len(self.bin) % 4:
            self.bin += b"\0"
        self.doc["bufferViews"].append({"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)})
        self.bin += data
        a = {"bufferView": len(self.doc["bufferViews"]) - 1, "componentType": component, "count": count, "type": kind}
        if minmax:
            a["min"], a["max"] = minmax
        self.doc["accessors"].append(a)
        return len(self.doc["accessors"]) - 1

    def floats(self, values, kind, width):
        data = struct.pack("<%df" % len(values), *values)
        mm = None
        if kind == "VEC3":
            cols = [values[i::3] for i in range(3)]
            mm = ([min(c) for c in cols], [max(c) for c in cols])
        return self.accessor(data, 5126, len(values) // width, kind, mm)

    def indices(self, values, fmt, component):
        return self.accessor(struct.pack("<%d%s" % (len(values), fmt), *values), component, len(values), "SCALAR")


def box(b, material):
    """A unit cube centred at the origin: 24 vertices with face normals, 16-bit indices."""
    pos, nor, idx = [], [], []
    faces = [((1, 0, 0), (0, 1, 0), (0, 0, 1)), ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),
             ((0, 1, 0), (0, 0, 1), (1, 0, 0)), ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
             ((0, 0, 1), (1, 0, 0), (0, 1, 0)), ((0, 0, -1), (0, 1, 0), (1, 0, 0))]
    for n, u, v in faces:
        base = len(pos) // 3
        for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            pos += [0.5 * (n[k] + su * u[k] + sv * v[k]) for k in range(3)]
            nor += list(n)
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return {"attributes": {"POSITION": b.floats(pos, "VEC3", 3), "NORMAL": b.floats(nor, "VEC3", 3)},
            "indices": b.indices(idx, "H", 5123), "material": material}


def pyramid(b, material):
    """A square pyramid (base 1, height 0.8) on y = 0, flat-shaded by shared corners, 8-bit indices."""
    pos = [-0.5, 0, -0.5, 0.5, 0, -0.5, 0.5, 0, 0.5, -0.5, 0, 0.5, 0, 0.8, 0]
    idx = [0, 1, 2, 0, 2, 3, 3, 2, 4, 2, 1, 4, 1, 0, 4, 0, 3, 4]
    return {"attributes": {"POSITION": b.floats(pos, "VEC3", 3)}, "indices": b.indices(idx, "B", 5121),
            "material": material}


def tile(b, material):
    """A 2x2 square in y = 0 facing up, non-indexed (two triangles), UVs 0..2 (the texture repeats twice)."""
    p = [(-1, 0, 1), (1, 0, 1), (1, 0, -1), (-1, 0, 1), (1, 0, -1), (-1, 0, -1)]
    uv = [(0, 2), (2, 2), (2, 0), (0, 2), (2, 0), (0, 0)]
    return {"attributes": {"POSITION": b.floats([c for q in p for c in q], "VEC3", 3),
                           "NORMAL": b.floats([0, 1, 0] * 6, "VEC3", 3),
                           "TEXCOORD_0": b.floats([c for q in uv for c in q], "VEC2", 2)},
            "material": material}


def checker_png(n=8):
    rows = b""
    for y in range(n):
        rows += b"\0" + b"".join(bytes((230, 230, 220) if (x + y) % 2 == 0 else (40, 60, 110)) for x in range(n))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def data_uri(mime, data):
    return "data:%s;base64,%s" % (mime, base64.b64encode(data).decode())


def demo_model():
    b = Builder()
    d = b.doc
    d["extensionsUsed"] = ["KHR_materials_emissive_strength"]
    d["materials"] = [
        {"name": "clay", "pbrMetallicRoughness": {"baseColorFactor": [0.8, 0.3, 0.2, 1], "metallicFactor": 0,
                                                  "roughnessFactor": 0.6}},
        {"name": "gold", "pbrMetallicRoughness": {"baseColorFactor": [1.0, 0.78, 0.34, 1], "metallicFactor": 1,
                                                  "roughnessFactor": 0.3}},
        {"name": "checker", "pbrMetallicRoughness": {"baseColorTexture": {"index": 0}, "metallicFactor": 0,
                                                     "roughnessFactor": 0.8}},
        {"name": "lamp", "emissiveFactor": [1, 0.8, 0.5],
         "extensions": {"KHR_materials_emissive_strength": {"emissiveStrength": 3}},
         "pbrMetallicRoughness": {"baseColorFactor": [0, 0, 0, 1]}}]
    d["images"] = [{"uri": data_uri("image/png", checker_png()), "mimeType": "image/png"}]
    d["samplers"] = [{"wrapS": 33648, "wrapT": 33648, "magFilter": 9728}]
    d["textures"] = [{"source": 0, "sampler": 0}]
    d["meshes"] = [{"name": "box", "primitives": [box(b, 0)]},
                   {"name": "roof", "primitives": [pyramid(b, 1)]},
                   {"name": "tile", "primitives": [tile(b, 2)]},
                   {"name": "lamp", "primitives": [box(b, 3)]}]
    d["nodes"] = [
        # The root: a matrix (column-major) lifting everything by 0.01 above the tile.
        {"name": "root", "matrix": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0.01, 0, 1], "children": [1, 3, 4]},
        {"name": "house", "mesh": 0, "translation": [0, 0.4, 0], "scale": [0.8, 0.8, 0.8], "children": [2]},
        # 45 degrees about y (quaternion), on top of the box (in the house's scaled space).
        {"name": "roof", "mesh": 1, "translation": [0, 0.5, 0], "rotation": [0, 0.3826834, 0, 0.9238795]},
        {"name": "tile", "mesh": 2},
        {"name": "lamp", "mesh": 3, "translation": [0.75, 0.1, 0.6], "scale": [0.2, 0.2, 0.2]}]
    d["scenes"] = [{"nodes": [0]}]
    d["scene"] = 0
    d["buffers"] = [{"byteLength": len(b.bin), "uri": data_uri("application/octet-stream", b.bin)}]
    return json.dumps(d, indent=1) + "\n"


def tiny_glb():
    b = Builder()
    d = b.doc
    d["extensionsUsed"] = ["KHR_lights_punctual"]
    d["materials"] = [{"pbrMetallicRoughness": {"baseColorFactor": [0.2, 0.5, 0.9, 1], "metallicFactor": 0}}]
    d["meshes"] = [{"primitives": [box(b, 0)]}]
    d["nodes"] = [{"mesh": 0, "rotation": [0.1, 0.3, 0, 0.9486833]}]
    d["scenes"] = [{"nodes": [0]}]
    d["scene"] = 0
    while len(b.bin) % 4:
        b.bin += b"\0"
    d["buffers"] = [{"byteLength": len(b.bin)}]
    js = json.dumps(d, separators=(",", ":")).encode()
    while len(js) % 4:
        js += b" "
    body = struct.pack("<I", len(js)) + b"JSON" + js + struct.pack("<I", len(b.bin)) + b"BIN\0" + b.bin
    return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(root + "/scenes/gltf-model.gltf", "w") as f:
        f.write(demo_model())
    with open(root + "/tests/files/gltf-tiny.glb", "wb") as f:
        f.write(tiny_glb())
