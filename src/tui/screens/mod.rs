//! The screens. Each one owns its state, its keys, its dialogs and its view, and talks to the
//! rest only through the [`Session`] (shared state, and the actions it queues for the router).
//!
//! Adding a screen: a module here implementing [`Screen`], a [`ScreenId`](super::session::ScreenId)
//! for it, and one line in the router's list (`App::new` in `app.rs`).

pub mod bcp;
pub mod checklist;
pub mod contacts;
pub mod dashboard;
pub mod ledger;
pub mod ledger_io;
pub mod scan;
pub mod setup;
pub mod vendors;

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

use super::session::{Event, ScreenId, Session};
use super::work::Report;
use crate::i18n::Lang;

/// Who gets a key before the screen's own commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFocus {
    /// The screen's global keys (`1`–`5`, `S`, `q`, `?`) first, then its own.
    Commands,
    /// The screen is a form being typed into: every key is its own. The status line clears.
    Typing,
    /// A dialog of the screen is open and takes every key; the status line stays.
    Dialog,
}

/// A screen as the router sees it.
pub trait Screen: Any {
    fn id(&self) -> ScreenId;

    /// The global key that brings this screen to the front.
    fn hotkey(&self) -> Option<char> {
        None
    }

    fn focus(&self) -> KeyFocus {
        KeyFocus::Commands
    }

    /// The screen was brought to the front (by its key or another screen's action).
    fn on_show(&mut self, _s: &mut Session) {}

    /// A key, when [`focus`](Screen::focus) gives it to the screen.
    fn handle_key(&mut self, key: KeyEvent, s: &mut Session);

    /// Another screen (or this one) did something this screen may need to follow.
    fn on_event(&mut self, _event: &Event, _s: &mut Session) {}

    /// A report from work this screen started.
    fn on_report(&mut self, _report: Report, _s: &mut Session) {}

    /// Whether anything typed would be lost by quitting now.
    fn has_unfinished_edit(&self) -> bool {
        false
    }

    /// Close an open dialog, throwing away what it held (the quit confirmation replaces it).
    fn close_dialog(&mut self) {}

    /// Whether work is running that must end, and be stored, before kensa quits.
    fn working(&self) -> bool {
        false
    }

    /// Quitting was asked while [`working`](Screen::working): stop the work and say so.
    fn stop_for_quit(&mut self, _s: &mut Session) {}

    /// The keys shown on the key bar while this screen is in front.
    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)>;

    /// Draw the screen, and its dialog if one is open, in `area`. Returns where the terminal
    /// cursor goes when something is being typed.
    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position>;
}
