//! 機器台帳 files in and out: CSV (UTF-8, UTF-8 with BOM, CP932), xlsx, and `kensa collect`
//! host documents. Reading is all-or-nothing: [`read_files`] either returns every row of every
//! file, or every problem found, each with its file, line and column, and nothing is written.
//! [`plan`] compares what was read with the ledger and yields the batch the store applies in
//! one transaction. [`export_rows`] and the writers turn the ledger back into files that
//! re-import to the same ledger.

pub mod csvfile;
pub mod host;
pub mod table;
pub mod xlsx;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::i18n::Lang;
use crate::model::asset::{
    Asset, Column, LedgerFields, LedgerRow, Observed, Source, fields_from_observation,
    next_control_no, observation_matches,
};
use crate::model::host::HostReport;
use crate::model::wareki::format_wareki_short;
use crate::store::{LedgerBatch, NewObservation};
use crate::tr;

/// Largest file an import reads. A 10,000-row ledger in CSV is about 2 MB and a host document
/// with every package of a desktop Linux about 1 MB; anything far larger is not a ledger.
/// The size is checked before reading, so a huge file costs nothing.
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Most problems listed for one file; the rest are counted. A file with a million bad rows is
/// refused as surely with a hundred messages, and without holding a million of them.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The problems found in one file: the first [`MAX_PROBLEMS_PER_FILE`], and a count of the rest.
#[derive(Debug, Default)]
pub struct Problems {
    listed: Vec<ImportError>,
    more: usize,
}

impl Problems {
    pub fn push(&mut self, e: ImportError) {
        if self.full() {
            self.more += 1;
        } else {
            self.listed.push(e);
        }
    }

    /// No more problems will be listed, only counted.
    pub fn full(&self) -> bool {
        self.listed.len() >= MAX_PROBLEMS_PER_FILE
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The listed problems in line order, then one saying how many more there are.
    pub fn into_sorted_vec(mut self, file: &Path) -> Vec<ImportError> {
        self.listed.sort_by_key(|e| e.line);
        if self.more > 0 {
            self.listed.push(ImportError::new(
                file,
                None,
                Problem::MoreProblems { count: self.more },
            ));
        }
        self.listed
    }
}

/// How many problems a list of import errors stands for (a [`Problem::MoreProblems`] counts
/// for the problems it summarises).
pub fn problem_count(errors: &[ImportError]) -> usize {
    errors
        .iter()
        .map(|e| match e.problem {
            Problem::MoreProblems { count } => count,
            _ => 1,
        })
        .sum()
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: PathBuf,
    /// 1-based line (CSV, JSON) or row (xlsx).
    pub line: Option<usize>,
    /// The column header concerned.
    pub column: Option<String>,
    pub problem: Problem,
}

/// What is wrong. Worded in the user's language by [`ImportError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(String),
    /// Not valid in the detected encoding (truncated multi-byte character, another encoding).
    BadEncoding {
        encoding: &'static str,
    },
    /// Some lines are UTF-8 and others CP932.
    MixedEncoding {
        utf8_line: usize,
        cp932_line: usize,
    },
    /// Valid in neither UTF-8 nor CP932.
    NoEncoding,
    Csv(String),
    /// A quoted field still open at the end of the file; the line it opened on is the
    /// error's line.
    UnclosedQuote,
    NoHeaderRow,
    MissingColumns {
        missing: String,
        unknown: String,
    },
    DuplicateColumn {
        header: String,
    },
    TooManyCells {
        cells: usize,
        columns: usize,
    },
    EmptyControlNo,
    DuplicateControlNo {
        first: String,
    },
    BadIp {
        value: String,
    },
    BadMac {
        value: String,
    },
    BadDate {
        value: String,
    },
    BadKind {
        value: String,
    },
    MergedCells {
        range: String,
    },
    Formula {
        cell: String,
        formula: String,
    },
    CellError {
        cell: String,
    },
    Xlsx(String),
    XlsxTooManyParts {
        count: usize,
        limit: usize,
    },
    /// One part (file inside the zip) inflates beyond its limit.
    XlsxPartTooLarge {
        part: String,
        size: u64,
        limit: u64,
    },
    /// All parts together inflate beyond the limit.
    XlsxTooLarge {
        size: u64,
        limit: u64,
    },
    XlsxDamaged {
        part: String,
    },
    XlsxSharedStrings {
        declared: u64,
        limit: u64,
    },
    /// The sheet declares a range outside Excel's grid.
    XlsxBeyondGrid {
        sheet: String,
        range: String,
    },
    /// A cell right of the last column read.
    XlsxBeyondColumns {
        sheet: String,
        cell: String,
    },
    CellTooLong {
        cell: String,
        chars: usize,
        limit: usize,
    },
    /// Problems of this file beyond the [`MAX_PROBLEMS_PER_FILE`] listed.
    MoreProblems {
        count: usize,
    },
    Json(String),
    NotHostDocument,
    HostVersion {
        found: String,
    },
    /// Export: a character CP932 cannot hold.
    Unencodable {
        value: String,
    },
}

