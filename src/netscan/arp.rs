//! ARP over Ethernet (RFC 826): building the one request kensa sends and parsing what comes
//! back. Hand-written on purpose: the layout is 14 + 28 fixed bytes, and every received frame is
//! outside input, so the parser we fuzz is all ours, checks every length before reading, and
//! never panics (pnet_packet's generated accessors have panicked on malformed input before).

use std::net::Ipv4Addr;

pub const ETHERTYPE_ARP: u16 = 0x0806;
const ETHERTYPE_VLAN: u16 = 0x8100;
const ETHERTYPE_QINQ: u16 = 0x88a8;
const HTYPE_ETHERNET: u16 = 1;
const PTYPE_IPV4: u16 = 0x0800;
const OP_REQUEST: u16 = 1;
const OP_REPLY: u16 = 2;
const ARP_LEN: usize = 28;

/// Ethernet header + ARP, padded to the 60-byte minimum frame (without FCS) so every NIC and
/// switch sees a well-formed frame; the padding is zeros.
pub const REQUEST_LEN: usize = 60;

pub type Mac = [u8; 6];

pub const BROADCAST: Mac = [0xff; 6];

/// The ARP request "who has `target`? tell `sender_ip`", broadcast at layer 2 as ARP requires.
pub fn request(sender_mac: Mac, sender_ip: Ipv4Addr, target: Ipv4Addr) -> [u8; REQUEST_LEN] {
    let mut f = [0u8; REQUEST_LEN];
    f[0..6].copy_from_slice(&BROADCAST);
    f[6..12].copy_from_slice(&sender_mac);
    f[12..14].copy_from_slice(&ETHERTYPE_ARP.to_be_bytes());
    let a = &mut f[14..14 + ARP_LEN];
    a[0..2].copy_from_slice(&HTYPE_ETHERNET.to_be_bytes());
    a[2..4].copy_from_slice(&PTYPE_IPV4.to_be_bytes());
    a[4] = 6;
    a[5] = 4;
    a[6..8].copy_from_slice(&OP_REQUEST.to_be_bytes());
    a[8..14].copy_from_slice(&sender_mac);
    a[14..18].copy_from_slice(&sender_ip.octets());
    // Target hardware address stays zero: unknown, which is the question.
    a[24..28].copy_from_slice(&target.octets());
    f
}

/// An ARP packet of the only kind kensa understands: Ethernet/IPv4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arp {
    /// Ethernet destination and source addresses of the frame.
    pub eth_dst: Mac,
    pub eth_src: Mac,
    pub is_reply: bool,
    pub sender_mac: Mac,
    pub sender_ip: Ipv4Addr,
    pub target_mac: Mac,
    pub target_ip: Ipv4Addr,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn mac_at(b: &[u8], at: usize) -> Option<Mac> {
    b.get(at..at + 6)?.try_into().ok()
}

fn ip_at(b: &[u8], at: usize) -> Option<Ipv4Addr> {
    let o: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(Ipv4Addr::from(o))
}

/// Parse an Ethernet frame (optionally with one or two VLAN tags). `None` for anything that is
/// not a complete Ethernet/IPv4 ARP request or reply: short, truncated, other protocols, other
/// hardware types, unknown operations.
pub fn parse(frame: &[u8]) -> Option<Arp> {
    let eth_dst = mac_at(frame, 0)?;
    let eth_src = mac_at(frame, 6)?;
    let mut at = 12;
    let mut ethertype = be16(frame, at)?;
    // At most two tags (802.1Q, QinQ); a third is not a frame we asked for.
    for _ in 0..2 {
        if ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ {
            at += 4;
            ethertype = be16(frame, at)?;
        }
    }
    if ethertype != ETHERTYPE_ARP {
        return None;
    }
    let a = frame.get(at + 2..at + 2 + ARP_LEN)?;
    if be16(a, 0)? != HTYPE_ETHERNET || be16(a, 2)? != PTYPE_IPV4 || a[4] != 6 || a[5] != 4 {
        return None;
    }
    let is_reply = match be16(a, 6)? {
        OP_REQUEST => false,
        OP_REPLY => true,
        _ => return None,
    };
    Some(Arp {
        eth_dst,
        eth_src,
        is_reply,
        sender_mac: mac_at(a, 8)?,
        sender_ip: ip_at(a, 14)?,
        target_mac: mac_at(a, 18)?,
        target_ip: ip_at(a, 24)?,
    })
}

/// A unicast address a real interface could have: not zero, not broadcast, not multicast.
pub fn is_host_mac(mac: &Mac) -> bool {
    *mac != [0; 6] && mac[0] & 0x01 == 0
}

