//! A simulated LAN behind the [`Link`] trait, for unit tests of the sweep: hosts answer ARP
//! requests for their address, every frame kensa sends is logged with its time, and faults can
//! be switched on (garbage frames, forged replies, failing sends, the interface going down).

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ipnet::Ipv4Net;

use super::{FrameRx, FrameTx, Link, Mac, arp};

#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// After each request, also deliver random bytes, a truncated reply and an IPv6 frame.
    pub garbage: bool,
    /// Also deliver replies nobody asked for (see the sweep test).
    pub forged: bool,
    /// Every send fails with a generic error.
    pub fail_sends: bool,
    /// The interface reports down after this many frames.
    pub down_after: Option<usize>,
}

/// Every frame sent, with when.
type FrameLog = Arc<Mutex<Vec<(Instant, Vec<u8>)>>>;

pub const MY_MAC: Mac = [0x02, 0x6b, 0x65, 0x6e, 0x73, 0x61];

pub struct SimLan {
    hosts: Vec<(Ipv4Addr, Mac)>,
    opts: SimOptions,
    log: FrameLog,
    attempts: Arc<AtomicUsize>,
}

impl SimLan {
    pub fn new(hosts: Vec<(Ipv4Addr, Mac)>, opts: SimOptions) -> SimLan {
        SimLan {
            hosts,
            opts,
            log: Arc::default(),
            attempts: Arc::default(),
        }
    }

    /// A link for kensa at 198.18.0.1/16.
    pub fn link(&self) -> SimLink {
        let (to_rx, rx) = channel();
        SimLink {
            tx: SimTx {
                hosts: self.hosts.clone(),
                opts: self.opts.clone(),
                log: self.log.clone(),
                attempts: self.attempts.clone(),
                to_rx,
            },
            rx: SimRx { rx },
        }
    }

    /// Every frame sent, with its time.
    pub fn sent(&self) -> Vec<(Instant, Vec<u8>)> {
        self.log.lock().unwrap().clone()
    }

    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::Relaxed)
    }
}

pub struct SimLink {
    tx: SimTx,
    rx: SimRx,
}

impl Link for SimLink {
    fn name(&self) -> &str {
        "sim0"
    }
    fn mac(&self) -> Mac {
        MY_MAC
    }
    fn ipv4(&self) -> Vec<Ipv4Net> {
        vec!["198.18.0.1/16".parse().unwrap()]
    }
    fn split(self: Box<Self>) -> (Box<dyn FrameTx>, Box<dyn FrameRx>) {
        (Box::new(self.tx), Box::new(self.rx))
    }
}

struct SimTx {
    hosts: Vec<(Ipv4Addr, Mac)>,
    opts: SimOptions,
    log: FrameLog,
    attempts: Arc<AtomicUsize>,
    to_rx: Sender<Vec<u8>>,
}

fn reply(from_mac: Mac, from_ip: Ipv4Addr, to_mac: Mac, to_ip: Ipv4Addr) -> Vec<u8> {
    let mut f = arp::request(from_mac, from_ip, to_ip).to_vec();
    f[0..6].copy_from_slice(&to_mac);
    f[21] = 2;
    f[32..38].copy_from_slice(&to_mac);
    f
}

impl FrameTx for SimTx {
    fn send(&mut self, frame: &[u8]) -> std::io::Result<()> {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        if self.opts.fail_sends {
            return Err(std::io::Error::other("simulated send failure"));
        }
        self.log
            .lock()
            .unwrap()
            .push((Instant::now(), frame.to_vec()));
        let Some(req) = arp::parse(frame) else {
            return Ok(());
        };
        let me = (req.sender_mac, req.sender_ip);
        if self.opts.garbage {
            let _ = self.to_rx.send(vec![0xde, 0xad]);
            let _ = self.to_rx.send(vec![0xff; 33]);
            let mut ipv6 = frame.to_vec();
            ipv6[12..14].copy_from_slice(&[0x86, 0xdd]);
            let _ = self.to_rx.send(ipv6);
        }
        if self.opts.forged {
            let excluded = Ipv4Addr::new(198, 18, 0, 9);
            let outside = Ipv4Addr::new(198, 19, 0, 1);
            let _ = self
                .to_rx
                .send(reply([0, 1, 2, 3, 4, 9], excluded, me.0, me.1));
            let _ = self
                .to_rx
                .send(reply([0, 1, 2, 3, 4, 10], outside, me.0, me.1));
            let _ = self
                .to_rx
                .send(reply(arp::BROADCAST, req.target_ip, me.0, me.1));
            let other = Ipv4Addr::new(198, 18, 0, 200);
            let _ = self
                .to_rx
                .send(reply([0, 1, 2, 3, 4, 11], req.target_ip, me.0, other));
        }
        if let Some((ip, mac)) = self.hosts.iter().find(|(ip, _)| *ip == req.target_ip) {
            let _ = self.to_rx.send(reply(*mac, *ip, me.0, me.1));
            if self.opts.garbage {
                let f = reply(*mac, *ip, me.0, me.1);
                let _ = self.to_rx.send(f[..30].to_vec());
            }
        }
        Ok(())
    }

    fn is_up(&mut self) -> bool {
        match self.opts.down_after {
            Some(n) => self.attempts.load(Ordering::Relaxed) < n,
            None => true,
        }
    }
}

struct SimRx {
    rx: Receiver<Vec<u8>>,
}

impl FrameRx for SimRx {
    fn recv(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        Ok(self.rx.recv_timeout(Duration::from_millis(10)).ok())
    }
}
