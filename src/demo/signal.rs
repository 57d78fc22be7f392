//! A seeded generator of drive-test samples around a set of villages.
//!
//! Operators build sites near villages (Viettel densest, MobiFone sparsest); each site offers
//! some of 2G/3G/4G, and 5G near towns. Survey teams drive from village to village; at every
//! logged point each phone in the car measures the strongest site of each generation with a
//! log-distance path-loss model, a per-site bias, a smooth "terrain" loss (valleys and hill
//! shadows, the same for everyone at a place) and per-sample shadowing noise. The phone
//! reports the newest generation whose signal is above its camping floor, or `none`.
//!
//! Everything comes from the one `rng` passed in, so the same seed gives the same samples.
//! Geometry is done in metres on a local equirectangular projection around the villages'
//! mean latitude (good to a few percent over Vietnam, plenty for synthetic data).

use std::io::Write;
use std::path::Path;

use geo::Point;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::model::{Generation, NO_TIME, Operator, Sample, Technology};
use crate::{Error, Result};

use super::drive;
use super::plane::{Projection, XY, distance_m, distance_sq, normal, offset, shuffled};
use super::signal_model::{OperatorNetwork, SignalModel};

/// The header of the project's own sample CSV.
pub const SAMPLES_CSV_HEADER: &str = "lon,lat,operator,technology,signal_dbm,time";

/// A cell site of one operator.
#[derive(Clone, Debug)]
struct Site {
    xy: XY,
    /// Which generations it offers, by [`Generation::index`].
    offers: [bool; 4],
    bias_db: f64,
    /// On air from this time (inclusive) until `off_from_s` (Vietnam wall-clock seconds).
    on_from_s: i64,
    off_from_s: i64,
}

impl Site {
    fn on_air(&self, time_s: i64) -> bool {
        (self.on_from_s..self.off_from_s).contains(&time_s)
    }
}

/// One operator's sites, indexed for "sites within range".
struct Network {
    operator: Operator,
    sites: Vec<Site>,
    index: RTree<GeomWithData<XY, usize>>,
}

/// Drive-test samples around `villages` (lon/lat points): three operators, 2G to 5G and
/// no-service rows, sorted by time then operator.
///
/// The number of samples is about the driven length over the mean spacing (45 m by
/// default) times the phones on board (2.45 on average by default); the driven length is
/// the village-to-village route plus the side roads ([`SignalModel::spurs_per_village`],
/// set it to 0 for dense village sets such as a whole country).
///
/// Some villages are left undriven (whole areas and single villages) so they come out
/// "not surveyed"; no sample lies within [`SignalModel::undriven_clearance_m`] of them.
/// Coordinates are rounded to 6 decimals and signals to 0.1 dB, as the CSV writes them.
pub fn generate_samples(
    villages: &[Point<f64>],
    model: &SignalModel,
    rng: &mut impl Rng,
) -> Vec<Sample> {
    if villages.is_empty() || model.networks.is_empty() {
        return Vec::new();
    }
    let projection = Projection::around(villages);
    let village_xy: Vec<XY> = villages
        .iter()
        .map(|p| projection.xy_from_lon_lat(*p))
        .collect();
    // One stream per stage, so that changing, say, the radio model does not move the routes.
    let mut site_rng = ChaCha8Rng::seed_from_u64(rng.random::<u64>());
    let mut plan_rng = ChaCha8Rng::seed_from_u64(rng.random::<u64>());
    let mut walk_rng = ChaCha8Rng::seed_from_u64(rng.random::<u64>());
    let terrain = Terrain {
        seed: rng.random::<u64>(),
        model,
    };
    let towns = towns_xy(&village_xy, model, &projection);
    let mut networks: Vec<Network> = model
        .networks
        .iter()
        .map(|net| build_network(net, &village_xy, &towns, model, &mut site_rng))
        .collect();
    let plan = drive::plan(&village_xy, model, &mut plan_rng);
    let points = drive::log_points(&plan, model, &mut walk_rng);
    if let Some(day) = model.changes_from_day {
        let at_s = drive::start_of_working_day(model, day);
        change_networks(&mut networks, &village_xy, &points, at_s, model, &terrain);
    }

    let mut samples = Vec::new();
    for point in points {
        for (phone, network) in networks.iter().enumerate().take(32) {
            if point.phones & (1 << phone) == 0 {
                continue;
            }
            let xy = [
                point.xy[0] + model.gps_jitter_m * normal(rng),
                point.xy[1] + model.gps_jitter_m * normal(rng),
            ];
            let (technology, signal_dbm) = measure(network, xy, point.time_s, model, &terrain, rng);
            let lonlat = projection.lon_lat_from_xy(xy);
            samples.push(Sample {
                lon: round_to(lonlat.x(), 1e6),
                lat: round_to(lonlat.y(), 1e6),
                time_s: point.time_s + rng.random_range(0..3_i64),
                signal_dbm: signal_dbm.map_or(f64::NAN, |s| round_to(s, 10.0)),
                operator: network.operator,
                technology,
            });
        }
    }
    // As the phones' logs merged: by time, then operator (stable, so ties keep route order).
    samples.sort_by_key(|s| (s.time_s, s.operator));
    samples
}

