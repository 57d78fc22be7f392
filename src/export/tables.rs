//! `villages.csv` and `communes.csv`: UTF-8 with a byte-order mark, so that Excel shows
//! Vietnamese names correctly.

use std::collections::BTreeSet;
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{Dataset, Evaluation};
use crate::model::{Generation, NO_TIME, Operator};
use crate::rollup::{Figures, UnitFigures};
use crate::rule::{OperatorOutcome, Params, good_needed};

const BOM: &[u8] = "\u{feff}".as_bytes();

/// One row of `communes.csv` (and of the units in `summary.json`).
#[derive(Clone, Debug, Serialize)]
pub struct FigureRow {
    pub level: &'static str,
    pub code: String,
    pub name: String,
    /// `None` (and the column left out) when the data has no districts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    pub province: String,
    pub villages: u32,
    pub surveyed: u32,
    pub not_surveyed: u32,
    pub no_coverage: u32,
    pub no_signal: u32,
    pub weak_signal: u32,
    pub covered_2g: u32,
    pub covered_3g: u32,
    pub covered_4g: u32,
    pub covered_5g: u32,
    pub below_required: u32,
    pub flagged: u32,
    /// Covered at 2G or better among all villages (0..1); likewise 3G, 4G, 5G.
    pub share_2g: f64,
    pub share_3g: f64,
    pub share_4g: f64,
    pub share_5g: f64,
    /// The same among surveyed villages.
    pub share_2g_surveyed: f64,
    pub share_3g_surveyed: f64,
    pub share_4g_surveyed: f64,
    pub share_5g_surveyed: f64,
    /// Villages whose households the list gives, and the households over them.
    pub households_known: u32,
    pub households: u64,
    /// Households in villages covered at the required generation.
    pub households_covered: u64,
    pub households_no_signal: u64,
    pub households_weak_signal: u64,
    pub households_below_required: u64,
    pub households_not_surveyed: u64,
    /// Villages whose population the list gives, and the inhabitants over them.
    pub population_known: u32,
    pub population: u64,
    pub population_covered: u64,
    /// Villages with no signal at all (weak signal) with grid power and without, where the
    /// list says.
    pub no_signal_with_power: u32,
    pub no_signal_without_power: u32,
    pub weak_signal_with_power: u32,
    pub weak_signal_without_power: u32,
}

impl FigureRow {
    /// The row of `u`, with its district; see [`FigureRow::without_district`]. `required`
    /// is the generation the households counted as covered are covered at.
    pub fn new(u: &UnitFigures, required: Generation) -> FigureRow {
        let f: &Figures = &u.figures;
        use crate::rule::ReportClass as C;
        use Generation::*;
        let (h, p) = (&f.households, &f.population);
        FigureRow {
            households_known: h.known,
            households: h.total,
            households_covered: h.covered_at(required),
            households_no_signal: h.of_class(C::NoSignal),
            households_weak_signal: h.of_class(C::WeakSignal),
            households_below_required: h.of_class(C::BelowRequired),
            households_not_surveyed: h.of_class(C::NotSurveyed),
            population_known: p.known,
            population: p.total,
            population_covered: p.covered_at(required),
            no_signal_with_power: f.power.of_class(C::NoSignal, true),
            no_signal_without_power: f.power.of_class(C::NoSignal, false),
            weak_signal_with_power: f.power.of_class(C::WeakSignal, true),
            weak_signal_without_power: f.power.of_class(C::WeakSignal, false),
            level: u.level.code(),
            code: u.code.clone(),
            name: u.name.clone(),
            district: Some(u.district.clone()),
            province: u.province.clone(),
            villages: f.villages,
            surveyed: f.surveyed,
            not_surveyed: f.not_surveyed,
            no_coverage: f.no_coverage,
            no_signal: f.no_signal,
            weak_signal: f.weak_signal,
            covered_2g: f.covered_at(G2),
            covered_3g: f.covered_at(G3),
            covered_4g: f.covered_at(G4),
            covered_5g: f.covered_at(G5),
            below_required: f.below_required,
            flagged: f.flagged,
            share_2g: f.share_of_villages(G2),
            share_3g: f.share_of_villages(G3),
            share_4g: f.share_of_villages(G4),
            share_5g: f.share_of_villages(G5),
            share_2g_surveyed: f.share_of_surveyed(G2),
            share_3g_surveyed: f.share_of_surveyed(G3),
            share_4g_surveyed: f.share_of_surveyed(G4),
            share_5g_surveyed: f.share_of_surveyed(G5),
        }
    }
}

