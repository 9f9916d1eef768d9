//! The checklist's keys: moving, filtering, and recording answers, 目標日, notes and evidence.
//! Each confirmed entry is checked by `model::entry` first, then written to the store in its
//! own transaction; a refusal writes nothing and says why on the status line.

use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::dialog::{DatePurpose, Dialog};
use std::sync::Arc;

use super::state::{Checklist, Focus};
use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::checklist::Scope;
use crate::model::entry::{Refusal, check_answer, check_date, check_target};
use crate::model::rules;
use crate::model::wareki::parse_date;
use crate::store::{EvidenceFile, NewCheck};
use crate::text::{
    Surface, answer_label, date_examples, entry_note_message, refusal_message_in, scope_label,
    store_error,
};
use crate::tr;
use crate::tui::evidence::{ComputeEvidence, EvidenceComputed, EvidenceState};
use crate::tui::session::{OpenSheet, RowKey, ScreenId, Session};
use crate::tui::widgets::input::{LineInput, complete_path, edit_line};
use crate::tui::work::{Report, Work};

/// What a browsing key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browse {
    Done,
    /// Done, with something to say on the status line.
    Said(String),
    /// Nothing done, and why (the status line shows it as an error).
    Refused(String),
    /// Not a browsing key: the caller's own.
    NotMine,
}

/// Read an evidence file off the UI thread: it may be large, or on a slow share.
#[derive(Debug)]
pub struct ReadEvidence {
    pub row: RowKey,
    pub path: PathBuf,
}

/// What [`ReadEvidence`] sends back.
#[derive(Debug)]
pub struct EvidenceRead {
    pub row: RowKey,
    pub result: Result<EvidenceFile, String>,
}

impl Work for ReadEvidence {
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report)) {
        send(Report::new(EvidenceRead {
            result: EvidenceFile::read(&self.path).map_err(|e| store_error(lang, &e)),
            row: self.row,
        }));
    }
}

fn parse_user_date(lang: Lang, today: Date, s: &str) -> Result<Date, String> {
    parse_date(s).map_err(|_| {
        let x = date_examples(today);
        tr!(
            lang,
            "tui.bad_date",
            input = s,
            iso = x.iso,
            slash = x.slash,
            short = x.short,
            wareki = x.wareki
        )
    })
}

