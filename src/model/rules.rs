//! The 立入検査の手引き encoded: what an inspector checks on a filled sheet.
//!
//! Verified rules (R5 guide, reference §5.2), applied to every edition:
//! - gate いいえ → nothing else is required;
//! - gate はい → every row has a 1回目 with a date; 2(2)/2(3) need none without vendor contracts;
//! - every いいえ has a 目標日, inside the fiscal year the item is due;
//! - 3(1) 連絡体制図 is looked at on paper and must exist by the inspection: its row has no
//!   目標日 cell (`target_date: false` in the edition), so いいえ is a finding whatever 目標日;
//! - 参考項目 (R5 reference scopes) are not inspected in their year.
//!
//! An item whose official text is unknown (`wording: unknown`, a topic label such as R7
//! 「運用管理規程等の整備」) is left out of the verdict: one cannot fail a sentence nobody has
//! read. It is still listed, as a notice, so nothing is hidden.
//!
//! Findings carry ids and data only; their Japanese and English texts are in `crate::i18n`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::answer::{Answer, Check, RowState, RowStatus, Target, derive_row};
use super::checklist::{
    DeadlineRelief, Edition, Form, Item, NotApplicableWhen, PhysicalEvidence, Scope, calendar_year,
};
use super::contacts::{Contact, Role, missing_named_roles};
use super::wareki::{fiscal_year_end, fiscal_year_of};

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
    /// A stored 確認日 lies outside the sheet's 年度 (an older kensa accepted such dates): the
    /// check belongs to another year and must not stand as this year's answer.
    #[serde(rename = "check-outside-fiscal-year")]
    CheckOutsideFiscalYear,
    /// A row only has an answer carried over from last year: it needs a fresh, dated check.
    #[serde(rename = "first-check-carried")]
    FirstCheckCarried,
    /// The standing answer (1回目, or 2回目 when there is one) is いいえ and no 目標日 is set.
    #[serde(rename = "target-missing")]
    TargetMissing,
    /// 目標日 lies after the fiscal year the item is due.
    #[serde(rename = "target-after-deadline")]
    TargetAfterDeadline,
    /// 目標日 after the deadline, accepted because the official rule allows a later date
    /// (二要素認証: the next system renewal, GL 7.0). The inspector should see it.
    #[serde(rename = "target-next-renewal")]
    TargetAtNextRenewal,
    /// The answer is still いいえ and the 目標日 has passed.
    #[serde(rename = "target-overdue")]
    TargetOverdue,
    /// 該当なし where the item's rule does not allow it (e.g. 2(2) with vendor contracts).
    #[serde(rename = "na-not-allowed")]
    NaNotAllowed,
    /// 3(1) is いいえ: the 連絡体制図 must exist by the inspection, a 目標日 is not enough.
    #[serde(rename = "contact-chart-missing")]
    ContactChartMissing,
    /// 3(1) is はい, but the contacts the 連絡体制図 is drawn from lack a body the item names
    /// (厚生労働省, 警察, and 事業者 when the facility has vendor contracts).
    #[serde(rename = "contact-chart-incomplete")]
    ContactChartIncomplete,
    /// 3(1): the inspector looks at the 連絡体制図 itself; have it on paper.
    #[serde(rename = "contact-chart-on-paper")]
    ContactChartOnPaper,
    /// A row without a 目標日 cell on the form (other than 3(1)) is いいえ: a 目標日 cannot make
    /// it acceptable.
    #[serde(rename = "no-target-cell")]
    NoTargetCell,
    /// The item's official text is unknown: it is listed but left out of the verdict.
    #[serde(rename = "text-unknown")]
    TextUnknown,
}

