//! Opening one bundle for the inspector: verified with `bundle::reader` (nothing is read back
//! from a bundle that is not exactly as signed), its record parsed strictly, the sheet it was
//! made for found, the edition chosen (the inspector's own copy before the facility's), and
//! its key looked up in the inspector's keys. Every way this can fail is a [`Refused`] with a
//! reason and a message naming the file, never a panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::bundle::manifest::Manifest;
use crate::bundle::reader::{Problem, ReadError, verify};
use crate::bundle::{EDITIONS_DIR, RECORD};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::audit::AuditLog;
use crate::model::checklist::{Edition, Form};
use crate::model::inspection::{
    EditionUse, InspectInput, Inspection, OfficialEdition, PreviousInput, bundle_sheet,
    choose_edition, inspect,
};
use crate::model::keyring::{KeyStatus, Keyring};
use crate::model::record::{Editions, Record, RecordError};
use crate::text::bundle::{problem_message, read_error};
use crate::text::safe::safe_path;
use crate::tr;

/// Why a file was not taken into the inspection or the roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A file of 0 bytes.
    Empty,
    /// A named pipe, socket or device where a file belongs.
    SpecialFile,
    /// A link that leads back to itself or to a folder already being read.
    SymlinkLoop,
    /// The operating system would not let kensa read it.
    Unreadable,
    /// Not a kensa bundle at all.
    NotKensa,
    /// A bundle cut short.
    Truncated,
    /// A bundle changed after it was signed, or not as kensa writes them.
    Tampered,
    /// Made by a newer kensa (a later manifest or record schema).
    NewerSchema,
    /// A bundle from before kensa put the facility record in (no `record.json`).
    NoRecord,
    /// The record is signed but cannot be used (no facility profile, an edition that does
    /// not read, the sheet missing).
    RecordInvalid,
    /// 未登録の鍵: the facility has no trusted key.
    UnknownKey,
    /// The facility is known with another key.
    OtherKey,
    /// The key was revoked.
    RevokedKey,
    /// The record gives no 医療機関コード, so its key cannot be matched to a facility.
    NoInstitutionCode,
}

/// A file refused, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub path: String,
    pub reason: Reason,
    /// In the user's language, naming the file.
    pub message: String,
    /// The signing key, when the bundle could be read that far (to confirm by phone).
    pub fingerprint: Option<String>,
    /// The facility the record names, when it could be read that far.
    pub facility: Option<String>,
}

impl Refused {
    pub fn new(path: &Path, reason: Reason, message: String) -> Refused {
        Refused {
            path: path.display().to_string(),
            reason,
            message,
            fingerprint: None,
            facility: None,
        }
    }
}

/// A bundle that verified, with what the inspector reads from it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub path: PathBuf,
    pub manifest: Manifest,
    pub fingerprint: String,
    pub key: KeyStatus,
    pub record: Record,
    pub audit: Option<AuditLog>,
    /// SHA-256 of every evidence member, as signed.
    pub evidence: BTreeSet<String>,
    /// The sheet the bundle was made for.
    pub sheet_id: i64,
    /// The edition it is judged with.
    pub edition: Edition,
    pub edition_use: EditionUse,
    /// The editions of the record's vendor sheets, for the vendor rules: the inspector's copy
    /// where it has one, else the embedded one (empty without vendor facts).
    pub vendor_editions: Editions,
    /// The bundle's size in bytes.
    pub bytes: u64,
}

impl Opened {
    pub fn institution_code(&self) -> Option<&str> {
        self.record
            .facility
            .as_ref()
            .and_then(|f| f.institution_code.as_deref())
    }

    pub fn facility_name(&self) -> &str {
        self.record
            .facility
            .as_ref()
            .map_or("", |f| f.name.as_str())
    }

