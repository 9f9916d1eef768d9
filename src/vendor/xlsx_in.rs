//! A filled request workbook read back (calamine), checked against the layout the writer made.
//!
//! Refused, each with the sheet and cell: a file that is not a workbook (a CSV renamed .xlsx, an
//! old .xls), a workbook that inflates past [`MAX_INFLATED`], a missing or unreadable
//! identification, a sheet the request did not have, a formula anywhere on the fill-in sheet, a
//! merge the form does not have, an item number, text or scope that differs from the edition's
//! (a changed text, or rows moved, inserted or deleted), anything written below the last row, an
//! answer word other than はい/いいえ/該当なし, a date that cannot be read (2025/6/1, R7.6.1 and
//! 令和7年6月1日 are read; 2025-13-01 is not), an answer without its date or a date without
//! its answer.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use jiff::civil::Date;

use super::layout::{self, Row};
use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::checklist::Edition;
use crate::model::vendor::exchange::{ResponseCell, ResponseRow, RowPlaces};
use crate::model::wareki::parse_date;
use crate::text::scope_label;

/// Most bytes a workbook's members may inflate to: a filled 事業者確認用 is under 1 MB inflated.
pub const MAX_INFLATED: u64 = 64 * 1024 * 1024;
/// Most members a workbook may have (kensa's has about a dozen).
pub const MAX_MEMBERS: usize = 1000;

/// What a file that is not a workbook looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text: a CSV or other text file renamed .xlsx.
    Text,
    /// The old binary Excel format (.xls).
    OldExcel,
    /// Anything else.
    Other,
}

/// A problem with the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    NotXlsx(Sniffed),
    /// The zip container is damaged.
    Zip(String),
    Inflated {
        limit: u64,
    },
    TooManyMembers {
        count: usize,
    },
    /// calamine could not read the workbook.
    Workbook(String),
    /// No identification sheet: not a kensa request, or the sheet was deleted.
    NoIdentification,
    /// No fill-in sheet.
    NoSheet,
    /// The identification names an edition this kensa does not have.
    UnknownEdition {
        id: String,
    },
}

/// A problem at a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    BadAnswer {
        text: String,
    },
    BadDate {
        text: String,
    },
    AnswerWithoutDate,
    DateWithoutAnswer,
    Formula {
        formula: String,
    },
    ErrorValue,
    /// The item text differs from the edition's (`expected`).
    TextChanged {
        expected: String,
    },
    NumberChanged {
        expected: String,
    },
    ScopeChanged {
        expected: String,
    },
    SectionChanged {
        expected: String,
    },
    /// Something written below the form's last row.
    ExtraContent,
    /// A merged range the form does not have.
    Merged,
    UnexpectedSheet {
        name: String,
    },
    /// An identification value that is missing or malformed.
    IdValue {
        key: &'static str,
    },
}

/// A problem and where it is (`事業者確認用!F14`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub place: String,
    pub problem: CellProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxFailure {
    File(FileProblem),
    Cells(Vec<Located>),
}

/// The hidden identification, as written by the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identification {
    pub request_id: String,
    pub institution_code: Option<String>,
    pub facility_name: String,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub edition_id: String,
    pub edition_sha256: String,
    pub fiscal_year: i16,
}

/// A workbook read: its identification and every row of the form.
#[derive(Debug, Clone)]
pub struct XlsxResponse {
    pub id: Identification,
    pub rows: Vec<ResponseRow>,
}

/// What a file that is not a zip container is.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::OldExcel;
    }
    // Text (UTF-8, Shift_JIS, any ASCII-based encoding): no control bytes but tab and line ends.
    let head = &bytes[..bytes.len().min(4096)];
    let texty = !head.is_empty()
        && head
            .iter()
            .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n'));
    if texty { Sniffed::Text } else { Sniffed::Other }
}

