//! Figures per commune, district and province, as provincial reports quote them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Commune, Generation, Village, VillageFacts};
use crate::rule::{ReportClass, Status, VillageOutcome};

/// Households or inhabitants of a unit's villages, over the villages whose list gives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Weighted {
    /// Villages whose figure is known.
    pub known: u32,
    /// The sum over those villages.
    pub total: u64,
    /// Of `total`, per report class, in [`ReportClass::ALL`] order.
    pub by_class: [u64; 5],
    /// Of `total`, in villages covered at 2G or better, 3G or better, 4G or better, 5G.
    pub covered: [u64; 4],
}

impl Weighted {
    fn add(&mut self, value: Option<u32>, v: &VillageOutcome) {
        let Some(n) = value else { return };
        let n = u64::from(n);
        self.known += 1;
        self.total += n;
        self.by_class[class_slot(v.report_class)] += n;
        if let Some(best) = v.status.best() {
            for g in Generation::ALL.iter().filter(|g| **g <= best) {
                self.covered[g.index()] += n;
            }
        }
    }

    fn merge(&mut self, other: &Weighted) {
        self.known += other.known;
        self.total += other.total;
        for k in 0..5 {
            self.by_class[k] += other.by_class[k];
        }
        for g in 0..4 {
            self.covered[g] += other.covered[g];
        }
    }

    /// The weight of the villages of one report class.
    pub fn of_class(&self, class: ReportClass) -> u64 {
        self.by_class[class_slot(class)]
    }

    pub fn covered_at(&self, g: Generation) -> u64 {
        self.covered[g.index()]
    }
}

/// Villages with and without grid power, per report class; the rest have no power figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PowerCounts {
    /// In [`ReportClass::ALL`] order.
    pub with: [u32; 5],
    pub without: [u32; 5],
}

impl PowerCounts {
    fn add(&mut self, power: Option<bool>, v: &VillageOutcome) {
        match power {
            Some(true) => self.with[class_slot(v.report_class)] += 1,
            Some(false) => self.without[class_slot(v.report_class)] += 1,
            None => {}
        }
    }

    fn merge(&mut self, other: &PowerCounts) {
        for k in 0..5 {
            self.with[k] += other.with[k];
            self.without[k] += other.without[k];
        }
    }

    /// Villages of `class` with grid power (`true`) or without (`false`).
    pub fn of_class(&self, class: ReportClass, power: bool) -> u32 {
        let counts = if power { &self.with } else { &self.without };
        counts[class_slot(class)]
    }
}

/// The place of `class` in per-class arrays: its place in [`ReportClass::ALL`].
fn class_slot(class: ReportClass) -> usize {
    ReportClass::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or(0)
}

/// The counts one unit reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub villages: u32,
    pub surveyed: u32,
    pub not_surveyed: u32,
    pub no_coverage: u32,
    /// Of `no_coverage`: no usable signal at all (*trắng sóng*).
    pub no_signal: u32,
    /// Of `no_coverage`: some usable signal, not enough (*lõm sóng*).
    pub weak_signal: u32,
    /// Villages covered at 2G or better, 3G or better, 4G or better, 5G.
    pub covered: [u32; 4],
    /// Covered, but below the required generation.
    pub below_required: u32,
    pub flagged: u32,
    /// Households of these villages, where the village list gives them.
    pub households: Weighted,
    /// Inhabitants of these villages, where the village list gives them.
    pub population: Weighted,
    /// Villages with and without grid power, where the village list says.
    pub power: PowerCounts,
}

