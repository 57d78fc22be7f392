//! `villages.csv` and `communes.csv`: UTF-8 with a byte-order mark, so that Excel shows
//! Vietnamese names correctly.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use crate::analysis::{Dataset, Evaluation};
use crate::model::{Generation, Operator};
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
}

impl FigureRow {
    /// The row of `u`, with its district; see [`FigureRow::without_district`].
    pub fn new(u: &UnitFigures) -> FigureRow {
        let f: &Figures = &u.figures;
        use Generation::*;
        FigureRow {
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
    pub fn for_data(u: &UnitFigures, with_district: bool) -> FigureRow {
        let row = FigureRow::new(u);
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
        w.serialize(FigureRow::for_data(&unit, with_district))?;
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
    }
    header
}

/// An operator's cells of a village row: its samples, best generation (`none`), good samples
/// per generation and the good samples needed; `0` and blanks without a sample there.
fn operator_cells(row: &mut Vec<String>, o: Option<&OperatorOutcome>, params: &Params) {
    match o {
        Some(o) => {
            row.push(o.samples.to_string());
            row.push(o.best.map(|g| g.label()).unwrap_or("none").to_string());
            row.extend(o.good.iter().map(u32::to_string));
            row.push(good_needed(o.samples, params).to_string());
        }
        None => {
            row.push("0".into());
            row.extend(std::iter::repeat_n(String::new(), 6));
        }
    }
}

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
    let mut w = csv::Writer::from_writer(out);
    let header = villages_header(with_district, &listed, &operators);
    w.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for (v, (village, outcome)) in dataset.villages.iter().zip(&eval.villages).enumerate() {
        row.clear();
        let c = dataset.commune_of(v);
        row.push(village.record.to_string());
        row.push(village.name.clone());
        row.push(village.location.x().to_string());
        row.push(village.location.y().to_string());
        row.push(c.map(|c| c.code.clone()).unwrap_or_default());
        row.push(
            c.map(|c| c.name.clone())
                .unwrap_or_else(|| OUTSIDE_EVERY_COMMUNE.to_string()),
        );
        if with_district {
            row.push(c.map(|c| c.district.clone()).unwrap_or_default());
        }
        row.push(c.map(|c| c.province.clone()).unwrap_or_default());
        row.extend(listed.values(village));
        row.push(outcome.status.code().to_string());
        row.push(outcome.report_class.code().to_string());
        row.push(outcome.signal_seen.to_string());
        row.push(outcome.flagged.to_string());
        row.push(
            outcome
                .operators
                .iter()
                .map(|o| o.samples)
                .sum::<u32>()
                .to_string(),
        );
        for op in &operators {
            let o = outcome.operators.iter().find(|o| o.operator == *op);
            operator_cells(&mut row, o, &eval.params);
        }
        w.write_record(&row)?;
    }
    w.flush()
}
