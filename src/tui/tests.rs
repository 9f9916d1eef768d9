//! The app driven by keys on a real store, drawn on ratatui's `TestBackend`, compared with
//! insta snapshots in ja and en at 80×24 and 120×40.

use jiff::civil::Date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

mod scan;

use super::app::{App, Msg, Overlay, Screen, update};
use super::render;
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::answer::{Answer, RowStatus};
use crate::model::checklist::Scope;
use crate::model::contacts::Role;
use crate::store::{NewContact, Store};

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
    let jobs = update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    run_jobs(app, jobs);
}

/// Run jobs inline, as a worker would, and apply every message they send.
fn run_jobs(app: &mut App, jobs: Vec<super::app::Job>) {
    for job in jobs {
        let mut msgs = Vec::new();
        job.run(app.lang, &mut |m| msgs.push(m));
        for m in msgs {
            let more = update(app, m);
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

/// Fill the setup form as a first-time user would and start the sheet.
fn complete_setup(app: &mut App) {
    assert_eq!(app.screen, Screen::Setup);
    typed(app, "東京テスト病院");
    key(app, KeyCode::Down); // kind: 病院 stays
    key(app, KeyCode::Down);
    typed(app, "東京都");
    key(app, KeyCode::Down);
    key(app, KeyCode::Right); // vendor contracts: はい
    key(app, KeyCode::Down);
    typed(app, "山田太郎");
    keys(app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Dashboard, "{:?}", app.setup.error);
}

fn go_to(app: &mut App, item: &str, scope: Scope) {
    let open = app.open.as_ref().unwrap();
    let ix = open
        .assessment
        .rows
        .iter()
        .position(|r| r.item == item && r.scope == scope)
        .unwrap();
    app.list.cursor = ix;
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
    assert_eq!(app.check_date, "2026-06-01".parse().unwrap());
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

#[test]
fn setup_form_starts_the_latest_edition_for_this_year() {
    let mut f = fresh(Lang::Ja);
    complete_setup(&mut f.app);
    let open = f.app.open.as_ref().unwrap();
    assert_eq!(open.sheet.edition_id, "hospital-r7");
    assert_eq!(open.sheet.fiscal_year, 2026);
    assert_eq!(open.facility.name, "東京テスト病院");
    assert_eq!(open.facility.prefecture.as_deref(), Some("東京都"));
    assert_eq!(open.facility.security_officer.as_deref(), Some("山田太郎"));
    assert!(open.facility.vendor_contracts);
}

/// An older edition for a later 年度 is made only on the command line (`--older-edition`): the
/// form proposes the editions a sheet of the chosen year may use, and refuses a year too far ahead.
#[test]
fn setup_proposes_no_older_edition_and_no_far_year() {
    let mut f = fresh(Lang::Ja);
    let app = &mut f.app;
    // 令和8年度 (today 2026-11-21): the library's newest is R7; R5 and R6 are superseded.
    assert_eq!(app.setup.editions, vec!["hospital-r7".to_string()]);
    typed(app, "東京テスト病院");
    keys(app, &[KeyCode::Down; 6]);
    assert_eq!(app.setup.field, super::setup::Field::FiscalYear);
    keys(app, &[KeyCode::Backspace; 4]);
    typed(app, "2024");
    assert_eq!(
        app.setup.editions,
        vec!["hospital-r7".to_string(), "hospital-r6".to_string()]
    );
    keys(app, &[KeyCode::Backspace; 4]);
    typed(app, "2030");
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Setup);
    let error = app.setup.error.clone().unwrap_or_default();
    assert!(error.contains("まだ作成できません"), "{error}");
    assert!(app.store.sheets().unwrap().is_empty());
    assert!(app.store.facility().unwrap().is_none());
}

#[test]
fn setup_refuses_an_empty_name_and_keeps_the_form() {
    let mut f = fresh(Lang::En);
    let app = &mut f.app;
    keys(app, &[KeyCode::Down; 8]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Setup);
    assert_eq!(app.setup.error.as_deref(), Some("Enter the facility name."));
    assert!(app.store.facility().unwrap().is_none());
}

#[test]
fn answers_are_stored_when_confirmed() {
    let f = worked(Lang::Ja);
    let app = &f.app;
    let open = app.open.as_ref().unwrap();
    let checks = app.store.checks(open.sheet.id).unwrap();
    let got: Vec<_> = checks
        .iter()
        .map(|c| {
            (
                c.item.as_str(),
                c.scope,
                c.answer,
                c.checked_on.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("gate", Scope::General, Answer::Yes, "2026-06-01".into()),
            ("1-1", Scope::General, Answer::Yes, "2026-06-01".into()),
            ("2-5", Scope::Server, Answer::No, "2026-06-01".into()),
            ("2-5", Scope::Server, Answer::No, "2026-06-01".into()),
        ]
    );
    assert_eq!(checks[3].note, "パッチ適用は保守業者と調整中");
    let targets = app.store.targets(open.sheet.id).unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].target_on.to_string(), "2027-03-01");
    assert_eq!(checks[0].checked_by, "yamada");
}

#[test]
fn refused_entries_store_nothing_and_say_why() {
    let mut f = worked(Lang::En);
    let app = &mut f.app;
    let sheet = app.open.as_ref().unwrap().sheet.id;
    let before = app.store.checks(sheet).unwrap().len();
    // 1-1 does not allow N/A.
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('x'));
    assert!(app.flash.as_ref().unwrap().error);
    // 2-2 allows N/A only without vendor contracts, and this facility has them.
    go_to(app, "2-2", Scope::General);
    key(app, KeyCode::Char('x'));
    assert!(app.flash.as_ref().unwrap().error);
    // A 目標日 before the check date.
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2026-01-01");
    key(app, KeyCode::Enter);
    assert!(app.flash.as_ref().unwrap().error);
    // Not a date: the dialog stays open with the text.
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2026-13-45");
    key(app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Date { .. })));
    key(app, KeyCode::Esc);
    // A 確認日 in the future.
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "2030-01-01");
    key(app, KeyCode::Enter);
    assert_eq!(app.check_date, "2026-06-01".parse().unwrap());
    key(app, KeyCode::Esc);
    // A 確認日 of the previous 年度 on this 令和8年度 sheet, as the CLI refuses it.
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "2026-03-31");
    key(app, KeyCode::Enter);
    assert_eq!(app.check_date, "2026-06-01".parse().unwrap());
    let flash = app.flash.as_ref().unwrap();
    assert!(
        flash.error && flash.text.contains("2026-04-01"),
        "{}",
        flash.text
    );
    key(app, KeyCode::Esc);
    // A note on an unanswered row.
    go_to(app, "2-7", Scope::General);
    key(app, KeyCode::Char('e'));
    assert!(app.overlay.is_none());
    assert_eq!(app.store.checks(sheet).unwrap().len(), before);
}

