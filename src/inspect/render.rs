//! The inspector's documents: the 立入検査 記録票 of one facility (HTML through the
//! `inspection.html` template, or an xlsx workbook), the roll-up (HTML through `aggregate.html`
//! with inline SVG charts, or an xlsx workbook with one sheet per table), and both as JSON
//! (`kensa.inspection/1`, `kensa.aggregate/1`). Everything prints on A4 and refers to nothing
//! outside the file.
//!
//! Every text in a workbook is written as a string cell, never as a formula, so a facility
//! name such as `=HYPERLINK(…)` stays inert text.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde_json::{Value, json};

use super::aggregate::Aggregate;
use super::view::{AggregateView, BundleMeta, Column, InspectionView, ShareView, reason_label};
use crate::i18n::Lang;
use crate::model::inspection::{Inspection, SCHEMA as INSPECTION_SCHEMA};
use crate::model::rollup::SCHEMA as AGGREGATE_SCHEMA;
use crate::report::templates::{TemplateError, Templates};
use crate::text::finding_message;

/// Paper size code of A4 in the xlsx page setup.
const A4: u8 = 9;

// ---------------------------------------------------------------------------------------------
// JSON

/// Findings with their message in the user's language added.
fn with_messages(lang: Lang, findings: &[crate::model::rules::Finding]) -> Value {
    Value::Array(
        findings
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("message".into(), finding_message(lang, f).into());
                }
                v
            })
            .collect(),
    )
}

/// `kensa.inspection/1`.
pub fn inspection_json(lang: Lang, meta: &BundleMeta, ins: &Inspection) -> Value {
    let mut v = serde_json::to_value(ins).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("findings".into(), with_messages(lang, &ins.findings));
        let alarm = ins
            .comparison
            .as_ref()
            .is_some_and(|c| c.history_rewritten());
        let mut out = serde_json::Map::new();
        out.insert("schema".into(), INSPECTION_SCHEMA.into());
        out.insert("kensa_version".into(), env!("CARGO_PKG_VERSION").into());
        out.insert("lang".into(), lang.as_str().into());
        out.insert(
            "bundle".into(),
            serde_json::to_value(meta).unwrap_or_default(),
        );
        out.insert("history_alarm".into(), alarm.into());
        out.append(o);
        return Value::Object(out);
    }
    v
}

/// `kensa.aggregate/1`.
pub fn aggregate_json(lang: Lang, agg: &Aggregate) -> Value {
    let r = &agg.rollup;
    let facilities: Vec<Value> = r
        .facilities
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("findings".into(), with_messages(lang, &f.bundle.findings));
            }
            v
        })
        .collect();
    let refused: Vec<Value> = agg
        .refused
        .iter()
        .map(|x| {
            let mut v = serde_json::to_value(x).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("reason_label".into(), reason_label(lang, x.reason).into());
            }
            v
        })
        .collect();
    json!({
        "schema": AGGREGATE_SCHEMA,
        "kensa_version": env!("CARGO_PKG_VERSION"),
        "lang": lang.as_str(),
        "today": agg.today,
        "totals": r.totals,
        "refused_count": agg.refused.len(),
        "facilities": facilities,
        "items": r.items,
        "refused": refused,
    })
}

// ---------------------------------------------------------------------------------------------
// HTML and SVG

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const GREEN: &str = "#2e7d32";
const RED: &str = "#c62828";
const GREY: &str = "#9e9e9e";

/// One horizontal bar split into coloured parts of `parts` (percentages).
fn stacked_bar(parts: &[(f64, &str)], width: f64, height: f64) -> String {
    let mut x = 0.0;
    let mut rects = String::new();
    for (pct, colour) in parts {
        let w = (width * pct / 100.0).max(0.0);
        if w > 0.0 {
            rects.push_str(&format!(
                r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="{height}" fill="{colour}"/>"#
            ));
        }
        x += w;
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"><rect x="0" y="0" width="{width}" height="{height}" fill="#eeeeee"/>{rects}</svg>"##
    )
}

