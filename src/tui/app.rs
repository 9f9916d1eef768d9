//! The officer's app: its state, and `update`, the only place that changes it. Rendering reads
//! the state (`view/`); the terminal loop (`mod.rs`) feeds `update` messages and runs the jobs it
//! returns on worker threads.

use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::{Form, FormField, FormOutcome};
use super::input::{LineInput, complete_path};
use super::scan::{NetAccess, OpenLink, ScanResult, ScanState, SettingsField, Stage, StopFlag};
use super::setup::SetupForm;
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::answer::{Answer, RowStatus};
use crate::model::asset::{LedgerRow, parse_ips};
use crate::model::checklist::{Edition, Item, Scope};
use crate::model::contacts::{Contact, Role};
use crate::model::entry::{check_answer, check_target};
use crate::model::facility::Facility;
use crate::model::rules::{Assessment, Context, Requirement, RowView, assess};
use crate::model::scan::ScanReport;
use crate::model::wareki::{halfwidth, parse_date};
use crate::netscan::{Exclusions, Progress, ScanPlan, neighbours};
use crate::store::{CheckRecord, EvidenceFile, NewCheck, NewContact, Sheet, Store, TargetRecord};
use crate::text::scan as scan_text;
use crate::text::{answer_label, refusal_message, scope_label, store_error};
use crate::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Setup,
    Dashboard,
    Checklist,
    Ledger,
    Contacts,
    /// Network discovery (issue 5): settings, the sweep's progress, the devices found.
    Scan,
}

/// Which pane of the checklist screen takes ↑/↓.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// One answer row of the form: an item, answered for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub item: String,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatePurpose {
    /// The 確認日 used for the next answers.
    CheckDate,
    /// いいえ is being recorded; this is its 目標日.
    NoWithTarget(RowKey),
    /// A 目標日 for a row already answered いいえ.
    Target(RowKey),
}

/// A dialog over the screen; it takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Date {
        purpose: DatePurpose,
        input: LineInput,
    },
    Note {
        row: RowKey,
        input: LineInput,
    },
    Search {
        input: LineInput,
    },
    Evidence {
        row: RowKey,
        input: LineInput,
        candidates: Vec<String>,
    },
    /// A worker is reading a file; keys wait.
    Busy {
        what: String,
    },
    /// Quit although an edit is unfinished?
    ConfirmQuit,
    /// A dialog form (add a contact).
    Form {
        purpose: FormPurpose,
        form: Form,
    },
    /// Take contact `id` off the chart?
    ConfirmRemoveContact {
        id: i64,
    },
    /// The pre-flight estimate of a sweep; `y` starts sending.
    ConfirmScan {
        plan: Box<ScanPlan>,
        preflight: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    AddContact,
    /// Edit the typed fields of the 台帳 row with this 管理番号.
    EditAsset(String),
    /// The settings of the next network sweep.
    ScanSettings,
}

impl Overlay {
    /// Whether closing this overlay would throw away something the user typed.
    fn has_unfinished_edit(&self) -> bool {
        match self {
            Overlay::Date { input, .. }
            | Overlay::Note { input, .. }
            | Overlay::Evidence { input, .. } => !input.is_empty(),
            Overlay::Form { form, .. } => form.has_unfinished_edit(),
            _ => false,
        }
    }
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// The terminal changed size; only a redraw is needed.
    Resize,
    /// A worker finished reading an evidence file.
    EvidenceRead {
        row: RowKey,
        result: Result<EvidenceFile, String>,
    },
    /// A worker finished reading the 台帳 (with observations and disagreements).
    LedgerLoaded(Result<Vec<LedgerRow>, String>),
    /// The sweep's worker reports how far it got (about ten times a second).
    ScanProgress(Progress),
    /// The sweep ended: its report (partial when stopped), or why it could not run.
    ScanFinished(Result<ScanReport, String>),
}

/// Slow work for a worker thread; its results come back as `Msg`s.
#[derive(Debug, Clone)]
pub enum Job {
    ReadEvidence {
        row: RowKey,
        path: PathBuf,
    },
    /// Read the 台帳 on a connection of its own: 10,000 rows should not hold up a key press.
    LoadLedger {
        db: PathBuf,
    },
    /// An ARP sweep (with probes and SNMP when planned): progress messages, then the report.
    Scan {
        plan: Box<ScanPlan>,
        open: OpenLink,
        stop: StopFlag,
    },
    /// Read the OS neighbour table (then probes and SNMP when asked): needs no privilege.
    PassiveScan {
        exclusions: Exclusions,
        probe: bool,
        snmp_community: Option<String>,
        stop: StopFlag,
    },
}

