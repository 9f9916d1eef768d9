//! CSV as Excel writes it in Japan: UTF-8, UTF-8 with a BOM, or CP932 (Excel's 「CSV (コンマ区切り)」
//! on a Japanese Windows). The encoding is detected from the bytes; a file that is valid in
//! none of them, or mixes them line by line, is refused with the line at fault.
//!
//! CP932 is decoded and encoded with encoding_rs's Shift_JIS, which is the WHATWG definition:
//! Windows' CP932 including the NEC and IBM extensions.

use std::io::Write;
use std::path::Path;

use encoding_rs::SHIFT_JIS;

use super::table::Table;
use super::{ExportError, ImportError, Problem, Problems};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark: Excel 2016 and later open it as UTF-8.
    #[value(name = "utf8-bom")]
    Utf8Bom,
    /// Shift_JIS as Windows extends it; every Excel in Japan opens it.
    Cp932,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Cp932 => "CP932",
        }
    }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// How strongly the bytes look like UTF-8: non-ASCII characters that decode, and the places
/// (maximal invalid sequences) that do not.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // `good` is valid UTF-8 by `valid_up_to`'s contract.
                valid += String::from_utf8_lossy(good)
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .count();
                invalid += 1;
                match e.error_len() {
                    Some(n) => rest = &bad[n..],
                    None => return (valid, invalid),
                }
            }
        }
    }
}

/// A file with at least this many well-formed non-ASCII UTF-8 characters per broken spot is a
/// UTF-8 file with damage, never CP932: CP932 text breaks UTF-8 on nearly every Japanese
/// character (lead bytes 0x81–0x9F are UTF-8 continuation bytes), and the rare CP932 byte
/// pair that happens to be well-formed UTF-8 is followed by a byte that is not.
const UTF8_PER_BROKEN_SPOT: usize = 4;

/// Decode a CSV file's bytes, detecting the encoding. The encoding is decided for the whole
/// file: a UTF-8 file with a broken character is refused at that line rather than read as
/// CP932 (which would store it as mojibake).
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if let Some(rest) = bytes.strip_prefix(BOM) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(ImportError::new(
                path,
                Some(line_of(rest, e.valid_up_to())),
                Problem::BadEncoding { encoding: "UTF-8" },
            )),
        };
    }
    let first_bad_utf8 = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), Encoding::Utf8)),
        Err(e) => line_of(bytes, e.valid_up_to()),
    };
    // Not UTF-8 as a whole. Lines that are valid UTF-8 with non-ASCII text next to lines that
    // are not mean a mixed file (or a UTF-8 file with a broken character).
    let mut first_utf8 = None;
    let mut first_other = None;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => first_utf8 = first_utf8.or(Some(i + 1)),
            Err(_) => first_other = first_other.or(Some(i + 1)),
        }
    }
    if let (Some(utf8_line), Some(other_line)) = (first_utf8, first_other) {
        // Whether the odd line is CP932 or a UTF-8 character cut in half, the fix is the same:
        // save the whole file again in one encoding.
        return Err(ImportError::new(
            path,
            Some(other_line),
            Problem::MixedEncoding {
                utf8_line,
                cp932_line: other_line,
            },
        ));
    }
    // No line is both non-ASCII and UTF-8, yet the text may still be UTF-8 with a broken
    // character on each line that has Japanese: decide by the whole file's bytes.
    let (utf8_chars, broken_spots) = utf8_evidence(bytes);
    if utf8_chars >= UTF8_PER_BROKEN_SPOT * broken_spots {
        return Err(ImportError::new(
            path,
            Some(first_bad_utf8),
            Problem::BadEncoding { encoding: "UTF-8" },
        ));
    }
    match SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((s.into_owned(), Encoding::Cp932)),
        None => {
            // Neither encoding reads the file. Line feeds never occur inside a CP932 character
            // (trail bytes are 0x40 and above) nor inside a UTF-8 one, so lines can be checked
            // one by one: name the first line neither encoding reads.
            let bad_in_both = bytes.split(|b| *b == b'\n').position(|line| {
                std::str::from_utf8(line).is_err()
                    && SHIFT_JIS
                        .decode_without_bom_handling_and_without_replacement(line)
                        .is_none()
            });
            Err(ImportError::new(
                path,
                Some(bad_in_both.map_or(first_bad_utf8, |i| i + 1)),
                Problem::NoEncoding,
            ))
        }
    }
}

