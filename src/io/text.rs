//! Text encodings of attribute tables and village lists: the ones Vietnamese files come in,
//! the labels people write in `.cpg` files, guessing the encoding of a file that does not
//! say, and spotting text that was damaged before it reached phusong.
//!
//! # Guessing
//! Every word of the file that has a byte beyond ASCII is decoded in each candidate encoding
//! ([`TextEncoding::CHOICES`]); a candidate's score is the share of those words that come out
//! as a Vietnamese syllable ([`vietnamese::is_syllable`]): wrong encodings give
//! non-letters (`B¾c`), vowels no syllable has (`Baéc`) or bytes the encoding does not have.
//! A file whose every value is valid UTF-8 is UTF-8 (legacy text almost never is); otherwise
//! the best score wins, ties going to the earlier of UTF-8, Windows-1258, TCVN3, VNI. When
//! UTF-8 wins with some values that are not UTF-8 (a file edited with two programs), those
//! values are read in the legacy encoding that reads them best.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::vietnamese;
pub use crate::message::Damage;
use crate::message::{DamageKinds, Have, Listed, Msg, Unit};

/// How many first line (or record) numbers a report keeps for each reason: enough to find
/// the rows in the file, few enough to read in one sentence.
pub const FIRST_LINES_KEPT: usize = 5;

/// An encoding of text in a DBF or a village list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TextEncoding {
    /// UTF-8 (code page 65001), what QGIS and ArcGIS write with a `.cpg`.
    Utf8,
    /// Windows-1258, the Vietnamese Windows code page; tone marks may be separate characters
    /// and are composed (NFC).
    Windows1258,
    /// TCVN3 (ABC, TCVN 5712:1993 VN3), the .VnTime fonts; see [`vietnamese`] for capitals.
    Tcvn3,
    /// VNI-Windows, the VNI-Times fonts: an accented letter is two bytes.
    Vni,
    /// Any other encoding a `.cpg` names (code page 1252, 936 …).
    Other(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The encodings a user chooses from, in the order they are offered and ties are broken.
    pub const CHOICES: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Windows1258,
        TextEncoding::Tcvn3,
        TextEncoding::Vni,
    ];

    /// The encoding a `.cpg`, a flag or a setting names: `UTF-8`, `65001`, `1258`, `CP1258`,
    /// `windows-1258`, `ANSI 1258`, `TCVN3`, `TCVN`, `ABC`, `TCVN5712-1`, `VNI`, `VNI-WIN`,
    /// `VNI-Windows`, or any WHATWG label or Windows code page number (`936`, `1252`).
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        let label = label.trim().trim_start_matches('\u{feff}').trim();
        let key: String = label
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "" => return None,
            "utf8" | "utf8bom" | "65001" | "cp65001" | "unicode" => {
                return Some(TextEncoding::Utf8);
            }
            "abc" | "vn3" | "vntime" | "vntimeh" => return Some(TextEncoding::Tcvn3),
            k if k.starts_with("tcvn") => return Some(TextEncoding::Tcvn3),
            k if k.starts_with("vni") => return Some(TextEncoding::Vni),
            _ => {}
        }
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).or_else(|| {
            let digits: String = label.chars().filter(char::is_ascii_digit).collect();
            match digits.as_str() {
                "936" => Some(encoding_rs::GBK),
                "932" => Some(encoding_rs::SHIFT_JIS),
                "949" => Some(encoding_rs::EUC_KR),
                "950" => Some(encoding_rs::BIG5),
                "874" => Some(encoding_rs::WINDOWS_874),
                "866" => Some(encoding_rs::IBM866),
                d if d.len() == 4 && d.starts_with("125") => {
                    encoding_rs::Encoding::for_label(format!("windows-{d}").as_bytes())
                }
                "88591" => Some(encoding_rs::WINDOWS_1252),
                _ => None,
            }
        })?;
        Some(TextEncoding::from(encoding))
    }

    /// The name shown to users: "UTF-8", "Windows-1258", "TCVN3 (ABC)", "VNI-Windows".
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Tcvn3 => "TCVN3 (ABC)",
            TextEncoding::Vni => "VNI-Windows",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// The label to type in a flag or a `.cpg`: `utf-8`, `windows-1258`, `tcvn3`, `vni`.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1258 => "windows-1258",
            TextEncoding::Tcvn3 => "tcvn3",
            TextEncoding::Vni => "vni",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// The labels of [`Self::CHOICES`], for messages: "utf-8, windows-1258, tcvn3, vni".
    pub fn choice_labels() -> String {
        Self::CHOICES.map(Self::label).join(", ")
    }

    /// Decodes `bytes` to Unicode NFC; `true` in the second place when some bytes are not
    /// valid in this encoding (they become U+FFFD, or in TCVN3/VNI their Windows-1252 reading).
    pub fn decode(self, bytes: &[u8]) -> (String, bool) {
        let rs = |e: &'static encoding_rs::Encoding| {
            let (text, had_errors) = e.decode_without_bom_handling(bytes);
            (text.into_owned(), had_errors)
        };
        let (text, had_errors) = match self {
            TextEncoding::Utf8 => rs(encoding_rs::UTF_8),
            TextEncoding::Windows1258 => rs(encoding_rs::WINDOWS_1258),
            TextEncoding::Tcvn3 => return vietnamese::decode_tcvn3(bytes),
            TextEncoding::Vni => return vietnamese::decode_vni(bytes),
            TextEncoding::Other(e) => rs(e),
        };
        (nfc(text), had_errors)
    }
}

