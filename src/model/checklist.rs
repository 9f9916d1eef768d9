//! Checklist editions as data: the typed schema of `checklists/*.yaml` and its validation.
//!
//! An edition is one official form (医療機関確認用 / 事業者確認用 / 薬局確認用) of one year.
//! Parsing is pure (`&str` in, `Edition` or located errors out); finding the files is done by
//! `crate::editions`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::yaml::{self, Located, SourcePos};

/// Schema version of the YAML files this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// The 年度 an edition, its deadlines and its 参考項目 deadline may name. [`parse_edition`]
/// refuses any other, so a year converted to the calendar's `i16` never wraps to another year.
pub const FISCAL_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A year of a parsed edition as the calendar's `i16`. Clamping to [`FISCAL_YEARS`] proves the
/// range before the narrowing cast; for a parsed edition it never changes the year.
pub fn calendar_year(fy: i32) -> i16 {
    fy.clamp(*FISCAL_YEARS.start(), *FISCAL_YEARS.end()) as i16
}

/// Which official form an edition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// 医療機関確認用
    Hospital,
    /// 事業者確認用
    Vendor,
    /// 薬局確認用
    Pharmacy,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Hospital => "hospital",
            Form::Vendor => "vendor",
            Form::Pharmacy => "pharmacy",
        }
    }
    pub fn parse(s: &str) -> Option<Form> {
        match s {
            "hospital" => Some(Form::Hospital),
            "vendor" => Some(Form::Vendor),
            "pharmacy" => Some(Form::Pharmacy),
            _ => None,
        }
    }
}

/// The asset group an item is answered for. The official form repeats an item once per group
/// (「サーバについて、以下を実施している。」…) and each repetition has its own answer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// 医療情報システム全般 (or, for items outside section 2, the item as a whole)
    General,
    /// サーバ
    Server,
    /// 端末PC
    Terminal,
    /// ネットワーク機器
    Network,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::General,
        Scope::Server,
        Scope::Terminal,
        Scope::Network,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::General => "general",
            Scope::Server => "server",
            Scope::Terminal => "terminal",
            Scope::Network => "network",
        }
    }

    /// Accepts the schema names and the Japanese labels an officer would type.
    pub fn parse(s: &str) -> Option<Scope> {
        match s.trim() {
            "general" | "全般" | "医療情報システム全般" => Some(Scope::General),
            "server" | "サーバ" | "サーバー" => Some(Scope::Server),
            "terminal" | "端末" | "端末PC" | "端末ＰＣ" => Some(Scope::Terminal),
            "network" | "ネットワーク" | "ネットワーク機器" => Some(Scope::Network),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far an item's text (or a header sentence) can be trusted, from most to least certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wording {
    /// Copied character for character from the official, published document.
    Verified,
    /// Copied from a draft document (a WG's 案): the final print may differ.
    Draft,
    /// The best-known text, reconstructed from secondary sources or an earlier edition.
    Unverified,
    /// No sentence is known: `text` is only a topic label. Such an item is shown as
    /// 「文言未確認」 and left out of the verdict until its official text is known.
    Unknown,
}

impl Wording {
    pub const ALL: [Wording; 4] = [
        Wording::Verified,
        Wording::Draft,
        Wording::Unverified,
        Wording::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Wording::Verified => "verified",
            Wording::Draft => "draft",
            Wording::Unverified => "unverified",
            Wording::Unknown => "unknown",
        }
    }

    /// Whether the text is not the official print, so a `wording_note` must say why.
    pub fn needs_note(self) -> bool {
        self != Wording::Verified
    }

    /// Whether the item has a real sentence to answer (every state but `unknown`).
    pub fn text_known(self) -> bool {
        self != Wording::Unknown
    }
}