/// `aa:bb:cc:dd:ee:ff`, the notation the ledger stores.
pub fn mac_string(mac: &Mac) -> String {
    mac.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Parse `aa:bb:cc:dd:ee:ff` / `AA-BB-CC-DD-EE-FF`.
pub fn parse_mac(s: &str) -> Option<Mac> {
    let parts: Vec<&str> = s.trim().split([':', '-']).collect();
    if parts.len() != 6 {
        return None;
    }
    let mut mac = [0u8; 6];
    for (m, p) in mac.iter_mut().zip(parts) {
        if p.len() != 2 {
            return None;
        }
        *m = u8::from_str_radix(p, 16).ok()?;
    }
    Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ME: Mac = [0x02, 0, 0, 0, 0, 1];

    fn reply(from_mac: Mac, from_ip: Ipv4Addr, to_ip: Ipv4Addr) -> Vec<u8> {
        let mut f = request(from_mac, from_ip, to_ip).to_vec();
        f[0..6].copy_from_slice(&ME);
        f[20..22].copy_from_slice(&OP_REPLY.to_be_bytes());
        f[32..38].copy_from_slice(&ME);
        f
    }

    #[test]
    fn request_round_trips() {
        let f = request(
            ME,
            Ipv4Addr::new(198, 18, 0, 1),
            Ipv4Addr::new(198, 18, 0, 7),
        );
        assert_eq!(f.len(), 60);
        let a = parse(&f).unwrap();
        assert!(!a.is_reply);
        assert_eq!(a.sender_mac, ME);
        assert_eq!(a.target_ip, Ipv4Addr::new(198, 18, 0, 7));
        assert_eq!(a.target_mac, [0; 6]);
    }

    #[test]
    fn replies_with_and_without_vlan_tag() {
        let host = [0x00, 0x00, 0x0c, 1, 2, 3];
        let f = reply(
            host,
            Ipv4Addr::new(198, 18, 0, 7),
            Ipv4Addr::new(198, 18, 0, 1),
        );
        let a = parse(&f).unwrap();
        assert!(a.is_reply);
        assert_eq!(
            (a.sender_mac, a.sender_ip),
            (host, Ipv4Addr::new(198, 18, 0, 7))
        );
        let mut tagged = f[..12].to_vec();
        tagged.extend_from_slice(&[0x81, 0x00, 0x00, 0x05]);
        tagged.extend_from_slice(&f[12..]);
        assert_eq!(parse(&tagged), Some(a));
    }

    #[test]
    fn rejects_truncated_and_foreign_frames() {
        let f = reply(
            [0, 0, 0x0c, 1, 2, 3],
            Ipv4Addr::new(198, 18, 0, 7),
            Ipv4Addr::new(198, 18, 0, 1),
        );
        // 14 + 28 = 42 bytes are needed; every shorter prefix is refused.
        for n in 0..42 {
            assert_eq!(parse(&f[..n]), None, "{n}");
        }
        assert!(parse(&f[..42]).is_some());
        let mut ipv6 = f.clone();
        ipv6[12..14].copy_from_slice(&[0x86, 0xdd]);
        assert_eq!(parse(&ipv6), None);
        let mut op3 = f.clone();
        op3[21] = 3;
        assert_eq!(parse(&op3), None);
        let mut hlen = f;
        hlen[18] = 8;
        assert_eq!(parse(&hlen), None);
    }

    #[test]
    fn macs() {
        assert_eq!(
            parse_mac("AA-bb-CC-dd-EE-ff"),
            Some([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])
        );
        assert_eq!(parse_mac("aa:bb:cc:dd:ee"), None);
        assert_eq!(parse_mac("aa:bb:cc:dd:ee:fff"), None);
        assert_eq!(mac_string(&[0, 0x1b, 0x2c, 3, 4, 5]), "00:1b:2c:03:04:05");
        assert!(!is_host_mac(&BROADCAST));
        assert!(!is_host_mac(&[0; 6]));
        assert!(!is_host_mac(&[0x01, 0, 0x5e, 0, 0, 1]));
        assert!(is_host_mac(&ME));
    }

    proptest! {
        // Fuzzing the parser of outside input (cargo-fuzz needs nightly; proptest runs in CI).
        #[test]
        fn parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn mutated_replies_never_panic(
            at in 0usize..60, val in any::<u8>(), cut in 0usize..=60
        ) {
            let mut f = reply([0, 0, 0x0c, 1, 2, 3], Ipv4Addr::new(198, 18, 0, 7), Ipv4Addr::new(198, 18, 0, 1));
            f[at] = val;
            f.truncate(cut);
            if let Some(a) = parse(&f) {
                // Whatever parses, parses from bytes that were there.
                prop_assert!(f.len() >= 42);
                prop_assert_eq!(a.sender_ip.octets().to_vec(), f[28..32].to_vec());
            }
        }

        #[test]
        fn every_request_parses_back(t in any::<u32>(), s in any::<u32>(), m in any::<[u8; 6]>()) {
            let f = request(m, Ipv4Addr::from(s), Ipv4Addr::from(t));
            let a = parse(&f).unwrap();
            prop_assert_eq!(a.target_ip, Ipv4Addr::from(t));
            prop_assert_eq!(a.sender_ip, Ipv4Addr::from(s));
            prop_assert_eq!(a.sender_mac, m);
        }
    }
}
