//! Where and when the survey teams drove: which villages were skipped, the route from
//! village to village, and the logged points with their times and the phones on board.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::{Rng, RngExt};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::plane::{XY, distance_m, distance_sq, normal};
use super::signal_model::SignalModel;

/// Distance between the points of a route's dense polyline.
const STEP_M: f64 = 10.0;

/// The survey: routes as dense polylines (one per trip), and the villages nobody visited.
pub(crate) struct Plan {
    pub trips: Vec<Vec<XY>>,
    /// The villages left undriven, for the clearance check.
    pub undriven: RTree<XY>,
}

/// A place where the phones on board logged a sample.
pub(crate) struct LogPoint {
    pub xy: XY,
    /// Vietnam wall-clock seconds since 1970-01-01 00:00.
    pub time_s: i64,
    /// Bit `i` set: the phone of `SignalModel::networks[i]` was on board.
    pub phones: u32,
}

/// Chooses the undriven villages and the route through the others: nearest village next,
/// a new trip when the nearest is further than `max_leg_m`, sometimes a loop around a
/// village, roads that wind between villages.
pub(crate) fn plan(villages: &[XY], model: &SignalModel, rng: &mut impl Rng) -> Plan {
    let undriven = undriven(villages, model, rng);
    let skipped: RTree<XY> = RTree::bulk_load(
        villages
            .iter()
            .zip(&undriven)
            .filter(|(_, u)| **u)
            .map(|(v, _)| *v)
            .collect(),
    );
    let mut remaining = RTree::bulk_load(
        villages
            .iter()
            .enumerate()
            .filter(|(i, _)| !undriven[*i])
            .map(|(i, v)| GeomWithData::new(*v, i))
            .collect(),
    );
    let mut trips: Vec<Vec<XY>> = Vec::new();
    let mut route: Vec<XY> = Vec::new();
    let start = villages
        .iter()
        .enumerate()
        .find(|(i, _)| !undriven[*i])
        .map(|(_, v)| *v);
    let mut current = start.and_then(|v| remaining.nearest_neighbor(&v).copied());
    while let Some(here) = current {
        remaining.remove(&here);
        let v = *here.geom();
        if route.is_empty() {
            route.push(v);
        }
        if rng.random::<f64>() < model.village_loop_share {
            village_loop(&mut route, v, model, rng);
        }
        let spurs = model.spurs_per_village.max(0.0);
        let count = spurs.floor() as usize + usize::from(rng.random::<f64>() < spurs.fract());
        for _ in 0..count {
            spur(&mut route, v, &skipped, model, rng);
        }
        current = remaining.nearest_neighbor(&v).copied();
        if let Some(next) = current {
            let to = *next.geom();
            if distance_m(v, to) > model.max_leg_m {
                trips.push(std::mem::take(&mut route));
            } else {
                winding_leg(&mut route, v, to, rng);
            }
        }
    }
    if !route.is_empty() {
        trips.push(route);
    }
    Plan {
        trips,
        undriven: skipped,
    }
}

/// Which villages nobody drives to: whole areas around random centres (as many villages
/// as the model's share), then single villages here and there; never all of them.
fn undriven(villages: &[XY], model: &SignalModel, rng: &mut impl Rng) -> Vec<bool> {
    let n = villages.len();
    let mut undriven = vec![false; n];
    let all = RTree::bulk_load(
        villages
            .iter()
            .enumerate()
            .map(|(i, v)| GeomWithData::new(*v, i))
            .collect(),
    );
    let wanted = (model.undriven_area_share * n as f64).round() as usize;
    let mut in_areas = 0;
    for _ in 0..n.min(1000) {
        if in_areas >= wanted {
            break;
        }
        let centre_i = rng.random_range(0..n as u64) as usize;
        let Some(&centre) = villages.get(centre_i) else {
            continue;
        };
        let (r_min, r_max) = model.undriven_area_radius_m;
        let r = r_min + (r_max - r_min) * rng.random::<f64>();
        // The nearest villages first, and no more than needed (villages come in clusters).
        let mut area: Vec<(f64, usize)> = all
            .locate_within_distance(centre, r * r)
            .filter(|item| !undriven[item.data])
            .map(|item| (distance_sq(*item.geom(), centre), item.data))
            .collect();
        area.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        area.truncate(wanted - in_areas);
        for (_, i) in area {
            undriven[i] = true;
            in_areas += 1;
        }
    }
    for flag in undriven.iter_mut() {
        if rng.random::<f64>() < model.undriven_village_share {
            *flag = true;
        }
    }
    if undriven.iter().all(|u| *u) {
        undriven.fill(false);
    }
    undriven
}

