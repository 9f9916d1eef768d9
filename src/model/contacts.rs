//! The 連絡体制 behind checklist item 3(1): 「インシデント発生時における組織内と外部関係機関（事業者、
//! 厚生労働省、警察等）への連絡体制図がある。」 Who is called, in which order, with which number.
//!
//! Pure data: the store keeps the contacts, `crate::report` draws the 連絡体制図 from them.

use serde::{Deserialize, Serialize};

/// The part a contact plays in the 連絡体制図. Internal roles first, then the external bodies the
/// item names (事業者, 厚生労働省, 警察) and the local authorities the inspection comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 各部門: where an incident is usually noticed first.
    Department,
    /// システム担当 (システム運用担当者).
    SystemAdmin,
    /// 医療情報システム安全管理責任者.
    SecurityOfficer,
    /// 管理者 (院長 / 管理薬剤師) and the 経営層.
    Manager,
    /// 事業者: the vendor of a system (one contact per system).
    Vendor,
    /// 厚生労働省.
    Mhlw,
    /// 警察 (都道府県警察のサイバー犯罪相談窓口).
    Police,
    /// 都道府県 (医務担当課).
    Prefecture,
    /// 保健所.
    HealthCenter,
    /// Anyone else (保険会社, セキュリティ事業者, 医師会 …).
    Other,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Department,
        Role::SystemAdmin,
        Role::SecurityOfficer,
        Role::Manager,
        Role::Vendor,
        Role::Mhlw,
        Role::Police,
        Role::Prefecture,
        Role::HealthCenter,
        Role::Other,
    ];

    /// The external bodies item 3(1) names by name. A chart without one of them is incomplete.
    pub const NAMED_BY_ITEM: [Role; 3] = [Role::Vendor, Role::Mhlw, Role::Police];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Department => "department",
            Role::SystemAdmin => "system_admin",
            Role::SecurityOfficer => "security_officer",
            Role::Manager => "manager",
            Role::Vendor => "vendor",
            Role::Mhlw => "mhlw",
            Role::Police => "police",
            Role::Prefecture => "prefecture",
            Role::HealthCenter => "health_center",
            Role::Other => "other",
        }
    }

    /// Accepts the schema names and the Japanese labels an officer would type.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| r.as_str() == s).or(match s {
            "各部門" | "部門" => Some(Role::Department),
            "システム担当" | "システム担当者" | "システム運用担当者" => {
                Some(Role::SystemAdmin)
            }
            "安全管理責任者" | "医療情報システム安全管理責任者" => {
                Some(Role::SecurityOfficer)
            }
            "管理者" | "院長" | "経営層" => Some(Role::Manager),
            "事業者" | "ベンダー" => Some(Role::Vendor),
            "厚生労働省" | "厚労省" => Some(Role::Mhlw),
            "警察" => Some(Role::Police),
            "都道府県" => Some(Role::Prefecture),
            "保健所" => Some(Role::HealthCenter),
            "その他" => Some(Role::Other),
            _ => None,
        })
    }

    /// Inside the facility (組織内) or an outside body (外部関係機関).
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            Role::Department | Role::SystemAdmin | Role::SecurityOfficer | Role::Manager
        )
    }

    /// The escalation step a role takes when the officer gives no `--order`: the usual path of
    /// the BCP ひな形 (発見した部門 → システム担当 → 安全管理責任者 → 管理者 → 外部関係機関).
    pub fn default_order(self) -> u32 {
        match self {
            Role::Department => 1,
            Role::SystemAdmin => 2,
            Role::SecurityOfficer => 3,
            Role::Manager => 4,
            Role::Vendor => 5,
            Role::Mhlw | Role::Police | Role::Prefecture | Role::HealthCenter | Role::Other => 6,
        }
    }
}

/// One entry of the contacts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub role: Role,
    /// Person or desk (e.g. 「サイバー犯罪相談窓口」).
    pub name: String,
    /// Organisation: the vendor company, the department, the police station.
    pub org: Option<String>,
    /// For a vendor: the system it provides (電子カルテ, レセコン …).
    pub system: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Escalation step: 1 is called first. Contacts sharing a step are called in parallel.
    pub order: u32,
    /// For a 事業者 entry: the vendor (`model::vendor::Vendor`) it stands for, so the company,
    /// its systems and its numbers are kept once, with the vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<i64>,
}

/// The contacts grouped by escalation step, lowest step first; within a step internal roles
/// come before external bodies, then by role and id, so the chart is stable.
pub fn escalation_steps(contacts: &[Contact]) -> Vec<(u32, Vec<&Contact>)> {
    let mut sorted: Vec<&Contact> = contacts.iter().collect();
    sorted.sort_by_key(|c| (c.order, !c.role.is_internal(), c.role, c.id));
    let mut steps: Vec<(u32, Vec<&Contact>)> = Vec::new();
    for c in sorted {
        match steps.last_mut() {
            Some((o, v)) if *o == c.order => v.push(c),
            _ => steps.push((c.order, vec![c])),
        }
    }
    steps
}

/// Roles item 3(1) names that have no contact yet.
pub fn missing_named_roles(contacts: &[Contact]) -> Vec<Role> {
    Role::NAMED_BY_ITEM
        .into_iter()
        .filter(|r| !contacts.iter().any(|c| c.role == *r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, role: Role, order: u32) -> Contact {
        Contact {
            id,
            role,
            name: format!("n{id}"),
            org: None,
            system: None,
            phone: None,
            email: None,
            order,
            vendor: None,
        }
    }

    #[test]
    fn roles_round_trip_and_parse_japanese() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("警察"), Some(Role::Police));
        assert_eq!(Role::parse("安全管理責任者"), Some(Role::SecurityOfficer));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn steps_group_by_order_internal_first() {
        let cs = [
            c(1, Role::Police, 5),
            c(2, Role::Manager, 2),
            c(3, Role::Vendor, 5),
            c(4, Role::SystemAdmin, 1),
            c(5, Role::SecurityOfficer, 5),
        ];
        let steps = escalation_steps(&cs);
        let ids: Vec<(u32, Vec<i64>)> = steps
            .iter()
            .map(|(o, v)| (*o, v.iter().map(|c| c.id).collect()))
            .collect();
        assert_eq!(ids, vec![(1, vec![4]), (2, vec![2]), (5, vec![5, 3, 1])]);
    }

    #[test]
    fn named_roles_missing() {
        let cs = [c(1, Role::Vendor, 5), c(2, Role::Manager, 4)];
        assert_eq!(missing_named_roles(&cs), vec![Role::Mhlw, Role::Police]);
    }
}
