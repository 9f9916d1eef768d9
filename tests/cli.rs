#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! The real `kensa` binary on fixtures: the foundation's command sequence, carry-over, the
//! audit trail, and every bad input the foundation must survive without losing data.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kensa.db")
    }

    /// `kensa` with this environment's DB, an empty user checklist folder and a fixed today.
    fn kensa(&self, today: &str) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.db())
            .env("KENSA_CHECKLISTS", self.dir.path().join("user-checklists"))
            .env("KENSA_TODAY", today)
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
        c
    }

    fn run(&self, today: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa(today).args(args).assert()
    }

    fn json(&self, today: &str, args: &[&str]) -> Value {
        let out = self.run(today, args).success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }

    /// A hospital with a r6 sheet for FY2024.
    fn hospital_r6(&self) {
        self.run(
            "2024-05-01",
            &[
                "init",
                "--name",
                "試験病院",
                "--kind",
                "hospital",
                "--prefecture",
                "東京都",
            ],
        )
        .success();
        self.run(
            "2024-05-01",
            &[
                "sheet",
                "new",
                "--edition",
                "hospital-r6",
                "--fiscal-year",
                "2024",
            ],
        )
        .success();
    }

    fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).unwrap()
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checklists")
        .join(name)
}

fn findings(status: &Value) -> Vec<(String, String)> {
    status["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let row = match f["scope"].as_str() {
                Some(s) => format!("{}@{s}", f["item"].as_str().unwrap_or("-")),
                None => f["item"].as_str().unwrap_or("-").to_string(),
            };
            (f["rule"].as_str().unwrap().to_string(), row)
        })
        .collect()
}

#[test]
fn foundation_sequence_reports_findings_and_history() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    env.run(today, &["answer", "1-1", "yes"]).success();
    env.run(
        today,
        &["answer", "2-7@server", "no", "--target", "2025-03-31"],
    )
    .success()
    .stdout(predicate::str::contains(
        "目標日 2025-03-31（令和7年3月31日）",
    ));

    let status = env.json(today, &["status", "--json"]);
    assert_eq!(status["schema"], "kensa.status/1");
    assert_eq!(status["ready"], false);
    let f = findings(&status);
    assert!(f.contains(&("gate-unanswered".into(), "gate".into())));
    assert!(f.contains(&("first-check-missing".into(), "2-7@network".into())));
    // Answered rows are not reported missing; the いいえ has its target, so no target finding.
    assert!(
        !f.iter()
            .any(|(_, row)| row == "1-1@general" || row == "2-7@server")
    );
    assert!(!f.iter().any(|(r, _)| r.starts_with("target-")));
    assert_eq!(status["progress"]["total"]["answered"], 2);
    assert_eq!(status["progress"]["total"]["required"], 19);

    // A いいえ without a target is accepted, with a hint, and reported by status.
    env.run(today, &["answer", "2-8@network", "no"])
        .success()
        .stdout(predicate::str::contains("目標日がありません"));
    let f = findings(&env.json(today, &["status", "--json"]));
    assert!(f.contains(&("target-missing".into(), "2-8@network".into())));

    let answers = env.json(today, &["answers", "--json"]);
    assert_eq!(answers["schema"], "kensa.answers/1");
    let checks = answers["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(checks[0]["item"], "1-1");
    assert_eq!(checks[0]["checked_on"], "2024-10-01");
    assert_eq!(checks[1]["scope"], "server");
    assert_eq!(checks[1]["answer"], "no");
    assert_eq!(answers["targets"][0]["target_on"], "2025-03-31");

    // Text status in both languages.
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains("準備未完了"));
    env.run(today, &["--lang", "en", "status"])
        .success()
        .stdout(predicate::str::contains("NOT READY"))
        .stdout(predicate::str::contains("no 1st check"));
    env.run(today, &["audit", "verify"]).success();
}

#[test]
fn a_complete_sheet_turns_ready() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    let edition = env.json(today, &["checklist", "show", "hospital-r6", "--json"]);
    let mut rows = vec!["gate".to_string()];
    for s in edition["edition"]["sections"].as_array().unwrap() {
        for i in s["items"].as_array().unwrap() {
            for sc in i["scopes"].as_array().unwrap() {
                rows.push(format!(
                    "{}@{}",
                    i["id"].as_str().unwrap(),
                    sc.as_str().unwrap()
                ));
            }
        }
    }
    for r in &rows {
        env.run(today, &["answer", r, "yes", "--date", "2024-06-03"])
            .success();
    }
    // 3(1) はい while the contacts lack 厚生労働省, 警察 and 事業者: the chart would show 未登録.
    let status = env.json(today, &["status", "--json"]);
    assert_eq!(status["ready"], false, "{status:#}");
    let incomplete = status["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "contact-chart-incomplete")
        .unwrap_or_else(|| panic!("{status:#}"));
    assert_eq!(
        incomplete["roles"],
        serde_json::json!(["vendor", "mhlw", "police"])
    );
    env.run(
        today,
        &["contacts", "add", "--role", "vendor", "--name", "保守窓口"],
    )
    .success();
    env.run(
        today,
        &[
            "contacts",
            "add",
            "--role",
            "mhlw",
            "--name",
            "医療情報担当",
        ],
    )
    .success();
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains("準備未完了"))
        .stdout(predicate::str::contains(
            "連絡体制図の連絡先に 警察 がありません",
        ));
    env.run(
        today,
        &[
            "contacts",
            "add",
            "--role",
            "police",
            "--name",
            "サイバー犯罪相談窓口",
        ],
    )
    .success();
    // The sheet is complete, but the facility declared vendor contracts and lists no vendor:
    // none of the 事業者確認用 the 手引き asks for exists, so the facility is not ready.
    let status = env.json(today, &["status", "--json"]);
    assert_eq!(status["sheet_ready"], true, "{status:#}");
    assert_eq!(status["ready"], false, "{status:#}");
    assert!(
        status["vendors"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "vendor-none-registered" && f["severity"] == "fail"),
        "{status:#}"
    );
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains("準備未完了"))
        .stdout(predicate::str::contains("事業者が登録されていません"));
    // Without vendor contracts there is no vendor rule to meet.
    env.run(
        today,
        &[
            "init",
            "--force",
            "--name",
            "試験病院",
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
            "--vendor-contracts",
            "no",
        ],
    )
    .success();
    let status = env.json(today, &["status", "--json"]);
    assert_eq!(status["ready"], true, "{status:#}");
    assert_eq!(
        findings(&status),
        vec![(
            "contact-chart-on-paper".to_string(),
            "3-1@general".to_string()
        )]
    );
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains("立入検査の準備ができています"));
}

