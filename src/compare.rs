//! This year against last: two analyses (two projects, or one dataset evaluated over two
//! date ranges), village by village. Villages are matched by the list's own village code
//! where both have one, else by name and position within a stated distance; those that
//! match nothing are kept, as only before or only after.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::{Dataset, Evaluation};
use crate::fold::fold_key;
use crate::index::distance_m;
use crate::rule::ReportClass;

/// Two villages of the same name lie within this of each other when they are the same one
/// (lists move points by a few hundred metres between years, and a hamlet is that small).
pub const DEFAULT_MATCH_WITHIN_M: f64 = 1000.0;

/// One analysis of the two.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub dataset: &'a Dataset,
    pub eval: &'a Evaluation,
}

/// What happened to a village between the two analyses.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Below the required generation before (no signal, weak signal or below it), covered
    /// after: *trắng sóng* or *lõm sóng* eliminated.
    NewlyCovered,
    /// Covered before, below the required generation after.
    LostCoverage,
    /// Below the required generation before and after.
    StillWithout,
    /// Not surveyed before, surveyed after.
    NewlySurveyed,
    /// Surveyed before, not after (no new samples).
    NotResurveyed,
    /// Covered before and after.
    StillCovered,
    /// Not surveyed either time.
    NotSurveyed,
    /// In the first analysis only.
    OnlyBefore,
    /// In the second analysis only.
    OnlyAfter,
}

impl Change {
    pub const ALL: [Change; 9] = [
        Change::NewlyCovered,
        Change::LostCoverage,
        Change::StillWithout,
        Change::NewlySurveyed,
        Change::NotResurveyed,
        Change::StillCovered,
        Change::NotSurveyed,
        Change::OnlyBefore,
        Change::OnlyAfter,
    ];

    /// The change between a village's report classes (`None`: not in that analysis).
    pub fn of(before: Option<ReportClass>, after: Option<ReportClass>) -> Change {
        use ReportClass::{Covered, NotSurveyed};
        match (before, after) {
            (None, _) => Change::OnlyAfter,
            (_, None) => Change::OnlyBefore,
            (Some(NotSurveyed), Some(NotSurveyed)) => Change::NotSurveyed,
            (Some(NotSurveyed), Some(_)) => Change::NewlySurveyed,
            (Some(_), Some(NotSurveyed)) => Change::NotResurveyed,
            (Some(Covered), Some(Covered)) => Change::StillCovered,
            (Some(Covered), Some(_)) => Change::LostCoverage,
            (Some(_), Some(Covered)) => Change::NewlyCovered,
            (Some(_), Some(_)) => Change::StillWithout,
        }
    }

    /// As `changes.csv` writes it: `newly_covered`, `lost_coverage`, …
    pub fn code(self) -> &'static str {
        match self {
            Change::NewlyCovered => "newly_covered",
            Change::LostCoverage => "lost_coverage",
            Change::StillWithout => "still_without",
            Change::NewlySurveyed => "newly_surveyed",
            Change::NotResurveyed => "not_resurveyed",
            Change::StillCovered => "still_covered",
            Change::NotSurveyed => "not_surveyed",
            Change::OnlyBefore => "only_before",
            Change::OnlyAfter => "only_after",
        }
    }
}

/// A comparison with the two analyses it was made of: what a report's progress part reads.
#[derive(Clone, Copy)]
pub struct Compared<'a> {
    pub before: Side<'a>,
    pub after: Side<'a>,
    pub comparison: &'a Comparison,
}

/// How two villages were found to be the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The list's own village code.
    Code,
    /// The name (case and accents aside) and a position within the distance.
    NameAndPlace,
    /// Not matched.
    None,
}

/// One village of either analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VillageChange {
    /// Its index in the first analysis's villages, and in the second's.
    pub before: Option<usize>,
    pub after: Option<usize>,
    pub class_before: Option<ReportClass>,
    pub class_after: Option<ReportClass>,
    pub change: Change,
    pub matched_by: MatchedBy,
}