    /// The refusal for a key that is not trusted here, if it is not.
    pub fn key_refusal(&self, lang: Lang) -> Option<Refused> {
        let path = safe_path(&self.path);
        let fp = &self.fingerprint;
        let code = self.institution_code().unwrap_or("");
        let (reason, message) = match &self.key {
            KeyStatus::Trusted => return None,
            KeyStatus::Unknown { .. } => (
                Reason::UnknownKey,
                tr!(
                    lang,
                    "inspect.refused.unknown_key",
                    path = path,
                    fingerprint = fp,
                    code = code
                ),
            ),
            KeyStatus::OtherKey { trusted } => (
                Reason::OtherKey,
                tr!(
                    lang,
                    "inspect.refused.other_key",
                    path = path,
                    fingerprint = fp,
                    code = code,
                    trusted = trusted.join(", ")
                ),
            ),
            KeyStatus::Revoked { revoked_at } => (
                Reason::RevokedKey,
                tr!(
                    lang,
                    "inspect.refused.revoked_key",
                    path = path,
                    fingerprint = fp,
                    at = revoked_at
                ),
            ),
            KeyStatus::NoInstitutionCode => (
                Reason::NoInstitutionCode,
                tr!(
                    lang,
                    "inspect.refused.no_code",
                    path = path,
                    fingerprint = fp
                ),
            ),
        };
        Some(Refused {
            fingerprint: Some(fp.clone()),
            facility: Some(self.facility_label()),
            ..Refused::new(&self.path, reason, message)
        })
    }

    /// `名前（医療機関コード）` for messages.
    pub fn facility_label(&self) -> String {
        match self.institution_code() {
            Some(c) => format!("{}（{c}）", self.facility_name()),
            None => self.facility_name().to_string(),
        }
    }

    pub fn sheet(&self) -> Option<&crate::model::record::SheetRecord> {
        self.record.sheet(self.sheet_id).ok()
    }
}

/// What opening a bundle needs besides the file.
pub struct OpenContext<'a> {
    pub lang: Lang,
    pub keyring: &'a Keyring,
    pub library: &'a Library,
}

/// Whether `schema` is a later version of `family` (`kensa.record/2` for `kensa.record/`).
fn newer(schema: &str, family: &str) -> bool {
    schema
        .strip_prefix(family)
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| v > 1)
}

/// Classify a file that could not be read as a bundle at all.
fn read_refusal(lang: Lang, path: &Path, e: &ReadError) -> Refused {
    let message = read_error(lang, e);
    let reason = match e {
        ReadError::Io { source, .. } => {
            if crate::fsio::not_regular(source).is_some() {
                Reason::SpecialFile
            } else if is_loop(source) {
                Reason::SymlinkLoop
            } else {
                Reason::Unreadable
            }
        }
        // The first header is not a tar header, or the first member is not a manifest: some
        // other file.
        ReadError::Damaged { member, .. } if member == "#1" => Reason::NotKensa,
        ReadError::Misplaced { position: 1, .. } | ReadError::Missing { .. } => Reason::NotKensa,
        ReadError::Damaged { .. } => Reason::Truncated,
        ReadError::UnsafeName { .. }
        | ReadError::Duplicate { .. }
        | ReadError::Oversized { .. }
        | ReadError::UnsafeHeader { .. }
        | ReadError::NotRegular { .. }
        | ReadError::TooManyMembers { .. }
        | ReadError::Misplaced { .. } => Reason::Tampered,
    };
    Refused::new(path, reason, message)
}

/// "Too many levels of symbolic links" (ELOOP), which std does not name portably.
pub fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        // Windows reports a reparse-point loop as ERROR_CANT_RESOLVE_FILENAME (1921).
        e.raw_os_error() == Some(1921)
    }
}

