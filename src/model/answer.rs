//! Answers: the append-only check records and the form cells derived from them.
//!
//! The official form has, per row, 1回目 (はい/いいえ + date), 目標日, 2回目 (はい/いいえ + date).
//! kensa keeps every check as a record and derives the cells:
//! - records carried over from last year's sheet have no date and only mark the row 要再確認;
//! - 1回目 is the earliest check date; several records on that date are corrections of the same
//!   check, and the last one recorded wins;
//! - 2回目 is the last record on a later date;
//! - 目標日 is the latest target set for the row.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::checklist::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// はい
    Yes,
    /// いいえ
    No,
    /// 該当なし (only where the item's not-applicable rule allows it)
    Na,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Na => "na",
        }
    }
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim() {
            "yes" | "y" | "はい" => Some(Answer::Yes),
            "no" | "n" | "いいえ" => Some(Answer::No),
            "na" | "n/a" | "該当なし" => Some(Answer::Na),
            _ => None,
        }
    }
}

/// One stored check of one row, as the model needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Store id; increases with recording order.
    pub id: i64,
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    /// 確認日. `None` for a record carried over from a previous sheet.
    pub checked_on: Option<Date>,
    pub carried: bool,
}

/// A target date (目標日) set for a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub item: String,
    pub scope: Scope,
    pub target_on: Date,
}

/// A filled cell of 1回目 or 2回目.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub answer: Answer,
    pub date: Date,
    /// Id of the record the cell shows.
    pub check_id: i64,
}

/// The form's view of one row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RowState {
    pub first: Option<Cell>,
    pub target: Option<Date>,
    pub second: Option<Cell>,
    /// Answer carried over from last year, waiting for a fresh check.
    pub carried: Option<Answer>,
}

impl RowState {
    /// The answer that stands now: 2回目 if any, else 1回目.
    pub fn current(&self) -> Option<Cell> {
        self.second.or(self.first)
    }

    pub fn status(&self) -> RowStatus {
        match (self.current(), self.carried) {
            (Some(c), _) => match c.answer {
                Answer::Yes => RowStatus::Yes,
                Answer::No => RowStatus::No,
                Answer::Na => RowStatus::Na,
            },
            (None, Some(_)) => RowStatus::NeedsRecheck,
            (None, None) => RowStatus::Unanswered,
        }
    }
}

/// What the officer sees per row: 未回答 / はい / いいえ / 該当なし / 要再確認.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Unanswered,
    Yes,
    No,
    Na,
    NeedsRecheck,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Unanswered => "unanswered",
            RowStatus::Yes => "yes",
            RowStatus::No => "no",
            RowStatus::Na => "na",
            RowStatus::NeedsRecheck => "needs_recheck",
        }
    }
}

/// Derive one row's cells from its records (any order; sorted here by id).
pub fn derive_row<'a>(
    checks: impl IntoIterator<Item = &'a Check>,
    targets: impl IntoIterator<Item = &'a Target>,
) -> RowState {
    let mut checks: Vec<&Check> = checks.into_iter().collect();
    checks.sort_by_key(|c| c.id);
    let dated = checks
        .iter()
        .filter(|c| !c.carried)
        .filter_map(|c| c.checked_on.map(|d| (d, *c)));
    let first_date = dated.clone().map(|(d, _)| d).min();
    let cell = |(d, c): (Date, &Check)| Cell {
        answer: c.answer,
        date: d,
        check_id: c.id,
    };
    let first = first_date.and_then(|fd| dated.clone().rfind(|(d, _)| *d == fd).map(cell));
    // The last record on a later date than 1回目; "last" by check date, then by recording order.
    let second = first_date.and_then(|fd| {
        dated
            .clone()
            .filter(|(d, _)| *d > fd)
            .max_by_key(|(d, c)| (*d, c.id))
            .map(cell)
    });
    let carried = checks.iter().rfind(|c| c.carried).map(|c| c.answer);
    let target = targets
        .into_iter()
        .max_by_key(|t| t.id)
        .map(|t| t.target_on);
    RowState {
        first,
        target,
        second,
        carried,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn check(id: i64, answer: Answer, on: Option<Date>) -> Check {
        Check {
            id,
            item: "2-7".into(),
            scope: Scope::Server,
            answer,
            checked_on: on,
            carried: on.is_none(),
        }
    }

    #[test]
    fn empty_row_is_unanswered() {
        let r = derive_row(&[], &[]);
        assert_eq!(r.status(), RowStatus::Unanswered);
    }

    #[test]
    fn same_day_record_corrects_first_check() {
        let c = [
            check(1, Answer::Yes, Some(date(2025, 5, 1))),
            check(2, Answer::No, Some(date(2025, 5, 1))),
        ];
        let r = derive_row(&c, &[]);
        assert_eq!(r.first.unwrap().answer, Answer::No);
        assert_eq!(r.second, None);
    }

    #[test]
    fn later_record_is_second_check() {
        let c = [
            check(1, Answer::No, Some(date(2025, 5, 1))),
            check(2, Answer::Yes, Some(date(2025, 9, 1))),
            check(3, Answer::No, Some(date(2025, 7, 1))),
        ];
        let t = [Target {
            id: 1,
            item: "2-7".into(),
            scope: Scope::Server,
            target_on: date(2025, 12, 1),
        }];
        let r = derive_row(&c, &t);
        assert_eq!(r.first.unwrap().answer, Answer::No);
        assert_eq!(r.second.unwrap().date, date(2025, 9, 1));
        assert_eq!(r.status(), RowStatus::Yes);
        assert_eq!(r.target, Some(date(2025, 12, 1)));
    }

    #[test]
    fn back_dated_record_becomes_first() {
        let c = [
            check(1, Answer::Yes, Some(date(2025, 9, 1))),
            check(2, Answer::No, Some(date(2025, 5, 1))),
        ];
        let r = derive_row(&c, &[]);
        assert_eq!(r.first.unwrap().date, date(2025, 5, 1));
        assert_eq!(r.second.unwrap().answer, Answer::Yes);
    }

    #[test]
    fn carried_answer_needs_recheck_until_answered() {
        let c = [check(1, Answer::Yes, None)];
        let r = derive_row(&c, &[]);
        assert_eq!(r.status(), RowStatus::NeedsRecheck);
        assert_eq!(r.first, None);
        let c = [
            check(1, Answer::Yes, None),
            check(2, Answer::No, Some(date(2026, 4, 2))),
        ];
        assert_eq!(derive_row(&c, &[]).status(), RowStatus::No);
    }

    #[test]
    fn answer_parse_accepts_japanese() {
        assert_eq!(Answer::parse("はい"), Some(Answer::Yes));
        assert_eq!(Answer::parse("該当なし"), Some(Answer::Na));
        assert_eq!(Answer::parse("maybe"), None);
    }
}