/// A loop that leaves from the village centre and comes back to it.
fn village_loop(route: &mut Vec<XY>, v: XY, model: &SignalModel, rng: &mut impl Rng) {
    let (r_min, r_max) = model.village_loop_radius_m;
    let r = r_min + (r_max - r_min) * rng.random::<f64>();
    let a0 = std::f64::consts::TAU * rng.random::<f64>();
    let centre = [v[0] + r * a0.cos(), v[1] + r * a0.sin()];
    let turn = if rng.random::<bool>() { 1.0 } else { -1.0 };
    let steps = ((std::f64::consts::TAU * r / STEP_M).ceil() as usize).max(8);
    for k in 1..=steps {
        let a = a0 + std::f64::consts::PI + turn * std::f64::consts::TAU * k as f64 / steps as f64;
        route.push([centre[0] + r * a.cos(), centre[1] + r * a.sin()]);
    }
}

/// A side road out of village `v` and back the same way, in a direction that keeps well
/// away from the undriven villages (none if four tries fail).
fn spur(route: &mut Vec<XY>, v: XY, skipped: &RTree<XY>, model: &SignalModel, rng: &mut impl Rng) {
    let (l_min, l_max) = model.spur_length_m;
    let keep_off_m = model.undriven_clearance_m + 1_500.0;
    for _ in 0..4 {
        let length = l_min + (l_max - l_min) * rng.random::<f64>();
        let a = std::f64::consts::TAU * rng.random::<f64>();
        let end = [v[0] + length * a.cos(), v[1] + length * a.sin()];
        let mut out = vec![v];
        winding_leg(&mut out, v, end, rng);
        let clear = out.iter().step_by(20).chain(out.last()).all(|p| {
            skipped
                .nearest_neighbor(p)
                .is_none_or(|u| distance_m(*u, *p) > keep_off_m)
        });
        if clear {
            route.extend_from_slice(&out[1..]);
            route.extend(out.iter().rev().skip(1));
            return;
        }
    }
}

/// A road from `a` to `b` that bends to one side and wiggles.
fn winding_leg(route: &mut Vec<XY>, a: XY, b: XY, rng: &mut impl Rng) {
    let d = distance_m(a, b);
    if d < STEP_M {
        route.push(b);
        return;
    }
    let (ux, uy) = ((b[0] - a[0]) / d, (b[1] - a[1]) / d);
    let bend = 0.12 * d * normal(rng);
    let wiggle = 0.04 * d * normal(rng);
    let steps = (d / STEP_M).ceil() as usize;
    for k in 1..=steps {
        let t = k as f64 / steps as f64;
        let side = bend * (std::f64::consts::PI * t).sin()
            + wiggle * (3.0 * std::f64::consts::PI * t).sin();
        route.push([
            a[0] + t * (b[0] - a[0]) - uy * side,
            a[1] + t * (b[1] - a[1]) + ux * side,
        ]);
    }
}

/// One team's clock and the phones in its car today.
struct Team {
    day: NaiveDate,
    second_of_day: f64,
    phones: u32,
    speed_mps: f64,
}

