//! The facility record (`kensa.record/1`): everything kensa knows about one facility's
//! inspection, as raw facts and nothing judged. The store builds it in one read transaction
//! (`Store::record`); the rules, the report, `status`, and later `inspect` and `aggregate` read a
//! record, never the store. A bundle carries it as `record.json`, so another kensa with no
//! database (an inspector's) can judge the facility again with its own rules.
//!
//! What it holds: the facility profile; every sheet with its full, append-only check history
//! (evidence as name, size and SHA-256, never the bytes) and 目標日 history; the live contacts; the
//! 機器台帳 rows (retired ones too) with the newest observation of each source; the editions the
//! sheets use, embedded as their YAML text with its SHA-256, so a reader without a user-added
//! edition still has the exact item texts; and the audit chain's head when the record was taken.
//!
//! Reading a record from outside is as strict as reading any other file: unknown fields are
//! refused (a newer kensa's record would otherwise be judged without what it added), and every
//! embedded edition must match its hash.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::answer::{Answer, Check, Target};
use super::asset::{Asset, Observation};
pub use super::audit::AuditHead;
use super::bcp::BcpData;
use super::checklist::{Edition, EditionError, Form, Scope, parse_edition};
use super::contacts::Contact;
use super::facility::Facility;
use super::host::HostFacts;
use super::rules::{Assessment, Context, assess};
use super::scan::ScanFacts;
use super::vendor::{Disclosure, Vendor, VendorRequest, VendorResponse};

/// Schema tag of a record.
pub const SCHEMA: &str = "kensa.record/1";

/// Largest record file kensa reads: ten times the record of five years of answers and a
/// 10,000-row 台帳 (about 8 MB), so a real facility never meets it and a hostile file cannot
/// make kensa allocate without bound.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// A sheet: one form, edition and fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    pub id: i64,
    pub edition_id: String,
    pub form: Form,
    pub fiscal_year: i16,
    /// The sheet last year's answers were carried from.
    pub carried_from: Option<i64>,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// For a 事業者確認用: the vendor it is for (`Record::vendors`). `None` for the facility's
    /// own sheets, on a vendor's own machine for the vendor's sheet, and for a vendor sheet made
    /// before kensa knew vendors until it is attached (`kensa vendor adopt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<i64>,
}

impl Sheet {
    /// Human key, e.g. `hospital-r7-2025`; a vendor's sheet adds its vendor: `vendor-r7-2025-v3`.
    pub fn key(&self) -> String {
        match self.vendor {
            Some(v) => format!("{}-{}-v{v}", self.edition_id, self.fiscal_year),
            None => format!("{}-{}", self.edition_id, self.fiscal_year),
        }
    }
}

/// An evidence file attached to a check: what identifies it, not its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceMeta {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

/// One stored check (a record of the append-only history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRecord {
    pub id: i64,
    pub sheet_id: i64,
    pub item: String,
    pub scope: Scope,
    pub answer: Answer,
    /// 確認日; `None` only for an answer carried from last year's sheet (要再確認).
    pub checked_on: Option<Date>,
    pub checked_by: String,
    pub note: String,
    /// The check of last year's sheet this one was carried from.
    pub carried_from_check: Option<i64>,
    /// RFC 3339 UTC: when it was stored.
    pub recorded_at: String,
    pub evidence: Vec<EvidenceMeta>,
    /// The vendor response (`Record::vendor_responses`) this check was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<i64>,
    /// Where the answer was read, for one imported from a filled form (`kensa sheet import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<CheckSource>,
}

/// The filled form an imported answer was read from: the file's name and SHA-256, the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSource {
    pub file_name: String,
    pub file_sha256: String,
    pub cell: String,
}

impl CheckRecord {
    pub fn to_model(&self) -> Check {
        Check {
            id: self.id,
            item: self.item.clone(),
            scope: self.scope,
            answer: self.answer,
            checked_on: self.checked_on,
            carried: self.carried_from_check.is_some(),
        }
    }
}

/// One 目標日 as set (a later one for the same row replaces it on the form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    pub id: i64,
    pub sheet_id: i64,
    pub item: String,
    pub scope: Scope,
    pub target_on: Date,
    pub set_by: String,
    pub recorded_at: String,
}

