//! Reading one coordinate as people write it: decimal degrees with a point or a comma, or
//! degrees, minutes and seconds in the many spellings of GPS units, Excel sheets and
//! official lists.
//!
//! ```
//! use phusong::io::degrees::{Axis, parse_degrees};
//! let lat = parse_degrees("22°39'50\"N").unwrap();
//! assert!((lat.value - 22.663_888_9).abs() < 1e-6);
//! assert_eq!(lat.axis, Some(Axis::Latitude));
//! assert_eq!(parse_degrees("105,8123").unwrap().value, 105.8123);
//! let west = parse_degrees("105 48 30 W").unwrap();
//! assert!((west.value + 105.808_333_3).abs() < 1e-6);
//! assert_eq!(west.axis, Some(Axis::Longitude));
//! ```

use std::fmt;

use crate::fold::fold_letters;

/// Which of the two coordinates a hemisphere letter belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// East or west: `E`, `W`, `Đ` (Đông), `T` (Tây).
    Longitude,
    /// North or south: `N`, `S`, `B` (Bắc), `Nam`.
    Latitude,
}

impl Axis {
    /// "longitude" or "latitude".
    pub fn label(self) -> &'static str {
        match self {
            Axis::Longitude => "longitude",
            Axis::Latitude => "latitude",
        }
    }
}

/// A coordinate read from text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Degrees {
    /// Signed decimal degrees: south and west are negative.
    pub value: f64,
    /// The axis its hemisphere letter names, `None` without a letter.
    pub axis: Option<Axis>,
    /// True when written as degrees and minutes (and seconds), false for decimal degrees.
    pub sexagesimal: bool,
}

/// Why a text is not a coordinate.
#[derive(Clone, Debug, PartialEq)]
pub enum DegreesError {
    /// Nothing but spaces.
    Empty,
    /// Words, several numbers run together, or signs where none belong.
    NotANumber,
    /// More than degrees, minutes and seconds (two coordinates in one cell?).
    TooManyParts,
    /// `60` or more minutes.
    MinutesTooLarge(f64),
    /// `60` or more seconds.
    SecondsTooLarge(f64),
    /// More than 180 degrees with minutes or seconds (decimal degrees of any size are
    /// returned: the caller checks the range).
    DegreesTooLarge(f64),
    /// A fraction on the degrees or minutes followed by smaller units (`22.5°30'`).
    FractionBeforeSmallerUnit,
    /// A minus sign with `N` or `E`, or two hemisphere letters.
    ConflictingHemisphere,
}

impl fmt::Display for DegreesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DegreesError::Empty => f.write_str("empty"),
            DegreesError::NotANumber => f.write_str("not a number of degrees"),
            DegreesError::TooManyParts => {
                f.write_str("more than degrees, minutes and seconds (two coordinates in one cell?)")
            }
            DegreesError::MinutesTooLarge(m) => write!(f, "{m} minutes; minutes must be below 60"),
            DegreesError::SecondsTooLarge(s) => write!(f, "{s} seconds; seconds must be below 60"),
            DegreesError::DegreesTooLarge(d) => write!(f, "{d} degrees; at most 180"),
            DegreesError::FractionBeforeSmallerUnit => {
                f.write_str("a fraction of a degree or minute followed by minutes or seconds")
            }
            DegreesError::ConflictingHemisphere => {
                f.write_str("a sign and a hemisphere letter (or two letters) that disagree")
            }
        }
    }
}

impl std::error::Error for DegreesError {}

