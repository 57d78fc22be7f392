//! A bundled font embedded in a PDF: only the glyphs its pages use (a subset), text written as
//! two-byte glyph numbers (Identity-H), with the map back to Unicode that lets a reader
//! search and copy it.

use std::collections::{BTreeSet, HashMap};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use unicode_normalization::UnicodeNormalization;

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// A glyph of the subset: its number there and its advance in font units.
#[derive(Clone, Copy, Debug)]
struct Glyph {
    id: u16,
    advance: u16,
}

/// One font of the pages with the glyphs of the characters they use.
pub struct PageFont {
    data: &'static [u8],
    /// The PostScript name, after the subset's tag.
    name: String,
    units_per_em: f32,
    glyphs: HashMap<char, Glyph>,
    remapper: GlyphRemapper,
    /// Each subset glyph's character, for the map back to Unicode.
    unicode: Vec<(u16, char)>,
}

/// The characters of `text` as they are drawn: composed (NFC), so that a letter with its
/// marks is one glyph of the font rather than marks placed without shaping.
pub fn drawn_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let ascii = text.is_ascii();
    let (plain, composed) = match ascii {
        true => (Some(text.chars()), None),
        false => (None, Some(text.nfc())),
    };
    plain
        .into_iter()
        .flatten()
        .chain(composed.into_iter().flatten())
}

impl PageFont {
    /// The font in `data` with a glyph for each of `chars` (those it lacks are drawn as its
    /// missing-glyph box); `tag` (six capitals) names this subset in the PDF.
    pub fn new(data: &'static [u8], tag: &str, chars: &BTreeSet<char>) -> Result<PageFont, String> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| e.to_string())?;
        let postscript = (face.names().into_iter())
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_string());
        let mut remapper = GlyphRemapper::new();
        let mut glyphs = HashMap::with_capacity(chars.len());
        let mut unicode = Vec::with_capacity(chars.len());
        for &c in chars {
            let Some(old) = face.glyph_index(c) else {
                continue;
            };
            let id = remapper.remap(old.0);
            let advance = face.glyph_hor_advance(old).unwrap_or(0);
            glyphs.insert(c, Glyph { id, advance });
            unicode.push((id, c));
        }
        Ok(PageFont {
            data,
            name: format!("{tag}+{postscript}"),
            units_per_em: f32::from(face.units_per_em()),
            glyphs,
            remapper,
            unicode,
        })
    }

    /// Appends the glyph numbers of `text` to `out` and returns its width in ems.
    pub fn encode(&self, text: &str, out: &mut Vec<u8>) -> f32 {
        let mut units = 0u32;
        for c in drawn_chars(text) {
            let g = self
                .glyphs
                .get(&c)
                .copied()
                .unwrap_or(Glyph { id: 0, advance: 0 });
            out.extend_from_slice(&g.id.to_be_bytes());
            units += u32::from(g.advance);
        }
        units as f32 / self.units_per_em
    }

    /// The font's objects, the Type 0 font at `type0`, the others at refs from `alloc`.
    pub fn write(
        &self,
        chunk: &mut Chunk,
        type0: Ref,
        alloc: &mut impl FnMut() -> Ref,
    ) -> Result<(), String> {
        let face = ttf_parser::Face::parse(self.data, 0).map_err(|e| e.to_string())?;
        let (cid_ref, descriptor_ref, cmap_ref, data_ref) = (alloc(), alloc(), alloc(), alloc());
        let name = Name(self.name.as_bytes());
        chunk
            .type0_font(type0)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);

        let per_mille = |units: f32| units / self.units_per_em * 1000.0;
        let mut cid = chunk.cid_font(cid_ref);
        cid.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(SYSTEM_INFO)
            .font_descriptor(descriptor_ref)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let widths: Vec<f32> = (self.remapper.remapped_gids())
            .map(|old| {
                per_mille(f32::from(
                    face.glyph_hor_advance(ttf_parser::GlyphId(old))
                        .unwrap_or(0),
                ))
            })
            .collect();
        cid.widths().consecutive(0, widths);
        cid.finish();

        let bbox = face.global_bounding_box();
        let mut flags = FontFlags::SYMBOLIC;
        flags.set(FontFlags::FIXED_PITCH, face.is_monospaced());
        let ascent = per_mille(f32::from(face.ascender()));
        chunk
            .font_descriptor(descriptor_ref)
            .name(name)
            .flags(flags)
            .bbox(Rect::new(
                per_mille(f32::from(bbox.x_min)),
                per_mille(f32::from(bbox.y_min)),
                per_mille(f32::from(bbox.x_max)),
                per_mille(f32::from(bbox.y_max)),
            ))
            .italic_angle(face.italic_angle())
            .ascent(ascent)
            .descent(per_mille(f32::from(face.descender())))
            .cap_height(
                face.capital_height()
                    .map_or(ascent, |h| per_mille(f32::from(h))),
            )
            .stem_v(10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0))
            .font_file2(data_ref);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
        for &(id, c) in &self.unicode {
            cmap.pair(id, c);
        }
        chunk.cmap(cmap_ref, &cmap.finish());

        let subset = subsetter::subset(self.data, 0, &self.remapper).map_err(|e| e.to_string())?;
        chunk
            .stream(data_ref, &super::deflate(&subset))
            .filter(Filter::FlateDecode);
        Ok(())
    }
}
