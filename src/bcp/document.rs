//! The BCP as a document: chapters, sections and blocks in the order of the MHLW ひな形
//! (「医療情報システム部門等における事業継続計画（BCP）のひな形」, 2024-06), filled only with the
//! facility's record. Generic sentences follow the ひな形's structure in kensa's own words (the
//! i18n catalog, `bcp.doc.*`); every facility fact comes from the record, and what the record
//! lacks becomes a 「未記入」 mark that names the command to fill it. The same structure is
//! rendered to Markdown, HTML and docx, so the three formats say the same thing.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::diagram::network_svg;
use super::text::{
    asset_kind_label, connection_label, importance_label, line_label, signing_label,
};
use crate::i18n::Lang;
use crate::model::asset::AssetKind;
use crate::model::bcp::{BcpData, System, status, within_year};
use crate::model::bcp_check::{EhrField, Missing, SystemField, system_has, vendor_contact};
use crate::model::contacts::{Contact, Role, escalation_steps, missing_named_roles};
use crate::model::record::Record;
use crate::model::wareki::format_wareki;
use crate::report::chart::contact_chart_svg;
use crate::report::data::{ContactOut, RoleOut};
use crate::text::role_label;
use crate::tr;

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    /// Printed as 「未記入: …（kensa … で登録）」 in red.
    Missing(Missing),
}

pub type Para = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// The 組織体制図, drawn from the contacts (`report::chart`).
    OrgChart,
    /// The network and system diagram (`bcp::diagram`).
    Network,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Para),
    List {
        ordered: bool,
        items: Vec<Para>,
    },
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<Para>>,
    },
    Figure {
        figure: Figure,
        caption: String,
    },
    /// Small print: sources, what is not verified.
    Note(Para),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `1`, `1.3.2`; empty for the card.
    pub number: String,
    pub title: String,
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

