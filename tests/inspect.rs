#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! The inspector's desk on the real binary, with no hospital database: bundles generated from
//! facilities (ready, not ready, carried over, overdue, missing 3(1) contacts) are judged with
//! the inspector's own rules and editions; a history rewritten and re-chained after an earlier
//! bundle fires the alarm; a second key for a trusted facility and an edition altered before
//! signing are caught; and a folder of bad files is rolled up with every bad file named.

#[path = "support/facilities.rs"]
mod facilities;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use facilities::{Spec, audit_of, key, library, record_of, write, write_record_bundle};
use jiff::civil::date;
use kensa::bundle::keys::fingerprint;
use kensa::model::checklist::Scope;
use kensa::model::contacts::Role;
use predicates::prelude::*;
use serde_json::Value;

const TODAY: &str = "2025-10-01";
const CODE_A: &str = "1311234567";
const CODE_B: &str = "1311234568";
const CODE_C: &str = "1311234569";

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn inspector(&self) -> PathBuf {
        self.path("inspector")
    }

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.path("hospital.db"))
            .env("KENSA_INSPECTOR_DIR", self.inspector())
            .env("KENSA_CHECKLISTS", self.path("no-user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env("NO_COLOR", "1")
            .env("USER", "inspector")
            .current_dir(self.dir.path());
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }

    fn out(a: &assert_cmd::assert::Assert) -> String {
        String::from_utf8(a.get_output().stdout.clone()).unwrap()
    }

    fn err(a: &assert_cmd::assert::Assert) -> String {
        String::from_utf8(a.get_output().stderr.clone()).unwrap()
    }

    fn trust(&self, code: &str, seed: u8) {
        let fp = fingerprint(&key(seed).verifying_key());
        self.run(&["keys", "trust", "--facility", code, &fp])
            .success()
            .stdout(predicate::str::contains(&fp));
    }

    fn bundle(&self, name: &str, spec: &Spec, seed: u8) -> PathBuf {
        let p = self.path(name);
        write(&p, spec, &key(seed), &library());
        p
    }

    fn json(&self, args: &[&str], code: i32) -> Value {
        let a = self.run(args).code(code);
        serde_json::from_slice(&a.get_output().stdout).unwrap()
    }

    /// No hospital database is ever made by the inspector's commands.
    fn no_database(&self) {
        assert!(
            !self.path("hospital.db").exists(),
            "a hospital database was created"
        );
    }
}

/// Some line of `out` holds every one of `parts`.
fn line_with(out: &str, parts: &[&str]) {
    assert!(
        out.lines().any(|l| parts.iter().all(|p| l.contains(p))),
        "no line with {parts:?} in\n{out}"
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_ready_facility_is_judged_with_the_inspectors_rules_and_kept() {
    let desk = Desk::new();
    let spec =
        Spec::ready("みなと市民病院", CODE_A).no("2-11", Scope::General, Some(date(2027, 12, 1)));
    let spec = Spec {
        evidence: Some(("2-6".into(), Scope::General, b"KB5031234 applied".to_vec())),
        ..spec
    };
    let b = desk.bundle("a.kensa", &spec, 1);
    desk.trust(CODE_A, 1);
    let a = desk.run(&["inspect", s(&b)]).success();
    let out = Desk::out(&a);
    for want in [
        "立入検査 記録票: みなと市民病院",
        "判定（検査側のルールで再判定）: 可",
        "登録済みの鍵",
        "医療情報システムの有無: はい",
        "対象の全項目の1回目",
        // 2-11 is a topic label (text unknown, fidelity D03): not judged, but its いいえ is shown.
        "2「二要素認証」",
        "令和9年度（2028-03-31）",
        "3① 連絡体制図を紙で確認する（現物確認）",
        "証跡 2⑥: patch-report.txt",
        "束に同梱",
        "話し合う項目（いいえ・不可の項目）: 2「二要素認証」",
        "チェックリスト定義: 検査側の hospital-r7 で判定しました",
        "公式文書で文言を確認できていない項目",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    // No internal ids in Japanese output.
    assert!(
        !out.contains("first-check-missing") && !out.contains("gate@"),
        "{out}"
    );
    desk.no_database();
    // A copy is kept for the next comparison.
    let kept: Vec<_> = std::fs::read_dir(desk.inspector().join("bundles").join(CODE_A))
        .unwrap()
        .collect();
    assert_eq!(kept.len(), 1);

    let v = desk.json(&["inspect", s(&b), "--json", "--no-keep"], 0);
    assert_eq!(v["schema"], "kensa.inspection/1");
    assert_eq!(v["ready"], true);
    assert_eq!(v["bundle"]["key"]["kind"], "trusted");
    assert_eq!(v["edition"]["source"], "inspector");
    assert_eq!(v["edition"]["differs"], false);
    assert_eq!(v["nos"][0]["item"], "2-11");
    assert_eq!(v["nos"][0]["deadline"], "2028-03-31");
    assert_eq!(v["visit"]["evidence"][0]["files"][0]["in_bundle"], true);
    assert_eq!(v["history_alarm"], false);
    assert!(v["findings"][0]["message"].is_string());

    // English, and the record sheet in both formats.
    desk.run(&["--lang", "en", "inspect", s(&b), "--no-keep"])
        .success()
        .stdout(predicate::str::contains(
            "Verdict (judged again with the inspector's rules): ready",
        ));
    let html = desk.path("sheet.html");
    desk.run(&["inspect", s(&b), "--out", s(&html)]).success();
    let text = std::fs::read_to_string(&html).unwrap();
    for want in [
        "立入検査 記録票",
        "指導事項",
        "検査担当者（署名）",
        "みなと市民病院",
        "@page { size: A4",
    ] {
        assert!(text.contains(want), "{want}");
    }
    assert!(!text.contains("<script") && !text.contains("<link") && !text.contains(" src="));
    let xlsx = desk.path("sheet.xlsx");
    desk.run(&[
        "inspect",
        s(&xlsx.with_extension("nope")),
        "--out",
        s(&xlsx),
    ])
    .code(1);
    desk.run(&["inspect", s(&b), "--out", s(&xlsx)]).success();
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["立入検査 記録票", "対象の全項目の1回目"]);
    let ws = wb.worksheet_range("立入検査 記録票").unwrap();
    let cells: Vec<String> = ws.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "指導事項"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "検査担当者（署名）"));
    desk.run(&["inspect", s(&b), "--out", s(&desk.path("x.pdf"))])
        .code(1)
        .stderr(predicate::str::contains(".html・.xlsx・.json"));
    desk.no_database();
}

