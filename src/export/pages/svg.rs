//! A page as an SVG document in millimetres, in the bundled font.

use std::fmt::Write as _;

use super::{Anchor, Mark, PAPER, Page};
use crate::export::xml::escape;
use crate::map::Rgba;

fn hex(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

impl Page {
    /// The page as SVG: the same marks the PDF draws.
    pub fn svg(&self) -> String {
        let [w, h] = self.size_mm;
        let mut svg = String::with_capacity(64 * self.marks.len() + 256);
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="DejaVu Sans"><rect width="{w}" height="{h}" fill="{}"/>"#,
            hex(PAPER)
        );
        for mark in &self.marks {
            match mark {
                Mark::Text {
                    x,
                    y,
                    size_mm,
                    bold,
                    anchor,
                    colour,
                    text,
                } => {
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let weight = if *bold { "bold" } else { "normal" };
                    let _ = write!(
                        svg,
                        r#"<text x="{x:.2}" y="{y:.2}" font-size="{size_mm}" font-weight="{weight}" text-anchor="{anchor}" fill="{}">{}</text>"#,
                        hex(*colour),
                        escape(text)
                    );
                }
                Mark::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let fill = fill.map_or("none".to_string(), hex);
                    let _ = write!(
                        svg,
                        r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}""#
                    );
                    if let Some((colour, width)) = stroke {
                        let _ = write!(svg, r#" stroke="{}" stroke-width="{width}""#, hex(*colour));
                    }
                    svg.push_str("/>");
                }
                Mark::Line {
                    from,
                    to,
                    colour,
                    width_mm,
                } => {
                    let _ = write!(
                        svg,
                        r#"<path d="M{:.2} {:.2}L{:.2} {:.2}" stroke="{}" stroke-width="{width_mm}"/>"#,
                        from[0],
                        from[1],
                        to[0],
                        to[1],
                        hex(*colour)
                    );
                }
            }
        }
        svg.push_str("</svg>\n");
        svg
    }
}
