//! `report.docx`, read back as Word stores it (the XML inside the zip), not through
//! phusong: the page and font of an administrative document, the figures in sentences,
//! every village of the annex list, its tables and the map picture.

use std::io::Read;
use std::path::PathBuf;

use phusong::analysis::{Dataset, Inputs};
use phusong::export;
use phusong::lang::Lang;
use phusong::progress::Progress;
use phusong::rule::{Params, ReportClass};

pub(crate) fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in report.docx"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The text of each paragraph of the document, table cells included.
pub(crate) fn paragraphs(document: &str) -> Vec<String> {
    let xml = roxmltree::Document::parse(document).unwrap();
    xml.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn the_word_report_has_the_figures_every_listed_village_and_the_map() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let d = Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).unwrap();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let docx = std::fs::read(out.path().join("report.docx")).unwrap();
    let document = part(&docx, "word/document.xml");

    // A4 with Decree 30's margins (twips: 20, 20, 30, 15 mm); Times New Roman 14 pt.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4"
    );
    for margin in [
        r#"w:top="1134""#,
        r#"w:bottom="1134""#,
        r#"w:left="1701""#,
        r#"w:right="850""#,
    ] {
        assert!(document.contains(margin), "{margin}");
    }
    let styles = part(&docx, "word/styles.xml");
    assert!(
        styles.contains(r#"w:ascii="Times New Roman""#) && styles.contains(r#"<w:sz w:val="28""#)
    );

    let text = paragraphs(&document);
    let has = |s: &str| text.iter().any(|p| p.contains(s));
    assert!(has("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && has("UBND TỈNH BẮC KẠN"));
    // The demo's figures (tests/golden/demo/summary.json): 100 of 123 covered by 4G, no
    // village without any signal, 7 with weak signal, all 7 with grid power.
    assert!(
        has("Số thôn có sóng 4G: 99/123 thôn, đạt 80,5%."),
        "{text:#?}"
    );
    assert!(has(
        "Số thôn trắng sóng: 0 thôn (0 thôn có điện lưới, 0 thôn chưa có điện lưới); số thôn lõm sóng: 8 thôn (7 thôn có điện lưới, 1 thôn chưa có điện lưới)."
    ));
    assert!(has("Viettel (452-04): 95/123 thôn (77,2%) có sóng 4G"));
    assert!(has("13.088/16.369 hộ (80,0%) ở thôn có sóng 4G"));

    // Annex 1 lists every village with no or weak signal, each in its own table row.
    let listed: Vec<&str> = (d.villages.iter().zip(&eval.villages))
        .filter(|(_, o)| {
            matches!(
                o.report_class,
                ReportClass::NoSignal | ReportClass::WeakSignal
            )
        })
        .map(|(v, _)| v.name.as_str())
        .collect();
    assert_eq!(listed.len(), 8);
    for name in &listed {
        assert!(
            text.iter().any(|p| p == name),
            "{name} is a cell of annex 1"
        );
    }
    assert!(
        has("Phụ lục 1") && has("DANH SÁCH THÔN TRẮNG SÓNG, LÕM SÓNG") && has("Tổng cộng: 8 thôn")
    );
    assert!(has("TỔNG HỢP HIỆN TRẠNG PHỦ SÓNG THEO XÃ"));
    // Real tables, their header rows repeated on every page; the map as a picture.
    let xml = roxmltree::Document::parse(&document).unwrap();
    let elements = |name: &str| {
        (xml.descendants())
            .filter(|n| n.tag_name().name() == name)
            .count()
    };
    assert!(elements("tbl") >= 4, "letterhead, signature, two annexes");
    assert_eq!(elements("tblHeader"), 2, "the annexes' header rows");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let pictures = (0..zip.len())
        .filter(|&i| zip.by_index(i).unwrap().name().ends_with(".png"))
        .count();
    assert_eq!(pictures, 1, "the printed map");
}

/// `annexes.pdf`: the same annex tables as printed pages, A4 landscape, read back by poppler.
#[test]
fn the_annexes_print_as_a4_landscape_pages_with_every_listed_village() {
    let Some(pdftotext) = poppler_tool("pdftotext") else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let d = Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).unwrap();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let pdf = out.path().join("annexes.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "{info}");
    let text = std::process::Command::new(pdftotext)
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for words in [
        "Phụ lục 1",
        "DANH SÁCH THÔN TRẮNG SÓNG, LÕM SÓNG",
        "Phụ lục 2",
        "Tổng cộng: 8 thôn",
    ] {
        assert!(text.contains(words), "{words}");
    }
    for (v, o) in d.villages.iter().zip(&eval.villages) {
        if matches!(
            o.report_class,
            ReportClass::NoSignal | ReportClass::WeakSignal
        ) {
            assert!(text.contains(&v.name), "{} in the printed annex 1", v.name);
        }
    }
}

/// A poppler tool, or `None` (the check skipped) where it is not installed; CI installs it
/// and sets `PHUSONG_REQUIRE_POPPLER`, so there it never skips.
fn poppler_tool(tool: &str) -> Option<&str> {
    let found = std::process::Command::new(tool).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("PHUSONG_REQUIRE_POPPLER").is_none(),
            "{tool} is needed: apt-get install poppler-utils"
        );
        eprintln!("{tool} not installed: PDF checks skipped");
        return None;
    }
    Some(tool)
}
