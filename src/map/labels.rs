//! Place names on the map: province, district and commune names, each placed where it fits
//! its own area at the current scale, larger units first, none overlapping another. The
//! window (in points) and the printed map (in millimetres) place them with the same code;
//! each gives the sizes of the names in its own units.

use geo::InteriorPoint;

use super::view::{MapView, Projection, WorldBox};
use crate::model::Commune;

/// What a name names: the order in which names are placed, and how large they are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    Province,
    District,
    Commune,
    /// A town's, village's or hamlet's name from a background layer, beside its dot.
    Place,
}

/// One name that may be drawn, in world metres: where it goes and the area it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub text: String,
    pub rank: Rank,
    /// A point inside the area, where the name is centred.
    pub anchor: [f64; 2],
    /// Other points inside the area, in order of preference, for when the name does not fit
    /// at `anchor` (another name or a flagged village is there).
    pub others: Vec<[f64; 2]>,
    /// The area's bounding box.
    pub extent: WorldBox,
}

/// A name placed on the screen or sheet: its centre and the box it takes, in the units of
/// the sizes it was placed with.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub text: String,
    pub rank: Rank,
    pub centre: [f64; 2],
    pub size: [f64; 2],
}

/// A box on the screen or sheet that names must keep clear of (the legend, the buttons).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Keep {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl Keep {
    pub fn overlaps(&self, other: &Keep) -> bool {
        self.min[0] < other.max[0]
            && other.min[0] < self.max[0]
            && self.min[1] < other.max[1]
            && other.min[1] < self.max[1]
    }
}

/// Every name the communes give, in world metres: one per province and per district (where
/// the data names them), one per commune. A province's or district's name goes inside the
/// commune nearest the middle of its communes, so it never falls in another unit or the sea.
pub fn candidates(communes: &[Commune], projection: &Projection) -> Vec<Candidate> {
    let mut out = Vec::new();
    // Per province and per district: its communes' extents and points.
    type Parts = Vec<(WorldBox, [f64; 2])>;
    let mut units: std::collections::BTreeMap<(Rank, &str, &str), Parts> = Default::default();
    for c in communes {
        let Some(point) = c.boundary.interior_point() else {
            continue;
        };
        let anchor = projection.world(point.x(), point.y());
        let corners = (c.boundary.0.iter())
            .flat_map(|p| p.exterior().coords())
            .map(|xy| projection.world(xy.x, xy.y));
        let Some(extent) = WorldBox::around(corners) else {
            continue;
        };
        if !c.name.is_empty() {
            out.push(Candidate {
                text: c.name.clone(),
                rank: Rank::Commune,
                anchor,
                others: Vec::new(),
                extent,
            });
        }
        if !c.province.is_empty() {
            let key = (Rank::Province, c.province.as_str(), "");
            units.entry(key).or_default().push((extent, anchor));
        }
        if !c.district.is_empty() {
            let key = (Rank::District, c.province.as_str(), c.district.as_str());
            units.entry(key).or_default().push((extent, anchor));
        }
    }
    for ((rank, province, district), parts) in units {
        let extent = (parts.iter().map(|(b, _)| *b))
            .reduce(WorldBox::union)
            .expect("a unit has a commune");
        let n = parts.len() as f64;
        let mid = parts
            .iter()
            .fold([0.0, 0.0], |m, (_, a)| [m[0] + a[0] / n, m[1] + a[1] / n]);
        let distance = |a: &[f64; 2]| (a[0] - mid[0]).hypot(a[1] - mid[1]);
        let mut points: Vec<[f64; 2]> = parts.iter().map(|(_, a)| *a).collect();
        points.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
        let anchor = points[0];
        let others = points[1..].iter().take(UNIT_ANCHORS - 1).copied().collect();
        let text = match rank {
            Rank::District => district,
            _ => province,
        };
        out.push(Candidate {
            text: text.to_string(),
            rank,
            anchor,
            others,
            extent,
        });
    }
    out
}

/// How many places a province's or district's name may try: its communes nearest its middle.
const UNIT_ANCHORS: usize = 6;

/// Space left between two names, in the units of the sizes, as a share of the text height.
const PADDING: f64 = 0.3;

