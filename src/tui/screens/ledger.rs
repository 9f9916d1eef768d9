//! The 台帳 screen: the typed ledger with what collectors and scans observed, and where they
//! disagree (checklist 2(1)). Owns the rows (read by a worker: 10,000 rows should not hold up a
//! key press), their filter, order and selection, the edit form of a row's typed fields, and
//! the view.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::ledger_io::{CheckFiles, CollectThisPc, FilesChecked, apply};
use super::{KeyFocus, Screen};
use crate::i18n::Lang;
use crate::model::asset::{AssetKind, LedgerRow, check_ledger, parse_ips};
use crate::model::evidence::Level;
use crate::store::Store;
use crate::text::evidence::{finding_message, level_label};
use crate::text::{store_error, too_long_message};
use crate::tr;
use crate::tui::evidence::{ComputeEvidence, EvidenceComputed, EvidenceState};
use crate::tui::session::{Event, ScreenId, Session};
use crate::tui::widgets::dialog::{field_popup, path_popup};
use crate::tui::widgets::form::{self, Form, FormField, FormOutcome};
use crate::tui::widgets::input::{LineInput, complete_path, edit_line};
use crate::tui::widgets::table::{first_shown, header, row_style};
use crate::tui::widgets::text::{fit, normalize_query, pad};
use crate::tui::work::{Report, Work};

/// How the list is ordered (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LedgerSort {
    #[default]
    ControlNo,
    Kind,
    ComputerName,
    Ip,
    /// Rows whose observations disagree with what was typed first.
    Disagreements,
}

/// A dialog over the 台帳; it takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Filter as you type.
    Search { input: LineInput },
    /// The typed fields of the row with this 管理番号.
    Edit { control_no: String, form: Form },
    /// The path of a ledger file or host document to import (Tab completes).
    Import {
        input: LineInput,
        candidates: Vec<String>,
    },
}

#[derive(Debug, Default)]
pub struct Ledger {
    /// The 台帳 once a worker has read it (`None`: not read yet, or to be read again).
    pub rows: Option<Vec<LedgerRow>>,
    pub loading: bool,
    pub selected: usize,
    pub filter: String,
    pub sort: LedgerSort,
    /// The selected row's detail is shown under the list.
    pub detail: bool,
    pub dialog: Option<Dialog>,
    /// The evidence engine's findings, for the selected row's detail; computed with the rows.
    pub evidence: EvidenceState,
    pub evidence_runs: u64,
    /// An import or a collection is being read and checked by a worker.
    pub importing: bool,
}

/// Read the 台帳 (with observations and disagreements) on a connection of its own.
#[derive(Debug)]
struct LoadLedger {
    db: PathBuf,
}

/// What [`LoadLedger`] sends back.
struct LedgerLoaded(Result<Vec<LedgerRow>, String>);

impl Work for LoadLedger {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        send(Report::new(LedgerLoaded(
            Store::open(&self.db)
                .and_then(|s| s.ledger())
                .map_err(|e| store_error(lang, &e)),
        )));
    }
}

