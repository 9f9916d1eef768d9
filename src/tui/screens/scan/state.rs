//! The スキャン screen's state: the settings of the next sweep (edited in a dialog form), the
//! run in progress, and the last result with where each device stands against the 台帳. Pure
//! state and its checks; the sweep itself is the same engine as `kensa scan --active`, run on a
//! worker thread by the screen (`mod.rs`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::i18n::Lang;
use crate::model::scan::ScanReport;
use crate::model::wareki::halfwidth;
use crate::netscan::{
    self, Exclusion, InterfaceInfo, Link, PlanError, Progress, Rate, ScanError, ScanPlan,
};
use crate::store::ScanStored;
use crate::text::scan as scan_text;
use crate::tr;
use crate::tui::widgets::form::{FieldValue, Form, FormField};

/// Opens a raw layer-2 channel on an interface.
pub type OpenLink = fn(&str) -> Result<Box<dyn Link>, ScanError>;

/// How the app reaches the network: the operating system in production, a simulated LAN in
/// the tests (so no test frame ever leaves the process).
#[derive(Clone, Copy)]
pub struct NetAccess {
    pub interfaces: fn() -> Vec<InterfaceInfo>,
    pub open: OpenLink,
}

impl NetAccess {
    pub fn os() -> NetAccess {
        NetAccess {
            interfaces: netscan::link::interfaces,
            open: netscan::link::open,
        }
    }
}

impl std::fmt::Debug for NetAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NetAccess")
    }
}

/// The flag the stop key sets and the sweep polls between frames.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(pub Arc<AtomicBool>);

impl PartialEq for StopFlag {
    fn eq(&self, other: &StopFlag) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for StopFlag {}

/// The rates the screen offers. A number of packets per second stays a CLI option: an officer
/// chooses between "safe for medical devices" and "normal", `fast` is for labs.
pub const RATES: [Rate; 3] = [Rate::Gentle, Rate::Normal, Rate::Fast];

/// The next sweep as the officer set it up; turned into a checked [`ScanPlan`] on start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanSettings {
    pub iface: String,
    pub cidr: String,
    pub rate: Rate,
    /// As typed: IPs, CIDRs and OUIs separated by commas or spaces.
    pub exclude: String,
    /// An exclusion file (one entry per line), optional.
    pub exclude_file: String,
    pub probe: bool,
    pub snmp_community: String,
    /// Add a 台帳 row for every device not in it.
    pub add_new: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Nothing running; `last` of [`ScanState`] holds the previous result if any.
    Idle,
    Running {
        /// Reading the neighbour table (nothing sent but the optional probes).
        passive: bool,
        progress: Option<Progress>,
        stop: StopFlag,
        /// The stop key was pressed; the sweep ends at its next frame.
        stopping: bool,
    },
}

/// A finished run and what storing it did.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanResult {
    pub report: ScanReport,
    pub stored: ScanStored,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScanState {
    pub interfaces: Vec<InterfaceInfo>,
    pub settings: ScanSettings,
    pub stage: Stage,
    pub last: Option<ScanResult>,
    /// Selected row of the result list.
    pub selected: usize,
    /// Why the last start was refused (bad setting, no privilege); cleared by the next start.
    pub error: Option<String>,
}

impl ScanState {
    pub fn new(interfaces: Vec<InterfaceInfo>) -> ScanState {
        let mut state = ScanState {
            interfaces: Vec::new(),
            settings: ScanSettings {
                iface: String::new(),
                cidr: String::new(),
                rate: Rate::Gentle,
                exclude: String::new(),
                exclude_file: String::new(),
                probe: false,
                snmp_community: String::new(),
                add_new: false,
            },
            stage: Stage::Idle,
            last: None,
            selected: 0,
            error: None,
        };
        state.refresh_interfaces(interfaces);
        state
    }

    /// Take a fresh list of interfaces. The settings stay; when no interface is chosen yet, the
    /// first one is, with its proposed CIDR.
    pub fn refresh_interfaces(&mut self, interfaces: Vec<InterfaceInfo>) {
        if self.settings.iface.is_empty()
            && let Some(first) = interfaces.first()
        {
            self.settings.iface = first.name.clone();
            self.settings.cidr = first
                .proposed_cidr()
                .map(|n| n.to_string())
                .unwrap_or_default();
        }
        self.interfaces = interfaces;
    }

    /// The addresses of the chosen interface: the sweep never asks them.
    pub fn own_addresses(&self) -> Vec<std::net::Ipv4Addr> {
        self.interfaces
            .iter()
            .filter(|i| i.name == self.settings.iface)
            .flat_map(|i| i.ipv4.iter().map(|n| n.addr()))
            .collect()
    }

    pub fn is_running(&self) -> bool {
        matches!(self.stage, Stage::Running { .. })
    }

