//! The 事業者 screen (issue 14): every vendor under contract with its 事業者確認用's status, due date
//! and MDS/SDS; the coverage matrix (item × facility, vendors) with its gaps; `r` writes a request
//! (the same `vendor::request::write_request` as `kensa vendor request`), `i` imports a response
//! (read and planned on a worker by `vendor::import::prepare`, shown as a dry run, stored only on
//! `y` by the same `Store::import_response` as `kensa vendor import`), Enter shows a vendor's sheet
//! read-only. Vendors are added and edited with `kensa vendor add|edit`; the screen says so.
//!
//! Everything shown is judged from the facility record (`Store::record`) by
//! `model::vendor::coverage::assess_vendors`, the function behind `kensa vendor status`.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{KeyFocus, Screen};
use crate::bundle::keys::read_secret;
use crate::fsio::{ReadFailure, read_limited};
use crate::i18n::Lang;
use crate::model::checklist::{Form as SheetForm, Scope};
use crate::model::record::{Editions, Record};
use crate::model::vendor::coverage::{
    CoverageCell, RowCoverage, VendorAssessment, VendorFacts, assess_vendors,
};
use crate::model::vendor::exchange::{ImportPlan, rows_for_contract};
use crate::model::vendor::{SheetStatus, Vendor, current_disclosures, disclosure_is_old};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year, parse_date};
use crate::store::ResponseProvenance;
use crate::text::record::record_error;
use crate::text::safe::{safe, safe_path};
use crate::text::vendor::{
    cell_label, cells_line, column_label, import_failure_lines, row_label, status_word,
};
use crate::text::{io_detail, store_error};
use crate::tr;
use crate::tui::session::{ScreenId, Session};
use crate::tui::widgets::dialog::{centered, path_popup, popup};
use crate::tui::widgets::form::{self, Form, FormField, FormOutcome};
use crate::tui::widgets::input::{LineInput, complete_path, edit_line};
use crate::tui::widgets::table::{first_shown, header, row_style};
use crate::tui::widgets::text::{fit, pad, short_date, wrap};
use crate::tui::work::{Report, Work};
use crate::vendor::MAX_RESPONSE_BYTES;
use crate::vendor::import::{self, ImportInput};
use crate::vendor::request::{RequestSpec, file_name, write_request};

/// The facility record and what the vendor rules say about it, read when the screen is shown and
/// after every write.
#[derive(Debug, Clone)]
pub struct View {
    pub record: Record,
    pub editions: Editions,
    pub assessment: VendorAssessment,
}

/// Which list ↑↓ move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Vendors,
    Matrix,
}

/// A response read and planned, waiting for `y`.
#[derive(Debug, Clone)]
pub struct Preview {
    pub sheet_id: i64,
    pub plan: ImportPlan,
    pub provenance: ResponseProvenance,
    /// The dry run as `kensa vendor import --dry-run` prints it.
    pub lines: Vec<String>,
    pub offset: usize,
}

/// A dialog over the screen; it takes every key until closed.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// Where to write the request for `vendor`, its due date and format.
    Request { vendor: i64, form: Form },
    /// The response file to import (Tab completes).
    Import {
        input: LineInput,
        candidates: Vec<String>,
    },
    /// A worker is reading the file.
    Busy { what: String },
    /// The dry run: `y` stores, anything else cancels.
    Preview(Box<Preview>),
    /// Why the file cannot be imported, by sheet and cell; any key closes.
    Failed { lines: Vec<String>, offset: usize },
    /// A vendor's sheet, read-only; ↑↓ scroll, any other key closes.
    Sheet {
        title: String,
        lines: Vec<String>,
        offset: usize,
    },
}

#[derive(Debug, Default)]
pub struct Vendors {
    pub view: Option<View>,
    pub selected: usize,
    /// First matrix row shown.
    pub matrix_row: usize,
    pub pane: Pane,
    pub dialog: Option<Dialog>,
}

