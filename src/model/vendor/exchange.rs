//! What a vendor's response adds to its 事業者確認用, planned before anything is stored.
//!
//! A response (read from a filled xlsx or a signed kensa response) gives, per row, the form's
//! cells: 1回目 (answer and date), 目標日, 2回目, 備考. kensa keeps checks append-only and derives
//! the cells from them (`model::answer::derive_row`), so a response is turned into the checks and
//! 目標日 that make the sheet show exactly those cells:
//!
//! - a row answered for the first time gets its 1回目 (and 2回目) as new checks;
//! - a 1回目 with the same date and another answer is a correction (a new check on that date);
//! - a later 2回目 is a new check; a 目標日 that differs is set again;
//! - what cannot be reached by adding (a 1回目 moved to another date, a 2回目 or 目標日 taken away)
//!   is refused and named, because the history it would rewrite is append-only.
//!
//! Every answer passes the same entry checks as one typed at the CLI (`model::entry`). Problems are
//! collected for the whole file, so the vendor can fix every cell in one go; nothing is stored
//! unless there is none (all-or-nothing).

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use super::Vendor;
use crate::model::answer::{Answer, Cell, RowState, derive_row};
use crate::model::checklist::{Edition, Scope};
use crate::model::entry::{EntrySheet, Refusal, check_answer};
use crate::model::limits::{self, Field, TooLong};
use crate::model::record::SheetRecord;

/// A filled 1回目 or 2回目 cell of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseCell {
    pub answer: Answer,
    pub date: Date,
}

impl From<Cell> for ResponseCell {
    fn from(c: Cell) -> ResponseCell {
        ResponseCell {
            answer: c.answer,
            date: c.date,
        }
    }
}

/// Where each cell of a row is in the file, for messages: `事業者確認用!D9` in a workbook,
/// `rows[3].first` in a kensa response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowPlaces {
    pub row: String,
    pub first: String,
    pub target: String,
    pub second: String,
    pub note: String,
}

/// One row of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub item: String,
    pub scope: Scope,
    pub first: Option<ResponseCell>,
    pub target: Option<Date>,
    pub second: Option<ResponseCell>,
    pub note: String,
    pub places: RowPlaces,
}

/// The form's cells of a row, before or after an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cells {
    pub first: Option<ResponseCell>,
    pub target: Option<Date>,
    pub second: Option<ResponseCell>,
}

impl Cells {
    pub fn of(state: &RowState) -> Cells {
        Cells {
            first: state.first.map(ResponseCell::from),
            target: state.target,
            second: state.second.map(ResponseCell::from),
        }
    }
}

/// A check the import adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedCheck {
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    pub date: Date,
    pub note: String,
}

/// A 目標日 the import sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedTarget {
    pub item: String,
    pub scope: Scope,
    pub date: Date,
}

/// A row whose cells the import changes (what `--dry-run` shows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChange {
    pub item: String,
    pub scope: Scope,
    pub before: Cells,
    pub after: Cells,
}

/// Everything an import would store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportPlan {
    pub checks: Vec<PlannedCheck>,
    pub targets: Vec<PlannedTarget>,
    pub changes: Vec<RowChange>,
    /// Rows of the file.
    pub rows_read: usize,
    /// Rows the vendor's contract covers that still have no 1回目 after the import.
    pub unanswered: Vec<(String, Scope)>,
}

/// Why a row of a response cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// The answer or 目標日 would be refused if typed (future date, outside the 年度, 目標日 after
    /// the deadline or before the check, …).
    Refused(Refusal),
    /// A 2回目 or 目標日 with no 1回目.
    NothingBeforeIt,
    /// The 2回目 is not after the 1回目.
    SecondNotAfterFirst {
        first: Date,
        second: Date,
    },
    /// The 1回目 already stored has another date.
    FirstDateChanged {
        stored: Date,
        given: Date,
    },
    /// A stored 1回目 / 2回目 / 目標日 is missing from the response.
    FirstWithdrawn {
        stored: ResponseCell,
    },
    SecondWithdrawn {
        stored: ResponseCell,
    },
    TargetWithdrawn {
        stored: Date,
    },
    /// The 2回目 is older than the 2回目 already stored.
    SecondOlder {
        stored: Date,
        given: Date,
    },
    /// A row the sheet's edition does not have (kensa responses).
    UnknownRow,
    /// The same row twice.
    DuplicateRow,
    /// A 備考 over its length limit.
    NoteTooLong(TooLong),
}

