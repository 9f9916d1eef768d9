//! The real binary in a real terminal: a tmux session the tests type into and read from.
//! Shared by the TUI end-to-end tests and the namespace test of the スキャン screen.

// Each test crate that includes this uses only some of it.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub session: String,
}

impl Tmux {
    /// Run the shell command line `command` in a new 100×30 session. After it exits, the pane
    /// shows its exit code (`kensa-exited-N`) and whether the terminal is back in canonical
    /// (not raw) mode (`tty-icanon`), and stays for reading.
    pub fn run(name: &str, command: &str) -> Tmux {
        let status = Command::new("tmux").arg("-V").output();
        assert!(
            status.is_ok_and(|o| o.status.success()),
            "tmux is needed for this test (apt-get install tmux)"
        );
        let session = format!("kensa-e2e-{name}-{}", std::process::id());
        let cmd = format!(
            "{command}; echo kensa-exited-$?; echo tty-$(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\?icanon'); sleep 60"
        );
        let ok = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session, "-x", "100", "-y", "30"])
            .arg(cmd)
            .env("LANG", "C.UTF-8")
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux new-session failed");
        Tmux { session }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-J", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait up to 15 seconds for `text` on the screen; the screen at that moment.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "`{text}` never appeared; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// tmux key names (`Enter`, `Down`, `C-s`, or a single character), one at a time.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .unwrap()
                .success();
            assert!(ok);
            // Let the app draw between keys, as a person would.
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Type `s` literally.
    pub fn text(&self, s: &str) {
        let ok = Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", s])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        std::thread::sleep(Duration::from_millis(80));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}