/// One sentence printed above the items. Written in YAML either as a plain string (a verified
/// sentence, as every file before provenance was recorded did) or as a map with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "InstructionRepr")]
pub struct Instruction {
    pub text: String,
    /// `verified` when read on the sheet; `unverified` when reconstructed (by analogy with
    /// another edition or form); `draft` when taken from a draft document.
    pub wording: Wording,
    /// The block of the sheet the sentence heads, as printed (R5: 「〇 令和5年度中」,
    /// 「○参考項目（令和６年度中）」). Absent when the sheet has one block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Where the sentence comes from, or how it was reconstructed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum InstructionRepr {
    Plain(String),
    Full(InstructionFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstructionFields {
    text: String,
    wording: Wording,
    #[serde(default)]
    block: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl From<InstructionRepr> for Instruction {
    fn from(r: InstructionRepr) -> Self {
        match r {
            InstructionRepr::Plain(text) => Instruction {
                text,
                wording: Wording::Verified,
                block: None,
                note: None,
            },
            InstructionRepr::Full(InstructionFields {
                text,
                wording,
                block,
                note,
            }) => Instruction {
                text,
                wording,
                block,
                note,
            },
        }
    }
}

/// A field of the sheet's header that is not an item (R7: 確認日), with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    /// The label as printed, e.g. 確認日.
    pub label: String,
    pub wording: Wording,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// When an item need not be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicableWhen {
    /// 「２（２）及び２（３）については、事業者と契約していない場合には、記入不要です。」
    NoVendorContract,
}

/// Something the inspector must see on paper, beyond the tick on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhysicalEvidence {
    /// 3(1): the inspector looks at the 連絡体制図 itself (立入検査の手引き).
    ContactChart,
}

/// When a 目標日 after the item's `deadline_fiscal_year` is still acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineRelief {
    /// 二要素認証 (GL 7.0 保守委託機関編 9章④⑤): where 令和9年度 is not feasible, the first system
    /// renewal after it. A later 目標日 is accepted, and shown to the inspector as such.
    NextSystemRenewal,
}

/// Kinds of evidence that bear on an item; used by the evidence engine to suggest answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A document the facility keeps (規程, 任命書, 契約書, …).
    Document,
    /// The 機器台帳 in kensa.
    Ledger,
    /// Network discovery results.
    NetworkScan,
    /// Remote-maintenance port probes.
    RemoteMaintenanceProbe,
    /// Host facts: local accounts and last logins.
    HostAccounts,
    /// Host facts: installed updates and patch level.
    HostPatches,
    /// Host facts: running services and listening ports.
    HostServices,
    /// Host facts: logging configuration.
    HostLogging,
    /// Host facts: firewall state.
    HostFirewall,
    /// Host facts: password / authentication policy.
    HostAuthPolicy,
    /// Host facts: removable-media policy.
    HostRemovableMedia,
    /// Vendor sheets (事業者確認用) and MDS/SDS.
    VendorSheet,
    /// The contacts list behind the 連絡体制図.
    Contacts,
    /// Backup records and restore tests.
    Backup,
    /// The cyber-attack BCP.
    Bcp,
}

