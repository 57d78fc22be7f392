//! Every colour and class of the map, and the legends that explain them.
//!
//! The window and the printed map both take their colours, marker shapes, class bounds and
//! legends from here, so the two cannot drift apart. Nothing here is in words: legend labels
//! are numbers ("≥ −80 dBm", "50–80 %") or a [`LegendLabel`] the interface names in the
//! user's language.
//!
//! The palettes avoid relying on red against green alone. Village classes differ in
//! lightness and in shape (flagged villages are bigger and outlined; villages not surveyed
//! are rings); the signal scale runs from blue to red through yellow, an axis colour-blind
//! readers keep; the commune shares are one hue from light to dark.

use serde::{Deserialize, Serialize};

use crate::model::{Generation, Technology};
use crate::rollup::Figures;
use crate::rule::{ReportClass, VillageOutcome};

/// A colour: unmultiplied sRGB and alpha, 0–255 each.
pub type Rgba = [u8; 4];

const fn rgb(hex: u32) -> Rgba {
    [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8, 255]
}

// ---------------------------------------------------------------------------------------------
// Villages
// ---------------------------------------------------------------------------------------------

/// What a village marker shows: the rule's outcome against the required generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VillageClass {
    /// Covered at the required generation or better.
    Covered,
    /// Flagged: covered, but only at a generation below the required one.
    LowerOnly,
    /// Flagged: surveyed, no operator covers it, but some usable signal was seen (*lõm sóng*).
    WeakSignal,
    /// Flagged: surveyed, and no usable signal at all (*trắng sóng*).
    NoSignal,
    /// No sample within the radius: the rule cannot say.
    NotSurveyed,
}

impl VillageClass {
    /// In legend order.
    pub const ALL: [VillageClass; 5] = [
        VillageClass::Covered,
        VillageClass::LowerOnly,
        VillageClass::WeakSignal,
        VillageClass::NoSignal,
        VillageClass::NotSurveyed,
    ];

    /// The class of a village's outcome when `required` is the generation asked for: its
    /// report class, so it agrees with the outcome's `flagged` when the rule ran with the
    /// same required generation.
    pub fn of(outcome: &VillageOutcome, required: Generation) -> VillageClass {
        VillageClass::from(ReportClass::of(
            outcome.status,
            outcome.signal_seen,
            required,
        ))
    }

    /// Flagged villages: surveyed and below the required generation.
    pub fn is_flagged(self) -> bool {
        matches!(
            self,
            VillageClass::LowerOnly | VillageClass::WeakSignal | VillageClass::NoSignal
        )
    }

    pub fn colour(self) -> Rgba {
        match self {
            // Okabe–Ito bluish green and orange; a dark crimson, darker than the orange so
            // the two flagged classes differ in lightness too; a neutral grey.
            VillageClass::Covered => rgb(0x009E73),
            VillageClass::LowerOnly => rgb(0xE69F00),
            // Okabe–Ito vermilion, between the orange and the crimson in lightness: some
            // signal, not enough.
            VillageClass::WeakSignal => rgb(0xD55E00),
            VillageClass::NoSignal => rgb(0xC0172C),
            VillageClass::NotSurveyed => rgb(0x8C8C8C),
        }
    }

    /// How the map draws a village of this class (the legend draws the same).
    pub fn marker(self) -> Marker {
        match self {
            VillageClass::Covered => Marker {
                shape: MarkerShape::Filled,
                colour: self.colour(),
                radius_px: 4.0,
                outline: Some(MARKER_OUTLINE_LIGHT),
                outline_px: 1.0,
            },
            VillageClass::LowerOnly | VillageClass::WeakSignal | VillageClass::NoSignal => Marker {
                shape: MarkerShape::Filled,
                colour: self.colour(),
                radius_px: 6.5,
                outline: Some(MARKER_OUTLINE_DARK),
                outline_px: 1.5,
            },
            VillageClass::NotSurveyed => Marker {
                shape: MarkerShape::Ring,
                colour: self.colour(),
                radius_px: 4.5,
                outline: None,
                outline_px: 2.0,
            },
        }
    }

    /// Flagged villages are drawn last, on top of the others.
    pub fn draw_order(self) -> u8 {
        match self {
            VillageClass::NotSurveyed => 0,
            VillageClass::Covered => 1,
            VillageClass::LowerOnly => 2,
            VillageClass::WeakSignal => 3,
            VillageClass::NoSignal => 4,
        }
    }
}