impl Rule {
    pub const ALL: [Rule; 15] = [
        Rule::GateUnanswered,
        Rule::GateNoSystem,
        Rule::FirstCheckMissing,
        Rule::CheckOutsideFiscalYear,
        Rule::FirstCheckCarried,
        Rule::TargetMissing,
        Rule::TargetAfterDeadline,
        Rule::TargetAtNextRenewal,
        Rule::TargetOverdue,
        Rule::NaNotAllowed,
        Rule::ContactChartMissing,
        Rule::ContactChartIncomplete,
        Rule::ContactChartOnPaper,
        Rule::NoTargetCell,
        Rule::TextUnknown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::GateUnanswered => "gate-unanswered",
            Rule::GateNoSystem => "gate-no-system",
            Rule::FirstCheckMissing => "first-check-missing",
            Rule::CheckOutsideFiscalYear => "check-outside-fiscal-year",
            Rule::FirstCheckCarried => "first-check-carried",
            Rule::TargetMissing => "target-missing",
            Rule::TargetAfterDeadline => "target-after-deadline",
            Rule::TargetAtNextRenewal => "target-next-renewal",
            Rule::TargetOverdue => "target-overdue",
            Rule::NaNotAllowed => "na-not-allowed",
            Rule::ContactChartMissing => "contact-chart-missing",
            Rule::ContactChartIncomplete => "contact-chart-incomplete",
            Rule::ContactChartOnPaper => "contact-chart-on-paper",
            Rule::NoTargetCell => "no-target-cell",
            Rule::TextUnknown => "text-unknown",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::GateNoSystem
            | Rule::ContactChartOnPaper
            | Rule::TargetAtNextRenewal
            | Rule::TextUnknown => Severity::Notice,
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
    /// The fiscal year the item is due, for deadline findings; the sheet's 年度 for
    /// `check-outside-fiscal-year`.
    pub deadline_fiscal_year: Option<i16>,
    /// For `contact-chart-incomplete`: the bodies the contacts lack.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
}

/// What the rules need to know besides the records.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub edition: &'a Edition,
    /// 年度 of the sheet.
    pub fiscal_year: i16,
    pub vendor_contracts: bool,
    pub today: Date,
    /// The contacts list the 連絡体制図 (3(1)) is drawn from.
    pub contacts: &'a [Contact],
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
    /// The item's official text is unknown: answered if the facility wishes, not judged.
    TextUnknown,
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
    /// How the 目標日 stands against the deadline, when the row has one.
    pub target_fit: Option<TargetFit>,
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
    row_deadline(ctx.edition, ctx.fiscal_year, item, scope)
}

/// Deadline fiscal year of one row of a sheet of `edition` for 年度 `fiscal_year`. Shared by the
/// assessment and the entry checks, so a 目標日 is judged the same when typed and when assessed.
pub fn row_deadline(edition: &Edition, fiscal_year: i16, item: &Item, scope: Scope) -> i16 {
    if reference_exempt(edition, fiscal_year, item, scope)
        && let Some(fy) = edition.reference_deadline_fiscal_year
    {
        return calendar_year(fy);
    }
    item.deadline_fiscal_year
        .map(calendar_year)
        .unwrap_or(fiscal_year)
}

/// Whether a row is a 参考項目 that is not inspected this 年度. The exemption belongs to the
/// edition's own year: an older edition used for a later 年度 exempts nothing.
pub fn reference_exempt(edition: &Edition, fiscal_year: i16, item: &Item, scope: Scope) -> bool {
    item.is_reference(scope) && i32::from(fiscal_year) <= edition.fiscal_year
}

/// How a 目標日 stands against a row's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFit {
    /// Inside the deadline 年度.
    InTime,
    /// After it, and nothing allows that.
    AfterDeadline,
    /// After it, but the official rule allows a later date (二要素認証: the next system renewal).
    AtNextRenewal,
}

/// The one rule for a 目標日, used by the assessment and at entry.
pub fn target_fit(item: &Item, deadline: i16, target: Date) -> TargetFit {
    if target <= fiscal_year_end(deadline) {
        return TargetFit::InTime;
    }
    match item.deadline_relief {
        Some(DeadlineRelief::NextSystemRenewal) => TargetFit::AtNextRenewal,
        None => TargetFit::AfterDeadline,
    }
}