impl Ledger {
    /// Indices into the 台帳 in display order, after the filter.
    pub fn ordered(&self) -> Vec<usize> {
        let Some(rows) = &self.rows else {
            return Vec::new();
        };
        let q = normalize_query(&self.filter);
        let mut ix: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let f = &rows[i].asset.fields;
                q.is_empty()
                    || [
                        &f.control_no,
                        &f.computer_name,
                        &f.ip,
                        &f.os,
                        &f.location,
                        &f.user,
                        &f.maker,
                        &f.software,
                    ]
                    .iter()
                    .any(|v| normalize_query(v).contains(&q))
            })
            .collect();
        match self.sort {
            LedgerSort::ControlNo => ix.sort_by(|&a, &b| {
                rows[a]
                    .asset
                    .fields
                    .control_no
                    .cmp(&rows[b].asset.fields.control_no)
            }),
            LedgerSort::Kind => ix.sort_by_key(|&i| rows[i].asset.fields.kind.as_str()),
            LedgerSort::ComputerName => ix.sort_by(|&a, &b| {
                rows[a]
                    .asset
                    .fields
                    .computer_name
                    .cmp(&rows[b].asset.fields.computer_name)
            }),
            LedgerSort::Ip => ix.sort_by_key(|&i| {
                rows[i]
                    .asset
                    .fields
                    .ip
                    .split(',')
                    .next()
                    .and_then(|s| s.trim().parse::<std::net::IpAddr>().ok())
            }),
            LedgerSort::Disagreements => {
                ix.sort_by_key(|&i| std::cmp::Reverse(rows[i].disagreements.len()))
            }
        }
        ix
    }

    pub fn selected_row(&self) -> Option<&LedgerRow> {
        let order = self.ordered();
        let i = *order.get(self.selected)?;
        self.rows.as_ref()?.get(i)
    }

    fn load(&mut self, s: &mut Session) {
        self.loading = true;
        s.spawn(LoadLedger {
            db: s.store.path().to_path_buf(),
        });
    }

    /// The findings follow the rows (an edited row or new observations change them): computed
    /// once the rows are read, by a second worker, as the record and the rules take longer than
    /// the rows alone.
    fn compute_evidence(&mut self, s: &mut Session) {
        self.evidence_runs += 1;
        self.evidence = EvidenceState::Computing(self.evidence_runs);
        s.spawn(ComputeEvidence {
            db: s.store.path().to_path_buf(),
            lib: s.lib.clone(),
            today: s.today,
            generation: self.evidence_runs,
        });
    }

    fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        let n = self.ordered().len();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + 20).min(n.saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(20),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = n.saturating_sub(1),
            KeyCode::Enter | KeyCode::Tab => self.detail = !self.detail,
            KeyCode::Char('s') => {
                self.sort = match self.sort {
                    LedgerSort::ControlNo => LedgerSort::Kind,
                    LedgerSort::Kind => LedgerSort::ComputerName,
                    LedgerSort::ComputerName => LedgerSort::Ip,
                    LedgerSort::Ip => LedgerSort::Disagreements,
                    LedgerSort::Disagreements => LedgerSort::ControlNo,
                };
                self.selected = 0;
            }
            KeyCode::Char('/') => {
                self.dialog = Some(Dialog::Search {
                    input: LineInput::new(&self.filter),
                });
            }
            KeyCode::Char('r') => self.load(s),
            KeyCode::Char('i') if !self.importing => {
                self.dialog = Some(Dialog::Import {
                    input: LineInput::default(),
                    candidates: Vec::new(),
                });
            }
            KeyCode::Char('c') if !self.importing => {
                self.importing = true;
                s.info(tr!(lang, "tui.ledger.collecting").to_string());
                s.spawn(CollectThisPc);
            }
            KeyCode::Char('e') => {
                if let Some(row) = self.selected_row() {
                    let f = &row.asset.fields;
                    let fields = vec![
                        FormField::text(tr!(lang, "tui.ledger.maker"), &f.maker),
                        FormField::text("OS", &f.os),
                        FormField::text(tr!(lang, "tui.ledger.software"), &f.software),
                        FormField::text(tr!(lang, "tui.ledger.version"), &f.software_version),
                        FormField::text(tr!(lang, "tui.ledger.ip"), &f.ip),
                        FormField::text(tr!(lang, "tui.ledger.computer"), &f.computer_name),
                        FormField::text(tr!(lang, "tui.ledger.location"), &f.location),
                        FormField::text(tr!(lang, "tui.ledger.user"), &f.user),
                        FormField::text(tr!(lang, "tui.ledger.status"), &f.status),
                        FormField::text(tr!(lang, "tui.ledger.description"), &f.description),
                    ];
                    let no = f.control_no.clone();
                    self.dialog = Some(Dialog::Edit {
                        form: Form::new(tr!(lang, "tui.ledger.edit_title", no = no), fields),
                        control_no: no,
                    });
                }
            }
            KeyCode::Esc if !self.filter.is_empty() => self.filter.clear(),
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            _ => {}
        }
    }

    fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        match dialog {
            Dialog::Search { mut input } => match key.code {
                KeyCode::Esc => self.filter.clear(),
                KeyCode::Enter => {}
                _ => {
                    edit_line(&mut input, key);
                    self.filter = input.text().to_string();
                    self.selected = 0;
                    self.dialog = Some(Dialog::Search { input });
                }
            },
            Dialog::Edit {
                control_no,
                mut form,
            } => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::Edit { control_no, form }),
                FormOutcome::Cancel => s.info(tr!(s.lang, "tui.cancelled").to_string()),
                FormOutcome::Submit => self.submit(s, control_no, form),
            },
            Dialog::Import {
                mut input,
                mut candidates,
            } => match key.code {
                KeyCode::Esc => s.info(tr!(s.lang, "tui.cancelled").to_string()),
                KeyCode::Tab => {
                    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                    let c = complete_path(input.text(), home.as_deref());
                    input = LineInput::new(&c.text);
                    candidates = c.candidates;
                    self.dialog = Some(Dialog::Import { input, candidates });
                }
                KeyCode::Enter if !input.is_empty() => {
                    let path = PathBuf::from(input.text());
                    self.importing = true;
                    s.info(tr!(
                        s.lang,
                        "tui.reading_file",
                        path = crate::text::safe::safe_path(&path)
                    ));
                    s.spawn(CheckFiles { paths: vec![path] });
                }
                _ => {
                    edit_line(&mut input, key);
                    candidates.clear();
                    self.dialog = Some(Dialog::Import { input, candidates });
                }
            },
        }
    }

    /// Store what a worker read and checked, in one import; the 台帳 is then read again.
    fn files_checked(&mut self, s: &mut Session, checked: FilesChecked) {
        self.importing = false;
        let files = match checked.result {
            Ok(files) => files,
            Err(e) => return s.error(e),
        };
        match apply(s.lang, &mut s.store, &s.actor, s.today, &files) {
            Ok(summary) => {
                s.info(summary);
                s.tell(Event::LedgerChanged);
                self.load(s);
            }
            Err(e) => s.error(e),
        }
        // The collected document's temporary file goes once it is stored.
        drop(checked.temporary);
    }

    /// Save the typed fields of a 台帳 row; observations are never touched.
    fn submit(&mut self, s: &mut Session, control_no: String, mut form: Form) {
        let lang = s.lang;
        let Some(row) = self.rows.as_ref().and_then(|rows| {
            rows.iter()
                .find(|r| r.asset.fields.control_no == control_no)
        }) else {
            return;
        };
        let get = |i: usize| {
            form.fields
                .get(i)
                .map(FormField::text_value)
                .unwrap_or_default()
        };
        let mut fields = row.asset.fields.clone();
        let ip = match parse_ips(&get(4)) {
            Ok(ips) => ips.join(", "),
            Err(e) => {
                form.error = Some(tr!(lang, "tui.ledger.bad_ip", input = e.0));
                self.dialog = Some(Dialog::Edit { control_no, form });
                return;
            }
        };
        fields.maker = get(0);
        fields.os = get(1);
        fields.software = get(2);
        fields.software_version = get(3);
        fields.ip = ip;
        fields.computer_name = get(5);
        fields.location = get(6);
        fields.user = get(7);
        fields.status = get(8);
        fields.description = get(9);
        if let Err(e) = check_ledger(&fields) {
            // Said in the form, which stays open with what was typed.
            form.error = Some(too_long_message(lang, &e));
            self.dialog = Some(Dialog::Edit { control_no, form });
            return;
        }
        match s.store.edit_asset(&fields, &s.actor) {
            Ok(_) => {
                s.info(tr!(lang, "tui.ledger.saved", no = control_no));
                self.load(s);
            }
            Err(e) => s.error(store_error(lang, &e)),
        }
    }
}

