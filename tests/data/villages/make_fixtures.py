#!/usr/bin/env python3
"""Village lists of the demo province as provincial officials make them.

Writes, beside this script:

  thon-bac-kan.xlsx   an Excel list with a letterhead and title above the header, a
                      numbering row under it, coordinates as numbers, as text with decimal
                      commas, as degrees-minutes-seconds in several spellings and as Excel
                      times; four bad rows; totals and a signature below; an instructions
                      sheet first and a summary sheet after.
  thon-bac-kan.xls    an Excel 97-2003 list with a two-row header (Tọa độ over Kinh độ /
                      Vĩ độ), villages grouped under district headings, a hidden lookup sheet
                      first; two bad rows.
  thon-bac-kan.csv    a semicolon CSV with a title line, decimal commas and DMS text.
  thon-vn2000.xlsx    a list with only VN-2000 X/Y columns (metres), for the projected case.
  thon-chu-hong.xlsx  eight villages whose names were damaged before they reached the sheet:
                      UTF-8 read as Windows-1252 (`NÃ  Láº¡i`) and letters lost to `?`.
  thon-so-ho.xlsx     ten villages with their code, households, population and grid power
                      as officials write them, some unknown, and a note column.

Every list holds the 123 villages of data/villages.shp (names and points exactly as there)
plus the bad rows, so that analysing the demo with any of them gives the demo's figures. The
commune and district columns are those of the demo's analysis (tests/golden/demo/villages.csv),
that is the pre-2025 units. Run from the repository root:

    pip install openpyxl xlwt pyshp
    python3 tests/data/villages/make_fixtures.py

The output is the same on every run (no dates or random numbers are written).
"""

import csv
import math
import os
import zipfile

import openpyxl
import shapefile
import xlwt
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def villages():
    """(name, lon, lat, commune, district) in data/villages.shp order."""
    shp = shapefile.Reader(os.path.join(ROOT, "data", "villages.shp"), encoding="utf-8")
    golden = list(
        csv.DictReader(
            open(os.path.join(ROOT, "tests", "golden", "demo", "villages.csv"), encoding="utf-8-sig")
        )
    )
    out = []
    for i, sr in enumerate(shp.iterShapeRecords()):
        lon, lat = sr.shape.points[0]
        g = golden[i]
        assert g["name"] == sr.record["name"], (g["name"], sr.record["name"])
        out.append((sr.record["name"], lon, lat, g["commune_name"], g["district"]))
    return out


def dms(value, hemis, style):
    """Degrees-minutes-seconds text of `value` (degrees, positive) in one of the spellings
    people use; 4 decimals of a second (3 mm) so the points stay where they are (with 3
    decimals one sample of the demo moves across a village's 500 m radius)."""
    d = int(value)
    rest = (value - d) * 60
    m = int(rest)
    s = (rest - m) * 60
    s = round(s, 4)
    if s >= 60:  # rounding carried
        s -= 60
        m += 1
    if m >= 60:
        m -= 60
        d += 1
    if style == "symbols":
        return f"{d}°{m:02d}'{s:07.4f}\"{hemis}"
    if style == "primes":
        return f"{d}°{m:02d}′{s:07.4f}″"
    if style == "spaces":
        return f"{d} {m:02d} {s:07.4f} {hemis}"
    if style == "letters":
        return f"{d}d{m:02d}m{s:07.4f}s"
    if style == "quotes":
        return f"{d}º{m:02d}'{s:07.4f}''"
    if style == "words":
        return f"{d} độ {m} phút {str(s).replace('.', ',')} giây"
    if style == "minutes":
        minutes = round((value - int(value)) * 60, 6)
        return f"{int(value)}°{minutes:09.6f}'{hemis}"
    raise ValueError(style)


def decimal_comma(value):
    return f"{value:.7f}".replace(".", ",")


def commune_text(commune, i):
    # Officials are not consistent: "Xã Cao Kỳ" in one row, "Cao Kỳ" in another.
    if i % 4 == 3:
        for prefix in ("Xã ", "Phường ", "Thị trấn "):
            if commune.startswith(prefix):
                return commune[len(prefix):]
    return commune


