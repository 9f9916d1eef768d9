//! The 台帳 screen: read by a worker, filtered, sorted, a row's typed fields edited.

use super::*;
use crate::tui::screens::ledger::{Dialog, Ledger};

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
    assert!(app.get::<Ledger>().rows.is_none());
    let jobs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    assert_eq!(jobs.len(), 1, "the ledger is read off the UI thread");
    assert!(app.get::<Ledger>().loading);
    run_jobs(app, jobs);
    let names = |app: &App| -> Vec<String> {
        let ledger = app.get::<Ledger>();
        ledger
            .ordered()
            .iter()
            .map(|&i| {
                ledger.rows.as_ref().unwrap()[i]
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
    assert!(
        app.get::<Ledger>().dialog.is_none(),
        "{:?}",
        app.get::<Ledger>().dialog
    );
    assert_eq!(
        app.session
            .store
            .asset("PC-002")
            .unwrap()
            .unwrap()
            .fields
            .location,
        "病棟3F"
    );
    // A bad IP keeps the form open and stores nothing.
    key(app, KeyCode::Char('e'));
    keys(app, &[KeyCode::Down; 4]);
    typed(app, "x");
    keys(app, &[KeyCode::Down; 5]);
    key(app, KeyCode::Enter);
    assert!(
        matches!(&app.get::<Ledger>().dialog, Some(Dialog::Edit { form, .. }) if form.error.is_some())
    );
    assert_eq!(
        app.session
            .store
            .asset("PC-002")
            .unwrap()
            .unwrap()
            .fields
            .ip,
        "198.18.0.22"
    );
}

/// A typed field over its limit is said in the form, which keeps what was typed; nothing is
/// stored (the same check as `kensa inventory` applies).
#[test]
fn ledger_fields_over_their_limit_keep_the_form_open() {
    let mut f = with_ledger(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Char('e'));
    let long = "富".repeat(crate::model::limits::LEDGER_MAX + 1);
    typed(app, &long);
    keys(app, &[KeyCode::Down; 9]);
    key(app, KeyCode::Enter);
    match &app.get::<Ledger>().dialog {
        Some(Dialog::Edit { form, .. }) => {
            let error = form.error.as_deref().unwrap_or_default();
            assert!(error.contains("1000"), "{error}");
            assert!(form.fields[0].text_value().ends_with("富富"));
        }
        other => panic!("form closed: {other:?}"),
    }
    let stored = app.session.store.asset("PC-001").unwrap().unwrap();
    assert_eq!(stored.fields.maker, "富士通");
}

#[test]
fn snapshot_ledger() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = with_ledger(lang);
            key(&mut f.app, KeyCode::Char('3'));
            key(&mut f.app, KeyCode::Enter);
            let screen = draw(&f.app, w, h);
            assert_screen(format!("ledger_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}

/// The 台帳 screen fills the 台帳 itself: `i` imports a ledger file (the same path as `kensa
/// inventory import`, all or nothing), `c` collects this PC into an observation, and a bad file
/// stores nothing and says where.
#[test]
fn the_ledger_screen_imports_files_and_collects_this_pc() {
    let mut f = worked(Lang::Ja);
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inventory/official-example-cp932.csv"
    );
    let bad = f._dir.path().join("壊れた台帳.csv");
    std::fs::write(&bad, "管理番号,機器の種別\nA-1,サーバ\nA-1,サーバ\n").unwrap();
    let app = &mut f.app;
    key(app, KeyCode::Char('3'));
    assert_eq!(app.session.store.ledger().unwrap().len(), 0);

    // A bad file: refused with its line, nothing stored.
    key(app, KeyCode::Char('i'));
    typed(app, &bad.display().to_string());
    key(app, KeyCode::Enter);
    let flash = app.session.flash.as_ref().unwrap();
    assert!(flash.error, "{}", flash.text);
    assert!(flash.text.contains("壊れた台帳.csv"), "{}", flash.text);
    assert_eq!(app.session.store.ledger().unwrap().len(), 0);
    assert!(!app.get::<Ledger>().importing);

    // The official example: its 4 rows are stored and the list is read again.
    key(app, KeyCode::Char('i'));
    typed(app, csv);
    key(app, KeyCode::Enter);
    let flash = app.session.flash.as_ref().unwrap();
    assert!(!flash.error, "{}", flash.text);
    assert!(flash.text.contains("追加 4 行"), "{}", flash.text);
    assert_eq!(app.session.store.ledger().unwrap().len(), 4);
    assert_eq!(app.get::<Ledger>().rows.as_ref().map(Vec::len), Some(4));

    // This PC: one observation, matched to a row or making one.
    key(app, KeyCode::Char('c'));
    let flash = app.session.flash.as_ref().unwrap();
    assert!(!flash.error, "{}", flash.text);
    assert!(flash.text.contains("収集結果 1 件"), "{}", flash.text);
    let observed: usize = app
        .session
        .store
        .ledger()
        .unwrap()
        .iter()
        .map(|r| r.observation_ids.len())
        .sum();
    assert_eq!(observed, 1);
}