/// A 目標日 after the row's deadline used to be stored by `answer` and only rejected by
/// `status`; entry now applies the same rule, and says until when the target may be.
#[test]
fn target_outside_the_fiscal_year_and_overdue() {
    let env = Env::new();
    env.hospital_r6();
    let before = env.db_bytes();
    env.run(
        "2024-10-01",
        &[
            "answer",
            "2-7@network",
            "no",
            "--date",
            "2024-06-01",
            "--target",
            "R7.4.1",
        ],
    )
    .failure()
    .stderr(
        predicate::str::contains("令和6年度中").and(predicate::str::contains(
            "2025-03-31（令和7年3月31日） まで",
        )),
    );
    assert!(
        env.db_bytes() == before,
        "a refused answer changed the database"
    );
    env.run(
        "2024-10-01",
        &["answer", "2-7@network", "no", "--date", "2024-06-01"],
    )
    .success();
    env.run("2024-10-01", &["target", "2-7@network", "R7.4.1"])
        .failure()
        .stderr(predicate::str::contains("期限の後"));
    let f = findings(&env.json("2024-10-01", &["status", "--json"]));
    assert!(f.contains(&("target-missing".into(), "2-7@network".into())));
    env.run("2024-10-01", &["target", "2-7@network", "令和7年1月31日"])
        .success();
    let f = findings(&env.json("2025-02-15", &["status", "--json"]));
    assert!(!f.iter().any(|(r, _)| r == "target-after-deadline"));
    assert!(f.contains(&("target-overdue".into(), "2-7@network".into())));
}

#[test]
fn carry_over_from_r6_to_r7() {
    let env = Env::new();
    env.hospital_r6();
    let d = "2024-06-01";
    for row in [
        "gate",
        "1-1",
        "2-7@server",
        "2-7@terminal",
        "2-7@network",
        "2-9@server",
    ] {
        env.run("2024-10-01", &["answer", row, "yes", "--date", d])
            .success();
    }
    env.run(
        "2024-10-01",
        &[
            "answer",
            "2-9@terminal",
            "no",
            "--date",
            d,
            "--target",
            "2025-03-01",
        ],
    )
    .success();
    env.run(
        "2025-04-10",
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r7",
            "--from",
            "hospital-r6-2024",
        ],
    )
    .success()
    .stdout(predicate::str::contains("hospital-r7-2025"));

    let answers = env.json(
        "2025-04-10",
        &["answers", "--json", "--sheet", "hospital-r7-2025"],
    );
    let carried: Vec<(String, String, String)> = answers["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(
                c["checked_on"].is_null(),
                "carried answers have no date: {c}"
            );
            assert!(c["carried_from_check"].is_i64());
            (
                c["item"].as_str().unwrap().into(),
                c["scope"].as_str().unwrap().into(),
                c["answer"].as_str().unwrap().into(),
            )
        })
        .collect();
    let has = |i: &str, s: &str, a: &str| carried.contains(&(i.into(), s.into(), a.into()));
    assert!(has("gate", "general", "yes"));
    assert!(has("1-1", "general", "yes"));
    // R7 merged the patch item into 医療情報システム全般; all three R6 scopes said はい.
    assert!(has("2-6", "general", "yes"), "{carried:?}");
    // R6 2(9) continues as R7 2-12, scope by scope.
    assert!(has("2-12", "server", "yes"));
    assert!(has("2-12", "terminal", "no"));
    assert_eq!(carried.len(), 5, "{carried:?}");

    let status = env.json("2025-04-10", &["status", "--json"]);
    assert_eq!(status["sheet"]["key"], "hospital-r7-2025");
    let f = findings(&status);
    assert!(
        f.contains(&("first-check-carried".into(), "gate".into())),
        "{f:?}"
    );
    assert!(f.contains(&("first-check-carried".into(), "2-6@general".into())));
    assert!(f.contains(&("first-check-missing".into(), "2-7@general".into())));
    // A fresh dated check clears 要再確認.
    env.run("2025-04-10", &["answer", "2-6", "yes"]).success();
    let f = findings(&env.json("2025-04-10", &["status", "--json"]));
    assert!(!f.iter().any(|(_, row)| row == "2-6@general"));

    // Carrying backwards is refused.
    env.run(
        "2025-04-10",
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r5",
            "--fiscal-year",
            "2023",
            "--from",
            "hospital-r7-2025",
        ],
    )
    .failure()
    .stderr(predicate::str::contains("引き継げません"));
    env.run("2025-04-10", &["audit", "verify"]).success();
}

