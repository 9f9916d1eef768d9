#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! Bundles kensa writes must be bundles its own `verify` accepts, whatever the evidence files are
//! called; and `verify` accepts only the harmless header fields kensa writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ed25519_dalek::SigningKey;
use kensa::bundle::manifest::ManifestFacility;
use kensa::bundle::reader::{ReadError, Verdict, verify};
use kensa::bundle::writer::{BundleInfo, Member, write_bundle};
use kensa::bundle::{MAX_WRITTEN_NAME_BYTES, MEMBER_MODE};
use predicates::prelude::*;
use proptest::prelude::*;

fn info() -> BundleInfo {
    BundleInfo {
        facility: ManifestFacility {
            name: "みなと市民病院".into(),
            kind: "病院".into(),
            prefecture: None,
        },
        edition: "hospital-r7".into(),
        sheet: "hospital-r7-2025".into(),
        fiscal_year: 2025,
        created_at: "2025-10-01T00:00:00Z".into(),
    }
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[9u8; 32])
}

/// Evidence names an officer's files can have, or a hand-edited database can hold.
fn awkward_names() -> Vec<String> {
    vec![
        "𠮷".repeat(63),
        format!("{}.pdf", "𠮷".repeat(63)),
        "あ".repeat(200),
        "a".repeat(300),
        format!("{}.xlsx", "報告書".repeat(40)),
        "..".into(),
        ".".into(),
        "...".into(),
        "".into(),
        " ".into(),
        "../../etc/passwd".into(),
        "a/b/../c".into(),
        "/etc/shadow".into(),
        "\\\\server\\share\\x.pdf".into(),
        "C:\\Windows\\x.exe".into(),
        "\u{1b}[31mred\u{1b}[0m.txt".into(),
        "\u{1b}]0;title\u{7}".into(),
        "line\nbreak\r\ttab".into(),
        "nul\0byte".into(),
        "\u{202e}fdp.exe".into(),
        "name. . .".into(),
        ".hidden".into(),
        "CON".into(),
        "a:b*c?d\"e<f>g|h".into(),
        "é".repeat(99),
        format!("x.{}", "y".repeat(200)),
    ]
}

fn write_with(dir: &Path, file: &str, names: &[String]) -> PathBuf {
    let path = dir.join(file);
    let members: Vec<Member> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Member::evidence(i as i64 + 1, n, format!("content {i}").into_bytes()))
        .collect();
    write_bundle(&path, &members, info(), &key()).unwrap();
    path
}

#[test]
fn every_awkward_evidence_name_makes_a_bundle_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in awkward_names().into_iter().enumerate() {
        let path = write_with(
            dir.path(),
            &format!("b{i}.tar"),
            std::slice::from_ref(&name),
        );
        let v = verify(&path, None).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(v.verdict(), Verdict::Intact, "{name:?}: {:?}", v.problems);
        let entry = &v.manifest.unwrap().files[0];
        assert!(entry.path.len() <= MAX_WRITTEN_NAME_BYTES, "{entry:?}");
        assert!(entry.path.starts_with("evidence/1-"), "{entry:?}");
        assert_eq!(entry.path.matches('/').count(), 1, "{entry:?}");
        assert!(!entry.path.split('/').any(|c| c == ".."), "{entry:?}");
        assert!(!entry.path.chars().any(char::is_control), "{entry:?}");
        // The original name is kept, exactly.
        assert_eq!(entry.original_name.as_deref(), Some(name.as_str()));
    }
    // All of them in one bundle, too: the ids keep shortened names apart.
    let path = write_with(dir.path(), "all.tar", &awkward_names());
    let v = verify(&path, None).unwrap();
    assert!(v.intact(), "{:?}", v.problems);
    assert_eq!(v.files, awkward_names().len());
}

#[test]
fn shortening_keeps_the_extension_and_is_deterministic() {
    use kensa::bundle::writer::evidence_member_name;
    let long = format!("{}.pdf", "𠮷".repeat(63));
    let a = evidence_member_name(7, &long);
    assert_eq!(a, evidence_member_name(7, &long));
    assert!(a.ends_with(".pdf"), "{a}");
    assert!(a.len() <= MAX_WRITTEN_NAME_BYTES);
    assert!(std::str::from_utf8(a.as_bytes()).is_ok());
    assert_eq!(
        evidence_member_name(3, "報告書.pdf"),
        "evidence/3-報告書.pdf"
    );
    assert_eq!(evidence_member_name(3, ".."), "evidence/3-file");
    assert_eq!(evidence_member_name(3, ""), "evidence/3-file");
}

