//! The BCP screen (issue 15): the systems the plan covers (add, edit, remove with a form), the
//! MHLW 確認表 answered from the record with its gaps (`model::bcp_check::judge`, as `kensa bcp
//! check`), the drills (list, add), the 電子カルテ情報共有サービス connection (a form), and `w` to
//! write the document (`bcp::write_document`, as `kensa bcp write`, on a worker). Every write goes
//! through the store methods the CLI uses, which audit it.

use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{KeyFocus, Screen};
use crate::bcp::text::{
    connection_label, importance_label, line_label, missing_label, plan_state_line, signing_label,
};
use crate::bcp::{Format as DocFormat, WriteError, write_document};
use crate::i18n::Lang;
use crate::model::bcp::{
    Connection, EhrSharing, Importance, Line as NetLine, Signing, System, SystemFields,
    check_drill, check_ehr_sharing, check_system, parse_hours, status,
};
use crate::model::bcp_check::{CheckResult, ItemState, Kakuninhyo, builtin, judge};
use crate::model::record::Record;
use crate::model::wareki::{halfwidth, parse_date};
use crate::store::NewDrill;
use crate::text::safe::{safe, safe_path};
use crate::text::{store_error, too_long_message};
use crate::tr;
use crate::tui::session::{ScreenId, Session};
use crate::tui::widgets::dialog::{centered, confirm, popup};
use crate::tui::widgets::form::{self, Form, FormField, FormOutcome};
use crate::tui::widgets::table::{first_shown, header, row_style};
use crate::tui::widgets::text::{fit, fit_line, pad, short_date};
use crate::tui::work::{Report, Work};

/// The record and what the 確認表 says about it.
#[derive(Debug, Clone)]
pub struct View {
    pub record: Record,
    pub kakuninhyo: Kakuninhyo,
    pub check: CheckResult,
    /// 未記入 in the document as it would be written now.
    pub unfilled: usize,
}

/// Which list ↑↓ move in; the lower panel shows the last of the three others chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Systems,
    Check,
    Drills,
    Ehr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Add (`id` none) or edit a system.
    System {
        id: Option<i64>,
        form: Form,
    },
    Ehr(Form),
    Drill(Form),
    ConfirmRemove {
        id: i64,
    },
    /// Where and in which format to write the document.
    Write(Form),
    Busy {
        what: String,
    },
}

#[derive(Debug, Default)]
pub struct Bcp {
    pub view: Option<View>,
    pub pane: Pane,
    /// The panel under the systems: check, drills or EHR.
    pub lower: Pane,
    pub selected: usize,
    pub check_row: usize,
    pub drill_row: usize,
    pub dialog: Option<Dialog>,
}

/// `kensa bcp write` off the UI thread: a docx with the diagram takes a moment.
#[derive(Debug)]
pub struct WriteDocument {
    pub record: Record,
    pub today: Date,
    pub format: DocFormat,
    pub out: PathBuf,
}

/// What [`WriteDocument`] sends back: the message for the status line, and whether it is an
/// error.
#[derive(Debug)]
pub struct Written(pub String, pub bool);

impl Work for WriteDocument {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        let w = *self;
        let msg = match write_document(&w.record, w.today, lang, w.format, &w.out) {
            Ok(doc) => Written(
                tr!(
                    lang,
                    "bcp.written",
                    path = safe_path(&w.out),
                    missing = doc.missing.len()
                ),
                false,
            ),
            Err(WriteError::Render(e)) => Written(tr!(lang, "bcp.render_failed", detail = e), true),
            Err(WriteError::Io(e)) => Written(
                tr!(
                    lang,
                    "report.write_failed",
                    path = safe_path(&w.out),
                    detail = e
                ),
                true,
            ),
        };
        send(Report::new(msg));
    }
}

/// `Some(text)` for a non-empty field, `None` for an empty one (clears it, as `--x ""` does).
fn opt(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `未設定` then the words of `all`.
fn choices<T: Copy>(lang: Lang, all: &[T], label: fn(Lang, T) -> &'static str) -> Vec<String> {
    std::iter::once(tr!(lang, "tui.bcp.unset").to_string())
        .chain(all.iter().map(|t| label(lang, *t).to_string()))
        .collect()
}

/// The index in [`choices`] of `v`.
fn choice_ix<T: PartialEq>(all: &[T], v: Option<&T>) -> usize {
    v.and_then(|v| all.iter().position(|a| a == v))
        .map_or(0, |i| i + 1)
}

fn chosen<T: Copy>(all: &[T], ix: usize) -> Option<T> {
    ix.checked_sub(1).and_then(|i| all.get(i).copied())
}

const FORMATS: [DocFormat; 3] = [DocFormat::Docx, DocFormat::Html, DocFormat::Md];

fn format_ext(f: DocFormat) -> &'static str {
    match f {
        DocFormat::Docx => "docx",
        DocFormat::Html => "html",
        DocFormat::Md => "md",
    }
}

