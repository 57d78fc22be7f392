//! `report.docx`: a draft of the department's report, laid out as an administrative
//! document (Decree 30/2020/NĐ-CP: A4, Times New Roman 14 pt, margins 20/20/30/15 mm), with
//! the figures in sentences, the printed map as a picture and the annex tables as Word
//! tables, ready to edit in Word or LibreOffice.

use std::path::Path;

use std::io::Write as _;

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, SpecialIndentType,
    Style, StyleType, Table, TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::annex::{Annex, RowKind};
use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::numbers::{count_text, dbm_text, percent_text};
use crate::rule::ReportClass;

/// Twips (1/1440 inch) in a millimetre: Word's unit of page sizes and widths.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// A4, portrait, in twips.
const A4_TWIPS: (u32, u32) = (11906, 16838);
/// Decree 30's margins (mm): top, bottom, left (binding side), right.
const MARGINS_MM: [f64; 4] = [20.0, 20.0, 30.0, 15.0];
/// The letterhead (half-points): 12 pt.
const LETTERHEAD_HALF_PT: usize = 24;
/// Body text (half-points): 14 pt.
const BODY_HALF_PT: usize = 28;
/// Table text (half-points): 10 pt, so that an annex of eleven columns fits the page.
const TABLE_HALF_PT: usize = 20;
/// The map's width on the page (mm): the text width.
const MAP_WIDTH_MM: f64 = 165.0;
/// EMU (Word's picture unit) in a millimetre.
const EMU_PER_MM: f64 = 36_000.0;
/// The resolution the map is drawn at for the document: sharp on paper, a small file.
const MAP_DPI: f64 = 150.0;
/// The font of administrative documents.
const FONT: &str = "Times New Roman";

fn twips(mm: f64) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// Writes `report.docx` for an analysis, with the map of the whole province as printed and
/// the `annexes` ([`super::annex::annexes`]); with a comparison, the progress since the
/// earlier analysis.
pub fn write_docx(
    path: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    compared: Option<crate::compare::Compared>,
    annexes: &[Annex],
) -> Result<()> {
    let made = chrono::Local::now().date_naive();
    let progress =
        compared.map(|c| super::changes::progress_lines(c.comparison, eval.params.required, lang));
    let sheet = super::map::MapSheet::everything(crate::map::Layers::default(), lang);
    let map = super::map::sheet_png(dataset, eval, &sheet, MAP_DPI)
        .map_err(|why| super::map::failed(path, why))?;
    let doc = document(eval, lang, made, Some(&map), annexes, progress.as_deref());
    let mut xml = doc.build();
    xml.document = with_annex_tables(&xml.document, annexes, lang);
    let mut stored = std::io::Cursor::new(Vec::new());
    let cannot = |e: String| {
        Error::content(
            path,
            format!("the Word report cannot be made ({e})"),
            "Please report this to the makers of phusong with the input files.",
        )
    };
    xml.pack(&mut stored).map_err(|e| cannot(e.to_string()))?;
    let bytes = deflated(stored.get_ref()).map_err(|e| cannot(e.to_string()))?;
    super::atomic::write(path, |w| w.write_all(&bytes))
}

/// The province's name as the report calls it: the one the communes name, or several; a
/// blank to fill in ("…") where they name none, since a file name has no place in a
/// letterhead.
fn province(eval: &Evaluation) -> String {
    super::map::province_names(eval).unwrap_or_else(|| "…".to_string())
}