impl Section {
    fn new(number: &str, title: &str) -> Section {
        Section {
            number: number.into(),
            title: title.into(),
            blocks: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Depth: 1 for a chapter, 2 for `1.1`, 3 for `1.3.2`.
    pub fn level(&self) -> usize {
        self.number.split('.').count()
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub lang: Lang,
    pub title: String,
    pub facility: String,
    /// Cover lines: version, approval, date written.
    pub cover: Vec<Para>,
    pub chapters: Vec<Section>,
    /// The one-page 初動対応カード.
    pub card: Section,
    /// Every 未記入 the document prints, in the order first printed, each once.
    pub missing: Vec<Missing>,
    pub org_chart_svg: String,
    pub network_svg: String,
}

/// Collects blocks and the 未記入 marks as the document is written.
struct Writer<'r> {
    lang: Lang,
    record: &'r Record,
    today: Date,
    missing: Vec<Missing>,
}

fn t(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

fn para(s: impl Into<String>) -> Block {
    Block::Para(vec![t(s)])
}

fn date_text(d: Date) -> String {
    format!("{d}（{}）", format_wareki(d))
}

impl Writer<'_> {
    fn miss(&mut self, m: Missing) -> Inline {
        if !self.missing.contains(&m) {
            self.missing.push(m.clone());
        }
        Inline::Missing(m)
    }

    fn bcp(&self) -> &BcpData {
        &self.record.bcp
    }

    /// A system's optional text field, or its 未記入 mark.
    fn sys_text(&mut self, s: &System, field: SystemField, value: Option<String>) -> Para {
        match value {
            Some(v) if system_has(&s.fields, field) => vec![t(v)],
            _ => vec![self.miss(Missing::SystemField {
                id: s.id,
                system: s.fields.name.clone(),
                field,
            })],
        }
    }

    fn ehr_text(&mut self, field: EhrField, value: Option<String>) -> Para {
        match value {
            Some(v) => vec![t(v)],
            None if self.bcp().ehr_sharing.is_none() => vec![self.miss(Missing::EhrSharing)],
            None => vec![self.miss(Missing::Ehr { field })],
        }
    }

    fn no_systems(&mut self) -> Block {
        Block::Para(vec![self.miss(Missing::Systems)])
    }

    fn contact(&self, role: Role) -> Option<&Contact> {
        self.record.contacts.iter().find(|c| c.role == role)
    }

    /// A contact as 「氏名（組織）電話」, or the 未記入 mark for its role.
    fn contact_para(&mut self, role: Role) -> Para {
        match self.contact(role) {
            Some(c) => vec![t(contact_text(c))],
            None => vec![self.miss(Missing::Contact { role })],
        }
    }

    fn officer(&mut self) -> Inline {
        match self
            .record
            .facility
            .as_ref()
            .and_then(|f| f.security_officer.clone())
        {
            Some(n) => strong(n),
            None => self.miss(Missing::SecurityOfficer),
        }
    }

    fn manager(&mut self) -> Inline {
        match self
            .record
            .facility
            .as_ref()
            .and_then(|f| f.manager.clone())
        {
            Some(n) => strong(n),
            None => self.miss(Missing::Manager),
        }
    }
}

fn contact_text(c: &Contact) -> String {
    let mut s = c.name.clone();
    if let Some(o) = &c.org {
        s.push_str(&format!("（{o}）"));
    }
    if let Some(p) = &c.phone {
        s.push_str(&format!(" {p}"));
    }
    s
}

fn facility_name(record: &Record) -> String {
    record
        .facility
        .as_ref()
        .map(|f| f.name.clone())
        .unwrap_or_default()
}

/// Write the document for `record` as of `today`.
pub fn build(record: &Record, today: Date, lang: Lang) -> Document {
    let mut w = Writer {
        lang,
        record,
        today,
        missing: Vec::new(),
    };
    let cover = cover(&mut w);
    let ch1 = chapter1(&mut w);
    let ch2 = chapter2(&mut w);
    let mut ch3 = chapter3(&mut w);
    ch3.children.push(ehr_chapter(&mut w));
    let ch4 = chapter4(&mut w);
    let chapters = vec![ch1, ch2, ch3, ch4];
    let card = card(&mut w);
    let contacts: Vec<ContactOut> = record
        .contacts
        .iter()
        .map(|c| ContactOut::new(lang, c))
        .collect();
    let missing_roles: Vec<RoleOut> = missing_named_roles(&record.contacts)
        .into_iter()
        .map(|role| RoleOut {
            role,
            label: role_label(lang, role).to_string(),
        })
        .collect();
    Document {
        lang,
        title: tr!(lang, "bcp.doc.title").to_string(),
        facility: facility_name(record),
        cover,
        chapters,
        card,
        missing: w.missing,
        org_chart_svg: contact_chart_svg(lang, &contacts, &missing_roles),
        network_svg: network_svg(lang, record),
    }
}

fn cover(w: &mut Writer) -> Vec<Para> {
    let lang = w.lang;
    let st = status(&w.record.bcp, &w.record.contacts, w.today);
    let mut out = Vec::new();
    match w.bcp().approvals.last() {
        Some(a) => {
            out.push(vec![t(tr!(
                lang,
                "bcp.doc.cover.version",
                version = a.version,
                date = date_text(a.approved_on),
                by = a.approved_by
            ))]);
            if matches!(
                st.plan,
                crate::model::bcp::PlanState::Approved { changed: true, .. }
            ) {
                out.push(vec![strong(tr!(lang, "bcp.doc.cover.changed"))]);
            }
        }
        None => out.push(vec![
            strong(tr!(lang, "bcp.doc.cover.draft")),
            t(" "),
            w.miss(Missing::Approval),
        ]),
    }
    out.push(vec![t(tr!(
        lang,
        "bcp.doc.cover.written",
        date = date_text(w.today)
    ))]);
    out
}

fn chapter1(w: &mut Writer) -> Section {
    let lang = w.lang;
    let name = facility_name(w.record);
    let mut ch = Section::new("1", tr!(lang, "bcp.doc.ch1"));

    let mut s = Section::new("1.1", tr!(lang, "bcp.doc.1_1"));
    s.blocks
        .push(para(tr!(lang, "bcp.doc.1_1.purpose", facility = name)));
    ch.children.push(s);

    let mut s = Section::new("1.2", tr!(lang, "bcp.doc.1_2"));
    s.blocks
        .push(para(tr!(lang, "bcp.doc.1_2.lead", facility = name)));
    // The policies carry their own numbers I–V, as in the ひな形.
    s.blocks.push(Block::List {
        ordered: false,
        items: [
            "bcp.doc.1_2.p1",
            "bcp.doc.1_2.p2",
            "bcp.doc.1_2.p3",
            "bcp.doc.1_2.p4",
            "bcp.doc.1_2.p5",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    ch.children.push(s);

    let mut s = Section::new("1.3", tr!(lang, "bcp.doc.1_3"));
    let mut sub = Section::new("1.3.1", tr!(lang, "bcp.doc.1_3_1"));
    if w.bcp().systems.is_empty() {
        let b = w.no_systems();
        sub.blocks.push(b);
    } else {
        sub.blocks.push(para(tr!(lang, "bcp.doc.1_3_1.lead")));
        let systems: Vec<System> = w
            .bcp()
            .systems_in_restore_order()
            .into_iter()
            .cloned()
            .collect();
        let mut rows = Vec::new();
        for sys in &systems {
            let vendor = w.sys_text(sys, SystemField::Vendor, sys.fields.vendor.clone());
            let importance = w.sys_text(
                sys,
                SystemField::Importance,
                sys.fields
                    .importance
                    .map(|i| importance_label(lang, i).to_string()),
            );
            let assets = if sys.fields.assets.is_empty() {
                vec![t("-")]
            } else {
                vec![t(sys.fields.assets.join(", "))]
            };
            rows.push(vec![
                vec![t(sys.fields.name.clone())],
                vendor,
                importance,
                assets,
            ]);
        }
        sub.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.system").into(),
                tr!(lang, "bcp.col.vendor").into(),
                tr!(lang, "bcp.col.importance").into(),
                tr!(lang, "bcp.col.assets").into(),
            ],
            rows,
        });
    }
    s.children.push(sub);
    let mut sub = Section::new("1.3.2", tr!(lang, "bcp.doc.1_3_2"));
    sub.blocks
        .push(para(tr!(lang, "bcp.doc.1_3_2.impact_lead")));
    sub.blocks.push(Block::List {
        ordered: true,
        items: [
            "bcp.doc.1_3_2.i1",
            "bcp.doc.1_3_2.i2",
            "bcp.doc.1_3_2.i3",
            "bcp.doc.1_3_2.i4",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    sub.blocks
        .push(para(tr!(lang, "bcp.doc.1_3_2.attack_lead")));
    sub.blocks.push(Block::List {
        ordered: true,
        items: [
            "bcp.doc.1_3_2.a1",
            "bcp.doc.1_3_2.a2",
            "bcp.doc.1_3_2.a3",
            "bcp.doc.1_3_2.a4",
            "bcp.doc.1_3_2.a5",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    sub.blocks
        .push(para(tr!(lang, "bcp.doc.1_3_2.other_plans")));
    s.children.push(sub);
    ch.children.push(s);

    let mut s = Section::new("1.4", tr!(lang, "bcp.doc.1_4"));
    let officer = w.officer();
    s.blocks.push(Block::Para(vec![
        t(tr!(lang, "bcp.doc.1_4.owner")),
        officer,
        t(tr!(lang, "bcp.doc.1_4.owner_end")),
    ]));
    if w.bcp().approvals.is_empty() {
        let m = w.miss(Missing::Approval);
        s.blocks.push(Block::Para(vec![m]));
    } else {
        let rows = w
            .bcp()
            .approvals
            .iter()
            .map(|a| {
                vec![
                    vec![t(tr!(lang, "bcp.doc.version", version = a.version))],
                    vec![t(date_text(a.approved_on))],
                    vec![t(a.approved_by.clone())],
                ]
            })
            .collect();
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.version").into(),
                tr!(lang, "bcp.col.approved_on").into(),
                tr!(lang, "bcp.col.approved_by").into(),
            ],
            rows,
        });
    }
    s.blocks.push(para(tr!(lang, "bcp.doc.1_4.review")));
    ch.children.push(s);
    ch
}

/// What each internal role does in the plan, in kensa's words after the ひな形's 役割 table.
fn role_duty(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Manager => tr!(lang, "bcp.doc.duty.manager"),
        Role::SecurityOfficer => tr!(lang, "bcp.doc.duty.security_officer"),
        Role::SystemAdmin => tr!(lang, "bcp.doc.duty.system_admin"),
        Role::Department => tr!(lang, "bcp.doc.duty.department"),
        _ => tr!(lang, "bcp.doc.duty.external"),
    }
}

fn chapter2(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut ch = Section::new("2", tr!(lang, "bcp.doc.ch2"));
    let mut s21 = Section::new("2.1", tr!(lang, "bcp.doc.2_1"));

    let mut s = Section::new("2.1.1", tr!(lang, "bcp.doc.2_1_1"));
    let officer = w.officer();
    let manager = w.manager();
    s.blocks.push(Block::Para(vec![
        t(tr!(lang, "bcp.doc.2_1_1.officer")),
        officer,
        t(tr!(lang, "bcp.doc.2_1_1.manager")),
        manager,
        t(tr!(lang, "bcp.doc.2_1_1.end")),
    ]));
    s21.children.push(s);

    let mut s = Section::new("2.1.2", tr!(lang, "bcp.doc.2_1_2"));
    s.blocks.push(Block::Figure {
        figure: Figure::OrgChart,
        caption: tr!(lang, "bcp.doc.2_1_2.caption").into(),
    });
    for role in [Role::SystemAdmin, Role::SecurityOfficer, Role::Manager] {
        if w.contact(role).is_none() {
            let m = w.miss(Missing::Contact { role });
            s.blocks.push(Block::Para(vec![m]));
        }
    }
    let internal: Vec<Contact> = w
        .record
        .contacts
        .iter()
        .filter(|c| c.role.is_internal())
        .cloned()
        .collect();
    if !internal.is_empty() {
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "contacts.col.role").into(),
                tr!(lang, "contacts.col.name").into(),
                tr!(lang, "bcp.col.duty").into(),
            ],
            rows: internal
                .iter()
                .map(|c| {
                    vec![
                        vec![t(role_label(lang, c.role))],
                        vec![t(contact_text(c))],
                        vec![t(role_duty(lang, c.role))],
                    ]
                })
                .collect(),
        });
    }
    s21.children.push(s);

