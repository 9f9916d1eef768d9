//! The network and system diagram of the BCP (ひな形 2.1.4), drawn from the record: the 台帳
//! rows (and the addresses scans and collectors observed for them) grouped into IPv4 /24
//! subnets, the servers and network devices of each with the systems they carry, the outside
//! connections (the オンライン資格確認 line with its router and 資格確認端末, each vendor's remote
//! maintenance) and the backup targets. Inline SVG, the same drawing style as the 連絡体制図.
//!
//! Only what the record states is drawn: a device without an address goes to 「アドレス不明」,
//! and a connection nobody registered is not invented.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::Ipv4Addr;

use crate::i18n::Lang;
use crate::model::asset::AssetKind;
use crate::model::bcp::System;
use crate::model::record::{LedgerEntry, Record};
use crate::report::chart::wrap;
use crate::tr;

const WIDTH: f64 = 700.0;
const FONT: f64 = 11.0;
const LINE: f64 = 15.0;
const PAD: f64 = 6.0;
const GAP: f64 = 12.0;
const CELL: f64 = FONT * 0.56;
/// Servers and network devices listed per subnet before 「ほか N 台」.
const MAX_LISTED: usize = 8;
const PER_ROW: usize = 3;
/// Subnet boxes drawn; the rest share one box. A plan's diagram shows where the systems and the
/// network devices are, and a drawing of hundreds of subnets helps nobody (and would make the
/// docx picture enormous); every subnet is still named in 3.3.2.
const MAX_SUBNETS: usize = 12;

/// One subnet of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    /// `192.168.1.0/24`, or the label for devices without an address.
    pub name: String,
    /// Servers and network devices: (管理番号, label, kind, systems).
    pub listed: Vec<(String, String, AssetKind, Vec<String>)>,
    pub terminals: usize,
    pub medical: usize,
    pub other: usize,
}

/// The first IPv4 address of a row: the typed one, else one an observation saw.
fn address(e: &LedgerEntry) -> Option<Ipv4Addr> {
    let typed = e
        .asset
        .fields
        .ip
        .split(',')
        .filter_map(|s| s.trim().parse::<Ipv4Addr>().ok())
        .next();
    typed.or_else(|| {
        e.observations
            .iter()
            .flat_map(|o| o.observed.ips.iter())
            .filter_map(|s| s.parse::<Ipv4Addr>().ok())
            .next()
    })
}

fn device_label(e: &LedgerEntry) -> String {
    let f = &e.asset.fields;
    let name = [&f.computer_name, &f.software, &f.maker]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let ip = address(e).map(|a| a.to_string()).unwrap_or_default();
    match (name.is_empty(), ip.is_empty()) {
        (false, false) => format!("{} {name}（{ip}）", f.control_no),
        (false, true) => format!("{} {name}", f.control_no),
        (true, false) => format!("{}（{ip}）", f.control_no),
        (true, true) => f.control_no.clone(),
    }
}

/// The record's live 台帳 rows grouped into /24 subnets, in address order; rows without an
/// address last. Labels are in Japanese only where the caller asks (`unknown`).
pub fn subnets_with(record: &Record, unknown: &str) -> Vec<Subnet> {
    let systems_of = |no: &str| -> Vec<String> {
        record
            .bcp
            .systems
            .iter()
            .filter(|s| s.fields.assets.iter().any(|a| a == no))
            .map(|s| s.fields.name.clone())
            .collect()
    };
    let mut groups: BTreeMap<(u8, u32), Subnet> = BTreeMap::new();
    for e in record
        .ledger
        .iter()
        .filter(|e| e.asset.fields.retired_on.is_none())
    {
        let key = match address(e) {
            Some(a) => (0, u32::from(a) & 0xffff_ff00),
            None => (1, 0),
        };
        let sub = groups.entry(key).or_insert_with(|| Subnet {
            name: match key {
                (0, net) => format!("{}/24", Ipv4Addr::from(net)),
                _ => unknown.to_string(),
            },
            listed: Vec::new(),
            terminals: 0,
            medical: 0,
            other: 0,
        });
        let f = &e.asset.fields;
        match f.kind {
            AssetKind::Server | AssetKind::Network => sub.listed.push((
                f.control_no.clone(),
                device_label(e),
                f.kind,
                systems_of(&f.control_no),
            )),
            AssetKind::Terminal => sub.terminals += 1,
            AssetKind::MedicalDevice => sub.medical += 1,
            AssetKind::Other => sub.other += 1,
        }
    }
    let mut out: Vec<Subnet> = groups.into_values().collect();
    for s in &mut out {
        // Network devices first (they join the subnets), then servers, each by 管理番号.
        s.listed.sort_by(|a, b| {
            (a.2 != AssetKind::Network, &a.0).cmp(&(b.2 != AssetKind::Network, &b.0))
        });
    }
    out
}