/// Ready / not ready per column, as labelled horizontal bars scaled to the largest column.
fn verdict_chart(columns: &[Column]) -> String {
    let shown: Vec<&Column> = columns.iter().filter(|c| c.facilities > 0).collect();
    let max = shown.iter().map(|c| c.facilities).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (120.0, 220.0, 18.0);
    let height = row_h * shown.len().max(1) as f64 + 4.0;
    let width = label_w + bar_w + 60.0;
    let mut body = String::new();
    for (i, c) in shown.iter().enumerate() {
        let y = 2.0 + row_h * i as f64;
        let ready_w = bar_w * c.ready as f64 / max;
        let not_w = bar_w * (c.facilities - c.ready) as f64 / max;
        body.push_str(&format!(
            r#"<text x="{tx:.1}" y="{ty:.1}" font-size="10" text-anchor="end">{label}</text><rect x="{label_w}" y="{y:.1}" width="{ready_w:.1}" height="12" fill="{GREEN}"/><rect x="{nx:.1}" y="{y:.1}" width="{not_w:.1}" height="12" fill="{RED}"/><text x="{cx:.1}" y="{ty:.1}" font-size="10">{ready}/{total}</text>"#,
            tx = label_w - 4.0,
            ty = y + 10.0,
            label = xml(&c.label),
            nx = label_w + ready_w,
            cx = label_w + ready_w + not_w + 4.0,
            ready = c.ready,
            total = c.facilities,
        ));
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="sans-serif">{body}</svg>"#
    )
}

fn share_bar(s: &ShareView) -> String {
    stacked_bar(
        &[
            (s.yes_pct, GREEN),
            (s.no_pct, RED),
            (s.unanswered_pct, GREY),
        ],
        150.0,
        10.0,
    )
}

/// The record sheet as one self-contained HTML file.
pub fn inspection_html(t: &Templates, v: &InspectionView) -> Result<String, TemplateError> {
    t.render_data("inspection.html", v, &[])
}

/// The roll-up as one self-contained HTML file with inline SVG charts.
pub fn aggregate_html(t: &Templates, v: &AggregateView) -> Result<String, TemplateError> {
    let bars: Vec<String> = v.items.iter().map(|i| share_bar(&i.overall)).collect();
    t.render_data(
        "aggregate.html",
        v,
        &[
            ("chart_kinds", Value::String(verdict_chart(&v.kinds))),
            ("chart_bands", Value::String(verdict_chart(&v.bands))),
            ("item_bars", json!(bars)),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// xlsx

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    bold: Format,
    red: Format,
    box_: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: base.clone().set_bold().set_background_color("#EEEEEE"),
        cell: base.clone(),
        bold: Format::new().set_bold().set_text_wrap(),
        red: Format::new()
            .set_bold()
            .set_font_color("#AA0000")
            .set_text_wrap(),
        box_: base,
    }
}

fn page_setup(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
}

/// A table: header row at `row`, then `rows`; returns the next free row. With `filter`, an
/// autofilter over it and the header repeated on every printed page.
fn table(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    headers: &[&str],
    rows: &[Vec<String>],
    filter: bool,
) -> Result<u32, XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            ws.write_string_with_format(row + 1 + i as u32, c as u16, v, &f.cell)?;
        }
    }
    if filter && !headers.is_empty() {
        ws.autofilter(row, 0, row + rows.len() as u32, headers.len() as u16 - 1)?;
        ws.set_repeat_rows(row, row)?;
        ws.set_freeze_panes(row + 1, 0)?;
    }
    Ok(row + 1 + rows.len() as u32)
}

fn label<'a>(v: &'a std::collections::BTreeMap<&'static str, &'static str>, k: &str) -> &'a str {
    v.get(k).copied().unwrap_or("")
}