/// The whole document.
fn document(
    eval: &Evaluation,
    lang: Lang,
    made: chrono::NaiveDate,
    map_png: Option<&[u8]>,
    annexes: &[Annex],
    progress: Option<&[String]>,
) -> Docx {
    let t = lang.texts();
    let [top, bottom, left, right] = MARGINS_MM.map(twips);
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT);
    let mut doc = Docx::new()
        .page_size(A4_TWIPS.0, A4_TWIPS.1)
        .page_margin(
            PageMargin::new()
                .top(top)
                .bottom(bottom)
                .left(left)
                .right(right)
                .header(twips(10.0))
                .footer(twips(10.0))
                .gutter(0),
        )
        .default_fonts(fonts)
        .default_size(BODY_HALF_PT)
        .add_table(letterhead(eval, t, made));
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(docx_rs::LineSpacing::new().before(240))
                .add_run(Run::new().add_text(t.doc_title).bold().size(30)),
        )
        .add_paragraph(centred(&(t.doc_subject)(&province(eval)), true));
    for p in body(eval, lang) {
        doc = doc.add_paragraph(p);
    }
    if let Some(lines) = progress {
        doc = doc.add_paragraph(heading(t.doc_section_progress));
        for line in lines {
            doc = doc.add_paragraph(body_text(&crate::message::sentence(line)));
        }
        doc = doc.add_paragraph(body_text(t.doc_progress_annex_ref));
    }
    if let Some(png) = map_png.and_then(picture) {
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_image(png)),
            )
            .add_paragraph(
                Paragraph::new().align(AlignmentType::Center).add_run(
                    Run::new()
                        .add_text((t.doc_map_caption)(eval.params.required.label()))
                        .italic(),
                ),
            );
    }
    doc = doc
        .add_paragraph(heading(match progress {
            Some(_) => t.doc_section_proposals_after_progress,
            None => t.doc_section_proposals,
        }))
        .add_paragraph(body_text(t.doc_proposals_placeholder).add_run(Run::new()))
        .add_table(signature(t));
    for (i, annex) in annexes.iter().enumerate() {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            .add_paragraph(centred(&annex.label, true))
            .add_paragraph(centred(&annex.title.to_uppercase(), true))
            .add_paragraph(centred_italic(&annex.subtitle))
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(table_marker(i))));
    }
    doc.add_style(
        Style::new(ANNEX_CELL_STYLE, StyleType::Paragraph)
            .name("Annex cell")
            .size(TABLE_HALF_PT),
    )
}

/// A paragraph of `text`, centred, bold when asked.
fn centred(text: &str, bold: bool) -> Paragraph {
    let run = Run::new().add_text(text);
    let run = if bold { run.bold() } else { run };
    Paragraph::new().align(AlignmentType::Center).add_run(run)
}

fn centred_italic(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text).italic())
}

/// A section heading: bold, flush left.
fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).bold())
        .line_spacing(docx_rs::LineSpacing::new().before(120).after(60))
}

/// A body paragraph: justified, its first line indented 1 cm, as such reports are set.
fn body_text(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(twips(10.0))),
            None,
            None,
        )
        .line_spacing(docx_rs::LineSpacing::new().after(60))
        .add_run(Run::new().add_text(text))
}

/// The two-column heading of an administrative document: the issuing body and the
/// document number on the left, the national title and the place and date on the right.
fn letterhead(eval: &Evaluation, t: &Texts, made: chrono::NaiveDate) -> Table {
    let column = |lines: Vec<Paragraph>| {
        let mut cell = TableCell::new().width(4677, WidthType::Dxa);
        for line in lines {
            cell = cell.add_paragraph(line);
        }
        cell
    };
    // The national title and the issuing body are set in 12–13 pt (Decree 30, annex I).
    let line = |text: &str, bold: bool, italic: bool| {
        let run = Run::new().add_text(text).size(LETTERHEAD_HALF_PT);
        let run = if bold { run.bold() } else { run };
        let run = if italic { run.italic() } else { run };
        Paragraph::new().align(AlignmentType::Center).add_run(run)
    };
    let left = column(vec![
        line(&(t.doc_authority)(&province(eval)), false, false),
        line(t.doc_department, true, false),
        line(t.doc_number, false, false),
    ]);
    let right = column(vec![
        line(t.doc_nation, true, false),
        line(t.doc_motto, true, false),
        line(&(t.doc_place_date)(&province(eval), made), false, true),
    ]);
    Table::new(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![4677, 4677])
        .width(9354, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::with_empty())
}

