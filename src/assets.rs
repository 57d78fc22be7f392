//! What the program carries inside it: the fonts the window and the printed map write
//! Vietnamese with (DejaVu Sans, licence in `assets/fonts/`).

pub static FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
pub static FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