#[test]
fn audit_verify_names_a_row_edited_behind_kensas_back() {
    let env = Env::new();
    env.hospital_r6();
    env.run(
        "2024-10-01",
        &["answer", "1-1", "no", "--target", "2025-01-31"],
    )
    .success();
    env.run("2024-10-01", &["audit", "verify"])
        .success()
        .stdout(predicate::str::contains("監査ログは正常です"));

    // What someone with the sqlite3 tool would do: drop the guard, flip the answer.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER checks_append_only_u; UPDATE checks SET answer = 'yes' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    env.run("2024-10-01", &["audit", "verify"])
        .failure()
        .stdout(predicate::str::contains("checks の 1 番"));
    let report = env
        .kensa("2024-10-01")
        .args(["--lang", "en", "audit", "verify", "--json"])
        .assert()
        .failure();
    let v: Value = serde_json::from_slice(&report.get_output().stdout).unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["problems"][0]["table"], "checks");
    assert_eq!(v["problems"][0]["id"], 1);
    assert_eq!(v["problems"][0]["kind"], "row_changed");

    // A table without guard triggers: the facility profile.
    let env = Env::new();
    env.hospital_r6();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE facility SET vendor_contracts = 0", [])
        .unwrap();
    drop(conn);
    env.run("2024-10-01", &["--lang", "en", "audit", "verify"])
        .failure()
        .stdout(predicate::str::contains(
            "facility #1: changed outside kensa",
        ));
}

#[test]
fn evidence_is_kept_inside_the_database() {
    let env = Env::new();
    env.hospital_r6();
    let file = env.dir.path().join("体制図.pdf");
    std::fs::write(&file, b"%PDF-1.4 test").unwrap();
    env.run(
        "2024-10-01",
        &[
            "answer",
            "3-1",
            "yes",
            "--evidence",
            file.to_str().unwrap(),
            "--note",
            "院内掲示",
        ],
    )
    .success();
    std::fs::remove_file(&file).unwrap();
    let answers = env.json("2024-10-01", &["answers", "--json"]);
    let ev = &answers["checks"][0]["evidence"][0];
    assert_eq!(ev["name"], "体制図.pdf");
    assert_eq!(ev["size"], 13);
    assert_eq!(ev["sha256"], sha256_hex(b"%PDF-1.4 test"));
    assert_eq!(answers["checks"][0]["note"], "院内掲示");
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

#[cfg(unix)]
#[test]
fn database_is_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.hospital_r6();
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn status_on_a_fresh_machine_guides_the_user() {
    let env = Env::new();
    env.run("2025-10-01", &["status"])
        .success()
        .stdout(predicate::str::contains("kensa init"));
}

// ---------------------------------------------------------------- bad input

/// Every bad answer leaves the database byte for byte as it was.
#[test]
fn bad_answers_change_nothing() {
    let env = Env::new();
    env.hospital_r6();
    env.run("2024-10-01", &["answer", "1-1", "yes"]).success();
    let before = env.db_bytes();
    let big = env.dir.path().join("big.bin");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(33 * 1024 * 1024)
        .unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["answer", "2-7@server", "no", "--date", "2025-02-30"],
            "日付ではありません",
        ),
        (
            vec!["answer", "2-7@server", "no", "--date", "yesterday"],
            "日付ではありません",
        ),
        (
            vec![
                "answer",
                "2-7@server",
                "no",
                "--date",
                "2024-09-01",
                "--target",
                "2024-08-01",
            ],
            "確認日 2024-09-01 より前",
        ),
        (
            vec!["answer", "2-7@server", "yes", "--target", "2025-01-01"],
            "「いいえ」の回答にだけ",
        ),
        (vec!["answer", "2-77@server", "yes"], "「2-7」のことですか"),
        (vec!["answer", "2-7", "yes"], "対象ごとに回答します"),
        (
            vec!["answer", "2-7@printer", "yes"],
            "対象「printer」は使えません",
        ),
        (
            vec!["answer", "2-6@network", "yes"],
            "対象「network」はありません",
        ),
        (vec!["answer", "1-1", "maybe"], "回答として使えません"),
        (vec!["answer", "1-1", "na"], "「該当なし」は使えません"),
        (vec!["answer", "2-2", "na"], "事業者と契約している施設では"),
        (
            vec!["answer", "1-1", "yes", "--date", "2030-01-01"],
            "未来の日付",
        ),
        (
            vec![
                "answer",
                "1-1",
                "yes",
                "--evidence",
                "/nonexistent/file.pdf",
            ],
            "/nonexistent/file.pdf",
        ),
        (
            vec!["answer", "1-1", "yes", "--evidence", big.to_str().unwrap()],
            "上限",
        ),
        (
            vec!["answer", "1-1", "yes", "--sheet", "hospital-r9-2030"],
            "シート「hospital-r9-2030」はありません",
        ),
        (
            vec!["sheet", "new", "--edition", "hospital-r99"],
            "版「hospital-r99」はありません",
        ),
        (
            vec!["sheet", "new", "--edition", "pharmacy-r7"],
            "様式ではありません",
        ),
        (
            vec![
                "sheet",
                "new",
                "--edition",
                "hospital-r6",
                "--fiscal-year",
                "2024",
            ],
            "既にあります",
        ),
        (vec!["checklist", "show", "hospital-r99"], "使える版"),
        (
            vec!["init", "--name", "別の病院", "--kind", "clinic"],
            "登録済み",
        ),
    ];
    for (args, expected) in cases {
        env.run("2024-10-01", &args).failure().stderr(
            predicate::str::contains(expected).and(predicate::str::contains("panicked").not()),
        );
        assert!(env.db_bytes() == before, "{args:?} changed the database");
    }
}

