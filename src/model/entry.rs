//! What may be recorded: the checks a new answer or 目標日 must pass before it is stored.
//! Shared by the CLI and the TUI so both refuse exactly the same entries, and built on the
//! assessment's own rules (`model::rules`) so nothing accepted here is rejected by `status`.

use jiff::civil::Date;

use super::answer::{Answer, Cell};
use super::checklist::{Edition, Form, Item, Scope};
use super::rules::{TargetFit, na_possible, row_deadline, takes_target, target_fit};
use super::wareki::fiscal_year_of;

/// The sheet an entry goes to: what the checks need besides the row itself.
#[derive(Debug, Clone, Copy)]
pub struct EntrySheet<'a> {
    pub edition: &'a Edition,
    /// 年度 of the sheet.
    pub fiscal_year: i16,
    pub vendor_contracts: bool,
    pub today: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 該当なし where the manual does not allow it.
    NaNotAllowed,
    /// 該当なし for 2(2)/2(3) although the facility has vendor contracts.
    NaWithContracts,
    DateInFuture {
        date: Date,
    },
    /// A 確認日 outside the sheet's 年度 (1 April – 31 March): a check of another year would
    /// silently become this year's 1回目 or 2回目.
    CheckOutsideFiscalYear {
        date: Date,
        fiscal_year: i16,
    },
    /// The 医療情報システムの有無 gate has no 目標日.
    GateNoTarget,
    /// 3(1) has no 目標日 on the form: the 連絡体制図 must exist by the inspection.
    TargetNotOnForm,
    TargetOnlyForNo,
    TargetBeforeCheck {
        target: Date,
        check: Date,
    },
    /// A 目標日 after the last day of the 年度 the row is due, where nothing allows that.
    TargetAfterDeadline {
        target: Date,
        deadline_fiscal_year: i16,
    },
    /// A 目標日 alone, on a row whose standing answer is not いいえ.
    TargetNotOnNo,
}

/// Accepted, with something the officer must be told (and the inspector will see).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryNote {
    /// A 目標日 after the deadline, allowed by the official rule (二要素認証: the next system
    /// renewal, GL 7.0). `status` and the report show it as a notice.
    TargetAtNextRenewal {
        target: Date,
        deadline_fiscal_year: i16,
    },
}

/// A new check of `item`@`scope`: `answer` on `checked_on`, optionally with a 目標日.
pub fn check_answer(
    sheet: &EntrySheet,
    item: &Item,
    scope: Scope,
    answer: Answer,
    checked_on: Date,
    target: Option<Date>,
) -> Result<Option<EntryNote>, Refusal> {
    // On a 事業者確認用 any row may be 該当なし for the vendor's contract (立入検査の手引き: 契約内容に
    // より一部項目の確認が不要な場合あり); the coverage rules (`model::vendor::coverage`) then ask that
    // the facility's sheet or another vendor's answers it.
    if answer == Answer::Na && sheet.edition.form != Form::Vendor {
        if !na_possible(item) {
            return Err(Refusal::NaNotAllowed);
        }
        if sheet.vendor_contracts {
            return Err(Refusal::NaWithContracts);
        }
    }
    check_date(sheet, checked_on)?;
    let Some(t) = target else { return Ok(None) };
    if !takes_target(sheet.edition, item) {
        return Err(no_target_cell(sheet.edition, item));
    }
    if answer != Answer::No {
        return Err(Refusal::TargetOnlyForNo);
    }
    if t < checked_on {
        return Err(Refusal::TargetBeforeCheck {
            target: t,
            check: checked_on,
        });
    }
    against_deadline(sheet, item, scope, t)
}

/// Why a new sheet was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetRefusal {
    /// More than one 年度 ahead of the current one: such a sheet would become every command's
    /// default and hold no check (確認日 cannot be in the future).
    TooFarAhead { fiscal_year: i16, latest: i16 },
    /// An older edition for a later 年度 while a newer edition for that year exists; allowed
    /// only when asked for explicitly.
    OlderEdition { newer: String },
}

/// A new sheet of `edition` for 年度 `fiscal_year`. `newer` is the edition the library has for
/// that year when it is newer than `edition`; `older_edition` says the officer asked for the
/// older one anyway.
pub fn check_new_sheet(
    fiscal_year: i16,
    today: Date,
    newer: Option<&Edition>,
    older_edition: bool,
) -> Result<(), SheetRefusal> {
    let latest = fiscal_year_of(today) + 1;
    if fiscal_year > latest {
        return Err(SheetRefusal::TooFarAhead {
            fiscal_year,
            latest,
        });
    }
    match newer {
        Some(n) if !older_edition => Err(SheetRefusal::OlderEdition {
            newer: n.id.clone(),
        }),
        _ => Ok(()),
    }
}

/// A 確認日 for this sheet: not in the future, and inside the sheet's 年度.
pub fn check_date(sheet: &EntrySheet, checked_on: Date) -> Result<(), Refusal> {
    if checked_on > sheet.today {
        return Err(Refusal::DateInFuture { date: checked_on });
    }
    if fiscal_year_of(checked_on) != sheet.fiscal_year {
        return Err(Refusal::CheckOutsideFiscalYear {
            date: checked_on,
            fiscal_year: sheet.fiscal_year,
        });
    }
    Ok(())
}