impl Bcp {
    fn load(&mut self, s: &mut Session) {
        let lang = s.lang;
        let lib = &s.lib;
        let record = match s.store.record(&|id| lib.text(id).map(str::to_string)) {
            Ok(r) => r,
            Err(e) => return s.error(store_error(lang, &e)),
        };
        let kakuninhyo = match builtin() {
            Ok(k) => k,
            Err(errors) => {
                let detail = errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                return s.error(tr!(lang, "bcp.kakuninhyo_invalid", detail = detail));
            }
        };
        let check = judge(&kakuninhyo, &record, s.today);
        let unfilled = crate::bcp::build(&record, s.today, lang).missing.len();
        self.selected = self
            .selected
            .min(record.bcp.systems.len().saturating_sub(1));
        self.view = Some(View {
            record,
            kakuninhyo,
            check,
            unfilled,
        });
    }

    /// The systems in the order shown (restore order).
    fn systems(&self) -> Vec<&System> {
        self.view
            .as_ref()
            .map(|v| v.record.bcp.systems_in_restore_order())
            .unwrap_or_default()
    }

    fn system_form(lang: Lang, title: String, f: &SystemFields) -> Form {
        let yes_no = vec![
            tr!(lang, "tui.bcp.unset").to_string(),
            tr!(lang, "answer.yes").to_string(),
            tr!(lang, "answer.no").to_string(),
        ];
        let b = &f.backup;
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        let fields = vec![
            FormField::text(tr!(lang, "tui.bcp.f.name"), &f.name),
            FormField::text(tr!(lang, "tui.bcp.f.vendor"), &s(&f.vendor)),
            FormField::text(tr!(lang, "tui.bcp.f.assets"), &f.assets.join(", ")),
            FormField::choice(
                tr!(lang, "tui.bcp.f.importance"),
                choices(lang, &Importance::ALL, importance_label),
                choice_ix(&Importance::ALL, f.importance.as_ref()),
            ),
            FormField::text(
                tr!(lang, "tui.bcp.f.priority"),
                &f.restore_priority
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            ),
            FormField::text(
                tr!(lang, "tui.bcp.f.recovery"),
                &f.target_recovery_hours
                    .map(|h| format!("{h}h"))
                    .unwrap_or_default(),
            ),
            FormField::text(tr!(lang, "tui.bcp.f.alternative"), &s(&f.alternative)),
            FormField::text(tr!(lang, "tui.bcp.f.remote"), &s(&f.remote_maintenance)),
            FormField::text(tr!(lang, "tui.bcp.f.frequency"), &s(&b.frequency)),
            FormField::text(tr!(lang, "tui.bcp.f.method"), &s(&b.method)),
            FormField::text(tr!(lang, "tui.bcp.f.location"), &s(&b.location)),
            FormField::choice(
                tr!(lang, "tui.bcp.f.offline"),
                yes_no,
                match b.offline_copy {
                    None => 0,
                    Some(true) => 1,
                    Some(false) => 2,
                },
            ),
            FormField::text(tr!(lang, "tui.bcp.f.restore"), &s(&b.restore_procedure)),
            FormField::text(
                tr!(lang, "tui.bcp.f.restore_test"),
                &b.last_restore_test
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        ];
        Form::new(title, fields)
    }

    /// The system the form describes, checked as `kensa bcp system add|edit` checks its options.
    fn read_system(&self, s: &Session, form: &Form) -> Result<SystemFields, String> {
        let lang = s.lang;
        let get = |i: usize| {
            form.fields
                .get(i)
                .map(FormField::text_value)
                .unwrap_or_default()
        };
        let ix = |i: usize| form.fields.get(i).map_or(0, FormField::choice_index);
        let name = get(0);
        if name.is_empty() {
            return Err(tr!(lang, "bcp.empty_name").to_string());
        }
        let ledger: Vec<String> = s
            .store
            .assets()
            .map_err(|e| store_error(lang, &e))?
            .into_iter()
            .filter(|a| a.fields.retired_on.is_none())
            .map(|a| a.fields.control_no)
            .collect();
        let mut assets: Vec<String> = Vec::new();
        for n in get(2)
            .split([',', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !assets.iter().any(|a| a == n) {
                assets.push(n.to_string());
            }
        }
        let unknown: Vec<&str> = assets
            .iter()
            .filter(|n| !ledger.contains(n))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(tr!(
                lang,
                "bcp.unknown_assets",
                nos = safe(&unknown.join(", "))
            ));
        }
        let priority = match opt(halfwidth(&get(4))) {
            None => None,
            Some(p) => Some(
                p.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=99).contains(n))
                    .ok_or_else(|| tr!(lang, "bcp.bad_priority", value = safe(&p)))?,
            ),
        };
        let hours = match opt(get(5)) {
            None => None,
            Some(h) => {
                Some(parse_hours(&h).ok_or_else(|| tr!(lang, "bcp.bad_hours", value = safe(&h)))?)
            }
        };
        let restore_test = match opt(get(13)) {
            None => None,
            Some(d) => {
                let date = parse_date(&d).map_err(|_| tr!(lang, "tui.bad_date", input = d))?;
                if date > s.today {
                    return Err(tr!(
                        lang,
                        "bcp.date_in_future",
                        what = tr!(lang, "tui.bcp.f.restore_test"),
                        date = date
                    ));
                }
                Some(date)
            }
        };
        let f = SystemFields {
            name,
            vendor: opt(get(1)),
            assets,
            importance: chosen(&Importance::ALL, ix(3)),
            restore_priority: priority,
            target_recovery_hours: hours,
            alternative: opt(get(6)),
            remote_maintenance: opt(get(7)),
            backup: crate::model::bcp::Backup {
                frequency: opt(get(8)),
                method: opt(get(9)),
                location: opt(get(10)),
                offline_copy: match ix(11) {
                    1 => Some(true),
                    2 => Some(false),
                    _ => None,
                },
                restore_procedure: opt(get(12)),
                last_restore_test: restore_test,
            },
        };
        check_system(&f).map_err(|e| too_long_message(lang, &e))?;
        Ok(f)
    }

    fn ehr_form(lang: Lang, e: &EhrSharing) -> Form {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        Form::new(
            tr!(lang, "tui.bcp.ehr_title").to_string(),
            vec![
                FormField::choice(
                    tr!(lang, "bcp.ehr.connection"),
                    choices(lang, &Connection::ALL, connection_label),
                    choice_ix(&Connection::ALL, e.connection.as_ref()),
                ),
                FormField::choice(
                    tr!(lang, "bcp.ehr.line"),
                    choices(lang, &NetLine::ALL, line_label),
                    choice_ix(&NetLine::ALL, e.line.as_ref()),
                ),
                FormField::text(tr!(lang, "bcp.ehr.line_provider"), &s(&e.line_provider)),
                FormField::text(tr!(lang, "bcp.ehr.router_location"), &s(&e.router_location)),
                FormField::text(
                    tr!(lang, "bcp.ehr.terminal_location"),
                    &s(&e.terminal_location),
                ),
                FormField::choice(
                    tr!(lang, "bcp.ehr.signing"),
                    choices(lang, &Signing::ALL, signing_label),
                    choice_ix(&Signing::ALL, e.signing.as_ref()),
                ),
                FormField::text(tr!(lang, "bcp.ehr.ons_contact"), &s(&e.ons_contact)),
            ],
        )
    }

    fn open_ehr(&mut self, lang: Lang) {
        let e = self
            .view
            .as_ref()
            .and_then(|v| v.record.bcp.ehr_sharing.clone())
            .unwrap_or_default();
        self.dialog = Some(Dialog::Ehr(Self::ehr_form(lang, &e)));
    }

    fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        let n_systems = self.systems().len();
        let (n_check, n_drills) = self
            .view
            .as_ref()
            .map_or((0, 0), |v| (v.check.items.len(), v.record.bcp.drills.len()));
        let cursor = match self.pane {
            Pane::Systems => Some((&mut self.selected, n_systems)),
            Pane::Check => Some((&mut self.check_row, n_check)),
            Pane::Drills => Some((&mut self.drill_row, n_drills)),
            Pane::Ehr => None,
        };
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                if let Some((c, n)) = cursor {
                    *c = (*c + 1).min(n.saturating_sub(1));
                }
            }
            KeyCode::Up | KeyCode::Char('k') => {
                if let Some((c, _)) = cursor {
                    *c = c.saturating_sub(1);
                }
            }
            KeyCode::Tab => {
                self.pane = match self.pane {
                    Pane::Systems => Pane::Check,
                    Pane::Check => Pane::Drills,
                    Pane::Drills => Pane::Ehr,
                    Pane::Ehr => Pane::Systems,
                };
                if self.pane != Pane::Systems {
                    self.lower = self.pane;
                }
            }
            KeyCode::Char('a') => {
                self.dialog = Some(Dialog::System {
                    id: None,
                    form: Self::system_form(
                        lang,
                        tr!(lang, "tui.bcp.add_title").to_string(),
                        &SystemFields::default(),
                    ),
                });
            }
            KeyCode::Char('e') | KeyCode::Enter if self.pane == Pane::Systems => {
                if let Some(sys) = self.systems().get(self.selected).copied().cloned() {
                    self.dialog = Some(Dialog::System {
                        id: Some(sys.id),
                        form: Self::system_form(
                            lang,
                            tr!(lang, "tui.bcp.edit_title", name = safe(&sys.fields.name)),
                            &sys.fields,
                        ),
                    });
                }
            }
            KeyCode::Char('D') | KeyCode::Delete if self.pane == Pane::Systems => {
                if let Some(sys) = self.systems().get(self.selected) {
                    self.dialog = Some(Dialog::ConfirmRemove { id: sys.id });
                }
            }
            KeyCode::Char('c') => self.open_ehr(lang),
            KeyCode::Enter if self.pane == Pane::Ehr => self.open_ehr(lang),
            KeyCode::Char('d') => {
                self.dialog = Some(Dialog::Drill(Form::new(
                    tr!(lang, "tui.bcp.drill_title").to_string(),
                    vec![
                        FormField::text(tr!(lang, "tui.bcp.f.held_on"), &s.today.to_string()),
                        FormField::text(tr!(lang, "tui.bcp.f.scenario"), ""),
                        FormField::text(tr!(lang, "tui.bcp.f.participants"), ""),
                        FormField::text(tr!(lang, "bcp.col.lessons"), ""),
                        FormField::text(tr!(lang, "bcp.col.follow_ups"), ""),
                    ],
                )));
            }
            KeyCode::Char('w') => {
                let words = FORMATS.iter().map(|f| format_ext(*f).to_string()).collect();
                self.dialog = Some(Dialog::Write(Form::new(
                    tr!(lang, "tui.bcp.write_title").to_string(),
                    vec![
                        FormField::choice(tr!(lang, "tui.bcp.f.format"), words, 0),
                        FormField::text(tr!(lang, "tui.bcp.f.path"), "BCP.docx"),
                    ],
                )));
            }
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            _ => {}
        }
    }

    fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        let cancelled = |s: &mut Session| s.info(tr!(lang, "tui.cancelled").to_string());
        match dialog {
            Dialog::System { id, mut form } => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::System { id, form }),
                FormOutcome::Cancel => cancelled(s),
                FormOutcome::Submit => {
                    let stored = self.read_system(s, &form).and_then(|f| {
                        let r = match id {
                            None => s.store.add_bcp_system(&f, &s.actor),
                            Some(id) => s.store.edit_bcp_system(id, &f, &s.actor).map(|_| id),
                        };
                        r.map(|id| (id, f)).map_err(|e| store_error(lang, &e))
                    });
                    match stored {
                        Ok((sid, f)) => {
                            let msg = if id.is_some() {
                                tr!(lang, "bcp.system_edited", id = sid, name = safe(&f.name))
                            } else {
                                tr!(lang, "bcp.system_added", id = sid, name = safe(&f.name))
                            };
                            self.load(s);
                            if let Some(ix) = self.systems().iter().position(|x| x.id == sid) {
                                self.selected = ix;
                            }
                            s.info(msg);
                        }
                        Err(e) => {
                            form.error = Some(e);
                            self.dialog = Some(Dialog::System { id, form });
                        }
                    }
                }
            },
            Dialog::Ehr(mut form) => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::Ehr(form)),
                FormOutcome::Cancel => cancelled(s),
                FormOutcome::Submit => {
                    let get = |i: usize| {
                        form.fields
                            .get(i)
                            .map(FormField::text_value)
                            .unwrap_or_default()
                    };
                    let ix = |i: usize| form.fields.get(i).map_or(0, FormField::choice_index);
                    let e = EhrSharing {
                        connection: chosen(&Connection::ALL, ix(0)),
                        line: chosen(&NetLine::ALL, ix(1)),
                        line_provider: opt(get(2)),
                        router_location: opt(get(3)),
                        terminal_location: opt(get(4)),
                        signing: chosen(&Signing::ALL, ix(5)),
                        ons_contact: opt(get(6)),
                    };
                    let r = check_ehr_sharing(&e)
                        .map_err(|t| too_long_message(lang, &t))
                        .and_then(|()| {
                            s.store
                                .set_ehr_sharing(&e, &s.actor)
                                .map_err(|err| store_error(lang, &err))
                        });
                    match r {
                        Ok(()) => {
                            self.load(s);
                            s.info(tr!(lang, "bcp.ehr_set").to_string());
                        }
                        Err(err) => {
                            form.error = Some(err);
                            self.dialog = Some(Dialog::Ehr(form));
                        }
                    }
                }
            },
            Dialog::Drill(mut form) => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::Drill(form)),
                FormOutcome::Cancel => cancelled(s),
                FormOutcome::Submit => match self.add_drill(s, &form) {
                    Ok(msg) => {
                        self.load(s);
                        s.info(msg);
                    }
                    Err(err) => {
                        form.error = Some(err);
                        self.dialog = Some(Dialog::Drill(form));
                    }
                },
            },
            Dialog::ConfirmRemove { id } => {
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    match s.store.remove_bcp_system(id, &s.actor) {
                        Ok(Some(sys)) => {
                            self.load(s);
                            s.info(tr!(
                                lang,
                                "bcp.system_removed",
                                id = id,
                                name = safe(&sys.fields.name)
                            ));
                        }
                        Ok(None) => s.error(tr!(lang, "bcp.unknown_system", id = id)),
                        Err(e) => s.error(store_error(lang, &e)),
                    }
                } else {
                    cancelled(s);
                }
            }
            Dialog::Write(mut form) => {
                // Choosing a format fills in a default name, until a name is typed.
                let before = form.fields.first().map_or(0, FormField::choice_index);
                let outcome = form.on_key(key);
                let format = FORMATS
                    .get(form.fields.first().map_or(0, FormField::choice_index))
                    .copied()
                    .unwrap_or(DocFormat::Docx);
                let typed = form
                    .fields
                    .get(1)
                    .map(FormField::text_value)
                    .unwrap_or_default();
                let default_for = |f: DocFormat| format!("BCP.{}", format_ext(f));
                let prev_default = default_for(FORMATS.get(before).copied().unwrap_or(format));
                let now = form.fields.first().map_or(0, FormField::choice_index);
                if now != before
                    && (typed.is_empty() || typed == prev_default)
                    && let Some(f) = form.fields.get_mut(1)
                {
                    *f = FormField::text(&f.label, &default_for(format));
                }
                match outcome {
                    FormOutcome::Continue => self.dialog = Some(Dialog::Write(form)),
                    FormOutcome::Cancel => cancelled(s),
                    FormOutcome::Submit => {
                        let Some(view) = &self.view else { return };
                        let path = form
                            .fields
                            .get(1)
                            .map(FormField::text_value)
                            .unwrap_or_default();
                        if path.is_empty() {
                            form.error = Some(tr!(lang, "tui.vendors.path_needed").to_string());
                            self.dialog = Some(Dialog::Write(form));
                            return;
                        }
                        let out = match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
                            (Some(rest), Some(d)) => d.home_dir().join(rest),
                            _ => PathBuf::from(&path),
                        };
                        if view.record.facility.is_none() {
                            form.error = Some(tr!(lang, "cli.no_facility").to_string());
                            self.dialog = Some(Dialog::Write(form));
                            return;
                        }
                        self.dialog = Some(Dialog::Busy {
                            what: tr!(lang, "tui.bcp.writing", path = safe(&path)),
                        });
                        s.spawn(WriteDocument {
                            record: view.record.clone(),
                            today: s.today,
                            format,
                            out,
                        });
                    }
                }
            }
            Dialog::Busy { what } => self.dialog = Some(Dialog::Busy { what }),
        }
    }

    /// `kensa bcp drill add` from the form; the message to show, or why not.
    fn add_drill(&mut self, s: &mut Session, form: &Form) -> Result<String, String> {
        let lang = s.lang;
        let get = |i: usize| {
            form.fields
                .get(i)
                .map(FormField::text_value)
                .unwrap_or_default()
        };
        let date_text = get(0);
        let held_on =
            parse_date(&date_text).map_err(|_| tr!(lang, "tui.bad_date", input = date_text))?;
        if held_on > s.today {
            return Err(tr!(
                lang,
                "bcp.date_in_future",
                what = tr!(lang, "tui.bcp.f.held_on"),
                date = held_on
            ));
        }
        let (scenario, participants) = (get(1), get(2));
        for (v, label) in [
            (&scenario, tr!(lang, "tui.bcp.f.scenario")),
            (&participants, tr!(lang, "tui.bcp.f.participants")),
        ] {
            if v.is_empty() {
                return Err(tr!(lang, "bcp.empty_field", field = label));
            }
        }
        let (lessons, follow_ups) = (opt(get(3)), opt(get(4)));
        check_drill(
            &scenario,
            &participants,
            lessons.as_deref(),
            follow_ups.as_deref(),
        )
        .map_err(|e| too_long_message(lang, &e))?;
        let id = s
            .store
            .add_drill(
                &NewDrill {
                    held_on,
                    scenario,
                    participants,
                    lessons,
                    follow_ups,
                },
                &s.actor,
            )
            .map_err(|e| store_error(lang, &e))?;
        Ok(tr!(lang, "bcp.drill_added", id = id, date = held_on))
    }
}