impl FigureRow {
    /// The row as written when the data has no districts: no district column at all.
    pub fn without_district(mut self) -> FigureRow {
        self.district = None;
        self
    }

    /// The row of `u` for data with districts (`with_district`) or without.
    pub fn for_data(u: &UnitFigures, with_district: bool, required: Generation) -> FigureRow {
        let row = FigureRow::new(u, required);
        if with_district {
            row
        } else {
            row.without_district()
        }
    }
}

/// A row per commune in file order, then districts (where the data has them), provinces,
/// villages outside every commune (when there are some) and the total; the `level` column
/// tells them apart. Without districts there is no `district` column.
pub fn write_communes_csv(out: &mut dyn Write, eval: &Evaluation) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut w = csv::Writer::from_writer(out);
    let with_district = eval.rollup.has_districts();
    for unit in eval.rollup.rows() {
        w.serialize(FigureRow::for_data(
            &unit,
            with_district,
            eval.params.required,
        ))?;
    }
    w.flush()
}

/// The operators that appear in an evaluation, in code order.
pub fn operators_seen(eval: &Evaluation) -> Vec<Operator> {
    let set: BTreeSet<Operator> = eval
        .villages
        .iter()
        .flat_map(|v| v.operators.iter().map(|o| o.operator))
        .collect();
    set.into_iter().collect()
}

/// `yes`, `no` or empty, as the tables write grid power.
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// A sample time's day as the data files write it (`2026-03-12`), empty for none.
pub fn date_code(time_s: Option<i64>) -> String {
    (time_s.and_then(crate::age::day_of))
        // NaiveDate's Display is this ISO form, without parsing a pattern for each village.
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The headers of a village file's own columns written after phusong's (`taken`): as the
/// file names them, a name already taken (case aside) getting `_1`, `_2`… as GDAL does.
/// With `max_len` short (10 for a `.dbf`), names are also made ASCII and cut to fit.
///
/// ```
/// use phusong::export::tables::own_headers;
/// let own = ["Mã thôn".to_string(), "name".to_string(), "Ghi chú".to_string()];
/// assert_eq!(own_headers(["name", "record"], &own, usize::MAX), ["Mã thôn", "name_1", "Ghi chú"]);
/// assert_eq!(own_headers(["name", "record"], &own, 10), ["Ma_thon", "name_1", "Ghi_chu"]);
/// ```
pub fn own_headers<'t>(
    taken: impl IntoIterator<Item = &'t str>,
    own: &[String],
    max_len: usize,
) -> Vec<String> {
    let mut used: BTreeSet<String> = taken.into_iter().map(str::to_lowercase).collect();
    let fit = |name: &str, room: usize| -> String {
        if max_len == usize::MAX {
            return name.to_string();
        }
        // Letters lose their marks but keep their case (`Mã thôn` → `Ma_thon`).
        let ascii: String = (name.chars())
            .flat_map(|c| {
                let bare = crate::fold::fold_letters(&c.to_string());
                let bare: String = if c.is_uppercase() {
                    bare.to_uppercase()
                } else {
                    bare
                };
                bare.chars().collect::<Vec<_>>()
            })
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let ascii = ascii.trim_matches('_');
        let ascii = if ascii.is_empty() { "field" } else { ascii };
        ascii.chars().take(room).collect()
    };
    own.iter()
        .map(|name| {
            let mut header = fit(name, max_len);
            let mut n = 0;
            while used.contains(&header.to_lowercase()) {
                n += 1;
                let suffix = format!("_{n}");
                header = fit(name, max_len.saturating_sub(suffix.len())) + &suffix;
            }
            used.insert(header.to_lowercase());
            header
        })
        .collect()
}

