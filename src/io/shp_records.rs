//! The records of a `.shp`, each read on its own from where it stands.
//!
//! The records are found one after the other by their stated lengths, as GDAL walks a `.shp`
//! (a sound `.shx` gives the same places). Each is then read from its own bytes: the
//! shapefile crate, reading a stream, expects every record to hold exactly what its shape
//! type reads, and a record that holds more or less (a null shape with content, a damaged
//! count) leaves it between records, where any bytes can claim a billion parts.

use std::fs::File;
use std::io::Cursor;
use std::path::Path;

use super::shp_claims::Walk;

/// The records of a `.shp` by their place, and the file to read them from.
pub struct RecordReader {
    file: Walk,
    /// The file's header, its length to be set per record.
    head: Vec<u8>,
    /// Each record's start and its stated content length, in 16-bit words as the format
    /// counts them: 8 bytes a record, at most one record per 8 bytes of the file.
    places: Vec<(u32, u32)>,
    file_bytes: u64,
    next: usize,
}

impl RecordReader {
    /// The records of the `.shp` at `shp` up to byte `length`, with the file's header
    /// `head` (as corrected where GDAL would tolerate it).
    pub fn open(shp: &Path, head: &[u8], length: u64) -> std::io::Result<RecordReader> {
        let file = File::open(shp)?;
        let file_bytes = file.metadata()?.len();
        let mut file = Walk::new(file);
        let mut places = Vec::new();
        let mut at = 100u64;
        while at + 8 <= length.min(file_bytes) {
            let mut words = [0u8; 4];
            if file.read_at(at + 4, &mut words)? < 4 {
                break;
            }
            let content = u64::from(u32::from_be_bytes(words)) * 2;
            let Ok(start) = u32::try_from(at / 2) else {
                break;
            };
            places.push((start, u32::from_be_bytes(words)));
            at += 8 + content;
        }
        let mut head = head.to_vec();
        head.resize(100, 0);
        Ok(RecordReader {
            file,
            head,
            places,
            file_bytes,
            next: 0,
        })
    }

    /// The next record's shape, `None` after the last. Its bytes are read only as far as
    /// the file goes, so a record that claims more than that ends in an error, not in room
    /// reserved for it.
    pub fn next_shape(&mut self) -> Option<Result<shapefile::Shape, shapefile::Error>> {
        let (start, words) = *self.places.get(self.next)?;
        self.next += 1;
        // Too short to hold even its shape type: no shape, as GDAL reads it.
        if words < 2 {
            return Some(Ok(shapefile::Shape::NullShape));
        }
        let start = u64::from(start) * 2;
        let end = (start + 8 + u64::from(words) * 2).min(self.file_bytes);
        let mut bytes = self.head.clone();
        let length = u32::try_from((100 + end - start) / 2).unwrap_or(u32::MAX);
        bytes[24..28].copy_from_slice(&length.to_be_bytes());
        let record = (end - start) as usize;
        bytes.resize(100 + record, 0);
        match self.file.read_at(start, &mut bytes[100..]) {
            Ok(n) => bytes.truncate(100 + n),
            Err(e) => return Some(Err(e.into())),
        }
        let mut reader = match shapefile::ShapeReader::new(Cursor::new(bytes)) {
            Ok(reader) => reader,
            Err(e) => return Some(Err(e)),
        };
        reader.iter_shapes().next()
    }
}
