#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! The real `kensa` binary on the 機器台帳: the official example in CP932, round trips through
//! every export format, every bad file of issue 4 (nothing imported, the DB bytes unchanged),
//! collected hosts and their disagreements, and `kensa collect` checked against the system's
//! own commands (hostname, /etc/os-release, dpkg-query, getent, ss) and LibreOffice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

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

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.db())
            .env("KENSA_CHECKLISTS", self.dir.path().join("user-checklists"))
            .env("KENSA_TODAY", "2025-10-01")
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
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

    /// The ledger's typed columns, keyed by 管理番号, for comparing two ledgers.
    fn ledger(&self) -> BTreeMap<String, Value> {
        let v = self.json(&["inventory", "list", "--json"]);
        assert_eq!(v["schema"], "kensa.inventory/1");
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut typed = r.clone();
                for k in [
                    "id",
                    "source",
                    "created_at",
                    "updated_at",
                    "first_seen",
                    "last_seen",
                    "observation_ids",
                    "observed",
                    "disagreements",
                ] {
                    typed.as_object_mut().unwrap().remove(k);
                }
                (r["control_no"].as_str().unwrap().to_string(), typed)
            })
            .collect()
    }

    fn import_example(&self) {
        self.run(&["inventory", "import", example().to_str().unwrap()])
            .success();
    }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inventory/official-example-cp932.csv")
}

const HEADER: &str = "管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,コンピュータ名,設置場所,利用者,登録日,状態,説明";

fn cp932(s: &str) -> Vec<u8> {
    let (b, _, errors) = encoding_rs::SHIFT_JIS.encode(s);
    assert!(!errors);
    b.into_owned()
}

