//! Finding editions: the ones built into the binary and the ones a user drops into their
//! checklist folder (a future 令和8年度版, for example). Parsing itself is pure, in `model`.

use std::path::{Path, PathBuf};

use crate::model::checklist::{Edition, EditionError, Form, check_carries_from, parse_edition};
use crate::model::yaml::{MAX_INPUT_BYTES, SourcePos};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_editions.rs"));
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "path", rename_all = "lowercase")]
pub enum Origin {
    Builtin(String),
    User(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Loaded {
    pub edition: Edition,
    pub origin: Origin,
    /// The YAML text the edition was parsed from: what a facility record embeds.
    pub text: String,
}

/// A file that could not be used, with every error found in it.
#[derive(Debug, Clone)]
pub struct FileProblems {
    pub file: String,
    pub errors: Vec<EditionError>,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    editions: Vec<Loaded>,
}

impl Library {
    /// Built-in editions plus those in `user_dir` (if it exists). Files that fail to parse are
    /// returned as problems and left out; they never hide the built-in editions.
    pub fn load(user_dir: Option<&Path>) -> (Library, Vec<FileProblems>) {
        let mut lib = Library::default();
        let mut problems = Vec::new();
        for (name, text) in builtin::BUILTIN {
            match parse_edition(name, text) {
                Ok(edition) => lib.editions.push(Loaded {
                    edition,
                    origin: Origin::Builtin((*name).to_string()),
                    text: (*text).to_string(),
                }),
                Err(errors) => problems.push(FileProblems {
                    file: (*name).to_string(),
                    errors,
                }),
            }
        }
        if let Some(dir) = user_dir {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                    .collect(),
                Err(_) => Vec::new(),
            };
            files.sort();
            let (parsed, mut bad) = parse_files(&files);
            problems.append(&mut bad);
            for (path, text, edition) in parsed {
                let file = path.display().to_string();
                if lib.get(&edition.id).is_some() {
                    problems.push(FileProblems {
                        file,
                        errors: vec![EditionError {
                            pos: SourcePos::new(&path.display().to_string(), 1, 1),
                            message: format!(
                                "edition `{}` is already built in or defined in another file; this file is ignored",
                                edition.id
                            ),
                        }],
                    });
                    continue;
                }
                let prev = edition.previous.as_deref().and_then(|p| lib.get(p));
                let errors = check_carries_from(&file, &text, &edition, prev);
                if errors.is_empty() {
                    lib.editions.push(Loaded {
                        edition,
                        origin: Origin::User(path),
                        text,
                    });
                } else {
                    problems.push(FileProblems { file, errors });
                }
            }
        }
        // Carry-over links of built-in editions are checked by the test suite.
        lib.editions.sort_by(|a, b| {
            (a.edition.form, a.edition.fiscal_year).cmp(&(b.edition.form, b.edition.fiscal_year))
        });
        (lib, problems)
    }

    pub fn all(&self) -> &[Loaded] {
        &self.editions
    }

    pub fn get(&self, id: &str) -> Option<&Edition> {
        self.editions
            .iter()
            .map(|l| &l.edition)
            .find(|e| e.id == id)
    }

    /// Newest edition of a form (by fiscal year).
    pub fn latest(&self, form: Form) -> Option<&Edition> {
        self.editions
            .iter()
            .map(|l| &l.edition)
            .filter(|e| e.form == form)
            .max_by_key(|e| e.fiscal_year)
    }

    /// The YAML text of an edition, for embedding in a facility record.
    pub fn text(&self, id: &str) -> Option<&str> {
        self.editions
            .iter()
            .find(|l| l.edition.id == id)
            .map(|l| l.text.as_str())
    }

    /// The editions to judge a record with: those it embeds, then this library's for any it
    /// lacks.
    pub fn editions_for(
        &self,
        record: &crate::model::record::Record,
    ) -> Result<crate::model::record::Editions, crate::model::record::RecordError> {
        crate::model::record::editions_of(record, &|id| self.get(id).cloned())
    }

    /// The newest edition of a form published for 年度 `fy` or earlier: the one a sheet of that
    /// year should use.
    pub fn newest_for(&self, form: Form, fy: i16) -> Option<&Edition> {
        self.editions
            .iter()
            .map(|l| &l.edition)
            .filter(|e| e.form == form && e.fiscal_year <= i32::from(fy))
            .max_by_key(|e| e.fiscal_year)
    }

    /// An edition newer than `edition` that a sheet of 年度 `fy` should use instead, if the
    /// library has one (an R5 sheet for 令和7年度 while R7 exists).
    pub fn newer_than(&self, edition: &Edition, fy: i16) -> Option<&Edition> {
        self.newest_for(edition.form, fy)
            .filter(|n| n.fiscal_year > edition.fiscal_year)
    }

    /// The official edition a sheet of `form` for 年度 `fy` should use that no loaded checklist
    /// provides (令和8年度版 while only R5–R7 are loaded), from the shipped list of known editions.
    pub fn missing_official(
        &self,
        form: Form,
        fy: i16,
    ) -> Option<&'static crate::model::known::KnownEdition> {
        crate::model::known::missing_official(
            crate::model::known::known_editions(),
            form,
            i32::from(fy),
            self.newest_for(form, fy).map(|e| e.fiscal_year),
            &|edition, form| {
                self.editions
                    .iter()
                    .any(|l| l.edition.edition == edition && l.edition.form == form)
            },
        )
    }