impl TargetRecord {
    pub fn to_model(&self) -> Target {
        Target {
            id: self.id,
            item: self.item.clone(),
            scope: self.scope,
            target_on: self.target_on,
        }
    }
}

/// A sheet with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetRecord {
    pub sheet: Sheet,
    /// Every check, oldest first.
    pub checks: Vec<CheckRecord>,
    /// Every 目標日 set, oldest first.
    pub targets: Vec<TargetRecord>,
}

impl SheetRecord {
    pub fn model_checks(&self) -> Vec<Check> {
        self.checks.iter().map(CheckRecord::to_model).collect()
    }

    pub fn model_targets(&self) -> Vec<Target> {
        self.targets.iter().map(TargetRecord::to_model).collect()
    }
}

/// A 台帳 row with the newest observation of each source that matches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    #[serde(with = "compact::asset")]
    pub asset: Asset,
    /// At most one per source (collect, scan, …), newest first.
    #[serde(with = "compact::observations")]
    pub observations: Vec<Observation>,
}

/// The 台帳 is most of a record (10,000 rows of 19 fields and their observations), and most of
/// its fields are empty strings. In the record, an empty text field is left out and read back as
/// empty; everything else is as in `inventory list --json`, whose shape is not changed.
mod compact {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::asset::{Asset, AssetKind, LedgerFields, Observation, Observed, Source};

