//! The setup form: the first sheet is started from it; a missing name is refused.

use super::*;
use crate::tui::screens::setup::Setup;

#[test]
fn setup_form_starts_the_latest_edition_for_this_year() {
    let mut f = fresh(Lang::Ja);
    complete_setup(&mut f.app);
    let open = f.app.session.open.as_ref().unwrap();
    assert_eq!(open.sheet.edition_id, "hospital-r7");
    assert_eq!(open.sheet.fiscal_year, 2026);
    assert_eq!(open.facility.name, "東京テスト病院");
    assert_eq!(open.facility.prefecture.as_deref(), Some("東京都"));
    assert_eq!(open.facility.security_officer.as_deref(), Some("山田太郎"));
    assert!(open.facility.vendor_contracts);
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