/// The ring around a village whose newest sample is older than the set age: it needs a new
/// survey. Okabe–Ito reddish purple, a hue no class uses, wide enough to show round the
/// largest marker.
pub const NEEDS_NEW_SURVEY: Marker = Marker {
    shape: MarkerShape::Ring,
    colour: rgb(0xCC79A7),
    radius_px: 9.0,
    outline: None,
    outline_px: 1.8,
};

impl From<ReportClass> for VillageClass {
    fn from(class: ReportClass) -> VillageClass {
        match class {
            ReportClass::NotSurveyed => VillageClass::NotSurveyed,
            ReportClass::NoSignal => VillageClass::NoSignal,
            ReportClass::WeakSignal => VillageClass::WeakSignal,
            ReportClass::BelowRequired => VillageClass::LowerOnly,
            ReportClass::Covered => VillageClass::Covered,
        }
    }
}

/// A dark edge around flagged markers, so they stand out on any fill.
pub const MARKER_OUTLINE_DARK: Rgba = [0x1A, 0x1A, 0x1A, 255];
/// A thin light edge around the other filled markers, so they read on dark fills.
pub const MARKER_OUTLINE_LIGHT: Rgba = [0xFF, 0xFF, 0xFF, 220];

/// The form of a point marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MarkerShape {
    /// A disc in `colour`, with `outline` around it when there is one.
    Filled,
    /// A circle drawn in `colour`, `outline_px` wide, empty inside.
    Ring,
}

/// A point marker: a disc or a ring, sizes in screen pixels (points on paper).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub shape: MarkerShape,
    pub colour: Rgba,
    /// To the outside of the disc or ring.
    pub radius_px: f32,
    /// The edge of a filled disc.
    pub outline: Option<Rgba>,
    /// The width of the outline, or of the ring itself.
    pub outline_px: f32,
}

// ---------------------------------------------------------------------------------------------
// Signal bands
// ---------------------------------------------------------------------------------------------

/// Where a sample's signal falls on the usual drive-test scale of its technology.
///
/// Ordered best first: `Excellent < Good < … < NoService`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SignalBand {
    Excellent,
    Good,
    Fair,
    Poor,
    Bad,
    /// The phone had no service at all.
    NoService,
}

impl SignalBand {
    /// Best first, as legends list them.
    pub const ALL: [SignalBand; 6] = [
        SignalBand::Excellent,
        SignalBand::Good,
        SignalBand::Fair,
        SignalBand::Poor,
        SignalBand::Bad,
        SignalBand::NoService,
    ];

    /// 0 for `Excellent` … 5 for `NoService`.
    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn colour(self) -> Rgba {
        match self {
            SignalBand::Excellent => rgb(0x2166AC),
            SignalBand::Good => rgb(0x1A9E77),
            SignalBand::Fair => rgb(0xF2D64B),
            SignalBand::Poor => rgb(0xF08A3C),
            SignalBand::Bad => rgb(0xD7301F),
            SignalBand::NoService => rgb(0x3F3F3F),
        }
    }
}

/// The lower bounds (dBm, inclusive) of `Excellent`, `Good`, `Fair` and `Poor` for a
/// generation; below the last is `Bad`.
///
/// The scale drive-test tools colour by: 4G and 5G RSRP (SS-RSRP) in steps of 10 dB from
/// −80 dBm, 3G RSCP from −70 dBm (−85, −95, −105), 2G RxLev in steps of 10 dB from −70 dBm.
pub const fn band_bounds_dbm(generation: Generation) -> [f64; 4] {
    match generation {
        Generation::G2 => [-70.0, -80.0, -90.0, -100.0],
        Generation::G3 => [-70.0, -85.0, -95.0, -105.0],
        Generation::G4 | Generation::G5 => [-80.0, -90.0, -100.0, -110.0],
    }
}

/// The band of a sample: its technology's scale applied to its signal. A band includes its
/// lower bound (−80 dBm RSRP is `Excellent`). A generation without a number (the readers
/// never make one) counts as `Bad`.
#[inline]
pub fn band(technology: Technology, dbm: f64) -> SignalBand {
    let generation = match technology {
        Technology::NoService => return SignalBand::NoService,
        Technology::Gen(g) => g,
    };
    let [excellent, good, fair, poor] = band_bounds_dbm(generation);
    if dbm >= excellent {
        SignalBand::Excellent
    } else if dbm >= good {
        SignalBand::Good
    } else if dbm >= fair {
        SignalBand::Fair
    } else if dbm >= poor {
        SignalBand::Poor
    } else {
        SignalBand::Bad
    }
}

