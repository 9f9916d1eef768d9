//! The 立入検査の手引き encoded: what an inspector checks on a filled sheet.
//!
//! Verified rules (R5 guide, reference §5.2), applied to every edition:
//! - gate いいえ → nothing else is required;
//! - gate はい → every row has a 1回目 with a date; 2(2)/2(3) need none without vendor contracts;
//! - every いいえ has a 目標日, inside the fiscal year the item is due;
//! - 3(1) 連絡体制図 is looked at on paper and must exist by the inspection;
//! - 参考項目 (R5 reference scopes) are not inspected in their year.
//!
//! Findings carry ids and data only; their Japanese and English texts are in `crate::i18n`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::answer::{Answer, Check, RowState, RowStatus, Target, derive_row};
use super::checklist::{Edition, Item, NotApplicableWhen, PhysicalEvidence, Scope, calendar_year};
use super::wareki::fiscal_year_end;

/// The rules, each with a stable id used in JSON output and the i18n catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// 医療情報システムの有無 has not been answered.
    #[serde(rename = "gate-unanswered")]
    GateUnanswered,
    /// The gate is いいえ: nothing else is required (informational).
    #[serde(rename = "gate-no-system")]
    GateNoSystem,
    /// A required row has no dated 1回目.
    #[serde(rename = "first-check-missing")]
    FirstCheckMissing,
    /// A row only has an answer carried over from last year: it needs a fresh, dated check.
    #[serde(rename = "first-check-carried")]
    FirstCheckCarried,
    /// 1回目 is いいえ and no 目標日 is set.
    #[serde(rename = "target-missing")]
    TargetMissing,
    /// 目標日 lies after the fiscal year the item is due.
    #[serde(rename = "target-after-deadline")]
    TargetAfterDeadline,
    /// The answer is still いいえ and the 目標日 has passed.
    #[serde(rename = "target-overdue")]
    TargetOverdue,
    /// 該当なし where the item's rule does not allow it (e.g. 2(2) with vendor contracts).
    #[serde(rename = "na-not-allowed")]
    NaNotAllowed,
    /// 3(1) is いいえ: the 連絡体制図 must exist by the inspection, a 目標日 is not enough.
    #[serde(rename = "contact-chart-missing")]
    ContactChartMissing,
    /// 3(1): the inspector looks at the 連絡体制図 itself; have it on paper.
    #[serde(rename = "contact-chart-on-paper")]
    ContactChartOnPaper,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::GateUnanswered,
        Rule::GateNoSystem,
        Rule::FirstCheckMissing,
        Rule::FirstCheckCarried,
        Rule::TargetMissing,
        Rule::TargetAfterDeadline,
        Rule::TargetOverdue,
        Rule::NaNotAllowed,
        Rule::ContactChartMissing,
        Rule::ContactChartOnPaper,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::GateUnanswered => "gate-unanswered",
            Rule::GateNoSystem => "gate-no-system",
            Rule::FirstCheckMissing => "first-check-missing",
            Rule::FirstCheckCarried => "first-check-carried",
            Rule::TargetMissing => "target-missing",
            Rule::TargetAfterDeadline => "target-after-deadline",
            Rule::TargetOverdue => "target-overdue",
            Rule::NaNotAllowed => "na-not-allowed",
            Rule::ContactChartMissing => "contact-chart-missing",
            Rule::ContactChartOnPaper => "contact-chart-on-paper",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::GateNoSystem | Rule::ContactChartOnPaper => Severity::Notice,
            Rule::TargetOverdue => Severity::Warning,
            _ => Severity::Fail,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The inspector would not accept the sheet as it is.
    Fail,
    /// Accepted, but needs attention.
    Warning,
    /// Something to remember on the day.
    Notice,
}

/// One rule applied to one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub item: Option<String>,
    pub scope: Option<Scope>,
    /// The date the finding is about (目標日, deadline), when there is one.
    pub date: Option<Date>,
    /// The fiscal year the item is due, for deadline findings.
    pub deadline_fiscal_year: Option<i16>,
}

