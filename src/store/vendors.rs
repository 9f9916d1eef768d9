//! Vendors, their sheets, requests, imported responses and MDS/SDS. Every write is one user action
//! in one transaction and audited like the rest; vendors are marked removed, never deleted, and
//! requests, responses and disclosures are append-only.

use jiff::civil::Date;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{
    CarriedCheck, EvidenceFile, NewContact, Sheet, Store, StoreError, audit, date_col,
    fill_new_sheet, now, parse_col, sheet_from_row,
};
use crate::model::checklist::{Form, Scope};
use crate::model::limits::{self, Field};
use crate::model::vendor::exchange::ImportPlan;
use crate::model::vendor::{
    Disclosure, DisclosureFile, DisclosureKind, ExchangeFormat, Vendor, VendorRequest,
    VendorResponse,
};

/// A vendor as the officer gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewVendor {
    pub name: String,
    pub person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub systems: Vec<String>,
    pub contract_from: Option<Date>,
    pub contract_until: Option<Date>,
    pub remote_maintenance: bool,
    pub scopes: Vec<Scope>,
}

impl NewVendor {
    /// The fields of a stored vendor, to edit some of them.
    pub fn of(v: &Vendor) -> NewVendor {
        NewVendor {
            name: v.name.clone(),
            person: v.person.clone(),
            phone: v.phone.clone(),
            email: v.email.clone(),
            systems: v.systems.clone(),
            contract_from: v.contract_from,
            contract_until: v.contract_until,
            remote_maintenance: v.remote_maintenance,
            scopes: v.scopes.clone(),
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        limits::check(Field::VendorName, &self.name)?;
        for (f, v) in [
            (Field::ContactName, &self.person),
            (Field::ContactPhone, &self.phone),
            (Field::ContactEmail, &self.email),
        ] {
            if let Some(v) = v {
                limits::check(f, v)?;
            }
        }
        for s in &self.systems {
            limits::check(Field::ContactSystem, s)?;
        }
        if self.name.trim().is_empty() {
            return Err(VendorError::EmptyName.into());
        }
        if let (Some(f), Some(u)) = (self.contract_from, self.contract_until)
            && f > u
        {
            return Err(VendorError::ContractPeriod { from: f, until: u }.into());
        }
        Ok(())
    }
}

/// Which vendors [`Store::vendors`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorFilter {
    /// Listed ones only.
    Live,
    /// Removed ones too (the record).
    All,
}

/// A request just written, to be recorded.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub request_id: String,
    pub vendor_id: i64,
    pub sheet_id: i64,
    pub format: ExchangeFormat,
    pub file_name: String,
    pub sha256: String,
    pub sent_on: Date,
    pub due_on: Option<Date>,
}

/// Where an imported response came from.
#[derive(Debug, Clone)]
pub struct ResponseProvenance {
    /// The request's store id.
    pub request: i64,
    pub vendor_id: i64,
    pub format: ExchangeFormat,
    pub file_name: String,
    pub sha256: String,
    pub signer: Option<String>,
}

/// An MDS/SDS received.
#[derive(Debug, Clone)]
pub struct DisclosureInput {
    pub vendor_id: i64,
    pub product: String,
    pub kind: DisclosureKind,
    pub version: String,
    pub received_on: Date,
    pub no_count: u32,
    pub note: String,
    pub file: Option<EvidenceFile>,
}

/// What the store refuses about vendors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VendorError {
    #[error("a vendor named `{name}` is already listed")]
    NameTaken { name: String },
    #[error("the vendor's name is empty")]
    EmptyName,
    #[error("the contract starts ({from}) after it ends ({until})")]
    ContractPeriod { from: Date, until: Date },
    #[error("no listed vendor with id {id}")]
    NoSuchVendor { id: i64 },
    #[error("vendor {vendor} already has a sheet for {edition} in fiscal year {fiscal_year}")]
    SheetExists {
        vendor: i64,
        edition: String,
        fiscal_year: i16,
    },
    #[error("sheet {sheet} is not a 事業者確認用 without a vendor")]
    NotAttachable { sheet: i64 },
    #[error("no request {request}")]
    NoSuchRequest { request: i64 },
    #[error("the MDS/SDS product name is empty")]
    EmptyProduct,
    #[error("{count} いいえ is more than an MDS/SDS has items")]
    NoCount { count: u32 },
}

