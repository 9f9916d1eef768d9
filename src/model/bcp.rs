//! The facility's cyber-attack BCP data (issue 15): the systems it runs with their backups and
//! alternative operation, the connection to the 電子カルテ情報共有サービス (over the オンライン資格確認
//! network), the drills held and the 経営層's approvals. Pure data and the rules that read it;
//! the store keeps it, the record carries it (`Record::bcp`), `crate::bcp` writes the document.
//!
//! Everything but a system's name is optional: the document prints what is missing as 未記入
//! rather than guessing it, and `kensa bcp check` lists the same gaps.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::contacts::Contact;
use super::limits::{Field, TooLong, check};

/// 重要度: how much clinical work depends on a system. The 手引き keeps it apart from the
/// restore order (復旧優先度), which follows the workflow and may differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    High,
    Medium,
    Low,
}

impl Importance {
    pub const ALL: [Importance; 3] = [Importance::High, Importance::Medium, Importance::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Importance::High => "high",
            Importance::Medium => "medium",
            Importance::Low => "low",
        }
    }

    /// The id or the Japanese word (高・中・低).
    pub fn parse(s: &str) -> Option<Importance> {
        match s.trim() {
            "high" | "高" => Some(Importance::High),
            "medium" | "中" => Some(Importance::Medium),
            "low" | "低" => Some(Importance::Low),
            _ => None,
        }
    }
}

/// How a system's data is backed up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// 頻度 (毎日, 7日ごと …).
    pub frequency: Option<String>,
    /// 作成方法 (バックアップサーバにDBを複製, 外付けHDD …).
    pub method: Option<String>,
    /// 保管場所: where the copy is (a server, a room, an outside service).
    pub location: Option<String>,
    /// Whether one copy is offline or otherwise isolated from the network ransomware reaches.
    pub offline_copy: Option<bool>,
    /// 復旧方法.
    pub restore_procedure: Option<String>,
    /// The last time a restore from the backup was tried.
    pub last_restore_test: Option<Date>,
}

impl Backup {
    pub fn is_empty(&self) -> bool {
        *self == Backup::default()
    }
}

/// What a system is, as the officer registers it. The store adds id and times ([`System`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemFields {
    /// 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …
    pub name: String,
    /// 事業者 (vendor) by name. A link to the vendor list comes when that list exists.
    pub vendor: Option<String>,
    /// 管理番号 of the 台帳 rows that make up the system (servers, terminals, network gear).
    #[serde(default)]
    pub assets: Vec<String>,
    pub importance: Option<Importance>,
    /// 復旧優先度: 1 is restored first.
    pub restore_priority: Option<u32>,
    /// 目標復旧時間 in hours.
    pub target_recovery_hours: Option<u32>,
    /// 代替運用 while the system is down (紙カルテ, カーボン複写伝票, 撮影装置側で閲覧, 未収扱い …).
    pub alternative: Option<String>,
    /// How the vendor reaches the system for remote maintenance (an outside connection to cut
    /// in an incident), when it does.
    pub remote_maintenance: Option<String>,
    #[serde(default)]
    pub backup: Backup,
}

/// A registered system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: i64,
    #[serde(flatten)]
    pub fields: SystemFields,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// 接続方式 of the 電子カルテ情報共有サービス (the same two as オンライン資格確認 and 電子処方箋).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// 資格確認端末経由方式: files through the 資格確認端末's shared folder.
    QualificationTerminal,
    /// Web API 通信方式.
    WebApi,
}

impl Connection {
    pub const ALL: [Connection; 2] = [Connection::QualificationTerminal, Connection::WebApi];

    pub fn as_str(self) -> &'static str {
        match self {
            Connection::QualificationTerminal => "terminal",
            Connection::WebApi => "web-api",
        }
    }

    pub fn parse(s: &str) -> Option<Connection> {
        match s.trim() {
            "terminal" | "資格確認端末経由" | "資格確認端末経由方式" => {
                Some(Connection::QualificationTerminal)
            }
            "web-api" | "webapi" | "Web API" | "Web API 通信方式" | "Web API通信方式" => {
                Some(Connection::WebApi)
            }
            _ => None,
        }
    }
}

/// 回線 of the オンライン資格確認等システム network the service runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// IP-VPN (閉域網) from a provider.
    IpVpn,
    /// IPsec+IKE over the internet.
    IpsecIke,
}

impl Line {
    pub const ALL: [Line; 2] = [Line::IpVpn, Line::IpsecIke];