#[test]
fn evidence_is_read_by_a_job_and_kept_with_the_check() {
    let mut f = worked(Lang::Ja);
    let file = f._dir.path().join("規程.pdf");
    std::fs::write(&file, b"%PDF-1.4 policy").unwrap();
    let app = &mut f.app;
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('a'));
    let dir = format!("{}/", f._dir.path().display());
    typed(app, &dir);
    typed(app, "規");
    key(app, KeyCode::Tab);
    match &app.overlay {
        Some(Overlay::Evidence { input, .. }) => {
            assert_eq!(input.text(), format!("{dir}規程.pdf"))
        }
        other => panic!("{other:?}"),
    }
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.flash);
    let checks = app
        .store
        .checks(app.open.as_ref().unwrap().sheet.id)
        .unwrap();
    let last = checks.last().unwrap();
    assert_eq!((last.item.as_str(), last.answer), ("1-1", Answer::Yes));
    assert_eq!(last.evidence[0].name, "規程.pdf");
}

#[test]
fn unanswered_filter_search_and_next_unanswered() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('u'));
    let visible = app.visible_rows();
    let rows = &app.open.as_ref().unwrap().assessment.rows;
    assert!(visible.iter().all(|&i| matches!(
        rows[i].status,
        RowStatus::Unanswered | RowStatus::NeedsRecheck
    )));
    assert!(!visible.iter().any(|&i| rows[i].item == "1-1"));
    key(app, KeyCode::Char('u'));
    key(app, KeyCode::Char('/'));
    typed(app, "バックアップ");
    key(app, KeyCode::Enter);
    let visible = app.visible_rows();
    assert!(!visible.is_empty());
    let open = app.open.as_ref().unwrap();
    for i in &visible {
        let item = open.item(&open.assessment.rows[*i].item).unwrap();
        assert!(item.text.contains("バックアップ"), "{}", item.text);
    }
    key(app, KeyCode::Esc);
    assert!(app.list.search.is_empty());
    go_to(app, "gate", Scope::General);
    keys(app, &[KeyCode::Tab, KeyCode::Enter]);
    let r = app.current_row().unwrap();
    assert_eq!((r.item.as_str(), r.scope), ("2-1", Scope::General));
}

