#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! The real `kensa` binary on inputs that used to crash, hang, corrupt or fool it (issue 12):
//! dates whose month or day wrapped modulo 256, terminal escapes in stored text, special files
//! where a regular file belongs, files created under a permissive umask or through a planted
//! link, and text too long for the outputs. Each bad input changes nothing stored.

use std::path::PathBuf;

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
            .env("KENSA_TODAY", "2025-10-01")
            .env_remove("KENSA_LANG")
            .env("USER", "tester")
            .timeout(std::time::Duration::from_secs(30));
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args).success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }

    fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).unwrap()
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// A hospital with an r7 sheet for FY2025 and one 台帳 row.
    fn hospital(&self) {
        self.run(&[
            "init",
            "--name",
            "試験病院",
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
        ])
        .success();
        self.run(&[
            "sheet",
            "new",
            "--edition",
            "hospital-r7",
            "--fiscal-year",
            "2025",
        ])
        .success();
        self.run(&["answer", "gate", "yes", "--date", "2025-06-01"])
            .success();
        self.run(&["answer", "2-6", "no", "--date", "2025-06-01"])
            .success();
        self.run(&["inventory", "add", "--computer-name", "pc1"])
            .success();
    }
}

const LEDGER_HEADER: &str = "管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,コンピュータ名,設置場所,利用者,登録日,状態,説明";

/// Month or day past 255 used to wrap around (`2025-257-01` stored as 1 January): every path
/// where a date is typed or imported refuses it, naming the input, and stores nothing.
#[test]
fn dates_with_a_month_or_day_past_255_are_refused_everywhere() {
    let env = Env::new();
    env.hospital();
    let before = env.db_bytes();
    for bad in ["2025-257-01", "R7.261.1", "令和7年5月257日", "2025/5/513"] {
        let attempts: Vec<Vec<&str>> = vec![
            vec!["answer", "2-6", "no", "--date", bad],
            vec!["answer", "2-6", "no", "--target", bad],
            vec!["target", "2-6", bad],
            vec!["inventory", "add", "--registered", bad],
            vec!["inventory", "edit", "001", "--registered", bad],
            vec!["inventory", "retire", "001", "--date", bad],
        ];
        for args in attempts {
            env.run(&args)
                .failure()
                .stderr(predicate::str::contains(bad))
                .stderr(predicate::str::contains("日付ではありません"));
        }
        let csv = env.write(
            "ledger.csv",
            format!("{LEDGER_HEADER}\r\n002,A社,Win11,EMR,1,,pc2,R1,u,{bad},稼働,\r\n").as_bytes(),
        );
        env.run(&["inventory", "import", csv.to_str().unwrap()])
            .failure()
            .stderr(predicate::str::contains("ledger.csv:2"))
            .stderr(predicate::str::contains(bad));
    }
    assert_eq!(env.db_bytes(), before);
}

fn fixture(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// An edition year past `i16` once wrapped to a negative year and panicked in `checklist show`
/// and `status`: every year of an edition is range-checked when the file is read.
#[test]
fn edition_years_are_range_checked_when_the_file_is_read() {
    let env = Env::new();
    let valid = std::fs::read_to_string(fixture("checklists/valid-r9.yaml")).unwrap();
    let user = env.path("user-checklists");
    std::fs::create_dir_all(&user).unwrap();
    for (field, text) in [
        (
            "deadline_fiscal_year 40000",
            valid.replacen(
                "        scopes: [general]\n        wording: verified",
                "        scopes: [general]\n        deadline_fiscal_year: 40000\n        wording: verified",
                1,
            ),
        ),
        (
            "reference_deadline_fiscal_year 70000",
            valid.replacen(
                "source: test fixture\n",
                "source: test fixture\nreference_deadline_fiscal_year: 70000\n",
                1,
            ),
        ),
    ] {
        assert_ne!(text, valid);
        let file = user.join("r9.yaml");
        std::fs::write(&file, &text).unwrap();
        env.run(&["--lang", "en", "checklist", "validate", file.to_str().unwrap()])
            .code(1)
            .stdout(predicate::str::contains(field))
            .stderr(predicate::str::contains("panicked").not());
        env.run(&["--lang", "en", "checklist", "show", "hospital-r9"])
            .failure()
            .stderr(predicate::str::contains(field))
            .stderr(predicate::str::contains("panicked").not());
    }
}
