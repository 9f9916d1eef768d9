//! The 事業者 screen: a request written with `r`, a signed response imported with `i` (dry run,
//! then `y`), the same as `kensa vendor import` stores; snapshots of the list and matrix.

use super::*;
use crate::model::answer::Answer;
use crate::model::vendor::exchange::{ResponseCell, rows_for_contract};
use crate::store::NewVendor;
use crate::tui::screens::vendors::{Dialog, Vendors};
use crate::vendor::signed::{self, RESPONSE_SCHEMA, ResponsePayload, SignedRow};

fn add_vendor(app: &mut App, name: &str, scopes: &[Scope]) -> i64 {
    app.session
        .store
        .add_vendor(
            &NewVendor {
                name: name.into(),
                person: Some("佐藤".into()),
                systems: vec!["電子カルテ".into()],
                scopes: scopes.to_vec(),
                ..NewVendor::default()
            },
            "yamada",
        )
        .unwrap()
}

/// Three vendors, each covering another scope; the first has been sent a request.
fn with_vendors(app: &mut App, dir: &std::path::Path) {
    add_vendor(app, "カルテ工業株式会社", &[Scope::Server, Scope::Terminal]);
    add_vendor(app, "ネット保守", &[Scope::Network]);
    add_vendor(app, "画像システム", &[]);
    key(app, KeyCode::Char('6'));
    assert_eq!(app.screen(), ScreenId::Vendors);
    request(app, &dir.join("req.xlsx"), "2027/1/31");
}

/// `r` on the selected vendor, the path typed over the default, the due date, Ctrl+S.
fn request(app: &mut App, out: &std::path::Path, due: &str) {
    key(app, KeyCode::Char('r'));
    assert!(matches!(
        app.get::<Vendors>().dialog,
        Some(Dialog::Request { .. })
    ));
    for _ in 0..80 {
        key(app, KeyCode::Backspace);
    }
    typed(app, &out.display().to_string());
    key(app, KeyCode::Down);
    typed(app, due);
    ctrl(app, 's');
    assert!(
        app.get::<Vendors>().dialog.is_none(),
        "{:?}",
        app.get::<Vendors>().dialog
    );
}

/// A signed response answering every row of the vendor's contract はい on `on`, as `kensa vendor
/// respond` writes it.
fn signed_response(app: &App, on: jiff::civil::Date) -> String {
    let lib = &app.session.lib;
    let record = app
        .session
        .store
        .record(&|id| lib.text(id).map(str::to_string))
        .unwrap();
    let req = record.vendor_requests.last().unwrap();
    let sheet = record.sheet(req.sheet_id).unwrap();
    let vendor = record
        .vendors
        .iter()
        .find(|v| v.id == req.vendor_id)
        .unwrap();
    let edition = lib.get(&sheet.sheet.edition_id).unwrap();
    let facility = record.facility.as_ref().unwrap();
    let rows = rows_for_contract(sheet, edition, &vendor.scopes)
        .into_iter()
        .map(|(item, scope, _, _)| SignedRow {
            item,
            scope,
            first: Some(ResponseCell {
                answer: Answer::Yes,
                date: on,
            }),
            target: None,
            second: None,
            note: String::new(),
        })
        .collect();
    let payload = ResponsePayload {
        request_id: req.request_id.clone(),
        facility_name: facility.name.clone(),
        institution_code: facility.institution_code.clone(),
        vendor_id: vendor.id,
        vendor_name: vendor.name.clone(),
        edition_id: edition.id.clone(),
        edition_sha256: record
            .editions
            .iter()
            .find(|e| e.id == edition.id)
            .unwrap()
            .sha256
            .clone(),
        fiscal_year: sheet.sheet.fiscal_year,
        responder: "vendor".into(),
        responded_on: on,
        rows,
    };
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    signed::sign(RESPONSE_SCHEMA, &payload, &key)
}

/// What an import leaves in the store, without ids and times: the vendor sheets' checks and
/// targets, and each response's provenance.
fn imported(store: &Store, lib: &Library) -> String {
    let record = store
        .record(&|id| lib.text(id).map(str::to_string))
        .unwrap();
    let mut out = String::new();
    for s in record.sheets.iter().filter(|s| s.sheet.vendor.is_some()) {
        for c in &s.checks {
            out.push_str(&format!(
                "{} {} {:?} {:?} {:?}\n",
                s.sheet.key(),
                c.item,
                c.scope,
                c.answer,
                c.checked_on
            ));
        }
        out.push_str(&format!("targets {}\n", s.targets.len()));
    }
    for r in &record.vendor_responses {
        out.push_str(&format!(
            "{} {:?} {} {:?}\n",
            r.file_name, r.format, r.sha256, r.signer
        ));
    }
    out
}