/// The numbers of a band in a legend: "≥ −80 dBm", "−90 … −80 dBm", "< −110 dBm"; `None`
/// for `NoService`, which has none. Each band holds its lower bound.
pub fn band_range_text(generation: Generation, band: SignalBand) -> Option<String> {
    let b = band_bounds_dbm(generation);
    Some(match band {
        SignalBand::Excellent => format!("≥ {} dBm", dbm_text(b[0])),
        SignalBand::Good => format!("{} … {} dBm", dbm_text(b[1]), dbm_text(b[0])),
        SignalBand::Fair => format!("{} … {} dBm", dbm_text(b[2]), dbm_text(b[1])),
        SignalBand::Poor => format!("{} … {} dBm", dbm_text(b[3]), dbm_text(b[2])),
        SignalBand::Bad => format!("< {} dBm", dbm_text(b[3])),
        SignalBand::NoService => return None,
    })
}

/// A dBm figure with a true minus sign: "−80", "−72.5".
pub fn dbm_text(dbm: f64) -> String {
    let text = if dbm.fract() == 0.0 {
        format!("{}", dbm.abs() as i64)
    } else {
        format!("{}", dbm.abs())
    };
    if dbm < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Commune choropleth
// ---------------------------------------------------------------------------------------------

/// How many classes the commune shares fall in.
pub const SHARE_CLASSES: usize = 5;

/// The lower bounds (per cent, inclusive) of the share classes; the last class is exactly
/// 100 %.
pub const SHARE_BOUNDS_PCT: [u32; SHARE_CLASSES] = [0, 50, 80, 95, 100];

/// The class (0 = under 50 % … 4 = all villages) of a commune where `covered` of its
/// `villages` are covered at the required generation; `None` for a commune without
/// villages, which is left unfilled. Exact in integers: 19 of 20 is 95 %, in class 3.
pub fn share_class(covered: u32, villages: u32) -> Option<usize> {
    if villages == 0 {
        return None;
    }
    let (covered, villages) = (u64::from(covered.min(villages)), u64::from(villages));
    let class = SHARE_BOUNDS_PCT
        .iter()
        .rposition(|&pct| covered * 100 >= u64::from(pct) * villages)
        .unwrap_or(0);
    Some(class)
}

/// The fill of a share class: one hue, darkest where fewest villages are covered.
pub fn share_colour(class: usize) -> Rgba {
    const FILLS: [Rgba; SHARE_CLASSES] = [
        rgb(0x54278F),
        rgb(0x756BB1),
        rgb(0x9E9AC8),
        rgb(0xCBC9E2),
        rgb(0xF2F0F7),
    ];
    FILLS[class.min(SHARE_CLASSES - 1)]
}

/// The numbers of a share class in a legend: "< 50 %", "50–80 %", "80–95 %", "95–<100 %",
/// "100 %". Each class holds its lower bound.
pub fn share_range_text(class: usize) -> String {
    let b = SHARE_BOUNDS_PCT;
    match class {
        0 => format!("< {} %", b[1]),
        1..=2 => format!("{}–{} %", b[class], b[class + 1]),
        3 => format!("{}–<{} %", b[3], b[4]),
        _ => format!("{} %", b[4]),
    }
}

/// The fill of a commune from its figures: the share of its villages covered at `required`
/// or better; `None` (no fill) when it has no villages.
pub fn commune_fill(figures: &Figures, required: Generation) -> Option<Rgba> {
    share_class(figures.covered_at(required), figures.villages).map(share_colour)
}

/// Commune boundaries.
pub const COMMUNE_OUTLINE: Rgba = [0x4D, 0x4D, 0x4D, 255];
/// Width of commune boundaries in pixels.
pub const COMMUNE_OUTLINE_PX: f32 = 0.8;
/// The selected commune's or village's outline.
pub const SELECTION: Rgba = rgb(0x00B4D8);
/// Width of the selection outline in pixels.
pub const SELECTION_PX: f32 = 2.5;
/// Samples that decided the selected village, drawn over the raster.
pub const HIGHLIGHT: Rgba = rgb(0xFF00C8);

/// A place name's text height in pixels (the printed map scales it as it scales markers),
/// and its colour: province names largest and darkest.
pub const fn label_px(rank: super::labels::Rank) -> f32 {
    match rank {
        super::labels::Rank::Province => 16.0,
        super::labels::Rank::District => 13.0,
        super::labels::Rank::Commune => 11.5,
        super::labels::Rank::Place => 11.0,
    }
}

pub const fn label_colour(rank: super::labels::Rank) -> Rgba {
    match rank {
        super::labels::Rank::Province => rgb(0x141414),
        super::labels::Rank::District => rgb(0x2B2B2B),
        super::labels::Rank::Commune => rgb(0x404040),
        super::labels::Rank::Place => rgb(0x262626),
    }
}

/// The halo around place names, so they read over any fill.
pub const LABEL_HALO: Rgba = [0xFF, 0xFF, 0xFF, 230];

// ---------------------------------------------------------------------------------------------
// Legends
// ---------------------------------------------------------------------------------------------

/// What a legend is about; the interface gives it a title in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LegendTitle {
    /// Village markers, with the generation "covered" means.
    Villages { required: Generation },
    /// Sample points of one generation's scale, or of every technology (each on its own
    /// scale) when `None`.
    Signal { generation: Option<Generation> },
    /// Commune fills: the share of villages covered at `required`.
    CommuneShare { required: Generation },
    /// Village markers of a comparison: what changed between two analyses.
    Changes { required: Generation },
}