/// Where a quoted field opens that is still open at the end of the text, as a byte offset.
///
/// The csv crate ends such a field silently at the end of the file, so one stray `"` would
/// turn every later line into a single cell. This follows csv's own grammar (RFC 4180 with
/// `""` as an escaped quote; a `"` opens a quoted field only at the start of a field; `\r`,
/// `\n` and `\r\n` end a record).
fn unclosed_quote(text: &str) -> Option<usize> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted {
            opened_at: usize,
        },
        /// A `"` inside a quoted field: the closing quote, or the first half of `""`.
        QuoteInQuoted {
            opened_at: usize,
        },
    }
    let mut state = State::FieldStart;
    for (i, b) in text.bytes().enumerate() {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted { opened_at: i },
            (
                State::FieldStart | State::Unquoted | State::QuoteInQuoted { .. },
                b',' | b'\r' | b'\n',
            ) => State::FieldStart,
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted { opened_at }, b'"') => State::QuoteInQuoted { opened_at },
            (quoted @ State::Quoted { .. }, _) => quoted,
            (State::QuoteInQuoted { opened_at }, b'"') => State::Quoted { opened_at },
            // csv keeps text after a closing quote as part of the field.
            (State::QuoteInQuoted { .. }, _) => State::Unquoted,
        };
    }
    match state {
        State::Quoted { opened_at } => Some(opened_at),
        _ => None,
    }
}

/// Split decoded CSV text into cells, with the line each record starts on. A quoted field
/// still open at the end of the file is an error at the line where it opened.
pub fn parse(path: &Path, text: &str) -> Result<Table, Vec<ImportError>> {
    let mut problems = Problems::default();
    let mut table = Table::default();
    parse_rows(path, text, &mut problems, &mut |line, cells, _| {
        table.rows.push((line, cells))
    });
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems.into_sorted_vec(path))
    }
}

/// [`parse`] one record at a time: `row(line, cells, problems)` for each record. A CSV error
/// ends the file (what follows cannot be split reliably).
pub fn parse_rows(
    path: &Path,
    text: &str,
    problems: &mut Problems,
    row: &mut dyn FnMut(usize, Vec<String>, &mut Problems),
) {
    if let Some(at) = unclosed_quote(text) {
        problems.push(ImportError::new(
            path,
            Some(line_of(text.as_bytes(), at)),
            Problem::UnclosedQuote,
        ));
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // csv's own line count lags by one after a CRLF, so lines are counted from byte offsets,
    // incrementally to stay linear in the file size.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1usize);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return,
            Ok(true) => {
                let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
                while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
                    start += 1;
                }
                let start = start.max(counted_to);
                line += bytes[counted_to..start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                counted_to = start;
                row(line, record.iter().map(str::to_string).collect(), problems);
            }
            Err(e) => {
                let line = e.position().map(|p| line_of(bytes, p.byte() as usize));
                problems.push(ImportError::new(path, line, Problem::Csv(e.to_string())));
                return;
            }
        }
    }
}

/// Write rows as CSV in `encoding`, neutralising formula-like cells. CRLF line ends, as
/// Excel writes them. A character CP932 cannot hold is an error naming its row and column.
pub fn write(rows: &[Vec<String>], encoding: Encoding) -> Result<Vec<u8>, Problem> {
    let problem = |e: ExportError| match e {
        ExportError::Problem(p) => p,
        other => Problem::Csv(other.to_string()),
    };
    let mut w = CsvWriter::new(Vec::new(), encoding).map_err(|e| problem(e.into()))?;
    for (i, row) in rows.iter().enumerate() {
        // The header row is ours and never neutralised.
        w.row(row, i > 0).map_err(problem)?;
    }
    Ok(w.into_inner())
}

