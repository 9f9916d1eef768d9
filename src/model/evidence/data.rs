//! The offline data the evidence rules read, shipped in `data/` and embedded in the binary so a
//! closed hospital network needs nothing else: end-of-life dates (`eol.tsv`, from
//! endoflife.date), CISA's known-exploited vulnerabilities for hospital-LAN products
//! (`kev.tsv`) and the affected version ranges written by hand from vendor advisories
//! (`kev-affected.tsv`). Each file starts with `#` lines naming its source, licence and
//! snapshot date; `scripts/update-eol.py` and `scripts/update-kev.py` rebuild them. Parsing is
//! pure; a bad line is named by file and line.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Serialize;

use super::version::Version;

static EOL_TSV: &str = include_str!("../../../data/eol.tsv");
static KEV_TSV: &str = include_str!("../../../data/kev.tsv");
static KEV_AFFECTED_TSV: &str = include_str!("../../../data/kev-affected.tsv");

/// A data file: where its facts come from and how old they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataInfo {
    /// `data/eol.tsv`, …
    pub file: String,
    pub source: String,
    pub licence: String,
    /// The commit date of the public repository it was built from.
    pub snapshot: Date,
    /// Lines of data.
    pub entries: usize,
}

impl DataInfo {
    /// Older than six months on `today`: the app warns and names the update script.
    pub fn is_stale(&self, today: Date) -> bool {
        self.snapshot
            .checked_add(jiff::Span::new().months(6))
            .is_ok_and(|limit| limit < today)
    }
}

/// A line of a data file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// An end-of-life column: a date, "ended" without a date, or no end set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "date")]
pub enum EolDate {
    On(Date),
    /// `true` in the source: support has ended, the date is not given.
    Ended,
    /// `false` or empty: no end announced.
    NotSet,
}

/// One release cycle of a product (`10-22h2`, `2012-r2`, `7.2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    pub cycle: String,
    pub label: String,
    pub released: Option<Date>,
    /// End of security updates.
    pub eol: EolDate,
    /// End of paid extended security updates (Windows ESU, Ubuntu Pro, Debian LTS…).
    pub extended: EolDate,
    /// Newest version of the cycle at the snapshot (`10.0.19045`, `13.7.8`), may be empty.
    pub latest: String,
    pub lts: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EolProduct {
    /// The endoflife.date slug, which is also kensa's product key.
    pub key: String,
    pub title: String,
    pub cycles: Vec<Cycle>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EolData {
    pub info: DataInfo,
    pub products: Vec<EolProduct>,
    /// Products asked for that endoflife.date does not track (named in the file's header).
    pub not_tracked: Vec<String>,
}

/// Versions of one branch a known-exploited vulnerability affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AffectedRange {
    pub introduced: Version,
    /// First fixed version of the branch; `None`: no fix in the branch (move to another).
    pub fixed: Option<Version>,
    pub advisory: String,
    /// Hotfixes of earlier maintenance releases that also fix it.
    pub also_fixed: Vec<Version>,
}

impl AffectedRange {
    pub fn contains(&self, v: &Version) -> bool {
        use std::cmp::Ordering::Less;
        if v.compare(&self.introduced) == Less {
            return false;
        }
        let below_fix = match &self.fixed {
            Some(f) => v.compare(f) == Less,
            None => v.compare(&self.introduced.next_branch()) == Less,
        };
        below_fix
            && !self
                .also_fixed
                .iter()
                .any(|a| v.same_prefix(a, 3) && v.compare(a) != Less)
    }
}

/// One CISA KEV entry kept for a hospital-LAN product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KevEntry {
    pub cve: String,
    pub vendor: String,
    pub product: String,
    /// kensa product keys a device is matched by (`fortios`, `cisco-asa`, …).
    pub keys: Vec<String>,
    pub name: String,
    pub added: Date,
    /// Known use in ransomware campaigns.
    pub ransomware: bool,
    pub advisory: String,
    /// From `kev-affected.tsv`; empty when no range was written.
    pub ranges: Vec<AffectedRange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KevData {
    pub info: DataInfo,
    pub affected_info: DataInfo,
    pub entries: Vec<KevEntry>,
}

