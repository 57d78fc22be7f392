//! The legacy Vietnamese encodings that encoding_rs does not have, TCVN3 (ABC) and
//! VNI-Windows, and what a Vietnamese letter and syllable look like (for telling encodings
//! apart and for spotting damaged text).
//!
//! # Sources of the tables
//! - TCVN3 (ABC) is the VN3 level of TCVN 5712:1993: the lower-case letters with and without
//!   tone, and the seven capitals without tone (Ă Â Ê Ô Ơ Ư Đ), at 0xA1–0xFE. The table below
//!   was taken from UniKey's converter (`vnconv`, e.g. `unikey/data.cpp` of fcitx5-unikey)
//!   and checked byte for byte against GNU libiconv's `TCVN` table (`lib/tcvn.h`) and glibc's
//!   `iconv -f TCVN5712-1`: all 74 code points agree. The code points VN3 leaves free inside
//!   0xA0–0xFF are read as the full standard (VN1) defines them: the capitals with tone it
//!   has room for (Ằ at 0xAF, Ẳ at 0xBA, …) and the combining tone marks at 0xB0–0xB4.
//!   Bytes 0x80–0x9F are Windows-1252 punctuation, as in the ABC fonts and UniKey; the
//!   control-code positions VN1 gives to capitals (0x01, 0x02, 0x04–0x06, 0x11–0x17) are not
//!   read as letters.
//! - VNI-Windows writes an accented vowel as its base letter followed by one mark byte
//!   (`a` + 0xF9 = á, `A` + 0xD9 = Á, `a` + 0xE1 = ấ), and ơ ư đ and the i's and ỵ as single
//!   bytes. The tables were taken from UniKey's `VNI-WIN` table and checked against the table
//!   of xvnkb (`vni.h`): all 146 vowels and Đ/đ of both cases agree.
//! - `tests/data/encodings/make_fixtures.py` encodes every letter with every tone from
//!   libiconv's and xvnkb's tables (not UniKey's), and `tests/encodings.rs` decodes them here.
//!
//! # Capitals in TCVN3
//! TCVN3 has no capitals with a tone: people wrote them with the capital fonts (.VnTimeH),
//! which draw the lower-case code points as capitals. The bytes alone cannot tell, so a
//! letter with a tone is read as lower case, except:
//! - in a line written in capitals (no lower-case ASCII letter, and some word has a capital
//!   ASCII letter after its first letter, as in `B¾C K¹N`), every letter is a capital:
//!   "BẮC KẠN";
//! - at the start of a word in a line of capitalised words (every other word starts with a
//!   capital), the first letter is a capital: `Nµ ¶ng` is "Nà Ảng".
//!
//! A single word such as `¶ng` stays "ảng".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

/// TCVN 5712:1993 bytes 0xA0..=0xFF.
#[rustfmt::skip]
const TCVN3_A0_FF: [char; 96] = [
    // A0: NBSP Ă Â Ê Ô Ơ Ư Đ
    '\u{00A0}', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}', '\u{0110}',
    // A8: ă â ê ô ơ ư đ Ằ
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}', '\u{1EB0}',
    // B0: combining grave, hook, tilde, acute, dot below; à ả ã
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00E0}', '\u{1EA3}', '\u{00E3}',
    // B8: á ạ Ẳ ằ ẳ ẵ ắ Ẵ
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}', '\u{1EB4}',
    // C0: Ắ Ầ Ẩ Ẫ Ấ Ề ặ ầ
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}', '\u{1EA7}',
    // C8: ẩ ẫ ấ ậ è Ể ẻ ẽ
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}', '\u{1EBD}',
    // D0: é ẹ ề ể ễ ế ệ ì
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}', '\u{00EC}',
    // D8: ỉ Ễ Ế Ồ ĩ í ị ò
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}', '\u{00F2}',
    // E0: Ổ ỏ õ ó ọ ồ ổ ỗ
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}', '\u{1ED7}',
    // E8: ố ộ ờ ở ỡ ớ ợ ù
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}', '\u{00F9}',
    // F0: Ỗ ủ ũ ú ụ ừ ử ữ
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}', '\u{1EEF}',
    // F8: ứ ự ỳ ỷ ỹ ý ỵ Ố
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}', '\u{1ED0}',
];

