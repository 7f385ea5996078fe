//! A real SMTP server for the mail tests: Debian's `python3-aiosmtpd` (installed by
//! `.ci/setup`), started on a free port, keeping every message it accepts in a Maildir; with a
//! certificate the test generates it requires STARTTLS, and a refusing one answers every
//! message with 550. Stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpServer {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Child,
}

/// How the server behaves.
pub enum Mode {
    /// Plain SMTP, keeping every message.
    Plain,
    /// STARTTLS required, with this certificate and key (PEM files).
    StartTls { cert: PathBuf, key: PathBuf },
    /// Refuses every message with 550.
    Refusing,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

const REFUSING: &str = "
import asyncio, sys
from aiosmtpd.controller import Controller
class Refuse:
    async def handle_DATA(self, server, session, envelope):
        return '550 5.7.1 refused for the test'
controller = Controller(Refuse(), hostname='127.0.0.1', port=int(sys.argv[1]))
controller.start()
asyncio.get_event_loop().run_forever()
";

impl SmtpServer {
    pub async fn start(mode: Mode) -> SmtpServer {
        let port = free_port();
        let dir = tempfile::tempdir().expect("a maildir");
        let listen = format!("127.0.0.1:{port}");
        let mut command = Command::new("/usr/bin/python3");
        match &mode {
            Mode::Refusing => {
                command.args(["-c", REFUSING, &port.to_string()]);
            }
            Mode::Plain | Mode::StartTls { .. } => {
                command.args([
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    &listen,
                    "-c",
                    "aiosmtpd.handlers.Mailbox",
                ]);
                if let Mode::StartTls { cert, key } = &mode {
                    command.arg("--tlscert").arg(cert).arg("--tlskey").arg(key);
                }
                command.arg(dir.path().join("maildir"));
            }
        }
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (Debian's python3-aiosmtpd, installed by .ci/setup)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpServer { port, dir, child };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the SMTP server did not start on {listen}");
    }

    /// Every message the server kept, parsed, oldest first.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&new)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| std::fs::read(p).expect("a message"))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A certificate authority and a certificate for `localhost` it signed, written into `dir` by
/// `openssl`: (the authority's certificate, the server's certificate, the server's key).
pub fn certificate(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let path = |name: &str| dir.join(name);
    let run = |args: &[&str]| {
        let status = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl");
        assert!(status.success(), "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=Concord test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(
        path("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .expect("extensions");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
    (path("ca.pem"), path("server.pem"), path("server.key"))
}
