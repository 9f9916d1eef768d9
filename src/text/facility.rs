//! Words for the facility profile's checked fields, shared by `kensa init` / `kensa facility
//! edit` and the TUI's setup form, so both refuse a 医療機関コード or a 病床数 in the same words.

use crate::i18n::Lang;
use crate::model::facility::{BedsError, FacilityKind, InstitutionCodeError};
use crate::text::kind_label;
use crate::tr;

/// Why the 医療機関コード `code` (as typed) was refused; `kind` is the facility's.
pub fn institution_code_message(
    lang: Lang,
    code: &str,
    kind: FacilityKind,
    e: &InstitutionCodeError,
) -> String {
    match e {
        InstitutionCodeError::NotTenDigits => {
            tr!(lang, "facility.code_not_ten_digits", code = code)
        }
        InstitutionCodeError::UnknownPrefecture(n) => tr!(
            lang,
            "facility.code_unknown_prefecture",
            code = code,
            number = format!("{n:02}")
        ),
        InstitutionCodeError::PrefectureMismatch {
            code: code_prefecture,
            profile,
        } => tr!(
            lang,
            "facility.code_prefecture_mismatch",
            code = code,
            code_prefecture = code_prefecture,
            profile = profile
        ),
        InstitutionCodeError::UnknownTable(t) => {
            tr!(lang, "facility.code_unknown_table", code = code, table = t)
        }
        InstitutionCodeError::TableKind { table, .. } => tr!(
            lang,
            "facility.code_table_kind",
            code = code,
            table = table,
            kind = kind_label(lang, kind)
        ),
    }
}

/// Why `beds` does not fit the kind of facility.
pub fn beds_message(lang: Lang, beds: u32, e: BedsError) -> String {
    match e {
        BedsError::HospitalUnder20 => tr!(lang, "facility.beds_hospital", beds = beds),
        BedsError::ClinicBedsOutside1To19 => tr!(lang, "facility.beds_clinic_beds", beds = beds),
        BedsError::ClinicWithBeds => tr!(lang, "facility.beds_clinic", beds = beds),
        BedsError::PharmacyWithBeds => tr!(lang, "facility.beds_pharmacy", beds = beds),
    }
}
