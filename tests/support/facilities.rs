//! Generated facilities and their signed bundles, through the library alone: the record a
//! facility's kensa would take (one sheet, every row answered, 目標日 where いいえ, contacts, a
//! 台帳), an audit log that chains over every row of it, and the bundle `kensa bundle` would
//! write. Used by `tests/inspect.rs` and the benchmark (`examples/bench_inspect.rs`).

#![allow(dead_code)] // each user takes what it needs

use std::path::Path;

use ed25519_dalek::SigningKey;
use jiff::civil::{Date, date};
use kensa::bundle::manifest::ManifestFacility;
use kensa::bundle::writer::{BundleInfo, Member, write_bundle};
use kensa::editions::Library;
use kensa::model::answer::Answer;
use kensa::model::asset::{Asset, AssetKind, LedgerFields, Source};
use kensa::model::audit::{AuditLog, AuditRecord, GENESIS};
use kensa::model::checklist::{Form, NotApplicableWhen, Scope};
use kensa::model::contacts::{Contact, Role};
use kensa::model::facility::{Facility, FacilityKind};
use kensa::model::record::{
    CheckRecord, EmbeddedEdition, EvidenceMeta, LedgerEntry, Record, SCHEMA, Sheet, SheetRecord,
    TargetRecord, sha256_hex,
};

/// What a generated facility looks like.
#[derive(Debug, Clone)]
pub struct Spec {
    pub name: String,
    /// 医療機関コード.
    pub code: Option<String>,
    pub kind: FacilityKind,
    pub beds: Option<u32>,
    pub vendor_contracts: bool,
    pub edition: String,
    pub fiscal_year: i16,
    /// Rows answered いいえ, with their 目標日.
    pub nos: Vec<(String, Scope, Option<Date>)>,
    /// Every answer carried over from last year and not checked again.
    pub carried: bool,
    /// Contacts: these roles, one contact each (then `extra_contacts` more departments).
    pub roles: Vec<Role>,
    pub extra_contacts: usize,
    pub ledger_rows: usize,
    /// Rows retired (by 管理番号 index).
    pub retired: Vec<usize>,
    /// An evidence file on this row, carried in the bundle.
    pub evidence: Option<(String, Scope, Vec<u8>)>,
    pub created_at: String,
    pub checked_on: Date,
    /// Put report.html, report.json and report.xlsx in the bundle, as `kensa bundle` does.
    pub reports: bool,
    /// Replace the embedded edition text (a facility that edited its checklist).
    pub edition_text: Option<String>,
}

impl Spec {
    /// A hospital of 250 beds whose every row is answered はい on 2025-06-02, with the contacts
    /// 3(1) names and a small 台帳. It has no vendor contracts (2(2) and 2(3) 該当なし): a
    /// facility with contracts is ready only with its vendors' 事業者確認用, which
    /// `vendor_sheets_are_judged_per_contracted_vendor` covers.
    pub fn ready(name: &str, code: &str) -> Spec {
        Spec {
            name: name.to_string(),
            code: Some(code.to_string()),
            kind: FacilityKind::Hospital,
            beds: Some(250),
            vendor_contracts: false,
            edition: "hospital-r7".into(),
            fiscal_year: 2025,
            nos: Vec::new(),
            carried: false,
            roles: vec![
                Role::SecurityOfficer,
                Role::Manager,
                Role::Vendor,
                Role::Mhlw,
                Role::Police,
                Role::Prefecture,
            ],
            extra_contacts: 0,
            ledger_rows: 5,
            retired: Vec::new(),
            evidence: None,
            created_at: "2025-09-01T00:00:00Z".into(),
            checked_on: date(2025, 6, 2),
            reports: false,
            edition_text: None,
        }
    }

    pub fn no(mut self, item: &str, scope: Scope, target: Option<Date>) -> Spec {
        self.nos.push((item.to_string(), scope, target));
        self
    }

    pub fn created(mut self, at: &str) -> Spec {
        self.created_at = at.to_string();
        self
    }
}

