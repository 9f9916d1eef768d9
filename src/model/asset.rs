//! The 機器台帳 (asset ledger): what a person typed, what collectors and scans observed, and
//! where the two disagree. Pure: no I/O. The store keeps typed rows and observations in separate
//! tables; [`ledger_view`] joins them for the CLI, the TUI and reports.
//!
//! Columns follow the example in the MHLW checklist manual (管理番号 … 説明) plus kensa's own
//! (種別, MACアドレス, 廃棄日 and the derived 登録元, 初回確認, 最終確認, 相違).

use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::host::HostReport;
use super::limits::{Field, TooLong, check, clip, join_within};

/// 種別: what kind of device a ledger row is. The checklist answers items per scope
/// (server / terminal / network); medical devices and others are kept for the 台帳 itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AssetKind {
    Server,
    Terminal,
    Network,
    MedicalDevice,
    /// Also the default: kensa does not guess a kind nobody stated.
    #[default]
    Other,
}

impl AssetKind {
    pub const ALL: [AssetKind; 5] = [
        AssetKind::Server,
        AssetKind::Terminal,
        AssetKind::Network,
        AssetKind::MedicalDevice,
        AssetKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssetKind::Server => "server",
            AssetKind::Terminal => "terminal",
            AssetKind::Network => "network",
            AssetKind::MedicalDevice => "medical-device",
            AssetKind::Other => "other",
        }
    }

    /// The Japanese label written to spreadsheets; data, like the column names.
    pub fn label_ja(self) -> &'static str {
        match self {
            AssetKind::Server => "サーバ",
            AssetKind::Terminal => "端末",
            AssetKind::Network => "ネットワーク機器",
            AssetKind::MedicalDevice => "医療機器",
            AssetKind::Other => "その他",
        }
    }

    /// The id, the Japanese label or a common variant of it.
    pub fn parse(s: &str) -> Option<AssetKind> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        Some(match lower.as_str() {
            "server" | "サーバ" | "サーバー" => AssetKind::Server,
            "terminal" | "pc" | "端末" | "端末pc" | "端末ｐｃ" | "パソコン" => {
                AssetKind::Terminal
            }
            "network" | "ネットワーク" | "ネットワーク機器" => AssetKind::Network,
            "medical-device" | "medical device" | "医療機器" => AssetKind::MedicalDevice,
            "other" | "その他" => AssetKind::Other,
            _ => return None,
        })
    }
}

/// 登録元: how a ledger row entered the ledger, or where an observation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Typed with `kensa inventory add` (or the TUI).
    Manual,
    /// From a CSV/xlsx ledger file.
    Import,
    /// From a `kensa collect` host document.
    Collect,
    /// From a network scan.
    Scan,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Import => "import",
            Source::Collect => "collect",
            Source::Scan => "scan",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Some(match s {
            "manual" => Source::Manual,
            "import" => Source::Import,
            "collect" => Source::Collect,
            "scan" => Source::Scan,
            _ => return None,
        })
    }
}

/// The fields of a ledger row a person types (or imports). Text fields are kept as typed;
/// `ip` and `mac` are validated and normalised on the way in ([`parse_ips`], [`normalize_mac`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LedgerFields {
    /// 管理番号: unique key of the row.
    pub control_no: String,
    /// 種別.
    pub kind: AssetKind,
    /// メーカー.
    pub maker: String,
    /// OS.
    pub os: String,
    /// ソフトウェア.
    pub software: String,
    /// ソフトウェアバージョン.
    pub software_version: String,
    /// IPアドレス: addresses separated by `, `.
    pub ip: String,
    /// コンピュータ名.
    pub computer_name: String,
    /// 設置場所.
    pub location: String,
    /// 利用者.
    pub user: String,
    /// 登録日.
    pub registered_on: Option<Date>,
    /// 状態 (稼働, 停止, 廃棄, …): free text, as in the official example.
    pub status: String,
    /// 説明.
    pub description: String,
    /// MACアドレス: normalised addresses separated by `, `.
    pub mac: String,
    /// 廃棄日: set by `retire`.
    pub retired_on: Option<Date>,
}

