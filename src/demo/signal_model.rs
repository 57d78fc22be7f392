//! The generator's settings: how each generation's signal falls off, each operator's
//! network, and how the survey teams drive.

use chrono::NaiveDate;
use geo::Point;

use crate::model::Operator;

/// How one generation's signal falls off with distance, and when a phone still uses it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Radio {
    /// Median signal 1 km from a site on flat open ground, in the generation's own measure
    /// (2G RxLev, 3G RSCP, 4G RSRP, 5G SS-RSRP).
    pub at_1km_dbm: f64,
    /// Below this the phone does not camp on the generation.
    pub camp_floor_dbm: f64,
}

/// One operator's network and how often its phone rides in the survey car.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatorNetwork {
    pub operator: Operator,
    /// No two sites of the operator closer than this.
    pub site_spacing_m: f64,
    /// Share of the places that would get a site but have none (holes in the network).
    pub gap_share: f64,
    /// Share of sites with each generation, 2G to 4G (5G is decided by `share_5g_in_town`).
    pub share_by_generation: [f64; 3],
    /// Share of sites within [`SignalModel::town_radius_m`] of a town that offer 5G.
    pub share_5g_in_town: f64,
    /// Chance that a team carries this operator's phone on a given day.
    pub phone_share: f64,
}

/// The parameters of the generator. [`SignalModel::default`] is the demo's calibration
/// for the hills of northern Vietnam.
#[derive(Clone, Debug, PartialEq)]
pub struct SignalModel {
    pub networks: Vec<OperatorNetwork>,
    /// Indexed by [`Generation::index`].
    pub radios: [Radio; 4],
    pub path_loss_exponent: f64,
    /// Sites further than this from a sample are ignored.
    pub max_range_m: f64,
    /// Standard deviation of each site's fixed offset (antenna height, power, tilt).
    pub site_bias_sigma_db: f64,
    /// Standard deviation of the per-sample noise.
    pub shadowing_sigma_db: f64,
    /// Size of the terrain pattern's large cells (the small ones are a third of it).
    pub terrain_cell_m: f64,
    /// Loss in the deepest valleys.
    pub terrain_max_loss_db: f64,
    /// Terrain noise level (0..1) where losses start, and the span over which they reach
    /// the maximum.
    pub terrain_onset: f64,
    pub terrain_span: f64,
    /// A site this far away or further is behind the full terrain loss; nearer sites (in the
    /// same valley) proportionally less.
    pub terrain_full_at_m: f64,
    /// Towns (5G sites, a site of every operator). Empty: the densest villages are used.
    pub towns: Vec<Point<f64>>,
    pub town_radius_m: f64,
    /// How far a site may stand from the village it serves.
    pub site_offset_max_m: f64,
    /// Distance between logged points.
    pub sample_spacing_m: (f64, f64),
    /// Standard deviation of GPS noise, each axis.
    pub gps_jitter_m: f64,
    /// Driving speed range.
    pub speed_kmh: (f64, f64),
    /// Expected number of side roads driven out and back from each village (roads to
    /// hamlets and fields that are not in the village list). The main knob of the number of
    /// samples when villages are few and far apart; 0 for dense village sets.
    pub spurs_per_village: f64,
    pub spur_length_m: (f64, f64),
    /// Share of villages where the team drives a loop around the village.
    pub village_loop_share: f64,
    pub village_loop_radius_m: (f64, f64),
    /// A hop longer than this ends the trip; the next starts elsewhere (no logging between).
    pub max_leg_m: f64,
    /// Share of villages in areas nobody drove (discs around random villages).
    pub undriven_area_share: f64,
    pub undriven_area_radius_m: (f64, f64),
    /// Share of other villages that were skipped one by one.
    pub undriven_village_share: f64,
    /// Nothing is logged this close to a skipped village, so it stays not surveyed.
    pub undriven_clearance_m: f64,
    /// Survey teams working at the same time.
    pub teams: usize,
    pub first_day: NaiveDate,
    /// From this survey day on (0 is the first), the networks change as they do between two
    /// surveys: a site is switched on beside a village heard weakly or not at all, and the
    /// one site that covers another village fails. Both villages are ones the teams reach
    /// before and after that day, so the two periods tell the change. `None`: no change.
    pub changes_from_day: Option<u32>,
    /// Working hours, seconds after midnight: start, lunch start, lunch end, end.
    pub work_day_s: [u32; 4],
}

impl Default for SignalModel {
    fn default() -> Self {
        let vn = |mnc| Operator::new(452, mnc);
        SignalModel {
            networks: vec![
                OperatorNetwork {
                    operator: vn(4),
                    site_spacing_m: 2_600.0,
                    gap_share: 0.08,
                    share_by_generation: [0.95, 0.85, 0.9],
                    share_5g_in_town: 0.6,
                    phone_share: 0.95,
                },
                OperatorNetwork {
                    operator: vn(2),
                    site_spacing_m: 3_800.0,
                    gap_share: 0.15,
                    share_by_generation: [0.95, 0.8, 0.8],
                    share_5g_in_town: 0.4,
                    phone_share: 0.8,
                },
                OperatorNetwork {
                    operator: vn(1),
                    site_spacing_m: 5_500.0,
                    gap_share: 0.22,
                    share_by_generation: [0.9, 0.75, 0.7],
                    share_5g_in_town: 0.25,
                    phone_share: 0.7,
                },
            ],
            radios: [
                Radio {
                    at_1km_dbm: -62.0,
                    camp_floor_dbm: -108.0,
                },
                Radio {
                    at_1km_dbm: -76.0,
                    camp_floor_dbm: -112.0,
                },
                Radio {
                    at_1km_dbm: -86.0,
                    camp_floor_dbm: -122.0,
                },
                Radio {
                    at_1km_dbm: -95.0,
                    camp_floor_dbm: -118.0,
                },
            ],
            path_loss_exponent: 3.5,
            max_range_m: 15_000.0,
            site_bias_sigma_db: 3.0,
            shadowing_sigma_db: 4.0,
            terrain_cell_m: 2_500.0,
            terrain_max_loss_db: 50.0,
            terrain_onset: 0.48,
            terrain_span: 0.35,
            terrain_full_at_m: 2_000.0,
            towns: Vec::new(),
            town_radius_m: 2_500.0,
            site_offset_max_m: 2_500.0,
            sample_spacing_m: (30.0, 60.0),
            gps_jitter_m: 4.0,
            speed_kmh: (20.0, 40.0),
            spurs_per_village: 2.0,
            spur_length_m: (1_500.0, 6_000.0),
            village_loop_share: 0.6,
            village_loop_radius_m: (150.0, 400.0),
            max_leg_m: 9_000.0,
            undriven_area_share: 0.06,
            undriven_area_radius_m: (2_500.0, 4_500.0),
            undriven_village_share: 0.02,
            undriven_clearance_m: 700.0,
            teams: 3,
            first_day: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap_or_default(),
            changes_from_day: None,
            work_day_s: [
                7 * 3600 + 1800,
                11 * 3600 + 1800,
                13 * 3600 + 1800,
                17 * 3600,
            ],
        }
    }
}
