//! The inspector's terminal app (`kensa inspect DIR` on a terminal): the bundles of a folder
//! in a list, one facility read-only in the officer's checklist view, and the prefecture's
//! roll-up written on `a`. It opens no hospital database: everything it shows comes from the
//! bundles, judged again with the inspector's own editions, and from the inspector's keys.
//!
//! A small app of its own beside the officer's (`app.rs`), which is built around a store:
//! the same loop (keys from an input thread, a worker's report as a message, one frame per
//! batch), the same widgets, and the checklist's own list and detail for a facility.

mod facility;
mod list;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

use anyhow::{Context as _, Result};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use facility::FacilityView;
pub use list::{List, Pick, SortBy};

use super::chrome;
use super::screens::checklist::Browse;
use super::session::Flash;
use super::widgets::dialog::{centered, field_popup, popup};
use super::widgets::input::{LineInput, edit_line};
use super::widgets::status::{key_bar, status_line};
use super::widgets::text::{fit, pad, wrap};
use crate::editions::Library;
use crate::fsio::write_atomic;
use crate::i18n::Lang;
use crate::inspect::aggregate::{AggregateOptions, aggregate};
use crate::inspect::desk::{Desk, open_facility, survey};
use crate::inspect::load::OpenContext;
use crate::inspect::render;
use crate::inspect::scan::find;
use crate::inspect::view::AggregateView;
use crate::model::keyring::Keyring;
use crate::report::templates::Templates;
use crate::text::safe::safe_path;
use crate::tr;

/// Everything the inspector's app needs from the command line.
pub struct Options {
    pub lang: Lang,
    pub today: Date,
    /// The folder (or bundles) named on the command line: read again for the roll-up.
    pub inputs: Vec<PathBuf>,
    pub library: Library,
    pub keyring: Keyring,
    /// For an HTML roll-up; `None` when the templates did not load (then only xlsx/json).
    pub templates: Option<Arc<Templates>>,
    pub threads: usize,
}

/// What the inspector's app reacts to.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize,
    /// The roll-up worker finished: the file written, or why not.
    Written(Result<PathBuf, String>),
}

/// The roll-up to write, for a worker thread.
pub struct RollupJob {
    lang: Lang,
    today: Date,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    library: Library,
    keyring: Keyring,
    templates: Option<Arc<Templates>>,
    threads: usize,
}

impl RollupJob {
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// What `kensa aggregate INPUTS --out OUT` writes: the folder is read again, so the file is
    /// exactly that command's, whatever happened to the folder since the list was read.
    pub fn run(self) -> Msg {
        Msg::Written(self.write())
    }

    fn write(&self) -> Result<PathBuf, String> {
        let lang = self.lang;
        let format = self
            .out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let found = find(lang, &self.inputs, std::slice::from_ref(&self.out));
        let opts = AggregateOptions {
            lang,
            keyring: &self.keyring,
            library: &self.library,
            today: self.today,
            threads: self.threads,
        };
        let render_bytes = |agg| -> Result<Vec<u8>, String> {
            match format.as_deref() {
                Some("xlsx") => render::aggregate_xlsx(&AggregateView::new(lang, agg))
                    .map_err(|e| tr!(lang, "report.xlsx_error", detail = e)),
                Some("html" | "htm") => {
                    let t = self
                        .templates
                        .as_ref()
                        .ok_or_else(|| tr!(lang, "report.template_error", detail = "-"))?;
                    render::aggregate_html(t, &AggregateView::new(lang, agg))
                        .map(String::into_bytes)
                        .map_err(|e| tr!(lang, "report.template_error", detail = e))
                }
                Some("json") => {
                    crate::text::safe::to_json_pretty(&render::aggregate_json(lang, agg))
                        .map(|s| format!("{s}\n").into_bytes())
                        .map_err(|e| e.to_string())
                }
                _ => Err(tr!(
                    lang,
                    "inspect.out_extension",
                    path = safe_path(&self.out)
                )),
            }
        };
        // The extension is checked before the folder is read.
        if !matches!(format.as_deref(), Some("xlsx" | "html" | "htm" | "json")) {
            return Err(tr!(
                lang,
                "inspect.out_extension",
                path = safe_path(&self.out)
            ));
        }
        let agg = aggregate(&opts, found);
        let bytes = render_bytes(&agg)?;
        write_atomic(&self.out, &bytes).map_err(|e| {
            tr!(
                lang,
                "report.write_failed",
                path = safe_path(&self.out),
                detail = e
            )
        })?;
        Ok(self.out.clone())
    }
}

