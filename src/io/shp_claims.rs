//! What each record of a `.shp` claims to hold, measured against the bytes it has.
//!
//! The shapefile reader sizes a record's point list by the count the record states before
//! it reads a point: a damaged record that claims seven hundred million points in a few
//! bytes, or whose part starts at point -687,865,856, has it reserve 11 GB. The records are
//! measured first, from their headers and part starts, and the reading stops before one
//! that claims more than it holds.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// A record whose parts and points cannot fit in its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overclaim {
    /// The record's place in the file, from 1.
    pub record: u64,
    pub points: i64,
    /// The bytes of the record's content, as its header states them.
    pub bytes: u64,
}

/// The first record of the `.shp` at `shp` (its records ending at byte `length`) that claims
/// more parts and points than its content holds (what its header says, and no more than is
/// left of the file); `None` when every one fits, or when the
/// file cannot be walked (the reader then says what is wrong).
pub fn first_overclaim(shp: &Path, length: u64) -> Option<Overclaim> {
    let file = std::fs::File::open(shp).ok()?;
    // What a record holds is what its header says, and no more than the file has left.
    let file_bytes = file.metadata().ok()?.len();
    let mut file = Walk::new(file);
    let mut at = 100u64;
    let mut record = 0u64;
    while at + 8 <= length {
        record += 1;
        let mut head = [0u8; 8 + 44];
        let got = file.read_at(at, &mut head).ok()?;
        if got < 12 {
            return None;
        }
        let bytes = u64::from(u32::from_be_bytes([head[4], head[5], head[6], head[7]])) * 2;
        let int = |at: usize| {
            i64::from(i32::from_le_bytes([
                head[at],
                head[at + 1],
                head[at + 2],
                head[at + 3],
            ]))
        };
        let shape_type = int(8);
        // The counts after the shape type and the bounding box (8 + 4 + 32 bytes in).
        let (parts, points) = match shape_type {
            8 | 18 | 28 if got >= 48 => (0, int(44)),
            3 | 5 | 13 | 15 | 23 | 25 | 31 if got >= 52 => (int(44), int(48)),
            _ => (0, 0),
        };
        let needed = 4 * parts.max(0) as u64 + 16 * points.max(0) as u64;
        let overclaim = Overclaim {
            record,
            points,
            bytes,
        };
        let held = bytes.min(file_bytes.saturating_sub(at + 8));
        if parts < 0 || points < 0 || needed > held {
            return Some(overclaim);
        }
        // Each part runs from its first point to the next part's; a first point outside the
        // record's points makes a part of millions, as the reader counts it.
        if parts > 0 {
            let mut starts = vec![0u8; 4 * parts as usize];
            if file.read_at(at + 8 + 44, &mut starts).ok()? < starts.len() {
                return None;
            }
            let starts: Vec<i64> = (starts.chunks_exact(4))
                .map(|c| i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect();
            let ends = starts.iter().skip(1).copied().chain([points]);
            let widest = (starts.iter().zip(ends))
                .map(|(s, e)| e - s)
                .max()
                .unwrap_or(0);
            if starts.iter().any(|s| !(0..=points).contains(s)) || widest > points {
                return Some(Overclaim {
                    points: widest.max(points),
                    ..overclaim
                });
            }
        }
        at += 8 + bytes;
    }
    None
}

/// A file read from place to place through one buffer: moving to a place still in the
/// buffer keeps it (a `Seek` on a `BufReader` empties it, which cost a system call and a
/// read of 8 KB for each of a village layer's 80,000 records).
pub(super) struct Walk {
    file: BufReader<std::fs::File>,
    /// Where the next read starts; `None` after an error.
    pos: Option<u64>,
}

impl Walk {
    pub fn new(file: std::fs::File) -> Walk {
        Walk {
            file: BufReader::new(file),
            pos: Some(0),
        }
    }

    /// Reads into `buf` from byte `at` until it is full or the file ends; how many bytes came.
    pub fn read_at(&mut self, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let moved = match self.pos {
            Some(pos) if pos == at => Ok(()),
            Some(pos) => match (i64::try_from(at), i64::try_from(pos)) {
                (Ok(at), Ok(pos)) => self.file.seek_relative(at - pos),
                _ => self.file.seek(SeekFrom::Start(at)).map(|_| ()),
            },
            None => self.file.seek(SeekFrom::Start(at)).map(|_| ()),
        };
        let got = moved.and_then(|()| read_up_to(&mut self.file, buf));
        self.pos = got.as_ref().ok().map(|&n| at + n as u64);
        got
    }
}

/// Reads until `buf` is full or the source ends; how many bytes came.
pub fn read_up_to(source: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match source.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}
