//! Reading the answers a hospital wrote into its copy of the official Excel: はい / いいえ typed
//! or marked (「○はい」「はい・いいえ○」「(はい)」, or a lone ○ / ×), the 確認日 written with it
//! (2024/5/20, R6.5.20, 令和6年5月20日, ５/２０, an Excel date), the 目標日, the 2回目 and the
//! 備考. Pure: the layout (`model::official`) says which cells are which row's.
//!
//! What cannot be read is said per cell, never guessed: a circle drawn over はい (a shape, not
//! text) leaves the printed 「はい・いいえ」 untouched, and the cell is reported as such.

use jiff::civil::Date;

use super::answer::Answer;
use super::checklist::Scope;
use super::grid::{Grid, cell_ref};
use super::official::{Layout, norm};
use super::wareki::{halfwidth, parse_date};

/// One answer as written: 1回目 or 2回目 of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilledCheck {
    pub answer: Answer,
    pub checked_on: Date,
    /// The cell it was read from (`C12`).
    pub cell: String,
}

/// A row of the filled form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilledRow {
    pub item_id: String,
    pub scope: Scope,
    pub first: Option<FilledCheck>,
    pub target: Option<(Date, String)>,
    pub second: Option<FilledCheck>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilledProblem {
    /// Neither はい nor いいえ can be told from the text.
    Unreadable {
        cell: String,
        text: String,
    },
    /// The printed はい・いいえ is untouched and a circle is drawn over the row: a drawn shape
    /// is not part of the cell, so the answer cannot be read.
    Circled {
        cell: String,
    },
    /// An answer without a 確認日.
    NoDate {
        cell: String,
    },
    BadDate {
        cell: String,
        text: String,
    },
    /// A 2回目 without a 1回目.
    SecondWithoutFirst {
        cell: String,
    },
}

const MARKS: &[char] = &['○', '〇', '◯', '●', '◎', '✓', '✔', '☑'];

/// The answer a cell's text states, and what is left for the date. `Ok(None)`: nothing
/// written (the printed template only, or empty).
fn read_answer(text: &str) -> Result<Option<(Answer, String)>, ()> {
    let t = norm(text);
    if t.is_empty() {
        return Ok(None);
    }
    let yes = t.contains("はい");
    let no = t.contains("いいえ");
    let na = ["該当なし", "対象外", "記入不要"]
        .iter()
        .find(|w| t.contains(**w));
    let marked = |word: &str| {
        MARKS
            .iter()
            .any(|m| t.contains(&format!("{m}{word}")) || t.contains(&format!("{word}{m}")))
            || t.contains(&format!("({word})"))
            || t.contains(&format!("【{word}】"))
            || t.contains(&format!("[{word}]"))
    };
    let rest = |t: &str| {
        let mut r = t.to_string();
        for w in [
            "いいえ",
            "はい",
            "該当なし",
            "対象外",
            "記入不要",
            "・",
            "【",
            "】",
            "[",
            "]",
        ] {
            r = r.replace(w, "");
        }
        r.retain(|c| !MARKS.contains(&c) && c != '×' && c != '✕');
        r
    };
    let answer = match (yes, no, na) {
        (_, _, Some(_)) if !yes && !no => Answer::Na,
        (true, false, None) => Answer::Yes,
        (false, true, None) => Answer::No,
        (true, true, None) => match (marked("はい"), marked("いいえ")) {
            (true, false) => Answer::Yes,
            (false, true) => Answer::No,
            _ => {
                // The printed template with nothing marked: unanswered unless a date was written.
                return if date_part(&rest(&t)).is_empty() {
                    Ok(None)
                } else {
                    Err(())
                };
            }
        },
        (false, false, None) => {
            let first = t.chars().next().unwrap_or(' ');
            if MARKS.contains(&first) {
                Answer::Yes
            } else if first == '×' || first == '✕' {
                Answer::No
            } else if date_part(&t).is_empty() {
                return Ok(None);
            } else {
                return Err(());
            }
        }
        _ => return Err(()),
    };
    Ok(Some((answer, rest(&t))))
}

/// The date written in what is left of a cell: the brackets and an empty 「/」 of the template
/// removed.
fn date_part(s: &str) -> String {
    let d: String = s
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）'))
        .collect();
    if d.chars().all(|c| c == '/' || c == '／') {
        String::new()
    } else {
        d
    }
}

/// A date as written on the form; a month and day alone (５/２０) fall in the sheet's 年度.
pub fn read_date(s: &str, fiscal_year: i16) -> Option<Date> {
    let s = halfwidth(s.trim());
    if let Ok(d) = parse_date(&s) {
        return Some(d);
    }
    let s = s.trim_end_matches('日');
    let (m, d) = s.split_once(['/', '月', '.'])?;
    let (m, d): (i8, i8) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    let year = if m >= 4 { fiscal_year } else { fiscal_year + 1 };
    Date::new(year, m, d).ok()
}