#[test]
fn a_response_imported_on_the_screen_is_stored_as_the_cli_stores_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    with_vendors(app, dir.path());
    let req = dir.path().join("req.xlsx");
    assert!(std::fs::metadata(&req).unwrap().len() > 1000);
    let flash = app.session.flash.clone().unwrap();
    assert!(!flash.error && flash.text.contains("req.xlsx"), "{flash:?}");
    {
        let v = &app
            .get::<Vendors>()
            .view
            .as_ref()
            .unwrap()
            .assessment
            .vendors[0];
        assert!(matches!(
            v.status,
            crate::model::vendor::SheetStatus::Requested { .. }
        ));
    }

    // A copy of the database as it stands before the import, for the CLI's path.
    let db = app.session.store.path().to_path_buf();
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();

    let response = dir.path().join("回答.kensa");
    std::fs::write(&response, signed_response(app, today())).unwrap();

    // A wrong path first: said in the dialog, nothing stored.
    key(app, KeyCode::Char('i'));
    typed(app, &dir.path().join("nothing.xlsx").display().to_string());
    key(app, KeyCode::Enter);
    match &app.get::<Vendors>().dialog {
        Some(Dialog::Failed { lines, .. }) => {
            assert!(lines.join("\n").contains("nothing.xlsx"), "{lines:?}")
        }
        other => panic!("{other:?}"),
    }
    key(app, KeyCode::Esc);

    // Tab completes the file name; Enter reads it and shows the dry run.
    key(app, KeyCode::Char('i'));
    typed(app, &format!("{}/回", dir.path().display()));
    key(app, KeyCode::Tab);
    key(app, KeyCode::Enter);
    let before = imported(&app.session.store, &app.session.lib);
    match &app.get::<Vendors>().dialog {
        Some(Dialog::Preview(p)) => {
            assert!(p.lines[0].contains("カルテ工業株式会社"), "{:?}", p.lines);
            assert!(!p.plan.checks.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let screen = draw(app, 120, 40);
    assert!(screen.contains("y:"), "{screen}");
    // The dry run stored nothing.
    assert_eq!(imported(&app.session.store, &app.session.lib), before);
    key(app, KeyCode::Char('y'));
    assert!(app.get::<Vendors>().dialog.is_none());
    let flash = app.session.flash.clone().unwrap();
    assert!(!flash.error, "{flash:?}");
    let tui = imported(&app.session.store, &app.session.lib);
    assert_ne!(tui, before);
    assert!(matches!(
        app.get::<Vendors>()
            .view
            .as_ref()
            .unwrap()
            .assessment
            .vendors[0]
            .status,
        crate::model::vendor::SheetStatus::Answered { .. }
    ));

    // The CLI's path on the copy: `kensa vendor import` is prepare, then import_response.
    let mut store = Store::open(&copy).unwrap();
    let lib = &app.session.lib;
    let record = store
        .record(&|id| lib.text(id).map(str::to_string))
        .unwrap();
    let editions = lib.editions_for(&record).unwrap();
    let bytes = std::fs::read(&response).unwrap();
    let prepared = crate::vendor::import::prepare(&crate::vendor::import::ImportInput {
        record: &record,
        editions: &editions,
        file_name: "回答.kensa",
        bytes: &bytes,
        today: today(),
        expected_key: None,
    })
    .unwrap();
    let (sheet, plan, prov) = (
        prepared.sheet.sheet.id,
        prepared.plan.clone(),
        prepared.provenance.clone(),
    );
    store
        .import_response(sheet, &plan, &prov, "yamada")
        .unwrap();
    assert_eq!(imported(&store, lib), tui);
}

#[test]
fn a_refused_response_names_the_problem_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    with_vendors(app, dir.path());
    // A CSV renamed .xlsx.
    let bad = dir.path().join("回答.xlsx");
    std::fs::write(&bad, "項目,回答\n1-1,はい\n\u{1b}[31m").unwrap();
    let before = imported(&app.session.store, &app.session.lib);
    key(app, KeyCode::Char('i'));
    typed(app, &bad.display().to_string());
    key(app, KeyCode::Enter);
    match &app.get::<Vendors>().dialog {
        Some(Dialog::Failed { lines, .. }) => {
            let text = lines.join("\n");
            assert!(text.contains("回答.xlsx"), "{text}");
            assert!(!text.contains('\u{1b}'), "{text}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(imported(&app.session.store, &app.session.lib), before);
    key(app, KeyCode::Char('x'));
    assert!(app.get::<Vendors>().dialog.is_none());
}

#[test]
fn enter_shows_the_vendor_sheet_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = worked(Lang::En);
    let app = &mut f.app;
    with_vendors(app, dir.path());
    key(app, KeyCode::Enter);
    match &app.get::<Vendors>().dialog {
        Some(Dialog::Sheet { lines, .. }) => assert!(lines.len() > 10, "{lines:?}"),
        other => panic!("{other:?}"),
    }
    key(app, KeyCode::Down);
    key(app, KeyCode::Esc);
    assert!(app.get::<Vendors>().dialog.is_none());
    // The second vendor has no sheet yet: said on the status line.
    key(app, KeyCode::Down);
    key(app, KeyCode::Enter);
    assert!(app.get::<Vendors>().dialog.is_none());
    assert!(
        app.session
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("ネット保守")
    );
}

#[test]
fn snapshot_vendors() {
    let dir = tempfile::tempdir().unwrap();
    snapshot_all("vendors", |app| {
        with_vendors(app, dir.path());
        // Gaps are marked; `g` goes to the first.
        key(app, KeyCode::Char('g'));
    });
    snapshot_all("vendors_request", |app| {
        add_vendor(app, "カルテ工業株式会社", &[Scope::Server]);
        key(app, KeyCode::Char('6'));
        key(app, KeyCode::Char('r'));
    });
}