impl LegendTitle {
    /// A stable key for translation tables: `legend.villages`, `legend.signal`,
    /// `legend.commune_share`.
    pub fn key(self) -> &'static str {
        match self {
            LegendTitle::Villages { .. } => "legend.villages",
            LegendTitle::Signal { .. } => "legend.signal",
            LegendTitle::CommuneShare { .. } => "legend.commune_share",
            LegendTitle::Changes { .. } => "legend.changes",
        }
    }
}

/// The text beside a legend swatch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LegendLabel {
    /// Numbers and units only, the same in every language: "≥ −80 dBm", "50–80 %".
    Numbers(String),
    /// A village class, named by the interface.
    Village(VillageClass),
    /// A signal band, named by the interface (in the all-technologies legend, where the
    /// numbers differ by technology).
    Band(SignalBand),
    /// Communes without villages (no fill).
    NoVillages,
    /// What happened to a village between two analyses.
    Change(crate::compare::Change),
    /// The ring of villages whose newest sample is older than this many months.
    NeedsNewSurvey { months: u32 },
}

impl LegendLabel {
    /// A stable key for translation tables (`village.covered`, `band.no_service`,
    /// `commune.no_villages`); `None` for numbers, which need none.
    pub fn key(&self) -> Option<&'static str> {
        Some(match self {
            LegendLabel::Numbers(_) => return None,
            LegendLabel::Village(VillageClass::Covered) => "village.covered",
            LegendLabel::Village(VillageClass::LowerOnly) => "village.lower_only",
            LegendLabel::Village(VillageClass::WeakSignal) => "village.weak_signal",
            LegendLabel::Village(VillageClass::NoSignal) => "village.no_signal",
            LegendLabel::Village(VillageClass::NotSurveyed) => "village.not_surveyed",
            LegendLabel::Band(SignalBand::Excellent) => "band.excellent",
            LegendLabel::Band(SignalBand::Good) => "band.good",
            LegendLabel::Band(SignalBand::Fair) => "band.fair",
            LegendLabel::Band(SignalBand::Poor) => "band.poor",
            LegendLabel::Band(SignalBand::Bad) => "band.bad",
            LegendLabel::Band(SignalBand::NoService) => "band.no_service",
            LegendLabel::NoVillages => "commune.no_villages",
            LegendLabel::Change(c) => c.code(),
            LegendLabel::NeedsNewSurvey { .. } => "village.needs_new_survey",
        })
    }
}

/// How a legend entry's swatch is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Swatch {
    /// A village marker, exactly as on the map.
    Marker(Marker),
    /// A small square in the entry's colour: sample points.
    Dot,
    /// A box filled with the entry's colour and outlined as communes are.
    Fill,
    /// An empty box outlined as communes are: an area with no fill.
    NoFill,
}

