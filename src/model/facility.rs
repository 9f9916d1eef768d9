//! The facility profile: who is being inspected.

use serde::{Deserialize, Serialize};

use super::checklist::Form;
use super::limits::{Field, TooLong, check, check_opt};
use super::wareki::halfwidth;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// 医療機関コード: 10 digits (都道府県番号 2, 点数表番号 1, 医療機関コード 7), checked by
    /// [`parse_institution_code`]. Databases from before round 2 have none.
    #[serde(default)]
    pub institution_code: Option<String>,
    /// 病床数 (許可病床数); 0 for a clinic without beds. The prefecture's roll-up bands by it.
    #[serde(default)]
    pub beds: Option<u32>,
    /// 開設者 (the legal founder: 医療法人, 地方公共団体, 個人 …).
    #[serde(default)]
    pub founder: Option<String>,
}

impl Facility {
    /// Every text field of the profile within its limit, so nothing stored can break an output
    /// later (a spreadsheet cell, a bundle).
    pub fn check_lengths(&self) -> Result<(), TooLong> {
        check(Field::FacilityName, &self.name)?;
        check_opt(Field::Prefecture, self.prefecture.as_deref())?;
        check_opt(Field::Manager, self.manager.as_deref())?;
        check_opt(Field::SecurityOfficer, self.security_officer.as_deref())?;
        check_opt(Field::Founder, self.founder.as_deref())
    }
}

/// The prefectures in JIS X 0401 order: the index + 1 is the 都道府県番号 that starts a
/// 医療機関コード.
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// The 都道府県番号 of a prefecture name, with or without its 都/府/県 (「東京」「東京都」;
/// 北海道 is always written whole).
pub fn prefecture_number(name: &str) -> Option<u8> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    PREFECTURES
        .iter()
        .position(|p| {
            *p == name
                || (p.chars().count() > 2 && p.strip_suffix(['都', '府', '県']) == Some(name))
        })
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// Why a 医療機関コード was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstitutionCodeError {
    /// Not 10 digits once spaces and hyphens are removed.
    NotTenDigits,
    /// The first two digits are not a 都道府県番号 (01–47).
    UnknownPrefecture(u8),
    /// The 都道府県番号 names another prefecture than the profile's.
    PrefectureMismatch { code: &'static str, profile: String },
    /// The third digit is not a 点数表番号 a facility has: 1 医科, 3 歯科, 4 調剤.
    UnknownTable(u8),
    /// 調剤 (4) for a hospital or clinic, or 医科/歯科 for a pharmacy.
    TableKind { table: u8, kind: FacilityKind },
}

/// Check and normalise a 医療機関コード: full-width digits are folded, spaces and hyphens
/// removed; the result is 10 ASCII digits whose 都道府県番号 exists (and agrees with the
/// profile's prefecture when that names one) and whose 点数表番号 fits the kind of facility.
/// The 7-digit code's own check digit is not verified: this project holds no official
/// statement of its algorithm, and refusing a real code would be worse than accepting a typo.
pub fn parse_institution_code(
    raw: &str,
    kind: FacilityKind,
    prefecture: Option<&str>,
) -> Result<String, InstitutionCodeError> {
    let code: String = halfwidth(raw)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-' | '\u{3000}' | '\u{2010}'..='\u{2015}' | '\u{30fc}'
            )
        })
        .collect();
    if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InstitutionCodeError::NotTenDigits);
    }
    let digit = |i: usize| code.as_bytes()[i] - b'0';
    let pref = digit(0) * 10 + digit(1);
    let Some(pref_name) = PREFECTURES.get(usize::from(pref).wrapping_sub(1)) else {
        return Err(InstitutionCodeError::UnknownPrefecture(pref));
    };
    if let Some(p) = prefecture
        && let Some(n) = prefecture_number(p)
        && n != pref
    {
        return Err(InstitutionCodeError::PrefectureMismatch {
            code: pref_name,
            profile: p.trim().to_string(),
        });
    }
    let table = digit(2);
    if !matches!(table, 1 | 3 | 4) {
        return Err(InstitutionCodeError::UnknownTable(table));
    }
    if (table == 4) != (kind == FacilityKind::Pharmacy) {
        return Err(InstitutionCodeError::TableKind { table, kind });
    }
    Ok(code)
}

/// Why a 病床数 does not fit the kind of facility (医療法: a 病院 has 20 beds or more, a
/// 診療所 19 or fewer; 無床 means none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BedsError {
    HospitalUnder20,
    ClinicBedsOutside1To19,
    ClinicWithBeds,
    PharmacyWithBeds,
}