/// The dialogs of the desk.
#[derive(Debug)]
pub enum Dialog {
    /// Where to write the roll-up.
    RollupPath(LineInput),
    /// The roll-up is being written.
    Writing(PathBuf),
}

pub struct InspectorApp {
    pub lang: Lang,
    pub today: Date,
    pub opts: Options,
    pub desk: Desk,
    pub list: List,
    /// The facility open read-only, over the list.
    pub facility: Option<FacilityView>,
    pub dialog: Option<Dialog>,
    pub help: bool,
    pub flash: Option<Flash>,
    pub quit: bool,
}

/// The roll-up's default file name: 集計-YYYYMMDD.xlsx (rollup-YYYYMMDD.xlsx in English).
pub fn default_rollup_name(lang: Lang, today: Date) -> String {
    format!(
        "{}-{}.xlsx",
        tr!(lang, "tui.inspector.rollup_stem"),
        today.strftime("%Y%m%d")
    )
}

impl InspectorApp {
    pub fn new(opts: Options, desk: Desk) -> InspectorApp {
        InspectorApp {
            lang: opts.lang,
            today: opts.today,
            opts,
            desk,
            list: List::default(),
            facility: None,
            dialog: None,
            help: false,
            flash: None,
            quit: false,
        }
    }

    fn info(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    fn error(&mut self, text: String) {
        self.flash = Some(Flash { text, error: true });
    }

    /// Apply one message. Returns the roll-up to write on a worker thread, when one was asked.
    pub fn update(&mut self, msg: Msg) -> Option<RollupJob> {
        match msg {
            Msg::Resize => None,
            Msg::Written(result) => {
                self.dialog = None;
                match result {
                    Ok(p) => self.info(tr!(self.lang, "inspect.written", path = safe_path(&p))),
                    Err(e) => self.error(e),
                }
                None
            }
            Msg::Key(key) => self.on_key(key),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Option<RollupJob> {
        let lang = self.lang;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
            self.quit = true;
            return None;
        }
        if self.help {
            self.help = false;
            return None;
        }
        match self.dialog.take() {
            Some(Dialog::Writing(p)) => {
                // Keys wait until the file is written.
                self.dialog = Some(Dialog::Writing(p));
                return None;
            }
            Some(Dialog::RollupPath(mut input)) => {
                match key.code {
                    KeyCode::Esc => self.info(tr!(lang, "tui.cancelled").to_string()),
                    KeyCode::Enter if !input.is_empty() => {
                        let out = PathBuf::from(input.text());
                        self.dialog = Some(Dialog::Writing(out.clone()));
                        return Some(RollupJob {
                            lang,
                            today: self.today,
                            inputs: self.opts.inputs.clone(),
                            out,
                            library: self.opts.library.clone(),
                            keyring: self.opts.keyring.clone(),
                            templates: self.opts.templates.clone(),
                            threads: self.opts.threads,
                        });
                    }
                    _ => {
                        edit_line(&mut input, key);
                        self.dialog = Some(Dialog::RollupPath(input));
                    }
                }
                return None;
            }
            None => {}
        }
        if let Some(v) = &mut self.facility {
            let typing = v.typing();
            self.flash = None;
            match v.handle_key(key, lang) {
                Browse::Done => return None,
                Browse::Said(t) => {
                    self.info(t);
                    return None;
                }
                Browse::Refused(t) => {
                    self.error(t);
                    return None;
                }
                Browse::NotMine if typing => return None,
                Browse::NotMine => {}
            }
            match key.code {
                KeyCode::Esc => self.facility = None,
                KeyCode::Char('q') => self.quit = true,
                KeyCode::Char('?') => self.help = true,
                _ => {}
            }
            return None;
        }
        if let Some(mut input) = self.list.typing.take() {
            match key.code {
                KeyCode::Esc => self.list.set_filter(""),
                KeyCode::Enter => {}
                _ => {
                    edit_line(&mut input, key);
                    self.list.set_filter(input.text());
                    self.list.typing = Some(input);
                }
            }
            return None;
        }
        self.flash = None;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.list.move_by(lang, &self.desk, 1),
            KeyCode::Up | KeyCode::Char('k') => self.list.move_by(lang, &self.desk, -1),
            KeyCode::PageDown => self.list.move_by(lang, &self.desk, 10),
            KeyCode::PageUp => self.list.move_by(lang, &self.desk, -10),
            KeyCode::Home | KeyCode::Char('g') => {
                self.list.move_by(lang, &self.desk, isize::MIN / 2)
            }
            KeyCode::End | KeyCode::Char('G') => {
                self.list.move_by(lang, &self.desk, isize::MAX / 2)
            }
            KeyCode::Char('s') => {
                self.list.cycle_sort();
                let text = tr!(
                    lang,
                    "tui.inspector.sorted_by",
                    by = self.list.sort.label(lang)
                );
                self.info(text);
            }
            KeyCode::Char('n') => {
                self.list.toggle_not_ready();
                let text = if self.list.not_ready_only {
                    tr!(lang, "tui.inspector.not_ready_on")
                } else {
                    tr!(lang, "tui.inspector.not_ready_off")
                };
                self.info(text.to_string());
            }
            KeyCode::Char('/') => self.list.typing = Some(LineInput::new(&self.list.filter)),
            KeyCode::Esc if !self.list.filter.is_empty() => self.list.set_filter(""),
            KeyCode::Enter => self.open_selected(),
            KeyCode::Char('a') => {
                self.dialog = Some(Dialog::RollupPath(LineInput::new(&default_rollup_name(
                    lang, self.today,
                ))));
            }
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('?') => self.help = true,
            _ => {}
        }
        None
    }

    /// Enter: the selected bundle, opened again and shown read-only; a refused file says why.
    fn open_selected(&mut self) {
        let lang = self.lang;
        match self.list.selected(lang, &self.desk) {
            Some(Pick::Bundle(ix)) => {
                let path = PathBuf::from(&self.desk.entries[ix].summary.path);
                let ctx = OpenContext {
                    lang,
                    keyring: &self.opts.keyring,
                    library: &self.opts.library,
                };
                match open_facility(&ctx, self.today, &path) {
                    Ok(f) => match FacilityView::new(f) {
                        Some(v) => self.facility = Some(v),
                        None => self.error(tr!(lang, "record.err.no_facility").to_string()),
                    },
                    Err(r) => self.error(r.message),
                }
            }
            Some(Pick::Refused(ix)) => {
                let text = self.desk.refused[ix].message.clone();
                self.error(text);
            }
            None => {}
        }
    }

    fn key_hints(&self) -> Vec<(&'static str, &'static str)> {
        let lang = self.lang;
        if self.facility.is_some() {
            vec![
                ("↑↓", tr!(lang, "tui.inspector.key.move")),
                ("Tab", tr!(lang, "tui.inspector.key.pane")),
                ("u", tr!(lang, "tui.key.unanswered")),
                ("/", tr!(lang, "tui.key.search")),
                ("Esc", tr!(lang, "tui.inspector.key.back")),
                ("?", tr!(lang, "tui.key.help")),
                ("q", tr!(lang, "tui.key.quit")),
            ]
        } else {
            vec![
                ("Enter", tr!(lang, "tui.inspector.key.open")),
                ("s", tr!(lang, "tui.inspector.key.sort")),
                ("n", tr!(lang, "tui.inspector.key.not_ready")),
                ("/", tr!(lang, "tui.inspector.key.filter")),
                ("a", tr!(lang, "tui.inspector.key.rollup")),
                ("?", tr!(lang, "tui.key.help")),
                ("q", tr!(lang, "tui.key.quit")),
            ]
        }
    }
}

fn header(app: &InspectorApp, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let mut spans = vec![Span::styled(
        format!(" kensa {} ", tr!(lang, "tui.inspector.title")),
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    )];
    let text = match &app.facility {
        Some(v) => facility::header_text(lang, v),
        None => format!(
            " {} │ {}",
            app.opts
                .inputs
                .iter()
                .map(|p| safe_path(p).to_string())
                .collect::<Vec<_>>()
                .join(" "),
            app.today
        ),
    };
    let room = (area.width as usize).saturating_sub(spans[0].width());
    spans.push(Span::styled(
        fit(&text, room),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_help(lang: Lang, frame: &mut Frame, body: Rect) {
    let keys: &[(&str, &str)] = &[
        ("↑↓ PgUp PgDn", tr!(lang, "tui.help.move")),
        ("Enter", tr!(lang, "tui.inspector.help.open")),
        ("s", tr!(lang, "tui.inspector.help.sort")),
        ("n", tr!(lang, "tui.inspector.help.not_ready")),
        ("/", tr!(lang, "tui.inspector.help.filter")),
        ("a", tr!(lang, "tui.inspector.help.rollup")),
        ("Tab", tr!(lang, "tui.help.tab")),
        ("u", tr!(lang, "tui.help.unanswered")),
        ("Esc", tr!(lang, "tui.inspector.help.back")),
        ("q / Ctrl+C", tr!(lang, "tui.help.quit")),
    ];
    let width = body.width.min(76);
    let inner_w = width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(pad(k, 14), Style::new().fg(Color::Cyan)),
                Span::raw(fit(v, inner_w.saturating_sub(15))),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    for l in wrap(tr!(lang, "tui.inspector.help.footer"), inner_w) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Gray))));
    }
    let area = centered(body, width, lines.len() as u16 + 2);
    popup(frame, area, tr!(lang, "tui.help.title"), lines);
}