const VENDOR_COLUMNS: &str = "id, name, person, phone, email, systems, contract_from, contract_until, remote_maintenance, scopes, created_at, updated_at, removed_at";

fn json_list<T: serde::de::DeserializeOwned>(i: usize, s: &str) -> rusqlite::Result<Vec<T>> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<Date>> {
    r.get::<_, Option<String>>(i)?
        .map(|s| date_col(i, &s))
        .transpose()
}

fn vendor_from_row(r: &rusqlite::Row) -> rusqlite::Result<Vendor> {
    Ok(Vendor {
        id: r.get(0)?,
        name: r.get(1)?,
        person: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        systems: json_list(5, &r.get::<_, String>(5)?)?,
        contract_from: opt_date(r, 6)?,
        contract_until: opt_date(r, 7)?,
        remote_maintenance: r.get(8)?,
        scopes: json_list(9, &r.get::<_, String>(9)?)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        removed_at: r.get(12)?,
    })
}

/// Scopes as stored: the asset scopes only (general rows belong to every vendor), sorted.
fn scopes_json(scopes: &[Scope]) -> String {
    let mut s: Vec<Scope> = scopes
        .iter()
        .copied()
        .filter(|s| *s != Scope::General)
        .collect();
    s.sort();
    s.dedup();
    serde_json::to_string(&s).unwrap_or_else(|_| "[]".into())
}

fn systems_json(systems: &[String]) -> String {
    let clean: Vec<&str> = systems
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    serde_json::to_string(&clean).unwrap_or_else(|_| "[]".into())
}

fn live_vendor(tx: &Transaction, id: i64) -> Result<Vendor, StoreError> {
    tx.query_row(
        &format!("SELECT {VENDOR_COLUMNS} FROM vendors WHERE id = ?1 AND removed_at IS NULL"),
        [id],
        vendor_from_row,
    )
    .optional()?
    .ok_or_else(|| VendorError::NoSuchVendor { id }.into())
}

fn name_taken(tx: &Transaction, name: &str, except: i64) -> Result<(), StoreError> {
    let taken: bool = tx.query_row(
        "SELECT count(*) FROM vendors WHERE name = ?1 AND removed_at IS NULL AND id <> ?2",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        Err(VendorError::NameTaken {
            name: name.to_string(),
        }
        .into())
    } else {
        Ok(())
    }
}

const REQUEST_COLUMNS: &str = "id, request_id, vendor_id, sheet_id, format, file_name, sha256, sent_on, due_on, created_by, recorded_at";

fn request_from_row(r: &rusqlite::Row) -> rusqlite::Result<VendorRequest> {
    Ok(VendorRequest {
        id: r.get(0)?,
        request_id: r.get(1)?,
        vendor_id: r.get(2)?,
        sheet_id: r.get(3)?,
        format: parse_col(r, 4, ExchangeFormat::parse)?,
        file_name: r.get(5)?,
        sha256: r.get(6)?,
        sent_on: date_col(7, &r.get::<_, String>(7)?)?,
        due_on: opt_date(r, 8)?,
        created_by: r.get(9)?,
        recorded_at: r.get(10)?,
    })
}

fn range(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<(i64, i64)>> {
    Ok(
        match (r.get::<_, Option<i64>>(i)?, r.get::<_, Option<i64>>(i + 1)?) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        },
    )
}