pub fn check_beds(kind: FacilityKind, beds: u32) -> Result<(), BedsError> {
    match kind {
        FacilityKind::Hospital if beds < 20 => Err(BedsError::HospitalUnder20),
        FacilityKind::ClinicBeds if !(1..=19).contains(&beds) => {
            Err(BedsError::ClinicBedsOutside1To19)
        }
        FacilityKind::Clinic if beds > 0 => Err(BedsError::ClinicWithBeds),
        FacilityKind::Pharmacy if beds > 0 => Err(BedsError::PharmacyWithBeds),
        _ => Ok(()),
    }
}

/// The six bed-size bands MHLW uses in its own survey (clinics apart), for the roll-up.
pub fn bed_band(beds: u32) -> &'static str {
    match beds {
        0..=19 => "0-19",
        20..=99 => "20-99",
        100..=199 => "100-199",
        200..=299 => "200-299",
        300..=399 => "300-399",
        400..=499 => "400-499",
        _ => "500+",
    }
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

    #[test]
    fn institution_codes() {
        use InstitutionCodeError as E;
        let h = FacilityKind::Hospital;
        assert_eq!(
            parse_institution_code("1311234567", h, None),
            Ok("1311234567".into())
        );
        assert_eq!(
            parse_institution_code("１３-１-１２３４５６７", h, Some("東京都")),
            Ok("1311234567".into())
        );
        assert_eq!(
            parse_institution_code("131123456", h, None),
            Err(E::NotTenDigits)
        );
        assert_eq!(
            parse_institution_code("13112345678", h, None),
            Err(E::NotTenDigits)
        );
        assert_eq!(
            parse_institution_code("13a1234567", h, None),
            Err(E::NotTenDigits)
        );
        assert_eq!(
            parse_institution_code("4811234567", h, None),
            Err(E::UnknownPrefecture(48))
        );
        assert_eq!(
            parse_institution_code("0011234567", h, None),
            Err(E::UnknownPrefecture(0))
        );
        assert_eq!(
            parse_institution_code("1411234567", h, Some("東京")),
            Err(E::PrefectureMismatch {
                code: "神奈川県",
                profile: "東京".into()
            })
        );
        // A prefecture the table does not know is not compared.
        assert!(parse_institution_code("1411234567", h, Some("Tokyo")).is_ok());
        assert_eq!(
            parse_institution_code("1321234567", h, None),
            Err(E::UnknownTable(2))
        );
        assert_eq!(
            parse_institution_code("1341234567", h, None),
            Err(E::TableKind { table: 4, kind: h })
        );
        assert_eq!(
            parse_institution_code("1311234567", FacilityKind::Pharmacy, None),
            Err(E::TableKind {
                table: 1,
                kind: FacilityKind::Pharmacy
            })
        );
        assert!(parse_institution_code("1341234567", FacilityKind::Pharmacy, None).is_ok());
        assert!(parse_institution_code("1331234567", FacilityKind::Clinic, None).is_ok());
    }

    #[test]
    fn beds_fit_the_kind() {
        assert_eq!(
            check_beds(FacilityKind::Hospital, 19),
            Err(BedsError::HospitalUnder20)
        );
        assert_eq!(check_beds(FacilityKind::Hospital, 20), Ok(()));
        assert_eq!(
            check_beds(FacilityKind::ClinicBeds, 0),
            Err(BedsError::ClinicBedsOutside1To19)
        );
        assert_eq!(check_beds(FacilityKind::ClinicBeds, 19), Ok(()));
        assert_eq!(
            check_beds(FacilityKind::Clinic, 1),
            Err(BedsError::ClinicWithBeds)
        );
        assert_eq!(check_beds(FacilityKind::Clinic, 0), Ok(()));
        assert_eq!(
            check_beds(FacilityKind::Pharmacy, 3),
            Err(BedsError::PharmacyWithBeds)
        );
        assert_eq!(bed_band(19), "0-19");
        assert_eq!(bed_band(500), "500+");
    }

    #[test]
    fn prefecture_numbers() {
        assert_eq!(prefecture_number("北海道"), Some(1));
        assert_eq!(prefecture_number("東京"), Some(13));
        assert_eq!(prefecture_number("京都府"), Some(26));
        assert_eq!(prefecture_number("京都"), Some(26));
        assert_eq!(prefecture_number("沖縄県"), Some(47));
        assert_eq!(prefecture_number("北海"), None);
        assert_eq!(prefecture_number(""), None);
    }
}