#[test]
fn findings_of_facilities_not_ready_are_the_inspectors() {
    let desk = Desk::new();
    desk.trust(CODE_A, 1);
    // いいえ without a 目標日, and one whose 目標日 has passed.
    let spec = Spec::ready("あおば病院", CODE_A)
        .no("1-1", Scope::General, None)
        .no("2-6", Scope::General, Some(date(2025, 8, 1)));
    let b = desk.bundle("n.kensa", &spec, 1);
    let out = Desk::out(&desk.run(&["inspect", s(&b), "--no-keep"]).success());
    assert!(
        out.contains("判定（検査側のルールで再判定）: 不可"),
        "{out}"
    );
    line_with(
        &out,
        &[
            "1①",
            "目標日 なし",
            "期限 令和7年度（2026-03-31）",
            "目標日なし",
        ],
    );
    line_with(
        &out,
        &[
            "2⑥",
            "目標日 2025-08-01（令和7年8月1日）",
            "期限内",
            "目標日を過ぎています",
        ],
    );
    let v = desk.json(&["inspect", s(&b), "--json", "--no-keep"], 0);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"target-missing"), "{rules:?}");
    assert!(rules.contains(&"target-overdue"), "{rules:?}");
    assert_eq!(v["nos"][1]["overdue"], true);

    // Carried over from last year and never checked again.
    let carried = Spec {
        carried: true,
        ..Spec::ready("かわせみ病院", CODE_A)
    };
    let b = desk.bundle("c.kensa", &carried, 1);
    let v = desk.json(&["inspect", s(&b), "--json", "--no-keep"], 0);
    assert_eq!(v["ready"], false);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "first-check-carried")
    );

    // 3(1) はい, but 警察 and 厚生労働省 are not in the contacts.
    let contacts = Spec {
        roles: vec![Role::SecurityOfficer, Role::Vendor],
        ..Spec::ready("しらさぎ病院", CODE_A)
    };
    let b = desk.bundle("k.kensa", &contacts, 1);
    let out = Desk::out(&desk.run(&["inspect", s(&b), "--no-keep"]).success());
    assert!(
        out.contains("判定（検査側のルールで再判定）: 不可"),
        "{out}"
    );
    assert!(
        out.contains("連絡先に 厚生労働省、警察 がありません"),
        "{out}"
    );

    // No vendor contracts declared, yet a vendor in the contacts: worth a question.
    let no_contracts = Spec {
        vendor_contracts: false,
        ..Spec::ready("ひばり診療所", CODE_A)
    };
    let b = desk.bundle("v.kensa", &no_contracts, 1);
    let out = Desk::out(&desk.run(&["inspect", s(&b), "--no-keep"]).success());
    assert!(
        out.contains("事業者との契約: なし（2②・2③ は記入不要）"),
        "{out}"
    );
    assert!(out.contains("2② "), "{out}");
    assert!(out.contains("連絡先に事業者が 1 件あります"), "{out}");
}