# Bad rows, inserted after the village with this index: (name, lon cell, lat cell, note).
XLSX_BAD = {
    10: ("Thôn Nà Mới", "106°75'10\"E", "22°16'05\"N", "75 phút: sai"),
    40: ("Bản Khuổi Vạc", None, None, "chưa đo tọa độ"),
    80: ("Thôn Pác Cáp", "22°16'02\"N", "22°16'05\"N", "nhập nhầm cột"),
    100: ("Thôn Cốc Lùng", "không rõ", "22,3012", ""),
}


def write_xlsx(vs):
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "HƯỚNG DẪN ĐIỀN BIỂU"
    guide["A1"].font = Font(bold=True)
    guide["A3"] = "1. Mỗi thôn, bản ghi một dòng tại sheet \"Danh sách thôn\"."
    guide["A4"] = "2. Kinh độ, Vĩ độ theo hệ WGS84: độ thập phân hoặc độ, phút, giây."
    guide["A5"] = "3. Thôn chưa có tọa độ ghi vào cột Ghi chú."

    ws = wb.create_sheet("Danh sách thôn")
    ws["A1"] = "UBND TỈNH BẮC KẠN"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["A3"] = "DANH SÁCH THÔN, BẢN CẦN RÀ SOÁT PHỦ SÓNG DI ĐỘNG"
    ws.merge_cells("A3:G3")
    ws["A4"] = "(Kèm theo Công văn số 245/STTTT-BCVT ngày 10/3/2026)"
    ws.merge_cells("A4:G4")
    for cell in ("A1", "A2", "A3", "E1"):
        ws[cell].font = Font(bold=True)
    header = ["STT", "Tên thôn, bản", "Xã, phường, thị trấn", "Huyện, thành phố",
              "Kinh độ", "Vĩ độ", "Ghi chú"]
    ws.append([])  # row 5 empty
    ws.append(header)  # row 6
    for c in range(1, 8):
        ws.cell(row=6, column=c).font = Font(bold=True)
        ws.cell(row=6, column=c).alignment = Alignment(wrap_text=True, horizontal="center")
    ws.append([f"({k})" for k in range(1, 8)])  # row 7
    styles = ["number", "comma", "symbols", "primes", "time", "minutes"]
    stt = 0
    for i, (name, lon, lat, commune, district) in enumerate(vs):
        stt += 1
        style = styles[i % len(styles)]
        row = ws.max_row + 1
        ws.cell(row=row, column=1, value=stt)
        ws.cell(row=row, column=2, value=name or None)
        ws.cell(row=row, column=3, value=commune_text(commune, i))
        ws.cell(row=row, column=4, value=district)
        if style == "number":
            ws.cell(row=row, column=5, value=lon)
            ws.cell(row=row, column=6, value=lat)
        elif style == "comma":
            ws.cell(row=row, column=5, value=decimal_comma(lon))
            ws.cell(row=row, column=6, value=decimal_comma(lat))
        elif style == "time":
            # 105:48:30 typed into Excel becomes a duration of 105 hours.
            for col, v in ((5, lon), (6, lat)):
                c = ws.cell(row=row, column=col, value=v / 24.0)
                c.number_format = "[h]:mm:ss.000"
        else:
            ws.cell(row=row, column=5, value=dms(lon, "E", style))
            ws.cell(row=row, column=6, value=dms(lat, "N", style))
        if i in XLSX_BAD:
            bad_name, bad_lon, bad_lat, note = XLSX_BAD[i]
            stt += 1
            ws.append([stt, bad_name, commune_text(commune, i), district, bad_lon, bad_lat, note])
    last = ws.max_row
    ws.cell(row=last + 2, column=2, value=f"Tổng cộng: {len(vs) + len(XLSX_BAD)} thôn, bản")
    ws.cell(row=last + 4, column=2, value="Người lập biểu")
    ws.cell(row=last + 4, column=6, value="GIÁM ĐỐC")
    for col, width in zip("ABCDEFG", (6, 24, 22, 20, 18, 18, 16)):
        ws.column_dimensions[col].width = width

    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Huyện", "Số thôn"])
    counts = {}
    for v in vs:
        counts[v[4]] = counts.get(v[4], 0) + 1
    for district in sorted(counts):
        summary.append([district, counts[district]])

    path = os.path.join(HERE, "thon-bac-kan.xlsx")
    wb.save(path)
    normalise_zip(path)


XLS_BAD = [
    ("Thôn Lũng Cào", "105 43 12.500 E", "22°39'60\"", "60 giây: sai"),
    ("Bản Pjạc", "N/A", "N/A", "chưa đo"),
]


