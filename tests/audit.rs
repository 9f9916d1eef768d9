#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! History that can be rewritten, on the real binary: a planted or dropped schema object is
//! reported and refused for writes; a rewrite that recomputes the whole chain passes the local
//! check (a local chain cannot stop its owner) but not an anchor held elsewhere — a code written
//! down from `kensa audit anchor`, or the audit log inside a signed bundle.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kensa::model::audit::AuditRecord;
use predicates::prelude::*;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::Value;
use sha2::Digest;

const TODAY: &str = "2025-10-01";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A hospital on the R7 sheet with one いいえ (and its 目標日) and one はい.
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        env.ok(&["init", "--name", "みなと市民病院", "--kind", "hospital"]);
        env.ok(&["sheet", "new", "--edition", "hospital-r7"]);
        env.ok(&["answer", "gate", "yes", "--date", "2025-06-02"]);
        env.ok(&[
            "answer",
            "1-1",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-12-01",
        ]);
        env.ok(&["answer", "2-6", "yes", "--date", "2025-06-02"]);
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("kensa.db")
    }

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.db())
            .env("KENSA_CHECKLISTS", self.path("user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("USER", "tester")
            .current_dir(self.dir.path());
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }

    fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).success().get_output().stdout.clone()).unwrap()
    }

    fn anchor(&self) -> String {
        let v: Value = serde_json::from_str(&self.ok(&["audit", "anchor", "--json"])).unwrap();
        assert_eq!(v["schema"], "kensa.audit-anchor/1");
        v["code"].as_str().unwrap().to_string()
    }

    fn audit_records(&self) -> i64 {
        Connection::open(self.db())
            .unwrap()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    }
}