    fn empty(s: &str) -> bool {
        s.is_empty()
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AssetJson {
        id: i64,
        control_no: String,
        kind: AssetKind,
        #[serde(default, skip_serializing_if = "empty")]
        maker: String,
        #[serde(default, skip_serializing_if = "empty")]
        os: String,
        #[serde(default, skip_serializing_if = "empty")]
        software: String,
        #[serde(default, skip_serializing_if = "empty")]
        software_version: String,
        #[serde(default, skip_serializing_if = "empty")]
        ip: String,
        #[serde(default, skip_serializing_if = "empty")]
        computer_name: String,
        #[serde(default, skip_serializing_if = "empty")]
        location: String,
        #[serde(default, skip_serializing_if = "empty")]
        user: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        registered_on: Option<jiff::civil::Date>,
        #[serde(default, skip_serializing_if = "empty")]
        status: String,
        #[serde(default, skip_serializing_if = "empty")]
        description: String,
        #[serde(default, skip_serializing_if = "empty")]
        mac: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retired_on: Option<jiff::civil::Date>,
        source: Source,
        created_at: String,
        updated_at: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ObservationJson {
        id: i64,
        source: Source,
        observed_at: String,
        #[serde(default, skip_serializing_if = "empty")]
        computer_name: String,
        #[serde(default, skip_serializing_if = "empty")]
        os: String,
        #[serde(default, skip_serializing_if = "empty")]
        maker: String,
        #[serde(default, skip_serializing_if = "empty")]
        model: String,
        #[serde(default, skip_serializing_if = "empty")]
        serial: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ips: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        macs: Vec<String>,
        recorded_at: String,
    }

    pub mod asset {
        use super::*;

        pub fn serialize<S: Serializer>(a: &Asset, s: S) -> Result<S::Ok, S::Error> {
            let f = a.fields.clone();
            AssetJson {
                id: a.id,
                control_no: f.control_no,
                kind: f.kind,
                maker: f.maker,
                os: f.os,
                software: f.software,
                software_version: f.software_version,
                ip: f.ip,
                computer_name: f.computer_name,
                location: f.location,
                user: f.user,
                registered_on: f.registered_on,
                status: f.status,
                description: f.description,
                mac: f.mac,
                retired_on: f.retired_on,
                source: a.source,
                created_at: a.created_at.clone(),
                updated_at: a.updated_at.clone(),
            }
            .serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Asset, D::Error> {
            let j = AssetJson::deserialize(d)?;
            Ok(Asset {
                id: j.id,
                fields: LedgerFields {
                    control_no: j.control_no,
                    kind: j.kind,
                    maker: j.maker,
                    os: j.os,
                    software: j.software,
                    software_version: j.software_version,
                    ip: j.ip,
                    computer_name: j.computer_name,
                    location: j.location,
                    user: j.user,
                    registered_on: j.registered_on,
                    status: j.status,
                    description: j.description,
                    mac: j.mac,
                    retired_on: j.retired_on,
                },
                source: j.source,
                created_at: j.created_at,
                updated_at: j.updated_at,
            })
        }
    }

    pub mod observations {
        use super::*;

        pub fn serialize<S: Serializer>(v: &[Observation], s: S) -> Result<S::Ok, S::Error> {
            let out: Vec<ObservationJson> = v
                .iter()
                .map(|o| {
                    let b = o.observed.clone();
                    ObservationJson {
                        id: o.id,
                        source: b.source,
                        observed_at: b.observed_at,
                        computer_name: b.computer_name,
                        os: b.os,
                        maker: b.maker,
                        model: b.model,
                        serial: b.serial,
                        ips: b.ips,
                        macs: b.macs,
                        recorded_at: o.recorded_at.clone(),
                    }
                })
                .collect();
            out.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Observation>, D::Error> {
            Ok(Vec::<ObservationJson>::deserialize(d)?
                .into_iter()
                .map(|j| Observation {
                    id: j.id,
                    observed: Observed {
                        source: j.source,
                        observed_at: j.observed_at,
                        computer_name: j.computer_name,
                        os: j.os,
                        maker: j.maker,
                        model: j.model,
                        serial: j.serial,
                        ips: j.ips,
                        macs: j.macs,
                    },
                    recorded_at: j.recorded_at,
                })
                .collect())
        }
    }
}

/// The facts of the document behind one observation that the evidence rules read (a host
/// document's accounts, updates, services…; a scan's ports and vendor). The full document
/// stays in the store; these are what `kensa evidence` judges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationFacts {
    /// The observation's id (in `ledger[].observations` or `unmatched`).
    pub observation: i64,
    /// From a `kensa.host/1` document (source `collect`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<HostFacts>,
    /// From a `kensa.scan-host/1` document (source `scan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<ScanFacts>,
    /// Why the document could not be read; the observation itself still counts as seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
}

/// An edition a sheet uses, as the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedEdition {
    pub id: String,
    /// SHA-256 of `yaml`, lowercase hex.
    pub sha256: String,
    pub yaml: String,
}

impl EmbeddedEdition {
    pub fn new(id: &str, yaml: &str) -> EmbeddedEdition {
        EmbeddedEdition {
            id: id.to_string(),
            sha256: sha256_hex(yaml.as_bytes()),
            yaml: yaml.to_string(),
        }
    }
}

/// Everything kensa knows about one facility's inspection. `Default` is an empty record with no
/// schema tag: only for building records field by field (tests, generators), never read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The kensa that took the record.
    pub kensa_version: String,
    /// RFC 3339 UTC.
    pub taken_at: String,
    /// `None` before `kensa init`.
    pub facility: Option<Facility>,
    /// Every sheet, oldest first.
    pub sheets: Vec<SheetRecord>,
    /// Live contacts in escalation order.
    pub contacts: Vec<Contact>,
    /// Every 台帳 row, retired ones included, in 管理番号 order.
    pub ledger: Vec<LedgerEntry>,
    /// The editions the sheets use.
    pub editions: Vec<EmbeddedEdition>,
    /// `None` for a database with no audit record yet.
    pub audit_head: Option<AuditHead>,
    /// Devices seen that match no 台帳 row (retired rows included): the newest observation of
    /// each device and source, newest first. Optional (absent in records before issue 16).
    #[serde(default)]
    pub unmatched: Vec<Observation>,
    /// The evidence facts of every observation in `ledger` and `unmatched`, by observation id.
    /// Optional like `unmatched`.
    #[serde(default)]
    pub observation_facts: Vec<ObservationFacts>,
    /// Vendors (事業者), removed ones too, by id. Records without vendors leave out this field and
    /// the three below, and read the same in a kensa that predates them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<Vendor>,
    /// Every request sent to a vendor, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendor_requests: Vec<VendorRequest>,
    /// Every response imported (the provenance of vendor answers), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendor_responses: Vec<VendorResponse>,
    /// Every MDS/SDS received (the files as name, size and SHA-256), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disclosures: Vec<Disclosure>,
    /// The cyber-attack BCP's data (systems, EHR-sharing connection, drills, approvals,
    /// 確認表 answers). Absent in records without any, so older readers still read those.
    #[serde(default, skip_serializing_if = "BcpData::is_empty")]
    pub bcp: BcpData,
}

/// Why a record could not be read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("schema `{0}` is not {SCHEMA}")]
    Schema(String),
    #[error("the record is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("embedded edition `{id}` does not match its SHA-256")]
    EditionHash { id: String },
    #[error("embedded edition `{id}`: {detail}")]
    EditionInvalid { id: String, detail: String },
    #[error("edition `{id}` is used by a sheet but is neither embedded nor known here")]
    EditionMissing { id: String },
    #[error("sheet {sheet} is not in the record")]
    NoSuchSheet { sheet: i64 },
    #[error("the record has no facility profile")]
    NoFacility,
}

