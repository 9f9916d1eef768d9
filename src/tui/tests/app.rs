//! The router: what any screen shares (help, quitting, a terminal too small to draw in), and
//! that keys and worker reports reach only the screen they belong to.

use super::*;
use crate::tui::app::Layer;
use crate::tui::screens::checklist::Dialog;

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
    ctrl(app, 'c');
    assert_eq!(app.layer(), Some(Layer::ConfirmQuit));
    assert!(!app.quit);
    key(app, KeyCode::Char('y'));
    assert!(app.quit);
    // Without an edit, q quits at once: everything confirmed is already stored.
    let mut f = worked(Lang::Ja);
    key(&mut f.app, KeyCode::Char('q'));
    assert!(f.app.quit);
}

#[test]
fn snapshot_help() {
    snapshot_all("help", |app| key(app, KeyCode::Char('?')));
}

#[test]
fn an_open_dialog_or_the_setup_form_takes_the_global_keys_as_text() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('e'));
    typed(app, "1?q5");
    match &app.get::<Checklist>().dialog {
        Some(Dialog::Note { input, .. }) => assert_eq!(input.text(), "1?q5"),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.screen(), ScreenId::Checklist);
    assert_eq!((app.layer(), app.quit), (None, false));

    let mut f = fresh(Lang::En);
    typed(&mut f.app, "q1?S");
    assert_eq!(f.app.screen(), ScreenId::Setup);
    assert_eq!(
        f.app.get::<crate::tui::screens::setup::Setup>().name.text(),
        "q1?S"
    );
    assert_eq!((f.app.layer(), f.app.quit), (None, false));
}

#[test]
fn the_help_closes_on_any_key_and_that_key_does_nothing_else() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    go_to(app, "2-7", Scope::General);
    let sheet = app.session.open.as_ref().unwrap().record.sheet.id;
    let before = app.session.store.checks(sheet).unwrap().len();
    key(app, KeyCode::Char('?'));
    assert_eq!(app.layer(), Some(Layer::Help));
    key(app, KeyCode::Char('y'));
    assert_eq!(app.layer(), None);
    assert_eq!(app.session.store.checks(sheet).unwrap().len(), before);
    key(app, KeyCode::Char('y'));
    assert_eq!(app.session.store.checks(sheet).unwrap().len(), before + 1);
}

#[test]
fn declining_the_quit_question_goes_back_to_the_screen_without_the_dialog() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('e'));
    typed(app, "途中");
    ctrl(app, 'c');
    assert_eq!(app.layer(), Some(Layer::ConfirmQuit));
    key(app, KeyCode::Char('n'));
    assert_eq!((app.layer(), app.quit), (None, false));
    // As before the split: the question replaced the dialog, so what was typed is gone.
    assert!(app.get::<Checklist>().dialog.is_none());
    assert_eq!(app.screen(), ScreenId::Checklist);
}

#[test]
fn a_report_goes_only_to_the_screen_it_is_addressed_to() {
    let mut f = with_ledger_rows(Lang::En);
    let app = &mut f.app;
    let jobs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    let [job] = <[Job; 1]>::try_from(jobs).unwrap();
    assert_eq!(job.from, ScreenId::Ledger);
    // The same work, its report addressed to the checklist: the checklist cannot open it and
    // drops it; the 台帳 is still waiting.
    let misaddressed = Job {
        from: ScreenId::Checklist,
        work: job.work,
    };
    run_jobs(app, vec![misaddressed]);
    let ledger = app.get::<crate::tui::screens::ledger::Ledger>();
    assert!(ledger.loading && ledger.rows.is_none());
    // A report of a type no screen knows is dropped too.
    app.update(Msg::Report {
        to: ScreenId::Ledger,
        report: crate::tui::work::Report::new(7u32),
    });
    assert!(app.get::<crate::tui::screens::ledger::Ledger>().loading);
    // `r` reads it again, addressed right this time.
    key(app, KeyCode::Char('r'));
    let ledger = app.get::<crate::tui::screens::ledger::Ledger>();
    assert!(!ledger.loading);
    assert_eq!(ledger.rows.as_ref().map(Vec::len), Some(1));
}

fn with_ledger_rows(lang: Lang) -> Fixture {
    let mut f = worked(lang);
    add_asset(
        &mut f.app,
        "PC-001",
        "GAIRAI-01",
        "198.18.0.21",
        "Windows 10",
    );
    f
}

/// kensa opens on the current 年度's sheet, as the command line's default does, even when a
/// later year's sheet was made after it.
#[test]
fn kensa_opens_on_this_years_sheet_not_a_later_one() {
    let mut f = fresh(Lang::Ja);
    complete_setup(&mut f.app);
    let path = f.app.session.store.path().to_path_buf();
    let (lib, _) = Library::load(None);
    let edition = lib.get("hospital-r7").unwrap().clone();
    crate::workflow::start_sheet(
        &mut f.app.session.store,
        &lib,
        Lang::Ja,
        &edition,
        2027,
        None,
        "yamada",
    )
    .unwrap();
    let app = App::new(
        Store::open(&path).unwrap(),
        lib,
        Lang::Ja,
        today(),
        "yamada".into(),
        0,
    )
    .unwrap();
    assert_eq!(app.screen(), ScreenId::Dashboard);
    assert_eq!(
        app.session.open.as_ref().unwrap().record.sheet.fiscal_year,
        2026
    );
}
