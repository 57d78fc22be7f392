//! The map's sheet: where the map lies on the paper, and everything around it (title,
//! headline, legends, the rule, scale bar, north arrow, footnotes).

use super::*;

/// The area a sheet shows, and its figures.
pub(super) struct Subject {
    area: LonLatBox,
    name: String,
    figures: Figures,
    commune: Option<usize>,
}

pub(super) fn subject(
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    extents: &Extents,
    p: &Projection,
) -> Subject {
    let everything = extents.all().unwrap_or(LonLatBox {
        min_lon: 102.0,
        min_lat: 8.0,
        max_lon: 110.0,
        max_lat: 23.5,
    });
    let province = province_name(dataset, eval);
    match sheet.area {
        MapArea::Commune(c) if c < dataset.communes.len() => {
            let commune = &dataset.communes[c];
            let name = if commune.province.is_empty() {
                commune.name.clone()
            } else {
                format!("{}, {}", commune.name, commune.province)
            };
            Subject {
                area: commune_box(commune).unwrap_or(everything),
                name,
                figures: eval.rollup.communes[c].figures,
                commune: Some(c),
            }
        }
        MapArea::View { view, size_px } => Subject {
            area: view.visible(p, size_px),
            name: province,
            figures: eval.rollup.total,
            commune: None,
        },
        _ => Subject {
            area: everything,
            name: province,
            figures: eval.rollup.total,
            commune: None,
        },
    }
}

