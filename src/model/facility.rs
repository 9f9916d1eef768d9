//! The facility profile: who is being inspected.

use serde::{Deserialize, Serialize};

use super::checklist::Form;

/// 施設の種類. Decides which form the facility answers and how often it is inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FacilityKind {
    /// 病院
    Hospital,
    /// 有床診療所
    ClinicBeds,
    /// 無床診療所
    Clinic,
    /// 薬局
    Pharmacy,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; 4] = [
        FacilityKind::Hospital,
        FacilityKind::ClinicBeds,
        FacilityKind::Clinic,
        FacilityKind::Pharmacy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FacilityKind::Hospital => "hospital",
            FacilityKind::ClinicBeds => "clinic-beds",
            FacilityKind::Clinic => "clinic",
            FacilityKind::Pharmacy => "pharmacy",
        }
    }

    pub fn parse(s: &str) -> Option<FacilityKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The facility's own checklist form (the vendor form is filled by its vendors).
    pub fn own_form(self) -> Form {
        match self {
            FacilityKind::Pharmacy => Form::Pharmacy,
            _ => Form::Hospital,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facility {
    pub name: String,
    pub kind: FacilityKind,
    pub prefecture: Option<String>,
    /// 管理者 (the legally responsible manager: 院長 / 管理薬剤師)
    pub manager: Option<String>,
    /// 医療情報システム安全管理責任者
    pub security_officer: Option<String>,
    /// Whether the facility has contracts with system vendors (decides 2(2), 2(3)).
    pub vendor_contracts: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in FacilityKind::ALL {
            assert_eq!(FacilityKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(FacilityKind::Pharmacy.own_form(), Form::Pharmacy);
        assert_eq!(FacilityKind::ClinicBeds.own_form(), Form::Hospital);
    }
}