#[test]
fn dashboard_findings_jump_to_their_row() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('1'));
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    let target = super::app::dashboard_targets(app)[2].clone().unwrap();
    key(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Checklist);
    let r = app.current_row().unwrap();
    assert_eq!((r.item.clone(), r.scope), (target.item, target.scope));
}

#[test]
fn answering_every_required_row_makes_the_sheet_ready() {
    for lang in LANGS {
        let mut f = fresh(lang);
        let app = &mut f.app;
        complete_setup(app);
        // 3(1) はい is a failure while the contacts lack a body the item names.
        for role in Role::NAMED_BY_ITEM {
            let c = NewContact {
                role,
                name: role.as_str().into(),
                org: None,
                system: None,
                phone: None,
                email: None,
                order: role.default_order(),
            };
            app.store.add_contact(&c, "yamada").unwrap();
        }
        key(app, KeyCode::Char('2'));
        // Walk: answer はい on every row that needs it, using Enter-in-detail to find the next.
        go_to(app, "gate", Scope::General);
        for _ in 0..200 {
            if app.open.as_ref().unwrap().assessment.ready {
                break;
            }
            let needs = app.current_row().is_some_and(super::app::needs_answer);
            if needs {
                key(app, KeyCode::Char('y'));
            } else {
                keys(app, &[KeyCode::Tab, KeyCode::Enter]);
            }
        }
        let a = &app.open.as_ref().unwrap().assessment;
        // 3(1) 連絡体制図 stays a notice to have the chart on paper, not a failure.
        assert!(a.ready, "{:?}", a.findings);
        key(app, KeyCode::Char('1'));
        let screen = draw(app, 120, 40);
        let word = match lang {
            Lang::Ja => "準備完了",
            Lang::En => "READY",
        };
        assert!(screen.contains(word), "{screen}");
    }
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let mut f = worked(Lang::Ja);
    key(&mut f.app, KeyCode::Char('2'));
    for (w, h) in SIZES {
        let screen = draw(&f.app, w, h);
        let mut columns = std::collections::BTreeSet::new();
        for line in screen.lines() {
            // Only the list pane (thick border while it has the focus).
            let Some(list_part) = line.strip_prefix('┃').and_then(|l| l.split('┃').next())
            else {
                continue;
            };
            let line = list_part;
            for word in ["未回答", "はい ", "いいえ"] {
                if let Some(at) = line.find(word) {
                    columns.insert(line[..at].width());
                }
            }
        }
        assert_eq!(
            columns.len(),
            1,
            "status column moves: {columns:?}\n{screen}"
        );
    }
}

#[test]
fn a_small_terminal_gets_a_message_not_a_broken_layout() {
    let f = worked(Lang::Ja);
    let screen = draw(&f.app, 60, 20);
    assert!(screen.contains("80×24"), "{screen}");
    let f = worked(Lang::En);
    let screen = draw(&f.app, 79, 24);
    assert!(screen.contains("Enlarge it"), "{screen}");
}