def write_xls(vs):
    wb = xlwt.Workbook(encoding="utf-8")
    lookup = wb.add_sheet("Tra cứu")
    lookup.visibility = 1  # hidden: a lookup table of commune centres, not villages
    for c, h in enumerate(["Xã", "Kinh độ", "Vĩ độ"]):
        lookup.write(0, c, h)
    lookup.write(1, 0, "Xã Cao Kỳ")
    lookup.write(1, 1, 105.75)
    lookup.write(1, 2, 22.2)

    ws = wb.add_sheet("DS thon")
    bold = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    ws.write(0, 0, "DANH SÁCH THÔN BẢN TỈNH BẮC KẠN", xlwt.easyxf("font: bold on"))
    ws.write(1, 0, "(Số liệu đến ngày 01/3/2026)")
    # Rows 4 and 5 (indices 3 and 4): a two-row header.
    for c, h in enumerate(["STT", "Tên thôn/bản", "Xã"]):
        ws.write_merge(3, 4, c, c, h, bold)
    ws.write_merge(3, 3, 3, 4, "Tọa độ (WGS84)", bold)
    ws.write(4, 3, "Kinh độ", bold)
    ws.write(4, 4, "Vĩ độ", bold)
    ws.write_merge(3, 4, 5, 5, "Ghi chú", bold)
    styles = ["spaces", "letters", "number", "quotes", "comma", "words"]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    districts = []
    for v in vs:
        if v[4] not in districts:
            districts.append(v[4])
    districts.sort()
    r = 5
    stt = 0
    bad = list(XLS_BAD)
    for k, district in enumerate(districts):
        ws.write(r, 0, roman[k], xlwt.easyxf("font: bold on"))
        ws.write(r, 1, district, xlwt.easyxf("font: bold on"))
        r += 1
        for i, (name, lon, lat, commune, d) in enumerate(vs):
            if d != district:
                continue
            stt += 1
            style = styles[i % len(styles)]
            ws.write(r, 0, stt)
            if name:
                ws.write(r, 1, name)
            ws.write(r, 2, commune_text(commune, i))
            if style == "number":
                ws.write(r, 3, lon)
                ws.write(r, 4, lat)
            elif style == "comma":
                ws.write(r, 3, decimal_comma(lon))
                ws.write(r, 4, decimal_comma(lat))
            elif style == "words":
                ws.write(r, 3, dms(lon, "Đ", style) + " Đông")
                ws.write(r, 4, dms(lat, "B", style) + " Bắc")
            else:
                ws.write(r, 3, dms(lon, "E", style))
                ws.write(r, 4, dms(lat, "N", style))
            r += 1
        if bad and k in (0, 2):
            name, lon_text, lat_text, note = bad.pop(0)
            stt += 1
            for c, v in enumerate([stt, name, "", lon_text, lat_text, note]):
                ws.write(r, c, v)
            r += 1
    ws.write(r + 1, 1, "Người lập biểu")
    for c, width in enumerate((6, 24, 22, 20, 20, 16)):
        ws.col(c).width = width * 256
    wb.save(os.path.join(HERE, "thon-bac-kan.xls"))


