//! The evidence engine (issue 16): what the collected host facts, the network scans and the
//! 台帳 say about a facility, as findings per asset (end of life, patch age, known-exploited
//! vulnerabilities, remote-maintenance ports, accounts, services, firewall, logging, and 台帳 ↔
//! discovery ↔ collection reconciliation) and as suggested answers with provenance for the
//! checklist items they bear on. Pure: it reads a [`crate::model::record::Record`] and the
//! offline data sets and stores nothing; an answer is recorded only when a person accepts one.
//!
//! Every finding names its subject (the 台帳 row's 管理番号, or the unlisted device), the
//! observations or typed cells it came from, and the data set and snapshot date it was judged
//! against. Every suggestion names the findings behind it and how complete the evidence is.

pub mod data;
mod findings;
pub mod identify;
pub mod suggest;
pub mod version;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::model::asset::AssetKind;
use crate::model::checklist::Scope;
use crate::model::record::Record;
use data::{DataInfo, Datasets};
use identify::Precision;

pub use findings::evaluate;

/// Schema tag of `kensa evidence --json`.
pub const SCHEMA: &str = "kensa.evidence/1";

/// Thresholds, with the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Days since the newest installed update before a machine counts as unpatched.
    pub patch_days: i64,
    /// Days a 台帳 row may go unseen on the LAN.
    pub unseen_days: i64,
    /// Days without a login before an enabled account counts as dormant.
    pub dormant_days: i64,
    /// An end of support this close is reported ahead.
    pub eol_warning_days: i64,
    /// Enabled local administrators a machine may have.
    pub max_admins: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            patch_days: 60,
            unseen_days: 180,
            dormant_days: 90,
            eol_warning_days: 180,
            max_admins: 2,
        }
    }
}

/// How serious a finding is, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A known-exploited vulnerability in the installed version: the way ransomware reached
    /// the hospitals that were shut down.
    Critical,
    High,
    Medium,
    Low,
    /// Said for completeness (no data to judge by).
    Info,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Critical,
        Level::High,
        Level::Medium,
        Level::Low,
        Level::Info,
    ];

    /// The id as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Level::Critical => "critical",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
            Level::Info => "info",
        }
    }

    /// Critical, high and medium findings speak against an item; low ones ask for a look.
    pub fn is_against(self) -> bool {
        self <= Level::Medium
    }
}

/// Each kind of finding, with a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    EolEnded,
    EolSoon,
    EolNoData,
    PatchAge,
    KevAffected,
    KevUnchecked,
    RemoteMaintenance,
    DangerousService,
    RdpWithoutNla,
    Smb1,
    FirewallOff,
    LoggingOff,
    DormantAccounts,
    ExcessAdmins,
    PasswordPolicy,
    PasswordNotChanged,
    Unlisted,
    NotSeen,
    RetiredAnswering,
    Mismatch,
}

impl Check {
    pub const ALL: [Check; 20] = [
        Check::EolEnded,
        Check::EolSoon,
        Check::EolNoData,
        Check::PatchAge,
        Check::KevAffected,
        Check::KevUnchecked,
        Check::RemoteMaintenance,
        Check::DangerousService,
        Check::RdpWithoutNla,
        Check::Smb1,
        Check::FirewallOff,
        Check::LoggingOff,
        Check::DormantAccounts,
        Check::ExcessAdmins,
        Check::PasswordPolicy,
        Check::PasswordNotChanged,
        Check::Unlisted,
        Check::NotSeen,
        Check::RetiredAnswering,
        Check::Mismatch,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Check::EolEnded => "eol.ended",
            Check::EolSoon => "eol.soon",
            Check::EolNoData => "eol.no_data",
            Check::PatchAge => "patch.age",
            Check::KevAffected => "kev.affected",
            Check::KevUnchecked => "kev.unchecked",
            Check::RemoteMaintenance => "exposure.remote_maintenance",
            Check::DangerousService => "service.dangerous",
            Check::RdpWithoutNla => "service.rdp_without_nla",
            Check::Smb1 => "service.smb1",
            Check::FirewallOff => "firewall.off",
            Check::LoggingOff => "logging.off",
            Check::DormantAccounts => "account.dormant",
            Check::ExcessAdmins => "account.admins",
            Check::PasswordPolicy => "password.policy",
            Check::PasswordNotChanged => "password.not_changed",
            Check::Unlisted => "ledger.unlisted",
            Check::NotSeen => "ledger.not_seen",
            Check::RetiredAnswering => "ledger.retired_answering",
            Check::Mismatch => "ledger.mismatch",
        }
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// What a finding is about: a 台帳 row, or a device the 台帳 does not list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// 管理番号; `None` for a device not in the 台帳.
    pub control_no: Option<String>,
    /// Computer name, else address, as people know the device.
    pub name: String,
    pub ip: Option<String>,
    /// The checklist's asset group: from the 台帳 種別, else from what was observed.
    pub scope: Option<Scope>,
}

/// Where a fact came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum Basis {
    /// A `kensa collect` host document.
    Collect { observation: i64, at: String },
    /// A network scan (`kensa scan`).
    Scan { observation: i64, at: String },
    /// What a person typed in the 台帳.
    Ledger { field: &'static str, value: String },
}

/// The data set a finding was judged against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataRef {
    pub file: String,
    pub snapshot: Date,
}