/// [`subnets_with`] with the Japanese label for devices without an address.
pub fn subnets(record: &Record) -> Vec<Subnet> {
    subnets_with(record, "アドレス不明")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct BoxText {
    lines: Vec<(String, bool)>,
    class: &'static str,
}

fn cells(w: f64) -> usize {
    (((w - 2.0 * PAD) / CELL).floor() as usize)
        .saturating_sub(2)
        .max(4)
}

fn boxed(lines: &[(String, bool)], width: f64, class: &'static str) -> BoxText {
    let mut out = Vec::new();
    for (l, bold) in lines {
        for w in wrap(l, cells(width)) {
            out.push((w, *bold));
        }
    }
    BoxText { lines: out, class }
}

fn height(b: &BoxText) -> f64 {
    b.lines.len() as f64 * LINE + 2.0 * PAD
}

fn draw(body: &mut String, b: &BoxText, x: f64, y: f64, w: f64, h: f64) {
    let _ = write!(
        body,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="5" class="{}"/>"#,
        b.class
    );
    for (i, (text, bold)) in b.lines.iter().enumerate() {
        let ty = y + PAD + (i as f64 + 1.0) * LINE - 4.0;
        let weight = if *bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            body,
            r#"<text x="{:.1}" y="{ty:.1}"{weight}>{}</text>"#,
            x + PAD,
            esc(text)
        );
    }
}

/// Lay out a row of boxes of equal width starting at `y`; returns the row's bottom and each
/// box's horizontal centre.
fn row(body: &mut String, boxes: &[BoxText], y: f64, w: f64) -> (f64, Vec<f64>) {
    let n = boxes.len() as f64;
    let total = n * w + (n - 1.0).max(0.0) * GAP;
    let x0 = (WIDTH - total) / 2.0;
    let h = boxes.iter().map(height).fold(0.0, f64::max);
    let mut centres = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        let x = x0 + i as f64 * (w + GAP);
        draw(body, b, x, y, w, h);
        centres.push(x + w / 2.0);
    }
    (y + h, centres)
}

/// The subnets drawn, in address order, and the rest. When there are more than fit, the ones
/// carrying registered systems and the most servers and network devices are drawn.
fn pick_subnets(nets: &[Subnet]) -> (Vec<&Subnet>, Vec<&Subnet>) {
    if nets.len() <= MAX_SUBNETS {
        return (nets.iter().collect(), Vec::new());
    }
    let mut ranked: Vec<(usize, &Subnet)> = nets.iter().enumerate().collect();
    ranked.sort_by_key(|(i, n)| {
        let systems = n.listed.iter().filter(|d| !d.3.is_empty()).count();
        (
            std::cmp::Reverse(systems),
            std::cmp::Reverse(n.listed.len()),
            *i,
        )
    });
    let mut keep: Vec<usize> = ranked
        .iter()
        .take(MAX_SUBNETS - 1)
        .map(|(i, _)| *i)
        .collect();
    keep.sort_unstable();
    let shown = keep.iter().map(|&i| &nets[i]).collect();
    let rest = nets
        .iter()
        .enumerate()
        .filter(|(i, _)| !keep.contains(i))
        .map(|(_, n)| n)
        .collect();
    (shown, rest)
}

