//! The text of a shapefile's `.dbf`: which encoding it is read in (the user's choice, the
//! `.cpg`, or a guess from all its text values), decoding each value, and counting values
//! that are not valid in that encoding or still look damaged, for the import report.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use shapefile::dbase::{self, FieldValue};

use super::report::ImportReport;
use super::text::{
    self, Damage, DamagedText, Detection, Detector, EncodingChoice, EncodingSource, TextEncoding,
    TextEncodingReport,
};
use crate::message::{Layer, Msg, Unit};

/// The DBF is read through Windows-1252, which maps every byte to a character and back, so
/// the raw bytes can be recovered and decoded with the encoding the file really has.
pub const BYTE_CARRIER: &encoding_rs::Encoding = encoding_rs::WINDOWS_1252;

/// How the text of the `.dbf` beside `shp` is read: `chosen` by the user, else the `.cpg`'s
/// encoding, else a guess from all its text values (`has_dbf` false: there is no text).
/// Notes for the import report (the guess, an unknown `.cpg`) go to `notes`. `layer` names
/// the layer ("communes") for the flag that changes the encoding.
pub fn attributes(
    shp: &Path,
    has_dbf: bool,
    chosen: Option<TextEncoding>,
    layer: Layer,
    notes: &mut Vec<Msg>,
) -> Attributes {
    let flag = encoding_flag(layer);
    let (text, source, detection) = if has_dbf {
        choose_text(shp, chosen, &flag, notes)
    } else {
        let text = DbfText {
            encoding: chosen.unwrap_or(TextEncoding::Utf8),
            fallback: None,
        };
        (text, EncodingSource::Detected, None)
    };
    Attributes {
        text,
        source,
        detection,
        has_dbf,
        flag,
        record: AtomicU64::new(0),
        tally: Mutex::new(TextTally::default()),
    }
}

/// The command-line flag that chooses the text encoding of `layer`: `--commune-encoding`.
fn encoding_flag(layer: Layer) -> String {
    match layer {
        Layer::Communes => "--commune-encoding",
        Layer::Villages => "--village-encoding",
        // Read as the .cpg or the guess says; the import report says which.
        Layer::Background => "",
    }
    .to_string()
}

/// How the `.dbf` beside `shp` is decoded: the user's choice, else the `.cpg`'s encoding,
/// else a guess from all its text values.
fn choose_text(
    shp: &Path,
    chosen: Option<TextEncoding>,
    flag: &str,
    notes: &mut Vec<Msg>,
) -> (DbfText, EncodingSource, Option<Detection>) {
    let declared = |encoding| DbfText {
        encoding,
        fallback: None,
    };
    if let Some(e) = chosen {
        notes.push(Msg::EncodingChosen {
            encoding: e.to_string(),
        });
        return (declared(e), EncodingSource::Chosen, None);
    }
    let cpg = read_cpg(shp);
    let why = match cpg.as_deref() {
        Some(label) => match TextEncoding::from_label(label) {
            Some(e) => {
                let source = EncodingSource::Cpg {
                    label: label.to_string(),
                };
                return (declared(e), source, None);
            }
            None => Msg::CpgUnknown {
                label: label.to_string(),
            },
        },
        None => Msg::NoCpg,
    };
    let detection = detect_dbf(&super::paths::sidecar(shp, "dbf"));
    notes.extend(detection.note(why.clone(), flag, true));
    if detection.accented_words == 0 && cpg.is_some() {
        notes.push(Msg::PlainAscii { why: Box::new(why) });
    }
    let text = DbfText {
        encoding: detection.encoding,
        fallback: detection.fallback,
    };
    (text, EncodingSource::Detected, Some(detection))
}

/// Guesses the encoding of every text value of a `.dbf`. A table that cannot be read guesses
/// from what was read before the damage (the reading proper reports the damage).
fn detect_dbf(dbf: &Path) -> Detection {
    let mut detector = Detector::new();
    let reader = File::open(dbf).ok().and_then(|f| {
        dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(BYTE_CARRIER))
            .build(BufReader::new(f))
            .ok()
    });
    if let Some(mut reader) = reader {
        for record in reader.iter_records() {
            let Ok(record) = record else { break };
            for (_, value) in record {
                if let FieldValue::Character(Some(s)) | FieldValue::Memo(s) = value
                    && !s.is_ascii()
                {
                    detector.add(&BYTE_CARRIER.encode(&s).0);
                }
            }
        }
    }
    detector.finish()
}

