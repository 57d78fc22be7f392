//! Fonts and colours of the window.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{Color32, FontData, FontFamily};

/// DejaVu Sans: every Vietnamese letter with every tone mark, which egui's built-in font lacks.
use crate::assets::FONT_REGULAR as VIETNAMESE_FONT;

/// Adds the Vietnamese font first in line for proportional text, and a readable style.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "DejaVuSans",
        FontData::from_static(VIETNAMESE_FONT),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Highest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
    // Light, like the printed map and the reports it goes into; and readable on a projector.
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        // Scroll bars that show, not thin ones that appear under the pointer: an official
        // must see that a panel goes on below.
        style.spacing.scroll = egui::style::ScrollStyle::solid();
        // Legends, hints and notes stay legible on an office laptop's screen.
        if let Some(small) = style.text_styles.get_mut(&egui::TextStyle::Small) {
            small.size = small.size.max(SMALL_TEXT_PX);
        }
    });
}

/// The smallest text of the window (legends, hints), in points.
pub const SMALL_TEXT_PX: f32 = 11.5;

/// An engine colour (unmultiplied RGBA) as egui's.
pub fn colour(rgba: [u8; 4]) -> Color32 {
    Color32::from_rgba_unmultiplied(rgba[0], rgba[1], rgba[2], rgba[3])
}

pub const ERROR: Color32 = Color32::from_rgb(200, 40, 40);
pub const WARNING: Color32 = Color32::from_rgb(190, 120, 0);
