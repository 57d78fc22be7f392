//! The map layers as KML 2.2 for Google Earth: `flagged.kml`, `not_surveyed.kml`,
//! `communes.kml`, a file per layer, from the one description in [`super::layers`].
//!
//! Each file is one `Document` with a shared `Style` per class, in the map's colours
//! ([`crate::map::style`]; KML writes them `aabbggrr`): villages as tinted circles (a ring for
//! villages not surveyed), communes filled by the share of their villages covered at the
//! required generation, at [`COMMUNE_FILL_ALPHA`] so the imagery shows through. Each
//! placemark has the village's or commune's `<name>`, a `<description>` balloon (the status
//! or share in words, then a table of every attribute) and the same attributes as
//! `ExtendedData`. Polygons' outer rings run counter-clockwise, holes clockwise.

use std::io::{self, Write};

use geo::{LineString, Point};

use super::layers::{Class, Layer, LayerKind, Shape, write_ring};
use super::xml::{escape, escape_into};
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::map::style::{COMMUNE_OUTLINE, share_colour};
use crate::map::{MarkerShape, Rgba, VillageClass};

/// The opacity of commune fills (0–255): 70 %, so the imagery under a commune shows.
pub const COMMUNE_FILL_ALPHA: u8 = 0xB3;

/// Google Earth's white circle, tinted by the style's colour.
pub const FILLED_ICON: &str = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";
/// Google Earth's white ring, for villages not surveyed (the map draws them as rings).
pub const RING_ICON: &str = "https://maps.google.com/mapfiles/kml/shapes/donut.png";

/// A colour as KML writes it: `aabbggrr`, lower-case hex.
pub fn kml_colour(c: Rgba) -> String {
    format!("{:02x}{:02x}{:02x}{:02x}", c[3], c[2], c[1], c[0])
}

/// The id of a village class's style: `covered`, `lower_only`, `no_signal`, `not_surveyed`.
pub fn village_style_id(class: VillageClass) -> &'static str {
    match class {
        VillageClass::Covered => "covered",
        VillageClass::LowerOnly => "lower_only",
        VillageClass::WeakSignal => "weak_signal",
        VillageClass::NoSignal => "no_signal",
        VillageClass::NotSurveyed => "not_surveyed",
    }
}

/// The id of a commune share class's style (`share_0` … `share_4`; `no_villages`).
pub fn commune_style_id(share_class: Option<usize>) -> String {
    match share_class {
        Some(c) => format!("share_{c}"),
        None => "no_villages".into(),
    }
}

/// The fill of a commune share class as the KML writes it (the map's colour at
/// [`COMMUNE_FILL_ALPHA`]).
pub fn commune_fill(share_class: usize) -> Rgba {
    let [r, g, b, _] = share_colour(share_class);
    [r, g, b, COMMUNE_FILL_ALPHA]
}

/// `html` in a CDATA section appended to `out` (a `]]>` inside is split across two sections).
fn push_cdata(out: &mut String, html: &str) {
    out.push_str("<![CDATA[");
    if html.contains("]]>") {
        out.push_str(&html.replace("]]>", "]]]]><![CDATA[>"));
    } else {
        out.push_str(html);
    }
    out.push_str("]]>");
}

