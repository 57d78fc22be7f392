//! The tables a provincial report annexes (*phụ lục*), described once: the Excel report,
//! the Word draft and their printed pages all write these, so they cannot disagree.
//!
//! - Annex 1: the villages with no signal at all (*trắng sóng*) and with weak signal (*lõm
//!   sóng*), in parts by grid power as the national programme lists them (with grid power,
//!   without, not known), grouped by commune, with households, population, the operators
//!   seen there and the best signal.
//! - Annex 2: the summary by commune: villages, households, covered at the required
//!   generation, no signal, weak signal, not surveyed.
//! - Annex 3, when two analyses are compared: the progress by commune (see
//!   [`crate::compare`]).

use crate::analysis::{Dataset, Evaluation};
use crate::lang::Lang;
use crate::model::Generation;
use crate::numbers::{count_text, date_text, dbm_text, percent_text};
use crate::rule::{ReportClass, VillageOutcome};

/// What a row of an annex is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A part's heading across the table (`A. Thôn có điện lưới`).
    Part,
    /// A group's heading across the table (`I. Xã Cao Kỳ`).
    Group,
    /// One village or commune.
    Item,
    /// The totals (`Tổng cộng`).
    Total,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum AnnexCell {
    Text(String),
    Count(u64),
    /// 0..1, written as a percentage.
    Share(f64),
    Empty,
}

impl AnnexCell {
    /// The cell as the report's text writes it, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            AnnexCell::Text(s) => s.clone(),
            AnnexCell::Count(n) => count_text(lang, *n),
            AnnexCell::Share(x) => percent_text(lang, (x * 1000.0).round() as u64, 1000u64),
            AnnexCell::Empty => String::new(),
        }
    }

    /// True for a figure, written on the right.
    pub fn is_number(&self) -> bool {
        matches!(self, AnnexCell::Count(_) | AnnexCell::Share(_))
    }
}

/// One row: a heading (its text in the first cell) or a line of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnexRow {
    pub kind: RowKind,
    pub cells: Vec<AnnexCell>,
}

/// One annex table.
#[derive(Clone, Debug, PartialEq)]
pub struct Annex {
    /// `Phụ lục 1`.
    pub label: String,
    /// `Danh sách thôn trắng sóng, lõm sóng`.
    pub title: String,
    /// What the figures are of (`sóng 4G; số liệu đo đến 12/03/2026`).
    pub subtitle: String,
    pub headers: Vec<String>,
    /// Relative widths of the columns, for the printed tables.
    pub widths: Vec<f32>,
    pub rows: Vec<AnnexRow>,
}

impl Annex {
    /// The village or commune rows.
    pub fn items(&self) -> impl Iterator<Item = &AnnexRow> {
        self.rows.iter().filter(|r| r.kind == RowKind::Item)
    }
}

/// `I`, `II`, … `XXXIX`: group numbers as Vietnamese documents write them.
///
/// ```
/// assert_eq!(phusong::export::annex::roman(14), "XIV");
/// ```
pub fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digit) in DIGITS {
        while n >= value {
            out.push_str(digit);
            n -= value;
        }
    }
    out
}

/// The annexes of one analysis (the progress annex comes with a comparison).
pub fn annexes(
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    compared: Option<crate::compare::Compared>,
) -> Vec<Annex> {
    let mut out = vec![
        flagged_villages(dataset, eval, lang),
        commune_summary(dataset, eval, lang),
    ];
    if let Some(c) = compared {
        out.push(progress(c.before, c.after, c.comparison, lang));
    }
    out
}

/// What the figures are of: the generation and the survey's last day.
fn subtitle(eval: &Evaluation, lang: Lang) -> String {
    let t = lang.texts();
    let day = eval.survey_age.map(|a| date_text(lang, a.as_of));
    (t.annex_subtitle)(eval.params.required.label(), day.as_deref())
}