/// What the rules need to know besides the records.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub edition: &'a Edition,
    /// 年度 of the sheet.
    pub fiscal_year: i16,
    pub vendor_contracts: bool,
    pub today: Date,
}

/// Whether a row must be answered for the inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Required,
    /// 参考項目: answered if the officer wishes, not inspected this year.
    Reference,
    /// Not applicable (2(2)/2(3) without vendor contracts).
    NotApplicable,
    /// The gate is いいえ, so nothing below it is required.
    GatedOff,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub item: String,
    pub scope: Scope,
    pub section: Option<u32>,
    pub requirement: Requirement,
    pub status: RowStatus,
    pub state: RowState,
    /// Fiscal year by which the row must be はい.
    pub deadline_fiscal_year: i16,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Progress {
    /// Rows that must be answered.
    pub required: usize,
    /// Of those, rows with a dated 1回目.
    pub answered: usize,
    /// Of those, rows whose current answer is はい (or allowed 該当なし).
    pub yes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub ready: bool,
    pub findings: Vec<Finding>,
    pub rows: Vec<RowView>,
    /// Section number → progress (the gate is section 0).
    pub by_section: BTreeMap<u32, Progress>,
    pub by_scope: BTreeMap<Scope, Progress>,
    pub total: Progress,
}

/// Deadline fiscal year of one row.
pub fn deadline_of(ctx: &Context, item: &Item, scope: Scope) -> i16 {
    if item.is_reference(scope)
        && let Some(fy) = ctx.edition.reference_deadline_fiscal_year
    {
        return calendar_year(fy);
    }
    item.deadline_fiscal_year
        .map(calendar_year)
        .unwrap_or(ctx.fiscal_year)
}

/// Whether `na` may be answered for an item at all (regardless of the facility).
pub fn na_possible(item: &Item) -> bool {
    item.not_applicable_when.is_some()
}

fn na_holds(ctx: &Context, item: &Item) -> bool {
    match item.not_applicable_when {
        Some(NotApplicableWhen::NoVendorContract) => !ctx.vendor_contracts,
        None => false,
    }
}

/// Apply every rule to a sheet's records.
pub fn assess(ctx: &Context, checks: &[Check], targets: &[Target]) -> Assessment {
    let state_of = |item: &str, scope: Scope| {
        derive_row(
            checks.iter().filter(|c| c.item == item && c.scope == scope),
            targets
                .iter()
                .filter(|t| t.item == item && t.scope == scope),
        )
    };

    let mut findings = Vec::new();
    let mut gate_closed = false;
    if let Some(gate) = &ctx.edition.gate {
        let st = state_of(&gate.id, Scope::General);
        match st.current().map(|c| c.answer) {
            // Carried from last year: it still needs a fresh, dated answer.
            None if st.carried.is_some() => findings.push(finding(
                Rule::FirstCheckCarried,
                Some(gate),
                None,
                None,
                None,
            )),
            None => findings.push(finding(Rule::GateUnanswered, Some(gate), None, None, None)),
            Some(Answer::No) => {
                gate_closed = true;
                findings.push(finding(Rule::GateNoSystem, Some(gate), None, None, None));
            }
            Some(_) => {}
        }
    }

    let mut rows = Vec::new();
    for (item, scope) in ctx.edition.rows() {
        let is_gate = ctx.edition.is_gate(&item.id);
        let state = state_of(&item.id, scope);
        let status = state.status();
        let deadline = deadline_of(ctx, item, scope);
        let requirement = if is_gate {
            Requirement::Required
        } else if gate_closed {
            Requirement::GatedOff
        } else if na_holds(ctx, item) {
            Requirement::NotApplicable
        } else if item.is_reference(scope) {
            Requirement::Reference
        } else {
            Requirement::Required
        };

        if requirement == Requirement::Required && !is_gate {
            row_findings(ctx, item, scope, &state, deadline, &mut findings);
        }
        rows.push(RowView {
            item: item.id.clone(),
            scope,
            section: ctx.edition.section_of(&item.id).map(|s| s.number),
            requirement,
            status,
            state,
            deadline_fiscal_year: deadline,
        });
    }

    let mut by_section: BTreeMap<u32, Progress> = BTreeMap::new();
    let mut by_scope: BTreeMap<Scope, Progress> = BTreeMap::new();
    let mut total = Progress::default();
    for r in rows
        .iter()
        .filter(|r| r.requirement == Requirement::Required)
    {
        let answered = r.state.first.is_some();
        let yes = matches!(r.status, RowStatus::Yes | RowStatus::Na);
        for p in [
            by_section.entry(r.section.unwrap_or(0)).or_default(),
            by_scope.entry(r.scope).or_default(),
            &mut total,
        ] {
            p.required += 1;
            p.answered += usize::from(answered);
            p.yes += usize::from(yes);
        }
    }

    findings.sort_by_key(|f| f.severity);
    Assessment {
        ready: !findings.iter().any(|f| f.severity == Severity::Fail),
        findings,
        rows,
        by_section,
        by_scope,
        total,
    }
}