impl Job {
    /// Do the work (on a worker thread in the app, inline in tests), sending each result.
    pub fn run(self, lang: Lang, send: &mut dyn FnMut(Msg)) {
        match self {
            Job::ReadEvidence { row, path } => send(Msg::EvidenceRead {
                row,
                result: EvidenceFile::read(&path).map_err(|e| store_error(lang, &e)),
            }),
            Job::LoadLedger { db } => send(Msg::LedgerLoaded(
                Store::open(&db)
                    .and_then(|s| s.ledger())
                    .map_err(|e| store_error(lang, &e)),
            )),
            Job::Scan { plan, open, stop } => {
                let result = open(&plan.iface)
                    .and_then(|link| {
                        crate::netscan::run_on(
                            &plan,
                            link,
                            &mut |p| send(Msg::ScanProgress(*p)),
                            &stop.0,
                        )
                    })
                    .map_err(|e| scan_text::scan_error(lang, &e));
                send(Msg::ScanFinished(result));
            }
            Job::PassiveScan {
                exclusions,
                probe,
                snmp_community,
                stop,
            } => {
                let result = neighbours::read_local()
                    .map(|table| {
                        crate::netscan::run_passive(
                            &table,
                            &exclusions,
                            probe,
                            snmp_community.as_deref(),
                            &mut |p| send(Msg::ScanProgress(*p)),
                            &stop.0,
                        )
                    })
                    .map_err(|e| scan_text::neighbour_error(lang, &e));
                send(Msg::ScanFinished(result));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// The sheet being worked on, with everything derived from its records.
#[derive(Debug)]
pub struct OpenSheet {
    pub facility: Facility,
    pub sheet: Sheet,
    pub edition: Edition,
    pub checks: Vec<CheckRecord>,
    pub targets: Vec<TargetRecord>,
    pub assessment: Assessment,
}

impl OpenSheet {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.edition.item(id)
    }

    pub fn row_index(&self, key: &RowKey) -> Option<usize> {
        self.assessment
            .rows
            .iter()
            .position(|r| r.item == key.item && r.scope == key.scope)
    }
}

/// State of the checklist screen.
#[derive(Debug, Clone, Default)]
pub struct ChecklistState {
    /// Index into `assessment.rows` of the selected row.
    pub cursor: usize,
    pub unanswered_only: bool,
    /// Item search (`/`); empty shows everything.
    pub search: String,
    pub focus: Option<Focus>,
    pub detail_scroll: u16,
    /// First visible line of the list; kept between frames so the list does not jump.
    pub list_offset: std::cell::Cell<usize>,
}

pub struct App {
    pub lang: Lang,
    pub today: Date,
    pub actor: String,
    pub store: Store,
    pub lib: Library,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub flash: Option<Flash>,
    pub open: Option<OpenSheet>,
    pub setup: SetupForm,
    pub list: ChecklistState,
    /// Selected line of the dashboard's findings list.
    pub dash_selected: usize,
    /// The 連絡体制 (item 3(1)), in escalation order, and the selected one.
    pub contacts: Vec<Contact>,
    pub contacts_selected: usize,
    /// The 台帳 once a worker has read it (`None`: not read yet or being read).
    pub ledger: Option<Vec<LedgerRow>>,
    pub ledger_loading: bool,
    pub ledger_state: LedgerState,
    /// 確認日 given to the next answers (`d` changes it).
    pub check_date: Date,
    /// Highest check id the officer had seen when kensa was last closed: newer ones are "new".
    pub seen_check_id: i64,
    /// How the スキャン screen reaches the network, and its state.
    pub net: NetAccess,
    pub scan: ScanState,
    /// Quit once the running sweep has stopped and its partial result is stored.
    pub quit_after_scan: bool,
    pub quit: bool,
}

impl App {
    /// Open on the facility's newest sheet of its own form, or on the setup form when there is
    /// no facility or no such sheet yet.
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
        let setup = SetupForm::new(&lib, facility.as_ref(), &sheets, today);
        let mut app = App {
            lang,
            today,
            actor,
            store,
            lib,
            screen: Screen::Setup,
            overlay: None,
            flash: None,
            open: None,
            setup,
            list: ChecklistState::default(),
            dash_selected: 0,
            contacts: Vec::new(),
            contacts_selected: 0,
            ledger: None,
            ledger_loading: false,
            ledger_state: LedgerState::default(),
            check_date: today,
            seen_check_id,
            net: NetAccess::os(),
            scan: ScanState::new(Vec::new()),
            quit_after_scan: false,
            quit: false,
        };
        if let Some(f) = facility {
            let own = f.kind.own_form();
            if let Some(s) = sheets
                .iter()
                .filter(|s| s.form == own)
                .max_by_key(|s| (s.fiscal_year, s.id))
            {
                app.load(s.clone())?;
                app.screen = Screen::Dashboard;
            }
        }
        Ok(app)
    }

    /// Read the sheet's records and assess them.
    pub fn load(&mut self, sheet: Sheet) -> Result<(), String> {
        let lang = self.lang;
        let facility = self
            .store
            .facility()
            .map_err(|e| store_error(lang, &e))?
            .ok_or_else(|| tr!(lang, "cli.no_facility").to_string())?;
        let edition = self.lib.get(&sheet.edition_id).cloned().ok_or_else(|| {
            tr!(
                lang,
                "sheet.edition_missing_for",
                sheet = sheet.key(),
                edition = sheet.edition_id
            )
        })?;
        let checks = self
            .store
            .checks(sheet.id)
            .map_err(|e| store_error(lang, &e))?;
        let targets = self
            .store
            .targets(sheet.id)
            .map_err(|e| store_error(lang, &e))?;
        let assessment = assess_sheet(&edition, &sheet, &facility, self.today, &checks, &targets);
        self.load_contacts()?;
        self.list.cursor = self
            .list
            .cursor
            .min(assessment.rows.len().saturating_sub(1));
        self.open = Some(OpenSheet {
            facility,
            sheet,
            edition,
            checks,
            targets,
            assessment,
        });
        Ok(())
    }

    fn load_contacts(&mut self) -> Result<(), String> {
        let mut contacts = self
            .store
            .contacts()
            .map_err(|e| store_error(self.lang, &e))?;
        contacts.sort_by_key(|c| (c.order, !c.role.is_internal(), c.role, c.id));
        self.contacts_selected = self.contacts_selected.min(contacts.len().saturating_sub(1));
        self.contacts = contacts;
        Ok(())
    }

    fn reload(&mut self) {
        if let Some(sheet) = self.open.as_ref().map(|o| o.sheet.clone())
            && let Err(e) = self.load(sheet)
        {
            self.error(e);
        }
    }

    fn info(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    fn error(&mut self, text: String) {
        self.flash = Some(Flash { text, error: true });
    }

    /// The row under the cursor.
    pub fn current_row(&self) -> Option<&RowView> {
        self.open.as_ref()?.assessment.rows.get(self.list.cursor)
    }

    fn current_key(&self) -> Option<RowKey> {
        self.current_row().map(|r| RowKey {
            item: r.item.clone(),
            scope: r.scope,
        })
    }

    /// Indices of the rows the checklist shows, in form order, after the filter and search.
    pub fn visible_rows(&self) -> Vec<usize> {
        let Some(open) = &self.open else {
            return Vec::new();
        };
        let query = normalize_query(&self.list.search);
        open.assessment
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !self.list.unanswered_only || needs_answer(r))
            .filter(|(_, r)| {
                query.is_empty()
                    || open.item(&r.item).is_some_and(|i| {
                        normalize_query(&i.text).contains(&query)
                            || i.id.contains(&query)
                            || normalize_query(scope_label(self.lang, r.scope)).contains(&query)
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether anything typed would be lost by quitting now.
    fn has_unfinished_edit(&self) -> bool {
        match (&self.overlay, self.screen) {
            (Some(o), _) => o.has_unfinished_edit(),
            (None, Screen::Setup) => self.setup.dirty,
            _ => false,
        }
    }

    /// Highest check id of the open sheet, remembered as "seen" when kensa closes.
    pub fn newest_check_id(&self) -> i64 {
        self.open
            .as_ref()
            .and_then(|o| o.checks.iter().map(|c| c.id).max())
            .unwrap_or(self.seen_check_id)
    }
}

/// How the 台帳 list is ordered (`s` cycles).
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

#[derive(Debug, Clone, Default)]
pub struct LedgerState {
    pub selected: usize,
    pub filter: String,
    pub sort: LedgerSort,
    pub detail: bool,
}

impl App {
    /// Indices into the 台帳 in display order, after the filter.
    pub fn ledger_rows(&self) -> Vec<usize> {
        let Some(rows) = &self.ledger else {
            return Vec::new();
        };
        let q = normalize_query(&self.ledger_state.filter);
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
        match self.ledger_state.sort {
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

    pub fn selected_asset(&self) -> Option<&LedgerRow> {
        let order = self.ledger_rows();
        let i = *order.get(self.ledger_state.selected)?;
        self.ledger.as_ref()?.get(i)
    }

    fn load_ledger_job(&mut self) -> Vec<Job> {
        self.ledger_loading = true;
        vec![Job::LoadLedger {
            db: self.store.path().to_path_buf(),
        }]
    }
}

/// A row that still needs the officer: required and without a fresh dated answer.
pub fn needs_answer(r: &RowView) -> bool {
    r.requirement == Requirement::Required
        && matches!(r.status, RowStatus::Unanswered | RowStatus::NeedsRecheck)
}

fn normalize_query(s: &str) -> String {
    halfwidth(s.trim()).to_lowercase()
}

pub fn assess_sheet(
    edition: &Edition,
    sheet: &Sheet,
    facility: &Facility,
    today: Date,
    checks: &[CheckRecord],
    targets: &[TargetRecord],
) -> Assessment {
    let ctx = Context {
        edition,
        fiscal_year: sheet.fiscal_year,
        vendor_contracts: facility.vendor_contracts,
        today,
    };
    let checks: Vec<_> = checks.iter().map(CheckRecord::to_model).collect();
    let targets: Vec<_> = targets.iter().map(TargetRecord::to_model).collect();
    assess(&ctx, &checks, &targets)
}

/// Apply one message. Returns jobs for worker threads.
pub fn update(app: &mut App, msg: Msg) -> Vec<Job> {
    match msg {
        Msg::Resize => Vec::new(),
        Msg::EvidenceRead { row, result } => {
            app.overlay = None;
            match result {
                Ok(file) => restate(app, &row, None, Some(file)),
                Err(e) => app.error(e),
            }
            Vec::new()
        }
        Msg::LedgerLoaded(result) => {
            app.ledger_loading = false;
            match result {
                Ok(rows) => app.ledger = Some(rows),
                Err(e) => app.error(e),
            }
            Vec::new()
        }
        Msg::ScanProgress(p) => {
            if let Stage::Running { progress, .. } = &mut app.scan.stage {
                *progress = Some(p);
            }
            Vec::new()
        }
        Msg::ScanFinished(result) => {
            scan_finished(app, result);
            Vec::new()
        }
        Msg::Key(key) => on_key(app, key),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
        if app.scan.is_running() {
            quit_after_scan(app);
        } else if app.has_unfinished_edit() {
            app.overlay = Some(Overlay::ConfirmQuit);
        } else {
            app.quit = true;
        }
        return Vec::new();
    }
    if app.overlay.is_some() {
        return on_overlay_key(app, key);
    }
    app.flash = None;
    let before = app.screen;
    let mut jobs = dispatch_key(app, key);
    if app.screen == Screen::Ledger && before != Screen::Ledger && app.ledger.is_none() {
        jobs.extend(app.load_ledger_job());
    }
    jobs
}

fn dispatch_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    match app.screen {
        Screen::Setup => {
            on_setup_key(app, key);
            Vec::new()
        }
        Screen::Dashboard => {
            on_dashboard_key(app, key);
            Vec::new()
        }
        Screen::Checklist => on_checklist_key(app, key),
        Screen::Contacts => {
            on_contacts_key(app, key);
            Vec::new()
        }
        Screen::Ledger => on_ledger_key(app, key),
        Screen::Scan => on_scan_key(app, key),
    }
}

fn on_ledger_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if on_global_key(app, key) {
        return Vec::new();
    }
    let lang = app.lang;
    let n = app.ledger_rows().len();
    let st = &mut app.ledger_state;
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            st.selected = (st.selected + 1).min(n.saturating_sub(1))
        }
        KeyCode::Up | KeyCode::Char('k') => st.selected = st.selected.saturating_sub(1),
        KeyCode::PageDown => st.selected = (st.selected + 20).min(n.saturating_sub(1)),
        KeyCode::PageUp => st.selected = st.selected.saturating_sub(20),
        KeyCode::Home | KeyCode::Char('g') => st.selected = 0,
        KeyCode::End | KeyCode::Char('G') => st.selected = n.saturating_sub(1),
        KeyCode::Enter | KeyCode::Tab => st.detail = !st.detail,
        KeyCode::Char('s') => {
            st.sort = match st.sort {
                LedgerSort::ControlNo => LedgerSort::Kind,
                LedgerSort::Kind => LedgerSort::ComputerName,
                LedgerSort::ComputerName => LedgerSort::Ip,
                LedgerSort::Ip => LedgerSort::Disagreements,
                LedgerSort::Disagreements => LedgerSort::ControlNo,
            };
            st.selected = 0;
        }
        KeyCode::Char('/') => {
            app.overlay = Some(Overlay::Search {
                input: LineInput::new(&app.ledger_state.filter),
            });
        }
        KeyCode::Char('r') => return app.load_ledger_job(),
        KeyCode::Char('e') => {
            if let Some(row) = app.selected_asset() {
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
                app.overlay = Some(Overlay::Form {
                    purpose: FormPurpose::EditAsset(no.clone()),
                    form: Form::new(tr!(lang, "tui.ledger.edit_title", no = no), fields),
                });
            }
        }
        KeyCode::Esc if !app.ledger_state.filter.is_empty() => app.ledger_state.filter.clear(),
        KeyCode::Esc => app.screen = Screen::Dashboard,
        _ => {}
    }
    Vec::new()
}

/// Save the typed fields of a 台帳 row; observations are never touched.
fn submit_asset(app: &mut App, control_no: String, mut form: Form) -> Vec<Job> {
    let lang = app.lang;
    let Some(row) = app.ledger.as_ref().and_then(|rows| {
        rows.iter()
            .find(|r| r.asset.fields.control_no == control_no)
    }) else {
        return Vec::new();
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
            app.overlay = Some(Overlay::Form {
                purpose: FormPurpose::EditAsset(control_no),
                form,
            });
            return Vec::new();
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
    match app.store.edit_asset(&fields, &app.actor) {
        Ok(_) => {
            app.info(tr!(lang, "tui.ledger.saved", no = control_no));
            app.load_ledger_job()
        }
        Err(e) => {
            app.error(store_error(lang, &e));
            Vec::new()
        }
    }
}

fn on_scan_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if on_global_key(app, key) {
        return Vec::new();
    }
    let lang = app.lang;
    if app.scan.is_running() {
        if matches!(key.code, KeyCode::Char('s') | KeyCode::Esc) {
            stop_scan(app);
        }
        return Vec::new();
    }
    let n = app.scan.last.as_ref().map_or(0, |r| r.report.hosts.len());
    let sel = &mut app.scan.selected;
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => *sel = (*sel + 1).min(n.saturating_sub(1)),
        KeyCode::Up | KeyCode::Char('k') => *sel = sel.saturating_sub(1),
        KeyCode::PageDown => *sel = (*sel + 10).min(n.saturating_sub(1)),
        KeyCode::PageUp => *sel = sel.saturating_sub(10),
        KeyCode::Home | KeyCode::Char('g') => *sel = 0,
        KeyCode::End | KeyCode::Char('G') => *sel = n.saturating_sub(1),
        KeyCode::Char('e') => {
            app.overlay = Some(Overlay::Form {
                purpose: FormPurpose::ScanSettings,
                form: app.scan.form(lang),
            });
        }
        KeyCode::Enter => start_scan(app),
        KeyCode::Char('p') => return start_passive(app),
        KeyCode::Esc => app.screen = Screen::Dashboard,
        _ => {}
    }
    Vec::new()
}

/// Check the settings and the interface, then show the pre-flight estimate for confirmation.
/// Nothing is sent before the officer presses `y`.
fn start_scan(app: &mut App) {
    let lang = app.lang;
    app.scan.error = None;
    let plan = match app.scan.plan(lang) {
        Ok(p) => p,
        Err(e) => {
            app.scan.error = Some(e);
            return;
        }
    };
    // Open the interface before asking, as `kensa scan` does: a missing privilege or a vanished
    // interface is said before any confirmation. Opening sends nothing; the worker reopens it.
    if let Err(e) = (app.net.open)(&plan.iface) {
        app.scan.error = Some(scan_text::scan_error(lang, &e));
        return;
    }
    let estimate = plan.estimate(&app.scan.own_addresses());
    let preflight = scan_text::preflight(lang, &plan, &estimate);
    app.overlay = Some(Overlay::ConfirmScan {
        plan: Box::new(plan),
        preflight,
    });
}

/// Read the neighbour table: no confirmation, because nothing is sent unless probes or SNMP were
/// chosen, and those go only to devices the table already knows, at 10 per second.
fn start_passive(app: &mut App) -> Vec<Job> {
    let lang = app.lang;
    app.scan.error = None;
    let exclusions = match app.scan.exclusions(lang) {
        Ok(e) => Exclusions::new(&e),
        Err(e) => {
            app.scan.error = Some(e);
            return Vec::new();
        }
    };
    let stop = StopFlag::default();
    app.scan.stage = Stage::Running {
        passive: true,
        progress: None,
        stop: stop.clone(),
        stopping: false,
    };
    app.scan.selected = 0;
    vec![Job::PassiveScan {
        exclusions,
        probe: app.scan.settings.probe,
        snmp_community: app.scan.snmp_community(),
        stop,
    }]
}

fn stop_scan(app: &mut App) {
    if let Stage::Running { stop, stopping, .. } = &mut app.scan.stage {
        stop.0.store(true, std::sync::atomic::Ordering::Relaxed);
        *stopping = true;
    }
}

/// `q` during a sweep: stop it, store what it found, then quit.
fn quit_after_scan(app: &mut App) {
    stop_scan(app);
    app.quit_after_scan = true;
    let text = tr!(app.lang, "tui.scan.quitting").to_string();
    app.info(text);
}

/// Store the finished (or stopped) sweep as observations and show it against the 台帳.
fn scan_finished(app: &mut App, result: Result<ScanReport, String>) {
    let lang = app.lang;
    // The settings cannot change while a scan runs (the screen ignores `e` then).
    let add_new = app.scan.settings.add_new;
    app.scan.stage = Stage::Idle;
    match result {
        Ok(report) => match app
            .store
            .record_scan(&report, add_new, app.today, &app.actor)
        {
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
                app.info(text);
                // The 台帳 screen reads the new observations when it is next shown.
                app.ledger = None;
                app.scan.selected = 0;
                app.scan.last = Some(ScanResult { report, stored });
            }
            Err(e) => app.error(store_error(lang, &e)),
        },
        Err(e) => app.scan.error = Some(e),
    }
    if app.quit_after_scan {
        app.quit = true;
    }
}

/// Keep the settings the form describes, if they make a valid plan; otherwise the form stays
/// open with the reason.
fn submit_scan_settings(app: &mut App, mut form: Form) {
    let lang = app.lang;
    let mut probe = app.scan.clone();
    probe.settings = app.scan.settings_from(&form);
    match probe.plan(lang) {
        Ok(_) => {
            app.scan.settings = probe.settings;
            app.scan.error = None;
            app.info(tr!(lang, "tui.scan.settings_saved").to_string());
        }
        Err(e) => {
            form.error = Some(e);
            app.overlay = Some(Overlay::Form {
                purpose: FormPurpose::ScanSettings,
                form,
            });
        }
    }
}

fn on_contacts_key(app: &mut App, key: KeyEvent) {
    if on_global_key(app, key) {
        return;
    }
    let lang = app.lang;
    let n = app.contacts.len();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            app.contacts_selected = (app.contacts_selected + 1).min(n.saturating_sub(1));
        }
        KeyCode::Up | KeyCode::Char('k') => {
            app.contacts_selected = app.contacts_selected.saturating_sub(1);
        }
        KeyCode::Char('a') => {
            let roles: Vec<String> = Role::ALL
                .iter()
                .map(|r| crate::text::role_label(lang, *r).to_string())
                .collect();
            let fields = vec![
                FormField::choice(tr!(lang, "tui.contacts.role"), roles, 0),
                FormField::text(tr!(lang, "tui.contacts.name"), ""),
                FormField::text(tr!(lang, "tui.contacts.org"), ""),
                FormField::text(tr!(lang, "tui.contacts.system"), ""),
                FormField::text(tr!(lang, "tui.contacts.phone"), ""),
                FormField::text(tr!(lang, "tui.contacts.email"), ""),
                FormField::text(tr!(lang, "tui.contacts.order"), ""),
            ];
            app.overlay = Some(Overlay::Form {
                purpose: FormPurpose::AddContact,
                form: Form::new(tr!(lang, "tui.contacts.add_title").to_string(), fields),
            });
        }
        KeyCode::Char('D') | KeyCode::Delete => {
            if let Some(c) = app.contacts.get(app.contacts_selected) {
                app.overlay = Some(Overlay::ConfirmRemoveContact { id: c.id });
            }
        }
        KeyCode::Esc => app.screen = Screen::Dashboard,
        _ => {}
    }
}

/// Store the contact the form describes; on a refusal the form stays open with the reason.
fn submit_contact(app: &mut App, mut form: Form) {
    let lang = app.lang;
    let get = |i: usize| {
        form.fields
            .get(i)
            .map(FormField::text_value)
            .unwrap_or_default()
    };
    let role = Role::ALL
        .get(form.fields.first().map_or(0, FormField::choice_index))
        .copied()
        .unwrap_or(Role::Other);
    let name = get(1);
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let order_text = crate::model::wareki::halfwidth(&get(6));
    let order = if order_text.is_empty() {
        Ok(role.default_order())
    } else {
        order_text
            .parse::<u32>()
            .ok()
            .filter(|o| (1..=99).contains(o))
            .ok_or_else(|| tr!(lang, "contacts.bad_order", order = order_text))
    };
    let refusal = if name.is_empty() {
        Some(tr!(lang, "contacts.empty_name").to_string())
    } else {
        order.as_ref().err().cloned()
    };
    if let Some(e) = refusal {
        form.error = Some(e);
        app.overlay = Some(Overlay::Form {
            purpose: FormPurpose::AddContact,
            form,
        });
        return;
    }
    let order = order.unwrap_or(role.default_order());
    let new = NewContact {
        role,
        name: name.clone(),
        org: opt(get(2)),
        system: opt(get(3)),
        phone: opt(get(4)),
        email: opt(get(5)),
        order,
    };
    match app.store.add_contact(&new, &app.actor) {
        Ok(id) => {
            let _ = app.load_contacts().map_err(|e| app.error(e));
            if let Some(ix) = app.contacts.iter().position(|c| c.id == id) {
                app.contacts_selected = ix;
            }
            app.info(tr!(
                lang,
                "contacts.added",
                id = id,
                role = crate::text::role_label(lang, role),
                name = name,
                order = order
            ));
        }
        Err(e) => app.error(store_error(lang, &e)),
    }
}

fn on_setup_key(app: &mut App, key: KeyEvent) {
    use super::setup::SetupOutcome;
    let had_sheet = app.open.is_some();
    match app.setup.on_key(key, &app.lib, app.today) {
        SetupOutcome::Continue => {}
        SetupOutcome::Cancel => {
            if had_sheet {
                app.screen = Screen::Dashboard;
            } else if app.setup.dirty {
                app.overlay = Some(Overlay::ConfirmQuit);
            } else {
                app.quit = true;
            }
        }
        SetupOutcome::Submit => {
            let lang = app.lang;
            match app.setup.apply(&mut app.store, &app.lib, lang, &app.actor) {
                Ok((sheet, message)) => {
                    app.setup.dirty = false;
                    match app.load(sheet) {
                        Ok(()) => {
                            app.screen = Screen::Dashboard;
                            app.info(message);
                        }
                        Err(e) => app.error(e),
                    }
                }
                Err(e) => app.setup.error = Some(e),
            }
        }
    }
}

/// Lines of the dashboard's findings list that lead somewhere: (item, scope) per finding.
pub fn dashboard_targets(app: &App) -> Vec<Option<RowKey>> {
    let Some(open) = &app.open else {
        return Vec::new();
    };
    open.assessment
        .findings
        .iter()
        .map(|f| match (&f.item, f.scope) {
            (Some(item), Some(scope)) => Some(RowKey {
                item: item.clone(),
                scope,
            }),
            (Some(item), None) => open.item(item).map(|i| RowKey {
                item: item.clone(),
                scope: i.scopes.first().copied().unwrap_or(Scope::General),
            }),
            _ => None,
        })
        .collect()
}

fn on_global_key(app: &mut App, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Char('q') if app.scan.is_running() => quit_after_scan(app),
        KeyCode::Char('q') => app.quit = true,
        KeyCode::Char('?') => app.overlay = Some(Overlay::Help),
        KeyCode::Char('1') => app.screen = Screen::Dashboard,
        KeyCode::Char('2') => app.screen = Screen::Checklist,
        KeyCode::Char('3') => app.screen = Screen::Ledger,
        KeyCode::Char('4') => app.screen = Screen::Contacts,
        KeyCode::Char('5') => {
            if !app.scan.is_running() {
                let interfaces = (app.net.interfaces)();
                app.scan.refresh_interfaces(interfaces);
            }
            app.screen = Screen::Scan;
        }
        KeyCode::Char('S') => {
            let sheets = app.store.sheets().unwrap_or_default();
            let facility = app.open.as_ref().map(|o| o.facility.clone());
            app.setup = SetupForm::new(&app.lib, facility.as_ref(), &sheets, app.today);
            app.screen = Screen::Setup;
        }
        _ => return false,
    }
    true
}