/// Every data set the rules read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Datasets {
    pub eol: EolData,
    pub kev: KevData,
}

struct Header {
    source: String,
    licence: String,
    snapshot: Option<Date>,
    not_tracked: Vec<String>,
}

fn header(text: &str) -> Header {
    let mut h = Header {
        source: String::new(),
        licence: String::new(),
        snapshot: None,
        not_tracked: Vec::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let Some((key, value)) = line.trim_start_matches('#').trim().split_once(": ") else {
            continue;
        };
        match key {
            "source" => h.source = value.to_string(),
            "licence" => h.licence = value.to_string(),
            "snapshot" => {
                h.snapshot = value.split_whitespace().next().and_then(|d| d.parse().ok());
            }
            k if k.starts_with("not tracked") => {
                h.not_tracked = value.split(", ").map(str::to_string).collect();
            }
            _ => {}
        }
    }
    h
}

fn info(file: &str, h: &Header, entries: usize) -> Result<DataInfo, DataError> {
    Ok(DataInfo {
        file: file.to_string(),
        source: h.source.clone(),
        licence: h.licence.clone(),
        snapshot: h.snapshot.ok_or_else(|| DataError {
            file: file.to_string(),
            line: 1,
            message: "no `# snapshot: YYYY-MM-DD` header line".into(),
        })?,
        entries,
    })
}

/// The data lines with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
}

