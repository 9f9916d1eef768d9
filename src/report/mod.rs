//! Inspection-ready output. Everything renders from one [`data::ReportData`] gathered from the
//! store (reading only): HTML and Markdown through tera templates, xlsx through rust_xlsxwriter,
//! JSON through serde. The 連絡体制図 is drawn in Rust as inline SVG (`chart`).

pub mod chart;
pub mod data;
pub mod dates;
pub mod evidence;
pub mod fit;
pub mod labels;
pub mod templates;
pub mod vendors;
pub mod xlsx;

use crate::i18n::Lang;
use crate::tr;
use data::{ReportData, ledger_headers};
use templates::{TemplateError, Templates};

/// The output formats of `kensa report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
    Xlsx,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }
}

fn lang_of(data: &ReportData) -> Lang {
    if data.lang == "en" {
        Lang::En
    } else {
        Lang::Ja
    }
}

/// `s` as the inside of a double-quoted CSS string: quotes and backslashes escaped, `<` (so no
/// `</style>` can end the style sheet) and control characters as CSS hex escapes.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c == '<' || c == '>' || c == '&' || c.is_control() => {
                out.push_str(&format!("\\{:X} ", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// The running header and footer of every printed HTML page (see the `@page` rule of
/// report.html): facility, form and 年度, date made.
fn page_labels(data: &ReportData) -> [(&'static str, String); 3] {
    let lang = lang_of(data);
    let s = &data.sheet;
    [
        (
            "page_head_css",
            css_string(&format!(
                "{}（{}）",
                data.facility.name, data.facility.kind_label
            )),
        ),
        (
            "page_head_right_css",
            css_string(&format!(
                "{}　{}（{}年度）",
                s.form_label, s.fiscal_year_label, s.fiscal_year
            )),
        ),
        (
            "page_foot_css",
            css_string(&format!(
                "{} {}（{}）　kensa {}",
                tr!(lang, "report.label.generated_on"),
                data.generated_on.iso,
                data.generated_on.wareki,
                data.kensa_version
            )),
        ),
    ]
}

fn context(data: &ReportData) -> Result<tera::Context, TemplateError> {
    let lang = lang_of(data);
    let mut ctx = tera::Context::from_serialize(data).map_err(|e| TemplateError::Template {
        origin: "report data".into(),
        message: e.to_string(),
    })?;
    ctx.insert("t", &labels::template_labels(lang));
    ctx.insert("ledger_headers", &ledger_headers(lang));
    for (name, value) in page_labels(data) {
        ctx.insert(name, &value);
    }
    ctx.insert(
        "contact_chart_svg",
        &chart::contact_chart_svg(lang, &data.contacts, &data.contacts_missing),
    );
    Ok(ctx)
}

/// One self-contained HTML file (no external fonts, scripts or images), A4 print stylesheet.
pub fn render_html(t: &Templates, data: &ReportData) -> Result<String, TemplateError> {
    t.render("report.html", &context(data)?)
}

/// The same content as Markdown, for reading in a plain editor.
pub fn render_markdown(t: &Templates, data: &ReportData) -> Result<String, TemplateError> {
    t.render("report.md", &context(data)?)
}

/// The `kensa.report/1` JSON document.
pub fn render_json(data: &ReportData) -> String {
    // Serialising plain structs of strings, numbers and enums cannot fail; fall back to an
    // empty object rather than panic should that ever change.
    serde_json::to_string_pretty(data).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::data::{GatherInput, LedgerRow, gather};
    use super::*;
    use crate::editions::Library;
    use crate::model::checklist::Form;
    use crate::model::facility::{Facility, FacilityKind};
    use crate::store::Store;

    /// A report of an empty R7 sheet with `n` synthetic ledger rows.
    fn with_ledger(n: usize) -> ReportData {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let facility = Facility {
            name: "テスト病院".into(),
            kind: FacilityKind::Hospital,
            prefecture: None,
            manager: None,
            security_officer: None,
            vendor_contracts: true,
            institution_code: None,
            beds: None,
            founder: None,
        };
        store.save_facility(&facility, "t").unwrap();
        let sheet = store
            .create_sheet("hospital-r7", Form::Hospital, 2025, None, &[], "t")
            .unwrap();
        let (lib, _) = Library::load(None);
        let record = store
            .record(&|id| lib.text(id).map(str::to_string))
            .unwrap();
        let editions = lib.editions_for(&record).unwrap();
        let msg = |f: &crate::model::rules::Finding| f.rule.id().to_string();
        let mut data = gather(&GatherInput {
            record: &record,
            editions: &editions,
            library: &lib,
            sheet_id: sheet.id,
            today: jiff::civil::date(2025, 10, 1),
            lang: Lang::Ja,
            finding_message: &msg,
        })
        .unwrap();
        data.ledger = (0..n)
            .map(|i| LedgerRow {
                management_no: format!("{i:05}"),
                kind: "terminal".into(),
                kind_label: "端末".into(),
                maker: "A社".into(),
                os: "Win11".into(),
                software: "〇〇電子カルテ".into(),
                software_version: "2.0".into(),
                ip_address: format!("192.0.2.{}", i % 250),
                computer_name: format!("Room{}のPC", i % 40),
                location: format!("Room{}", i % 40),
                user: "a医師（〇〇科）".into(),
                registered_on: "2020-12-01".into(),
                status: "稼働".into(),
                description: if i == 0 {
                    "=HYPERLINK(\"x\")".into()
                } else {
                    String::new()
                },
            })
            .collect();
        data
    }

    /// A facility name cannot end the CSS string of the running page header or the style sheet.
    #[test]
    fn page_labels_are_inert_css_strings() {
        assert_eq!(css_string("みなと病院"), "みなと病院");
        let hostile = css_string("a\"}</style><script>x\\\n");
        assert!(
            !hostile.contains('<') && !hostile.contains('\n'),
            "{hostile}"
        );
        assert!(hostile.starts_with("a\\\"}\\3C /style\\3E "), "{hostile}");
        let mut data = with_ledger(0);
        data.facility.name = "\"}</style>".into();
        let html = render_html(&Templates::load(None).unwrap(), &data).unwrap();
        assert_eq!(html.matches("</style>").count(), 1);
        assert!(html.contains(r#"content: "\"}\3C /style\3E （病院）""#));
    }

    #[test]
    fn ledger_appears_in_every_format_when_present() {
        let data = with_ledger(3);
        let t = Templates::load(None).unwrap();
        let html = render_html(&t, &data).unwrap();
        assert!(html.contains("機器台帳（3）"));
        assert!(html.contains("<td class=\"keep\">00002</td>"));
        // 種別 in words, never the stored value.
        assert!(html.contains("<td class=\"keep\">端末</td>"));
        assert!(!html.contains(">terminal<"));
        let md = render_markdown(&t, &data).unwrap();
        assert!(md.contains("| 管理番号 | メーカー | OS |"));
        let json: serde_json::Value = serde_json::from_str(&render_json(&data)).unwrap();
        assert_eq!(json["ledger"][1]["management_no"], "00001");

        use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
        let bytes = xlsx::render_xlsx(&data).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let ws = wb.worksheet_range(xlsx::LEDGER_SHEET).unwrap();
        assert_eq!(ws.get_value((0, 0)), Some(&Data::String("管理番号".into())));
        assert_eq!(ws.get_value((0, 12)), Some(&Data::String("種別".into())));
        assert_eq!(ws.get_value((1, 12)), Some(&Data::String("端末".into())));
        assert_eq!(ws.get_value((3, 0)), Some(&Data::String("00002".into())));
        // Formula-looking text stays text.
        assert_eq!(
            ws.get_value((1, 11)),
            Some(&Data::String("=HYPERLINK(\"x\")".into()))
        );

        let empty = with_ledger(0);
        assert!(!render_html(&t, &empty).unwrap().contains("機器台帳"));
        let bytes = xlsx::render_xlsx(&empty).unwrap();
        let wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert!(!wb.sheet_names().contains(&xlsx::LEDGER_SHEET.to_string()));
    }
}