/// Read the response and plan it against the record, off the UI thread: a workbook of several
/// megabytes takes a moment to inflate and check.
#[derive(Debug)]
pub struct ReadResponse {
    pub path: PathBuf,
    pub record: Record,
    pub editions: Editions,
    pub today: Date,
}

/// What [`ReadResponse`] sends back.
#[derive(Debug)]
pub enum ImportReport {
    Ready(Box<Preview>),
    Failed(Vec<String>),
}

impl Work for ReadResponse {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        send(Report::new(read_and_plan(&self, lang)));
    }
}

/// `kensa vendor import --dry-run`, as lines for the dialog.
fn read_and_plan(w: &ReadResponse, lang: Lang) -> ImportReport {
    let refused = || tr!(lang, "vendor.import_refused").to_string();
    let bytes = match read_limited(&w.path, MAX_RESPONSE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let line = match e {
                ReadFailure::Io(e) => tr!(
                    lang,
                    "vendor.read_failed",
                    path = safe_path(&w.path),
                    detail = io_detail(lang, &e)
                ),
                ReadFailure::TooLarge { size } => tr!(
                    lang,
                    "vendor.file_too_large",
                    path = safe_path(&w.path),
                    size = size,
                    limit = MAX_RESPONSE_BYTES
                ),
            };
            return ImportReport::Failed(vec![line, refused()]);
        }
    };
    let name = file_name(&w.path);
    let prepared = match import::prepare(&ImportInput {
        record: &w.record,
        editions: &w.editions,
        file_name: &name,
        bytes: &bytes,
        today: w.today,
        expected_key: None,
    }) {
        Ok(p) => p,
        Err(f) => {
            let mut lines = import_failure_lines(lang, &name, &f);
            lines.push(refused());
            return ImportReport::Failed(lines);
        }
    };
    let plan = &prepared.plan;
    let mut lines = vec![tr!(
        lang,
        "vendor.import_header",
        name = safe(&prepared.vendor.name),
        sheet = prepared.sheet.sheet.key(),
        rows = plan.rows_read,
        format = prepared.format.as_str()
    )];
    if let Some(signer) = &prepared.provenance.signer {
        lines.push(tr!(
            lang,
            "vendor.import_signer",
            fingerprint = signer,
            responder = safe(&prepared.responder)
        ));
    }
    if plan.changes.is_empty() {
        lines.push(tr!(lang, "vendor.import_no_change").to_string());
    }
    for c in &plan.changes {
        lines.push(format!(
            "  {}  {} → {}",
            row_label(&c.item, c.scope),
            cells_line(lang, &c.before),
            cells_line(lang, &c.after)
        ));
    }
    if !plan.unanswered.is_empty() {
        let rows: Vec<String> = plan
            .unanswered
            .iter()
            .map(|(i, s)| row_label(i, *s))
            .collect();
        lines.push(tr!(
            lang,
            "vendor.import_unanswered",
            count = rows.len(),
            rows = rows.join(", ")
        ));
    }
    ImportReport::Ready(Box::new(Preview {
        sheet_id: prepared.sheet.sheet.id,
        plan: prepared.plan.clone(),
        provenance: prepared.provenance.clone(),
        lines,
        offset: 0,
    }))
}

/// A file name for the request that every file system takes: the vendor's name with path
/// separators and control characters replaced.
pub fn default_request_name(vendor: &str, fy: i16, xlsx: bool) -> String {
    let clean: String = vendor
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .take(40)
        .collect();
    let ext = if xlsx { "xlsx" } else { "kensa-request" };
    format!("事業者確認用_{clean}_{fy}.{ext}")
}

/// `~/x` as the home folder's `x`.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        _ => PathBuf::from(typed),
    }
}

impl Vendors {
    fn fiscal_year(s: &Session) -> i16 {
        fiscal_year_of(s.today)
    }

