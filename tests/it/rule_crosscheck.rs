//! The coverage rule's text (`src/coverage-rule.md`) applied by hand, with nothing of the
//! engine's but its loaded samples: its own haversine on the literal sphere of 6,371,008.8 m,
//! its own thresholds, its own filters, every sample against every village. Every village
//! and every per-operator figure must agree with `Dataset::evaluate`, under filters and for
//! each required generation, and on samples placed exactly on the radius and the threshold.

use std::path::Path;

use chrono::NaiveDate;
use phusong::analysis::{Dataset, Inputs};
use phusong::model::{Generation, Operator, Sample, Technology};
use phusong::progress::Progress;
use phusong::rule::{Filters, Params};

/// The rule's sphere, written out: not the engine's constant.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

fn haversine_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().asin()
}

/// One case: the parameters in the checker's own terms, and the same as engine `Params`.
struct Case {
    radius_m: f64,
    min_samples: u32,
    min_share: f64,
    /// 2G, 3G, 4G, 5G, in dBm.
    thresholds_dbm: [f64; 4],
    /// 0 for 2G … 3 for 5G.
    required: usize,
    operators: Vec<Operator>,
    technologies: Vec<Technology>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Case {
    fn defaults() -> Case {
        Case {
            radius_m: 500.0,
            min_samples: 3,
            min_share: 0.5,
            thresholds_dbm: [-105.0, -100.0, -115.0, -115.0],
            required: 2,
            operators: vec![],
            technologies: vec![],
            from: None,
            to: None,
        }
    }

    fn params(&self) -> Params {
        Params {
            radius_m: self.radius_m,
            min_samples: self.min_samples,
            min_share: self.min_share,
            thresholds_dbm: self.thresholds_dbm,
            required: GENERATIONS[self.required],
            filters: Filters {
                operators: self.operators.clone(),
                technologies: self.technologies.clone(),
                from: self.from,
                to: self.to,
            },
            ..Params::default()
        }
    }

    /// The active filters, read from the rule's text: the listed operators and
    /// technologies, and days from..to inclusive in Vietnam wall-clock time (samples without
    /// a time fall outside a date filter).
    fn keeps(&self, s: &Sample) -> bool {
        let day = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
                .div_euclid(86_400)
        };
        let sample_day = s.has_time().then(|| s.time_s.div_euclid(86_400));
        (self.operators.is_empty() || self.operators.contains(&s.operator))
            && (self.technologies.is_empty() || self.technologies.contains(&s.technology))
            && self
                .from
                .is_none_or(|f| sample_day.is_some_and(|d| d >= day(f)))
            && self
                .to
                .is_none_or(|t| sample_day.is_some_and(|d| d <= day(t)))
    }
}

const GENERATIONS: [Generation; 4] = [
    Generation::G2,
    Generation::G3,
    Generation::G4,
    Generation::G5,
];

/// A sample's own technology as 0..3, or `None` for no service.
fn tech_index(t: Technology) -> Option<usize> {
    GENERATIONS.iter().position(|g| t == Technology::Gen(*g))
}

#[derive(Debug, PartialEq)]
struct OperatorView {
    operator: Operator,
    samples: u32,
    good: [u32; 4],
    best: Option<usize>,
    best_signal_dbm: [Option<f64>; 4],
}

#[derive(Debug, PartialEq)]
struct VillageView {
    status: String,
    report_class: &'static str,
    signal_seen: bool,
    flagged: bool,
    operators: Vec<OperatorView>,
}