impl Screen for Bcp {
    fn id(&self) -> ScreenId {
        ScreenId::Bcp
    }

    fn hotkey(&self) -> Option<char> {
        Some('7')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    fn on_show(&mut self, s: &mut Session) {
        if self.lower == Pane::Systems {
            self.lower = Pane::Check;
        }
        self.load(s);
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(d) => self.on_dialog_key(d, key, s),
            None => self.on_command_key(key, s),
        }
    }

    fn on_report(&mut self, report: Report, s: &mut Session) {
        if let Some(Written(text, error)) = report.open::<Written>() {
            self.dialog = None;
            if error { s.error(text) } else { s.info(text) }
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        match &self.dialog {
            Some(Dialog::System { form, .. })
            | Some(Dialog::Ehr(form))
            | Some(Dialog::Drill(form)) => form.has_unfinished_edit(),
            _ => false,
        }
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Tab", tr!(lang, "tui.key.pane")),
            ("a", tr!(lang, "tui.key.add")),
            ("e", tr!(lang, "tui.key.edit")),
            ("D", tr!(lang, "tui.key.remove")),
            ("c", tr!(lang, "tui.key.ehr")),
            ("d", tr!(lang, "tui.key.drill")),
            ("w", tr!(lang, "tui.key.write")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        let lang = s.lang;
        draw_screen(self, s, frame, area);
        match &self.dialog {
            None => None,
            Some(Dialog::System { form, .. })
            | Some(Dialog::Ehr(form))
            | Some(Dialog::Drill(form))
            | Some(Dialog::Write(form)) => form::draw(lang, frame, area, form),
            Some(Dialog::ConfirmRemove { id }) => {
                let name = self
                    .systems()
                    .iter()
                    .find(|x| x.id == *id)
                    .map(|x| x.fields.name.clone())
                    .unwrap_or_default();
                confirm(
                    frame,
                    area,
                    70,
                    tr!(lang, "tui.key.remove"),
                    &tr!(lang, "tui.bcp.confirm_remove", name = safe(&name)),
                    tr!(lang, "tui.confirm_yes_no"),
                );
                None
            }
            Some(Dialog::Busy { what }) => {
                popup(
                    frame,
                    centered(area, area.width.min(70), 3),
                    tr!(lang, "tui.busy"),
                    vec![Line::raw(what.clone())],
                );
                None
            }
        }
    }
}

fn draw_screen(st: &Bcp, s: &Session, frame: &mut Frame, body: Rect) {
    let lang = s.lang;
    let Some(view) = &st.view else { return };
    let record = &view.record;
    let systems = st.systems();
    let n = systems.len();
    let list_h = (n.max(1) as u16 + 3).min(body.height / 2).max(4);
    let [top, list, lower] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(list_h),
        Constraint::Fill(1),
    ])
    .areas(body);