/// Whether the bytes are a zip container (what an xlsx is).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Inflate every member once, with limits, before calamine reads the workbook.
fn check_container(bytes: &[u8]) -> Result<(), FileProblem> {
    if !is_zip(bytes) {
        return Err(FileProblem::NotXlsx(sniff(bytes)));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| FileProblem::Zip(e.to_string()))?;
    if zip.len() > MAX_MEMBERS {
        return Err(FileProblem::TooManyMembers { count: zip.len() });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let member = zip
            .by_index(i)
            .map_err(|e| FileProblem::Zip(e.to_string()))?;
        let left = MAX_INFLATED - total;
        let n = std::io::copy(&mut member.take(left + 1), &mut std::io::sink())
            .map_err(|e| FileProblem::Zip(e.to_string()))?;
        total += n;
        if total > MAX_INFLATED {
            return Err(FileProblem::Inflated {
                limit: MAX_INFLATED,
            });
        }
    }
    Ok(())
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("{e:?}"),
        Data::Empty => String::new(),
    }
}

/// An Excel serial day number as a date (the 1900 system; dates kensa reads are far past the
/// 1900 leap-year quirk).
fn serial_date(f: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&f) {
        return None;
    }
    let days = f.floor() as i64;
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

enum Value<T> {
    Empty,
    Ok(T),
    Bad(CellProblem),
}

fn answer_at(range: &Range<Data>, row: u32, col: u16) -> Value<Answer> {
    match range.get_value((row, u32::from(col))) {
        None | Some(Data::Empty) => Value::Empty,
        Some(Data::Error(_)) => Value::Bad(CellProblem::ErrorValue),
        Some(Data::String(s)) if s.trim().is_empty() => Value::Empty,
        Some(d) => {
            let t = text_of(d);
            match Answer::parse(t.trim()) {
                Some(a) => Value::Ok(a),
                None => Value::Bad(CellProblem::BadAnswer { text: t }),
            }
        }
    }
}

fn date_at(range: &Range<Data>, row: u32, col: u16) -> Value<Date> {
    let bad = |t: String| Value::Bad(CellProblem::BadDate { text: t });
    match range.get_value((row, u32::from(col))) {
        None | Some(Data::Empty) => Value::Empty,
        Some(Data::Error(_)) => Value::Bad(CellProblem::ErrorValue),
        Some(Data::String(s)) if s.trim().is_empty() => Value::Empty,
        Some(Data::String(s)) => match parse_date(s) {
            Ok(d) => Value::Ok(d),
            Err(_) => bad(s.clone()),
        },
        Some(Data::DateTime(dt)) => {
            serial_date(dt.as_f64()).map_or_else(|| bad(text_of(&Data::DateTime(*dt))), Value::Ok)
        }
        Some(Data::Float(f)) => serial_date(*f).map_or_else(|| bad(f.to_string()), Value::Ok),
        Some(Data::Int(i)) => serial_date(*i as f64).map_or_else(|| bad(i.to_string()), Value::Ok),
        Some(Data::DateTimeIso(s)) => match s.get(..10).and_then(|d| d.parse().ok()) {
            Some(d) => Value::Ok(d),
            None => bad(s.clone()),
        },
        Some(d) => bad(text_of(d)),
    }
}

fn text_at(range: &Range<Data>, row: u32, col: u16) -> String {
    range
        .get_value((row, u32::from(col)))
        .map(text_of)
        .unwrap_or_default()
}

/// The same text as the form's, whatever line endings or trailing space an editor added.
fn same_text(found: &str, expected: &str) -> bool {
    found.replace("\r\n", "\n").trim() == expected.trim()
}