impl Figures {
    /// Counts village outcome `v`, whose list says `facts`.
    pub fn add(&mut self, v: &VillageOutcome, facts: &VillageFacts) {
        self.households.add(facts.households, v);
        self.population.add(facts.population, v);
        self.power.add(facts.grid_power, v);
        self.villages += 1;
        match v.status {
            Status::NotSurveyed => self.not_surveyed += 1,
            Status::NoCoverage => {
                self.surveyed += 1;
                self.no_coverage += 1
            }
            Status::Covered(best) => {
                self.surveyed += 1;
                for g in Generation::ALL.iter().filter(|g| **g <= best) {
                    self.covered[g.index()] += 1;
                }
            }
        }
        match v.report_class {
            ReportClass::NoSignal => self.no_signal += 1,
            ReportClass::WeakSignal => self.weak_signal += 1,
            ReportClass::BelowRequired => self.below_required += 1,
            ReportClass::NotSurveyed | ReportClass::Covered => {}
        }
        self.flagged += u32::from(v.flagged);
    }

    /// The villages of one report class.
    pub fn of_class(&self, class: ReportClass) -> u32 {
        match class {
            ReportClass::NotSurveyed => self.not_surveyed,
            ReportClass::NoSignal => self.no_signal,
            ReportClass::WeakSignal => self.weak_signal,
            ReportClass::BelowRequired => self.below_required,
            ReportClass::Covered => self.surveyed - self.no_coverage - self.below_required,
        }
    }

    pub fn merge(&mut self, other: &Figures) {
        self.villages += other.villages;
        self.surveyed += other.surveyed;
        self.not_surveyed += other.not_surveyed;
        self.no_coverage += other.no_coverage;
        self.no_signal += other.no_signal;
        self.weak_signal += other.weak_signal;
        self.below_required += other.below_required;
        for g in 0..4 {
            self.covered[g] += other.covered[g];
        }
        self.flagged += other.flagged;
        self.households.merge(&other.households);
        self.population.merge(&other.population);
        self.power.merge(&other.power);
    }

    pub fn covered_at(&self, g: Generation) -> u32 {
        self.covered[g.index()]
    }

    /// Villages covered at `g` or better among all villages (0 when there are none).
    pub fn share_of_villages(&self, g: Generation) -> f64 {
        ratio(self.covered_at(g), self.villages)
    }

    /// Villages covered at `g` or better among surveyed villages.
    pub fn share_of_surveyed(&self, g: Generation) -> f64 {
        ratio(self.covered_at(g), self.surveyed)
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The level of a row of the roll-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Commune,
    District,
    Province,
    /// Villages in no commune polygon.
    Outside,
    /// Every village of the input.
    Total,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Commune => "commune",
            Level::District => "district",
            Level::Province => "province",
            Level::Outside => "outside",
            Level::Total => "total",
        }
    }
}

/// One row of the roll-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitFigures {
    pub level: Level,
    pub code: String,
    pub name: String,
    /// For communes and districts, the units above them.
    pub district: String,
    pub province: String,
    pub figures: Figures,
}

/// Every unit's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rollup {
    /// In commune file order.
    pub communes: Vec<UnitFigures>,
    /// Ordered by province then district name; empty when the data has no districts.
    pub districts: Vec<UnitFigures>,
    /// Ordered by name; empty when the data names no province.
    pub provinces: Vec<UnitFigures>,
    /// Villages in no commune.
    pub outside: Figures,
    /// All villages.
    pub total: Figures,
}

impl Rollup {
    /// False when the communes name no district (boundaries after the July 2025 reform):
    /// the district level is then left out of every table and export.
    pub fn has_districts(&self) -> bool {
        !self.districts.is_empty()
    }

    /// Every row: communes, then districts, provinces, the outside row when it has villages,
    /// and the total.
    pub fn rows(&self) -> impl Iterator<Item = UnitFigures> + '_ {
        let outside = (self.outside.villages > 0).then(|| self.outside_row());
        self.communes
            .iter()
            .chain(&self.districts)
            .chain(&self.provinces)
            .cloned()
            .chain(outside)
            .chain(std::iter::once(self.total_row()))
    }

    /// The villages in no commune, as a row.
    pub fn outside_row(&self) -> UnitFigures {
        summary_row(Level::Outside, "outside every commune", self.outside)
    }

    /// All villages, as a row.
    pub fn total_row(&self) -> UnitFigures {
        summary_row(Level::Total, "all villages", self.total)
    }
}