/// Writes samples as the project's sample CSV (see [`SAMPLES_CSV_HEADER`]).
pub fn write_samples_csv(path: &Path, samples: &[Sample]) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io_write(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    write_samples(&mut out, samples).map_err(|e| Error::io_write(path, e))?;
    out.flush().map_err(|e| Error::io_write(path, e))
}

/// Writes samples as the project's sample CSV to any writer.
pub fn write_samples(out: &mut impl Write, samples: &[Sample]) -> std::io::Result<()> {
    writeln!(out, "{SAMPLES_CSV_HEADER}")?;
    for s in samples {
        let signal = if s.signal_dbm.is_finite() {
            format!("{:.1}", s.signal_dbm)
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:.6},{:.6},{},{},{},{}",
            s.lon,
            s.lat,
            s.operator,
            s.technology,
            signal,
            format_time(s.time_s)
        )?;
    }
    Ok(())
}

/// `2026-03-14T09:21:05` for a Vietnam wall-clock time, empty for [`NO_TIME`].
pub fn format_time(time_s: i64) -> String {
    if time_s == NO_TIME {
        return String::new();
    }
    chrono::DateTime::from_timestamp(time_s, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_default()
}

/// What one phone of `network` reports at `xy` at `time_s`: the newest generation above its
/// camping floor and that generation's signal, or no service.
fn measure(
    network: &Network,
    xy: XY,
    time_s: i64,
    model: &SignalModel,
    terrain: &Terrain<'_>,
    rng: &mut impl Rng,
) -> (Technology, Option<f64>) {
    let best = strongest(network, xy, time_s, model, terrain).map(|(dbm, _)| dbm);
    let noise_db = model.shadowing_sigma_db * normal(rng);
    for g in Generation::ALL.into_iter().rev() {
        let s = best[g.index()] + noise_db;
        if s >= model.radios[g.index()].camp_floor_dbm {
            return (Technology::Gen(g), Some(s.clamp(-140.0, -44.0)));
        }
    }
    (Technology::NoService, None)
}

/// Per generation, the strongest signal of `network`'s sites on air at `time_s` at `xy`
/// before shadowing noise, and the site it comes from.
fn strongest(
    network: &Network,
    xy: XY,
    time_s: i64,
    model: &SignalModel,
    terrain: &Terrain<'_>,
) -> [(f64, Option<usize>); 4] {
    let mut best = [(f64::NEG_INFINITY, None); 4];
    let range_sq = model.max_range_m * model.max_range_m;
    let terrain_db = terrain.loss_db(xy);
    for item in network.index.locate_within_distance(xy, range_sq) {
        let Some(site) = network.sites.get(item.data).filter(|s| s.on_air(time_s)) else {
            continue;
        };
        let d_m = distance_m(xy, site.xy).max(30.0);
        let behind_hills = (d_m / model.terrain_full_at_m.max(1.0)).min(1.0);
        let loss_db = 10.0 * model.path_loss_exponent * (d_m / 1000.0).log10()
            + site.bias_db
            + terrain_db * behind_hills;
        for g in Generation::ALL {
            if site.offers[g.index()] {
                let s = model.radios[g.index()].at_1km_dbm - loss_db;
                if s > best[g.index()].0 {
                    best[g.index()] = (s, Some(item.data));
                }
            }
        }
    }
    best
}

/// Within this of a village a logged point counts as the teams reaching it (the rule's
/// usual radius, less the GPS scatter).
const REACHED_M: f64 = 450.0;
/// 4G this strong (before noise) at a village is coverage that does not hang on luck; this
/// weak, none.
const SURE_4G_DBM: f64 = -100.0;
const NO_4G_DBM: f64 = -122.0;

/// The change between two surveys, from `at_s` on: a 4G site of the first operator
/// switched on 250 m from the village reached before and after `at_s` whose best 4G is the
/// weakest; and, of the villages reached both times that exactly one operator covers
/// surely, the one whose cover is surest loses its site. Chosen without the random stream,
/// so the samples elsewhere stay as they were.
fn change_networks(
    networks: &mut [Network],
    villages: &[XY],
    points: &[drive::LogPoint],
    at_s: i64,
    model: &SignalModel,
    terrain: &Terrain<'_>,
) {
    let reached: RTree<GeomWithData<XY, bool>> = RTree::bulk_load(
        points
            .iter()
            .map(|p| GeomWithData::new(p.xy, p.time_s >= at_s))
            .collect(),
    );
    let g4 = Generation::G4.index();
    // Per village reached both times: per operator its best 4G and the site it comes from.
    type Best = Vec<(f64, Option<usize>)>;
    let both: Vec<(usize, Best)> = (villages.iter().enumerate())
        .filter(|(_, v)| {
            let mut seen = [false; 2];
            for p in reached.locate_within_distance(**v, REACHED_M * REACHED_M) {
                seen[usize::from(p.data)] = true;
            }
            seen == [true, true]
        })
        .map(|(i, v)| {
            let best = (networks.iter())
                .map(|n| strongest(n, *v, at_s - 1, model, terrain)[g4])
                .collect();
            (i, best)
        })
        .collect();
    let top = |best: &[(f64, Option<usize>)]| best.iter().map(|b| b.0).fold(f64::MIN, f64::max);
    let gains = (both.iter())
        .filter(|(_, best)| top(best) < NO_4G_DBM)
        .min_by(|a, b| top(&a.1).total_cmp(&top(&b.1)));
    let loses = (both.iter())
        .filter_map(|(i, best)| {
            let sure: Vec<usize> = (0..best.len())
                .filter(|&n| best[n].0 >= SURE_4G_DBM)
                .collect();
            let others = (0..best.len()).filter(|n| !sure.contains(n));
            let quiet = others.clone().all(|n| best[n].0 < NO_4G_DBM);
            match (sure.as_slice(), quiet) {
                ([n], true) => best[*n].1.map(|site| (*i, *n, site, best[*n].0)),
                _ => None,
            }
        })
        .max_by(|a, b| a.3.total_cmp(&b.3));
    if let Some((_, n, site, _)) = loses
        && let Some(s) = networks[n].sites.get_mut(site)
    {
        s.off_from_s = at_s;
    }
    if let (Some((v, _)), Some(first)) = (gains, networks.first_mut()) {
        let xy = [villages[*v][0] + 250.0, villages[*v][1]];
        first.sites.push(Site {
            xy,
            offers: [true, true, true, false],
            bias_db: 0.0,
            on_from_s: at_s,
            off_from_s: i64::MAX,
        });
        first
            .index
            .insert(GeomWithData::new(xy, first.sites.len() - 1));
    }
}

/// Places an operator's sites: one in every town, then near villages taken in random
/// order, never two within the operator's spacing; some places are left without.
fn build_network(
    net: &OperatorNetwork,
    villages: &[XY],
    towns: &[XY],
    model: &SignalModel,
    rng: &mut impl Rng,
) -> Network {
    let mut sites: Vec<Site> = Vec::new();
    // Places considered so far, built or not, so a hole stays a hole.
    let mut taken: RTree<XY> = RTree::new();
    let spacing_sq = net.site_spacing_m * net.site_spacing_m;
    for &town in towns {
        let xy = offset(town, model.site_offset_max_m * 0.5, rng);
        sites.push(new_site(net, xy, true, model, rng));
        taken.insert(xy);
    }
    for i in shuffled(villages.len(), rng) {
        let Some(&village) = villages.get(i) else {
            continue;
        };
        if taken
            .locate_within_distance(village, spacing_sq)
            .next()
            .is_some()
        {
            continue;
        }
        let xy = offset(village, model.site_offset_max_m, rng);
        taken.insert(xy);
        if rng.random::<f64>() < net.gap_share {
            continue;
        }
        let town_sq = model.town_radius_m * model.town_radius_m;
        let in_town = towns.iter().any(|t| distance_sq(*t, xy) <= town_sq);
        sites.push(new_site(net, xy, in_town, model, rng));
    }
    let index = RTree::bulk_load(
        sites
            .iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new(s.xy, i))
            .collect(),
    );
    Network {
        operator: net.operator,
        sites,
        index,
    }
}