/// A problem and the cell it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub place: String,
    pub problem: PlanProblem,
}

/// What planning needs besides the rows.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// The vendor's sheet as stored (the facility's copy).
    pub sheet: &'a SheetRecord,
    pub edition: &'a Edition,
    pub vendor: &'a Vendor,
    pub today: Date,
}

/// Plan an import of `rows` into the vendor's sheet; every problem of the file, or the plan.
pub fn plan_import(input: &PlanInput, rows: &[ResponseRow]) -> Result<ImportPlan, Vec<PlanError>> {
    let sheet = input.sheet;
    let entry = EntrySheet {
        edition: input.edition,
        fiscal_year: sheet.sheet.fiscal_year,
        // Vendor sheets allow 該当なし whatever the facility's contracts (`entry::check_answer`).
        vendor_contracts: true,
        today: input.today,
    };
    let checks = sheet.model_checks();
    let targets = sheet.model_targets();
    let mut plan = ImportPlan {
        rows_read: rows.len(),
        ..ImportPlan::default()
    };
    let mut errors = Vec::new();
    let mut seen: BTreeSet<(String, Scope)> = BTreeSet::new();
    let mut after_first: BTreeSet<(String, Scope)> = BTreeSet::new();
    for r in rows {
        let mut err = |place: &str, problem| {
            errors.push(PlanError {
                place: place.to_string(),
                problem,
            })
        };
        let Some(item) = input.edition.item(&r.item).filter(|i| i.has_scope(r.scope)) else {
            err(&r.places.row, PlanProblem::UnknownRow);
            continue;
        };
        if !seen.insert((r.item.clone(), r.scope)) {
            err(&r.places.row, PlanProblem::DuplicateRow);
            continue;
        }
        if let Err(e) = limits::check(Field::Note, &r.note) {
            err(&r.places.note, PlanProblem::NoteTooLong(e));
        }
        let state = derive_row(
            checks
                .iter()
                .filter(|c| c.item == r.item && c.scope == r.scope),
            targets
                .iter()
                .filter(|t| t.item == r.item && t.scope == r.scope),
        );
        let before = Cells::of(&state);
        let mut new_checks = Vec::new();
        let mut new_target = None;

        // 1回目
        match (r.first, before.first) {
            (None, Some(stored)) => err(&r.places.first, PlanProblem::FirstWithdrawn { stored }),
            (None, None) => {
                if r.second.is_some() {
                    err(&r.places.second, PlanProblem::NothingBeforeIt);
                }
                if r.target.is_some() {
                    err(&r.places.target, PlanProblem::NothingBeforeIt);
                }
            }
            (Some(given), stored) => {
                if let Err(e) = check_answer(&entry, item, r.scope, given.answer, given.date, None)
                {
                    err(&r.places.first, PlanProblem::Refused(e));
                }
                match stored {
                    None => new_checks.push(given),
                    Some(s) if s.date != given.date => err(
                        &r.places.first,
                        PlanProblem::FirstDateChanged {
                            stored: s.date,
                            given: given.date,
                        },
                    ),
                    Some(s) if s.answer != given.answer => new_checks.push(given),
                    Some(_) => {}
                }
            }
        }
        // 2回目
        if let Some(first) = r.first {
            match (r.second, before.second) {
                (None, Some(stored)) => {
                    err(&r.places.second, PlanProblem::SecondWithdrawn { stored })
                }
                (None, None) => {}
                (Some(given), stored) => {
                    if given.date <= first.date {
                        err(
                            &r.places.second,
                            PlanProblem::SecondNotAfterFirst {
                                first: first.date,
                                second: given.date,
                            },
                        );
                    } else if let Err(e) =
                        check_answer(&entry, item, r.scope, given.answer, given.date, None)
                    {
                        err(&r.places.second, PlanProblem::Refused(e));
                    }
                    match stored {
                        None => new_checks.push(given),
                        Some(s) if given.date < s.date => err(
                            &r.places.second,
                            PlanProblem::SecondOlder {
                                stored: s.date,
                                given: given.date,
                            },
                        ),
                        Some(s) if s != given => new_checks.push(given),
                        Some(_) => {}
                    }
                }
            }
            // 目標日: it belongs to a いいえ (the 1回目's, kept after a 2回目 はい, or the 2回目's).
            match (r.target, before.target) {
                (None, Some(stored)) => {
                    err(&r.places.target, PlanProblem::TargetWithdrawn { stored })
                }
                (None, None) => {}
                (Some(t), stored) => {
                    let no = [Some(first), r.second]
                        .into_iter()
                        .flatten()
                        .find(|c| c.answer == Answer::No);
                    let checked = match no {
                        Some(c) => check_answer(&entry, item, r.scope, c.answer, c.date, Some(t)),
                        None => Err(Refusal::TargetOnlyForNo),
                    };
                    match checked {
                        Err(e) => err(&r.places.target, PlanProblem::Refused(e)),
                        Ok(_) if stored != Some(t) => new_target = Some(t),
                        Ok(_) => {}
                    }
                }
            }
        }

        if r.first.is_some() || before.first.is_some() {
            after_first.insert((r.item.clone(), r.scope));
        }
        if new_checks.is_empty() && new_target.is_none() {
            continue;
        }
        let after = Cells {
            first: r.first,
            target: r.target,
            second: r.second,
        };
        for c in new_checks {
            plan.checks.push(PlannedCheck {
                item: r.item.clone(),
                scope: r.scope,
                answer: c.answer,
                date: c.date,
                note: r.note.clone(),
            });
        }
        if let Some(t) = new_target {
            plan.targets.push(PlannedTarget {
                item: r.item.clone(),
                scope: r.scope,
                date: t,
            });
        }
        plan.changes.push(RowChange {
            item: r.item.clone(),
            scope: r.scope,
            before,
            after,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (item, scope) in input.edition.rows() {
        let key = (item.id.clone(), scope);
        if input.vendor.covers(scope) && !after_first.contains(&key) {
            let stored = checks
                .iter()
                .any(|c| c.item == item.id && c.scope == scope && c.checked_on.is_some());
            if !stored {
                plan.unanswered.push(key);
            }
        }
    }
    Ok(plan)
}

/// The rows a vendor's own sheet gives a facility: every row of the edition its contract with
/// that facility covers (`scopes`; `general` rows always), with the cells as they stand. Rows of
/// other scopes are left out: they are 該当なし for that contract, and the facility's kensa knows
/// so from its own record of the contract. One answered sheet thus serves every client.
pub fn rows_for_contract(
    sheet: &SheetRecord,
    edition: &Edition,
    scopes: &[Scope],
) -> Vec<(String, Scope, Cells, String)> {
    let checks = sheet.model_checks();
    let targets = sheet.model_targets();
    edition
        .rows()
        .filter(|(_, s)| *s == Scope::General || scopes.contains(s))
        .map(|(item, scope)| {
            let state = derive_row(
                checks
                    .iter()
                    .filter(|c| c.item == item.id && c.scope == scope),
                targets
                    .iter()
                    .filter(|t| t.item == item.id && t.scope == scope),
            );
            let note = state
                .current()
                .and_then(|c| sheet.checks.iter().find(|r| r.id == c.check_id))
                .map(|r| r.note.clone())
                .unwrap_or_default();
            (item.id.clone(), scope, Cells::of(&state), note)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::vendor;
    use super::*;
    use crate::model::checklist::Form;
    use crate::model::record::{CheckRecord, Sheet, TargetRecord};
    use jiff::civil::date;

    fn edition() -> Edition {
        let (lib, _) = crate::editions::Library::load(None);
        lib.get("vendor-r7").unwrap().clone()
    }

    fn sheet() -> SheetRecord {
        SheetRecord {
            sheet: Sheet {
                id: 1,
                edition_id: "vendor-r7".into(),
                form: Form::Vendor,
                fiscal_year: 2025,
                carried_from: None,
                created_at: String::new(),
                vendor: Some(1),
            },
            checks: vec![],
            targets: vec![],
        }
    }

    fn cell(answer: Answer, d: Date) -> Option<ResponseCell> {
        Some(ResponseCell { answer, date: d })
    }

    fn row(item: &str, scope: Scope, first: Option<ResponseCell>) -> ResponseRow {
        ResponseRow {
            item: item.into(),
            scope,
            first,
            target: None,
            second: None,
            note: String::new(),
            places: RowPlaces {
                row: format!("{item}@{scope}"),
                first: "D".into(),
                target: "F".into(),
                second: "G".into(),
                note: "I".into(),
            },
        }
    }

    /// Store a plan's checks and targets the way the store would, ids in order.
    fn apply(s: &mut SheetRecord, plan: &ImportPlan) {
        for c in &plan.checks {
            let id = s.checks.len() as i64 + 1;
            s.checks.push(CheckRecord {
                id,
                sheet_id: 1,
                item: c.item.clone(),
                scope: c.scope,
                answer: c.answer,
                checked_on: Some(c.date),
                checked_by: "t".into(),
                note: c.note.clone(),
                carried_from_check: None,
                recorded_at: String::new(),
                evidence: vec![],
                response: None,
                source: None,
            });
        }
        for t in &plan.targets {
            let id = s.targets.len() as i64 + 1;
            s.targets.push(TargetRecord {
                id,
                sheet_id: 1,
                item: t.item.clone(),
                scope: t.scope,
                target_on: t.date,
                set_by: "t".into(),
                recorded_at: String::new(),
            });
        }
    }

    #[test]
    fn a_response_becomes_checks_that_show_its_cells_and_a_second_import_changes_nothing() {
        let e = edition();
        let v = vendor(1, "A社", &[Scope::Server]);
        let mut s = sheet();
        let mut r = row("2-10", Scope::Server, cell(Answer::No, date(2025, 6, 1)));
        r.target = Some(date(2026, 3, 31));
        r.second = cell(Answer::Yes, date(2025, 9, 1));
        r.note = "保守契約で対応".into();
        let rows = vec![
            r.clone(),
            row("1-1", Scope::General, cell(Answer::Yes, date(2025, 6, 1))),
        ];
        let empty = s.clone();
        let input = PlanInput {
            sheet: &empty,
            edition: &e,
            vendor: &v,
            today: date(2025, 10, 1),
        };
        let plan = plan_import(&input, &rows).unwrap();
        assert_eq!(plan.checks.len(), 3);
        assert_eq!(plan.targets.len(), 1);
        assert_eq!(plan.changes.len(), 2);
        // Rows of the contract still unanswered; the network row is not the vendor's.
        assert!(plan.unanswered.contains(&("2-4".into(), Scope::Server)));
        assert!(!plan.unanswered.iter().any(|(_, s)| *s == Scope::Network));
        apply(&mut s, &plan);
        let state = derive_row(
            s.model_checks().iter().filter(|c| c.item == "2-10"),
            s.model_targets().iter(),
        );
        assert_eq!(
            Cells::of(&state),
            Cells {
                first: r.first,
                target: r.target,
                second: r.second
            }
        );
        let input = PlanInput { sheet: &s, ..input };
        let again = plan_import(&input, &rows).unwrap();
        assert!(again.checks.is_empty() && again.targets.is_empty() && again.changes.is_empty());
        // A same-day correction of the 1回目 and a later 2回目 are added; the rest is refused.
        let mut corrected = rows.clone();
        corrected[1].first = cell(Answer::No, date(2025, 6, 1));
        corrected[1].target = Some(date(2026, 1, 31));
        let p = plan_import(&input, &corrected).unwrap();
        assert_eq!(p.checks.len(), 1);
        assert_eq!(
            p.changes[0].before.first,
            cell(Answer::Yes, date(2025, 6, 1))
        );
    }

    #[test]
    fn what_cannot_be_added_is_refused_with_its_cell() {
        let e = edition();
        let v = vendor(1, "A社", &[Scope::Server]);
        let mut s = sheet();
        let mut first = row("2-10", Scope::Server, cell(Answer::No, date(2025, 6, 1)));
        first.target = Some(date(2026, 3, 31));
        first.second = cell(Answer::No, date(2025, 8, 1));
        let today = date(2025, 10, 1);
        let empty = s.clone();
        let input = PlanInput {
            sheet: &empty,
            edition: &e,
            vendor: &v,
            today,
        };
        let plan = plan_import(&input, std::slice::from_ref(&first)).unwrap();
        apply(&mut s, &plan);
        let input = PlanInput { sheet: &s, ..input };
        let problems = |r: ResponseRow| -> Vec<(String, PlanProblem)> {
            plan_import(&input, &[r])
                .unwrap_err()
                .into_iter()
                .map(|e| (e.place, e.problem))
                .collect()
        };
        let mut moved = first.clone();
        moved.first = cell(Answer::No, date(2025, 5, 1));
        assert_eq!(
            problems(moved),
            vec![(
                "D".into(),
                PlanProblem::FirstDateChanged {
                    stored: date(2025, 6, 1),
                    given: date(2025, 5, 1)
                }
            )]
        );
        let mut gone = first.clone();
        gone.second = None;
        gone.target = None;
        let p = problems(gone);
        assert!(matches!(p[0].1, PlanProblem::SecondWithdrawn { .. }));
        assert!(matches!(p[1].1, PlanProblem::TargetWithdrawn { .. }));
        let mut older = first.clone();
        older.second = cell(Answer::Yes, date(2025, 7, 1));
        assert!(matches!(
            problems(older)[0].1,
            PlanProblem::SecondOlder { .. }
        ));
        let mut future = first.clone();
        future.second = cell(Answer::Yes, date(2025, 10, 2));
        assert_eq!(
            problems(future),
            vec![(
                "G".into(),
                PlanProblem::Refused(Refusal::DateInFuture {
                    date: date(2025, 10, 2)
                })
            )]
        );
        let mut late = first.clone();
        late.target = Some(date(2026, 4, 1));
        assert!(matches!(
            problems(late)[0].1,
            PlanProblem::Refused(Refusal::TargetAfterDeadline { .. })
        ));
        let mut no_first = row("1-1", Scope::General, None);
        no_first.second = cell(Answer::Yes, date(2025, 7, 1));
        assert_eq!(
            problems(no_first)[0],
            ("G".into(), PlanProblem::NothingBeforeIt)
        );
        let mut before = row("1-1", Scope::General, cell(Answer::Yes, date(2025, 7, 1)));
        before.second = cell(Answer::Yes, date(2025, 7, 1));
        assert!(matches!(
            problems(before)[0].1,
            PlanProblem::SecondNotAfterFirst { .. }
        ));
        let mut yes_target = row("1-1", Scope::General, cell(Answer::Yes, date(2025, 7, 1)));
        yes_target.target = Some(date(2025, 12, 1));
        assert_eq!(
            problems(yes_target)[0].1,
            PlanProblem::Refused(Refusal::TargetOnlyForNo)
        );
        assert_eq!(
            problems(row("9-9", Scope::General, None))[0].1,
            PlanProblem::UnknownRow
        );
        assert_eq!(
            problems(row("2-10", Scope::Network, None))[0].1,
            PlanProblem::UnknownRow
        );
        let outside = row("1-1", Scope::General, cell(Answer::Yes, date(2025, 3, 31)));
        assert!(matches!(
            problems(outside)[0].1,
            PlanProblem::Refused(Refusal::CheckOutsideFiscalYear { .. })
        ));
        let twice = vec![
            row("1-1", Scope::General, None),
            row("1-1", Scope::General, None),
        ];
        assert_eq!(
            plan_import(&input, &twice).unwrap_err()[0].problem,
            PlanProblem::DuplicateRow
        );
        // 該当なし is an answer on a vendor sheet, for any row.
        let na = row("2-9", Scope::General, cell(Answer::Na, date(2025, 7, 1)));
        assert!(plan_import(&input, &[na]).is_ok());
    }

    #[test]
    fn rows_for_a_contract_leave_other_scopes_out() {
        let e = edition();
        let mut s = sheet();
        s.sheet.vendor = None;
        let v = vendor(1, "A社", &[Scope::Server, Scope::Terminal, Scope::Network]);
        let rows: Vec<ResponseRow> = e
            .rows()
            .map(|(i, sc)| {
                let mut r = row(&i.id, sc, cell(Answer::Yes, date(2025, 6, 1)));
                r.note = i.id.to_string();
                r
            })
            .collect();
        let empty = s.clone();
        let input = PlanInput {
            sheet: &empty,
            edition: &e,
            vendor: &v,
            today: date(2025, 10, 1),
        };
        let plan = plan_import(&input, &rows).unwrap();
        apply(&mut s, &plan);
        let all = rows_for_contract(&s, &e, &[Scope::Server, Scope::Terminal, Scope::Network]);
        assert_eq!(all.len(), e.rows().count());
        let servers = rows_for_contract(&s, &e, &[Scope::Server]);
        assert!(
            servers
                .iter()
                .all(|(_, sc, _, _)| matches!(sc, Scope::General | Scope::Server))
        );
        assert!(servers.len() < all.len());
        assert_eq!(servers[0].3, "1-1");
        assert_eq!(servers[0].2.first, cell(Answer::Yes, date(2025, 6, 1)));
    }
}
