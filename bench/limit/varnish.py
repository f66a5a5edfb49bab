"""varnishd in front of the production form, on a free port, with the project's VCL.

The VCL is BENCH_VARNISH_VCL if set, else deploy/varnish/default.vcl when this
checkout has it, else bench/limit/standin.vcl (Varnish's built-in rules plus
PURGE by URL and by xkey). A copy of it goes into the run's directory with its backend
pointed at the app server; includes still resolve from the original's folder.

The app purges Varnish itself, after each publish commits: the bench only
tells it where Varnish is (`purge_env`), as an operator would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import paths, server
from cms.settings import env

__all__ = ["purge_env", "running", "version", "vcl_file", "with_backend"]

PROJECT_VCL = paths.PROJECT_DIR / "deploy" / "varnish" / "default.vcl"
STANDIN_VCL = paths.BENCH_DIR / "limit" / "standin.vcl"
READY_PATH = "/healthz"
# The setting that tells the app where Varnish is, for its purge by surrogate key
# (docs/operations.md, "Varnish or a CDN in front").
PURGE_SETTING = "FRONTEND_CACHE_VARNISH_URL"
_BACKEND = re.compile(r"\bbackend\s+[\w.-]+\s*\{")


class VclError(ValueError):
    """The VCL has no backend block the bench can point at the app server."""


def vcl_file() -> Path:
    chosen = env.get_str("BENCH_VARNISH_VCL", "")
    if chosen:
        return Path(chosen).resolve()
    return PROJECT_VCL if PROJECT_VCL.exists() else STANDIN_VCL


def _block_end(text: str, opening: int) -> int:
    """Index just past the brace that closes the one at `opening` (probes nest braces)."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    raise VclError("the backend block is not closed")


def with_backend(vcl: str, host: str, port: int) -> str:
    """`vcl` with its first backend's .host and .port set to the app server's."""
    found = _BACKEND.search(vcl)
    if found is None:
        raise VclError("the VCL declares no backend")
    start = found.end() - 1
    end = _block_end(vcl, start)
    block = vcl[start:end]
    for name, value in ((".host", host), (".port", str(port))):
        setting = re.compile(rf"\{name}\s*=\s*\"[^\"]*\"\s*;")
        if setting.search(block):
            block = setting.sub(f'{name} = "{value}";', block, count=1)
        else:
            block = f'{{\n    {name} = "{value}";' + block[1:]
    return vcl[:start] + block + vcl[end:]


def purge_env(port: int) -> dict[str, str]:
    """What docs/operations.md tells an operator to set on the app behind this Varnish.

    Where to purge, and that one proxy sits in front, so the rate limiter counts
    the reader Varnish names in X-Forwarded-For (a direct request has none and
    is counted by its own address).
    """
    return {PURGE_SETTING: f"http://{server.HOST}:{port}", "API_TRUSTED_PROXY_COUNT": "1"}


def version() -> str:
    program = shutil.which("varnishd")
    if program is None:
        return "Varnish (not installed)"
    banner = subprocess.run(  # noqa: S603 - a fixed program and argument
        [program, "-V"], capture_output=True, text=True, check=False
    ).stderr
    found = re.search(r"varnish-(\d+\.\d+\.\d+)", banner)
    return f"Varnish {found[1]}" if found else "Varnish"


@contextmanager
def running(vcl: Path, app_port: int, port: int, workdir: Path) -> Iterator[int]:
    """varnishd on `port` in front of the app on `app_port`; stopped whatever happens."""
    if shutil.which("varnishd") is None:
        raise RuntimeError("varnishd is not installed (Debian: apt-get install varnish)")
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    copy = workdir / "bench.vcl"
    copy.write_text(with_backend(vcl.read_text(), server.HOST, app_port))
    command = [
        "varnishd",
        "-F",  # in the foreground, so that this process owns it and stops it
        "-n",
        str(workdir / "n"),
        "-a",
        f"{server.HOST}:{port}",
        "-f",
        str(copy),
        "-p",
        f"vcl_path={vcl.parent}:/etc/varnish:/usr/share/varnish/vcl",
        "-s",
        "malloc,128m",
        # No management port; no jail (the bench may run as root or not).
        "-T",
        "none",
        "-j",
        "none",
    ]
    log = workdir / "varnishd.log"
    with (
        log.open("w") as output,
        server.serving(
            command,
            name="varnishd",
            port=port,
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
            ready_path=READY_PATH,
            stdout=output,
            stderr=subprocess.STDOUT,
        ),
    ):
        yield port