/// The record sheet as a workbook: one A4 sheet with facility, bundle, verdict, findings,
/// いいえ rows, the visit, the comparison, space for 指導事項 and the signature; a second
/// sheet with every applicable row's 1回目.
pub fn inspection_xlsx(v: &InspectionView) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let t = &v.t;
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(label(t, "title"))?;
        page_setup(ws, false);
        for (c, w) in [(0u16, 16.0), (1, 18.0), (2, 18.0), (3, 18.0), (4, 18.0)] {
            ws.set_column_width(c, w)?;
        }
        ws.merge_range(0, 0, 0, 4, label(t, "title"), &f.title)?;
        let mut row = 2;
        for fact in v.facility.iter().chain(v.bundle.iter()) {
            ws.write_string_with_format(row, 0, &fact.label, &f.header)?;
            ws.merge_range(row, 1, row, 4, &fact.value, &f.cell)?;
            row += 1;
        }
        row += 1;
        if let Some(w) = &v.key_warning {
            ws.merge_range(row, 0, row, 4, w, &f.red)?;
            row += 1;
        }
        if let Some(c) = v.comparison.as_ref().filter(|c| c.alarm) {
            ws.merge_range(row, 0, row, 4, &c.history, &f.red)?;
            row += 1;
        }
        let verdict = format!(
            "{}: {}　{}: {}",
            label(t, "verdict"),
            v.verdict,
            label(t, "gate"),
            v.gate
        );
        ws.merge_range(
            row,
            0,
            row,
            4,
            &verdict,
            if v.ready { &f.bold } else { &f.red },
        )?;
        row += 1;
        for n in &v.edition_notes {
            ws.merge_range(
                row,
                0,
                row,
                4,
                n,
                if v.edition_warning { &f.red } else { &f.bold },
            )?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, label(t, "findings"), &f.bold)?;
        row += 1;
        let findings: Vec<Vec<String>> = v
            .findings
            .iter()
            .map(|x| vec![x.severity_label.clone(), x.row.clone(), x.message.clone()])
            .collect();
        row = table(
            ws,
            &f,
            row,
            &["", label(t, "col_item"), label(t, "findings")],
            &findings,
            false,
        )?;
        row += 1;
        ws.write_string_with_format(row, 0, label(t, "nos"), &f.bold)?;
        row += 1;
        let nos: Vec<Vec<String>> = v
            .nos
            .iter()
            .map(|n| {
                vec![
                    n.row.clone(),
                    n.target
                        .as_ref()
                        .map_or_else(|| label(t, "none").to_string(), |d| d.iso.clone()),
                    format!("{}（{}）", n.deadline_fiscal_year, n.deadline.iso),
                    n.fit.clone(),
                    if n.overdue {
                        label(t, "overdue").to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        row = table(
            ws,
            &f,
            row,
            &[
                label(t, "col_item"),
                label(t, "col_target"),
                label(t, "deadline"),
                label(t, "fit"),
                label(t, "overdue"),
            ],
            &nos,
            false,
        )?;
        row += 1;
        ws.write_string_with_format(row, 0, label(t, "contracts"), &f.bold)?;
        let mut contracts = v.contracts_declared.clone();
        for c in &v.contracts {
            contracts.push_str(&format!("　{}: {} / {}", c.row, c.requirement, c.status));
        }
        ws.merge_range(row, 1, row, 4, &contracts, &f.cell)?;
        row += 1;
        if let Some(n) = &v.contracts_note {
            ws.merge_range(row, 0, row, 4, n, &f.red)?;
            row += 1;
        }
        if let Some(vs) = &v.vendors {
            ws.write_string_with_format(row, 0, label(t, "vendors"), &f.bold)?;
            let verdict_format = if vs.ready { &f.cell } else { &f.red };
            ws.merge_range(row, 1, row, 4, &vs.verdict, verdict_format)?;
            row += 1;
            for line in vs.lines.iter().chain(&vs.findings) {
                ws.merge_range(row, 1, row, 4, line, &f.cell)?;
                row += 1;
            }
            if let Some(g) = &vs.gaps {
                ws.merge_range(row, 1, row, 4, g, &f.red)?;
                row += 1;
            }
        }
        row += 1;
        ws.write_string_with_format(row, 0, label(t, "visit"), &f.bold)?;
        row += 1;
        let mut visit: Vec<String> = Vec::new();
        visit.extend(v.chart.clone());
        visit.push(format!(
            "{}: {}",
            label(t, "discuss"),
            join_or_none(t, &v.discuss)
        ));
        for e in &v.evidence {
            visit.push(format!(
                "{} {}: {}",
                label(t, "evidence"),
                e.row,
                e.files.join("、")
            ));
        }
        if !v.unverified.is_empty() {
            visit.push(format!(
                "{}: {}",
                label(t, "unverified"),
                v.unverified.join("、")
            ));
        }
        for line in &visit {
            ws.merge_range(row, 0, row, 4, &format!("・{line}"), &f.cell)?;
            row += 1;
        }
        if let Some(c) = &v.comparison {
            row += 1;
            ws.write_string_with_format(row, 0, label(t, "comparison"), &f.bold)?;
            ws.merge_range(row, 1, row, 4, &c.previous, &f.cell)?;
            row += 1;
            for (k, items) in [
                ("answers_changed", &c.answers),
                ("targets_moved", &c.targets),
                ("ledger_added", &c.ledger_added),
                ("ledger_retired", &c.ledger_retired),
                ("ledger_vanished", &c.ledger_vanished),
            ] {
                ws.write_string_with_format(row, 0, label(t, k), &f.header)?;
                ws.merge_range(row, 1, row, 4, &join_or_none(t, items), &f.cell)?;
                row += 1;
            }
            ws.write_string_with_format(row, 0, label(t, "audit"), &f.header)?;
            ws.merge_range(
                row,
                1,
                row,
                4,
                &c.history,
                if c.alarm { &f.red } else { &f.cell },
            )?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, label(t, "guidance"), &f.bold)?;
        row += 1;
        ws.merge_range(row, 0, row + 9, 4, "", &f.box_)?;
        row += 11;
        ws.write_string_with_format(row, 0, label(t, "inspection_date"), &f.header)?;
        ws.write_string_with_format(row, 1, "", &f.box_)?;
        ws.write_string_with_format(row, 2, label(t, "inspector"), &f.header)?;
        ws.write_string_with_format(row, 3, "", &f.box_)?;
        ws.write_string_with_format(row, 4, label(t, "seal"), &f.box_)?;
        ws.set_row_height(row, 30.0)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(label(t, "first_checks"))?;
        page_setup(ws, false);
        for (c, w) in [
            (0u16, 12.0),
            (1, 44.0),
            (2, 16.0),
            (3, 12.0),
            (4, 16.0),
            (5, 10.0),
        ] {
            ws.set_column_width(c, w)?;
        }
        let rows: Vec<Vec<String>> = v
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.row.clone(),
                    r.text.clone(),
                    r.first.clone(),
                    r.target.as_ref().map(|d| d.iso.clone()).unwrap_or_default(),
                    r.second.clone(),
                    r.status.clone(),
                ]
            })
            .collect();
        table(
            ws,
            &f,
            0,
            &[
                label(t, "col_item"),
                label(t, "col_text"),
                label(t, "col_first"),
                label(t, "col_target"),
                label(t, "col_second"),
                label(t, "col_status"),
            ],
            &rows,
            true,
        )?;
    }
    wb.save_to_buffer()
}

