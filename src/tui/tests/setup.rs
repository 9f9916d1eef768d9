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
    keys(app, &[KeyCode::Down; 9]);
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
    keys(app, &[KeyCode::Down; 11]);
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

/// 医療機関コード, 病床数 and 開設者 are taken by the form and checked as `kensa init` checks them,
/// in the same words; a refusal puts the cursor on the field and stores nothing.
#[test]
fn setup_takes_the_profile_fields_checked_as_the_cli_checks_them() {
    use crate::model::facility::{BedsError, FacilityKind, InstitutionCodeError};
    use crate::text::facility::{beds_message, institution_code_message};
    let mut f = fresh(Lang::Ja);
    let app = &mut f.app;
    typed(app, "東京テスト病院");
    keys(app, &[KeyCode::Down; 2]);
    typed(app, "東京都");
    keys(app, &[KeyCode::Down; 3]);
    assert_eq!(app.get::<Setup>().field, Field::InstitutionCode);
    // 14 is 神奈川県, not the profile's 東京都.
    typed(app, "1411234567");
    keys(app, &[KeyCode::Down; 5]);
    key(app, KeyCode::Enter);
    let form = app.get::<Setup>();
    let mismatch = InstitutionCodeError::PrefectureMismatch {
        code: "神奈川県",
        profile: "東京都".into(),
    };
    assert_eq!(
        form.error.as_deref(),
        Some(
            institution_code_message(Lang::Ja, "1411234567", FacilityKind::Hospital, &mismatch)
                .as_str()
        )
    );
    assert_eq!(form.field, Field::InstitutionCode);
    assert!(app.session.store.facility().unwrap().is_none());
    // Full-width digits and hyphens are folded, as on the command line.
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "１３-１-１２３４５６７");
    key(app, KeyCode::Down);
    typed(app, "十");
    keys(app, &[KeyCode::Down; 4]);
    key(app, KeyCode::Enter);
    let error = app.get::<Setup>().error.clone().unwrap_or_default();
    assert!(error.contains("「十」"), "{error}");
    assert_eq!(app.get::<Setup>().field, Field::Beds);
    key(app, KeyCode::Backspace);
    typed(app, "１０");
    keys(app, &[KeyCode::Down; 4]);
    key(app, KeyCode::Enter);
    assert_eq!(
        app.get::<Setup>().error.as_deref(),
        Some(beds_message(Lang::Ja, 10, BedsError::HospitalUnder20).as_str())
    );
    assert_eq!(app.get::<Setup>().field, Field::Beds);
    assert!(app.session.store.facility().unwrap().is_none());
    keys(app, &[KeyCode::Backspace; 2]);
    typed(app, "３５０");
    key(app, KeyCode::Down);
    typed(app, "医療法人みなと会");
    keys(app, &[KeyCode::Down; 3]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Checklist);
    let stored = app.session.store.facility().unwrap().unwrap();
    assert_eq!(stored.institution_code.as_deref(), Some("1311234567"));
    assert_eq!(stored.beds, Some(350));
    assert_eq!(stored.founder.as_deref(), Some("医療法人みなと会"));
}

/// `S` shows the profile as stored now, including what the command line changed since the
/// sheet was opened; saving keeps what was not touched, and an emptied field is cleared.
#[test]
fn s_shows_the_stored_profile_and_keeps_what_was_not_touched() {
    let mut f = fresh(Lang::Ja);
    let app = &mut f.app;
    complete_setup(app);
    // As `kensa facility edit --institution-code … --beds 120 --founder …` would.
    let mut profile = app.session.store.facility().unwrap().unwrap();
    profile.institution_code = Some("1311234567".into());
    profile.beds = Some(120);
    profile.founder = Some("医療法人みなと会".into());
    app.session.store.save_facility(&profile, "yamada").unwrap();
    key(app, KeyCode::Char('S'));
    assert_eq!(app.screen(), ScreenId::Setup);
    let form = app.get::<Setup>();
    assert_eq!(form.institution_code.text(), "1311234567");
    assert_eq!(form.beds.text(), "120");
    assert_eq!(form.founder.text(), "医療法人みなと会");
    // Clear 開設者, change nothing else, save: the existing sheet opens again.
    keys(app, &[KeyCode::Down; 7]);
    assert_eq!(app.get::<Setup>().field, Field::Founder);
    keys(app, &[KeyCode::Backspace; 8]);
    keys(app, &[KeyCode::Down; 3]);
    key(app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Checklist);
    let stored = app.session.store.facility().unwrap().unwrap();
    assert_eq!(stored.institution_code.as_deref(), Some("1311234567"));
    assert_eq!(stored.beds, Some(120));
    assert_eq!(stored.founder, None);
    assert_eq!(stored.security_officer.as_deref(), Some("山田太郎"));
}

/// At 80×24 the form with every field (the carry-over too) and a refusal still shows every
/// field, the button and the whole refusal: the spacers and the intro give way first.
#[test]
fn a_refusal_shows_whole_at_80x24_with_every_field() {
    use crate::tr;
    use crate::tui::widgets::text::wrap;
    for lang in LANGS {
        let mut f = fresh(lang);
        let app = &mut f.app;
        complete_setup(app);
        key(app, KeyCode::Char('S'));
        keys(app, &[KeyCode::Down; 9]);
        keys(app, &[KeyCode::Backspace; 4]);
        typed(app, "2030");
        assert!(app.get::<Setup>().fields().contains(&Field::Carry));
        keys(app, &[KeyCode::Down; 2]);
        key(app, KeyCode::Enter);
        let error = app.get::<Setup>().error.clone().unwrap();
        let screen = draw(app, 80, 24);
        // The form's inner width is 76 columns.
        for line in wrap(&error, 76) {
            assert!(screen.contains(line.trim_end()), "{line}\n{screen}");
        }
        for label in [
            tr!(lang, "tui.setup.name"),
            tr!(lang, "tui.setup.founder"),
            "hospital-r7-2026",
            tr!(lang, "tui.setup.start"),
        ] {
            assert!(screen.contains(label), "{label}\n{screen}");
        }
    }
}
