//! The production [`Link`]: pnet_datalink on a real interface. Everything pnet-specific lives
//! here, so swapping pnet (e.g. for `nex`) touches one file.

use std::io;
use std::net::IpAddr;
use std::time::Duration;

use ipnet::Ipv4Net;
use pnet_datalink::{self as dl, DataLinkReceiver, DataLinkSender, NetworkInterface};

use super::{FrameRx, FrameTx, Link, Mac, ScanError};

/// How long one receive call waits before reporting "nothing yet": also how late the
/// receiving thread notices the end of a sweep, which adds to every sweep's duration (500
/// wake-ups a second of an otherwise idle thread cost nothing measurable).
const POLL: Duration = Duration::from_millis(2);

/// Names of the interfaces the OS reports, for error messages.
pub fn interface_names() -> Vec<String> {
    dl::interfaces().into_iter().map(|i| i.name).collect()
}

/// Interfaces a sweep could use: not loopback, with an Ethernet MAC. Those up and with an IPv4
/// address come first, so the TUI can propose the first one.
pub fn interfaces() -> Vec<super::InterfaceInfo> {
    let mut out: Vec<super::InterfaceInfo> = dl::interfaces()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter(|i| host_mac(i).is_some())
        .map(|i| super::InterfaceInfo {
            up: is_up(&i),
            ipv4: ipv4_of(&i),
            name: i.name,
        })
        .collect();
    out.sort_by_key(|i| (!i.up, i.ipv4.is_empty(), i.name.clone()));
    out
}

/// The interface's own unicast MAC, if it has one (not a tunnel, not all zeros).
fn host_mac(i: &NetworkInterface) -> Option<Mac> {
    i.mac
        .map(|m| [m.0, m.1, m.2, m.3, m.4, m.5])
        .filter(super::arp::is_host_mac)
}

fn ipv4_of(i: &NetworkInterface) -> Vec<Ipv4Net> {
    i.ips
        .iter()
        .filter_map(|n| match n.ip() {
            IpAddr::V4(a) => Ipv4Net::new(a, n.prefix()).ok(),
            IpAddr::V6(_) => None,
        })
        .collect()
}

fn find(name: &str) -> Option<NetworkInterface> {
    dl::interfaces().into_iter().find(|i| i.name == name)
}

/// Administratively up and, on Linux, with a link. The `carrier` file changes the moment the
/// cable is pulled or a veth peer goes down; operstate and getifaddrs' RUNNING flag follow up
/// to a second later (the kernel's link watch is rate-limited), while sends already fail. It
/// cannot be read (EINVAL) when the interface is administratively down, or when it is gone.
fn is_up(i: &NetworkInterface) -> bool {
    #[cfg(target_os = "linux")]
    {
        let path = format!("/sys/class/net/{}/carrier", i.name);
        std::fs::read_to_string(path).is_ok_and(|s| s.trim() == "1")
    }
    #[cfg(not(target_os = "linux"))]
    {
        i.is_up()
    }
}

/// Open a raw layer-2 channel on `name`. Fails with [`ScanError::NoPrivilege`] when the OS
/// refuses the raw socket, so the caller can tell the user exactly what to do.
pub fn open(name: &str) -> Result<Box<dyn Link>, ScanError> {
    let iface = find(name).ok_or_else(|| ScanError::UnknownInterface {
        name: name.to_string(),
        known: interface_names().join(", "),
    })?;
    if !is_up(&iface) {
        return Err(ScanError::InterfaceDown(name.to_string()));
    }
    let mac = host_mac(&iface).ok_or_else(|| ScanError::NoMac(name.to_string()))?;
    let ipv4 = ipv4_of(&iface);
    let mut config = dl::Config {
        read_timeout: Some(POLL),
        // Not promiscuous: kensa only needs frames addressed to it (replies) or broadcast.
        promiscuous: false,
        ..Default::default()
    };
    platform_socket(name, &mut config)?;
    let map = |e: io::Error| {
        if e.kind() == io::ErrorKind::PermissionDenied {
            ScanError::NoPrivilege {
                iface: name.to_string(),
            }
        } else {
            ScanError::Io {
                iface: name.to_string(),
                source: e,
            }
        }
    };
    match dl::channel(&iface, config).map_err(map)? {
        dl::Channel::Ethernet(tx, rx) => Ok(Box::new(PnetLink {
            name: name.to_string(),
            mac,
            ipv4,
            tx,
            rx,
        })),
        _ => Err(ScanError::Io {
            iface: name.to_string(),
            source: io::Error::other("not an Ethernet channel"),
        }),
    }
}