impl Team {
    fn start(model: &SignalModel, rng: &mut impl Rng) -> Team {
        let mut team = Team {
            day: model.first_day,
            second_of_day: f64::from(model.work_day_s[0]) + 1800.0 * rng.random::<f64>(),
            phones: 0,
            speed_mps: 0.0,
        };
        team.phones = phones_today(model, rng);
        team.new_speed(model, rng);
        team
    }

    fn new_speed(&mut self, model: &SignalModel, rng: &mut impl Rng) {
        let (lo, hi) = model.speed_kmh;
        self.speed_mps = (lo + (hi - lo) * rng.random::<f64>()) / 3.6;
    }

    /// Moves the clock on by `dt_s` of work: past lunch, and to the next working day
    /// (Monday to Saturday) after hours.
    fn advance(&mut self, dt_s: f64, model: &SignalModel, rng: &mut impl Rng) {
        let [start, lunch, after_lunch, end] = model.work_day_s.map(f64::from);
        self.second_of_day += dt_s;
        if self.second_of_day >= lunch && self.second_of_day < after_lunch {
            self.second_of_day = after_lunch + 600.0 * rng.random::<f64>();
        }
        if self.second_of_day >= end {
            self.day = next_working_day(self.day);
            self.second_of_day = start + 1200.0 * rng.random::<f64>();
            self.phones = phones_today(model, rng);
        }
    }

    fn time_s(&self) -> i64 {
        let days = self
            .day
            .signed_duration_since(NaiveDate::default())
            .num_days();
        days * 86_400 + self.second_of_day.floor() as i64
    }
}

/// The start (Vietnam wall-clock seconds) of survey day `n`, 0 being the first.
pub(crate) fn start_of_working_day(model: &SignalModel, n: u32) -> i64 {
    let mut day = model.first_day;
    for _ in 0..n {
        day = next_working_day(day);
    }
    day.signed_duration_since(NaiveDate::default()).num_days() * 86_400
}

fn next_working_day(day: NaiveDate) -> NaiveDate {
    let mut next = day.succ_opt().unwrap_or(day);
    while next.weekday() == Weekday::Sun {
        next = next.succ_opt().unwrap_or(next);
    }
    next
}

/// Each operator's phone rides with its `phone_share`; at least one does.
fn phones_today(model: &SignalModel, rng: &mut impl Rng) -> u32 {
    let mut phones = 0u32;
    for (i, net) in model.networks.iter().enumerate().take(32) {
        if rng.random::<f64>() < net.phone_share {
            phones |= 1 << i;
        }
    }
    if phones == 0 && !model.networks.is_empty() {
        let n = model.networks.len().min(32) as u64;
        phones = 1 << rng.random_range(0..n);
    }
    phones
}

/// Walks the plan and logs a point every 30–60 m (as the model says). The route is shared
/// out among the teams by length; each team keeps its own clock. Nothing is logged within
/// the clearance of an undriven village.
pub(crate) fn log_points(plan: &Plan, model: &SignalModel, rng: &mut impl Rng) -> Vec<LogPoint> {
    let total_m: f64 = plan.trips.iter().map(|t| length_m(t)).sum();
    let teams = model.teams.max(1);
    let share_m = (total_m / teams as f64).max(1.0);
    let mut clocks: Vec<Team> = (0..teams).map(|_| Team::start(model, rng)).collect();
    let clearance_sq = model.undriven_clearance_m * model.undriven_clearance_m;
    let (space_lo, space_hi) = model.sample_spacing_m;
    let mut points = Vec::new();
    let mut walked_m = 0.0;
    for (trip_i, trip) in plan.trips.iter().enumerate() {
        let team_i = ((walked_m / share_m) as usize).min(teams - 1);
        if trip_i > 0 {
            // Driving to the next trip's start without logging.
            if let Some(team) = clocks.get_mut(team_i) {
                team.advance(1200.0 + 2400.0 * rng.random::<f64>(), model, rng);
            }
        }
        let mut to_next_m = 0.0;
        let mut since_speed_m = 0.0;
        for (k, &xy) in trip.iter().enumerate() {
            let step_m = if k == 0 {
                0.0
            } else {
                distance_m(trip[k - 1], xy)
            };
            walked_m += step_m;
            to_next_m -= step_m;
            since_speed_m += step_m;
            let team_i = ((walked_m / share_m) as usize).min(teams - 1);
            let Some(team) = clocks.get_mut(team_i) else {
                continue;
            };
            team.advance(step_m / team.speed_mps.max(0.1), model, rng);
            if since_speed_m > 2_000.0 {
                team.new_speed(model, rng);
                since_speed_m = 0.0;
            }
            if to_next_m > 0.0 {
                continue;
            }
            to_next_m += space_lo + (space_hi - space_lo) * rng.random::<f64>();
            let near_undriven = plan
                .undriven
                .nearest_neighbor(&xy)
                .is_some_and(|u| distance_sq(*u, xy) <= clearance_sq);
            if near_undriven {
                continue;
            }
            points.push(LogPoint {
                xy,
                time_s: team.time_s(),
                phones: team.phones,
            });
        }
    }
    points
}