/// Where the report is sent and who signs it.
fn signature(t: &Texts) -> Table {
    let mut left = TableCell::new().width(4677, WidthType::Dxa).add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(t.doc_recipients).bold().italic()),
    );
    for line in t.doc_recipients_list.lines() {
        left = left.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line).size(22)));
    }
    let right = TableCell::new()
        .width(4677, WidthType::Dxa)
        .add_paragraph(centred(t.doc_signer, true));
    Table::new(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![4677, 4677])
        .width(9354, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::with_empty())
}

/// The findings, a sentence a paragraph: villages, coverage at the required generation, no
/// and weak signal by grid power, households, survey age, then per operator.
fn body(eval: &Evaluation, lang: Lang) -> Vec<Paragraph> {
    let t = lang.texts();
    let f = &eval.rollup.total;
    let req = eval.params.required;
    let n = |x: u32| count_text(lang, x.into());
    let mut out = vec![heading(t.doc_section_results)];
    let p = &eval.params;
    out.push(body_text(&(t.doc_method)(
        &crate::numbers::decimal_text(lang, p.radius_m, 0),
        p.min_samples,
        &format!(
            "{}%",
            crate::numbers::percent_value_text(lang, p.min_share * 100.0)
        ),
        req.label(),
        &dbm_text(p.threshold_dbm(req)),
    )));
    out.push(body_text(&(t.doc_villages_line)(
        &n(f.villages),
        &n(f.surveyed),
        &n(f.not_surveyed),
    )));
    let covered = f.covered_at(req);
    out.push(body_text(&(t.doc_covered_line)(
        &n(covered),
        &n(f.villages),
        &percent_text(lang, covered, f.villages),
        req.label(),
    )));
    let power = |class, with| n(f.power.of_class(class, with));
    out.push(body_text(&(t.doc_flagged_line)(
        &n(f.no_signal),
        &power(ReportClass::NoSignal, true),
        &power(ReportClass::NoSignal, false),
        &n(f.weak_signal),
        &power(ReportClass::WeakSignal, true),
        &power(ReportClass::WeakSignal, false),
    )));
    out.push(body_text(&(t.doc_below_line)(
        &n(f.below_required),
        req.label(),
    )));
    if let Some(line) = super::summary::households_line(f, req, t) {
        out.push(body_text(&(t.doc_households_line)(&line)));
    }
    if let Some(age) = eval.survey_age {
        out.push(body_text(&(t.doc_aged_line)(
            &n(eval.villages_needing_new_survey()),
            age.max_age_months,
        )));
    }
    out.push(body_text(t.doc_annex_ref));
    out.push(heading(t.doc_section_operators));
    for line in super::summary::operator_lines(&eval.operators, req, lang) {
        out.push(body_text(line.trim()));
    }
    out
}

/// The map as an inline picture the width of the text, or `None` when the PNG has no size.
fn picture(png: &[u8]) -> Option<Pic> {
    let (w, h) = png_size(png)?;
    let width_emu = (MAP_WIDTH_MM * EMU_PER_MM) as u32;
    let height_emu = (width_emu as u64 * h as u64 / w.max(1) as u64) as u32;
    Some(Pic::new_with_dimensions(png.to_vec(), w, h).size(width_emu, height_emu))
}

/// A PNG's width and height from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[1..4] != b"PNG" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

/// The paragraph style of the annex tables' cells: their text size, said once.
const ANNEX_CELL_STYLE: &str = "AnnexCell";

/// The text of the paragraph that holds the place of annex `i`'s table until its XML is put
/// there ([`with_annex_tables`]).
fn table_marker(i: usize) -> String {
    format!("phusong-annex-table-{i}")
}

