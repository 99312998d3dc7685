#!/usr/bin/env python3
"""Write scenes/torus.ply, the mesh of scenes/ply-mesh.json: a torus (major radius 1,
minor radius 0.35, axis +y) as binary little-endian PLY with per-vertex normals,
UVs (s, t around the ring and the tube) and colours (which Tessera ignores), and
quad faces (the loader fans them into triangles). Deterministic; rerun to regenerate:
    scripts/make-ply-torus.py [OUTPUT] [RINGS] [SIDES]
"""
import math
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "scenes/torus.ply"
rings = int(sys.argv[2]) if len(sys.argv) > 2 else 48
sides = int(sys.argv[3]) if len(sys.argv) > 3 else 24
R, r = 1.0, 0.35

vertices = []
for i in range(rings):
    u = 2 * math.pi * i / rings
    for j in range(sides):
        v = 2 * math.pi * j / sides
        n = (math.cos(v) * math.cos(u), math.sin(v), math.cos(v) * math.sin(u))
        p = ((R + r * math.cos(v)) * math.cos(u), r * math.sin(v), (R + r * math.cos(v)) * math.sin(u))
        vertices.append(p + n + (i / rings, j / sides) + (200, 120, 40))
faces = []
for i in range(rings):
    for j in range(sides):
        a = i * sides + j
        b = ((i + 1) % rings) * sides + j
        c = ((i + 1) % rings) * sides + (j + 1) % sides
        d = i * sides + (j + 1) % sides
        faces.append((a, d, c, b))  # counter-clockwise seen from outside

header = (
    "ply\nformat binary_little_endian 1.0\ncomment made by scripts/make-ply-torus.py\n"
    "element vertex %d\nproperty float x\nproperty float y\nproperty float z\n"
    "property float nx\nproperty float ny\nproperty float nz\nproperty float s\nproperty float t\n"
    "property uchar red\nproperty uchar green\nproperty uchar blue\n"
    "element face %d\nproperty list uchar int vertex_indices\nend_header\n" % (len(vertices), len(faces))
)
with open(out, "wb") as f:
    f.write(header.encode("ascii"))
    for v in vertices:
        f.write(struct.pack("<8f3B", *v))
    for q in faces:
        f.write(struct.pack("<B4i", 4, *q))
print("wrote %s: %d vertices, %d quads" % (out, len(vertices), len(faces)))