    pub fn ids(&self) -> Vec<&str> {
        self.editions
            .iter()
            .map(|l| l.edition.id.as_str())
            .collect()
    }
}

/// Read and parse files; returns the good ones (with their text) and the problems.
fn parse_files(paths: &[PathBuf]) -> (Vec<(PathBuf, String, Edition)>, Vec<FileProblems>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for path in paths {
        let file = path.display().to_string();
        match read_text(path) {
            Err(e) => bad.push(FileProblems {
                file,
                errors: vec![e],
            }),
            Ok(text) => match parse_edition(&file, &text) {
                Ok(ed) => good.push((path.clone(), text, ed)),
                Err(errors) => bad.push(FileProblems { file, errors }),
            },
        }
    }
    (good, bad)
}

/// Read a YAML file as UTF-8 text, refusing huge files before reading them whole.
fn read_text(path: &Path) -> Result<String, EditionError> {
    let file = path.display().to_string();
    let err = |line, column, message: String| EditionError {
        pos: SourcePos::new(&file, line, column),
        message,
    };
    // A FIFO in the user folder is refused here without blocking every command.
    let bytes = crate::fsio::read_limited(path, MAX_INPUT_BYTES as u64).map_err(|e| match e {
        crate::fsio::ReadFailure::Io(e) => err(1, 1, format!("cannot read: {e}")),
        crate::fsio::ReadFailure::TooLarge { size } => err(
            1,
            1,
            format!(
                "file is {size} bytes; the limit for a checklist file is {MAX_INPUT_BYTES} bytes"
            ),
        ),
    })?;
    text_of(&file, bytes)
}

/// A checklist file's bytes as UTF-8 text, or where the first byte that is not. The fuzz target
/// for edition files enters here.
pub fn text_of(file: &str, bytes: Vec<u8>) -> Result<String, EditionError> {
    let err = |line, column, message: String| EditionError {
        pos: SourcePos::new(file, line, column),
        message,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        let column = (at - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1)) as u64 + 1;
        err(
            line,
            column,
            "not UTF-8 text (save the file as UTF-8; Shift_JIS/CP932 is not accepted for checklists)".into(),
        )
    })
}

