//! The MHLW 確認表 for writing a cyber-attack BCP (「サイバー攻撃を想定した事業継続計画（BCP）策定の
//! 確認表」, 2024-06) as data (`data/bcp-kakuninhyo.yaml`), and each item answered from the
//! facility record where the data can answer it, else by the officer's confirmation.
//!
//! What kensa judges is whether the *plan* holds what the item asks about (a drill in the last
//! 12 months, a backup with a restore test for every system …), not whether the hospital can
//! actually do it; the output names the basis of every automatic answer.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::answer::Answer;
use super::asset::AssetKind;
use super::bcp::{BcpData, within_year};
use super::checklist::Wording;
use super::contacts::{Contact, Role};
use super::record::Record;
use super::yaml::{Located, SourcePos};

/// The 確認表 shipped with kensa.
pub const BUILTIN: &str = include_str!("../../data/bcp-kakuninhyo.yaml");
pub const BUILTIN_NAME: &str = "data/bcp-kakuninhyo.yaml";

/// A rule that answers an item from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judge {
    /// The 台帳 holds servers, terminals and network devices.
    LedgerKinds,
    /// The network and system diagram can be drawn: 台帳 rows with addresses and systems.
    Diagram,
    /// Every system has 重要度, 目標復旧時間 and 代替運用.
    SystemImpact,
    /// The contacts cover the facility's own chain and the bodies item 3(1) names.
    ContactChart,
    /// A drill in the 12 months up to today.
    #[serde(rename = "drill_12_months")]
    Drill12Months,
    /// Every system has a complete backup with an offline copy and a restore test date.
    Backups,
    /// Someone to report to inside: a system administrator or security officer, and the 経営層.
    ReportRoute,
    /// Every system has a vendor with a vendor contact.
    VendorContacts,
    /// What to cut first is known: every backup's location and the outside line.
    CutOrder,
    /// 厚生労働省 and 警察 are in the contacts.
    ExternalBodies,
    /// Every system has a 復旧優先度.
    RestorePriority,
    /// Every system has a restore procedure and a restore test date.
    RestoreTested,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique id (`1-1-2`, `3-4`).
    pub id: String,
    /// 項番 as printed (`1-1`).
    pub number: String,
    /// 大項目.
    pub heading: String,
    /// 確認項目, when its wording is known.
    #[serde(default)]
    pub text: Option<String>,
    pub wording: Wording,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub judged_by: Option<Judge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub number: u32,
    /// 平時, 検知, 初動対応, 復旧処理, 事後対応.
    pub name: String,
    pub summary: String,
    pub summary_wording: Wording,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kakuninhyo {
    pub schema: u32,
    pub id: String,
    pub title: String,
    pub published: String,
    pub source: String,
    #[serde(default)]
    pub notes: Vec<String>,
    pub steps: Vec<Step>,
}

impl Kakuninhyo {
    pub fn items(&self) -> impl Iterator<Item = (&Step, &Item)> {
        self.steps
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().map(|(_, i)| i).find(|i| i.id == id)
    }
}

/// A problem in a 確認表 file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFileError {
    pub at: SourcePos,
    pub message: String,
}