/// Draw the frame: header, the list or the facility, status line, key bar, and a dialog.
pub fn render(app: &InspectorApp, frame: &mut Frame) {
    let lang = app.lang;
    let area = frame.area();
    if area.width < chrome::MIN_WIDTH || area.height < chrome::MIN_HEIGHT {
        chrome::too_small(lang, frame, area);
        return;
    }
    let [head, body, flash, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, frame, head);
    let mut cursor = None;
    match &app.facility {
        Some(v) => facility::draw(v, lang, frame, body),
        None => {
            list::draw(&app.list, lang, &app.desk, frame, body);
            if let Some(input) = &app.list.typing {
                let area = Rect {
                    x: body.x,
                    y: body.bottom().saturating_sub(3),
                    width: body.width,
                    height: 3,
                };
                cursor = field_popup(
                    frame,
                    area,
                    tr!(lang, "tui.inspector.filter_title"),
                    input,
                    Vec::new(),
                );
            }
        }
    }
    if let Some(f) = &app.flash {
        status_line(frame, flash, &f.text, f.error);
    }
    key_bar(frame, footer, &app.key_hints());
    match &app.dialog {
        Some(Dialog::RollupPath(input)) => {
            let hint = tr!(lang, "tui.inspector.rollup_hint");
            let extra: Vec<Line> = wrap(hint, 70)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, Style::new().fg(Color::Cyan))))
                .collect();
            let area = centered(body, 74, 3 + extra.len() as u16);
            cursor = field_popup(
                frame,
                area,
                tr!(lang, "tui.inspector.rollup_title"),
                input,
                extra,
            );
        }
        Some(Dialog::Writing(p)) => {
            let area = centered(body, 60, 3);
            popup(
                frame,
                area,
                tr!(lang, "tui.busy"),
                vec![Line::raw(fit(
                    &tr!(lang, "tui.inspector.writing", path = safe_path(p)),
                    56,
                ))],
            );
            cursor = None;
        }
        None => {}
    }
    if app.help {
        draw_help(lang, frame, body);
    } else if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// Read the folder, then run the app until the inspector quits.