/// Reads attribute values as text in the layer's encoding, and keeps count of values that
/// were not valid in it or still look damaged.
pub struct Attributes {
    pub text: DbfText,
    /// Where [`Self::text`]'s encoding came from.
    pub source: EncodingSource,
    /// The guess, when the encoding was guessed.
    pub detection: Option<Detection>,
    /// Whether there is a `.dbf` (without one there is no text to report on).
    has_dbf: bool,
    /// The flag that chooses the encoding (`--commune-encoding`), for messages.
    flag: String,
    /// The record being visited (1-based), for naming damaged records.
    record: AtomicU64,
    tally: Mutex<TextTally>,
}

/// What [`Attributes`] counts while reading.
#[derive(Debug, Default)]
struct TextTally {
    undecodable: u64,
    /// The first value not valid in the encoding: record and column.
    first_undecodable: Option<(u64, String)>,
    damaged: Vec<DamagedText>,
}

impl TextTally {
    fn damaged(&mut self, record: u64, column: &str, damage: Damage, text: &str) {
        DamagedText::tally(&mut self.damaged, record, column, damage, text);
    }
}

impl Attributes {
    /// The attribute `column` of `record` as text (see [`value_text`]), decoded.
    pub fn field(&self, record: &dbase::Record, column: &str) -> String {
        match record.get(column) {
            Some(FieldValue::Character(Some(s))) => self.decoded(s, column),
            Some(FieldValue::Memo(s)) => self.decoded(s, column),
            Some(other) => value_text(other),
            None => String::new(),
        }
    }

