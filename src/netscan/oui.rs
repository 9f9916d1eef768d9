//! Vendor names from the IEEE MA-L (OUI) registry, shipped in `data/oui.tsv` and embedded in the
//! binary so a closed hospital network needs nothing else. The file is sorted, one
//! `AABBCC<TAB>Organization` line per assignment, after one `#` header line that carries the
//! registry date; `scripts/update-oui.py` rebuilds it.

use std::sync::OnceLock;

static RAW: &str = include_str!("../../data/oui.tsv");

/// (24-bit prefix, organization), sorted by prefix.
fn table() -> &'static [(u32, &'static str)] {
    static TABLE: OnceLock<Vec<(u32, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<(u32, &'static str)> = RAW
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (hex, name) = l.split_once('\t')?;
                Some((u32::from_str_radix(hex, 16).ok()?, name))
            })
            .collect();
        // The generator sorts; sorting again keeps binary search right if someone edits by hand.
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    })
}

/// The registry date (YYYY-MM-DD) from the header line, shown with every vendor name.
pub fn registry_date() -> &'static str {
    RAW.lines()
        .next()
        .and_then(|l| {
            l.split_whitespace()
                .map(|w| w.trim_end_matches(','))
                .find(|w| w.parse::<jiff::civil::Date>().is_ok())
        })
        .unwrap_or("unknown")
}

/// Number of assignments shipped.
pub fn entries() -> usize {
    table().len()
}

/// The organization the first three octets of `mac` are assigned to. Locally administered
/// addresses (randomised phone MACs, virtual machines) have no vendor.
pub fn vendor(mac: [u8; 6]) -> Option<&'static str> {
    if mac[0] & 0x02 != 0 {
        return None;
    }
    let key = (u32::from(mac[0]) << 16) | (u32::from(mac[1]) << 8) | u32::from(mac[2]);
    let t = table();
    t.binary_search_by_key(&key, |(k, _)| *k)
        .ok()
        .map(|i| t[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vendors_and_date() {
        assert_eq!(vendor([0, 0, 0, 1, 2, 3]), Some("XEROX CORPORATION"));
        // 00:00:0C is Cisco's first assignment.
        assert!(vendor([0x00, 0x00, 0x0c, 0, 0, 1]).is_some_and(|v| v.contains("Cisco")));
        // Locally administered: no vendor even if the prefix bits would match.
        assert_eq!(vendor([0x02, 0, 0, 1, 2, 3]), None);
        assert_eq!(registry_date(), "2022-08-27");
        assert!(entries() > 30_000);
    }
}