/// The library of built-in editions.
pub fn library() -> Library {
    Library::load(None).0
}

/// The facility's signing key, the same for the same seed.
pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

pub fn audit_record(
    seq: i64,
    prev: &str,
    entity: &str,
    id: i64,
    row: &str,
    at: &str,
) -> AuditRecord {
    let mut r = AuditRecord {
        seq,
        at: at.to_string(),
        actor: "officer".into(),
        action: "insert".into(),
        entity: entity.into(),
        entity_id: id,
        row_hash: sha256_hex(row.as_bytes()),
        prev_hash: prev.to_string(),
        hash: String::new(),
    };
    r.hash = r.recompute();
    r
}

/// Recompute every hash from `from` (0-based) on, as someone who rewrote history would.
pub fn rechain(records: &mut [AuditRecord], from: usize) {
    let mut prev = if from == 0 {
        GENESIS.to_string()
    } else {
        records[from - 1].hash.clone()
    };
    for r in records.iter_mut().skip(from) {
        r.prev_hash = prev;
        r.hash = r.recompute();
        prev = r.hash.clone();
    }
}

/// An audit log with one record per row of the record, in the order they were written.
pub fn audit_of(record: &Record) -> AuditLog {
    let mut entries: Vec<(&str, i64, String)> = Vec::new();
    if let Some(f) = &record.facility {
        entries.push(("facility", 1, serde_json::to_string(f).unwrap()));
    }
    for s in &record.sheets {
        entries.push((
            "sheets",
            s.sheet.id,
            serde_json::to_string(&s.sheet).unwrap(),
        ));
        for c in &s.checks {
            entries.push(("checks", c.id, serde_json::to_string(c).unwrap()));
        }
        for t in &s.targets {
            entries.push(("targets", t.id, serde_json::to_string(t).unwrap()));
        }
    }
    for c in &record.contacts {
        entries.push(("contacts", c.id, serde_json::to_string(c).unwrap()));
    }
    for e in &record.ledger {
        entries.push((
            "assets",
            e.asset.id,
            serde_json::to_string(&e.asset).unwrap(),
        ));
    }
    let mut records: Vec<AuditRecord> = Vec::new();
    for (i, (entity, id, row)) in entries.iter().enumerate() {
        let prev = records
            .last()
            .map_or(GENESIS.to_string(), |r| r.hash.clone());
        records.push(audit_record(
            i as i64 + 1,
            &prev,
            entity,
            *id,
            row,
            "2025-06-02T00:00:00Z",
        ));
    }
    AuditLog::new(records)
}