impl DegreesError {
    /// Why, as a message in the user's language.
    pub fn msg(&self) -> crate::message::Msg {
        use crate::message::Msg;
        match self {
            DegreesError::Empty => Msg::DegEmpty,
            DegreesError::NotANumber => Msg::DegNotANumber,
            DegreesError::TooManyParts => Msg::DegTooManyParts,
            DegreesError::MinutesTooLarge(m) => Msg::DegMinutes {
                value: m.to_string(),
            },
            DegreesError::SecondsTooLarge(s) => Msg::DegSeconds {
                value: s.to_string(),
            },
            DegreesError::DegreesTooLarge(d) => Msg::DegDegrees {
                value: d.to_string(),
            },
            DegreesError::FractionBeforeSmallerUnit => Msg::DegFraction,
            DegreesError::ConflictingHemisphere => Msg::DegHemisphere,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    Degrees,
    Minutes,
    Seconds,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Hemisphere {
    North,
    South,
    East,
    West,
}

impl Hemisphere {
    fn axis(self) -> Axis {
        match self {
            Hemisphere::North | Hemisphere::South => Axis::Latitude,
            Hemisphere::East | Hemisphere::West => Axis::Longitude,
        }
    }

    fn negative(self) -> bool {
        matches!(self, Hemisphere::South | Hemisphere::West)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number { value: f64, fraction: bool },
    Unit(Unit),
    Hemisphere(Hemisphere),
    Minus,
    Plus,
}

/// Reads one coordinate.
///
/// Accepted: decimal degrees with a point or a decimal comma (`105.8123`, `105,8123`,
/// `-22.66`, `22.66°N`); degrees-minutes-seconds with the symbols people type or paste
/// (`22°39'50"N`, `22°39′50.5″`, `22º39'50''`, `22° 39' 50,5" B`), with spaces or colons
/// (`105 48 30.2 E`, `22:39:50`), with letters or words (`22d39m50s`, `22 độ 39 phút 50 giây`);
/// degrees and decimal minutes (`22°39.83'`). The hemisphere is a letter or word before or
/// after the numbers — `N`, `S`, `E`, `W`, or Vietnamese `B`/`Bắc`, `Nam`, `Đ`/`Đông`,
/// `T`/`Tây` (a lone `N` is north: Vietnam lies north of the equator; write `Nam` or `S` for
/// south) — or a minus sign.
pub fn parse_degrees(text: &str) -> Result<Degrees, DegreesError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(DegreesError::Empty);
    }
    let numbers = tokens
        .iter()
        .filter(|t| matches!(t, Token::Number { .. }))
        .count();
    if numbers > 3 {
        return Err(DegreesError::TooManyParts);
    }
    let mut sign: Option<bool> = None; // Some(true) for a minus sign
    let mut hemisphere: Option<Hemisphere> = None;
    let mut parts: Vec<(f64, bool, Option<Unit>)> = Vec::new();
    let mut seen_number = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Minus | Token::Plus => {
                if seen_number || sign.is_some() {
                    return Err(DegreesError::NotANumber);
                }
                sign = Some(tokens[i] == Token::Minus);
            }
            Token::Hemisphere(h) => {
                // Before the first number or after the last one, never in between.
                if hemisphere.is_some() {
                    return Err(DegreesError::ConflictingHemisphere);
                }
                let later_number = tokens[i + 1..]
                    .iter()
                    .any(|t| matches!(t, Token::Number { .. }));
                if seen_number && later_number {
                    return Err(DegreesError::NotANumber);
                }
                hemisphere = Some(*h);
            }
            Token::Number { value, fraction } => {
                seen_number = true;
                let unit = match tokens.get(i + 1) {
                    Some(Token::Unit(u)) => {
                        i += 1;
                        Some(*u)
                    }
                    _ => None,
                };
                parts.push((*value, *fraction, unit));
            }
            Token::Unit(_) => return Err(DegreesError::NotANumber),
        }
        i += 1;
    }
    if parts.is_empty() {
        return Err(DegreesError::NotANumber);
    }
    // Give each number its unit: the one written after it, or the next in order.
    let mut values = [0.0f64; 3];
    let mut next = 0usize;
    let mut last_position = None;
    for (k, (value, fraction, unit)) in parts.iter().enumerate() {
        let position = match unit {
            Some(Unit::Degrees) => 0,
            Some(Unit::Minutes) => 1,
            Some(Unit::Seconds) => 2,
            None => next,
        };
        if position < next || position > 2 {
            return Err(DegreesError::NotANumber);
        }
        if *fraction && k + 1 < parts.len() {
            return Err(DegreesError::FractionBeforeSmallerUnit);
        }
        values[position] = *value;
        next = position + 1;
        last_position = Some(position);
    }
    let [d, m, s] = values;
    if m >= 60.0 {
        return Err(DegreesError::MinutesTooLarge(m));
    }
    if s >= 60.0 {
        return Err(DegreesError::SecondsTooLarge(s));
    }
    let sexagesimal = last_position.is_some_and(|p| p > 0);
    // Decimal degrees of any size are returned for the caller's range check (a projected
    // metre value, a swapped column); with minutes they cannot be right.
    if sexagesimal && d > 180.0 {
        return Err(DegreesError::DegreesTooLarge(d));
    }
    let magnitude = d + m / 60.0 + s / 3600.0;
    let negative = match (sign, hemisphere) {
        (Some(true), Some(h)) if !h.negative() => {
            return Err(DegreesError::ConflictingHemisphere);
        }
        (Some(true), _) => true,
        (_, Some(h)) => h.negative(),
        _ => false,
    };
    Ok(Degrees {
        value: if negative { -magnitude } else { magnitude },
        axis: hemisphere.map(Hemisphere::axis),
        sexagesimal,
    })
}

