#!/usr/bin/env python3
"""Reference coordinates for tests/crs.rs, computed with PROJ (through pyproj), independently
of phusong's own conversion (proj4rs).

    pip install pyproj          # wheels bundle PROJ and its EPSG database; no grids needed
    python3 tests/data/crs/make_reference.py

It rewrites the block between the BEGIN/END REFERENCE markers in tests/crs.rs.

For each system, places across northern, central and southern Vietnam are projected from
WGS84 with the EPSG operation, rounded (1 mm, or 1e-9 degree), and converted back to WGS84
longitude/latitude: those (x, y) -> (lon, lat) pairs are what phusong must reproduce.
VN-2000 goes through EPSG:6960, "VN-2000 to WGS 84 (2)": the 7 parameters of Decision
05/2007/QD-BTNMT as a coordinate frame rotation, chosen explicitly (never a ballpark).
"""

import pathlib
import re

import pyproj
from pyproj import CRS
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion
from pyproj.transformer import TransformerGroup

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent.parent / "crs.rs"

# (name, lon, lat) in WGS84, north to south.
PLACES = [
    ("Lung Cu", 105.316, 23.363),
    ("Lao Cai", 103.975, 22.486),
    ("Cao Bang", 106.257, 22.666),
    ("Bac Kan", 105.834, 22.147),
    ("Dien Bien Phu", 103.016, 21.386),
    ("Lang Son", 106.761, 21.853),
    ("Ha Noi", 105.854, 21.028),
    ("Mong Cai", 107.966, 21.524),
    ("Hai Phong", 106.682, 20.845),
    ("Thanh Hoa", 105.776, 19.807),
    ("Vinh", 105.692, 18.673),
    ("Dong Hoi", 106.622, 17.468),
    ("Hue", 107.585, 16.464),
    ("Da Nang", 108.221, 16.054),
    ("Kon Tum", 108.005, 14.350),
    ("Quy Nhon", 109.219, 13.776),
    ("Buon Ma Thuot", 108.038, 12.667),
    ("Nha Trang", 109.194, 12.239),
    ("Da Lat", 108.442, 11.940),
    ("Dong Xoai", 106.899, 11.536),
    ("Ho Chi Minh", 106.700, 10.776),
    ("Can Tho", 105.784, 10.034),
    ("Rach Gia", 105.080, 10.012),
    ("Phu Quoc", 103.967, 10.227),
    ("Ca Mau", 105.150, 9.177),
    ("Con Dao", 106.606, 8.682),
]

WGS84 = CRS.from_epsg(4326)
VN2000 = CRS.from_epsg(4756)


def operation(crs):
    """The transformation from crs to WGS84 lon/lat (always_xy), through EPSG:6960 for VN-2000."""
    group = TransformerGroup(crs, WGS84, always_xy=True)
    if "VN-2000" in crs.name or crs.geodetic_crs.name == "VN-2000":
        chosen = [t for t in group.transformers if "VN-2000 to WGS 84 (2)" in t.description]
    else:
        chosen = [t for t in group.transformers if "Inverse of" in t.description or t.description.startswith("UTM") or "Transverse" in t.description or crs.is_geographic]
    assert chosen, (crs.name, [t.description for t in group.transformers])
    return chosen[0]


def inverse(crs):
    group = TransformerGroup(WGS84, crs, always_xy=True)
    if crs.geodetic_crs.name == "VN-2000":
        chosen = [t for t in group.transformers if "VN-2000 to WGS 84 (2)" in t.description]
    else:
        chosen = list(group.transformers)
    assert chosen, crs.name
    return chosen[0]


def custom_tm(base, lon_0, lat_0, k, x_0, y_0):
    conv = TransverseMercatorConversion(
        latitude_natural_origin=lat_0,
        longitude_natural_origin=lon_0,
        false_easting=x_0,
        false_northing=y_0,
        scale_factor_natural_origin=k,
    )
    return ProjectedCRS(conversion=conv, geodetic_crs=base, name=f"TM {lon_0}")


def fnum(v):
    s = repr(float(v))
    return s if ("." in s or "e" in s) else s + ".0"


