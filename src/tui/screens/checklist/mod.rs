//! The checklist screen: the open sheet's rows with their answers, the selected row's detail,
//! and the dialogs that record answers (確認日, 目標日, note, evidence file, search). Every
//! confirmed answer is written to the store at once, in its own transaction.
//!
//! This file is the screen's face to the router; `state.rs` holds its state and which rows it
//! shows; `keys.rs` the keys and the writes they make; `dialog.rs` the dialogs' state and
//! drawing; `view.rs` the list and the detail.

pub mod dialog;
mod keys;
mod state;
pub mod suggestion;
pub mod view;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

pub use dialog::{DatePurpose, Dialog};
pub use keys::Browse;
pub use state::{Checklist, Focus, needs_answer};
pub use view::{SheetView, draw_sheet};

use super::{KeyFocus, Screen};
use crate::i18n::Lang;
use crate::tr;
use crate::tui::session::{Event, ScreenId, Session};
use crate::tui::work::Report;

impl Screen for Checklist {
    fn id(&self) -> ScreenId {
        ScreenId::Checklist
    }

    fn hotkey(&self) -> Option<char> {
        Some('2')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(dialog) => self.on_dialog_key(dialog, key, s),
            None => self.on_command_key(key, s),
        }
    }

    fn on_show(&mut self, s: &mut Session) {
        self.refresh_evidence(s);
    }

    fn on_event(&mut self, event: &Event, s: &mut Session) {
        match event {
            Event::SheetLoaded => {
                if let Some(open) = &s.open {
                    self.cursor = self
                        .cursor
                        .min(open.assessment.rows.len().saturating_sub(1));
                }
            }
            Event::OpenRow(key) => self.jump_to(s, key),
            // Observations were stored: the suggestions are computed again when next shown.
            Event::LedgerChanged => self.evidence = suggestion::EvidenceState::Stale,
        }
    }

    fn on_report(&mut self, report: Report, s: &mut Session) {
        match report.take::<keys::EvidenceRead>() {
            Ok(read) => self.evidence_read(read, s),
            Err(report) => {
                if let Some(done) = report.open::<crate::tui::evidence::EvidenceComputed>() {
                    self.evidence_computed(done);
                }
            }
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        self.dialog
            .as_ref()
            .is_some_and(Dialog::has_unfinished_edit)
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("y", tr!(lang, "answer.yes")),
            ("n", tr!(lang, "answer.no")),
            ("x", tr!(lang, "answer.na")),
            ("t", tr!(lang, "tui.key.target")),
            ("d", tr!(lang, "tui.key.date")),
            ("e", tr!(lang, "tui.key.note")),
            ("a", tr!(lang, "tui.key.attach")),
            ("s", tr!(lang, "tui.suggest.key")),
            ("u", tr!(lang, "tui.key.unanswered")),
            ("/", tr!(lang, "tui.key.search")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        if let Some(open) = &s.open {
            let mut v = SheetView::officer(s.lang, open);
            if let Some(r) = self.row_in(open)
                && let Some(item) = open.item(&r.item)
            {
                v.extra = suggestion::lines(s.lang, &self.evidence, &open.edition, item, r.scope);
            }
            draw_sheet(self, &v, frame, area);
        }
        self.dialog
            .as_ref()
            .and_then(|d| dialog::draw(d, s, frame, area))
    }
}