pub fn run(opts: Options) -> Result<()> {
    let lang = opts.lang;
    // Read before the screen opens (a thousand bundles take a few seconds; the command says
    // so on standard error before calling this).
    let found = find(lang, &opts.inputs, &[]);
    let desk = survey(
        &AggregateOptions {
            lang,
            keyring: &opts.keyring,
            library: &opts.library,
            today: opts.today,
            threads: opts.threads,
        },
        found,
    );
    let mut app = InspectorApp::new(opts, desk);
    let mut terminal = ratatui::try_init().context("terminal")?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let input_tx = tx.clone();
    // crossterm's read blocks; it gets its own thread so the roll-up worker can report.
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Ok(Event::Resize(_, _)) => Msg::Resize,
                Ok(_) => continue,
                Err(_) => break,
            };
            if input_tx.send(msg).is_err() {
                break;
            }
        }
    });
    let result = (|| -> Result<()> {
        terminal.draw(|f| render(&app, f))?;
        while !app.quit {
            let Ok(msg) = rx.recv() else { break };
            for msg in std::iter::once(msg).chain(rx.try_iter().collect::<Vec<_>>()) {
                if let Some(job) = app.update(msg) {
                    let tx = tx.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(job.run());
                    });
                }
                if app.quit {
                    break;
                }
            }
            terminal.draw(|f| render(&app, f))?;
        }
        Ok(())
    })();
    ratatui::restore();
    result
}

#[cfg(test)]
mod tests;