/// The rule's text, literally.
fn by_hand(lon: f64, lat: f64, samples: &[Sample], c: &Case) -> VillageView {
    let mut ops: Vec<OperatorView> = Vec::new();
    for s in samples.iter().filter(|s| c.keeps(s)) {
        if haversine_m(lon, lat, s.lon, s.lat) > c.radius_m {
            continue;
        }
        let o = match ops.iter().position(|o| o.operator == s.operator) {
            Some(k) => &mut ops[k],
            None => {
                ops.push(OperatorView {
                    operator: s.operator,
                    samples: 0,
                    good: [0; 4],
                    best: None,
                    best_signal_dbm: [None; 4],
                });
                ops.last_mut().unwrap()
            }
        };
        o.samples += 1;
        if let Some(t) = tech_index(s.technology) {
            let best = &mut o.best_signal_dbm[t];
            if best.is_none_or(|b| s.signal_dbm > b) {
                *best = Some(s.signal_dbm);
            }
            if s.signal_dbm >= c.thresholds_dbm[t] {
                // Good for generation t and every older one.
                for g in 0..=t {
                    o.good[g] += 1;
                }
            }
        }
    }
    for o in &mut ops {
        o.best = (0..4).rev().find(|&g| {
            o.good[g] >= c.min_samples && f64::from(o.good[g]) >= c.min_share * f64::from(o.samples)
        });
    }
    ops.sort_by_key(|o| o.operator);
    let best = ops.iter().filter_map(|o| o.best).max();
    let signal_seen = ops.iter().any(|o| o.good[0] > 0);
    let labels = ["2G", "3G", "4G", "5G"];
    let (status, report_class) = match (ops.is_empty(), best) {
        (true, _) => ("not_surveyed".to_string(), "not_surveyed"),
        (false, None) if signal_seen => ("no_coverage".to_string(), "weak_signal"),
        (false, None) => ("no_coverage".to_string(), "no_signal"),
        (false, Some(g)) if g < c.required => (format!("covered_{}", labels[g]), "below_required"),
        (false, Some(g)) => (format!("covered_{}", labels[g]), "covered"),
    };
    VillageView {
        flagged: matches!(report_class, "no_signal" | "weak_signal" | "below_required"),
        status,
        report_class,
        signal_seen,
        operators: ops,
    }
}

fn engine_view(d: &Dataset, c: &Case) -> Vec<VillageView> {
    let eval = d.evaluate(&c.params());
    eval.villages
        .iter()
        .map(|o| VillageView {
            status: o.status.code().to_string(),
            report_class: o.report_class.code(),
            signal_seen: o.signal_seen,
            flagged: o.flagged,
            operators: o
                .operators
                .iter()
                .map(|x| OperatorView {
                    operator: x.operator,
                    samples: x.samples,
                    good: x.good,
                    best: x
                        .best
                        .map(|g| GENERATIONS.iter().position(|h| *h == g).unwrap()),
                    best_signal_dbm: x.best_signal_dbm,
                })
                .collect(),
        })
        .collect()
}

fn check(d: &Dataset, c: &Case, what: &str) -> Vec<VillageView> {
    let engine = engine_view(d, c);
    for (v, got) in engine.iter().enumerate() {
        let at = d.villages[v].location;
        let want = by_hand(at.x(), at.y(), &d.samples, c);
        assert_eq!(got, &want, "{what}: village {v} ({})", d.villages[v].name);
    }
    engine
}

fn demo() -> Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).expect("the demo loads")
}

const VIETTEL: Operator = Operator::new(452, 4);
const VINAPHONE: Operator = Operator::new(452, 2);