impl ImportError {
    pub fn new(file: &Path, line: Option<usize>, problem: Problem) -> ImportError {
        ImportError {
            file: file.to_path_buf(),
            line,
            column: None,
            problem,
        }
    }

    pub fn at_column(mut self, column: &str) -> ImportError {
        self.column = Some(column.to_string());
        self
    }

    /// `FILE:LINE: [列] message` in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let mut place = self.file.display().to_string();
        if let Some(l) = self.line {
            place.push_str(&format!(":{l}"));
        }
        let what = match &self.problem {
            Problem::TooLarge { size, limit } => {
                tr!(lang, "inventory.err.too_large", size = size, limit = limit)
            }
            Problem::Io(e) => tr!(lang, "inventory.err.io", detail = e),
            Problem::BadEncoding { encoding } => {
                tr!(lang, "inventory.err.encoding", encoding = encoding)
            }
            Problem::MixedEncoding {
                utf8_line,
                cp932_line,
            } => tr!(
                lang,
                "inventory.err.mixed_encoding",
                utf8 = utf8_line,
                cp932 = cp932_line
            ),
            Problem::NoEncoding => tr!(lang, "inventory.err.no_encoding").to_string(),
            Problem::Csv(e) => tr!(lang, "inventory.err.csv", detail = e),
            Problem::UnclosedQuote => tr!(lang, "inventory.err.unclosed_quote").to_string(),
            Problem::NoHeaderRow => tr!(
                lang,
                "inventory.err.no_header",
                columns = required_headers()
            ),
            Problem::MissingColumns { missing, unknown } => {
                if unknown.is_empty() {
                    tr!(lang, "inventory.err.missing_columns", missing = missing)
                } else {
                    tr!(
                        lang,
                        "inventory.err.missing_columns_unknown",
                        missing = missing,
                        unknown = unknown
                    )
                }
            }
            Problem::DuplicateColumn { header } => {
                tr!(lang, "inventory.err.duplicate_column", header = header)
            }
            Problem::TooManyCells { cells, columns } => tr!(
                lang,
                "inventory.err.too_many_cells",
                cells = cells,
                columns = columns
            ),
            Problem::EmptyControlNo => tr!(lang, "inventory.err.empty_control_no").to_string(),
            Problem::DuplicateControlNo { first } => {
                tr!(lang, "inventory.err.duplicate_control_no", first = first)
            }
            Problem::BadIp { value } => tr!(lang, "inventory.err.bad_ip", value = value),
            Problem::BadMac { value } => tr!(lang, "inventory.err.bad_mac", value = value),
            Problem::BadDate { value } => tr!(lang, "inventory.err.bad_date", value = value),
            Problem::BadKind { value } => tr!(
                lang,
                "inventory.err.bad_kind",
                value = value,
                kinds = kinds_list()
            ),
            Problem::MergedCells { range } => {
                tr!(lang, "inventory.err.merged", range = range)
            }
            Problem::Formula { cell, formula } => {
                tr!(
                    lang,
                    "inventory.err.formula",
                    cell = cell,
                    formula = formula
                )
            }
            Problem::CellError { cell } => tr!(lang, "inventory.err.cell_error", cell = cell),
            Problem::Xlsx(e) => tr!(lang, "inventory.err.xlsx", detail = e),
            Problem::XlsxTooManyParts { count, limit } => tr!(
                lang,
                "inventory.err.xlsx_too_many_parts",
                count = count,
                limit = limit
            ),
            Problem::XlsxPartTooLarge { part, size, limit } => tr!(
                lang,
                "inventory.err.xlsx_part_too_large",
                part = part,
                size = size,
                limit = limit
            ),
            Problem::XlsxTooLarge { size, limit } => tr!(
                lang,
                "inventory.err.xlsx_too_large",
                size = size,
                limit = limit
            ),
            Problem::XlsxDamaged { part } => tr!(lang, "inventory.err.xlsx_damaged", part = part),
            Problem::XlsxSharedStrings { declared, limit } => tr!(
                lang,
                "inventory.err.xlsx_shared_strings",
                declared = declared,
                limit = limit
            ),
            Problem::XlsxBeyondGrid { sheet, range } => tr!(
                lang,
                "inventory.err.xlsx_beyond_grid",
                sheet = sheet,
                range = range
            ),
            Problem::XlsxBeyondColumns { sheet, cell } => tr!(
                lang,
                "inventory.err.xlsx_beyond_columns",
                sheet = sheet,
                cell = cell,
                last = xlsx::LAST_COLUMN
            ),
            Problem::CellTooLong { cell, chars, limit } => tr!(
                lang,
                "inventory.err.cell_too_long",
                cell = cell,
                chars = chars,
                limit = limit
            ),
            Problem::MoreProblems { count } => tr!(
                lang,
                "inventory.err.more_problems",
                count = count,
                shown = MAX_PROBLEMS_PER_FILE
            ),
            Problem::Json(e) => tr!(lang, "inventory.err.json", detail = e),
            Problem::NotHostDocument => tr!(
                lang,
                "inventory.err.not_host",
                schema = crate::model::host::HOST_SCHEMA
            ),
            Problem::HostVersion { found } => tr!(
                lang,
                "inventory.err.host_version",
                found = found,
                schema = crate::model::host::HOST_SCHEMA
            ),
            Problem::Unencodable { value } => {
                tr!(lang, "inventory.err.unencodable", value = value)
            }
        };
        match &self.column {
            Some(c) => format!("{place}: [{c}] {what}"),
            None => format!("{place}: {what}"),
        }
    }
}