impl Record {
    /// Parse a record file's bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Record, RecordError> {
        let size = bytes.len() as u64;
        if size > MAX_RECORD_BYTES {
            return Err(RecordError::TooLarge {
                size,
                limit: MAX_RECORD_BYTES,
            });
        }
        // Read the tag first, so a newer kensa's record is named as such rather than failing
        // on the first field this kensa does not know.
        #[derive(Deserialize)]
        struct Tag {
            schema: Option<String>,
        }
        let json_error = |e: serde_json::Error| RecordError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let tag: Tag = serde_json::from_slice(bytes).map_err(json_error)?;
        match tag.schema.as_deref() {
            Some(SCHEMA) => {}
            other => return Err(RecordError::Schema(other.unwrap_or("").to_string())),
        }
        let record: Record = serde_json::from_slice(bytes).map_err(json_error)?;
        for e in &record.editions {
            if sha256_hex(e.yaml.as_bytes()) != e.sha256 {
                return Err(RecordError::EditionHash { id: e.id.clone() });
            }
        }
        Ok(record)
    }

    /// The record as compact JSON (the `record.json` of a bundle, `kensa record`): a 10,000-row
    /// 台帳 is most of it, and indentation would nearly double it (`jq .` shows it indented).
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn sheet(&self, id: i64) -> Result<&SheetRecord, RecordError> {
        self.sheets
            .iter()
            .find(|s| s.sheet.id == id)
            .ok_or(RecordError::NoSuchSheet { sheet: id })
    }

    pub fn vendor_contracts(&self) -> bool {
        self.facility.as_ref().is_some_and(|f| f.vendor_contracts)
    }

    /// The embedded edition with this id, parsed.
    pub fn embedded_edition(&self, id: &str) -> Option<Result<Edition, RecordError>> {
        let e = self.editions.iter().find(|e| e.id == id)?;
        Some(parse_embedded(e))
    }
}