/// The comparison of two analyses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Every village of the second analysis in its order, then those of the first that
    /// matched none.
    pub villages: Vec<VillageChange>,
    pub match_within_m: f64,
}

impl Comparison {
    /// How many villages had `change`.
    pub fn count(&self, change: Change) -> u32 {
        self.villages.iter().filter(|v| v.change == change).count() as u32
    }

    /// The change of each village of the second analysis, by its index.
    pub fn after_changes(&self, villages: usize) -> Vec<Option<Change>> {
        let mut out = vec![None; villages];
        for v in &self.villages {
            if let Some(a) = v.after {
                out[a] = Some(v.change);
            }
        }
        out
    }
}

/// Compares `before` with `after`, matching villages by code, else by name within
/// `match_within_m`.
pub fn compare(before: Side, after: Side, match_within_m: f64) -> Comparison {
    let (bv, av) = (&before.dataset.villages, &after.dataset.villages);
    let mut taken = vec![false; bv.len()];
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, v) in bv.iter().enumerate() {
        if !v.facts.code.is_empty() {
            by_code.entry(v.facts.code.as_str()).or_default().push(i);
        }
        by_name.entry(fold_key(&v.name)).or_default().push(i);
    }
    let mut villages = Vec::with_capacity(av.len());
    for (a, v) in av.iter().enumerate() {
        let coded = (!v.facts.code.is_empty())
            .then(|| by_code.get(v.facts.code.as_str()))
            .flatten()
            .and_then(|c| c.iter().copied().find(|&b| !taken[b]));
        let (found, by) = match coded {
            Some(b) => (Some(b), MatchedBy::Code),
            None => {
                let near = by_name.get(&fold_key(&v.name)).and_then(|c| {
                    (c.iter().copied())
                        .filter(|&b| !taken[b])
                        .map(|b| (distance_m(bv[b].location, v.location), b))
                        .filter(|(d, _)| *d <= match_within_m)
                        .min_by(|x, y| x.0.total_cmp(&y.0))
                        .map(|(_, b)| b)
                });
                (
                    near,
                    if near.is_some() {
                        MatchedBy::NameAndPlace
                    } else {
                        MatchedBy::None
                    },
                )
            }
        };
        if let Some(b) = found {
            taken[b] = true;
        }
        let class_before = found.map(|b| before.eval.villages[b].report_class);
        let class_after = Some(after.eval.villages[a].report_class);
        villages.push(VillageChange {
            before: found,
            after: Some(a),
            class_before,
            class_after,
            change: Change::of(class_before, class_after),
            matched_by: by,
        });
    }
    for (b, _) in bv.iter().enumerate().filter(|(b, _)| !taken[*b]) {
        let class_before = Some(before.eval.villages[b].report_class);
        villages.push(VillageChange {
            before: Some(b),
            after: None,
            class_before,
            class_after: None,
            change: Change::OnlyBefore,
            matched_by: MatchedBy::None,
        });
    }
    Comparison {
        villages,
        match_within_m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportClass::*;

    #[test]
    fn changes_follow_the_classes_before_and_after() {
        let cases = [
            (Some(NoSignal), Some(Covered), Change::NewlyCovered),
            (Some(WeakSignal), Some(Covered), Change::NewlyCovered),
            (Some(BelowRequired), Some(Covered), Change::NewlyCovered),
            (Some(Covered), Some(WeakSignal), Change::LostCoverage),
            (Some(NoSignal), Some(WeakSignal), Change::StillWithout),
            (Some(NotSurveyed), Some(NoSignal), Change::NewlySurveyed),
            (Some(NotSurveyed), Some(Covered), Change::NewlySurveyed),
            (Some(Covered), Some(NotSurveyed), Change::NotResurveyed),
            (Some(Covered), Some(Covered), Change::StillCovered),
            (Some(NotSurveyed), Some(NotSurveyed), Change::NotSurveyed),
            (None, Some(Covered), Change::OnlyAfter),
            (Some(Covered), None, Change::OnlyBefore),
        ];
        for (b, a, want) in cases {
            assert_eq!(Change::of(b, a), want, "{b:?} → {a:?}");
        }
    }
}