impl std::fmt::Display for CheckFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Parse and validate a 確認表 file: schema 1, steps 1–5 in order, unique non-empty item ids,
/// and a verified item always has its text.
pub fn parse(file: &str, text: &str) -> Result<Kakuninhyo, Vec<CheckFileError>> {
    let k: Kakuninhyo = super::yaml::from_str(text).map_err(|e| {
        vec![CheckFileError {
            at: SourcePos::new(file, e.line, e.column),
            message: e.message,
        }]
    })?;
    let located = Located::new(file, text);
    let mut errors = Vec::new();
    if k.schema != 1 {
        errors.push(CheckFileError {
            at: located.key("schema"),
            message: format!("schema {} is not supported (expected 1)", k.schema),
        });
    }
    for (i, s) in k.steps.iter().enumerate() {
        if s.number as usize != i + 1 {
            errors.push(CheckFileError {
                at: located.key_value("number", &s.number.to_string()),
                message: format!("step {} is in place {}", s.number, i + 1),
            });
        }
    }
    if k.steps.len() != 5 {
        errors.push(CheckFileError {
            at: located.key("steps"),
            message: format!("the 確認表 has 5 steps; this file has {}", k.steps.len()),
        });
    }
    let mut seen = std::collections::BTreeMap::new();
    for (_, item) in k.items() {
        // The item's own line: the nth time its id appears.
        let nth: usize = *seen.get(item.id.as_str()).unwrap_or(&0);
        let at = || located.key_value_nth("id", &item.id, nth);
        if item.id.trim().is_empty() {
            errors.push(CheckFileError {
                at: located.key("id"),
                message: "an item without an id".into(),
            });
        } else if nth > 0 {
            errors.push(CheckFileError {
                at: at(),
                message: format!("item `{}` appears twice", item.id),
            });
        }
        *seen.entry(item.id.as_str()).or_insert(0) += 1;
        if item.wording == Wording::Verified && item.text.is_none() {
            errors.push(CheckFileError {
                at: at(),
                message: format!(
                    "item `{}` is marked verified but has no text to verify",
                    item.id
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(k)
    } else {
        Err(errors)
    }
}

/// The shipped 確認表. Its validity is proven by a test, so an error here is a build defect;
/// it is still returned, never a panic.
pub fn builtin() -> Result<Kakuninhyo, Vec<CheckFileError>> {
    parse(BUILTIN_NAME, BUILTIN)
}

/// A field of a system the plan needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemField {
    Vendor,
    Importance,
    RestorePriority,
    TargetRecovery,
    Alternative,
    BackupFrequency,
    BackupMethod,
    BackupLocation,
    BackupOffline,
    RestoreProcedure,
    RestoreTest,
}

/// A field of the EHR-sharing connection the plan needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EhrField {
    Connection,
    Line,
    LineProvider,
    RouterLocation,
    TerminalLocation,
    Signing,
    OnsContact,
}

/// Something the plan lacks: the vocabulary of `bcp check`'s gaps and of the document's
/// 「未記入」 marks, so both name the same things.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Missing {
    SecurityOfficer,
    Manager,
    /// No 台帳 row at all.
    Ledger,
    /// No 台帳 row of this kind.
    LedgerKind {
        asset_kind: AssetKind,
    },
    /// 台帳 rows, but none with an IP address to place in a subnet.
    LedgerAddresses,
    Systems,
    SystemField {
        /// The system's id, for the command that fills the gap.
        id: i64,
        system: String,
        field: SystemField,
    },
    /// No registered contact of this role.
    Contact {
        role: Role,
    },
    /// No vendor contact for the system's vendor.
    VendorContact {
        system: String,
    },
    EhrSharing,
    Ehr {
        field: EhrField,
    },
    Drill,
    /// The last drill is more than 12 months old.
    DrillOld {
        last: Date,
    },
    Approval,
}

/// How an item stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ItemState {
    /// The data answers it: the plan holds what the item asks about.
    Met,
    /// The data answers it: these are missing.
    Gaps { missing: Vec<Missing> },
    /// The officer answered it.
    Confirmed {
        answer: Answer,
        on: Date,
        by: String,
        note: String,
    },
    /// Nobody has answered it yet.
    Asked,
}