/// `text` in Unicode NFC (precomposed letters; Windows-1258 and decomposed UTF-8 need it).
pub fn nfc(text: String) -> String {
    if unicode_normalization::is_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

impl From<&'static encoding_rs::Encoding> for TextEncoding {
    fn from(e: &'static encoding_rs::Encoding) -> Self {
        if e == encoding_rs::UTF_8 {
            TextEncoding::Utf8
        } else if e == encoding_rs::WINDOWS_1258 {
            TextEncoding::Windows1258
        } else {
            TextEncoding::Other(e)
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for TextEncoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        TextEncoding::from_label(s).ok_or_else(|| {
            format!(
                "\"{s}\" is not a text encoding phusong reads; use one of {}",
                TextEncoding::choice_labels()
            )
        })
    }
}

impl TryFrom<String> for TextEncoding {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<TextEncoding> for String {
    fn from(e: TextEncoding) -> String {
        e.label().to_string()
    }
}

/// Where the encoding a layer was read in came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum EncodingSource {
    /// The `.cpg` beside the `.dbf` named it.
    Cpg { label: String },
    /// The user chose it (the layer's `encoding` option, `--commune-encoding` …).
    Chosen,
    /// A UTF-8 byte-order mark starts the file.
    ByteOrderMark,
    /// Guessed from the text (no `.cpg`, or one naming an encoding phusong does not know).
    Detected,
}

/// One encoding a user can switch to, with how well it reads the file when it was guessed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EncodingChoice {
    pub encoding: TextEncoding,
    /// Share (0–1) of the words with accents that this encoding reads as Vietnamese; only
    /// when the encoding was guessed and the file has such words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vietnamese_share: Option<f64>,
}

/// Characters that may stand in Vietnamese text although they are not letters.
fn allowed_symbol(c: char) -> bool {
    matches!(c, '\u{a0}' | '°')
}

