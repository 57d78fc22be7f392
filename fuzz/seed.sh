#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from the project's own
# test files: real shapefiles, DBFs, logs, village lists and a project.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus"/{shapefile,dbf_text,sample_log,village_list,project}
mark=$'\0--phusong-part--\0'

# A shapefile as its parts joined by the mark, in the order .shp .shx .dbf .prj .cpg.
join_shapefile() {
    local stem=$1 out=$2
    : > "$out"
    local first=1
    for ext in shp shx dbf prj cpg; do
        local part
        part=$(ls "$stem".* 2>/dev/null | grep -i "\.$ext\$" | head -1 || true)
        [ -n "$part" ] || break
        [ $first = 1 ] || printf '%s' "$mark" >> "$out"
        cat "$part" >> "$out"
        first=0
    done
}

n=0
while IFS= read -r shp; do
    n=$((n + 1))
    join_shapefile "${shp%.*}" "$corpus/shapefile/seed-$n"
    dbf=$(ls "${shp%.*}".* | grep -i '\.dbf$' | head -1 || true)
    [ -z "$dbf" ] || cp "$dbf" "$corpus/dbf_text/seed-$n"
done < <(find data tests/data -iname '*.shp' | sort)

for f in data/samples.csv tests/data/samples/*.csv tests/data/samples/*.txt; do
    cp "$f" "$corpus/sample_log/$(basename "$f")"
done

# The first byte picks the extension: 0 csv, 1 xlsx, 2 xls, 3 ods, 4 xlsb, 5 txt.
pick() { case "${1,,}" in *.csv) echo 0 ;; *.xlsx) echo 1 ;; *.xls) echo 2 ;; *.ods) echo 3 ;; *.xlsb) echo 4 ;; *) echo 5 ;; esac; }
while IFS= read -r f; do
    printf "\\x$(printf %02x "$(pick "$f")")" > "$corpus/village_list/$(basename "$f")"
    cat "$f" >> "$corpus/village_list/$(basename "$f")"
done < <(find tests/data/villages -type f \( -iname '*.csv' -o -iname '*.xls*' -o -iname '*.ods' \) | sort)


# A project of the demo, as the window saves one: the parameters of the demo's summary.
python3 - "$corpus/project/demo.phusong" <<'PY'
import json, sys
summary = json.load(open("tests/golden/demo/summary.json"))
project = {
    "format": "phusong project",
    "version": 1,
    "inputs": {
        "communes": "data/communes.shp",
        "villages": "data/villages.shp",
        "samples": ["data/samples.csv", "../elsewhere/log.csv"],
    },
    "checksums": [
        {"role": "communes", "path": "data/communes.shp", "bytes": 1, "blake3": "00" * 32},
    ],
    "params": summary["parameters"],
    "lang": "vi",
}
json.dump(project, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
PY
echo "seeded: $(for t in "$corpus"/*; do printf '%s %s  ' "$(basename "$t")" "$(ls "$t" | wc -l)"; done)"