/// One edition file, as written in YAML.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Must equal [`SCHEMA_VERSION`].
    pub schema: u32,
    /// `{form}-{edition}`, e.g. `hospital-r7`.
    pub id: String,
    pub form: Form,
    /// Short edition name: `r5`, `r6`, `r7`, `r8` …
    pub edition: String,
    /// 年度 the edition is for (western year in which the fiscal year starts).
    pub fiscal_year: i32,
    /// Official title of the sheet.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    /// Where the text was taken from (URL or document name).
    pub source: String,
    /// Id of the edition this one follows (answers carry over along `carries_from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Sentences printed above the items (「*以下項目は…」), with their provenance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instructions: Vec<Instruction>,
    /// The sheet's own 確認日 field (R7 and later), when the edition has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_date: Option<HeaderField>,
    /// Fiscal year by which 参考項目 (reference scopes) must be はい, when the edition has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_deadline_fiscal_year: Option<i32>,
    /// Free notes about the data: what is verified, what is reconstructed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// 医療情報システムの有無. Absent on the vendor form, which has no gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Item>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Printed section number: 1, 2, 3.
    pub number: u32,
    /// Printed section title, e.g. 体制構築.
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id, `{section}-{n}`, or `gate`.
    pub id: String,
    /// As printed on the form: `(1)`, `①`.
    pub number: String,
    /// Exact official text (see `wording`).
    pub text: String,
    /// Asset groups answered separately, in the order of the form.
    pub scopes: Vec<Scope>,
    /// Scopes that are 参考項目 on this edition (not inspected this year; due by
    /// `reference_deadline_fiscal_year`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_scopes: Vec<Scope>,
    /// 年度 by which the item must be はい, when it differs from the sheet's year
    /// (R7 二要素認証: 2027 = 令和9年度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_fiscal_year: Option<i32>,
    /// Whether the official rule allows a 目標日 after `deadline_fiscal_year`, and on what ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_relief: Option<DeadlineRelief>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_when: Option<NotApplicableWhen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_evidence: Option<PhysicalEvidence>,
    /// Whether the row has a 目標日 cell on the form. `false` on 3(1) 連絡体制図, which has only
    /// a 1回目 cell: it must exist by the inspection, so いいえ is a finding whatever 目標日 is kept.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub target_date: bool,
    /// Guideline references as printed (▶), e.g. `企画管理編 9.1`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guideline_refs: Vec<String>,
    /// Short explanation drawn from the manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Where the explanation comes from when it is not this edition's own manual (another
    /// edition's manual, a draft, the 立入検査の手引き, another body's document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation_source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceKind>,
    pub wording: Wording,
    /// Why the wording is unverified, or what is uncertain about the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording_note: Option<String>,
    /// Id of the item in the `previous` edition that this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carries_from: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Item {
    /// Whether the item's official sentence is known; an item whose text is unknown is shown
    /// but not judged.
    pub fn text_known(&self) -> bool {
        self.wording.text_known()
    }

    pub fn has_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
    pub fn is_reference(&self, scope: Scope) -> bool {
        self.reference_scopes.contains(&scope)
    }
}

impl Edition {
    /// The gate first, then every item in form order.
    pub fn all_items(&self) -> impl Iterator<Item = &Item> {
        self.gate
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.items.iter()))
    }

    /// Whether `item_id` is this edition's 医療情報システムの有無 gate.
    pub fn is_gate(&self, item_id: &str) -> bool {
        self.gate.as_ref().is_some_and(|g| g.id == item_id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.all_items().find(|i| i.id == id)
    }

    /// Section an item belongs to (`None` for the gate).
    pub fn section_of(&self, item_id: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.items.iter().any(|i| i.id == item_id))
    }

    /// Every answer row of the form: (item, scope), gate first.
    pub fn rows(&self) -> impl Iterator<Item = (&Item, Scope)> {
        self.all_items()
            .flat_map(|i| i.scopes.iter().map(move |s| (i, *s)))
    }

    /// Whether any item's text is not the verified official print (draft, unverified or
    /// unknown): the sheet then needs the legend that explains the marks.
    pub fn has_unverified_wording(&self) -> bool {
        self.all_items().any(|i| i.wording != Wording::Verified)
    }

    /// The wording states other than `verified` that some item has, in order of certainty.
    pub fn wording_states(&self) -> Vec<Wording> {
        Wording::ALL
            .into_iter()
            .filter(|w| w.needs_note() && self.all_items().any(|i| i.wording == *w))
            .collect()
    }

    /// Items whose text is unknown: shown, but left out of the verdict.
    pub fn unknown_text_items(&self) -> impl Iterator<Item = &Item> {
        self.all_items().filter(|i| !i.text_known())
    }
}

/// One problem found in an edition file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionError {
    pub pos: SourcePos,
    pub message: String,
}