    // Item 3(3)'s state, the 確認表 verdict and the 未記入 count, as `kensa bcp check` ends.
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.bcp.title")));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let st_line = plan_state_line(lang, &status(&record.bcp, &record.contacts, s.today));
    let verdict = tr!(
        lang,
        "bcp.verdict",
        satisfied = view.check.satisfied,
        total = view.check.total
    );
    let unfilled = if view.unfilled == 0 {
        (
            tr!(lang, "bcp.document_complete").to_string(),
            Style::new().fg(Color::Green),
        )
    } else {
        (
            tr!(lang, "tui.bcp.unfilled", count = view.unfilled),
            Style::new().fg(Color::Red),
        )
    };
    let w = inner.width as usize;
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(fit(&st_line, w)),
            fit_line(
                Line::from(vec![
                    Span::styled(verdict, Style::new().add_modifier(Modifier::BOLD)),
                    Span::raw("  "),
                    Span::styled(unfilled.0, unfilled.1),
                ]),
                w,
            ),
        ]),
        inner,
    );

    // The systems, in restore order.
    let focus = |p: Pane| {
        if st.pane == p {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        }
    };
    let block = Block::bordered()
        .border_style(focus(Pane::Systems))
        .title(format!(" {} ({n}) ", tr!(lang, "tui.bcp.systems")));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let width = inner.width as usize;
    let (prio_w, name_w, imp_w, rto_w, vendor_w) = (4, 16, 6, 6, 16);
    let rest_w = width.saturating_sub(prio_w + name_w + imp_w + rto_w + vendor_w + 5);
    let mut lines = vec![header(format!(
        "{} {} {} {} {} {}",
        pad(tr!(lang, "tui.bcp.col.priority"), prio_w),
        pad(tr!(lang, "bcp.col.system"), name_w),
        pad(tr!(lang, "tui.bcp.col.importance"), imp_w),
        pad(tr!(lang, "tui.bcp.col.rto"), rto_w),
        pad(tr!(lang, "bcp.col.vendor"), vendor_w),
        pad(tr!(lang, "tui.bcp.col.backup"), rest_w)
    ))];
    if systems.is_empty() {
        lines.push(Line::raw(fit(tr!(lang, "tui.bcp.no_systems"), width)));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = first_shown(st.selected, height);
    for (i, sys) in systems.iter().enumerate().skip(offset).take(height) {
        let f = &sys.fields;
        let dash = || "－".to_string();
        let backup = match (&f.backup.frequency, f.backup.last_restore_test) {
            (Some(freq), Some(t)) => format!(
                "{} / {} {}",
                safe(freq),
                tr!(lang, "tui.bcp.tested"),
                short_date(lang, t)
            ),
            (Some(freq), None) => safe(freq).to_string(),
            (None, _) => dash(),
        };
        let offline = match f.backup.offline_copy {
            Some(true) => format!(" [{}]", tr!(lang, "tui.bcp.offline")),
            _ => String::new(),
        };
        let text = format!(
            "{} {} {} {} {} {}",
            pad(
                &f.restore_priority.map_or_else(dash, |p| p.to_string()),
                prio_w
            ),
            pad(&safe(&f.name).to_string(), name_w),
            pad(
                f.importance.map_or("－", |x| importance_label(lang, x)),
                imp_w
            ),
            pad(
                &f.target_recovery_hours
                    .map_or_else(dash, |h| format!("{h}h")),
                rto_w
            ),
            pad(
                &f.vendor
                    .as_deref()
                    .map_or_else(dash, |v| safe(v).to_string()),
                vendor_w
            ),
            fit(&format!("{backup}{offline}"), rest_w)
        );
        lines.push(Line::from(Span::styled(
            text,
            row_style(i == st.selected && st.pane == Pane::Systems),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    // The lower panel.
    let shown = if st.pane == Pane::Systems {
        st.lower
    } else {
        st.pane
    };
    let tabs = [
        (Pane::Check, tr!(lang, "tui.bcp.check")),
        (Pane::Drills, tr!(lang, "tui.bcp.drills")),
        (Pane::Ehr, tr!(lang, "tui.bcp.ehr")),
    ];
    let title: Vec<Span> = tabs
        .iter()
        .flat_map(|(p, name)| {
            let style = if *p == shown {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new().fg(Color::DarkGray)
            };
            [Span::raw(" "), Span::styled(format!(" {name} "), style)]
        })
        .collect();
    let block = Block::bordered()
        .border_style(focus(shown))
        .title(Line::from(title));
    let inner = block.inner(lower);
    frame.render_widget(block, lower);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let lines = match shown {
        Pane::Drills => drill_lines(st, view, lang, width, height),
        Pane::Ehr => ehr_lines(record, lang, width),
        _ => check_lines(st, view, lang, width, height),
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The 確認表: each item with its state, gaps listed under it.
fn check_lines(
    st: &Bcp,
    view: &View,
    lang: Lang,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    // Lines per item first, so the selected item's lines stay in view.
    let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
    for (i, ((step, item), r)) in view.kakuninhyo.items().zip(&view.check.items).enumerate() {
        let (word, style) = match &r.state {
            ItemState::Met => (
                tr!(lang, "tui.bcp.met").to_string(),
                Style::new().fg(Color::Green),
            ),
            ItemState::Gaps { .. } => (
                tr!(lang, "tui.bcp.gaps").to_string(),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            ItemState::Confirmed { answer, .. } => (
                tr!(
                    lang,
                    "tui.bcp.confirmed",
                    answer = crate::text::answer_label(lang, *answer)
                ),
                Style::new().fg(Color::Blue),
            ),
            ItemState::Asked => (
                tr!(lang, "tui.bcp.asked").to_string(),
                Style::new().fg(Color::Yellow),
            ),
        };
        let text = item.text.clone().unwrap_or_else(|| item.heading.clone());
        let sel = i == st.check_row && st.pane == Pane::Check;
        let word_w = 16.min(width / 3);
        let head = format!("{} {} ", step.number, pad(&item.id, 6));
        let text_w = width.saturating_sub(head.len() + word_w + 1);
        let mut block = vec![Line::from(vec![
            Span::styled(format!("{head}{}", pad(&text, text_w)), row_style(sel)),
            Span::raw(" "),
            Span::styled(fit(&word, word_w), style),
        ])];
        if let ItemState::Gaps { missing } = &r.state {
            for m in missing {
                block.push(Line::from(Span::styled(
                    fit(&format!("      - {}", missing_label(lang, m)), width),
                    Style::new().fg(Color::Red),
                )));
            }
        }
        blocks.push(block);
    }
    // Start at an item such that the selected one's first line is in view.
    let mut start = 0;
    let mut used: usize = blocks
        .iter()
        .take(st.check_row + 1)
        .map(|b| b.len())
        .sum::<usize>();
    while used > height && start < st.check_row {
        used -= blocks[start].len();
        start += 1;
    }
    blocks
        .into_iter()
        .skip(start)
        .flatten()
        .take(height)
        .collect()
}

fn drill_lines(
    st: &Bcp,
    view: &View,
    lang: Lang,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let drills = &view.record.bcp.drills;
    if drills.is_empty() {
        return vec![Line::raw(fit(tr!(lang, "tui.bcp.no_drills"), width))];
    }
    let offset = first_shown(st.drill_row, height);
    drills
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, d)| {
            let mut text = format!(
                "{}  {}（{}）",
                short_date(lang, d.held_on),
                safe(&d.scenario),
                safe(&d.participants)
            );
            if let Some(l) = &d.lessons {
                text.push_str(&format!("  {}: {}", tr!(lang, "bcp.col.lessons"), safe(l)));
            }
            if let Some(f) = &d.follow_ups {
                text.push_str(&format!(
                    "  {}: {}",
                    tr!(lang, "bcp.col.follow_ups"),
                    safe(f)
                ));
            }
            Line::from(Span::styled(
                fit(&text, width),
                row_style(i == st.drill_row && st.pane == Pane::Drills),
            ))
        })
        .collect()
}

fn ehr_lines(record: &Record, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let e = record.bcp.ehr_sharing.clone().unwrap_or_default();
    let rows = [
        (
            tr!(lang, "bcp.ehr.connection"),
            e.connection.map(|c| connection_label(lang, c).to_string()),
        ),
        (
            tr!(lang, "bcp.ehr.line"),
            e.line.map(|l| line_label(lang, l).to_string()),
        ),
        (tr!(lang, "bcp.ehr.line_provider"), e.line_provider.clone()),
        (
            tr!(lang, "bcp.ehr.router_location"),
            e.router_location.clone(),
        ),
        (
            tr!(lang, "bcp.ehr.terminal_location"),
            e.terminal_location.clone(),
        ),
        (
            tr!(lang, "bcp.ehr.signing"),
            e.signing.map(|x| signing_label(lang, x).to_string()),
        ),
        (tr!(lang, "bcp.ehr.ons_contact"), e.ons_contact.clone()),
    ];
    let mut lines: Vec<Line<'static>> = rows
        .into_iter()
        .map(|(label, value)| {
            let (v, style) = match value {
                Some(v) => (safe(&v).to_string(), Style::new()),
                None => (
                    tr!(lang, "tui.bcp.unfilled_mark").to_string(),
                    Style::new().fg(Color::Red),
                ),
            };
            fit_line(
                Line::from(vec![
                    Span::raw(format!("{} ", pad(label, 24))),
                    Span::styled(v, style),
                ]),
                width,
            )
        })
        .collect();
    lines.push(Line::from(Span::styled(
        fit(tr!(lang, "tui.bcp.ehr_hint"), width),
        Style::new().fg(Color::DarkGray),
    )));
    lines
}
