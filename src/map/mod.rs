//! The map as data, with no drawing library in it: the projection and view, the colours and
//! classes of every layer, commune shapes ready to fill, and the sample raster. The window
//! draws it with egui and the exports draw it on paper, from the same description.

pub mod view;

pub use view::{LonLatBox, MapView, Projection, ScaleBar, scale_bar};