    s21.children.push(ledger_section(w));

    let mut s = Section::new("2.1.4", tr!(lang, "bcp.doc.2_1_4"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_1_4.lead")));
    s.blocks.push(Block::Figure {
        figure: Figure::Network,
        caption: tr!(lang, "bcp.doc.2_1_4.caption").into(),
    });
    let live = w
        .record
        .ledger
        .iter()
        .filter(|e| e.asset.fields.retired_on.is_none())
        .count();
    if live == 0 {
        let m = w.miss(Missing::Ledger);
        s.blocks.push(Block::Para(vec![m]));
    }
    if w.bcp().systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    }
    s21.children.push(s);

    let mut s = Section::new("2.1.5", tr!(lang, "bcp.doc.2_1_5"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_1_5.lead")));
    let systems: Vec<System> = w
        .bcp()
        .systems_in_restore_order()
        .into_iter()
        .cloned()
        .collect();
    if systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    } else {
        let mut rows = Vec::new();
        for sys in &systems {
            let imp = w.sys_text(
                sys,
                SystemField::Importance,
                sys.fields
                    .importance
                    .map(|i| importance_label(lang, i).to_string()),
            );
            let rto = w.sys_text(
                sys,
                SystemField::TargetRecovery,
                sys.fields
                    .target_recovery_hours
                    .map(|h| hours_text(lang, h)),
            );
            let alt = w.sys_text(
                sys,
                SystemField::Alternative,
                sys.fields.alternative.clone(),
            );
            rows.push(vec![vec![t(sys.fields.name.clone())], imp, rto, alt]);
        }
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.system").into(),
                tr!(lang, "bcp.col.importance").into(),
                tr!(lang, "bcp.col.target_recovery").into(),
                tr!(lang, "bcp.col.alternative").into(),
            ],
            rows,
        });
    }
    s21.children.push(s);

    let mut s = Section::new("2.1.6", tr!(lang, "bcp.doc.2_1_6"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_1_6.lead")));
    s.blocks.push(vendor_table(w, &systems));
    s21.children.push(s);
    ch.children.push(s21);

    let mut s22 = Section::new("2.2", tr!(lang, "bcp.doc.2_2"));
    let mut s = Section::new("2.2.1", tr!(lang, "bcp.doc.2_2_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_2_1.lead")));
    let steps = escalation_steps(&w.record.contacts);
    if steps.is_empty() {
        let m = w.miss(Missing::Contact {
            role: Role::SystemAdmin,
        });
        s.blocks.push(Block::Para(vec![m]));
    } else {
        s.blocks.push(Block::List {
            ordered: true,
            items: steps
                .iter()
                .map(|(_, cs)| {
                    vec![t(cs
                        .iter()
                        .map(|c| format!("{}: {}", role_label(lang, c.role), contact_text(c)))
                        .collect::<Vec<_>>()
                        .join(" ／ "))]
                })
                .collect(),
        });
    }
    for role in missing_named_roles(&w.record.contacts) {
        let m = w.miss(Missing::Contact { role });
        s.blocks.push(Block::Para(vec![m]));
    }
    s22.children.push(s);

    let mut s = Section::new("2.2.2", tr!(lang, "bcp.doc.2_2_2"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_2_2.lead")));
    s22.children.push(s);

    let mut s = Section::new("2.2.3", tr!(lang, "bcp.doc.2_2_3"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_2_3.lead")));
    let drills = w.bcp().drills.clone();
    if drills.is_empty() {
        let m = w.miss(Missing::Drill);
        s.blocks.push(Block::Para(vec![m]));
    } else {
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.drill_date").into(),
                tr!(lang, "bcp.col.scenario").into(),
                tr!(lang, "bcp.col.participants").into(),
                tr!(lang, "bcp.col.lessons").into(),
                tr!(lang, "bcp.col.follow_ups").into(),
            ],
            rows: drills
                .iter()
                .map(|d| {
                    vec![
                        vec![t(date_text(d.held_on))],
                        vec![t(d.scenario.clone())],
                        vec![t(d.participants.clone())],
                        vec![t(d.lessons.clone().unwrap_or_else(|| "-".into()))],
                        vec![t(d.follow_ups.clone().unwrap_or_else(|| "-".into()))],
                    ]
                })
                .collect(),
        });
        if let Some(last) = w.bcp().last_drill().map(|d| d.held_on)
            && !within_year(last, w.today)
        {
            let m = w.miss(Missing::DrillOld { last });
            s.blocks.push(Block::Para(vec![m]));
        }
    }
    s22.children.push(s);

    let mut s = Section::new("2.2.4", tr!(lang, "bcp.doc.2_2_4"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_2_4.lead")));
    if systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    } else {
        let mut rows = Vec::new();
        for sys in &systems {
            let b = &sys.fields.backup;
            let freq = w.sys_text(sys, SystemField::BackupFrequency, b.frequency.clone());
            let method = w.sys_text(sys, SystemField::BackupMethod, b.method.clone());
            let location = w.sys_text(sys, SystemField::BackupLocation, b.location.clone());
            let offline = match b.offline_copy {
                Some(true) => vec![t(tr!(lang, "bcp.doc.yes"))],
                Some(false) => vec![
                    t(tr!(lang, "bcp.doc.no")),
                    t(" "),
                    w.miss(Missing::SystemField {
                        id: sys.id,
                        system: sys.fields.name.clone(),
                        field: SystemField::BackupOffline,
                    }),
                ],
                None => vec![w.miss(Missing::SystemField {
                    id: sys.id,
                    system: sys.fields.name.clone(),
                    field: SystemField::BackupOffline,
                })],
            };
            let restore = w.sys_text(
                sys,
                SystemField::RestoreProcedure,
                b.restore_procedure.clone(),
            );
            let tested = w.sys_text(
                sys,
                SystemField::RestoreTest,
                b.last_restore_test.map(date_text),
            );
            rows.push(vec![
                vec![t(sys.fields.name.clone())],
                freq,
                method,
                location,
                offline,
                restore,
                tested,
            ]);
        }
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.system").into(),
                tr!(lang, "bcp.field.backup_frequency").into(),
                tr!(lang, "bcp.field.backup_method").into(),
                tr!(lang, "bcp.field.backup_location").into(),
                tr!(lang, "bcp.field.offline_copy").into(),
                tr!(lang, "bcp.field.restore_procedure").into(),
                tr!(lang, "bcp.field.restore_test").into(),
            ],
            rows,
        });
    }
    s22.children.push(s);
    ch.children.push(s22);
    ch
}