    /// The checked plan of the settings, or why it is refused. The TUI never forces a CIDR
    /// larger than /16 (`kensa scan --force` does).
    pub fn plan(&self, lang: Lang) -> Result<ScanPlan, String> {
        let s = &self.settings;
        let exclusions = self.exclusions(lang)?;
        if s.iface.is_empty() {
            return Err(tr!(lang, "tui.scan.no_interface").to_string());
        }
        let mut plan = ScanPlan::new(
            &s.iface,
            &halfwidth(&s.cidr),
            s.rate,
            &exclusions,
            None,
            None,
            false,
        )
        .map_err(|e| scan_text::plan_error(lang, &e))?;
        plan.probe_remote_maintenance = s.probe;
        plan.snmp_community = self.snmp_community();
        Ok(plan)
    }

    pub fn snmp_community(&self) -> Option<String> {
        let community = self.settings.snmp_community.trim();
        (!community.is_empty()).then(|| community.to_string())
    }

    /// The typed exclusions and those of the exclusion file, or the first bad one.
    pub fn exclusions(&self, lang: Lang) -> Result<Vec<Exclusion>, String> {
        let s = &self.settings;
        let mut exclusions = Vec::new();
        for word in s
            .exclude
            .split(|c: char| c == ',' || c == '、' || c == '，' || c.is_whitespace())
            .map(halfwidth)
            .filter(|w| !w.is_empty())
        {
            exclusions.push(Exclusion::parse(&word).ok_or_else(|| {
                scan_text::plan_error(lang, &PlanError::BadExclusion(word.clone()))
            })?);
        }
        let file = s.exclude_file.trim();
        if !file.is_empty() {
            let list = netscan::read_exclude_file(Path::new(file))
                .map_err(|e| scan_text::exclude_file_error(lang, &e))?;
            exclusions.extend(list);
        }
        Ok(exclusions)
    }

    /// The settings as a dialog form (fields in the order of [`SettingsField`]).
    pub fn form(&self, lang: Lang) -> Form {
        let s = &self.settings;
        let mut names: Vec<String> = self
            .interfaces
            .iter()
            .map(|i| interface_label(lang, i))
            .collect();
        let mut iface_ix = self.interfaces.iter().position(|i| i.name == s.iface);
        if iface_ix.is_none() && !s.iface.is_empty() {
            // The interface went away since it was chosen: keep it visible rather than switch
            // silently to another network.
            names.push(s.iface.clone());
            iface_ix = Some(names.len() - 1);
        }
        let yes_no = || {
            vec![
                tr!(lang, "tui.scan.no").to_string(),
                tr!(lang, "tui.scan.yes").to_string(),
            ]
        };
        let rate_ix = RATES.iter().position(|r| *r == s.rate).unwrap_or(0);
        let fields = vec![
            FormField::choice(tr!(lang, "tui.scan.iface"), names, iface_ix.unwrap_or(0)),
            FormField::text(tr!(lang, "tui.scan.cidr"), &s.cidr),
            FormField::choice(
                tr!(lang, "tui.scan.rate"),
                RATES
                    .iter()
                    .map(|r| scan_text::rate_label(lang, *r))
                    .collect(),
                rate_ix,
            ),
            FormField::text(tr!(lang, "tui.scan.exclude"), &s.exclude),
            FormField::text(tr!(lang, "tui.scan.exclude_file"), &s.exclude_file),
            FormField::choice(tr!(lang, "tui.scan.probe"), yes_no(), usize::from(s.probe)),
            FormField::text(tr!(lang, "tui.scan.snmp"), &s.snmp_community),
            FormField::choice(
                tr!(lang, "tui.scan.add_new"),
                yes_no(),
                usize::from(s.add_new),
            ),
        ];
        Form::new(tr!(lang, "tui.scan.settings_title").to_string(), fields)
    }

    /// The settings a submitted form describes (not yet checked).
    pub fn settings_from(&self, form: &Form) -> ScanSettings {
        let field = |f: SettingsField| form.fields.get(f as usize);
        let text = |f: SettingsField| field(f).map(FormField::text_value).unwrap_or_default();
        let chosen = |f: SettingsField| field(f).map_or(0, FormField::choice_index);
        ScanSettings {
            iface: self
                .interfaces
                .get(chosen(SettingsField::Iface))
                .map(|i| i.name.clone())
                .unwrap_or_else(|| self.settings.iface.clone()),
            cidr: text(SettingsField::Cidr),
            rate: RATES
                .get(chosen(SettingsField::Rate))
                .copied()
                .unwrap_or(Rate::Gentle),
            exclude: text(SettingsField::Exclude),
            exclude_file: text(SettingsField::ExcludeFile),
            probe: chosen(SettingsField::Probe) == 1,
            snmp_community: text(SettingsField::Snmp),
            add_new: chosen(SettingsField::AddNew) == 1,
        }
    }

