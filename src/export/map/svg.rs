//! Writing SVG: text (plain, anchored, with a halo), line breaking, colours.

use super::*;

/// Lines of at most `width` mm in a font of `size` mm, broken at spaces. DejaVu Sans
/// averages a little under 0.6 em a letter.
pub(super) fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let per_line = ((width / (size * 0.58)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && len > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

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
    fn long_lines_break_at_spaces_within_the_width() {
        let lines = wrap("một hai ba bốn năm ".repeat(20).trim_end(), 60.0, 2.2);
        assert!(lines.len() > 2);
        let most = (60.0 / (2.2 * 0.58)) as usize;
        assert!(lines.iter().all(|l| l.chars().count() <= most));
        assert_eq!(lines.join(" ").split(' ').count(), 100);
    }

    #[test]
    fn names_with_markup_characters_stay_text() {
        assert_eq!(
            escape("Nà <Phặc> & \"Cốc\""),
            "Nà &lt;Phặc&gt; &amp; &quot;Cốc&quot;"
        );
    }
}
