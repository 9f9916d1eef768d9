//! 機器台帳 files in and out: CSV (UTF-8, UTF-8 with BOM, CP932), xlsx, and `kensa collect`
//! host documents. An import is all-or-nothing and never holds its files or the ledger:
//! [`check_files`] reads every file once, one at a time and row by row, and returns either a
//! summary of each or every problem found, each with its file, line and column, before the
//! database is opened. [`apply_ledger_file`] and [`apply_host_file`] then read the same files
//! again inside one [`LedgerImport`] transaction, comparing each row with the stored one.
//! [`export_row`] and the writers turn the ledger back, row by row, into files that re-import
//! to the same ledger.

pub mod csvfile;
pub mod host;
pub mod table;
pub mod xlsx;
pub mod xml_scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::i18n::Lang;
use crate::model::asset::{
    Column, LedgerFields, LedgerRow, Observed, Source, fields_from_observation,
};
use crate::model::host::HostReport;
use crate::model::wareki::format_wareki_short;
use crate::store::{LedgerImport, NewObservation, SeenKeys};
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
    /// A FIFO, device or folder where a file belongs.
    NotRegular(crate::fsio::FileKind),
    /// A cell longer than its column's limit (`model::limits`).
    TooLong {
        chars: usize,
        max: usize,
    },
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
    /// The file is no longer what was checked at the start of the import.
    ChangedDuringImport,
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
            Problem::TooLong { chars, max } => {
                tr!(lang, "limits.cell_too_long", max = max, chars = chars)
            }
            Problem::NotRegular(kind) => tr!(
                lang,
                "fsio.not_regular",
                kind = crate::text::file_kind_label(lang, *kind)
            ),
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
            Problem::ChangedDuringImport => tr!(lang, "inventory.err.changed").to_string(),
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
    let io = |e: std::io::Error| {
        let problem = match crate::fsio::not_regular(&e) {
            Some(kind) => Problem::NotRegular(kind),
            None => Problem::Io(e.to_string()),
        };
        ImportError::new(path, None, problem)
    };
    // Not a regular file (a FIFO would hang the import): refused without blocking.
    let file = crate::fsio::open_regular(path).map_err(io)?;
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

/// The kinds of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Xlsx,
    Host,
}

/// By extension, else by the first bytes.
fn kind_of(path: &Path, bytes: &[u8]) -> FileKind {
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
        FileKind::Xlsx
    } else if ext == "json" || (ext != "csv" && first == Some(b'{')) {
        FileKind::Host
    } else {
        FileKind::Csv
    }
}

/// Read a ledger file (CSV or xlsx) row by row: `each(row, problems)` for every valid row.
/// Every problem goes to `problems`. Returns the format (`UTF-8`, `UTF-8 (BOM)`, `CP932` or
/// `xlsx`) and the headers kensa did not know.
fn ledger_rows(
    path: &Path,
    bytes: &[u8],
    kind: FileKind,
    problems: &mut Problems,
    each: &mut dyn FnMut(ParsedRow, &mut Problems),
) -> (&'static str, Vec<String>) {
    let mut checker = table::RowChecker::new(path);
    let mut sink = |line: usize, cells: Vec<String>, problems: &mut Problems| {
        if let Some(row) = checker.push(line, &cells, problems) {
            each(row, problems);
        }
    };
    let format = if kind == FileKind::Xlsx {
        if let Err(e) = xlsx::read_rows(path, bytes, problems, &mut sink) {
            problems.push(e);
            return ("xlsx", Vec::new());
        }
        "xlsx"
    } else {
        match csvfile::decode(path, bytes) {
            Ok((text, encoding)) => {
                csvfile::parse_rows(path, &text, problems, &mut sink);
                encoding.label()
            }
            Err(e) => {
                problems.push(e);
                return ("CSV", Vec::new());
            }
        }
    };
    (format, checker.finish(problems))
}

