//! The integration tests, one binary: each module links the whole app once instead of once per file.

mod analyze;
mod app;
mod boundaries;
mod crs;
mod demo;
mod encodings;
mod gdal_files;
mod loading;
mod outputs_gis;
mod outputs_map;
mod outputs_xlsx;
mod project;
mod rule_crosscheck;
mod samples;
mod village_lists;
mod vn2000;