fn required_headers() -> String {
    crate::model::asset::REQUIRED_COLUMNS
        .iter()
        .map(|c| c.header())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kinds_list() -> String {
    crate::model::asset::AssetKind::ALL
        .iter()
        .map(|k| format!("{} ({})", k.label_ja(), k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A ledger row read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    pub line: usize,
    pub fields: LedgerFields,
    /// Columns the file has; the others keep their stored value on an existing row.
    pub present: Vec<Column>,
}

/// What one file held.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedFile {
    Ledger {
        path: PathBuf,
        /// `UTF-8`, `UTF-8 (BOM)`, `CP932` or `xlsx`.
        format: &'static str,
        rows: Vec<ParsedRow>,
        /// Headers kensa does not know; their cells went into 説明.
        extra_columns: Vec<String>,
    },
    Host {
        path: PathBuf,
        report: Box<HostReport>,
        /// The document's text, stored with the observation.
        text: String,
    },
}

/// Read a whole file, refusing it by size first.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let io = |e: std::io::Error| ImportError::new(path, None, Problem::Io(e.to_string()));
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::new(
            path,
            None,
            Problem::TooLarge {
                size,
                limit: MAX_IMPORT_BYTES,
            },
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows after the size check.
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::new(
            path,
            None,
            Problem::TooLarge {
                size: bytes.len() as u64,
                limit: MAX_IMPORT_BYTES,
            },
        ));
    }
    Ok(bytes)
}