fn length_m(line: &[XY]) -> f64 {
    line.windows(2).map(|w| distance_m(w[0], w[1])).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn grid_villages() -> Vec<XY> {
        (0..400)
            .map(|i| [f64::from(i % 20) * 1_800.0, f64::from(i / 20) * 1_800.0])
            .collect()
    }

    #[test]
    fn nothing_is_logged_near_an_undriven_village_and_some_villages_are_undriven() {
        let model = SignalModel::default();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let villages = grid_villages();
        let plan = plan(&villages, &model, &mut rng);
        let undriven = plan.undriven.size();
        assert!(
            (16..60).contains(&undriven),
            "about 8% of 400 undriven, got {undriven}"
        );
        let points = log_points(&plan, &model, &mut rng);
        assert!(!points.is_empty());
        for p in &points {
            let u = plan
                .undriven
                .nearest_neighbor(&p.xy)
                .expect("some undriven");
            assert!(
                distance_m(*u, p.xy) > model.undriven_clearance_m,
                "{:?} logged near {u:?}",
                p.xy
            );
        }
    }

    #[test]
    fn points_are_30_to_60_m_apart_along_the_route_and_time_moves_on() {
        let model = SignalModel {
            teams: 1,
            undriven_area_share: 0.0,
            undriven_village_share: 0.0,
            ..Default::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let plan = plan(&grid_villages(), &model, &mut rng);
        let points = log_points(&plan, &model, &mut rng);
        let close = points
            .windows(2)
            .filter(|w| distance_m(w[0].xy, w[1].xy) <= 60.0 + STEP_M + 1e-6)
            .count();
        assert!(
            close as f64 > 0.95 * points.len() as f64,
            "straight-line gaps are at most the spacing, bar trip changes"
        );
        assert!(
            points.windows(2).all(|w| w[0].time_s <= w[1].time_s),
            "one team: times never go back"
        );
        assert!(
            points.iter().all(|p| p.phones != 0),
            "every point has a phone"
        );
    }

    #[test]
    fn a_working_day_skips_lunch_and_sunday() {
        let model = SignalModel::default();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut team = Team::start(&model, &mut rng);
        team.second_of_day = f64::from(model.work_day_s[1]) - 1.0;
        team.advance(2.0, &model, &mut rng);
        assert!(
            team.second_of_day >= f64::from(model.work_day_s[2]),
            "after lunch"
        );
        team.day = NaiveDate::from_ymd_opt(2026, 3, 14).expect("a Saturday");
        team.second_of_day = f64::from(model.work_day_s[3]) - 1.0;
        team.advance(2.0, &model, &mut rng);
        assert_eq!(
            team.day,
            NaiveDate::from_ymd_opt(2026, 3, 16).expect("Monday")
        );
    }
}