/// What looks damaged in a decoded value, `None` when nothing does. Non-Latin scripts (a
/// Chinese `.cpg`) are not judged.
pub fn damage(text: &str) -> Option<Damage> {
    if text.contains('\u{fffd}') {
        return Some(Damage::ReplacementCharacters);
    }
    // NUL and the other control characters are no text: bytes damaged in transfer.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Some(Damage::ControlCharacters);
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '?' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let gap = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '?');
            if letter(before) || letter(after) || (gap(before) && gap(after)) {
                return Some(Damage::LostLetters);
            }
        }
    }
    let latin =
        |c: char| ('\u{80}'..='\u{24f}').contains(&c) || ('\u{300}'..='\u{36f}').contains(&c);
    chars
        .iter()
        .any(|&c| latin(c) && !allowed_symbol(c) && !vietnamese::is_vietnamese_letter(c))
        .then_some(Damage::NotVietnamese)
}

/// Records of one column whose text looks damaged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DamagedText {
    pub column: String,
    /// The kinds of damage seen, in the order first seen.
    pub damage: Vec<Damage>,
    pub records: u64,
    /// The first record numbers (1-based).
    pub first_records: Vec<u64>,
    /// The first damaged value, as read.
    pub example: String,
}

impl DamagedText {
    /// Counts one damaged value of `column` in `record` into `list`, which keeps one entry
    /// per column: the kinds of damage, how many records, the first ones and an example.
    pub fn tally(
        list: &mut Vec<DamagedText>,
        record: u64,
        column: &str,
        damage: Damage,
        value: &str,
    ) {
        let at = match list.iter().position(|d| d.column == column) {
            Some(i) => i,
            None => {
                list.push(DamagedText {
                    column: column.to_string(),
                    damage: Vec::new(),
                    records: 0,
                    first_records: Vec::new(),
                    example: value.chars().take(60).collect(),
                });
                list.len() - 1
            }
        };
        let d = &mut list[at];
        if !d.damage.contains(&damage) {
            d.damage.push(damage);
        }
        d.records += 1;
        if d.first_records.len() < FIRST_LINES_KEPT {
            d.first_records.push(record);
        }
    }

    /// The import-report note: `damaged text in column {column}: 3 records (2, 5, 7) with
    /// …, e.g. "…"; the text is kept as it is. {remedy}`; `unit` is what is counted.
    pub fn note(&self, unit: Unit, listed_unit: Unit, remedy: Msg) -> Msg {
        let mut numbers: Vec<String> = self.first_records.iter().map(u64::to_string).collect();
        if self.records > self.first_records.len() as u64 {
            numbers.push("…".into());
        }
        Msg::DamagedText {
            column: self.column.clone(),
            n: unit.count(self.records),
            listed: Listed {
                unit: listed_unit,
                n: self.first_records.len() as u64,
            },
            first: numbers.join(", "),
            have: Have(self.records),
            kinds: DamageKinds(self.damage.clone()),
            example: self.example.clone(),
            remedy: Box::new(remedy),
        }
    }
}

/// How a layer's text was read, for the import report and for a front that shows the
/// encoding with a way to change it (reload with the layer's `encoding` option set).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextEncodingReport {
    pub encoding: TextEncoding,
    pub source: EncodingSource,
    /// Values not valid in `encoding` were read in this one instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<TextEncoding>,
    /// What the user can choose: the encoding used first, then the others (best guess first
    /// when guessed).
    pub choices: Vec<EncodingChoice>,
    /// Words with accents the guess looked at (0 when not guessed).
    pub accented_words: u64,
    /// Values not valid in `encoding`.
    pub undecodable_values: u64,
    /// Values that still look damaged after decoding, by column and kind.
    pub damaged: Vec<DamagedText>,
}

/// The guess for text that does not say its encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    pub encoding: TextEncoding,
    /// For values not valid in `encoding` (only when that is UTF-8).
    pub fallback: Option<TextEncoding>,
    /// Every candidate with its share of accented words read as Vietnamese, best first.
    pub scores: Vec<(TextEncoding, f64)>,
    /// Accented words looked at (with repeats).
    pub accented_words: u64,
}

impl Detection {
    /// The choices for the report: the guess first, then the others by score.
    pub fn choices(&self) -> Vec<EncodingChoice> {
        self.scores
            .iter()
            .map(|&(encoding, share)| EncodingChoice {
                encoding,
                vietnamese_share: (self.accented_words > 0).then_some(share),
            })
            .collect()
    }