impl Store {
    /// Vendors by id.
    pub fn vendors(&self, filter: VendorFilter) -> Result<Vec<Vendor>, StoreError> {
        let filter = match filter {
            VendorFilter::Live => "WHERE removed_at IS NULL",
            VendorFilter::All => "",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {VENDOR_COLUMNS} FROM vendors {filter} ORDER BY id"
        ))?;
        let rows = stmt.query_map([], vendor_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Add a vendor; returns its id.
    pub fn add_vendor(&mut self, v: &NewVendor, actor: &str) -> Result<i64, StoreError> {
        v.check()?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        name_taken(&tx, v.name.trim(), 0)?;
        tx.execute(
            "INSERT INTO vendors (name, person, phone, email, systems, contract_from, contract_until,
                                  remote_maintenance, scopes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                v.name.trim(),
                v.person,
                v.phone,
                v.email,
                systems_json(&v.systems),
                v.contract_from.map(|d| d.to_string()),
                v.contract_until.map(|d| d.to_string()),
                v.remote_maintenance,
                scopes_json(&v.scopes),
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "create", "vendors", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replace a listed vendor's fields.
    pub fn edit_vendor(&mut self, id: i64, v: &NewVendor, actor: &str) -> Result<(), StoreError> {
        v.check()?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, id)?;
        name_taken(&tx, v.name.trim(), id)?;
        tx.execute(
            "UPDATE vendors SET name = ?1, person = ?2, phone = ?3, email = ?4, systems = ?5,
                    contract_from = ?6, contract_until = ?7, remote_maintenance = ?8, scopes = ?9,
                    updated_at = ?10
             WHERE id = ?11",
            params![
                v.name.trim(),
                v.person,
                v.phone,
                v.email,
                systems_json(&v.systems),
                v.contract_from.map(|d| d.to_string()),
                v.contract_until.map(|d| d.to_string()),
                v.remote_maintenance,
                scopes_json(&v.scopes),
                at,
                id
            ],
        )?;
        audit::record(&tx, &at, actor, "update", "vendors", id)?;
        tx.commit()?;
        Ok(())
    }

    /// Take a vendor off the list (its contract ended); its sheets and history stay.
    pub fn remove_vendor(&mut self, id: i64, actor: &str) -> Result<Vendor, StoreError> {
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        let v = live_vendor(&tx, id)?;
        tx.execute(
            "UPDATE vendors SET removed_at = ?1, updated_at = ?1 WHERE id = ?2",
            params![at, id],
        )?;
        audit::record(&tx, &at, actor, "remove", "vendors", id)?;
        tx.commit()?;
        Ok(v)
    }

    /// Start a vendor's 事業者確認用 for an edition and 年度, with answers carried from its sheet
    /// of an earlier year.
    pub fn create_vendor_sheet(
        &mut self,
        edition_id: &str,
        fiscal_year: i16,
        vendor_id: i64,
        carried_from: Option<i64>,
        carried: &[CarriedCheck],
        actor: &str,
    ) -> Result<Sheet, StoreError> {
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, vendor_id)?;
        let exists: bool = tx.query_row(
            "SELECT count(*) FROM sheets WHERE edition_id = ?1 AND fiscal_year = ?2 AND vendor_id = ?3",
            params![edition_id, fiscal_year, vendor_id],
            |r| r.get(0),
        )?;
        if exists {
            return Err(VendorError::SheetExists {
                vendor: vendor_id,
                edition: edition_id.to_string(),
                fiscal_year,
            }
            .into());
        }
        tx.execute(
            "INSERT INTO sheets (edition_id, form, fiscal_year, carried_from, created_at, vendor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                edition_id,
                Form::Vendor.as_str(),
                fiscal_year,
                carried_from,
                at,
                vendor_id
            ],
        )?;
        let sheet = fill_new_sheet(&tx, carried, actor, &at)?;
        tx.commit()?;
        Ok(sheet)
    }