fn hours_text(lang: Lang, h: u32) -> String {
    if h.is_multiple_of(24) && h >= 48 {
        tr!(lang, "bcp.doc.days", days = h / 24)
    } else {
        tr!(lang, "bcp.doc.hours", hours = h)
    }
}

/// 2.1.6: one row per vendor with its systems and the contact for it.
fn vendor_table(w: &mut Writer, systems: &[System]) -> Block {
    let lang = w.lang;
    if systems.is_empty() {
        return w.no_systems();
    }
    let mut by_vendor: BTreeMap<String, Vec<&System>> = BTreeMap::new();
    let mut rows = Vec::new();
    for sys in systems {
        match &sys.fields.vendor {
            Some(v) => by_vendor.entry(v.clone()).or_default().push(sys),
            None => {
                let m = w.miss(Missing::SystemField {
                    id: sys.id,
                    system: sys.fields.name.clone(),
                    field: SystemField::Vendor,
                });
                rows.push(vec![
                    vec![m],
                    vec![t(sys.fields.name.clone())],
                    vec![t("-")],
                ]);
            }
        }
    }
    for (vendor, list) in by_vendor {
        let names = list
            .iter()
            .map(|s| s.fields.name.clone())
            .collect::<Vec<_>>()
            .join("、");
        let contact = match list
            .iter()
            .find_map(|s| vendor_contact(&w.record.contacts, &s.fields))
        {
            Some(c) => vec![t(contact_text(c))],
            None => vec![w.miss(Missing::VendorContact {
                system: list[0].fields.name.clone(),
            })],
        };
        rows.push(vec![vec![t(vendor)], vec![t(names)], contact]);
    }
    rows.sort_by_key(|r| matches!(r[0].first(), Some(Inline::Missing(_))));
    Block::Table {
        headers: vec![
            tr!(lang, "bcp.col.vendor").into(),
            tr!(lang, "bcp.col.system").into(),
            tr!(lang, "bcp.col.contact").into(),
        ],
        rows,
    }
}