/// The spreadsheet columns, in export order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    ControlNo,
    Maker,
    Os,
    Software,
    SoftwareVersion,
    Ip,
    ComputerName,
    Location,
    User,
    RegisteredOn,
    Status,
    Description,
    Kind,
    Mac,
    RetiredOn,
    /// Derived: 登録元. Written on export, ignored on import.
    Source,
    /// Derived: 初回確認.
    FirstSeen,
    /// Derived: 最終確認.
    LastSeen,
    /// Derived: 相違 (disagreements with observations).
    Disagreements,
}

/// (column, Japanese header, accepted English aliases). The Japanese names of the first twelve
/// are the official example's, matched exactly.
pub const COLUMNS: [(Column, &str, &[&str]); 19] = [
    (
        Column::ControlNo,
        "管理番号",
        &["control no", "control_no", "asset no", "id"],
    ),
    (
        Column::Maker,
        "メーカー",
        &["maker", "manufacturer", "vendor"],
    ),
    (Column::Os, "OS", &["os"]),
    (Column::Software, "ソフトウェア", &["software"]),
    (
        Column::SoftwareVersion,
        "ソフトウェアバージョン",
        &["software version", "version"],
    ),
    (
        Column::Ip,
        "IPアドレス",
        &["ip address", "ip", "ip_address"],
    ),
    (
        Column::ComputerName,
        "コンピュータ名",
        &["computer name", "hostname", "host name"],
    ),
    (Column::Location, "設置場所", &["location"]),
    (Column::User, "利用者", &["user", "users"]),
    (
        Column::RegisteredOn,
        "登録日",
        &["registered", "registered on", "registration date"],
    ),
    (Column::Status, "状態", &["status", "state"]),
    (
        Column::Description,
        "説明",
        &["description", "note", "notes"],
    ),
    (Column::Kind, "種別", &["kind", "type"]),
    (
        Column::Mac,
        "MACアドレス",
        &["mac", "mac address", "mac_address"],
    ),
    (Column::RetiredOn, "廃棄日", &["retired", "retired on"]),
    (Column::Source, "登録元", &["source"]),
    (Column::FirstSeen, "初回確認", &["first seen"]),
    (Column::LastSeen, "最終確認", &["last seen"]),
    (Column::Disagreements, "相違", &["disagreements"]),
];

/// The twelve columns of the official example; an import needs all of them.
pub const REQUIRED_COLUMNS: [Column; 12] = [
    Column::ControlNo,
    Column::Maker,
    Column::Os,
    Column::Software,
    Column::SoftwareVersion,
    Column::Ip,
    Column::ComputerName,
    Column::Location,
    Column::User,
    Column::RegisteredOn,
    Column::Status,
    Column::Description,
];

impl Column {
    /// The length limit of this column's text (`model::limits`).
    pub fn limit(self) -> Field {
        Field::Ledger {
            header: self.header(),
            long: self == Column::Description,
        }
    }

    pub fn header(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map(|(_, h, _)| *h)
            .unwrap_or("?")
    }

    /// Written on export from observations; an import skips these columns.
    pub fn is_derived(self) -> bool {
        matches!(
            self,
            Column::Source | Column::FirstSeen | Column::LastSeen | Column::Disagreements
        )
    }

    /// A header cell as typed: the exact Japanese name, or an English alias in any case.
    /// Surrounding spaces (ASCII and full-width) are ignored.
    pub fn from_header(h: &str) -> Option<Column> {
        let h = h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let lower = h.to_ascii_lowercase();
        COLUMNS
            .iter()
            .find(|(_, ja, aliases)| *ja == h || aliases.contains(&lower.as_str()))
            .map(|(c, _, _)| *c)
    }
}

/// Full-width ASCII (`Ｗｉｎ１１`, `１９２．１６８`, typed with a Japanese IME) and the ideographic
/// space to plain ASCII; everything else unchanged.
pub fn fold_fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            // U+FF01..=U+FF5E mirror U+0021..=U+007E at a fixed offset.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            '−' => '-',
            other => other,
        })
        .collect()
}