fn parse_embedded(e: &EmbeddedEdition) -> Result<Edition, RecordError> {
    if sha256_hex(e.yaml.as_bytes()) != e.sha256 {
        return Err(RecordError::EditionHash { id: e.id.clone() });
    }
    let file = format!("record.json#editions/{}", e.id);
    let edition = parse_edition(&file, &e.yaml).map_err(|errors| RecordError::EditionInvalid {
        id: e.id.clone(),
        detail: errors
            .iter()
            .map(EditionError::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    if edition.id != e.id {
        return Err(RecordError::EditionInvalid {
            id: e.id.clone(),
            detail: format!("the text defines edition `{}`", edition.id),
        });
    }
    Ok(edition)
}

/// The editions a reader judges a record with, by id.
pub type Editions = BTreeMap<String, Edition>;

/// Parse every embedded edition; an edition a sheet uses that is not embedded is taken from
/// `fallback` (this kensa's own library) when it has one. A sheet whose edition is in neither
/// is left for the caller to report ([`Editions::get`] finds nothing).
pub fn editions_of(
    record: &Record,
    fallback: &dyn Fn(&str) -> Option<Edition>,
) -> Result<Editions, RecordError> {
    let mut out = Editions::new();
    for e in &record.editions {
        out.insert(e.id.clone(), parse_embedded(e)?);
    }
    for s in &record.sheets {
        let id = &s.sheet.edition_id;
        if !out.contains_key(id)
            && let Some(e) = fallback(id)
        {
            out.insert(id.clone(), e);
        }
    }
    Ok(out)
}

/// Apply the inspection rules to one sheet of a record: the verdict of `status`, the report
/// and the inspector.
pub fn assess_sheet(
    record: &Record,
    sheet: &SheetRecord,
    edition: &Edition,
    today: Date,
) -> Assessment {
    let a = assess_history(
        record.vendor_contracts(),
        &record.contacts,
        sheet,
        edition,
        today,
    );
    // A vendor's sheet is required only as far as its contract goes.
    match sheet
        .sheet
        .vendor
        .and_then(|id| record.vendors.iter().find(|v| v.id == id))
    {
        Some(v) => super::vendor::narrow_to_contract(a, v),
        None => a,
    }
}

/// The one function behind every verdict: a sheet's history in the record's shape and the
/// facts of the facility the rules need. The TUI, which keeps the open sheet in memory rather
/// than a whole record, calls this with the same shape.
pub fn assess_history(
    vendor_contracts: bool,
    contacts: &[Contact],
    sheet: &SheetRecord,
    edition: &Edition,
    today: Date,
) -> Assessment {
    assess(
        &Context {
            edition,
            fiscal_year: sheet.sheet.fiscal_year,
            vendor_contracts,
            today,
            contacts,
        },
        &sheet.model_checks(),
        &sheet.model_targets(),
    )
}

/// How `--sheet` names a sheet, and why a choice failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoiceError {
    Unknown,
    Ambiguous,
    NoSheet,
}

/// The sheet named by `wanted` (id, key such as `hospital-r7-2025`, or edition id when
/// unambiguous), else the facility's own form's sheet by [`default_sheet`], else any form's.
pub fn choose_sheet<'s>(
    sheets: &'s [Sheet],
    own_form: Option<Form>,
    wanted: Option<&str>,
    current_fy: i16,
) -> Result<&'s Sheet, SheetChoiceError> {
    if let Some(w) = wanted {
        let by_id = w.parse::<i64>().ok();
        let matches: Vec<&Sheet> = sheets
            .iter()
            .filter(|s| Some(s.id) == by_id || s.key() == w || s.edition_id == w)
            .collect();
        return match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(SheetChoiceError::Unknown),
            _ => Err(SheetChoiceError::Ambiguous),
        };
    }
    default_sheet(
        sheets.iter().filter(|s| Some(s.form) == own_form),
        current_fy,
    )
    .or_else(|| default_sheet(sheets, current_fy))
    .ok_or(SheetChoiceError::NoSheet)
}

