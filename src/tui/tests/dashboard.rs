//! The dashboard: findings lead to their rows; a fully answered sheet reads ready.

use super::*;
use crate::model::contacts::Role;
use crate::store::NewContact;
use crate::tui::screens::checklist::needs_answer;
use crate::tui::screens::dashboard;

#[test]
fn dashboard_findings_jump_to_their_row() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('1'));
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    let target = dashboard::targets(app.session.open.as_ref().unwrap())[2]
        .clone()
        .unwrap();
    key(app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenId::Checklist);
    let r = app.get::<Checklist>().current_row(&app.session).unwrap();
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
            app.session.store.add_contact(&c, "yamada").unwrap();
        }
        key(app, KeyCode::Char('2'));
        // Walk: answer はい on every row that needs it, using Enter-in-detail to find the next.
        go_to(app, "gate", Scope::General);
        for _ in 0..200 {
            if app.session.open.as_ref().unwrap().assessment.ready {
                break;
            }
            let needs = app
                .get::<Checklist>()
                .current_row(&app.session)
                .is_some_and(needs_answer);
            if needs {
                key(app, KeyCode::Char('y'));
            } else {
                keys(app, &[KeyCode::Tab, KeyCode::Enter]);
            }
        }
        let a = &app.session.open.as_ref().unwrap().assessment;
        // 3(1) 連絡体制図 stays a notice to have the chart on paper, not a failure.
        assert!(a.ready, "{:?}", a.findings);
        key(app, KeyCode::Char('1'));
        // The sheet is complete, but the facility declared vendor contracts and lists no vendor:
        // no 事業者確認用 exists, so it is not ready, as `kensa status` says.
        assert_eq!(
            app.session.open.as_ref().unwrap().vendors_ready,
            Some(false)
        );
        let screen = draw(app, 120, 40);
        let vendors = match lang {
            Lang::Ja => "準備未完了 — 事業者確認用",
            Lang::En => "NOT READY — the vendors'",
        };
        assert!(screen.contains(vendors), "{screen}");
        // Without contracts there is no vendor rule to meet.
        let mut facility = app.session.store.facility().unwrap().unwrap();
        facility.vendor_contracts = false;
        app.session
            .store
            .save_facility(&facility, "yamada")
            .unwrap();
        app.session.reload();
        let screen = draw(app, 120, 40);
        let ready = match lang {
            Lang::Ja => "準備完了: 立入検査の準備ができています",
            Lang::En => "READY for the inspection",
        };
        assert!(screen.contains(ready), "{screen}");
        assert!(!screen.contains(vendors), "{screen}");
    }
}

#[test]
fn snapshot_dashboard() {
    snapshot_all("dashboard", |app| key(app, KeyCode::Char('1')));
}

/// The verdict the TUI shows is the one `kensa status` gives: the same function on the same
/// record shape, here with a 目標日, a note, a 3(1) whose chart lacks bodies, and a contact.
#[test]
fn the_verdict_is_the_one_status_gives() {
    use crate::model::record::assess_sheet;
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    go_to(app, "3-1", Scope::General);
    key(app, KeyCode::Char('y'));
    let c = NewContact {
        role: Role::Police,
        name: "サイバー犯罪相談窓口".into(),
        org: None,
        system: None,
        phone: None,
        email: None,
        order: Role::Police.default_order(),
    };
    app.session.store.add_contact(&c, "yamada").unwrap();
    app.session.reload();
    let lib = &app.session.lib;
    let record = app
        .session
        .store
        .record(&|id| lib.text(id).map(str::to_string))
        .unwrap();
    let open = app.session.open.as_ref().unwrap();
    let sheet = record.sheet(open.record.sheet.id).unwrap();
    assert_eq!(sheet, &open.record);
    let status = assess_sheet(&record, sheet, &open.edition, today());
    assert!(!status.findings.is_empty());
    assert_eq!(
        serde_json::to_value(&open.assessment).unwrap(),
        serde_json::to_value(&status).unwrap()
    );
}