/// Whether the row has a 目標日 cell on the official form: the gate has none, nor has an item
/// the edition marks `target_date: false` (3(1): the 連絡体制図 must exist by the inspection,
/// 立入検査の手引き).
pub fn takes_target(edition: &Edition, item: &Item) -> bool {
    !edition.is_gate(&item.id) && item.target_date
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

    if !gate_closed {
        for item in ctx.edition.unknown_text_items() {
            findings.push(finding(Rule::TextUnknown, Some(item), None, None, None));
        }
    }

    let mut rows = Vec::new();
    for (item, scope) in ctx.edition.rows() {
        let is_gate = ctx.edition.is_gate(&item.id);
        let state = state_of(&item.id, scope);
        let status = state.status();
        // Whatever the row's requirement: the form would print this date as this year's check.
        let outside = checks
            .iter()
            .filter(|c| c.item == item.id && c.scope == scope && !c.carried)
            .filter_map(|c| c.checked_on)
            .filter(|d| fiscal_year_of(*d) != ctx.fiscal_year)
            .min();
        if let Some(d) = outside {
            findings.push(finding(
                Rule::CheckOutsideFiscalYear,
                Some(item),
                Some(scope),
                Some(d),
                Some(ctx.fiscal_year),
            ));
        }
        let deadline = deadline_of(ctx, item, scope);
        let requirement = if is_gate {
            Requirement::Required
        } else if gate_closed {
            Requirement::GatedOff
        } else if !item.text_known() {
            Requirement::TextUnknown
        } else if na_holds(ctx, item) {
            Requirement::NotApplicable
        } else if reference_exempt(ctx.edition, ctx.fiscal_year, item, scope) {
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
            target_fit: state.target.map(|t| target_fit(item, deadline, t)),
            state,
            deadline_fiscal_year: deadline,
        });
    }

    findings.sort_by_key(|f| f.severity);
    let mut a = Assessment {
        ready: false,
        findings,
        rows,
        by_section: BTreeMap::new(),
        by_scope: BTreeMap::new(),
        total: Progress::default(),
    };
    a.tally();
    a
}