#[test]
fn damaged_foreign_and_newer_databases_are_refused_untouched() {
    let env = Env::new();
    let dir = env.dir.path();

    // Valid header, garbage after it.
    let damaged = dir.join("damaged.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&damaged, &bytes).unwrap();
    // Not SQLite at all.
    let text = dir.join("notes.db");
    std::fs::write(&text, "施設のメモ\n").unwrap();
    // Another program's database.
    let foreign = dir.join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE patients (id INTEGER); INSERT INTO patients VALUES (1);")
        .unwrap();
    // A database from a newer kensa.
    let newer = dir.join("newer.db");
    env.kensa("2025-10-01")
        .env("KENSA_DB", &newer)
        .args(["init", "--name", "x", "--kind", "clinic"])
        .assert()
        .success();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();

    for (path, expected) in [
        (&damaged, "SQLite"),
        (&text, "SQLite データベースではありません"),
        (&foreign, "kensa のものではありません"),
        (&newer, "新しい版の kensa"),
    ] {
        let before = std::fs::read(path).unwrap();
        for args in [
            vec!["status"],
            vec!["answer", "1-1", "yes"],
            vec!["audit", "verify"],
        ] {
            env.kensa("2025-10-01")
                .env("KENSA_DB", path)
                .args(&args)
                .assert()
                .failure()
                .stderr(predicate::str::contains(expected))
                .stderr(predicate::str::contains(path.to_str().unwrap()))
                .stderr(predicate::str::contains("panicked").not());
            assert_eq!(
                std::fs::read(path).unwrap(),
                before,
                "{} changed",
                path.display()
            );
        }
    }
}

#[test]
fn validate_explains_every_bad_checklist_file() {
    let env = Env::new();
    let cases = [
        ("tabs.yaml", "tabs.yaml:10:2:", "tabs"),
        (
            "duplicate-keys.yaml",
            "duplicate-keys.yaml:7:1:",
            "duplicate mapping key: title",
        ),
        (
            "unknown-scope.yaml",
            "unknown-scope.yaml:22:18:",
            "unknown variant `servers`",
        ),
        (
            "duplicate-id.yaml",
            "duplicate-id.yaml:24:9:",
            "duplicate item id `1-1`",
        ),
        (
            "missing-text.yaml",
            "missing-text.yaml:19:9:",
            "has no text",
        ),
        (
            "unknown-field.yaml",
            "unknown-field.yaml:24:9:",
            "unknown field `colour`",
        ),
        (
            "dangling-carries-from.yaml",
            "dangling-carries-from.yaml:25:9:",
            "points nowhere",
        ),
        (
            "deep-nesting.yaml",
            "deep-nesting.yaml:1:",
            "recursion limit",
        ),
    ];
    for (file, location, message) in cases {
        env.run(
            "2025-10-01",
            &[
                "--lang",
                "en",
                "checklist",
                "validate",
                fixture(file).to_str().unwrap(),
            ],
        )
        .code(1)
        .stdout(predicate::str::contains(location).and(predicate::str::contains(message)))
        .stderr(predicate::str::contains("panicked").not());
    }
    // Several files at once: every error of every file.
    let all: Vec<String> = cases
        .iter()
        .map(|(f, ..)| fixture(f).to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["checklist".to_string(), "validate".into()];
    args.extend(all);
    let out = env.kensa("2025-10-01").args(&args).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), cases.len(), "{stdout}");

    // A 50 MB string is refused before parsing.
    let huge = env.dir.path().join("huge.yaml");
    let mut text = String::from("schema: 1\ntitle: \"");
    text.push_str(&"あ".repeat(50 * 1024 * 1024 / 3));
    text.push_str("\"\n");
    std::fs::write(&huge, text).unwrap();
    env.run(
        "2025-10-01",
        &[
            "--lang",
            "en",
            "checklist",
            "validate",
            huge.to_str().unwrap(),
        ],
    )
    .code(1)
    .stdout(predicate::str::contains("huge.yaml:1:1:").and(predicate::str::contains("limit")));

    // The shipped editions and a valid new one pass.
    let mut args = vec!["checklist".to_string(), "validate".into()];
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            args.push(p.to_str().unwrap().into());
        }
    }
    args.push(fixture("valid-r9.yaml").to_str().unwrap().into());
    env.kensa("2025-10-01").args(&args).assert().success();
}