    /// Attach a 事業者確認用 made before kensa knew vendors to the vendor it is for.
    pub fn attach_sheet(
        &mut self,
        sheet_id: i64,
        vendor_id: i64,
        actor: &str,
    ) -> Result<Sheet, StoreError> {
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, vendor_id)?;
        let sheet = tx
            .query_row(
                "SELECT id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id FROM sheets WHERE id = ?1",
                [sheet_id],
                sheet_from_row,
            )
            .optional()?
            .filter(|s| s.form == Form::Vendor && s.vendor.is_none())
            .ok_or(VendorError::NotAttachable { sheet: sheet_id })?;
        let exists: bool = tx.query_row(
            "SELECT count(*) FROM sheets WHERE edition_id = ?1 AND fiscal_year = ?2 AND vendor_id = ?3",
            params![sheet.edition_id, sheet.fiscal_year, vendor_id],
            |r| r.get(0),
        )?;
        if exists {
            return Err(VendorError::SheetExists {
                vendor: vendor_id,
                edition: sheet.edition_id,
                fiscal_year: sheet.fiscal_year,
            }
            .into());
        }
        tx.execute(
            "UPDATE sheets SET vendor_id = ?1 WHERE id = ?2",
            params![vendor_id, sheet_id],
        )?;
        audit::record(&tx, &at, actor, "attach", "sheets", sheet_id)?;
        let sheet = tx.query_row(
            "SELECT id, edition_id, form, fiscal_year, carried_from, created_at, vendor_id FROM sheets WHERE id = ?1",
            [sheet_id],
            sheet_from_row,
        )?;
        tx.commit()?;
        Ok(sheet)
    }

    /// Add a 連絡体制 entry that stands for a listed vendor.
    pub fn add_vendor_contact(
        &mut self,
        c: &NewContact,
        vendor_id: i64,
        actor: &str,
    ) -> Result<i64, StoreError> {
        limits::check_contact(
            &c.name,
            c.org.as_deref(),
            c.system.as_deref(),
            c.phone.as_deref(),
            c.email.as_deref(),
        )?;
        limits::check(Field::Actor, actor)?;
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, vendor_id)?;
        tx.execute(
            "INSERT INTO contacts (role, name, org, system, phone, email, escalation_order, created_at, vendor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                c.role.as_str(),
                c.name,
                c.org,
                c.system,
                c.phone,
                c.email,
                c.order,
                at,
                vendor_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "create", "contacts", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Record a request just written.
    pub fn record_request(&mut self, r: &NewRequest, actor: &str) -> Result<i64, StoreError> {
        limits::check(Field::Actor, actor)?;
        limits::check(Field::EvidenceName, &r.file_name)?;
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, r.vendor_id)?;
        tx.execute(
            "INSERT INTO vendor_requests (request_id, vendor_id, sheet_id, format, file_name, sha256,
                                          sent_on, due_on, created_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                r.request_id,
                r.vendor_id,
                r.sheet_id,
                r.format.as_str(),
                r.file_name,
                r.sha256,
                r.sent_on.to_string(),
                r.due_on.map(|d| d.to_string()),
                actor,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "request", "vendor_requests", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every request, oldest first.
    pub fn vendor_requests(&self) -> Result<Vec<VendorRequest>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {REQUEST_COLUMNS} FROM vendor_requests ORDER BY id"
        ))?;
        let rows = stmt.query_map([], request_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mark each check with the vendor response it came in with (`CheckRecord::response`).
    pub(crate) fn mark_responses(
        &self,
        checks: &mut [crate::model::record::CheckRecord],
    ) -> Result<(), StoreError> {
        let ranges: Vec<(i64, i64, i64)> = self
            .conn
            .prepare(
                "SELECT id, first_check, last_check FROM vendor_responses
                 WHERE first_check IS NOT NULL ORDER BY id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        if ranges.is_empty() {
            return Ok(());
        }
        for c in checks.iter_mut() {
            c.response = ranges
                .iter()
                .find(|(_, a, b)| (*a..=*b).contains(&c.id))
                .map(|(id, _, _)| *id);
        }
        Ok(())
    }

    /// Every imported response, oldest first.
    pub fn vendor_responses(&self) -> Result<Vec<VendorResponse>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, vendor_id, sheet_id, format, file_name, sha256, signer,
                    first_check, last_check, first_target, last_target, imported_by, recorded_at
             FROM vendor_responses ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(VendorResponse {
                id: r.get(0)?,
                request: r.get(1)?,
                vendor_id: r.get(2)?,
                sheet_id: r.get(3)?,
                format: parse_col(r, 4, ExchangeFormat::parse)?,
                file_name: r.get(5)?,
                sha256: r.get(6)?,
                signer: r.get(7)?,
                checks: range(r, 8)?,
                targets: range(r, 10)?,
                imported_by: r.get(12)?,
                recorded_at: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Store an import plan: its checks and 目標日, then the response row naming them, all in one
    /// transaction (nothing is stored if any part fails).
    pub fn import_response(
        &mut self,
        sheet_id: i64,
        plan: &ImportPlan,
        p: &ResponseProvenance,
        actor: &str,
    ) -> Result<i64, StoreError> {
        limits::check(Field::Actor, actor)?;
        limits::check(Field::EvidenceName, &p.file_name)?;
        for c in &plan.checks {
            limits::check(Field::Note, &c.note)?;
        }
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, p.vendor_id)?;
        let known: bool = tx.query_row(
            "SELECT count(*) FROM vendor_requests WHERE id = ?1 AND vendor_id = ?2 AND sheet_id = ?3",
            params![p.request, p.vendor_id, sheet_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(VendorError::NoSuchRequest { request: p.request }.into());
        }
        let mut checks: Option<(i64, i64)> = None;
        for c in &plan.checks {
            tx.execute(
                "INSERT INTO checks (sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
                params![
                    sheet_id,
                    c.item,
                    c.scope.as_str(),
                    c.answer.as_str(),
                    c.date.to_string(),
                    actor,
                    c.note,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(&tx, &at, actor, "import", "checks", id)?;
            checks = Some((checks.map_or(id, |(a, _)| a), id));
        }
        let mut targets: Option<(i64, i64)> = None;
        for t in &plan.targets {
            tx.execute(
                "INSERT INTO targets (sheet_id, item, scope, target_on, set_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    sheet_id,
                    t.item,
                    t.scope.as_str(),
                    t.date.to_string(),
                    actor,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(&tx, &at, actor, "import", "targets", id)?;
            targets = Some((targets.map_or(id, |(a, _)| a), id));
        }
        // The ids are contiguous: rows are appended one after another inside this transaction,
        // which holds the write lock (IMMEDIATE), and checks/targets are never deleted, so
        // SQLite's next rowid is always the previous one plus one here.
        tx.execute(
            "INSERT INTO vendor_responses (request_id, vendor_id, sheet_id, format, file_name, sha256,
                   signer, first_check, last_check, first_target, last_target, imported_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                p.request,
                p.vendor_id,
                sheet_id,
                p.format.as_str(),
                p.file_name,
                p.sha256,
                p.signer,
                checks.map(|c| c.0),
                checks.map(|c| c.1),
                targets.map(|t| t.0),
                targets.map(|t| t.1),
                actor,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "import", "vendor_responses", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Record an MDS/SDS received, with its file kept like evidence.
    pub fn add_disclosure(&mut self, d: &DisclosureInput, actor: &str) -> Result<i64, StoreError> {
        limits::check(Field::Actor, actor)?;
        limits::check(Field::DisclosureProduct, &d.product)?;
        limits::check(Field::DisclosureProduct, &d.version)?;
        limits::check(Field::Note, &d.note)?;
        if let Some(f) = &d.file {
            limits::check(Field::EvidenceName, &f.name)?;
        }
        if d.product.trim().is_empty() {
            return Err(VendorError::EmptyProduct.into());
        }
        if d.no_count > 999 {
            return Err(VendorError::NoCount { count: d.no_count }.into());
        }
        let at = now();
        let tx = self.tx()?;
        live_vendor(&tx, d.vendor_id)?;
        let file = d.file.as_ref();
        tx.execute(
            "INSERT INTO disclosures (vendor_id, product, kind, version, received_on, no_count, note,
                                      file_name, size, sha256, content, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                d.vendor_id,
                d.product.trim(),
                d.kind.as_str(),
                d.version,
                d.received_on.to_string(),
                d.no_count,
                d.note,
                file.map(|f| f.name.clone()),
                file.map(|f| f.content.len() as i64),
                file.map(|f| audit::sha256_hex(&f.content)),
                file.map(|f| f.content.clone()),
                actor,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(&tx, &at, actor, "create", "disclosures", id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every MDS/SDS received, oldest first (files as name, size and SHA-256).
    pub fn disclosures(&self) -> Result<Vec<Disclosure>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, vendor_id, product, kind, version, received_on, no_count, note,
                    file_name, size, sha256, recorded_by, recorded_at
             FROM disclosures ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let file = match (
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<i64>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ) {
                (Some(name), Some(size), Some(sha256)) => {
                    Some(DisclosureFile { name, size, sha256 })
                }
                _ => None,
            };
            Ok(Disclosure {
                id: r.get(0)?,
                vendor_id: r.get(1)?,
                product: r.get(2)?,
                kind: parse_col(r, 3, DisclosureKind::parse)?,
                version: r.get(4)?,
                received_on: date_col(5, &r.get::<_, String>(5)?)?,
                no_count: r.get(6)?,
                note: r.get(7)?,
                file,
                recorded_by: r.get(11)?,
                recorded_at: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Content of a stored MDS/SDS file.
    pub fn disclosure_content(&self, id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT content FROM disclosures WHERE id = ?1 AND content IS NOT NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::answer::Answer;
    use crate::model::contacts::Role;
    use crate::model::vendor::exchange::{PlannedCheck, PlannedTarget};
    use jiff::civil::date;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("k.db")).unwrap();
        (dir, s)
    }

    fn new_vendor(name: &str) -> NewVendor {
        NewVendor {
            name: name.into(),
            person: Some("佐藤".into()),
            phone: Some("03-1111-2222".into()),
            email: None,
            systems: vec!["電子カルテ".into(), " ".into()],
            contract_from: Some(date(2024, 4, 1)),
            contract_until: None,
            remote_maintenance: true,
            scopes: vec![Scope::Network, Scope::Server, Scope::General, Scope::Server],
        }
    }

    fn clean(s: &Store) {
        let r = s.audit_verify().unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    /// A database of schema 4 with the one vendor sheet it allowed: the sheets table is rebuilt,
    /// every row and its history kept, the audit log re-hashed, and the old sheet can be attached.
    #[test]
    fn a_schema_4_database_is_migrated_and_its_vendor_sheet_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            super::super::migrations().to_version(&mut conn, 4).unwrap();
            conn.pragma_update(None, "application_id", super::super::APPLICATION_ID)
                .unwrap();
            let tx = conn.transaction().unwrap();
            let sheet_cols = "id, edition_id, form, fiscal_year, carried_from, created_at";
            for (sql, entity, cols) in [
                (
                    "INSERT INTO sheets VALUES (1, 'hospital-r7', 'hospital', 2025, NULL, 'x')",
                    "sheets",
                    sheet_cols,
                ),
                (
                    "INSERT INTO sheets VALUES (2, 'vendor-r7', 'vendor', 2025, NULL, 'x')",
                    "sheets",
                    sheet_cols,
                ),
                (
                    "INSERT INTO checks VALUES (1, 2, '2-10', 'server', 'no', '2025-06-01', 't', '', NULL, 'x')",
                    "checks",
                    "id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at",
                ),
                (
                    "INSERT INTO targets VALUES (1, 2, '2-10', 'server', '2026-03-31', 't', 'x')",
                    "targets",
                    "id, sheet_id, item, scope, target_on, set_by, recorded_at",
                ),
                (
                    "INSERT INTO contacts VALUES (1, 'vendor', '保守窓口', 'A社', '電子カルテ', NULL, NULL, 5, 'x', NULL)",
                    "contacts",
                    "id, role, name, org, system, phone, email, escalation_order, created_at, removed_at",
                ),
            ] {
                tx.execute(sql, []).unwrap();
                let id: i64 = tx
                    .query_row("SELECT last_insert_rowid()", [], |r| r.get(0))
                    .unwrap();
                super::super::audit::record_as_of(&tx, entity, id, cols).unwrap();
            }
            tx.commit().unwrap();
        }
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.schema_problems(), &[]);
        let sheets = s.sheets().unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[1].key(), "vendor-r7-2025");
        assert_eq!(sheets[1].vendor, None);
        assert_eq!(s.checks(2).unwrap()[0].answer, Answer::No);
        assert_eq!(s.targets(2).unwrap().len(), 1);
        assert_eq!(s.contacts().unwrap()[0].vendor, None);
        let r = s.audit_verify().unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        // 5 records written by schema 4, then the re-hash of 2 sheets and 1 contact.
        assert_eq!(r.records, 8);
        let fk: i64 = s
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
        let fk_on: i64 = s
            .conn
            .query_row("SELECT foreign_keys FROM pragma_foreign_keys", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_on, 1);
        let a = s.add_vendor(&new_vendor("A社"), "t").unwrap();
        assert_eq!(
            s.attach_sheet(2, a, "t").unwrap().key(),
            format!("vendor-r7-2025-v{a}")
        );
        clean(&s);
    }

    #[test]
    fn vendors_are_added_edited_removed_and_audited() {
        let (_d, mut s) = store();
        let a = s.add_vendor(&new_vendor("A社"), "t").unwrap();
        let list = s.vendors(VendorFilter::Live).unwrap();
        assert_eq!(list[0].systems, vec!["電子カルテ".to_string()]);
        assert_eq!(list[0].scopes, vec![Scope::Server, Scope::Network]);
        assert!(matches!(
            s.add_vendor(&new_vendor("A社"), "t"),
            Err(StoreError::Vendor(VendorError::NameTaken { .. }))
        ));
        let mut edit = NewVendor::of(&list[0]);
        edit.phone = None;
        s.edit_vendor(a, &edit, "t").unwrap();
        assert_eq!(s.vendors(VendorFilter::All).unwrap()[0].phone, None);
        let mut bad = edit.clone();
        bad.contract_until = Some(date(2024, 3, 1));
        assert!(matches!(
            s.edit_vendor(a, &bad, "t"),
            Err(StoreError::Vendor(VendorError::ContractPeriod { .. }))
        ));
        s.remove_vendor(a, "t").unwrap();
        assert!(s.vendors(VendorFilter::Live).unwrap().is_empty());
        assert_eq!(s.vendors(VendorFilter::All).unwrap().len(), 1);
        assert!(matches!(
            s.edit_vendor(a, &edit, "t"),
            Err(StoreError::Vendor(VendorError::NoSuchVendor { .. }))
        ));
        // The name is free again once the vendor is removed.
        s.add_vendor(&new_vendor("A社"), "t").unwrap();
        clean(&s);
        assert!(s.conn.execute("DELETE FROM vendors", []).is_err());
        assert!(
            s.conn
                .execute("UPDATE vendors SET name = 'x' WHERE id = ?1", [a])
                .is_err()
        );
    }

    #[test]
    fn one_sheet_per_vendor_per_year_and_old_sheets_are_attached_once() {
        let (_d, mut s) = store();
        let a = s.add_vendor(&new_vendor("A社"), "t").unwrap();
        let b = s.add_vendor(&new_vendor("B社"), "t").unwrap();
        let sa = s
            .create_vendor_sheet("vendor-r7", 2025, a, None, &[], "t")
            .unwrap();
        assert_eq!(sa.key(), format!("vendor-r7-2025-v{a}"));
        s.create_vendor_sheet("vendor-r7", 2025, b, None, &[], "t")
            .unwrap();
        assert!(matches!(
            s.create_vendor_sheet("vendor-r7", 2025, a, None, &[], "t"),
            Err(StoreError::Vendor(VendorError::SheetExists { .. }))
        ));
        // The old way: one vendor sheet without a vendor, still unique per edition and year.
        let old = s
            .create_sheet("vendor-r7", Form::Vendor, 2025, None, &[], "t")
            .unwrap();
        assert!(
            s.create_sheet("vendor-r7", Form::Vendor, 2025, None, &[], "t")
                .is_err()
        );
        assert!(matches!(
            s.attach_sheet(old.id, a, "t"),
            Err(StoreError::Vendor(VendorError::SheetExists { .. }))
        ));
        let c = s.add_vendor(&new_vendor("C社"), "t").unwrap();
        let attached = s.attach_sheet(old.id, c, "t").unwrap();
        assert_eq!(attached.vendor, Some(c));
        assert!(matches!(
            s.attach_sheet(old.id, b, "t"),
            Err(StoreError::Vendor(VendorError::NotAttachable { .. }))
        ));
        clean(&s);
        // Through SQL: no re-attaching, no deleting.
        assert!(
            s.conn
                .execute(
                    "UPDATE sheets SET vendor_id = ?1 WHERE id = ?2",
                    [b, old.id]
                )
                .is_err()
        );
        assert!(s.conn.execute("DELETE FROM sheets", []).is_err());
        // A facility's own sheet never gets a vendor.
        let own = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        assert!(
            s.conn
                .execute(
                    "UPDATE sheets SET vendor_id = ?1 WHERE id = ?2",
                    [a, own.id]
                )
                .is_err()
        );
    }

    #[test]
    fn an_import_stores_checks_targets_and_provenance_in_one_action() {
        let (_d, mut s) = store();
        let a = s.add_vendor(&new_vendor("A社"), "t").unwrap();
        let sheet = s
            .create_vendor_sheet("vendor-r7", 2025, a, None, &[], "t")
            .unwrap();
        // Something before, so the ranges do not start at 1.
        let own = s
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        s.record_answer(
            own.id,
            &crate::store::NewCheck {
                item: "1-1".into(),
                scope: Scope::General,
                answer: Answer::Yes,
                checked_on: date(2025, 6, 1),
                note: String::new(),
            },
            None,
            &[],
            "t",
        )
        .unwrap();
        let q = s
            .record_request(
                &NewRequest {
                    request_id: "a".repeat(32),
                    vendor_id: a,
                    sheet_id: sheet.id,
                    format: ExchangeFormat::Xlsx,
                    file_name: "依頼.xlsx".into(),
                    sha256: "0".repeat(64),
                    sent_on: date(2025, 6, 1),
                    due_on: Some(date(2025, 7, 31)),
                },
                "t",
            )
            .unwrap();
        let plan = ImportPlan {
            checks: vec![
                PlannedCheck {
                    item: "2-10".into(),
                    scope: Scope::Server,
                    answer: Answer::No,
                    date: date(2025, 6, 10),
                    note: "更新予定".into(),
                },
                PlannedCheck {
                    item: "1-1".into(),
                    scope: Scope::General,
                    answer: Answer::Yes,
                    date: date(2025, 6, 10),
                    note: String::new(),
                },
            ],
            targets: vec![PlannedTarget {
                item: "2-10".into(),
                scope: Scope::Server,
                date: date(2026, 3, 31),
            }],
            ..ImportPlan::default()
        };
        let prov = ResponseProvenance {
            request: q,
            vendor_id: a,
            format: ExchangeFormat::Xlsx,
            file_name: "回答.xlsx".into(),
            sha256: "1".repeat(64),
            signer: None,
        };
        let id = s.import_response(sheet.id, &plan, &prov, "t").unwrap();
        let r = &s.vendor_responses().unwrap()[0];
        assert_eq!(r.id, id);
        let checks = s.checks(sheet.id).unwrap();
        assert_eq!(r.checks, Some((checks[0].id, checks[1].id)));
        assert_eq!(checks[1].id, checks[0].id + 1);
        assert!(r.targets.is_some());
        // The record carries the provenance on each check.
        let record = s.record(&|_| None).unwrap();
        let vs = record.sheet(sheet.id).unwrap();
        assert!(vs.checks.iter().all(|c| c.response == Some(id)));
        assert!(
            record
                .sheet(own.id)
                .unwrap()
                .checks
                .iter()
                .all(|c| c.response.is_none())
        );
        assert_eq!(record.vendor_requests.len(), 1);
        // The vendors' facts survive the record file.
        let back = crate::model::record::Record::from_json(record.to_json().as_bytes()).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.vendors[0].name, "A社");
        // A request of another vendor or sheet is refused, nothing stored.
        let before = s.checks(sheet.id).unwrap().len();
        let mut wrong = prov.clone();
        wrong.request = q + 1;
        assert!(matches!(
            s.import_response(sheet.id, &plan, &wrong, "t"),
            Err(StoreError::Vendor(VendorError::NoSuchRequest { .. }))
        ));
        assert_eq!(s.checks(sheet.id).unwrap().len(), before);
        clean(&s);
    }

    #[test]
    fn disclosures_and_vendor_contacts() {
        let (_d, mut s) = store();
        let a = s.add_vendor(&new_vendor("A社"), "t").unwrap();
        let id = s
            .add_disclosure(
                &DisclosureInput {
                    vendor_id: a,
                    product: "電子カルテX".into(),
                    kind: DisclosureKind::Sds,
                    version: "5.0".into(),
                    received_on: date(2025, 5, 1),
                    no_count: 2,
                    note: String::new(),
                    file: Some(EvidenceFile {
                        name: "SDS.xlsx".into(),
                        content: b"sds".to_vec(),
                    }),
                },
                "t",
            )
            .unwrap();
        let d = &s.disclosures().unwrap()[0];
        assert_eq!(d.no_count, 2);
        assert_eq!(d.file.as_ref().unwrap().size, 3);
        assert_eq!(s.disclosure_content(id).unwrap().unwrap(), b"sds");
        let c = s
            .add_vendor_contact(
                &NewContact {
                    role: Role::Vendor,
                    name: "保守窓口".into(),
                    org: Some("A社".into()),
                    system: None,
                    phone: None,
                    email: None,
                    order: 5,
                },
                a,
                "t",
            )
            .unwrap();
        let contacts = s.contacts().unwrap();
        assert_eq!(contacts[0].id, c);
        assert_eq!(contacts[0].vendor, Some(a));
        clean(&s);
        assert!(s.conn.execute("DELETE FROM disclosures", []).is_err());
        assert!(
            s.conn
                .execute("UPDATE contacts SET vendor_id = NULL", [])
                .is_err()
        );
    }
}
