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
/// and `status`: every year of an edition is range-checked when the file is read, and so is
/// the length of the texts a report cell must hold.
#[test]
fn edition_years_and_texts_are_checked_when_the_file_is_read() {
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
        // Text a report cell could not hold.
        (
            "text is longer than 4000 characters",
            valid.replacen(
                "医療情報システム安全管理責任者を設置している。",
                &"長".repeat(40_000),
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

#[cfg(unix)]
fn mkfifo(p: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", p.display());
}

/// A FIFO given where kensa reads a file used to hang it forever (`Env::kensa` kills a command
/// after 30 s, so a regression fails instead of hanging). Each is refused at once, naming the
/// file and saying what it is, and nothing is stored.
#[cfg(unix)]
#[test]
fn named_pipes_are_refused_without_hanging() {
    let env = Env::new();
    env.hospital();
    env.run(&["keygen", "--out", env.path("k").to_str().unwrap()])
        .success();
    let fifo = env.path("pipe.csv");
    mkfifo(&fifo);
    let f = fifo.to_str().unwrap();
    let before = env.db_bytes();
    let started = std::time::Instant::now();
    for args in [
        vec!["inventory", "import", f],
        vec!["inventory", "import", "--dry-run", f],
        vec!["answer", "2-6", "no", "--evidence", f],
        vec!["bundle", "--out", "b.kensa", "--key", f],
        vec!["verify", f],
        vec!["checklist", "validate", f],
        vec!["--db", f, "status"],
    ] {
        let out = env.kensa().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            // Checklist validation messages are English like all of `checklist validate`'s.
            text.contains("pipe.csv")
                && (text.contains("名前付きパイプ") || text.contains("named pipe")),
            "{args:?}: {text}"
        );
    }
    // `verify --pubkey` with a FIFO: not taken for a key file, not read.
    env.run(&["verify", "nothing.kensa", "--pubkey", f])
        .failure();
    // A FIFO in the user checklist folder is reported and every command still runs.
    let user = env.path("user-checklists");
    std::fs::create_dir_all(&user).unwrap();
    mkfifo(&user.join("r9.yaml"));
    env.run(&["status"])
        .success()
        .stderr(predicate::str::contains("r9.yaml"));
    // A FIFO as the report templates.
    let templates = env.path("templates");
    std::fs::create_dir_all(&templates).unwrap();
    mkfifo(&templates.join("report.md"));
    env.run(&[
        "report",
        "--format",
        "md",
        "--templates",
        templates.to_str().unwrap(),
        "--out",
        env.path("r.md").to_str().unwrap(),
    ])
    .failure()
    .stderr(predicate::str::contains("report.md"));
    assert_eq!(env.db_bytes(), before);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

/// `kensa ARGS` started by a shell that first runs `prelude` (with `$$` being kensa's own
/// process id, thanks to `exec`), in the environment's folder.
#[cfg(unix)]
fn shell_kensa(env: &Env, prelude: &str, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("kensa");
    let mut c = std::process::Command::new("sh");
    c.arg("-c")
        .arg(format!("{prelude}\nexec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(env.dir.path())
        .env("KENSA_DB", env.db())
        .env("KENSA_CHECKLISTS", env.path("user-checklists"))
        .env("KENSA_TODAY", "2025-10-01")
        .env_remove("KENSA_LANG")
        .env("USER", "tester");
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Under umask 000 the folders kensa made were 0777 and exports and the public key 0666: now
/// folders are 0700, the database, keys, bundles and exports 0600 and the public key 0644.
#[cfg(unix)]
#[test]
fn files_kensa_creates_are_private_whatever_the_umask() {
    let env = Env::new();
    let umask0 = |args: &[&str]| shell_kensa(&env, "umask 000", args);
    umask0(&[
        "--db",
        "d/sub/kensa.db",
        "init",
        "--name",
        "試験病院",
        "--kind",
        "hospital",
    ]);
    assert_eq!(mode(&env.path("d")), 0o700);
    assert_eq!(mode(&env.path("d/sub")), 0o700);
    assert_eq!(mode(&env.path("d/sub/kensa.db")), 0o600);
    env.hospital();
    umask0(&["keygen", "--out", "k"]);
    assert_eq!(mode(&env.path("k")), 0o600);
    assert_eq!(mode(&env.path("k.pub")), 0o644);
    umask0(&["report", "--format", "md", "--out", "o/sub/r.md"]);
    umask0(&["report", "--format", "xlsx", "--out", "o/r.xlsx"]);
    umask0(&["inventory", "export", "--format", "csv", "--out", "e/l.csv"]);
    umask0(&["inventory", "export", "--format", "xlsx", "--out", "l.xlsx"]);
    umask0(&["bundle", "--key", "k", "--out", "b/x.kensa"]);
    umask0(&["collect", "--out", "c/host.json"]);
    for dir in ["o", "o/sub", "e", "b", "c"] {
        assert_eq!(mode(&env.path(dir)), 0o700, "{dir}");
    }
    for file in [
        "kensa.db",
        "o/sub/r.md",
        "o/r.xlsx",
        "e/l.csv",
        "l.xlsx",
        "b/x.kensa",
        "c/host.json",
    ] {
        assert_eq!(mode(&env.path(file)), 0o600, "{file}");
    }
}

/// The temporary `.NAME.PID.tmp` of an atomic write followed a link planted at that name and
/// overwrote the officer's file. Temporaries are now created exclusively under a random name.
#[cfg(unix)]
#[test]
fn atomic_writes_do_not_follow_a_planted_temporary() {
    let env = Env::new();
    env.hospital();
    let victim = env.write("victim.txt", b"the officer's file");
    for (out, args) in [
        ("r.md", vec!["report", "--format", "md", "--out", "r.md"]),
        (
            "l.csv",
            vec!["inventory", "export", "--format", "csv", "--out", "l.csv"],
        ),
        ("host.json", vec!["collect", "--out", "host.json"]),
    ] {
        // `$$` is the shell's id, which `exec` hands on to kensa.
        let plant = format!("ln -s victim.txt .{out}.$$.tmp");
        shell_kensa(&env, &plant, &args);
        let kept = std::fs::read(&victim).unwrap() == b"the officer's file";
        assert!(kept, "{out}: written through the planted link");
        assert!(std::fs::symlink_metadata(env.path(out)).unwrap().is_file());
    }
}

/// Outside text as an attacker would write it: an OSC title change, clear screen, carriage
/// return, a C1 CSI, a bidi override and a line break followed by a forged verdict.
#[cfg(unix)]
const HOSTILE: &str = "A\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m\u{202e}gpj.exe\n準備完了";

/// What a terminal would act on: every control but the line break, and the bidi controls.
fn acted_on(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// The output of `kensa ARGS` (stdout and stderr) holds nothing a terminal would act on, and
/// no line of it starts with the forged text that followed a line break.
fn assert_visible_safe(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if let Some(c) = text.chars().find(|c| acted_on(*c)) {
            panic!("{what}: {stream} has raw U+{:04X}: {text:?}", u32::from(c));
        }
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("準備完了")),
            "{what}: {stream} has a forged line: {text}"
        );
    }
}

/// Raw escapes in notes, names, file names, CSV cells and host documents reached the terminal
/// in `status`, `answers`, `inventory list`, `contacts list` and import errors. Every command
/// shows them as visible escapes; JSON output stays valid and carries the same text.
#[cfg(unix)]
#[test]
fn terminal_escapes_in_stored_text_are_shown_not_obeyed() {
    let env = Env::new();
    let h = HOSTILE;
    env.run(&["init", "--name", h, "--kind", "hospital", "--prefecture", h])
        .success();
    env.run(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r7",
        "--fiscal-year",
        "2025",
    ])
    .success();
    let evidence = env.write(&format!("ev{}.txt", "\u{1b}[31m\u{202e}"), b"evidence");
    env.run(&[
        "contacts", "add", "--role", "police", "--name", h, "--org", h, "--phone", h,
    ])
    .success();
    env.run(&[
        "answer",
        "2-6",
        "no",
        "--date",
        "2025-06-01",
        "--note",
        h,
        "--by",
        h,
        "--evidence",
        evidence.to_str().unwrap(),
    ])
    .success();
    env.run(&[
        "inventory",
        "add",
        "--computer-name",
        h,
        "--os",
        h,
        "--status",
        h,
    ])
    .success();
    let csv = env.write(
        "ledger.csv",
        format!("{LEDGER_HEADER}\r\n010,A社,\"{h}\",EMR,1,,pc10,R1,u,2020/12/1,稼働,\r\n")
            .as_bytes(),
    );
    env.run(&["inventory", "import", csv.to_str().unwrap()])
        .success();
    let bad = env.write(
        "bad.csv",
        format!("{LEDGER_HEADER}\r\n011,A社,W,EMR,1,\"10.0.0.1{h}\",pc11,R1,u,,稼働,\r\n")
            .as_bytes(),
    );

    let runs: Vec<Vec<&str>> = vec![
        vec!["status"],
        vec!["answers"],
        vec!["inventory", "list"],
        vec!["contacts", "list"],
        vec!["sheet", "list"],
        vec!["inventory", "import", "--dry-run", csv.to_str().unwrap()],
        vec!["inventory", "import", bad.to_str().unwrap()],
        vec!["answer", h, "yes"],
        vec!["answer", "2-6", "no", "--date", h],
        vec!["inventory", "edit", h, "--os", "x"],
        vec!["status", "--sheet", h],
    ];
    for args in &runs {
        let out = env.kensa().args(args).output().unwrap();
        assert_visible_safe(&format!("{args:?}"), &out);
    }
    // The note is shown, escaped, on its check's line.
    let answers = env.run(&["answers"]).success().get_output().stdout.clone();
    let answers = String::from_utf8(answers).unwrap();
    assert!(
        answers
            .contains("A\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\u{9b}31m\\u{202e}gpj.exe\\n準備完了"),
        "{answers}"
    );
    let import = env
        .kensa()
        .args(["inventory", "import", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&import.stderr).contains("bad.csv:2"));

    // JSON: valid, nothing raw, and the stored text comes back unchanged.
    for args in [
        vec!["status", "--json"],
        vec!["answers", "--json"],
        vec!["inventory", "list", "--json"],
        vec!["contacts", "list", "--json"],
    ] {
        let out = env.kensa().args(&args).output().unwrap();
        assert_visible_safe(&format!("{args:?}"), &out);
    }
    let answers = env.json(&["answers", "--json"]);
    assert_eq!(answers["checks"][0]["note"], h);
    let contacts = env.json(&["contacts", "list", "--json"]);
    assert_eq!(contacts["contacts"][0]["name"], h);
    // `inventory list --json` is streamed row by row, escaped as print_json escapes.
    let inventory = env.json(&["inventory", "list", "--json"]);
    assert!(
        inventory["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["os"] == h && r["computer_name"] == h),
        "{inventory:#}"
    );
}

/// A tampered bundle could paint "intact" over its own problems line with the names it lists.
/// `verify` shows every name from the bundle escaped, so what it prints is what it found.
#[test]
fn a_tampered_bundle_cannot_rewrite_what_verify_prints() {
    let env = Env::new();
    env.hospital();
    let key = env.path("k");
    env.run(&["keygen", "--out", key.to_str().unwrap()])
        .success();
    let good = env.path("good.kensa");
    env.run(&[
        "bundle",
        "--key",
        key.to_str().unwrap(),
        "--out",
        good.to_str().unwrap(),
    ])
    .success();

    // Rewrite the manifest: a forged file entry and facility name that move the cursor up,
    // clear the line and print a verdict of their own.
    let forged = "x\u{1b}[1A\u{1b}[2K\r改ざんはありません\u{1b}[8m";
    let mut archive = tar::Archive::new(std::fs::File::open(&good).unwrap());
    let bad = env.path("bad.kensa");
    let mut builder = tar::Builder::new(std::fs::File::create(&bad).unwrap());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        if name == "manifest.json" {
            let mut m: Value = serde_json::from_slice(&content).unwrap();
            m["facility"]["name"] = Value::String(forged.into());
            m["files"].as_array_mut().unwrap().push(serde_json::json!({
                "path": forged, "size": 0, "sha256": "00",
            }));
            content = serde_json::to_vec_pretty(&m).unwrap();
        }
        let mut header = entry.header().clone();
        header.set_size(content.len() as u64);
        header.set_cksum();
        builder.append(&header, content.as_slice()).unwrap();
    }
    builder.finish().unwrap();
    drop(builder);

    let out = env
        .kensa()
        .args(["verify", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_visible_safe("verify", &out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("x\\u{1b}[1A\\u{1b}[2K\\r改ざんはありません"),
        "{stdout}"
    );
    let out = env
        .kensa()
        .args(["verify", "--json", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_visible_safe("verify --json", &out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intact"], false);
}

/// The Markdown report copied `<script>` and `<iframe>` from notes verbatim, and a note could
/// make a link. Outside text is escaped for Markdown; the HTML report escapes as before.
#[test]
fn html_in_notes_is_escaped_in_the_markdown_report() {
    let env = Env::new();
    env.hospital();
    let note = "<script>alert(1)</script><iframe src=//x></iframe>[click](javascript:alert(1)) & ![t](http://x/t.png)";
    env.run(&[
        "answer",
        "2-6",
        "no",
        "--date",
        "2025-06-02",
        "--note",
        note,
    ])
    .success();
    env.run(&[
        "contacts",
        "add",
        "--role",
        "police",
        "--name",
        "<b>警察</b>",
    ])
    .success();
    for format in ["md", "html"] {
        let out = env.path(&format!("r.{format}"));
        env.run(&["report", "--format", format, "--out", out.to_str().unwrap()])
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        for raw in ["<script", "<iframe", "<b>"] {
            assert!(!text.contains(raw), "{format}: {raw}");
        }
        if format == "md" {
            // No link and no image: the brackets are escaped.
            assert!(
                !text.contains("[click](") && !text.contains("[t]("),
                "{text}"
            );
            assert!(text.contains("\\[click\\](javascript:alert(1))"), "{text}");
        }
        assert!(
            text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{format}"
        );
    }
}

/// A note or name over Excel's 32,767 characters was stored, and then `report --format xlsx`
/// and `bundle` failed without naming the field. Every field is checked when the text is
/// entered, naming the field and the limit; observed text (a host document) is clipped. After
/// all of it, the xlsx report and the bundle are still written.
#[test]
fn text_too_long_for_the_outputs_is_refused_when_entered() {
    let env = Env::new();
    env.hospital();
    let before = env.db_bytes();
    let huge = "あ".repeat(32_768);
    let note = "あ".repeat(4_001);
    let name = "名".repeat(201);
    let cell = "x".repeat(1_001);
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["answer", "2-6", "no", "--note", &huge], "備考", "4000"),
        (vec!["answer", "2-6", "no", "--note", &note], "備考", "4000"),
        (vec!["answer", "2-6", "no", "--by", &name], "確認者", "200"),
        (
            vec!["target", "2-6", "2026-03-31", "--by", &name],
            "確認者",
            "200",
        ),
        (
            vec!["init", "--force", "--name", &name, "--kind", "hospital"],
            "施設名",
            "200",
        ),
        (
            vec![
                "init",
                "--force",
                "--name",
                "x",
                "--kind",
                "hospital",
                "--manager",
                &huge,
            ],
            "管理者",
            "200",
        ),
        (
            vec!["facility", "edit", "--founder", &name],
            "開設者",
            "200",
        ),
        (
            vec!["contacts", "add", "--role", "police", "--name", &name],
            "氏名",
            "200",
        ),
        (
            vec![
                "contacts", "add", "--role", "police", "--name", "x", "--email", &huge,
            ],
            "メールアドレス",
            "200",
        ),
        (vec!["inventory", "add", "--os", &cell], "OS", "1000"),
        (
            vec!["inventory", "add", "--description", &huge],
            "説明",
            "4000",
        ),
        (
            vec!["inventory", "edit", "001", "--location", &cell],
            "設置場所",
            "1000",
        ),
    ];
    for (args, field, limit) in &cases {
        env.run(args)
            .failure()
            .stderr(predicate::str::contains(*field))
            .stderr(predicate::str::contains(format!("{limit} 文字まで")));
    }
    let csv = env.write(
        "long.csv",
        format!("{LEDGER_HEADER}\r\n002,A社,{cell},EMR,1,,pc2,R1,u,,稼働,\r\n").as_bytes(),
    );
    env.run(&["inventory", "import", csv.to_str().unwrap()])
        .failure()
        .stderr(predicate::str::contains("long.csv:2: [OS] 1000 文字まで"));
    assert_eq!(env.db_bytes(), before);

    // Up to the limits everything is stored, and every output is still written.
    env.run(&["answer", "2-6", "no", "--note", &"あ".repeat(4_000)])
        .success();
    env.run(&["answer", "2-6", "no", "--note", &"い".repeat(4_000)])
        .success();
    env.run(&[
        "contacts",
        "add",
        "--role",
        "police",
        "--name",
        &"名".repeat(200),
    ])
    .success();
    env.run(&[
        "inventory",
        "add",
        "--description",
        &"説".repeat(4_000),
        "--os",
        &"o".repeat(1_000),
    ])
    .success();
    // A collected host whose name is far too long is stored clipped, not refused.
    let out = env.path("host.json");
    env.run(&["collect", "--out", out.to_str().unwrap()])
        .success();
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    doc["identity"]["host_name"] = serde_json::json!({"status": "ok", "value": huge});
    doc["identity"]["os_name"] = serde_json::json!({"status": "ok", "value": huge});
    std::fs::write(&out, serde_json::to_vec(&doc).unwrap()).unwrap();
    env.run(&["inventory", "import", out.to_str().unwrap()])
        .success();
    let ledger = env.json(&["inventory", "list", "--json"]);
    let longest = ledger["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["computer_name"].as_str().unwrap().chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, 1_000);

    let key = env.path("k");
    env.run(&["keygen", "--out", key.to_str().unwrap()])
        .success();
    env.run(&[
        "report",
        "--format",
        "xlsx",
        "--out",
        env.path("r.xlsx").to_str().unwrap(),
    ])
    .success();
    env.run(&[
        "inventory",
        "export",
        "--format",
        "xlsx",
        "--out",
        env.path("l.xlsx").to_str().unwrap(),
    ])
    .success();
    env.run(&[
        "bundle",
        "--key",
        key.to_str().unwrap(),
        "--out",
        env.path("b.kensa").to_str().unwrap(),
    ])
    .success();
}