impl Assessment {
    /// Progress and the verdict from the rows and findings: computed once by [`assess`], and
    /// again when a caller narrows what is required (a vendor's contract,
    /// `model::vendor::narrow_to_contract`).
    pub fn tally(&mut self) {
        let mut by_section: BTreeMap<u32, Progress> = BTreeMap::new();
        let mut by_scope: BTreeMap<Scope, Progress> = BTreeMap::new();
        let mut total = Progress::default();
        for r in self
            .rows
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
        self.by_section = by_section;
        self.by_scope = by_scope;
        self.total = total;
        self.ready = !self.findings.iter().any(|f| f.severity == Severity::Fail);
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
    let current = state.current().map(|c| c.answer);
    let chart = item.physical_evidence == Some(PhysicalEvidence::ContactChart);
    // The 目標日 belongs to the standing answer: a 2回目 いいえ needs one just as a 1回目 いいえ
    // does, and a row whose 2回目 is はい no longer needs one. A row without a 目標日 cell
    // (3(1)) cannot be made acceptable by one: いいえ there is a finding of its own.
    if current == Some(Answer::No) && !item.target_date {
        let rule = if chart {
            Rule::ContactChartMissing
        } else {
            Rule::NoTargetCell
        };
        out.push(finding(rule, Some(item), s, None, None));
    }
    if current == Some(Answer::No) && item.target_date {
        match state.target {
            None => out.push(finding(Rule::TargetMissing, Some(item), s, None, None)),
            Some(t) => {
                let rule = match target_fit(item, deadline, t) {
                    TargetFit::InTime => None,
                    TargetFit::AfterDeadline => Some(Rule::TargetAfterDeadline),
                    TargetFit::AtNextRenewal => Some(Rule::TargetAtNextRenewal),
                };
                if let Some(rule) = rule {
                    out.push(finding(rule, Some(item), s, Some(t), Some(deadline)));
                }
                if t < ctx.today {
                    out.push(finding(Rule::TargetOverdue, Some(item), s, Some(t), None));
                }
            }
        }
    }
    // A vendor's 該当なし is for its contract, judged by the coverage rules
    // (`model::vendor::coverage`), not by the item's own rule.
    if current == Some(Answer::Na) && !na_holds(ctx, item) && ctx.edition.form != Form::Vendor {
        out.push(finding(Rule::NaNotAllowed, Some(item), s, None, None));
    }
    // While 3(1) is いいえ there is no chart to show; once it is answered otherwise, the
    // inspector looks at it on paper.
    if chart && current != Some(Answer::No) {
        if current == Some(Answer::Yes) {
            // The chart is drawn from the contacts: a はい with a named body missing would
            // show the inspector a chart with 未登録 in it.
            let roles = missing_chart_roles(ctx);
            if !roles.is_empty() {
                let mut f = finding(Rule::ContactChartIncomplete, Some(item), s, None, None);
                f.roles = roles;
                out.push(f);
            }
        }
        out.push(finding(
            Rule::ContactChartOnPaper,
            Some(item),
            s,
            None,
            None,
        ));
    }
}

/// The bodies 3(1) names that the contacts lack; 事業者 only matters with vendor contracts.
pub fn missing_chart_roles(ctx: &Context) -> Vec<Role> {
    missing_named_roles(ctx.contacts)
        .into_iter()
        .filter(|r| *r != Role::Vendor || ctx.vendor_contracts)
        .collect()
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
        roles: Vec::new(),
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
        target_date: false
        wording: verified
"#;

    struct Sheet {
        edition: Edition,
        checks: Vec<Check>,
        targets: Vec<Target>,
        vendor_contracts: bool,
        contacts: Vec<Contact>,
    }

    impl Sheet {
        fn new() -> Self {
            Sheet {
                edition: parse_edition("t.yaml", EDITION).unwrap(),
                checks: vec![],
                targets: vec![],
                vendor_contracts: true,
                contacts: [Role::Vendor, Role::Mhlw, Role::Police]
                    .into_iter()
                    .map(contact)
                    .collect(),
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
                contacts: &self.contacts,
            };
            assess(&ctx, &self.checks, &self.targets)
        }
    }

    fn contact(role: Role) -> Contact {
        Contact {
            id: role as i64,
            role,
            name: role.as_str().into(),
            org: None,
            system: None,
            phone: None,
            email: None,
            order: role.default_order(),
            vendor: None,
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
    fn an_older_edition_for_a_later_year_exempts_no_reference_row() {
        // An R5-like edition (参考項目 on 2-7@server) used for a later 年度: everything is required.
        let mut s = Sheet::new();
        s.all_yes();
        assert!(s.assess().ready);
        s.edition.fiscal_year = 2024;
        let a = s.assess();
        let row = a
            .rows
            .iter()
            .find(|r| r.item == "2-7" && r.scope == Scope::Server)
            .unwrap();
        assert_eq!(row.requirement, Requirement::Required);
        assert_eq!(row.deadline_fiscal_year, 2025);
        assert!(
            a.findings.iter().any(|f| f.rule == Rule::FirstCheckMissing
                && f.item.as_deref() == Some("2-7")
                && f.scope == Some(Scope::Server)),
            "{:?}",
            rules(&a)
        );
        assert!(!a.ready);
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
    fn second_check_no_needs_a_target_inside_the_deadline() {
        // 1回目 はい, 2回目 いいえ: the row is いいえ now and needs a plan like a 1回目 いいえ.
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 7, 1));
        let a = s.assess();
        assert!(has(&a, Rule::TargetMissing, "2-7"), "{:?}", rules(&a));
        assert!(!a.ready);
        s.target("2-7", Scope::Network, date(2026, 4, 1));
        assert!(has(&s.assess(), Rule::TargetAfterDeadline, "2-7"));
        s.target("2-7", Scope::Network, date(2026, 3, 1));
        assert!(s.assess().ready);
    }

    #[test]
    fn second_check_yes_needs_no_target() {
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 4, 1))
            .answer("2-7", Scope::Network, Answer::Yes, date(2025, 7, 1));
        let a = s.assess();
        assert!(!has(&a, Rule::TargetMissing, "2-7"), "{:?}", rules(&a));
        assert!(a.ready);
    }

