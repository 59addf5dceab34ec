"""End-to-end over real SSH: Debian's OpenSSH server on loopback with its own host key and an
authorized key; the app runs in the remote terminal; the connection drops mid-form; after
reconnecting nothing saved is lost and `verify` holds."""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench._pty import stored_forms, typed_form
from tests.e2e.conftest import ROOT, Tmux, needs_tmux, open_entry_screen

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
needs_ssh = pytest.mark.skipif(
    not (Path(SSHD).exists() and shutil.which("ssh") and shutil.which("ssh-keygen"))
    and not os.environ.get("CI"),
    reason="openssh-server/openssh-client tidak terpasang",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SshServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.client_key = folder / "client_key"
        self.known_hosts = folder / "known_hosts"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        host_key = self.folder / "host_key"
        for key in (host_key, self.client_key):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True
            )
        authorized = self.folder / "authorized_keys"
        authorized.write_text(self.client_key.with_suffix(".pub").read_text())
        authorized.chmod(0o600)
        pub = host_key.with_suffix(".pub").read_text().split()
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {pub[0]} {pub[1]}\n")
        config = self.folder / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {host_key}",
                    f"AuthorizedKeysFile {authorized}",
                    f"PidFile {self.folder / 'sshd.pid'}",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no",
                    "UsePAM no",
                    "PermitUserEnvironment no",
                    "ClientAliveInterval 2",
                    "ClientAliveCountMax 2",
                    "",
                ]
            )
        )
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.process.poll() is not None:
                raise AssertionError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            time.sleep(0.05)
        raise AssertionError("sshd did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def ssh_command(self, remote: str) -> str:
        options = [
            "ssh",
            "-tt",
            "-i",
            str(self.client_key),
            "-p",
            str(self.port),
            "-o",
            f"UserKnownHostsFile={self.known_hosts}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "127.0.0.1",
            remote,
        ]
        return shlex.join(options)


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SshServer]:
    server = SshServer(tmp_path)
    server.start()
    yield server
    server.stop()


def remote_app(db_path: Path) -> str:
    """What the remote shell runs: the app from this checkout on the office database."""
    environment = f"PYTHONPATH={shlex.quote(str(ROOT))} TERM=xterm-256color"
    return (
        f"cd {shlex.quote(str(ROOT))} && {environment} exec {shlex.quote(sys.executable)} "
        f"-m ikm_tui --db {shlex.quote(str(db_path))}"
    )


def app_processes(db_path: Path) -> list[int]:
    result = subprocess.run(
        ["pgrep", "-f", f"ikm_tui --db {db_path}"], capture_output=True, text=True
    )
    return [int(pid) for pid in result.stdout.split()]


@pytest.mark.slow
@needs_tmux
@needs_ssh
def test_forms_survive_a_dropped_ssh_connection(sshd: SshServer, demo_db: Path) -> None:
    rng = random.Random(22)
    forms = [typed_form(rng) for _ in range(6)]
    first_session = Tmux(f"ikm-ssh-{os.getpid()}-{time.monotonic_ns()}")
    try:
        screen = open_entry_screen(first_session, demo_db, sshd.ssh_command(remote_app(demo_db)))
        first = int(screen.split("Formulir no. ", 1)[1].split()[0])
        first_session.send("".join(keys for keys, _ in forms[:5]), literal=True)
        first_session.wait_for(f"Tersimpan: formulir no. {first + 4} ")
        first_session.send(forms[5][0][:9], literal=True)  # half of the sixth form
        time.sleep(0.5)
        # the line drops: the ssh client dies without a goodbye, as when Wi-Fi goes
        client = subprocess.run(
            ["pgrep", "-f", f"ssh -tt -i {sshd.client_key}"], capture_output=True, text=True
        ).stdout.split()
        assert client, "ssh client not found"
        for pid in client:
            os.kill(int(pid), signal.SIGKILL)
    finally:
        first_session.kill()
    deadline = time.monotonic() + 20  # the server side notices and the app ends with it
    while app_processes(demo_db) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert app_processes(demo_db) == [], "the remote app outlived its connection"

    second_session = Tmux(f"ikm-ssh2-{os.getpid()}-{time.monotonic_ns()}")
    try:
        screen = open_entry_screen(second_session, demo_db, sshd.ssh_command(remote_app(demo_db)))
        assert f"Formulir no. {first + 5} " in screen  # five saved, the half form not
        second_session.send(forms[5][0], literal=True)
        second_session.wait_for(f"Tersimpan: formulir no. {first + 5} ")
        second_session.send("Escape")
        second_session.wait_for("Menyusun konsep")
        second_session.send("C-q")
        second_session.wait_closed()
    finally:
        second_session.kill()
    stored = stored_forms(demo_db, first)
    assert all(row.pop("by") == "agus" for row in stored)
    assert stored == [expected for _, expected in forms]
    verify = subprocess.run(
        [sys.executable, "-m", "ikm_tui", "--db", str(demo_db), "verify"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert verify.returncode == 0, verify.stderr