    /// Sets the record being read (1-based), for naming damaged records.
    pub fn set_record(&self, record: u64) {
        self.record.store(record, Ordering::Relaxed);
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, TextTally> {
        self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn decoded(&self, carried: &str, column: &str) -> String {
        let (text, clean) = self.text.decode(carried);
        let text = text.trim().to_string();
        let record = self.record.load(Ordering::Relaxed);
        if !clean {
            let mut tally = self.tally();
            tally.undecodable += 1;
            if tally.first_undecodable.is_none() {
                tally.first_undecodable = Some((record, column.to_string()));
            }
        }
        if let Some(damage) = text::damage(&text) {
            self.tally().damaged(record, column, damage, &text);
        }
        text
    }

    /// Puts how the text was read into `report`: its `text_encoding`, and notes on values
    /// not valid in the encoding and on damaged text, with what to do.
    pub fn report(&self, report: &mut ImportReport) {
        if !self.has_dbf {
            return;
        }
        let attrs = self;
        let tally = attrs.tally();
        let encoding = attrs.text.encoding;
        let flag = &attrs.flag;
        let choices = match &attrs.detection {
            Some(d) => d.choices(),
            None => std::iter::once(encoding)
                .chain(TextEncoding::CHOICES.into_iter().filter(|&e| e != encoding))
                .map(|encoding| EncodingChoice {
                    encoding,
                    vietnamese_share: None,
                })
                .collect(),
        };
        if tally.undecodable > 0 {
            let n = tally.undecodable;
            let first = match &tally.first_undecodable {
                Some((record, column)) => Msg::FirstNotValidAt {
                    record: *record,
                    column: column.clone(),
                },
                None => Msg::Nothing,
            };
            let (flag, choices) = (flag.to_string(), TextEncoding::choice_labels());
            let what = match (attrs.text.fallback, &attrs.source) {
                (Some(f), _) => Msg::ReadAsFallback {
                    fallback: f.to_string(),
                },
                (None, EncodingSource::Cpg { label }) => Msg::CpgMayBeWrong {
                    label: label.clone(),
                    flag,
                    choices,
                },
                (None, _) => Msg::ChooseOtherEncoding { flag, choices },
            };
            report.note(Msg::ValuesNotValid {
                values: Unit::Value.count(n),
                encoding: encoding.to_string(),
                first: Box::new(first),
                what: Box::new(what),
            });
        }
        for d in &tally.damaged {
            report.note(d.note(Unit::Record, Unit::Record, damage_remedy(d, flag)));
        }
        report.text_encoding = Some(TextEncodingReport {
            encoding,
            source: attrs.source.clone(),
            fallback: attrs.text.fallback,
            choices,
            accented_words: attrs.detection.as_ref().map_or(0, |d| d.accented_words),
            undecodable_values: tally.undecodable,
            damaged: tally.damaged.clone(),
        });
    }
}

fn read_cpg(shp: &Path) -> Option<String> {
    let mut label = String::new();
    File::open(super::paths::sidecar(shp, "cpg"))
        .ok()?
        .take(1024)
        .read_to_string(&mut label)
        .ok()?;
    let label = label
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_string();
    (!label.is_empty()).then_some(label)
}

/// How a DBF's text is decoded: its encoding, and for a guessed UTF-8 table with some values
/// that are not UTF-8, the encoding those are read in.
#[derive(Clone, Copy, Debug)]
pub struct DbfText {
    pub encoding: TextEncoding,
    pub fallback: Option<TextEncoding>,
}

impl DbfText {
    /// Decodes text the DBF reader carried through [`BYTE_CARRIER`] to Unicode NFC; `false`
    /// in the second place when the bytes were not valid in the encoding.
    pub fn decode(&self, carried: &str) -> (String, bool) {
        if carried.is_ascii() {
            return (carried.to_string(), true);
        }
        let (bytes, _, unmappable) = BYTE_CARRIER.encode(carried);
        if unmappable {
            // The DBF reader's decoder took the value's first bytes for a byte-order mark
            // (FF FE, FE FF, EF BB BF) and decoded the rest as UTF-16 or UTF-8: the value's
            // bytes are lost, and they were not text in the table's encoding.
            return (text::nfc(carried.to_string()), false);
        }
        let (text, had_errors) = self.encoding.decode(&bytes);
        match (had_errors, self.fallback) {
            (true, Some(f)) => (f.decode(&bytes).0, false),
            _ => (text, !had_errors),
        }
    }
}

/// What to do about damaged text in a column: get the file again when letters were lost
/// before it reached phusong, else try another encoding.
pub fn damage_remedy(d: &text::DamagedText, flag: &str) -> Msg {
    if d.damage == [Damage::LostLetters] {
        Msg::LostLettersRemedy {
            flag: flag.to_string(),
        }
    } else {
        Msg::DamagedRemedy {
            flag: flag.to_string(),
            choices: TextEncoding::choice_labels(),
        }
    }
}

/// An attribute value as the text a user would type: numbers without a needless `.0`
/// (a numeric code `1234.0` is `1234`), trimmed strings, empty for nulls.
pub fn value_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Character(s) => s.as_deref().unwrap_or("").trim().to_string(),
        FieldValue::Memo(s) => s.trim().to_string(),
        FieldValue::Numeric(n) => n.map(number_text).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|v| number_text(v as f64)).unwrap_or_default(),
        FieldValue::Double(n) | FieldValue::Currency(n) => number_text(*n),
        FieldValue::Integer(i) => i.to_string(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        FieldValue::DateTime(dt) => {
            let d = dt.date();
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    }
}

fn number_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_flags_are_named_after_the_layer() {
        assert_eq!(encoding_flag(Layer::Communes), "--commune-encoding");
        assert_eq!(encoding_flag(Layer::Villages), "--village-encoding");
    }

    #[test]
    fn numeric_codes_lose_their_decimal_part() {
        assert_eq!(value_text(&FieldValue::Numeric(Some(1234.0))), "1234");
        assert_eq!(value_text(&FieldValue::Numeric(Some(12.5))), "12.5");
        assert_eq!(value_text(&FieldValue::Numeric(None)), "");
        assert_eq!(
            value_text(&FieldValue::Character(Some(" Bắc Kạn ".into()))),
            "Bắc Kạn"
        );
    }
}
