//! What may be recorded: the checks a new answer or 目標日 must pass before it is stored.
//! Shared by the CLI and the TUI so both refuse exactly the same entries.

use jiff::civil::Date;

use super::answer::{Answer, Cell};
use super::checklist::{Edition, Item};
use super::rules::na_possible;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 該当なし where the manual does not allow it.
    NaNotAllowed,
    /// 該当なし for 2(2)/2(3) although the facility has vendor contracts.
    NaWithContracts,
    DateInFuture {
        date: Date,
    },
    /// The 医療情報システムの有無 gate has no 目標日.
    GateNoTarget,
    TargetOnlyForNo,
    TargetBeforeCheck {
        target: Date,
        check: Date,
    },
    /// A 目標日 alone, on a row whose standing answer is not いいえ.
    TargetNotOnNo,
}

/// A new check of `item`: `answer` on `checked_on`, optionally with a 目標日.
pub fn check_answer(
    edition: &Edition,
    item: &Item,
    vendor_contracts: bool,
    answer: Answer,
    checked_on: Date,
    today: Date,
    target: Option<Date>,
) -> Result<(), Refusal> {
    if answer == Answer::Na {
        if !na_possible(item) {
            return Err(Refusal::NaNotAllowed);
        }
        if vendor_contracts {
            return Err(Refusal::NaWithContracts);
        }
    }
    if checked_on > today {
        return Err(Refusal::DateInFuture { date: checked_on });
    }
    if let Some(t) = target {
        if edition.is_gate(&item.id) {
            return Err(Refusal::GateNoTarget);
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
    }
    Ok(())
}

/// A 目標日 set on its own: it belongs to a row whose standing answer is いいえ and cannot
/// precede that check.
pub fn check_target(
    edition: &Edition,
    item: &Item,
    current: Option<Cell>,
    target: Date,
) -> Result<(), Refusal> {
    if edition.is_gate(&item.id) {
        return Err(Refusal::GateNoTarget);
    }
    match current {
        Some(c) if c.answer == Answer::No => {
            if target < c.date {
                Err(Refusal::TargetBeforeCheck {
                    target,
                    check: c.date,
                })
            } else {
                Ok(())
            }
        }
        _ => Err(Refusal::TargetNotOnNo),
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

    #[test]
    fn answers_are_checked_like_the_manual_says() {
        let e = edition();
        let today = d("2025-06-01");
        let item = e.item("2-2").unwrap();
        let ok = |a, on, t| check_answer(&e, item, false, a, d(on), today, t);
        assert_eq!(ok(Answer::Yes, "2025-06-01", None), Ok(()));
        assert_eq!(ok(Answer::Na, "2025-06-01", None), Ok(()));
        assert_eq!(
            check_answer(&e, item, true, Answer::Na, today, today, None),
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
            check_answer(&e, one, false, Answer::Na, today, today, None),
            Err(Refusal::NaNotAllowed)
        );
        let gate = e.gate.as_ref().unwrap();
        assert_eq!(
            check_answer(&e, gate, false, Answer::No, today, today, Some(today)),
            Err(Refusal::GateNoTarget)
        );
    }

    #[test]
    fn a_target_alone_needs_a_standing_no() {
        let e = edition();
        let item = e.item("2-5").unwrap();
        let no = Cell {
            answer: Answer::No,
            date: d("2025-06-01"),
            check_id: 1,
        };
        let yes = Cell {
            answer: Answer::Yes,
            ..no
        };
        assert_eq!(check_target(&e, item, Some(no), d("2026-03-31")), Ok(()));
        assert_eq!(
            check_target(&e, item, Some(yes), d("2026-03-31")),
            Err(Refusal::TargetNotOnNo)
        );
        assert_eq!(
            check_target(&e, item, None, d("2026-03-31")),
            Err(Refusal::TargetNotOnNo)
        );
        assert_eq!(
            check_target(&e, item, Some(no), d("2025-05-31")),
            Err(Refusal::TargetBeforeCheck {
                target: d("2025-05-31"),
                check: d("2025-06-01")
            })
        );
    }
}