/// What a village's commune column says when it lies in none.
pub const OUTSIDE_EVERY_COMMUNE: &str = "(outside every commune)";

/// The units a village list names beside each village (`listed_commune`, …): only those the
/// list has, so that a shapefile without them gives no empty columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListedColumns {
    /// Some village has a listed commune: a `listed_commune` column.
    pub commune: bool,
    /// Some village has a listed district: a `listed_district` column.
    pub district: bool,
    /// Some village has a listed province: a `listed_province` column.
    pub province: bool,
}

impl ListedColumns {
    /// The columns `villages` need.
    pub fn of(villages: &[crate::model::Village]) -> ListedColumns {
        let mut c = ListedColumns::default();
        for v in villages {
            c.commune |= !v.listed.commune.is_empty();
            c.district |= !v.listed.district.is_empty();
            c.province |= !v.listed.province.is_empty();
        }
        c
    }

    /// The column names, in order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.commune, "listed_commune"),
            (self.district, "listed_district"),
            (self.province, "listed_province"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| name)
    }

    /// The values of `v` for [`ListedColumns::names`].
    pub fn values(self, v: &crate::model::Village) -> impl Iterator<Item = String> + '_ {
        [
            (self.commune, &v.listed.commune),
            (self.district, &v.listed.district),
            (self.province, &v.listed.province),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, value)| value.clone())
    }
}

/// The heading of `villages.csv`: the village, its commune, the listed units, the outcome,
/// then per operator its samples, best generation, good samples per generation and the
/// good samples needed.
fn villages_header(
    with_district: bool,
    listed: &ListedColumns,
    operators: &[Operator],
    own: &[String],
) -> Vec<String> {
    let mut header: Vec<String> = [
        "record",
        "name",
        "lon",
        "lat",
        "commune_code",
        "commune_name",
    ]
    .map(String::from)
    .to_vec();
    if with_district {
        header.push("district".into());
    }
    header.push("province".into());
    header.extend(listed.names().map(String::from));
    header.extend(
        [
            "status",
            "report_class",
            "signal_seen",
            "flagged",
            "samples",
            "households",
            "population",
            "grid_power",
            "last_sample_date",
            "needs_new_survey",
        ]
        .map(String::from),
    );
    for op in operators {
        header.push(format!("{op}_samples"));
        header.push(format!("{op}_best"));
        for g in Generation::ALL {
            header.push(format!("{op}_good_{}", g.label()));
        }
        header.push(format!("{op}_needed"));
        header.push(format!("{op}_last_sample_date"));
    }
    let own = own_headers(header.iter().map(String::as_str), own, usize::MAX);
    header.extend(own);
    header
}

/// An operator's cells of a village row: its samples, best generation (`none`), good samples
/// per generation and the good samples needed; `0` and blanks without a sample there.
fn operator_cells(row: &mut Fields, o: Option<&OperatorOutcome>, params: &Params) {
    match o {
        Some(o) => {
            row.display(o.samples);
            row.text(o.best.map(|g| g.label()).unwrap_or("none"));
            for good in &o.good {
                row.display(good);
            }
            row.display(good_needed(o.samples, params));
            row.text(&date_code(Some(o.last_sample_s).filter(|&t| t != NO_TIME)));
        }
        None => {
            row.text("0");
            for _ in 0..7 {
                row.text("");
            }
        }
    }
}

/// A record's fields, each buffer kept from one record to the next: a national list of
/// villages is millions of fields, written without allocating each.
#[derive(Default)]
struct Fields {
    fields: Vec<String>,
    len: usize,
}

impl Fields {
    fn clear(&mut self) {
        self.len = 0;
    }