/// One known-exploited vulnerability hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KevHit {
    pub cve: String,
    pub name: String,
    pub added: Date,
    pub ransomware: bool,
    pub advisory: String,
    /// First fixed version of the device's branch, when the range is known.
    pub fixed: Option<String>,
    /// The advisory the affected range was written from (`kev-affected.tsv`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_source: Option<String>,
}

/// An open port found by a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortHit {
    pub port: u16,
    pub service: String,
}

/// The facts behind a finding, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    EndOfLife {
        product: String,
        cycle: String,
        /// `None`: ended, date not given by the source.
        eol: Option<Date>,
        /// Paid extended security updates, when the source names an end.
        extended: Option<Date>,
        /// Days until the end of extended updates (negative: since).
        extended_days: Option<i64>,
        precision: Precision,
        /// Days until the end (negative: since).
        days: Option<i64>,
    },
    NoEolData {
        product: String,
        version: Option<String>,
    },
    PatchAge {
        last_update: Date,
        /// Days between the newest update and the collection.
        days: i64,
        threshold: i64,
        collected_on: Date,
        newest_hotfix: Option<String>,
    },
    Kev {
        product: String,
        version: Option<String>,
        cves: Vec<KevHit>,
    },
    Ports {
        ports: Vec<PortHit>,
        /// IEEE registry name of the network interface's maker, or the 台帳 メーカー.
        vendor: Option<String>,
    },
    Items {
        /// Service names, ports (`ftp 21/tcp`), profile or account names.
        items: Vec<String>,
    },
    Accounts {
        accounts: Vec<String>,
        /// The threshold the accounts exceed (days, or the number of administrators).
        limit: i64,
    },
    PasswordPolicy {
        min_length: Option<u32>,
        max_age_days: Option<u32>,
        complexity: Option<bool>,
        /// `short` (< 8), `no_complexity`, `no_expiry` (< 13 characters and never expires).
        problems: Vec<&'static str>,
    },
    Unlisted {
        ips: Vec<String>,
        macs: Vec<String>,
        vendor: Option<String>,
        observed: String,
    },
    NotSeen {
        /// RFC 3339; `None`: never observed.
        last_seen: Option<String>,
        days: i64,
    },
    Retired {
        retired_on: Date,
        seen_at: String,
    },
    Mismatch {
        /// `os` or `ip`.
        field: &'static str,
        ledger: String,
        observed: String,
    },
    Flag,
}

/// One finding about one asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    #[serde(rename = "rule")]
    pub check: Check,
    pub level: Level,
    pub subject: Subject,
    pub detail: Detail,
    pub basis: Vec<Basis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<DataRef>,
}

/// A data file and whether it is older than six months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataStatus {
    #[serde(flatten)]
    pub info: DataInfo,
    pub stale: bool,
}

/// What kensa knew about one asset, for the completeness of suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    pub in_ledger: bool,
    pub scope: Option<Scope>,
    pub collected: bool,
    pub updates: bool,
    pub accounts: bool,
    pub services: bool,
    pub firewall: bool,
    pub logging: bool,
    pub password_policy: bool,
    /// Network gear whose firmware version is known (typed or from SNMP).
    pub version: bool,
    /// Seen by any observation within `unseen_days`.
    pub seen: bool,
    pub scanned: bool,
    pub probed: bool,
}

/// Figures of how much was observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Coverage {
    /// 台帳 rows not retired.
    pub ledger_rows: usize,
    /// Of those, rows with a host document.
    pub collected: usize,
    /// Rows seen by any observation within `unseen_days`.
    pub seen: usize,
    /// Rows a scan saw (at any time).
    pub scanned: usize,
    /// Rows whose address lies in no scanned range: not being seen says nothing about them.
    pub outside_scans: usize,
    /// Devices seen that the 台帳 does not list.
    pub unlisted: usize,
    /// CIDRs scanned (active scans).
    pub scanned_ranges: Vec<String>,
    /// Observations in the record, by source.
    pub collect_observations: usize,
    pub scan_observations: usize,
}

/// Everything the engine found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub today: Date,
    pub settings: Settings,
    pub data: Vec<DataStatus>,
    pub findings: Vec<Finding>,
    pub coverage: Coverage,
    /// Per asset, in 台帳 order then unlisted devices: what was known.
    #[serde(skip)]
    pub known: Vec<Known>,
}

impl Evidence {
    /// Findings at or above `level`, by level.
    pub fn counts(&self) -> Vec<(Level, usize)> {
        Level::ALL
            .iter()
            .map(|l| (*l, self.findings.iter().filter(|f| f.level == *l).count()))
            .collect()
    }

    /// Whether any data set is older than six months.
    pub fn stale_data(&self) -> impl Iterator<Item = &DataStatus> {
        self.data.iter().filter(|d| d.stale)
    }
}

/// The asset group of a 台帳 種別.
pub fn kind_scope(kind: AssetKind) -> Option<Scope> {
    match kind {
        AssetKind::Server => Some(Scope::Server),
        AssetKind::Terminal => Some(Scope::Terminal),
        AssetKind::Network => Some(Scope::Network),
        AssetKind::MedicalDevice | AssetKind::Other => None,
    }
}

/// Run the rules on a record with the built-in data. `None` data: see [`evaluate`].
pub fn evaluate_builtin(
    record: &Record,
    settings: &Settings,
    today: Date,
) -> Result<Evidence, data::DataError> {
    Ok(evaluate(record, Datasets::builtin()?, settings, today))
}

#[cfg(test)]
pub(crate) mod tests;