    pub fn as_str(self) -> &'static str {
        match self {
            Line::IpVpn => "ip-vpn",
            Line::IpsecIke => "ipsec-ike",
        }
    }

    pub fn parse(s: &str) -> Option<Line> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ip-vpn" | "ipvpn" => Some(Line::IpVpn),
            "ipsec-ike" | "ipsec+ike" | "ipsec" => Some(Line::IpsecIke),
            _ => None,
        }
    }
}

/// How 診療情報提供書 are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signing {
    /// ローカル署名 with an HPKI card and reader.
    HpkiCard,
    /// カードレス署名 (HPKI セカンド電子証明書, remote signing).
    Cardless,
}

impl Signing {
    pub const ALL: [Signing; 2] = [Signing::HpkiCard, Signing::Cardless];

    pub fn as_str(self) -> &'static str {
        match self {
            Signing::HpkiCard => "hpki-card",
            Signing::Cardless => "cardless",
        }
    }

    pub fn parse(s: &str) -> Option<Signing> {
        match s.trim() {
            "hpki-card" | "hpki" | "HPKIカード" => Some(Signing::HpkiCard),
            "cardless" | "カードレス" | "カードレス署名" => Some(Signing::Cardless),
            _ => None,
        }
    }
}

/// The facility's connection to the 電子カルテ情報共有サービス.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EhrSharing {
    pub connection: Option<Connection>,
    pub line: Option<Line>,
    /// The line's provider (NTT東日本 …) or, for IPsec+IKE, who runs the VPN device.
    pub line_provider: Option<String>,
    /// Where the router of the オン資 network stands.
    pub router_location: Option<String>,
    /// Where the 資格確認端末 stands.
    pub terminal_location: Option<String>,
    pub signing: Option<Signing>,
    /// Who holds the facility's account on the 医療機関等ONS (the portal the service's
    /// documents and notices come through).
    pub ons_contact: Option<String>,
}

impl EhrSharing {
    pub fn is_empty(&self) -> bool {
        *self == EhrSharing::default()
    }
}

/// A drill (訓練・演習) held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    pub id: i64,
    pub held_on: Date,
    pub scenario: String,
    pub participants: String,
    /// What was learnt.
    pub lessons: Option<String>,
    /// What is to be done about it.
    pub follow_ups: Option<String>,
    pub recorded_at: String,
}

/// The 経営層's approval of one version of the BCP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub id: i64,
    /// 第N版: 1 for the first approval, counting up.
    pub version: u32,
    pub approved_by: String,
    pub approved_on: Date,
    /// [`content_fingerprint`] of what was approved: a later change of the systems, the
    /// EHR-sharing connection or the contacts makes the BCP a draft again.
    pub fingerprint: String,
    pub recorded_at: String,
}

/// The officer's answer to a 確認表 item kensa cannot judge from the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    pub id: i64,
    /// The 確認表 item id (`2-2`).
    pub item: String,
    /// はい or いいえ (never 該当なし: every item applies to a facility with systems).
    pub answer: super::answer::Answer,
    pub confirmed_on: Date,
    pub confirmed_by: String,
    pub note: String,
    pub recorded_at: String,
}

/// Everything the BCP is written from besides the facility, contacts and 台帳.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BcpData {
    /// Live systems, by 復旧優先度 then id.
    #[serde(default)]
    pub systems: Vec<System>,
    /// `None` until `kensa bcp ehr-sharing set`.
    #[serde(default)]
    pub ehr_sharing: Option<EhrSharing>,
    /// Oldest first.
    #[serde(default)]
    pub drills: Vec<Drill>,
    /// Oldest first; the last is the version in force.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// Oldest first; the newest per item counts.
    #[serde(default)]
    pub confirmations: Vec<Confirmation>,
}

impl BcpData {
    pub fn is_empty(&self) -> bool {
        self.systems.is_empty()
            && self.ehr_sharing.is_none()
            && self.drills.is_empty()
            && self.approvals.is_empty()
            && self.confirmations.is_empty()
    }

    /// The newest answer to a 確認表 item.
    pub fn confirmation(&self, item: &str) -> Option<&Confirmation> {
        self.confirmations.iter().rev().find(|c| c.item == item)
    }

    /// The newest drill by date.
    pub fn last_drill(&self) -> Option<&Drill> {
        self.drills.iter().max_by_key(|d| (d.held_on, d.id))
    }

    /// Systems in restore order: 復旧優先度 first (unset last), then id.
    pub fn systems_in_restore_order(&self) -> Vec<&System> {
        let mut v: Vec<&System> = self.systems.iter().collect();
        v.sort_by_key(|s| (s.fields.restore_priority.unwrap_or(u32::MAX), s.id));
        v
    }
}