impl fmt::Display for EditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// Parse an edition file and check everything that can be checked without other editions.
/// `carries_from` is checked by [`check_carries_from`] once the previous edition is known.
pub fn parse_edition(file: &str, text: &str) -> Result<Edition, Vec<EditionError>> {
    let edition: Edition = yaml::from_str(text).map_err(|e| {
        vec![EditionError {
            pos: SourcePos::new(file, e.line, e.column),
            message: e.message,
        }]
    })?;
    let errors = check_edition(file, text, &edition);
    if errors.is_empty() {
        Ok(edition)
    } else {
        Err(errors)
    }
}

/// Semantic checks. Positions are found by looking the offending value up in the source text,
/// because the typed structs do not keep spans (see `yaml::Located`).
fn check_edition(file: &str, text: &str, e: &Edition) -> Vec<EditionError> {
    let locate = Located::new(file, text);
    let mut errors = Vec::new();
    let mut err = |pos: SourcePos, message: String| errors.push(EditionError { pos, message });

    if e.schema != SCHEMA_VERSION {
        err(
            locate.key("schema"),
            format!(
                "schema {} is not supported by this kensa (expected {SCHEMA_VERSION})",
                e.schema
            ),
        );
    }
    let expected_id = format!("{}-{}", e.form.as_str(), e.edition);
    if e.id != expected_id {
        err(
            locate.key_value("id", &e.id),
            format!(
                "edition id `{}` must be `{expected_id}` (form-edition)",
                e.id
            ),
        );
    }
    if !FISCAL_YEARS.contains(&e.fiscal_year) {
        err(
            locate.key("fiscal_year"),
            format!("fiscal_year {} is not a plausible 年度", e.fiscal_year),
        );
    }
    if let Some(fy) = e.reference_deadline_fiscal_year
        && !(e.fiscal_year..=*FISCAL_YEARS.end()).contains(&fy)
    {
        err(
            locate.key("reference_deadline_fiscal_year"),
            format!(
                "reference_deadline_fiscal_year {fy} must lie between the edition's fiscal year {} and {}",
                e.fiscal_year,
                FISCAL_YEARS.end()
            ),
        );
    }
    if jiff::civil::Date::strptime("%Y-%m-%d", &e.published).is_err() {
        err(
            locate.key_value("published", &e.published),
            format!("published `{}` is not a date (YYYY-MM-DD)", e.published),
        );
    }
    if e.title.trim().is_empty() {
        err(locate.key("title"), "title is empty".into());
    }
    match (&e.gate, e.form) {
        (Some(g), _) if g.id != "gate" => err(
            locate.key_value("id", &g.id),
            format!("the gate item must have id `gate`, not `{}`", g.id),
        ),
        (None, Form::Hospital | Form::Pharmacy) => err(
            locate.start(),
            "the hospital and pharmacy forms need a `gate` item (医療情報システムの有無)".into(),
        ),
        _ => {}
    }
    if e.sections.is_empty() {
        err(locate.key("sections"), "no sections".into());
    }
    for (n, ins) in e.instructions.iter().enumerate() {
        if ins.text.trim().is_empty() {
            err(
                locate.key("instructions"),
                format!("instruction {} has no text", n + 1),
            );
        }
        if ins.wording.needs_note() && ins.note.is_none() {
            err(
                locate.key("instructions"),
                format!(
                    "instruction {} is {}: add a note saying where it comes from",
                    n + 1,
                    ins.wording.as_str()
                ),
            );
        }
        if ins.wording == Wording::Unknown {
            err(
                locate.key("instructions"),
                format!(
                    "instruction {}: an instruction with unknown text is left out, not written",
                    n + 1
                ),
            );
        }
    }
    if let Some(f) = &e.confirmation_date
        && f.wording.needs_note()
        && f.note.is_none()
    {
        err(
            locate.key("confirmation_date"),
            format!(
                "confirmation_date is {}: add a note saying where it comes from",
                f.wording.as_str()
            ),
        );
    }

    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut section_numbers = BTreeSet::new();
    for s in &e.sections {
        if !section_numbers.insert(s.number) {
            err(
                locate.key_value("number", &s.number.to_string()),
                format!("section {} appears twice", s.number),
            );
        }
        if s.items.is_empty() {
            err(
                locate.key_value("title", &s.title),
                format!("section {} has no items", s.number),
            );
        }
    }
    for item in e.all_items() {
        let n = seen.entry(item.id.as_str()).or_insert(0);
        *n += 1;
        // The n-th occurrence of this id in the text is the duplicate.
        let here = locate.key_value_nth("id", &item.id, *n - 1);
        if *n == 2 {
            err(here.clone(), format!("duplicate item id `{}`", item.id));
        }
        if item.id != "gate" && !valid_item_id(&item.id) {
            err(
                here.clone(),
                format!(
                    "item id `{}` must look like `2-7` (section-number)",
                    item.id
                ),
            );
        }
        if item.text.trim().is_empty() {
            err(here.clone(), format!("item `{}` has no text", item.id));
        }
        // The texts are printed into report cells; a cell has room for this much.
        for (what, text) in [("text", &item.text), ("number", &item.number)] {
            let max = super::limits::NOTE_MAX;
            if text.chars().nth(max).is_some() {
                err(
                    here.clone(),
                    format!("item `{}`: {what} is longer than {max} characters", item.id),
                );
            }
        }
        if item.scopes.is_empty() {
            err(here.clone(), format!("item `{}` has no scopes", item.id));
        }
        let mut scopes = BTreeSet::new();
        for s in &item.scopes {
            if !scopes.insert(*s) {
                err(
                    here.clone(),
                    format!("item `{}` lists scope `{s}` twice", item.id),
                );
            }
        }
        for s in &item.reference_scopes {
            if !item.has_scope(*s) {
                err(
                    here.clone(),
                    format!(
                        "item `{}`: reference scope `{s}` is not one of its scopes",
                        item.id
                    ),
                );
            }
        }
        if !item.reference_scopes.is_empty() && e.reference_deadline_fiscal_year.is_none() {
            err(
                here.clone(),
                format!(
                    "item `{}` has reference scopes but the edition has no reference_deadline_fiscal_year",
                    item.id
                ),
            );
        }
        if let Some(fy) = item.deadline_fiscal_year
            && !FISCAL_YEARS.contains(&fy)
        {
            err(
                here.clone(),
                format!(
                    "item `{}`: deadline_fiscal_year {fy} is not a plausible 年度",
                    item.id
                ),
            );
        } else if let Some(fy) = item.deadline_fiscal_year
            && fy < e.fiscal_year
        {
            err(
                here.clone(),
                format!(
                    "item `{}`: deadline_fiscal_year {fy} is before the edition's fiscal year {}",
                    item.id, e.fiscal_year
                ),
            );
        }
        if item.deadline_relief.is_some() && item.deadline_fiscal_year.is_none() {
            err(
                here.clone(),
                format!(
                    "item `{}`: deadline_relief needs the deadline_fiscal_year it relieves",
                    item.id
                ),
            );
        }
        if item.carries_from.is_some() && e.previous.is_none() {
            err(
                here.clone(),
                format!(
                    "item `{}` has carries_from but the edition names no `previous` edition",
                    item.id
                ),
            );
        }
        if item.wording.needs_note() && item.wording_note.is_none() {
            err(
                here.clone(),
                format!(
                    "item `{}` is {}: add a wording_note saying what is uncertain",
                    item.id,
                    item.wording.as_str()
                ),
            );
        }
        if !item.text_known() && e.is_gate(&item.id) {
            err(
                here.clone(),
                "the gate's text must be known: without it nothing on the sheet can be judged"
                    .into(),
            );
        }
        if !item.target_date && e.is_gate(&item.id) {
            err(
                here,
                "target_date: false is for items; the gate never has a 目標日".into(),
            );
        }
    }
    errors
}