fn summary_row(level: Level, name: &str, figures: Figures) -> UnitFigures {
    UnitFigures {
        level,
        code: String::new(),
        name: name.into(),
        district: String::new(),
        province: String::new(),
        figures,
    }
}

/// Adds up village outcomes (one per village of `villages`) into communes (by
/// `village_commune`), districts and provinces.
pub fn roll_up(
    communes: &[Commune],
    villages: &[Village],
    village_commune: &[Option<u32>],
    outcomes: &[VillageOutcome],
) -> Rollup {
    let mut per_commune = vec![Figures::default(); communes.len()];
    let mut outside = Figures::default();
    let mut total = Figures::default();
    for ((v, c), village) in outcomes.iter().zip(village_commune).zip(villages) {
        total.add(v, &village.facts);
        match c {
            Some(i) => per_commune[*i as usize].add(v, &village.facts),
            None => outside.add(v, &village.facts),
        }
    }
    let mut districts: BTreeMap<(&str, &str), Figures> = BTreeMap::new();
    let mut provinces: BTreeMap<&str, Figures> = BTreeMap::new();
    for (c, f) in communes.iter().zip(&per_commune) {
        if !c.district.is_empty() {
            districts
                .entry((&c.province, &c.district))
                .or_default()
                .merge(f);
        }
        if !c.province.is_empty() {
            provinces.entry(&c.province).or_default().merge(f);
        }
    }
    Rollup {
        communes: communes
            .iter()
            .zip(per_commune)
            .map(|(c, figures)| UnitFigures {
                level: Level::Commune,
                code: c.code.clone(),
                name: c.name.clone(),
                district: c.district.clone(),
                province: c.province.clone(),
                figures,
            })
            .collect(),
        districts: districts
            .into_iter()
            .map(|((province, district), figures)| UnitFigures {
                level: Level::District,
                code: String::new(),
                name: district.to_string(),
                district: district.to_string(),
                province: province.to_string(),
                figures,
            })
            .collect(),
        provinces: provinces
            .into_iter()
            .map(|(province, figures)| UnitFigures {
                level: Level::Province,
                code: String::new(),
                name: province.to_string(),
                district: String::new(),
                province: province.to_string(),
                figures,
            })
            .collect(),
        outside,
        total,
    }
}

/// One operator's figures over a set of villages: where it has samples, and where it alone
/// covers the village at each generation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OperatorFigures {
    pub operator: crate::model::Operator,
    /// The brand (`Viettel`), empty for networks without a known one.
    pub name: &'static str,
    pub villages: u32,
    /// Villages where the operator has at least one sample within the radius.
    pub surveyed: u32,
    /// Villages the operator covers at 2G or better, 3G or better, 4G or better, 5G.
    pub covered: [u32; 4],
    /// Households in the villages it covers at 2G or better … 5G (over the villages whose
    /// households are known).
    pub households_covered: [u64; 4],
}