impl Checklist {
    /// Keys that only move, filter and search: shared by the officer's screen and the
    /// inspector's read-only view of a facility, which has no session. Returns
    /// [`Browse::NotMine`] for every other key.
    pub fn browse_key(&mut self, key: KeyEvent, lang: Lang, open: &OpenSheet) -> Browse {
        let focus = self.focus.unwrap_or(Focus::List);
        match key.code {
            KeyCode::Down | KeyCode::Char('j') if focus == Focus::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(1);
            }
            KeyCode::Up | KeyCode::Char('k') if focus == Focus::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1);
            }
            KeyCode::Down | KeyCode::Char('j') => self.move_in(lang, open, 1),
            KeyCode::Up | KeyCode::Char('k') => self.move_in(lang, open, -1),
            KeyCode::PageDown => self.move_in(lang, open, 10),
            KeyCode::PageUp => self.move_in(lang, open, -10),
            KeyCode::Home | KeyCode::Char('g') => self.move_in(lang, open, isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.move_in(lang, open, isize::MAX / 2),
            KeyCode::Enter if focus == Focus::List => self.focus = Some(Focus::Detail),
            KeyCode::Tab | KeyCode::BackTab => {
                self.focus = Some(match focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                });
            }
            KeyCode::Esc if focus == Focus::Detail => self.focus = Some(Focus::List),
            KeyCode::Esc if !self.search.is_empty() => self.search.clear(),
            KeyCode::Char('u') => {
                self.unanswered_only = !self.unanswered_only;
                if self.unanswered_only && !self.rows_shown(lang, open).contains(&self.cursor) {
                    self.move_in(lang, open, 0);
                }
                let text = if self.unanswered_only {
                    tr!(lang, "tui.filter_on")
                } else {
                    tr!(lang, "tui.filter_off")
                };
                return Browse::Said(text.to_string());
            }
            KeyCode::Char('/') => {
                self.dialog = Some(Dialog::Search {
                    input: LineInput::new(&self.search),
                });
            }
            _ => return Browse::NotMine,
        }
        Browse::Done
    }

    /// A key for the search dialog (taken out of `self.dialog`; put back to keep it open).
    pub fn search_key(
        &mut self,
        mut input: LineInput,
        key: KeyEvent,
        lang: Lang,
        open: &OpenSheet,
    ) -> Browse {
        match key.code {
            KeyCode::Esc => self.search.clear(),
            KeyCode::Enter => {
                self.search = input.text().to_string();
                self.focus = Some(Focus::List);
                if self.rows_shown(lang, open).is_empty() {
                    return Browse::Refused(tr!(lang, "tui.search_nothing", query = input.text()));
                }
            }
            _ => {
                edit_line(&mut input, key);
                // Search as you type: the list follows each key.
                self.search = input.text().to_string();
                let visible = self.rows_shown(lang, open);
                if let Some(&first) = visible.first()
                    && !visible.contains(&self.cursor)
                {
                    self.cursor = first;
                }
                self.dialog = Some(Dialog::Search { input });
            }
        }
        Browse::Done
    }

    /// Keys with no dialog open (the router has already taken the global ones).
    pub(super) fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        if let Some(open) = &s.open {
            match self.browse_key(key, s.lang, open) {
                Browse::Done => return,
                Browse::Said(text) => return s.info(text),
                Browse::Refused(text) => return s.error(text),
                Browse::NotMine => {}
            }
        }
        match key.code {
            KeyCode::Enter => {
                self.next_unanswered(s);
                self.focus = Some(Focus::List);
            }
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            KeyCode::Char('s') => self.accept_suggestion(s),
            KeyCode::Char('y') => self.answer_current(s, Answer::Yes),
            KeyCode::Char('x') => self.answer_current(s, Answer::Na),
            KeyCode::Char('n') => self.start_no(s),
            KeyCode::Char('d') => {
                self.dialog = Some(Dialog::Date {
                    purpose: DatePurpose::CheckDate,
                    input: LineInput::new(&s.check_date.to_string()),
                });
            }
            KeyCode::Char('t') => self.start_target(s),
            KeyCode::Char('e') => {
                if let Some(row) = self.answered_key(s) {
                    let note = latest_note(s, &row);
                    self.dialog = Some(Dialog::Note {
                        row,
                        input: LineInput::new(&note),
                    });
                }
            }
            KeyCode::Char('a') => {
                if let Some(row) = self.answered_key(s) {
                    self.dialog = Some(Dialog::Evidence {
                        row,
                        input: LineInput::default(),
                        candidates: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }

    /// A key for the open dialog (taken out of `self.dialog`; put back to keep it open).
    pub(super) fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        match dialog {
            Dialog::Busy { .. } => self.dialog = Some(dialog),
            Dialog::Search { input } => {
                if let Some(open) = &s.open {
                    match self.search_key(input, key, lang, open) {
                        Browse::Said(text) => s.info(text),
                        Browse::Refused(text) => s.error(text),
                        Browse::Done | Browse::NotMine => {}
                    }
                }
            }
            Dialog::Date { purpose, mut input } => match key.code {
                KeyCode::Esc => {
                    s.info(tr!(lang, "tui.cancelled").to_string());
                }
                KeyCode::Enter => match parse_user_date(lang, s.today, input.text()) {
                    Ok(date) => self.date_entered(s, purpose, date),
                    Err(e) => {
                        s.error(e);
                        self.dialog = Some(Dialog::Date { purpose, input });
                    }
                },
                _ => {
                    edit_line(&mut input, key);
                    s.flash = None;
                    self.dialog = Some(Dialog::Date { purpose, input });
                }
            },
            Dialog::Note { row, mut input } => match key.code {
                KeyCode::Esc => s.info(tr!(lang, "tui.cancelled").to_string()),
                KeyCode::Enter => self.restate(s, &row, Some(input.text().to_string()), None),
                _ => {
                    edit_line(&mut input, key);
                    self.dialog = Some(Dialog::Note { row, input });
                }
            },
            Dialog::Evidence {
                row,
                mut input,
                mut candidates,
            } => match key.code {
                KeyCode::Esc => s.info(tr!(lang, "tui.cancelled").to_string()),
                KeyCode::Tab => {
                    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                    let c = complete_path(input.text(), home.as_deref());
                    input.set(&c.text);
                    candidates = c.candidates;
                    self.dialog = Some(Dialog::Evidence {
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
                    self.dialog = Some(Dialog::Busy {
                        what: tr!(lang, "tui.reading_file", path = typed),
                    });
                    s.spawn(ReadEvidence { row, path });
                }
                _ => {
                    edit_line(&mut input, key);
                    candidates.clear();
                    self.dialog = Some(Dialog::Evidence {
                        row,
                        input,
                        candidates,
                    });
                }
            },
        }
    }

    /// The worker read the evidence file: keep it with the row's standing answer.
    pub(super) fn evidence_read(&mut self, read: EvidenceRead, s: &mut Session) {
        self.dialog = None;
        match read.result {
            Ok(file) => self.restate(s, &read.row, None, Some(file)),
            Err(e) => s.error(e),
        }
    }

    /// The current row if it has a standing answer; otherwise says to answer first.
    fn answered_key(&self, s: &mut Session) -> Option<RowKey> {
        let row = self.current_row(s)?;
        if row.state.current().is_some() {
            return self.current_key(s);
        }
        let text = tr!(s.lang, "tui.answer_first").to_string();
        s.error(text);
        None
    }

    fn start_no(&mut self, s: &mut Session) {
        let Some(key) = self.current_key(s) else {
            return;
        };
        let takes_target = s.open.as_ref().is_some_and(|o| {
            o.item(&key.item)
                .is_some_and(|i| rules::takes_target(&o.edition, i))
        });
        if !takes_target {
            // The gate has no 目標日 (いいえ there means the facility has no medical information
            // system), nor has 3(1) (the 連絡体制図 must exist by the inspection).
            let _stored = self.record(s, &key, Answer::No, None);
            return;
        }
        self.dialog = Some(Dialog::Date {
            purpose: DatePurpose::NoWithTarget(key),
            input: LineInput::default(),
        });
    }

    fn start_target(&mut self, s: &mut Session) {
        let Some(key) = self.current_key(s) else {
            return;
        };
        let Some(open) = &s.open else { return };
        let Some(item) = open.item(&key.item) else {
            return;
        };
        let current = self.current_row(s).and_then(|r| r.state.current());
        // Only the row's state is tested before the dialog opens: a date equal to the check's
        // own can never be "before the check", so this probe fails only on the gate or a
        // non-いいえ row.
        let probe = current.map_or(s.today, |c| c.date);
        if let Err(r) = check_target(&open.entry(s.today), item, key.scope, current, probe) {
            let text = refusal_message_in(s.lang, &r, &key.item, key.scope, Surface::Tui);
            s.error(text);
            return;
        }
        let existing = self
            .current_row(s)
            .and_then(|r| r.state.target)
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.dialog = Some(Dialog::Date {
            purpose: DatePurpose::Target(key),
            input: LineInput::new(&existing),
        });
    }

    fn answer_current(&mut self, s: &mut Session, answer: Answer) {
        if let Some(key) = self.current_key(s) {
            let _stored = self.record(s, &key, answer, None);
        }
    }

    /// Store a new check of `key` dated `s.check_date`, then move on to the next row. Whether
    /// it was stored: a refusal or a store error is shown instead.
    fn record(
        &mut self,
        s: &mut Session,
        key: &RowKey,
        answer: Answer,
        target: Option<Date>,
    ) -> bool {
        self.record_with(s, key, answer, target, String::new(), Vec::new())
    }

    /// [`record`](Self::record) with a note and evidence files (an accepted suggestion's).
    fn record_with(
        &mut self,
        s: &mut Session,
        key: &RowKey,
        answer: Answer,
        target: Option<Date>,
        note: String,
        files: Vec<EvidenceFile>,
    ) -> bool {
        let lang = s.lang;
        let Some(open) = &s.open else { return false };
        let Some(item) = open.item(&key.item) else {
            return false;
        };
        let entry_note = match check_answer(
            &open.entry(s.today),
            item,
            key.scope,
            answer,
            s.check_date,
            target,
        ) {
            Ok(note) => note,
            Err(r) => {
                let text = refusal_message_in(lang, &r, &key.item, key.scope, Surface::Tui);
                s.error(text);
                return false;
            }
        };
        let sheet_id = open.record.sheet.id;
        let check = NewCheck {
            item: key.item.clone(),
            scope: key.scope,
            answer,
            checked_on: s.check_date,
            note,
        };
        match s
            .store
            .record_answer(sheet_id, &check, target, &files, &s.actor)
        {
            Ok(_) => {
                let mut text = tr!(
                    lang,
                    "tui.recorded",
                    item = key.item,
                    scope = scope_label(lang, key.scope),
                    result = answer_label(lang, answer),
                    date = s.check_date
                );
                if let Some(t) = target {
                    text.push_str(&tr!(lang, "tui.recorded_target", target = t));
                }
                if let Some(n) = &entry_note {
                    text.push_str("  ");
                    text.push_str(&entry_note_message(lang, n));
                }
                if let Some(f) = files.first() {
                    text.push_str("  ");
                    text.push_str(&tr!(
                        lang,
                        "tui.evidence_kept",
                        name = f.name,
                        size = f.content.len()
                    ));
                }
                s.reload();
                s.info(text);
                self.move_cursor(s, 1);
                true
            }
            Err(e) => {
                s.error(store_error(lang, &e));
                false
            }
        }
    }

    /// Record the row's standing answer again, same date, with a new note or an evidence file:
    /// the history is append-only, so a note or attachment is a correcting record of the same
    /// check.
    fn restate(
        &mut self,
        s: &mut Session,
        key: &RowKey,
        note: Option<String>,
        evidence: Option<EvidenceFile>,
    ) {
        let lang = s.lang;
        let Some(open) = &s.open else { return };
        let Some(ix) = open.row_index(key) else {
            return;
        };
        let Some(cell) = open.assessment.rows[ix].state.current() else {
            let text = tr!(lang, "tui.answer_first").to_string();
            s.error(text);
            return;
        };
        let sheet_id = open.record.sheet.id;
        let check = NewCheck {
            item: key.item.clone(),
            scope: key.scope,
            answer: cell.answer,
            checked_on: cell.date,
            note: note.unwrap_or_else(|| latest_note(s, key)),
        };
        let files: Vec<EvidenceFile> = evidence.into_iter().collect();
        match s
            .store
            .record_answer(sheet_id, &check, None, &files, &s.actor)
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
                s.reload();
                s.info(text);
            }
            Err(e) => s.error(store_error(lang, &e)),
        }
    }

    fn date_entered(&mut self, s: &mut Session, purpose: DatePurpose, date: Date) {
        let lang = s.lang;
        match purpose {
            DatePurpose::CheckDate => {
                // The same checks as each answer, so a wrong 確認日 is refused when it is typed.
                let refused = match &s.open {
                    Some(open) => check_date(&open.entry(s.today), date).err(),
                    None => (date > s.today).then_some(Refusal::DateInFuture { date }),
                };
                if let Some(r) = refused {
                    // Neither date refusal names a row.
                    let text = refusal_message_in(lang, &r, "-", Scope::General, Surface::Tui);
                    s.error(text);
                    self.dialog = Some(Dialog::Date {
                        purpose: DatePurpose::CheckDate,
                        input: LineInput::new(&date.to_string()),
                    });
                    return;
                }
                s.check_date = date;
                s.info(tr!(lang, "tui.check_date_set", date = date));
            }
            DatePurpose::NoWithTarget(key) => {
                // A refused 目標日 (past, after the deadline …) keeps the いいえ waiting and asks
                // again with the date as typed: the answer is not lost to a wrong date.
                if !self.record(s, &key, Answer::No, Some(date)) {
                    self.dialog = Some(Dialog::Date {
                        purpose: DatePurpose::NoWithTarget(key),
                        input: LineInput::new(&date.to_string()),
                    });
                }
            }
            DatePurpose::Target(key) => {
                let Some(open) = &s.open else { return };
                let Some(item) = open.item(&key.item) else {
                    return;
                };
                let current = open
                    .row_index(&key)
                    .and_then(|i| open.assessment.rows[i].state.current());
                let note = match check_target(&open.entry(s.today), item, key.scope, current, date)
                {
                    Ok(note) => note,
                    Err(r) => {
                        let text = refusal_message_in(lang, &r, &key.item, key.scope, Surface::Tui);
                        s.error(text);
                        self.dialog = Some(Dialog::Date {
                            purpose: DatePurpose::Target(key),
                            input: LineInput::new(&date.to_string()),
                        });
                        return;
                    }
                };
                let sheet_id = open.record.sheet.id;
                match s
                    .store
                    .set_target(sheet_id, &key.item, key.scope, date, &s.actor)
                {
                    Ok(()) => {
                        s.reload();
                        let mut text = tr!(
                            lang,
                            "tui.target_set",
                            item = key.item,
                            scope = scope_label(lang, key.scope),
                            target = date
                        );
                        if let Some(n) = &note {
                            text.push_str("  ");
                            text.push_str(&entry_note_message(lang, n));
                        }
                        s.info(text);
                    }
                    Err(e) => s.error(store_error(lang, &e)),
                }
            }
        }
    }
}

impl Checklist {
    /// Start computing the evidence when it is not there yet (the checklist was shown).
    pub(super) fn refresh_evidence(&mut self, s: &mut Session) {
        if !matches!(self.evidence, EvidenceState::Stale) || s.open.is_none() {
            return;
        }
        self.evidence_runs += 1;
        self.evidence = EvidenceState::Computing(self.evidence_runs);
        s.spawn(ComputeEvidence {
            db: s.store.path().to_path_buf(),
            lib: s.lib.clone(),
            today: s.today,
            generation: self.evidence_runs,
        });
    }

    pub(super) fn evidence_computed(&mut self, done: EvidenceComputed) {
        // A report of a computation since replaced is dropped.
        if !matches!(self.evidence, EvidenceState::Computing(g) if g == done.generation) {
            return;
        }
        self.evidence = match done.result {
            Ok(c) => EvidenceState::Ready(Arc::new(c)),
            Err(e) => EvidenceState::Failed(e),
        };
    }

    /// `s`: record the selected row's suggestion as the officer's answer, as `kensa answer ITEM
    /// --accept-suggestion` does: the answer, its note and the evidence summary from
    /// `workflow::accept_suggestion`, dated with the 確認日, through the same checks as `y`/`n`.
    /// An いいえ gets no 目標日 here; `t` sets it, and the status line says so.
    fn accept_suggestion(&mut self, s: &mut Session) {
        let lang = s.lang;
        let Some(key) = self.current_key(s) else {
            return;
        };
        let computed = match &self.evidence {
            EvidenceState::Ready(c) => Arc::clone(c),
            EvidenceState::Computing(_) | EvidenceState::Stale => {
                return s.error(tr!(lang, "tui.suggest.not_ready").to_string());
            }
            EvidenceState::Failed(e) => return s.error(e.clone()),
        };
        let Some(open) = &s.open else { return };
        let Some(item) = open.item(&key.item) else {
            return;
        };
        let accepted = crate::workflow::accept_suggestion(
            lang,
            &computed.record,
            &computed.evidence,
            &open.edition,
            item,
            key.scope,
        );
        let takes_target = rules::takes_target(&open.edition, item);
        match accepted {
            Ok(acc) => {
                let answer = acc.answer;
                let _stored = self.record_with(s, &key, answer, None, acc.note, vec![acc.summary]);
                if answer == Answer::No
                    && takes_target
                    && s.flash.as_ref().is_some_and(|f| !f.error)
                    && let Some(f) = &mut s.flash
                {
                    f.text.push_str("  ");
                    f.text.push_str(tr!(lang, "tui.suggest.set_target"));
                }
            }
            Err(e) => s.error(e.to_string()),
        }
    }
}

/// The note of the row's newest own (not carried) check: what `e` starts from.
fn latest_note(s: &Session, key: &RowKey) -> String {
    s.open
        .as_ref()
        .and_then(|o| {
            o.record
                .checks
                .iter()
                .rev()
                .find(|c| {
                    c.item == key.item && c.scope == key.scope && c.carried_from_check.is_none()
                })
                .map(|c| c.note.clone())
        })
        .unwrap_or_default()
}
