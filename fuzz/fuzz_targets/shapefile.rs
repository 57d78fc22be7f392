//! A shapefile's `.shp`, `.shx`, `.dbf`, `.prj` and `.cpg`, read as communes and as
//! villages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::villages::{VillageOptions, load_villages};

fuzz_target!(|data: &[u8]| {
    phusong_fuzz::only_escaping_panics_crash();
    let shp = phusong_fuzz::shapefile("layer", data);
    let _ = load_communes(&shp, &CommuneFields::default());
    let _ = load_villages(&shp, &VillageOptions::default());
});
