//! Suggested answers with provenance: a rule per checklist item the evidence bears on, chosen
//! by the kinds of evidence the edition lists for the item (so the same rule serves R6's 2-7
//! and R7's 2-6, both セキュリティパッチ). A suggestion is never an answer: it is はい, いいえ or
//! 判断できない with the findings behind it and how complete the evidence is, and it becomes an
//! answer only when a person accepts it.

use serde::{Serialize, Serializer};

use super::{Check, Evidence, Known};
use crate::model::answer::Answer;
use crate::model::checklist::{Edition, EvidenceKind, Item, Scope};

/// The rule that made a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// 台帳管理 ← reconciliation of 台帳, discovery and collection.
    Ledger,
    /// リモートメンテナンス ← open remote-maintenance ports and their vendor.
    RemoteMaintenance,
    /// 不要なアカウント ← dormant accounts.
    Accounts,
    /// セキュリティパッチ ← end of life, patch age, known-exploited vulnerabilities.
    Patches,
    /// パスワード ← the local password policy.
    Passwords,
    /// パスワードの使い回し: not readable from machines.
    PasswordReuse,
    /// アクセスログ ← logging state.
    Logging,
    /// 不要なサービス ← dangerous services, RDP without NLA, SMBv1.
    Services,
    /// 接続元制限 ← firewall state.
    Firewall,
    /// Anything else: kensa observes nothing that decides it.
    NotObservable,
}

impl Topic {
    pub fn id(self) -> &'static str {
        match self {
            Topic::Ledger => "suggest.ledger",
            Topic::RemoteMaintenance => "suggest.remote_maintenance",
            Topic::Accounts => "suggest.accounts",
            Topic::Patches => "suggest.patches",
            Topic::Passwords => "suggest.passwords",
            Topic::PasswordReuse => "suggest.password_reuse",
            Topic::Logging => "suggest.logging",
            Topic::Services => "suggest.services",
            Topic::Firewall => "suggest.firewall",
            Topic::NotObservable => "suggest.not_observable",
        }
    }

    /// The findings that bear on the topic.
    pub fn checks(self) -> &'static [Check] {
        match self {
            Topic::Ledger => &[
                Check::Unlisted,
                Check::RetiredAnswering,
                Check::NotSeen,
                Check::Mismatch,
            ],
            Topic::RemoteMaintenance => &[Check::RemoteMaintenance],
            Topic::Accounts => &[Check::DormantAccounts],
            Topic::Patches => &[
                Check::KevAffected,
                Check::EolEnded,
                Check::PatchAge,
                Check::KevUnchecked,
                Check::EolSoon,
            ],
            Topic::Passwords => &[Check::PasswordPolicy, Check::PasswordNotChanged],
            Topic::Logging => &[Check::LoggingOff],
            Topic::Services => &[Check::DangerousService, Check::RdpWithoutNla, Check::Smb1],
            Topic::Firewall => &[Check::FirewallOff],
            Topic::PasswordReuse | Topic::NotObservable => &[],
        }
    }
}

impl Serialize for Topic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// はい, いいえ or 判断できない.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proposed {
    Yes,
    No,
    Unknown,
}

impl Proposed {
    /// The answer accepting it records; `None` for 判断できない.
    pub fn answer(self) -> Option<Answer> {
        match self {
            Proposed::Yes => Some(Answer::Yes),
            Proposed::No => Some(Answer::No),
            Proposed::Unknown => None,
        }
    }
}

/// Why the suggestion is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Findings speak against the item.
    Findings,
    /// Every asset in scope was observed and nothing speaks against it.
    Clear,
    /// Nothing speaks against it, but not every asset in scope was observed.
    Incomplete,
    /// Only findings that need a person's look (low level).
    ToCheck,
    /// Nothing observed bears on it.
    NoEvidence,
    /// No network scan yet: the 台帳 cannot be compared with the LAN.
    NoScan,
    /// The item is about asking the vendors, which machines cannot show.
    VendorConfirmation,
    /// Nothing kensa observes decides the item.
    NotObservable,
}

/// What the completeness figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// 台帳 rows seen on the LAN within the unseen threshold.
    RowsSeen,
    /// 台帳 rows (of the scope) with the needed host fact collected.
    RowsCollected,
    /// 台帳 servers, PCs and network devices with a patch level known (collected updates, or a
    /// firmware version typed or read by SNMP).
    RowsPatchLevel,
    /// Devices scanned with the remote-maintenance probe.
    DevicesProbed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Completeness {
    pub counted: Counted,
    pub have: usize,
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub rule: Topic,
    pub item: String,
    pub scope: Scope,
    pub answer: Proposed,
    pub why: Why,
    /// Indices into [`Evidence::findings`].
    pub findings: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completeness: Option<Completeness>,
}

/// The rule for an item, from the evidence kinds its edition lists (and, for the password
/// items that share `host_auth_policy`, from what the item says).
pub fn topic(item: &Item) -> Topic {
    let has = |k: EvidenceKind| item.evidence.contains(&k);
    if has(EvidenceKind::RemoteMaintenanceProbe) {
        Topic::RemoteMaintenance
    } else if has(EvidenceKind::HostPatches) {
        Topic::Patches
    } else if has(EvidenceKind::Ledger) && has(EvidenceKind::NetworkScan) {
        Topic::Ledger
    } else if has(EvidenceKind::HostAccounts) && !has(EvidenceKind::Document) {
        // With a document (2-4 access rights by role) the accounts alone decide nothing.
        Topic::Accounts
    } else if has(EvidenceKind::HostAuthPolicy) {
        // 2-7 names a length (and mentions two-factor authentication as an exception); 2-11
        // (two-factor authentication itself) is not readable from local settings.
        if item.text.contains("使い回し") {
            Topic::PasswordReuse
        } else if item.text.contains("パスワード") && item.text.contains("文字") {
            Topic::Passwords
        } else {
            Topic::NotObservable
        }
    } else if has(EvidenceKind::HostLogging) {
        Topic::Logging
    } else if has(EvidenceKind::HostServices) {
        Topic::Services
    } else if has(EvidenceKind::HostFirewall) {
        Topic::Firewall
    } else {
        Topic::NotObservable
    }
}