/// The record of a generated facility (its audit head set from [`audit_of`]).
pub fn record_of(spec: &Spec, lib: &Library) -> Record {
    let edition = lib.get(&spec.edition).expect("a built-in edition");
    let facility = Facility {
        name: spec.name.clone(),
        kind: spec.kind,
        prefecture: Some("東京都".into()),
        manager: Some("院長 山田".into()),
        security_officer: Some("副院長 佐藤".into()),
        vendor_contracts: spec.vendor_contracts,
        institution_code: spec.code.clone(),
        beds: spec.beds,
        founder: None,
    };
    let mut checks = Vec::new();
    let mut targets = Vec::new();
    let mut id = 0;
    for (item, scope) in edition.rows() {
        let na = item.not_applicable_when == Some(NotApplicableWhen::NoVendorContract)
            && !spec.vendor_contracts;
        let no = spec
            .nos
            .iter()
            .find(|(i, s, _)| *i == item.id && *s == scope);
        let answer = if na {
            Answer::Na
        } else if no.is_some() {
            Answer::No
        } else {
            Answer::Yes
        };
        id += 1;
        let evidence = match &spec.evidence {
            Some((i, s, bytes)) if *i == item.id && *s == scope => vec![EvidenceMeta {
                id: 1,
                name: "patch-report.txt".into(),
                size: bytes.len() as i64,
                sha256: sha256_hex(bytes),
            }],
            _ => vec![],
        };
        checks.push(CheckRecord {
            id,
            sheet_id: 1,
            item: item.id.clone(),
            scope,
            answer,
            checked_on: (!spec.carried).then_some(spec.checked_on),
            checked_by: "officer".into(),
            note: String::new(),
            carried_from_check: spec.carried.then_some(id + 1000),
            recorded_at: "2025-06-02T00:00:00Z".into(),
            evidence,
            response: None,
            source: None,
        });
        if let Some((_, _, Some(t))) = no {
            targets.push(TargetRecord {
                id: targets.len() as i64 + 1,
                sheet_id: 1,
                item: item.id.clone(),
                scope,
                target_on: *t,
                set_by: "officer".into(),
                recorded_at: "2025-06-02T00:00:00Z".into(),
            });
        }
    }
    let mut contacts: Vec<Contact> = spec
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| Contact {
            id: i as i64 + 1,
            role: *r,
            name: format!("{}担当", r.as_str()),
            org: Some("連絡先".into()),
            system: (*r == Role::Vendor).then(|| "電子カルテ".to_string()),
            phone: Some("03-0000-0000".into()),
            email: None,
            order: r.default_order(),
            vendor: None,
        })
        .collect();
    for n in 0..spec.extra_contacts {
        contacts.push(Contact {
            id: contacts.len() as i64 + 1,
            role: Role::Department,
            name: format!("部門{n}"),
            org: Some("病棟".into()),
            system: None,
            phone: Some(format!("内線{n:04}")),
            email: None,
            order: 1,
            vendor: None,
        });
    }
    let ledger = (0..spec.ledger_rows)
        .map(|i| LedgerEntry {
            asset: Asset {
                id: i as i64 + 1,
                fields: LedgerFields {
                    control_no: format!("{:05}", i + 1),
                    kind: if i % 10 == 0 {
                        AssetKind::Server
                    } else {
                        AssetKind::Terminal
                    },
                    maker: "A社".into(),
                    os: "Windows 11".into(),
                    software: "電子カルテ".into(),
                    software_version: "2.0".into(),
                    ip: format!("192.0.2.{}", i % 250 + 1),
                    computer_name: format!("PC{i:04}"),
                    location: format!("病棟{}", i % 12),
                    user: "医師".into(),
                    registered_on: Some(date(2024, 4, 1)),
                    status: "稼働".into(),
                    description: String::new(),
                    mac: String::new(),
                    retired_on: spec.retired.contains(&i).then(|| date(2025, 7, 1)),
                },
                source: Source::Manual,
                created_at: "2025-06-02T00:00:00Z".into(),
                updated_at: "2025-06-02T00:00:00Z".into(),
            },
            observations: vec![],
        })
        .collect();
    let text = spec
        .edition_text
        .clone()
        .unwrap_or_else(|| lib.text(&spec.edition).unwrap().to_string());
    let mut record = Record {
        schema: SCHEMA.into(),
        kensa_version: "0.1.0".into(),
        taken_at: spec.created_at.clone(),
        facility: Some(facility),
        sheets: vec![SheetRecord {
            sheet: Sheet {
                id: 1,
                edition_id: spec.edition.clone(),
                form: if spec.kind == FacilityKind::Pharmacy {
                    Form::Pharmacy
                } else {
                    Form::Hospital
                },
                fiscal_year: spec.fiscal_year,
                carried_from: None,
                created_at: "2025-06-01T00:00:00Z".into(),
                vendor: None,
            },
            checks,
            targets,
        }],
        contacts,
        ledger,
        editions: vec![EmbeddedEdition::new(&spec.edition, &text)],
        audit_head: None,
        unmatched: Vec::new(),
        observation_facts: Vec::new(),
        vendors: Vec::new(),
        vendor_requests: Vec::new(),
        vendor_responses: Vec::new(),
        disclosures: Vec::new(),
        bcp: Default::default(),
    };
    record.audit_head = audit_of(&record).head;
    record
}