#[test]
fn unknown_keys_second_keys_and_revoked_keys() {
    let desk = Desk::new();
    let b = desk.bundle("a.kensa", &Spec::ready("みなと市民病院", CODE_A), 1);
    let fp1 = fingerprint(&key(1).verifying_key());
    let fp2 = fingerprint(&key(2).verifying_key());
    // Unknown: inspected for reference, said loudly, exit 3, not kept.
    let a = desk.run(&["inspect", s(&b)]).code(3);
    let out = Desk::out(&a);
    assert!(out.contains(&format!("未登録の鍵（指紋 {fp1}）")), "{out}");
    assert!(out.contains(&format!("kensa keys trust --facility {CODE_A} {fp1}")));
    assert!(!desk.inspector().join("bundles").exists());

    // Trusted by the .pub file, as the facility would send it.
    let pubfile = desk.path("a.pub");
    std::fs::write(
        &pubfile,
        format!(
            "kensa-ed25519-public-key/1\n{}\n",
            kensa::bundle::fs::hex(key(1).verifying_key().as_bytes())
        ),
    )
    .unwrap();
    desk.run(&[
        "keys",
        "trust",
        "--facility",
        "13-1-1234567",
        s(&pubfile),
        "--name",
        "みなと市民病院",
    ])
    .success();
    desk.run(&["keys", "trust", "--facility", CODE_A, &fp1])
        .code(1)
        .stderr(predicate::str::contains("すでに登録されています"));
    desk.run(&["inspect", s(&b)]).success();

    // The same facility signed by a second key: refused, both fingerprints named.
    let b2 = desk.bundle("a2.kensa", &Spec::ready("みなと市民病院", CODE_A), 2);
    desk.run(&["inspect", s(&b2)])
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("別の鍵で署名"))
        .stderr(predicate::str::contains(&fp1))
        .stderr(predicate::str::contains(&fp2));
    let v = desk.json(&["inspect", s(&b2), "--json"], 3);
    assert_eq!(v["refused"]["reason"], "other_key");
    // …until the inspector trusts it explicitly.
    desk.run(&["keys", "trust", "--facility", CODE_A, &fp2])
        .success()
        .stdout(predicate::str::contains("次の鍵も登録されたまま"));
    desk.run(&["inspect", s(&b2)]).success();

    // Revoked: refused.
    desk.run(&["keys", "revoke", "--facility", CODE_A, &fp1])
        .success();
    desk.run(&["inspect", s(&b)])
        .code(3)
        .stderr(predicate::str::contains("失効"));
    desk.run(&["keys", "revoke", &fp1])
        .code(1)
        .stderr(predicate::str::contains("有効な鍵は登録されていません"));
    let list = Desk::out(&desk.run(&["keys", "list"]).success());
    assert!(list.contains("失効"), "{list}");
    assert!(list.contains("みなと市民病院"), "{list}");
    let v = desk.json(&["keys", "list", "--json"], 0);
    assert_eq!(v["schema"], "kensa.inspector-keys/1");
    assert_eq!(v["keys"].as_array().unwrap().len(), 2);
    assert_eq!(v["keys"][0]["active"], false);
    // No 医療機関コード in the record: the key cannot be tied to a facility.
    let nocode = desk.bundle(
        "nocode.kensa",
        &Spec {
            code: None,
            ..Spec::ready("古い病院", CODE_A)
        },
        1,
    );
    desk.run(&["inspect", s(&nocode)])
        .code(3)
        .stdout(predicate::str::contains("医療機関コードがないため"));
    let v = desk.json(&["aggregate", s(&nocode), "--json"], 4);
    assert_eq!(v["refused"][0]["reason"], "no_institution_code");
    desk.run(&["keys", "trust", "--facility", "4811234567", &fp1])
        .code(1)
        .stderr(predicate::str::contains("10 桁"));
    desk.no_database();
}