#[test]
fn quitting_with_an_unfinished_edit_asks_first() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('e'));
    typed(app, "途中");
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert!(!app.quit);
    key(app, KeyCode::Char('y'));
    assert!(app.quit);
    // Without an edit, q quits at once: everything confirmed is already stored.
    let mut f = worked(Lang::Ja);
    key(&mut f.app, KeyCode::Char('q'));
    assert!(f.app.quit);
}

fn snapshot_all(name: &str, prepare: impl Fn(&mut App)) {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = worked(lang);
            prepare(&mut f.app);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}

#[test]
fn snapshot_setup_form() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = fresh(lang);
            typed(&mut f.app, "東京テスト病院");
            key(&mut f.app, KeyCode::Down);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("setup_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}

#[test]
fn snapshot_dashboard() {
    snapshot_all("dashboard", |app| key(app, KeyCode::Char('1')));
}

#[test]
fn snapshot_checklist() {
    snapshot_all("checklist", |app| {
        go_to(app, "2-4", Scope::Terminal);
    });
}

#[test]
fn snapshot_item_detail_with_history() {
    snapshot_all("detail", |app| {
        go_to(app, "2-5", Scope::Server);
        key(app, KeyCode::Tab);
    });
}

#[test]
fn snapshot_date_entry() {
    snapshot_all("date_entry", |app| {
        go_to(app, "2-6", Scope::General);
        key(app, KeyCode::Char('n'));
        typed(app, "R9.3.31");
    });
}

#[test]
fn snapshot_help() {
    snapshot_all("help", |app| key(app, KeyCode::Char('?')));
}

#[test]
fn contacts_are_added_and_removed_from_the_screen() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('4'));
    assert_eq!(app.screen, Screen::Contacts);
    key(app, KeyCode::Char('a'));
    // Role: 事業者 is the fifth role.
    keys(app, &[KeyCode::Right; 4]);
    key(app, KeyCode::Down);
    typed(app, "保守窓口");
    key(app, KeyCode::Down);
    typed(app, "カルテ工業株式会社");
    key(app, KeyCode::Down);
    typed(app, "電子カルテ");
    key(app, KeyCode::Down);
    typed(app, "03-1234-5678");
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    typed(app, "x");
    key(app, KeyCode::Enter);
    // A bad step keeps the form open with the reason.
    assert!(matches!(&app.overlay, Some(Overlay::Form { form, .. }) if form.error.is_some()));
    key(app, KeyCode::Backspace);
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    let stored = app.store.contacts().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "保守窓口");
    assert_eq!(stored[0].order, 5);
    assert_eq!(stored[0].system.as_deref(), Some("電子カルテ"));
    let screen = draw(app, 100, 30);
    assert!(screen.contains("厚生労働省・警察"), "{screen}");
    key(app, KeyCode::Char('D'));
    key(app, KeyCode::Char('y'));
    assert!(app.store.contacts().unwrap().is_empty());
}