/// On Linux, open the packet socket for ARP only (ETH_P_ARP) and hand it to pnet. pnet's own
/// socket listens to every protocol, which also loops back each frame kensa sends; on a /16
/// that is 65,534 copies competing with the replies for the receive buffer.
///
/// The socket is created with protocol 0, which receives nothing, and gets ETH_P_ARP and the
/// interface in one step when pnet binds it. Created with ETH_P_ARP, it would listen on every
/// interface until the bind, and the bind would first unhook it, waiting for an RCU grace
/// period (synchronize_net): about 16 ms added to every run.
#[cfg(target_os = "linux")]
fn platform_socket(name: &str, config: &mut dl::Config) -> Result<(), ScanError> {
    use socket2::{Domain, Socket, Type};
    use std::os::fd::IntoRawFd;
    let sock = Socket::new(Domain::PACKET, Type::RAW, None).map_err(|e| {
        if e.kind() == io::ErrorKind::PermissionDenied {
            ScanError::NoPrivilege {
                iface: name.to_string(),
            }
        } else {
            ScanError::Io {
                iface: name.to_string(),
                source: e,
            }
        }
    })?;
    // Room for the replies of a busy /16 while the receiving thread catches up; the kernel
    // caps it at net.core.rmem_max, which is fine.
    let _ = sock.set_recv_buffer_size(4 << 20);
    // pnet binds the socket to the interface with the channel type's protocol and owns (and
    // closes) the descriptor from here on.
    config.channel_type = dl::ChannelType::Layer3(super::arp::ETHERTYPE_ARP);
    config.socket_fd = Some(sock.into_raw_fd());
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn platform_socket(_name: &str, _config: &mut dl::Config) -> Result<(), ScanError> {
    Ok(())
}

struct PnetLink {
    name: String,
    mac: Mac,
    ipv4: Vec<Ipv4Net>,
    tx: Box<dyn DataLinkSender>,
    rx: Box<dyn DataLinkReceiver>,
}

impl Link for PnetLink {
    fn name(&self) -> &str {
        &self.name
    }
    fn mac(&self) -> Mac {
        self.mac
    }
    fn ipv4(&self) -> Vec<Ipv4Net> {
        self.ipv4.clone()
    }
    fn split(self: Box<Self>) -> (Box<dyn FrameTx>, Box<dyn FrameRx>) {
        (
            Box::new(PnetTx {
                name: self.name,
                tx: self.tx,
            }),
            Box::new(PnetRx { rx: self.rx }),
        )
    }
}

struct PnetTx {
    name: String,
    tx: Box<dyn DataLinkSender>,
}

impl FrameTx for PnetTx {
    fn send(&mut self, frame: &[u8]) -> io::Result<()> {
        self.tx
            .send_to(frame, None)
            .unwrap_or_else(|| Err(io::Error::other("frame larger than the send buffer")))
    }

    fn is_up(&mut self) -> bool {
        find(&self.name).is_some_and(|i| is_up(&i))
    }
}

struct PnetRx {
    rx: Box<dyn DataLinkReceiver>,
}

impl FrameRx for PnetRx {
    fn recv(&mut self) -> io::Result<Option<Vec<u8>>> {
        match self.rx.next() {
            Ok(f) => Ok(Some(f.to_vec())),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => Ok(None),
            Err(e) => Err(e),
        }
    }
}