#[test]
fn an_edition_altered_before_signing_is_named_and_not_used() {
    let desk = Desk::new();
    desk.trust(CODE_A, 1);
    // The facility gave 2⑥ (patches) a later deadline in its copy of the checklist and set a
    // 目標日 that only fits that: its own kensa would call it ready.
    let official = library().text("hospital-r7").unwrap().to_string();
    let at = official.find("- id: \"2-6\"").unwrap();
    let scopes =
        at + official[at..].find("scopes: [general]\n").unwrap() + "scopes: [general]\n".len();
    let mut altered = official.clone();
    altered.insert_str(scopes, "        deadline_fiscal_year: 2030\n");
    let spec = Spec {
        edition_text: Some(altered),
        ..Spec::ready("みなと市民病院", CODE_A).no("2-6", Scope::General, Some(date(2029, 6, 1)))
    };
    let b = desk.bundle("e.kensa", &spec, 1);
    let out = Desk::out(&desk.run(&["inspect", s(&b), "--no-keep"]).success());
    assert!(
        out.contains("施設側のチェックリスト定義が公式版と異なります（hospital-r7）"),
        "{out}"
    );
    assert!(
        out.contains("2⑥ の deadline_fiscal_year が異なります"),
        "{out}"
    );
    assert!(
        out.contains("判定（検査側のルールで再判定）: 不可"),
        "{out}"
    );
    let v = desk.json(&["inspect", s(&b), "--json", "--no-keep"], 0);
    assert_eq!(v["edition"]["differs"], true);
    assert_eq!(
        v["edition"]["differences"],
        serde_json::json!([{"item": "2-6", "field": "deadline_fiscal_year"}])
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "target-after-deadline")
    );

    // An edition the inspector has no copy of: the embedded one is used, and said so.
    let r8 = official
        .replace("id: hospital-r7", "id: hospital-r8")
        .replace("edition: r7", "edition: r8")
        .replace("fiscal_year: 2025\n", "fiscal_year: 2026\n");
    let spec = Spec {
        edition: "hospital-r8".into(),
        fiscal_year: 2026,
        edition_text: Some(r8),
        checked_on: date(2026, 6, 2),
        created_at: "2026-09-01T00:00:00Z".into(),
        ..Spec::ready("みなと市民病院", CODE_A)
    };
    // The generator answers the rows of a built-in edition; r8 is r7 under another name.
    let lib = library();
    let mut r7 = spec.clone();
    r7.edition = "hospital-r7".into();
    let mut record = record_of(&r7, &lib);
    record.sheets[0].sheet.edition_id = "hospital-r8".into();
    record.editions = vec![kensa::model::record::EmbeddedEdition::new(
        "hospital-r8",
        spec.edition_text.as_deref().unwrap(),
    )];
    let log = audit_of(&record);
    record.audit_head = log.head.clone();
    let p = desk.path("r8.kensa");
    write_record_bundle(&p, &spec, &record, &log, &key(1), &lib);
    let out = Desk::out(
        &desk
            .kensa()
            .env("KENSA_TODAY", "2026-10-01")
            .args(["inspect", s(&p), "--no-keep"])
            .assert()
            .success(),
    );
    assert!(
        out.contains("検査側に hospital-r8 の定義がないため"),
        "{out}"
    );
}