/// One line of a legend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    pub colour: Rgba,
    pub shape: Swatch,
    pub label: LegendLabel,
}

/// A layer's legend, in the order it is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Legend {
    pub title_key: LegendTitle,
    pub entries: Vec<LegendEntry>,
}

/// How the map of a comparison draws a village of `change`: the gains in the covered
/// colour, the losses in the no-signal one, the unchanged in quieter tones.
pub fn change_marker(change: crate::compare::Change) -> Marker {
    use crate::compare::Change::*;
    let (class, radius_px) = match change {
        NewlyCovered => (VillageClass::Covered, 5.5),
        LostCoverage => (VillageClass::NoSignal, 5.5),
        StillWithout => (VillageClass::LowerOnly, 4.5),
        NewlySurveyed => {
            return Marker {
                shape: MarkerShape::Filled,
                colour: rgb(0x0072B2),
                radius_px: 4.5,
                outline: Some(MARKER_OUTLINE_LIGHT),
                outline_px: 1.0,
            };
        }
        StillCovered => (VillageClass::Covered, 3.0),
        NotResurveyed | NotSurveyed | OnlyBefore | OnlyAfter => (VillageClass::NotSurveyed, 3.5),
    };
    Marker {
        radius_px,
        ..class.marker()
    }
}

/// The draw order of changes: the gains and losses on top.
pub fn change_draw_order(change: crate::compare::Change) -> u8 {
    use crate::compare::Change::*;
    match change {
        StillCovered | NotSurveyed | NotResurveyed | OnlyBefore | OnlyAfter => 0,
        StillWithout | NewlySurveyed => 1,
        NewlyCovered | LostCoverage => 2,
    }
}

/// The legend of a comparison's villages.
pub fn change_legend(required: Generation) -> Legend {
    use crate::compare::Change::*;
    Legend {
        title_key: LegendTitle::Changes { required },
        entries: [
            NewlyCovered,
            LostCoverage,
            StillWithout,
            NewlySurveyed,
            StillCovered,
            NotResurveyed,
        ]
        .into_iter()
        .map(|c| {
            let m = change_marker(c);
            LegendEntry {
                colour: m.colour,
                shape: Swatch::Marker(m),
                label: LegendLabel::Change(c),
            }
        })
        .collect(),
    }
}

/// The legend of the village markers when `required` is the generation asked for.
pub fn village_legend(required: Generation) -> Legend {
    Legend {
        title_key: LegendTitle::Villages { required },
        entries: VillageClass::ALL
            .iter()
            .map(|&class| LegendEntry {
                colour: class.colour(),
                shape: Swatch::Marker(class.marker()),
                label: LegendLabel::Village(class),
            })
            .collect(),
    }
}

/// The legend of the sample points: the dBm bounds of one generation's scale, or the band
/// names when every technology is shown (each on its own scale); no service last.
pub fn signal_legend(generation: Option<Generation>) -> Legend {
    let entries = SignalBand::ALL
        .iter()
        .map(|&band| LegendEntry {
            colour: band.colour(),
            shape: Swatch::Dot,
            label: match generation.and_then(|g| band_range_text(g, band)) {
                Some(numbers) => LegendLabel::Numbers(numbers),
                None => LegendLabel::Band(band),
            },
        })
        .collect();
    Legend {
        title_key: LegendTitle::Signal { generation },
        entries,
    }
}

