//! Printed pages of text and rules (the annex tables, the printed map's key) as data: each
//! page a list of marks in millimetres from its top-left corner. [`Page::svg`] writes one as
//! SVG; [`pdf::pdf`] writes many as one PDF directly, with the bundled fonts embedded once
//! for all of them, which is what keeps a report of thousands of rows quick to print.

pub mod font;
pub mod pdf;
mod svg;

use crate::map::Rgba;

/// Ink of the tables' text and rules.
pub const INK: Rgba = [0x1a, 0x1a, 0x1a, 255];
/// Subtitles and footers.
pub const SECONDARY: Rgba = [0x33, 0x33, 0x33, 255];
/// Page numbers.
pub const MUTED: Rgba = [0x55, 0x55, 0x55, 255];
/// A table's header row.
pub const HEADER_FILL: Rgba = [0xd9, 0xd9, 0xd9, 255];
/// A part heading across a table.
pub const PART_FILL: Rgba = [0xee, 0xee, 0xee, 255];
/// Every other row of a long list.
pub const STRIPE_FILL: Rgba = [0xf2, 0xf2, 0xf2, 255];
pub const PAPER: Rgba = [0xff, 0xff, 0xff, 255];

/// Where a text's `x` is: its start, middle or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One thing drawn on a page. Lengths in millimetres; `y` of a text is its baseline.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Text {
        x: f64,
        y: f64,
        size_mm: f64,
        bold: bool,
        anchor: Anchor,
        colour: Rgba,
        text: String,
    },
    /// A rectangle filled, outlined, or both.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f64)>,
    },
    /// A straight rule from `from` to `to`, `width_mm` wide.
    Line {
        from: [f64; 2],
        to: [f64; 2],
        colour: Rgba,
        width_mm: f64,
    },
}

/// One page: its size and its marks, drawn in order on white paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub size_mm: [f64; 2],
    pub marks: Vec<Mark>,
}

impl Page {
    pub fn new(size_mm: [f64; 2]) -> Page {
        Page {
            size_mm,
            marks: Vec::new(),
        }
    }

    /// A line of text with its baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        size_mm: f64,
        bold: bool,
        anchor: Anchor,
        colour: Rgba,
        text: impl Into<String>,
    ) {
        self.marks.push(Mark::Text {
            x,
            y,
            size_mm,
            bold,
            anchor,
            colour,
            text: text.into(),
        });
    }

    /// A filled rectangle.
    pub fn fill(&mut self, x: f64, y: f64, w: f64, h: f64, colour: Rgba) {
        self.marks.push(Mark::Rect {
            x,
            y,
            w,
            h,
            fill: Some(colour),
            stroke: None,
        });
    }

    /// A rectangle's outline, `width_mm` wide.
    pub fn outline(&mut self, x: f64, y: f64, w: f64, h: f64, colour: Rgba, width_mm: f64) {
        self.marks.push(Mark::Rect {
            x,
            y,
            w,
            h,
            fill: None,
            stroke: Some((colour, width_mm)),
        });
    }

    pub fn line(&mut self, from: [f64; 2], to: [f64; 2], colour: Rgba, width_mm: f64) {
        self.marks.push(Mark::Line {
            from,
            to,
            colour,
            width_mm,
        });
    }

    /// The texts on the page, in the order they are drawn.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Deflated bytes, as a PDF stream's `FlateDecode` reads them. Level 2: the pages are mostly
/// repeated operators, which compress well at any level; against level 4, a national
/// annexes' PDF is a tenth larger (1.8 MB against 1.6) and takes a fifth less time.
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4 + 64),
        flate2::Compression::new(2),
    );
    // Writing into a Vec cannot fail.
    let _ = std::io::Write::write_all(&mut z, data);
    z.finish().unwrap_or_default()
}

/// Lines of at most `width` mm in a font of `size` mm, broken at spaces. DejaVu Sans
/// averages a little under 0.6 em a letter.
pub fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let per_line = ((width / (size * 0.58)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_chars = 0;
    for word in text.split(' ') {
        let word_chars = word.chars().count();
        if !line.is_empty() && line_chars + 1 + word_chars > per_line {
            lines.push(std::mem::take(&mut line));
            line_chars = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_chars += 1;
        }
        line.push_str(word);
        line_chars += word_chars;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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
}
