//! A village list: the first byte picks what it is called (CSV, Excel in its three forms,
//! OpenDocument, a text file), the rest is the file; read, and previewed as the column
//! chooser does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::io::village_list::preview;
use phusong::io::villages::{VillageOptions, load_villages};

const EXTENSIONS: [&str; 6] = ["csv", "xlsx", "xls", "ods", "xlsb", "txt"];

fuzz_target!(|data: &[u8]| {
    phusong_fuzz::only_escaping_panics_crash();
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    let list = phusong_fuzz::file(&format!("thon.{ext}"), file);
    let _ = load_villages(&list, &VillageOptions::default());
    let _ = preview(&list, &VillageOptions::default());
});
