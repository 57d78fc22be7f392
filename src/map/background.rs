//! Background layers as the map draws them: each feature's style from its layer's theme and
//! its own class (OSM's `fclass`), and the features in world metres ready to draw, built once
//! per dataset. Muted colours and thin lines: the background orients, the coverage layers
//! above it are the subject.

use super::labels::{Candidate, Rank};
use super::shapes::CommuneShapes;
use super::style::Rgba;
use super::view::{Projection, WorldBox};
use crate::io::background::{BackgroundLayer, FeatureShape, Theme};

/// How a line is drawn: colour and width in pixels at full opacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineStyle {
    pub colour: Rgba,
    pub width_px: f32,
}

/// How a point is drawn: a dot of this colour and radius, at scales up to a limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointStyle {
    pub colour: Rgba,
    pub radius_px: f32,
    /// The point is drawn only at this scale or closer.
    pub max_metres_per_px: f64,
}

/// How an area is drawn: its fill and its outline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaStyle {
    pub fill: Rgba,
    pub outline: Rgba,
}

const ROAD_MAJOR: Rgba = [0xE0, 0x8A, 0x3C, 255];
const ROAD_MINOR: Rgba = [0xC8, 0xA8, 0x6E, 255];
const ROAD_LOCAL: Rgba = [0x9A, 0x9A, 0x9A, 255];
const RAILWAY: Rgba = [0x55, 0x55, 0x55, 255];
const WATER_LINE: Rgba = [0x4A, 0x8F, 0xD0, 255];
const WATER_FILL: Rgba = [0xA8, 0xCD, 0xEE, 255];
const OTHER_LINE: Rgba = [0x70, 0x70, 0x80, 255];
const OTHER_FILL: Rgba = [0xC8, 0xC8, 0xD0, 255];
const PLACE_TOWN: Rgba = [0x44, 0x44, 0x44, 255];
const PLACE_VILLAGE: Rgba = [0x6A, 0x6A, 0x6A, 255];

/// A line's style: roads by their class (trunk and primary roads wide and orange, local
/// tracks thin and grey), railways dark, rivers blue and streams thinner.
pub fn line_style(theme: Theme, class: &str) -> LineStyle {
    let (colour, width_px) = match theme {
        Theme::Roads => match class.trim_end_matches("_link") {
            "motorway" | "trunk" | "primary" => (ROAD_MAJOR, 2.2),
            "secondary" | "tertiary" => (ROAD_MINOR, 1.5),
            _ => (ROAD_LOCAL, 0.8),
        },
        Theme::Railways => (RAILWAY, 1.2),
        Theme::Waterways | Theme::Water => match class {
            "river" | "canal" => (WATER_LINE, 1.6),
            _ => (WATER_LINE, 0.8),
        },
        Theme::Places | Theme::Other => (OTHER_LINE, 1.0),
    };
    LineStyle { colour, width_px }
}

/// A point's style: cities and towns larger and darker than villages and hamlets.
pub fn point_style(class: &str) -> PointStyle {
    match is_town(class) {
        true => PointStyle {
            colour: PLACE_TOWN,
            radius_px: 2.6,
            max_metres_per_px: f64::INFINITY,
        },
        false => PointStyle {
            colour: PLACE_VILLAGE,
            radius_px: 1.8,
            max_metres_per_px: SMALL_PLACES_MAX_M_PER_PX,
        },
    }
}

fn is_town(class: &str) -> bool {
    matches!(class, "national_capital" | "city" | "town")
}

/// Above this many metres a pixel (a region rather than a province) villages and hamlets of
/// a background layer are left out: thousands of dots would hide the coverage layers.
pub const SMALL_PLACES_MAX_M_PER_PX: f64 = 300.0;

/// An area's style: water blue, anything else a light grey.
pub fn area_style(theme: Theme, class: &str) -> AreaStyle {
    let water = theme == Theme::Water
        || matches!(
            class,
            "water" | "reservoir" | "river" | "riverbank" | "wetland"
        );
    match water {
        true => AreaStyle {
            fill: WATER_FILL,
            outline: WATER_LINE,
        },
        false => AreaStyle {
            fill: OTHER_FILL,
            outline: OTHER_LINE,
        },
    }
}

/// How wide on the map a named place's area is taken to be, in metres: its name shows once
/// that width on screen holds the name (a town's from afar, a hamlet's close up).
fn place_reach_m(class: &str) -> f64 {
    match class {
        "national_capital" | "city" => 30_000.0,
        "town" => 12_000.0,
        "suburb" | "village" => 2_500.0,
        _ => 1_200.0,
    }
}

/// Whether a name can be written in the map's font (Latin with Vietnamese letters): the
/// Chinese names of places over the border would come out as boxes.
fn drawable(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| (c as u32) < 0x2E80)
}

/// One background layer in world metres.
#[derive(Clone, Debug, Default)]
pub struct BackgroundShapes {
    /// Lines with their style: points in world metres, and their extent.
    pub lines: Vec<(LineStyle, Vec<[f64; 2]>, WorldBox)>,
    /// Points with their style, in world metres.
    pub points: Vec<(PointStyle, [f64; 2])>,
    /// Areas ready to fill, and the style of each, in the same order.
    pub areas: CommuneShapes,
    pub area_styles: Vec<AreaStyle>,
    /// The names of named places, for the map's labels.
    pub names: Vec<Candidate>,
}

impl BackgroundShapes {
    pub fn new(layer: &BackgroundLayer, projection: &Projection) -> BackgroundShapes {
        let mut shapes = BackgroundShapes::default();
        let mut areas = Vec::new();
        for f in &layer.features {
            match &f.shape {
                FeatureShape::Point(p) => {
                    let at = projection.world(p[0], p[1]);
                    shapes.points.push((point_style(&f.class), at));
                    if drawable(&f.name) && layer.theme == Theme::Places {
                        let half = place_reach_m(&f.class) / 2.0;
                        shapes.names.push(Candidate {
                            text: f.name.clone(),
                            rank: Rank::Place,
                            anchor: at,
                            others: Vec::new(),
                            extent: WorldBox {
                                min: [at[0] - half, at[1] - half],
                                max: [at[0] + half, at[1] + half],
                            },
                        });
                    }
                }
                FeatureShape::Lines(parts) => {
                    let style = line_style(layer.theme, &f.class);
                    for part in parts {
                        let world: Vec<[f64; 2]> =
                            part.iter().map(|p| projection.world(p[0], p[1])).collect();
                        if let Some(extent) = WorldBox::around(world.iter().copied()) {
                            shapes.lines.push((style, world, extent));
                        }
                    }
                }
                FeatureShape::Area(a) => {
                    areas.push(a);
                    shapes.area_styles.push(area_style(layer.theme, &f.class));
                }
            }
        }
        shapes.areas = CommuneShapes::of_areas(&areas, projection);
        shapes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_roads_are_wider_than_tracks_and_rivers_are_blue() {
        let primary = line_style(Theme::Roads, "primary");
        let link = line_style(Theme::Roads, "primary_link");
        let track = line_style(Theme::Roads, "track");
        assert!(primary.width_px > track.width_px);
        assert_eq!(primary, link);
        assert_eq!(line_style(Theme::Waterways, "stream").colour, WATER_LINE);
        assert!(point_style("town").radius_px > point_style("hamlet").radius_px);
        assert_eq!(area_style(Theme::Other, "reservoir").fill, WATER_FILL);
    }
}