#[test]
fn every_demo_village_and_operator_agrees_with_the_rule_by_hand() {
    let d = demo();
    let mut classes = std::collections::BTreeSet::new();
    let mut cases = vec![
        ("defaults", Case::defaults()),
        (
            "1.5 km, 5 samples, 70 %",
            Case {
                radius_m: 1500.0,
                min_samples: 5,
                min_share: 0.7,
                ..Case::defaults()
            },
        ),
        (
            "300 m, stricter thresholds",
            Case {
                radius_m: 300.0,
                thresholds_dbm: [-95.0, -90.0, -100.0, -105.0],
                ..Case::defaults()
            },
        ),
        (
            "Viettel and VinaPhone only",
            Case {
                operators: vec![VIETTEL, VINAPHONE],
                ..Case::defaults()
            },
        ),
        (
            "4G and no service only",
            Case {
                technologies: vec![Technology::Gen(Generation::G4), Technology::NoService],
                ..Case::defaults()
            },
        ),
        (
            "one day",
            Case {
                from: NaiveDate::from_ymd_opt(2026, 3, 10),
                to: NaiveDate::from_ymd_opt(2026, 3, 10),
                ..Case::defaults()
            },
        ),
    ];
    for required in [0, 1, 3] {
        cases.push((
            "another required generation",
            Case {
                required,
                ..Case::defaults()
            },
        ));
    }
    for (what, case) in &cases {
        for v in check(&d, case, what) {
            classes.insert(v.report_class);
        }
    }
    // The cases between them reach every class but one the demo's simulated signal never
    // gives at the defaults; the fixture below reaches that one.
    for class in ["not_surveyed", "weak_signal", "below_required", "covered"] {
        assert!(classes.contains(class), "no case gives {class}");
    }
}

/// A sample `north_m` metres due north of (lon, lat) on the rule's sphere.
fn north_of(lon: f64, lat: f64, north_m: f64) -> (f64, f64) {
    (lon, lat + (north_m / EARTH_RADIUS_M).to_degrees())
}

#[test]
fn samples_exactly_on_the_radius_and_the_threshold_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = demo();
    let (lon, lat) = (d.villages[0].location.x(), d.villages[0].location.y());
    let (elon, elat) = north_of(lon, lat, 500.0);
    let edge_m = haversine_m(lon, lat, elon, elat);
    let (flon, flat) = north_of(lon, lat, 900.0);
    // At the village: Viettel 4G exactly at -115 dBm ×3 and 3 no-service rows (3 of 6 is
    // exactly min_share); on the radius: VinaPhone 3G exactly at -100 dBm ×3; beyond it,
    // MobiFone no service only (a village of its own).
    let mut csv = String::from("lon,lat,operator,technology,signal_dbm,time\n");
    for _ in 0..3 {
        csv += &format!("{lon},{lat},452-04,4G,-115,2026-03-09T08:00:00\n");
        csv += &format!("{lon},{lat},452-04,none,,2026-03-09T08:00:01\n");
        csv += &format!("{elon},{elat},452-02,3G,-100,2026-03-09T08:00:02\n");
        csv += &format!("{flon},{flat},452-01,none,,2026-03-09T08:00:03\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("edges.csv");
    std::fs::write(&log, csv).unwrap();
    let inputs = Inputs {
        samples: vec![log],
        ..Inputs::demo(&root.join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).unwrap();
    let on_edge = Case {
        radius_m: edge_m,
        ..Case::defaults()
    };
    let v = &check(&d, &on_edge, "radius through the edge samples")[0];
    assert_eq!(v.report_class, "covered");
    assert_eq!(v.operators.len(), 2, "the sample on the radius counts");
    // Just inside the edge: VinaPhone is gone, Viettel alone still covers at 4G.
    let inside = Case {
        radius_m: edge_m - 0.01,
        ..Case::defaults()
    };
    assert_eq!(
        check(&d, &inside, "radius inside the edge")[0]
            .operators
            .len(),
        1
    );
    // One dBm stricter: nothing is good any more, so no signal at all.
    let stricter = Case {
        radius_m: edge_m,
        thresholds_dbm: [-105.0, -99.0, -114.0, -115.0],
        ..Case::defaults()
    };
    let v = &check(&d, &stricter, "thresholds one dBm above the samples")[0];
    assert_eq!((v.report_class, v.signal_seen), ("no_signal", false));
    // Only the 900 m ring of no-service rows: surveyed, no signal.
    let wide_mobifone = Case {
        radius_m: 1000.0,
        operators: vec![Operator::new(452, 1)],
        ..Case::defaults()
    };
    assert_eq!(
        check(&d, &wide_mobifone, "MobiFone only")[0].report_class,
        "no_signal"
    );
}