fn bad(file: &str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn date_cell(file: &str, line: usize, what: &str, s: &str) -> Result<Date, DataError> {
    s.parse()
        .map_err(|_| bad(file, line, format!("{what} `{s}` is not YYYY-MM-DD")))
}

fn eol_cell(file: &str, line: usize, what: &str, s: &str) -> Result<EolDate, DataError> {
    Ok(match s {
        "true" => EolDate::Ended,
        "" | "false" => EolDate::NotSet,
        d => EolDate::On(date_cell(file, line, what, d)?),
    })
}

impl EolData {
    pub fn parse(file: &str, text: &str) -> Result<EolData, DataError> {
        let h = header(text);
        let mut products: Vec<EolProduct> = Vec::new();
        let mut count = 0;
        for (n, line) in data_lines(text) {
            let cells: Vec<&str> = line.split('\t').collect();
            match cells.as_slice() {
                ["P", key, title] => products.push(EolProduct {
                    key: key.to_string(),
                    title: title.to_string(),
                    cycles: Vec::new(),
                }),
                ["C", key, cycle, label, released, eol, extended, latest, lts] => {
                    let product =
                        products
                            .iter_mut()
                            .rfind(|p| p.key == *key)
                            .ok_or_else(|| {
                                bad(file, n, format!("cycle of `{key}` before its P line"))
                            })?;
                    product.cycles.push(Cycle {
                        cycle: cycle.to_string(),
                        label: label.to_string(),
                        released: match *released {
                            "" => None,
                            d => Some(date_cell(file, n, "release date", d)?),
                        },
                        eol: eol_cell(file, n, "eol", eol)?,
                        extended: eol_cell(file, n, "extended", extended)?,
                        latest: latest.to_string(),
                        lts: *lts == "lts",
                    });
                    count += 1;
                }
                _ => {
                    return Err(bad(
                        file,
                        n,
                        format!(
                            "expected `P` with 3 cells or `C` with 9 cells, found {} cells",
                            cells.len()
                        ),
                    ));
                }
            }
        }
        Ok(EolData {
            info: info(file, &h, count)?,
            products,
            not_tracked: h.not_tracked,
        })
    }

    pub fn product(&self, key: &str) -> Option<&EolProduct> {
        self.products.iter().find(|p| p.key == key)
    }
}

impl KevData {
    /// `kev.tsv` and `kev-affected.tsv` together: every range must name a CVE and product of
    /// the catalogue file.
    pub fn parse(
        kev_file: &str,
        kev_text: &str,
        affected_file: &str,
        affected_text: &str,
    ) -> Result<KevData, DataError> {
        let mut entries = Vec::new();
        for (n, line) in data_lines(kev_text) {
            let cells: Vec<&str> = line.split('\t').collect();
            let [
                cve,
                vendor,
                product,
                keys,
                name,
                added,
                ransomware,
                advisory,
            ] = cells.as_slice()
            else {
                return Err(bad(
                    kev_file,
                    n,
                    format!("expected 8 cells, found {}", cells.len()),
                ));
            };
            if !cve.starts_with("CVE-") {
                return Err(bad(kev_file, n, format!("`{cve}` is not a CVE id")));
            }
            entries.push(KevEntry {
                cve: cve.to_string(),
                vendor: vendor.to_string(),
                product: product.to_string(),
                keys: keys.split(',').map(str::to_string).collect(),
                name: name.to_string(),
                added: date_cell(kev_file, n, "date added", added)?,
                ransomware: *ransomware == "known",
                advisory: advisory.to_string(),
                ranges: Vec::new(),
            });
        }
        let mut ranges = 0;
        for (n, line) in data_lines(affected_text) {
            let cells: Vec<&str> = line.split('\t').collect();
            let [cve, key, introduced, fixed, advisory, also] = cells.as_slice() else {
                return Err(bad(
                    affected_file,
                    n,
                    format!("expected 6 cells, found {}", cells.len()),
                ));
            };
            let version = |s: &str| {
                Version::parse(s)
                    .ok_or_else(|| bad(affected_file, n, format!("`{s}` is not a version")))
            };
            let range = AffectedRange {
                introduced: version(introduced)?,
                fixed: match *fixed {
                    "-" => None,
                    f => Some(version(f)?),
                },
                advisory: advisory.to_string(),
                also_fixed: also
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(version)
                    .collect::<Result<_, _>>()?,
            };
            let entry = entries
                .iter_mut()
                .find(|e: &&mut KevEntry| e.cve == *cve && e.keys.iter().any(|k| k == key))
                .ok_or_else(|| {
                    bad(
                        affected_file,
                        n,
                        format!("{cve} for `{key}` is not in {kev_file}"),
                    )
                })?;
            entry.ranges.push(range);
            ranges += 1;
        }
        let entries_len = entries.len();
        Ok(KevData {
            info: info(kev_file, &header(kev_text), entries_len)?,
            affected_info: info(affected_file, &header(affected_text), ranges)?,
            entries,
        })
    }

    /// The entries that name this product key.
    pub fn for_product<'k>(&'k self, key: &'k str) -> impl Iterator<Item = &'k KevEntry> {
        self.entries
            .iter()
            .filter(move |e| e.keys.iter().any(|k| k == key))
    }
}

impl Datasets {
    pub fn parse(
        eol: (&str, &str),
        kev: (&str, &str),
        affected: (&str, &str),
    ) -> Result<Datasets, DataError> {
        Ok(Datasets {
            eol: EolData::parse(eol.0, eol.1)?,
            kev: KevData::parse(kev.0, kev.1, affected.0, affected.1)?,
        })
    }

    /// The data embedded in this binary, parsed once.
    pub fn builtin() -> Result<&'static Datasets, DataError> {
        static PARSED: OnceLock<Result<Datasets, DataError>> = OnceLock::new();
        PARSED
            .get_or_init(|| {
                Datasets::parse(
                    ("data/eol.tsv", EOL_TSV),
                    ("data/kev.tsv", KEV_TSV),
                    ("data/kev-affected.tsv", KEV_AFFECTED_TSV),
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Each file's provenance, in the order shown to the user.
    pub fn infos(&self) -> [&DataInfo; 3] {
        [&self.eol.info, &self.kev.info, &self.kev.affected_info]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_data_parses_with_provenance() {
        let d = Datasets::builtin().expect("embedded data");
        assert_eq!(d.eol.info.snapshot, date(2026, 8, 22));
        assert!(d.eol.info.licence.starts_with("MIT"));
        assert_eq!(d.kev.info.snapshot, date(2025, 8, 25));
        assert!(d.kev.info.licence.starts_with("CC0"));
        assert!(d.eol.not_tracked.iter().any(|p| p == "Yamaha RTX"));
        let win = d.eol.product("windows").expect("windows");
        let w10 = win
            .cycles
            .iter()
            .find(|c| c.cycle == "10-22h2")
            .expect("22H2");
        assert_eq!(w10.eol, EolDate::On(date(2025, 10, 14)));
        assert_eq!(w10.extended, EolDate::On(date(2028, 10, 10)));
        assert!(d.eol.product("fortios").is_some());
        let cve = d
            .kev
            .entries
            .iter()
            .find(|e| e.cve == "CVE-2018-13379")
            .expect("the FortiOS SSL-VPN path traversal");
        assert!(cve.ransomware);
        assert_eq!(cve.ranges.len(), 3);
        assert!(d.kev.for_product("yamaha-rtx").next().is_none());
        assert!(d.kev.entries.iter().all(|e| e.vendor != "Microsoft"));
    }

    #[test]
    fn staleness_is_six_months() {
        let d = Datasets::builtin().expect("embedded data");
        let kev = &d.kev.info;
        assert!(!kev.is_stale(date(2026, 2, 25)));
        assert!(kev.is_stale(date(2026, 2, 26)));
    }

    #[test]
    fn ranges_per_branch() {
        let r = |a: &str, f: Option<&str>, also: &[&str]| AffectedRange {
            introduced: Version::parse(a).unwrap(),
            fixed: f.map(|f| Version::parse(f).unwrap()),
            advisory: String::new(),
            also_fixed: also.iter().map(|s| Version::parse(s).unwrap()).collect(),
        };
        let v = |s: &str| Version::parse(s).unwrap();
        let fortios = r("6.0.0", Some("6.0.5"), &[]);
        assert!(fortios.contains(&v("6.0.4")));
        assert!(!fortios.contains(&v("6.0.5")));
        assert!(!fortios.contains(&v("5.6.9")));
        let no_fix = r("6.2.0", None, &[]);
        assert!(no_fix.contains(&v("6.2.16")));
        assert!(!no_fix.contains(&v("6.4.0")));
        let pan = r("11.1.0", Some("11.1.2-h3"), &["11.1.0-h3", "11.1.1-h1"]);
        assert!(pan.contains(&v("11.1.0-h2")));
        assert!(!pan.contains(&v("11.1.0-h3")));
        assert!(!pan.contains(&v("11.1.0-h4")));
        assert!(pan.contains(&v("11.1.2")));
        assert!(!pan.contains(&v("11.1.2-h3")));
        let citrix = r("13.1", Some("13.1-49.15"), &[]);
        assert!(citrix.contains(&v("13.1-49.13")));
        assert!(!citrix.contains(&v("14.1-8.50")));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = EolData::parse("eol.tsv", "# snapshot: 2026-01-01\nC\tx\t1\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("eol.tsv", 2));
        let e = EolData::parse(
            "eol.tsv",
            "# snapshot: 2026-01-01\nP\tx\tX\nC\tx\t1\t1\t2020-01-01\tsoon\t\t\t\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("soon"));
        let e = EolData::parse("eol.tsv", "P\tx\tX\n").unwrap_err();
        assert!(e.message.contains("snapshot"));
        let kev = "# snapshot: 2025-01-01\nCVE-1\tV\tP\tp\tN\t2025-01-01\tknown\t\n";
        let e = KevData::parse(
            "kev.tsv",
            kev,
            "a.tsv",
            "# snapshot: 2025-01-01\nCVE-1\tother\t1.0\t1.1\tA\t\n",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("a.tsv", 2));
        let ok = KevData::parse(
            "kev.tsv",
            kev,
            "a.tsv",
            "# snapshot: 2025-01-01\nCVE-1\tp\t1.0\t1.1\tA\t\n",
        )
        .unwrap();
        assert_eq!(ok.entries[0].ranges.len(), 1);
        assert!(ok.entries[0].ransomware);
    }
}