/// Whether a TCVN3 byte is one of VN3's lower-case letters with a tone or a modifier (the
/// code points the capital fonts draw as capitals).
fn tcvn3_lower_letter(b: u8) -> bool {
    matches!(b, 0xA8..=0xAE | 0xB5..=0xB9 | 0xBB..=0xBE | 0xC6..=0xCC | 0xCE..=0xD8 | 0xDC..=0xDF | 0xE1..=0xEF | 0xF1..=0xFE)
}

/// A byte 0x80..=0x9F as Windows-1252 reads it; `None` for the five bytes it leaves undefined.
fn windows_1252_c1(b: u8) -> Option<char> {
    let byte = [b];
    let (text, had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    let c = text.chars().next()?;
    (!had_errors && !('\u{80}'..='\u{9f}').contains(&c)).then_some(c)
}

/// Decodes TCVN3 (ABC) text to Unicode NFC; `true` in the second place when a byte has no
/// meaning in it. Capitals follow the rules in the [module documentation](self).
pub fn decode_tcvn3(bytes: &[u8]) -> (String, bool) {
    let mut errors = false;
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        // (char, decoded from a VN3 lower-case letter)
        let chars: Vec<(char, bool)> = line
            .iter()
            .map(|&b| match b {
                0x00..=0x7F => (b as char, false),
                0x80..=0x9F => match windows_1252_c1(b) {
                    Some(c) => (c, false),
                    None => {
                        errors = true;
                        ('\u{fffd}', false)
                    }
                },
                _ => (TCVN3_A0_FF[usize::from(b - 0xA0)], tcvn3_lower_letter(b)),
            })
            .collect();
        push_with_tcvn3_capitals(&chars, &mut out);
    }
    (out.nfc().collect(), errors)
}

/// Words of a line as ranges of `chars`: runs of letters, digits and combining marks.
fn words(chars: &[(char, bool)]) -> Vec<std::ops::Range<usize>> {
    let in_word = |c: char| c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, &(c, _)) in chars.iter().enumerate() {
        match (in_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..chars.len());
    }
    out
}