#[test]
fn official_example_in_cp932_imports_exactly() {
    let env = Env::new();
    env.run(&["inventory", "import", example().to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("CP932、4 行"))
        .stdout(predicate::str::contains("新規 4"));
    let l = env.ledger();
    assert_eq!(l.len(), 4);
    let r = &l["004"];
    assert_eq!(r["maker"], "B社");
    assert_eq!(r["software"], "〇〇管理システム");
    assert_eq!(r["software_version"], "5.0.1");
    assert_eq!(r["user"], "a医師（〇〇科）、b医師（〇〇科）、c医師（△△科）");
    assert_eq!(r["registered_on"], "2021-08-01");
    assert_eq!(l["001"]["computer_name"], "Room1のPC１");
    assert_eq!(l["002"]["status"], "停止");
    assert_eq!(l["002"]["description"], "メンテナンス");
    assert_eq!(l["003"]["os"], "Win8");
    assert_eq!(l["003"]["registered_on"], "2014-10-01");
    assert_eq!(l["001"]["kind"], "other");
    env.run(&["audit", "verify"])
        .success()
        .stdout(predicate::str::contains("監査ログは正常です"));
    // The same file again changes nothing.
    env.run(&["inventory", "import", example().to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("新規 0、変更 0、変更なし 4"));
}

#[test]
fn import_export_import_yields_the_same_ledger_in_every_format() {
    let env = Env::new();
    env.import_example();
    // Cells that need care: a formula-like note, a comma, quotes and a line break, a MAC.
    env.run(&[
        "inventory",
        "edit",
        "002",
        "--description",
        "=HYPERLINK(\"x\"), 2行目\n\"保守\"",
        "--mac",
        "00-1A-2B-3C-4D-5E",
        "--kind",
        "サーバ",
    ])
    .success();
    env.run(&["inventory", "retire", "003", "--date", "R7.4.1"])
        .success();
    let original = env.ledger();
    for (format, encoding, name) in [
        ("csv", "utf8", "out-utf8.csv"),
        ("csv", "utf8-bom", "out-bom.csv"),
        ("csv", "cp932", "out-cp932.csv"),
        ("xlsx", "utf8", "out.xlsx"),
    ] {
        let out = env.path(name);
        env.run(&[
            "inventory",
            "export",
            "--format",
            format,
            "--encoding",
            encoding,
            "--out",
            out.to_str().unwrap(),
        ])
        .success();
        let bytes = std::fs::read(&out).unwrap();
        if format == "csv" {
            // The formula is neutralised in the file itself.
            let text = if encoding == "cp932" {
                encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned()
            } else {
                String::from_utf8(bytes.clone()).unwrap()
            };
            assert!(text.contains("\"'=HYPERLINK(\"\"x\"\"), 2行目"), "{text}");
            assert_eq!(bytes.starts_with(b"\xef\xbb\xbf"), encoding == "utf8-bom");
        }
        // Into the same ledger: nothing changes.
        env.run(&["inventory", "import", "--dry-run", out.to_str().unwrap()])
            .success()
            .stdout(predicate::str::contains("新規 0、変更 0、変更なし 4"));
        // Into a fresh ledger: the same rows.
        let fresh = Env::new();
        fresh
            .run(&["inventory", "import", out.to_str().unwrap()])
            .success();
        assert_eq!(fresh.ledger(), original, "{name}");
    }
}

#[test]
fn dry_run_lists_new_changed_unchanged_and_writes_nothing() {
    let env = Env::new();
    env.import_example();
    let text = encoding_rs::SHIFT_JIS
        .decode(&std::fs::read(example()).unwrap())
        .0
        .into_owned();
    let edited = text.replace("停止,メンテナンス", "稼働,")
        + "005,C社,Ubuntu 22.04,PACS,1.0,192.168.1.50,pacs01,サーバ室,,R2.12.1,稼働,\r\n";
    let p = env.write("edited.csv", edited.as_bytes());
    let before = env.db_bytes();
    env.run(&["inventory", "import", "--dry-run", p.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("新規 005"))
        .stdout(predicate::str::contains("変更 002: 状態, 説明"))
        .stdout(predicate::str::contains("変更なし 001"))
        .stdout(predicate::str::contains("何も変更していません"));
    assert_eq!(env.db_bytes(), before);
    env.run(&["inventory", "import", p.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("新規 1、変更 1、変更なし 3"));
    assert_eq!(env.ledger()["005"]["registered_on"], "2020-12-01");
}

#[test]
fn columns_in_any_order_extra_columns_and_japanese_dates() {
    let env = Env::new();
    let csv = "\u{feff}説明,状態,登録日,利用者,設置場所,コンピュータ名,IPアドレス,ソフトウェアバージョン,ソフトウェア,OS,メーカー,管理番号,保守契約\n\
               ,稼働,2020/12/1,a,R1,pc1,192.168.1.11,1,EMR,Win11,A社,101,あり\n\
               ,稼働,R2.12.1,b,R1,pc2,,1,EMR,Win11,A社,102,\n\
               ,稼働,令和2年12月1日,c,R1,pc3,,1,EMR,Win11,A社,103,\n";
    let p = env.write("reordered.csv", csv.as_bytes());
    env.run(&["inventory", "import", p.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("UTF-8 (BOM)"))
        .stdout(predicate::str::contains("保守契約"));
    let l = env.ledger();
    for no in ["101", "102", "103"] {
        assert_eq!(l[no]["registered_on"], "2020-12-01", "{no}");
    }
    assert_eq!(l["101"]["description"], "【保守契約】あり");
}

/// Every bad file of the issue: a clear message naming the file, line and column, exit 1,
/// and the database byte for byte as before.
#[test]
fn bad_files_import_nothing_and_say_where() {
    let env = Env::new();
    env.import_example();
    let row = |no: &str, ip: &str, date: &str| {
        format!("{no},A社,Win11,EMR,1,{ip},pc{no},R1,u,{date},稼働,\r\n")
    };
    let good = format!("{HEADER}\r\n{}", row("010", "192.168.1.10", "2020/12/1"));

    let mut cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "missing-header.csv",
            cp932(&format!(
                "{}\r\n{}",
                HEADER.replace(",IPアドレス", ""),
                "010,A社,Win11,EMR,1,pc,R1,u,2020/12/1,稼働,\r\n"
            )),
            vec!["missing-header.csv:1", "必要な列がありません: IPアドレス"],
        ),
        (
            "renamed-header.csv",
            cp932(&format!(
                "{}\r\n{}",
                HEADER.replace("コンピュータ名", "端末名"),
                row("010", "", "")
            )),
            vec!["renamed-header.csv:1", "コンピュータ名", "端末名"],
        ),
        (
            "no-header.csv",
            cp932("a,b,c\r\n1,2,3\r\n"),
            vec!["no-header.csv:1", "見出し行が見つかりません"],
        ),
        (
            "mixed-encoding.csv",
            [
                format!("{HEADER}\r\n").into_bytes(),
                cp932(&row("010", "", "2020/12/1").replace("pc010", "山田PC")),
            ]
            .concat(),
            vec!["mixed-encoding.csv:2", "文字コードが混在"],
        ),
        (
            "truncated-cp932.csv",
            [
                cp932(&format!("{HEADER}\r\n{}", row("010", "", ""))),
                b"011,\x8e".to_vec(),
                cp932(",Win11,EMR,1,,pc,R1,u,,稼働,\r\n"),
            ]
            .concat(),
            vec![
                "truncated-cp932.csv:3",
                "UTF-8 としても CP932 としても読めません",
            ],
        ),
        (
            "truncated-utf8.csv",
            [
                format!("{HEADER}\r\n010,A社,Win11,EMR,1,,pc,R1,").into_bytes(),
                "山".as_bytes()[..2].to_vec(),
                ",,稼働,\r\n".as_bytes().to_vec(),
            ]
            .concat(),
            vec!["truncated-utf8.csv:2"],
        ),
        (
            "duplicate-no.csv",
            cp932(&format!(
                "{HEADER}\r\n{}{}",
                row("010", "", ""),
                row("010", "", "")
            )),
            vec![
                "duplicate-no.csv:3: [管理番号]",
                "重複",
                "duplicate-no.csv:2",
            ],
        ),
        (
            "bad-ip.csv",
            cp932(&format!("{HEADER}\r\n{}", row("010", "192.168.1.300", ""))),
            vec!["bad-ip.csv:2: [IPアドレス]", "192.168.1.300"],
        ),
        (
            "placeholder-ip.csv",
            cp932(&format!("{HEADER}\r\n{}", row("010", "192.168.〇.〇", ""))),
            vec!["placeholder-ip.csv:2: [IPアドレス]"],
        ),
        (
            "bad-mac.csv",
            cp932(&format!(
                "{HEADER},MACアドレス\r\n010,A社,Win11,EMR,1,,pc,R1,u,,稼働,,00:11:22:33:44\r\n"
            )),
            vec!["bad-mac.csv:2: [MACアドレス]", "00:11:22:33:44"],
        ),
        (
            "bad-date.csv",
            cp932(&format!(
                "{HEADER}\r\n{}{}",
                row("010", "", "2020/12/1"),
                row("011", "", "2020-13-45")
            )),
            vec!["bad-date.csv:3: [登録日]", "2020-13-45"],
        ),
        (
            "other-version.json",
            br#"{"schema": "kensa.host/2", "identity": {}}"#.to_vec(),
            vec!["other-version.json", "kensa.host/2", "kensa.host/1"],
        ),
        (
            "broken.json",
            b"{\n  \"schema\": \"kensa.host/1\",\n  \"identity\": [\n".to_vec(),
            vec!["broken.json:4", "JSON"],
        ),
        (
            "not-ours.json",
            br#"{"schema": "kensa.status/1"}"#.to_vec(),
            vec!["not-ours.json", "kensa collect"],
        ),
    ];

    // xlsx with merged cells and a formula.
    {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in HEADER.split(',').enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        ws.write_string(1, 0, "010").unwrap();
        ws.merge_range(1, 7, 2, 7, "Room1", &Format::new()).unwrap();
        ws.write_string(2, 0, "011").unwrap();
        ws.write_formula(2, 8, "=I2").unwrap();
        cases.push((
            "merged-formula.xlsx",
            wb.save_to_buffer().unwrap(),
            vec![
                "merged-formula.xlsx:2",
                "H2:H3",
                "merged-formula.xlsx:3",
                "I3",
                "=I2",
            ],
        ));
    }

    let before = env.db_bytes();
    let ledger = env.ledger();
    for (name, bytes, expected) in &cases {
        let p = env.write(name, bytes);
        let good_path = env.write("good.csv", good.as_bytes());
        // With a good file beside it: all or nothing.
        let out = env
            .run(&[
                "inventory",
                "import",
                good_path.to_str().unwrap(),
                p.to_str().unwrap(),
            ])
            .failure()
            .code(1)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        for e in expected {
            assert!(stderr.contains(e), "{name}: expected `{e}` in:\n{stderr}");
        }
        assert!(stderr.contains("何も変更していません"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(env.db_bytes(), before, "{name} changed the database");
    }
    assert_eq!(env.ledger(), ledger);
}

/// Import `name` (with a good file beside it): refused with exit 1, every `expected` text in
/// the errors, the database bytes unchanged.
fn assert_refused(env: &Env, name: &str, bytes: &[u8], expected: &[&str]) -> String {
    let p = env.write(name, bytes);
    let good = env.write(
        "good.csv",
        format!("{HEADER}\r\n020,A社,Win11,EMR,1,,pc,R1,u,,稼働,\r\n").as_bytes(),
    );
    let before = env.db_bytes();
    let out = env
        .run(&[
            "inventory",
            "import",
            good.to_str().unwrap(),
            p.to_str().unwrap(),
        ])
        .failure()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for e in expected {
        assert!(stderr.contains(e), "{name}: expected `{e}` in:\n{stderr}");
    }
    assert!(stderr.contains("何も変更していません"), "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert_eq!(env.db_bytes(), before, "{name} changed the database");
    stderr
}

#[test]
fn csv_that_would_be_read_wrongly_is_refused() {
    let env = Env::new();
    env.import_example();
    // A stray quote on line 3: csv would swallow lines 4 to 10 into one cell.
    let mut text = format!("{HEADER}\r\n010,A社,Win11,EMR,1,,pc,R1,u,,稼働,\r\n");
    text.push_str("011,A社,Win11,EMR,1,,pc,\"R1,u,,稼働,\r\n");
    for no in 12..=18 {
        text.push_str(&format!("0{no},A社,Win11,EMR,1,,pc,R1,u,,稼働,\r\n"));
    }
    for (name, bytes) in [
        ("open-quote.csv", text.clone().into_bytes()),
        ("open-quote-cp932.csv", cp932(&text)),
    ] {
        assert_refused(
            &env,
            name,
            &bytes,
            &[&format!("{name}:3: "), "閉じられない"],
        );
    }

    // UTF-8 with English headers and one character cut in half on the only line with
    // Japanese: valid CP932 too, which stored it as mojibake.
    let mut bytes = b"Control No,Manufacturer,OS,Software,Software Version,IP Address,\
        Computer Name,Location,User,Registered,Status,Description\r\n\
        010,A,Win11,EMR,1,,pc,R1,u,,ok,\r\n011,"
        .to_vec();
    bytes.extend_from_slice("東京都立".as_bytes());
    bytes.extend_from_slice(&"病".as_bytes()[..2]);
    bytes.extend_from_slice("院,Win11,EMR,1,,pc,R1,u,,ok,\r\n".as_bytes());
    assert!(
        encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some()
    );
    assert_refused(
        &env,
        "broken-utf8.csv",
        &bytes,
        &["broken-utf8.csv:3: ", "UTF-8 として読めません"],
    );

    // Neither UTF-8 nor CP932 on line 2.
    let mut bytes = cp932(&format!("{HEADER}\r\n010,"));
    bytes.extend_from_slice(b"\xff\xfe,Win11,EMR,1,,pc,R1,u,,x,\r\n");
    assert_refused(
        &env,
        "neither.csv",
        &bytes,
        &["neither.csv:2: ", "UTF-8 としても CP932 としても読めません"],
    );
}

/// A ledger workbook written by rust_xlsxwriter with some parts replaced or added.
fn xlsx_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::{Cursor, Write};
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("機器台帳").unwrap();
    for (c, h) in HEADER.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let mut src = zip::ZipArchive::new(Cursor::new(wb.save_to_buffer().unwrap())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let f = src.by_index(i).unwrap();
        if !parts.iter().any(|(n, _)| *n == f.name().unwrap()) {
            out.raw_copy_file(f).unwrap();
        }
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, content) in parts {
        out.start_file(*name, opts).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn xlsx_that_claims_too_much_is_refused_in_bounded_memory() {
    let env = Env::new();
    env.import_example();
    // 2.5 KB whose cells span A1:XFD1048576: laid out as a grid, 512 GiB.
    let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
        <dimension ref=\"A1:XFD1048576\"/><sheetData>\
        <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>管理番号</t></is></c></row>\
        <row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData></worksheet>";
    let grid = xlsx_with(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())]);
    assert!(grid.len() < 8 * 1024);
    let start = std::time::Instant::now();
    assert_refused(
        &env,
        "grid.xlsx",
        &grid,
        &[
            "grid.xlsx:1048576: ",
            "シート「機器台帳」のセル XFD1048576",
            "A〜IV 列",
        ],
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(10));

    // Shared strings that inflate from a few KB to 20 MiB, over the 16 MiB of a part held
    // whole; and a worksheet whose zip entry declares 3 GiB.
    let mut strings = b"<?xml version=\"1.0\"?><sst uniqueCount=\"1\"><si><t>".to_vec();
    strings.resize(20 << 20, b'x');
    strings.extend_from_slice(b"</t></si></sst>");
    let bomb = xlsx_with(&[("xl/sharedStrings.xml", &strings)]);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    assert_refused(
        &env,
        "bomb.xlsx",
        &bomb,
        &[
            "bomb.xlsx: ",
            "xl/sharedStrings.xml は展開すると 20971535 バイト",
            "上限 16777216 バイト",
        ],
    );
    let mut declared = xlsx_with(&[]);
    let name = b"xl/worksheets/sheet1.xml";
    for (sig, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let at = (0..declared.len() - name.len() - name_at)
            .find(|&i| declared[i..].starts_with(sig) && declared[i + name_at..].starts_with(name))
            .unwrap();
        declared[at + size_at..at + size_at + 4].copy_from_slice(&(3u32 << 30).to_le_bytes());
    }
    assert_refused(
        &env,
        "declared.xlsx",
        &declared,
        &["xl/worksheets/sheet1.xml は展開すると 3221225472 バイト"],
    );
}

#[test]
fn a_200_mb_file_is_refused_before_reading() {
    let env = Env::new();
    env.import_example();
    let p = env.path("huge.csv");
    let f = std::fs::File::create(&p).unwrap();
    // Sparse: 200 MB on paper, nothing on disk.
    f.set_len(200 * 1024 * 1024).unwrap();
    let before = env.db_bytes();
    let start = std::time::Instant::now();
    env.run(&["inventory", "import", p.to_str().unwrap()])
        .failure()
        .stderr(predicate::str::contains("huge.csv"))
        .stderr(predicate::str::contains("209715200 バイト"))
        .stderr(predicate::str::contains("上限"));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(env.db_bytes(), before);
}

#[test]
fn english_messages() {
    let env = Env::new();
    let p = env.write(
        "bad.csv",
        format!("{HEADER}\n010,A,W,E,1,1.2.3,pc,R,u,,x,\n").as_bytes(),
    );
    env.kensa()
        .args(["--lang", "en", "inventory", "import", p.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.csv:2: [IPアドレス] `1.2.3` is not an IP address",
        ))
        .stderr(predicate::str::contains("nothing was changed"));
}

/// A host document as `collect` writes it, patched to describe a given PC.
fn host_document(env: &Env, name: &str, os: &str, version: &str, ip: &str, mac: &str) -> PathBuf {
    let out = env.path("real-host.json");
    env.run(&["collect", "--out", out.to_str().unwrap()])
        .success();
    let mut v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    v["identity"]["host_name"] = serde_json::json!({"status": "ok", "value": name});
    v["identity"]["os_name"] = serde_json::json!({"status": "ok", "value": os});
    v["identity"]["os_version"] = serde_json::json!({"status": "ok", "value": version});
    v["interfaces"] = serde_json::json!({"status": "ok", "value": [
        {"name": "Ethernet", "mac": mac, "ipv4": [ip], "ipv6": []}
    ]});
    let p = env.path(&format!("host-{name}.json"));
    std::fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    p
}

#[test]
fn collected_hosts_are_observations_that_never_overwrite_the_ledger() {
    let env = Env::new();
    env.import_example();
    let pc1 = host_document(
        &env,
        "Room1のPC１",
        "Windows 10 Pro",
        "22H2",
        "192.168.1.11",
        "00:1a:2b:3c:4d:01",
    );
    let unknown = host_document(
        &env,
        "NURSE-ST9",
        "Windows 11 Pro",
        "23H2",
        "192.168.1.99",
        "00:1a:2b:3c:4d:5e",
    );
    env.run(&[
        "inventory",
        "import",
        pc1.to_str().unwrap(),
        unknown.to_str().unwrap(),
    ])
    .success()
    .stdout(predicate::str::contains("収集 Room1のPC１ → 台帳 001"))
    .stdout(predicate::str::contains(
        "OS: 台帳「Win11」と収集結果「Windows 10 Pro 22H2」が異なります",
    ))
    .stdout(predicate::str::contains(
        "NURSE-ST9 → 台帳にないため 005 として追加",
    ));
    let v = env.json(&["inventory", "list", "--json"]);
    let rows = v["rows"].as_array().unwrap();
    let r1 = rows.iter().find(|r| r["control_no"] == "001").unwrap();
    assert_eq!(r1["os"], "Win11", "the typed OS is kept");
    assert_eq!(r1["observed"]["os"], "Windows 10 Pro 22H2");
    assert_eq!(r1["disagreements"][0]["field"], "os");
    assert_eq!(r1["last_seen"], r1["first_seen"]);
    let r5 = rows.iter().find(|r| r["control_no"] == "005").unwrap();
    assert_eq!(r5["source"], "collect");
    assert_eq!(r5["mac"], "00:1a:2b:3c:4d:5e");
    assert_eq!(r5["disagreements"], serde_json::json!([]));
    assert_eq!(v["observations"].as_array().unwrap().len(), 2);
    env.run(&["inventory", "list"])
        .success()
        .stdout(predicate::str::contains("  ! OS: 台帳「Win11」"))
        .stdout(predicate::str::contains("収集結果と異なる行 1 件"));
    // The same document twice is one observation.
    env.run(&["inventory", "import", pc1.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("収集結果 0（取込済み 1）"));
    env.run(&["audit", "verify"]).success();
}

#[test]
fn add_edit_retire() {
    let env = Env::new();
    env.import_example();
    let before = env.db_bytes();
    env.run(&["inventory", "add", "--ip", "10.0.0.300"])
        .failure()
        .stderr(predicate::str::contains("10.0.0.300"));
    env.run(&["inventory", "add", "--control-no", "001"])
        .failure()
        .stderr(predicate::str::contains("既に台帳にあります"));
    env.run(&["inventory", "edit", "999", "--os", "x"])
        .failure()
        .stderr(predicate::str::contains("999"));
    assert_eq!(env.db_bytes(), before);
    env.run(&[
        "inventory",
        "add",
        "--kind",
        "network",
        "--maker",
        "C社",
        "--computer-name",
        "core-sw",
        "--ip",
        "192.168.1.1",
        "--mac",
        "AA-BB-CC-DD-EE-FF",
    ])
    .success()
    .stdout(predicate::str::contains("台帳に追加しました: 005 core-sw"));
    let l = env.ledger();
    assert_eq!(l["005"]["kind"], "network");
    assert_eq!(l["005"]["mac"], "aa:bb:cc:dd:ee:ff");
    assert_eq!(l["005"]["registered_on"], "2025-10-01");
    env.run(&[
        "inventory",
        "edit",
        "001",
        "--os",
        "Windows 11 Pro",
        "--location",
        "Room9",
    ])
    .success()
    .stdout(predicate::str::contains("001 を変更しました: OS, 設置場所"));
    env.run(&["inventory", "retire", "002"])
        .success()
        .stdout(predicate::str::contains("廃棄日 2025-10-01"));
    env.run(&["inventory", "list"])
        .success()
        .stdout(predicate::str::contains("002").not())
        .stdout(predicate::str::contains("4 件（廃棄 1 件）"));
    env.run(&["inventory", "list", "--all"])
        .success()
        .stdout(predicate::str::contains("廃棄"));
    env.run(&["audit", "verify"]).success();
}

#[test]
fn agent_mode_needs_no_database() {
    let env = Env::new();
    let share = env.path("share/kensa");
    std::fs::create_dir_all(&share).unwrap();
    let out = share.join("host-PC01.json");
    env.kensa()
        .env("KENSA_DB", env.path("nowhere/kensa.db"))
        .args(["collect", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    assert!(
        !env.path("nowhere").exists(),
        "collect must not create a database"
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "kensa.host/1");
    // Only the document, no temporary file, is left on the share.
    assert_eq!(std::fs::read_dir(&share).unwrap().count(), 1);
}

// ---- `kensa collect --json` against the system's own commands ----

fn collect_json() -> Value {
    let out = Command::cargo_bin("kensa")
        .unwrap()
        .args(["collect", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], "kensa.host/1");
    v
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = StdCommand::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn value<'a>(fact: &'a Value, what: &str) -> &'a Value {
    assert_eq!(fact["status"], "ok", "{what}: {fact}");
    &fact["value"]
}

#[cfg(target_os = "linux")]
#[test]
fn collect_agrees_with_hostname_and_os_release() {
    let v = collect_json();
    let hostname = command_output("hostname", &[]).expect("hostname");
    assert_eq!(value(&v["identity"]["host_name"], "host"), hostname.trim());
    let release = std::fs::read_to_string("/etc/os-release").unwrap();
    let get = |key: &str| {
        release
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(|v| v.trim_matches('"').to_string())
    };
    assert_eq!(
        value(&v["identity"]["os_name"], "os").as_str(),
        get("NAME").as_deref()
    );
    assert_eq!(
        value(&v["identity"]["os_version"], "version").as_str(),
        get("VERSION").or_else(|| get("VERSION_ID")).as_deref()
    );
    let uname = command_output("uname", &["-r"]).unwrap();
    assert_eq!(value(&v["identity"]["os_build"], "kernel"), uname.trim());
}

#[cfg(target_os = "linux")]
#[test]
fn collect_agrees_with_dpkg_query() {
    if !Path::new("/var/lib/dpkg/status").exists() {
        eprintln!("not a dpkg system; skipped");
        return;
    }
    let before = command_output("dpkg-query", &["-W", "-f", "${Package}\t${Version}\n"])
        .expect("dpkg-query");
    let v = collect_json();
    let after = command_output("dpkg-query", &["-W", "-f", "${Package}\t${Version}\n"]).unwrap();
    let sw = value(&v["software"], "software");
    assert_eq!(sw["source"], "dpkg");
    let mut ours: Vec<String> = sw["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}\t{}",
                p["name"].as_str().unwrap(),
                p["version"].as_str().unwrap()
            )
        })
        .collect();
    ours.sort();
    let sorted = |s: &str| {
        let mut v: Vec<String> = s.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    // Another process may install a package meanwhile; ours must equal one of the two reads.
    assert!(
        ours == sorted(&before) || ours == sorted(&after),
        "kensa lists {} packages, dpkg-query -W {}",
        ours.len(),
        sorted(&after).len()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn collect_agrees_with_getent_passwd() {
    let v = collect_json();
    let ours: BTreeMap<String, String> = value(&v["accounts"], "accounts")
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let local: BTreeSet<String> = std::fs::read_to_string("/etc/passwd")
        .unwrap()
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .map(str::to_string)
        .collect();
    let getent: BTreeMap<String, String> = command_output("getent", &["passwd"])
        .expect("getent")
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() >= 3).then(|| (f[0].to_string(), f[2].to_string()))
        })
        // Local accounts: the ones in /etc/passwd (getent also lists LDAP/NIS users).
        .filter(|(n, _)| local.contains(n))
        .collect();
    assert_eq!(ours, getent);
    let root = value(&v["accounts"], "accounts")
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "root")
        .unwrap()
        .clone();
    assert_eq!(root["administrator"]["value"], true);
}

/// (protocol, port) → the pids `ss -lntup` prints for the socket.
#[cfg(target_os = "linux")]
fn ss_ports() -> BTreeMap<(String, u16), BTreeSet<u32>> {
    let out = command_output("ss", &["-lntupH"]).expect("ss");
    out.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let proto = f.first()?.to_string();
            let local = f.get(4)?;
            let port = local.rsplit(':').next()?.parse().ok()?;
            let pids = l
                .split("pid=")
                .skip(1)
                .filter_map(|r| r.split([',', ')']).next())
                .filter_map(|p| p.parse().ok())
                .collect();
            Some(((proto, port), pids))
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn collect_agrees_with_ss() {
    if command_output("ss", &["-V"]).is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "ss (iproute2) is missing on CI"
        );
        eprintln!("ss not installed; skipped");
        return;
    }
    let before = ss_ports();
    let v = collect_json();
    let after = ss_ports();
    let ours: BTreeMap<(String, u16), Value> = value(&v["listening"], "listening")
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                (
                    p["protocol"].as_str().unwrap().to_string(),
                    p["port"].as_u64().unwrap() as u16,
                ),
                p["process"].clone(),
            )
        })
        .collect();
    // Sockets opened or closed by other programs during the run may differ; the steady ones
    // (seen by ss before and after) must all be there, and ours must all have been seen.
    for (key, pids) in &before {
        if after.get(key) == Some(pids) {
            let p = ours
                .get(key)
                .unwrap_or_else(|| panic!("{key:?} missing: {ours:?}"));
            if !pids.is_empty() {
                let pid = p["value"]["pid"]
                    .as_u64()
                    .unwrap_or_else(|| panic!("{key:?}: {p}"));
                assert!(
                    pids.contains(&(pid as u32)),
                    "{key:?}: ss {pids:?}, kensa {pid}"
                );
            }
        }
    }
    for key in ours.keys() {
        assert!(
            before.contains_key(key) || after.contains_key(key),
            "{key:?} not listed by ss"
        );
    }
}