/// Read one file of any supported kind: by extension, else by its first bytes.
pub fn read_file(path: &Path) -> Result<ParsedFile, Vec<ImportError>> {
    let bytes = read_limited(path).map_err(|e| vec![e])?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let first = bytes
        .iter()
        .copied()
        .find(|b| !(b.is_ascii_whitespace() || *b == 0xef || *b == 0xbb || *b == 0xbf));
    if ext == "xlsx" || ext == "xlsm" || is_zip {
        let table = xlsx::read(path, bytes)?;
        let (rows, extra_columns) = table::rows(path, &table)?;
        return Ok(ParsedFile::Ledger {
            path: path.to_path_buf(),
            format: "xlsx",
            rows,
            extra_columns,
        });
    }
    if ext == "json" || (ext != "csv" && first == Some(b'{')) {
        let (report, text) = host::parse(path, &bytes).map_err(|e| vec![e])?;
        return Ok(ParsedFile::Host {
            path: path.to_path_buf(),
            report: Box::new(report),
            text,
        });
    }
    let (text, encoding) = csvfile::decode(path, &bytes).map_err(|e| vec![e])?;
    let table = csvfile::parse(path, &text)?;
    let (rows, extra_columns) = table::rows(path, &table)?;
    Ok(ParsedFile::Ledger {
        path: path.to_path_buf(),
        format: encoding.label(),
        rows,
        extra_columns,
    })
}