fn push_with_tcvn3_capitals(chars: &[(char, bool)], out: &mut String) {
    let any_vn3 = chars.iter().any(|&(_, lower)| lower);
    if !any_vn3 {
        out.extend(chars.iter().map(|&(c, _)| c));
        return;
    }
    let words = words(chars);
    let no_ascii_lower = !chars.iter().any(|&(c, _)| c.is_ascii_lowercase());
    let inner_ascii_capital = words.iter().any(|w| {
        chars[w.clone()]
            .iter()
            .skip(1)
            .any(|&(c, _)| c.is_ascii_uppercase())
    });
    if no_ascii_lower && inner_ascii_capital {
        for &(c, lower) in chars {
            if lower {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        return;
    }
    // Capitalised words: every word starts with a capital or a VN3 letter, and at least one
    // with a capital.
    let starts: Vec<(char, bool)> = words.iter().map(|w| chars[w.start]).collect();
    let capitalised = starts.iter().any(|&(c, _)| c.is_uppercase())
        && starts.iter().all(|&(c, lower)| c.is_uppercase() || lower);
    let mut capital_at = vec![false; chars.len()];
    if capitalised {
        for w in &words {
            capital_at[w.start] = chars[w.start].1;
        }
    }
    for (i, &(c, _)) in chars.iter().enumerate() {
        if capital_at[i] {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
}

/// What a VNI-Windows mark byte adds to the letter before it.
#[derive(Clone, Copy)]
struct VniMark {
    /// U+0302 circumflex (â ê ô) or U+0306 breve (ă).
    modifier: Option<char>,
    /// U+0300 grave, U+0301 acute, U+0303 tilde, U+0309 hook, U+0323 dot below.
    tone: Option<char>,
}

/// The mark of a VNI mark byte; the lower-case form (for small letters) and the same minus
/// 0x20 (for capitals) mean the same mark.
fn vni_mark(b: u8) -> Option<VniMark> {
    const CIRCUMFLEX: Option<char> = Some('\u{302}');
    const BREVE: Option<char> = Some('\u{306}');
    let lower = if (0xC0..=0xDF).contains(&b) {
        b + 0x20
    } else {
        b
    };
    let (modifier, tone) = match lower {
        0xF9 => (None, '\u{301}'),
        0xF8 => (None, '\u{300}'),
        0xFB => (None, '\u{309}'),
        0xF5 => (None, '\u{303}'),
        0xEF => (None, '\u{323}'),
        0xE2 => (CIRCUMFLEX, '\0'),
        0xE1 => (CIRCUMFLEX, '\u{301}'),
        0xE0 => (CIRCUMFLEX, '\u{300}'),
        0xE5 => (CIRCUMFLEX, '\u{309}'),
        0xE3 => (CIRCUMFLEX, '\u{303}'),
        0xE4 => (CIRCUMFLEX, '\u{323}'),
        0xEA => (BREVE, '\0'),
        0xE9 => (BREVE, '\u{301}'),
        0xE8 => (BREVE, '\u{300}'),
        0xFA => (BREVE, '\u{309}'),
        0xFC => (BREVE, '\u{303}'),
        0xEB => (BREVE, '\u{323}'),
        _ => return None,
    };
    Some(VniMark {
        modifier,
        tone: (tone != '\0').then_some(tone),
    })
}

/// The letters VNI-Windows writes as one byte.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
        0xD1 => 'Đ',
        0xF1 => 'đ',
        0xD4 => 'Ơ',
        0xF4 => 'ơ',
        0xD6 => 'Ư',
        0xF6 => 'ư',
        0xCD => 'Í',
        0xED => 'í',
        0xCC => 'Ì',
        0xEC => 'ì',
        0xC6 => 'Ỉ',
        0xE6 => 'ỉ',
        0xD3 => 'Ĩ',
        0xF3 => 'ĩ',
        0xD2 => 'Ị',
        0xF2 => 'ị',
        0xCE => 'Ỵ',
        0xEE => 'ỵ',
        _ => return None,
    })
}

/// Whether `base` (as VNI writes it) takes `mark`: tones go on every vowel, the circumflex
/// on a, e, o and the breve on a.
fn vni_takes(base: char, mark: VniMark) -> bool {
    let vowel = matches!(
        base.to_ascii_lowercase(),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ơ' | 'ư' | 'Ơ' | 'Ư'
    );
    match mark.modifier {
        None => vowel,
        Some('\u{302}') => matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o'),
        Some(_) => base.eq_ignore_ascii_case(&'a'),
    }
}

/// Decodes VNI-Windows text to Unicode NFC; `true` in the second place when a mark byte
/// follows no letter that takes it (it is then read as Windows-1252).
pub fn decode_vni(bytes: &[u8]) -> (String, bool) {
    let mut errors = false;
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base = if b.is_ascii() {
            Some(b as char)
        } else {
            vni_letter(b)
        };
        if let Some(base) = base {
            out.push(base);
            let mark = bytes.get(i + 1).and_then(|&m| vni_mark(m));
            if let Some(mark) = mark.filter(|&m| vni_takes(base, m)) {
                out.extend(mark.modifier);
                out.extend(mark.tone);
                i += 2;
                continue;
            }
            i += 1;
            continue;
        }
        if vni_mark(b).is_some() {
            errors = true;
        }
        let (text, bad) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes[i..=i]);
        errors |= bad;
        out.push_str(&text);
        i += 1;
    }
    (out.nfc().collect(), errors)
}

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Whether `c` is a letter of Vietnamese writing: a–z, đ, and the vowels with a modifier
/// (ă â ê ô ơ ư) and at most one tone, in either case.
pub fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ') {
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    let mut base = None;
    let mut modifier = None;
    let mut tones = 0;
    let mut other = false;
    decompose_canonical(c, |d| {
        if d.is_ascii_alphabetic() && base.is_none() {
            base = Some(d.to_ascii_lowercase());
        } else if is_tone_mark(d) {
            tones += 1;
        } else if matches!(d, '\u{302}' | '\u{306}' | '\u{31b}') && modifier.is_none() {
            modifier = Some(d);
        } else {
            other = true;
        }
    });
    let Some(base) = base else { return false };
    let vowel = matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let modifier_fits = match modifier {
        None => true,
        Some('\u{302}') => matches!(base, 'a' | 'e' | 'o'),
        Some('\u{306}') => base == 'a',
        Some(_) => matches!(base, 'o' | 'u'),
    };
    !other && vowel && modifier_fits && tones <= 1 && (tones == 1 || modifier.is_some())
}