#[test]
fn collect_summary_in_both_languages() {
    let env = Env::new();
    env.run(&["collect"])
        .success()
        .stdout(predicate::str::contains("ホスト名"))
        .stdout(predicate::str::contains("ソフトウェア"));
    env.kensa()
        .args(["--lang", "en", "collect"])
        .assert()
        .success()
        .stdout(predicate::str::contains("host name"));
}

// ---- LibreOffice ----

/// LibreOffice's `soffice`, or `None` outside CI. On CI (`CI` set) its absence fails the test:
/// `.ci/run` installs it.
fn soffice() -> Option<PathBuf> {
    let found = ["soffice", "libreoffice"].iter().find_map(|p| {
        StdCommand::new(p)
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| PathBuf::from(p))
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is missing; .ci/run installs libreoffice-calc"
        );
        eprintln!("LibreOffice not installed; skipped (apt-get install libreoffice-calc)");
    }
    found
}

#[test]
fn exports_open_in_libreoffice_with_the_japanese_intact() {
    let Some(soffice) = soffice() else {
        return;
    };
    let env = Env::new();
    env.import_example();
    let xlsx = env.path("ledger.xlsx");
    let csv = env.path("ledger-cp932.csv");
    env.run(&[
        "inventory",
        "export",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ])
    .success();
    env.run(&[
        "inventory",
        "export",
        "--format",
        "csv",
        "--encoding",
        "cp932",
        "--out",
        csv.to_str().unwrap(),
    ])
    .success();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        env.path("lo-profile").display()
    );
    let convert = |input: &Path, filter: &str, infilter: Option<&str>, outdir: &Path| {
        let mut c = StdCommand::new(&soffice);
        c.arg(&profile).arg("--headless");
        if let Some(f) = infilter {
            c.arg(format!("--infilter={f}"));
        }
        let out = c
            .args(["--convert-to", filter, "--outdir"])
            .arg(outdir)
            .arg(input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // xlsx → CSV in UTF-8 (filter option 76).
    let dir1 = env.path("from-xlsx");
    convert(
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76",
        None,
        &dir1,
    );
    let text = std::fs::read_to_string(dir1.join("ledger.csv")).unwrap();
    assert!(
        text.starts_with("管理番号,メーカー,OS,ソフトウェア"),
        "{text}"
    );
    assert!(
        text.contains("a医師（〇〇科）、b医師（〇〇科）、c医師（△△科）"),
        "{text}"
    );
    assert!(text.contains("Room1のPC１"), "{text}");
    // 登録日 is a real date cell, shown as Excel's yyyy/m/d.
    assert!(text.contains("2020/12/1"), "{text}");

    // The CP932 CSV read as Japanese (Windows-932 is LibreOffice's charset 64), then saved as
    // xlsx, reads back with the same text.
    let dir2 = env.path("from-csv");
    // Every column as text (format 2), as a careful Excel user would import it, so 001 stays 001.
    let text_columns: Vec<String> = (1..=19).map(|c| format!("{c}/2")).collect();
    convert(
        &csv,
        "xlsx",
        Some(&format!("CSV:44,34,64,1,{}", text_columns.join("/"))),
        &dir2,
    );
    let fresh = Env::new();
    fresh
        .run(&[
            "inventory",
            "import",
            dir2.join("ledger-cp932.xlsx").to_str().unwrap(),
        ])
        .success();
    let l = fresh.ledger();
    assert_eq!(
        l["004"]["user"],
        "a医師（〇〇科）、b医師（〇〇科）、c医師（△△科）"
    );
    assert_eq!(l["002"]["description"], "メンテナンス");
}

/// Run kensa with its address space capped at `limit_kib`: memory that grows with the rows or
/// files of a command makes it fail (an allocation fails and the process aborts).
fn run_capped(env: &Env, limit_kib: u64, args: &[&str]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib}; exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("kensa"))
        .args(args)
        .env("KENSA_DB", env.db())
        .env("KENSA_CHECKLISTS", env.dir.path().join("user-checklists"))
        .env("KENSA_TODAY", "2025-10-01")
        .env_remove("KENSA_LANG")
        .output()
        .unwrap()
}