    /// After a key in the settings form: when the interface changed and the CIDR is still the
    /// one proposed for the previous interface (or empty), propose the new interface's network.
    pub fn follow_interface(&self, form: &mut Form, before: usize) {
        let now = form
            .fields
            .get(SettingsField::Iface as usize)
            .map_or(0, FormField::choice_index);
        if now == before {
            return;
        }
        let proposal = |ix: usize| {
            self.interfaces
                .get(ix)
                .and_then(InterfaceInfo::proposed_cidr)
                .map(|n| n.to_string())
                .unwrap_or_default()
        };
        let Some(FormField {
            value: FieldValue::Text(cidr),
            ..
        }) = form.fields.get_mut(SettingsField::Cidr as usize)
        else {
            return;
        };
        let typed = cidr.text().trim().to_string();
        if typed.is_empty() || typed == proposal(before) {
            cidr.set(&proposal(now));
        }
    }
}

/// The fields of the settings form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsField {
    Iface = 0,
    Cidr,
    Rate,
    Exclude,
    ExcludeFile,
    Probe,
    Snmp,
    AddNew,
}

/// `eth0  192.168.1.10/24`, with "down" or "no IPv4" when it cannot be swept.
pub fn interface_label(lang: Lang, i: &InterfaceInfo) -> String {
    let mut s = i.name.clone();
    for net in &i.ipv4 {
        s.push_str("  ");
        s.push_str(&net.to_string());
    }
    if i.ipv4.is_empty() {
        s.push_str(&format!("  ({})", tr!(lang, "tui.scan.no_ipv4")));
    }
    if !i.up {
        s.push_str(&format!("  ({})", tr!(lang, "tui.scan.down")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(name: &str, nets: &[&str], up: bool) -> InterfaceInfo {
        InterfaceInfo {
            name: name.into(),
            up,
            ipv4: nets.iter().map(|n| n.parse().unwrap()).collect(),
        }
    }

    fn state() -> ScanState {
        ScanState::new(vec![
            iface("lan0", &["198.18.0.1/24"], true),
            iface("lan1", &["198.19.4.9/16"], true),
        ])
    }

    #[test]
    fn proposes_the_first_interface_and_its_network() {
        let s = state();
        assert_eq!(s.settings.iface, "lan0");
        assert_eq!(s.settings.cidr, "198.18.0.0/24");
        assert_eq!(s.settings.rate, Rate::Gentle);
        let none = ScanState::new(Vec::new());
        assert_eq!(none.settings.iface, "");
        assert_eq!(
            none.plan(Lang::En).unwrap_err(),
            tr!(Lang::En, "tui.scan.no_interface")
        );
    }

    #[test]
    fn changing_the_interface_follows_with_the_cidr_unless_it_was_typed() {
        let s = state();
        let mut form = s.form(Lang::Ja);
        form.fields[0].value = FieldValue::Choice {
            options: vec!["a".into(), "b".into()],
            ix: 1,
        };
        s.follow_interface(&mut form, 0);
        assert_eq!(s.settings_from(&form).cidr, "198.19.0.0/16");
        assert_eq!(s.settings_from(&form).iface, "lan1");

        let mut form = s.form(Lang::Ja);
        if let FieldValue::Text(i) = &mut form.fields[1].value {
            i.set("198.18.0.128/25");
        }
        form.fields[0].value = FieldValue::Choice {
            options: vec!["a".into(), "b".into()],
            ix: 1,
        };
        s.follow_interface(&mut form, 0);
        assert_eq!(s.settings_from(&form).cidr, "198.18.0.128/25");
    }

    #[test]
    fn the_plan_takes_exclusions_in_any_separator_and_refuses_bad_ones() {
        let mut s = state();
        s.settings.exclude = "198.18.0.5, 198.18.0.16/28　００:1b:2c、198.18.0.9".into();
        s.settings.probe = true;
        s.settings.snmp_community = " public ".into();
        let plan = s.plan(Lang::En).unwrap();
        assert!(!plan.allows("198.18.0.5".parse().unwrap()));
        assert!(!plan.allows("198.18.0.20".parse().unwrap()));
        assert!(!plan.allows("198.18.0.9".parse().unwrap()));
        assert!(plan.allows("198.18.0.10".parse().unwrap()));
        assert!(plan.exclusions.excludes_mac(&[0, 0x1b, 0x2c, 1, 2, 3]));
        assert!(plan.probe_remote_maintenance);
        assert_eq!(plan.snmp_community.as_deref(), Some("public"));

        s.settings.exclude = "198.18.0.5 printer".into();
        assert!(s.plan(Lang::En).unwrap_err().contains("printer"));
        s.settings.exclude.clear();
        s.settings.cidr = "198.0.0.0/8".into();
        assert!(s.plan(Lang::En).unwrap_err().contains("/16"));
    }

    #[test]
    fn an_exclusion_file_with_a_bad_line_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("modalities.txt");
        std::fs::write(&path, "# CT\n198.18.0.5\nCT-scanner\n").unwrap();
        let mut s = state();
        s.settings.exclude_file = path.display().to_string();
        let e = s.plan(Lang::En).unwrap_err();
        assert!(e.contains("modalities.txt") && e.contains(":3"), "{e}");
        std::fs::write(&path, "# CT\n198.18.0.5\n").unwrap();
        assert!(
            !s.plan(Lang::En)
                .unwrap()
                .allows("198.18.0.5".parse().unwrap())
        );
    }
}
