//! The スキャン screen (issue 5): set up a sweep, confirm its pre-flight estimate, watch it run on
//! a worker thread, then see the devices found against the 台帳. Nothing is sent before the
//! officer confirms; reading the neighbour table (`p`) sends nothing but the optional probes.
//!
//! This file holds the screen's keys, dialogs and worker; `state.rs` the settings and the run's
//! state; `view.rs` the drawing.

mod state;
mod view;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

pub use state::{
    NetAccess, OpenLink, RATES, ScanResult, ScanSettings, ScanState, SettingsField, Stage,
    StopFlag, interface_label,
};

use super::{KeyFocus, Screen};
use crate::i18n::Lang;
use crate::model::scan::ScanReport;
use crate::netscan::{Exclusions, Progress, ScanPlan, neighbours};
use crate::text::scan as scan_text;
use crate::text::store_error;
use crate::tr;
use crate::tui::session::{Event, ScreenId, Session};
use crate::tui::widgets::form::{self, Form, FormField, FormOutcome};
use crate::tui::work::{Report, Work};

/// A dialog over the screen; it takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// The settings of the next sweep.
    Settings(Form),
    /// The pre-flight estimate of a sweep; `y` starts sending.
    Confirm {
        plan: Box<ScanPlan>,
        preflight: String,
    },
}

#[derive(Debug)]
pub struct Scan {
    /// How the screen reaches the network (a simulated LAN in the tests).
    pub net: NetAccess,
    pub state: ScanState,
    pub dialog: Option<Dialog>,
}

/// A sweep for a worker thread: progress reports, then the result.
#[derive(Debug)]
pub enum Sweep {
    /// An ARP sweep (with probes and SNMP when planned).
    Active {
        plan: Box<ScanPlan>,
        open: OpenLink,
        stop: StopFlag,
    },
    /// Read the OS neighbour table (then probes and SNMP when asked): needs no privilege.
    Passive {
        exclusions: Exclusions,
        probe: bool,
        snmp_community: Option<String>,
        stop: StopFlag,
    },
}

/// What a [`Sweep`] sends back.
enum SweepReport {
    /// How far it got (about ten times a second).
    Progress(Progress),
    /// Its report (partial when stopped), or why it could not run.
    Finished(Result<ScanReport, String>),
}

impl Work for Sweep {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        let mut progress = |p: &Progress| send(Report::new(SweepReport::Progress(*p)));
        let result = match *self {
            Sweep::Active { plan, open, stop } => open(&plan.iface)
                .and_then(|link| crate::netscan::run_on(&plan, link, &mut progress, &stop.0))
                .map_err(|e| scan_text::scan_error(lang, &e)),
            Sweep::Passive {
                exclusions,
                probe,
                snmp_community,
                stop,
            } => neighbours::read_local()
                .map(|table| {
                    crate::netscan::run_passive(
                        &table,
                        &exclusions,
                        probe,
                        snmp_community.as_deref(),
                        &mut progress,
                        &stop.0,
                    )
                })
                .map_err(|e| scan_text::neighbour_error(lang, &e)),
        };
        send(Report::new(SweepReport::Finished(result)));
    }
}

impl Scan {
    pub fn new(net: NetAccess) -> Scan {
        Scan {
            net,
            state: ScanState::new(Vec::new()),
            dialog: None,
        }
    }

    fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        if self.state.is_running() {
            if matches!(key.code, KeyCode::Char('s') | KeyCode::Esc) {
                self.stop();
            }
            return;
        }
        let n = self.state.last.as_ref().map_or(0, |r| r.report.hosts.len());
        let sel = &mut self.state.selected;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => *sel = (*sel + 1).min(n.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => *sel = sel.saturating_sub(1),
            KeyCode::PageDown => *sel = (*sel + 10).min(n.saturating_sub(1)),
            KeyCode::PageUp => *sel = sel.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => *sel = 0,
            KeyCode::End | KeyCode::Char('G') => *sel = n.saturating_sub(1),
            KeyCode::Char('e') => self.dialog = Some(Dialog::Settings(self.state.form(s.lang))),
            KeyCode::Enter => self.start(s.lang),
            KeyCode::Char('p') => self.start_passive(s),
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            _ => {}
        }
    }

    fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        match dialog {
            Dialog::Settings(mut form) => {
                // The form proposes a new CIDR when its interface choice changes.
                let iface_before = form
                    .fields
                    .get(SettingsField::Iface as usize)
                    .map_or(0, FormField::choice_index);
                match form.on_key(key) {
                    FormOutcome::Continue => {
                        self.state.follow_interface(&mut form, iface_before);
                        self.dialog = Some(Dialog::Settings(form));
                    }
                    FormOutcome::Cancel => s.info(tr!(lang, "tui.cancelled").to_string()),
                    FormOutcome::Submit => self.submit_settings(s, form),
                }
            }
            Dialog::Confirm { plan, .. } => {
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    let stop = self.run_started(false);
                    s.spawn(Sweep::Active {
                        plan,
                        open: self.net.open,
                        stop,
                    });
                } else {
                    s.info(tr!(lang, "scan.cancelled").to_string());
                }
            }
        }
    }

    /// Keep the settings the form describes, if they make a valid plan; otherwise the form
    /// stays open with the reason.
    fn submit_settings(&mut self, s: &mut Session, mut form: Form) {
        let lang = s.lang;
        let mut probe = self.state.clone();
        probe.settings = self.state.settings_from(&form);
        match probe.plan(lang) {
            Ok(_) => {
                self.state.settings = probe.settings;
                self.state.error = None;
                s.info(tr!(lang, "tui.scan.settings_saved").to_string());
            }
            Err(e) => {
                form.error = Some(e);
                self.dialog = Some(Dialog::Settings(form));
            }
        }
    }

    /// Check the settings and the interface, then show the pre-flight estimate for
    /// confirmation. Nothing is sent before the officer presses `y`.
    fn start(&mut self, lang: Lang) {
        self.state.error = None;
        let plan = match self.state.plan(lang) {
            Ok(p) => p,
            Err(e) => {
                self.state.error = Some(e);
                return;
            }
        };
        // Open the interface before asking, as `kensa scan` does: a missing privilege or a
        // vanished interface is said before any confirmation. Opening sends nothing; the worker
        // reopens it.
        if let Err(e) = (self.net.open)(&plan.iface) {
            self.state.error = Some(scan_text::scan_error(lang, &e));
            return;
        }
        let estimate = plan.estimate(&self.state.own_addresses());
        let preflight = scan_text::preflight(lang, &plan, &estimate);
        self.dialog = Some(Dialog::Confirm {
            plan: Box::new(plan),
            preflight,
        });
    }

    /// Read the neighbour table: no confirmation, because nothing is sent unless probes or
    /// SNMP were chosen, and those go only to devices the table already knows, at 10 per second.
    fn start_passive(&mut self, s: &mut Session) {
        self.state.error = None;
        let exclusions = match self.state.exclusions(s.lang) {
            Ok(e) => Exclusions::new(&e),
            Err(e) => {
                self.state.error = Some(e);
                return;
            }
        };
        let stop = self.run_started(true);
        s.spawn(Sweep::Passive {
            exclusions,
            probe: self.state.settings.probe,
            snmp_community: self.state.snmp_community(),
            stop,
        });
    }

    /// The run's stage, and the flag its worker polls.
    fn run_started(&mut self, passive: bool) -> StopFlag {
        let stop = StopFlag::default();
        self.state.stage = Stage::Running {
            passive,
            progress: None,
            stop: stop.clone(),
            stopping: false,
        };
        self.state.selected = 0;
        stop
    }

    fn stop(&mut self) {
        if let Stage::Running { stop, stopping, .. } = &mut self.state.stage {
            stop.0.store(true, std::sync::atomic::Ordering::Relaxed);
            *stopping = true;
        }
    }

    /// Store the finished (or stopped) sweep as observations and show it against the 台帳.
    fn finished(&mut self, s: &mut Session, result: Result<ScanReport, String>) {
        let lang = s.lang;
        // The settings cannot change while a scan runs (the screen ignores `e` then).
        let add_new = self.state.settings.add_new;
        self.state.stage = Stage::Idle;
        match result {
            Ok(report) => match s.store.record_scan(&report, add_new, s.today, &s.actor) {
                Ok(stored) => {
                    let mut text = tr!(
                        lang,
                        "scan.stored",
                        observations = stored.observations,
                        duplicates = stored.duplicates,
                        added = stored.added.len(),
                        date = crate::netscan::oui::registry_date()
                    );
                    if let Some(stop) = scan_text::stop_message(lang, &report) {
                        text = format!("{stop} {text}");
                    }
                    s.info(text);
                    s.tell(Event::LedgerChanged);
                    self.state.selected = 0;
                    self.state.last = Some(ScanResult { report, stored });
                }
                Err(e) => s.error(store_error(lang, &e)),
            },
            Err(e) => self.state.error = Some(e),
        }
    }
}

impl Screen for Scan {
    fn id(&self) -> ScreenId {
        ScreenId::Scan
    }

    fn hotkey(&self) -> Option<char> {
        Some('5')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    /// The interfaces are read again each time the screen is shown, unless a sweep runs.
    fn on_show(&mut self, _s: &mut Session) {
        if !self.state.is_running() {
            let interfaces = (self.net.interfaces)();
            self.state.refresh_interfaces(interfaces);
        }
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(dialog) => self.on_dialog_key(dialog, key, s),
            None => self.on_command_key(key, s),
        }
    }

    fn on_report(&mut self, report: Report, s: &mut Session) {
        match report.open::<SweepReport>() {
            Some(SweepReport::Progress(p)) => {
                if let Stage::Running { progress, .. } = &mut self.state.stage {
                    *progress = Some(p);
                }
            }
            Some(SweepReport::Finished(result)) => self.finished(s, result),
            None => {}
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        matches!(&self.dialog, Some(Dialog::Settings(form)) if form.has_unfinished_edit())
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn working(&self) -> bool {
        self.state.is_running()
    }

    /// Stop the sweep; kensa quits once its partial result is stored.
    fn stop_for_quit(&mut self, s: &mut Session) {
        self.stop();
        let text = tr!(s.lang, "tui.scan.quitting").to_string();
        s.info(text);
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        if self.state.is_running() {
            return vec![
                ("s", tr!(lang, "tui.key.stop")),
                ("3", tr!(lang, "tui.key.ledger")),
                ("q", tr!(lang, "tui.key.quit")),
            ];
        }
        vec![
            ("e", tr!(lang, "tui.key.settings")),
            ("Enter", tr!(lang, "tui.key.start")),
            ("p", tr!(lang, "tui.key.passive")),
            ("↑↓", tr!(lang, "tui.key.move")),
            ("3", tr!(lang, "tui.key.ledger")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        view::draw(s.lang, &self.state, frame, area);
        match &self.dialog {
            None => None,
            Some(Dialog::Settings(form)) => form::draw(s.lang, frame, area, form),
            Some(Dialog::Confirm { preflight, .. }) => {
                view::draw_confirm(s.lang, frame, area, preflight);
                None
            }
        }
    }
}