#[test]
fn list_export_and_import_do_not_hold_the_ledger_or_the_files() {
    // The cap: a few times what kensa needs for one of these files, a fraction of what the
    // same commands needed when they held every row and file (measured: 2 to 5 times the
    // cap). Numbers for a million rows are in BENCHMARKS.md.
    const CAP_KIB: u64 = 160 * 1024;
    let env = Env::new();
    // Three CSV files of 2,500 rows with a 12 KB 説明 each (3,997 characters, just under the
    // column's limit of 4,000): 90 MB of ledger text.
    let note = "保守契約あり。".repeat(571);
    let mut files = Vec::new();
    for f in 0..3 {
        let mut text = format!("{HEADER}\r\n");
        for r in 0..2500 {
            text.push_str(&format!(
                "{f}{r:04},A社,Win11,EMR,1,10.{f}.{}.{},pc{f}-{r},R1,u,2020/12/1,稼働,{note}\r\n",
                r / 250,
                r % 250 + 1
            ));
        }
        assert!(text.len() < 32 << 20);
        files.push(env.write(&format!("big-{f}.csv"), text.as_bytes()));
    }
    let mut args = vec!["inventory", "import"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let out = run_capped(&env, CAP_KIB, &args);
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("新規 7500"));

    let csv = env.path("out.csv");
    let xlsx = env.path("out.xlsx");
    for args in [
        vec!["inventory", "list", "--json"],
        vec!["inventory", "list"],
        vec![
            "inventory",
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
        vec![
            "inventory",
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    ] {
        let out = run_capped(&env, CAP_KIB, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args.contains(&"--json") {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["rows"].as_array().unwrap().len(), 7500);
            assert_eq!(v["rows"][7499]["description"], note);
        }
    }
    // Every row was exported (the files are too large to import again: 32 MiB is the limit).
    let exported = std::fs::read(&csv).unwrap();
    let mut records = csv::Reader::from_reader(&exported[3..]);
    let descriptions: Vec<String> = records
        .records()
        .map(|r| r.unwrap()[11].to_string())
        .collect();
    assert_eq!(descriptions.len(), 7500);
    assert!(descriptions.iter().all(|d| *d == note));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    // Twelve host documents of about 4 MB each, imported together.
    let base = host_document(&env, "base", "Debian GNU/Linux", "12", "10.9.0.1", "");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(base).unwrap()).unwrap();
    let packages: Vec<Value> = (0..28_000)
        .map(|n| {
            serde_json::json!({"name": format!("pkg-{n:06}-padding-padding"), "version": "1.0-1",
                "arch": "amd64", "publisher": null, "state": "installed", "installed_on": null})
        })
        .collect();
    doc["software"] =
        serde_json::json!({"status": "ok", "value": {"source": "dpkg", "packages": packages}});
    let mut hosts = Vec::new();
    for h in 0..12 {
        doc["identity"]["host_name"] =
            serde_json::json!({"status": "ok", "value": format!("host-{h}")});
        doc["interfaces"] = serde_json::json!({"status": "ok", "value": [
            {"name": "eth0", "mac": format!("02:00:00:00:00:{h:02x}"), "ipv4": [format!("10.8.0.{}", h + 1)], "ipv6": []}
        ]});
        let bytes = serde_json::to_vec_pretty(&doc).unwrap();
        assert!(bytes.len() > 3 << 20, "{}", bytes.len());
        hosts.push(env.write(&format!("host-{h}.json"), &bytes));
    }
    let mut args = vec!["inventory", "import"];
    args.extend(hosts.iter().map(|p| p.to_str().unwrap()));
    let out = run_capped(&env, CAP_KIB, &args);
    assert!(
        out.status.success(),
        "hosts: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("収集結果 12"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn list_json_streamed_is_the_document_pretty_printed_with_sorted_keys() {
    let env = Env::new();
    env.import_example();
    let host = host_document(
        &env,
        "Room1のPC１",
        "Windows 10 Pro",
        "22H2",
        "192.168.1.11",
        "",
    );
    env.run(&["inventory", "import", host.to_str().unwrap()])
        .success();
    let out = env
        .run(&["inventory", "list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["observations"].as_array().unwrap().len(), 1);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("{}\n", serde_json::to_string_pretty(&v).unwrap())
    );
}
