//! Reading the user's files: commune boundaries, village lists and signal logs.

pub mod background;
pub mod classify;
pub mod communes;
pub mod dbf_text;
pub mod degrees;
pub mod facts;
pub mod fields;
pub mod paths;
pub mod preview;
pub mod report;
pub mod samples;
pub mod sheet_extent;
pub mod shp;
pub mod shp_claims;
pub mod shp_records;
pub mod table;
pub mod text;
pub mod time;
pub mod vietnamese;
pub mod village_layer;
pub mod village_list;
pub mod villages;
pub mod zipped;

pub use report::{ImportReport, Reason};
pub use text::TextEncoding;