fn valid_item_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// Check every `carries_from` of `e` against the previous edition.
pub fn check_carries_from(
    file: &str,
    text: &str,
    e: &Edition,
    previous: Option<&Edition>,
) -> Vec<EditionError> {
    let locate = Located::new(file, text);
    let mut errors = Vec::new();
    let Some(prev_id) = &e.previous else {
        return errors;
    };
    let Some(prev) = previous else {
        errors.push(EditionError {
            pos: locate.key_value("previous", prev_id),
            message: format!("previous edition `{prev_id}` is not known (not built in, not in the user folder, not among the files given)"),
        });
        return errors;
    };
    for item in e.all_items() {
        if let Some(from) = &item.carries_from
            && prev.item(from).is_none()
        {
            errors.push(EditionError {
                pos: locate.key_value("carries_from", from),
                message: format!(
                    "item `{}`: carries_from `{from}` points nowhere: `{prev_id}` has no such item",
                    item.id
                ),
            });
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"schema: 1
id: hospital-r9
form: hospital
edition: r9
fiscal_year: 2027
title: テスト
published: 2027-05-01
source: test
gate:
  id: gate
  number: ""
  text: 医療情報システムを導入、運用している。
  scopes: [general]
  wording: verified
sections:
  - number: 1
    title: 体制構築
    items:
      - id: "1-1"
        number: "(1)"
        text: 医療情報システム安全管理責任者を設置している。
        scopes: [general]
        wording: verified
"#;

    #[test]
    fn minimal_edition_parses() {
        let e = parse_edition("t.yaml", MINIMAL).unwrap();
        assert_eq!(e.rows().count(), 2);
        assert_eq!(e.section_of("1-1").unwrap().number, 1);
    }

    /// The rules narrow 年度 to i16: `deadline_fiscal_year: 70000` was accepted and became 4464.
    #[test]
    fn deadlines_are_plausible_fiscal_years() {
        let item = MINIMAL.replace(
            "        wording: verified\n",
            "        wording: verified\n        deadline_fiscal_year: 70000\n",
        );
        let errs = parse_edition("t.yaml", &item).unwrap_err();
        assert!(errs[0].message.contains("70000"), "{errs:?}");
        assert_eq!(errs[0].pos.line, 19, "{errs:?}");
        let edition = MINIMAL.replace(
            "fiscal_year: 2027\n",
            "fiscal_year: 2027\nreference_deadline_fiscal_year: 40000\n",
        );
        let errs = parse_edition("t.yaml", &edition).unwrap_err();
        assert!(errs[0].message.contains("40000"), "{errs:?}");
        assert_eq!(errs[0].pos.line, 6, "{errs:?}");
    }

    #[test]
    fn unknown_scope_is_located() {
        let bad = MINIMAL.replace(
            "scopes: [general]\n        wording",
            "scopes: [servers]\n        wording",
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].pos.line, 22, "{errs:?}");
        assert!(errs[0].message.contains("servers"), "{errs:?}");
    }

    #[test]
    fn deadline_relief_needs_a_deadline() {
        let bad = MINIMAL.replace(
            "        wording: verified\n",
            "        deadline_relief: next_system_renewal\n        wording: verified\n",
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert!(errs[0].message.contains("deadline_relief"), "{errs:?}");
        let good = MINIMAL.replace(
            "        wording: verified\n",
            "        deadline_fiscal_year: 2027\n        deadline_relief: next_system_renewal\n        wording: verified\n",
        );
        let e = parse_edition("t.yaml", &good).unwrap();
        assert_eq!(
            e.item("1-1").unwrap().deadline_relief,
            Some(DeadlineRelief::NextSystemRenewal)
        );
    }

    #[test]
    fn unknown_field_is_reported() {
        let bad = MINIMAL.replace(
            "        wording: verified\n",
            "        wording: verified\n        colour: red\n",
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert!(errs[0].message.contains("colour"), "{errs:?}");
        assert_eq!(errs[0].pos.line, 24);
    }

    #[test]
    fn duplicate_id_names_second_occurrence() {
        let bad = format!(
            "{MINIMAL}      - id: \"1-1\"\n        number: \"(2)\"\n        text: x\n        scopes: [general]\n        wording: verified\n"
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("duplicate"));
        assert_eq!(errs[0].pos.line, 24);
    }

    #[test]
    fn missing_text_and_bad_id() {
        let bad = MINIMAL
            .replace(
                "text: 医療情報システム安全管理責任者を設置している。",
                "text: \"  \"",
            )
            .replace("id: \"1-1\"", "id: \"one\"");
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        let msgs: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("no text")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.contains("must look like")),
            "{msgs:?}"
        );
    }

    #[test]
    fn unverified_needs_a_note() {
        let bad = MINIMAL.replace(
            "scopes: [general]\n        wording: verified",
            "scopes: [general]\n        wording: unverified",
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert!(errs[0].message.contains("wording_note"));
        // A draft or unknown text needs one too; the gate's text must be known.
        for state in ["draft", "unknown"] {
            let bad = MINIMAL.replace(
                "scopes: [general]\n        wording: verified",
                &format!("scopes: [general]\n        wording: {state}"),
            );
            let errs = parse_edition("t.yaml", &bad).unwrap_err();
            assert!(errs[0].message.contains(state), "{errs:?}");
            assert!(errs[0].message.contains("wording_note"), "{errs:?}");
        }
        let bad = MINIMAL.replace(
            "scopes: [general]\n  wording: verified",
            "scopes: [general]\n  wording: unknown\n  wording_note: x",
        );
        let errs = parse_edition("t.yaml", &bad).unwrap_err();
        assert!(errs[0].message.contains("gate"), "{errs:?}");
    }

    #[test]
    fn instructions_as_strings_or_with_provenance() {
        let with = |block: &str| {
            MINIMAL.replace(
                "source: test\n",
                &format!("source: test\ninstructions:\n{block}"),
            )
        };
        let e = parse_edition("t.yaml", &with("  - \"*以下項目は…\"\n")).unwrap();
        assert_eq!(e.instructions[0].wording, Wording::Verified);
        let e = parse_edition(
            "t.yaml",
            &with("  - text: 立入検査時、本チェックリストを確認します。\n    wording: unverified\n    block: 〇 令和5年度中\n    note: 二次資料\n"),
        )
        .unwrap();
        assert_eq!(e.instructions[0].block.as_deref(), Some("〇 令和5年度中"));
        // A reconstructed sentence must say where it comes from.
        let errs =
            parse_edition("t.yaml", &with("  - text: x\n    wording: unverified\n")).unwrap_err();
        assert!(errs[0].message.contains("note"), "{errs:?}");
        // Unknown keys are refused here too.
        assert!(
            parse_edition(
                "t.yaml",
                &with("  - text: x\n    wording: verified\n    colour: red\n")
            )
            .is_err()
        );
    }

    #[test]
    fn carries_from_must_point_somewhere() {
        let prev = parse_edition("p.yaml", MINIMAL).unwrap();
        let next_text = MINIMAL
            .replace("id: hospital-r9", "id: hospital-r10")
            .replace("edition: r9", "edition: r10")
            .replace("source: test", "source: test\nprevious: hospital-r9")
            .replace(
                "        wording: verified\n",
                "        wording: verified\n        carries_from: \"1-9\"\n",
            );
        let next = parse_edition("n.yaml", &next_text).unwrap();
        let errs = check_carries_from("n.yaml", &next_text, &next, Some(&prev));
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("points nowhere"));
        assert_eq!(errs[0].pos.line, 25);
        let errs = check_carries_from("n.yaml", &next_text, &next, None);
        assert!(errs[0].message.contains("not known"));
    }

    #[test]
    fn scope_parse_accepts_japanese() {
        assert_eq!(Scope::parse("サーバ"), Some(Scope::Server));
        assert_eq!(Scope::parse("端末PC"), Some(Scope::Terminal));
        assert_eq!(Scope::parse("printer"), None);
    }
}