/// Write the bundle of `record` with `log` as its audit log, signed by `key`.
pub fn write_record_bundle(
    path: &Path,
    spec: &Spec,
    record: &Record,
    log: &AuditLog,
    key: &SigningKey,
    lib: &Library,
) {
    let mut members = Vec::new();
    if spec.reports {
        let editions = lib.editions_for(record).unwrap();
        let msg = |f: &kensa::model::rules::Finding| {
            kensa::text::finding_message(kensa::i18n::Lang::Ja, f)
        };
        let data = kensa::report::data::gather(&kensa::report::data::GatherInput {
            record,
            editions: &editions,
            library: lib,
            sheet_id: 1,
            today: date(2025, 10, 1),
            lang: kensa::i18n::Lang::Ja,
            finding_message: &msg,
        })
        .unwrap();
        let t = kensa::report::templates::Templates::load(None).unwrap();
        members.push(Member::new(
            "report.html",
            kensa::report::render_html(&t, &data).unwrap().into_bytes(),
        ));
        members.push(Member::new(
            "report.json",
            kensa::report::render_json(&data).into_bytes(),
        ));
        members.push(Member::new(
            "report.xlsx",
            kensa::report::xlsx::render_xlsx(&data).unwrap(),
        ));
    }
    members.push(Member::new("record.json", record.to_json().into_bytes()));
    for e in &record.editions {
        members.push(Member::new(
            format!("editions/{}.yaml", e.id),
            e.yaml.clone().into_bytes(),
        ));
    }
    members.push(Member::json("audit.json", log).unwrap());
    if let Some((_, _, bytes)) = &spec.evidence {
        members.push(Member::evidence(1, "patch-report.txt", bytes.clone()));
    }
    let sheet = &record.sheets[0].sheet;
    write_bundle(
        path,
        &members,
        BundleInfo {
            facility: ManifestFacility {
                name: spec.name.clone(),
                kind: "病院".into(),
                prefecture: Some("東京都".into()),
            },
            edition: sheet.edition_id.clone(),
            sheet: sheet.key(),
            fiscal_year: sheet.fiscal_year,
            created_at: spec.created_at.clone(),
        },
        key,
    )
    .unwrap();
}

/// Generate and write a facility's bundle; returns its record and audit log.
pub fn write(path: &Path, spec: &Spec, key: &SigningKey, lib: &Library) -> (Record, AuditLog) {
    let record = record_of(spec, lib);
    let log = audit_of(&record);
    write_record_bundle(path, spec, &record, &log, key, lib);
    (record, log)
}

/// A later record of the same facility whose history only grew: one more check of `item`
/// (answered `answer` on `on`) appended to the record and to the audit log.
pub fn append_check(
    record: &Record,
    log: &AuditLog,
    item: &str,
    scope: Scope,
    answer: Answer,
    on: Date,
    taken_at: &str,
) -> (Record, AuditLog) {
    let mut record = record.clone();
    let sheet = &mut record.sheets[0];
    let id = sheet.checks.iter().map(|c| c.id).max().unwrap_or(0) + 1;
    let check = CheckRecord {
        id,
        sheet_id: sheet.sheet.id,
        item: item.to_string(),
        scope,
        answer,
        checked_on: Some(on),
        checked_by: "officer".into(),
        note: String::new(),
        carried_from_check: None,
        recorded_at: format!("{on}T00:00:00Z"),
        evidence: vec![],
        response: None,
        source: None,
    };
    sheet.checks.push(check.clone());
    let mut records = log.records.clone();
    let (seq, prev) = records
        .last()
        .map_or((1, GENESIS.to_string()), |r| (r.seq + 1, r.hash.clone()));
    records.push(audit_record(
        seq,
        &prev,
        "checks",
        id,
        &serde_json::to_string(&check).unwrap(),
        &format!("{on}T00:00:00Z"),
    ));
    let log = AuditLog::new(records);
    record.audit_head = log.head.clone();
    record.taken_at = taken_at.to_string();
    (record, log)
}