fn identification(range: &Range<Data>) -> Result<Identification, Vec<Located>> {
    let place = |row: u32| layout::place(layout::ID_SHEET, row, 1);
    if text_at(range, 0, 0).trim() != layout::ID_TAG {
        return Err(vec![Located {
            place: layout::place(layout::ID_SHEET, 0, 0),
            problem: CellProblem::IdValue { key: "tag" },
        }]);
    }
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for (i, key) in layout::ID_KEYS.iter().enumerate() {
        let row = i as u32 + 1;
        if text_at(range, row, 0).trim() != *key {
            errors.push(Located {
                place: layout::place(layout::ID_SHEET, row, 0),
                problem: CellProblem::IdValue { key },
            });
        }
        values.push(text_at(range, row, 1).trim().to_string());
    }
    let bad = |i: usize| Located {
        place: place(i as u32 + 1),
        problem: CellProblem::IdValue {
            key: layout::ID_KEYS[i],
        },
    };
    let request_id = values[0].clone();
    if !super::is_request_id(&request_id) {
        errors.push(bad(0));
    }
    let vendor_id = values[3].parse::<i64>().map_err(|_| bad(3));
    let fiscal_year = values[7].parse::<i16>().map_err(|_| bad(7));
    if values[5].is_empty() {
        errors.push(bad(5));
    }
    let (vendor_id, fiscal_year) = match (vendor_id, fiscal_year) {
        (Ok(v), Ok(f)) if errors.is_empty() => (v, f),
        (v, f) => {
            errors.extend(v.err());
            errors.extend(f.err());
            return Err(errors);
        }
    };
    Ok(Identification {
        request_id,
        institution_code: Some(values[1].clone()).filter(|c| !c.is_empty()),
        facility_name: values[2].clone(),
        vendor_id,
        vendor_name: values[4].clone(),
        edition_id: values[5].clone(),
        edition_sha256: values[6].clone(),
        fiscal_year,
    })
}