    /// The notes for the import report: the guess, the runner-up, a doubt, and how to
    /// change it; none when the text is plain ASCII (every encoding reads it the same).
    /// `why` says why it was guessed, `flag` is the command-line flag that chooses the
    /// encoding, `dbf` tells a shapefile (which declares it in a `.cpg`) from a list.
    pub fn note(&self, why: Msg, flag: &str, dbf: bool) -> Vec<Msg> {
        if self.accented_words == 0 {
            return Vec::new();
        }
        let pct = |s: f64| format!("{:.0}%", s * 100.0);
        let best = self.scores.first().map(|s| s.1).unwrap_or(0.0);
        let runner = match self.scores.get(1) {
            Some((e, s)) => Msg::EncodingRunnerUp {
                encoding: e.to_string(),
                pct: pct(*s),
            },
            None => Msg::Nothing,
        };
        let doubt = if best < 0.5 {
            Msg::EncodingDoubt
        } else {
            Msg::Nothing
        };
        let (flag, choices) = (flag.to_string(), TextEncoding::choice_labels());
        let choose = if dbf {
            Msg::EncodingChooseDbf { flag, choices }
        } else {
            Msg::EncodingChooseList { flag, choices }
        };
        vec![Msg::EncodingGuessed {
            why: Box::new(why),
            encoding: self.encoding.to_string(),
            pct: pct(best),
            words: Unit::Word.count(self.accented_words),
            runner: Box::new(runner),
            doubt: Box::new(doubt),
            choose: Box::new(choose),
        }]
    }
}

/// Most distinct words a [`Detector`] keeps (more would not change the guess).
const MAX_WORDS: usize = 50_000;

/// Collects the words of a file's text values and guesses their encoding.
#[derive(Debug, Default)]
pub struct Detector {
    /// Accented words (raw bytes) and how often they occur.
    words: HashMap<Vec<u8>, u64>,
    /// The same for values that are not valid UTF-8.
    not_utf8_words: HashMap<Vec<u8>, u64>,
    any_not_utf8: bool,
}

impl Detector {
    pub fn new() -> Detector {
        Detector::default()
    }

    /// Adds one text value (raw bytes).
    pub fn add(&mut self, bytes: &[u8]) {
        if bytes.is_ascii() {
            return;
        }
        let utf8 = std::str::from_utf8(bytes).is_ok();
        self.any_not_utf8 |= !utf8;
        // Words split at ASCII bytes other than letters and digits: the same words in every
        // candidate encoding (their multi-byte sequences have no such bytes).
        for word in bytes.split(|b| b.is_ascii() && !b.is_ascii_alphanumeric()) {
            if word.is_ascii() {
                continue;
            }
            let count = |map: &mut HashMap<Vec<u8>, u64>| {
                if let Some(n) = map.get_mut(word) {
                    *n += 1;
                } else if map.len() < MAX_WORDS {
                    map.insert(word.to_vec(), 1);
                }
            };
            count(&mut self.words);
            if !utf8 {
                count(&mut self.not_utf8_words);
            }
        }
    }

