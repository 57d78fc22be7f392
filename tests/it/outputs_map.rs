//! The printed map of the demo province, read back by independent readers: the PNG by a
//! decoder, the SVG by an XML parser, the PDF by poppler (`pdfinfo`, `pdftotext`,
//! `pdftoppm`), each checked against the analysis it was drawn from.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use phusong::analysis::{Dataset, Evaluation, Inputs};
use phusong::export::map::{
    MapArea, MapFormat, MapSheet, PNG_DPI, Paper, SheetLayout, key_pages, sheet_svg, write_map,
};
use phusong::lang::Lang;
use phusong::map::{Layers, MarkerShape, VillageClass};
use phusong::progress::Progress;
use phusong::rule::Params;

fn demo() -> (Dataset, Evaluation) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dataset = Dataset::load(&Inputs::demo(&dir), &Progress::new()).expect("demo loads");
    let eval = dataset.evaluate(&Params::default());
    (dataset, eval)
}

fn sheet(lang: Lang) -> MapSheet {
    MapSheet {
        made_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        ..MapSheet::everything(Layers::default(), lang)
    }
}

fn hex(c: [u8; 4]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[test]
fn the_svg_draws_one_marker_per_village_in_its_class_and_keys_every_flagged_one() {
    let (dataset, eval) = demo();
    let svg = sheet_svg(&dataset, &eval, &sheet(Lang::Vi));
    let doc = roxmltree::Document::parse(&svg).expect("the sheet is well-formed XML");
    let required = eval.params.required;
    for class in VillageClass::ALL {
        let expected = eval
            .villages
            .iter()
            .filter(|o| VillageClass::of(o, required) == class)
            .count();
        let colour = hex(class.colour());
        let attribute = match class.marker().shape {
            MarkerShape::Ring => "stroke",
            MarkerShape::Filled => "fill",
        };
        let drawn = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle") && n.attribute(attribute) == Some(&colour))
            .count();
        // One more: the legend's swatch.
        assert_eq!(drawn, expected + 1, "{class:?} markers");
    }
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    // Each flagged village has its number beside its marker (15 of them on an A4 sheet of the
    // demo: too many to name there), and its name under that number on the page after it.
    let flagged: Vec<&str> = (eval.villages.iter().enumerate())
        .filter(|(_, o)| o.flagged)
        .map(|(v, _)| dataset.villages[v].name.as_str())
        .collect();
    assert_eq!(flagged.len(), 16);
    for n in 1..=flagged.len() {
        assert!(texts.contains(&n.to_string()), "number {n} on the map");
    }
    let pages = key_pages(&dataset, &eval, &sheet(Lang::Vi));
    assert_eq!(pages.len(), 1, "one page of key");
    let key_svg = pages[0].svg();
    let key = roxmltree::Document::parse(&key_svg).expect("the key page is well-formed XML");
    let rows: Vec<&str> = key
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for name in flagged {
        let at = rows
            .iter()
            .position(|r| *r == name)
            .unwrap_or_else(|| panic!("{name} keyed"));
        // The row reads: number, name, commune, class, best signal.
        assert!(
            rows[at - 1].parse::<usize>().is_ok(),
            "{name} has its number"
        );
        assert!(rows[at + 1].starts_with("Xã "), "{name} has its commune");
    }
    let f = &eval.rollup.total;
    let headline = format!("{}/{} thôn", f.covered_at(required), f.villages);
    assert!(
        texts.iter().any(|t| t.contains(&headline)),
        "headline {headline}"
    );
    assert!(
        texts.iter().any(|t| t.contains("Bắc Kạn")),
        "the province in the title"
    );
    assert!(
        texts.iter().any(|t| t.contains("500 m")),
        "the radius in the footnote"
    );
    assert!(
        texts.iter().any(|t| t.contains("−115 dBm")),
        "the 4G threshold"
    );
    assert!(
        texts.iter().any(|t| t == "B"),
        "a north arrow, in Vietnamese"
    );
    assert!(texts.iter().any(|t| t.contains("22/11/2026")), "the date");
    assert!(
        texts.iter().any(|t| t.contains("samples.csv")),
        "the sources"
    );
}

#[test]
fn the_png_is_a4_at_300_dpi_with_each_village_marker_where_the_layout_puts_it() {
    let (dataset, eval) = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.png");
    let sheet = sheet(Lang::En);
    write_map(&path, MapFormat::Png, &dataset, &eval, &sheet).unwrap();
    let image = image::open(&path)
        .expect("a PNG decoder reads it")
        .to_rgb8();
    assert_eq!((image.width(), image.height()), (3508, 2480));
    let layout = SheetLayout::new(&dataset, &eval, &sheet);
    let px = PNG_DPI / 25.4;
    let required = eval.params.required;
    let (mut filled, mut matched) = (0, 0);
    for (v, o) in eval.villages.iter().enumerate() {
        let class = VillageClass::of(o, required);
        if class.marker().shape != MarkerShape::Filled {
            continue;
        }
        let p = dataset.villages[v].location;
        let [x, y] = layout.place(p.x(), p.y());
        let pixel = image.get_pixel((x * px) as u32, (y * px) as u32).0;
        let want = class.colour();
        filled += 1;
        if (0..3).all(|i| pixel[i].abs_diff(want[i]) <= 12) {
            matched += 1;
        }
    }
    // Markers may hide each other where villages crowd; most centres show their own class.
    assert!(
        matched * 10 >= filled * 8,
        "{matched} of {filled} village centres show their class colour"
    );
    // White paper around the frame.
    assert_eq!(image.get_pixel(5, 5).0, [255, 255, 255]);
}

/// A poppler tool, or `None` (with a note) where poppler-utils is not installed; CI sets
/// `PHUSONG_REQUIRE_POPPLER` so that there it must be.
fn poppler(tool: &str) -> Option<Command> {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("PHUSONG_REQUIRE_POPPLER").is_none(),
            "{tool} is needed: apt-get install poppler-utils"
        );
        eprintln!("{tool} not installed: PDF checks skipped (apt-get install poppler-utils)");
        return None;
    }
    Some(Command::new(tool))
}

