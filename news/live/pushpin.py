"""Running Pushpin in front of the app: for `make serve`, the real-server tests and the bench.

Renders deploy/pushpin/pushpin.conf.template and a routes file sending every
request to the app server into a run directory of its own (so several
instances never share sockets), then runs `pushpin`. From the command line
(`python -m news.live.pushpin --port 8000 --app 127.0.0.1:8001`) it replaces
itself with Pushpin; `Pushpin(...).start()` runs it as a child process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "pushpin" / "pushpin.conf.template"
READY_TIMEOUT = 20.0


def binary() -> str | None:
    return shutil.which("pushpin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Pushpin:
    rundir: Path
    app: str  # host:port of the app server
    http_port: int = field(default_factory=free_port)
    publish_port: int = field(default_factory=free_port)
    push_in_port: int = field(default_factory=free_port)
    push_in_sub_port: int = field(default_factory=free_port)
    command_port: int = field(default_factory=free_port)
    sig_key: str = "changeme"
    process: subprocess.Popen | None = None

    @property
    def publish_url(self) -> str:
        return f"http://127.0.0.1:{self.publish_port}/publish/"

    def render(self) -> Path:
        self.rundir.mkdir(parents=True, exist_ok=True)
        values = {
            "RUNDIR": str(self.rundir),
            "IPC_PREFIX": f"pushpin-{self.http_port}-",
            "HTTP_PORT": self.http_port,
            "SIG_KEY": self.sig_key,
            "PUSH_IN_PORT": self.push_in_port,
            "PUSH_IN_SUB_PORT": self.push_in_sub_port,
            "PUBLISH_PORT": self.publish_port,
            "COMMAND_PORT": self.command_port,
        }
        text = TEMPLATE.read_text()
        for name, value in values.items():
            text = text.replace("{{" + name + "}}", str(value))
        config = self.rundir / "pushpin.conf"
        config.write_text(text)
        # Everything goes to the app; the stream view decides what is held.
        (self.rundir / "routes").write_text(f"* {self.app}\n")
        return config

    def command(self) -> list[str]:
        return [binary() or "pushpin", f"--config={self.render()}"]

    def start(self) -> Pushpin:
        command = self.command()
        log = (self.rundir / "pushpin.out").open("ab")
        # Our own fixed command line; its own process group, so stop() ends its children too.
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=self.rundir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while not (_listening(self.http_port) and _listening(self.publish_port)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Pushpin did not start; see {self.rundir}/pushpin.out")
            time.sleep(0.1)
        # Listening is not yet routing: for a moment after a start Pushpin answers
        # 502 while its parts connect to each other (bench-live saw readers refused
        # then). Wait until a request reaches the app through it.
        while not _routes_to_app(self.http_port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Pushpin does not reach the app; see {self.rundir}/pushpin.out")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        # Free the ports for a restart on the same ones.
        deadline = time.monotonic() + 10
        while _listening(self.http_port) and time.monotonic() < deadline:
            time.sleep(0.1)


def _routes_to_app(port: int) -> bool:
    """Whether the app's liveness probe answers through Pushpin (not Pushpin's own 502)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description="Run Pushpin in front of the app server.")
    parser.add_argument("--port", type=int, required=True, help="where readers connect")
    parser.add_argument("--app", required=True, help="host:port of the app server")
    parser.add_argument("--publish-port", type=int, default=5561)
    parser.add_argument("--rundir", default="var/pushpin")
    args = parser.parse_args()
    pushpin = Pushpin(
        rundir=Path(args.rundir).resolve(),
        app=args.app,
        http_port=args.port,
        publish_port=args.publish_port,
        push_in_port=args.publish_port - 1,
        push_in_sub_port=args.publish_port + 1,
        command_port=args.publish_port + 2,
        sig_key=os.environ.get("PUSHPIN_SIG_KEY", "changeme"),
    )
    command = pushpin.command()
    os.chdir(pushpin.rundir)
    os.execv(command[0], command)  # noqa: S606 - our own fixed command line


if __name__ == "__main__":
    main()
