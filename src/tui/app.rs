//! The router. It owns the screens and the session, and does only what no single screen can:
//! routes keys (the global ones itself: `1`–`7`, `S`, `?`, `q`, Ctrl+C) and worker reports to
//! the screen they belong to, carries out what screens ask for (show a screen, start a job, tell
//! every screen, quit), keeps the two app-wide layers (help, quit confirmation), and draws the
//! frame around the screen in front. The terminal loop (`mod.rs`) feeds it messages and runs the
//! jobs it returns on worker threads.

use std::collections::VecDeque;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};

use super::chrome;
use super::help;
use super::screens::bcp::Bcp;
use super::screens::checklist::Checklist;
use super::screens::contacts::Contacts;
use super::screens::dashboard::Dashboard;
use super::screens::ledger::Ledger;
use super::screens::scan::{NetAccess, Scan};
use super::screens::setup::Setup;
use super::screens::vendors::Vendors;
use super::screens::{KeyFocus, Screen};
use super::session::{Action, ScreenId, Session};
use super::widgets::status::{key_bar, status_line};
use super::work::{Report, Work};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::wareki::fiscal_year_of;
use crate::store::Store;
use crate::text::store_error;
use crate::workflow;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// The terminal changed size; only a redraw is needed.
    Resize,
    /// A worker's report, for the screen that started the work.
    Report {
        to: ScreenId,
        report: Report,
    },
}

/// Work for a worker thread, addressed back to the screen that asked for it.
#[derive(Debug)]
pub struct Job {
    pub from: ScreenId,
    pub work: Box<dyn Work>,
}

impl Job {
    /// Do the work (on a worker thread in the app, inline in tests), sending each report.
    pub fn run(self, lang: Lang, send: &mut dyn FnMut(Msg)) {
        let to = self.from;
        self.work
            .run(lang, &mut |report| send(Msg::Report { to, report }));
    }

    /// The work as the type its screen made it, if it is one.
    pub fn work<T: Work>(&self) -> Option<&T> {
        let any: &dyn std::any::Any = self.work.as_ref();
        any.downcast_ref()
    }
}

/// A layer over every screen, opened by the router itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Any key closes it.
    Help,
    /// Quit although an edit is unfinished? `y` quits.
    ConfirmQuit,
}

pub struct App {
    pub session: Session,
    screens: Vec<Box<dyn Screen>>,
    active: ScreenId,
    layer: Option<Layer>,
    /// What screens asked for and the router has not done yet, with who asked.
    pending: VecDeque<(ScreenId, Action)>,
    /// Quit once running work (a sweep) has stopped and its result is stored.
    quit_when_idle: bool,
    pub quit: bool,
}

impl App {
    /// Open on the facility's own form's sheet of the current 年度 (as the CLI's default, see
    /// `workflow::default_sheet`), or on the setup form when there is no facility or no such
    /// sheet yet.
    pub fn new(
        store: Store,
        lib: Library,
        lang: Lang,
        today: Date,
        actor: String,
        seen_check_id: i64,
    ) -> Result<App, String> {
        let facility = store.facility().map_err(|e| store_error(lang, &e))?;
        let sheets = store.sheets().map_err(|e| store_error(lang, &e))?;
        let setup = Setup::new(&lib, facility.as_ref(), &sheets, today);
        // The screens. Adding one: its module in `screens/`, its `ScreenId`, and a line here.
        let screens: Vec<Box<dyn Screen>> = vec![
            Box::new(setup),
            Box::new(Dashboard::default()),
            Box::new(Checklist::default()),
            Box::new(Ledger::default()),
            Box::new(Contacts::default()),
            Box::new(Scan::new(NetAccess::os())),
            Box::new(Vendors::default()),
            Box::new(Bcp::default()),
        ];
        let mut app = App {
            session: Session::new(store, lib, lang, today, actor, seen_check_id),
            screens,
            active: ScreenId::Setup,
            layer: None,
            pending: VecDeque::new(),
            quit_when_idle: false,
            quit: false,
        };
        if let Some(f) = facility {
            let own = f.kind.own_form();
            let current = fiscal_year_of(today);
            if let Some(s) =
                workflow::default_sheet(sheets.iter().filter(|s| s.form == own), current)
            {
                app.session.load(s.clone())?;
                app.active = ScreenId::Dashboard;
                app.collect(ScreenId::Dashboard);
                let jobs = app.settle();
                debug_assert!(jobs.is_empty(), "loading a sheet starts no work");
            }
        }
        Ok(app)
    }

    pub fn screen(&self) -> ScreenId {
        self.active
    }

    pub fn layer(&self) -> Option<Layer> {
        self.layer
    }

    pub fn lang(&self) -> Lang {
        self.session.lang
    }

    /// Highest check id of the open sheet, remembered as "seen" when kensa closes.
    pub fn newest_check_id(&self) -> i64 {
        self.session.newest_check_id()
    }

    /// Apply one message. Returns jobs for worker threads.
    pub fn update(&mut self, msg: Msg) -> Vec<Job> {
        match msg {
            Msg::Resize => {}
            Msg::Key(key) => self.on_key(key),
            Msg::Report { to, report } => self.call(to, |screen, s| screen.on_report(report, s)),
        }
        let jobs = self.settle();
        if self.quit_when_idle && !self.screens.iter().any(|sc| sc.working()) {
            self.quit = true;
        }
        jobs
    }

