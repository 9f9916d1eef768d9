//! Carrying last year's answers into a new sheet.
//!
//! An answer moves along the new edition's `carries_from` (or along the same item id when the
//! same edition is used for another year). A carried answer has no date: the officer must confirm
//! it with a fresh check, and until then the row shows 要再確認.
//!
//! Scopes: a row carries from the same scope of the old item. When an item was merged into
//! 医療情報システム全般 (R7 moved the patch item from per-scope rows to `general`), the general row
//! carries only if every old row had a current answer and they all agree.

use super::answer::{Answer, Check, derive_row};
use super::checklist::{Edition, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryPlan {
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    /// The old check the answer comes from (the one shown in its current cell).
    pub from_check: i64,
    /// The old item id and scope, for the note.
    pub from_item: String,
    pub from_scope: Scope,
}

/// Whether `from` can feed `to`: the edition `to` follows, or the same edition in another year.
pub fn can_carry(from: &Edition, to: &Edition) -> bool {
    from.id == to.id || to.previous.as_deref() == Some(from.id.as_str())
}

/// What to carry from `old_checks` (records of a sheet of `from`) into a new sheet of `to`.
pub fn plan(from: &Edition, to: &Edition, old_checks: &[Check]) -> Vec<CarryPlan> {
    let same = from.id == to.id;
    let current = |item: &str, scope: Scope| {
        derive_row(
            old_checks
                .iter()
                .filter(|c| c.item == item && c.scope == scope),
            [],
        )
        .current()
    };
    let mut out = Vec::new();
    for item in to.all_items() {
        let old_id = if same || item.id == "gate" {
            Some(item.id.as_str())
        } else {
            item.carries_from.as_deref()
        };
        let Some(old_item) = old_id.and_then(|id| from.item(id)) else {
            continue;
        };
        for &scope in &item.scopes {
            let cell = if old_item.has_scope(scope) {
                current(&old_item.id, scope).map(|c| (c, scope))
            } else if scope == Scope::General {
                let cells: Vec<_> = old_item
                    .scopes
                    .iter()
                    .map(|s| current(&old_item.id, *s).map(|c| (c, *s)))
                    .collect();
                match cells.first() {
                    Some(Some((first, s)))
                        if cells
                            .iter()
                            .all(|c| c.is_some_and(|(c, _)| c.answer == first.answer)) =>
                    {
                        Some((*first, *s))
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some((c, from_scope)) = cell {
                out.push(CarryPlan {
                    item: item.id.clone(),
                    scope,
                    answer: c.answer,
                    from_check: c.check_id,
                    from_item: old_item.id.clone(),
                    from_scope,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::parse_edition;
    use jiff::civil::date;

    fn edition(id: &str, prev: Option<&str>, items: &str) -> Edition {
        let (form, ed) = id.split_once('-').unwrap();
        let text = format!(
            "schema: 1\nid: {id}\nform: {form}\nedition: {ed}\nfiscal_year: 2025\ntitle: t\npublished: 2025-05-01\nsource: s\n{}gate:\n  id: gate\n  number: \"\"\n  text: g\n  scopes: [general]\n  wording: verified\nsections:\n  - number: 2\n    title: s\n    items:\n{items}",
            prev.map(|p| format!("previous: {p}\n")).unwrap_or_default()
        );
        parse_edition("t", &text).unwrap()
    }

    fn item(id: &str, scopes: &str, from: Option<&str>) -> String {
        format!(
            "      - id: \"{id}\"\n        number: x\n        text: t\n        scopes: [{scopes}]\n        wording: verified\n{}",
            from.map(|f| format!("        carries_from: \"{f}\"\n"))
                .unwrap_or_default()
        )
    }

    fn check(id: i64, item: &str, scope: Scope, answer: Answer) -> Check {
        Check {
            id,
            item: item.into(),
            scope,
            answer,
            checked_on: Some(date(2024, 5, 1)),
            carried: false,
        }
    }

    #[test]
    fn follows_carries_from_and_merges_agreeing_scopes() {
        let old = edition(
            "hospital-r6",
            None,
            &(item("2-7", "server, terminal, network", None)
                + &item("2-9", "server, terminal", None)),
        );
        let new = edition(
            "hospital-r7",
            Some("hospital-r6"),
            &(item("2-6", "general", Some("2-7"))
                + &item("2-12", "server, terminal", Some("2-9"))
                + &item("2-8", "general", None)),
        );
        assert!(can_carry(&old, &new));
        assert!(!can_carry(&new, &old));
        let checks = vec![
            check(1, "gate", Scope::General, Answer::Yes),
            check(2, "2-7", Scope::Server, Answer::Yes),
            check(3, "2-7", Scope::Terminal, Answer::Yes),
            check(4, "2-7", Scope::Network, Answer::Yes),
            check(5, "2-9", Scope::Server, Answer::No),
        ];
        let p = plan(&old, &new, &checks);
        let got: Vec<_> = p
            .iter()
            .map(|c| (c.item.as_str(), c.scope, c.answer))
            .collect();
        assert_eq!(
            got,
            vec![
                ("gate", Scope::General, Answer::Yes),
                ("2-6", Scope::General, Answer::Yes),
                ("2-12", Scope::Server, Answer::No),
            ]
        );
        assert_eq!(p[2].from_check, 5);
    }

    #[test]
    fn disagreeing_scopes_do_not_merge() {
        let old = edition("hospital-r6", None, &item("2-7", "server, network", None));
        let new = edition(
            "hospital-r7",
            Some("hospital-r6"),
            &item("2-6", "general", Some("2-7")),
        );
        let checks = vec![
            check(1, "2-7", Scope::Server, Answer::Yes),
            check(2, "2-7", Scope::Network, Answer::No),
        ];
        assert!(plan(&old, &new, &checks).is_empty());
    }

    #[test]
    fn carried_only_rows_are_not_carried_again() {
        let old = edition("hospital-r6", None, &item("2-7", "server", None));
        let mut c = check(1, "2-7", Scope::Server, Answer::Yes);
        c.checked_on = None;
        c.carried = true;
        assert!(plan(&old, &old, &[c]).is_empty());
    }
}