/// `kensa checklist validate`: every error in every file. Editions named as `previous` are
/// looked up among the given files first, then in `library`.
pub fn validate_files(paths: &[PathBuf], library: &Library) -> Vec<FileProblems> {
    let (good, mut problems) = parse_files(paths);
    for (path, text, edition) in &good {
        let prev = edition.previous.as_deref().and_then(|p| {
            good.iter()
                .map(|(_, _, e)| e)
                .find(|e| e.id == p)
                .or_else(|| library.get(p))
        });
        let file = path.display().to_string();
        let errors = check_carries_from(&file, text, edition, prev);
        if !errors.is_empty() {
            problems.push(FileProblems { file, errors });
        }
    }
    let order = |f: &FileProblems| paths.iter().position(|p| p.display().to_string() == f.file);
    problems.sort_by_key(order);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::Wording;

    #[test]
    fn every_builtin_edition_parses_and_links() {
        let (lib, problems) = Library::load(None);
        assert!(problems.is_empty(), "{problems:#?}");
        let mut ids = lib.ids();
        ids.sort();
        assert_eq!(
            ids,
            [
                "hospital-r5",
                "hospital-r6",
                "hospital-r7",
                "pharmacy-r5",
                "pharmacy-r6",
                "pharmacy-r7",
                "vendor-r5",
                "vendor-r6",
                "vendor-r7"
            ]
        );
        for l in lib.all() {
            let e = &l.edition;
            let text = builtin::BUILTIN
                .iter()
                .find(|(n, _)| *n == format!("{}.yaml", e.id))
                .map(|(_, t)| *t)
                .unwrap();
            let prev = e.previous.as_deref().and_then(|p| lib.get(p));
            assert!(e.previous.is_none() || prev.is_some(), "{}", e.id);
            let errs = check_carries_from(&e.id, text, e, prev);
            assert!(errs.is_empty(), "{errs:#?}");
        }
        assert_eq!(lib.latest(Form::Hospital).unwrap().id, "hospital-r7");
    }

    #[test]
    fn r5_hospital_texts_are_verified_and_exact() {
        let (lib, _) = Library::load(None);
        let r5 = lib.get("hospital-r5").unwrap();
        assert!(r5.all_items().all(|i| i.wording == Wording::Verified));
        assert_eq!(
            r5.item("3-1").unwrap().text,
            "インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、警察等）への連絡体制図がある。"
        );
        assert_eq!(
            r5.gate.as_ref().unwrap().text,
            "医療情報システムを導入、運用している。"
        );
    }

    #[test]
    fn r7_two_factor_item_is_due_in_reiwa_9() {
        let (lib, _) = Library::load(None);
        let r7 = lib.get("hospital-r7").unwrap();
        assert!(r7.all_items().any(|i| i.deadline_fiscal_year == Some(2027)));
        // GL 7.0 allows the next system renewal after 令和9年度.
        let two_factor = r7.item("2-11").unwrap();
        assert_eq!(
            two_factor.deadline_relief,
            Some(crate::model::checklist::DeadlineRelief::NextSystemRenewal)
        );
    }

    /// Fidelity audit table A: which R7 texts come from the draft manual (D02), which are only
    /// topic labels (D03–D05), and that 3(1) has no 目標日 cell (D08).
    #[test]
    fn r7_wording_states_follow_the_fidelity_audit() {
        let (lib, _) = Library::load(None);
        let r7 = lib.get("hospital-r7").unwrap();
        let with = |w: Wording| -> Vec<&str> {
            r7.all_items()
                .filter(|i| i.wording == w)
                .map(|i| i.id.as_str())
                .collect()
        };
        assert_eq!(
            with(Wording::Draft),
            [
                "1-1", "2-1", "2-2", "2-6", "2-7", "2-8", "2-12", "2-13", "3-2"
            ]
        );
        assert_eq!(with(Wording::Unknown), ["2-9", "2-11", "3-4"]);
        assert_eq!(with(Wording::Verified), ["gate"]);
        for id in ["pharmacy-r7", "vendor-r7"] {
            let e = lib.get(id).unwrap();
            let unknown: Vec<_> = e.unknown_text_items().map(|i| i.id.as_str()).collect();
            assert!(
                unknown.contains(&"2-9") && unknown.contains(&"2-11"),
                "{id}"
            );
        }
        assert!(r7.confirmation_date.is_some());
        for id in [
            "hospital-r5",
            "hospital-r6",
            "hospital-r7",
            "pharmacy-r5",
            "pharmacy-r6",
        ] {
            let chart = lib.get(id).unwrap().item("3-1").unwrap();
            assert!(!chart.target_date, "{id}");
        }
        // ⑩/⑪ are inferred numbers: not printed.
        assert_eq!(r7.item("2-10").unwrap().number, "");
        assert_eq!(r7.item("2-11").unwrap().number, "");
    }

    #[test]
    fn instructions_carry_provenance_and_blocks() {
        let (lib, _) = Library::load(None);
        let r5 = lib.get("hospital-r5").unwrap();
        let blocks: Vec<_> = r5
            .instructions
            .iter()
            .map(|i| (i.wording, i.block.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            blocks,
            [
                (Wording::Verified, "〇 令和5年度中"),
                (Wording::Verified, "〇 令和5年度中"),
                (Wording::Verified, "〇 令和5年度中"),
                (Wording::Verified, "○参考項目（令和６年度中）"),
            ]
        );
        let r6 = lib.get("hospital-r6").unwrap();
        assert!(
            r6.instructions
                .iter()
                .all(|i| i.wording == Wording::Unverified && i.note.is_some())
        );
        // A plain string, as every file before provenance was recorded, is a verified sentence.
        let old = builtin::BUILTIN
            .iter()
            .find(|(n, _)| *n == "hospital-r7.yaml")
            .unwrap()
            .1
            .replace("notes: |", "instructions:\n  - \"*以下項目は…\"\nnotes: |");
        let e = parse_edition("old.yaml", &old).unwrap();
        assert_eq!(e.instructions[0].wording, Wording::Verified);
    }

    #[test]
    fn pharmacy_r5_loads_validates_and_leads_to_r6() {
        let (lib, _) = Library::load(None);
        let r5 = lib.get("pharmacy-r5").unwrap();
        assert_eq!(r5.fiscal_year, 2023);
        // Nothing of the pharmacy sheet was seen: every text is marked, none invented.
        assert!(
            r5.all_items()
                .all(|i| i.wording == Wording::Unverified && i.wording_note.is_some())
        );
        assert!(
            r5.instructions
                .iter()
                .all(|i| i.wording == Wording::Unverified)
        );
        // 3(1) and the server patch row were 参考項目 on the pharmacy sheet (fidelity D09).
        assert!(
            r5.item("3-1")
                .unwrap()
                .is_reference(crate::model::checklist::Scope::General)
        );
        assert!(
            r5.item("2-7")
                .unwrap()
                .is_reference(crate::model::checklist::Scope::Server)
        );
        let r6 = lib.get("pharmacy-r6").unwrap();
        assert_eq!(r6.previous.as_deref(), Some("pharmacy-r5"));
        assert_eq!(
            lib.newest_for(Form::Pharmacy, 2023).unwrap().id,
            "pharmacy-r5"
        );
        let problems =
            validate_files(
                &[std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("checklists/pharmacy-r5.yaml")],
                &lib,
            );
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn reiwa_8_is_known_but_missing() {
        let (lib, _) = Library::load(None);
        for form in [Form::Hospital, Form::Pharmacy, Form::Vendor] {
            assert_eq!(
                lib.missing_official(form, 2026).map(|k| k.edition.as_str()),
                Some("r8"),
                "{form:?}"
            );
            assert!(lib.missing_official(form, 2025).is_none());
        }
    }

    #[test]
    fn newer_than_names_the_edition_a_year_should_use() {
        let (lib, _) = Library::load(None);
        let r5 = lib.get("hospital-r5").unwrap();
        let newer = |fy| lib.newer_than(r5, fy).map(|e| e.id.as_str());
        assert_eq!(newer(2023), None);
        assert_eq!(newer(2024), Some("hospital-r6"));
        assert_eq!(newer(2025), Some("hospital-r7"));
        let r7 = lib.get("hospital-r7").unwrap();
        // No R8 in the library: R7 is the newest for 令和8年度.
        assert!(lib.newer_than(r7, 2026).is_none());
    }

    #[test]
    fn user_folder_adds_an_edition_and_reports_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let r7 = builtin::BUILTIN
            .iter()
            .find(|(n, _)| *n == "hospital-r7.yaml")
            .unwrap()
            .1;
        let r8 = r7
            .replace("id: hospital-r7", "id: hospital-r8")
            .replace("edition: r7", "edition: r8")
            .replace("fiscal_year: 2025", "fiscal_year: 2026")
            .replacen("previous: hospital-r6", "previous: hospital-r7", 1);
        std::fs::write(dir.path().join("hospital-r8.yaml"), r8).unwrap();
        std::fs::write(dir.path().join("broken.yaml"), "schema: 1\n\tid: x\n").unwrap();
        std::fs::write(dir.path().join("sjis.yaml"), b"title: \x83\x65\n").unwrap();
        let (lib, problems) = Library::load(Some(dir.path()));
        assert!(lib.get("hospital-r8").is_some(), "{problems:#?}");
        assert_eq!(lib.latest(Form::Hospital).unwrap().id, "hospital-r8");
        assert_eq!(problems.len(), 2, "{problems:#?}");
        let sjis = problems
            .iter()
            .find(|p| p.file.ends_with("sjis.yaml"))
            .unwrap();
        assert_eq!((sjis.errors[0].pos.line, sjis.errors[0].pos.column), (1, 8));
    }
}

/// Hostile-input properties of the edition parser: whatever the bytes, parsing ends in an
/// edition or located errors, never a panic. (cargo-fuzz needs a nightly toolchain, which the
/// project's machines do not have; proptest runs the same idea on stable in every CI run.)
#[cfg(test)]
mod fuzz {
    use super::builtin::BUILTIN;
    use crate::model::checklist::parse_edition;
    use proptest::prelude::*;

    fn edition_text() -> impl Strategy<Value = String> {
        (0..BUILTIN.len()).prop_map(|i| BUILTIN[i].1.to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
            let _ = parse_edition("fuzz.yaml", &s);
        }

        #[test]
        fn mutated_editions_never_panic(
            text in edition_text(),
            at in 0usize..40_000,
            cut in 0usize..200,
            insert in prop::sample::select(vec!["\t", ":", "- ", "[", "{", "\"", "&a", "*a", "\n  ", "～", "!!binary ", "<<: *a"]),
        ) {
            let mut t = text;
            let mut at = at.min(t.len());
            while !t.is_char_boundary(at) { at -= 1; }
            let mut end = (at + cut).min(t.len());
            while !t.is_char_boundary(end) { end -= 1; }
            t.replace_range(at..end, insert);
            if let Err(errors) = parse_edition("fuzz.yaml", &t) {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(e.pos.line >= 1 && e.pos.column >= 1);
                }
            }
        }

        #[test]
        fn typed_dates_never_panic(s in "\\PC{0,30}") {
            let _ = crate::model::wareki::parse_date(&s);
        }
    }
}
