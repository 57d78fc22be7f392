//! Writing SVG: text (plain, anchored, with a halo), line breaking, colours.

use super::*;

pub(super) fn text(svg: &mut String, x: f64, y: f64, size: f64, weight: &str, fill: &str, s: &str) {
    text_anchored(svg, x, y, size, weight, "start", fill, s);
}

#[allow(clippy::too_many_arguments)]
pub(super) fn text_anchored(
    svg: &mut String,
    x: f64,
    y: f64,
    size: f64,
    weight: &str,
    anchor: &str,
    fill: &str,
    s: &str,
) {
    let _ = write!(
        svg,
        r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        escape(s)
    );
}

/// A label readable over any fill: the text drawn over a white outline of itself.
#[allow(clippy::too_many_arguments)]
pub(super) fn halo_text(
    svg: &mut String,
    x: f64,
    y: f64,
    size: f64,
    anchor: &str,
    weight: &str,
    fill: &str,
    s: &str,
) {
    let _ = write!(
        svg,
        r##"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}" stroke="#ffffff" stroke-width="{:.2}" stroke-opacity="0.85" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
        size * 0.22,
        escape(s)
    );
}

pub(super) fn hex(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_markup_characters_stay_text() {
        assert_eq!(
            escape("Nà <Phặc> & \"Cốc\""),
            "Nà &lt;Phặc&gt; &amp; &quot;Cốc&quot;"
        );
    }
}