fn new_site(
    net: &OperatorNetwork,
    xy: XY,
    in_town: bool,
    model: &SignalModel,
    rng: &mut impl Rng,
) -> Site {
    let mut offers = [false; 4];
    for (g, share) in net.share_by_generation.iter().enumerate() {
        offers[g] = in_town || rng.random::<f64>() < *share;
    }
    offers[3] = in_town && rng.random::<f64>() < net.share_5g_in_town;
    if !offers.iter().any(|o| *o) {
        offers[0] = true;
    }
    Site {
        xy,
        offers,
        bias_db: model.site_bias_sigma_db * normal(rng),
        on_from_s: i64::MIN,
        off_from_s: i64::MAX,
    }
}

/// The model's towns, or else the villages with most neighbours (one per 150 villages, at
/// least 8 km apart).
fn towns_xy(villages: &[XY], model: &SignalModel, projection: &Projection) -> Vec<XY> {
    if !model.towns.is_empty() {
        return model
            .towns
            .iter()
            .map(|p| projection.xy_from_lon_lat(*p))
            .collect();
    }
    let tree = RTree::bulk_load(villages.to_vec());
    let r_sq = (model.town_radius_m * 0.6).powi(2);
    let mut by_density: Vec<(usize, usize)> = villages
        .iter()
        .enumerate()
        .map(|(i, v)| (tree.locate_within_distance(*v, r_sq).count(), i))
        .collect();
    by_density.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let wanted = (villages.len() / 150).max(1);
    let mut towns: Vec<XY> = Vec::new();
    for (_, i) in by_density {
        if towns.len() >= wanted {
            break;
        }
        let Some(&v) = villages.get(i) else { continue };
        if towns
            .iter()
            .all(|t| distance_sq(*t, v) > 8_000.0_f64.powi(2))
        {
            towns.push(v);
        }
    }
    towns
}