fn row_findings(
    ctx: &Context,
    item: &Item,
    scope: Scope,
    state: &RowState,
    deadline: i16,
    out: &mut Vec<Finding>,
) {
    let s = Some(scope);
    match (state.first, state.carried) {
        (None, Some(_)) => out.push(finding(Rule::FirstCheckCarried, Some(item), s, None, None)),
        (None, None) => out.push(finding(Rule::FirstCheckMissing, Some(item), s, None, None)),
        _ => {}
    }
    if let Some(first) = state.first
        && first.answer == Answer::No
    {
        match state.target {
            None => out.push(finding(Rule::TargetMissing, Some(item), s, None, None)),
            Some(t) if t > fiscal_year_end(deadline) => out.push(finding(
                Rule::TargetAfterDeadline,
                Some(item),
                s,
                Some(t),
                Some(deadline),
            )),
            Some(_) => {}
        }
    }
    let current = state.current().map(|c| c.answer);
    if current == Some(Answer::No)
        && let Some(t) = state.target
        && t < ctx.today
    {
        out.push(finding(Rule::TargetOverdue, Some(item), s, Some(t), None));
    }
    if current == Some(Answer::Na) && !na_holds(ctx, item) {
        out.push(finding(Rule::NaNotAllowed, Some(item), s, None, None));
    }
    if item.physical_evidence == Some(PhysicalEvidence::ContactChart) {
        if current == Some(Answer::No) {
            out.push(finding(
                Rule::ContactChartMissing,
                Some(item),
                s,
                None,
                None,
            ));
        } else {
            out.push(finding(
                Rule::ContactChartOnPaper,
                Some(item),
                s,
                None,
                None,
            ));
        }
    }
}

fn finding(
    rule: Rule,
    item: Option<&Item>,
    scope: Option<Scope>,
    date: Option<Date>,
    deadline_fiscal_year: Option<i16>,
) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        item: item.map(|i| i.id.clone()),
        scope,
        date,
        deadline_fiscal_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::parse_edition;
    use jiff::civil::date;

    const EDITION: &str = r#"schema: 1
id: hospital-r9
form: hospital
edition: r9
fiscal_year: 2025
title: テスト
published: 2025-05-01
source: test
reference_deadline_fiscal_year: 2026
gate:
  id: gate
  number: ""
  text: 医療情報システムを導入、運用している。
  scopes: [general]
  wording: verified
sections:
  - number: 2
    title: 医療情報システムの管理・運用
    items:
      - id: "2-2"
        number: "(2)"
        text: リモートメンテナンス
        scopes: [general]
        not_applicable_when: no_vendor_contract
        wording: verified
      - id: "2-7"
        number: "(7)"
        text: セキュリティパッチ
        scopes: [server, network]
        reference_scopes: [server]
        wording: verified
      - id: "2-11"
        number: "⑪"
        text: 二要素認証
        scopes: [general]
        deadline_fiscal_year: 2027
        wording: verified
  - number: 3
    title: インシデント発生に備えた対応
    items:
      - id: "3-1"
        number: "(1)"
        text: 連絡体制図
        scopes: [general]
        physical_evidence: contact_chart
        wording: verified
