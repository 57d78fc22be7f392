//! The rule re-run over each village's nearest samples gives, village by village, what the
//! index's search gives: on the demo, for radii up to the lists' maximum (one of them exactly
//! a sample's distance), strict and loose counts and shares, thresholds equal to signals in
//! the data or between hundredths of a dB, and every filter, with the count of samples the
//! filters leave out.

use chrono::NaiveDate;
use phusong::analysis::{Dataset, Inputs};
use phusong::model::{Generation, Operator, Technology};
use phusong::progress::Progress;
use phusong::reach::MAX_RADIUS_M;
use phusong::rule::Params;

#[test]
fn re_runs_over_the_nearest_samples_give_the_index_searchs_outcomes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).unwrap();
    let reach = d.reach().expect("the demo fits the lists");
    assert!(reach.entries() > 0);
    // A radius that is exactly one sample's distance from the first village, so that
    // "within" (inclusive) is tested at its edge.
    let v = d.villages[0].location;
    let edge_m = (d.samples.iter())
        .map(|s| phusong::index::distance_m(v, geo::Point::new(s.lon, s.lat)))
        .filter(|&m| m > 200.0 && m < 600.0)
        .fold(f64::INFINITY, f64::min);
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
    let mut cases: Vec<Params> = Vec::new();
    for radius_m in [0.0, 1.0, 150.0, 300.0, 500.0, 1000.0, MAX_RADIUS_M, edge_m] {
        for (min_samples, min_share) in [(3, 0.5), (5, 0.5), (1, 0.0), (10, 0.8)] {
            cases.push(Params {
                radius_m,
                min_samples,
                min_share,
                ..Params::default()
            });
        }
    }
    // −117.0 dBm and −85.6 dBm are signals of the demo's samples.
    let mut p = Params {
        thresholds_dbm: [-100.0, -95.0, -117.0, -85.6],
        ..Params::default()
    };
    cases.push(p.clone());
    // Thresholds between hundredths of a dB, and just above a signal of the data.
    p.thresholds_dbm = [-100.005, -95.0001, -116.99999, -85.6 + 1e-12];
    cases.push(p.clone());
    p.required = Generation::G3;
    cases.push(p.clone());
    let mut p = Params::default();
    p.filters.operators = vec![Operator::new(452, 4)];
    cases.push(p.clone());
    p.filters.technologies = vec![Technology::Gen(Generation::G4), Technology::NoService];
    cases.push(p.clone());
    p.filters.from = day(10);
    p.filters.to = day(11);
    cases.push(p.clone());
    // One end of the dates only, and days without a sample.
    for (from, to) in [(day(12), None), (None, day(10)), (day(1), day(2))] {
        let mut p = Params::default();
        (p.filters.from, p.filters.to) = (from, to);
        cases.push(p);
    }
    // Beyond the lists: through the index, the same.
    cases.push(Params {
        radius_m: MAX_RADIUS_M + 500.0,
        ..Params::default()
    });
    for params in &cases {
        let (by_index, by_reach) = (d.evaluate(params), d.evaluate_near(params, Some(&reach)));
        assert_eq!(by_index.villages.len(), by_reach.villages.len());
        for (i, (a, b)) in by_index.villages.iter().zip(&by_reach.villages).enumerate() {
            assert_eq!(a, b, "village {i} at {params:?}");
        }
        assert_eq!(by_index.rollup, by_reach.rollup, "{params:?}");
        assert_eq!(
            by_index.samples_filtered_out, by_reach.samples_filtered_out,
            "{params:?}"
        );
    }
}

/// A one-off analysis lets the sample index go before writing: asked for again, it is made
/// again and gives the same outcomes, and a printed map drawn without it shows the same
/// samples as one drawn through it.
#[test]
fn a_released_index_is_made_again_and_changes_nothing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut d = Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).unwrap();
    let params = Params::default();
    let before = d.evaluate(&params);
    let sheet = phusong::export::map::MapSheet::everything(
        phusong::map::Layers::default(),
        phusong::lang::Lang::En,
    );
    d.sample_index().prepare_drawing(&d.samples);
    let map_through_index = phusong::export::map::sheet_svg(&d, &before, &sheet);
    d.release_sample_index();
    assert!(d.sample_index_if_made().is_none());
    let map_without_index = phusong::export::map::sheet_svg(&d, &before, &sheet);
    assert!(
        d.sample_index_if_made().is_none(),
        "the map did not make it again"
    );
    assert_eq!(map_without_index, map_through_index);
    let after = d.evaluate(&params);
    assert!(d.sample_index_if_made().is_some());
    assert_eq!(after.villages, before.villages);
    assert_eq!(after.rollup, before.rollup);
}