/// [`write()`] one row at a time into `out`, so an export never holds the ledger.
pub struct CsvWriter<W: Write> {
    out: W,
    encoding: Encoding,
    /// One record's UTF-8 text, reused.
    record: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, encoding: Encoding) -> std::io::Result<CsvWriter<W>> {
        if encoding == Encoding::Utf8Bom {
            out.write_all(BOM)?;
        }
        Ok(CsvWriter {
            out,
            encoding,
            record: Vec::new(),
        })
    }

    /// One record; formula-like cells get a leading `'` when `neutralise` (all but the header).
    pub fn row(&mut self, cells: &[String], neutralise: bool) -> Result<(), ExportError> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(std::mem::take(&mut self.record));
        let csv_err = |e: csv::Error| ExportError::Problem(Problem::Csv(e.to_string()));
        w.write_record(cells.iter().map(|c| {
            if neutralise && super::needs_neutralising(c) {
                format!("'{c}")
            } else {
                c.clone()
            }
        }))
        .map_err(csv_err)?;
        let mut record = w
            .into_inner()
            .map_err(|e| ExportError::Problem(Problem::Csv(e.to_string())))?;
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => self.out.write_all(&record)?,
            Encoding::Cp932 => {
                // csv only writes what it was given, so the record is the cells' UTF-8.
                let text = std::str::from_utf8(&record)
                    .map_err(|e| ExportError::Problem(Problem::Csv(e.to_string())))?;
                let (bytes, _, had_errors) = SHIFT_JIS.encode(text);
                if had_errors {
                    let bad = cells
                        .iter()
                        .find(|c| SHIFT_JIS.encode(c).2)
                        .cloned()
                        .unwrap_or_default();
                    return Err(ExportError::Problem(Problem::Unencodable { value: bad }));
                }
                self.out.write_all(&bytes)?;
            }
        }
        record.clear();
        self.record = record;
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.csv")
    }

    #[test]
    fn detects_each_encoding() {
        let text = "管理番号,メーカー\r\n001,A社～①髙\r\n";
        let (s, e) = decode(p(), text.as_bytes()).unwrap();
        assert_eq!((s.as_str(), e), (text, Encoding::Utf8));
        let bom = [BOM, text.as_bytes()].concat();
        assert_eq!(decode(p(), &bom).unwrap().1, Encoding::Utf8Bom);
        let (sjis, _, errors) = SHIFT_JIS.encode(text);
        assert!(!errors);
        let (s, e) = decode(p(), &sjis).unwrap();
        assert_eq!(e, Encoding::Cp932);
        assert_eq!(s, text);
    }

    #[test]
    fn broken_bytes_name_the_line() {
        // A CP932 lead byte cut off before the comma on line 3.
        let mut bytes = SHIFT_JIS.encode("管理番号,名前\n001,山田\n").0.into_owned();
        bytes.extend_from_slice(b"002,\x8e,x\n");
        let e = decode(p(), &bytes).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.problem, Problem::NoEncoding);

        // A UTF-8 file with a truncated character on line 2.
        let mut bytes = "管理番号,名前\n001,山".as_bytes().to_vec();
        bytes.extend_from_slice(&"田".as_bytes()[..2]);
        bytes.extend_from_slice("\n002,佐藤\n".as_bytes());
        let e = decode(p(), &bytes).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");

        // UTF-8 throughout but one character cut in half, on the only line with Japanese:
        // CP932 would read it without an error, as mojibake.
        let mut bytes = b"control_no,maker,location\n001,A,x\n002,".to_vec();
        bytes.extend_from_slice("東京都立".as_bytes());
        bytes.extend_from_slice(&"病".as_bytes()[..2]);
        bytes.extend_from_slice("院,本館\n003,C,y\n".as_bytes());
        assert!(
            SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .is_some(),
            "the fixture must be valid CP932 for the test to mean anything"
        );
        let e = decode(p(), &bytes).unwrap_err();
        assert_eq!(
            (e.line, e.problem),
            (Some(3), Problem::BadEncoding { encoding: "UTF-8" })
        );

        // UTF-8 header, CP932 data.
        let mut bytes = "管理番号,名前\n".as_bytes().to_vec();
        bytes.extend_from_slice(&SHIFT_JIS.encode("001,山田太郎\n").0);
        let e = decode(p(), &bytes).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::MixedEncoding {
                utf8_line: 1,
                cp932_line: 2
            }
        );
    }

    #[test]
    fn cp932_text_is_never_taken_for_broken_utf8() {
        // Kanji, kana, half-width katakana (whose byte pairs are often well-formed UTF-8) and
        // the NEC/IBM extensions, as a whole ledger would have them.
        let text = "管理番号,利用者,説明\r\n001,ﾔﾏﾀﾞ ﾀﾛｳ,ｶﾙﾃ端末 ｻｰﾊﾞ室\r\n002,髙橋①,～ｼｽﾃﾑ\r\n";
        let (sjis, _, errors) = SHIFT_JIS.encode(text);
        assert!(!errors);
        let (back, e) = decode(p(), &sjis).unwrap();
        assert_eq!((back.as_str(), e), (text, Encoding::Cp932));
    }

    #[test]
    fn a_quote_left_open_is_an_error_at_the_line_it_opened() {
        let mut text = String::from("管理番号,説明\r\n001,a\r\n002,\"unclosed\r\n");
        for i in 4..=10 {
            text.push_str(&format!("{i:03},x\r\n"));
        }
        let e = parse(p(), &text).unwrap_err();
        assert_eq!(
            e.iter().map(|e| (e.line, &e.problem)).collect::<Vec<_>>(),
            [(Some(3), &Problem::UnclosedQuote)]
        );
        // `""` inside a quoted field is a quote, not its end.
        let e = parse(p(), "a,b\n1,\"x\"\"\n2,y\n").unwrap_err();
        assert_eq!(e[0].line, Some(2));
        // Closed quotes, multi-line cells and quotes inside unquoted text are all fine.
        let t = parse(p(), "a,b\n1,\"x\"\"y\"\n2,\"two\nlines\"\n3,5\"\n").unwrap();
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3].1[1], "5\"");
    }

    #[test]
    fn write_neutralises_and_round_trips_every_encoding() {
        let rows = vec![
            vec!["管理番号".to_string(), "説明".to_string()],
            vec!["001".to_string(), "=HYPERLINK(\"x\")".to_string()],
            vec!["002".to_string(), "改行\nあり, \"引用\"".to_string()],
        ];
        for enc in [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Cp932] {
            let bytes = write(&rows, enc).unwrap();
            let (text, detected) = decode(p(), &bytes).unwrap();
            assert_eq!(detected, enc);
            let t = parse(p(), &text).unwrap();
            assert_eq!(t.rows[1].1[1], "'=HYPERLINK(\"x\")");
            assert_eq!(t.rows[2].1[1], "改行\nあり, \"引用\"");
            assert_eq!(
                t.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                [1, 2, 3],
                "{enc:?}"
            );
        }
        let emoji = vec![vec!["管理番号".to_string()], vec!["😀".to_string()]];
        assert_eq!(
            write(&emoji, Encoding::Cp932),
            Err(Problem::Unencodable {
                value: "😀".to_string()
            })
        );
    }

    proptest::proptest! {
        /// Whatever the cells, a file written by a CSV writer has every quote closed, and a
        /// stray opening quote added to a last field is always found at its line.
        #[test]
        fn written_csv_is_closed_and_a_stray_quote_is_found(
            cells in proptest::collection::vec(proptest::collection::vec(".{0,8}", 1..4), 1..6),
        ) {
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            for row in &cells {
                w.write_record(row).unwrap();
            }
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            proptest::prop_assert_eq!(unclosed_quote(&text), None);
            let lines = text.bytes().filter(|b| *b == b'\n').count();
            let broken = format!("{text}x,\"open");
            let e = parse(p(), &broken).unwrap_err();
            proptest::prop_assert_eq!(e[0].line, Some(lines + 1));
        }

        /// Arbitrary bytes never panic the decoder or the CSV reader.
        #[test]
        fn decode_and_parse_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            if let Ok((text, _)) = decode(p(), &bytes) {
                let _ = parse(p(), &text);
            }
        }
    }
}