fn on_dashboard_key(app: &mut App, key: KeyEvent) {
    if on_global_key(app, key) {
        return;
    }
    let n = dashboard_targets(app).len();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            app.dash_selected = (app.dash_selected + 1).min(n.saturating_sub(1));
        }
        KeyCode::Up | KeyCode::Char('k') => app.dash_selected = app.dash_selected.saturating_sub(1),
        KeyCode::PageDown => app.dash_selected = (app.dash_selected + 10).min(n.saturating_sub(1)),
        KeyCode::PageUp => app.dash_selected = app.dash_selected.saturating_sub(10),
        KeyCode::Enter => {
            let target = dashboard_targets(app)
                .get(app.dash_selected)
                .cloned()
                .flatten();
            app.screen = Screen::Checklist;
            if let Some(key) = target {
                jump_to(app, &key);
            }
        }
        KeyCode::Tab => app.screen = Screen::Checklist,
        _ => {}
    }
}

/// Put the cursor on `key`, clearing the filter and search if they hide it.
fn jump_to(app: &mut App, key: &RowKey) {
    let Some(ix) = app.open.as_ref().and_then(|o| o.row_index(key)) else {
        return;
    };
    app.list.cursor = ix;
    if !app.visible_rows().contains(&ix) {
        app.list.unanswered_only = false;
        app.list.search.clear();
    }
    app.list.focus = Some(Focus::List);
    app.list.detail_scroll = 0;
}