/// The legend of the commune fills: share classes from the highest down, then communes
/// without villages.
pub fn share_legend(required: Generation) -> Legend {
    let mut entries: Vec<LegendEntry> = (0..SHARE_CLASSES)
        .rev()
        .map(|class| LegendEntry {
            colour: share_colour(class),
            shape: Swatch::Fill,
            label: LegendLabel::Numbers(share_range_text(class)),
        })
        .collect();
    entries.push(LegendEntry {
        colour: [0, 0, 0, 0],
        shape: Swatch::NoFill,
        label: LegendLabel::NoVillages,
    });
    Legend {
        title_key: LegendTitle::CommuneShare { required },
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Status;
    use Generation::*;

    #[test]
    fn band_edges_belong_to_the_better_band_as_the_legend_says() {
        let lte = Technology::Gen(G4);
        assert_eq!(band(lte, -80.0), SignalBand::Excellent);
        assert_eq!(band(lte, -80.1), SignalBand::Good);
        assert_eq!(band(lte, -90.0), SignalBand::Good);
        assert_eq!(band(lte, -100.0), SignalBand::Fair);
        assert_eq!(band(lte, -110.0), SignalBand::Poor);
        assert_eq!(band(lte, -110.1), SignalBand::Bad);
        assert_eq!(band(lte, -44.0), SignalBand::Excellent);
        assert_eq!(band(Technology::Gen(G5), -90.0), SignalBand::Good);
        let umts = Technology::Gen(G3);
        assert_eq!(band(umts, -70.0), SignalBand::Excellent);
        assert_eq!(band(umts, -85.0), SignalBand::Good);
        assert_eq!(band(umts, -95.0), SignalBand::Fair);
        assert_eq!(band(umts, -105.0), SignalBand::Poor);
        assert_eq!(band(umts, -105.5), SignalBand::Bad);
        let gsm = Technology::Gen(G2);
        assert_eq!(band(gsm, -70.0), SignalBand::Excellent);
        assert_eq!(band(gsm, -80.0), SignalBand::Good);
        assert_eq!(band(gsm, -90.0), SignalBand::Fair);
        assert_eq!(band(gsm, -100.0), SignalBand::Poor);
        assert_eq!(band(gsm, -100.1), SignalBand::Bad);
    }

    #[test]
    fn every_legend_bound_puts_its_own_value_in_its_own_band() {
        for g in Generation::ALL {
            let bounds = band_bounds_dbm(g);
            for (k, &lower) in bounds.iter().enumerate() {
                assert_eq!(
                    band(Technology::Gen(g), lower),
                    SignalBand::ALL[k],
                    "{g} {lower}"
                );
                let text = band_range_text(g, SignalBand::ALL[k]).unwrap_or_default();
                assert!(text.contains(&dbm_text(lower)), "{text}");
            }
        }
        assert_eq!(
            band_range_text(G4, SignalBand::Excellent).as_deref(),
            Some("≥ −80 dBm")
        );
        assert_eq!(
            band_range_text(G3, SignalBand::Good).as_deref(),
            Some("−85 … −70 dBm")
        );
        assert_eq!(
            band_range_text(G2, SignalBand::Bad).as_deref(),
            Some("< −100 dBm")
        );
        assert_eq!(band_range_text(G4, SignalBand::NoService), None);
    }

    #[test]
    fn no_service_is_its_own_band_and_a_missing_number_is_bad() {
        assert_eq!(band(Technology::NoService, f64::NAN), SignalBand::NoService);
        assert_eq!(band(Technology::NoService, -60.0), SignalBand::NoService);
        assert_eq!(band(Technology::Gen(G4), f64::NAN), SignalBand::Bad);
        assert!(SignalBand::Excellent < SignalBand::Bad && SignalBand::Bad < SignalBand::NoService);
    }

    #[test]
    fn dbm_text_uses_a_true_minus_sign() {
        assert_eq!(dbm_text(-80.0), "\u{2212}80");
        assert_eq!(dbm_text(-72.5), "\u{2212}72.5");
        assert_eq!(dbm_text(0.0), "0");
    }

    fn outcome(status: Status, signal_seen: bool, flagged: bool) -> VillageOutcome {
        VillageOutcome {
            status,
            signal_seen,
            report_class: ReportClass::of(status, signal_seen, G4),
            flagged,
            operators: Vec::new(),
        }
    }

    #[test]
    fn village_classes_follow_status_signal_and_required_generation() {
        let cases = [
            (Status::NotSurveyed, false, G4, VillageClass::NotSurveyed),
            (Status::NoCoverage, false, G4, VillageClass::NoSignal),
            (Status::NoCoverage, false, G2, VillageClass::NoSignal),
            (Status::NoCoverage, true, G4, VillageClass::WeakSignal),
            (Status::Covered(G4), true, G4, VillageClass::Covered),
            (Status::Covered(G5), true, G4, VillageClass::Covered),
            (Status::Covered(G3), true, G4, VillageClass::LowerOnly),
            (Status::Covered(G2), true, G3, VillageClass::LowerOnly),
            (Status::Covered(G3), true, G3, VillageClass::Covered),
        ];
        for (status, seen, required, class) in cases {
            let flagged = status.is_surveyed() && status.best().is_none_or(|g| g < required);
            let o = outcome(status, seen, flagged);
            assert_eq!(
                VillageClass::of(&o, required),
                class,
                "{status:?} {required}"
            );
            assert_eq!(class.is_flagged(), flagged, "{status:?} {required}");
        }
    }

    #[test]
    fn flagged_markers_stand_out_and_not_surveyed_ones_are_rings() {
        let covered = VillageClass::Covered.marker();
        for flagged in [
            VillageClass::LowerOnly,
            VillageClass::WeakSignal,
            VillageClass::NoSignal,
        ] {
            let m = flagged.marker();
            assert!(m.radius_px > covered.radius_px);
            assert_eq!(m.outline, Some(MARKER_OUTLINE_DARK));
            assert_eq!(m.shape, MarkerShape::Filled);
            assert!(flagged.draw_order() > VillageClass::Covered.draw_order());
        }
        let not_surveyed = VillageClass::NotSurveyed.marker();
        assert_eq!(not_surveyed.shape, MarkerShape::Ring);
        let colours: std::collections::HashSet<Rgba> =
            VillageClass::ALL.iter().map(|c| c.colour()).collect();
        assert_eq!(colours.len(), 5);
    }

    #[test]
    fn share_classes_hold_their_lower_bounds() {
        assert_eq!(share_class(0, 0), None);
        assert_eq!(share_class(0, 10), Some(0));
        assert_eq!(share_class(4, 10), Some(0));
        assert_eq!(share_class(49, 100), Some(0));
        assert_eq!(share_class(1, 2), Some(1), "50 % is in 50–80 %");
        assert_eq!(share_class(79, 100), Some(1));
        assert_eq!(share_class(4, 5), Some(2), "80 %");
        assert_eq!(share_class(94, 100), Some(2));
        assert_eq!(share_class(19, 20), Some(3), "95 %");
        assert_eq!(share_class(999, 1000), Some(3));
        assert_eq!(share_class(7, 7), Some(4));
        assert_eq!(
            share_class(8, 7),
            Some(4),
            "more covered than villages is all"
        );
        let texts: Vec<String> = (0..SHARE_CLASSES).map(share_range_text).collect();
        assert_eq!(
            texts,
            ["< 50 %", "50–80 %", "80–95 %", "95–<100 %", "100 %"]
        );
    }

    #[test]
    fn a_commune_without_villages_has_no_fill() {
        let none = Figures::default();
        assert_eq!(commune_fill(&none, G4), None);
        let half = Figures {
            villages: 4,
            surveyed: 4,
            covered: [4, 3, 2, 0],
            ..Figures::default()
        };
        assert_eq!(commune_fill(&half, G4), Some(share_colour(1)));
        assert_eq!(commune_fill(&half, G2), Some(share_colour(4)));
        assert_eq!(commune_fill(&half, G5), Some(share_colour(0)));
    }

    #[test]
    fn legends_list_every_class_with_numbers_or_a_key() {
        let v = village_legend(G4);
        assert_eq!(v.entries.len(), VillageClass::ALL.len());
        assert_eq!(v.title_key.key(), "legend.villages");
        assert!(v.entries.iter().all(|e| e.label.key().is_some()));

        let s = signal_legend(Some(G4));
        assert_eq!(s.entries.len(), SignalBand::ALL.len());
        assert_eq!(s.entries[0].label, LegendLabel::Numbers("≥ −80 dBm".into()));
        assert_eq!(s.entries[5].label, LegendLabel::Band(SignalBand::NoService));
        let all = signal_legend(None);
        assert!(
            all.entries
                .iter()
                .all(|e| matches!(e.label, LegendLabel::Band(_)))
        );
        assert_eq!(
            all.entries.iter().map(|e| e.colour).collect::<Vec<_>>(),
            SignalBand::ALL
                .iter()
                .map(|b| b.colour())
                .collect::<Vec<_>>()
        );

        let c = share_legend(G4);
        assert_eq!(c.entries.len(), SHARE_CLASSES + 1);
        assert_eq!(c.entries[0].label, LegendLabel::Numbers("100 %".into()));
        assert_eq!(c.entries[SHARE_CLASSES].shape, Swatch::NoFill);
        assert_eq!(c.entries[SHARE_CLASSES].label, LegendLabel::NoVillages);
    }
}