    #[test]
    fn target_after_deadline_with_relief_is_a_notice() {
        // 二要素認証: GL 7.0 allows the next system renewal after 令和9年度.
        let mut s = Sheet::new();
        s.edition.sections[0].items[2].deadline_relief = Some(DeadlineRelief::NextSystemRenewal);
        s.all_yes()
            .answer("2-11", Scope::General, Answer::No, date(2025, 5, 1))
            .target("2-11", Scope::General, date(2030, 3, 31));
        let a = s.assess();
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == Rule::TargetAtNextRenewal)
            .unwrap();
        assert_eq!(f.severity, Severity::Notice);
        assert_eq!(f.deadline_fiscal_year, Some(2027));
        assert!(!has(&a, Rule::TargetAfterDeadline, "2-11"));
        assert!(a.ready, "{:?}", rules(&a));
        let row = a.rows.iter().find(|r| r.item == "2-11").unwrap();
        assert_eq!(row.target_fit, Some(TargetFit::AtNextRenewal));
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
    fn contact_chart_no_gets_no_target_findings() {
        // No 目標日 on the form: neither a missing nor a late target is what is wrong.
        let mut s = Sheet::new();
        s.all_yes()
            .answer("3-1", Scope::General, Answer::No, date(2025, 5, 3));
        let a = s.assess();
        assert!(has(&a, Rule::ContactChartMissing, "3-1"));
        assert!(!has(&a, Rule::TargetMissing, "3-1"), "{:?}", rules(&a));
        s.target("3-1", Scope::General, date(2026, 4, 1));
        let a = s.assess();
        assert!(has(&a, Rule::ContactChartMissing, "3-1"));
        assert!(
            !has(&a, Rule::TargetAfterDeadline, "3-1"),
            "{:?}",
            rules(&a)
        );
        assert!(!a.ready);
    }

