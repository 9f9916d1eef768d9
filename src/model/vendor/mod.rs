//! Vendors (事業者): the companies a facility contracts for its systems, their 事業者確認用 (one per
//! vendor per 年度), the requests sent to them and the responses imported back, and the MDS/SDS
//! (製造業者/サービス事業者による医療情報セキュリティ開示書) they hand over.
//!
//! Pure data and rules. The store keeps these facts, the facility record carries them
//! (`model::record`), [`coverage`] judges them (立入検査の手引き: a 事業者確認用 for every contracted
//! vendor; an item a vendor cannot answer under its contract is covered by the facility's sheet or
//! another vendor's), and [`exchange`] plans what a response adds to a vendor's sheet.

pub mod coverage;
pub mod exchange;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::checklist::Scope;
use super::rules::{Assessment, Requirement, Rule};
use super::wareki::{fiscal_year_end, fiscal_year_start};

/// A vendor under contract (or once under contract: removed vendors stay as history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub id: i64,
    /// Company name, as it should head its 事業者確認用.
    pub name: String,
    /// 担当者.
    pub person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The systems and services it supplies (電子カルテ, PACS, 院内ネットワーク, 保守 …).
    pub systems: Vec<String>,
    /// 契約期間, when known; an open end is no limit.
    pub contract_from: Option<Date>,
    pub contract_until: Option<Date>,
    /// Whether it maintains systems remotely (リモートメンテナンス, item 2(2)).
    pub remote_maintenance: bool,
    /// The asset scopes its contract covers (server, terminal, network). Rows of the 事業者確認用
    /// for other scopes are 該当なし for this vendor; `general` rows always belong to it.
    pub scopes: Vec<Scope>,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub updated_at: String,
    /// When it was taken off the list (the contract ended); its sheets stay.
    pub removed_at: Option<String>,
}

impl Vendor {
    /// Whether the contract covers rows of `scope`.
    pub fn covers(&self, scope: Scope) -> bool {
        scope == Scope::General || self.scopes.contains(&scope)
    }

    /// Whether the vendor is under contract during 年度 `fy`: listed (not removed) and its
    /// contract period, where known, overlaps the 年度.
    pub fn in_force(&self, fy: i16) -> bool {
        self.removed_at.is_none()
            && self.contract_from.is_none_or(|f| f <= fiscal_year_end(fy))
            && self
                .contract_until
                .is_none_or(|u| u >= fiscal_year_start(fy))
    }
}

/// How a request or response travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExchangeFormat {
    /// An Excel workbook in the 事業者確認用 layout.
    Xlsx,
    /// A signed kensa file (`kensa.vendor-request/1`, `kensa.vendor-response/1`).
    Kensa,
}

impl ExchangeFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeFormat::Xlsx => "xlsx",
            ExchangeFormat::Kensa => "kensa",
        }
    }
    pub fn parse(s: &str) -> Option<ExchangeFormat> {
        match s {
            "xlsx" => Some(ExchangeFormat::Xlsx),
            "kensa" => Some(ExchangeFormat::Kensa),
            _ => None,
        }
    }
}

/// A request sent to a vendor for its 事業者確認用.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorRequest {
    pub id: i64,
    /// 32 hex digits, random: the identification every response must carry back.
    pub request_id: String,
    pub vendor_id: i64,
    pub sheet_id: i64,
    pub format: ExchangeFormat,
    /// The file's own name as written.
    pub file_name: String,
    /// SHA-256 of the file as written.
    pub sha256: String,
    pub sent_on: Date,
    /// 回答期限.
    pub due_on: Option<Date>,
    pub created_by: String,
    pub recorded_at: String,
}

/// A response imported: the provenance of the answers it added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorResponse {
    pub id: i64,
    /// The request (store id) it answers.
    pub request: i64,
    pub vendor_id: i64,
    pub sheet_id: i64,
    pub format: ExchangeFormat,
    pub file_name: String,
    pub sha256: String,
    /// Fingerprint of the key a signed response was signed with.
    pub signer: Option<String>,
    /// The checks it added: ids `first..=last` (none when it changed no answer).
    pub checks: Option<(i64, i64)>,
    /// The 目標日 it set, likewise.
    pub targets: Option<(i64, i64)>,
    pub imported_by: String,
    pub recorded_at: String,
}

impl VendorResponse {
    /// Whether check `id` came in with this response.
    pub fn added_check(&self, id: i64) -> bool {
        self.checks.is_some_and(|(a, b)| (a..=b).contains(&id))
    }
}

/// MDS (製造業者) or SDS (サービス事業者).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisclosureKind {
    Mds,
    Sds,
}

