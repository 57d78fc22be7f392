#!/usr/bin/env python3
"""Makes the text-encoding fixtures of phusong's tests, from the demo communes in data/.

    pip install pyshp
    python3 tests/data/encodings/make_fixtures.py      # from the project folder

Writes, beside this script:
- letters.tsv: every letter of the Vietnamese alphabet with every tone, both cases, in
  UTF-8, Windows-1258, TCVN3 and VNI-Windows, from this script's own tables (below), which
  come from other sources than phusong's (src/io/vietnamese.rs, from UniKey).
- xa_tcvn3, xa_vni, xa_cp1258 (no .cpg), xa_cp1258_cpg (.cpg "1258"), xa_utf8 (no .cpg):
  the 8 communes of Bắc Kạn town with their names in that encoding (fields MA_XA, TEN_XA,
  TEN_HUYEN, TEN_TINH).
- xa_damaged (UTF-8, .cpg): the same, with the names of records 2, 5 and 7 as a conversion
  to an ASCII code page leaves them ("Ph??ng Nguy?n Th? Minh Khai").
- bac_kan_tcvn3: the whole demo communes layer (data/communes.*), every record and field,
  with its text in TCVN3 and no .cpg; .shp, .shx and .prj are copied unchanged, and the .dbf
  differs from data/communes.dbf only in the bytes of its text fields.

Encoding is done here, not with phusong, so that the tests compare two independent readings.
"""

import os
import shutil
import struct
import subprocess
import unicodedata

import shapefile  # pyshp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "data")

# --- TCVN 5712:1993, from GNU libiconv lib/tcvn.h (rows 0xA0-0xFF, the VN1 table). VN3, the
# level ABC fonts implement, uses the lower-case letters and the 7 capitals without tone.
TCVN_A0_FF = (
    "\u00a0ĂÂÊÔƠƯĐ"  # A0
    "ăâêôơưđẰ"  # A8
    "\u0300\u0309\u0303\u0301\u0323àảã"  # B0
    "áạẲằẳẵắẴ"  # B8
    "ẮẦẨẪẤỀặầ"  # C0
    "ẩẫấậèỂẻẽ"  # C8
    "éẹềểễếệì"  # D0
    "ỉỄẾỒĩíịò"  # D8
    "Ổỏõóọồổỗ"  # E0
    "ốộờởỡớợù"  # E8
    "Ỗủũúụừửữ"  # F0
    "ứựỳỷỹýỵỐ"  # F8
)
assert len(TCVN_A0_FF) == 96
TCVN3 = {}
for i, ch in enumerate(TCVN_A0_FF):
    lower_or_plain_capital = ch.islower() or ch in "ĂÂÊÔƠƯĐ"
    if lower_or_plain_capital:
        TCVN3[ch] = bytes([0xA0 + i])