    fn on_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
            self.ask_quit();
            return;
        }
        if let Some(layer) = self.layer.take() {
            if layer == Layer::ConfirmQuit && matches!(key.code, KeyCode::Char('y' | 'Y')) {
                self.quit = true;
            }
            return;
        }
        let focus = self
            .find(self.active)
            .map_or(KeyFocus::Commands, |sc| sc.focus());
        if focus != KeyFocus::Dialog {
            self.session.flash = None;
        }
        if focus == KeyFocus::Commands && self.global_key(key) {
            return;
        }
        self.call(self.active, |screen, s| screen.handle_key(key, s));
    }

    /// The keys every screen without a dialog shares. Returns whether `key` was one.
    fn global_key(&mut self, key: KeyEvent) -> bool {
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        match c {
            'q' => self.ask_quit(),
            '?' => self.layer = Some(Layer::Help),
            _ => match self.screens.iter().find(|sc| sc.hotkey() == Some(c)) {
                Some(sc) => self.pending.push_back((self.active, Action::Show(sc.id()))),
                None => return false,
            },
        }
        true
    }

    /// `q` or Ctrl+C: stop running work first (and quit once it is stored), ask when something
    /// typed would be lost, or quit: everything confirmed is already stored.
    fn ask_quit(&mut self) {
        let mut waiting = false;
        for sc in self.screens.iter_mut().filter(|sc| sc.working()) {
            sc.stop_for_quit(&mut self.session);
            waiting = true;
        }
        let unfinished = self.layer.is_none()
            && self
                .find(self.active)
                .is_some_and(|sc| sc.has_unfinished_edit());
        if waiting {
            self.quit_when_idle = true;
        } else if unfinished {
            if let Some(sc) = self.find_mut(self.active) {
                sc.close_dialog();
            }
            self.layer = Some(Layer::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }

    fn find(&self, id: ScreenId) -> Option<&dyn Screen> {
        self.screens.iter().find(|sc| sc.id() == id).map(|b| &**b)
    }

    fn find_mut(&mut self, id: ScreenId) -> Option<&mut (dyn Screen + 'static)> {
        self.screens
            .iter_mut()
            .find(|sc| sc.id() == id)
            .map(|b| &mut **b)
    }

    /// Run `f` on screen `id` with the session, then take what it asked for.
    fn call(&mut self, id: ScreenId, f: impl FnOnce(&mut dyn Screen, &mut Session)) {
        if let Some(sc) = self.screens.iter_mut().find(|sc| sc.id() == id) {
            f(sc.as_mut(), &mut self.session);
        }
        self.collect(id);
    }

    /// Queue what the session holds, as asked by `from`.
    fn collect(&mut self, from: ScreenId) {
        let asked = self.session.take_actions();
        self.pending.extend(asked.into_iter().map(|a| (from, a)));
    }

    /// Carry out everything asked, including what that in turn asks. Returns the jobs.
    fn settle(&mut self) -> Vec<Job> {
        let mut jobs = Vec::new();
        while let Some((from, action)) = self.pending.pop_front() {
            match action {
                Action::Show(id) => {
                    self.active = id;
                    self.call(id, |screen, s| screen.on_show(s));
                }
                Action::Spawn(work) => jobs.push(Job { from, work }),
                Action::Tell(event) => {
                    let ids: Vec<ScreenId> = self.screens.iter().map(|sc| sc.id()).collect();
                    for id in ids {
                        self.call(id, |screen, s| screen.on_event(&event, s));
                    }
                }
                Action::Quit => self.quit = true,
                Action::ConfirmQuit => self.layer = Some(Layer::ConfirmQuit),
            }
        }
        jobs
    }

    /// The screen of type `T`, for tests that look inside one.
    #[cfg(test)]
    pub fn get<T: Screen>(&self) -> &T {
        self.screens
            .iter()
            .find_map(|sc| (&**sc as &dyn std::any::Any).downcast_ref::<T>())
            .expect("every screen type is in the list")
    }

    #[cfg(test)]
    pub fn get_mut<T: Screen>(&mut self) -> &mut T {
        self.screens
            .iter_mut()
            .find_map(|sc| (&mut **sc as &mut dyn std::any::Any).downcast_mut::<T>())
            .expect("every screen type is in the list")
    }
}

/// Draw the frame: header, the screen in front (with its dialog), status line, key bar, and
/// the layer over it. Changes nothing but the checklist's remembered scroll offset.
pub fn render(app: &App, frame: &mut Frame) {
    let lang = app.lang();
    let area = frame.area();
    if area.width < chrome::MIN_WIDTH || area.height < chrome::MIN_HEIGHT {
        chrome::too_small(lang, frame, area);
        return;
    }
    let [header, body, flash, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(&app.session, frame, header);
    let Some(screen) = app.find(app.active) else {
        return;
    };
    let cursor = screen.draw(&app.session, frame, body);
    if let Some(f) = &app.session.flash {
        status_line(frame, flash, &f.text, f.error);
    }
    key_bar(frame, footer, &screen.key_hints(lang));
    match app.layer {
        Some(Layer::Help) => help::draw(lang, frame, body),
        Some(Layer::ConfirmQuit) => chrome::confirm_quit(lang, frame, body),
        None => {
            if let Some(p) = cursor {
                frame.set_cursor_position(p);
            }
        }
    }
}