impl Screen for Ledger {
    fn id(&self) -> ScreenId {
        ScreenId::Ledger
    }

    fn hotkey(&self) -> Option<char> {
        Some('3')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    /// The 台帳 is read when the screen is first shown, and after a scan stored observations.
    fn on_show(&mut self, s: &mut Session) {
        if self.rows.is_none() && !self.loading {
            self.load(s);
        }
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(dialog) => self.on_dialog_key(dialog, key, s),
            None => self.on_command_key(key, s),
        }
    }

    fn on_event(&mut self, event: &Event, _s: &mut Session) {
        if *event == Event::LedgerChanged {
            self.rows = None;
        }
    }

    fn on_report(&mut self, report: Report, s: &mut Session) {
        let report = match report.take::<EvidenceComputed>() {
            Ok(done) => {
                // A report of a computation since replaced is dropped.
                if matches!(self.evidence, EvidenceState::Computing(g) if g == done.generation) {
                    self.evidence = match done.result {
                        Ok(c) => EvidenceState::Ready(Arc::new(c)),
                        Err(e) => EvidenceState::Failed(e),
                    };
                }
                return;
            }
            Err(report) => report,
        };
        let report = match report.take::<FilesChecked>() {
            Ok(checked) => return self.files_checked(s, checked),
            Err(report) => report,
        };
        if let Some(LedgerLoaded(result)) = report.open() {
            self.loading = false;
            match result {
                Ok(rows) => {
                    self.rows = Some(rows);
                    self.compute_evidence(s);
                }
                Err(e) => s.error(e),
            }
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        matches!(&self.dialog, Some(Dialog::Edit { form, .. }) if form.has_unfinished_edit())
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓", tr!(lang, "tui.key.move")),
            ("Enter", tr!(lang, "tui.key.details")),
            ("/", tr!(lang, "tui.key.search")),
            ("s", tr!(lang, "tui.key.sort")),
            ("e", tr!(lang, "tui.key.edit")),
            ("r", tr!(lang, "tui.key.reload")),
            ("i", tr!(lang, "tui.key.import")),
            ("c", tr!(lang, "tui.key.collect")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        draw_list(self, s.lang, frame, area);
        match &self.dialog {
            None => None,
            Some(Dialog::Search { input }) => {
                let bar = Rect {
                    x: area.x,
                    y: area.bottom().saturating_sub(3),
                    width: area.width,
                    height: 3,
                };
                field_popup(
                    frame,
                    bar,
                    tr!(s.lang, "tui.search.title"),
                    input,
                    Vec::new(),
                )
            }
            Some(Dialog::Edit { form, .. }) => form::draw(s.lang, frame, area, form),
            Some(Dialog::Import { input, candidates }) => path_popup(
                frame,
                area,
                tr!(s.lang, "tui.ledger.import_title"),
                tr!(s.lang, "tui.ledger.import_hint"),
                input,
                candidates,
            ),
        }
    }
}

fn kind_word(lang: Lang, k: AssetKind) -> &'static str {
    match lang {
        Lang::Ja => k.label_ja(),
        Lang::En => k.as_str(),
    }
}

fn draw_list(st: &Ledger, lang: Lang, frame: &mut Frame, body: Rect) {
    let Some(all) = &st.rows else {
        let text = if st.loading {
            tr!(lang, "tui.ledger.loading")
        } else {
            tr!(lang, "tui.ledger.not_loaded")
        };
        let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.ledger.title")));
        frame.render_widget(Paragraph::new(text).block(block), body);
        return;
    };
    let order = st.ordered();
    let (list_area, detail_area) = if st.detail {
        let [l, d] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        (l, Some(d))
    } else {
        (body, None)
    };
    let sort = match st.sort {
        LedgerSort::ControlNo => tr!(lang, "tui.ledger.no"),
        LedgerSort::Kind => tr!(lang, "tui.ledger.kind"),
        LedgerSort::ComputerName => tr!(lang, "tui.ledger.computer"),
        LedgerSort::Ip => tr!(lang, "tui.ledger.ip"),
        LedgerSort::Disagreements => tr!(lang, "tui.ledger.disagreements"),
    };
    let differing = all.iter().filter(|r| !r.disagreements.is_empty()).count();
    let mut title = tr!(
        lang,
        "tui.ledger.list_title",
        shown = order.len(),
        total = all.len(),
        differing = differing,
        sort = sort
    );
    if !st.filter.is_empty() {
        title.push_str(&format!(" [/{}]", st.filter));
    }
    let block = Block::bordered().title(format!(" {} ", fit(&title, list_area.width as usize - 4)));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let width = inner.width as usize;
    let (no_w, kind_w, name_w, ip_w, loc_w) = (10, 10, 14, 15, 10);
    let os_w = width.saturating_sub(no_w + kind_w + name_w + ip_w + loc_w + 7);
    let cells = |no: &str, kind: &str, name: &str, ip: &str, os: &str, loc: &str| {
        format!(
            "{} {} {} {} {} {}",
            pad(no, no_w),
            pad(kind, kind_w),
            pad(name, name_w),
            pad(ip, ip_w),
            pad(os, os_w),
            pad(loc, loc_w)
        )
    };
    let mut lines = vec![header(format!(
        "  {}",
        cells(
            tr!(lang, "tui.ledger.no"),
            tr!(lang, "tui.ledger.kind"),
            tr!(lang, "tui.ledger.computer"),
            tr!(lang, "tui.ledger.ip"),
            "OS",
            tr!(lang, "tui.ledger.location"),
        )
    ))];
    if all.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.ledger.empty")));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = first_shown(st.selected, height);
    for (pos, &i) in order.iter().enumerate().skip(offset).take(height) {
        let r = &all[i];
        let f = &r.asset.fields;
        let (mark, mark_style) = if !r.disagreements.is_empty() {
            (
                "! ",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            )
        } else if f.retired_on.is_some() {
            ("× ", Style::new().fg(Color::DarkGray))
        } else if r.latest.is_some() {
            ("✓ ", Style::new().fg(Color::Green))
        } else {
            ("  ", Style::new())
        };
        let style = row_style(pos == st.selected);
        lines.push(Line::from(vec![
            Span::styled(mark, mark_style),
            Span::styled(
                cells(
                    &f.control_no,
                    kind_word(lang, f.kind),
                    &f.computer_name,
                    &f.ip,
                    &f.os,
                    &f.location,
                ),
                style,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some(area), Some(row)) = (detail_area, st.selected_row()) {
        render_detail(lang, frame, area, row, &st.evidence);
    }
}

fn render_detail(lang: Lang, frame: &mut Frame, area: Rect, r: &LedgerRow, ev: &EvidenceState) {
    let f = &r.asset.fields;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let field = |label: &str, v: &str| {
        Line::from(vec![
            Span::styled(format!("{label}: "), bold),
            Span::raw(if v.is_empty() {
                "—".to_string()
            } else {
                v.to_string()
            }),
        ])
    };
    // The findings first: what the evidence says about the machine is what the officer acts on,
    // and the pane under the list has few lines.
    let mut lines = asset_findings(lang, &f.control_no, ev);
    lines.extend([
        field(tr!(lang, "tui.ledger.maker"), &f.maker),
        field("OS", &f.os),
        field(
            tr!(lang, "tui.ledger.software"),
            &format!("{} {}", f.software, f.software_version),
        ),
        field("MAC", &f.mac),
        field(tr!(lang, "tui.ledger.user"), &f.user),
        field(tr!(lang, "tui.ledger.status"), &f.status),
        field(
            tr!(lang, "tui.ledger.registered"),
            &f.registered_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
        field(tr!(lang, "tui.ledger.description"), &f.description),
        Line::raw(""),
    ]);
    match &r.latest {
        None => lines.push(Line::from(Span::styled(
            tr!(lang, "tui.ledger.never_seen"),
            Style::new().fg(Color::Yellow),
        ))),
        Some(o) => {
            lines.push(Line::from(Span::styled(
                tr!(
                    lang,
                    "tui.ledger.observed",
                    source = o.source.as_str(),
                    at = o.observed_at,
                    count = r.observation_ids.len()
                ),
                bold,
            )));
            lines.push(field(tr!(lang, "tui.ledger.computer"), &o.computer_name));
            lines.push(field("OS", &o.os));
            lines.push(field(
                tr!(lang, "tui.ledger.maker"),
                &format!("{} {} {}", o.maker, o.model, o.serial),
            ));
            lines.push(field(tr!(lang, "tui.ledger.ip"), &o.ips.join(", ")));
            lines.push(field("MAC", &o.macs.join(", ")));
        }
    }
    for d in &r.disagreements {
        lines.push(Line::from(Span::styled(
            tr!(
                lang,
                "tui.ledger.disagreement",
                field = d.field,
                ledger = d.ledger,
                observed = d.observed
            ),
            Style::new().fg(Color::Red),
        )));
    }
    let block = Block::bordered().title(format!(" {} {} ", f.control_no, f.computer_name));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// Findings shown per row; `kensa evidence` lists them all.
const ROW_FINDINGS: usize = 3;

/// The evidence engine's findings on the row with this 管理番号: how many, the most serious
/// level, and the first few.
fn asset_findings(lang: Lang, control_no: &str, ev: &EvidenceState) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let Some(c) = ev.ready() else {
        return match ev {
            EvidenceState::Failed(e) => vec![Line::from(Span::styled(
                e.clone(),
                Style::new().fg(Color::Red),
            ))],
            _ => Vec::new(),
        };
    };
    let mine: Vec<_> = c
        .evidence
        .findings
        .iter()
        .filter(|f| f.subject.control_no.as_deref() == Some(control_no))
        .collect();
    let Some(worst) = mine.iter().map(|f| f.level).min() else {
        return vec![Line::from(Span::styled(
            tr!(lang, "tui.ledger_findings.none"),
            Style::new().fg(Color::Green),
        ))];
    };
    let level_style = |l: Level| {
        if l.is_against() {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Yellow)
        }
    };
    let mut out = vec![Line::from(vec![
        Span::styled(
            tr!(lang, "tui.ledger_findings.count", count = mine.len()),
            bold,
        ),
        Span::styled(
            format!(" [{}]", level_label(lang, worst)),
            level_style(worst),
        ),
    ])];
    for f in mine.iter().take(ROW_FINDINGS) {
        out.push(Line::from(vec![
            Span::styled(
                format!(" [{}] ", level_label(lang, f.level)),
                level_style(f.level),
            ),
            Span::raw(finding_message(lang, f)),
        ]));
    }
    if mine.len() > ROW_FINDINGS {
        out.push(Line::raw(format!(
            " {}",
            tr!(lang, "evidence.more", count = mine.len() - ROW_FINDINGS)
        )));
    }
    out
}
