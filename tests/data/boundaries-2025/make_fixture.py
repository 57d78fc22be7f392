#!/usr/bin/env python3
"""A commune layer shaped like the boundaries after the July 2025 reform, made from the
demo's pre-2025 communes (data/communes.shp): two levels only, province and commune, with
no district; neighbouring communes of one old district merged in threes into one new
commune, named after the first of them; the province named Thái Nguyên, which Bắc Kạn
joined on 1 July 2025.

It is NOT the real 2025 map: which communes merged, and the new codes, are made up here.
It has the shape of such files (fields ma_xa, ten_xa, ten_tinh and the old communes in
truoc_sn) and covers exactly the ground of the old layer, so that analyses with either
layer count the same villages. Writes xa-2025.shp/.shx/.dbf/.prj/.cpg beside this script;
the same on every run. Run from the repository root:

    pip install pyshp
    python3 tests/data/boundaries-2025/make_fixture.py
"""

import os
import shutil

import shapefile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def centre(shape):
    xs = [p[0] for p in shape.points]
    ys = [p[1] for p in shape.points]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def rings(shape):
    parts = list(shape.parts) + [len(shape.points)]
    return [[list(p) for p in shape.points[a:b]] for a, b in zip(parts, parts[1:])]


def main():
    src = os.path.join(ROOT, "data", "communes.shp")
    r = shapefile.Reader(src, encoding="utf-8")
    communes = [(sr.record["commune_id"], sr.record["commune_vn"], sr.record["district_v"], sr.shape)
                for sr in r.iterShapeRecords()]
    groups = []
    for district in dict.fromkeys(c[2] for c in communes):
        left = [c for c in communes if c[2] == district]
        while left:
            first = left.pop(0)
            cx, cy = centre(first[3])
            left.sort(key=lambda c: (centre(c[3])[0] - cx) ** 2 + (centre(c[3])[1] - cy) ** 2)
            groups.append([first] + left[:2])
            left = left[2:]
    out = os.path.join(HERE, "xa-2025")
    w = shapefile.Writer(out, shapeType=shapefile.POLYGON, encoding="utf-8")
    w.field("ma_xa", "C", size=10)
    w.field("ten_xa", "C", size=80)
    w.field("ten_tinh", "C", size=80)
    w.field("truoc_sn", "C", size=254)
    for k, group in enumerate(groups):
        parts = [ring for c in group for ring in rings(c[3])]
        w.poly(parts)
        w.record(f"{k + 1:05d}", group[0][1], "Thái Nguyên", ", ".join(c[1] for c in group))
    w.close()
    shutil.copy(os.path.join(ROOT, "data", "communes.prj"), out + ".prj")
    with open(out + ".cpg", "w") as f:
        f.write("UTF-8")
    print(f"{len(groups)} communes from {len(communes)}")


if __name__ == "__main__":
    main()