/// The lines of one subnet's box: its servers and network devices with the systems they carry
/// (at most [`MAX_LISTED`]), then the other devices counted by kind.
fn subnet_lines(lang: Lang, n: &Subnet) -> Vec<(String, bool)> {
    let mut lines = vec![(n.name.clone(), true)];
    for (_, label, kind, systems) in n.listed.iter().take(MAX_LISTED) {
        let mark = if *kind == AssetKind::Network {
            "◆"
        } else {
            "■"
        };
        let sys = if systems.is_empty() {
            String::new()
        } else {
            format!("〔{}〕", systems.join("・"))
        };
        lines.push((format!("{mark} {label}{sys}"), false));
    }
    if n.listed.len() > MAX_LISTED {
        lines.push((
            tr!(
                lang,
                "bcp.diagram.more",
                count = n.listed.len() - MAX_LISTED
            ),
            false,
        ));
    }
    for (count, kind) in [
        (n.terminals, AssetKind::Terminal),
        (n.medical, AssetKind::MedicalDevice),
        (n.other, AssetKind::Other),
    ] {
        if count > 0 {
            lines.push((
                tr!(
                    lang,
                    "bcp.diagram.count",
                    kind = super::text::asset_kind_label(lang, kind),
                    count = count
                ),
                false,
            ));
        }
    }
    lines
}

fn box_width(n: usize) -> f64 {
    let k = n.clamp(1, PER_ROW) as f64;
    ((WIDTH - 16.0 - GAP * (k - 1.0)) / k).min(300.0)
}