fn run(mut command: Command) -> String {
    let out = command.output().expect("poppler runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

#[test]
fn the_pdf_is_one_a3_page_whose_text_carries_the_figures_and_renders() {
    let (dataset, eval) = demo();
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("map.pdf");
    let sheet = MapSheet {
        paper: Paper::A3,
        ..sheet(Lang::Vi)
    };
    write_map(&path, MapFormat::Pdf, &dataset, &eval, &sheet).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    let Some(mut info) = poppler("pdfinfo") else {
        return;
    };
    let info = run({
        info.arg(&path);
        info
    });
    assert!(
        info.contains("Pages:")
            && info
                .lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(" 1"))
    );
    assert!(info.contains("1190.55 x 841.89 pts (A3)"), "{info}");

    let mut text = poppler("pdftotext").unwrap();
    text.args([path.as_os_str(), "-".as_ref()]);
    let text = run(text);
    let f = &eval.rollup.total;
    assert!(text.contains(&format!(
        "{}/{} thôn",
        f.covered_at(eval.params.required),
        f.villages
    )));
    assert!(
        text.contains("Phủ sóng di động 4G theo thôn"),
        "Vietnamese title as text"
    );
    assert!(text.contains(&(Lang::Vi.texts().flagged_count)(f.flagged)));
    for (v, o) in eval.villages.iter().enumerate() {
        if o.flagged {
            let name = &dataset.villages[v].name;
            assert!(text.contains(name.as_str()), "{name} in the PDF's text");
        }
    }

    let mut ppm = poppler("pdftoppm").unwrap();
    let prefix = dir.path().join("page");
    ppm.args(["-png", "-r", "30"]).arg(&path).arg(&prefix);
    run(ppm);
    let page = image::open(dir.path().join("page-1.png")).expect("pdftoppm renders the page");
    // 420 × 297 mm at 30 dpi (poppler rounds up).
    assert!((496..=497).contains(&page.width()) && (350..=351).contains(&page.height()));
}

#[test]
fn a_commune_sheet_is_titled_with_the_commune_and_frames_its_villages() {
    let (dataset, eval) = demo();
    let c = (0..dataset.communes.len())
        .max_by_key(|&c| eval.rollup.communes[c].figures.villages)
        .unwrap();
    let sheet = MapSheet {
        area: MapArea::Commune(c),
        ..sheet(Lang::En)
    };
    let svg = sheet_svg(&dataset, &eval, &sheet);
    assert!(svg.contains(&dataset.communes[c].name));
    let f = &eval.rollup.communes[c].figures;
    assert!(svg.contains(&format!(
        "{}/{} villages",
        f.covered_at(eval.params.required),
        f.villages
    )));
    let layout = SheetLayout::new(&dataset, &eval, &sheet);
    for v in (0..dataset.villages.len()).filter(|&v| dataset.village_commune[v] == Some(c as u32)) {
        let p = dataset.villages[v].location;
        assert!(layout.frame.holds(layout.place(p.x(), p.y()), 0.0));
    }
}

#[test]
fn on_a4_the_key_of_the_numbered_villages_is_the_pdfs_second_page() {
    let (dataset, eval) = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.pdf");
    let sheet = MapSheet {
        paper: Paper::A4,
        ..sheet(Lang::Vi)
    };
    write_map(&path, MapFormat::Pdf, &dataset, &eval, &sheet).unwrap();
    let Some(mut info) = poppler("pdfinfo") else {
        return;
    };
    let info = run({
        info.arg(&path);
        info
    });
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
        "{info}"
    );
    let page = |n: &str| {
        let mut text = poppler("pdftotext").unwrap();
        text.args(["-layout", "-f", n, "-l", n]).arg(&path).arg("-");
        run(text)
    };
    let (map, key) = (page("1"), page("2"));
    assert!(map.contains("trang sau"), "page 1 says where the key is");
    assert!(key.contains("Danh sách 16 thôn cần xử lý"), "{key}");
    for (v, o) in eval.villages.iter().enumerate() {
        if o.flagged {
            let name = &dataset.villages[v].name;
            let line = (key.lines())
                .find(|l| l.contains(name.as_str()))
                .unwrap_or_else(|| panic!("{name} on the key page"));
            // Its row: its number first, its class in the ministry's words.
            let class = Lang::Vi
                .texts()
                .report_class(o.report_class, eval.params.required);
            assert!(line.trim_start().starts_with(char::is_numeric), "{line}");
            assert!(line.contains(&class), "{line}");
        }
    }
}