/// Consonants a Vietnamese syllable can start with, longest first.
const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Consonants a syllable can end with (`k` for the highland names such as Đắk Lắk).
const CODAS: &[&str] = &["ch", "ng", "nh", "c", "k", "m", "n", "p", "t", ""];

#[derive(Clone, Copy, PartialEq)]
enum Coda {
    Never,
    Optional,
    Required,
}

/// Vowel groups (with their glides) and whether a final consonant follows them.
const NUCLEI: &[(&str, Coda)] = &[
    ("a", Coda::Optional),
    ("ă", Coda::Required),
    ("â", Coda::Required),
    ("e", Coda::Optional),
    ("ê", Coda::Optional),
    ("i", Coda::Optional),
    ("o", Coda::Optional),
    ("ô", Coda::Optional),
    ("ơ", Coda::Optional),
    ("u", Coda::Optional),
    ("ư", Coda::Optional),
    ("y", Coda::Optional),
    ("ai", Coda::Never),
    ("ao", Coda::Never),
    ("au", Coda::Never),
    ("ay", Coda::Never),
    ("âu", Coda::Never),
    ("ây", Coda::Never),
    ("eo", Coda::Never),
    ("êu", Coda::Never),
    ("ia", Coda::Never),
    ("iê", Coda::Required),
    ("iu", Coda::Never),
    ("oa", Coda::Optional),
    ("oă", Coda::Required),
    ("oe", Coda::Optional),
    ("oi", Coda::Never),
    ("oo", Coda::Required),
    ("ôi", Coda::Never),
    ("ơi", Coda::Never),
    ("ua", Coda::Never),
    ("uâ", Coda::Required),
    ("uê", Coda::Optional),
    ("ui", Coda::Never),
    ("uô", Coda::Required),
    ("uơ", Coda::Never),
    ("uy", Coda::Optional),
    ("ưa", Coda::Never),
    ("ưi", Coda::Never),
    ("ươ", Coda::Required),
    ("ưu", Coda::Never),
    ("yê", Coda::Required),
    ("iêu", Coda::Never),
    ("yêu", Coda::Never),
    ("oai", Coda::Never),
    ("oay", Coda::Never),
    ("oao", Coda::Never),
    ("oeo", Coda::Never),
    ("uây", Coda::Never),
    ("uôi", Coda::Never),
    ("ươi", Coda::Never),
    ("ươu", Coda::Never),
    ("uya", Coda::Never),
    ("uyê", Coda::Required),
    ("uyu", Coda::Never),
];

