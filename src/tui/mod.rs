//! The officer's terminal app. The only code that knows ratatui/crossterm.
//!
//! One loop: messages (keys from an input thread, reports from worker threads) go through
//! `App::update`, the router, to the screen they belong to; after each batch the frame is drawn
//! from the state by `app::render`. Every confirmed answer is written to the store while its
//! key is handled, in its own transaction, so quitting, a crash or `kill -9` loses nothing that
//! was confirmed.
//!
//! Layers, each importing only those below it: `widgets/` (forms, line input, dialogs, lists,
//! status and key bars), `work` (worker jobs and reports) and `evidence` (the evidence engine's
//! findings, computed by a worker); `session` (what the screens share,
//! and the actions they ask the router for); `screens/` (one module per screen: its state, keys,
//! dialogs and view); `chrome` and `help` (the frame around the screens); `app` (the router);
//! this file (the terminal loop, worker threads, crash log).

pub mod app;
mod chrome;
pub mod evidence;
mod help;
pub mod inspector;
pub mod screens;
pub mod session;
pub mod widgets;
pub mod work;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use jiff::civil::Date;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::editions::Library;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tr;
use app::{App, Msg};

pub use app::render;

/// Everything the app needs from the command line.
pub struct Options {
    pub store: Store,
    pub lib: Library,
    pub lang: Lang,
    pub today: Date,
    pub actor: String,
    /// When the process started, for the first-frame measurement.
    pub started: Instant,
    /// `KENSA_TUI_TRACE`: a file to append timings to (benchmarks read it).
    pub trace: Option<PathBuf>,
}

/// Where the "already seen" marker for the dashboard's change list lives: beside the DB.
fn seen_marker_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".seen");
    db.with_file_name(name)
}

/// The marker is a convenience; a missing or unreadable one just shows every record as new.
/// It holds one number: anything larger, or a FIFO planted in its place, is ignored.
fn read_seen(db: &Path) -> i64 {
    crate::fsio::read_limited(&seen_marker_path(db), 64)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// Replaced atomically: a link planted at the marker's name is replaced, not written through.
fn write_seen(db: &Path, id: i64) {
    let _ = crate::fsio::write_atomic(&seen_marker_path(db), id.to_string().as_bytes());
}

/// Timings for the benchmark script: `event elapsed_us unix_us` per line, where `elapsed_us` is
/// measured in-process and `unix_us` lets the script add what happened before `main`.
struct Trace(Option<std::fs::File>);

impl Trace {
    fn open(path: Option<&Path>) -> Trace {
        Trace(path.and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        }))
    }

    fn record(&mut self, event: &str, since: Instant) {
        if let Some(f) = &mut self.0 {
            let _ = writeln!(
                f,
                "{event} {} {}",
                since.elapsed().as_micros(),
                jiff::Timestamp::now().as_microsecond()
            );
        }
    }
}

/// Run the app until the officer quits.
pub fn run(opts: Options) -> Result<()> {
    let db = opts.store.path().to_path_buf();
    let mut app = App::new(
        opts.store,
        opts.lib,
        opts.lang,
        opts.today,
        opts.actor,
        read_seen(&db),
    )
    .map_err(anyhow::Error::msg)?;
    let mut trace = Trace::open(opts.trace.as_deref());

    let mut terminal = ratatui::try_init().context("terminal")?;
    install_panic_log(app.lang());
    let (tx, rx) = mpsc::channel::<(Msg, Instant)>();
    let input_tx = tx.clone();
    // crossterm's read blocks; it gets its own thread so workers can report while it waits.
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Ok(Event::Resize(_, _)) => Msg::Resize,
                Ok(_) => continue,
                Err(_) => break,
            };
            if input_tx.send((msg, Instant::now())).is_err() {
                break;
            }
        }
    });

    let result = (|| -> Result<()> {
        terminal.draw(|f| render(&app, f))?;
        trace.record("first_frame", opts.started);
        // Test hook: the end-to-end test checks that a panic restores the terminal and logs.
        if std::env::var_os("KENSA_TEST_PANIC").is_some() {
            panic!("KENSA_TEST_PANIC is set");
        }
        while !app.quit {
            let Ok((msg, at)) = rx.recv() else { break };
            let mut batch = vec![(msg, at)];
            // Apply everything already waiting (key repeat, paste) before drawing once.
            batch.extend(rx.try_iter());
            let first_at = batch[0].1;
            for (msg, _) in batch {
                for job in app.update(msg) {
                    let tx = tx.clone();
                    let lang = app.lang();
                    std::thread::spawn(move || {
                        job.run(lang, &mut |msg| {
                            let _ = tx.send((msg, Instant::now()));
                        });
                    });
                }
                if app.quit {
                    break;
                }
            }
            terminal.draw(|f| render(&app, f))?;
            trace.record("key_to_frame", first_at);
        }
        Ok(())
    })();
    ratatui::restore();
    write_seen(&db, app.newest_check_id());
    result
}

/// On a panic: restore the terminal (ratatui's hook, installed by `init`), write the panic and a
/// backtrace to a log file, and print its path.
fn install_panic_log(lang: Lang) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        let path = std::env::temp_dir().join(format!(
            "kensa-panic-{}.log",
            jiff::Timestamp::now().as_second()
        ));
        let text = format!(
            "kensa {} panicked\n{info}\n\n{}\n",
            env!("CARGO_PKG_VERSION"),
            std::backtrace::Backtrace::force_capture()
        );
        // In the shared temp folder: created new, never through a link planted at the name.
        match crate::fsio::create_new_private(&path, text.as_bytes()) {
            Ok(()) => eprintln!(
                "kensa: {}",
                tr!(lang, "tui.crash_log", path = path.display())
            ),
            Err(e) => eprintln!("kensa: {}", tr!(lang, "tui.crash_log_failed", detail = e)),
        }
    }));
}