/// The first facility's bundles: B1, then B2 with history that either grows honestly or was
/// rewritten and re-chained.
#[test]
fn a_history_rewritten_after_an_earlier_bundle_fires_the_alarm() {
    let desk = Desk::new();
    desk.trust(CODE_A, 1);
    let lib = library();
    let spec1 = Spec::ready("みなと市民病院", CODE_A)
        .no("1-1", Scope::General, Some(date(2025, 12, 1)))
        .created("2025-07-01T00:00:00Z");
    let b1 = desk.path("b1.kensa");
    let (record1, log1) = write(&b1, &spec1, &key(1), &lib);
    desk.run(&["inspect", s(&b1)]).success();

    // Honest: one later check appended, history grows.
    let spec2 = spec1.clone().created("2025-09-01T00:00:00Z");
    let (record2, log2) = facilities::append_check(
        &record1,
        &log1,
        "1-1",
        Scope::General,
        kensa::model::answer::Answer::Yes,
        date(2025, 8, 1),
        &spec2.created_at,
    );
    let b2 = desk.path("b2.kensa");
    write_record_bundle(&b2, &spec2, &record2, &log2, &key(1), &lib);
    let out = Desk::out(&desk.run(&["inspect", s(&b2), "--no-keep"]).success());
    assert!(out.contains("前回の束の記録 #1〜#"), "{out}");
    assert!(
        out.contains("変わっていません（その後の記録 1 件）"),
        "{out}"
    );
    assert!(out.contains("1①: いいえ → はい"), "{out}");

    // Rewritten: the いいえ of 1① quietly became はい in place, and the chain was recomputed
    // from there, so the bundle's own log is one valid chain.
    let mut record3 = record1.clone();
    record3.sheets[0].checks[1].answer = kensa::model::answer::Answer::Yes;
    record3.sheets[0].targets.clear();
    record3.taken_at = "2025-09-02T00:00:00Z".into();
    let mut log3 = log1.clone();
    let seq = log3
        .records
        .iter()
        .position(|r| r.entity == "checks" && r.entity_id == record1.sheets[0].checks[1].id)
        .unwrap();
    log3.records[seq].row_hash = kensa::model::record::sha256_hex(
        serde_json::to_string(&record3.sheets[0].checks[1])
            .unwrap()
            .as_bytes(),
    );
    facilities::rechain(&mut log3.records, seq);
    let log3 = kensa::model::audit::AuditLog::new(log3.records);
    assert_eq!(log3.check(), Ok(()));
    record3.audit_head = log3.head.clone();
    let spec3 = spec1.clone().created("2025-09-02T00:00:00Z");
    let b3 = desk.path("b3.kensa");
    write_record_bundle(&b3, &spec3, &record3, &log3, &key(1), &lib);
    // The bundle itself is intact: verify has nothing to say.
    desk.run(&["verify", s(&b3)]).success();
    // The previous bundle is found among the kept ones, and the alarm fires.
    let a = desk.run(&["inspect", s(&b3), "--no-keep"]).code(5);
    let out = Desk::out(&a);
    let alarm = format!(
        "履歴の書き換え: 前回の束の記録 #{} が変わっています（row_hash:",
        seq + 1
    );
    assert!(out.contains(&alarm), "{out}");
    assert!(out.contains(s(&desk.inspector())), "{out}");
    let v = desk.json(&["inspect", s(&b3), "--json", "--previous", s(&b1)], 5);
    assert_eq!(v["history_alarm"], true);
    assert_eq!(v["comparison"]["history"]["kind"], "rewritten");
    assert_eq!(v["comparison"]["history"]["seq"], seq as i64 + 1);
    assert_eq!(v["comparison"]["history"]["field"], "row_hash");
    assert_eq!(v["bundle"]["previous"]["from_archive"], false);

    // Cut short: records removed from the end.
    let mut log4 = log1.clone();
    log4.records.truncate(log1.records.len() - 3);
    let log4 = kensa::model::audit::AuditLog::new(log4.records);
    let mut record4 = record1.clone();
    record4.audit_head = log4.head.clone();
    let b4 = desk.path("b4.kensa");
    write_record_bundle(
        &b4,
        &spec1.clone().created("2025-09-03T00:00:00Z"),
        &record4,
        &log4,
        &key(1),
        &lib,
    );
    desk.run(&["inspect", s(&b4), "--previous", s(&b1), "--no-keep"])
        .code(5)
        .stdout(predicate::str::contains("今回の束は #"));

    // The same pair in a roll-up: the newest counts and its alarm is shown.
    let dir = desk.path("pair");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(&b1, dir.join("b1.kensa")).unwrap();
    std::fs::copy(&b3, dir.join("b3.kensa")).unwrap();
    let v = desk.json(&["aggregate", s(&dir), "--json"], 5);
    assert_eq!(v["totals"]["history_alarms"], 1);
    assert_eq!(v["facilities"][0]["history"]["kind"], "rewritten");
    assert_eq!(
        v["facilities"][0]["superseded"].as_array().unwrap().len(),
        1
    );
    desk.no_database();
}