def tcvn3_encode(text):
    """TCVN3 bytes of text: a capital with a tone takes its small letter's code (TCVN3 has
    none; the capital fonts draw it as a capital)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out += ch.encode("ascii")
        elif ch in TCVN3:
            out += TCVN3[ch]
        elif ch.lower() in TCVN3:
            out += TCVN3[ch.lower()]
        else:
            raise ValueError(f"no TCVN3 code for {ch!r}")
    return bytes(out)


# --- VNI-Windows, from xvnkb's vni.h (Dao Hai Lam): each vowel with no tone, acute, grave,
# hook, tilde, dot below; written here as Windows-1252 text, as the table is.
VNI_TABLE = """
A AÙ AØ AÛ AÕ AÏ | AÂ AÁ AÀ AÅ AÃ AÄ | AÊ AÉ AÈ AÚ AÜ AË | E EÙ EØ EÛ EÕ EÏ | EÂ EÁ EÀ EÅ EÃ EÄ
O OÙ OØ OÛ OÕ OÏ | OÂ OÁ OÀ OÅ OÃ OÄ | Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ | U UÙ UØ UÛ UÕ UÏ | Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ
I Í Ì Æ Ó Ò | Y YÙ YØ YÛ YÕ Î | Ñ
a aù aø aû aõ aï | aâ aá aà aå aã aä | aê aé aè aú aü aë | e eù eø eû eõ eï | eâ eá eà eå eã eä
o où oø oû oõ oï | oâ oá oà oå oã oä | ô ôù ôø ôû ôõ ôï | u uù uø uû uõ uï | ö öù öø öû öõ öï
i í ì æ ó ò | y yù yø yû yõ î | ñ
"""
VOWELS = ["A", "Â", "Ă", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư", "I", "Y"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VNI = {}
_cells = VNI_TABLE.replace("|", " ").split()
_letters = []
for case in (str.upper, str.lower):
    for v in VOWELS:
        for t in TONES:
            _letters.append(unicodedata.normalize("NFC", case(v) + t))
    _letters.append(case("Đ"))
assert len(_cells) == len(_letters) == 146
for letter, cell in zip(_letters, _cells):
    VNI[letter] = cell.encode("cp1252")


def vni_encode(text):
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out += ch.encode("ascii")
        elif ch in VNI:
            out += VNI[ch]
        else:
            raise ValueError(f"no VNI code for {ch!r}")
    return bytes(out)


# --- Windows-1258 as Windows writes it: a letter the code page has as one byte is that byte;
# otherwise the letter without its tone, then the tone as a combining mark.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_encode(text):
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def alphabet():
    """Every letter of the Vietnamese alphabet with every tone, small then capital."""
    letters = []
    for base in "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split():
        tones = TONES if base in "aăâeêioôơuưy" else [""]
        for t in tones:
            letters.append(unicodedata.normalize("NFC", base + t))
    return letters + [l.upper() for l in letters]


def write_letters():
    rows = ["letter\tutf8\tcp1258\ttcvn3\ttcvn3_capital_from_context\tvni"]
    for letter in alphabet():
        tcvn3 = tcvn3_encode(letter)
        from_context = letter.isupper() and letter not in TCVN3 and ord(letter) >= 0x80
        rows.append(
            "\t".join(
                [
                    letter,
                    letter.encode("utf-8").hex(),
                    cp1258_encode(letter).hex(),
                    tcvn3.hex(),
                    "1" if from_context else "0",
                    vni_encode(letter).hex(),
                ]
            )
        )
    with open(os.path.join(HERE, "letters.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows) - 1


def check_against_glibc():
    """Where glibc's iconv is at hand, its TCVN5712-1 must read the TCVN3 table the same."""
    for ch, code in TCVN3.items():
        try:
            got = subprocess.run(
                ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
                input=code,
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
        except (OSError, subprocess.CalledProcessError):
            print("glibc iconv not available: TCVN3 table not cross-checked")
            return
        assert unicodedata.normalize("NFC", got) == ch, (ch, code, got)
    print(f"TCVN3 table agrees with glibc iconv on {len(TCVN3)} code points")


def fix_dbf_date(path):
    """pyshp writes today's date in the .dbf header; a fixed one keeps the files stable."""
    with open(path, "r+b") as f:
        f.seek(1)
        f.write(bytes([126, 1, 1]))  # 2026-01-01


def small_layer(name, encode, cpg=None, damage=None):
    src = shapefile.Reader(os.path.join(DATA, "communes.shp"), encoding="utf-8")
    out = os.path.join(HERE, name)
    # Text goes through latin-1, which writes each character as the byte of its code.
    w = shapefile.Writer(out, shapeType=src.shapeType, encoding="latin-1")
    w.field("MA_XA", "N", 10, 0)
    w.field("TEN_XA", "C", 60)
    w.field("TEN_HUYEN", "C", 60)
    w.field("TEN_TINH", "C", 30)
    for i, sr in enumerate(src.iterShapeRecords()):
        if i >= 8:
            break
        rec = sr.record.as_dict()
        name_vn = rec["commune_vn"]
        if damage and (i + 1) in damage:
            name_vn = "".join(c if ord(c) < 0x80 else "?" for c in name_vn)
        w.shape(sr.shape)
        w.record(
            rec["commune_id"],
            encode(name_vn).decode("latin-1"),
            encode(rec["district_v"]).decode("latin-1"),
            encode(rec["province_v"]).decode("latin-1"),
        )
    w.close()
    src.close()
    fix_dbf_date(out + ".dbf")
    shutil.copy(os.path.join(DATA, "communes.prj"), out + ".prj")
    if cpg:
        with open(out + ".cpg", "w") as f:
            f.write(cpg)


def whole_layer_tcvn3():
    """data/communes.* with the text of the .dbf in TCVN3, field widths and all else kept."""
    out = os.path.join(HERE, "bac_kan_tcvn3")
    for ext in ("shp", "shx", "prj"):
        shutil.copy(os.path.join(DATA, f"communes.{ext}"), f"{out}.{ext}")
    dbf = bytearray(open(os.path.join(DATA, "communes.dbf"), "rb").read())
    records, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    fields = []  # (type, offset in record, width)
    at, offset = 32, 1
    while dbf[at] != 0x0D:
        ftype, width = chr(dbf[at + 11]), dbf[at + 16]
        fields.append((ftype, offset, width))
        offset += width
        at += 32
    assert offset == record_len
    for r in range(records):
        base = header_len + r * record_len
        for ftype, off, width in fields:
            if ftype != "C":
                continue
            raw = bytes(dbf[base + off : base + off + width])
            text = raw.decode("utf-8").rstrip(" ")
            coded = tcvn3_encode(text)
            assert len(coded) <= width
            dbf[base + off : base + off + width] = coded.ljust(width, b" ")
    with open(f"{out}.dbf", "wb") as f:
        f.write(dbf)


def main():
    n = write_letters()
    print(f"letters.tsv: {n} letters")
    check_against_glibc()
    small_layer("xa_tcvn3", tcvn3_encode)
    small_layer("xa_vni", vni_encode)
    small_layer("xa_cp1258", cp1258_encode)
    small_layer("xa_cp1258_cpg", cp1258_encode, cpg="1258")
    small_layer("xa_utf8", lambda s: s.encode("utf-8"))
    small_layer("xa_damaged", lambda s: s.encode("utf-8"), cpg="UTF-8", damage={2, 5, 7})
    whole_layer_tcvn3()
    print("fixtures written in", HERE)


if __name__ == "__main__":
    main()