fn move_cursor(app: &mut App, delta: isize) {
    let visible = app.visible_rows();
    if visible.is_empty() {
        return;
    }
    let pos = visible
        .iter()
        .position(|&i| i >= app.list.cursor)
        .unwrap_or(visible.len() - 1);
    let new = pos
        .saturating_add_signed(delta)
        .min(visible.len().saturating_sub(1));
    app.list.cursor = visible[new];
    app.list.detail_scroll = 0;
}

/// Move to the next row that still needs an answer, wrapping around.
fn next_unanswered(app: &mut App) {
    let Some(open) = &app.open else { return };
    let rows = &open.assessment.rows;
    let n = rows.len();
    let start = app.list.cursor;
    if let Some(ix) = (1..=n)
        .map(|k| (start + k) % n)
        .find(|&i| needs_answer(&rows[i]))
    {
        app.list.cursor = ix;
        app.list.detail_scroll = 0;
        if !app.visible_rows().contains(&ix) {
            app.list.search.clear();
        }
    } else {
        let text = tr!(app.lang, "tui.all_answered").to_string();
        app.info(text);
    }
}

fn on_checklist_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if on_global_key(app, key) {
        return Vec::new();
    }
    let focus = app.list.focus.unwrap_or(Focus::List);
    match key.code {
        KeyCode::Down | KeyCode::Char('j') if focus == Focus::Detail => {
            app.list.detail_scroll = app.list.detail_scroll.saturating_add(1);
        }
        KeyCode::Up | KeyCode::Char('k') if focus == Focus::Detail => {
            app.list.detail_scroll = app.list.detail_scroll.saturating_sub(1);
        }
        KeyCode::Down | KeyCode::Char('j') => move_cursor(app, 1),
        KeyCode::Up | KeyCode::Char('k') => move_cursor(app, -1),
        KeyCode::PageDown => move_cursor(app, 10),
        KeyCode::PageUp => move_cursor(app, -10),
        KeyCode::Home | KeyCode::Char('g') => move_cursor(app, isize::MIN / 2),
        KeyCode::End | KeyCode::Char('G') => move_cursor(app, isize::MAX / 2),
        KeyCode::Enter if focus == Focus::List => app.list.focus = Some(Focus::Detail),
        KeyCode::Enter => {
            next_unanswered(app);
            app.list.focus = Some(Focus::List);
        }
        KeyCode::Tab | KeyCode::BackTab => {
            app.list.focus = Some(match focus {
                Focus::List => Focus::Detail,
                Focus::Detail => Focus::List,
            });
        }
        KeyCode::Esc => {
            if focus == Focus::Detail {
                app.list.focus = Some(Focus::List);
            } else if !app.list.search.is_empty() {
                app.list.search.clear();
            } else {
                app.screen = Screen::Dashboard;
            }
        }
        KeyCode::Char('u') => {
            app.list.unanswered_only = !app.list.unanswered_only;
            if app.list.unanswered_only && !app.visible_rows().contains(&app.list.cursor) {
                move_cursor(app, 0);
            }
            let text = if app.list.unanswered_only {
                tr!(app.lang, "tui.filter_on")
            } else {
                tr!(app.lang, "tui.filter_off")
            };
            app.info(text.to_string());
        }
        KeyCode::Char('/') => {
            app.overlay = Some(Overlay::Search {
                input: LineInput::new(&app.list.search),
            });
        }
        KeyCode::Char('y') => answer_current(app, Answer::Yes),
        KeyCode::Char('x') => answer_current(app, Answer::Na),
        KeyCode::Char('n') => start_no(app),
        KeyCode::Char('d') => {
            app.overlay = Some(Overlay::Date {
                purpose: DatePurpose::CheckDate,
                input: LineInput::new(&app.check_date.to_string()),
            });
        }
        KeyCode::Char('t') => start_target(app),
        KeyCode::Char('e') => {
            if let Some(row) = answered_key(app) {
                let note = latest_note(app, &row);
                app.overlay = Some(Overlay::Note {
                    row,
                    input: LineInput::new(&note),
                });
            }
        }
        KeyCode::Char('a') => {
            if let Some(row) = answered_key(app) {
                app.overlay = Some(Overlay::Evidence {
                    row,
                    input: LineInput::default(),
                    candidates: Vec::new(),
                });
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The current row if it has a standing answer; otherwise says to answer first.
fn answered_key(app: &mut App) -> Option<RowKey> {
    let row = app.current_row()?;
    if row.state.current().is_some() {
        return app.current_key();
    }
    let text = tr!(app.lang, "tui.answer_first").to_string();
    app.error(text);
    None
}

fn latest_note(app: &App, key: &RowKey) -> String {
    app.open
        .as_ref()
        .and_then(|o| {
            o.checks
                .iter()
                .rev()
                .find(|c| {
                    c.item == key.item && c.scope == key.scope && c.carried_from_check.is_none()
                })
                .map(|c| c.note.clone())
        })
        .unwrap_or_default()
}

fn start_no(app: &mut App) {
    let Some(key) = app.current_key() else { return };
    let is_gate = app
        .open
        .as_ref()
        .is_some_and(|o| o.edition.is_gate(&key.item));
    if is_gate {
        // The gate has no 目標日: いいえ there means the facility has no medical information system.
        record(app, &key, Answer::No, None);
        return;
    }
    app.overlay = Some(Overlay::Date {
        purpose: DatePurpose::NoWithTarget(key),
        input: LineInput::default(),
    });
}

fn start_target(app: &mut App) {
    let Some(key) = app.current_key() else { return };
    let Some(open) = &app.open else { return };
    let Some(item) = open.item(&key.item) else {
        return;
    };
    let current = app.current_row().and_then(|r| r.state.current());
    // Only the row's state is tested before the dialog opens: a date equal to the check's own
    // can never be "before the check", so this probe fails only on the gate or a non-いいえ row.
    let probe = current.map_or(app.today, |c| c.date);
    if let Err(r) = check_target(&open.edition, item, current, probe) {
        let text = refusal_message(app.lang, &r, &key.item, key.scope);
        app.error(text);
        return;
    }
    let existing = app
        .current_row()
        .and_then(|r| r.state.target)
        .map(|d| d.to_string())
        .unwrap_or_default();
    app.overlay = Some(Overlay::Date {
        purpose: DatePurpose::Target(key),
        input: LineInput::new(&existing),
    });
}

fn answer_current(app: &mut App, answer: Answer) {
    if let Some(key) = app.current_key() {
        record(app, &key, answer, None);
    }
}

/// Store a new check of `key` dated `app.check_date`, then move on to the next row.
fn record(app: &mut App, key: &RowKey, answer: Answer, target: Option<Date>) {
    let lang = app.lang;
    let Some(open) = &app.open else { return };
    let Some(item) = open.item(&key.item) else {
        return;
    };
    if let Err(r) = check_answer(
        &open.edition,
        item,
        open.facility.vendor_contracts,
        answer,
        app.check_date,
        app.today,
        target,
    ) {
        let text = refusal_message(lang, &r, &key.item, key.scope);
        app.error(text);
        return;
    }
    let sheet_id = open.sheet.id;
    let check = NewCheck {
        item: key.item.clone(),
        scope: key.scope,
        answer,
        checked_on: app.check_date,
        note: String::new(),
    };
    match app
        .store
        .record_answer(sheet_id, &check, target, &[], &app.actor)
    {
        Ok(_) => {
            let mut text = tr!(
                lang,
                "tui.recorded",
                item = key.item,
                scope = scope_label(lang, key.scope),
                result = answer_label(lang, answer),
                date = app.check_date
            );
            if let Some(t) = target {
                text.push_str(&tr!(lang, "tui.recorded_target", target = t));
            }
            app.reload();
            app.info(text);
            move_cursor(app, 1);
        }
        Err(e) => app.error(store_error(lang, &e)),
    }
}

/// Record the row's standing answer again, same date, with a new note or an evidence file: the
/// history is append-only, so a note or attachment is a correcting record of the same check.
fn restate(app: &mut App, key: &RowKey, note: Option<String>, evidence: Option<EvidenceFile>) {
    let lang = app.lang;
    let Some(open) = &app.open else { return };
    let Some(ix) = open.row_index(key) else {
        return;
    };
    let Some(cell) = open.assessment.rows[ix].state.current() else {
        let text = tr!(lang, "tui.answer_first").to_string();
        app.error(text);
        return;
    };
    let sheet_id = open.sheet.id;
    let check = NewCheck {
        item: key.item.clone(),
        scope: key.scope,
        answer: cell.answer,
        checked_on: cell.date,
        note: note.clone().unwrap_or_else(|| latest_note(app, key)),
    };
    let files: Vec<EvidenceFile> = evidence.into_iter().collect();
    match app
        .store
        .record_answer(sheet_id, &check, None, &files, &app.actor)
    {
        Ok(_) => {
            let text = match files.first() {
                Some(f) => tr!(
                    lang,
                    "tui.evidence_kept",
                    name = f.name,
                    size = f.content.len()
                ),
                None => tr!(lang, "tui.note_saved").to_string(),
            };
            app.reload();
            app.info(text);
        }
        Err(e) => app.error(store_error(lang, &e)),
    }
}

fn parse_user_date(lang: Lang, s: &str) -> Result<Date, String> {
    parse_date(s).map_err(|_| tr!(lang, "tui.bad_date", input = s))
}

fn on_overlay_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let Some(overlay) = app.overlay.take() else {
        return Vec::new();
    };
    let lang = app.lang;
    // The settings form proposes a new CIDR when its interface choice changes.
    let iface_before = match &overlay {
        Overlay::Form { form, .. } => form
            .fields
            .get(SettingsField::Iface as usize)
            .map_or(0, FormField::choice_index),
        _ => 0,
    };
    match overlay {
        Overlay::Help => {
            // Any key closes the help.
        }
        Overlay::Busy { .. } => app.overlay = Some(overlay),
        Overlay::ConfirmQuit => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => app.quit = true,
            _ => {}
        },
        Overlay::ConfirmScan { plan, .. } => {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                let stop = StopFlag::default();
                app.scan.stage = Stage::Running {
                    passive: false,
                    progress: None,
                    stop: stop.clone(),
                    stopping: false,
                };
                app.scan.selected = 0;
                return vec![Job::Scan {
                    plan,
                    open: app.net.open,
                    stop,
                }];
            }
            app.info(tr!(lang, "scan.cancelled").to_string());
        }
        Overlay::ConfirmRemoveContact { id } => {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                match app.store.remove_contact(id, &app.actor) {
                    Ok(Some(c)) => {
                        let _ = app.load_contacts().map_err(|e| app.error(e));
                        app.info(tr!(
                            lang,
                            "contacts.removed",
                            id = c.id,
                            role = crate::text::role_label(lang, c.role),
                            name = c.name
                        ));
                    }
                    Ok(None) => {}
                    Err(e) => app.error(store_error(lang, &e)),
                }
            } else {
                app.info(tr!(lang, "tui.cancelled").to_string());
            }
        }
        Overlay::Form { purpose, mut form } => match form.on_key(key) {
            FormOutcome::Continue => {
                if purpose == FormPurpose::ScanSettings {
                    app.scan.follow_interface(&mut form, iface_before);
                }
                app.overlay = Some(Overlay::Form { purpose, form });
            }
            FormOutcome::Cancel => app.info(tr!(lang, "tui.cancelled").to_string()),
            FormOutcome::Submit => match purpose {
                FormPurpose::AddContact => submit_contact(app, form),
                FormPurpose::EditAsset(no) => return submit_asset(app, no, form),
                FormPurpose::ScanSettings => submit_scan_settings(app, form),
            },
        },
        Overlay::Search { mut input } if app.screen == Screen::Ledger => match key.code {
            KeyCode::Esc => app.ledger_state.filter.clear(),
            KeyCode::Enter => {}
            _ => {
                edit_line(&mut input, key);
                app.ledger_state.filter = input.text().to_string();
                app.ledger_state.selected = 0;
                app.overlay = Some(Overlay::Search { input });
            }
        },
        Overlay::Search { mut input } => match key.code {
            KeyCode::Esc => {
                app.list.search.clear();
            }
            KeyCode::Enter => {
                app.list.search = input.text().to_string();
                app.list.focus = Some(Focus::List);
                if app.visible_rows().is_empty() {
                    let text = tr!(lang, "tui.search_nothing", query = input.text());
                    app.error(text);
                }
            }
            _ => {
                edit_line(&mut input, key);
                // Search as you type: the list follows each key.
                app.list.search = input.text().to_string();
                if let Some(&first) = app.visible_rows().first()
                    && !app.visible_rows().contains(&app.list.cursor)
                {
                    app.list.cursor = first;
                }
                app.overlay = Some(Overlay::Search { input });
            }
        },
        Overlay::Date { purpose, mut input } => match key.code {
            KeyCode::Esc => {
                app.info(tr!(lang, "tui.cancelled").to_string());
            }
            KeyCode::Enter => match parse_user_date(lang, input.text()) {
                Ok(date) => date_entered(app, purpose, date),
                Err(e) => {
                    app.error(e);
                    app.overlay = Some(Overlay::Date { purpose, input });
                }
            },
            _ => {
                edit_line(&mut input, key);
                app.flash = None;
                app.overlay = Some(Overlay::Date { purpose, input });
            }
        },
        Overlay::Note { row, mut input } => match key.code {
            KeyCode::Esc => app.info(tr!(lang, "tui.cancelled").to_string()),
            KeyCode::Enter => restate(app, &row, Some(input.text().to_string()), None),
            _ => {
                edit_line(&mut input, key);
                app.overlay = Some(Overlay::Note { row, input });
            }
        },
        Overlay::Evidence {
            row,
            mut input,
            mut candidates,
        } => match key.code {
            KeyCode::Esc => app.info(tr!(lang, "tui.cancelled").to_string()),
            KeyCode::Tab => {
                let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                let c = complete_path(input.text(), home.as_deref());
                input.set(&c.text);
                candidates = c.candidates;
                app.overlay = Some(Overlay::Evidence {
                    row,
                    input,
                    candidates,
                });
            }
            KeyCode::Enter if !input.is_empty() => {
                let typed = input.text().to_string();
                let path = match (typed.strip_prefix("~/"), directories::BaseDirs::new()) {
                    (Some(rest), Some(d)) => d.home_dir().join(rest),
                    _ => PathBuf::from(&typed),
                };
                app.overlay = Some(Overlay::Busy {
                    what: tr!(lang, "tui.reading_file", path = typed),
                });
                return vec![Job::ReadEvidence { row, path }];
            }
            _ => {
                edit_line(&mut input, key);
                candidates.clear();
                app.overlay = Some(Overlay::Evidence {
                    row,
                    input,
                    candidates,
                });
            }
        },
    }
    Vec::new()
}