#[test]
fn user_folder_adds_an_edition_and_survives_bad_files() {
    let env = Env::new();
    let user = env.dir.path().join("user-checklists");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::copy(fixture("valid-r9.yaml"), user.join("hospital-r9.yaml")).unwrap();
    std::fs::copy(fixture("tabs.yaml"), user.join("broken.yaml")).unwrap();
    let list = env.json("2027-05-01", &["checklist", "list", "--json"]);
    let ids: Vec<&str> = list["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"hospital-r9") && ids.contains(&"hospital-r7"),
        "{ids:?}"
    );
    env.run("2027-05-01", &["checklist", "list"])
        .success()
        .stderr(predicate::str::contains("broken.yaml:10:2"));
    env.run(
        "2027-05-01",
        &["init", "--name", "r9病院", "--kind", "hospital"],
    )
    .success();
    env.run("2027-05-01", &["sheet", "new", "--edition", "hospital-r9"])
        .success();
    env.run("2027-05-01", &["answer", "1-1", "yes"]).success();
}

#[test]
fn closed_stdout_does_not_panic() {
    let env = Env::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kensa"))
        .args(["checklist", "show", "hospital-r7"])
        .env("KENSA_DB", env.db())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before kensa writes, as `kensa … | head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_gate_is_named_and_typed_in_words_never_by_its_internal_id() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    let words = |args: &[&str]| {
        let out = env.run(today, args).success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let recorded = words(&["answer", "有無", "yes"]);
    assert!(recorded.contains("医療情報システムの有無"), "{recorded}");
    for args in [
        &["answers"][..],
        &["status"],
        &["checklist", "show", "hospital-r6"],
    ] {
        let out = words(args);
        assert!(!out.contains("gate"), "{args:?}: {out}");
    }
    // The full name works too, and a refusal names the question the same way.
    env.run(today, &["answer", "医療情報システムの有無", "na"])
        .failure()
        .stderr(
            predicate::str::contains("医療情報システムの有無")
                .and(predicate::str::contains("gate").not()),
        );
    assert_eq!(
        env.json(today, &["answers", "--json"])["checks"][0]["item"],
        "gate",
        "stored under its id"
    );
}

#[test]
fn targets_belong_to_no_rows_and_not_to_the_gate() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    env.run(today, &["answer", "gate", "no"])
        .success()
        .stdout(predicate::str::contains("目標日がありません").not());
    env.run(today, &["answer", "gate", "no", "--target", "2025-01-01"])
        .failure()
        .stderr(predicate::str::contains("目標日はありません"));
    env.run(today, &["target", "gate", "2025-01-01"]).failure();
    // Never answered, or answered はい: no target.
    env.run(today, &["target", "3-2", "2025-01-01"])
        .failure()
        .stderr(predicate::str::contains("「いいえ」ではありません"));
    env.run(
        today,
        &["answer", "2-5@terminal", "no", "--date", "2024-09-30"],
    )
    .success();
    env.run(today, &["target", "2-5@terminal", "2024-09-01"])
        .failure()
        .stderr(predicate::str::contains("より前"));
    env.run(today, &["target", "2-5@terminal", "2025-03-01"])
        .success();
}

#[test]
fn default_sheet_is_the_newest_fiscal_year() {
    let env = Env::new();
    env.hospital_r6();
    // Made later, but for an earlier year.
    env.run(
        "2024-10-01",
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r5",
            "--fiscal-year",
            "2023",
        ],
    )
    .success();
    let status = env.json("2024-10-01", &["status", "--json"]);
    assert_eq!(status["sheet"]["key"], "hospital-r6-2024");
}

// ---------------------------------------------------------------- the verdict follows the rules

/// A 2回目 いいえ needs a 目標日 inside the deadline, like a 1回目 いいえ.
#[test]
fn second_check_no_needs_a_target() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    env.run(
        today,
        &["answer", "2-7@network", "yes", "--date", "2024-06-01"],
    )
    .success();
    env.run(
        today,
        &["answer", "2-7@network", "no", "--date", "2024-09-01"],
    )
    .success()
    .stdout(predicate::str::contains("目標日がありません"));
    let f = findings(&env.json(today, &["status", "--json"]));
    assert!(
        f.contains(&("target-missing".into(), "2-7@network".into())),
        "{f:?}"
    );
    env.run(today, &["target", "2-7@network", "2025-03-31"])
        .success();
    let f = findings(&env.json(today, &["status", "--json"]));
    assert!(!f.iter().any(|(r, _)| r.starts_with("target-")), "{f:?}");
}

/// 二要素認証: due 令和9年度, but GL 7.0 allows the next system renewal; such a 目標日 is
/// accepted with a note, and the inspector sees it in status and the report.
#[test]
fn two_factor_target_at_the_next_renewal_is_accepted_and_shown() {
    let env = Env::new();
    let today = "2025-10-01";
    env.run(today, &["init", "--name", "試験病院", "--kind", "hospital"])
        .success();
    env.run(today, &["sheet", "new", "--edition", "hospital-r7"])
        .success();
    env.run(
        today,
        &[
            "answer",
            "2-11",
            "no",
            "--date",
            "2025-06-01",
            "--target",
            "2030-03-31",
        ],
    )
    .success()
    .stdout(predicate::str::contains("ガイドライン第7.0版"));
    // The R7 two-factor row is a topic label, not an official sentence (fidelity D03): it is
    // listed as such and left out of the verdict, so neither its いいえ nor its 目標日 is judged.
    let status = env.json(today, &["status", "--json"]);
    let notice = status["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "text-unknown" && f["item"] == "2-11")
        .unwrap_or_else(|| panic!("{status:#}"));
    assert_eq!(notice["severity"], "notice");
    assert!(
        status["excluded_items"]
            .as_array()
            .unwrap()
            .contains(&"2-11".into()),
        "{status:#}"
    );
    assert!(
        !findings(&status)
            .iter()
            .any(|(r, i)| r == "target-after-deadline" || (i == "2-11" && r != "text-unknown")),
        "{status:#}"
    );
    let md = env.dir.path().join("r.md");
    env.run(
        today,
        &["report", "--format", "md", "--out", md.to_str().unwrap()],
    )
    .success();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(
        md.contains("次のシステム更新時までの対応として受付"),
        "{md}"
    );
    // The report says which items are left out of the verdict and why, and marks the texts.
    assert!(md.contains("判定から除いた項目（本文未確認）"), "{md}");
    assert!(
        md.contains("二要素認証: 公式の文言が入手できていないため、判定に含めていません"),
        "{md}"
    );
    assert!(md.contains("二要素認証 ［本文未確認］"), "{md}");
    assert!(md.contains("［文言は案から］"), "{md}");
    // Other rows have no such relief.
    env.run(
        today,
        &["answer", "2-5@server", "no", "--target", "2026-04-01"],
    )
    .failure()
    .stderr(predicate::str::contains("期限の後"));
}

/// 3(1) has no 目標日 on the form: a target is refused, and いいえ is a finding on its own.
#[test]
fn contact_chart_no_is_a_finding_whatever_its_target() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    env.run(today, &["answer", "3-1", "no", "--target", "2025-01-31"])
        .failure()
        .stderr(predicate::str::contains("目標日の欄がありません"));
    env.run(today, &["answer", "3-1", "no"])
        .success()
        .stdout(predicate::str::contains("目標日がありません").not());
    env.run(today, &["target", "3-1", "2025-01-31"])
        .failure()
        .stderr(predicate::str::contains("目標日の欄がありません"));
    let f = findings(&env.json(today, &["status", "--json"]));
    assert!(f.contains(&("contact-chart-missing".into(), "3-1@general".into())));
    assert!(
        !f.iter()
            .any(|(r, row)| r.starts_with("target-") && row == "3-1@general"),
        "{f:?}"
    );
}

/// A 確認日 must fall inside the sheet's 年度: a 平成31年 date on a 令和6年度 sheet, or a date of
/// the next 年度, is refused with the allowed range; one an older kensa stored is a finding.
#[test]
fn check_dates_outside_the_fiscal_year() {
    let env = Env::new();
    env.hospital_r6();
    let before = env.db_bytes();
    for (today, args) in [
        (
            "2024-10-01",
            vec!["answer", "1-1", "yes", "--date", "H31.4.30"],
        ),
        (
            "2024-10-01",
            vec!["answer", "1-1", "yes", "--date", "2024-03-31"],
        ),
        // Today is in the next 年度, and the 確認日 defaults to today.
        (
            "2025-04-01",
            vec!["answer", "1-1", "yes", "--sheet", "hospital-r6-2024"],
        ),
    ] {
        env.run(today, &args).failure().stderr(
            predicate::str::contains("年度（令和6年度）の外")
                .and(predicate::str::contains("2024-04-01（令和6年4月1日）"))
                .and(predicate::str::contains("2025-03-31（令和7年3月31日）")),
        );
        assert!(env.db_bytes() == before, "{args:?} changed the database");
    }
    env.run(
        "2025-05-01",
        &[
            "--lang",
            "en",
            "answer",
            "1-1",
            "yes",
            "--date",
            "2025-04-01",
            "--sheet",
            "hospital-r6-2024",
        ],
    )
    .failure()
    .stderr(predicate::str::contains("outside this sheet's fiscal year"));
    env.run(
        "2024-10-01",
        &["answer", "1-1", "yes", "--date", "2024-04-01"],
    )
    .success();

    // What a database written before this check may hold.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER checks_append_only_u;
         UPDATE checks SET checked_on = '2019-04-30' WHERE id = 1;
         CREATE TRIGGER checks_append_only_u BEFORE UPDATE ON checks
             BEGIN SELECT RAISE(ABORT, 'checks are append-only'); END;",
    )
    .unwrap();
    drop(conn);
    let status = env.json("2024-10-01", &["status", "--json"]);
    assert!(
        findings(&status).contains(&("check-outside-fiscal-year".into(), "1-1@general".into())),
        "{status:#}"
    );
    env.run("2024-10-01", &["status"])
        .success()
        .stdout(predicate::str::contains("2019-04-30（平成31年4月30日）"));
}

/// `sheet new --fiscal-year 2030` was accepted and silently became every command's default.
#[test]
fn sheets_for_the_wrong_year() {
    let env = Env::new();
    env.hospital_r6();
    let today = "2024-10-01";
    let before = env.db_bytes();
    env.run(
        today,
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r7",
            "--fiscal-year",
            "2030",
        ],
    )
    .failure()
    .stderr(
        predicate::str::contains("令和12年度のシートはまだ作成できません")
            .and(predicate::str::contains("--fiscal-year 2025")),
    );
    assert!(env.db_bytes() == before);
    // Next year's sheet may be prepared, but this year's stays the default.
    env.run(
        today,
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r7",
            "--fiscal-year",
            "2025",
        ],
    )
    .success();
    for cmd in [vec!["status", "--json"], vec!["answers", "--json"]] {
        let out = env.kensa(today).args(&cmd).assert().success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(v["sheet"]["key"], "hospital-r6-2024", "{cmd:?}");
        assert!(out.get_output().stderr.is_empty(), "{cmd:?}");
    }
    let out = env.dir.path().join("r.json");
    env.run(
        today,
        &["report", "--format", "json", "--out", out.to_str().unwrap()],
    )
    .success()
    .stdout(predicate::str::contains("hospital-r6-2024"));
    let key = env.dir.path().join("k.key");
    let bundle = env.dir.path().join("b.kensa");
    env.run(today, &["keygen", "--out", key.to_str().unwrap()])
        .success();
    env.run(
        today,
        &[
            "bundle",
            "--out",
            bundle.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    )
    .success();
    let verify = env.json(today, &["verify", "--json", bundle.to_str().unwrap()]);
    assert_eq!(
        verify["manifest"]["sheet"], "hospital-r6-2024",
        "{verify:#}"
    );
    // In the new 年度, that year's sheet.
    let status = env.json("2025-04-10", &["status", "--json"]);
    assert_eq!(status["sheet"]["key"], "hospital-r7-2025");

    // A year without its own sheet: the latest earlier one, and stderr says so.
    let env = Env::new();
    env.hospital_r6();
    env.run("2025-05-01", &["status", "--json"])
        .success()
        .stdout(predicate::str::contains("\"key\": \"hospital-r6-2024\""))
        .stderr(predicate::str::contains(
            "今年度（令和7年度）のシートがないため、hospital-r6-2024（令和6年度）を使います",
        ));
}

/// An R5 edition for 令和7年度 while R7 exists: only with --older-edition, and then its 参考項目
/// exemptions do not apply and status and the report say a newer edition exists.
#[test]
fn an_older_edition_for_a_later_year_is_explicit_and_exempts_nothing() {
    let env = Env::new();
    let today = "2025-10-01";
    env.run(today, &["init", "--name", "試験病院", "--kind", "hospital"])
        .success();
    let new_r5 = [
        "sheet",
        "new",
        "--edition",
        "hospital-r5",
        "--fiscal-year",
        "2025",
    ];
    env.run(today, &new_r5).failure().stderr(
        predicate::str::contains("新しい版 hospital-r7")
            .and(predicate::str::contains("--older-edition")),
    );
    let mut explicit = new_r5.to_vec();
    explicit.push("--older-edition");
    env.run(today, &explicit)
        .success()
        .stdout(predicate::str::contains("参考項目の除外は適用せず"));
    let status = env.json(today, &["status", "--json"]);
    assert_eq!(status["sheet"]["key"], "hospital-r5-2025");
    assert_eq!(status["sheet"]["newer_edition"], "hospital-r7");
    // 3(2) was a 参考項目 of R5 (due 令和6年度); on a 令和7年度 sheet it is required.
    let f = findings(&status);
    assert!(
        f.contains(&("first-check-missing".into(), "3-2@general".into())),
        "{f:?}"
    );
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains(
            "令和7年度には新しい版 hospital-r7 があります",
        ));
    let md = env.dir.path().join("r.md");
    env.run(
        today,
        &["report", "--format", "md", "--out", md.to_str().unwrap()],
    )
    .success();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(
        md.contains("古い版で作成（参考項目の除外なし）。この年度の版: hospital-r7"),
        "{md}"
    );

    // In its own year R5 keeps its exemptions, and nothing is said.
    let env = Env::new();
    env.run(
        "2023-10-01",
        &["init", "--name", "試験病院", "--kind", "hospital"],
    )
    .success();
    env.run("2023-10-01", &["sheet", "new", "--edition", "hospital-r5"])
        .success();
    let status = env.json("2023-10-01", &["status", "--json"]);
    assert!(status["sheet"]["newer_edition"].is_null());
    assert!(
        !findings(&status)
            .iter()
            .any(|(_, row)| row == "3-2@general")
    );
}

/// Text that must never reach the user: SQL and the libraries' own wording around it.
fn assert_no_sql(stderr: &str) {
    for internal in ["CREATE ", "TRIGGER", "rusqlite", "query", "os error 17"] {
        assert!(!stderr.contains(internal), "`{internal}` in:\n{stderr}");
    }
}

#[test]
fn commands_started_together_on_a_new_database_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kensa");
    for round in 0..5 {
        let db = dir.path().join(format!("new-{round}/kensa.db"));
        let children: Vec<_> = (0..8)
            .map(|_| {
                // A command that writes: read-only ones never create a database.
                std::process::Command::new(&bin)
                    .args([
                        "contacts",
                        "add",
                        "--role",
                        "police",
                        "--name",
                        "生活安全課",
                    ])
                    .env("KENSA_DB", &db)
                    .env("KENSA_CHECKLISTS", dir.path().join("none"))
                    .env_remove("KENSA_LANG")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            assert_no_sql(&stderr);
            assert!(String::from_utf8_lossy(&out.stdout).contains("を登録しました"));
        }
        // One database, migrated once, whole.
        let env_db = Command::cargo_bin("kensa")
            .unwrap()
            .args(["audit", "verify", "--json"])
            .env("KENSA_DB", &db)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: Value = serde_json::from_slice(&env_db).unwrap();
        assert_eq!(v["intact"], true);
    }
}

/// Take the database's write lock on another thread, as another kensa writing would, hold it
/// for `hold`, then commit. Returns once the lock is held.
fn hold_write_lock(db: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    let db = db.to_path_buf();
    let (locked, is_locked) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        let mut conn = rusqlite::Connection::open(db).unwrap();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        locked.send(()).unwrap();
        std::thread::sleep(hold);
        tx.commit().unwrap();
    });
    is_locked.recv().unwrap();
    t
}

#[test]
fn waiting_for_another_kensas_lock_says_so_then_gives_up_clearly() {
    let env = Env::new();
    env.run(
        "2025-10-01",
        &["init", "--name", "試験病院", "--kind", "hospital"],
    )
    .success();
    // Another kensa in the middle of a write: it holds the write lock for 4 s.
    let other = hold_write_lock(&env.db(), std::time::Duration::from_secs(4));
    let start = std::time::Instant::now();
    let out = env
        .kensa("2025-10-01")
        .env("KENSA_LOCK_TIMEOUT", "2")
        .args(["inventory", "add", "--control-no", "001"])
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    let waited = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .matches("他の kensa がデータベースを使用中です。待機しています")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("2 秒待ちました"), "{stderr}");
    assert!(stderr.contains("何も変更していません"), "{stderr}");
    assert!(!stderr.contains("database is locked"), "{stderr}");
    assert!(waited >= std::time::Duration::from_secs(2), "{waited:?}");
    assert!(waited < std::time::Duration::from_secs(10), "{waited:?}");

    other.join().unwrap();

    // Released after a second: the waiting command then does its work.
    let other = hold_write_lock(&env.db(), std::time::Duration::from_secs(1));
    let out = env
        .kensa("2025-10-01")
        .args(["--lang", "en", "inventory", "add", "--control-no", "001"])
        .assert()
        .success()
        .get_output()
        .clone();
    other.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .matches("another kensa is using the database; waiting")
            .count(),
        1,
        "{stderr}"
    );
    env.run("2025-10-01", &["inventory", "list"])
        .success()
        .stdout(predicate::str::contains("001"));

    // A wait that is not a number of seconds is refused in the user's language.
    env.kensa("2025-10-01")
        .env("KENSA_LOCK_TIMEOUT", "10s")
        .args(["inventory", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "環境変数 KENSA_LOCK_TIMEOUT の値 `10s` は秒数ではありません",
        ));
}

#[test]
fn a_full_disk_on_the_first_run_says_so_without_sql() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kensa.db");
    // The file size limit stands in for a full disk: writes beyond 16 KiB fail (SIGXFSZ
    // ignored, so they fail with an error rather than killing the process).
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" init --name 試験病院 --kind hospital")
        .arg(assert_cmd::cargo::cargo_bin("kensa"))
        .env("KENSA_DB", &db)
        .env("KENSA_CHECKLISTS", dir.path().join("none"))
        .env_remove("KENSA_LANG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_no_sql(&stderr);
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(stderr.contains("書き込めません"), "{stderr}");
    assert!(stderr.contains("何も変更していません"), "{stderr}");
    // Nothing half-made is left behind: the next run, with room, creates the database.
    Command::cargo_bin("kensa")
        .unwrap()
        .args(["init", "--name", "試験病院", "--kind", "hospital"])
        .env("KENSA_DB", &db)
        .env("KENSA_CHECKLISTS", dir.path().join("none"))
        .assert()
        .success();
}

/// 令和8年度: the official 令和8年度版 exists but kensa ships no items for it. A sheet of that
/// year on the 令和7年度版 says so in `sheet new`, `status` and the report, with how to import it
/// and whose rules apply meanwhile.
#[test]
fn reiwa_8_sheet_is_told_of_the_official_edition_it_lacks() {
    let env = Env::new();
    let today = "2026-07-01";
    env.run(today, &["init", "--name", "試験病院", "--kind", "hospital"])
        .success();
    let hint = "令和8年度版が公表されています。公式の Excel を kensa checklist import で取り込んでください";
    let rules =
        "令和8年度版の点検ルールは入手できていないため、令和7年度版のルールで判定しています";
    env.run(today, &["sheet", "new", "--edition", "hospital-r7"])
        .success()
        .stdout(predicate::str::contains(hint));
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains(hint).and(predicate::str::contains(rules)));
    let status = env.json(today, &["status", "--json"]);
    assert_eq!(
        status["edition_notices"].as_array().unwrap().len(),
        2,
        "{status:#}"
    );
    let md = env.dir.path().join("r.md");
    env.run(
        today,
        &["report", "--format", "md", "--out", md.to_str().unwrap()],
    )
    .success();
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains(hint) && md.contains(rules), "{md}");
    // English beside.
    env.kensa(today)
        .args(["--lang", "en", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "the Reiwa 8 (FY2026) edition has been published; import the official Excel with kensa checklist import",
        ));
    // A 令和7年度 sheet is told nothing.
    let env = Env::new();
    let today = "2025-10-01";
    env.run(today, &["init", "--name", "試験病院", "--kind", "hospital"])
        .success();
    env.run(today, &["sheet", "new", "--edition", "hospital-r7"])
        .success();
    env.run(today, &["status"])
        .success()
        .stdout(predicate::str::contains("令和8年度版").not());
}