/// Splits `text` into numbers, unit marks, hemisphere letters and signs; spaces and colons
/// between parts are dropped.
fn tokenize(text: &str) -> Result<Vec<Token>, DegreesError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            let mut separator: Option<char> = None;
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_digit() {
                    i += 1;
                } else if (d == '.' || d == ',')
                    && separator.is_none()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                {
                    separator = Some(d);
                    i += 1;
                } else {
                    break;
                }
            }
            // A second separator in a row (`1.234.567`, `22,39,50`) is not a coordinate.
            if i < chars.len()
                && matches!(chars[i], '.' | ',')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                return Err(DegreesError::NotANumber);
            }
            let digits: String = chars[start..i]
                .iter()
                .map(|&d| if d == ',' { '.' } else { d })
                .collect();
            let value: f64 = digits.parse().map_err(|_| DegreesError::NotANumber)?;
            tokens.push(Token::Number {
                value,
                fraction: separator.is_some(),
            });
            continue;
        }
        if c.is_alphabetic() && !is_mark(c) {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after_number = matches!(tokens.last(), Some(Token::Number { .. }));
            let digit_follows = chars[i..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(char::is_ascii_digit);
            let letter_units = tokens
                .iter()
                .any(|t| matches!(t, Token::Unit(Unit::Degrees | Unit::Minutes)))
                && word_units_used(&chars[..start]);
            let word = fold_letters(&word);
            match word_token(&word, after_number, digit_follows, letter_units) {
                Ok(token) => tokens.push(token),
                // A unit letter and a hemisphere letter run together: `50sN`, `39mE`.
                Err(e) => {
                    let (unit, rest) = word.split_at(word.chars().next().map_or(0, char::len_utf8));
                    if !after_number || !matches!(unit, "d" | "m" | "s") || rest.is_empty() {
                        return Err(e);
                    }
                    let unit = word_token(unit, true, digit_follows, true)?;
                    let hemisphere = word_token(rest, false, false, false)?;
                    if !matches!(unit, Token::Unit(_))
                        || !matches!(hemisphere, Token::Hemisphere(_))
                    {
                        return Err(e);
                    }
                    tokens.push(unit);
                    tokens.push(hemisphere);
                }
            }
            continue;
        }
        match c {
            '°' | 'º' | '˚' | '⁰' => tokens.push(Token::Unit(Unit::Degrees)),
            '\'' | '′' | '’' | '‘' | '´' | '`' => {
                if matches!(chars.get(i + 1), Some('\'' | '′' | '’' | '‘' | '´' | '`')) {
                    i += 1;
                    tokens.push(Token::Unit(Unit::Seconds));
                } else {
                    tokens.push(Token::Unit(Unit::Minutes));
                }
            }
            '"' | '″' | '“' | '”' | '˝' | '〃' => tokens.push(Token::Unit(Unit::Seconds)),
            '-' | '−' | '–' | '—' => tokens.push(Token::Minus),
            '+' => tokens.push(Token::Plus),
            ':' => {}
            // A full stop or comma closing the text (`22.`, `105,`) is harmless.
            '.' | ',' if chars[i + 1..].iter().all(|c| c.is_whitespace()) => {}
            c if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' => {}
            _ => return Err(DegreesError::NotANumber),
        }
        i += 1;
    }
    Ok(tokens)
}