fn date_entered(app: &mut App, purpose: DatePurpose, date: Date) {
    let lang = app.lang;
    match purpose {
        DatePurpose::CheckDate => {
            if date > app.today {
                let text = tr!(lang, "answer.date_in_future", date = date);
                app.error(text);
                app.overlay = Some(Overlay::Date {
                    purpose: DatePurpose::CheckDate,
                    input: LineInput::new(&date.to_string()),
                });
                return;
            }
            app.check_date = date;
            app.info(tr!(lang, "tui.check_date_set", date = date));
        }
        DatePurpose::NoWithTarget(key) => record(app, &key, Answer::No, Some(date)),
        DatePurpose::Target(key) => {
            let Some(open) = &app.open else { return };
            let Some(item) = open.item(&key.item) else {
                return;
            };
            let current = open
                .row_index(&key)
                .and_then(|i| open.assessment.rows[i].state.current());
            if let Err(r) = check_target(&open.edition, item, current, date) {
                let text = refusal_message(lang, &r, &key.item, key.scope);
                app.error(text);
                return;
            }
            let sheet_id = open.sheet.id;
            match app
                .store
                .set_target(sheet_id, &key.item, key.scope, date, &app.actor)
            {
                Ok(()) => {
                    app.reload();
                    app.info(tr!(
                        lang,
                        "tui.target_set",
                        item = key.item,
                        scope = scope_label(lang, key.scope),
                        target = date
                    ));
                }
                Err(e) => app.error(store_error(lang, &e)),
            }
        }
    }
}

/// Keys every one-line field understands.
pub fn edit_line(input: &mut LineInput, key: KeyEvent) {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => {}
    }
}
