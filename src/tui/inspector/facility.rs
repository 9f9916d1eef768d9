//! One facility read-only: the officer's checklist view (its list and detail, drawn by
//! `screens::checklist::draw_sheet`, moved by the same browsing keys) over the sheet the bundle
//! was made for, judged again with the inspector's edition; the inspector's findings above it
//! and, in the detail, those on the selected row. Nothing here can answer anything.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::Lang;
use crate::inspect::desk::Facility;
use crate::inspect::view::{key_label, verdict_label};
use crate::model::rules::{Finding, Severity};
use crate::report::labels::severity_label;
use crate::text::finding_message;
use crate::text::safe::safe;
use crate::tr;
use crate::tui::screens::checklist::dialog::{Dialog, draw_search};
use crate::tui::screens::checklist::{Browse, Checklist, SheetView, draw_sheet};
use crate::tui::session::OpenSheet;
use crate::tui::widgets::text::{fit, fit_line};

pub struct FacilityView {
    pub open: OpenSheet,
    /// Whose key signed it, as the list showed.
    pub key: crate::model::keyring::KeyStatus,
    /// The checklist's cursor, filter, search and focus; its answering keys are never called.
    pub sheet: Checklist,
}

impl FacilityView {
    pub fn new(f: Facility) -> Option<FacilityView> {
        let facility = f.opened.record.facility.clone()?;
        Some(FacilityView {
            open: OpenSheet {
                facility,
                edition: f.opened.edition,
                record: f.sheet,
                contacts: f.opened.record.contacts,
                assessment: f.assessment,
                // The desk's list gives the verdict with the vendors; this view is the sheet.
                vendors_ready: None,
            },
            key: f.opened.key,
            sheet: Checklist::default(),
        })
    }

    /// Whether the search line is open (it takes every key).
    pub fn typing(&self) -> bool {
        self.sheet.dialog.is_some()
    }

    /// A key; `NotMine` for the keys of the desk (Esc back to the list, `q`, `?`).
    pub fn handle_key(&mut self, key: KeyEvent, lang: Lang) -> Browse {
        match self.sheet.dialog.take() {
            Some(Dialog::Search { input }) => self.sheet.search_key(input, key, lang, &self.open),
            // Only the search dialog can be opened from here.
            Some(_) | None => self.sheet.browse_key(key, lang, &self.open),
        }
    }

    fn row_findings(&self) -> Vec<&Finding> {
        let Some(r) = self.sheet.row_in(&self.open) else {
            return Vec::new();
        };
        self.open
            .assessment
            .findings
            .iter()
            .filter(|f| f.item.as_deref() == Some(r.item.as_str()) && f.scope == Some(r.scope))
            .collect()
    }
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Fail => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Severity::Warning => Style::new().fg(Color::Yellow),
        Severity::Notice => Style::new().fg(Color::Gray),
    }
}

fn finding_line(lang: Lang, f: &Finding) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("[{}] ", severity_label(lang, f.severity)),
            severity_style(f.severity),
        ),
        Span::raw(finding_message(lang, f)),
    ])
}

/// The facility's header line for the frame: name, 医療機関コード, the inspector's verdict.
pub fn header_text(lang: Lang, v: &FacilityView) -> String {
    let f = &v.open.facility;
    let code = f.institution_code.as_deref().unwrap_or("-");
    let a = &v.open.assessment;
    format!(
        " {}（{code}）│ {}: {} │ {} │ {}",
        safe(&f.name),
        tr!(lang, "tui.inspector.verdict_by_inspector"),
        verdict_label(lang, a.ready),
        tr!(
            lang,
            "tui.inspector.findings_count",
            count = a
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Notice)
                .count()
        ),
        key_label(lang, &v.key)
    )
}

/// Lines above the sheet: the read-only note and up to two findings not tied to a row (3(1)'s
/// chart, the gate); findings on a row are in its detail.
const SUMMARY_H: u16 = 3;

pub fn draw(v: &FacilityView, lang: Lang, frame: &mut Frame, body: Rect) {
    // Reminders (notices) are for the facility's officer; the inspector sees what fails or warns.
    let sheetwide: Vec<&Finding> = v
        .open
        .assessment
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Notice)
        .filter(|f| f.item.is_none() || f.scope.is_none())
        .collect();
    let summary_h = 1 + sheetwide.len().min(SUMMARY_H as usize - 1) as u16;
    let [summary, rest] =
        Layout::vertical([Constraint::Length(summary_h), Constraint::Fill(1)]).areas(body);
    let width = summary.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        fit(tr!(lang, "tui.inspector.read_only_note"), width),
        Style::new().fg(Color::Cyan),
    ))];
    lines.extend(
        sheetwide
            .iter()
            .map(|f| fit_line(finding_line(lang, f), width)),
    );
    frame.render_widget(Paragraph::new(lines), summary);

    let mut extra = Vec::new();
    let on_row = v.row_findings();
    extra.push(Line::from(Span::styled(
        tr!(lang, "tui.inspector.row_findings", count = on_row.len()),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    extra.extend(on_row.into_iter().map(|f| finding_line(lang, f)));
    let view = SheetView {
        lang,
        open: &v.open,
        read_only: true,
        extra,
    };
    draw_sheet(&v.sheet, &view, frame, rest);
    if let Some(Dialog::Search { input }) = &v.sheet.dialog {
        let cursor = draw_search(lang, input, frame, rest);
        if let Some(p) = cursor {
            frame.set_cursor_position(p);
        }
    }
}