impl ItemState {
    /// Counts towards N of 「確認表 N/M」.
    pub fn satisfied(&self) -> bool {
        matches!(
            self,
            ItemState::Met
                | ItemState::Confirmed {
                    answer: Answer::Yes,
                    ..
                }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub state: ItemState,
}

/// The 確認表 answered: one result per item, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub items: Vec<ItemResult>,
    pub satisfied: usize,
    pub total: usize,
}

/// Answer every item of `k` from `record`, as of `today`.
pub fn judge(k: &Kakuninhyo, record: &Record, today: Date) -> CheckResult {
    let items: Vec<ItemResult> = k
        .items()
        .map(|(_, item)| {
            let state = match item.judged_by {
                Some(j) => {
                    let missing = judge_one(j, record, today);
                    if missing.is_empty() {
                        ItemState::Met
                    } else {
                        ItemState::Gaps { missing }
                    }
                }
                None => match record.bcp.confirmation(&item.id) {
                    Some(c) => ItemState::Confirmed {
                        answer: c.answer,
                        on: c.confirmed_on,
                        by: c.confirmed_by.clone(),
                        note: c.note.clone(),
                    },
                    None => ItemState::Asked,
                },
            };
            ItemResult {
                id: item.id.clone(),
                state,
            }
        })
        .collect();
    CheckResult {
        satisfied: items.iter().filter(|i| i.state.satisfied()).count(),
        total: items.len(),
        items,
    }
}

/// Each system lacking one of `fields`, as a gap; "no systems" when there are none.
fn per_system(bcp: &BcpData, fields: &[SystemField]) -> Vec<Missing> {
    if bcp.systems.is_empty() {
        return vec![Missing::Systems];
    }
    let mut out = Vec::new();
    for s in bcp.systems_in_restore_order() {
        for f in fields {
            if !system_has(&s.fields, *f) {
                out.push(Missing::SystemField {
                    id: s.id,
                    system: s.fields.name.clone(),
                    field: *f,
                });
            }
        }
    }
    out
}

/// Whether a system has a field filled in. An offline copy counts only when there is one:
/// 「いいえ」 is recorded, but it is the gap the 確認表 is about.
pub fn system_has(f: &super::bcp::SystemFields, field: SystemField) -> bool {
    let b = &f.backup;
    match field {
        SystemField::Vendor => f.vendor.is_some(),
        SystemField::Importance => f.importance.is_some(),
        SystemField::RestorePriority => f.restore_priority.is_some(),
        SystemField::TargetRecovery => f.target_recovery_hours.is_some(),
        SystemField::Alternative => f.alternative.is_some(),
        SystemField::BackupFrequency => b.frequency.is_some(),
        SystemField::BackupMethod => b.method.is_some(),
        SystemField::BackupLocation => b.location.is_some(),
        SystemField::BackupOffline => b.offline_copy == Some(true),
        SystemField::RestoreProcedure => b.restore_procedure.is_some(),
        SystemField::RestoreTest => b.last_restore_test.is_some(),
    }
}

/// Contacts of `roles` that are not registered.
fn missing_roles(contacts: &[Contact], roles: &[Role]) -> Vec<Missing> {
    roles
        .iter()
        .filter(|r| !contacts.iter().any(|c| c.role == **r))
        .map(|r| Missing::Contact { role: *r })
        .collect()
}

/// The vendor contact for a system: a vendor contact whose system or organisation names it.
pub fn vendor_contact<'c>(
    contacts: &'c [Contact],
    system: &super::bcp::SystemFields,
) -> Option<&'c Contact> {
    let vendor = system.vendor.as_deref().map(str::trim);
    contacts
        .iter()
        .filter(|c| c.role == Role::Vendor)
        .find(|c| {
            c.system.as_deref().map(str::trim) == Some(system.name.trim())
                || (vendor.is_some() && c.org.as_deref().map(str::trim) == vendor)
        })
}