/// 2.1.3: the 台帳 summarised by kind and place.
fn ledger_section(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut s = Section::new("2.1.3", tr!(lang, "bcp.doc.2_1_3"));
    s.blocks.push(para(tr!(lang, "bcp.doc.2_1_3.lead")));
    let live: Vec<_> = w
        .record
        .ledger
        .iter()
        .filter(|e| e.asset.fields.retired_on.is_none())
        .collect();
    if live.is_empty() {
        let m = w.miss(Missing::Ledger);
        s.blocks.push(Block::Para(vec![m]));
        return s;
    }
    let mut counts: BTreeMap<(u8, String), (AssetKind, usize, usize)> = BTreeMap::new();
    for e in &live {
        let f = &e.asset.fields;
        let place = if f.location.trim().is_empty() {
            tr!(lang, "bcp.doc.place_unknown").to_string()
        } else {
            f.location.trim().to_string()
        };
        let entry = counts
            .entry((f.kind as u8, place))
            .or_insert((f.kind, 0, 0));
        entry.1 += 1;
        if !e.observations.is_empty() {
            entry.2 += 1;
        }
    }
    const MAX_ROWS: usize = 60;
    let total_groups = counts.len();
    let mut rows: Vec<Vec<Para>> = counts
        .iter()
        .take(MAX_ROWS)
        .map(|((_, place), (kind, n, seen))| {
            vec![
                vec![t(asset_kind_label(lang, *kind))],
                vec![t(place.clone())],
                vec![t(n.to_string())],
                vec![t(seen.to_string())],
            ]
        })
        .collect();
    if total_groups > MAX_ROWS {
        let rest: usize = counts.values().skip(MAX_ROWS).map(|v| v.1).sum();
        rows.push(vec![
            vec![t(tr!(
                lang,
                "bcp.doc.2_1_3.more",
                places = total_groups - MAX_ROWS
            ))],
            vec![t("")],
            vec![t(rest.to_string())],
            vec![t("")],
        ]);
    }
    s.blocks.push(Block::Table {
        headers: vec![
            tr!(lang, "bcp.col.kind").into(),
            tr!(lang, "bcp.col.place").into(),
            tr!(lang, "bcp.col.count").into(),
            tr!(lang, "bcp.col.observed").into(),
        ],
        rows,
    });
    s.blocks
        .push(para(tr!(lang, "bcp.doc.2_1_3.total", count = live.len())));
    for k in [AssetKind::Server, AssetKind::Terminal, AssetKind::Network] {
        if !live.iter().any(|e| e.asset.fields.kind == k) {
            let m = w.miss(Missing::LedgerKind { asset_kind: k });
            s.blocks.push(Block::Para(vec![m]));
        }
    }
    s.blocks
        .push(Block::Note(vec![t(tr!(lang, "bcp.doc.2_1_3.eol"))]));
    s
}