/// SHA-256 over what the approved plan says: the systems (without their timestamps), the
/// EHR-sharing connection and the contacts. Drills are records of the plan's use, not the
/// plan, and do not change it.
pub fn content_fingerprint(bcp: &BcpData, contacts: &[Contact]) -> String {
    let systems: Vec<(i64, &SystemFields)> =
        bcp.systems.iter().map(|s| (s.id, &s.fields)).collect();
    let value = serde_json::json!({
        "systems": systems,
        "ehr_sharing": bcp.ehr_sharing,
        "contacts": contacts,
    });
    Sha256::digest(value.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checklist item 3(3) 「サイバー攻撃を想定した事業継続計画（BCP）を策定している。」 as the data
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PlanState {
    /// No BCP data at all.
    None,
    /// Data registered, never approved.
    Draft,
    /// Approved; `changed` when the plan was changed after that approval (a new version
    /// awaits approval).
    Approved {
        version: u32,
        on: Date,
        by: String,
        changed: bool,
    },
}

/// The BCP's state for 3(3), and the last drill (診療録管理体制加算1 asks for about one a year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BcpStatus {
    pub plan: PlanState,
    pub last_drill: Option<Date>,
    /// No drill in the 12 months up to today.
    pub drill_overdue: bool,
}

pub fn status(bcp: &BcpData, contacts: &[Contact], today: Date) -> BcpStatus {
    let plan = match bcp.approvals.last() {
        Some(a) => PlanState::Approved {
            version: a.version,
            on: a.approved_on,
            by: a.approved_by.clone(),
            changed: a.fingerprint != content_fingerprint(bcp, contacts),
        },
        None if bcp.systems.is_empty() && bcp.ehr_sharing.is_none() && bcp.drills.is_empty() => {
            PlanState::None
        }
        None => PlanState::Draft,
    };
    let last_drill = bcp.last_drill().map(|d| d.held_on);
    BcpStatus {
        plan,
        last_drill,
        drill_overdue: !last_drill.is_some_and(|d| within_year(d, today)),
    }
}

/// `d` lies in the 12 months up to `today` (not in the future).
pub fn within_year(d: Date, today: Date) -> bool {
    let year_ago = today.saturating_sub(jiff::Span::new().years(1));
    d > year_ago && d <= today
}

/// Parse a target recovery time: `24`, `24h`, `24時間` (hours) or `3d`, `3日` (days).
pub fn parse_hours(s: &str) -> Option<u32> {
    let s = super::asset::fold_fullwidth(s.trim()).to_lowercase();
    let (digits, factor) = if let Some(n) = s.strip_suffix("時間") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('日') {
        (n, 24)
    } else if let Some(n) = s.strip_suffix('d') {
        (n, 24)
    } else {
        (s.as_str(), 1)
    };
    let n: u32 = digits.trim().parse().ok()?;
    let hours = n.checked_mul(factor)?;
    // Ten years is longer than any plan means by "target".
    (1..=24 * 3650).contains(&hours).then_some(hours)
}

/// The text fields of a system fit their limits.
pub fn check_system(f: &SystemFields) -> Result<(), TooLong> {
    check(Field::BcpShort("--name"), &f.name)?;
    let opt = |field, s: &Option<String>| s.as_deref().map_or(Ok(()), |s| check(field, s));
    opt(Field::BcpShort("--vendor"), &f.vendor)?;
    opt(Field::BcpLong("--alternative"), &f.alternative)?;
    opt(
        Field::BcpLong("--remote-maintenance"),
        &f.remote_maintenance,
    )?;
    opt(Field::BcpShort("--backup-frequency"), &f.backup.frequency)?;
    opt(Field::BcpLong("--backup-method"), &f.backup.method)?;
    opt(Field::BcpLong("--backup-location"), &f.backup.location)?;
    opt(
        Field::BcpLong("--restore-procedure"),
        &f.backup.restore_procedure,
    )?;
    for a in &f.assets {
        check(
            Field::Ledger {
                header: "管理番号",
                long: false,
            },
            a,
        )?;
    }
    Ok(())
}

/// The text fields of the EHR-sharing connection fit their limits.
pub fn check_ehr_sharing(e: &EhrSharing) -> Result<(), TooLong> {
    for (name, s) in [
        ("--line-provider", &e.line_provider),
        ("--router-location", &e.router_location),
        ("--terminal-location", &e.terminal_location),
        ("--ons-contact", &e.ons_contact),
    ] {
        if let Some(s) = s {
            check(Field::BcpShort(name), s)?;
        }
    }
    Ok(())
}

/// The text fields of a drill fit their limits.
pub fn check_drill(
    scenario: &str,
    participants: &str,
    lessons: Option<&str>,
    follow_ups: Option<&str>,
) -> Result<(), TooLong> {
    check(Field::BcpLong("--scenario"), scenario)?;
    check(Field::BcpLong("--participants"), participants)?;
    lessons.map_or(Ok(()), |s| check(Field::BcpLong("--lessons"), s))?;
    follow_ups.map_or(Ok(()), |s| check(Field::BcpLong("--follow-ups"), s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn system(id: i64, name: &str, priority: Option<u32>) -> System {
        System {
            id,
            fields: SystemFields {
                name: name.into(),
                restore_priority: priority,
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn hours_parse_in_every_spelling() {
        assert_eq!(parse_hours("24"), Some(24));
        assert_eq!(parse_hours("24h"), Some(24));
        assert_eq!(parse_hours("２４時間"), Some(24));
        assert_eq!(parse_hours("3日"), Some(72));
        assert_eq!(parse_hours("3d"), Some(72));
        assert_eq!(parse_hours("0"), None);
        assert_eq!(parse_hours("-1"), None);
        assert_eq!(parse_hours("soon"), None);
        assert_eq!(parse_hours("99999999d"), None);
    }

    #[test]
    fn plan_state_follows_data_approval_and_later_changes() {
        let today = date(2026, 6, 1);
        let mut bcp = BcpData::default();
        assert_eq!(status(&bcp, &[], today).plan, PlanState::None);
        bcp.systems.push(system(1, "電子カルテ", Some(1)));
        assert_eq!(status(&bcp, &[], today).plan, PlanState::Draft);
        bcp.approvals.push(Approval {
            id: 1,
            version: 1,
            approved_by: "院長".into(),
            approved_on: date(2026, 5, 1),
            fingerprint: content_fingerprint(&bcp, &[]),
            recorded_at: String::new(),
        });
        assert!(matches!(
            status(&bcp, &[], today).plan,
            PlanState::Approved {
                changed: false,
                version: 1,
                ..
            }
        ));
        bcp.systems[0].fields.alternative = Some("紙カルテ".into());
        assert!(matches!(
            status(&bcp, &[], today).plan,
            PlanState::Approved { changed: true, .. }
        ));
    }

    #[test]
    fn drills_count_for_twelve_months() {
        let today = date(2026, 6, 1);
        assert!(within_year(date(2025, 6, 2), today));
        assert!(!within_year(date(2025, 6, 1), today));
        assert!(!within_year(date(2026, 6, 2), today));
        let mut bcp = BcpData::default();
        assert!(status(&bcp, &[], today).drill_overdue);
        bcp.drills.push(Drill {
            id: 1,
            held_on: date(2025, 12, 1),
            scenario: "ランサムウェア".into(),
            participants: "情報システム課".into(),
            lessons: None,
            follow_ups: None,
            recorded_at: String::new(),
        });
        let s = status(&bcp, &[], today);
        assert_eq!(s.last_drill, Some(date(2025, 12, 1)));
        assert!(!s.drill_overdue);
        assert_eq!(s.plan, PlanState::Draft);
    }

    #[test]
    fn bcp_data_round_trips_through_json() {
        let mut sys = system(1, "電子カルテ", Some(1));
        sys.fields.backup.last_restore_test = Some(date(2026, 3, 1));
        sys.fields.importance = Some(Importance::High);
        let bcp = BcpData {
            systems: vec![sys],
            ehr_sharing: Some(EhrSharing {
                connection: Some(Connection::WebApi),
                ..Default::default()
            }),
            ..Default::default()
        };
        let json = serde_json::to_string(&bcp).unwrap();
        assert_eq!(serde_json::from_str::<BcpData>(&json).unwrap(), bcp);
        // An unknown field in the connection is refused, as everywhere in a record.
        let extra = json.replace("\"connection\"", "\"modem\":1,\"connection\"");
        assert!(serde_json::from_str::<BcpData>(&extra).is_err());
    }

    #[test]
    fn restore_order_puts_unset_priorities_last() {
        let bcp = BcpData {
            systems: vec![
                system(1, "PACS", None),
                system(2, "医事会計", Some(3)),
                system(3, "電子カルテ", Some(1)),
            ],
            ..Default::default()
        };
        let order: Vec<i64> = bcp
            .systems_in_restore_order()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(order, vec![3, 2, 1]);
    }
}