impl DisclosureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DisclosureKind::Mds => "mds",
            DisclosureKind::Sds => "sds",
        }
    }
    pub fn parse(s: &str) -> Option<DisclosureKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mds" => Some(DisclosureKind::Mds),
            "sds" => Some(DisclosureKind::Sds),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DisclosureKind::Mds => "MDS",
            DisclosureKind::Sds => "SDS",
        }
    }
}

/// A file kept with a disclosure: what identifies it, not its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureFile {
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

/// One MDS/SDS received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    pub id: i64,
    pub vendor_id: i64,
    /// The product or service it describes.
    pub product: String,
    pub kind: DisclosureKind,
    /// Version of the form (JAHIS/JIRA Ver.5.0 is current).
    pub version: String,
    pub received_on: Date,
    /// How many of its items are answered いいえ (GL 7.0: choose vendors with every item
    /// はい or 対象外).
    pub no_count: u32,
    pub note: String,
    pub file: Option<DisclosureFile>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// A vendor's sheet judged for its contract: rows of scopes the contract does not cover that
/// hold no answer are 該当なし for this vendor (not required here; the coverage rules ask that
/// another sheet answers them), so their missing 1回目 is no finding.
pub fn narrow_to_contract(mut a: Assessment, vendor: &Vendor) -> Assessment {
    let mut outside = Vec::new();
    for r in a.rows.iter_mut() {
        if r.requirement == Requirement::Required
            && !vendor.covers(r.scope)
            && r.state.first.is_none()
        {
            r.requirement = Requirement::NotApplicable;
            outside.push((r.item.clone(), r.scope));
        }
    }
    a.findings.retain(|f| {
        !(matches!(f.rule, Rule::FirstCheckMissing | Rule::FirstCheckCarried)
            && f.item
                .as_ref()
                .zip(f.scope)
                .is_some_and(|(i, s)| outside.iter().any(|(oi, os)| oi == i && *os == s)))
    });
    a.tally();
    a
}

/// A disclosure is a year old and should be asked for again.
pub fn disclosure_is_old(d: &Disclosure, today: Date) -> bool {
    // 365 days rather than "the same date a year later", so 29 February needs no special case.
    (today - d.received_on).get_days() > 365
}

/// The newest disclosure of each (product, kind) of a vendor: what stands now.
pub fn current_disclosures(all: &[Disclosure], vendor_id: i64) -> Vec<&Disclosure> {
    let mut newest: std::collections::BTreeMap<(&str, DisclosureKind), &Disclosure> =
        std::collections::BTreeMap::new();
    for d in all.iter().filter(|d| d.vendor_id == vendor_id) {
        let key = (d.product.as_str(), d.kind);
        match newest.get(&key) {
            Some(cur) if (cur.received_on, cur.id) > (d.received_on, d.id) => {}
            _ => {
                newest.insert(key, d);
            }
        }
    }
    newest.into_values().collect()
}

/// Where a vendor's 事業者確認用 stands: 未依頼 / 依頼中 (sent, with date) / 期限超過 / 回答済.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SheetStatus {
    /// No sheet, or a sheet no request was sent for (and no answer came).
    NotRequested,
    /// Sent on `sent_on`, answer due `due_on`, not yet back.
    Requested { sent_on: Date, due_on: Option<Date> },
    /// Sent, the due date has passed, no answer.
    Overdue { sent_on: Date, due_on: Date },
    /// A response was imported after the latest request (on `on`, UTC date).
    Answered { on: Date },
}