fn join_or_none(
    t: &std::collections::BTreeMap<&'static str, &'static str>,
    items: &[String],
) -> String {
    if items.is_empty() {
        label(t, "none").to_string()
    } else {
        items.join("、")
    }
}

/// Sheet names of the roll-up workbook, fixed so other tools can find them.
pub const SUMMARY_SHEET: &str = "集計";
pub const FACILITIES_SHEET: &str = "施設一覧";
pub const ITEMS_SHEET: &str = "項目別";
pub const NOT_READY_SHEET: &str = "不可の施設";
pub const REFUSED_SHEET: &str = "受理しなかったファイル";

/// The roll-up as a workbook: one sheet per table, each with a filter and A4 print setup.
pub fn aggregate_xlsx(v: &AggregateView) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let t = &v.t;
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(SUMMARY_SHEET)?;
        page_setup(ws, false);
        ws.set_column_width(0, 28.0)?;
        for c in 1..4 {
            ws.set_column_width(c, 12.0)?;
        }
        ws.merge_range(0, 0, 0, 3, label(t, "aggregate_title"), &f.title)?;
        ws.write_string(
            1,
            0,
            format!("{}: {}", label(t, "generated_on"), v.generated.iso),
        )?;
        let mut row = 3;
        for fact in &v.summary {
            ws.write_string_with_format(row, 0, &fact.label, &f.header)?;
            ws.write_string_with_format(row, 1, &fact.value, &f.cell)?;
            row += 1;
        }
        row += 1;
        let cols = |cs: &[Column]| -> Vec<Vec<String>> {
            cs.iter()
                .map(|c| {
                    vec![
                        c.label.clone(),
                        c.facilities.to_string(),
                        c.ready.to_string(),
                        (c.facilities - c.ready).to_string(),
                    ]
                })
                .collect()
        };
        let heads = [
            label(t, "by_kind"),
            label(t, "facilities"),
            label(t, "ready"),
            label(t, "not_ready"),
        ];
        row = table(ws, &f, row, &heads, &cols(&v.kinds), false)? + 1;
        let heads = [
            label(t, "by_band"),
            label(t, "facilities"),
            label(t, "ready"),
            label(t, "not_ready"),
        ];
        table(ws, &f, row, &heads, &cols(&v.bands), false)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(FACILITIES_SHEET)?;
        page_setup(ws, true);
        let heads = [
            label(t, "facility"),
            label(t, "code"),
            label(t, "facility_kind"),
            label(t, "band"),
            label(t, "edition"),
            label(t, "fiscal_year"),
            label(t, "verdict_short"),
            label(t, "findings_count"),
            label(t, "nos_count"),
            label(t, "overdue_count"),
            label(t, "key"),
            label(t, "bundle_date"),
            label(t, "history"),
            label(t, "older"),
            label(t, "path"),
        ];
        let rows: Vec<Vec<String>> = v
            .facilities
            .iter()
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.code.clone(),
                    x.kind.clone(),
                    x.band.clone(),
                    x.edition.clone(),
                    x.fiscal_year.clone(),
                    x.verdict.clone(),
                    x.findings.to_string(),
                    x.nos.to_string(),
                    x.overdue.to_string(),
                    x.key.clone(),
                    x.bundle_date.clone(),
                    x.history.clone().unwrap_or_default(),
                    x.superseded.join("\n"),
                    x.path.clone(),
                ]
            })
            .collect();
        for (c, w) in [
            (0u16, 24.0),
            (1, 12.0),
            (2, 10.0),
            (3, 10.0),
            (4, 12.0),
            (5, 10.0),
            (6, 6.0),
        ] {
            ws.set_column_width(c, w)?;
        }
        for c in 7..10u16 {
            ws.set_column_width(c, 6.0)?;
        }
        for (c, w) in [
            (10u16, 12.0),
            (11, 18.0),
            (12, 24.0),
            (13, 24.0),
            (14, 30.0),
        ] {
            ws.set_column_width(c, w)?;
        }
        // Counts as numbers, so the filter and sums work.
        table(ws, &f, 0, &heads, &rows, true)?;
        for (i, x) in v.facilities.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_number_with_format(r, 7, x.findings as f64, &f.cell)?;
            ws.write_number_with_format(r, 8, x.nos as f64, &f.cell)?;
            ws.write_number_with_format(r, 9, x.overdue as f64, &f.cell)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(ITEMS_SHEET)?;
        page_setup(ws, true);
        let mut heads: Vec<String> = vec![
            label(t, "edition").to_string(),
            label(t, "col_item").to_string(),
            label(t, "col_text").to_string(),
            format!("{} {}", label(t, "overall"), label(t, "answer_yes")),
            format!("{} {}", label(t, "overall"), label(t, "answer_no")),
            format!("{} {}", label(t, "overall"), label(t, "unanswered")),
            format!("{} %", label(t, "answer_yes")),
        ];
        for k in &v.kinds {
            heads.push(format!("{} {} %", k.label, label(t, "answer_yes")));
        }
        for b in &v.bands {
            heads.push(format!("{} {} %", b.label, label(t, "answer_yes")));
        }
        let head_refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = v
            .items
            .iter()
            .map(|i| vec![i.edition.clone(), i.row.clone(), i.text.clone()])
            .collect();
        ws.set_column_width(2, 40.0)?;
        table(ws, &f, 0, &head_refs, &rows, true)?;
        for (n, i) in v.items.iter().enumerate() {
            let r = n as u32 + 1;
            let mut c = 3u16;
            for x in [i.overall.yes, i.overall.no, i.overall.unanswered] {
                ws.write_number_with_format(r, c, x as f64, &f.cell)?;
                c += 1;
            }
            ws.write_number_with_format(r, c, i.overall.yes_pct, &f.cell)?;
            c += 1;
            for s in i.by_kind.iter().chain(i.by_band.iter()) {
                if s.total > 0 {
                    ws.write_number_with_format(r, c, s.yes_pct, &f.cell)?;
                } else {
                    ws.write_string_with_format(r, c, "-", &f.cell)?;
                }
                c += 1;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(NOT_READY_SHEET)?;
        page_setup(ws, false);
        let rows: Vec<Vec<String>> = v
            .not_ready
            .iter()
            .flat_map(|x| {
                x.finding_lines.iter().map(move |l| {
                    vec![
                        x.name.clone(),
                        x.code.clone(),
                        l.severity_label.clone(),
                        l.row.clone(),
                        l.message.clone(),
                    ]
                })
            })
            .collect();
        for (c, w) in [(0u16, 22.0), (1, 12.0), (2, 8.0), (3, 14.0), (4, 60.0)] {
            ws.set_column_width(c, w)?;
        }
        table(
            ws,
            &f,
            0,
            &[
                label(t, "facility"),
                label(t, "code"),
                "",
                label(t, "col_item"),
                label(t, "findings"),
            ],
            &rows,
            true,
        )?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(REFUSED_SHEET)?;
        page_setup(ws, true);
        let rows: Vec<Vec<String>> = v
            .refused
            .iter()
            .map(|r| {
                vec![
                    r.path.clone(),
                    r.reason.clone(),
                    r.message.clone(),
                    r.fingerprint.clone(),
                    r.facility.clone(),
                ]
            })
            .collect();
        for (c, w) in [(0u16, 36.0), (1, 16.0), (2, 70.0), (3, 40.0), (4, 20.0)] {
            ws.set_column_width(c, w)?;
        }
        table(
            ws,
            &f,
            0,
            &[
                label(t, "path"),
                label(t, "reason"),
                label(t, "message"),
                label(t, "fingerprint"),
                label(t, "facility"),
            ],
            &rows,
            true,
        )?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_plain_svg() {
        let s = stacked_bar(&[(50.0, GREEN), (25.0, RED), (25.0, GREY)], 100.0, 10.0);
        assert!(s.starts_with("<svg"));
        assert_eq!(s.matches("<rect").count(), 4);
        assert!(!s.contains("http://") || s.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        let c = verdict_chart(&[Column {
            id: "hospital",
            label: "<病院>".into(),
            facilities: 3,
            ready: 1,
        }]);
        assert!(c.contains("&lt;病院&gt;"));
        assert!(c.contains("1/3"));
    }
}