/// A 目標日 set on its own: it belongs to a row whose standing answer is いいえ, cannot
/// precede that check, and must fall inside the row's deadline like one given with the answer.
pub fn check_target(
    sheet: &EntrySheet,
    item: &Item,
    scope: Scope,
    current: Option<Cell>,
    target: Date,
) -> Result<Option<EntryNote>, Refusal> {
    if !takes_target(sheet.edition, item) {
        return Err(no_target_cell(sheet.edition, item));
    }
    match current {
        Some(c) if c.answer == Answer::No => {
            if target < c.date {
                Err(Refusal::TargetBeforeCheck {
                    target,
                    check: c.date,
                })
            } else {
                against_deadline(sheet, item, scope, target)
            }
        }
        _ => Err(Refusal::TargetNotOnNo),
    }
}

fn no_target_cell(edition: &Edition, item: &Item) -> Refusal {
    if edition.is_gate(&item.id) {
        Refusal::GateNoTarget
    } else {
        Refusal::TargetNotOnForm
    }
}

/// The assessment's own rule (`rules::target_fit`) on the row's deadline.
fn against_deadline(
    sheet: &EntrySheet,
    item: &Item,
    scope: Scope,
    target: Date,
) -> Result<Option<EntryNote>, Refusal> {
    let deadline = row_deadline(sheet.edition, sheet.fiscal_year, item, scope);
    match target_fit(item, deadline, target) {
        TargetFit::InTime => Ok(None),
        TargetFit::AfterDeadline => Err(Refusal::TargetAfterDeadline {
            target,
            deadline_fiscal_year: deadline,
        }),
        TargetFit::AtNextRenewal => Ok(Some(EntryNote::TargetAtNextRenewal {
            target,
            deadline_fiscal_year: deadline,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> Edition {
        let (lib, _) = crate::editions::Library::load(None);
        lib.get("hospital-r7").unwrap().clone()
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn sheet(e: &Edition, vendor_contracts: bool) -> EntrySheet<'_> {
        EntrySheet {
            edition: e,
            fiscal_year: 2025,
            vendor_contracts,
            today: d("2025-06-01"),
        }
    }

    #[test]
    fn answers_are_checked_like_the_manual_says() {
        let e = edition();
        let today = d("2025-06-01");
        let free = sheet(&e, false);
        let item = e.item("2-2").unwrap();
        let g = Scope::General;
        let ok = |a, on, t| check_answer(&free, item, g, a, d(on), t);
        assert_eq!(ok(Answer::Yes, "2025-06-01", None), Ok(None));
        assert_eq!(ok(Answer::Na, "2025-06-01", None), Ok(None));
        assert_eq!(
            check_answer(&sheet(&e, true), item, g, Answer::Na, today, None),
            Err(Refusal::NaWithContracts)
        );
        assert_eq!(
            ok(Answer::Yes, "2025-06-02", None),
            Err(Refusal::DateInFuture {
                date: d("2025-06-02")
            })
        );
        assert_eq!(
            ok(Answer::Yes, "2025-06-01", Some(d("2026-03-31"))),
            Err(Refusal::TargetOnlyForNo)
        );
        assert_eq!(
            ok(Answer::No, "2025-06-01", Some(d("2025-05-01"))),
            Err(Refusal::TargetBeforeCheck {
                target: d("2025-05-01"),
                check: d("2025-06-01")
            })
        );
        let one = e.item("1-1").unwrap();
        assert_eq!(
            check_answer(&free, one, g, Answer::Na, today, None),
            Err(Refusal::NaNotAllowed)
        );
        let gate = e.gate.as_ref().unwrap();
        assert_eq!(
            check_answer(&free, gate, g, Answer::No, today, Some(today)),
            Err(Refusal::GateNoTarget)
        );
    }

    /// A 平成31年 date on a 令和7年度 sheet once became its 1回目; a date of the next 年度 too.
    #[test]
    fn a_check_date_outside_the_sheets_fiscal_year_is_refused() {
        let e = edition();
        let mut s = sheet(&e, true);
        s.today = d("2026-06-01");
        let item = e.item("1-1").unwrap();
        let g = Scope::General;
        for (on, ok) in [
            ("2019-04-30", false),
            ("2025-03-31", false),
            ("2025-04-01", true),
            ("2026-03-31", true),
            ("2026-04-01", false),
        ] {
            let got = check_answer(&s, item, g, Answer::Yes, d(on), None);
            let want = if ok {
                Ok(None)
            } else {
                Err(Refusal::CheckOutsideFiscalYear {
                    date: d(on),
                    fiscal_year: 2025,
                })
            };
            assert_eq!(got, want, "{on}");
        }
    }

    /// `sheet new --fiscal-year 2030` was accepted and became the default sheet.
    #[test]
    fn sheets_more_than_one_year_ahead_are_refused() {
        let today = d("2026-11-30");
        assert_eq!(check_new_sheet(2026, today, None, false), Ok(()));
        assert_eq!(check_new_sheet(2027, today, None, false), Ok(()));
        assert_eq!(check_new_sheet(2020, today, None, false), Ok(()));
        assert_eq!(
            check_new_sheet(2028, today, None, false),
            Err(SheetRefusal::TooFarAhead {
                fiscal_year: 2028,
                latest: 2027
            })
        );
        // In January the 年度 is still the previous one.
        assert!(check_new_sheet(2027, d("2027-01-15"), None, false).is_ok());
        assert!(check_new_sheet(2028, d("2027-01-15"), None, false).is_err());
    }

    /// An R5 edition for 令和7年度 while R7 exists: only when asked for.
    #[test]
    fn an_older_edition_for_a_later_year_needs_asking() {
        let e = edition();
        let today = d("2025-10-01");
        assert_eq!(
            check_new_sheet(2025, today, Some(&e), false),
            Err(SheetRefusal::OlderEdition {
                newer: "hospital-r7".into()
            })
        );
        assert_eq!(check_new_sheet(2025, today, Some(&e), true), Ok(()));
    }

    /// `answer` once took a 目標日 that `status` then rejected: entry uses the same rule.
    #[test]
    fn a_target_after_the_deadline_is_refused_at_entry() {
        let e = edition();
        let s = sheet(&e, true);
        let item = e.item("2-5").unwrap();
        let on = d("2025-06-01");
        assert_eq!(
            check_answer(
                &s,
                item,
                Scope::Server,
                Answer::No,
                on,
                Some(d("2026-03-31"))
            ),
            Ok(None)
        );
        assert_eq!(
            check_answer(
                &s,
                item,
                Scope::Server,
                Answer::No,
                on,
                Some(d("2026-04-01"))
            ),
            Err(Refusal::TargetAfterDeadline {
                target: d("2026-04-01"),
                deadline_fiscal_year: 2025
            })
        );
        let no = Cell {
            answer: Answer::No,
            date: on,
            check_id: 1,
        };
        assert_eq!(
            check_target(&s, item, Scope::Server, Some(no), d("2026-04-01")),
            Err(Refusal::TargetAfterDeadline {
                target: d("2026-04-01"),
                deadline_fiscal_year: 2025
            })
        );
    }

    /// 二要素認証: due 令和9年度, and GL 7.0 allows the next system renewal after it.
    #[test]
    fn two_factor_target_after_fy2027_is_accepted_with_a_note() {
        let e = edition();
        let s = sheet(&e, true);
        let item = e.item("2-11").unwrap();
        let on = d("2025-06-01");
        let g = Scope::General;
        assert_eq!(
            check_answer(&s, item, g, Answer::No, on, Some(d("2028-03-31"))),
            Ok(None)
        );
        assert_eq!(
            check_answer(&s, item, g, Answer::No, on, Some(d("2030-03-31"))),
            Ok(Some(EntryNote::TargetAtNextRenewal {
                target: d("2030-03-31"),
                deadline_fiscal_year: 2027
            }))
        );
    }

    /// 3(1) has no 目標日 on the form: the 連絡体制図 must exist by the inspection.
    #[test]
    fn contact_chart_takes_no_target() {
        let e = edition();
        let s = sheet(&e, true);
        let item = e.item("3-1").unwrap();
        let on = d("2025-06-01");
        assert_eq!(
            check_answer(
                &s,
                item,
                Scope::General,
                Answer::No,
                on,
                Some(d("2025-12-01"))
            ),
            Err(Refusal::TargetNotOnForm)
        );
        assert_eq!(
            check_answer(&s, item, Scope::General, Answer::No, on, None),
            Ok(None)
        );
        let no = Cell {
            answer: Answer::No,
            date: on,
            check_id: 1,
        };
        assert_eq!(
            check_target(&s, item, Scope::General, Some(no), d("2025-12-01")),
            Err(Refusal::TargetNotOnForm)
        );
    }

    #[test]
    fn a_target_alone_needs_a_standing_no() {
        let e = edition();
        let s = sheet(&e, true);
        let item = e.item("2-5").unwrap();
        let sc = Scope::Server;
        let no = Cell {
            answer: Answer::No,
            date: d("2025-06-01"),
            check_id: 1,
        };
        let yes = Cell {
            answer: Answer::Yes,
            ..no
        };
        assert_eq!(
            check_target(&s, item, sc, Some(no), d("2026-03-31")),
            Ok(None)
        );
        assert_eq!(
            check_target(&s, item, sc, Some(yes), d("2026-03-31")),
            Err(Refusal::TargetNotOnNo)
        );
        assert_eq!(
            check_target(&s, item, sc, None, d("2026-03-31")),
            Err(Refusal::TargetNotOnNo)
        );
        assert_eq!(
            check_target(&s, item, sc, Some(no), d("2025-05-31")),
            Err(Refusal::TargetBeforeCheck {
                target: d("2025-05-31"),
                check: d("2025-06-01")
            })
        );
    }
}
