//! From a grid of text cells (read from CSV or xlsx) to validated ledger rows: find the header
//! row, match the columns by their Japanese names (or English aliases) in any order, and check
//! every cell. Every problem of every row is collected, with its line and column.

use std::path::{Path, PathBuf};

use super::{ImportError, ParsedRow, Problem, Problems};
use crate::model::asset::{
    AssetKind, Column, LedgerFields, REQUIRED_COLUMNS, parse_ips, parse_macs,
};
use crate::model::wareki::parse_date;

/// Cells with the line (CSV) or row (xlsx) number each row starts on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// How far down a title block (「機器台帳」, 作成日 …) above the header row may reach, in
/// non-blank rows.
const HEADER_SEARCH_ROWS: usize = 10;

/// Undo the export's formula neutralising (`'=…` → `=…`) and trim spaces Excel users leave.
fn clean(cell: &str) -> String {
    let t = cell.trim_matches(|c: char| c.is_whitespace());
    match t.strip_prefix('\'') {
        Some(rest) if super::needs_neutralising(rest) => rest.to_string(),
        _ => t.to_string(),
    }
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The header row as found: what each cell position holds.
#[derive(Debug)]
struct Header {
    /// Per cell position: a known column, or `None` (an extra header kept in 説明, or blank).
    columns: Vec<Option<Column>>,
    /// Extra headers by position.
    extra: Vec<(usize, String)>,
    /// The known columns the file has.
    present: Vec<Column>,
}

/// Where the header search stands.
#[derive(Debug)]
enum Stage {
    /// Still looking: how many non-blank rows were seen, and the line of the first.
    Searching {
        seen: usize,
        first_line: Option<usize>,
    },
    Found(Header),
    /// The header row is wrong (reported); the rows after it are not checked.
    Failed,
}

/// Rows of text cells in, validated ledger rows out, one row at a time: a file is never held
/// whole. The header is the first of the top non-blank rows that names at least three known
/// columns; every problem of every row goes to the caller's [`Problems`], with its line and
/// column. Duplicate 管理番号 are the caller's to find (they may span files).
#[derive(Debug)]
pub struct RowChecker {
    path: PathBuf,
    stage: Stage,
}

impl RowChecker {
    pub fn new(path: &Path) -> RowChecker {
        RowChecker {
            path: path.to_path_buf(),
            stage: Stage::Searching {
                seen: 0,
                first_line: None,
            },
        }
    }

    /// One row of cells from `line`: the validated row, if it is a data row without problems.
    pub fn push(
        &mut self,
        line: usize,
        cells: &[String],
        problems: &mut Problems,
    ) -> Option<ParsedRow> {
        if is_blank(cells) {
            return None;
        }
        match &mut self.stage {
            Stage::Failed => None,
            Stage::Found(header) => check_row(&self.path, header, line, cells, problems),
            Stage::Searching { seen, first_line } => {
                *seen += 1;
                let first = *first_line.get_or_insert(line);
                let known = cells
                    .iter()
                    .filter(|c| Column::from_header(c).is_some())
                    .count();
                if known >= 3 {
                    self.stage = match read_header(&self.path, line, cells, problems) {
                        Some(h) => Stage::Found(h),
                        None => Stage::Failed,
                    };
                } else if *seen >= HEADER_SEARCH_ROWS {
                    problems.push(ImportError::new(
                        &self.path,
                        Some(first),
                        Problem::NoHeaderRow,
                    ));
                    self.stage = Stage::Failed;
                }
                None
            }
        }
    }

    /// The headers kensa did not know (their cells went into 説明). A file that ended before
    /// a header row was found is a problem.
    pub fn finish(self, problems: &mut Problems) -> Vec<String> {
        match self.stage {
            Stage::Found(h) => h.extra.into_iter().map(|(_, h)| h).collect(),
            Stage::Searching { first_line, .. } => {
                problems.push(ImportError::new(
                    &self.path,
                    Some(first_line.unwrap_or(1)),
                    Problem::NoHeaderRow,
                ));
                Vec::new()
            }
            Stage::Failed => Vec::new(),
        }
    }
}

/// The header row's columns, or `None` after reporting what is wrong with it.
fn read_header(
    path: &Path,
    header_line: usize,
    header: &[String],
    problems: &mut Problems,
) -> Option<Header> {
    let mut ok = true;
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut extra: Vec<(usize, String)> = Vec::new();
    let mut unknown_headers = Vec::new();
    for (i, h) in header.iter().enumerate() {
        match Column::from_header(h) {
            Some(c) if columns.contains(&Some(c)) => {
                ok = false;
                problems.push(ImportError::new(
                    path,
                    Some(header_line),
                    Problem::DuplicateColumn {
                        header: h.trim().to_string(),
                    },
                ));
            }
            Some(c) => {
                columns.push(Some(c));
                continue;
            }
            None if h.trim().is_empty() => {}
            None => {
                unknown_headers.push(h.trim().to_string());
                extra.push((i, h.trim().to_string()));
            }
        }
        columns.push(None);
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !columns.contains(&Some(**c)))
        .map(|c| c.header())
        .collect();
    if !missing.is_empty() {
        ok = false;
        // Suggest what a renamed header may have been meant as.
        let unknown = unknown_headers
            .iter()
            .map(|u| {
                let best = missing
                    .iter()
                    .map(|m| (strsim::jaro_winkler(m, u), *m))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                match best {
                    Some((score, m)) if score > 0.6 => format!("「{u}」→「{m}」?"),
                    _ => format!("「{u}」"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        problems.push(ImportError::new(
            path,
            Some(header_line),
            Problem::MissingColumns {
                missing: missing.join(", "),
                unknown,
            },
        ));
    }
    let present = columns.iter().flatten().copied().collect();
    ok.then_some(Header {
        columns,
        extra,
        present,
    })
}

/// One data row against the header: the row, or `None` after reporting its problems.
fn check_row(
    path: &Path,
    header: &Header,
    line: usize,
    cells: &[String],
    problems: &mut Problems,
) -> Option<ParsedRow> {
    let Header {
        columns,
        extra,
        present,
    } = header;
    if cells.len() > columns.len() && !is_blank(&cells[columns.len()..]) {
        problems.push(ImportError::new(
            path,
            Some(line),
            Problem::TooManyCells {
                cells: cells.len(),
                columns: columns.len(),
            },
        ));
        return None;
    }
    let mut f = LedgerFields::default();
    let mut row_ok = true;
    let mut fail = |column: Column, problem: Problem| {
        problems.push(ImportError::new(path, Some(line), problem).at_column(column.header()));
    };
    let mut extras = Vec::new();
    for (i, raw) in cells.iter().enumerate() {
        let v = clean(raw);
        let Some(Some(col)) = columns.get(i) else {
            if let Some((_, h)) = extra.iter().find(|(at, _)| *at == i)
                && !v.is_empty()
            {
                extras.push(format!("【{h}】{v}"));
            }
            continue;
        };
        match col {
            Column::ControlNo => f.control_no = v,
            Column::Maker => f.maker = v,
            Column::Os => f.os = v,
            Column::Software => f.software = v,
            Column::SoftwareVersion => f.software_version = v,
            Column::ComputerName => f.computer_name = v,
            Column::Location => f.location = v,
            Column::User => f.user = v,
            Column::Status => f.status = v,
            Column::Description => f.description = v,
            Column::Ip => match parse_ips(&v) {
                Ok(ips) => f.ip = ips.join(", "),
                Err(bad) => {
                    row_ok = false;
                    fail(*col, Problem::BadIp { value: bad.0 });
                }
            },
            Column::Mac => match parse_macs(&v) {
                Ok(macs) => f.mac = macs.join(", "),
                Err(bad) => {
                    row_ok = false;
                    fail(*col, Problem::BadMac { value: bad.0 });
                }
            },
            Column::RegisteredOn | Column::RetiredOn => {
                let d = if v.is_empty() {
                    None
                } else {
                    match parse_date(&v) {
                        Ok(d) => Some(d),
                        Err(_) => {
                            row_ok = false;
                            fail(*col, Problem::BadDate { value: v.clone() });
                            None
                        }
                    }
                };
                if *col == Column::RegisteredOn {
                    f.registered_on = d;
                } else {
                    f.retired_on = d;
                }
            }
            Column::Kind => {
                if v.is_empty() {
                    f.kind = AssetKind::Other;
                } else {
                    match AssetKind::parse(&v) {
                        Some(k) => f.kind = k,
                        None => {
                            row_ok = false;
                            fail(*col, Problem::BadKind { value: v.clone() });
                        }
                    }
                }
            }
            Column::Source | Column::FirstSeen | Column::LastSeen | Column::Disagreements => {}
        }
    }
    if !present.contains(&Column::Kind) {
        f.kind = AssetKind::Other;
    }
    if f.control_no.is_empty() {
        row_ok = false;
        fail(Column::ControlNo, Problem::EmptyControlNo);
    }
    if !extras.is_empty() {
        let joined = extras.join(" / ");
        f.description = if f.description.is_empty() {
            joined
        } else {
            format!("{} / {joined}", f.description)
        };
    }
    // After the extra columns were folded into 説明: the stored row must fit every output.
    if row_ok
        && let Some((c, e)) =
            crate::model::asset::ledger_texts(&f)
                .into_iter()
                .find_map(|(c, s)| {
                    crate::model::limits::check(c.limit(), s)
                        .err()
                        .map(|e| (c, e))
                })
    {
        row_ok = false;
        fail(
            c,
            Problem::TooLong {
                chars: e.chars,
                max: e.max,
            },
        );
    }
    row_ok.then(|| ParsedRow {
        line,
        fields: f,
        present: present.clone(),
    })
}

/// Validated rows and the headers kensa did not know (kept in 説明), from a whole table;
/// duplicate 管理番号 within it are problems too. [`RowChecker`] does the same row by row.
pub fn rows(path: &Path, table: &Table) -> Result<(Vec<ParsedRow>, Vec<String>), Vec<ImportError>> {
    let mut problems = Problems::default();
    let mut checker = RowChecker::new(path);
    let mut out: Vec<ParsedRow> = Vec::new();
    for (line, cells) in &table.rows {
        out.extend(checker.push(*line, cells, &mut problems));
    }
    let extra = checker.finish(&mut problems);
    // Duplicates within the table are found here so their message names both lines.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in &out {
        if let Some(first) = seen.get(r.fields.control_no.as_str()) {
            problems.push(
                ImportError::new(
                    path,
                    Some(r.line),
                    Problem::DuplicateControlNo {
                        first: format!("{}:{first} ({})", path.display(), r.fields.control_no),
                    },
                )
                .at_column(Column::ControlNo.header()),
            );
        } else {
            seen.insert(&r.fields.control_no, r.line);
        }
    }
    if problems.is_empty() {
        Ok((out, extra))
    } else {
        Err(problems.into_sorted_vec(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
                .collect(),
        }
    }

    const HEADER: [&str; 12] = [
        "管理番号",
        "メーカー",
        "OS",
        "ソフトウェア",
        "ソフトウェアバージョン",
        "IPアドレス",
        "コンピュータ名",
        "設置場所",
        "利用者",
        "登録日",
        "状態",
        "説明",
    ];

    #[test]
    fn columns_in_any_order_with_title_rows_and_extras() {
        let mut h: Vec<&str> = HEADER.iter().rev().copied().collect();
        h.push("保守契約");
        let t = table(&[
            &["機器台帳"],
            &[],
            &h,
            &[
                "",
                "稼働",
                "2020/12/1",
                "b医師",
                "Room1",
                "PC1",
                "192.168.1.11",
                "2.0",
                "電子カルテ",
                "Win11",
                "A社",
                "'=cmd",
                "あり",
            ],
        ]);
        // Reversed header: 説明 first … 管理番号 last, then the extra column.
        let (rows, extra) = rows(Path::new("x.csv"), &t).unwrap();
        assert_eq!(extra, ["保守契約"]);
        let f = &rows[0].fields;
        assert_eq!(rows[0].line, 4);
        assert_eq!(f.control_no, "=cmd", "the export's neutralising is undone");
        assert_eq!(f.status, "稼働");
        assert_eq!(f.registered_on, Some(jiff::civil::date(2020, 12, 1)));
        assert_eq!(f.description, "【保守契約】あり");
        assert_eq!(f.ip, "192.168.1.11");
        assert_eq!(f.kind, AssetKind::Other);
    }

    #[test]
    fn every_bad_cell_is_reported() {
        let t = table(&[
            &HEADER,
            &[
                "001",
                "A",
                "Win11",
                "x",
                "1",
                "192.168.〇.〇",
                "pc",
                "r",
                "u",
                "2020-13-45",
                "稼働",
                "",
            ],
            &[
                "", "A", "Win11", "x", "1", "", "pc", "r", "u", "R2.12.1", "稼働", "",
            ],
            &[
                "003",
                "A",
                "Win11",
                "x",
                "1",
                "",
                "pc",
                "r",
                "u",
                "2020/12/1",
                "稼働",
                "",
                "extra",
            ],
            &[
                "004",
                "A",
                "Win11",
                "x",
                "1",
                "",
                "pc",
                "r",
                "u",
                "令和2年12月1日",
                "稼働",
                "",
            ],
            &[
                "004", "A", "Win11", "x", "1", "", "pc", "r", "u", "", "稼働", "",
            ],
        ]);
        let e = rows(Path::new("x.csv"), &t).unwrap_err();
        let got: Vec<(Option<usize>, Option<&str>)> =
            e.iter().map(|e| (e.line, e.column.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some(2), Some("IPアドレス")),
                (Some(2), Some("登録日")),
                (Some(3), Some("管理番号")),
                (Some(4), None),
                (Some(6), Some("管理番号")),
            ]
        );
    }

    #[test]
    fn missing_and_renamed_headers() {
        let mut h = HEADER.to_vec();
        // "IP" alone is an accepted English alias; this rename is not.
        h[5] = "IPアドレス(v4)";
        let e = rows(Path::new("x.csv"), &table(&[&h])).unwrap_err();
        match &e[0].problem {
            Problem::MissingColumns { missing, unknown } => {
                assert_eq!(missing, "IPアドレス");
                assert!(unknown.contains("IPアドレス(v4)"), "{unknown}");
            }
            other => panic!("{other:?}"),
        }
        let e = rows(Path::new("x.csv"), &table(&[&["a", "b"], &["c"]])).unwrap_err();
        assert_eq!(e[0].problem, Problem::NoHeaderRow);
        let mut dup = HEADER.to_vec();
        dup.push("OS");
        let e = rows(Path::new("x.csv"), &table(&[&dup])).unwrap_err();
        assert!(matches!(e[0].problem, Problem::DuplicateColumn { .. }));
    }
}