def rust_tm(datum, lon_0, lat_0, k, x_0, y_0):
    return (
        f"Crs::TransverseMercator {{ datum: Datum::{datum}, central_meridian_deg: {fnum(lon_0)}, "
        f"latitude_of_origin_deg: {fnum(lat_0)}, scale_factor: {fnum(k)}, "
        f"false_easting_m: {fnum(x_0)}, false_northing_m: {fnum(y_0)} }}"
    )


def spread(places, n):
    """Up to n places spread from north to south."""
    if len(places) <= n:
        return places
    step = (len(places) - 1) / (n - 1)
    return [places[round(i * step)] for i in range(n)]


systems = []  # (rust expression, crs, places)
near = lambda cm, width: [p for p in PLACES if abs(p[1] - cm) <= width]
systems.append(("Crs::Wgs84Utm { zone: 48 }", CRS.from_epsg(32648), spread(near(105, 3.3), 6)))
systems.append(("Crs::Wgs84Utm { zone: 49 }", CRS.from_epsg(32649), spread([p for p in PLACES if p[1] > 106.5], 6)))
systems.append(("Crs::Vn2000", VN2000, spread(PLACES, 6)))
systems.append(("Crs::Vn2000Utm { zone: 48 }", CRS.from_epsg(3405), spread(near(105, 3.3), 6)))
systems.append(("Crs::Vn2000Utm { zone: 49 }", CRS.from_epsg(3406), spread([p for p in PLACES if p[1] > 106.5], 6)))
tm3 = {}
for code in list(range(5896, 5900)) + list(range(9205, 9219)):
    c = CRS.from_epsg(code)
    cm = [p.value for p in c.coordinate_operation.params if p.name == "Longitude of natural origin"][0]
    k = [p.value for p in c.coordinate_operation.params if p.name == "Scale factor at natural origin"][0]
    assert k == 0.9999 and c.geodetic_crs.name == "VN-2000", c.name
    tm3[cm] = c
for cm in sorted(tm3):
    systems.append((f"Crs::Vn2000Tm3 {{ central_meridian_deg: {fnum(cm)} }}", tm3[cm], spread(near(cm, 1.6), 4)))
for datum, base in (("Wgs84", WGS84), ("Vn2000", VN2000)):
    for lon_0, lat_0, k, x_0, y_0 in ((106.0, 0.0, 1.0, 200000.0, 0.0), (105.75, 10.0, 0.9999, 500000.0, 100000.0), (107.25, 16.0, 0.9998, 300000.0, -50000.0)):
        crs = custom_tm(base, lon_0, lat_0, k, x_0, y_0)
        systems.append((rust_tm(datum, lon_0, lat_0, k, x_0, y_0), crs, spread(near(lon_0, 2.0), 4)))

lines = []
for expr, crs, places in systems:
    fwd = inverse(crs)
    back = operation(crs)
    for name, lon, lat in places:
        x, y = fwd.transform(lon, lat, errcheck=True)
        if crs.is_geographic:
            x, y = round(x, 9), round(y, 9)
        else:
            x, y = round(x, 3), round(y, 3)
        rlon, rlat = back.transform(x, y, errcheck=True)
        lines.append(
            f"    Ref {{ crs: {expr}, place: \"{name}\", x: {fnum(x)}, y: {fnum(y)}, lon: {rlon:.10f}, lat: {rlat:.10f} }},"
        )

block = (
    "// BEGIN REFERENCE (made by tests/data/crs/make_reference.py with PROJ "
    + pyproj.proj_version_str
    + "; do not edit)\n"
    + f"const REFERENCE: [Ref; {len(lines)}] = [\n"
    + "\n".join(lines)
    + "\n];\n// END REFERENCE"
)
text = TESTS.read_text()
text, n = re.subn(r"// BEGIN REFERENCE.*?// END REFERENCE", lambda _: block, text, flags=re.S)
assert n == 1, "markers not found in tests/crs.rs"
TESTS.write_text(text)
print(f"{len(lines)} reference points in {len(systems)} systems written to {TESTS}")