/// Read a filled request. `edition_of` gives the edition the identification names.
pub fn read<'e>(
    bytes: &[u8],
    edition_of: &dyn Fn(&str) -> Option<&'e Edition>,
) -> Result<XlsxResponse, XlsxFailure> {
    check_container(bytes).map_err(XlsxFailure::File)?;
    let workbook = |e: calamine::XlsxError| XlsxFailure::File(FileProblem::Workbook(e.to_string()));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(workbook)?;
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let mut problems = Vec::new();
    for n in &names {
        if n != layout::SHEET && n != layout::ID_SHEET {
            problems.push(Located {
                place: n.clone(),
                problem: CellProblem::UnexpectedSheet { name: n.clone() },
            });
        }
    }
    if !names.iter().any(|n| n == layout::ID_SHEET) {
        return Err(XlsxFailure::File(FileProblem::NoIdentification));
    }
    if !names.iter().any(|n| n == layout::SHEET) {
        return Err(XlsxFailure::File(FileProblem::NoSheet));
    }
    let id_range = wb.worksheet_range(layout::ID_SHEET).map_err(workbook)?;
    let id = identification(&id_range).map_err(|mut e| {
        e.extend(problems.clone());
        XlsxFailure::Cells(e)
    })?;
    let edition = edition_of(&id.edition_id).ok_or_else(|| {
        XlsxFailure::File(FileProblem::UnknownEdition {
            id: id.edition_id.clone(),
        })
    })?;
    let range = wb.worksheet_range(layout::SHEET).map_err(workbook)?;
    let formulas = wb.worksheet_formula(layout::SHEET).map_err(workbook)?;
    let merges = wb
        .merge_cells_by_sheet_name(layout::SHEET)
        .map_err(workbook)?;

    let at = |row: u32, col: u16| layout::place(layout::SHEET, row, col);
    let (f0r, f0c) = formulas.start().unwrap_or((0, 0));
    for (r, c, f) in formulas.used_cells() {
        if !f.is_empty() {
            let (row, col) = (f0r + r as u32, f0c + c as u32);
            problems.push(Located {
                place: at(row, u16::try_from(col).unwrap_or(u16::MAX)),
                problem: CellProblem::Formula {
                    formula: format!("={f}"),
                },
            });
        }
    }
    let expected = layout::merges(edition);
    for m in &merges {
        let found = (
            m.start.0,
            u16::try_from(m.start.1).unwrap_or(u16::MAX),
            m.end.0,
            u16::try_from(m.end.1).unwrap_or(u16::MAX),
        );
        if !expected.contains(&found) {
            problems.push(Located {
                place: layout::range_place(layout::SHEET, found),
                problem: CellProblem::Merged,
            });
        }
    }

    let mut rows = Vec::new();
    let mut last = layout::FIRST_ROW;
    for r in layout::rows(edition) {
        match r {
            Row::Section { row, number, title } => {
                last = row;
                let expected = layout::section_text(number, title);
                if !same_text(&text_at(&range, row, 0), &expected) {
                    problems.push(Located {
                        place: at(row, 0),
                        problem: CellProblem::SectionChanged { expected },
                    });
                }
            }
            Row::Item {
                row,
                item,
                scope,
                first_of_item,
                ..
            } => {
                last = row;
                if first_of_item {
                    if !same_text(&text_at(&range, row, layout::COL_NUMBER), &item.number) {
                        problems.push(Located {
                            place: at(row, layout::COL_NUMBER),
                            problem: CellProblem::NumberChanged {
                                expected: item.number.clone(),
                            },
                        });
                    }
                    if !same_text(&text_at(&range, row, layout::COL_TEXT), &item.text) {
                        problems.push(Located {
                            place: at(row, layout::COL_TEXT),
                            problem: CellProblem::TextChanged {
                                expected: item.text.clone(),
                            },
                        });
                    }
                }
                let label = scope_label(Lang::Ja, scope);
                if !same_text(&text_at(&range, row, layout::COL_SCOPE), label) {
                    problems.push(Located {
                        place: at(row, layout::COL_SCOPE),
                        problem: CellProblem::ScopeChanged {
                            expected: label.to_string(),
                        },
                    });
                }
                let mut cell = |a: u16, d: u16| -> Option<ResponseCell> {
                    let answer = answer_at(&range, row, a);
                    let date = date_at(&range, row, d);
                    let mut bad = |col, problem| {
                        problems.push(Located {
                            place: at(row, col),
                            problem,
                        })
                    };
                    match (answer, date) {
                        (Value::Ok(answer), Value::Ok(date)) => Some(ResponseCell { answer, date }),
                        (Value::Empty, Value::Empty) => None,
                        (answer, date) => {
                            match answer {
                                Value::Bad(p) => bad(a, p),
                                Value::Empty => bad(a, CellProblem::DateWithoutAnswer),
                                Value::Ok(_) => {}
                            }
                            match date {
                                Value::Bad(p) => bad(d, p),
                                Value::Empty => bad(d, CellProblem::AnswerWithoutDate),
                                Value::Ok(_) => {}
                            }
                            None
                        }
                    }
                };
                let first = cell(layout::COL_FIRST, layout::COL_FIRST_DATE);
                let second = cell(layout::COL_SECOND, layout::COL_SECOND_DATE);
                let target = match date_at(&range, row, layout::COL_TARGET) {
                    Value::Ok(d) => Some(d),
                    Value::Empty => None,
                    Value::Bad(p) => {
                        problems.push(Located {
                            place: at(row, layout::COL_TARGET),
                            problem: p,
                        });
                        None
                    }
                };
                rows.push(ResponseRow {
                    item: item.id.clone(),
                    scope,
                    first,
                    target,
                    second,
                    note: text_at(&range, row, layout::COL_NOTE).trim().to_string(),
                    places: RowPlaces {
                        row: at(row, layout::COL_TEXT),
                        first: at(row, layout::COL_FIRST_DATE),
                        target: at(row, layout::COL_TARGET),
                        second: at(row, layout::COL_SECOND_DATE),
                        note: at(row, layout::COL_NOTE),
                    },
                });
            }
        }
    }
    // Anything below the form: rows inserted, or answers moved down.
    if let Some((r0, c0)) = range.start() {
        for (r, c, d) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            if row > last && !matches!(d, Data::Empty) && !text_of(d).trim().is_empty() {
                problems.push(Located {
                    place: at(row, u16::try_from(col).unwrap_or(u16::MAX)),
                    problem: CellProblem::ExtraContent,
                });
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(XlsxResponse { id, rows })
    } else {
        Err(XlsxFailure::Cells(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::Scope;
    use crate::model::vendor::exchange::Cells;
    use crate::vendor::RequestContent;
    use jiff::civil::date;

    fn edition() -> Edition {
        let (lib, _) = crate::editions::Library::load(None);
        lib.get("vendor-r7").unwrap().clone()
    }

    fn request(e: &Edition, prefill: Vec<(String, Scope, Cells, String)>) -> Vec<u8> {
        crate::vendor::xlsx_out::render(&RequestContent {
            request_id: "0123456789abcdef0123456789abcdef".into(),
            facility_name: "テスト病院".into(),
            institution_code: Some("1311234567".into()),
            vendor_id: 7,
            vendor_name: "=1+1".into(),
            scopes: vec![Scope::Server],
            edition: e,
            edition_sha256: "ab".repeat(32),
            fiscal_year: 2025,
            sent_on: date(2025, 6, 1),
            due_on: Some(date(2025, 7, 31)),
            prefill,
        })
        .unwrap()
    }

    /// What the writer puts in, the reader gets back: identification, every row, the answers.
    #[test]
    fn a_request_reads_back_as_written() {
        let e = edition();
        let cells = Cells {
            first: Some(ResponseCell {
                answer: Answer::No,
                date: date(2025, 6, 3),
            }),
            target: Some(date(2026, 3, 31)),
            second: Some(ResponseCell {
                answer: Answer::Yes,
                date: date(2025, 9, 1),
            }),
        };
        let bytes = request(
            &e,
            vec![("2-10".into(), Scope::Server, cells, "更新済".into())],
        );
        let r = read(&bytes, &|id| (id == "vendor-r7").then_some(&e)).unwrap();
        assert_eq!(r.id.request_id, "0123456789abcdef0123456789abcdef");
        assert_eq!(r.id.institution_code.as_deref(), Some("1311234567"));
        assert_eq!(r.id.vendor_id, 7);
        assert_eq!(r.id.vendor_name, "=1+1");
        assert_eq!(r.id.fiscal_year, 2025);
        assert_eq!(r.rows.len(), e.rows().count());
        let row = r.rows.iter().find(|x| x.item == "2-10").unwrap();
        assert_eq!(
            Cells {
                first: row.first,
                target: row.target,
                second: row.second
            },
            cells
        );
        assert_eq!(row.note, "更新済");
        assert!(row.places.first.starts_with("事業者確認用!E"));
        assert!(
            r.rows
                .iter()
                .filter(|x| x.item != "2-10")
                .all(|x| x.first.is_none())
        );
        // Another edition than the identification names is not guessed.
        assert!(matches!(
            read(&bytes, &|_| None),
            Err(XlsxFailure::File(FileProblem::UnknownEdition { .. }))
        ));
    }

    #[test]
    fn files_that_are_not_workbooks_are_named_for_what_they_are() {
        let e = edition();
        let none = |_: &str| -> Option<&Edition> { None };
        assert_eq!(
            read(b"item,answer\n1-1,yes\n", &none).unwrap_err(),
            XlsxFailure::File(FileProblem::NotXlsx(Sniffed::Text))
        );
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], &none).unwrap_err(),
            XlsxFailure::File(FileProblem::NotXlsx(Sniffed::OldExcel))
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage", &none).unwrap_err(),
            XlsxFailure::File(FileProblem::Zip(_))
        ));
        // A small zip that inflates past the limit.
        let mut buf = Vec::new();
        {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("xl/sharedStrings.xml", opts).unwrap();
            let zeros = vec![b'a'; 1024 * 1024];
            for _ in 0..(MAX_INFLATED / (1024 * 1024) + 1) {
                std::io::Write::write_all(&mut z, &zeros).unwrap();
            }
            z.finish().unwrap();
        }
        assert!(buf.len() < 1024 * 1024, "{}", buf.len());
        assert_eq!(
            read(&buf, &|_| Some(&e)).unwrap_err(),
            XlsxFailure::File(FileProblem::Inflated {
                limit: MAX_INFLATED
            })
        );
    }

    #[test]
    fn dates_in_many_forms_and_serials() {
        for (text, ok) in [
            ("2025/6/1", true),
            ("R7.6.1", true),
            ("令和7年6月1日", true),
            ("2025-13-01", false),
            ("昨日", false),
        ] {
            assert_eq!(parse_date(text).is_ok(), ok, "{text}");
        }
        assert_eq!(serial_date(45809.0), Some(date(2025, 6, 1)));
        assert_eq!(serial_date(0.5), None);
        assert_eq!(serial_date(3e7), None);
    }
}