/// Why a typed IP or MAC was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAddress(pub String);

/// `192.168.1.10, 192.168.1.11` from a cell: addresses separated by commas, 読点, semicolons,
/// slashes or white space; full-width digits accepted. Returns the normalised list.
pub fn parse_ips(cell: &str) -> Result<Vec<String>, BadAddress> {
    let ascii = fold_fullwidth(cell);
    let ascii = ascii.replace(['、', '，', '；'], ",");
    let mut out = Vec::new();
    for part in ascii
        .split(|c: char| c == ',' || c == ';' || c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let ip: std::net::IpAddr = part.parse().map_err(|_| BadAddress(part.to_string()))?;
        let s = ip.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

/// One MAC address in any common notation (`AA-BB-CC-DD-EE-FF`, `aa:bb:…`, `aabb.ccdd.eeff`,
/// `aabbccddeeff`) as lower-case colon form.
pub fn normalize_mac(s: &str) -> Result<String, BadAddress> {
    let ascii = fold_fullwidth(s.trim());
    let hex: String = ascii
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(BadAddress(s.trim().to_string()));
    }
    let lower = hex.to_ascii_lowercase();
    let pairs: Vec<&str> = (0..6).map(|i| &lower[i * 2..i * 2 + 2]).collect();
    Ok(pairs.join(":"))
}

/// A cell with one or more MAC addresses, separated like [`parse_ips`].
pub fn parse_macs(cell: &str) -> Result<Vec<String>, BadAddress> {
    let ascii = fold_fullwidth(cell).replace(['、', '，', '；'], ",");
    let mut out = Vec::new();
    for part in ascii
        .split(|c: char| c == ',' || c == ';' || c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let m = normalize_mac(part)?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    Ok(out)
}

/// What one observation (a `collect` host document, later a scan hit) says about a machine,
/// reduced to the ledger's comparable fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    pub source: Source,
    /// RFC 3339 UTC.
    pub observed_at: String,
    pub computer_name: String,
    /// OS name and version as one string, e.g. `Windows 10 Pro 22H2`.
    pub os: String,
    pub maker: String,
    pub model: String,
    pub serial: String,
    pub ips: Vec<String>,
    pub macs: Vec<String>,
}

impl Observed {
    /// The comparable summary of a host document.
    pub fn from_host(h: &HostReport) -> Observed {
        let get = |f: &super::host::Fact<String>| f.value().cloned().unwrap_or_default();
        let os = [get(&h.identity.os_name), get(&h.identity.os_version)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Observed {
            source: Source::Collect,
            observed_at: h.collected_at.clone(),
            computer_name: get(&h.identity.host_name),
            os,
            maker: get(&h.identity.manufacturer),
            model: get(&h.identity.model),
            serial: get(&h.identity.serial),
            ips: h.addresses(),
            macs: h.macs(),
        }
        .clipped()
    }

    /// Observed texts cut to the ledger's limits (`model::limits`): a host document or an SNMP
    /// name is not refused for one long value, and what is stored fits every output.
    pub fn clipped(self) -> Observed {
        let f = Column::limit;
        Observed {
            observed_at: clip(f(Column::Status), &self.observed_at),
            computer_name: clip(f(Column::ComputerName), &self.computer_name),
            os: clip(f(Column::Os), &self.os),
            maker: clip(f(Column::Maker), &self.maker),
            model: clip(f(Column::Software), &self.model),
            serial: clip(f(Column::SoftwareVersion), &self.serial),
            ..self
        }
    }
}

/// A ledger field that disagrees with what was observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// `os`, `ip`, `mac`, `maker`, `computer_name`.
    pub field: &'static str,
    /// What the ledger says.
    pub ledger: String,
    /// What the newest matching observation says.
    pub observed: String,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Does this observation describe this ledger row? A shared MAC decides; without MACs on both
/// sides, the computer name (case-insensitive); without names, a shared IP address.
pub fn observation_matches(row: &LedgerFields, obs: &Observed) -> bool {
    let row_macs = split_list(&row.mac);
    if !row_macs.is_empty() && !obs.macs.is_empty() {
        return row_macs.iter().any(|m| obs.macs.contains(m));
    }
    let name = row.computer_name.trim();
    if !name.is_empty() && !obs.computer_name.is_empty() {
        return name.eq_ignore_ascii_case(obs.computer_name.trim());
    }
    let row_ips = split_list(&row.ip);
    !row_ips.is_empty() && row_ips.iter().any(|ip| obs.ips.contains(ip))
}

/// `Win11`, `Windows 11 Pro`, `windows11` → (`windows`, `11`); `Debian 12`, `Debian GNU/Linux
/// 12 (bookworm)` → (`debian`, `12`). `None` when no known family and version is found.
pub fn os_family_version(s: &str) -> Option<(String, String)> {
    let lower = fold_fullwidth(s).to_lowercase();
    let families: [(&str, &str); 14] = [
        ("windows server", "windows server"),
        ("win server", "windows server"),
        ("windows", "windows"),
        ("win", "windows"),
        ("ubuntu", "ubuntu"),
        ("debian", "debian"),
        ("red hat", "rhel"),
        ("rhel", "rhel"),
        ("rocky", "rocky"),
        ("almalinux", "almalinux"),
        ("centos", "centos"),
        ("macos", "macos"),
        ("mac os", "macos"),
        ("ios", "ios"),
    ];
    let (at, family) = families
        .iter()
        .filter_map(|(needle, fam)| lower.find(needle).map(|i| (i + needle.len(), *fam)))
        .next()?;
    let rest = &lower[at..];
    // The first number after the family name: `11`, `8.1`, `22.04`, `2019`.
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    let version: String = rest[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.');
    // Ubuntu point releases (22.04.3) and Debian minor releases (12.5) compare on the major.
    let version = match family {
        "ubuntu" => version.splitn(3, '.').take(2).collect::<Vec<_>>().join("."),
        "debian" | "rhel" | "rocky" | "almalinux" | "centos" => {
            version.split('.').next().unwrap_or("").to_string()
        }
        _ => version.to_string(),
    };
    (!version.is_empty()).then(|| (family.to_string(), version))
}

/// The fields on which a ledger row and an observation disagree. Only what both sides state is
/// compared: an empty cell or an unreadable fact is not a disagreement.
pub fn disagreements(row: &LedgerFields, obs: &Observed) -> Vec<Disagreement> {
    let mut out = Vec::new();
    if !row.os.trim().is_empty() && !obs.os.is_empty() {
        let differ = match (os_family_version(&row.os), os_family_version(&obs.os)) {
            (Some(a), Some(b)) => a != b,
            // Unknown notation: only flag when neither contains the other.
            _ => {
                let (a, b) = (row.os.trim().to_lowercase(), obs.os.to_lowercase());
                !a.contains(&b) && !b.contains(&a)
            }
        };
        if differ {
            out.push(Disagreement {
                field: "os",
                ledger: row.os.clone(),
                observed: obs.os.clone(),
            });
        }
    }
    let row_ips = split_list(&row.ip);
    if !row_ips.is_empty() && !obs.ips.is_empty() && !row_ips.iter().any(|i| obs.ips.contains(i)) {
        out.push(Disagreement {
            field: "ip",
            ledger: row.ip.clone(),
            observed: join_within(Column::Ip.limit(), &obs.ips),
        });
    }
    let row_macs = split_list(&row.mac);
    if !row_macs.is_empty()
        && !obs.macs.is_empty()
        && !row_macs.iter().any(|m| obs.macs.contains(m))
    {
        out.push(Disagreement {
            field: "mac",
            ledger: row.mac.clone(),
            observed: join_within(Column::Mac.limit(), &obs.macs),
        });
    }
    let name = row.computer_name.trim();
    if !name.is_empty()
        && !obs.computer_name.is_empty()
        && !name.eq_ignore_ascii_case(obs.computer_name.trim())
    {
        out.push(Disagreement {
            field: "computer_name",
            ledger: row.computer_name.clone(),
            observed: obs.computer_name.clone(),
        });
    }
    if !row.maker.trim().is_empty() && !obs.maker.is_empty() {
        let (a, b) = (row.maker.trim().to_lowercase(), obs.maker.to_lowercase());
        if !a.contains(&b) && !b.contains(&a) {
            out.push(Disagreement {
                field: "maker",
                ledger: row.maker.clone(),
                observed: obs.maker.clone(),
            });
        }
    }
    out
}

/// A stored ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub id: i64,
    #[serde(flatten)]
    pub fields: LedgerFields,
    pub source: Source,
    pub created_at: String,
    pub updated_at: String,
}

/// A stored observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub id: i64,
    #[serde(flatten)]
    pub observed: Observed,
    pub recorded_at: String,
}

/// A ledger row with the observations that match it and what they disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    pub asset: Asset,
    /// Ids of matching observations, newest first.
    pub observation_ids: Vec<i64>,
    /// The newest matching observation.
    pub latest: Option<Observed>,
    /// RFC 3339: the oldest and newest matching observation.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Between the row and its newest observation.
    pub disagreements: Vec<Disagreement>,
}

