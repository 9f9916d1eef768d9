//! ARP frames as the sweep's receiving thread gets them from the wire (anything a device on the
//! LAN sends): Ethernet, up to two VLAN tags, Ethernet/IPv4 ARP.
#![no_main]

use kensa::netscan::arp::{mac_string, parse, parse_mac};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(a) = parse(data) {
        // The addresses are the frame's own bytes, and read back from the ledger's notation.
        assert_eq!(&data[..6], &a.eth_dst);
        assert_eq!(&data[6..12], &a.eth_src);
        assert_eq!(parse_mac(&mac_string(&a.sender_mac)), Some(a.sender_mac));
    }
    // The same bytes as typed text (exclusions, neighbour tables): never a panic.
    let _ = parse_mac(&String::from_utf8_lossy(data));
});