/// Read one file of any supported kind, holding all its rows: for a single file (tests,
/// fuzzing). Imports read files row by row with [`check_files`] and [`apply_ledger_file`].
pub fn read_file(path: &Path) -> Result<ParsedFile, Vec<ImportError>> {
    let bytes = read_limited(path).map_err(|e| vec![e])?;
    parse_bytes(path, &bytes)
}

/// [`read_file`] on bytes already read (at most [`MAX_IMPORT_BYTES`]); `path` names the file in
/// errors and chooses the kind by its extension. The fuzz targets enter here.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<ParsedFile, Vec<ImportError>> {
    let kind = kind_of(path, bytes);
    if kind == FileKind::Host {
        let (report, text) = host::parse(path, bytes).map_err(|e| vec![e])?;
        return Ok(ParsedFile::Host {
            path: path.to_path_buf(),
            report: Box::new(report),
            text,
        });
    }
    let mut problems = Problems::default();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let (format, extra_columns) = ledger_rows(
        path,
        bytes,
        kind,
        &mut problems,
        &mut |row, problems| match seen.get(&row.fields.control_no) {
            Some(first) => problems.push(duplicate(path, &row, path, *first)),
            None => {
                seen.insert(row.fields.control_no.clone(), row.line);
                rows.push(row);
            }
        },
    );
    if !problems.is_empty() {
        return Err(problems.into_sorted_vec(path));
    }
    Ok(ParsedFile::Ledger {
        path: path.to_path_buf(),
        format,
        rows,
        extra_columns,
    })
}

/// The problem of a 管理番号 first seen at `first_path:first_line`.
fn duplicate(path: &Path, row: &ParsedRow, first_path: &Path, first_line: usize) -> ImportError {
    ImportError::new(
        path,
        Some(row.line),
        Problem::DuplicateControlNo {
            first: format!(
                "{}:{first_line} ({})",
                first_path.display(),
                row.fields.control_no
            ),
        },
    )
    .at_column(Column::ControlNo.header())
}

