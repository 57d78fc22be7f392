#!/usr/bin/env python3
"""The demo province (data/) in VN-2000, as provincial departments hand it out.

    pip install pyproj pyshp
    python3 tests/data/vn2000/make_fixture.py

- communes.*: data/communes.* in VN-2000 / TM-3 106°30' (Bắc Kạn's zone, EPSG:9213);
- villages.*: data/villages.* in VN-2000 / UTM zone 48N (EPSG:3405).

Attributes, field definitions, record order, parts and rings are copied unchanged; only the
coordinates are converted, with PROJ, from WGS84 through EPSG:6960 ("VN-2000 to WGS 84 (2)",
the 7 parameters of Decision 05/2007/QĐ-BTNMT). Each .prj is the ESRI WKT that QGIS (through
GDAL and PROJ) writes for that EPSG code; the .cpg says UTF-8 as the demo's does.
"""

import pathlib

import shapefile
from pyproj import CRS
from pyproj.transformer import TransformerGroup

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent.parent.parent / "data"


def to_vn2000(epsg):
    group = TransformerGroup(CRS.from_epsg(4326), CRS.from_epsg(epsg), always_xy=True)
    ops = [t for t in group.transformers if "VN-2000 to WGS 84 (2)" in t.description]
    assert ops, [t.description for t in group.transformers]
    return ops[0]


def convert(layer, epsg):
    op = to_vn2000(epsg)
    src = shapefile.Reader(str(DATA / layer), encoding="utf-8")
    out = HERE / layer
    with shapefile.Writer(str(out), shapeType=src.shapeType, encoding="utf-8") as w:
        for name, kind, size, decimal in src.fields[1:]:
            w.field(name, kind, size, decimal)
        for sr in src.iterShapeRecords():
            shape = sr.shape
            points = [op.transform(x, y, errcheck=True) for x, y in shape.points]
            if shape.shapeType == shapefile.POINT:
                w.point(*points[0])
            elif shape.shapeType == shapefile.POLYGON:
                starts = list(shape.parts) + [len(points)]
                rings = [[list(p) for p in points[a:b]] for a, b in zip(starts, starts[1:])]
                w.poly(rings)
            else:
                raise SystemExit(f"{layer}: shape type {shape.shapeTypeName} not handled")
            w.record(*sr.record)
    # The DBF header carries the date it was written: keep the source's, so that running the
    # script again gives the same bytes.
    dbf = bytearray((HERE / f"{layer}.dbf").read_bytes())
    dbf[1:4] = (DATA / f"{layer}.dbf").read_bytes()[1:4]
    (HERE / f"{layer}.dbf").write_bytes(bytes(dbf))
    (HERE / f"{layer}.prj").write_text(CRS.from_epsg(epsg).to_wkt("WKT1_ESRI"))
    (HERE / f"{layer}.cpg").write_text("UTF-8")
    print(f"{out}.shp: {len(src)} records in EPSG:{epsg}")


convert("communes", 9213)
convert("villages", 3405)