/// Look at what is at `path` before reading it: a loop of links, a special file, an empty file.
pub fn precheck(lang: Lang, path: &Path) -> Result<u64, Refused> {
    let shown = safe_path(path);
    match std::fs::metadata(path) {
        Err(e) if is_loop(&e) => Err(Refused::new(
            path,
            Reason::SymlinkLoop,
            tr!(lang, "inspect.refused.symlink_loop", path = shown),
        )),
        Err(e) => Err(Refused::new(
            path,
            Reason::Unreadable,
            tr!(
                lang,
                "store.io",
                path = shown,
                detail = crate::text::io_detail(lang, &e)
            ),
        )),
        Ok(m) if !m.is_file() => {
            let kind = crate::fsio::FileKind::of(m.file_type());
            Err(Refused::new(
                path,
                if kind == crate::fsio::FileKind::Directory {
                    Reason::Unreadable
                } else {
                    Reason::SpecialFile
                },
                tr!(
                    lang,
                    "store.io",
                    path = shown,
                    detail = tr!(
                        lang,
                        "fsio.not_regular",
                        kind = crate::text::file_kind_label(lang, kind)
                    )
                ),
            ))
        }
        Ok(m) if m.len() == 0 => Err(Refused::new(
            path,
            Reason::Empty,
            tr!(lang, "inspect.refused.empty", path = shown),
        )),
        Ok(m) => Ok(m.len()),
    }
}

/// Verify and open the bundle at `path`. The key is looked up, not enforced: the caller
/// decides what an untrusted key means ([`Opened::key_refusal`]).
pub fn open(ctx: &OpenContext, path: &Path) -> Result<Opened, Refused> {
    let lang = ctx.lang;
    let shown = safe_path(path);
    let bytes = precheck(lang, path)?;
    let v = verify(path, None).map_err(|e| read_refusal(lang, path, &e))?;
    if !v.problems.is_empty() {
        let reason = if v
            .problems
            .iter()
            .any(|p| matches!(p, Problem::SchemaNewer { .. }))
        {
            Reason::NewerSchema
        } else if v.problems.contains(&Problem::Truncated) {
            Reason::Truncated
        } else {
            Reason::Tampered
        };
        let problems: Vec<String> = v
            .problems
            .iter()
            .map(|p| problem_message(lang, p))
            .collect();
        let mut r = Refused::new(
            path,
            reason,
            tr!(
                lang,
                "inspect.refused.not_intact",
                path = shown,
                problems = problems.join(" / ")
            ),
        );
        r.fingerprint = v.key_fingerprint.clone();
        return Err(r);
    }
    // Intact: the manifest was read and the signature holds.
    let (Some(manifest), Some(fingerprint)) = (v.manifest, v.key_fingerprint) else {
        return Err(Refused::new(
            path,
            Reason::Tampered,
            tr!(
                lang,
                "inspect.refused.not_intact",
                path = shown,
                problems = "-"
            ),
        ));
    };
    let with_key = |mut r: Refused| {
        r.fingerprint = Some(fingerprint.clone());
        r
    };
    let Some(record_bytes) = v.contents.get(RECORD) else {
        return Err(with_key(Refused::new(
            path,
            Reason::NoRecord,
            tr!(lang, "inspect.refused.no_record", path = shown),
        )));
    };
    let record = Record::from_json(record_bytes).map_err(|e| {
        let detail = crate::text::record::record_error(lang, &e);
        let reason = match &e {
            RecordError::Schema(s) if newer(s, "kensa.record/") => Reason::NewerSchema,
            _ => Reason::RecordInvalid,
        };
        with_key(Refused::new(
            path,
            reason,
            tr!(
                lang,
                "inspect.refused.record",
                path = shown,
                detail = crate::text::safe::safe(&detail)
            ),
        ))
    })?;
    // Every edition member must be the text the record embeds: the manifest signs both, and
    // kensa writes them from the same text.
    for (name, text) in &v.contents {
        if let Some(id) = name
            .strip_prefix(EDITIONS_DIR)
            .and_then(|n| n.strip_suffix(".yaml"))
        {
            let embedded = record.editions.iter().find(|e| e.id == id);
            if embedded.is_none_or(|e| e.yaml.as_bytes() != text.as_slice()) {
                return Err(with_key(Refused::new(
                    path,
                    Reason::RecordInvalid,
                    tr!(
                        lang,
                        "inspect.refused.edition_member",
                        path = shown,
                        edition = crate::text::safe::safe(id)
                    ),
                )));
            }
        }
    }
    let code = record
        .facility
        .as_ref()
        .and_then(|f| f.institution_code.clone());
    let key = ctx.keyring.status(code.as_deref(), &fingerprint);
    let facility = record.facility.as_ref().map(|f| f.name.clone());
    let Some(sheet) = bundle_sheet(&record, &manifest.sheet) else {
        let mut r = with_key(Refused::new(
            path,
            Reason::RecordInvalid,
            tr!(
                lang,
                "inspect.refused.no_sheet",
                path = shown,
                sheet = crate::text::safe::safe(&manifest.sheet)
            ),
        ));
        r.facility = facility;
        return Err(r);
    };
    let sheet_id = sheet.sheet.id;
    let edition_id = sheet.sheet.edition_id.clone();
    let official = ctx
        .library
        .get(&edition_id)
        .zip(ctx.library.text(&edition_id))
        .map(|(edition, text)| OfficialEdition { edition, text });
    let (edition, edition_use) = choose_edition(&edition_id, official, &record).map_err(|e| {
        let mut r = with_key(Refused::new(
            path,
            Reason::RecordInvalid,
            tr!(
                lang,
                "inspect.refused.record",
                path = shown,
                detail = crate::text::safe::safe(&crate::text::record::record_error(lang, &e))
            ),
        ));
        r.facility = facility.clone();
        r
    })?;
    if record.facility.is_none() {
        return Err(with_key(Refused::new(
            path,
            Reason::RecordInvalid,
            tr!(
                lang,
                "inspect.refused.record",
                path = shown,
                detail = tr!(lang, "record.err.no_facility")
            ),
        )));
    }
    let evidence = manifest
        .files
        .iter()
        .filter(|f| f.path.starts_with("evidence/"))
        .map(|f| f.sha256.clone())
        .collect();
    let vendor_editions = vendor_editions(&record, ctx.library);
    Ok(Opened {
        path: path.to_path_buf(),
        manifest,
        fingerprint,
        key,
        record,
        audit: v.audit,
        evidence,
        sheet_id,
        edition,
        edition_use,
        vendor_editions,
        bytes,
    })
}