/// The whole way through the hospital's own kensa: a database, a real bundle, history rewritten
/// in SQLite with the guard triggers dropped and the chain recomputed, a second bundle.
#[test]
fn a_rewrite_made_in_the_hospitals_database_is_found_by_the_inspector() {
    let desk = Desk::new();
    let hospital = |args: &[&str]| {
        desk.kensa().args(args).assert().success();
    };
    hospital(&[
        "init",
        "--name",
        "みなと市民病院",
        "--kind",
        "hospital",
        "--prefecture",
        "東京都",
        "--institution-code",
        CODE_A,
        "--beds",
        "250",
    ]);
    hospital(&["sheet", "new", "--edition", "hospital-r7"]);
    hospital(&["answer", "gate", "yes", "--date", "2025-06-02"]);
    hospital(&[
        "answer",
        "1-1",
        "no",
        "--date",
        "2025-06-02",
        "--target",
        "2025-12-01",
    ]);
    hospital(&["answer", "2-6", "yes", "--date", "2025-06-02"]);
    let k = desk.path("k.key");
    hospital(&["keygen", "--out", s(&k)]);
    let b1 = desk.path("b1.tar");
    hospital(&["bundle", "--out", s(&b1), "--key", s(&k)]);

    let db = desk.path("hospital.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check_id: i64 = conn
        .query_row("SELECT id FROM checks WHERE item = '1-1'", [], |r| r.get(0))
        .unwrap();
    let seq: i64 = conn
        .query_row(
            "SELECT seq FROM audit_log WHERE entity = 'checks' AND entity_id = ?1",
            [check_id],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    rewrite_history(
        &db,
        &format!("UPDATE checks SET answer = 'yes' WHERE id = {check_id}"),
        check_id,
    );
    hospital(&["audit", "verify"]);
    let b2 = desk.path("b2.tar");
    hospital(&["bundle", "--out", s(&b2), "--key", s(&k)]);

    // The inspector's side, with the key from the .pub file the facility sent.
    let pubfile = format!("{}.pub", s(&k));
    desk.run(&["keys", "trust", "--facility", CODE_A, &pubfile])
        .success();
    desk.run(&["inspect", s(&b1), "--no-keep"]).success();
    let a = desk
        .run(&["inspect", s(&b2), "--previous", s(&b1), "--no-keep"])
        .code(5);
    let out = Desk::out(&a);
    assert!(
        out.contains(&format!(
            "履歴の書き換え: 前回の束の記録 #{seq} が変わっています（row_hash:"
        )),
        "{out}"
    );
    assert!(out.contains("1①: いいえ → はい"), "{out}");
}

/// tests/audit.rs's attacker: change a check with the guard triggers dropped, put them back,
/// re-hash the row and recompute the whole chain.
fn rewrite_history(db: &Path, edit: &str, check_id: i64) {
    use rusqlite::types::{Value as Sql, ValueRef};
    let conn = rusqlite::Connection::open(db).unwrap();
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(edit).unwrap();
    let cols = "id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at";
    let n = cols.split(',').count();
    let h: String = conn
        .query_row(
            &format!("SELECT {cols} FROM checks WHERE id = ?1"),
            [check_id],
            |r| {
                let values: Vec<Value> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => n.into(),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                        other => panic!("{other:?}"),
                    })
                    .collect();
                Ok(kensa::model::record::sha256_hex(
                    Value::Array(values).to_string().as_bytes(),
                ))
            },
        )
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET row_hash = ?1 WHERE seq =
           (SELECT max(seq) FROM audit_log WHERE entity = 'checks' AND entity_id = ?2)",
        rusqlite::params![h, check_id],
    )
    .unwrap();
    let mut records: Vec<kensa::model::audit::AuditRecord> = conn
        .prepare("SELECT seq, at, actor, action, entity, entity_id, row_hash, prev_hash, hash FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok(kensa::model::audit::AuditRecord {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                row_hash: r.get(6)?,
                prev_hash: r.get(7)?,
                hash: r.get(8)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    facilities::rechain(&mut records, 0);
    for r in &records {
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![r.prev_hash, r.hash, r.seq],
        )
        .unwrap();
    }
    let _ = Sql::Null;
    for (_, sql) in &triggers {
        conn.execute_batch(sql).unwrap();
    }
}

/// A tar member with the header fields kensa writes.
fn member(b: &mut tar::Builder<std::fs::File>, name: &str, data: &[u8]) {
    let mut h = tar::Header::new_gnu();
    h.set_path(name).unwrap();
    h.set_size(data.len() as u64);
    h.set_mode(0o600);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(0);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    b.append(&h, data).unwrap();
}