    /// Read the record again and judge it.
    fn load(&mut self, s: &mut Session) {
        let lang = s.lang;
        let lib = &s.lib;
        let record = match s.store.record(&|id| lib.text(id).map(str::to_string)) {
            Ok(r) => r,
            Err(e) => return s.error(store_error(lang, &e)),
        };
        let editions = match lib.editions_for(&record) {
            Ok(e) => e,
            Err(e) => return s.error(record_error(lang, &e)),
        };
        let assessment = assess_vendors(
            &VendorFacts::of(&record, &editions),
            Self::fiscal_year(s),
            s.today,
        );
        self.selected = self
            .selected
            .min(assessment.vendors.len().saturating_sub(1));
        self.matrix_row = self
            .matrix_row
            .min(assessment.coverage.rows.len().saturating_sub(1));
        self.view = Some(View {
            record,
            editions,
            assessment,
        });
    }

    /// The vendor on the selected line.
    fn selected_vendor(&self) -> Option<&Vendor> {
        let view = self.view.as_ref()?;
        let id = view.assessment.vendors.get(self.selected)?.vendor;
        view.record.vendors.iter().find(|v| v.id == id)
    }

    fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        let (n_vendors, n_rows) = self.view.as_ref().map_or((0, 0), |v| {
            (v.assessment.vendors.len(), v.assessment.coverage.rows.len())
        });
        let (cursor, n) = match self.pane {
            Pane::Vendors => (&mut self.selected, n_vendors),
            Pane::Matrix => (&mut self.matrix_row, n_rows),
        };
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => *cursor = (*cursor + 1).min(n.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
            KeyCode::PageDown => *cursor = (*cursor + 10).min(n.saturating_sub(1)),
            KeyCode::PageUp => *cursor = cursor.saturating_sub(10),
            KeyCode::Tab => {
                self.pane = match self.pane {
                    Pane::Vendors => Pane::Matrix,
                    Pane::Matrix => Pane::Vendors,
                }
            }
            KeyCode::Char('g') => {
                // The next gap below the matrix cursor (wrapping): the rows the inspector asks about.
                if let Some(view) = &self.view {
                    let rows = &view.assessment.coverage.rows;
                    let next = (1..=rows.len())
                        .map(|d| (self.matrix_row + d) % rows.len().max(1))
                        .find(|&i| rows.get(i).is_some_and(|r| r.coverage == RowCoverage::Gap));
                    match next {
                        Some(i) => {
                            self.matrix_row = i;
                            self.pane = Pane::Matrix;
                        }
                        None => s.info(tr!(lang, "vendor.no_gaps").to_string()),
                    }
                }
            }
            KeyCode::Enter => self.open_sheet(s),
            KeyCode::Char('r') => match self.selected_vendor() {
                Some(v) => {
                    let fy = Self::fiscal_year(s);
                    let fields = vec![
                        FormField::text(
                            tr!(lang, "tui.vendors.field.path"),
                            &default_request_name(&v.name, fy, true),
                        ),
                        FormField::text(tr!(lang, "tui.vendors.field.due"), ""),
                        FormField::choice(
                            tr!(lang, "tui.vendors.field.format"),
                            vec![
                                tr!(lang, "tui.vendors.format.xlsx").to_string(),
                                tr!(lang, "tui.vendors.format.kensa").to_string(),
                            ],
                            0,
                        ),
                        FormField::text(tr!(lang, "tui.vendors.field.key"), ""),
                    ];
                    self.dialog = Some(Dialog::Request {
                        vendor: v.id,
                        form: Form::new(
                            tr!(lang, "tui.vendors.request_title", name = safe(&v.name)),
                            fields,
                        ),
                    });
                }
                None => s.error(tr!(lang, "tui.vendors.none").to_string()),
            },
            KeyCode::Char('i') => {
                self.dialog = Some(Dialog::Import {
                    input: LineInput::new(""),
                    candidates: Vec::new(),
                });
            }
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            _ => {}
        }
    }

    /// The selected vendor's sheet of the 年度, read-only: each row with its cells and 備考, rows
    /// outside the contract marked.
    fn open_sheet(&mut self, s: &mut Session) {
        let lang = s.lang;
        let (Some(view), Some(v)) = (self.view.as_ref(), self.selected_vendor()) else {
            return;
        };
        let Some(sheet) = view
            .assessment
            .vendors
            .get(self.selected)
            .and_then(|vv| vv.sheet)
            .and_then(|id| view.record.sheet(id).ok())
        else {
            s.info(tr!(lang, "tui.vendors.no_sheet", name = safe(&v.name)));
            return;
        };
        let Some(edition) = view.editions.get(&sheet.sheet.edition_id) else {
            s.error(tr!(
                lang,
                "sheet.edition_missing_for",
                sheet = sheet.sheet.key(),
                edition = sheet.sheet.edition_id
            ));
            return;
        };
        let all = [Scope::Server, Scope::Terminal, Scope::Network];
        let lines = rows_for_contract(sheet, edition, &all)
            .into_iter()
            .map(|(item, scope, cells, note)| {
                let outside = if v.covers(scope) {
                    String::new()
                } else {
                    format!(" {}", tr!(lang, "tui.vendors.out_of_contract"))
                };
                let note = if note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", safe(&note))
                };
                format!(
                    "{}{outside}  {}{note}",
                    pad(&row_label(&item, scope), 12),
                    cells_line(lang, &cells)
                )
            })
            .collect();
        let title = tr!(
            lang,
            "tui.vendors.sheet_title",
            name = safe(&v.name),
            sheet = sheet.sheet.key()
        );
        self.dialog = Some(Dialog::Sheet {
            title,
            lines,
            offset: 0,
        });
    }

    fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        match dialog {
            Dialog::Request { vendor, mut form } => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::Request { vendor, form }),
                FormOutcome::Cancel => s.info(tr!(lang, "tui.cancelled").to_string()),
                FormOutcome::Submit => {
                    if let Err(e) = self.write_request(s, vendor, &form) {
                        form.error = Some(e);
                        self.dialog = Some(Dialog::Request { vendor, form });
                    }
                }
            },
            Dialog::Import {
                mut input,
                mut candidates,
            } => match key.code {
                KeyCode::Esc => s.info(tr!(lang, "tui.cancelled").to_string()),
                KeyCode::Tab => {
                    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                    let c = complete_path(input.text(), home.as_deref());
                    input.set(&c.text);
                    candidates = c.candidates;
                    self.dialog = Some(Dialog::Import { input, candidates });
                }
                KeyCode::Enter if !input.is_empty() => {
                    let Some(view) = &self.view else { return };
                    let typed = input.text().to_string();
                    self.dialog = Some(Dialog::Busy {
                        what: tr!(lang, "tui.reading_file", path = safe(&typed)),
                    });
                    s.spawn(ReadResponse {
                        path: expand_home(&typed),
                        record: view.record.clone(),
                        editions: view.editions.clone(),
                        today: s.today,
                    });
                }
                _ => {
                    edit_line(&mut input, key);
                    candidates.clear();
                    self.dialog = Some(Dialog::Import { input, candidates });
                }
            },
            // Keys wait until the worker reports.
            Dialog::Busy { what } => self.dialog = Some(Dialog::Busy { what }),
            Dialog::Preview(mut p) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    match s
                        .store
                        .import_response(p.sheet_id, &p.plan, &p.provenance, &s.actor)
                    {
                        Ok(id) => {
                            let sha = &p.provenance.sha256[..12.min(p.provenance.sha256.len())];
                            s.info(tr!(
                                lang,
                                "vendor.imported",
                                id = id,
                                checks = p.plan.checks.len(),
                                targets = p.plan.targets.len(),
                                sha = sha
                            ));
                            self.load(s);
                            // A vendor sheet may be the one open in the checklist.
                            s.reload();
                        }
                        Err(e) => s.error(store_error(lang, &e)),
                    }
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    p.offset = (p.offset + 1).min(p.lines.len().saturating_sub(1));
                    self.dialog = Some(Dialog::Preview(p));
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    p.offset = p.offset.saturating_sub(1);
                    self.dialog = Some(Dialog::Preview(p));
                }
                _ => s.info(tr!(lang, "tui.vendors.import_cancelled").to_string()),
            },
            Dialog::Failed { lines, offset } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    let offset = (offset + 1).min(lines.len().saturating_sub(1));
                    self.dialog = Some(Dialog::Failed { lines, offset });
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    let offset = offset.saturating_sub(1);
                    self.dialog = Some(Dialog::Failed { lines, offset });
                }
                _ => {}
            },
            Dialog::Sheet {
                title,
                lines,
                offset,
            } => {
                let offset = match key.code {
                    KeyCode::Down | KeyCode::Char('j') => offset + 1,
                    KeyCode::Up | KeyCode::Char('k') => offset.saturating_sub(1),
                    KeyCode::PageDown => offset + 10,
                    KeyCode::PageUp => offset.saturating_sub(10),
                    _ => return,
                };
                let offset = offset.min(lines.len().saturating_sub(1));
                self.dialog = Some(Dialog::Sheet {
                    title,
                    lines,
                    offset,
                });
            }
        }
    }

    /// `kensa vendor request VENDOR --out PATH [--due DATE] [--format kensa --key KEY]` from the
    /// form. A refusal is returned for the form to show; it stays open with what was typed.
    fn write_request(
        &mut self,
        s: &mut Session,
        vendor_id: i64,
        form: &Form,
    ) -> Result<(), String> {
        let lang = s.lang;
        let get = |i: usize| {
            form.fields
                .get(i)
                .map(FormField::text_value)
                .unwrap_or_default()
        };
        let path = get(0);
        if path.is_empty() {
            return Err(tr!(lang, "tui.vendors.path_needed").to_string());
        }
        let due_text = get(1);
        let due = if due_text.is_empty() {
            None
        } else {
            let d =
                parse_date(&due_text).map_err(|_| tr!(lang, "tui.bad_date", input = due_text))?;
            if d < s.today {
                return Err(tr!(lang, "vendor.due_past", due = d));
            }
            Some(d)
        };
        let signed = form.fields.get(2).map_or(0, FormField::choice_index) == 1;
        let key = if signed {
            let key_path = get(3);
            if key_path.is_empty() {
                return Err(tr!(lang, "vendor.key_needed").to_string());
            }
            Some(read_secret(&expand_home(&key_path)).map_err(|e| e.to_string())?)
        } else {
            None
        };
        let view = self.view.as_ref().ok_or_else(String::new)?;
        let facility = view
            .record
            .facility
            .clone()
            .ok_or_else(|| tr!(lang, "cli.no_facility").to_string())?;
        let vendor = view
            .record
            .vendors
            .iter()
            .find(|v| v.id == vendor_id)
            .cloned()
            .ok_or_else(|| tr!(lang, "vendor.err.no_such_vendor", id = vendor_id))?;
        let fy = Self::fiscal_year(s);
        let edition = s
            .lib
            .newest_for(SheetForm::Vendor, fy)
            .cloned()
            .ok_or_else(|| {
                tr!(
                    lang,
                    "vendor.no_edition",
                    edition = "-",
                    fy = format_fiscal_year(fy)
                )
            })?;
        let out = expand_home(&path);
        let written = write_request(
            &mut s.store,
            &s.lib,
            lang,
            &RequestSpec {
                facility: &facility,
                vendor: &vendor,
                edition: &edition,
                fiscal_year: fy,
                today: s.today,
                due,
                out: &out,
                key: key.as_ref(),
                actor: &s.actor,
            },
        )
        .map_err(|e| e.to_string())?;
        s.info(tr!(
            lang,
            "vendor.request_written",
            path = safe_path(Path::new(&path)),
            name = safe(&vendor.name),
            sheet = written.sheet.key(),
            rows = written.rows
        ));
        self.load(s);
        Ok(())
    }
}