    /// The guess from everything added.
    pub fn finish(&self) -> Detection {
        let accented_words: u64 = self.words.values().sum();
        // (encoding, Vietnamese share, share of words it cannot decode)
        let mut ranked: Vec<(TextEncoding, f64, f64)> = TextEncoding::CHOICES
            .iter()
            .map(|&e| {
                let (share, errors) = read_as(&self.words, e);
                (e, share, errors)
            })
            .collect();
        // Best share first, then fewer undecodable words; the sort is stable, so ties keep
        // the order of CHOICES.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.total_cmp(&b.2)));
        if !self.any_not_utf8
            && let Some(at) = ranked.iter().position(|s| s.0 == TextEncoding::Utf8)
        {
            let utf8 = ranked.remove(at);
            ranked.insert(0, utf8);
        }
        let encoding = ranked.first().map(|s| s.0).unwrap_or(TextEncoding::Utf8);
        let fallback = (encoding == TextEncoding::Utf8 && self.any_not_utf8).then(|| {
            let mut legacy: Vec<(TextEncoding, f64, f64)> = TextEncoding::CHOICES[1..]
                .iter()
                .map(|&e| {
                    let (share, errors) = read_as(&self.not_utf8_words, e);
                    (e, share, errors)
                })
                .collect();
            legacy.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.total_cmp(&b.2)));
            legacy
                .first()
                .map(|l| l.0)
                .unwrap_or(TextEncoding::Windows1258)
        });
        Detection {
            encoding,
            fallback,
            scores: ranked.into_iter().map(|(e, share, _)| (e, share)).collect(),
            accented_words,
        }
    }
}

/// How `encoding` reads `words` (weighted by count): the share it decodes to a Vietnamese
/// syllable, and the share it cannot decode.
fn read_as(words: &HashMap<Vec<u8>, u64>, encoding: TextEncoding) -> (f64, f64) {
    let total: u64 = words.values().sum();
    if total == 0 {
        return (0.0, 0.0);
    }
    let (mut good, mut bad) = (0u64, 0u64);
    for (word, n) in words {
        let (text, had_errors) = encoding.decode(word);
        if had_errors {
            bad += n;
        } else if vietnamese::is_syllable(&text) {
            good += n;
        }
    }
    (good as f64 / total as f64, bad as f64 / total as f64)
}

/// "1 record", "2 records".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How a file's text is read: the encoding chosen, else UTF-8 for a byte-order mark, else
/// the guess from its lines; where it came from, the encoding for the lines that are not
/// UTF-8, the choices in order, and the words with accents the guess saw.
fn file_encoding(
    bytes: &[u8],
    bom: bool,
    chosen: Option<TextEncoding>,
    flag: &str,
    notes: &mut Vec<Msg>,
) -> (
    TextEncoding,
    EncodingSource,
    Option<TextEncoding>,
    Vec<EncodingChoice>,
    u64,
) {
    let others = |first: TextEncoding| -> Vec<EncodingChoice> {
        std::iter::once(first)
            .chain(TextEncoding::CHOICES.into_iter().filter(|&e| e != first))
            .map(|encoding| EncodingChoice {
                encoding,
                vietnamese_share: None,
            })
            .collect()
    };
    match (chosen, bom) {
        (Some(e), _) => {
            notes.push(Msg::EncodingChosen {
                encoding: e.to_string(),
            });
            (e, EncodingSource::Chosen, None, others(e), 0)
        }
        (None, true) => (
            TextEncoding::Utf8,
            EncodingSource::ByteOrderMark,
            None,
            others(TextEncoding::Utf8),
            0,
        ),
        (None, false) => {
            let mut detector = Detector::new();
            for line in bytes.split(|&b| b == b'\n') {
                detector.add(line);
            }
            let guess = detector.finish();
            notes.extend(guess.note(Msg::FileSaysNoEncoding, flag, false));
            (
                guess.encoding,
                EncodingSource::Detected,
                guess.fallback,
                guess.choices(),
                guess.accented_words,
            )
        }
    }
}

/// `body` decoded in `encoding`, and how many lines (or, without a `fallback`, whether any
/// text) were not valid in it. With UTF-8 and a fallback, line by line, so that the lines
/// that are not UTF-8 alone are read in the fallback.
fn decode_body(
    body: &[u8],
    encoding: TextEncoding,
    fallback: Option<TextEncoding>,
) -> (String, u64) {
    let mut undecodable = 0u64;
    let text = match (encoding, fallback) {
        (TextEncoding::Utf8, Some(f)) => {
            let mut text = String::with_capacity(body.len());
            for line in body.split_inclusive(|&b| b == b'\n') {
                match std::str::from_utf8(line) {
                    Ok(s) => text.push_str(s),
                    Err(_) => {
                        undecodable += 1;
                        text.push_str(&f.decode(line).0);
                    }
                }
            }
            nfc(text)
        }
        _ => {
            let (text, had_errors) = encoding.decode(body);
            undecodable += u64::from(had_errors);
            text
        }
    };
    (text, undecodable)
}