#[test]
fn a_folder_of_bad_files_is_rolled_up_with_every_refusal_named() {
    let desk = Desk::new();
    let lib = library();
    let dir = desk.path("usb");
    std::fs::create_dir_all(dir.join("保健所A")).unwrap();
    desk.trust(CODE_A, 1);
    desk.trust(CODE_B, 2);
    desk.trust(CODE_C, 3);
    // Good ones: ready, not ready, and a facility that handed in twice.
    write(
        &dir.join("a.kensa"),
        &Spec::ready("みなと市民病院", CODE_A),
        &key(1),
        &lib,
    );
    let clinic = Spec {
        kind: kensa::model::facility::FacilityKind::Clinic,
        beds: Some(0),
        ..Spec::ready("ひばり診療所", CODE_B).no("1-1", Scope::General, None)
    };
    write(&dir.join("保健所A/b.kensa"), &clinic, &key(2), &lib);
    // かもめ病院 handed in twice: the later bundle's history grew from the earlier one.
    let c_old = Spec {
        beds: Some(520),
        ..Spec::ready("かもめ病院", CODE_C)
            .no("2-6", Scope::General, Some(date(2025, 12, 1)))
            .created("2025-06-15T00:00:00Z")
    };
    let (record, log) = write(&dir.join("c-old.kensa"), &c_old, &key(3), &lib);
    let c_new = c_old.clone().created("2025-09-15T00:00:00Z");
    let (record, log) = facilities::append_check(
        &record,
        &log,
        "2-6",
        Scope::General,
        kensa::model::answer::Answer::Yes,
        date(2025, 9, 1),
        &c_new.created_at,
    );
    write_record_bundle(
        &dir.join("c-new.kensa"),
        &c_new,
        &record,
        &log,
        &key(3),
        &lib,
    );
    // Bad ones.
    let good = std::fs::read(dir.join("a.kensa")).unwrap();
    let mut tampered = good.clone();
    // 施設名 inside record.json changed after signing.
    let at = good
        .windows("みなと".len())
        .rposition(|w| w == "みなと".as_bytes())
        .unwrap();
    tampered[at + 2] ^= 0x01;
    std::fs::write(dir.join("tampered.kensa"), &tampered).unwrap();
    std::fs::write(dir.join("truncated.kensa"), &good[..good.len() * 2 / 3]).unwrap();
    std::fs::write(dir.join("empty.kensa"), b"").unwrap();
    std::fs::write(dir.join("notes.txt"), "立入検査のメモ\n").unwrap();
    // A bundle from a newer kensa: its manifest names a later schema.
    {
        let mut b = tar::Builder::new(std::fs::File::create(dir.join("future.kensa")).unwrap());
        member(
            &mut b,
            "manifest.json",
            br#"{"schema":"kensa.manifest/2","anything":"new"}"#,
        );
        member(&mut b, "manifest.sig", b"00");
        member(&mut b, "record.json", b"{}");
        b.finish().unwrap();
    }
    // A signed bundle whose record is from a newer kensa.
    {
        let spec = Spec::ready("新形式病院", CODE_A);
        let record = record_of(&spec, &lib);
        let json = record.to_json().replace("kensa.record/1", "kensa.record/2");
        let members = vec![kensa::bundle::writer::Member::new(
            "record.json",
            json.into_bytes(),
        )];
        kensa::bundle::writer::write_bundle(
            &dir.join("future-record.kensa"),
            &members,
            kensa::bundle::writer::BundleInfo {
                facility: kensa::bundle::manifest::ManifestFacility {
                    name: "新形式病院".into(),
                    kind: "病院".into(),
                    prefecture: None,
                },
                edition: "hospital-r7".into(),
                sheet: "hospital-r7-2025".into(),
                fiscal_year: 2025,
                created_at: "2025-09-01T00:00:00Z".into(),
            },
            &key(1),
        )
        .unwrap();
    }
    // Signed by a key nobody trusted, for a facility nobody knows.
    write(
        &dir.join("stranger.kensa"),
        &Spec::ready("見知らぬ病院", "2711234567"),
        &key(9),
        &lib,
    );
    #[cfg(unix)]
    {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.kensa"))
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink(dir.join("loop.kensa"), dir.join("loop.kensa")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("保健所A/up")).unwrap();
    }

    let out = desk.path("roll.xlsx");
    let a = desk.run(&["aggregate", s(&dir), "--out", s(&out)]).code(4);
    let stdout = Desk::out(&a);
    let stderr = Desk::err(&a);
    assert!(
        stdout.contains("みなと市民病院") && stdout.contains("施設数"),
        "{stdout}"
    );
    let v = desk.json(&["aggregate", s(&dir), "--json"], 4);
    let reasons: std::collections::BTreeMap<String, String> = v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = PathBuf::from(r["path"].as_str().unwrap());
            (
                p.strip_prefix(&dir).unwrap().display().to_string(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = vec![
        ("empty.kensa", "empty"),
        ("future.kensa", "newer_schema"),
        ("future-record.kensa", "newer_schema"),
        ("notes.txt", "not_kensa"),
        ("stranger.kensa", "unknown_key"),
        ("tampered.kensa", "tampered"),
        ("truncated.kensa", "truncated"),
    ];
    if cfg!(unix) {
        want.extend([
            ("loop.kensa", "symlink_loop"),
            ("pipe.kensa", "special_file"),
            ("保健所A/up", "symlink_loop"),
        ]);
    }
    for (file, reason) in &want {
        assert_eq!(
            reasons.get(*file).map(String::as_str),
            Some(*reason),
            "{file}: {reasons:?}"
        );
        assert!(
            stderr.contains(&*dir.join(file).display().to_string()),
            "{file} not named:\n{stderr}"
        );
    }
    assert_eq!(reasons.len(), want.len(), "{reasons:?}");
    // The stranger's fingerprint, to confirm by phone.
    let stranger = v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reason"] == "unknown_key")
        .unwrap();
    assert_eq!(
        stranger["fingerprint"],
        fingerprint(&key(9).verifying_key())
    );

    // The roll-up itself.
    assert_eq!(v["schema"], "kensa.aggregate/1");
    assert_eq!(v["totals"]["facilities"], 3);
    assert_eq!(v["totals"]["bundles"], 4);
    assert_eq!(v["totals"]["superseded"], 1);
    assert_eq!(v["totals"]["ready"], 2);
    let fac = v["facilities"].as_array().unwrap();
    let c = fac
        .iter()
        .find(|f| f["facility"]["institution_code"] == CODE_C)
        .unwrap();
    assert_eq!(c["created_at"], "2025-09-15T00:00:00Z");
    assert_eq!(c["band"], "500+");
    assert_eq!(c["nos"], 0);
    assert!(
        c["superseded"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("c-old.kensa")
    );
    assert_eq!(c["history"]["kind"], "unchanged");
    let b = fac
        .iter()
        .find(|f| f["facility"]["institution_code"] == CODE_B)
        .unwrap();
    assert_eq!(b["ready"], false);
    assert_eq!(b["band"], "clinic");
    assert_eq!(b["findings"][0]["rule"], "target-missing");
    let item = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "1-1")
        .unwrap();
    assert_eq!(
        item["overall"],
        serde_json::json!({"yes": 2, "no": 1, "unanswered": 0})
    );
    assert_eq!(item["by_band"]["clinic"]["no"], 1);
    assert_eq!(item["by_kind"]["hospital"]["yes"], 2);

    // The workbook: one sheet per table, filters on.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "集計",
            "施設一覧",
            "項目別",
            "不可の施設",
            "受理しなかったファイル"
        ]
    );
    let refused = wb.worksheet_range("受理しなかったファイル").unwrap();
    assert_eq!(refused.height(), want.len() + 1);
    let facilities = wb.worksheet_range("施設一覧").unwrap();
    assert_eq!(facilities.height(), 4);
    assert_eq!(
        facilities.get_value((0, 1)).unwrap().to_string(),
        "医療機関コード"
    );

    // HTML: charts inline, nothing fetched from outside.
    let html = desk.path("roll.html");
    desk.run(&[
        "aggregate",
        s(&dir),
        "--out",
        s(&html),
        "--sheets",
        s(&desk.path("sheets")),
    ])
    .code(4)
    .stdout(predicate::str::contains("記録票 3 件"));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("<svg"));
    assert!(text.contains("@page { size: A4"));
    assert!(!text.contains("<script") && !text.contains("<link") && !text.contains(" src="));
    assert_eq!(
        text.matches("http").count(),
        text.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(text.contains("見知らぬ病院") || text.contains("stranger.kensa"));
    assert!(desk.path("sheets").join(format!("{CODE_C}.html")).exists());

    // Only the good files: nothing refused, exit 0.
    let only = desk.path("good");
    std::fs::create_dir(&only).unwrap();
    std::fs::copy(dir.join("a.kensa"), only.join("a.kensa")).unwrap();
    desk.run(&["aggregate", s(&only)]).success();
    desk.no_database();
}