#[test]
fn snapshot_contacts() {
    snapshot_all("contacts", |app| {
        key(app, KeyCode::Char('4'));
        key(app, KeyCode::Char('a'));
        keys(app, &[KeyCode::Right; 6]);
        key(app, KeyCode::Down);
        typed(app, "サイバー犯罪相談窓口");
        keys(app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
        typed(app, "03-3431-8109");
        update(
            app,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        key(app, KeyCode::Char('a'));
    });
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
    app.store
        .add_asset(&fields, Source::Manual, "yamada")
        .unwrap();
}

fn with_ledger(lang: Lang) -> Fixture {
    let mut f = worked(lang);
    add_asset(
        &mut f.app,
        "PC-002",
        "GAIRAI-02",
        "198.18.0.22",
        "Windows 11",
    );
    add_asset(
        &mut f.app,
        "PC-001",
        "GAIRAI-01",
        "198.18.0.21",
        "Windows 10",
    );
    add_asset(
        &mut f.app,
        "SV-001",
        "EHR-SV",
        "198.18.0.10",
        "Windows Server 2022",
    );
    f
}

#[test]
fn ledger_is_read_by_a_worker_filtered_sorted_and_edited() {
    let mut f = with_ledger(Lang::Ja);
    let app = &mut f.app;
    assert!(app.ledger.is_none());
    let jobs = update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)),
    );
    assert_eq!(jobs.len(), 1, "the ledger is read off the UI thread");
    assert!(app.ledger_loading);
    run_jobs(app, jobs);
    let names = |app: &App| -> Vec<String> {
        app.ledger_rows()
            .iter()
            .map(|&i| {
                app.ledger.as_ref().unwrap()[i]
                    .asset
                    .fields
                    .control_no
                    .clone()
            })
            .collect()
    };
    assert_eq!(names(app), ["PC-001", "PC-002", "SV-001"]);
    keys(
        app,
        &[KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s')],
    );
    assert_eq!(names(app), ["SV-001", "PC-001", "PC-002"], "sorted by IP");
    key(app, KeyCode::Char('/'));
    typed(app, "gairai-02");
    key(app, KeyCode::Enter);
    assert_eq!(names(app), ["PC-002"]);
    key(app, KeyCode::Char('e'));
    keys(app, &[KeyCode::Down; 6]);
    keys(app, &[KeyCode::Backspace; 2]);
    typed(app, "病棟3F");
    keys(app, &[KeyCode::Down; 3]);
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(
        app.store.asset("PC-002").unwrap().unwrap().fields.location,
        "病棟3F"
    );
    // A bad IP keeps the form open and stores nothing.
    key(app, KeyCode::Char('e'));
    keys(app, &[KeyCode::Down; 4]);
    typed(app, "x");
    keys(app, &[KeyCode::Down; 5]);
    key(app, KeyCode::Enter);
    assert!(matches!(&app.overlay, Some(Overlay::Form { form, .. }) if form.error.is_some()));
    assert_eq!(
        app.store.asset("PC-002").unwrap().unwrap().fields.ip,
        "198.18.0.22"
    );
}

#[test]
fn snapshot_ledger() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = with_ledger(lang);
            key(&mut f.app, KeyCode::Char('3'));
            key(&mut f.app, KeyCode::Enter);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("ledger_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}

/// A month or day past 255 once wrapped around (`2027-257-01` became 1 January 2027, a valid
/// 目標日): the date dialogs keep the text open and store nothing.
#[test]
fn dates_past_255_do_not_wrap_in_the_date_dialogs() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    let sheet = app.open.as_ref().unwrap().sheet.id;
    let (checks, targets) = (
        app.store.checks(sheet).unwrap().len(),
        app.store.targets(sheet).unwrap().len(),
    );
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2027-257-01");
    key(app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Date { .. })));
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "R8.261.1");
    key(app, KeyCode::Enter);
    assert_eq!(app.check_date, "2026-06-01".parse().unwrap());
    key(app, KeyCode::Esc);
    assert_eq!(app.store.checks(sheet).unwrap().len(), checks);
    assert_eq!(app.store.targets(sheet).unwrap().len(), targets);
}

/// A name longer than the limit used to be stored and then broke the xlsx report and the
/// bundle. The contact form says which field and the limit, keeps what was typed, and
/// stores nothing.
#[test]
fn contact_fields_over_their_limit_keep_the_form_open() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Char('a'));
    key(app, KeyCode::Down);
    typed(app, "保守窓口");
    key(app, KeyCode::Down);
    let long = "株".repeat(crate::model::limits::NAME_MAX + 1);
    typed(app, &long);
    keys(app, &[KeyCode::Down; 4]);
    key(app, KeyCode::Enter);
    match &app.overlay {
        Some(Overlay::Form { form, .. }) => {
            let error = form.error.as_deref().unwrap_or_default();
            assert!(error.contains("所属") && error.contains("200"), "{error}");
        }
        other => panic!("form closed: {other:?}"),
    }
    assert!(app.store.contacts().unwrap().is_empty());
}
