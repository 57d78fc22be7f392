//! The map as data, with no drawing library in it: the projection and view, the colours and
//! classes of every layer, commune shapes ready to fill, and the sample raster. The window
//! draws it with egui and the exports draw it on paper, from the same description.

pub mod background;
pub mod crowded;
pub mod labels;
pub mod layers;
pub mod raster;
pub mod shapes;
pub mod style;
pub mod view;

pub use layers::Layers;
pub use raster::{SPLAT_BELOW, SampleLayer, SampleRaster, rasterize};
pub use shapes::{CommuneShape, CommuneShapes, DECIMATE_PX, LocalToScreen, decimate_ring};
pub use style::{
    Legend, LegendEntry, LegendLabel, LegendTitle, Marker, MarkerShape, Rgba, SignalBand, Swatch,
    VillageClass, band, band_bounds_dbm, band_range_text, commune_fill, share_class, share_colour,
    share_legend, share_range_text, signal_legend, village_legend,
};
pub use view::{
    Extents, LonLatBox, MapView, Projection, SavedView, ScaleBar, WorldBox, commune_box, scale_bar,
};