/// The sheet to use when none is named: the current 年度's; failing that the latest earlier
/// year's (last year's sheet in April, before this year's is made); failing that the nearest
/// later year's. Among sheets of one year, the one made last. A sheet of a later year never
/// wins over this year's just because it is newer.
pub fn default_sheet<'s>(
    sheets: impl IntoIterator<Item = &'s Sheet>,
    current_fy: i16,
) -> Option<&'s Sheet> {
    sheets.into_iter().max_by_key(|s| {
        let fy = s.fiscal_year;
        let rank = match fy.cmp(&current_fy) {
            std::cmp::Ordering::Equal => (2, 0),
            std::cmp::Ordering::Less => (1, fy),
            std::cmp::Ordering::Greater => (0, -fy),
        };
        (rank, s.id)
    })
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    super::audit::lower_hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDITION: &str = include_str!("../../checklists/hospital-r7.yaml");

    fn record() -> Record {
        Record {
            schema: SCHEMA.into(),
            kensa_version: "0.1.0".into(),
            taken_at: "2025-06-01T00:00:00Z".into(),
            facility: None,
            sheets: vec![SheetRecord {
                sheet: Sheet {
                    id: 1,
                    edition_id: "hospital-r7".into(),
                    form: Form::Hospital,
                    fiscal_year: 2025,
                    carried_from: None,
                    created_at: "2025-06-01T00:00:00Z".into(),
                    vendor: None,
                },
                checks: vec![],
                targets: vec![],
            }],
            contacts: vec![],
            ledger: vec![],
            editions: vec![EmbeddedEdition::new("hospital-r7", EDITION)],
            audit_head: None,
            unmatched: vec![],
            observation_facts: vec![],
            vendors: vec![],
            vendor_requests: vec![],
            vendor_responses: vec![],
            disclosures: vec![],
            bcp: BcpData::default(),
        }
    }

    #[test]
    fn json_round_trip() {
        let r = record();
        assert_eq!(Record::from_json(r.to_json().as_bytes()), Ok(r));
    }

    #[test]
    fn refuses_other_schemas_unknown_fields_and_changed_editions() {
        let json = record().to_json();
        let other = json.replace(SCHEMA, "kensa.record/2");
        assert_eq!(
            Record::from_json(other.as_bytes()),
            Err(RecordError::Schema("kensa.record/2".into()))
        );
        assert!(matches!(
            Record::from_json(b"{\"schema\": 1}"),
            Err(RecordError::Json { .. })
        ));
        assert!(matches!(
            Record::from_json(b"[]"),
            Err(RecordError::Json { line: 1, .. })
        ));
        let extra = json.replacen("\"sheets\"", "\"recovery_plan\": [], \"sheets\"", 1);
        assert!(matches!(
            Record::from_json(extra.as_bytes()),
            Err(RecordError::Json { message, .. }) if message.contains("recovery_plan")
        ));
        let mut changed = record();
        changed.editions[0]
            .yaml
            .push_str("\n# changed after hashing\n");
        assert_eq!(
            Record::from_json(changed.to_json().as_bytes()),
            Err(RecordError::EditionHash {
                id: "hospital-r7".into()
            })
        );
    }

    #[test]
    fn editions_come_from_the_record_then_the_fallback() {
        let r = record();
        let eds = editions_of(&r, &|_| None).expect("embedded");
        assert_eq!(eds["hospital-r7"].id, "hospital-r7");
        let mut bare = record();
        bare.editions.clear();
        assert!(editions_of(&bare, &|_| None).expect("no error").is_empty());
        let from_library = editions_of(&bare, &|id| parse_edition(id, EDITION).ok());
        assert!(from_library.expect("library").contains_key("hospital-r7"));
        let mut renamed = record();
        renamed.editions[0].id = "hospital-r8".into();
        renamed.editions[0].sha256 = sha256_hex(renamed.editions[0].yaml.as_bytes());
        assert!(matches!(
            editions_of(&renamed, &|_| None),
            Err(RecordError::EditionInvalid { .. })
        ));
    }

    #[test]
    fn sheet_choice() {
        let s = |id, edition: &str, form, fy| Sheet {
            id,
            edition_id: edition.into(),
            form,
            fiscal_year: fy,
            carried_from: None,
            created_at: String::new(),
            vendor: None,
        };
        let sheets = vec![
            s(1, "hospital-r6", Form::Hospital, 2024),
            s(2, "hospital-r7", Form::Hospital, 2025),
            s(3, "vendor-r7", Form::Vendor, 2025),
        ];
        assert_eq!(
            choose_sheet(&sheets, Some(Form::Hospital), None, 2025).map(|s| s.id),
            Ok(2)
        );
        assert_eq!(
            choose_sheet(&sheets, Some(Form::Vendor), None, 2025).map(|s| s.id),
            Ok(3)
        );
        assert_eq!(
            choose_sheet(&sheets, None, Some("1"), 2025).map(|s| s.id),
            Ok(1)
        );
        assert_eq!(
            choose_sheet(&sheets, None, Some("hospital-r6-2024"), 2025).map(|s| s.id),
            Ok(1)
        );
        assert_eq!(
            choose_sheet(&sheets, None, Some("x"), 2025),
            Err(SheetChoiceError::Unknown)
        );
        assert_eq!(
            choose_sheet(&[], None, None, 2025),
            Err(SheetChoiceError::NoSheet)
        );
        // In 令和6年度 the default is that year's sheet, not the newer one.
        assert_eq!(
            choose_sheet(&sheets, Some(Form::Hospital), None, 2024).map(|s| s.id),
            Ok(1)
        );
    }
}