/// One file as checked by [`check_files`]: what it holds, and the SHA-256 of the bytes that
/// were checked, so that the import applies exactly those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub path: PathBuf,
    pub sha256: [u8; 32],
    pub content: CheckedContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedContent {
    Ledger {
        /// `UTF-8`, `UTF-8 (BOM)`, `CP932` or `xlsx`.
        format: &'static str,
        rows: usize,
        /// Headers kensa does not know; their cells go into 説明.
        extra_columns: Vec<String>,
    },
    Host,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Check every file of an import, one at a time, before the database is opened; any problem
/// in any file fails the whole import with every problem found (at most
/// [`MAX_PROBLEMS_PER_FILE`] listed per file). A 管理番号 may appear once across all files.
///
/// Memory follows the largest file, not their number or their rows: rows are checked as they
/// are read and dropped, host documents are parsed and dropped, and the 管理番号 seen are
/// kept in a temporary database on disk.
pub fn check_files(paths: &[PathBuf]) -> Result<Vec<CheckedFile>, Vec<ImportError>> {
    let mut checked = Vec::new();
    let mut errors = Vec::new();
    let seen = SeenKeys::new().map_err(|e| {
        let at = paths
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new("-"));
        vec![ImportError::new(at, None, Problem::Io(e.to_string()))]
    })?;
    for (i, path) in paths.iter().enumerate() {
        let bytes = match read_limited(path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let kind = kind_of(path, &bytes);
        if kind == FileKind::Host {
            match host::parse(path, &bytes) {
                Ok(_) => checked.push(CheckedFile {
                    path: path.clone(),
                    sha256: sha256(&bytes),
                    content: CheckedContent::Host,
                }),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let mut problems = Problems::default();
        let mut rows = 0;
        let (format, extra_columns) = ledger_rows(
            path,
            &bytes,
            kind,
            &mut problems,
            &mut |row, problems| match seen.first_seen(&row.fields.control_no, i, row.line) {
                Ok(None) => rows += 1,
                Ok(Some((file, line))) => {
                    let first = paths.get(file).map(PathBuf::as_path).unwrap_or(path);
                    problems.push(duplicate(path, &row, first, line));
                }
                Err(e) => problems.push(ImportError::new(
                    path,
                    Some(row.line),
                    Problem::Io(e.to_string()),
                )),
            },
        );
        if problems.is_empty() {
            checked.push(CheckedFile {
                path: path.clone(),
                sha256: sha256(&bytes),
                content: CheckedContent::Ledger {
                    format,
                    rows,
                    extra_columns,
                },
            });
        } else {
            errors.append(&mut problems.into_sorted_vec(path));
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// Why applying a checked file stopped.
#[derive(Debug)]
pub enum ApplyError {
    /// The file is not what was checked (it changed meanwhile), or cannot be read again.
    File(Vec<ImportError>),
    Store(crate::store::StoreError),
}

impl From<crate::store::StoreError> for ApplyError {
    fn from(e: crate::store::StoreError) -> ApplyError {
        ApplyError::Store(e)
    }
}

/// The file's bytes again, refused unless they are the bytes that were checked.
fn reread(file: &CheckedFile) -> Result<Vec<u8>, ApplyError> {
    let bytes = read_limited(&file.path).map_err(|e| ApplyError::File(vec![e]))?;
    if sha256(&bytes) != file.sha256 {
        return Err(ApplyError::File(vec![ImportError::new(
            &file.path,
            None,
            Problem::ChangedDuringImport,
        )]));
    }
    Ok(bytes)
}

/// Apply a checked ledger file inside an import, row by row: a new 管理番号 adds a row, a row
/// whose fields differ is changed, the rest are left alone. `each` learns what happened to
/// every row.
pub fn apply_ledger_file(
    import: &mut LedgerImport,
    file: &CheckedFile,
    each: &mut dyn FnMut(PlannedRow),
) -> Result<(), ApplyError> {
    let bytes = reread(file)?;
    let path = file.path.as_path();
    let kind = kind_of(path, &bytes);
    let mut problems = Problems::default();
    let mut failed: Option<crate::store::StoreError> = None;
    ledger_rows(path, &bytes, kind, &mut problems, &mut |row, _| {
        if failed.is_some() {
            return;
        }
        match apply_row(import, &row) {
            Ok(change) => each(PlannedRow {
                file: path.to_path_buf(),
                line: row.line,
                control_no: row.fields.control_no,
                change,
            }),
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(ApplyError::Store(e));
    }
    if !problems.is_empty() {
        return Err(ApplyError::File(problems.into_sorted_vec(path)));
    }
    Ok(())
}

fn apply_row(
    import: &mut LedgerImport,
    row: &ParsedRow,
) -> Result<Change, crate::store::StoreError> {
    Ok(match import.asset(&row.fields.control_no)? {
        None => {
            import.add(&merge(&LedgerFields::default(), row), Source::Import)?;
            Change::New
        }
        Some(a) => {
            let fields = merge(&a.fields, row);
            let diff = changed_fields(&a.fields, &fields);
            if diff.is_empty() {
                Change::Unchanged
            } else {
                import.change(&fields)?;
                Change::Changed(diff)
            }
        }
    })
}

/// Apply a checked host document inside an import (after the ledger files, so it matches
/// the rows as the import leaves them): it becomes an observation; one that matches no row
/// adds a row of its own, marked as coming from `collect`, with the next free 管理番号.
pub fn apply_host_file(
    import: &mut LedgerImport,
    file: &CheckedFile,
    today: Date,
) -> Result<PlannedHost, ApplyError> {
    let bytes = reread(file)?;
    let (report, text) = host::parse(&file.path, &bytes).map_err(|e| ApplyError::File(vec![e]))?;
    drop(bytes);
    let observed = Observed::from_host(&report);
    drop(report);
    let (row, creates_row) = match import.matching_row(&observed)? {
        Some(row) => (row, false),
        None => {
            let row = fields_from_observation(import.next_control_no()?, &observed, today);
            import.add(&row, Source::Collect)?;
            (row, true)
        }
    };
    let planned = PlannedHost {
        file: file.path.clone(),
        host_name: observed.computer_name.clone(),
        control_no: row.control_no.clone(),
        creates_row,
        disagreements: crate::model::asset::disagreements(&row, &observed),
    };
    import.observe(&NewObservation {
        observed,
        payload: text,
    })?;
    Ok(planned)
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

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A cell the format cannot hold, or the writer's own refusal.
    #[error("{0:?}")]
    Problem(Problem),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// The export's header row, in the [`COLUMNS`] order.
///
/// [`COLUMNS`]: crate::model::asset::COLUMNS
pub fn export_header() -> Vec<String> {
    crate::model::asset::COLUMNS
        .iter()
        .map(|(_, h, _)| h.to_string())
        .collect()
}

/// Columns of the export that hold dates.
pub fn export_date_columns() -> Vec<usize> {
    crate::model::asset::COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, (c, _, _))| matches!(c, Column::RegisteredOn | Column::RetiredOn))
        .map(|(i, _)| i)
        .collect()
}

/// One ledger row as exported. Dates are written `YYYY/MM/DD`, which Excel in Japan reads as
/// a date.
pub fn export_row(r: &LedgerRow) -> Vec<String> {
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
    let f = &r.asset.fields;
    let disagreements = r
        .disagreements
        .iter()
        .map(|d| format!("{}: {} ≠ {}", d.field, d.ledger, d.observed))
        .collect::<Vec<_>>()
        .join(" / ");
    vec![
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
    ]
}

/// The export table: the header row, then one row per ledger row in the [`COLUMNS`] order.
///
/// [`COLUMNS`]: crate::model::asset::COLUMNS
pub fn export_rows(ledger: &[LedgerRow]) -> Vec<Vec<String>> {
    std::iter::once(export_header())
        .chain(ledger.iter().map(export_row))
        .collect()
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

    #[test]
    fn a_file_changed_after_its_check_is_not_applied() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.csv");
        let header = "管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,\
            コンピュータ名,設置場所,利用者,登録日,状態,説明\r\n";
        std::fs::write(&p, format!("{header}001,A,Win11,x,1,,pc,r,u,,稼働,\r\n")).unwrap();
        let checked = check_files(std::slice::from_ref(&p)).unwrap();
        assert_eq!(
            checked[0].content,
            CheckedContent::Ledger {
                format: "UTF-8",
                rows: 1,
                extra_columns: vec![]
            }
        );
        std::fs::write(
            &p,
            format!("{header}001,A,Win11,x,1,,pc,r,u,,稼働,\r\n002,B,,,,,,,,,,\r\n"),
        )
        .unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("k.db")).unwrap();
        let mut import = store.begin_import("t").unwrap();
        match apply_ledger_file(&mut import, &checked[0], &mut |_| {}) {
            Err(ApplyError::File(e)) => assert_eq!(e[0].problem, Problem::ChangedDuringImport),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicates_across_files_name_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let header = "管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,\
            コンピュータ名,設置場所,利用者,登録日,状態,説明\r\n";
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(
            &a,
            format!("{header}001,A,,,,,,,,,,\r\n002,A,,,,,,,,,,\r\n"),
        )
        .unwrap();
        std::fs::write(
            &b,
            format!("{header}003,A,,,,,,,,,,\r\n002,A,,,,,,,,,,\r\n"),
        )
        .unwrap();
        let e = check_files(&[a.clone(), b]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(3));
        assert_eq!(
            e[0].problem,
            Problem::DuplicateControlNo {
                first: format!("{}:3 (002)", a.display())
            }
        );
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
            match check_files(&[path]) {
                Ok(files) => {
                    let rows = match &files[0].content {
                        CheckedContent::Ledger { rows, .. } => *rows,
                        CheckedContent::Host => 0,
                    };
                    proptest::prop_assert!(rows <= cells.len());
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