#[test]
fn a_name_verify_would_refuse_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.tar");
    for bad in ["../x", "a//b", &"a".repeat(101), "manifest.json"] {
        let e = write_bundle(&out, &[Member::new(bad, vec![1])], info(), &key()).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{bad}");
        assert!(!out.exists(), "{bad}");
    }
    let twice = [Member::new("a.txt", vec![1]), Member::new("a.txt", vec![2])];
    assert!(write_bundle(&out, &twice, info(), &key()).is_err());
    assert!(!out.exists());
}

#[test]
fn written_headers_are_the_fixed_harmless_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_with(dir.path(), "b.tar", &["報告書.pdf".to_string()]);
    let mut a = tar::Archive::new(std::fs::File::open(&path).unwrap());
    for e in a.entries().unwrap().raw(true) {
        let e = e.unwrap();
        let h = e.header();
        assert_eq!(h.entry_type(), tar::EntryType::Regular);
        assert_eq!(h.mode().unwrap(), MEMBER_MODE);
        assert_eq!(h.uid().unwrap(), 0);
        assert_eq!(h.gid().unwrap(), 0);
        assert_eq!(h.username_bytes(), Some(&b""[..]));
        assert_eq!(h.groupname_bytes(), Some(&b""[..]));
        // The bundle's creation time, not the time of writing.
        assert_eq!(h.mtime().unwrap(), 1_759_276_800);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the name, the bundle verifies.
    #[test]
    fn any_evidence_name_verifies(name in any::<String>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = write_with(dir.path(), "p.tar", std::slice::from_ref(&name));
        let v = verify(&path, None);
        prop_assert!(matches!(&v, Ok(v) if v.intact()), "{name:?}: {v:?}");
    }
}

// ---- crafted headers ----

/// Offsets of every member header in a bundle.
fn header_offsets(path: &Path) -> Vec<usize> {
    let mut a = tar::Archive::new(std::fs::File::open(path).unwrap());
    a.entries()
        .unwrap()
        .map(|e| e.unwrap().raw_header_position() as usize)
        .collect()
}

/// A copy of the bundle with the header of member `index` changed by `edit` (checksum redone,
/// contents untouched, so the manifest and signature still match).
fn with_header(src: &Path, dst: &Path, index: usize, edit: impl FnOnce(&mut tar::Header)) {
    let mut bytes = std::fs::read(src).unwrap();
    let at = header_offsets(src)[index];
    let mut h = tar::Header::new_old();
    h.as_mut_bytes().copy_from_slice(&bytes[at..at + 512]);
    edit(&mut h);
    h.set_cksum();
    bytes[at..at + 512].copy_from_slice(h.as_bytes());
    std::fs::write(dst, bytes).unwrap();
}