fn judge_one(j: Judge, record: &Record, today: Date) -> Vec<Missing> {
    let bcp = &record.bcp;
    let live: Vec<&super::asset::Asset> = record
        .ledger
        .iter()
        .map(|e| &e.asset)
        .filter(|a| a.fields.retired_on.is_none())
        .collect();
    match j {
        Judge::LedgerKinds => {
            if live.is_empty() {
                return vec![Missing::Ledger];
            }
            [AssetKind::Server, AssetKind::Terminal, AssetKind::Network]
                .into_iter()
                .filter(|k| !live.iter().any(|a| a.fields.kind == *k))
                .map(|asset_kind| Missing::LedgerKind { asset_kind })
                .collect()
        }
        Judge::Diagram => {
            let mut out = Vec::new();
            if live.is_empty() {
                out.push(Missing::Ledger);
            } else if !live.iter().any(|a| !a.fields.ip.trim().is_empty()) {
                out.push(Missing::LedgerAddresses);
            }
            if bcp.systems.is_empty() {
                out.push(Missing::Systems);
            }
            out
        }
        Judge::SystemImpact => per_system(
            bcp,
            &[
                SystemField::Importance,
                SystemField::TargetRecovery,
                SystemField::Alternative,
            ],
        ),
        Judge::ContactChart => {
            let mut out = missing_roles(
                &record.contacts,
                &[Role::SystemAdmin, Role::SecurityOfficer, Role::Manager],
            );
            out.extend(
                super::contacts::missing_named_roles(&record.contacts)
                    .into_iter()
                    .map(|role| Missing::Contact { role }),
            );
            out
        }
        Judge::Drill12Months => match bcp.last_drill() {
            None => vec![Missing::Drill],
            Some(d) if !within_year(d.held_on, today) => {
                vec![Missing::DrillOld { last: d.held_on }]
            }
            Some(_) => vec![],
        },
        Judge::Backups => per_system(
            bcp,
            &[
                SystemField::BackupFrequency,
                SystemField::BackupMethod,
                SystemField::BackupLocation,
                SystemField::BackupOffline,
                SystemField::RestoreProcedure,
                SystemField::RestoreTest,
            ],
        ),
        Judge::ReportRoute => {
            let mut out = Vec::new();
            if !record
                .contacts
                .iter()
                .any(|c| matches!(c.role, Role::SystemAdmin | Role::SecurityOfficer))
            {
                out.push(Missing::Contact {
                    role: Role::SecurityOfficer,
                });
            }
            out.extend(missing_roles(&record.contacts, &[Role::Manager]));
            out
        }
        Judge::VendorContacts => {
            let mut out = per_system(bcp, &[SystemField::Vendor]);
            for s in bcp.systems_in_restore_order() {
                if s.fields.vendor.is_some()
                    && vendor_contact(&record.contacts, &s.fields).is_none()
                {
                    out.push(Missing::VendorContact {
                        system: s.fields.name.clone(),
                    });
                }
            }
            out
        }
        Judge::CutOrder => {
            let mut out = per_system(bcp, &[SystemField::BackupLocation]);
            match &bcp.ehr_sharing {
                None => out.push(Missing::EhrSharing),
                Some(e) => {
                    if e.line.is_none() {
                        out.push(Missing::Ehr {
                            field: EhrField::Line,
                        });
                    }
                    if e.router_location.is_none() {
                        out.push(Missing::Ehr {
                            field: EhrField::RouterLocation,
                        });
                    }
                }
            }
            out
        }
        Judge::ExternalBodies => missing_roles(&record.contacts, &[Role::Mhlw, Role::Police]),
        Judge::RestorePriority => per_system(bcp, &[SystemField::RestorePriority]),
        Judge::RestoreTested => per_system(
            bcp,
            &[SystemField::RestoreProcedure, SystemField::RestoreTest],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::SCHEMA;
    use jiff::civil::date;

    fn empty_record() -> Record {
        Record {
            schema: SCHEMA.into(),
            kensa_version: "0".into(),
            taken_at: String::new(),
            facility: None,
            sheets: vec![],
            contacts: vec![],
            ledger: vec![],
            editions: vec![],
            audit_head: None,
            ..Record::default()
        }
    }

    #[test]
    fn the_shipped_kakuninhyo_is_valid_and_honest_about_its_wording() {
        let k = builtin().expect("valid");
        assert_eq!(k.steps.len(), 5);
        assert_eq!(
            k.steps.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["平時", "検知", "初動対応", "復旧処理", "事後対応"]
        );
        // Step 1's items are verified from the 確認表 itself except the cut-off backup item;
        // steps 2–4 are known only by heading.
        let one: Vec<&Item> = k.steps[0].items.iter().collect();
        assert_eq!(one.len(), 8);
        assert_eq!(
            one.iter()
                .filter(|i| i.wording == Wording::Unverified)
                .count(),
            1
        );
        for s in &k.steps[1..4] {
            for i in &s.items {
                if i.id != "3-4" {
                    assert_eq!(i.wording, Wording::Unverified, "{}", i.id);
                    assert!(i.text.is_none(), "{}", i.id);
                }
            }
        }
    }

    #[test]
    fn bad_files_are_named_with_line() {
        let dup = BUILTIN.replacen("id: \"1-1-2\"", "id: \"1-1-1\"", 1);
        let e = parse("x.yaml", &dup).unwrap_err();
        assert!(e[0].message.contains("twice"), "{e:?}");
        assert_eq!(e[0].at.file, "x.yaml");
        assert!(e[0].at.line > 1);
        let bad = BUILTIN.replacen("judged_by: diagram", "judged_by: magic", 1);
        let e = parse("x.yaml", &bad).unwrap_err();
        assert!(e[0].at.line > 1, "{e:?}");
        let no_text = BUILTIN.replacen("        text: 再発防止策の実施が行えるか。\n", "", 1);
        let e = parse("x.yaml", &no_text).unwrap_err();
        assert!(e[0].message.contains("verified"), "{e:?}");
    }

    #[test]
    fn an_empty_facility_meets_nothing_and_every_gap_is_named() {
        let k = builtin().unwrap();
        let r = judge(&k, &empty_record(), date(2026, 6, 1));
        assert_eq!(r.satisfied, 0);
        assert_eq!(r.total, k.items().count());
        let state = |id: &str| &r.items.iter().find(|i| i.id == id).unwrap().state;
        assert_eq!(
            state("1-1-1"),
            &ItemState::Gaps {
                missing: vec![Missing::Ledger]
            }
        );
        assert_eq!(
            state("1-2-3"),
            &ItemState::Gaps {
                missing: vec![Missing::Drill]
            }
        );
        assert_eq!(state("2-2"), &ItemState::Asked);
    }
}