/// [`Value::text`] escaped, appended to `out`.
fn push_value(out: &mut String, value: &super::layers::Value) {
    use std::fmt::Write as _;
    match value {
        super::layers::Value::Text(s) => escape_into(out, s),
        // Numbers are digits, signs, points and letters: nothing to escape.
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// A layer as one KML document; titles and the words of the balloons in `lang`.
pub fn write_layer(out: &mut dyn Write, layer: &Layer<'_>, lang: Lang) -> io::Result<()> {
    let texts = lang.texts();
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    out.write_all(b"<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n")?;
    writeln!(
        out,
        "<name>{}</name>\n<open>1</open>",
        escape(layer.kind.title(texts))
    )?;
    write_styles(out, layer)?;
    // Each placemark's text is put together in one buffer, then written: a national layer
    // is thousands of placemarks of a dozen fields each.
    let mut buf = String::new();
    let mut html = String::new();
    for feature in &layer.features {
        buf.clear();
        buf.push_str("<Placemark>\n<name>");
        escape_into(&mut buf, &feature.name);
        buf.push_str("</name>\n<description>");
        balloon(&mut html, layer, feature, texts);
        push_cdata(&mut buf, &html);
        buf.push_str("</description>\n<styleUrl>#");
        match feature.class {
            Class::Village { class, .. } => buf.push_str(village_style_id(class)),
            Class::Commune { share_class, .. } => buf.push_str(&commune_style_id(share_class)),
        }
        buf.push_str("</styleUrl>\n<ExtendedData>\n");
        for (field, value) in layer.attributes(feature) {
            buf.push_str("<Data name=\"");
            escape_into(&mut buf, &field.key);
            buf.push_str("\"><value>");
            push_value(&mut buf, value);
            buf.push_str("</value></Data>\n");
        }
        buf.push_str("</ExtendedData>\n");
        out.write_all(buf.as_bytes())?;
        write_geometry(out, &feature.shape)?;
        out.write_all(b"</Placemark>\n")?;
    }
    out.write_all(b"</Document>\n</kml>\n")
}

/// A shared style for every class a layer can have (whether or not a feature uses it, so
/// the styles read as a legend).
fn write_styles(out: &mut dyn Write, layer: &Layer<'_>) -> io::Result<()> {
    if layer.kind == LayerKind::Communes {
        let outline = kml_colour(COMMUNE_OUTLINE);
        for class in (0..crate::map::style::SHARE_CLASSES)
            .map(Some)
            .chain([None])
        {
            let (fill, on) = match class {
                Some(c) => (kml_colour(commune_fill(c)), 1),
                None => (kml_colour([255, 255, 255, 0]), 0),
            };
            writeln!(
                out,
                "<Style id=\"{}\"><LineStyle><color>{outline}</color><width>1</width></LineStyle>\
                 <PolyStyle><color>{fill}</color><fill>{on}</fill><outline>1</outline></PolyStyle></Style>",
                commune_style_id(class)
            )?;
        }
    } else {
        for class in VillageClass::ALL {
            let marker = class.marker();
            let icon = match marker.shape {
                MarkerShape::Ring => RING_ICON,
                _ => FILLED_ICON,
            };
            writeln!(
                out,
                "<Style id=\"{}\"><IconStyle><color>{}</color><scale>{}</scale>\
                 <Icon><href>{icon}</href></Icon></IconStyle>\
                 <LabelStyle><scale>0.8</scale></LabelStyle></Style>",
                village_style_id(class),
                kml_colour(class.colour()),
                // As big as on the map, relative to each other: scale 1 for a 5-pixel radius.
                (f64::from(marker.radius_px) / 5.0 * 10.0).round() / 10.0,
            )?;
        }
    }
    Ok(())
}

/// The balloon: the status (or share) in words, then every attribute; written over `html`.
fn balloon(
    html: &mut String,
    layer: &Layer<'_>,
    feature: &super::layers::Feature<'_>,
    texts: &Texts,
) {
    let headline = match feature.class {
        Class::Village { class, .. } => {
            texts.legend_label(&crate::map::LegendLabel::Village(class), layer.required)
        }
        Class::Commune {
            covered, villages, ..
        } if villages > 0 => format!(
            "{}: {} ({covered}/{villages})",
            (texts.legend_share)(layer.required.label()),
            crate::numbers::percent_text(texts.lang, covered, villages)
        ),
        Class::Commune { .. } => texts.no_villages.to_string(),
    };
    html.clear();
    html.push_str("<p><b>");
    escape_into(html, &headline);
    html.push_str("</b></p><table>");
    for (field, value) in layer.attributes(feature) {
        html.push_str("<tr><td>");
        escape_into(html, &field.key);
        html.push_str("</td><td>");
        push_value(html, value);
        html.push_str("</td></tr>");
    }
    html.push_str("</table>");
}

fn write_geometry(out: &mut dyn Write, shape: &Shape<'_>) -> io::Result<()> {
    match shape {
        Shape::Point(p) => writeln!(
            out,
            "<Point><coordinates>{},{}</coordinates></Point>",
            p.x(),
            p.y()
        ),
        Shape::Polygons(multi) => {
            out.write_all(b"<MultiGeometry>\n")?;
            for polygon in &multi.0 {
                out.write_all(b"<Polygon><tessellate>1</tessellate><outerBoundaryIs>")?;
                ring(out, polygon.exterior(), true)?;
                out.write_all(b"</outerBoundaryIs>")?;
                for hole in polygon.interiors() {
                    out.write_all(b"<innerBoundaryIs>")?;
                    ring(out, hole, false)?;
                    out.write_all(b"</innerBoundaryIs>")?;
                }
                out.write_all(b"</Polygon>\n")?;
            }
            out.write_all(b"</MultiGeometry>\n")
        }
    }
}

/// A closed ring, counter-clockwise when `outer`, clockwise otherwise.
fn ring(out: &mut dyn Write, ring: &LineString<f64>, outer: bool) -> io::Result<()> {
    out.write_all(b"<LinearRing><coordinates>")?;
    write_ring(
        out,
        ring,
        outer,
        b" ",
        |out: &mut dyn Write, p: Point<f64>| write!(out, "{},{}", p.x(), p.y()),
    )?;
    out.write_all(b"</coordinates></LinearRing>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_alpha_blue_green_red() {
        assert_eq!(kml_colour([0xC0, 0x17, 0x2C, 0xFF]), "ff2c17c0");
        assert_eq!(
            kml_colour(commune_fill(0)),
            format!("b3{}", "8f2754"),
            "share class 0 is #54278F"
        );
    }

    #[test]
    fn markup_in_names_is_escaped_and_cdata_cannot_be_closed_early() {
        assert_eq!(
            escape("Bản <Nà> & \"Lẹng\" 'x'"),
            "Bản &lt;Nà&gt; &amp; &quot;Lẹng&quot; &#39;x&#39;"
        );
        let cdata = |html: &str| {
            let mut out = String::new();
            push_cdata(&mut out, html);
            out
        };
        assert_eq!(cdata("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
        assert_eq!(cdata("a]]b"), "<![CDATA[a]]b]]>");
        assert_eq!(escape("a\u{1}b"), "a b");
    }
}