/// The provinces the data names ("Bắc Kạn"), or the communes' file name when it names none.
pub fn province_name(dataset: &Dataset, eval: &Evaluation) -> String {
    province_names(eval).unwrap_or_else(|| {
        (dataset.files.first())
            .and_then(|f| f.path.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// Every province the communes name, however many ("Bắc Kạn, Thái Nguyên"; a map title
/// wraps, see `title_lines`); `None` when they name none.
pub fn province_names(eval: &Evaluation) -> Option<String> {
    let names: Vec<&str> = (eval.rollup.provinces.iter())
        .map(|p| p.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// Where the map lies on a sheet and what it shows: enough to find any point of the data on
/// the paper.
pub struct SheetLayout {
    /// The map's frame on the sheet, in millimetres from the top left.
    pub frame: Frame,
    /// The map's view, in world metres per millimetre of paper.
    pub view: MapView,
    pub projection: Projection,
    pub(super) footnotes: Vec<String>,
    /// The title and the headline figures, in lines that fit the sheet's width.
    title: Vec<String>,
    headline: Vec<String>,
    pub(super) subject: Subject,
}

impl SheetLayout {
    pub fn new(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> SheetLayout {
        let t = sheet.lang.texts();
        let [pw, ph] = sheet.paper.size_mm();
        let extents = Extents::of_places(dataset);
        let projection = extents.projection();
        let subject = subject(dataset, eval, sheet, &extents, &projection);
        let footnotes = footnotes(dataset, eval, sheet, t, pw - 2.0 * MARGIN);
        let footer_h = footnotes.len() as f64 * NOTE_MM * 1.35 + 2.0;
        let required = eval.params.required;
        let width = pw - 2.0 * MARGIN;
        let title = title_lines(&sheet_title(t, sheet, &subject, required), width);
        let headline = wrap(&headline(t, &subject.figures, required), width, SUBTITLE_MM);
        let header_h =
            title.len() as f64 * TITLE_MM * 1.25 + headline.len() as f64 * SUBTITLE_MM * 1.3 + 4.0;
        let frame = Frame {
            x: MARGIN,
            y: MARGIN + header_h,
            w: pw - 2.0 * MARGIN - LEGEND_WIDTH - GAP,
            h: ph - 2.0 * MARGIN - header_h - footer_h,
        };
        let view = MapView::fit(&projection, &subject.area, [frame.w, frame.h]);
        SheetLayout {
            frame,
            view,
            projection,
            title,
            headline,
            footnotes,
            subject,
        }
    }

    /// Where a lon/lat point lies on the sheet, in millimetres from the top left.
    pub fn place(&self, lon: f64, lat: f64) -> [f64; 2] {
        let f = &self.frame;
        let s = self
            .view
            .screen([f.w, f.h], self.projection.world(lon, lat));
        [f.x + s[0], f.y + s[1]]
    }
}

/// The sheet as an SVG document, in millimetres.
pub fn sheet_svg(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> String {
    let t = sheet.lang.texts();
    let [pw, ph] = sheet.paper.size_mm();
    let layout = SheetLayout::new(dataset, eval, sheet);
    let (frame, view, projection) = (layout.frame, layout.view, layout.projection);

    let mut svg = String::with_capacity(1 << 20);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}" font-family="DejaVu Sans">"#
    );
    let _ = write!(
        svg,
        r##"<rect width="{pw}" height="{ph}" fill="#ffffff"/>"##
    );

    title_svg(&mut svg, &layout);

    // A map of changes numbers no village: its markers say what changed, its tables list them.
    let key = match sheet.changes {
        Some(_) => Default::default(),
        None => keyed_villages(dataset, eval, &layout),
    };
    map_frame_svg(&mut svg, dataset, eval, sheet, &layout, &key);
    let _ = write!(
        svg,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#1a1a1a" stroke-width="0.3"/>"##,
        frame.x, frame.y, frame.w, frame.h
    );
    north_arrow(&mut svg, t, frame.x + frame.w - 9.0, frame.y + 5.0);
    scale_bar_svg(&mut svg, &view, &projection, &frame);

    let legend_end = legends_svg(&mut svg, t, sheet, eval, &frame);
    if sheet.layers.villages && sheet.changes.is_none() {
        key_on_sheet_svg(&mut svg, t, dataset, eval, &key, &frame, legend_end);
    }
    footnotes_svg(&mut svg, &layout.footnotes, &frame);
    svg.push_str("</svg>\n");
    svg
}

/// The map inside its frame, clipped to it: its layers bottom to top.
fn map_frame_svg(
    svg: &mut String,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    layout: &SheetLayout,
    key: &Key,
) {
    let (frame, view, projection) = (layout.frame, layout.view, layout.projection);
    let _ = write!(
        svg,
        r#"<defs><clipPath id="frame"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs><g clip-path="url(#frame)">"#,
        frame.x, frame.y, frame.w, frame.h
    );
    let _ = write!(
        svg,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#eceff3"/>"##,
        frame.x, frame.y, frame.w, frame.h
    );
    let place = |lon: f64, lat: f64| layout.place(lon, lat);
    let background: Vec<BackgroundShapes> = (dataset.background.iter())
        .map(|layer| BackgroundShapes::new(layer, &projection))
        .collect();
    let shown: Vec<(&BackgroundShapes, f32)> = (dataset.background.iter().zip(&background))
        .map(|(layer, shapes)| (shapes, sheet.layers.background_of(&layer.path)))
        .filter(|(_, (on, opacity))| *on && *opacity > 0.0)
        .map(|(shapes, (_, opacity))| (shapes, opacity))
        .collect();
    let world = |w: [f64; 2]| {
        let s = view.screen([frame.w, frame.h], w);
        [frame.x + s[0], frame.y + s[1]]
    };
    for (shapes, opacity) in &shown {
        background_areas_svg(svg, shapes, *opacity, &world);
    }
    if sheet.layers.communes {
        communes_svg(svg, dataset, eval, &frame, &place, layout.subject.commune);
    }
    for (shapes, opacity) in &shown {
        // Metres a pixel of the window's (96 dpi) would be, for the scale rules of points.
        let metres_per_px = view.metres_per_px * PX_MM;
        background_lines_svg(svg, shapes, *opacity, &frame, &world, metres_per_px);
    }
    if sheet.layers.samples {
        samples_svg(svg, dataset, &sheet.layers, &projection, &view, &frame);
    }
    // The villages and the inset first into their own layer, so the names below them keep
    // clear of them.
    let mut villages = String::new();
    let mut taken = match sheet.layers.villages {
        true => villages_svg(
            &mut villages,
            dataset,
            eval,
            &frame,
            &place,
            key,
            sheet.changes.as_deref(),
        ),
        false => Vec::new(),
    };
    if let Some(c) = layout.subject.commune {
        taken.extend(inset_svg(&mut villages, dataset, layout, c));
    }
    if sheet.layers.names {
        names_svg(svg, dataset, &sheet.layers, &background, layout, &taken);
    }
    svg.push_str(&villages);
    svg.push_str("</g>");
}

/// The sheet's title (the user's, or the map's subject) and the headline figures under it.
pub(super) fn title_svg(svg: &mut String, layout: &SheetLayout) {
    let mut y = MARGIN + TITLE_MM;
    for line in &layout.title {
        text(svg, MARGIN, y, TITLE_MM, "bold", "#1a1a1a", line);
        y += TITLE_MM * 1.25;
    }
    // The headline's first baseline: 2 mm under the title's last line.
    y += 2.0 + SUBTITLE_MM - TITLE_MM * 1.25;
    for line in &layout.headline {
        text(svg, MARGIN, y, SUBTITLE_MM, "normal", "#333333", line);
        y += SUBTITLE_MM * 1.3;
    }
}

/// A title in at most two lines of the sheet's `width` (bold letters are wider); a longer
/// one ends its second line with "…", never cut mid-word.
fn title_lines(title: &str, width: f64) -> Vec<String> {
    let mut lines = wrap(title, width, TITLE_MM * 1.1);
    if lines.len() > 2 {
        lines.truncate(2);
        let most = (width / (TITLE_MM * 1.1 * 0.58)) as usize;
        let second = &mut lines[1];
        while second.chars().count() + 2 > most {
            match second.rfind(' ') {
                Some(at) => second.truncate(at),
                None => break,
            }
        }
        second.push_str(" …");
    }
    lines
}

/// The sheet's title: the user's, or the map's subject.
pub(super) fn sheet_title(
    t: &Texts,
    sheet: &MapSheet,
    subject: &Subject,
    required: Generation,
) -> String {
    (sheet.title.clone()).unwrap_or_else(|| (t.map_title)(required.label(), &subject.name))
}

/// The legends and the rule behind their classes, right of the map frame.
/// Returns where the column under them is free, from the top of the sheet.
pub(super) fn legends_svg(
    svg: &mut String,
    t: &Texts,
    sheet: &MapSheet,
    eval: &Evaluation,
    frame: &Frame,
) -> f64 {
    let required = eval.params.required;
    let legend_x = frame.x + frame.w + GAP;
    let mut y = frame.y + LEGEND_TITLE_MM;
    text(svg, legend_x, y, 3.2, "bold", "#1a1a1a", t.legend);
    y += 5.0;
    for legend in sheet.layers.legends_of(eval, sheet.changes.is_some()) {
        y = legend_svg(svg, t, &legend, required, legend_x, y);
    }
    rule_svg(svg, t, eval, legend_x, y)
}

/// The footnotes under the map frame: parameters, filters, sources, date.
pub(super) fn footnotes_svg(svg: &mut String, footnotes: &[String], frame: &Frame) {
    let mut y = frame.y + frame.h + 2.0 + NOTE_MM;
    for line in footnotes {
        text(svg, MARGIN, y, NOTE_MM, "normal", "#333333", line);
        y += NOTE_MM * 1.35;
    }
}

/// The map frame on the sheet, in millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Frame {
    /// True for a point within `margin` mm of the frame.
    pub fn holds(&self, p: [f64; 2], margin: f64) -> bool {
        p[0] >= self.x - margin
            && p[0] <= self.x + self.w + margin
            && p[1] >= self.y - margin
            && p[1] <= self.y + self.h + margin
    }
}

pub(super) fn headline(t: &Texts, f: &Figures, required: Generation) -> String {
    let mut parts = vec![t.covered(f, required)];
    parts.push((t.flagged_count)(f.flagged));
    parts.push(t.flagged_by_class(f, required));
    if f.not_surveyed > 0 {
        parts.push((t.not_surveyed_count)(f.not_surveyed));
    }
    parts.join(" · ")
}

pub(super) fn north_arrow(svg: &mut String, t: &Texts, x: f64, y: f64) {
    let _ = write!(
        svg,
        r##"<g><circle cx="{x}" cy="{}" r="5.2" fill="#ffffff" fill-opacity="0.8"/><path d="M{x} {} L{} {} L{x} {} Z" fill="#1a1a1a"/><path d="M{x} {} L{} {} L{x} {} Z" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/></g>"##,
        y + 5.0,
        y + 1.5,
        x + 2.2,
        y + 8.0,
        y + 6.6,
        y + 1.5,
        x - 2.2,
        y + 8.0,
        y + 6.6,
    );
    text_anchored(svg, x, y + 1.0, 2.6, "bold", "middle", "#1a1a1a", t.north);
}

pub(super) fn scale_bar_svg(
    svg: &mut String,
    view: &MapView,
    projection: &Projection,
    frame: &Frame,
) {
    let bar = scale_bar(view, projection, 40.0);
    let x1 = frame.x + frame.w - 6.0;
    let x0 = x1 - bar.px;
    let y = frame.y + frame.h - 5.0;
    let _ = write!(
        svg,
        r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="8" rx="0.8" fill="#ffffff" fill-opacity="0.85"/>"##,
        x0 - 3.0,
        y - 5.5,
        bar.px + 6.0
    );
    let half = bar.px / 2.0;
    let _ = write!(
        svg,
        r##"<rect x="{x0:.2}" y="{:.2}" width="{half:.2}" height="1.2" fill="#1a1a1a"/><rect x="{:.2}" y="{:.2}" width="{half:.2}" height="1.2" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/><rect x="{x0:.2}" y="{:.2}" width="{:.2}" height="1.2" fill="none" stroke="#1a1a1a" stroke-width="0.2"/>"##,
        y - 1.2,
        x0 + half,
        y - 1.2,
        y - 1.2,
        bar.px
    );
    text_anchored(svg, x0, y - 2.0, 2.2, "normal", "middle", "#1a1a1a", "0");
    text_anchored(
        svg,
        x1,
        y - 2.0,
        2.2,
        "normal",
        "middle",
        "#1a1a1a",
        &bar.label,
    );
}

/// One legend, from `y` down; returns where the next starts.
pub(super) fn legend_svg(
    svg: &mut String,
    t: &Texts,
    legend: &Legend,
    required: Generation,
    x: f64,
    mut y: f64,
) -> f64 {
    text(
        svg,
        x,
        y,
        LEGEND_TITLE_MM,
        "bold",
        "#1a1a1a",
        &t.legend_title(legend.title_key),
    );
    y += 2.0;
    let edge = "#4d4d4d";
    for entry in &legend.entries {
        let (sx, sy, sw, sh) = (x, y, 6.0, 3.6);
        let centre = [sx + sw / 2.0, sy + sh / 2.0];
        let _ = match entry.shape {
            Swatch::Marker(m) => {
                marker_svg(svg, centre, &m, 1.0);
                Ok(())
            }
            Swatch::Dot => write!(
                svg,
                r#"<rect x="{:.2}" y="{:.2}" width="2.2" height="2.2" fill="{}"/>"#,
                centre[0] - 1.1,
                centre[1] - 1.1,
                hex(entry.colour)
            ),
            Swatch::Fill => write!(
                svg,
                r#"<rect x="{sx:.2}" y="{sy:.2}" width="{sw}" height="{sh}" fill="{}" fill-opacity="0.85" stroke="{edge}" stroke-width="0.2"/>"#,
                hex(entry.colour)
            ),
            Swatch::NoFill => write!(
                svg,
                r#"<rect x="{sx:.2}" y="{sy:.2}" width="{sw}" height="{sh}" fill="none" stroke="{edge}" stroke-width="0.2"/>"#
            ),
        };
        text(
            svg,
            x + sw + 2.0,
            y + sh / 2.0 + TEXT_MM * 0.36,
            TEXT_MM,
            "normal",
            "#1a1a1a",
            &t.legend_label(&entry.label, required),
        );
        y += sh + 1.2;
    }
    y + 3.5
}

/// The rule's parameters behind the classes, under the legends.
pub(super) fn rule_svg(svg: &mut String, t: &Texts, eval: &Evaluation, x: f64, mut y: f64) -> f64 {
    let p = &eval.params;
    text(svg, x, y, LEGEND_TITLE_MM, "bold", "#1a1a1a", t.rule_title);
    y += LEGEND_TITLE_MM + 1.5;
    let short = (t.rule_short)(p.radius_m, p.min_samples, p.min_share * 100.0);
    let mut lines = wrap(&short, LEGEND_WIDTH, TEXT_MM * 0.9);
    lines.push(t.good_sample.to_string());
    for g in Generation::ALL {
        lines.push(format!(
            "  {} {} ≥ {} dBm",
            g.label(),
            measure_name(g),
            style::dbm_text(p.threshold_dbm(g))
        ));
    }
    for line in lines {
        text(svg, x, y, TEXT_MM * 0.9, "normal", "#1a1a1a", &line);
        y += TEXT_MM * 1.3;
    }
    y
}

/// What each technology's signal is called in drive-test reports.
pub(super) fn measure_name(g: Generation) -> &'static str {
    match g {
        Generation::G2 => "RxLev",
        Generation::G3 => "RSCP",
        Generation::G4 => "RSRP",
        Generation::G5 => "SS-RSRP",
    }
}

/// The lines under the map: the rule in a sentence, the filters, the sources and the date.
pub(super) fn footnotes(
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    t: &Texts,
    width: f64,
) -> Vec<String> {
    let p = &eval.params;
    let thresholds: Vec<String> = (Generation::ALL.iter())
        .map(|&g| {
            format!(
                "{} ≥ {} dBm",
                g.label(),
                style::dbm_text(p.threshold_dbm(g))
            )
        })
        .collect();
    let rule = format!(
        "{} {} {}.",
        (t.rule_sentence)(
            p.radius_m,
            p.min_samples,
            p.min_share * 100.0,
            p.required.label()
        ),
        t.good_sample,
        thresholds.join(", ")
    );
    let filters = filters_text(t, &p.filters);
    let span = sample_span(dataset, sheet.lang);
    // A shapefile's .dbf is read with its .shp: one name says both.
    let is_dbf = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("dbf"));
    let files: Vec<String> = (dataset.files.iter())
        .filter(|f| !is_dbf(&f.path))
        .map(|f| {
            let name = crate::io::paths::file_name(&f.path);
            format!("{}: {name}", t.role(f.role))
        })
        .collect();
    let mut sources = format!(
        "{}: {}; {}.",
        t.sources,
        files.join("; "),
        (t.samples_span)(
            &crate::numbers::count_text(sheet.lang, dataset.samples.len() as u64),
            &span
        )
    );
    let shown: Vec<String> = (dataset.background.iter())
        .filter(|b| sheet.layers.background_of(&b.path).0)
        .map(|b| match b.is_openstreetmap() {
            true => format!("{} (© OpenStreetMap contributors)", b.title()),
            false => b.title(),
        })
        .collect();
    if !shown.is_empty() {
        let _ = write!(sources, " {}: {}.", t.background_layers, shown.join("; "));
    }
    let date = match sheet.lang {
        Lang::Vi => sheet.made_on.format("%d/%m/%Y").to_string(),
        Lang::En => sheet.made_on.format("%-d %B %Y").to_string(),
    };
    let made = format!("{} {}.", (t.made_on)(&date), env!("CARGO_PKG_VERSION"));
    [rule, filters, sources, made]
        .iter()
        .flat_map(|line| wrap(line, width, NOTE_MM))
        .collect()
}

pub(super) fn filters_text(t: &Texts, f: &crate::rule::Filters) -> String {
    if f.is_empty() {
        return t.filters_none.to_string();
    }
    let mut parts = Vec::new();
    if !f.operators.is_empty() {
        let names: Vec<String> = f.operators.iter().map(|o| o.label()).collect();
        parts.push(format!("{} {}", t.operators_used, names.join(", ")));
    }
    if !f.technologies.is_empty() {
        let names: Vec<String> = f.technologies.iter().map(|x| x.to_string()).collect();
        parts.push(format!("{} {}", t.technologies_used, names.join(", ")));
    }
    if f.from.is_some() || f.to.is_some() {
        let day =
            |d: Option<NaiveDate>| d.map_or("…".into(), |d| d.format("%d/%m/%Y").to_string());
        parts.push(format!(
            "{} {} {} {}",
            t.date_from,
            day(f.from),
            t.date_to,
            day(f.to)
        ));
    }
    (t.filters_line)(&parts.join("; "))
}

/// ", 09/03/2026 – 02/04/2026": the days the samples were taken, Vietnam time, when they
/// have times.
pub(super) fn sample_span(dataset: &Dataset, lang: Lang) -> String {
    let Some((first, last)) = sample_days(dataset.oldest_sample_s.zip(dataset.newest_sample_s))
    else {
        return String::new();
    };
    let date = |d: NaiveDate| match lang {
        Lang::Vi => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    };
    format!(", {} – {}", date(first), date(last))
}

/// The days (Vietnam's wall clock, as sample times are kept) of the oldest and the newest
/// sample time; `None` without them.
fn sample_days(times_s: Option<(i64, i64)>) -> Option<(NaiveDate, NaiveDate)> {
    let (oldest, newest) = times_s?;
    Some((crate::age::day_of(oldest)?, crate::age::day_of(newest)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Operator, Sample, Technology};

    fn at(wall: &str) -> Sample {
        Sample {
            lon: 105.8,
            lat: 21.0,
            time_s: crate::io::time::parse_time(wall).unwrap_or(crate::model::NO_TIME),
            signal_dbm: -90.0,
            operator: Operator::new(452, 4),
            technology: Technology::NoService,
        }
    }

    #[test]
    fn the_sample_span_is_in_the_days_the_times_were_written() {
        // Times are kept as the wall clock reads them: one at 20:30 is on its own day,
        // not the next.
        let samples = [
            at("2026-03-09 06:10:00"),
            at("not a time"),
            at("2026-03-12 20:30:00"),
        ];
        let days = |samples: &[Sample]| sample_days(crate::model::time_span_s(samples));
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        assert_eq!(days(&samples), day(9).zip(day(12)), "9 to 12 March");
        assert_eq!(days(&samples[1..2]), None);
    }
}