def write_csv(vs):
    lines = ["DANH SÁCH THÔN BẢN TỈNH BẮC KẠN;;;;;", ";;;;;",
             "STT;Tên thôn;Xã;Huyện;Kinh độ;Vĩ độ"]
    for i, (name, lon, lat, commune, district) in enumerate(vs):
        if i % 2:
            x, y = dms(lon, "E", "symbols"), dms(lat, "N", "symbols")
        else:
            x, y = decimal_comma(lon), decimal_comma(lat)
        # A semicolon file quotes fields with a double quote in them.
        x, y = (f'"{v.replace(chr(34), chr(34) * 2)}"' if '"' in v else v for v in (x, y))
        lines.append(f"{i + 1};{name};{commune_text(commune, i)};{district};{x};{y}")
    with open(os.path.join(HERE, "thon-bac-kan.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


def tm3(lon, lat, lon0=106.5, k0=0.9999, fe=500000.0):
    """Transverse Mercator on the WGS84 ellipsoid (Snyder's series), as VN-2000 TM-3
    plane coordinates look; the datum shift is left out, so these are approximate and only
    for telling projected columns apart, not for testing a conversion."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat), math.radians(lon - lon0)
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t = math.tan(phi) ** 2
    c = ep2 * math.cos(phi) ** 2
    aa = lam * math.cos(phi)
    m = a * ((1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256) * phi
             - (3 * e2 / 8 + 3 * e2 ** 2 / 32 + 45 * e2 ** 3 / 1024) * math.sin(2 * phi)
             + (15 * e2 ** 2 / 256 + 45 * e2 ** 3 / 1024) * math.sin(4 * phi)
             - (35 * e2 ** 3 / 3072) * math.sin(6 * phi))
    x = k0 * (m + n * math.tan(phi) * (aa ** 2 / 2 + (5 - t + 9 * c + 4 * c ** 2) * aa ** 4 / 24))
    y = fe + k0 * n * (aa + (1 - t + c) * aa ** 3 / 6)
    return x, y  # Vietnamese convention: X northing, Y easting


def write_vn2000(vs):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thôn bản"
    ws["A1"] = "DANH SÁCH THÔN (tọa độ VN-2000, kinh tuyến trục 106°30', múi 3°)"
    ws.append([])
    ws.append(["STT", "Tên thôn", "Xã", "X (VN-2000)", "Y (VN-2000)"])
    for i, (name, lon, lat, commune, district) in enumerate(vs[:20]):
        x, y = tm3(lon, lat)
        ws.append([i + 1, name, commune, round(x, 2), round(y, 2)])
    path = os.path.join(HERE, "thon-vn2000.xlsx")
    wb.save(path)
    normalise_zip(path)


def write_damaged(vs):
    """Names as they come out of a CSV opened in the wrong encoding and saved again
    (UTF-8 read as Windows-1252), and of a program that saved them in a code page without
    Vietnamese letters (`?` for each); the rest of the list is sound."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS thôn"
    ws.append(["STT", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ"])
    accented = [v for v in vs if not v[0].isascii()][:8]
    for i, (name, lon, lat, commune, district) in enumerate(accented):
        if i in (2, 3, 4):
            name = name.encode("utf-8").decode("cp1252", errors="replace")
        elif i == 6:
            name = "".join(c if c.isascii() else "?" for c in name)
        ws.append([i + 1, name, commune, lon, lat])
    path = os.path.join(HERE, "thon-chu-hong.xlsx")
    wb.save(path)
    normalise_zip(path)


# The households list: ten demo villages (by record number) with their own code, households,
# population and grid power as officials write them, some unknown or unreadable, and a note.
# tests/it/village_facts.rs counts the households by hand from this table.
FACTS = [
    # record, code, households, population, power, note
    (1, "T01", 120, 480, "Có", ""),
    (2, "T02", "1.005", "4.020", "x", "thôn lớn"),
    (3, "T03", None, None, "Có", "chưa thống kê"),
    (4, "T04", 200, 830, "Có", ""),
    (5, "T05", 64, 250, "Không", ""),
    (9, "T09", "87 hộ", 301, "có", ""),
    (18, "T18", "chưa rõ", None, None, "số liệu đang cập nhật"),
    (20, "T20", 45, 190, 0, ""),
    (29, "T29", "-", "-", 1, ""),
    (15, "T15", 30, 112, "không", "thôn mới tách"),
]


def write_facts(vs):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách thôn"
    ws.append(["STT", "Mã thôn", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ", "Số hộ", "Nhân khẩu", "Điện lưới", "Ghi chú"])
    for i, (record, code, households, population, power, note) in enumerate(FACTS):
        name, lon, lat, commune, district = vs[record - 1]
        ws.append([i + 1, code, name, commune, lon, lat, households, population, power, note])
    path = os.path.join(HERE, "thon-so-ho.xlsx")
    wb.save(path)
    normalise_zip(path)


def normalise_zip(path):
    """openpyxl stamps the time into the zip entries and docProps/core.xml; rewrite them
    with fixed times so the files are the same on every run."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                import re
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>",
                              lambda m: m.group(0).split(b">")[0] + b">2026-03-10T00:00:00Z</dcterms:" + m.group(1) + b">",
                              data)
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 10, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == "__main__":
    vs = villages()
    write_xlsx(vs)
    write_xls(vs)
    write_csv(vs)
    write_vn2000(vs)
    write_damaged(vs)
    write_facts(vs)
    print(f"{len(vs)} villages written to thon-bac-kan.xlsx, .xls, .csv, 20 to thon-vn2000.xlsx 8 to thon-chu-hong.xlsx and 10 to thon-so-ho.xlsx")