/// The document's XML with each annex table in place of its marker's paragraph. The tables
/// are written here rather than through docx-rs: an annex of thousands of villages is most
/// of the document, and written directly it takes a small part of the time and half the
/// bytes.
fn with_annex_tables(document: &[u8], annexes: &[Annex], lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(document.len() + 200 * annexes.len());
    let mut rest = document;
    for (i, annex) in annexes.iter().enumerate() {
        let marker = table_marker(i);
        let Some(at) = find(rest, marker.as_bytes()) else {
            continue;
        };
        // The marker's paragraph, from its `<w:p ` (or `<w:p>`) to its `</w:p>`.
        let start = (0..at)
            .rev()
            .find(|&k| rest[k..].starts_with(b"<w:p ") || rest[k..].starts_with(b"<w:p>"))
            .unwrap_or(at);
        let end = find(&rest[at..], b"</w:p>").map_or(at, |e| at + e + b"</w:p>".len());
        out.extend_from_slice(&rest[..start]);
        out.extend_from_slice(annex_table_xml(annex, lang).as_bytes());
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// An annex as a Word table (WordprocessingML): the header row shaded, bold and repeated on
/// every page; part and group headings across the table; the totals bold.
fn annex_table_xml(annex: &Annex, lang: Lang) -> String {
    use std::fmt::Write as _;
    let text_width: f32 = 9354.0;
    let sum: f32 = annex.widths.iter().sum();
    let widths: Vec<usize> = (annex.widths.iter())
        .map(|w| (w / sum * text_width) as usize)
        .collect();
    let total: usize = widths.iter().sum();
    let mut xml = String::with_capacity(256 * (annex.rows.len() + 1) * widths.len());
    let border =
        |side: &str| format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#);
    let _ = write!(
        xml,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    );
    for w in &widths {
        let _ = write!(xml, r#"<w:gridCol w:w="{w}"/>"#);
    }
    xml.push_str("</w:tblGrid>");
    // One cell: its width (and span, and shading), one paragraph of one run.
    let cell = |xml: &mut String,
                text: &str,
                width: usize,
                span: usize,
                bold: bool,
                jc: &str,
                shade: bool| {
        let _ = write!(xml, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
        if span > 1 {
            let _ = write!(xml, r#"<w:gridSpan w:val="{span}"/>"#);
        }
        if shade {
            xml.push_str(r#"<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>"#);
        }
        let _ = write!(
            xml,
            r#"</w:tcPr><w:p><w:pPr><w:pStyle w:val="{ANNEX_CELL_STYLE}"/><w:jc w:val="{jc}"/></w:pPr><w:r>"#
        );
        if bold {
            xml.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
        }
        xml.push_str(r#"<w:t xml:space="preserve">"#);
        super::xml::escape_into(xml, text);
        xml.push_str("</w:t></w:r></w:p></w:tc>");
    };
    // Word repeats a header row on every page, and keeps it from splitting.
    xml.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (h, &w) in annex.headers.iter().zip(&widths) {
        cell(&mut xml, h, w, 1, true, "center", true);
    }
    xml.push_str("</w:tr>");
    for r in &annex.rows {
        xml.push_str("<w:tr>");
        match r.kind {
            RowKind::Part | RowKind::Group => {
                let text = r.cells.first().map(|c| c.text(lang)).unwrap_or_default();
                cell(&mut xml, &text, total, widths.len(), true, "left", false);
            }
            RowKind::Item | RowKind::Total => {
                let bold = r.kind == RowKind::Total;
                for (c, &w) in r.cells.iter().zip(&widths) {
                    let jc = if c.is_number() { "right" } else { "left" };
                    cell(&mut xml, &c.text(lang), w, 1, bold, jc, false);
                }
            }
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// A package that docx-rs wrote with its parts stored, written again with the XML parts
/// deflated (the pictures, already compressed, stay stored): a report of thousands of
/// villages is a tenth of the size, as Word itself would save it.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Read as _;
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let mut part = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i)?;
        let name = file.name().to_string();
        if file.is_dir() {
            out.add_directory(name, SimpleFileOptions::default())?;
            continue;
        }
        // Level 1: the tables' XML repeats itself and packs tightly even so.
        let options = match name.ends_with(".xml") || name.ends_with(".rels") {
            true => SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(1)),
            false => {
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
            }
        };
        part.clear();
        file.read_to_end(&mut part)?;
        out.start_file(name, options)?;
        out.write_all(&part)?;
    }
    Ok(out.finish()?.into_inner())
}