fn sha256_hex(b: &[u8]) -> String {
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// What an attacker who read kensa's source does: change rows with the guard triggers dropped
/// and put back exactly as they were (so the schema is kensa's again), re-hash the rows they
/// touched, and recompute the whole chain, so the local check finds nothing.
fn rewrite_history(db: &Path, edit: &str, rehash: &[(&str, &str, i64)]) {
    let conn = Connection::open(db).unwrap();
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
    for (entity, cols, id) in rehash {
        let n = cols.split(',').count();
        let h: String = conn
            .query_row(
                &format!("SELECT {cols} FROM {entity} WHERE id = ?1"),
                [id],
                |r| {
                    let values: Vec<Value> = (0..n)
                        .map(|i| match r.get_ref(i).unwrap() {
                            ValueRef::Null => Value::Null,
                            ValueRef::Integer(n) => n.into(),
                            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                            other => panic!("{other:?}"),
                        })
                        .collect();
                    Ok(sha256_hex(Value::Array(values).to_string().as_bytes()))
                },
            )
            .unwrap();
        conn.execute(
            "UPDATE audit_log SET row_hash = ?1 WHERE seq =
               (SELECT max(seq) FROM audit_log WHERE entity = ?2 AND entity_id = ?3)",
            rusqlite::params![h, entity, id],
        )
        .unwrap();
    }
    let records: Vec<AuditRecord> = conn
        .prepare("SELECT seq, at, actor, action, entity, entity_id, row_hash, prev_hash, hash FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok(AuditRecord {
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
    let mut prev = kensa::model::audit::GENESIS.to_string();
    for mut r in records {
        r.prev_hash = prev;
        r.hash = r.recompute();
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![r.prev_hash, r.hash, r.seq],
        )
        .unwrap();
        prev = r.hash;
    }
    for (_, sql) in &triggers {
        conn.execute_batch(sql).unwrap();
    }
}

const FACILITY_COLS: &str = "id, name, kind, prefecture, manager, security_officer, vendor_contracts, updated_at, institution_code, beds, founder";
const CHECK_COLS: &str = "id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at";

#[test]
fn a_planted_trigger_is_reported_and_refuses_every_write() {
    let env = Env::new();
    let records = env.audit_records();
    // The attack: every later いいえ becomes はい.
    Connection::open(env.db())
        .unwrap()
        .execute_batch(
            "DROP TRIGGER checks_append_only_u;
             CREATE TRIGGER no_becomes_yes AFTER INSERT ON checks WHEN NEW.answer = 'no'
             BEGIN UPDATE checks SET answer = 'yes' WHERE id = NEW.id; END;",
        )
        .unwrap();
    env.run(&[
        "answer",
        "2-5@server",
        "no",
        "--date",
        "2025-06-02",
        "--target",
        "2025-12-01",
    ])
    .code(1)
    .stderr(predicate::str::contains("トリガー no_becomes_yes"))
    .stderr(predicate::str::contains("checks_append_only_u"))
    .stderr(predicate::str::contains("書き込みを拒否しました"))
    .stderr(predicate::str::contains("CREATE").not());
    assert_eq!(env.audit_records(), records, "nothing was written");
    // Reading still works, with a warning.
    env.run(&["status"])
        .success()
        .stderr(predicate::str::contains("警告"))
        .stderr(predicate::str::contains("no_becomes_yes"));
    env.run(&["audit", "verify"])
        .code(4)
        .stdout(predicate::str::contains(
            "データベースの構造: トリガー no_becomes_yes は kensa が作ったものではありません",
        ))
        .stdout(predicate::str::contains(
            "kensa のトリガー checks_append_only_u が削除されています",
        ));
    let v: Value = serde_json::from_slice(
        &env.run(&["--lang", "en", "audit", "verify", "--json"])
            .code(4)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(
        v["schema_problems"],
        serde_json::json!([
            {"change": "added", "object": "trigger", "name": "no_becomes_yes"},
            {"change": "missing", "object": "trigger", "name": "checks_append_only_u"},
        ])
    );
}

#[test]
fn an_anchor_code_finds_a_rewrite_the_chain_cannot() {
    let env = Env::new();
    let code = env.anchor();
    let text = env.ok(&["audit", "anchor"]);
    assert!(text.contains(&code), "{text}");
    env.run(&["audit", "verify", "--anchor", &code])
        .success()
        .stdout(predicate::str::contains("アンカーと一致しました"));
    // Later work does not disturb the history before the anchor.
    env.ok(&["answer", "2-4@server", "yes", "--date", "2025-06-03"]);
    env.run(&["audit", "verify", "--anchor", &code]).success();
    // Read over the phone: lower case, spaces instead of hyphens.
    env.run(&[
        "audit",
        "verify",
        "--anchor",
        &code.to_lowercase().replace('-', " "),
    ])
    .success();

    // Rename the facility and recompute everything: the local check is fooled…
    rewrite_history(
        &env.db(),
        "UPDATE facility SET name = '別の病院'",
        &[("facility", FACILITY_COLS, 1)],
    );
    env.run(&["audit", "verify"])
        .success()
        .stdout(predicate::str::contains("監査ログは正常です"));
    // …the anchor is not.
    let seq = code.split('-').next().unwrap();
    env.run(&["audit", "verify", "--anchor", &code])
        .code(5)
        .stderr(predicate::str::contains("アンカーと一致しません"))
        .stderr(predicate::str::contains(format!(
            "記録 {seq} 件目のハッシュ"
        )));
    let v: Value = serde_json::from_slice(
        &env.run(&["audit", "verify", "--anchor", &code, "--json"])
            .code(5)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["anchor"]["unchanged"], false);
    assert_eq!(v["anchor"]["mismatch"]["kind"], "hash_differs");
}

#[test]
fn deleting_the_newest_records_is_found_by_the_anchor() {
    let env = Env::new();
    let code = env.anchor();
    // The known limit of a local chain: the newest answer and its audit record removed.
    rewrite_history(
        &env.db(),
        "DELETE FROM checks WHERE id = (SELECT max(id) FROM checks);
         DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);",
        &[],
    );
    env.run(&["audit", "verify"]).success();
    env.run(&["audit", "verify", "--anchor", &code])
        .code(5)
        .stderr(predicate::str::contains("データベースにありません"));
}

#[test]
fn a_mistyped_or_malformed_code_is_an_error_not_a_verdict() {
    let env = Env::new();
    let code = env.anchor();
    // One character misread: the check character catches it.
    let mut chars: Vec<char> = code.chars().collect();
    let i = code.find('-').unwrap() + 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let typo: String = chars.into_iter().collect();
    env.run(&["audit", "verify", "--anchor", &typo])
        .code(1)
        .stderr(predicate::str::contains("打ち間違い"));
    for bad in ["hello", "12-ABC", "12-ABCD-ABCD-ABCD-ABCD-U", "-ABCD", ""] {
        env.run(&["audit", "verify", &format!("--anchor={bad}")])
            .code(1)
            .stderr(predicate::str::contains(
                "アンカーコードでもバンドルファイルでもありません",
            ));
    }
    // An anchor beyond the end of the history: records were deleted (or it is another database).
    let far = kensa::model::audit::AnchorCode {
        seq: 999,
        prefix: [0; 10],
    }
    .to_string();
    env.run(&["audit", "verify", "--anchor", &far])
        .code(5)
        .stderr(predicate::str::contains(
            "記録 999 件目がデータベースにありません",
        ));
}

#[test]
fn a_bundle_anchors_every_record_and_names_the_first_that_differs() {
    let env = Env::new();
    let key = env.path("k.key");
    env.ok(&["keygen", "--out", key.to_str().unwrap()]);
    let bundle = env.path("b.tar");
    env.ok(&[
        "bundle",
        "--out",
        bundle.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    // verify shows the bundle's anchor code: the same the officer wrote down.
    let code = env.anchor();
    env.run(&["verify", bundle.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains(&code));
    let b = bundle.to_str().unwrap();
    env.run(&["audit", "verify", "--anchor", b])
        .success()
        .stdout(predicate::str::contains("アンカーと一致しました"));

    // The いいえ of 1-1 quietly becomes はい, the chain recomputed.
    let conn = Connection::open(env.db()).unwrap();
    let (check_id, seq): (i64, i64) = conn
        .query_row(
            "SELECT c.id, a.seq FROM checks c JOIN audit_log a
               ON a.entity = 'checks' AND a.entity_id = c.id WHERE c.item = '1-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    rewrite_history(
        &env.db(),
        &format!("UPDATE checks SET answer = 'yes' WHERE id = {check_id}"),
        &[("checks", CHECK_COLS, check_id)],
    );
    env.run(&["audit", "verify"]).success();
    env.run(&["audit", "verify", "--anchor", b])
        .code(5)
        .stderr(predicate::str::contains(format!(
            "記録 {seq} 件目の row_hash が違います"
        )));

    // A bundle that is not as signed cannot serve as an anchor.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    let changed = env.path("changed.tar");
    std::fs::write(&changed, bytes).unwrap();
    env.run(&["audit", "verify", "--anchor", changed.to_str().unwrap()])
        .code(1);
}