/// Per operator (in code order), over all villages of `outcomes` (one per village of
/// `villages`).
pub fn by_operator(villages: &[Village], outcomes: &[VillageOutcome]) -> Vec<OperatorFigures> {
    // A handful of operators: found by a look along a short list, sorted at the end (a map
    // looked up for each of 200,000 operator outcomes was half of this).
    let mut per: Vec<OperatorFigures> = Vec::new();
    for (v, village) in outcomes.iter().zip(villages) {
        for o in &v.operators {
            let at = match per.iter().position(|f| f.operator == o.operator) {
                Some(at) => at,
                None => {
                    per.push(OperatorFigures {
                        operator: o.operator,
                        name: o.operator.brand().unwrap_or(""),
                        villages: outcomes.len() as u32,
                        surveyed: 0,
                        covered: [0; 4],
                        households_covered: [0; 4],
                    });
                    per.len() - 1
                }
            };
            let f = &mut per[at];
            f.surveyed += 1;
            if let Some(best) = o.best {
                for g in Generation::ALL.iter().filter(|g| **g <= best) {
                    f.covered[g.index()] += 1;
                    f.households_covered[g.index()] +=
                        u64::from(village.facts.households.unwrap_or(0));
                }
            }
        }
    }
    per.sort_by_key(|f| f.operator);
    per
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: Status, flagged: bool) -> VillageOutcome {
        VillageOutcome {
            status,
            signal_seen: false,
            report_class: ReportClass::of(status, false, Generation::G4),
            flagged,
            operators: vec![],
        }
    }

    #[test]
    fn covered_counts_are_cumulative_and_shares_use_both_bases() {
        let mut f = Figures::default();
        for o in [
            outcome(Status::Covered(Generation::G4), false),
            outcome(Status::Covered(Generation::G2), true),
            outcome(Status::NoCoverage, true),
            outcome(Status::NotSurveyed, false),
        ] {
            f.add(&o, &VillageFacts::default());
        }
        assert_eq!(f.covered, [2, 1, 1, 0]);
        assert_eq!(
            (
                f.villages,
                f.surveyed,
                f.not_surveyed,
                f.no_coverage,
                f.flagged
            ),
            (4, 3, 1, 1, 2)
        );
        assert_eq!((f.no_signal, f.weak_signal, f.below_required), (1, 0, 1));
        let by_class: u32 = ReportClass::ALL.iter().map(|c| f.of_class(*c)).sum();
        assert_eq!(by_class, f.villages, "every village has exactly one class");
        assert_eq!(f.share_of_villages(Generation::G2), 0.5);
        assert!((f.share_of_surveyed(Generation::G2) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Figures::default().share_of_surveyed(Generation::G4), 0.0);
    }

    #[test]
    fn units_without_districts_skip_the_district_level() {
        let c = |code: &str, district: &str| Commune {
            code: code.into(),
            name: code.into(),
            district: district.into(),
            province: "P".into(),
            boundary: geo::MultiPolygon(vec![]),
        };
        let communes = vec![c("1", ""), c("2", "")];
        let outcomes = vec![
            outcome(Status::NoCoverage, true),
            outcome(Status::NotSurveyed, false),
            outcome(Status::NotSurveyed, false),
        ];
        let villages = vec![Village::default(); 3];
        let r = roll_up(&communes, &villages, &[Some(0), Some(1), None], &outcomes);
        assert!(r.districts.is_empty() && !r.has_districts());
        assert_eq!(r.provinces.len(), 1);
        assert_eq!(r.provinces[0].figures.villages, 2);
        assert_eq!(r.outside.villages, 1);
        assert_eq!(r.total.villages, 3);
        assert_eq!(r.rows().count(), 2 + 1 + 1 + 1);
    }

    #[test]
    fn operators_are_counted_where_they_have_samples_and_where_they_cover() {
        use crate::model::Operator;
        use crate::rule::OperatorOutcome;
        let op = |operator: Operator, best: Option<Generation>| OperatorOutcome {
            operator,
            samples: 3,
            good: [0; 4],
            best,
            best_signal_dbm: [None; 4],
            last_sample_s: crate::model::NO_TIME,
        };
        let (viettel, vina) = (Operator::new(452, 4), Operator::new(452, 2));
        let mut a = outcome(Status::Covered(Generation::G4), false);
        a.operators = vec![op(vina, None), op(viettel, Some(Generation::G4))];
        let mut b = outcome(Status::Covered(Generation::G3), true);
        b.operators = vec![op(viettel, Some(Generation::G3))];
        let villages = vec![Village::default(); 3];
        let figures = by_operator(&villages, &[a, b, outcome(Status::NotSurveyed, false)]);
        assert_eq!(figures.len(), 2);
        assert_eq!(
            (figures[0].name, figures[0].surveyed, figures[0].covered),
            ("VinaPhone", 1, [0; 4])
        );
        assert_eq!(
            (figures[1].name, figures[1].surveyed, figures[1].covered),
            ("Viettel", 2, [2, 2, 1, 0])
        );
        assert_eq!(figures[1].villages, 3);
    }
}