/// The editions the vendor rules need: those of the record's sheets, only when the record has
/// vendor facts at all (a roll-up of a thousand bundles without vendors parses nothing). An
/// embedded copy the inspector lacks and cannot parse is left out; the vendor rules then treat
/// its sheet as they treat a sheet without an edition, rather than stopping the inspection.
fn vendor_editions(record: &Record, library: &Library) -> Editions {
    let mut out = Editions::new();
    if !record.vendor_contracts()
        && record.vendors.is_empty()
        && !record.sheets.iter().any(|s| s.sheet.form == Form::Vendor)
    {
        return out;
    }
    for s in &record.sheets {
        let id = &s.sheet.edition_id;
        if out.contains_key(id) {
            continue;
        }
        let edition = match library.get(id) {
            Some(e) => Some(e.clone()),
            None => record.embedded_edition(id).and_then(Result::ok),
        };
        if let Some(e) = edition {
            out.insert(id.clone(), e);
        }
    }
    out
}

/// Judge an opened bundle, compared with the facility's previous bundle when there is one.
pub fn inspection(
    current: &Opened,
    previous: Option<&Opened>,
    today: Date,
) -> Result<Inspection, RecordError> {
    let sheet = current.record.sheet(current.sheet_id)?;
    inspect(&InspectInput {
        record: &current.record,
        sheet,
        edition: &current.edition,
        edition_use: current.edition_use.clone(),
        today,
        evidence_in_bundle: &current.evidence,
        audit: current.audit.as_ref(),
        vendor_editions: &current.vendor_editions,
        previous: previous.map(|p| PreviousInput {
            record: &p.record,
            sheet: p.sheet(),
            audit: p.audit.as_ref(),
        }),
    })
}
