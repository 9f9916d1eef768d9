//! The setup form: the first sheet is started from it; a missing name, a superseded edition
//! and a 年度 too far ahead are refused.

use super::*;
use crate::tui::screens::setup::{Field, Setup};

#[test]
fn setup_form_starts_the_latest_edition_for_this_year() {
    let mut f = fresh(Lang::Ja);
    complete_setup(&mut f.app);
    let open = f.app.session.open.as_ref().unwrap();
    assert_eq!(open.record.sheet.edition_id, "hospital-r7");
    assert_eq!(open.record.sheet.fiscal_year, 2026);
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
    assert_eq!(app.get::<Setup>().editions, vec!["hospital-r7".to_string()]);
    typed(app, "東京テスト病院");
    keys(app, &[KeyCode::Down; 6]);
    assert_eq!(app.get::<Setup>().field, Field::FiscalYear);
    keys(app, &[KeyCode::Backspace; 4]);
    typed(app, "2024");
    assert_eq!(
        app.get::<Setup>().editions,
        vec!["hospital-r7".to_string(), "hospital-r6".to_string()]
    );
    keys(app, &[KeyCode::Backspace; 4]);
    typed(app, "2030");
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Setup);
    let error = app.get::<Setup>().error.clone().unwrap_or_default();
    assert!(error.contains("まだ作成できません"), "{error}");
    assert!(app.session.store.sheets().unwrap().is_empty());
    assert!(app.session.store.facility().unwrap().is_none());
}

#[test]
fn setup_refuses_an_empty_name_and_keeps_the_form() {
    let mut f = fresh(Lang::En);
    let app = &mut f.app;
    keys(app, &[KeyCode::Down; 8]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Setup);
    assert_eq!(
        app.get::<Setup>().error.as_deref(),
        Some("Enter the facility name.")
    );
    assert!(app.session.store.facility().unwrap().is_none());
}

#[test]
fn snapshot_setup_form() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut f = fresh(lang);
            typed(&mut f.app, "東京テスト病院");
            key(&mut f.app, KeyCode::Down);
            let screen = draw(&f.app, w, h);
            assert_screen(format!("setup_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}
