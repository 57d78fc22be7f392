//! Spatial indexes: the samples (in Hilbert order, an R-tree over buckets of them), and the
//! lookup from a point to its commune.

use geo::{BoundingRect, Distance, HaversineMeasure, Intersects, Point};
use std::sync::OnceLock;

use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, Envelope, RTree};

use crate::model::{Commune, Operator, Sample, Technology};

/// The sphere of the coverage rule: radius 6,371,008.8 m.
pub const EARTH: HaversineMeasure = HaversineMeasure::new(6_371_008.8);

/// Great-circle distance in metres on the rule's sphere.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    EARTH.distance(a, b)
}

/// A sample's position in the index: coordinates in `f32` (half the memory of `f64`) and its
/// index into the sample list. Candidates are found with a margin wider than `f32` rounding,
/// then measured exactly on the `f64` coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IndexedPoint {
    pub(crate) lon: f32,
    pub(crate) lat: f32,
    pub(crate) sample: u32,
}

/// Points per bucket. The R-tree holds one box per bucket rather than one entry per sample:
/// ten million samples make 312,500 boxes, and the points themselves lie in one flat array.
pub(crate) const BUCKET: usize = 32;

/// What the map draws of a sample, beside its point in the same order: its operator, its
/// technology and its signal in 4 bytes, so that drawing millions of samples reads two flat
/// arrays in order instead of the samples themselves (see [`SampleIndex::prepare_drawing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PointInfo {
    /// The operator's position in [`Drawing::operators`], or [`PointInfo::OTHER_OPERATOR`]
    /// past the first 65,535 operators (then the sample itself says which).
    pub(crate) operator: u16,
    /// 0 for no service, 1 + [`Generation::index`](crate::model::Generation::index) for a
    /// generation.
    pub(crate) technology: u8,
    /// The signal rounded down to a whole dBm and held to −128…127; −128 when it is not a
    /// number. Rounding down keeps every comparison with a whole-dBm bound
    /// (`dbm >= −80 ⟺ floor(dbm) >= −80`).
    pub(crate) dbm_floor: i8,
}

impl PointInfo {
    pub(crate) const OTHER_OPERATOR: u16 = u16::MAX;

    fn of(sample: &Sample, operators: &[Operator]) -> PointInfo {
        let operator = match operators.binary_search(&sample.operator) {
            Ok(k) if k < usize::from(Self::OTHER_OPERATOR) => k as u16,
            _ => Self::OTHER_OPERATOR,
        };
        PointInfo {
            operator,
            technology: Self::technology_code(sample.technology),
            dbm_floor: Self::dbm_floor(sample.signal_dbm),
        }
    }

    /// 0 for no service, 1 + the generation's index for a generation.
    #[inline]
    pub(crate) fn technology_code(technology: Technology) -> u8 {
        match technology {
            Technology::NoService => 0,
            Technology::Gen(g) => 1 + g.index() as u8,
        }
    }

    /// The signal rounded down to a whole dBm, held to −128…127; −128 for NaN.
    #[inline]
    pub(crate) fn dbm_floor(dbm: f64) -> i8 {
        // `as` truncates toward zero and saturates (NaN is set apart first); one less below
        // zero where it truncated. Without `f64::floor`, which is a call on plain x86-64.
        if dbm.is_nan() {
            i8::MIN
        } else {
            let dbm = dbm.clamp(-128.0, 127.0);
            let t = dbm as i8;
            if f64::from(t) > dbm { t - 1 } else { t }
        }
    }
}

/// The bounding box of a bucket, and the bucket's number.
type BucketBox = GeomWithData<Rectangle<[f32; 2]>, u32>;

/// Degrees of margin around a search box; `f32` rounding near 180° is under 1e-5°.
const MARGIN_DEG: f64 = 1e-4;

/// Cells per side of the grid the Hilbert curve runs through (2^16, over the samples' extent).
const HILBERT_SIDE: u32 = 1 << 16;

/// The samples, ordered along a Hilbert curve and cut into buckets of [`BUCKET`] points whose
/// boxes are bulk-loaded into an R-tree.
///
/// Consecutive points on the curve are close in space, so a bucket's box is small and a radius
/// search reads a few short runs of the flat array. Building it is a parallel sort of one
/// 64-bit key per sample; it takes 12 bytes per sample, where an R-tree with a leaf per sample
/// takes over 40. The map's sample raster needs 4 more, built the first time it is drawn.
pub struct SampleIndex {
    points: Vec<IndexedPoint>,
    buckets: RTree<BucketBox>,
    drawing: OnceLock<Drawing>,
}

/// What the map draws of every point, in the points' order, and the operators its
/// [`PointInfo::operator`] counts in.
pub(crate) struct Drawing {
    pub(crate) infos: Vec<PointInfo>,
    /// The samples' operators, sorted, each once.
    pub(crate) operators: Vec<Operator>,
}