/// The status of sheet `sheet_id` from its requests and responses: the latest request decides
/// 依頼中 / 期限超過 unless a response was imported after it.
pub fn sheet_status(
    sheet_id: i64,
    requests: &[VendorRequest],
    responses: &[VendorResponse],
    today: Date,
) -> SheetStatus {
    let latest_request = requests
        .iter()
        .filter(|r| r.sheet_id == sheet_id)
        .max_by_key(|r| r.id);
    // Responses answer a request; the newest response to the newest request (or later) counts.
    let answered = responses
        .iter()
        .filter(|r| r.sheet_id == sheet_id)
        .filter(|r| latest_request.is_none_or(|q| r.request >= q.id))
        .max_by_key(|r| r.id);
    if let Some(r) = answered {
        let on = r
            .recorded_at
            .get(..10)
            .and_then(|d| d.parse().ok())
            .unwrap_or(today);
        return SheetStatus::Answered { on };
    }
    match latest_request {
        None => SheetStatus::NotRequested,
        Some(q) => match q.due_on {
            Some(due) if due < today => SheetStatus::Overdue {
                sent_on: q.sent_on,
                due_on: due,
            },
            due_on => SheetStatus::Requested {
                sent_on: q.sent_on,
                due_on,
            },
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use jiff::civil::date;

    pub(crate) fn vendor(id: i64, name: &str, scopes: &[Scope]) -> Vendor {
        Vendor {
            id,
            name: name.into(),
            person: None,
            phone: None,
            email: None,
            systems: vec![],
            contract_from: None,
            contract_until: None,
            remote_maintenance: false,
            scopes: scopes.to_vec(),
            created_at: "2025-04-01T00:00:00Z".into(),
            updated_at: "2025-04-01T00:00:00Z".into(),
            removed_at: None,
        }
    }

    fn request(id: i64, sheet: i64, sent: Date, due: Option<Date>) -> VendorRequest {
        VendorRequest {
            id,
            request_id: format!("{id:032}"),
            vendor_id: 1,
            sheet_id: sheet,
            format: ExchangeFormat::Xlsx,
            file_name: "r.xlsx".into(),
            sha256: String::new(),
            sent_on: sent,
            due_on: due,
            created_by: "t".into(),
            recorded_at: format!("{sent}T00:00:00Z"),
        }
    }

    fn response(id: i64, request: i64, sheet: i64, at: &str) -> VendorResponse {
        VendorResponse {
            id,
            request,
            vendor_id: 1,
            sheet_id: sheet,
            format: ExchangeFormat::Xlsx,
            file_name: "a.xlsx".into(),
            sha256: String::new(),
            signer: None,
            checks: Some((3, 5)),
            targets: None,
            imported_by: "t".into(),
            recorded_at: at.into(),
        }
    }

    #[test]
    fn contract_period_and_scopes() {
        let mut v = vendor(1, "A社", &[Scope::Server]);
        assert!(v.covers(Scope::General) && v.covers(Scope::Server));
        assert!(!v.covers(Scope::Network));
        assert!(v.in_force(2025));
        v.contract_until = Some(date(2025, 3, 31));
        assert!(!v.in_force(2025));
        assert!(v.in_force(2024));
        v.contract_until = None;
        v.contract_from = Some(date(2026, 4, 1));
        assert!(!v.in_force(2025));
        v.contract_from = Some(date(2026, 3, 31));
        assert!(v.in_force(2025));
        v.removed_at = Some("x".into());
        assert!(!v.in_force(2025));
    }

    #[test]
    fn status_follows_requests_and_responses() {
        let today = date(2025, 8, 1);
        assert_eq!(sheet_status(1, &[], &[], today), SheetStatus::NotRequested);
        let q1 = request(1, 1, date(2025, 6, 1), Some(date(2025, 9, 1)));
        assert_eq!(
            sheet_status(1, std::slice::from_ref(&q1), &[], today),
            SheetStatus::Requested {
                sent_on: date(2025, 6, 1),
                due_on: Some(date(2025, 9, 1))
            }
        );
        let late = request(1, 1, date(2025, 6, 1), Some(date(2025, 7, 1)));
        assert!(matches!(
            sheet_status(1, &[late], &[], today),
            SheetStatus::Overdue { .. }
        ));
        let a = response(1, 1, 1, "2025-07-15T01:00:00Z");
        assert_eq!(
            sheet_status(
                1,
                std::slice::from_ref(&q1),
                std::slice::from_ref(&a),
                today
            ),
            SheetStatus::Answered {
                on: date(2025, 7, 15)
            }
        );
        // A new request after the answer: 依頼中 again until the next response.
        let q2 = request(2, 1, date(2025, 7, 20), None);
        assert!(matches!(
            sheet_status(1, &[q1, q2], &[a], today),
            SheetStatus::Requested { .. }
        ));
        // Another sheet's requests change nothing.
        assert_eq!(
            sheet_status(2, &[request(3, 1, date(2025, 6, 1), None)], &[], today),
            SheetStatus::NotRequested
        );
    }

    #[test]
    fn current_disclosures_are_the_newest_per_product_and_kind() {
        let d = |id, product: &str, kind, on| Disclosure {
            id,
            vendor_id: 1,
            product: product.into(),
            kind,
            version: "5.0".into(),
            received_on: on,
            no_count: 0,
            note: String::new(),
            file: None,
            recorded_by: "t".into(),
            recorded_at: String::new(),
        };
        let all = vec![
            d(1, "電子カルテ", DisclosureKind::Sds, date(2024, 4, 1)),
            d(2, "電子カルテ", DisclosureKind::Sds, date(2025, 4, 1)),
            d(3, "電子カルテ", DisclosureKind::Mds, date(2023, 4, 1)),
            d(4, "PACS", DisclosureKind::Mds, date(2025, 5, 1)),
        ];
        let cur: Vec<i64> = current_disclosures(&all, 1).iter().map(|d| d.id).collect();
        assert_eq!(cur, vec![4, 3, 2]);
        assert!(disclosure_is_old(&all[2], date(2025, 6, 1)));
        assert!(!disclosure_is_old(&all[1], date(2026, 4, 1)));
        assert!(disclosure_is_old(&all[1], date(2026, 4, 2)));
        assert!(current_disclosures(&all, 2).is_empty());
    }
}