/// 立入検査の手引き ②: the vendors' 事業者確認用 are judged by the inspector too. A facility
/// with a vendor under contract and no vendor sheet is not ready, whatever its own sheet says,
/// and the inspector sees the vendor named with the finding; once the facility has no vendor
/// facts the section is absent.
#[test]
fn vendor_sheets_are_judged_per_contracted_vendor() {
    let desk = Desk::new();
    let hospital = |args: &[&str]| {
        desk.kensa().args(args).assert().success();
    };
    hospital(&[
        "init",
        "--name",
        "みなと市民病院",
        "--kind",
        "hospital",
        "--prefecture",
        "東京都",
        "--institution-code",
        CODE_A,
        "--beds",
        "250",
    ]);
    hospital(&["sheet", "new", "--edition", "hospital-r7"]);
    hospital(&[
        "vendor",
        "add",
        "--name",
        "ミナト電子カルテ株式会社",
        "--system",
        "電子カルテ",
        "--scope",
        "server,terminal",
    ]);
    let k = desk.path("k.key");
    hospital(&["keygen", "--out", s(&k)]);
    let b = desk.path("b.tar");
    hospital(&["bundle", "--out", s(&b), "--key", s(&k)]);
    let pubfile = format!("{}.pub", s(&k));
    desk.run(&["keys", "trust", "--facility", CODE_A, &pubfile])
        .success();

    let out = Desk::out(&desk.run(&["inspect", s(&b), "--no-keep"]).success());
    assert!(out.contains("事業者確認用（契約事業者ごと）"), "{out}");
    assert!(out.contains("事業者確認用の判定: 不可"), "{out}");
    assert!(
        out.contains("ミナト電子カルテ株式会社: 未依頼（この年度の事業者確認用なし）"),
        "{out}"
    );
    assert!(!out.contains("vendor-sheet-missing"), "{out}");

    let json = desk.json(&["inspect", s(&b), "--no-keep", "--json"], 0);
    let vendors = &json["vendors"];
    assert_eq!(vendors["assessment"]["ready"], false, "{json}");
    assert_eq!(vendors["vendors"][0]["name"], "ミナト電子カルテ株式会社");
    assert!(
        vendors["assessment"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "vendor-sheet-missing"),
        "{json}"
    );
    assert_eq!(json["ready"], false, "{json}");

    let html = desk.path("記録票.html");
    desk.run(&["inspect", s(&b), "--no-keep", "--out", s(&html)])
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("ミナト電子カルテ株式会社: 未依頼"), "{page}");
}