/// Whether `word` is one Vietnamese syllable: an initial consonant, a vowel group, a final
/// consonant, at most one tone, and after p, t, c, ch only the acute or dot-below tone.
/// Either case; `nguyễn`, `NGUYỄN`, `Đắk` are, `nguyeãn`, `baéc`, `hă` are not.
pub fn is_syllable(word: &str) -> bool {
    let mut tone = None;
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        decompose_canonical(c, |d| {
            if is_tone_mark(d) {
                tone = Some(d);
                tones += 1;
            } else {
                bare.push(d);
            }
        });
    }
    if tones > 1 || bare.is_empty() {
        return false;
    }
    let bare: String = bare.nfc().collect();
    if !bare
        .chars()
        .all(|c| "abcdđeghiklmnopqrstuvxyăâêôơư".contains(c))
    {
        return false;
    }
    ONSETS.iter().any(|onset| {
        let Some(rest) = bare.strip_prefix(onset) else {
            return false;
        };
        CODAS.iter().any(|coda| {
            let Some(nucleus) = rest.strip_suffix(coda) else {
                return false;
            };
            let Some(&(_, rule)) = NUCLEI.iter().find(|(n, _)| *n == nucleus) else {
                return false;
            };
            let coda_fits = match rule {
                Coda::Never => coda.is_empty(),
                Coda::Required => !coda.is_empty(),
                Coda::Optional => true,
            };
            let stop = matches!(*coda, "c" | "ch" | "p" | "t" | "k");
            let tone_fits = !stop || matches!(tone, Some('\u{301}' | '\u{323}'));
            coda_fits && tone_fits
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcvn3(bytes: &[u8]) -> String {
        decode_tcvn3(bytes).0
    }

    #[test]
    fn tcvn3_names_of_bac_kan() {
        assert_eq!(tcvn3(b"B\xbec K\xb9n"), "Bắc Kạn");
        assert_eq!(tcvn3(b"Ph\xad\xeang \xa7\xf8c Xu\xa9n"), "Phường Đức Xuân");
        assert_eq!(tcvn3(b"M\xad\xeang Kh\xad\xacng"), "Mường Khương");
    }

    #[test]
    fn tcvn3_capitals_come_from_the_line_around_them() {
        // Written in capitals: every letter is a capital.
        assert_eq!(tcvn3(b"B\xbeC K\xb9N"), "BẮC KẠN");
        assert_eq!(tcvn3(b"X\xb7 N\xb5 PH\xb9C"), "XÃ NÀ PHẠC");
        // A word starting with a toned vowel among capitalised words.
        assert_eq!(tcvn3(b"N\xb5 \xb6ng"), "Nà Ảng");
        // Alone, or among lower-case words, it stays small.
        assert_eq!(tcvn3(b"\xb6ng"), "ảng");
        assert_eq!(tcvn3(b"th\xabn \xb6ng"), "thôn ảng");
        // One-letter consonants before a toned vowel are not "written in capitals".
        assert_eq!(tcvn3(b"H\xe5 B\xb5"), "Hồ Bà");
        // Each line on its own.
        assert_eq!(tcvn3(b"B\xbeC\nN\xb5 \xb6ng"), "BẮC\nNà Ảng");
    }

    #[test]
    fn tcvn3_vn1_capitals_and_combining_marks() {
        assert_eq!(tcvn3(b"\xc0"), "Ắ");
        assert_eq!(tcvn3(b"\xff"), "Ố");
        // a + combining acute (0xB3) composes to á.
        assert_eq!(tcvn3(b"a\xb3"), "á");
        assert!(decode_tcvn3(b"\x81").1);
        assert_eq!(tcvn3(b"\x93x\x94"), "\u{201c}x\u{201d}");
    }

    #[test]
    fn vni_pairs_and_single_bytes() {
        let vni = |b: &[u8]| decode_vni(b);
        assert_eq!(vni(b"Ba\xe9c Ka\xefn"), ("Bắc Kạn".into(), false));
        assert_eq!(vni(b"Nguye\xe3n"), ("Nguyễn".into(), false));
        assert_eq!(vni(b"NGUYE\xc3N"), ("NGUYỄN".into(), false));
        assert_eq!(vni(b"\xd1\xf6\xf4\xf8ng"), ("Đường".into(), false));
        assert_eq!(vni(b"\xd6\xd8"), ("Ừ".into(), false));
        assert_eq!(vni(b"ch\xecm"), ("chìm".into(), false));
        // A mark after a consonant is not VNI.
        assert!(vni(b"b\xf9").1);
    }

    #[test]
    fn letters_and_syllables() {
        for c in "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặỨỰĐ".chars()
        {
            assert!(is_vietnamese_letter(c), "{c}");
        }
        for c in "Ñøåæç¸µ·¶º¯\u{301}".chars() {
            assert!(!is_vietnamese_letter(c), "{c}");
        }
        for w in [
            "Nguyễn",
            "NGUYỄN",
            "Bắc",
            "Kạn",
            "Phường",
            "Khuổi",
            "quốc",
            "giếng",
            "Đắk",
            "xoong",
            "thuở",
            "khuya",
            "uyên",
            "gì",
            "yêu",
            "ngoằn",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "nguyeãn",
            "baéc",
            "hă",
            "bóỡc",
            "Ñandú",
            "kạ\u{301}n",
            "bát\u{300}",
            "bàt",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