/// The operators with a sample of signal at a village, by brand: `Viettel, VinaPhone`.
fn operators_with_signal(o: &VillageOutcome) -> String {
    (o.operators.iter())
        .filter(|x| x.best_signal_dbm.iter().any(Option::is_some))
        .map(|x| {
            x.operator
                .brand()
                .map_or_else(|| x.operator.to_string(), str::to_string)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The strongest signal of any operator at a village: `−98 dBm (4G, Viettel)`.
fn best_signal(o: &VillageOutcome) -> String {
    let best = (o.operators.iter())
        .flat_map(|x| {
            Generation::ALL
                .into_iter()
                .filter_map(move |g| x.best_signal_dbm[g.index()].map(|dbm| (dbm, g, x.operator)))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((dbm, g, op)) => {
            let name = op.brand().map_or_else(|| op.to_string(), str::to_string);
            format!("{} ({g}, {name})", dbm_text(dbm))
        }
        None => String::new(),
    }
}

/// Annex 1: the villages with no signal at all and with weak signal.
fn flagged_villages(dataset: &Dataset, eval: &Evaluation, lang: Lang) -> Annex {
    let t = lang.texts();
    let listed = |o: &VillageOutcome| {
        matches!(
            o.report_class,
            ReportClass::NoSignal | ReportClass::WeakSignal
        )
    };
    let parts: [(Option<bool>, &str); 3] = [
        (Some(true), t.annex_part_with_power),
        (Some(false), t.annex_part_without_power),
        (None, t.annex_part_power_unknown),
    ];
    let headers: Vec<String> = [
        t.key_number,
        t.village_role_name,
        t.annex_commune,
        t.households_word,
        t.population_word,
        t.grid_power_word,
        t.annex_class,
        t.annex_operators_seen,
        t.annex_best_signal,
        t.last_sample_date,
        t.annex_note,
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    let mut number = 0u64;
    let (mut households, mut population, mut villages) = (0u64, 0u64, 0u64);
    let letters = ["A", "B", "C"];
    let mut part_no = 0;
    for (power, part_title) in parts {
        let in_part: Vec<usize> = (0..dataset.villages.len())
            .filter(|&v| listed(&eval.villages[v]) && dataset.villages[v].facts.grid_power == power)
            .collect();
        if in_part.is_empty() {
            continue;
        }
        rows.push(heading(
            RowKind::Part,
            format!("{}. {part_title}", letters[part_no]),
        ));
        part_no += 1;
        // Communes in file order, villages in file order within them.
        let mut communes: Vec<Option<u32>> = in_part
            .iter()
            .map(|&v| dataset.village_commune[v])
            .collect();
        communes.sort_by_key(|c| c.map_or(u32::MAX, |c| c));
        communes.dedup();
        for (g, commune) in communes.iter().enumerate() {
            let name = commune
                .map(|c| dataset.communes[c as usize].name.clone())
                .unwrap_or_else(|| t.outside_communes.to_string());
            rows.push(heading(RowKind::Group, format!("{}. {name}", roman(g + 1))));
            for &v in in_part
                .iter()
                .filter(|&&v| dataset.village_commune[v] == *commune)
            {
                let village = &dataset.villages[v];
                let o = &eval.villages[v];
                number += 1;
                villages += 1;
                households += u64::from(village.facts.households.unwrap_or(0));
                population += u64::from(village.facts.population.unwrap_or(0));
                let count =
                    |n: Option<u32>| n.map_or(AnnexCell::Empty, |n| AnnexCell::Count(n.into()));
                let day = o.last_sample_s().and_then(crate::age::day_of);
                let note = if eval.needs_new_survey(v) {
                    t.needs_new_survey
                } else {
                    ""
                };
                rows.push(AnnexRow {
                    kind: RowKind::Item,
                    cells: vec![
                        AnnexCell::Count(number),
                        AnnexCell::Text(village_name(village)),
                        AnnexCell::Text(name.clone()),
                        count(village.facts.households),
                        count(village.facts.population),
                        AnnexCell::Text(t.yes_no(village.facts.grid_power).unwrap_or("").into()),
                        AnnexCell::Text(t.report_class(o.report_class, eval.params.required)),
                        AnnexCell::Text(operators_with_signal(o)),
                        AnnexCell::Text(best_signal(o)),
                        AnnexCell::Text(day.map(|d| date_text(lang, d)).unwrap_or_default()),
                        AnnexCell::Text(note.into()),
                    ],
                });
            }
        }
    }
    rows.push(AnnexRow {
        kind: RowKind::Total,
        cells: vec![
            AnnexCell::Empty,
            AnnexCell::Text((t.annex_total_villages)(&count_text(lang, villages))),
            AnnexCell::Empty,
            AnnexCell::Count(households),
            AnnexCell::Count(population),
            AnnexCell::Empty,
            AnnexCell::Empty,
            AnnexCell::Empty,
            AnnexCell::Empty,
            AnnexCell::Empty,
            AnnexCell::Empty,
        ],
    });
    Annex {
        label: (t.annex_label)(1),
        title: t.annex_flagged_title.into(),
        subtitle: subtitle(eval, lang),
        headers,
        widths: vec![
            0.55, 1.35, 1.35, 0.65, 0.75, 0.7, 0.9, 1.45, 1.45, 1.25, 0.8,
        ],
        rows,
    }
}

/// A village's name, or `#` and its record when it has none.
fn village_name(v: &crate::model::Village) -> String {
    if v.name.is_empty() {
        format!("#{}", v.record)
    } else {
        v.name.clone()
    }
}

fn heading(kind: RowKind, text: String) -> AnnexRow {
    AnnexRow {
        kind,
        cells: vec![AnnexCell::Text(text)],
    }
}

/// Annex 2: the summary by commune, grouped by district where the data has them.
fn commune_summary(_dataset: &Dataset, eval: &Evaluation, lang: Lang) -> Annex {
    let t = lang.texts();
    let req = eval.params.required;
    let headers: Vec<String> = vec![
        t.key_number.into(),
        t.annex_commune.into(),
        t.xlsx_villages.into(),
        t.households_word.into(),
        (t.annex_covered_villages)(req.label()),
        (t.annex_covered_share)(req.label()),
        t.annex_no_signal_villages.into(),
        t.annex_weak_signal_villages.into(),
        t.annex_not_surveyed_villages.into(),
    ];
    let line =
        |kind: RowKind, first: AnnexCell, name: String, f: &crate::rollup::Figures| AnnexRow {
            kind,
            cells: vec![
                first,
                AnnexCell::Text(name),
                AnnexCell::Count(f.villages.into()),
                if f.households.known > 0 {
                    AnnexCell::Count(f.households.total)
                } else {
                    AnnexCell::Empty
                },
                AnnexCell::Count(f.covered_at(req).into()),
                if f.villages > 0 {
                    AnnexCell::Share(f.covered_at(req) as f64 / f.villages as f64)
                } else {
                    AnnexCell::Empty
                },
                AnnexCell::Count(f.no_signal.into()),
                AnnexCell::Count(f.weak_signal.into()),
                AnnexCell::Count(f.not_surveyed.into()),
            ],
        };
    let mut rows = Vec::new();
    let with_districts = eval.rollup.has_districts();
    let mut districts: Vec<&str> = eval
        .rollup
        .communes
        .iter()
        .map(|c| c.district.as_str())
        .collect();
    districts.dedup();
    let mut seen = std::collections::BTreeSet::new();
    districts.retain(|d| seen.insert(*d));
    let mut number = 0u64;
    for (g, district) in districts.iter().enumerate() {
        if with_districts {
            rows.push(heading(
                RowKind::Group,
                format!("{}. {district}", roman(g + 1)),
            ));
        }
        for c in eval
            .rollup
            .communes
            .iter()
            .filter(|c| c.district == *district)
        {
            number += 1;
            rows.push(line(
                RowKind::Item,
                AnnexCell::Count(number),
                c.name.clone(),
                &c.figures,
            ));
        }
    }
    let r = &eval.rollup;
    if r.outside.villages > 0 {
        rows.push(line(
            RowKind::Item,
            AnnexCell::Empty,
            t.outside_communes.into(),
            &r.outside,
        ));
    }
    rows.push(line(
        RowKind::Total,
        AnnexCell::Empty,
        t.annex_total.into(),
        &r.total,
    ));
    Annex {
        label: (t.annex_label)(2),
        title: t.annex_summary_title.into(),
        subtitle: subtitle(eval, lang),
        headers,
        widths: vec![0.6, 2.2, 0.8, 0.9, 1.0, 0.9, 0.9, 0.9, 0.9],
        rows,
    }
}

/// Annex 3: the progress by commune between two analyses: villages with no and with weak
/// signal before and after, those newly covered, those that lost coverage and those newly
/// surveyed. A village counts in the commune it lies in now (before, for one found only
/// then).
pub fn progress(
    before: crate::compare::Side,
    after: crate::compare::Side,
    cmp: &crate::compare::Comparison,
    lang: Lang,
) -> Annex {
    use crate::compare::Change;
    let t = lang.texts();
    let req = after.eval.params.required;
    let headers: Vec<String> = vec![
        t.key_number.into(),
        t.annex_commune.into(),
        (t.progress_before)(t.status_no_signal),
        (t.progress_after)(t.status_no_signal),
        (t.progress_before)(t.class_weak_signal),
        (t.progress_after)(t.class_weak_signal),
        (t.change_newly_covered)(req.label()),
        (t.change_lost_coverage)(req.label()),
        t.change_newly_surveyed.into(),
    ];
    // Per commune name, in the order first met: the seven counts.
    let mut order: Vec<String> = Vec::new();
    let mut counts: std::collections::HashMap<String, [u64; 7]> = std::collections::HashMap::new();
    let commune_name = |side: crate::compare::Side, v: usize| {
        side.dataset
            .commune_of(v)
            .map_or_else(|| t.outside_communes.to_string(), |c| c.name.clone())
    };
    for c in &after.dataset.communes {
        order.push(c.name.clone());
        counts.entry(c.name.clone()).or_default();
    }
    let mut total = [0u64; 7];
    for v in &cmp.villages {
        let name = match (v.after, v.before) {
            (Some(a), _) => commune_name(after, a),
            (None, Some(b)) => commune_name(before, b),
            (None, None) => continue,
        };
        if !counts.contains_key(&name) {
            order.push(name.clone());
        }
        let row = counts.entry(name).or_default();
        let mut add = |k: usize, yes: bool| {
            if yes {
                row[k] += 1;
                total[k] += 1;
            }
        };
        add(0, v.class_before == Some(ReportClass::NoSignal));
        add(1, v.class_after == Some(ReportClass::NoSignal));
        add(2, v.class_before == Some(ReportClass::WeakSignal));
        add(3, v.class_after == Some(ReportClass::WeakSignal));
        add(4, v.change == Change::NewlyCovered);
        add(5, v.change == Change::LostCoverage);
        add(6, v.change == Change::NewlySurveyed);
    }
    let line = |kind, first, name: String, c: &[u64; 7]| AnnexRow {
        kind,
        cells: std::iter::once(first)
            .chain(std::iter::once(AnnexCell::Text(name)))
            .chain(c.iter().map(|&n| AnnexCell::Count(n)))
            .collect(),
    };
    let mut rows = Vec::new();
    let mut number = 0;
    for name in order {
        let c = counts[&name];
        // Communes without a village flagged or changed either time say nothing here.
        if c.iter().all(|&n| n == 0) {
            continue;
        }
        number += 1;
        rows.push(line(RowKind::Item, AnnexCell::Count(number), name, &c));
    }
    rows.push(line(
        RowKind::Total,
        AnnexCell::Empty,
        t.annex_total.into(),
        &total,
    ));
    Annex {
        label: (t.annex_label)(3),
        title: t.annex_progress_title.into(),
        subtitle: (t.progress_subtitle)(
            &period(before.eval, lang),
            &period(after.eval, lang),
            &count_text(lang, cmp.match_within_m as u64),
        ),
        headers,
        widths: vec![0.6, 2.2, 0.9, 0.9, 0.9, 0.9, 1.1, 1.0, 1.0],
        rows,
    }
}

/// The days an analysis's samples span, as a report writes them: `09/03/2026–10/03/2026`,
/// the date filter where one is set.
pub fn period(eval: &Evaluation, lang: Lang) -> String {
    let f = &eval.params.filters;
    let day =
        |d: Option<chrono::NaiveDate>| d.map(|d| date_text(lang, d)).unwrap_or_else(|| "…".into());
    match (f.from, f.to) {
        (None, None) => eval
            .survey_age
            .map(|a| date_text(lang, a.as_of))
            .unwrap_or_else(|| "…".into()),
        (from, to) => format!("{}–{}", day(from), day(to)),
    }
}