"#;

    struct Sheet {
        edition: Edition,
        checks: Vec<Check>,
        targets: Vec<Target>,
        vendor_contracts: bool,
    }

    impl Sheet {
        fn new() -> Self {
            Sheet {
                edition: parse_edition("t.yaml", EDITION).unwrap(),
                checks: vec![],
                targets: vec![],
                vendor_contracts: true,
            }
        }
        fn answer(&mut self, item: &str, scope: Scope, a: Answer, on: Date) -> &mut Self {
            let id = self.checks.len() as i64 + 1;
            self.checks.push(Check {
                id,
                item: item.into(),
                scope,
                answer: a,
                checked_on: Some(on),
                carried: false,
            });
            self
        }
        fn carry(&mut self, item: &str, scope: Scope, a: Answer) -> &mut Self {
            let id = self.checks.len() as i64 + 1;
            self.checks.push(Check {
                id,
                item: item.into(),
                scope,
                answer: a,
                checked_on: None,
                carried: true,
            });
            self
        }
        fn target(&mut self, item: &str, scope: Scope, on: Date) -> &mut Self {
            let id = self.targets.len() as i64 + 1;
            self.targets.push(Target {
                id,
                item: item.into(),
                scope,
                target_on: on,
            });
            self
        }
        /// Gate and every required row はい.
        fn all_yes(&mut self) -> &mut Self {
            let d = date(2025, 5, 1);
            self.answer("gate", Scope::General, Answer::Yes, d)
                .answer("2-2", Scope::General, Answer::Yes, d)
                .answer("2-7", Scope::Network, Answer::Yes, d)
                .answer("2-11", Scope::General, Answer::Yes, d)
                .answer("3-1", Scope::General, Answer::Yes, d)
        }
        fn assess(&self) -> Assessment {
            let ctx = Context {
                edition: &self.edition,
                fiscal_year: 2025,
                vendor_contracts: self.vendor_contracts,
                today: date(2025, 10, 1),
            };
            assess(&ctx, &self.checks, &self.targets)
        }
    }

    fn rules(a: &Assessment) -> Vec<(Rule, Option<String>, Option<Scope>)> {
        a.findings
            .iter()
            .map(|f| (f.rule, f.item.clone(), f.scope))
            .collect()
    }

    fn has(a: &Assessment, rule: Rule, item: &str) -> bool {
        a.findings
            .iter()
            .any(|f| f.rule == rule && f.item.as_deref() == Some(item))
    }

    #[test]
    fn empty_sheet_fails_on_gate_and_every_row() {
        let a = Sheet::new().assess();
        assert!(!a.ready);
        assert!(has(&a, Rule::GateUnanswered, "gate"));
        assert!(has(&a, Rule::FirstCheckMissing, "2-7"));
        // The reference scope (server) of 2-7 is not required.
        assert!(
            !a.findings
                .iter()
                .any(|f| f.item.as_deref() == Some("2-7") && f.scope == Some(Scope::Server))
        );
        assert_eq!(a.total.required, 5);
    }

    #[test]
    fn all_yes_is_ready_with_paper_notice() {
        let mut s = Sheet::new();
        s.all_yes();
        let a = s.assess();
        assert!(a.ready, "{:?}", rules(&a));
        assert_eq!(
            rules(&a),
            vec![(
                Rule::ContactChartOnPaper,
                Some("3-1".into()),
                Some(Scope::General)
            )]
        );
        assert_eq!(a.total.answered, a.total.required);
    }

    #[test]
    fn gate_no_means_nothing_else_required() {
        let mut s = Sheet::new();
        s.answer("gate", Scope::General, Answer::No, date(2025, 5, 1));
        let a = s.assess();
        assert!(a.ready);
        assert_eq!(rules(&a)[0].0, Rule::GateNoSystem);
        assert!(
            a.rows
                .iter()
                .skip(1)
                .all(|r| r.requirement == Requirement::GatedOff)
        );
    }

    #[test]
    fn no_without_target_fails_then_passes_with_target() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 5, 1));
        assert!(has(&s.assess(), Rule::TargetMissing, "2-7"));
        s.target("2-7", Scope::Network, date(2026, 3, 31));
        let a = s.assess();
        assert!(a.ready, "{:?}", rules(&a));
    }

    #[test]
    fn target_after_fiscal_year_fails() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 5, 1))
            .target("2-7", Scope::Network, date(2026, 4, 1));
        let a = s.assess();
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == Rule::TargetAfterDeadline)
            .unwrap();
        assert_eq!(f.deadline_fiscal_year, Some(2025));
        assert!(!a.ready);
    }

    #[test]
    fn item_deadline_extends_the_fiscal_year() {
        // 二要素認証: due 令和9年度, so a target in FY2027 is fine.
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-11", Scope::General, Answer::No, date(2025, 5, 1))
            .target("2-11", Scope::General, date(2028, 3, 31));
        assert!(s.assess().ready);
        s.target("2-11", Scope::General, date(2028, 4, 1));
        assert!(has(&s.assess(), Rule::TargetAfterDeadline, "2-11"));
    }

    #[test]
    fn overdue_target_warns_without_failing() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 5, 1))
            .target("2-7", Scope::Network, date(2025, 9, 1));
        let a = s.assess();
        assert!(has(&a, Rule::TargetOverdue, "2-7"));
        assert!(a.ready);
        // Once はい on a later date, it is no longer overdue.
        s.answer("2-7", Scope::Network, Answer::Yes, date(2025, 9, 20));
        assert!(!has(&s.assess(), Rule::TargetOverdue, "2-7"));
    }

    #[test]
    fn na_only_without_vendor_contracts() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-2", Scope::General, Answer::Na, date(2025, 5, 2));
        assert!(has(&s.assess(), Rule::NaNotAllowed, "2-2"));
        s.vendor_contracts = false;
        let a = s.assess();
        assert!(!has(&a, Rule::NaNotAllowed, "2-2"));
        assert!(a.ready);
        let row = a.rows.iter().find(|r| r.item == "2-2").unwrap();
        assert_eq!(row.requirement, Requirement::NotApplicable);
    }

    #[test]
    fn without_vendor_contracts_2_2_need_not_be_answered() {
        let mut s = Sheet::new();
        s.vendor_contracts = false;
        let d = date(2025, 5, 1);
        s.answer("gate", Scope::General, Answer::Yes, d)
            .answer("2-7", Scope::Network, Answer::Yes, d)
            .answer("2-11", Scope::General, Answer::Yes, d)
            .answer("3-1", Scope::General, Answer::Yes, d);
        assert!(s.assess().ready);
    }

    #[test]
    fn contact_chart_no_fails_even_with_target() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("3-1", Scope::General, Answer::No, date(2025, 5, 3))
            .target("3-1", Scope::General, date(2025, 12, 1));
        let a = s.assess();
        assert!(has(&a, Rule::ContactChartMissing, "3-1"));
        assert!(!has(&a, Rule::ContactChartOnPaper, "3-1"));
        assert!(!a.ready);
    }

    #[test]
    fn carried_answer_needs_fresh_date() {
        let mut s = Sheet::new();
        s.all_yes().carry("2-2", Scope::General, Answer::Yes);
        // 2-2 was answered fresh in all_yes(); carry another row that was not.
        let mut s2 = Sheet::new();
        let d = date(2025, 5, 1);
        s2.answer("gate", Scope::General, Answer::Yes, d)
            .carry("2-7", Scope::Network, Answer::Yes);
        let a = s2.assess();
        assert!(has(&a, Rule::FirstCheckCarried, "2-7"));
        assert!(!has(&a, Rule::FirstCheckMissing, "2-7"));
        assert!(s.assess().ready);
    }

    #[test]
    fn carried_gate_needs_fresh_date_not_unanswered() {
        let mut s = Sheet::new();
        s.carry("gate", Scope::General, Answer::Yes);
        let a = s.assess();
        assert!(has(&a, Rule::FirstCheckCarried, "gate"));
        assert!(!has(&a, Rule::GateUnanswered, "gate"));
    }

    #[test]
    fn every_rule_has_a_test_above() {
        // Guards the list: adding a rule without a test here should be a conscious act.
        assert_eq!(Rule::ALL.len(), 10);
    }
}