/// Decodes a whole text file (a CSV village list) in `chosen`, or in the encoding a UTF-8
/// byte-order mark declares, or else the guessed one. Returns the text (without the BOM) and
/// the report of how it was read; notes for the import report go to `notes`.
pub fn decode_file(
    bytes: &[u8],
    chosen: Option<TextEncoding>,
    flag: &str,
    notes: &mut Vec<Msg>,
) -> (String, TextEncodingReport) {
    let bom = bytes.strip_prefix(b"\xEF\xBB\xBF");
    let (encoding, source, fallback, choices, accented_words) =
        file_encoding(bytes, bom.is_some(), chosen, flag, notes);
    let (text, undecodable) = decode_body(bom.unwrap_or(bytes), encoding, fallback);
    if undecodable > 0 {
        match fallback {
            Some(f) => notes.push(Msg::LinesReadAsFallback {
                lines: Unit::Line.count(undecodable),
                encoding: encoding.to_string(),
                fallback: f.to_string(),
            }),
            None => notes.push(Msg::SomeTextNotValid {
                encoding: encoding.to_string(),
                choose: Box::new(Msg::EncodingChooseList {
                    flag: flag.to_string(),
                    choices: TextEncoding::choice_labels(),
                }),
            }),
        }
    }
    let report = TextEncodingReport {
        encoding,
        source,
        fallback,
        choices,
        accented_words,
        undecodable_values: undecodable,
        damaged: Vec::new(),
    };
    (text, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_people_write_in_cpg_files() {
        let cases = [
            ("UTF-8", TextEncoding::Utf8),
            ("utf8", TextEncoding::Utf8),
            ("65001", TextEncoding::Utf8),
            ("\u{feff}UTF-8\r\n", TextEncoding::Utf8),
            ("1258", TextEncoding::Windows1258),
            ("CP1258", TextEncoding::Windows1258),
            ("ANSI 1258", TextEncoding::Windows1258),
            ("windows-1258", TextEncoding::Windows1258),
            ("TCVN3", TextEncoding::Tcvn3),
            ("TCVN-3", TextEncoding::Tcvn3),
            ("ABC", TextEncoding::Tcvn3),
            ("TCVN5712-1:1993", TextEncoding::Tcvn3),
            ("VNI", TextEncoding::Vni),
            ("VNI-WIN", TextEncoding::Vni),
            ("VNI-Windows", TextEncoding::Vni),
            ("936", TextEncoding::Other(encoding_rs::GBK)),
            ("1252", TextEncoding::Other(encoding_rs::WINDOWS_1252)),
        ];
        for (label, want) in cases {
            assert_eq!(TextEncoding::from_label(label), Some(want), "{label:?}");
        }
        assert_eq!(TextEncoding::from_label("VISCII"), None);
        assert_eq!(TextEncoding::from_label(""), None);
        for e in TextEncoding::CHOICES {
            assert_eq!(TextEncoding::from_label(e.label()), Some(e));
        }
    }

    #[test]
    fn serde_writes_and_reads_the_label() {
        let json = serde_json::to_string(&TextEncoding::Tcvn3).unwrap();
        assert_eq!(json, "\"tcvn3\"");
        let back: TextEncoding = serde_json::from_str("\"VNI-WIN\"").unwrap();
        assert_eq!(back, TextEncoding::Vni);
        assert!(serde_json::from_str::<TextEncoding>("\"viscii\"").is_err());
    }

    #[test]
    fn windows_1258_tone_marks_are_composed() {
        // ă (0xE3) + combining acute (0xEC), a + combining dot below (0xF2).
        let (text, errors) = TextEncoding::Windows1258.decode(b"B\xe3\xecc Ka\xf2n");
        assert_eq!(text, "Bắc Kạn");
        assert!(!errors);
        let (raw, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(b"Ka\xf2n");
        assert_eq!(raw, "Ka\u{323}n", "encoding_rs leaves the mark separate");
        // Decomposed UTF-8 is composed too.
        let (text, _) = TextEncoding::Utf8.decode("Nguye\u{302}\u{303}n".as_bytes());
        assert_eq!(text, "Nguyễn");
    }

    fn guess(values: &[&[u8]]) -> Detection {
        let mut d = Detector::new();
        for v in values {
            d.add(v);
        }
        d.finish()
    }

    #[test]
    fn detection_tells_the_encodings_apart() {
        let tcvn3: &[&[u8]] = &[b"B\xbec K\xb9n", b"Ph\xad\xeang \xa7\xf8c Xu\xa9n"];
        assert_eq!(guess(tcvn3).encoding, TextEncoding::Tcvn3);
        let vni: &[&[u8]] = &[
            b"Ba\xe9c Ka\xefn",
            b"Ph\xf6\xf4\xf8ng \xd1\xf6\xf9c Xua\xe2n",
        ];
        assert_eq!(guess(vni).encoding, TextEncoding::Vni);
        let cp1258: &[&[u8]] = &[
            b"B\xe3\xecc Ka\xf2n",
            b"Ph\xfd\xf5\xccng \xd0\xfd\xecc Xu\xe2n",
        ];
        assert_eq!(guess(cp1258).encoding, TextEncoding::Windows1258);
        let utf8: &[&[u8]] = &["Bắc Kạn".as_bytes(), "Phường Đức Xuân".as_bytes()];
        let d = guess(utf8);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.fallback, None);
        assert_eq!(d.scores[0].1, 1.0);
        assert_eq!(d.accented_words, 5);
    }

    #[test]
    fn mostly_utf8_reads_the_rest_in_the_best_legacy_encoding() {
        let mixed: &[&[u8]] = &[
            "Bắc Kạn".as_bytes(),
            "Phường Đức Xuân".as_bytes(),
            "Xã Nông Thượng".as_bytes(),
            b"B\xbec K\xb9n",
        ];
        let d = guess(mixed);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.fallback, Some(TextEncoding::Tcvn3));
    }

    #[test]
    fn ascii_text_needs_no_note() {
        let d = guess(&[b"Bac Kan", b"Duc Xuan"]);
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert!(d.note(Msg::NoCpg, "--x", true).is_empty());
    }

    #[test]
    fn damage_is_found_and_good_names_pass() {
        assert_eq!(damage("Nguy?n V?n"), Some(Damage::LostLetters));
        assert_eq!(damage("X? ?"), Some(Damage::LostLetters));
        assert_eq!(damage("?"), Some(Damage::LostLetters));
        assert_eq!(damage("B\u{fffd}c"), Some(Damage::ReplacementCharacters));
        assert_eq!(damage("Báº¯c Káº¡n"), Some(Damage::NotVietnamese));
        assert_eq!(damage("B¾c K¹n"), Some(Damage::NotVietnamese));
        assert_eq!(damage("Baéc Kaïn"), Some(Damage::NotVietnamese));
        for good in [
            "Bắc Kạn",
            "Phường Đức Xuân",
            "Khu 5 (cũ)",
            "测试中文",
            "Thôn 1 - 2",
            "",
        ] {
            assert_eq!(damage(good), None, "{good}");
        }
    }

    #[test]
    fn any_bytes_decode_without_panicking() {
        let mut guess = Detector::new();
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b, b' ', b, a];
                for e in TextEncoding::CHOICES {
                    let (text, _) = e.decode(&bytes);
                    let _ = damage(&text);
                }
                guess.add(&bytes);
            }
        }
        let d = guess.finish();
        assert_eq!(d.scores.len(), 4);
    }
}