    /// The next field, empty.
    fn next(&mut self) -> &mut String {
        if self.len == self.fields.len() {
            self.fields.push(String::new());
        }
        let field = &mut self.fields[self.len];
        field.clear();
        self.len += 1;
        field
    }

    fn text(&mut self, s: &str) {
        self.next().push_str(s);
    }

    fn display(&mut self, v: impl std::fmt::Display) {
        use std::fmt::Write as _;
        let _ = write!(self.next(), "{v}");
    }

    fn record(&self) -> &[String] {
        &self.fields[..self.len]
    }
}

/// Villages a chunk of `villages.csv` holds, each chunk written on whichever core is free.
const VILLAGES_A_CHUNK: usize = 4096;

/// A row per input village, in input order, with its commune (and district, where the data
/// has them), the units the village list names for it (when it names any), status, report
/// class and whether any sample was good, and per operator the sample count, best
/// generation (`none` when surveyed but not covered, empty when the operator has no sample
/// there), the good samples at each generation and the good samples needed.
pub fn write_villages_csv(
    out: &mut dyn Write,
    dataset: &Dataset,
    eval: &Evaluation,
) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let operators = operators_seen(eval);
    let with_district = dataset.has_districts();
    let listed = ListedColumns::of(&dataset.villages);
    let header = villages_header(with_district, &listed, &operators, &dataset.village_columns);
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(&header)?;
    w.flush()?;
    drop(w);
    let rows = |first: usize| -> std::io::Result<Vec<u8>> {
        let end = (first + VILLAGES_A_CHUNK).min(dataset.villages.len());
        let mut w = csv::Writer::from_writer(Vec::with_capacity(256 * (end - first)));
        let mut row = Fields::default();
        for v in first..end {
            village_row(
                &mut row,
                dataset,
                eval,
                v,
                with_district,
                listed,
                &operators,
            );
            w.write_record(row.record())?;
        }
        w.into_inner().map_err(|e| e.into_error())
    };
    let chunks: Vec<std::io::Result<Vec<u8>>> = (0..dataset.villages.len())
        .step_by(VILLAGES_A_CHUNK)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(rows)
        .collect();
    for chunk in chunks {
        out.write_all(&chunk?)?;
    }
    out.flush()
}

/// Village `v`'s row of `villages.csv` in `row`.
fn village_row(
    row: &mut Fields,
    dataset: &Dataset,
    eval: &Evaluation,
    v: usize,
    with_district: bool,
    listed: ListedColumns,
    operators: &[Operator],
) {
    let (village, outcome) = (&dataset.villages[v], &eval.villages[v]);
    row.clear();
    let c = dataset.commune_of(v);
    row.display(village.record);
    row.text(&village.name);
    row.display(village.location.x());
    row.display(village.location.y());
    row.text(c.map_or("", |c| c.code.as_str()));
    row.text(c.map_or(OUTSIDE_EVERY_COMMUNE, |c| c.name.as_str()));
    if with_district {
        row.text(c.map_or("", |c| c.district.as_str()));
    }
    row.text(c.map_or("", |c| c.province.as_str()));
    for value in listed.values(village) {
        row.text(&value);
    }
    row.text(outcome.status.code());
    row.text(outcome.report_class.code());
    row.display(outcome.signal_seen);
    row.display(outcome.flagged);
    row.display(outcome.operators.iter().map(|o| o.samples).sum::<u32>());
    let facts = &village.facts;
    for n in [facts.households, facts.population] {
        match n {
            Some(n) => row.display(n),
            None => row.text(""),
        }
    }
    row.text(yes_no(facts.grid_power));
    row.text(&date_code(outcome.last_sample_s()));
    row.text(if eval.needs_new_survey(v) { "yes" } else { "" });
    for op in operators {
        let o = outcome.operators.iter().find(|o| o.operator == *op);
        operator_cells(row, o, &eval.params);
    }
    for own in &village.own {
        row.text(own);
    }
}
