#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! Vendors end to end, on the real binary: requests written, filled the way vendors fill them
//! (LibreOffice Calc for the workbook, another kensa for the signed file), imported, judged and
//! reported; and every bad response refused by sheet and cell with nothing stored.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

use kensa::model::checklist::Scope;
use kensa::vendor::layout::{self, Row};

const TODAY: &str = "2025-07-01";

/// One kensa database (a facility's, or a vendor's own) in a folder of files.
struct Db {
    dir: PathBuf,
    db: PathBuf,
}

impl Db {
    fn new(root: &Path, name: &str) -> Db {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        Db {
            db: dir.join("kensa.db"),
            dir,
        }
    }

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", &self.db)
            .env("KENSA_CHECKLISTS", self.dir.join("user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn p(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// A hospital with its R7 sheet and a signing key.
    fn hospital(root: &Path, name: &str, code: &str) -> Db {
        let f = Db::new(root, name);
        f.ok(&[
            "init",
            "--name",
            name,
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
            "--institution-code",
            code,
        ]);
        f.ok(&["sheet", "new", "--edition", "hospital-r7"]);
        f.ok(&["keygen", "--out", &f.p("facility.key")]);
        f
    }

    fn audit_records(&self) -> u64 {
        let v = self.json(&["audit", "verify", "--json"]);
        assert_eq!(v["problems"], json!([]), "{v}");
        v["records"].as_u64().unwrap()
    }
}

fn vendor_r7() -> kensa::model::checklist::Edition {
    let (lib, _) = kensa::editions::Library::load(None);
    lib.get("vendor-r7").unwrap().clone()
}

/// The workbook rows (1-based, as Excel names them) of the edition's rows a contract covers.
fn contract_rows(scopes: &[Scope]) -> Vec<(u32, String, Scope)> {
    let e = vendor_r7();
    layout::rows(&e)
        .into_iter()
        .filter_map(|r| match r {
            Row::Item {
                row, item, scope, ..
            } if scope == Scope::General || scopes.contains(&scope) => {
                Some((row + 1, item.id.clone(), scope))
            }
            _ => None,
        })
        .collect()
}

// ---- LibreOffice over UNO ----

/// A Python with LibreOffice's UNO bridge (`python3-uno`), or `None` outside CI. On CI (`CI`
/// set) its absence fails the test: `.ci/run` installs it.
fn python_uno() -> Option<PathBuf> {
    let found = ["/usr/bin/python3", "python3"].iter().find_map(|p| {
        let ok = StdCommand::new(p)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success());
        let soffice = StdCommand::new("soffice")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        (ok && soffice).then(|| PathBuf::from(p))
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice with python3-uno is missing; .ci/run installs libreoffice-calc and python3-uno"
        );
        eprintln!("LibreOffice or python3-uno not installed; skipped");
    }
    found
}

/// Fill workbooks with LibreOffice Calc (`tests/support/lo_fill.py`): one office for all jobs.
fn lo_fill(python: &Path, work: &Path, jobs: &Value) {
    let spec = work.join("lo-jobs.json");
    std::fs::write(&spec, serde_json::to_vec(jobs).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/lo_fill.py");
    let out = StdCommand::new(python)
        .arg(script)
        .arg(&spec)
        .arg(work.join("lo-profile"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "lo_fill.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// LibreOffice operations answering every row of a contract: はい with dates typed in the
/// forms vendors type them, one いいえ with a 目標日, one 備考.
fn fill_contract(scopes: &[Scope], no_row: Option<&str>) -> Vec<Value> {
    let forms = ["date", "2025/6/2", "R7.6.3", "令和7年6月4日"];
    let mut ops = Vec::new();
    for (i, (row, item, _)) in contract_rows(scopes).into_iter().enumerate() {
        let no = no_row == Some(item.as_str());
        ops.push(json!({"set": format!("D{row}"), "text": if no { "いいえ" } else { "はい" }}));
        match forms[i % forms.len()] {
            "date" => ops.push(json!({"set": format!("E{row}"), "date": "2025-06-01"})),
            text => ops.push(json!({"set": format!("E{row}"), "text": text})),
        }
        if no {
            ops.push(json!({"set": format!("F{row}"), "text": "2026/3/31"}));
            ops.push(json!({"set": format!("I{row}"), "text": "次回更新で対応"}));
        }
    }
    ops
}

/// The "done": three vendors, two answering in Excel (filled with LibreOffice), one
/// signing a kensa response; every vendor sheet carries its vendor's name in the report and
/// the coverage matrix has no gap.
#[test]
fn three_vendors_two_answer_in_excel_one_signs_and_the_report_has_no_silent_gap() {
    let Some(python) = python_uno() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let f = Db::hospital(root.path(), "試験病院", "1311234567");
    for (name, scope) in [
        ("電子カルテA社", "server"),
        ("端末B社", "terminal"),
        ("ネットC社", "network"),
    ] {
        f.ok(&[
            "vendor", "add", "--name", name, "--scope", scope, "--system", "保守",
        ]);
    }
    // The 連絡体制 事業者 entry points at the vendor instead of repeating it.
    f.ok(&[
        "contacts",
        "add",
        "--role",
        "vendor",
        "--name",
        "保守窓口",
        "--vendor",
        "電子カルテA社",
    ]);
    let contacts = f.json(&["contacts", "list", "--json"]);
    assert_eq!(contacts["contacts"][0]["vendor"], 1);
    assert_eq!(contacts["contacts"][0]["org"], "電子カルテA社");

    f.ok(&[
        "vendor",
        "request",
        "電子カルテA社",
        "--out",
        &f.p("A.xlsx"),
        "--due",
        "2025-07-31",
    ]);
    f.ok(&[
        "vendor",
        "request",
        "端末B社",
        "--out",
        &f.p("B.xlsx"),
        "--due",
        "2025-07-31",
    ]);
    f.ok(&[
        "vendor",
        "request",
        "ネットC社",
        "--format",
        "kensa",
        "--key",
        &f.p("facility.key"),
        "--out",
        &f.p("C.request"),
    ]);
    let status = f.json(&["vendor", "status", "--json"]);
    let states: Vec<&str> = status["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["requested", "requested", "requested"]);

    // A and B fill the workbook in LibreOffice Calc.
    lo_fill(
        &python,
        &f.dir,
        &json!([
            {"in": f.p("A.xlsx"), "out": f.p("A-filled.xlsx"), "ops": fill_contract(&[Scope::Server], Some("2-10"))},
            {"in": f.p("B.xlsx"), "out": f.p("B-filled.xlsx"), "ops": fill_contract(&[Scope::Terminal], None)},
        ]),
    );
    // C runs kensa: fills its own sheet with the CLI and signs a response.
    let c = Db::new(root.path(), "vendor-c");
    c.ok(&["keygen", "--out", &c.p("vendor.key")]);
    c.ok(&["vendor", "fill", &f.p("C.request")]);
    for (_, item, scope) in contract_rows(&[Scope::Network]) {
        c.ok(&[
            "answer",
            &format!("{item}@{scope}"),
            "yes",
            "--date",
            "2025-06-20",
            "--sheet",
            "vendor-r7-2025",
        ]);
    }
    c.ok(&[
        "vendor",
        "respond",
        &f.p("C.request"),
        "--out",
        &c.p("C.response"),
        "--key",
        &c.p("vendor.key"),
    ]);

    let dry = f.ok(&["vendor", "import", &f.p("A-filled.xlsx"), "--dry-run"]);
    assert!(dry.contains("2-10@server"), "{dry}");
    assert_eq!(
        f.json(&["vendor", "status", "--json"])["vendors"][0]["status"]["state"],
        "requested"
    );
    for file in ["A-filled.xlsx", "B-filled.xlsx"] {
        f.ok(&["vendor", "import", &f.p(file)]);
    }
    let imported = f.ok(&["vendor", "import", &c.p("C.response")]);
    assert!(imported.contains("署名"), "{imported}");

    let status = f.json(&["vendor", "status", "--json"]);
    assert_eq!(status["ready"], true, "{status:#}");
    assert_eq!(status["gaps"], json!([]));
    for v in status["vendors"].as_array().unwrap() {
        assert_eq!(v["status"]["state"], "answered", "{v}");
        assert_eq!(v["rows_answered"], v["rows_required"], "{v}");
    }
    // The row of the 目標日 and its note came through.
    let answers = f.ok(&["answers", "--sheet", "vendor-r7-2025-v1"]);
    assert!(
        answers.contains("次回更新で対応") && answers.contains("2026-03-31"),
        "{answers}"
    );
    assert!(answers.contains("事業者回答 #1"), "{answers}");
    // kensa status shows the vendors with the facility's sheet.
    let st = f.ok(&["status"]);
    assert!(
        st.contains("電子カルテA社") && st.contains("欠落なし"),
        "{st}"
    );
    let st = f.json(&["status", "--json"]);
    assert_eq!(st["vendors"]["ready"], true);

    // The report: every vendor sheet under its vendor's name, the matrix without a gap.
    for fmt in ["html", "md", "xlsx"] {
        f.ok(&[
            "report",
            "--format",
            fmt,
            "--out",
            &f.p(&format!("report.{fmt}")),
        ]);
    }
    let html = std::fs::read_to_string(f.path("report.html")).unwrap();
    for name in ["電子カルテA社", "端末B社", "ネットC社"] {
        assert!(html.contains(&format!("<h3>{name}　")), "{name}");
    }
    assert!(html.contains("欠落なし") && !html.contains("class=\"gap\""));
    let md = std::fs::read_to_string(f.path("report.md")).unwrap();
    assert!(md.contains("### ネットC社　"));
    use calamine::{Reader, Xlsx, open_workbook};
    let wb: Xlsx<_> = open_workbook(f.path("report.xlsx")).unwrap();
    let names = wb.sheet_names();
    for name in ["電子カルテA社", "端末B社", "ネットC社", "事業者カバー状況"] {
        assert!(names.contains(&name.to_string()), "{names:?}");
    }
    // The record carries the vendors, their requests and responses with provenance.
    let record = f.json(&["record"]);
    assert_eq!(record["vendors"].as_array().unwrap().len(), 3);
    assert_eq!(record["vendor_responses"].as_array().unwrap().len(), 3);
    let signed = &record["vendor_responses"][2];
    assert_eq!(signed["format"], "kensa");
    assert!(signed["signer"].as_str().unwrap().len() == 39);
    assert_eq!(signed["file_name"], "C.response");
    f.audit_records();
}

/// A vendor fills its sheet once in its own kensa and answers two facilities, each response
/// narrowed to that facility's contract.
#[test]
fn a_vendor_answers_once_and_responds_to_two_facilities() {
    let root = tempfile::tempdir().unwrap();
    let f1 = Db::hospital(root.path(), "第一病院", "1311234567");
    let f2 = Db::hospital(root.path(), "第二病院", "1311234575");
    f1.ok(&[
        "vendor",
        "add",
        "--name",
        "保守D社",
        "--scope",
        "server,network",
    ]);
    f2.ok(&["vendor", "add", "--name", "保守D社", "--scope", "terminal"]);
    f1.ok(&[
        "vendor",
        "request",
        "保守D社",
        "--format",
        "kensa",
        "--key",
        &f1.p("facility.key"),
        "--out",
        &f1.p("req"),
    ]);
    f2.ok(&[
        "vendor",
        "request",
        "保守D社",
        "--format",
        "kensa",
        "--key",
        &f2.p("facility.key"),
        "--out",
        &f2.p("req"),
    ]);

    let v = Db::new(root.path(), "vendor-d");
    v.ok(&["keygen", "--out", &v.p("vendor.key")]);
    let first = v.ok(&["vendor", "fill", &f1.p("req")]);
    assert!(first.contains("第一病院"), "{first}");
    let second = v.ok(&["vendor", "fill", &f2.p("req")]);
    assert!(second.contains("vendor-r7-2025"), "{second}");
    // One sheet, answered once for every scope.
    let sheets = v.json(&["sheet", "list", "--json"]);
    assert_eq!(sheets["sheets"].as_array().unwrap().len(), 1);
    for (_, item, scope) in contract_rows(&[Scope::Server, Scope::Terminal, Scope::Network]) {
        let answer = if item == "2-13" { "no" } else { "yes" };
        let mut args = vec![
            "answer".to_string(),
            format!("{item}@{scope}"),
            answer.into(),
            "--date".into(),
            "2025-06-15".into(),
        ];
        if answer == "no" {
            args.extend(["--target".into(), "2026-02-28".into()]);
        }
        v.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    v.ok(&[
        "vendor",
        "respond",
        &f1.p("req"),
        "--out",
        &v.p("to-1"),
        "--key",
        &v.p("vendor.key"),
    ]);
    v.ok(&[
        "vendor",
        "respond",
        &f2.p("req"),
        "--out",
        &v.p("to-2"),
        "--key",
        &v.p("vendor.key"),
    ]);
    let rows = |file: &str| -> Vec<(String, String)> {
        let env: Value = serde_json::from_slice(&std::fs::read(v.path(file)).unwrap()).unwrap();
        let payload: Value = serde_json::from_str(env["payload"].as_str().unwrap()).unwrap();
        payload["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["item"].as_str().unwrap().to_string(),
                    r["scope"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let to1 = rows("to-1");
    let to2 = rows("to-2");
    assert!(to1.iter().all(|(_, s)| s != "terminal"));
    assert!(to1.contains(&("2-13".into(), "network".into())));
    assert!(
        to2.iter().all(|(_, s)| s == "general" || s == "terminal"),
        "{to2:?}"
    );
    assert!(to2.contains(&("2-4".into(), "terminal".into())));

    f1.ok(&["vendor", "import", &v.p("to-1")]);
    f2.ok(&["vendor", "import", &v.p("to-2")]);
    for f in [&f1, &f2] {
        let s = f.json(&["vendor", "status", "--json"]);
        assert_eq!(s["vendors"][0]["status"]["state"], "answered");
        assert_eq!(
            s["vendors"][0]["rows_answered"],
            s["vendors"][0]["rows_required"]
        );
    }
    // Facility 2 keeps nothing of the server and network rows; its matrix shows them out of
    // contract, and with its own sheet unanswered, they are the gaps to close.
    let answers = f2.json(&["answers", "--sheet", "vendor-r7-2025-v1", "--json"]);
    assert!(
        answers["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["scope"] != "server" && c["scope"] != "network")
    );
    let s2 = f2.json(&["vendor", "status", "--json"]);
    assert!(
        s2["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["scope"] == "server")
    );
    // Responding to facility 1 again from the same answers changes nothing there.
    v.ok(&[
        "vendor",
        "respond",
        &f1.p("req"),
        "--out",
        &v.p("to-1b"),
        "--key",
        &v.p("vendor.key"),
    ]);
    let again = f1.ok(&["vendor", "import", &v.p("to-1b")]);
    assert!(again.contains("変わった行はありません"), "{again}");
    // A response for facility 1 is refused by facility 2.
    f2.run(&["vendor", "import", &v.p("to-1")])
        .failure()
        .stderr(predicate::str::contains(
            "この施設から送った依頼ではありません",
        ));
}

/// Every bad response of the issue, each refused with the sheet and cell (or the file) named,
/// and the store unchanged.
#[test]
fn bad_responses_are_refused_by_cell_and_nothing_is_stored() {
    let root = tempfile::tempdir().unwrap();
    let f = Db::hospital(root.path(), "試験病院", "1311234567");
    f.ok(&["vendor", "add", "--name", "A社", "--scope", "server"]);
    f.ok(&["vendor", "request", "A社", "--out", &f.p("A.xlsx")]);
    let before = f.audit_records();
    let refuse = |file: &Path, needles: &[&str]| {
        let out = f
            .run(&["vendor", "import", &file.display().to_string()])
            .failure();
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        for n in needles {
            assert!(err.contains(n), "{n} not in:\n{err}");
        }
        assert!(err.contains("何も記録していません"), "{err}");
        assert_eq!(f.audit_records(), before, "{}", file.display());
    };

    // Not workbooks.
    std::fs::write(f.path("csv.xlsx"), "項目,回答\n1-1,はい\n").unwrap();
    refuse(
        &f.path("csv.xlsx"),
        &["csv.xlsx: xlsx ではなくテキスト（CSV など）です"],
    );
    let big = std::fs::File::create(f.path("big.xlsx")).unwrap();
    big.set_len(40 * 1024 * 1024).unwrap();
    refuse(
        &f.path("big.xlsx"),
        &["41943040 バイト", "上限は 10485760 バイト"],
    );
    // Another facility's request.
    let other = Db::hospital(root.path(), "別病院", "1311234575");
    other.ok(&["vendor", "add", "--name", "A社", "--scope", "server"]);
    other.ok(&["vendor", "request", "A社", "--out", &other.p("other.xlsx")]);
    refuse(
        &other.path("other.xlsx"),
        &["この施設から送った依頼ではありません"],
    );

    let Some(python) = python_uno() else {
        return;
    };
    let rows = contract_rows(&[Scope::Server]);
    let r = rows[0].0; // 1-1
    let r2 = rows[1].0; // 2-2
    let r3 = rows[2].0; // 2-3
    let base = |ops: Vec<Value>| -> Vec<Value> {
        let mut all = vec![
            json!({"set": format!("D{r}"), "text": "はい"}),
            json!({"set": format!("E{r}"), "text": "R7.6.1"}),
        ];
        all.extend(ops);
        all
    };
    let cases: Vec<(&str, Vec<Value>, Vec<String>)> = vec![
        (
            "words",
            base(vec![
                json!({"set": format!("D{r2}"), "text": "〇"}),
                json!({"set": format!("E{r2}"), "text": "2025/6/1"}),
                json!({"set": format!("D{r3}"), "text": "済"}),
                json!({"set": format!("E{r3}"), "text": "令和7年6月1日"}),
            ]),
            vec![
                format!("事業者確認用!D{r2}: 「〇」は回答として読めません"),
                format!("事業者確認用!D{r3}: 「済」"),
            ],
        ),
        (
            "dates",
            base(vec![
                json!({"set": format!("D{r2}"), "text": "はい"}),
                json!({"set": format!("E{r2}"), "text": "2025-13-01"}),
                json!({"set": format!("D{r3}"), "text": "いいえ"}),
            ]),
            vec![
                format!("事業者確認用!E{r2}: 日付を読めません（「2025-13-01」）"),
                format!("事業者確認用!E{r3}: 確認日がありません"),
            ],
        ),
        (
            "merged",
            base(vec![
                json!({"unprotect": true}),
                json!({"merge": format!("D{r2}:E{r2}")}),
            ]),
            vec![format!("事業者確認用!D{r2}:E{r2}: 様式にないセルの結合")],
        ),
        (
            "deleted",
            base(vec![json!({"unprotect": true}), json!({"delete_row": r2})]),
            vec![format!("事業者確認用!B{r2}: 項目の文言が依頼時と違います")],
        ),
        (
            "text",
            base(vec![
                json!({"unprotect": true}),
                json!({"set": format!("B{r3}"), "text": "提出した。"}),
            ]),
            vec![format!("事業者確認用!B{r3}: 項目の文言が依頼時と違います")],
        ),
        (
            "formula",
            base(vec![
                json!({"set": format!("D{r2}"), "formula": "=\"はい\""}),
                json!({"set": format!("E{r2}"), "date": "2025-06-01"}),
            ]),
            vec![format!("事業者確認用!D{r2}: 数式は使えません")],
        ),
        (
            "extra",
            base(vec![json!({"add_sheet": "メモ"})]),
            vec!["メモ: 依頼にないシート「メモ」".into()],
        ),
        (
            "noid",
            base(vec![json!({"remove_sheet": "kensa"})]),
            vec!["kensa の依頼の識別情報（シート kensa）がありません".into()],
        ),
        (
            "otherid",
            base(vec![
                json!({"sheet": "kensa", "unprotect": true}),
                json!({"sheet": "kensa", "set": "B3", "text": "2711111111"}),
            ]),
            vec![
                "別の医療機関あての依頼の回答です（ファイル: 2711111111、この施設: 1311234567）"
                    .into(),
            ],
        ),
        (
            "future",
            base(vec![
                json!({"set": format!("D{r2}"), "text": "はい"}),
                json!({"set": format!("E{r2}"), "text": "2025/7/2"}),
            ]),
            vec![format!("事業者確認用!E{r2}: ")],
        ),
    ];
    let jobs: Vec<Value> = cases
        .iter()
        .map(|(name, ops, _)| json!({"in": f.p("A.xlsx"), "out": f.p(&format!("{name}.xlsx")), "ops": ops}))
        .chain(std::iter::once(json!({"in": f.p("A.xlsx"), "out": f.p("good.xlsx"), "ops": base(vec![])})))
        .collect();
    lo_fill(&python, &f.dir, &Value::Array(jobs));
    for (name, _, needles) in &cases {
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        refuse(&f.path(&format!("{name}.xlsx")), &needles);
    }
    // The same file with only good cells goes in.
    f.ok(&["vendor", "import", &f.p("good.xlsx")]);
    assert!(f.audit_records() > before);
}

/// Signed responses: a changed byte, a key other than --pubkey, a key other than last time.
#[test]
fn signed_responses_are_checked() {
    let root = tempfile::tempdir().unwrap();
    let f = Db::hospital(root.path(), "試験病院", "1311234567");
    f.ok(&["vendor", "add", "--name", "C社", "--scope", "network"]);
    f.ok(&[
        "vendor",
        "request",
        "C社",
        "--format",
        "kensa",
        "--key",
        &f.p("facility.key"),
        "--out",
        &f.p("req"),
    ]);
    let v = Db::new(root.path(), "vendor");
    v.ok(&["keygen", "--out", &v.p("k1")]);
    v.ok(&["keygen", "--out", &v.p("k2")]);
    v.ok(&["vendor", "fill", &f.p("req")]);
    v.ok(&[
        "answer",
        "1-1",
        "yes",
        "--date",
        "2025-06-01",
        "--sheet",
        "vendor-r7-2025",
    ]);
    v.ok(&[
        "vendor",
        "respond",
        &f.p("req"),
        "--out",
        &v.p("r1"),
        "--key",
        &v.p("k1"),
    ]);
    v.ok(&[
        "vendor",
        "respond",
        &f.p("req"),
        "--out",
        &v.p("r2"),
        "--key",
        &v.p("k2"),
    ]);
    let text = std::fs::read_to_string(v.path("r1")).unwrap();
    std::fs::write(v.path("tampered"), text.replace("2025-06-01", "2025-06-02")).unwrap();
    let before = f.audit_records();
    f.run(&["vendor", "import", &v.p("tampered")])
        .failure()
        .stderr(predicate::str::contains(
            "tampered: 署名が内容と一致しません",
        ));
    f.run(&["vendor", "import", &v.p("r1"), "--pubkey", &v.p("k2.pub")])
        .failure()
        .stderr(predicate::str::contains("指定の鍵"));
    assert_eq!(f.audit_records(), before);
    f.ok(&["vendor", "import", &v.p("r1"), "--pubkey", &v.p("k1.pub")]);
    f.run(&["vendor", "import", &v.p("r2")])
        .failure()
        .stderr(predicate::str::contains(
            "前回の回答と違う鍵で署名されています",
        ));
    f.ok(&["vendor", "import", &v.p("r2"), "--pubkey", &v.p("k2.pub")]);
    // A request is not a response.
    f.run(&["vendor", "import", &f.p("req")])
        .failure()
        .stderr(predicate::str::contains("kensa.vendor-request/1"));
}

/// A 事業者確認用 made before kensa knew vendors is kept and attached to the vendor named.
#[test]
fn an_old_vendor_sheet_is_adopted() {
    let root = tempfile::tempdir().unwrap();
    let f = Db::hospital(root.path(), "試験病院", "1311234567");
    f.ok(&["sheet", "new", "--edition", "vendor-r7"]);
    f.ok(&[
        "answer",
        "1-1",
        "yes",
        "--date",
        "2025-06-01",
        "--sheet",
        "vendor-r7-2025",
    ]);
    let st = f.ok(&["vendor", "status"]);
    assert!(st.contains("kensa vendor adopt"), "{st}");
    f.ok(&["vendor", "add", "--name", "A社", "--scope", "server"]);
    let out = f.ok(&["vendor", "adopt", "vendor-r7-2025", "--vendor", "A社"]);
    assert!(out.contains("vendor-r7-2025-v1"), "{out}");
    let s = f.json(&["vendor", "status", "--json"]);
    assert_eq!(s["vendors"][0]["sheet"], "vendor-r7-2025-v1");
    assert_eq!(s["vendors"][0]["rows_answered"], 1);
    assert_eq!(s["unattached_sheets"], json!([]));
    f.run(&["vendor", "adopt", "vendor-r7-2025-v1", "--vendor", "A社"])
        .failure();
    f.audit_records();
}