/// Observations indexed on MAC, computer name and IP, so the ledger rows that match them
/// ([`observation_matches`]) are found with about one lookup per row instead of trying every
/// pair: a ledger of 10,000 rows against as many observations, or a ledger read row by row.
pub struct ObservationIndex<'a> {
    observations: Vec<&'a Observed>,
    by_mac: HashMap<&'a str, Vec<usize>>,
    by_ip: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> ObservationIndex<'a> {
    pub fn new(observations: impl IntoIterator<Item = &'a Observed>) -> ObservationIndex<'a> {
        let mut index = ObservationIndex {
            observations: Vec::new(),
            by_mac: HashMap::new(),
            by_ip: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (i, o) in observations.into_iter().enumerate() {
            index.observations.push(o);
            for m in &o.macs {
                index.by_mac.entry(m.as_str()).or_default().push(i);
            }
            for ip in &o.ips {
                index.by_ip.entry(ip.as_str()).or_default().push(i);
            }
            let name = o.computer_name.trim();
            if !name.is_empty() {
                index
                    .by_name
                    .entry(name.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        index
    }

    /// The positions (in the order given to [`ObservationIndex::new`]) of the observations
    /// that match `row`, smallest first. Candidates come from the indexes, then the exact rule
    /// decides.
    pub fn matches(&self, row: &LedgerFields) -> Vec<usize> {
        let mut candidates = BTreeSet::new();
        for m in split_list(&row.mac) {
            candidates.extend(self.by_mac.get(m.as_str()).into_iter().flatten());
        }
        for ip in split_list(&row.ip) {
            candidates.extend(self.by_ip.get(ip.as_str()).into_iter().flatten());
        }
        let name = row.computer_name.trim();
        if !name.is_empty() {
            candidates.extend(
                self.by_name
                    .get(&name.to_ascii_lowercase())
                    .into_iter()
                    .flatten(),
            );
        }
        candidates
            .into_iter()
            .filter(|&i| observation_matches(row, self.observations[i]))
            .collect()
    }
}

/// For every ledger row, the indices of the observations that match it
/// ([`observation_matches`]), oldest index first; see [`ObservationIndex`].
pub fn match_observations(rows: &[&LedgerFields], observations: &[&Observed]) -> Vec<Vec<usize>> {
    let index = ObservationIndex::new(observations.iter().copied());
    rows.iter().map(|row| index.matches(row)).collect()
}

/// Join ledger rows with observations. Each observation goes to every row it matches (a
/// duplicated row in the ledger shows the same machine twice, which is itself worth seeing).
pub fn ledger_view(assets: &[Asset], observations: &[Observation]) -> Vec<LedgerRow> {
    let join = LedgerJoin::new(observations);
    assets.iter().map(|a| join.row(a.clone())).collect()
}

/// [`ledger_view`] one row at a time, for a ledger read row by row: only the observations (one
/// per collected document or scan, never per row) and their index are held.
pub struct LedgerJoin<'a> {
    observations: &'a [Observation],
    index: ObservationIndex<'a>,
}

impl<'a> LedgerJoin<'a> {
    pub fn new(observations: &'a [Observation]) -> LedgerJoin<'a> {
        LedgerJoin {
            observations,
            index: ObservationIndex::new(observations.iter().map(|o| &o.observed)),
        }
    }

    /// One row of [`ledger_view`].
    pub fn row(&self, asset: Asset) -> LedgerRow {
        let mut matching: Vec<&Observation> = self
            .index
            .matches(&asset.fields)
            .into_iter()
            .map(|i| &self.observations[i])
            .collect();
        matching.sort_by(|x, y| {
            (y.observed.observed_at.as_str(), y.id).cmp(&(x.observed.observed_at.as_str(), x.id))
        });
        let latest = matching.first().map(|o| o.observed.clone());
        LedgerRow {
            observation_ids: matching.iter().map(|o| o.id).collect(),
            disagreements: latest
                .as_ref()
                .map(|o| disagreements(&asset.fields, o))
                .unwrap_or_default(),
            first_seen: matching.last().map(|o| o.observed.observed_at.clone()),
            last_seen: matching.first().map(|o| o.observed.observed_at.clone()),
            latest,
            asset,
        }
    }
}

/// The typed text columns of a ledger row, in export order.
pub fn ledger_texts(f: &LedgerFields) -> [(Column, &str); 12] {
    [
        (Column::ControlNo, &f.control_no),
        (Column::Maker, &f.maker),
        (Column::Os, &f.os),
        (Column::Software, &f.software),
        (Column::SoftwareVersion, &f.software_version),
        (Column::Ip, &f.ip),
        (Column::ComputerName, &f.computer_name),
        (Column::Location, &f.location),
        (Column::User, &f.user),
        (Column::Status, &f.status),
        (Column::Description, &f.description),
        (Column::Mac, &f.mac),
    ]
}

/// Every typed text column of a ledger row fits its limit, or the first that does not.
pub fn check_ledger(f: &LedgerFields) -> Result<(), TooLong> {
    ledger_texts(f)
        .into_iter()
        .try_for_each(|(c, s)| check(c.limit(), s))
}

/// A ledger row proposed from an observation that matches no row: what a person would type
/// from it. The person-typed columns a machine cannot know (設置場所, 利用者) stay empty.
pub fn fields_from_observation(control_no: String, obs: &Observed, today: Date) -> LedgerFields {
    LedgerFields {
        control_no,
        kind: AssetKind::Other,
        maker: clip(Column::Maker.limit(), &obs.maker),
        os: clip(Column::Os.limit(), &obs.os),
        ip: join_within(Column::Ip.limit(), &obs.ips),
        computer_name: clip(Column::ComputerName.limit(), &obs.computer_name),
        registered_on: Some(today),
        status: "稼働".to_string(),
        mac: join_within(Column::Mac.limit(), &obs.macs),
        ..LedgerFields::default()
    }
}

/// The next free 管理番号: one more than the largest numeric one, zero-padded to at least
/// three digits as in the official example (`001`). A number that has no successor in `u64`
/// (an imported `18446744073709551615`) is passed over like a non-numeric one rather than
/// overflowing.
pub fn next_control_no<'a>(existing: impl Iterator<Item = &'a str>) -> String {
    let mut counter = ControlNoCounter::default();
    for c in existing {
        counter.see(c);
    }
    counter.next()
}

/// [`next_control_no`] fed one 管理番号 at a time, so a ledger need not be held to number the
/// next row, and rows added meanwhile are counted as they come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlNoCounter {
    next: u64,
    width: usize,
}

impl Default for ControlNoCounter {
    fn default() -> ControlNoCounter {
        ControlNoCounter { next: 1, width: 3 }
    }
}

impl ControlNoCounter {
    pub fn see(&mut self, control_no: &str) {
        let c = control_no.trim();
        if let Some(after) = c.parse::<u64>().ok().and_then(|n| n.checked_add(1)) {
            self.next = self.next.max(after);
            self.width = self.width.max(c.len());
        }
    }

    /// The next free 管理番号.
    pub fn next(&self) -> String {
        format!("{:0width$}", self.next, width = self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs() -> Observed {
        Observed {
            source: Source::Collect,
            observed_at: "2025-10-01T00:00:00Z".into(),
            computer_name: "ROOM1-PC1".into(),
            os: "Windows 10 Pro 22H2".into(),
            maker: "A社".into(),
            model: String::new(),
            serial: String::new(),
            ips: vec!["192.168.1.11".into()],
            macs: vec!["aa:bb:cc:dd:ee:01".into()],
        }
    }

    fn row() -> LedgerFields {
        LedgerFields {
            control_no: "001".into(),
            maker: "A社".into(),
            os: "Win11".into(),
            ip: "192.168.1.11".into(),
            computer_name: "room1-pc1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn os_notations() {
        let w11 = Some(("windows".to_string(), "11".to_string()));
        for s in [
            "Win11",
            "Windows 11 Pro",
            "windows11",
            "Ｗｉｎ１１",
            "Microsoft Windows 11 Enterprise",
        ] {
            assert_eq!(os_family_version(s), w11, "{s}");
        }
        assert_eq!(
            os_family_version("Debian GNU/Linux 12 (bookworm)"),
            Some(("debian".into(), "12".into()))
        );
        assert_eq!(
            os_family_version("Ubuntu 22.04.3 LTS"),
            Some(("ubuntu".into(), "22.04".into()))
        );
        assert_eq!(
            os_family_version("Windows Server 2019 Standard"),
            Some(("windows server".into(), "2019".into()))
        );
        assert_eq!(os_family_version("独自OS"), None);
    }

    #[test]
    fn win11_in_ledger_vs_windows10_collected_is_flagged() {
        let d = disagreements(&row(), &obs());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].field, "os");
        let mut same = row();
        same.os = "Windows 10".into();
        assert!(disagreements(&same, &obs()).is_empty());
        let mut blank = row();
        blank.os.clear();
        blank.ip = "10.0.0.5".into();
        let d = disagreements(&blank, &obs());
        assert_eq!(d.iter().map(|d| d.field).collect::<Vec<_>>(), ["ip"]);
    }

    #[test]
    fn matching_prefers_mac_then_name_then_ip() {
        assert!(observation_matches(&row(), &obs()));
        let mut other_mac = row();
        other_mac.mac = "aa:bb:cc:dd:ee:99".into();
        assert!(!observation_matches(&other_mac, &obs()));
        let mut ip_only = LedgerFields {
            ip: "192.168.1.11".into(),
            ..Default::default()
        };
        let mut nameless = obs();
        nameless.computer_name.clear();
        assert!(observation_matches(&ip_only, &nameless));
        ip_only.ip = "192.168.1.12".into();
        assert!(!observation_matches(&ip_only, &nameless));
    }

    #[test]
    fn addresses() {
        assert_eq!(
            parse_ips("192.168.1.1、 10.0.0.1,2001:db8::1").unwrap(),
            ["192.168.1.1", "10.0.0.1", "2001:db8::1"]
        );
        assert_eq!(parse_ips("１９２.１６８.１.１").unwrap(), ["192.168.1.1"]);
        assert!(parse_ips("").unwrap().is_empty());
        assert!(parse_ips("192.168.〇.〇").is_err());
        assert!(parse_ips("192.168.1.256").is_err());
        assert_eq!(
            normalize_mac("AA-BB-CC-DD-EE-FF").unwrap(),
            "aa:bb:cc:dd:ee:ff"
        );
        assert_eq!(
            normalize_mac("aabb.ccdd.eeff").unwrap(),
            "aa:bb:cc:dd:ee:ff"
        );
        assert!(normalize_mac("aa:bb:cc:dd:ee").is_err());
        assert!(normalize_mac("zz:bb:cc:dd:ee:ff").is_err());
    }

    #[test]
    fn headers() {
        assert_eq!(Column::from_header("管理番号"), Some(Column::ControlNo));
        assert_eq!(Column::from_header(" IPアドレス "), Some(Column::Ip));
        assert_eq!(
            Column::from_header("\u{feff}管理番号"),
            Some(Column::ControlNo)
        );
        assert_eq!(Column::from_header("IP Address"), Some(Column::Ip));
        assert_eq!(Column::from_header("IPアドレス（v4）"), None);
        for (c, h, _) in COLUMNS {
            assert_eq!(c.header(), h);
        }
    }

    #[test]
    fn control_numbers() {
        assert_eq!(next_control_no(["001", "004", "x"].into_iter()), "005");
        assert_eq!(next_control_no(std::iter::empty()), "001");
        assert_eq!(next_control_no(["0099"].into_iter()), "0100");
        // The largest u64 has no successor: passed over, not overflowed.
        assert_eq!(
            next_control_no(["18446744073709551615", "007"].into_iter()),
            "008"
        );
        assert_eq!(
            next_control_no(["18446744073709551614"].into_iter()),
            "18446744073709551615"
        );
    }

    #[test]
    fn view_joins_newest_first() {
        let asset = Asset {
            id: 1,
            fields: row(),
            source: Source::Import,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let mut old = obs();
        old.observed_at = "2025-01-01T00:00:00Z".into();
        old.os = "Windows 11 Pro 23H2".into();
        let observations = vec![
            Observation {
                id: 1,
                observed: old,
                recorded_at: String::new(),
            },
            Observation {
                id: 2,
                observed: obs(),
                recorded_at: String::new(),
            },
        ];
        let v = ledger_view(&[asset], &observations);
        assert_eq!(v[0].observation_ids, [2, 1]);
        assert_eq!(v[0].first_seen.as_deref(), Some("2025-01-01T00:00:00Z"));
        assert_eq!(v[0].last_seen.as_deref(), Some("2025-10-01T00:00:00Z"));
        assert_eq!(v[0].disagreements[0].field, "os");
    }

    fn small_row() -> impl proptest::strategy::Strategy<Value = LedgerFields> {
        use proptest::prelude::*;
        (
            prop::sample::select(vec![
                "",
                "aa:bb:cc:dd:ee:01",
                "aa:bb:cc:dd:ee:02, aa:bb:cc:dd:ee:01",
            ]),
            prop::sample::select(vec!["", "PC1", "pc1 ", "PC2"]),
            prop::sample::select(vec!["", "198.18.0.1", "198.18.0.2, 198.18.0.1"]),
        )
            .prop_map(|(mac, name, ip)| LedgerFields {
                mac: mac.into(),
                computer_name: name.into(),
                ip: ip.into(),
                ..LedgerFields::default()
            })
    }

    fn small_obs() -> impl proptest::strategy::Strategy<Value = Observed> {
        use proptest::prelude::*;
        (
            prop::sample::subsequence(vec!["aa:bb:cc:dd:ee:01", "aa:bb:cc:dd:ee:02"], 0..=2),
            prop::sample::select(vec!["", "pc1", "PC2", " PC1"]),
            prop::sample::subsequence(vec!["198.18.0.1", "198.18.0.2"], 0..=2),
        )
            .prop_map(|(macs, name, ips)| Observed {
                computer_name: name.into(),
                macs: macs.into_iter().map(String::from).collect(),
                ips: ips.into_iter().map(String::from).collect(),
                ..obs()
            })
    }

    proptest::proptest! {
        /// The indexed join finds exactly the pairs the rule accepts.
        #[test]
        fn indexed_matching_equals_every_pair(
            rows in proptest::collection::vec(small_row(), 0..8),
            observed in proptest::collection::vec(small_obs(), 0..8),
        ) {
            let row_refs: Vec<&LedgerFields> = rows.iter().collect();
            let obs_refs: Vec<&Observed> = observed.iter().collect();
            let indexed = match_observations(&row_refs, &obs_refs);
            for (r, found) in rows.iter().zip(indexed) {
                let every: Vec<usize> = (0..observed.len())
                    .filter(|&i| observation_matches(r, &observed[i]))
                    .collect();
                proptest::prop_assert_eq!(found, every);
            }
        }
    }
}
