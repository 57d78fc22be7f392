//! Reading the user's files: commune boundaries, village lists and signal logs.

pub mod communes;
pub mod degrees;
pub mod fields;
pub mod report;
pub mod samples;
pub mod shp;
pub mod table;
pub mod time;
pub mod village_list;
pub mod villages;

pub use report::{ImportReport, Reason};
