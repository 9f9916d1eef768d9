//! The app driven by keys on a real store, drawn on ratatui's `TestBackend`, compared with
//! insta snapshots in ja and en at 80×24 and 120×40. One file per screen under `tests/`; this
//! one holds the fixtures and helpers they share, and the snapshot assertion itself, so the
//! snapshots of every screen keep their names (`snapshots/kensa__tui__tests__*.snap`).

use jiff::civil::Date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

mod app;
mod bcp;
mod checklist;
mod contacts;
mod dashboard;
mod ledger;
mod scan;
mod setup;
mod suggest;
mod vendors;

use super::app::{App, Job, Msg};
use super::render;
use super::screens::checklist::Checklist;
use super::session::ScreenId;
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::Scope;
use crate::store::Store;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

fn today() -> Date {
    "2026-11-21".parse().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn fresh(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).unwrap();
    let (lib, problems) = Library::load(None);
    assert!(problems.is_empty());
    let app = App::new(store, lib, lang, today(), "yamada".into(), 0).unwrap();
    Fixture { _dir: dir, app }
}

fn key(app: &mut App, code: KeyCode) {
    let jobs = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    run_jobs(app, jobs);
}

fn ctrl(app: &mut App, c: char) {
    let jobs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
    run_jobs(app, jobs);
}

/// Run jobs inline, as a worker would, and apply every message they send.
fn run_jobs(app: &mut App, jobs: Vec<Job>) {
    for job in jobs {
        let mut msgs = Vec::new();
        job.run(app.lang(), &mut |m| msgs.push(m));
        for m in msgs {
            let more = app.update(m);
            run_jobs(app, more);
        }
    }
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for c in codes {
        key(app, *c);
    }
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The screen as text, one line per row. A wide character covers the next cell; that cell must
/// be blank (anything else would be a character drawn over another, a broken layout).
fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buffer = t.backend().buffer();
    let mut text = String::new();
    for y in 0..h {
        let mut covered = 0;
        let mut line = String::new();
        for x in 0..w {
            let sym = buffer[(x, y)].symbol();
            if covered > 0 {
                covered -= 1;
                assert!(
                    sym.trim().is_empty(),
                    "`{sym}` at {x},{y} is drawn under a wide character:\n{line}"
                );
                continue;
            }
            line.push_str(sym);
            covered = sym.width().saturating_sub(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Compare `screen` with the stored snapshot `name`.
fn assert_screen(name: String, screen: String) {
    insta::assert_snapshot!(name, screen);
}

/// Fill the setup form as a first-time user would and start the sheet.
fn complete_setup(app: &mut App) {
    assert_eq!(app.screen(), ScreenId::Setup);
    typed(app, "東京テスト病院");
    key(app, KeyCode::Down); // kind: 病院 stays
    key(app, KeyCode::Down);
    typed(app, "東京都");
    key(app, KeyCode::Down);
    key(app, KeyCode::Right); // vendor contracts: はい
    key(app, KeyCode::Down);
    typed(app, "山田太郎");
    // 医療機関コード, 病床数, 開設者 (optional, left empty), edition, 年度, start.
    keys(app, &[KeyCode::Down; 6]);
    key(app, KeyCode::Enter);
    // The form's last line says Enter starts the checklist, and it does.
    assert_eq!(
        app.screen(),
        ScreenId::Checklist,
        "{:?}",
        app.get::<super::screens::setup::Setup>().error
    );
}

fn go_to(app: &mut App, item: &str, scope: Scope) {
    let open = app.session.open.as_ref().unwrap();
    let ix = open
        .assessment
        .rows
        .iter()
        .position(|r| r.item == item && r.scope == scope)
        .unwrap();
    app.get_mut::<Checklist>().cursor = ix;
}

/// A sheet with some history: the gate and 1-1 はい, 2-5@server いいえ with a 目標日, then a
/// later note on 2-5@server, and an earlier dated check changed by `d`.
fn worked(lang: Lang) -> Fixture {
    let mut f = fresh(lang);
    let app = &mut f.app;
    complete_setup(app);
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::End]);
    for _ in 0..10 {
        key(app, KeyCode::Backspace);
    }
    typed(app, "R8.6.1");
    key(app, KeyCode::Enter);
    assert_eq!(app.session.check_date, "2026-06-01".parse().unwrap());
    go_to(app, "gate", Scope::General);
    key(app, KeyCode::Char('y'));
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('y'));
    go_to(app, "2-5", Scope::Server);
    key(app, KeyCode::Char('n'));
    typed(app, "2027/3/1");
    key(app, KeyCode::Enter);
    go_to(app, "2-5", Scope::Server);
    key(app, KeyCode::Char('e'));
    typed(app, "パッチ適用は保守業者と調整中");
    key(app, KeyCode::Enter);
    f
}

fn snapshot_all(name: &str, prepare: impl Fn(&mut App)) {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = worked(lang);
            prepare(&mut f.app);
            let screen = draw(&f.app, w, h);
            assert_screen(format!("{name}_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}

fn add_asset(app: &mut App, no: &str, name: &str, ip: &str, os: &str) {
    use crate::model::asset::{AssetKind, LedgerFields, Source};
    let fields = LedgerFields {
        control_no: no.into(),
        kind: AssetKind::Terminal,
        maker: "富士通".into(),
        os: os.into(),
        software: "電子カルテ端末".into(),
        software_version: "3.1".into(),
        ip: ip.into(),
        computer_name: name.into(),
        location: "外来".into(),
        user: "看護部".into(),
        registered_on: Some("2024-04-01".parse().unwrap()),
        status: "稼働".into(),
        ..LedgerFields::default()
    };
    app.session
        .store
        .add_asset(&fields, Source::Manual, "yamada")
        .unwrap();
}
