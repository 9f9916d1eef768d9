//! The checklist's state: the cursor, filter, search, focused pane and open dialog, and which
//! rows they show.

use std::cell::Cell;

use super::dialog::Dialog;
use crate::i18n::Lang;
use crate::model::answer::RowStatus;
use crate::model::rules::{Requirement, RowView};
use crate::text::scope_label;
use crate::tr;
use crate::tui::evidence::EvidenceState;
use crate::tui::session::{OpenSheet, RowKey, Session};
use crate::tui::widgets::text::normalize_query;

/// Which pane takes ↑/↓.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

#[derive(Debug, Default)]
pub struct Checklist {
    /// Index into `assessment.rows` of the selected row.
    pub cursor: usize,
    pub unanswered_only: bool,
    /// Item search (`/`); empty shows everything.
    pub search: String,
    pub focus: Option<Focus>,
    pub detail_scroll: u16,
    /// First visible line of the list; kept between frames so the list does not jump.
    pub list_offset: Cell<usize>,
    /// The dialog over the screen; it takes every key until closed.
    pub dialog: Option<Dialog>,
    /// The evidence engine's findings, for the suggestion of the selected row.
    pub evidence: EvidenceState,
    /// Counts the evidence computations started, so an older one's report is dropped.
    pub evidence_runs: u64,
}

/// A row that still needs the officer: required and without a fresh dated answer.
pub fn needs_answer(r: &RowView) -> bool {
    r.requirement == Requirement::Required
        && matches!(r.status, RowStatus::Unanswered | RowStatus::NeedsRecheck)
}

impl Checklist {
    /// The row under the cursor.
    pub fn current_row<'s>(&self, s: &'s Session) -> Option<&'s RowView> {
        self.row_in(s.open.as_ref()?)
    }

    /// The row under the cursor in `open` (the inspector's read-only view has no session).
    pub fn row_in<'o>(&self, open: &'o OpenSheet) -> Option<&'o RowView> {
        open.assessment.rows.get(self.cursor)
    }

    pub(super) fn current_key(&self, s: &Session) -> Option<RowKey> {
        self.current_row(s).map(|r| RowKey {
            item: r.item.clone(),
            scope: r.scope,
        })
    }

    /// Indices of the rows the list shows, in form order, after the filter and search.
    pub fn visible_rows(&self, s: &Session) -> Vec<usize> {
        match &s.open {
            Some(open) => self.rows_shown(s.lang, open),
            None => Vec::new(),
        }
    }

    /// [`visible_rows`](Self::visible_rows) of any sheet, for the officer's and the
    /// inspector's views alike.
    pub fn rows_shown(&self, lang: Lang, open: &OpenSheet) -> Vec<usize> {
        let query = normalize_query(&self.search);
        open.assessment
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !self.unanswered_only || needs_answer(r))
            .filter(|(_, r)| {
                query.is_empty()
                    || open.item(&r.item).is_some_and(|i| {
                        normalize_query(&i.text).contains(&query)
                            || i.id.contains(&query)
                            || normalize_query(scope_label(lang, r.scope)).contains(&query)
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub(super) fn move_cursor(&mut self, s: &Session, delta: isize) {
        if let Some(open) = &s.open {
            self.move_in(s.lang, open, delta);
        }
    }

    pub(super) fn move_in(&mut self, lang: Lang, open: &OpenSheet, delta: isize) {
        let visible = self.rows_shown(lang, open);
        if visible.is_empty() {
            return;
        }
        let pos = visible
            .iter()
            .position(|&i| i >= self.cursor)
            .unwrap_or(visible.len() - 1);
        let new = pos
            .saturating_add_signed(delta)
            .min(visible.len().saturating_sub(1));
        self.cursor = visible[new];
        self.detail_scroll = 0;
    }

    /// Move to the next row that still needs an answer, wrapping around.
    pub(super) fn next_unanswered(&mut self, s: &mut Session) {
        let Some(open) = &s.open else { return };
        let rows = &open.assessment.rows;
        let n = rows.len();
        let start = self.cursor;
        if let Some(ix) = (1..=n)
            .map(|k| (start + k) % n)
            .find(|&i| needs_answer(&rows[i]))
        {
            self.cursor = ix;
            self.detail_scroll = 0;
            if !self.visible_rows(s).contains(&ix) {
                self.search.clear();
            }
        } else {
            let text = tr!(s.lang, "tui.all_answered").to_string();
            s.info(text);
        }
    }

    /// Put the cursor on `key`, clearing the filter and search if they hide it.
    pub(super) fn jump_to(&mut self, s: &Session, key: &RowKey) {
        let Some(ix) = s.open.as_ref().and_then(|o| o.row_index(key)) else {
            return;
        };
        self.cursor = ix;
        if !self.visible_rows(s).contains(&ix) {
            self.unanswered_only = false;
            self.search.clear();
        }
        self.focus = Some(Focus::List);
        self.detail_scroll = 0;
    }
}