#[test]
fn any_other_mode_type_or_owner_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_with(dir.path(), "good.tar", &["報告書.pdf".to_string()]);
    assert!(verify(&good, None).unwrap().intact());
    type Edit = Box<dyn Fn(&mut tar::Header)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("setuid", Box::new(|h| h.set_mode(0o6777)), "mode"),
        ("exec", Box::new(|h| h.set_mode(0o755)), "mode"),
        ("world", Box::new(|h| h.set_mode(0o666)), "mode"),
        ("uid", Box::new(|h| h.set_uid(1000)), "uid"),
        ("gid", Box::new(|h| h.set_gid(27)), "gid"),
        (
            "uname",
            Box::new(|h| h.set_username("root").unwrap()),
            "uname",
        ),
        (
            "gname",
            Box::new(|h| h.set_groupname("wheel").unwrap()),
            "gname",
        ),
        (
            "devmajor",
            Box::new(|h| h.set_device_major(8).unwrap()),
            "devmajor",
        ),
        (
            "linkname",
            Box::new(|h| h.set_link_name("/etc/shadow").unwrap()),
            "linkname",
        ),
        (
            "hardlink",
            Box::new(|h| {
                h.set_entry_type(tar::EntryType::Link);
                h.set_link_name("manifest.json").unwrap();
            }),
            "Link",
        ),
        (
            "symlink",
            Box::new(|h| h.set_entry_type(tar::EntryType::Symlink)),
            "Symlink",
        ),
        (
            "char-device",
            Box::new(|h| h.set_entry_type(tar::EntryType::Char)),
            "Char",
        ),
        (
            "block-device",
            Box::new(|h| h.set_entry_type(tar::EntryType::Block)),
            "Block",
        ),
        (
            "fifo",
            Box::new(|h| h.set_entry_type(tar::EntryType::Fifo)),
            "Fifo",
        ),
        (
            "directory",
            Box::new(|h| h.set_entry_type(tar::EntryType::Directory)),
            "Directory",
        ),
    ];
    for (member, index) in [("manifest", 0), ("evidence", 2)] {
        for (name, edit, field) in &cases {
            let p = dir.path().join(format!("{member}-{name}.tar"));
            with_header(&good, &p, index, |h| edit(h));
            match verify(&p, None) {
                Err(ReadError::UnsafeHeader { field: f, .. }) => {
                    assert_eq!(f, *field, "{member} {name}")
                }
                Err(ReadError::NotRegular { kind, .. }) => {
                    assert_eq!(kind, *field, "{member} {name}")
                }
                // A link or device header may say its data is elsewhere: the archive no
                // longer lines up, which is refused too, but never intact.
                Err(ReadError::Damaged { .. }) => {}
                other => panic!("{member} {name}: {other:?}"),
            }
        }
    }
}

// ---- the binary ----

const TODAY: &str = "2025-10-01";

fn kensa(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("kensa").unwrap();
    c.env("KENSA_DB", dir.join("kensa.db"))
        .env("KENSA_CHECKLISTS", dir.join("user-checklists"))
        .env("KENSA_TODAY", TODAY)
        .env_remove("KENSA_LANG")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("USER", "tester")
        .current_dir(dir);
    c
}

fn ok(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(
        kensa(dir)
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap()
}

/// The case on the real binary: an evidence file named with 63 four-byte characters.
#[test]
fn a_63_character_four_byte_evidence_name_bundles_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &["init", "--name", "みなと市民病院", "--kind", "hospital"],
    );
    ok(d, &["sheet", "new", "--edition", "hospital-r7"]);
    ok(d, &["answer", "gate", "yes", "--date", "2025-06-02"]);
    let name = "𠮷".repeat(63);
    let file = d.join(&name);
    std::fs::write(&file, b"evidence").unwrap();
    let escape = d.join("\u{1b}[2J.txt");
    std::fs::write(&escape, b"more").unwrap();
    ok(
        d,
        &[
            "answer",
            "1-1",
            "yes",
            "--date",
            "2025-06-02",
            "--evidence",
            file.to_str().unwrap(),
            "--evidence",
            escape.to_str().unwrap(),
        ],
    );
    let key = d.join("k.key");
    ok(d, &["keygen", "--out", key.to_str().unwrap()]);
    let out = d.join("b.tar");
    ok(
        d,
        &[
            "bundle",
            "--out",
            out.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    );
    kensa(d)
        .args(["verify", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("改ざんはありません"));
    let v: serde_json::Value = serde_json::from_slice(
        &kensa(d)
            .args(["verify", out.to_str().unwrap(), "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let files = v["manifest"]["files"].as_array().unwrap();
    let originals: Vec<&str> = files
        .iter()
        .filter_map(|f| f["original_name"].as_str())
        .collect();
    assert!(originals.contains(&name.as_str()), "{files:?}");
    assert!(originals.contains(&"\u{1b}[2J.txt"), "{files:?}");
    // The crafted header through the binary: refused, exit 4, the field named.
    let bad = d.join("setuid.tar");
    with_header(&out, &bad, 2, |h| h.set_mode(0o6777));
    kensa(d)
        .args(["verify", bad.to_str().unwrap()])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("mode"))
        .stderr(predicate::str::contains("6777"));
}