/// The names that fit `view` on a map of `size`, placed: larger units first, then larger
/// areas; a name only where its area on the map is wider than the name (a province's name is
/// left out once its area is much larger than the map, when the map shows part of it);
/// never overlapping a name already placed, a box in `keep`, or the map's edge.
/// Each candidate comes with the width and height of its name as drawn.
///
/// ```
/// use phusong::map::labels::{Candidate, Rank, place};
/// use phusong::map::{MapView, WorldBox};
/// let name = |text: &str, x: f64| Candidate {
///     text: text.into(),
///     rank: Rank::Commune,
///     anchor: [x, 0.0],
///     others: Vec::new(),
///     extent: WorldBox { min: [x - 5_000.0, -5_000.0], max: [x + 5_000.0, 5_000.0] },
/// };
/// // Two communes 10 km wide, side by side, seen at 100 m a pixel: 100 px each.
/// let view = MapView { centre: [5_000.0, 0.0], metres_per_px: 100.0 };
/// let names = [name("Xã Nông Hạ", 0.0), name("Xã Quang Thuận", 10_000.0)];
/// // 6 px a letter, 14 px high.
/// let sizes = [[60.0, 14.0], [84.0, 14.0]];
/// let placed = place(names.iter().zip(sizes), &view, [400.0, 300.0], &[]);
/// assert_eq!(placed.len(), 2);
/// // At 1 km a pixel they are 10 px wide: no name fits.
/// let far = MapView { metres_per_px: 1_000.0, ..view };
/// assert!(place(names.iter().zip(sizes), &far, [400.0, 300.0], &[]).is_empty());
/// ```
pub fn place<'a>(
    candidates: impl IntoIterator<Item = (&'a Candidate, [f64; 2])>,
    view: &MapView,
    size: [f64; 2],
    keep: &[Keep],
) -> Vec<Placed> {
    let seen = view.visible_world(size);
    let mut order: Vec<(&Candidate, f64, f64, [f64; 2])> = (candidates.into_iter())
        .filter(|(c, _)| c.extent.intersects(&seen))
        .map(|(c, text)| {
            let w = (c.extent.max[0] - c.extent.min[0]) / view.metres_per_px;
            let h = (c.extent.max[1] - c.extent.min[1]) / view.metres_per_px;
            (c, w, h, text)
        })
        .collect();
    order.sort_by(|a, b| {
        (a.0.rank.cmp(&b.0.rank)).then_with(|| (b.1 * b.2).total_cmp(&(a.1 * a.2)))
    });
    let mut taken: Vec<Keep> = keep.to_vec();
    let mut placed = Vec::new();
    for (c, w, h, [tw, th]) in order {
        let fits = match c.rank {
            // A province named while it is an area on the map, not the whole of it.
            Rank::Province => w >= tw && w <= size[0] * 2.0,
            Rank::District => w >= tw * 1.2 && h >= th * 2.0 && w <= size[0] * 2.0,
            Rank::Commune | Rank::Place => w >= tw * 1.1 && h >= th * 1.5,
        };
        if !fits {
            continue;
        }
        let pad = th * PADDING;
        let (half_w, half_h) = (tw / 2.0 + pad, th / 2.0 + pad);
        let at = |anchor: [f64; 2]| {
            let mut centre = view.screen(size, anchor);
            if c.rank == Rank::Place {
                // Right of the place's dot, not over it.
                centre[0] += tw / 2.0 + th * 0.5;
            } else {
                // A unit's name slides in from the map's edge, as far as the unit reaches.
                let lo = view.screen(size, [c.extent.min[0], c.extent.max[1]]);
                let hi = view.screen(size, [c.extent.max[0], c.extent.min[1]]);
                for axis in 0..2 {
                    let half = [half_w, half_h][axis];
                    let (a, b) = (lo[axis].max(half), hi[axis].min(size[axis] - half));
                    if a <= b {
                        centre[axis] = centre[axis].clamp(a, b);
                    }
                }
            }
            let area = Keep {
                min: [centre[0] - half_w, centre[1] - half_h],
                max: [centre[0] + half_w, centre[1] + half_h],
            };
            let inside = area.min[0] >= 0.0
                && area.min[1] >= 0.0
                && area.max[0] <= size[0]
                && area.max[1] <= size[1];
            (inside && !taken.iter().any(|k| k.overlaps(&area))).then_some((centre, area))
        };
        let Some((centre, area)) = std::iter::once(c.anchor)
            .chain(c.others.iter().copied())
            .find_map(at)
        else {
            continue;
        };
        taken.push(area);
        placed.push(Placed {
            text: c.text.clone(),
            rank: c.rank,
            centre,
            size: [tw, th],
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Commune;
    use geo::{MultiPolygon, polygon};

    fn square(name: &str, district: &str, province: &str, x: f64) -> Commune {
        Commune {
            code: String::new(),
            name: name.into(),
            district: district.into(),
            province: province.into(),
            boundary: MultiPolygon(vec![polygon![
                (x: x, y: 22.0), (x: x + 0.1, y: 22.0), (x: x + 0.1, y: 22.1), (x: x, y: 22.1),
            ]]),
        }
    }

    fn sizes(all: &[Candidate]) -> Vec<[f64; 2]> {
        let height = |rank| match rank {
            Rank::Province => 16.0,
            Rank::District => 13.0,
            Rank::Commune | Rank::Place => 11.0,
        };
        let size = |c: &Candidate| {
            let h = height(c.rank);
            [c.text.chars().count() as f64 * h * 0.6, h]
        };
        all.iter().map(size).collect()
    }

    #[test]
    fn each_province_and_district_is_named_once_inside_one_of_its_communes() {
        let communes = [
            square("Xã A", "Huyện Ba Bể", "Bắc Kạn", 105.6),
            square("Xã B", "Huyện Ba Bể", "Bắc Kạn", 105.7),
            square("Xã C", "Huyện Pác Nặm", "Bắc Kạn", 105.8),
        ];
        let p = Projection::new(22.05);
        let all = candidates(&communes, &p);
        let named = |rank| all.iter().filter(|c| c.rank == rank).count();
        assert_eq!(named(Rank::Commune), 3);
        assert_eq!(named(Rank::District), 2);
        assert_eq!(named(Rank::Province), 1);
        let province = all.iter().find(|c| c.rank == Rank::Province).unwrap();
        // The middle commune's own point: inside the province, not between communes.
        let middle = all.iter().find(|c| c.text == "Xã B").unwrap();
        assert_eq!(province.anchor, middle.anchor);
        assert!(province.extent.min[0] < middle.extent.min[0]);
    }

    #[test]
    fn names_do_not_overlap_and_larger_units_go_first() {
        // Ten communes side by side in one province, the province's name over the middle ones.
        let communes: Vec<Commune> = (0..10)
            .map(|i| {
                square(
                    &format!("Xã {i}"),
                    "",
                    "Bắc Kạn",
                    105.0 + 0.1 * f64::from(i),
                )
            })
            .collect();
        let p = Projection::new(22.05);
        let all = candidates(&communes, &p);
        let extent = (all.iter().map(|c| c.extent))
            .reduce(WorldBox::union)
            .unwrap();
        let size = [1000.0, 300.0];
        let view = MapView {
            centre: extent.centre(),
            metres_per_px: (extent.max[0] - extent.min[0]) / 900.0,
        };
        let placed = place(all.iter().zip(sizes(&all)), &view, size, &[]);
        assert_eq!(placed[0].rank, Rank::Province);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                let apart = (a.centre[0] - b.centre[0]).abs() * 2.0 >= a.size[0] + b.size[0]
                    || (a.centre[1] - b.centre[1]).abs() * 2.0 >= a.size[1] + b.size[1];
                assert!(apart, "{} overlaps {}", a.text, b.text);
            }
        }
        // The communes under the province's name lose theirs, the others keep them.
        let communes_named = placed.iter().filter(|l| l.rank == Rank::Commune).count();
        assert!((6..10).contains(&communes_named), "{placed:?}");
    }

    #[test]
    fn a_box_to_keep_clear_takes_the_names_under_it() {
        let communes = [square("Xã Nông Hạ", "", "", 105.6)];
        let p = Projection::new(22.05);
        let all = candidates(&communes, &p);
        let view = MapView {
            centre: all[0].anchor,
            metres_per_px: 20.0,
        };
        let size = [800.0, 600.0];
        assert_eq!(
            place(all.iter().zip(sizes(&all)), &view, size, &[]).len(),
            1
        );
        let legend = Keep {
            min: [300.0, 250.0],
            max: [500.0, 350.0],
        };
        assert!(place(all.iter().zip(sizes(&all)), &view, size, &[legend]).is_empty());
    }
}