/// Degree, minute and second marks, some of which Unicode counts as letters (`º`).
fn is_mark(c: char) -> bool {
    matches!(c, '°' | 'º' | '˚' | '⁰')
}

/// True when the text before has used letters as units (`22d39m`), so that a final `s`
/// right after a number is seconds rather than south.
fn word_units_used(before: &[char]) -> bool {
    let text: String = before.iter().collect();
    let folded = fold_letters(&text);
    let mut prev_digit = false;
    for c in folded.chars() {
        if prev_digit && (c == 'd' || c == 'm') {
            return true;
        }
        prev_digit = c.is_ascii_digit() || (prev_digit && c.is_whitespace());
    }
    false
}

fn word_token(
    word: &str,
    after_number: bool,
    digit_follows: bool,
    letter_units: bool,
) -> Result<Token, DegreesError> {
    use Hemisphere::*;
    Ok(match word {
        "do" | "deg" | "degree" | "degrees" => Token::Unit(Unit::Degrees),
        // `d` right after a number with more digits to come is the degree mark (`22d39m`);
        // otherwise it is Đ, Đông (east).
        "d" if after_number && digit_follows => Token::Unit(Unit::Degrees),
        "phut" | "min" | "mins" | "minute" | "minutes" | "m" if after_number => {
            Token::Unit(Unit::Minutes)
        }
        "giay" | "sec" | "secs" | "second" | "seconds" => Token::Unit(Unit::Seconds),
        "s" if after_number && letter_units => Token::Unit(Unit::Seconds),
        "n" | "north" | "b" | "bac" => Token::Hemisphere(North),
        "s" | "south" | "nam" => Token::Hemisphere(South),
        "e" | "east" | "d" | "dong" => Token::Hemisphere(East),
        "w" | "west" | "t" | "tay" => Token::Hemisphere(West),
        _ => return Err(DegreesError::NotANumber),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: f64 = 1.0 / 3600.0;

    fn value(text: &str) -> f64 {
        match parse_degrees(text) {
            Ok(d) => d.value,
            Err(e) => panic!("{text:?} was refused: {e}"),
        }
    }

    fn close(text: &str, want: f64) {
        let got = value(text);
        assert!(
            (got - want).abs() < 1e-9,
            "{text:?} read as {got}, want {want}"
        );
    }

    fn refused(text: &str) -> DegreesError {
        match parse_degrees(text) {
            Ok(d) => panic!("{text:?} was read as {d:?}"),
            Err(e) => e,
        }
    }

    const LAT: f64 = 22.0 + 39.0 / 60.0 + 50.0 / 3600.0;

    #[test]
    fn decimal_degrees_with_a_point_or_a_comma() {
        close("105.8123", 105.8123);
        close("105,8123", 105.8123);
        close(" 22.15 ", 22.15);
        close("-22.15", -22.15);
        close("−22,15", -22.15);
        close("+105", 105.0);
        close(".5", 0.5);
        close("22.6641°N", 22.6641);
        close("105.8°E", 105.8);
        close("105.8° W", -105.8);
        let d = parse_degrees("105,8123").unwrap();
        assert!(!d.sexagesimal && d.axis.is_none());
    }

    #[test]
    fn degrees_minutes_seconds_with_typed_symbols() {
        close("22°39'50\"N", LAT);
        close("22°39'50\"", LAT);
        close("22° 39' 50\" N", LAT);
        close("22º39'50''", LAT);
        close("22˚39’50”", LAT);
        close("N22°39'50\"", LAT);
        close("N 22°39'50\"", LAT);
        let d = parse_degrees("22°39'50\"N").unwrap();
        assert_eq!(d.axis, Some(Axis::Latitude));
        assert!(d.sexagesimal);
    }

    #[test]
    fn primes_and_fractions_of_a_second() {
        close("22°39′50.5″", LAT + 0.5 * SECOND);
        close("22°39′50,5″", LAT + 0.5 * SECOND);
        close("22° 39′ 50,5″ B", LAT + 0.5 * SECOND);
    }

    #[test]
    fn spaces_and_colons_between_parts() {
        close("105 48 30.2 E", 105.0 + 48.0 / 60.0 + 30.2 * SECOND);
        close("105 48 30.2 W", -(105.0 + 48.0 / 60.0 + 30.2 * SECOND));
        close("22:39:50", LAT);
        close("22 39 50", LAT);
        close("-22 39 50", -LAT);
        assert_eq!(
            parse_degrees("105 48 30.2 E").unwrap().axis,
            Some(Axis::Longitude)
        );
    }

    #[test]
    fn letters_and_words_as_units() {
        close("22d39m50s", LAT);
        close("22d39m50sN", LAT);
        close("22d 39m 50s S", -LAT);
        close("22d39m50s S", -LAT);
        close("22 độ 39 phút 50 giây", LAT);
        close("22 độ 39 phút 50 giây Bắc", LAT);
        close(
            "105 độ 48 phút 30 giây Đông",
            105.0 + 48.0 / 60.0 + 30.0 * SECOND,
        );
        close("22 deg 39 min 50 sec", LAT);
    }

    #[test]
    fn degrees_and_decimal_minutes() {
        close("22°39.83'", 22.0 + 39.83 / 60.0);
        close("22°39,83'N", 22.0 + 39.83 / 60.0);
        close("22 39.83", 22.0 + 39.83 / 60.0);
        close("105°48.5′ E", 105.0 + 48.5 / 60.0);
        assert!(parse_degrees("22°39.83'").unwrap().sexagesimal);
    }

    #[test]
    fn degrees_and_minutes_only() {
        close("22°39'", 22.0 + 39.0 / 60.0);
        close("22°39'N", 22.0 + 39.0 / 60.0);
    }

    #[test]
    fn hemisphere_letters_name_their_axis_and_sign() {
        let cases = [
            ("22°39'50\"N", LAT, Axis::Latitude),
            ("22°39'50\"S", -LAT, Axis::Latitude),
            ("22°39'50\"B", LAT, Axis::Latitude),
            ("22°39'50\" Nam", -LAT, Axis::Latitude),
            ("105°E", 105.0, Axis::Longitude),
            ("105°W", -105.0, Axis::Longitude),
            ("105°Đ", 105.0, Axis::Longitude),
            ("105° Đông", 105.0, Axis::Longitude),
            ("105 T", -105.0, Axis::Longitude),
            ("105 Tây", -105.0, Axis::Longitude),
            ("e 105.5", 105.5, Axis::Longitude),
        ];
        for (text, want, axis) in cases {
            let d = parse_degrees(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!((d.value - want).abs() < 1e-9, "{text}: {}", d.value);
            assert_eq!(d.axis, Some(axis), "{text}");
        }
    }

    #[test]
    fn a_final_s_after_symbols_is_south_not_seconds() {
        close("22°39'50S", -LAT);
        close("22 39 50s", -LAT);
        close("22d39m50s", LAT);
    }

    #[test]
    fn a_minus_sign_with_south_is_south_and_with_north_is_refused() {
        close("-22°39'50\"S", -LAT);
        assert_eq!(refused("-22°39'50\"N"), DegreesError::ConflictingHemisphere);
        assert_eq!(refused("N22°39'50\"S"), DegreesError::ConflictingHemisphere);
    }

    #[test]
    fn impossible_minutes_and_seconds_are_refused() {
        assert_eq!(refused("22°75'10\"N"), DegreesError::MinutesTooLarge(75.0));
        assert_eq!(refused("22°60'"), DegreesError::MinutesTooLarge(60.0));
        assert_eq!(refused("22°39'60\""), DegreesError::SecondsTooLarge(60.0));
        assert_eq!(refused("22 39 61.5"), DegreesError::SecondsTooLarge(61.5));
        assert_eq!(refused("181°30'"), DegreesError::DegreesTooLarge(181.0));
        close("181°", 181.0);
        close("2463512,4", 2_463_512.4);
        assert_eq!(refused("22.5°30'"), DegreesError::FractionBeforeSmallerUnit);
        assert_eq!(
            refused("22°39.5'10\""),
            DegreesError::FractionBeforeSmallerUnit
        );
    }

    #[test]
    fn units_out_of_order_or_repeated_are_refused() {
        assert_eq!(refused("39'22°"), DegreesError::NotANumber);
        assert_eq!(refused("22°39°"), DegreesError::NotANumber);
        assert_eq!(refused("°'\""), DegreesError::NotANumber);
    }

    #[test]
    fn text_that_is_not_a_coordinate_is_refused() {
        assert_eq!(refused(""), DegreesError::Empty);
        assert_eq!(refused("   "), DegreesError::Empty);
        assert_eq!(refused("không rõ"), DegreesError::NotANumber);
        assert_eq!(refused("N/A"), DegreesError::NotANumber);
        assert_eq!(refused("#N/A"), DegreesError::NotANumber);
        assert_eq!(refused("1.234.567"), DegreesError::NotANumber);
        assert_eq!(refused("22,39,50"), DegreesError::NotANumber);
        assert_eq!(refused("22 N 39"), DegreesError::NotANumber);
        assert_eq!(refused("--22"), DegreesError::NotANumber);
        assert_eq!(refused("22-"), DegreesError::NotANumber);
        assert_eq!(refused("1e5"), DegreesError::NotANumber);
        assert_eq!(refused("NaN"), DegreesError::NotANumber);
        assert_eq!(refused("inf"), DegreesError::NotANumber);
        assert_eq!(refused("22x39"), DegreesError::NotANumber);
        assert_eq!(refused("22..5"), DegreesError::NotANumber);
        assert_eq!(refused("22;5"), DegreesError::NotANumber);
    }

    #[test]
    fn two_coordinates_in_one_cell_are_refused() {
        assert_eq!(
            refused("22°39'50\"N 105°48'30\"E"),
            DegreesError::TooManyParts
        );
        assert_eq!(refused("22.66, 105.81"), DegreesError::NotANumber);
        assert_eq!(refused("22 39 50 105"), DegreesError::TooManyParts);
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            DegreesError::MinutesTooLarge(75.0).to_string(),
            "75 minutes; minutes must be below 60"
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "°",
            "'",
            "\"",
            "-",
            "+",
            "N",
            "d",
            "s",
            "22d",
            "22m",
            "d22",
            "22°-39'",
            "22°39'-50\"",
            "٢٢",
            "２２",
            "22\u{a0}39\u{a0}50",
            "\u{feff}22.5",
            "22..5",
            "22,,5",
            ".",
            ",",
            "..5",
            "22.",
            "22,",
            "9".repeat(400).as_str(),
        ] {
            let _ = parse_degrees(text);
        }
        close("22\u{a0}39\u{a0}50", LAT);
        close("\u{feff}22.5", 22.5);
        close("22.", 22.0);
    }
}