impl Screen for Vendors {
    fn id(&self) -> ScreenId {
        ScreenId::Vendors
    }

    fn hotkey(&self) -> Option<char> {
        Some('6')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    fn on_show(&mut self, s: &mut Session) {
        self.load(s);
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(dialog) => self.on_dialog_key(dialog, key, s),
            None => self.on_command_key(key, s),
        }
    }

    fn on_report(&mut self, report: Report, _s: &mut Session) {
        let Some(r) = report.open::<ImportReport>() else {
            return;
        };
        self.dialog = Some(match r {
            ImportReport::Ready(p) => Dialog::Preview(p),
            ImportReport::Failed(lines) => Dialog::Failed { lines, offset: 0 },
        });
    }

    fn has_unfinished_edit(&self) -> bool {
        match &self.dialog {
            Some(Dialog::Request { form, .. }) => form.has_unfinished_edit(),
            Some(Dialog::Import { input, .. }) => !input.is_empty(),
            Some(Dialog::Preview(_)) => true,
            _ => false,
        }
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓", tr!(lang, "tui.key.move")),
            ("Tab", tr!(lang, "tui.key.pane")),
            ("Enter", tr!(lang, "tui.key.sheet")),
            ("r", tr!(lang, "tui.key.request")),
            ("i", tr!(lang, "tui.key.import")),
            ("g", tr!(lang, "tui.key.gap")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        let lang = s.lang;
        draw_screen(self, s, frame, area);
        match &self.dialog {
            None => None,
            Some(Dialog::Request { form, .. }) => form::draw(lang, frame, area, form),
            Some(Dialog::Import { input, candidates }) => path_popup(
                frame,
                area,
                tr!(lang, "tui.vendors.import_title"),
                tr!(lang, "tui.vendors.import_hint"),
                input,
                candidates,
            ),
            Some(Dialog::Busy { what }) => {
                let rect = centered(area, area.width.min(70), 3);
                popup(
                    frame,
                    rect,
                    tr!(lang, "tui.busy"),
                    vec![Line::raw(what.clone())],
                );
                None
            }
            Some(Dialog::Preview(p)) => {
                text_dialog(
                    frame,
                    area,
                    tr!(lang, "tui.vendors.preview_title"),
                    &p.lines,
                    p.offset,
                    tr!(lang, "tui.vendors.preview_keys"),
                    false,
                );
                None
            }
            Some(Dialog::Failed { lines, offset }) => {
                text_dialog(
                    frame,
                    area,
                    tr!(lang, "tui.vendors.failed_title"),
                    lines,
                    *offset,
                    tr!(lang, "tui.vendors.close_keys"),
                    true,
                );
                None
            }
            Some(Dialog::Sheet {
                title,
                lines,
                offset,
            }) => {
                text_dialog(
                    frame,
                    area,
                    title,
                    lines,
                    *offset,
                    tr!(lang, "tui.vendors.close_keys"),
                    false,
                );
                None
            }
        }
    }
}

/// A scrolling list of text lines in a popup, with its keys under it. Lines from a file were
/// made safe when they were written (`safe()`), so they are drawn as they are.
fn text_dialog(
    frame: &mut Frame,
    body: Rect,
    title: &str,
    lines: &[String],
    offset: usize,
    keys: &str,
    error: bool,
) {
    let width = body.width.min(110);
    let inner_w = width.saturating_sub(2) as usize;
    let wrapped: Vec<String> = lines
        .iter()
        .skip(offset)
        .flat_map(|l| wrap(l, inner_w))
        .collect();
    let room = body.height.saturating_sub(4) as usize;
    let style = if error {
        Style::new().fg(Color::Red)
    } else {
        Style::new()
    };
    let mut out: Vec<Line> = wrapped
        .iter()
        .take(room)
        .map(|l| Line::from(Span::styled(l.clone(), style)))
        .collect();
    out.push(Line::raw(""));
    out.push(Line::from(Span::styled(
        fit(keys, inner_w),
        Style::new().fg(Color::Cyan),
    )));
    let rect = centered(body, width, out.len() as u16 + 2);
    popup(frame, rect, title, out);
}

fn status_style(st: &SheetStatus) -> Style {
    match st {
        SheetStatus::NotRequested => Style::new().fg(Color::DarkGray),
        SheetStatus::Requested { .. } => Style::new().fg(Color::Yellow),
        SheetStatus::Overdue { .. } => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        SheetStatus::Answered { .. } => Style::new().fg(Color::Green),
    }
}

fn cell_style(c: CoverageCell) -> Style {
    match c {
        CoverageCell::Yes => Style::new().fg(Color::Green),
        CoverageCell::No => Style::new().fg(Color::Red),
        CoverageCell::Na | CoverageCell::OutOfContract => Style::new().fg(Color::Blue),
        CoverageCell::Unanswered | CoverageCell::NoSheet => Style::new().fg(Color::Yellow),
        CoverageCell::NotOnForm => Style::new().fg(Color::DarkGray),
    }
}

fn draw_screen(st: &Vendors, s: &Session, frame: &mut Frame, body: Rect) {
    let lang = s.lang;
    let Some(view) = &st.view else {
        return;
    };
    let a = &view.assessment;
    let record = &view.record;
    let n = a.vendors.len();
    let list_h = (n.max(1) as u16 + 3).min(body.height / 2).max(4);
    let [top, list, matrix] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(list_h),
        Constraint::Fill(1),
    ])
    .areas(body);

    // The verdict and the gaps, as `kensa vendor status` opens.
    let block = Block::bordered().title(format!(
        " {} ",
        tr!(
            lang,
            "vendor.section",
            fy = format_fiscal_year(a.fiscal_year)
        )
    ));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let gaps = a.coverage.gaps().count();
    let (verdict, vstyle) = if a.ready {
        (
            tr!(lang, "tui.vendors.ready"),
            Style::new().fg(Color::Green),
        )
    } else {
        (
            tr!(lang, "tui.vendors.not_ready"),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )
    };
    let mut spans = vec![
        Span::raw(format!("{}: ", tr!(lang, "status.verdict"))),
        Span::styled(verdict.to_string(), vstyle),
        Span::raw(format!(
            "  {}",
            tr!(lang, "tui.vendors.summary", findings = a.findings.len())
        )),
    ];
    if gaps > 0 {
        spans.push(Span::styled(
            format!("  {}", tr!(lang, "tui.vendors.gaps", count = gaps)),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    if n == 0 {
        spans.push(Span::raw(format!("  {}", tr!(lang, "tui.vendors.none"))));
    } else {
        spans.push(Span::styled(
            format!("  {}", tr!(lang, "tui.vendors.add_hint")),
            Style::new().fg(Color::DarkGray),
        ));
    }
    frame.render_widget(
        Paragraph::new(crate::tui::widgets::text::fit_line(
            Line::from(spans),
            inner.width as usize,
        )),
        inner,
    );

    // The vendors.
    let focus = |p: Pane| {
        if st.pane == p {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        }
    };
    let block = Block::bordered()
        .border_style(focus(Pane::Vendors))
        .title(format!(" {} ({n}) ", tr!(lang, "tui.vendors.list")));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let width = inner.width as usize;
    let (name_w, status_w, date_w, ans_w) = (20, 10, 11, 8);
    let mds_w = width.saturating_sub(name_w + status_w + 2 * date_w + ans_w + 5);
    let mut lines = vec![header(format!(
        "{} {} {} {} {} {}",
        pad(tr!(lang, "tui.vendors.col.name"), name_w),
        pad(tr!(lang, "tui.vendors.col.status"), status_w),
        pad(tr!(lang, "tui.vendors.col.sent"), date_w),
        pad(tr!(lang, "tui.vendors.col.due"), date_w),
        pad(tr!(lang, "tui.vendors.col.answered"), ans_w),
        pad(tr!(lang, "tui.vendors.col.mds"), mds_w)
    ))];
    let height = inner.height.saturating_sub(1) as usize;
    let offset = first_shown(st.selected, height);
    for (i, v) in a.vendors.iter().enumerate().skip(offset).take(height) {
        let name = crate::text::vendor::vendor_name(&record.vendors, v.vendor);
        let (sent, due) = match &v.status {
            SheetStatus::Requested { sent_on, due_on } => (Some(*sent_on), *due_on),
            SheetStatus::Overdue { sent_on, due_on } => (Some(*sent_on), Some(*due_on)),
            _ => (None, None),
        };
        let date = |d: Option<Date>| d.map_or_else(|| "－".to_string(), |d| short_date(lang, d));
        let mds: Vec<String> = current_disclosures(&record.disclosures, v.vendor)
            .into_iter()
            .map(|d| {
                let mut t = format!("{} {}", d.kind.label(), safe(&d.product));
                if d.no_count > 0 {
                    t.push_str(&format!(" ×{}", d.no_count));
                }
                if disclosure_is_old(d, s.today) {
                    t.push_str(&format!(" ({})", tr!(lang, "tui.vendors.old")));
                }
                t
            })
            .collect();
        let mds = if mds.is_empty() {
            "－".to_string()
        } else {
            mds.join(", ")
        };
        let sel = i == st.selected && st.pane == Pane::Vendors;
        let base = row_style(sel);
        let removed = if v.in_force {
            String::new()
        } else {
            format!(" ({})", tr!(lang, "tui.vendors.not_in_force"))
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", pad(&format!("{}{removed}", safe(&name)), name_w)),
                base,
            ),
            Span::styled(
                format!("{} ", pad(status_word(lang, &v.status), status_w)),
                if sel { base } else { status_style(&v.status) },
            ),
            Span::styled(
                format!(
                    "{} {} {} {}",
                    pad(&date(sent), date_w),
                    pad(&date(due), date_w),
                    pad(&format!("{}/{}", v.rows_answered, v.rows_required), ans_w),
                    fit(&mds, mds_w)
                ),
                base,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    // The coverage matrix.
    let block = Block::bordered()
        .border_style(focus(Pane::Matrix))
        .title(format!(
            " {} ({}) ",
            tr!(lang, "vendor.matrix"),
            a.coverage.rows.len()
        ));
    let inner = block.inner(matrix);
    frame.render_widget(block, matrix);
    let width = inner.width as usize;
    let row_w = 14;
    let cols = a.coverage.columns.len().max(1);
    let verdict_w = 8;
    let col_w = (width.saturating_sub(row_w + verdict_w) / cols).clamp(6, 14);
    let mut head = pad(tr!(lang, "tui.vendors.col.item"), row_w);
    for c in &a.coverage.columns {
        let label = column_label(lang, *c, &record.vendors);
        head.push_str(&pad(&safe(&label).to_string(), col_w));
    }
    head.push_str(&pad(tr!(lang, "vendor.matrix_coverage"), verdict_w));
    let mut lines = vec![header(fit(&head, width))];
    if a.coverage.rows.is_empty() {
        lines.push(Line::raw(fit(tr!(lang, "tui.vendors.matrix_empty"), width)));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = first_shown(st.matrix_row, height);
    for (i, r) in a.coverage.rows.iter().enumerate().skip(offset).take(height) {
        let sel = i == st.matrix_row && st.pane == Pane::Matrix;
        let mut spans = vec![Span::styled(
            pad(&row_label(&r.item, r.scope), row_w),
            row_style(sel),
        )];
        for c in &r.cells {
            spans.push(Span::styled(
                pad(cell_label(lang, *c), col_w),
                cell_style(*c),
            ));
        }
        let (word, style) = match r.coverage {
            RowCoverage::Answered => ("", Style::new()),
            RowCoverage::Covered => (
                tr!(lang, "vendor.coverage.covered"),
                Style::new().fg(Color::Green),
            ),
            RowCoverage::Gap => (
                tr!(lang, "vendor.coverage.gap"),
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
            ),
        };
        spans.push(Span::styled(word.to_string(), style));
        lines.push(crate::tui::widgets::text::fit_line(
            Line::from(spans),
            width,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