#[test]
fn the_sheet_names_the_province_and_its_districts_where_they_fit_without_overlap() {
    let (dataset, eval) = demo();
    let svg = sheet_svg(&dataset, &eval, &sheet(Lang::Vi));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Names are the haloed texts (drawn over a white stroke) inside the map's frame.
    let names: Vec<(String, f64, f64, f64)> = (doc.descendants())
        .filter(|n| n.has_tag_name("text") && n.attribute("stroke") == Some("#ffffff"))
        .filter_map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
            Some((
                n.text()?.to_string(),
                num("x")?,
                num("y")?,
                num("font-size")?,
            ))
        })
        .collect();
    let districts: std::collections::BTreeSet<&str> = dataset
        .communes
        .iter()
        .map(|c| c.district.as_str())
        .collect();
    let named = districts
        .iter()
        .filter(|d| names.iter().any(|n| n.0 == **d))
        .count();
    // Half of them at least: the others fall under flagged villages, which keep their place.
    assert!(
        named * 2 >= districts.len(),
        "{named} of {} districts named",
        districts.len()
    );
    assert!(names.iter().any(|n| n.0 == "Bắc Kạn"), "the province");
    // No two unit names overlap: centred boxes a little under 0.6 em a letter wide.
    let units: Vec<_> = (names.iter())
        .filter(|n| {
            dataset
                .communes
                .iter()
                .any(|c| c.name == n.0 || c.district == n.0)
        })
        .collect();
    for (i, a) in units.iter().enumerate() {
        for b in &units[i + 1..] {
            let half_w = |n: &(String, f64, f64, f64)| n.0.chars().count() as f64 * n.3 * 0.29;
            let apart = (a.1 - b.1).abs() >= half_w(a) + half_w(b)
                || (a.2 - b.2).abs() >= (a.3 + b.3) / 2.0;
            assert!(apart, "{} overlaps {}", a.0, b.0);
        }
    }
}