fn chapter3(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut ch = Section::new("3", tr!(lang, "bcp.doc.ch3"));
    let systems: Vec<System> = w
        .bcp()
        .systems_in_restore_order()
        .into_iter()
        .cloned()
        .collect();

    let mut s = Section::new("3.1", tr!(lang, "bcp.doc.3_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_1.lead")));
    let departments: Vec<Contact> = w
        .record
        .contacts
        .iter()
        .filter(|c| c.role.is_internal())
        .cloned()
        .collect();
    if departments.is_empty() {
        let m = w.miss(Missing::Contact {
            role: Role::Department,
        });
        s.blocks.push(Block::Para(vec![m]));
    } else {
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.department").into(),
                tr!(lang, "contacts.col.name").into(),
                tr!(lang, "contacts.col.phone").into(),
            ],
            rows: departments
                .iter()
                .map(|c| {
                    vec![
                        vec![t(c
                            .org
                            .clone()
                            .unwrap_or_else(|| role_label(lang, c.role).to_string()))],
                        vec![t(c.name.clone())],
                        vec![t(c.phone.clone().unwrap_or_else(|| "-".into()))],
                    ]
                })
                .collect(),
        });
    }
    if systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    } else {
        let mut rows = Vec::new();
        for sys in &systems {
            let vendor = w.sys_text(sys, SystemField::Vendor, sys.fields.vendor.clone());
            let contact = match vendor_contact(&w.record.contacts, &sys.fields) {
                Some(c) => vec![t(contact_text(c))],
                None => vec![w.miss(Missing::VendorContact {
                    system: sys.fields.name.clone(),
                })],
            };
            rows.push(vec![vec![t(sys.fields.name.clone())], vendor, contact]);
        }
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.system").into(),
                tr!(lang, "bcp.col.vendor").into(),
                tr!(lang, "bcp.col.contact").into(),
            ],
            rows,
        });
    }
    ch.children.push(s);

    let mut s = Section::new("3.2", tr!(lang, "bcp.doc.3_2"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_2.lead")));
    s.blocks.push(Block::List {
        ordered: false,
        items: [
            "bcp.doc.3_2.f1",
            "bcp.doc.3_2.f2",
            "bcp.doc.3_2.f3",
            "bcp.doc.3_2.f4",
            "bcp.doc.3_2.f5",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    let admin = w.contact_para(Role::SystemAdmin);
    let officer = w.officer();
    let manager = w.manager();
    let mut route = vec![t(tr!(lang, "bcp.doc.3_2.route"))];
    route.extend(admin);
    route.push(t(" → "));
    route.push(officer);
    route.push(t(" → "));
    route.push(manager);
    s.blocks.push(Block::Para(route));
    ch.children.push(s);

    let mut s33 = Section::new("3.3", tr!(lang, "bcp.doc.3_3"));
    let mut s = Section::new("3.3.1", tr!(lang, "bcp.doc.3_3_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_3_1.lead")));
    s.blocks.push(Block::List {
        ordered: true,
        items: [
            "bcp.doc.3_3_1.c1",
            "bcp.doc.3_3_1.c2",
            "bcp.doc.3_3_1.c3",
            "bcp.doc.3_3_1.c4",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    s33.children.push(s);
    let mut s = Section::new("3.3.2", tr!(lang, "bcp.doc.3_3_2"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_3_2.lead")));
    let order = cut_order(w, &systems);
    s.blocks.push(Block::List {
        ordered: true,
        items: order,
    });
    s33.children.push(s);
    let mut s = Section::new("3.3.3", tr!(lang, "bcp.doc.3_3_3"));
    let manager = w.manager();
    s.blocks.push(Block::Para(vec![
        t(tr!(lang, "bcp.doc.3_3_3.lead")),
        manager,
        t(tr!(lang, "bcp.doc.3_3_3.end")),
    ]));
    s33.children.push(s);
    ch.children.push(s33);

    let mut s34 = Section::new("3.4", tr!(lang, "bcp.doc.3_4"));
    let mut s = Section::new("3.4.1", tr!(lang, "bcp.doc.3_4_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_4_1.lead")));
    if systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    } else {
        let mut items = Vec::new();
        for sys in &systems {
            let mut p = vec![strong(sys.fields.name.clone()), t(": ")];
            p.extend(w.sys_text(
                sys,
                SystemField::Alternative,
                sys.fields.alternative.clone(),
            ));
            items.push(p);
        }
        s.blocks.push(Block::List {
            ordered: false,
            items,
        });
    }
    s.blocks.push(para(tr!(lang, "bcp.doc.3_4_1.supplies")));
    s34.children.push(s);
    let mut s = Section::new("3.4.2", tr!(lang, "bcp.doc.3_4_2"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_4_2.lead")));
    s.blocks.push(Block::List {
        ordered: false,
        items: [
            "bcp.doc.3_4_2.e1",
            "bcp.doc.3_4_2.e2",
            "bcp.doc.3_4_2.e3",
            "bcp.doc.3_4_2.e4",
        ]
        .iter()
        .map(|k| vec![t(crate::i18n::t(lang, k))])
        .collect(),
    });
    s34.children.push(s);
    let mut s = Section::new("3.4.3", tr!(lang, "bcp.doc.3_4_3"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_4_3.lead")));
    let mut rows = Vec::new();
    for role in [
        Role::Mhlw,
        Role::Police,
        Role::Prefecture,
        Role::HealthCenter,
    ] {
        let c = w.contact_para(role);
        rows.push(vec![vec![t(role_label(lang, role))], c]);
    }
    s.blocks.push(Block::Table {
        headers: vec![
            tr!(lang, "contacts.col.role").into(),
            tr!(lang, "bcp.col.contact").into(),
        ],
        rows,
    });
    s34.children.push(s);
    ch.children.push(s34);

    let mut s35 = Section::new("3.5", tr!(lang, "bcp.doc.3_5"));
    let mut s = Section::new("3.5.1", tr!(lang, "bcp.doc.3_5_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_5_1.lead")));
    if systems.is_empty() {
        let b = w.no_systems();
        s.blocks.push(b);
    } else {
        let mut rows = Vec::new();
        for sys in &systems {
            let prio = w.sys_text(
                sys,
                SystemField::RestorePriority,
                sys.fields.restore_priority.map(|p| p.to_string()),
            );
            let rto = w.sys_text(
                sys,
                SystemField::TargetRecovery,
                sys.fields
                    .target_recovery_hours
                    .map(|h| hours_text(lang, h)),
            );
            let how = w.sys_text(
                sys,
                SystemField::RestoreProcedure,
                sys.fields.backup.restore_procedure.clone(),
            );
            rows.push(vec![prio, vec![t(sys.fields.name.clone())], rto, how]);
        }
        s.blocks.push(Block::Table {
            headers: vec![
                tr!(lang, "bcp.col.priority").into(),
                tr!(lang, "bcp.col.system").into(),
                tr!(lang, "bcp.col.target_recovery").into(),
                tr!(lang, "bcp.field.restore_procedure").into(),
            ],
            rows,
        });
    }
    s35.children.push(s);
    let mut s = Section::new("3.5.2", tr!(lang, "bcp.doc.3_5_2"));
    s.blocks.push(para(tr!(lang, "bcp.doc.3_5_2.lead")));
    s.blocks
        .push(Block::Note(vec![t(tr!(lang, "bcp.doc.3_5_2.source"))]));
    s35.children.push(s);
    let mut s = Section::new("3.5.3", tr!(lang, "bcp.doc.3_5_3"));
    let manager = w.manager();
    s.blocks.push(Block::Para(vec![
        t(tr!(lang, "bcp.doc.3_5_3.lead")),
        manager,
        t(tr!(lang, "bcp.doc.3_5_3.end")),
    ]));
    s35.children.push(s);
    ch.children.push(s35);
    ch
}

/// 3.3.2's order with the facility's own names: the paths to the backups first, then the
/// outside connections, then the borders between segments.
fn cut_order(w: &mut Writer, systems: &[System]) -> Vec<Para> {
    let lang = w.lang;
    let mut backups = vec![strong(tr!(lang, "bcp.doc.cut.backups")), t(": ")];
    if systems.is_empty() {
        backups.push(w.miss(Missing::Systems));
    }
    let mut first = true;
    for sys in systems {
        if !first {
            backups.push(t("、"));
        }
        first = false;
        backups.push(t(format!("{}: ", sys.fields.name)));
        backups.extend(w.sys_text(
            sys,
            SystemField::BackupLocation,
            sys.fields.backup.location.clone(),
        ));
    }
    let mut outside = vec![strong(tr!(lang, "bcp.doc.cut.outside")), t(": ")];
    let ehr = w.bcp().ehr_sharing.clone().unwrap_or_default();
    outside.push(t(tr!(lang, "bcp.doc.cut.ons_line")));
    outside.extend(w.ehr_text(
        EhrField::Line,
        ehr.line.map(|l| line_label(lang, l).to_string()),
    ));
    outside.push(t(tr!(lang, "bcp.doc.cut.router_at")));
    outside.extend(w.ehr_text(EhrField::RouterLocation, ehr.router_location.clone()));
    outside.push(t(tr!(lang, "bcp.doc.cut.router_end")));
    for sys in systems {
        if let Some(r) = &sys.fields.remote_maintenance {
            outside.push(t(tr!(
                lang,
                "bcp.doc.cut.remote",
                system = sys.fields.name,
                how = r
            )));
        }
    }
    let subnets = super::diagram::subnets_with(w.record, tr!(lang, "bcp.diagram.no_address"));
    let borders = if subnets.len() > 1 {
        tr!(
            lang,
            "bcp.doc.cut.segments",
            subnets = subnets
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join("、")
        )
    } else {
        tr!(lang, "bcp.doc.cut.segments_none").to_string()
    };
    vec![
        backups,
        outside,
        vec![
            strong(tr!(lang, "bcp.doc.cut.borders")),
            t(": "),
            t(borders),
        ],
    ]
}

/// The 電子カルテ情報共有サービス section: what stops, the official fallback for 資格確認, and
/// who calls whom.
fn ehr_chapter(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut s = Section::new("3.6", tr!(lang, "bcp.doc.ehr"));
    let e = w.bcp().ehr_sharing.clone().unwrap_or_default();
    s.blocks.push(para(tr!(lang, "bcp.doc.ehr.lead")));
    let rows = vec![
        (
            EhrField::Connection,
            e.connection.map(|c| connection_label(lang, c).to_string()),
        ),
        (
            EhrField::Line,
            e.line.map(|l| line_label(lang, l).to_string()),
        ),
        (EhrField::LineProvider, e.line_provider.clone()),
        (EhrField::RouterLocation, e.router_location.clone()),
        (EhrField::TerminalLocation, e.terminal_location.clone()),
        (
            EhrField::Signing,
            e.signing.map(|g| signing_label(lang, g).to_string()),
        ),
        (EhrField::OnsContact, e.ons_contact.clone()),
    ];
    let mut table = Vec::new();
    for (field, value) in rows {
        let v = w.ehr_text(field, value);
        table.push(vec![vec![t(super::text::ehr_field_label(lang, field))], v]);
    }
    s.blocks.push(Block::Table {
        headers: vec![
            tr!(lang, "bcp.col.item").into(),
            tr!(lang, "bcp.col.value").into(),
        ],
        rows: table,
    });
    if e.connection == Some(crate::model::bcp::Connection::QualificationTerminal) {
        s.blocks
            .push(Block::Note(vec![t(tr!(lang, "bcp.doc.ehr.sessions"))]));
    }
    let mut sub = Section::new("3.6.1", tr!(lang, "bcp.doc.ehr.stops"));
    sub.blocks.push(para(tr!(lang, "bcp.doc.ehr.stops_lead")));
    sub.blocks.push(Block::List {
        ordered: false,
        items: ["bcp.doc.ehr.s1", "bcp.doc.ehr.s2", "bcp.doc.ehr.s3"]
            .iter()
            .map(|k| vec![t(crate::i18n::t(lang, k))])
            .collect(),
    });
    s.children.push(sub);
    let mut sub = Section::new("3.6.2", tr!(lang, "bcp.doc.ehr.fallback"));
    sub.blocks
        .push(para(tr!(lang, "bcp.doc.ehr.qualification")));
    sub.blocks.push(Block::Note(vec![t(tr!(
        lang,
        "bcp.doc.ehr.qualification_source"
    ))]));
    sub.blocks.push(para(tr!(lang, "bcp.doc.ehr.referral")));
    sub.blocks
        .push(Block::Note(vec![t(tr!(lang, "bcp.doc.ehr.referral_note"))]));
    s.children.push(sub);
    let mut sub = Section::new("3.6.3", tr!(lang, "bcp.doc.ehr.calls"));
    let admin = w.contact_para(Role::SystemAdmin);
    let mut p = vec![t(tr!(lang, "bcp.doc.ehr.call_admin"))];
    p.extend(admin);
    let mut items = vec![p];
    let mut p = vec![t(tr!(lang, "bcp.doc.ehr.call_line"))];
    p.extend(w.ehr_text(EhrField::LineProvider, e.line_provider.clone()));
    items.push(p);
    let ehr_system = w
        .bcp()
        .systems
        .iter()
        .find(|s| {
            s.fields.name.contains("電子カルテ") || s.fields.name.to_lowercase().contains("ehr")
        })
        .cloned();
    let mut p = vec![t(tr!(lang, "bcp.doc.ehr.call_vendor"))];
    match &ehr_system {
        Some(sys) => match vendor_contact(&w.record.contacts, &sys.fields) {
            Some(c) => p.push(t(contact_text(c))),
            None => p.push(w.miss(Missing::VendorContact {
                system: sys.fields.name.clone(),
            })),
        },
        None => p.push(w.miss(Missing::Systems)),
    }
    items.push(p);
    let mut p = vec![t(tr!(lang, "bcp.doc.ehr.call_ons"))];
    p.extend(w.ehr_text(EhrField::OnsContact, e.ons_contact.clone()));
    items.push(p);
    items.push(vec![t(tr!(lang, "bcp.doc.ehr.call_center"))]);
    sub.blocks.push(Block::List {
        ordered: true,
        items,
    });
    s.children.push(sub);
    s
}

fn chapter4(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut ch = Section::new("4", tr!(lang, "bcp.doc.ch4"));
    let mut s = Section::new("4.1", tr!(lang, "bcp.doc.4_1"));
    s.blocks.push(para(tr!(lang, "bcp.doc.4_1.lead")));
    ch.children.push(s);
    let mut s = Section::new("4.2", tr!(lang, "bcp.doc.4_2"));
    let mut sub = Section::new("4.2.1", tr!(lang, "bcp.doc.4_2_1"));
    sub.blocks.push(para(tr!(lang, "bcp.doc.4_2_1.lead")));
    let open: Vec<Para> = w
        .bcp()
        .drills
        .iter()
        .filter_map(|d| {
            d.follow_ups
                .as_ref()
                .map(|f| vec![t(format!("{}: {f}", date_text(d.held_on)))])
        })
        .collect();
    if !open.is_empty() {
        sub.blocks.push(para(tr!(lang, "bcp.doc.4_2_1.follow_ups")));
        sub.blocks.push(Block::List {
            ordered: false,
            items: open,
        });
    }
    s.children.push(sub);
    let mut sub = Section::new("4.2.2", tr!(lang, "bcp.doc.4_2_2"));
    sub.blocks.push(para(tr!(lang, "bcp.doc.4_2_2.lead")));
    s.children.push(sub);
    ch.children.push(s);
    let mut s = Section::new("4.3", tr!(lang, "bcp.doc.4_3"));
    s.blocks.push(para(tr!(lang, "bcp.doc.4_3.lead")));
    s.blocks
        .push(Block::Note(vec![t(tr!(lang, "bcp.doc.4_3.source"))]));
    ch.children.push(s);
    ch
}

/// The one-page 初動対応カード for the wall.
fn card(w: &mut Writer) -> Section {
    let lang = w.lang;
    let mut s = Section::new("", tr!(lang, "bcp.doc.card"));
    let admin = w.contact_para(Role::SystemAdmin);
    let officer = w.officer();
    let systems: Vec<System> = w
        .bcp()
        .systems_in_restore_order()
        .into_iter()
        .cloned()
        .collect();
    let mut a2 = vec![t(tr!(lang, "bcp.doc.card.a2"))];
    a2.extend(admin);
    let mut a3 = vec![t(tr!(lang, "bcp.doc.card.a3"))];
    if systems.is_empty() {
        a3.push(w.miss(Missing::Systems));
    }
    let locations: Vec<String> = systems
        .iter()
        .filter_map(|s| s.fields.backup.location.clone())
        .collect();
    if !systems.is_empty() {
        if locations.is_empty() {
            a3.push(w.miss(Missing::SystemField {
                id: systems[0].id,
                system: systems[0].fields.name.clone(),
                field: SystemField::BackupLocation,
            }));
        } else {
            a3.push(strong(locations.join("、")));
        }
    }
    let ehr = w.bcp().ehr_sharing.clone().unwrap_or_default();
    let mut a4 = vec![t(tr!(lang, "bcp.doc.card.a4"))];
    a4.extend(w.ehr_text(EhrField::RouterLocation, ehr.router_location.clone()));
    let remote: Vec<String> = systems
        .iter()
        .filter_map(|s| {
            s.fields
                .remote_maintenance
                .as_ref()
                .map(|r| format!("{}（{}）", r, s.fields.name))
        })
        .collect();
    if !remote.is_empty() {
        a4.push(t(tr!(
            lang,
            "bcp.doc.card.a4_remote",
            list = remote.join("、")
        )));
    }
    a4.push(t(tr!(lang, "bcp.doc.cut.router_end")));
    let mut a5 = vec![t(tr!(lang, "bcp.doc.card.a5"))];
    a5.push(officer);
    a5.push(t(" → "));
    a5.push(w.manager());
    s.blocks.push(Block::List {
        ordered: true,
        items: vec![vec![t(tr!(lang, "bcp.doc.card.a1"))], a2, a3, a4, a5],
    });
    let mut rows = Vec::new();
    for role in [
        Role::SystemAdmin,
        Role::SecurityOfficer,
        Role::Manager,
        Role::Vendor,
        Role::Police,
        Role::Mhlw,
    ] {
        let cs: Vec<Contact> = w
            .record
            .contacts
            .iter()
            .filter(|c| c.role == role)
            .take(4)
            .cloned()
            .collect();
        if cs.is_empty() {
            let m = w.miss(Missing::Contact { role });
            rows.push(vec![vec![t(role_label(lang, role))], vec![m], vec![t("")]]);
        }
        for c in cs {
            let who = match &c.system {
                Some(sys) => format!("{}（{sys}）", contact_text_no_phone(&c)),
                None => contact_text_no_phone(&c),
            };
            rows.push(vec![
                vec![t(role_label(lang, role))],
                vec![t(who)],
                vec![strong(c.phone.clone().unwrap_or_else(|| "-".into()))],
            ]);
        }
    }
    s.blocks.push(Block::Table {
        headers: vec![
            tr!(lang, "contacts.col.role").into(),
            tr!(lang, "contacts.col.name").into(),
            tr!(lang, "contacts.col.phone").into(),
        ],
        rows,
    });
    s.blocks.push(Block::Note(vec![t(tr!(
        lang,
        "bcp.doc.card.note",
        facility = facility_name(w.record)
    ))]));
    s
}

fn contact_text_no_phone(c: &Contact) -> String {
    match &c.org {
        Some(o) => format!("{}（{o}）", c.name),
        None => c.name.clone(),
    }
}