/// Draw the diagram.
pub fn network_svg(lang: Lang, record: &Record) -> String {
    let systems: Vec<&System> = record.bcp.systems_in_restore_order();
    let mut body = String::new();
    let mut y = 8.0;

    // Outside connections.
    let mut outside: Vec<Vec<(String, bool)>> = Vec::new();
    if let Some(e) = &record.bcp.ehr_sharing {
        let mut lines = vec![(tr!(lang, "bcp.diagram.ons").to_string(), true)];
        if let Some(l) = e.line {
            let provider = e.line_provider.as_deref().unwrap_or("");
            lines.push((
                format!("{} {provider}", super::text::line_label(lang, l)),
                false,
            ));
        }
        if let Some(r) = &e.router_location {
            lines.push((tr!(lang, "bcp.diagram.router", place = r), false));
        }
        if let Some(t) = &e.terminal_location {
            lines.push((tr!(lang, "bcp.diagram.terminal", place = t), false));
        }
        if let Some(c) = e.connection {
            lines.push((super::text::connection_label(lang, c).to_string(), false));
        }
        outside.push(lines);
    }
    for s in &systems {
        if let Some(r) = &s.fields.remote_maintenance {
            outside.push(vec![
                (tr!(lang, "bcp.diagram.remote").to_string(), true),
                (format!("{}: {r}", s.fields.name), false),
            ]);
        }
    }
    let bus_top;
    if outside.is_empty() {
        let b = boxed(
            &[(tr!(lang, "bcp.diagram.no_outside").to_string(), false)],
            box_width(1),
            "box missing",
        );
        let (bottom, _) = row(&mut body, &[b], y, box_width(1));
        y = bottom + 18.0;
        bus_top = y;
    } else {
        for chunk in outside.chunks(PER_ROW) {
            let w = box_width(chunk.len());
            let boxes: Vec<BoxText> = chunk.iter().map(|l| boxed(l, w, "box outside")).collect();
            let (bottom, centres) = row(&mut body, &boxes, y, w);
            y = bottom + 18.0;
            for cx in centres {
                let _ = write!(
                    body,
                    r#"<line x1="{cx:.1}" y1="{bottom:.1}" x2="{cx:.1}" y2="{y:.1}" class="link"/>"#
                );
            }
        }
        bus_top = y;
    }
    let _ = write!(
        body,
        r#"<line x1="8" y1="{bus_top:.1}" x2="{:.1}" y2="{bus_top:.1}" class="bus"/><text x="10" y="{:.1}" font-weight="bold">{}</text>"#,
        WIDTH - 8.0,
        bus_top - 4.0,
        esc(tr!(lang, "bcp.diagram.lan"))
    );
    y = bus_top + 18.0;

    // Subnets.
    let nets = subnets_with(record, tr!(lang, "bcp.diagram.no_address"));
    if nets.is_empty() {
        let b = boxed(
            &[(tr!(lang, "bcp.diagram.no_ledger").to_string(), false)],
            box_width(1),
            "box missing",
        );
        let (bottom, _) = row(&mut body, &[b], y, box_width(1));
        y = bottom;
    }
    let (shown, rest) = pick_subnets(&nets);
    let mut cards: Vec<Vec<(String, bool)>> = shown.iter().map(|n| subnet_lines(lang, n)).collect();
    if !rest.is_empty() {
        let devices: usize = rest
            .iter()
            .map(|n| n.listed.len() + n.terminals + n.medical + n.other)
            .sum();
        cards.push(vec![
            (
                tr!(lang, "bcp.diagram.more_subnets", count = rest.len()),
                true,
            ),
            (
                tr!(lang, "bcp.diagram.more_devices", count = devices),
                false,
            ),
        ]);
    }
    for chunk in cards.chunks(PER_ROW) {
        let w = box_width(chunk.len());
        let boxes: Vec<BoxText> = chunk.iter().map(|l| boxed(l, w, "box subnet")).collect();
        let (bottom, centres) = row(&mut body, &boxes, y, w);
        for cx in centres {
            let _ = write!(
                body,
                r#"<line x1="{cx:.1}" y1="{bus_top:.1}" x2="{cx:.1}" y2="{y:.1}" class="link"/>"#
            );
        }
        y = bottom + GAP;
    }

    // Backup targets.
    let backups: Vec<Vec<(String, bool)>> = systems
        .iter()
        .filter_map(|s| {
            let b = &s.fields.backup;
            b.location.as_ref().map(|loc| {
                let mut lines = vec![
                    (tr!(lang, "bcp.diagram.backup").to_string(), true),
                    (format!("{}: {loc}", s.fields.name), false),
                ];
                match b.offline_copy {
                    Some(true) => lines.push((tr!(lang, "bcp.diagram.offline").to_string(), false)),
                    Some(false) => {
                        lines.push((tr!(lang, "bcp.diagram.online_only").to_string(), false))
                    }
                    None => {}
                }
                lines
            })
        })
        .collect();
    if !backups.is_empty() {
        y += 14.0;
        let bus = y - 8.0;
        let _ = write!(
            body,
            r#"<line x1="8" y1="{bus:.1}" x2="{:.1}" y2="{bus:.1}" class="bus backup-bus"/>"#,
            WIDTH - 8.0
        );
        for chunk in backups.chunks(PER_ROW) {
            let w = box_width(chunk.len());
            let boxes: Vec<BoxText> = chunk.iter().map(|l| boxed(l, w, "box backup")).collect();
            let (bottom, centres) = row(&mut body, &boxes, y, w);
            for cx in centres {
                let _ = write!(
                    body,
                    r#"<line x1="{cx:.1}" y1="{bus:.1}" x2="{cx:.1}" y2="{y:.1}" class="link"/>"#
                );
            }
            y = bottom + GAP;
        }
    }

    // Legend.
    y += 8.0;
    let _ = write!(
        body,
        r#"<text x="8" y="{:.1}">{}</text>"#,
        y + 10.0,
        esc(tr!(lang, "bcp.diagram.legend"))
    );
    let h = y + 20.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="network-diagram" width="{WIDTH}" height="{h:.0}" viewBox="0 0 {WIDTH} {h:.0}" role="img" font-size="{FONT}" font-family="'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif"><title>{title}</title><style>.box{{stroke:#333;stroke-width:1}}.outside{{fill:#fdf0e0}}.subnet{{fill:#e8f0fb}}.backup{{fill:#eaf6ea}}.missing{{fill:#fff;stroke-dasharray:4 3;stroke:#b00}}.link{{stroke:#555;stroke-width:1.5}}.bus{{stroke:#333;stroke-width:3}}.backup-bus{{stroke:#2a7a2a}}text{{fill:#111}}</style>{body}</svg>"##,
        title = esc(tr!(lang, "bcp.doc.2_1_4.caption")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::asset::{Asset, LedgerFields, Source};
    use crate::model::bcp::{Backup, BcpData, EhrSharing, Line, SystemFields};
    use crate::model::record::SCHEMA;

    /// 3 subnets and 40 devices: 2 servers, 1 switch, terminals and a medical device each.
    pub(crate) fn generated() -> Record {
        let mut ledger = Vec::new();
        let mut n = 0;
        for net in 0..3u8 {
            for i in 0..13u8 + u8::from(net == 0) {
                n += 1;
                let kind = match i {
                    0 => AssetKind::Network,
                    1 | 2 => AssetKind::Server,
                    12 => AssetKind::MedicalDevice,
                    _ => AssetKind::Terminal,
                };
                ledger.push(LedgerEntry {
                    asset: Asset {
                        id: n,
                        fields: LedgerFields {
                            control_no: format!("A-{n:03}"),
                            kind,
                            computer_name: format!("host{n}"),
                            ip: format!("198.18.{net}.{}", i + 10),
                            location: format!("{}階", net + 1),
                            ..Default::default()
                        },
                        source: Source::Manual,
                        created_at: String::new(),
                        updated_at: String::new(),
                    },
                    observations: vec![],
                });
            }
        }
        let system = |id, name: &str, assets: &[&str], remote: Option<&str>, loc: &str| System {
            id,
            fields: SystemFields {
                name: name.into(),
                assets: assets.iter().map(|s| s.to_string()).collect(),
                remote_maintenance: remote.map(str::to_string),
                restore_priority: Some(id as u32),
                backup: Backup {
                    location: Some(loc.into()),
                    offline_copy: Some(id == 1),
                    ..Default::default()
                },
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
        };
        Record {
            schema: SCHEMA.into(),
            kensa_version: "0".into(),
            taken_at: String::new(),
            facility: None,
            sheets: vec![],
            contacts: vec![],
            ledger,
            editions: vec![],
            audit_head: None,
            bcp: BcpData {
                systems: vec![
                    system(
                        1,
                        "電子カルテ",
                        &["A-002", "A-003"],
                        Some("A社 IPsec-VPN"),
                        "サーバ室 バックアップサーバ／外付けHDD（金庫）",
                    ),
                    system(2, "PACS", &["A-016"], None, "PACS室 NAS"),
                ],
                ehr_sharing: Some(EhrSharing {
                    line: Some(Line::IpVpn),
                    line_provider: Some("NTT東日本".into()),
                    router_location: Some("サーバ室ラック2".into()),
                    terminal_location: Some("医事課受付".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Record::default()
        }
    }

    #[test]
    fn subnets_group_by_24_and_count_terminals() {
        let nets = subnets(&generated());
        assert_eq!(
            nets.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
            ["198.18.0.0/24", "198.18.1.0/24", "198.18.2.0/24"]
        );
        assert_eq!(
            nets.iter()
                .map(|n| n.listed.len() + n.terminals + n.medical + n.other)
                .sum::<usize>(),
            40
        );
        assert_eq!(nets[0].listed[0].2, AssetKind::Network);
        assert_eq!(nets[0].listed[1].3, vec!["電子カルテ".to_string()]);
    }

    #[test]
    fn diagram_snapshot_of_three_subnets_and_forty_devices() {
        let svg = network_svg(Lang::Ja, &generated());
        assert!(svg.contains("198.18.2.0/24"));
        assert!(svg.contains("A社 IPsec-VPN"));
        assert!(svg.contains("サーバ室ラック2"));
        insta::assert_snapshot!(svg);
    }

    #[test]
    fn many_subnets_are_summarised_in_one_box() {
        let mut r = generated();
        let template = r.ledger[3].clone();
        for i in 0..200u32 {
            let mut e = template.clone();
            e.asset.id = 1000 + i64::from(i);
            e.asset.fields.control_no = format!("T-{i:03}");
            e.asset.fields.ip = format!("10.{}.{}.5", i / 250, i % 250);
            r.ledger.push(e);
        }
        let svg = network_svg(Lang::Ja, &r);
        assert_eq!(svg.matches("class=\"box subnet\"").count(), MAX_SUBNETS);
        assert!(svg.contains("ほか 192 サブネット"), "{svg}");
        // The subnets carrying the registered systems are among those drawn.
        assert!(svg.contains("198.18.0.0/24") && svg.contains("198.18.1.0/24"));
    }

    #[test]
    fn an_empty_record_draws_placeholders_only() {
        let mut r = generated();
        r.ledger.clear();
        r.bcp = BcpData::default();
        let svg = network_svg(Lang::Ja, &r);
        assert!(svg.contains("box missing"));
        assert!(!svg.contains("/24"));
    }

    #[test]
    fn markup_in_names_is_escaped() {
        let mut r = generated();
        r.ledger[1].asset.fields.computer_name = "<script>&".into();
        let svg = network_svg(Lang::En, &r);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;"));
    }
}
