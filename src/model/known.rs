//! The official editions that exist, whether or not kensa ships their items
//! (`checklists/known/editions.yaml`, embedded). A sheet of a 年度 whose official edition no
//! loaded checklist provides is told so, and how to import it (令和8年度版).

use std::sync::OnceLock;

use serde::Deserialize;

use super::checklist::Form;
use super::yaml;

/// The shipped list of official editions.
pub const KNOWN_EDITIONS_YAML: &str = include_str!("../../checklists/known/editions.yaml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownFile {
    schema: u32,
    editions: Vec<KnownEdition>,
}

/// One official edition.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownEdition {
    /// Short edition name, as in an edition file's `edition`: `r8`.
    pub edition: String,
    /// 年度 the edition is for.
    pub fiscal_year: i32,
    pub name_ja: String,
    pub name_en: String,
    pub title: String,
    /// `YYYY-MM-DD`; the 1st when only the month is known.
    pub published: String,
    /// Whether kensa ships item files for it.
    pub ships: bool,
    pub sheets: Vec<KnownSheet>,
    /// Documents the edition was published as (PDF, manual).
    pub sources: Vec<String>,
    pub notes: String,
}

/// One spreadsheet of an edition and the forms it serves (R8: one sheet for 医療機関 and 薬局).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownSheet {
    pub name: String,
    pub forms: Vec<Form>,
    #[serde(default)]
    pub source: Option<String>,
}

impl KnownEdition {
    /// The sheet that serves `form`, if the edition has one.
    pub fn sheet_for(&self, form: Form) -> Option<&KnownSheet> {
        self.sheets.iter().find(|s| s.forms.contains(&form))
    }
}

/// Parse a list of known editions. Checked by the test suite for the shipped file.
pub fn parse_known(text: &str) -> Result<Vec<KnownEdition>, String> {
    let file: KnownFile = yaml::from_str(text)
        .map_err(|e| format!("known editions {}:{}: {}", e.line, e.column, e.message))?;
    if file.schema != 1 {
        return Err(format!("known editions: schema {} is not 1", file.schema));
    }
    for k in &file.editions {
        if jiff::civil::Date::strptime("%Y-%m-%d", &k.published).is_err() {
            return Err(format!(
                "known edition {}: published is not a date",
                k.edition
            ));
        }
        if !super::checklist::FISCAL_YEARS.contains(&k.fiscal_year) {
            return Err(format!(
                "known edition {}: implausible fiscal_year",
                k.edition
            ));
        }
    }
    Ok(file.editions)
}

/// The shipped list. The file is embedded and parsed by a test, so it cannot fail to parse in a
/// released build; were it to, kensa would only lose the notice, never a verdict.
pub fn known_editions() -> &'static [KnownEdition] {
    static KNOWN: OnceLock<Vec<KnownEdition>> = OnceLock::new();
    KNOWN.get_or_init(|| parse_known(KNOWN_EDITIONS_YAML).unwrap_or_default())
}

/// The official edition a sheet of `form` for 年度 `fy` should use when the loaded checklists
/// do not provide it. `loaded(edition, form)` says whether an edition of that name and form is
/// loaded; `newest_loaded_fy` is the 年度 of the newest loaded edition of `form` for `fy`.
pub fn missing_official<'a>(
    known: &'a [KnownEdition],
    form: Form,
    fy: i32,
    newest_loaded_fy: Option<i32>,
    loaded: &dyn Fn(&str, Form) -> bool,
) -> Option<&'a KnownEdition> {
    let newest = known
        .iter()
        .filter(|k| k.fiscal_year <= fy && k.sheet_for(form).is_some())
        .max_by_key(|k| k.fiscal_year)?;
    let sheet = newest.sheet_for(form)?;
    // A merged sheet imported under either form covers both.
    let have = sheet.forms.iter().any(|f| loaded(&newest.edition, *f));
    let covered = newest_loaded_fy.is_some_and(|l| l >= newest.fiscal_year);
    (!have && !covered).then_some(newest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_list_parses_and_names_r8() {
        let known = parse_known(KNOWN_EDITIONS_YAML).unwrap();
        assert_eq!(known_editions().len(), known.len());
        let eds: Vec<_> = known.iter().map(|k| k.edition.as_str()).collect();
        assert_eq!(eds, ["r5", "r6", "r7", "r8"]);
        let r8 = known.iter().find(|k| k.edition == "r8").unwrap();
        assert!(!r8.ships);
        assert_eq!(r8.fiscal_year, 2026);
        // One merged sheet for hospitals and pharmacies.
        assert_eq!(
            r8.sheet_for(Form::Pharmacy).unwrap().name,
            r8.sheet_for(Form::Hospital).unwrap().name
        );
    }

    #[test]
    fn r8_is_missing_until_an_edition_for_it_is_loaded() {
        let known = parse_known(KNOWN_EDITIONS_YAML).unwrap();
        let none = |_: &str, _: Form| false;
        let m = missing_official(&known, Form::Hospital, 2026, Some(2025), &none);
        assert_eq!(m.map(|k| k.edition.as_str()), Some("r8"));
        // 令和7年度: R7 is shipped, nothing is missing.
        assert!(missing_official(&known, Form::Hospital, 2025, Some(2025), &none).is_none());
        // An R8 imported as the hospital form covers the pharmacy form too (one merged sheet).
        let hospital_r8 = |e: &str, f: Form| e == "r8" && f == Form::Hospital;
        assert!(missing_official(&known, Form::Pharmacy, 2026, Some(2025), &hospital_r8).is_none());
        // A user edition for 2026 under another name also covers the year.
        assert!(missing_official(&known, Form::Vendor, 2026, Some(2026), &none).is_none());
    }
}