/// Read every file; any problem in any file fails the whole import with every problem found.
/// A 管理番号 may appear once across all files.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<ParsedFile>, Vec<ImportError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match read_file(p) {
            Ok(f) => files.push(f),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    for f in &files {
        if let ParsedFile::Ledger { path, rows, .. } = f {
            for r in rows {
                match seen.get(&r.fields.control_no) {
                    Some((first_path, first_line)) => errors.push(
                        ImportError::new(
                            path,
                            Some(r.line),
                            Problem::DuplicateControlNo {
                                first: format!(
                                    "{}:{first_line} ({})",
                                    first_path.display(),
                                    r.fields.control_no
                                ),
                            },
                        )
                        .at_column(Column::ControlNo.header()),
                    ),
                    None => {
                        seen.insert(r.fields.control_no.clone(), (path.clone(), r.line));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// What an import does to one ledger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    New,
    /// The English field names that differ.
    Changed(Vec<&'static str>),
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub file: PathBuf,
    pub line: usize,
    pub control_no: String,
    pub change: Change,
}

/// What an import does with one host document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHost {
    pub file: PathBuf,
    pub host_name: String,
    /// The ledger row it matches, or the 管理番号 of the row it creates.
    pub control_no: String,
    pub creates_row: bool,
    pub disagreements: Vec<crate::model::asset::Disagreement>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
    pub hosts: Vec<PlannedHost>,
    pub batch: LedgerBatch,
}

/// The English names of the typed fields that differ between two rows.
pub fn changed_fields(a: &LedgerFields, b: &LedgerFields) -> Vec<&'static str> {
    let texts: [(&'static str, &String, &String); 11] = [
        ("maker", &a.maker, &b.maker),
        ("os", &a.os, &b.os),
        ("software", &a.software, &b.software),
        ("software_version", &a.software_version, &b.software_version),
        ("ip", &a.ip, &b.ip),
        ("computer_name", &a.computer_name, &b.computer_name),
        ("location", &a.location, &b.location),
        ("user", &a.user, &b.user),
        ("status", &a.status, &b.status),
        ("description", &a.description, &b.description),
        ("mac", &a.mac, &b.mac),
    ];
    let mut out: Vec<&'static str> = texts
        .iter()
        .filter(|(_, x, y)| x != y)
        .map(|(n, _, _)| *n)
        .collect();
    if a.kind != b.kind {
        out.push("kind");
    }
    if a.registered_on != b.registered_on {
        out.push("registered_on");
    }
    if a.retired_on != b.retired_on {
        out.push("retired_on");
    }
    out
}

/// Take the columns the file has from `row`, the others from `base`.
fn merge(base: &LedgerFields, row: &ParsedRow) -> LedgerFields {
    let mut out = base.clone();
    let f = &row.fields;
    for c in &row.present {
        match c {
            Column::ControlNo => out.control_no = f.control_no.clone(),
            Column::Maker => out.maker = f.maker.clone(),
            Column::Os => out.os = f.os.clone(),
            Column::Software => out.software = f.software.clone(),
            Column::SoftwareVersion => out.software_version = f.software_version.clone(),
            Column::Ip => out.ip = f.ip.clone(),
            Column::ComputerName => out.computer_name = f.computer_name.clone(),
            Column::Location => out.location = f.location.clone(),
            Column::User => out.user = f.user.clone(),
            Column::RegisteredOn => out.registered_on = f.registered_on,
            Column::Status => out.status = f.status.clone(),
            Column::Description => out.description = f.description.clone(),
            Column::Kind => out.kind = f.kind,
            Column::Mac => out.mac = f.mac.clone(),
            Column::RetiredOn => out.retired_on = f.retired_on,
            Column::Source | Column::FirstSeen | Column::LastSeen | Column::Disagreements => {}
        }
    }
    out
}

/// Compare what was read with the ledger. Rows with a new 管理番号 are added, rows whose
/// fields differ are changed, the rest are left alone. Each host document becomes an
/// observation; one that matches no row (existing or new) adds a row of its own, marked as
/// coming from `collect`, with the next free 管理番号.
pub fn plan(files: &[ParsedFile], existing: &[Asset], today: Date) -> ImportPlan {
    let mut out = ImportPlan::default();
    let by_no: HashMap<&str, &Asset> = existing
        .iter()
        .map(|a| (a.fields.control_no.as_str(), a))
        .collect();
    // Every row as it will be after the import, for matching host documents.
    let mut after: Vec<LedgerFields> = existing.iter().map(|a| a.fields.clone()).collect();
    for f in files {
        let ParsedFile::Ledger { path, rows, .. } = f else {
            continue;
        };
        for r in rows {
            let no = r.fields.control_no.clone();
            let change = match by_no.get(no.as_str()) {
                None => {
                    let fields = merge(&LedgerFields::default(), r);
                    after.push(fields.clone());
                    out.batch.new_rows.push((fields, Source::Import));
                    Change::New
                }
                Some(a) => {
                    let fields = merge(&a.fields, r);
                    let diff = changed_fields(&a.fields, &fields);
                    if diff.is_empty() {
                        Change::Unchanged
                    } else {
                        if let Some(slot) = after.iter_mut().find(|x| x.control_no == no) {
                            *slot = fields.clone();
                        }
                        out.batch.changed_rows.push(fields);
                        Change::Changed(diff)
                    }
                }
            };
            out.rows.push(PlannedRow {
                file: path.clone(),
                line: r.line,
                control_no: no,
                change,
            });
        }
    }
    for f in files {
        let ParsedFile::Host { path, report, text } = f else {
            continue;
        };
        let observed = Observed::from_host(report);
        let matched = after
            .iter()
            .find(|row| observation_matches(row, &observed))
            .cloned();
        let (row, creates_row) = match matched {
            Some(row) => (row, false),
            None => {
                let no = next_control_no(after.iter().map(|r| r.control_no.as_str()));
                let row = fields_from_observation(no, &observed, today);
                after.push(row.clone());
                out.batch.new_rows.push((row.clone(), Source::Collect));
                (row, true)
            }
        };
        out.hosts.push(PlannedHost {
            file: path.clone(),
            host_name: observed.computer_name.clone(),
            control_no: row.control_no.clone(),
            creates_row,
            disagreements: crate::model::asset::disagreements(&row, &observed),
        });
        out.batch.observations.push(NewObservation {
            observed,
            payload: text.clone(),
        });
    }
    out
}

/// The export table: the header row, then one row per ledger row in the [`COLUMNS`] order.
/// Dates are written `YYYY/MM/DD`, which Excel in Japan reads as a date.
///
/// [`COLUMNS`]: crate::model::asset::COLUMNS
pub fn export_rows(ledger: &[LedgerRow]) -> Vec<Vec<String>> {
    let date = |d: Option<Date>| {
        d.map(|d| d.strftime("%Y/%m/%d").to_string())
            .unwrap_or_default()
    };
    let seen = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .map(|t| {
                let d = t.to_zoned(jiff::tz::TimeZone::system()).date();
                format!("{} ({})", d.strftime("%Y/%m/%d"), format_wareki_short(d))
            })
            .unwrap_or_default()
    };
    let mut out = vec![
        crate::model::asset::COLUMNS
            .iter()
            .map(|(_, h, _)| h.to_string())
            .collect(),
    ];
    for r in ledger {
        let f = &r.asset.fields;
        let disagreements = r
            .disagreements
            .iter()
            .map(|d| format!("{}: {} ≠ {}", d.field, d.ledger, d.observed))
            .collect::<Vec<_>>()
            .join(" / ");
        out.push(vec![
            f.control_no.clone(),
            f.maker.clone(),
            f.os.clone(),
            f.software.clone(),
            f.software_version.clone(),
            f.ip.clone(),
            f.computer_name.clone(),
            f.location.clone(),
            f.user.clone(),
            date(f.registered_on),
            f.status.clone(),
            f.description.clone(),
            f.kind.label_ja().to_string(),
            f.mac.clone(),
            date(f.retired_on),
            r.asset.source.as_str().to_string(),
            seen(&r.first_seen),
            seen(&r.last_seen),
            disagreements,
        ]);
    }
    out
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab/CR that some
/// programs strip before looking): written with a leading `'`, which [`table`] removes again
/// on import so the ledger round-trips.
pub fn needs_neutralising(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralising() {
        for c in ["=1+1", "+81", "-", "@SUM(A1)", "\tx"] {
            assert!(needs_neutralising(c), "{c}");
        }
        assert!(!needs_neutralising("稼働"));
        assert!(!needs_neutralising("'=1"));
    }

    proptest::proptest! {
        /// The whole CSV import path on hostile rows under a valid header: every outcome is a
        /// list of rows or a list of errors with lines, never a panic.
        #[test]
        fn csv_import_never_panics(
            cells in proptest::collection::vec(
                proptest::collection::vec(".{0,12}", 0..15), 0..8),
            cp932 in proptest::bool::ANY,
        ) {
            let mut text = String::from("管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,\
                コンピュータ名,設置場所,利用者,登録日,状態,説明,種別,MACアドレス\r\n");
            for row in &cells {
                let quoted: Vec<String> =
                    row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                text.push_str(&quoted.join(","));
                text.push_str("\r\n");
            }
            let bytes = if cp932 {
                encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            std::fs::write(&path, &bytes).unwrap();
            match read_files(&[path]) {
                Ok(files) => {
                    let p = plan(&files, &[], jiff::civil::date(2025, 1, 1));
                    proptest::prop_assert!(p.rows.len() <= cells.len());
                }
                Err(errors) => {
                    proptest::prop_assert!(!errors.is_empty());
                    for e in errors {
                        let _ = e.message(Lang::Ja);
                        proptest::prop_assert!(e.line.is_some(), "{e:?}");
                    }
                }
            }
        }
    }
}