impl SampleIndex {
    pub fn new(samples: &[Sample]) -> Self {
        let extent = samples
            .par_iter()
            .fold(Extent::empty, |e, s| e.with(s.lon, s.lat))
            .reduce(Extent::empty, Extent::union);
        // Key: the Hilbert position in the high half, the sample's index in the low half, so
        // that sorting the keys orders the samples along the curve, ties in file order.
        let mut keys: Vec<u64> = samples
            .par_iter()
            .enumerate()
            .map(|(i, s)| {
                let (x, y) = extent.cell(s.lon, s.lat);
                (u64::from(hilbert_position(x, y)) << 32) | (i as u64 & 0xFFFF_FFFF)
            })
            .collect();
        keys.par_sort_unstable();
        let points: Vec<IndexedPoint> = keys
            .par_iter()
            .map(|key| {
                let i = (key & 0xFFFF_FFFF) as usize;
                let s = &samples[i];
                IndexedPoint {
                    lon: s.lon as f32,
                    lat: s.lat as f32,
                    sample: i as u32,
                }
            })
            .collect();
        drop(keys);
        let boxes: Vec<BucketBox> = points
            .par_chunks(BUCKET)
            .enumerate()
            .map(|(b, chunk)| {
                let mut lower = [f32::INFINITY; 2];
                let mut upper = [f32::NEG_INFINITY; 2];
                for p in chunk {
                    lower = [lower[0].min(p.lon), lower[1].min(p.lat)];
                    upper = [upper[0].max(p.lon), upper[1].max(p.lat)];
                }
                GeomWithData::new(Rectangle::from_corners(lower, upper), b as u32)
            })
            .collect();
        SampleIndex {
            points,
            buckets: RTree::bulk_load(boxes),
            drawing: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `visit` with the index of every sample within `radius_m` (inclusive) of `centre`,
    /// in no particular order.
    pub fn for_each_within(
        &self,
        samples: &[Sample],
        centre: Point<f64>,
        radius_m: f64,
        mut visit: impl FnMut(usize),
    ) {
        let area = search_box(centre, radius_m);
        let (lower, upper) = (area.lower(), area.upper());
        let within = WithinRadius::new(centre, radius_m);
        for bucket in self.buckets.locate_in_envelope_intersecting(&area) {
            let start = bucket.data as usize * BUCKET;
            let end = (start + BUCKET).min(self.points.len());
            // First the candidates the index alone cannot rule out, with a prefetch of each
            // sample, so that the reads of up to a bucket's worth of samples (cache misses,
            // most of the cost of a search) overlap instead of following one another.
            let mut candidates = [(0u32, false); BUCKET];
            let mut n = 0;
            for p in &self.points[start..end] {
                let in_box = p.lon >= lower[0]
                    && p.lon <= upper[0]
                    && p.lat >= lower[1]
                    && p.lat <= upper[1];
                if !in_box {
                    continue;
                }
                let sure = within.decided_by_index(p.lon, p.lat);
                if sure != Some(false) {
                    prefetch(samples.as_ptr().wrapping_add(p.sample as usize));
                    candidates[n] = (p.sample, sure == Some(true));
                    n += 1;
                }
            }
            for &(i, surely_inside) in &candidates[..n] {
                let i = i as usize;
                if surely_inside || within.test(samples[i].lon, samples[i].lat) {
                    visit(i);
                }
            }
        }
    }

    /// Calls `visit` with the index of every sample whose longitude and latitude lie in the
    /// box, its edges included, in no particular order. A box with a bound that is not a
    /// number, or with a minimum above its maximum, holds nothing.
    ///
    /// The index's `f32` coordinates settle the points well inside or outside the box; only
    /// those within a rounding margin of an edge are looked up in `samples`.
    pub fn for_each_in_box(
        &self,
        samples: &[Sample],
        min_lon: f64,
        min_lat: f64,
        max_lon: f64,
        max_lat: f64,
        mut visit: impl FnMut(usize),
    ) {
        if !(min_lon <= max_lon && min_lat <= max_lat) {
            return;
        }
        let inner = [
            (min_lon + MARGIN_DEG) as f32,
            (min_lat + MARGIN_DEG) as f32,
            (max_lon - MARGIN_DEG) as f32,
            (max_lat - MARGIN_DEG) as f32,
        ];
        let outer = box_f32(min_lon, min_lat, max_lon, max_lat);
        let (lower, upper) = (outer.lower(), outer.upper());
        for bucket in self.buckets.locate_in_envelope_intersecting(&outer) {
            for p in self.bucket_points(bucket.data) {
                let candidate = p.lon >= lower[0]
                    && p.lon <= upper[0]
                    && p.lat >= lower[1]
                    && p.lat <= upper[1];
                if !candidate {
                    continue;
                }
                let surely_in = p.lon >= inner[0]
                    && p.lon <= inner[2]
                    && p.lat >= inner[1]
                    && p.lat <= inner[3];
                let i = p.sample as usize;
                if surely_in || {
                    let s = &samples[i];
                    s.lon >= min_lon && s.lon <= max_lon && s.lat >= min_lat && s.lat <= max_lat
                } {
                    visit(i);
                }
            }
        }
    }

    /// The buckets whose boxes meet the lon/lat box (widened by the `f32` rounding margin),
    /// in ascending order, which is Hilbert order: neighbours in the list are neighbours on
    /// the ground, and their points lie next to each other in memory. Every bucket when the
    /// box holds all of them, without searching the tree.
    pub(crate) fn buckets_in_box(
        &self,
        min_lon: f64,
        min_lat: f64,
        max_lon: f64,
        max_lat: f64,
    ) -> Vec<u32> {
        if !(min_lon <= max_lon && min_lat <= max_lat) || self.points.is_empty() {
            return Vec::new();
        }
        let area = box_f32(min_lon, min_lat, max_lon, max_lat);
        let all = self.buckets.root().envelope();
        if area.contains_envelope(&all) {
            return (0..self.points.len().div_ceil(BUCKET) as u32).collect();
        }
        let mut found: Vec<u32> = self
            .buckets
            .locate_in_envelope_intersecting(&area)
            .map(|b| b.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// The points of bucket `bucket`, in Hilbert order.
    #[inline]
    pub(crate) fn bucket_points(&self, bucket: u32) -> &[IndexedPoint] {
        &self.points[self.bucket_range(bucket)]
    }

    /// The positions in the points (and in [`Drawing::infos`]) of buckets `first..end`.
    #[inline]
    pub(crate) fn bucket_run(&self, first: u32, end: u32) -> std::ops::Range<usize> {
        let range = self.bucket_range(first).start..self.bucket_range(end.max(1) - 1).end;
        range.start.min(range.end)..range.end
    }

    /// Every point, in Hilbert order.
    #[inline]
    pub(crate) fn points(&self) -> &[IndexedPoint] {
        &self.points
    }

    #[inline]
    fn bucket_range(&self, bucket: u32) -> std::ops::Range<usize> {
        let start = bucket as usize * BUCKET;
        let end = (start + BUCKET).min(self.points.len());
        start.min(end)..end
    }

    /// Makes what the map's sample raster reads of each sample (4 bytes a sample, some
    /// 0.3 s for ten million on 2 cores), if it is not made yet; the first raster does it
    /// otherwise. `samples` must be the ones the index was built from. Call it from a
    /// background thread after loading, so that the first map of a dataset comes as fast
    /// as the next ones.
    pub fn prepare_drawing(&self, samples: &[Sample]) {
        let _ = self.drawing(samples);
    }

    /// What the map draws of each point, if it has been made.
    pub(crate) fn drawing_made(&self) -> Option<&Drawing> {
        self.drawing.get()
    }

    /// What the map draws of each point, made the first time it is asked for.
    pub(crate) fn drawing(&self, samples: &[Sample]) -> &Drawing {
        self.drawing.get_or_init(|| {
            let operators = distinct_operators(samples);
            let infos = self
                .points
                .par_iter()
                .map(|p| match samples.get(p.sample as usize) {
                    Some(s) => PointInfo::of(s, &operators),
                    // Not the samples of this index: nothing sensible to draw.
                    None => PointInfo {
                        operator: PointInfo::OTHER_OPERATOR,
                        technology: 0,
                        dbm_floor: i8::MIN,
                    },
                })
                .collect();
            Drawing { infos, operators }
        })
    }

    /// The indexes of the samples within `radius_m` of `centre`, in ascending order.
    pub fn within(&self, samples: &[Sample], centre: Point<f64>, radius_m: f64) -> Vec<usize> {
        let mut found = Vec::new();
        self.for_each_within(samples, centre, radius_m, |i| found.push(i));
        found.sort_unstable();
        found
    }
}

/// The operators of the samples, sorted, each once. Consecutive samples mostly share one, so
/// only a change of operator is looked up in the set.
fn distinct_operators(samples: &[Sample]) -> Vec<Operator> {
    let set = samples
        .par_chunks(1 << 16)
        .map(|chunk| {
            let mut set = std::collections::BTreeSet::new();
            let mut last = None;
            for s in chunk {
                if last != Some(s.operator) {
                    set.insert(s.operator);
                    last = Some(s.operator);
                }
            }
            set
        })
        .reduce(std::collections::BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    set.into_iter().collect()
}

/// `distance_m(centre, point) <= radius_m`, with the same answer for every point, but for
/// nearly all points without the sines, cosine, arcsine and square root of the haversine
/// formula.
///
/// The haversine of the angle between the points, `a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)`,
/// grows with the distance up to half the earth's circumference. For the short distances of a
/// radius search it is computed here with polynomials (Taylor series of sin and cos, and
/// `cos φ2 = cos(φ1 + Δφ)`), whose truncation error is below 1e-17 for angles under 0.01 rad
/// and whose rounding error is some 1e-15. A point whose `a` is below the radius's by more
/// than a relative 1e-9 is therefore inside whatever the last bits of any arithmetic, and
/// one above by more than that is outside; only the points in that thin band (micrometres at
/// 500 m), far away, or near a pole are measured with [`distance_m`] itself.
///
/// The same polynomial on the index's `f32` coordinates (off by at most 1.2 m, half an `f32`
/// step in each coordinate below 256°) settles the points more than
/// [`WithinRadius::F32_SLACK_M`] inside or beyond the radius without the sample's own
/// coordinates: only the points near the circle need them.
struct WithinRadius {
    centre: Point<f64>,
    radius_m: f64,
    cos_lat: f64,
    sin_lat: f64,
    a_inside: f64,
    a_outside: f64,
    a_near: f64,
    a_far: f64,
    /// False for radii the shortcut cannot be used for (not finite, half the earth or more).
    shortcut: bool,
}

impl WithinRadius {
    const BAND: f64 = 1e-9;
    /// More than the largest distance between a point and its `f32` rounding (1.2 m).
    const F32_SLACK_M: f64 = 2.0;
    /// Half-angles (radians) up to which the polynomials are used: about 64 km.
    const MAX_HALF_ANGLE: f64 = 0.005;
    /// `cos φ2` below this (within 5.7° of a pole) goes to the exact formula.
    const MIN_COS_LAT: f64 = 0.1;

    fn new(centre: Point<f64>, radius_m: f64) -> Self {
        let angle = radius_m / EARTH.radius();
        let shortcut = (0.0..3.0).contains(&angle);
        let a = (angle / 2.0).sin().powi(2);
        let near = (radius_m - Self::F32_SLACK_M).max(0.0) / EARTH.radius();
        let far = ((radius_m + Self::F32_SLACK_M) / EARTH.radius()).min(3.0);
        let lat = centre.y().to_radians();
        WithinRadius {
            centre,
            radius_m,
            cos_lat: lat.cos(),
            sin_lat: lat.sin(),
            a_inside: a * (1.0 - Self::BAND),
            a_outside: a * (1.0 + Self::BAND),
            a_near: (near / 2.0).sin().powi(2) * (1.0 - Self::BAND),
            a_far: (far / 2.0).sin().powi(2) * (1.0 + Self::BAND),
            shortcut,
        }
    }

    /// The haversine `a` from the centre to `(lon, lat)` by polynomials, or `None` when the
    /// point is too far from the centre or too near a pole for them (or not a number).
    #[inline]
    fn haversine_a(&self, lon: f64, lat: f64) -> Option<f64> {
        let half_dlat = (lat - self.centre.y()).to_radians() / 2.0;
        let half_dlon = (lon - self.centre.x()).to_radians() / 2.0;
        if !(half_dlat.abs() <= Self::MAX_HALF_ANGLE && half_dlon.abs() <= Self::MAX_HALF_ANGLE) {
            return None;
        }
        let (s, c) = (sin_small(half_dlat), cos_small(half_dlat));
        // cos(φ1 + Δφ) with cos Δφ = 1 - 2 sin²(Δφ/2) and sin Δφ = 2 sin(Δφ/2) cos(Δφ/2).
        let cos_lat = self.cos_lat * (1.0 - 2.0 * s * s) - self.sin_lat * (2.0 * s * c);
        if !(cos_lat >= Self::MIN_COS_LAT && self.cos_lat >= Self::MIN_COS_LAT) {
            return None;
        }
        let t = sin_small(half_dlon);
        Some(s * s + self.cos_lat * cos_lat * (t * t))
    }

    /// `Some(true)` when the point at these `f32` coordinates (a sample's, rounded) is surely
    /// within the radius, `Some(false)` when surely beyond, `None` when its own coordinates
    /// must decide.
    #[inline]
    fn decided_by_index(&self, lon: f32, lat: f32) -> Option<bool> {
        if !self.shortcut {
            return None;
        }
        let a = self.haversine_a(f64::from(lon), f64::from(lat))?;
        if a < self.a_near {
            Some(true)
        } else if a > self.a_far {
            Some(false)
        } else {
            None
        }
    }

    #[inline]
    fn test(&self, lon: f64, lat: f64) -> bool {
        if self.shortcut
            && let Some(a) = self.haversine_a(lon, lat)
        {
            if a < self.a_inside {
                return true;
            }
            if a > self.a_outside {
                return false;
            }
        }
        distance_m(self.centre, Point::new(lon, lat)) <= self.radius_m
    }
}

/// Asks the CPU to start loading the cache line at `p` (a hint; nothing happens elsewhere).
#[inline]
pub(crate) fn prefetch<T>(p: *const T) {
    // SAFETY: SSE is part of every x86-64 CPU, and a prefetch never faults, whatever the
    // address (it is not dereferenced).
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// `sin x` for `|x| <= 0.005`: the Taylor series to `x⁵`, relative error under `x⁶/7!`
/// (4e-18). Multiplications only: a division by a constant is not turned into one.
#[inline]
fn sin_small(x: f64) -> f64 {
    let x2 = x * x;
    x * (1.0 - x2 * (1.0 / 6.0) * (1.0 - x2 * (1.0 / 20.0)))
}

/// `cos x` for `|x| <= 0.005`: the Taylor series to `x⁶`, error under `x⁸/8!` (4e-23).
#[inline]
fn cos_small(x: f64) -> f64 {
    let x2 = x * x;
    1.0 - x2 * 0.5 * (1.0 - x2 * (1.0 / 12.0) * (1.0 - x2 * (1.0 / 30.0)))
}

/// The samples' longitude/latitude extent, mapped onto the Hilbert grid.
#[derive(Clone, Copy, Debug)]
struct Extent {
    lower: [f64; 2],
    upper: [f64; 2],
}

impl Extent {
    fn empty() -> Extent {
        Extent {
            lower: [f64::INFINITY; 2],
            upper: [f64::NEG_INFINITY; 2],
        }
    }

    fn with(self, lon: f64, lat: f64) -> Extent {
        Extent {
            lower: [self.lower[0].min(lon), self.lower[1].min(lat)],
            upper: [self.upper[0].max(lon), self.upper[1].max(lat)],
        }
    }

    fn union(self, other: Extent) -> Extent {
        self.with(other.lower[0], other.lower[1])
            .with(other.upper[0], other.upper[1])
    }

    /// The grid cell of a point (anything not finite goes to cell 0; it only orders the points).
    fn cell(&self, lon: f64, lat: f64) -> (u32, u32) {
        let axis = |v: f64, lo: f64, hi: f64| {
            let span = hi - lo;
            if span.is_nan() || span <= 0.0 {
                return 0;
            }
            // `as` saturates, and sends NaN to 0.
            (((v - lo) / span) * f64::from(HILBERT_SIDE - 1)) as u32
        };
        (
            axis(lon, self.lower[0], self.upper[0]),
            axis(lat, self.lower[1], self.upper[1]),
        )
    }
}

/// The position of cell `(x, y)` along the Hilbert curve through the grid (the classic
/// iterative `xy2d`).
fn hilbert_position(mut x: u32, mut y: u32) -> u32 {
    let n = HILBERT_SIDE;
    x = x.min(n - 1);
    y = y.min(n - 1);
    let mut d: u32 = 0;
    let mut s = n / 2;
    while s > 0 {
        let rx = u32::from(x & s > 0);
        let ry = u32::from(y & s > 0);
        d = d.wrapping_add(s.wrapping_mul(s).wrapping_mul((3 * rx) ^ ry));
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

/// A longitude/latitude box holding every point within `radius_m` of `centre`.
fn search_box(centre: Point<f64>, radius_m: f64) -> AABB<[f32; 2]> {
    let dlat = (radius_m / EARTH.radius()).to_degrees() + MARGIN_DEG;
    let lat_far = (centre.y().abs() + dlat).min(90.0);
    let cos = lat_far.to_radians().cos();
    // Near a pole, or with a radius of continental size, any longitude may be within reach.
    let dlon = if cos < 1e-6 {
        360.0
    } else {
        ((radius_m / EARTH.radius()).to_degrees() / cos + MARGIN_DEG).min(360.0)
    };
    AABB::from_corners(
        [(centre.x() - dlon) as f32, (centre.y() - dlat) as f32],
        [(centre.x() + dlon) as f32, (centre.y() + dlat) as f32],
    )
}

/// A lon/lat box in `f32` holding every point of the `f64` box, with the rounding margin.
fn box_f32(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> AABB<[f32; 2]> {
    AABB::from_corners(
        [(min_lon - MARGIN_DEG) as f32, (min_lat - MARGIN_DEG) as f32],
        [(max_lon + MARGIN_DEG) as f32, (max_lat + MARGIN_DEG) as f32],
    )
}

type CommuneBox = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Finds the commune whose polygon holds a point.
pub struct CommuneIndex {
    tree: RTree<CommuneBox>,
}

impl CommuneIndex {
    pub fn new(communes: &[Commune]) -> Self {
        let boxes = communes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let r = c.boundary.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i as u32,
                ))
            })
            .collect();
        CommuneIndex {
            tree: RTree::bulk_load(boxes),
        }
    }

    /// The first commune in file order whose polygon contains `point`, its boundary
    /// included; `None` when the point is outside every commune.
    pub fn locate(&self, communes: &[Commune], point: Point<f64>) -> Option<usize> {
        self.tree
            .locate_all_at_point(&[point.x(), point.y()])
            .map(|b| b.data as usize)
            .filter(|&i| communes[i].boundary.intersects(&point))
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Operator, Technology};
    use geo::MultiPolygon;

    fn sample_at(lon: f64, lat: f64) -> Sample {
        Sample {
            lon,
            lat,
            time_s: crate::model::NO_TIME,
            signal_dbm: -90.0,
            operator: Operator::new(452, 4),
            technology: Technology::NoService,
        }
    }

    /// A point `metres` north of `from` on the rule's sphere.
    fn north_of(from: Point<f64>, metres: f64) -> Point<f64> {
        Point::new(from.x(), from.y() + (metres / EARTH.radius()).to_degrees())
    }

    #[test]
    fn distance_uses_the_rules_sphere() {
        // One degree of latitude on a sphere of 6,371,008.8 m.
        let d = distance_m(Point::new(105.0, 21.0), Point::new(105.0, 22.0));
        assert!(
            (d - 6_371_008.8_f64 * 1f64.to_radians()).abs() < 1e-6,
            "{d}"
        );
    }

    #[test]
    fn radius_search_is_inclusive_and_exact() {
        let village = Point::new(105.8, 21.0);
        let samples = vec![
            sample_at(village.x(), village.y()),
            sample_at(north_of(village, 499.9).x(), north_of(village, 499.9).y()),
            sample_at(north_of(village, 500.5).x(), north_of(village, 500.5).y()),
            sample_at(106.8, 21.0),
        ];
        let index = SampleIndex::new(&samples);
        assert_eq!(index.within(&samples, village, 500.0), vec![0, 1]);
        // A sample exactly at the radius counts.
        let at = distance_m(village, Point::new(samples[2].lon, samples[2].lat));
        assert_eq!(index.within(&samples, village, at), vec![0, 1, 2]);
    }

    #[test]
    fn east_west_search_reaches_the_radius_at_high_latitude() {
        let village = Point::new(10.0, 60.0);
        let east = Point::new(10.0 + 0.0089, 60.0); // about 495 m at 60°N
        let samples = vec![sample_at(east.x(), east.y())];
        let index = SampleIndex::new(&samples);
        assert!(distance_m(village, east) < 500.0);
        assert_eq!(index.within(&samples, village, 500.0), vec![0]);
    }

    /// A small deterministic scatter: drive-test-like clusters and a few far points.
    fn scatter(n: usize) -> Vec<Sample> {
        let mut z: u64 = 0x2545_F491_4F6C_DD1D;
        let mut unit = move || {
            z ^= z << 13;
            z ^= z >> 7;
            z ^= z << 17;
            (z >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|k| {
                let (cx, cy) = if k % 50 == 0 {
                    (102.0 + 7.0 * unit(), 9.0 + 14.0 * unit())
                } else {
                    (105.80, 21.00)
                };
                sample_at(cx + 0.02 * (unit() - 0.5), cy + 0.02 * (unit() - 0.5))
            })
            .collect()
    }

    #[test]
    fn radius_search_finds_exactly_what_measuring_every_sample_finds() {
        let samples = scatter(5_000);
        let index = SampleIndex::new(&samples);
        assert_eq!(index.len(), samples.len());
        for (k, centre) in [
            (105.80, 21.00),
            (105.805, 21.003),
            (105.79, 20.995),
            (106.5, 15.0),
        ]
        .into_iter()
        .enumerate()
        {
            let centre = Point::new(centre.0, centre.1);
            for radius_m in [0.0, 1.0, 150.0, 500.0, 1_000.0, 3_000.0] {
                let brute: Vec<usize> = (0..samples.len())
                    .filter(|&i| {
                        distance_m(centre, Point::new(samples[i].lon, samples[i].lat)) <= radius_m
                    })
                    .collect();
                assert_eq!(
                    index.within(&samples, centre, radius_m),
                    brute,
                    "centre {k}, radius {radius_m}"
                );
            }
        }
    }

    #[test]
    fn samples_exactly_at_the_radius_count_whatever_their_bearing() {
        // Every sample at a radius that is its own distance is in; a hair less, out.
        let village = Point::new(105.8, 21.0);
        let samples = scatter(400);
        let index = SampleIndex::new(&samples);
        for (i, s) in samples.iter().enumerate().step_by(7) {
            let d = distance_m(village, Point::new(s.lon, s.lat));
            assert!(
                index.within(&samples, village, d).contains(&i),
                "sample {i} at {d} m"
            );
            assert!(
                !index
                    .within(&samples, village, d * (1.0 - 1e-12))
                    .contains(&i)
                    || d == 0.0,
                "sample {i}"
            );
        }
    }

    #[test]
    fn an_empty_index_and_repeated_points_work() {
        let index = SampleIndex::new(&[]);
        assert!(index.is_empty());
        assert!(index.within(&[], Point::new(105.8, 21.0), 500.0).is_empty());
        let same = vec![sample_at(105.8, 21.0); 100];
        let index = SampleIndex::new(&same);
        assert_eq!(
            index.within(&same, Point::new(105.8, 21.0), 0.0),
            (0..100).collect::<Vec<_>>()
        );
    }

    #[test]
    fn box_search_finds_exactly_what_checking_every_sample_finds() {
        let samples = scatter(6_000);
        let index = SampleIndex::new(&samples);
        let mut z: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut unit = move || {
            z ^= z << 13;
            z ^= z >> 7;
            z ^= z << 17;
            (z >> 11) as f64 / (1u64 << 53) as f64
        };
        // Random boxes around the cluster and across the scatter, and boxes whose edges
        // pass exactly through samples (the edges are inclusive).
        let mut boxes: Vec<[f64; 4]> = (0..200)
            .map(|k| {
                let (cx, cy, span) = if k % 2 == 0 {
                    (105.80, 21.00, 0.03)
                } else {
                    (105.5, 16.0, 9.0)
                };
                let (x0, x1) = (cx + span * (unit() - 0.5), cx + span * (unit() - 0.5));
                let (y0, y1) = (cy + span * (unit() - 0.5), cy + span * (unit() - 0.5));
                [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]
            })
            .collect();
        for s in samples.iter().step_by(97) {
            boxes.push([s.lon, s.lat, s.lon + 0.001, s.lat + 0.001]);
            boxes.push([s.lon - 0.001, s.lat - 0.001, s.lon, s.lat]);
            boxes.push([s.lon, s.lat, s.lon, s.lat]);
        }
        boxes.push([-180.0, -90.0, 180.0, 90.0]);
        boxes.push([106.0, 21.0, 105.0, 22.0]);
        boxes.push([f64::NAN, 21.0, 106.0, 22.0]);
        for (k, &[x0, y0, x1, y1]) in boxes.iter().enumerate() {
            let brute: Vec<usize> = (0..samples.len())
                .filter(|&i| {
                    let s = &samples[i];
                    s.lon >= x0 && s.lon <= x1 && s.lat >= y0 && s.lat <= y1
                })
                .collect();
            let mut found = Vec::new();
            index.for_each_in_box(&samples, x0, y0, x1, y1, |i| found.push(i));
            found.sort_unstable();
            assert_eq!(found, brute, "box {k}: {:?}", [x0, y0, x1, y1]);
        }
    }

    #[test]
    fn buckets_in_a_box_cover_every_point_in_it_in_ascending_order() {
        let samples = scatter(3_000);
        let index = SampleIndex::new(&samples);
        let all = index.buckets_in_box(-180.0, -90.0, 180.0, 90.0);
        assert_eq!(all.len(), samples.len().div_ceil(BUCKET));
        let some = index.buckets_in_box(105.79, 20.99, 105.81, 21.01);
        assert!(some.windows(2).all(|w| w[0] < w[1]));
        let mut from_buckets: Vec<usize> = some
            .iter()
            .flat_map(|&b| index.bucket_points(b))
            .filter(|p| {
                (105.79..=105.81).contains(&f64::from(p.lon))
                    && (20.99..=21.01).contains(&f64::from(p.lat))
            })
            .map(|p| p.sample as usize)
            .collect();
        from_buckets.sort_unstable();
        let mut direct = Vec::new();
        index.for_each_in_box(&samples, 105.79, 20.99, 105.81, 21.01, |i| direct.push(i));
        direct.sort_unstable();
        // The f32 test may differ from the exact one right at an edge; none lie there.
        assert_eq!(from_buckets, direct);
        assert!(
            SampleIndex::new(&[])
                .buckets_in_box(0.0, 0.0, 1.0, 1.0)
                .is_empty()
        );
    }

    #[test]
    fn point_infos_say_what_each_sample_measured() {
        use crate::model::Generation;
        let mut samples = vec![
            sample_at(105.80, 21.00),
            sample_at(105.81, 21.00),
            sample_at(105.82, 21.00),
            sample_at(105.83, 21.00),
        ];
        samples[0].technology = Technology::Gen(Generation::G4);
        samples[0].signal_dbm = -80.4;
        samples[1].technology = Technology::Gen(Generation::G2);
        samples[1].signal_dbm = -80.0;
        samples[1].operator = Operator::new(452, 1);
        samples[2].signal_dbm = f64::NAN;
        samples[3].technology = Technology::Gen(Generation::G5);
        samples[3].signal_dbm = -150.0;
        let index = SampleIndex::new(&samples);
        let drawing = index.drawing(&samples);
        assert_eq!(
            drawing.operators,
            [Operator::new(452, 1), Operator::new(452, 4)]
        );
        let mut seen: Vec<(u32, PointInfo)> = (0..samples.len().div_ceil(BUCKET) as u32)
            .flat_map(|b| {
                let run = index.bucket_run(b, b + 1);
                index.points()[run.clone()]
                    .iter()
                    .zip(&drawing.infos[run])
                    .map(|(p, i)| (p.sample, *i))
            })
            .collect();
        seen.sort_by_key(|(s, _)| *s);
        let info = |operator, technology, dbm_floor| PointInfo {
            operator,
            technology,
            dbm_floor,
        };
        assert_eq!(
            seen,
            vec![
                (0, info(1, 3, -81)),
                (1, info(0, 1, -80)),
                (2, info(1, 0, i8::MIN)),
                (3, info(1, 4, i8::MIN)),
            ]
        );
    }

    #[test]
    fn the_short_polynomials_match_sin_and_cos() {
        for k in -1000..=1000 {
            let x = WithinRadius::MAX_HALF_ANGLE * f64::from(k) / 1000.0;
            assert!(
                (sin_small(x) - x.sin()).abs() <= 1e-15 * x.abs().max(1e-300),
                "{x}"
            );
            assert!((cos_small(x) - x.cos()).abs() <= 2e-16, "{x}");
        }
    }

    #[test]
    fn the_shortcut_agrees_with_the_haversine_at_every_latitude() {
        // Around the radius, on all bearings, from the equator to near the poles.
        for lat in [-88.0, -60.0, -23.4, 0.0, 8.5, 21.0, 45.0, 75.0, 84.5, 89.9] {
            let centre = Point::new(105.0, lat);
            for radius_m in [0.0, 300.0, 500.0, 1_000.0, 20_000.0] {
                let within = WithinRadius::new(centre, radius_m);
                for bearing in 0..72 {
                    let b = f64::from(bearing) * 5f64.to_radians();
                    for scale in [0.0, 0.5, 0.999_999, 1.0, 1.000_001, 1.5] {
                        let d = radius_m * scale + 1e-3;
                        let p = Point::new(
                            centre.x()
                                + (d * b.sin() / EARTH.radius()).to_degrees()
                                    / lat.to_radians().cos(),
                            centre.y() + (d * b.cos() / EARTH.radius()).to_degrees(),
                        );
                        let exact = distance_m(centre, p) <= radius_m;
                        assert_eq!(
                            within.test(p.x(), p.y()),
                            exact,
                            "lat {lat} r {radius_m} {p:?}"
                        );
                        if let Some(sure) = within.decided_by_index(p.x() as f32, p.y() as f32) {
                            assert_eq!(sure, exact, "lat {lat} r {radius_m} {p:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn hilbert_positions_are_a_permutation_of_the_grid() {
        // On the top-level quadrants: (0,0) first, (0,1)-(1,1) next, (1,0) last.
        let half = HILBERT_SIDE / 2;
        let quarter = (HILBERT_SIDE as u64 * HILBERT_SIDE as u64 / 4) as u32;
        assert_eq!(hilbert_position(0, 0), 0);
        assert!(hilbert_position(0, half) / quarter == 1);
        assert!(hilbert_position(half, half) / quarter == 2);
        assert!(hilbert_position(HILBERT_SIDE - 1, 0) / quarter == 3);
        assert_eq!(hilbert_position(HILBERT_SIDE - 1, 0), u32::MAX);
    }

    fn commune(code: &str, boundary: MultiPolygon<f64>) -> Commune {
        Commune {
            code: code.into(),
            name: code.into(),
            district: String::new(),
            province: String::new(),
            boundary,
        }
    }

    #[test]
    fn shared_boundary_goes_to_the_first_commune_and_holes_are_outside() {
        let west = commune(
            "W",
            geo::Rect::new((0.0, 0.0), (1.0, 1.0)).to_polygon().into(),
        );
        let with_hole = geo::Polygon::new(
            geo::LineString::from(vec![
                (1.0, 0.0),
                (2.0, 0.0),
                (2.0, 1.0),
                (1.0, 1.0),
                (1.0, 0.0),
            ]),
            vec![geo::LineString::from(vec![
                (1.4, 0.4),
                (1.6, 0.4),
                (1.6, 0.6),
                (1.4, 0.6),
                (1.4, 0.4),
            ])],
        );
        let east = commune("E", with_hole.into());
        let communes = vec![west, east];
        let index = CommuneIndex::new(&communes);
        assert_eq!(index.locate(&communes, Point::new(0.5, 0.5)), Some(0));
        assert_eq!(
            index.locate(&communes, Point::new(1.0, 0.5)),
            Some(0),
            "shared edge: first in file order"
        );
        assert_eq!(
            index.locate(&communes, Point::new(2.0, 0.5)),
            Some(1),
            "outer edge counts as inside"
        );
        assert_eq!(
            index.locate(&communes, Point::new(1.5, 0.5)),
            None,
            "inside the hole"
        );
        assert_eq!(
            index.locate(&communes, Point::new(1.4, 0.5)),
            Some(1),
            "on the hole's edge"
        );
        assert_eq!(index.locate(&communes, Point::new(3.0, 0.5)), None);
    }
}
