//! A `.dbf` beside the demo's village points: its header, its fields and the guess of its
//! text's encoding (UTF-8, TCVN3, VNI, Windows-1258), as the villages' names and communes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::io::villages::{VillageOptions, load_villages};

const SHP: &[u8] = include_bytes!("../../data/villages.shp");
const SHX: &[u8] = include_bytes!("../../data/villages.shx");

fuzz_target!(|data: &[u8]| {
    phusong_fuzz::only_escaping_panics_crash();
    phusong_fuzz::file("thon.shp", SHP);
    phusong_fuzz::file("thon.shx", SHX);
    let dbf = phusong_fuzz::file("thon.dbf", data);
    let _ = load_villages(&dbf.with_extension("shp"), &VillageOptions::default());
});