/// Whether an asset belongs to a row's scope (general: every asset).
fn in_scope(k: Option<crate::model::checklist::Scope>, scope: Scope) -> bool {
    scope == Scope::General || k == Some(scope)
}

/// The assets whose host facts a topic needs: servers and PCs of the scope (the firewall item
/// is answered for network equipment, but the firewalls kensa reads are the hosts').
fn host_scope(k: &Known, topic: Topic, scope: Scope) -> bool {
    let host = matches!(k.scope, Some(Scope::Server | Scope::Terminal));
    match (topic, scope) {
        (Topic::Firewall, _) | (_, Scope::General) => host,
        _ => k.scope == Some(scope),
    }
}

/// The suggestion for one answer row of an edition; `None` for the gate.
pub fn suggest_row(
    e: &Evidence,
    edition: &Edition,
    item: &Item,
    scope: Scope,
) -> Option<Suggestion> {
    if edition.is_gate(&item.id) {
        return None;
    }
    let topic = topic(item);
    let findings: Vec<usize> = e
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| topic.checks().contains(&f.check))
        .filter(|(_, f)| match topic {
            Topic::Ledger | Topic::Patches | Topic::RemoteMaintenance => {
                in_scope(f.subject.scope, scope)
            }
            Topic::Firewall => matches!(f.subject.scope, Some(Scope::Server | Scope::Terminal)),
            _ => {
                in_scope(f.subject.scope, scope)
                    && matches!(f.subject.scope, Some(Scope::Server | Scope::Terminal))
            }
        })
        .map(|(i, _)| i)
        .collect();
    let ledger = || e.known.iter().filter(|k| k.in_ledger);
    let count = |counted: Counted, pred: &dyn Fn(&Known) -> bool, have: &dyn Fn(&Known) -> bool| {
        let of: Vec<&Known> = ledger().filter(|k| pred(k)).collect();
        Completeness {
            counted,
            have: of.iter().filter(|k| have(k)).count(),
            of: of.len(),
        }
    };
    let completeness = match topic {
        Topic::Ledger => Some(count(Counted::RowsSeen, &|_| true, &|k| k.seen)),
        Topic::RemoteMaintenance => Some(Completeness {
            counted: Counted::DevicesProbed,
            have: e.known.iter().filter(|k| k.probed).count(),
            of: e.known.iter().filter(|k| k.scanned).count(),
        }),
        Topic::Patches => Some(count(
            Counted::RowsPatchLevel,
            &|k| {
                matches!(
                    k.scope,
                    Some(Scope::Server | Scope::Terminal | Scope::Network)
                ) && in_scope(k.scope, scope)
            },
            &|k| k.updates || k.version,
        )),
        Topic::Accounts => Some(count(
            Counted::RowsCollected,
            &|k| host_scope(k, topic, scope),
            &|k| k.accounts,
        )),
        Topic::Passwords => Some(count(
            Counted::RowsCollected,
            &|k| host_scope(k, topic, scope),
            &|k| k.password_policy,
        )),
        Topic::Logging => Some(count(
            Counted::RowsCollected,
            &|k| host_scope(k, topic, scope),
            &|k| k.logging,
        )),
        Topic::Services => Some(count(
            Counted::RowsCollected,
            &|k| host_scope(k, topic, scope),
            &|k| k.services,
        )),
        Topic::Firewall => Some(count(
            Counted::RowsCollected,
            &|k| host_scope(k, topic, scope),
            &|k| k.firewall,
        )),
        Topic::PasswordReuse | Topic::NotObservable => None,
    };
    let against = findings.iter().any(|&i| e.findings[i].level.is_against());
    let to_check = !findings.is_empty();
    let (answer, why) = match topic {
        Topic::NotObservable | Topic::PasswordReuse => (Proposed::Unknown, Why::NotObservable),
        Topic::RemoteMaintenance => (Proposed::Unknown, Why::VendorConfirmation),
        Topic::Ledger if e.coverage.scan_observations == 0 => (Proposed::Unknown, Why::NoScan),
        _ if against => (Proposed::No, Why::Findings),
        _ => match completeness {
            Some(c) if c.have == 0 && findings.is_empty() => (Proposed::Unknown, Why::NoEvidence),
            _ if to_check => (Proposed::Unknown, Why::ToCheck),
            Some(c) if c.have < c.of => (Proposed::Unknown, Why::Incomplete),
            Some(_) => (Proposed::Yes, Why::Clear),
            None => (Proposed::Unknown, Why::NoEvidence),
        },
    };
    Some(Suggestion {
        rule: topic,
        item: item.id.clone(),
        scope,
        answer,
        why,
        findings,
        completeness,
    })
}

/// A suggestion for every answer row of the edition (the gate excepted), in form order.
pub fn suggest(e: &Evidence, edition: &Edition) -> Vec<Suggestion> {
    edition
        .rows()
        .filter_map(|(item, scope)| suggest_row(e, edition, item, scope))
        .collect()
}