/// Valleys and hill shadows: a smooth loss field (two octaves of value noise) that is the
/// same for every operator at a place.
struct Terrain<'m> {
    seed: u64,
    model: &'m SignalModel,
}

impl Terrain<'_> {
    fn loss_db(&self, xy: XY) -> f64 {
        let cell = self.model.terrain_cell_m.max(1.0);
        let v = 0.65 * value_noise(self.seed, xy[0] / cell, xy[1] / cell)
            + 0.35
                * value_noise(
                    self.seed ^ 0x9E37_79B9_7F4A_7C15,
                    3.0 * xy[0] / cell,
                    3.0 * xy[1] / cell,
                );
        let t =
            ((v - self.model.terrain_onset) / self.model.terrain_span.max(1e-9)).clamp(0.0, 1.0);
        self.model.terrain_max_loss_db * t * t * (3.0 - 2.0 * t)
    }
}

/// Smoothly interpolated hashed lattice values in 0..1.
fn value_noise(seed: u64, x: f64, y: f64) -> f64 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (ix, iy) = (x0 as i64, y0 as i64);
    let at = |dx: i64, dy: i64| lattice(seed, ix + dx, iy + dy);
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * sx;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * sx;
    top + (bottom - top) * sy
}

fn lattice(seed: u64, ix: i64, iy: i64) -> f64 {
    let mut z = seed
        ^ (ix as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (iy as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn round_to(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// 200 villages in clusters over about 40 × 40 km of northern Vietnam.
    fn synthetic_villages() -> Vec<Point<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut villages = Vec::new();
        for _ in 0..20 {
            let (cx, cy) = (
                105.6 + 0.4 * rng.random::<f64>(),
                22.0 + 0.4 * rng.random::<f64>(),
            );
            for _ in 0..10 {
                villages.push(Point::new(
                    cx + 0.02 * normal(&mut rng),
                    cy + 0.02 * normal(&mut rng),
                ));
            }
        }
        villages
    }

    fn csv_of(samples: &[Sample]) -> Vec<u8> {
        let mut out = Vec::new();
        write_samples(&mut out, samples).expect("writing to memory");
        out
    }

    /// The default model with fewer side roads, so the tests stay quick.
    fn generate(seed: u64) -> Vec<Sample> {
        let model = SignalModel {
            spurs_per_village: 0.3,
            ..Default::default()
        };
        generate_samples(
            &synthetic_villages(),
            &model,
            &mut ChaCha8Rng::seed_from_u64(seed),
        )
    }

    #[test]
    fn the_same_seed_gives_the_same_csv_bytes() {
        let (a, b) = (generate(42), generate(42));
        assert!(!a.is_empty());
        assert_eq!(csv_of(&a), csv_of(&b));
        assert_ne!(
            csv_of(&a),
            csv_of(&generate(43)),
            "another seed, other samples"
        );
    }

    #[test]
    fn all_three_operators_every_generation_and_no_service_appear() {
        let samples = generate(7);
        for mnc in [1, 2, 4] {
            let op = Operator::new(452, mnc);
            assert!(
                samples.iter().any(|s| s.operator == op),
                "no sample of {op}"
            );
        }
        for tech in ["2G", "3G", "4G", "5G", "none"] {
            let tech = Technology::parse(tech).expect("known name");
            assert!(
                samples.iter().any(|s| s.technology == tech),
                "no {tech} sample"
            );
        }
        assert!(
            samples
                .iter()
                .all(|s| (s.technology == Technology::NoService) == s.signal_dbm.is_nan())
        );
    }

    #[test]
    fn every_sample_has_valid_coordinates_near_the_villages_and_a_working_time() {
        let samples = generate(7);
        let start = SignalModel::default()
            .first_day
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp();
        for s in &samples {
            assert!(crate::model::is_lon_lat(s.lon, s.lat), "{s:?}");
            assert!(
                (105.4..106.2).contains(&s.lon) && (21.8..22.6).contains(&s.lat),
                "{s:?}"
            );
            assert!(s.time_s >= start && s.time_s < start + 30 * 86_400, "{s:?}");
            let second_of_day = s.time_s.rem_euclid(86_400);
            assert!(
                (7 * 3600..17 * 3600 + 60).contains(&second_of_day),
                "{}",
                format_time(s.time_s)
            );
            if s.signal_dbm.is_finite() {
                assert!((-140.0..=-44.0).contains(&s.signal_dbm), "{s:?}");
            }
        }
    }

    #[test]
    fn no_villages_no_samples() {
        let none = generate_samples(
            &[],
            &SignalModel::default(),
            &mut ChaCha8Rng::seed_from_u64(1),
        );
        assert!(none.is_empty());
    }

    #[test]
    fn the_csv_has_the_project_header_and_fixed_decimals() {
        let viettel = Operator::new(452, 4);
        let time_s = NaiveDate::from_ymd_opt(2026, 3, 14)
            .and_then(|d| d.and_hms_opt(9, 21, 5))
            .expect("a date")
            .and_utc()
            .timestamp();
        let samples = [
            Sample {
                lon: 105.834127,
                lat: 22.145032,
                time_s,
                signal_dbm: -97.4,
                operator: viettel,
                technology: Technology::Gen(Generation::G4),
            },
            Sample {
                lon: 105.8,
                lat: 22.0,
                time_s: NO_TIME,
                signal_dbm: f64::NAN,
                operator: Operator::new(452, 1),
                technology: Technology::NoService,
            },
        ];
        let text = String::from_utf8(csv_of(&samples)).expect("UTF-8");
        assert_eq!(
            text,
            "lon,lat,operator,technology,signal_dbm,time\n\
             105.834127,22.145032,452-04,4G,-97.4,2026-03-14T09:21:05\n\
             105.800000,22.000000,452-01,none,,\n"
        );
    }

    #[test]
    fn terrain_loss_is_smooth_and_bounded() {
        let model = SignalModel::default();
        let terrain = Terrain {
            seed: 5,
            model: &model,
        };
        let mut max_step: f64 = 0.0;
        let mut deep = 0;
        for i in 0..2000 {
            let a = [f64::from(i) * 25.0, 1000.0];
            let b = [a[0] + 25.0, 1000.0];
            let (la, lb) = (terrain.loss_db(a), terrain.loss_db(b));
            assert!((0.0..=model.terrain_max_loss_db).contains(&la));
            max_step = max_step.max((la - lb).abs());
            deep += usize::from(la > 20.0);
        }
        assert!(
            max_step < 5.0,
            "25 m apart the loss changes by at most a few dB, got {max_step}"
        );
        assert!(
            deep > 0 && deep < 1000,
            "some but not most places are deep valleys: {deep}"
        );
    }
}