    #[test]
    fn contact_chart_yes_without_the_named_bodies_fails() {
        // 3(1) はい, but no 厚生労働省 or 警察 among the contacts: the chart shows 未登録.
        let mut s = Sheet::new();
        s.contacts.retain(|c| c.role == Role::Vendor);
        s.all_yes();
        let a = s.assess();
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == Rule::ContactChartIncomplete)
            .unwrap_or_else(|| panic!("{:?}", rules(&a)));
        assert_eq!(f.roles, vec![Role::Mhlw, Role::Police]);
        assert_eq!(f.severity, Severity::Fail);
        assert!(!a.ready);
        // 事業者 is named only for a facility with vendor contracts.
        let mut s = Sheet::new();
        s.contacts.retain(|c| c.role != Role::Vendor);
        s.all_yes();
        assert!(has(&s.assess(), Rule::ContactChartIncomplete, "3-1"));
        s.vendor_contracts = false;
        let a = s.assess();
        assert!(
            !has(&a, Rule::ContactChartIncomplete, "3-1"),
            "{:?}",
            rules(&a)
        );
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
    fn stored_check_outside_the_fiscal_year_is_a_finding() {
        // An older kensa stored a 平成31年 date on a 令和7年度 sheet; it became the 1回目.
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-2", Scope::General, Answer::Yes, date(2019, 4, 30));
        let a = s.assess();
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == Rule::CheckOutsideFiscalYear)
            .unwrap_or_else(|| panic!("{:?}", rules(&a)));
        assert_eq!(f.date, Some(date(2019, 4, 30)));
        assert_eq!(f.deadline_fiscal_year, Some(2025));
        assert!(!a.ready);
        // A date in the next 年度 too.
        let mut s = Sheet::new();
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::Yes, date(2026, 4, 1));
        assert!(has(&s.assess(), Rule::CheckOutsideFiscalYear, "2-7"));
    }

    #[test]
    fn every_rule_has_a_test_above() {
        // Guards the list: adding a rule without a test here should be a conscious act.
        assert_eq!(Rule::ALL.len(), 15);
    }

    /// The flag, not the item id or the chart, decides that a row has no 目標日 cell.
    #[test]
    fn target_date_flag_drives_the_no_target_rule() {
        // 3-1 without `target_date: false` (and without the chart) is an ordinary row: いいえ with
        // a 目標日 inside the 年度 is acceptable.
        let mut s = Sheet::new();
        let item = s.edition.sections[1].items[0].clone();
        assert_eq!(item.id, "3-1");
        s.edition.sections[1].items[0].target_date = true;
        s.edition.sections[1].items[0].physical_evidence = None;
        assert!(takes_target(&s.edition, &s.edition.sections[1].items[0]));
        s.all_yes()
            .answer("3-1", Scope::General, Answer::No, date(2025, 5, 3));
        assert!(has(&s.assess(), Rule::TargetMissing, "3-1"));
        s.target("3-1", Scope::General, date(2025, 12, 1));
        let a = s.assess();
        assert!(a.ready, "{:?}", rules(&a));
        assert!(!has(&a, Rule::ContactChartMissing, "3-1"));
        // Another item with the flag: いいえ fails whatever its 目標日.
        let mut s = Sheet::new();
        s.edition.sections[0].items[1].target_date = false;
        assert!(!takes_target(&s.edition, &s.edition.sections[0].items[1]));
        s.all_yes()
            .answer("2-7", Scope::Network, Answer::No, date(2025, 5, 3))
            .target("2-7", Scope::Network, date(2025, 12, 1));
        let a = s.assess();
        assert!(has(&a, Rule::NoTargetCell, "2-7"), "{:?}", rules(&a));
        assert!(!has(&a, Rule::TargetOverdue, "2-7"));
        assert!(!a.ready);
    }

    #[test]
    fn unknown_text_is_listed_but_not_judged() {
        let mut s = Sheet::new();
        s.edition.sections[0].items[2].wording = crate::model::checklist::Wording::Unknown;
        // Nothing answered on 2-11: no first-check finding, but a notice naming it.
        let d = date(2025, 5, 1);
        s.answer("gate", Scope::General, Answer::Yes, d)
            .answer("2-2", Scope::General, Answer::Yes, d)
            .answer("2-7", Scope::Network, Answer::Yes, d)
            .answer("3-1", Scope::General, Answer::Yes, d);
        let a = s.assess();
        assert!(a.ready, "{:?}", rules(&a));
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == Rule::TextUnknown)
            .unwrap_or_else(|| panic!("{:?}", rules(&a)));
        assert_eq!(
            (f.item.as_deref(), f.scope, f.severity),
            (Some("2-11"), None, Severity::Notice)
        );
        assert!(!has(&a, Rule::FirstCheckMissing, "2-11"));
        let row = a.rows.iter().find(|r| r.item == "2-11").unwrap();
        assert_eq!(row.requirement, Requirement::TextUnknown);
        assert_eq!(a.total.required, 4);
        // An いいえ without a 目標日 there is not judged either.
        s.answer("2-11", Scope::General, Answer::No, d);
        let a = s.assess();
        assert!(a.ready && !has(&a, Rule::TargetMissing, "2-11"));
        // With the gate いいえ, nothing is listed.
        let mut s = Sheet::new();
        s.edition.sections[0].items[2].wording = crate::model::checklist::Wording::Unknown;
        s.answer("gate", Scope::General, Answer::No, d);
        assert!(!has(&s.assess(), Rule::TextUnknown, "2-11"));
    }
}