/// The text of the cells of a column span on row `r`, in order.
fn span_text(g: &Grid, r: u32, span: (u32, u32)) -> (String, String) {
    let mut out = String::new();
    for c in span.0..=span.1 {
        if let Some(v) = g.cells.get(&(r, c)) {
            out.push_str(v);
        }
    }
    (out, cell_ref(r, span.0))
}

/// Every row's answers, and every cell that could not be read.
pub fn read_filled(
    g: &Grid,
    layout: &Layout,
    fiscal_year: i16,
) -> (Vec<FilledRow>, Vec<FilledProblem>) {
    let cols = layout.columns;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for ar in &layout.rows {
        let r = ar.row;
        let circled = |span: (u32, u32)| {
            g.shapes
                .iter()
                .any(|s| s.ellipse && s.row == r && (span.0..=span.1).contains(&s.col))
        };
        let check = |span: (u32, u32), problems: &mut Vec<FilledProblem>| {
            let (text, cell) = span_text(g, r, span);
            match read_answer(&text) {
                Ok(None) => {
                    if circled(span) {
                        problems.push(FilledProblem::Circled { cell });
                    }
                    None
                }
                Err(()) => {
                    problems.push(if circled(span) {
                        FilledProblem::Circled { cell }
                    } else {
                        FilledProblem::Unreadable {
                            cell,
                            text: text.clone(),
                        }
                    });
                    None
                }
                Ok(Some((answer, rest))) => {
                    let d = date_part(&rest);
                    if d.is_empty() {
                        problems.push(FilledProblem::NoDate { cell });
                        return None;
                    }
                    match read_date(&d, fiscal_year) {
                        Some(checked_on) => Some(FilledCheck {
                            answer,
                            checked_on,
                            cell,
                        }),
                        None => {
                            problems.push(FilledProblem::BadDate { cell, text: d });
                            None
                        }
                    }
                }
            }
        };
        let first = check(cols.first, &mut problems);
        let second = if ar.has_target || ar.item_id == "gate" {
            check(cols.second, &mut problems)
        } else {
            None
        };
        if second.is_some() && first.is_none() {
            problems.push(FilledProblem::SecondWithoutFirst {
                cell: cell_ref(r, cols.second.0),
            });
        }
        let target = if ar.has_target {
            let (text, cell) = span_text(g, r, cols.target);
            let d = date_part(&norm(&text));
            if d.is_empty() {
                None
            } else {
                match read_date(&d, fiscal_year) {
                    Some(t) => Some((t, cell)),
                    None => {
                        problems.push(FilledProblem::BadDate { cell, text: d });
                        None
                    }
                }
            }
        } else {
            None
        };
        let note = cols
            .note
            .map(|span| span_text(g, r, span).0.trim().to_string())
            .unwrap_or_default();
        if first.is_some() || second.is_some() || target.is_some() {
            rows.push(FilledRow {
                item_id: ar.item_id.clone(),
                scope: ar.scope,
                first,
                target,
                second,
                note,
            });
        }
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn every_notation_of_an_answer() {
        let a = |s: &str| read_answer(s).map(|o| o.map(|(a, r)| (a, date_part(&r))));
        assert_eq!(a("はい・いいえ\n（　/　）"), Ok(None));
        assert_eq!(a(""), Ok(None));
        assert_eq!(a("はい（５/２０）"), Ok(Some((Answer::Yes, "5/20".into()))));
        assert_eq!(
            a("〇はい・いいえ（R6.5.20）"),
            Ok(Some((Answer::Yes, "R6.5.20".into())))
        );
        assert_eq!(
            a("はい・いいえ○（2024/5/20）"),
            Ok(Some((Answer::No, "2024/5/20".into())))
        );
        assert_eq!(
            a("○ 2024-05-20"),
            Ok(Some((Answer::Yes, "2024-05-20".into())))
        );
        assert_eq!(
            a("いいえ 令和6年5月20日"),
            Ok(Some((Answer::No, "令和6年5月20日".into())))
        );
        assert_eq!(a("はい・いいえ（5/20）"), Err(()));
        assert_eq!(a("たぶん"), Err(()));
        assert_eq!(read_date("5/20", 2024), Some(d("2024-05-20")));
        assert_eq!(read_date("3/1", 2024), Some(d("2025-03-01")));
        assert_eq!(read_date("令和6年5月20日", 2024), Some(d("2024-05-20")));
        assert_eq!(read_date("2/30", 2024), None);
    }
}
