"""A hospital's deployment on this machine: replicas started from the shipped systemd unit,
HAProxy started with the shipped config, one PostgreSQL. For the tests and the benchmark.

Why from the shipped files and not from copies: what is tested is then what a hospital
installs. The unit's ``ExecStart`` is run as systemd would run it: its ``Environment=``
defaults, overridden by this machine's values (as ``/etc/metsedu/metsedu.env`` would), ``%i``
the port, ``${VAR}`` one word and ``$VAR`` split on spaces; only the install folder
(``/opt/metsedu``) becomes this checkout. HAProxy reads ``deploy/haproxy.cfg`` itself, with
the ``METSEDU_*`` variables in its environment.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO
from tests.processes import free_port, kernels_of

DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "metsedu@.service"
HAPROXY_CFG = DEPLOY / "haproxy.cfg"
#: Where the unit expects metsedu installed (a checkout with ``make setup`` done).
INSTALLED = "/opt/metsedu"
#: HAProxy's cookie that names the replica a browser sticks to.
REPLICA_COOKIE = "METSEDU_REPLICA"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if not found:
        import pytest

        pytest.fail(
            "HAProxy was not found: install the system package 'haproxy' "
            "(make test does so when run as root on Debian).",
            pytrace=False,
        )
    return found


def unit_lines(name: str) -> list[str]:
    """Every value of ``name=`` in the unit's [Service] section, in order."""
    return [
        line.split("=", 1)[1].strip()
        for line in UNIT.read_text().splitlines()
        if line.startswith(name + "=")
    ]


def unit_defaults() -> dict[str, str]:
    """The unit's ``Environment=NAME=value`` defaults."""
    found = {}
    for value in unit_lines("Environment"):
        name, _, setting = value.partition("=")
        found[name] = setting
    return found


def unit_command(port: int, environment: dict[str, str]) -> list[str]:
    """The unit's ExecStart for instance ``port``, expanded as systemd expands it."""
    [line] = unit_lines("ExecStart")
    defaults = {k: v.replace("%i", str(port)) for k, v in unit_defaults().items()}
    values = {**defaults, **environment}
    words: list[str] = []
    for word in shlex.split(line.replace("%i", str(port))):
        whole = re.fullmatch(r"\$([A-Z_][A-Z0-9_]*)", word)
        if whole:  # $VAR: split on spaces, nothing when unset
            words += values.get(whole[1], "").split()
            continue
        word = re.sub(r"\$\{([A-Z_][A-Z0-9_]*)\}", lambda m: values.get(m[1], ""), word)
        words.append(word)
    metsedu = str(Path(sys.executable).parent / "metsedu")
    words[0] = words[0].replace(f"{INSTALLED}/.venv/bin/metsedu", metsedu)
    return words


def get(url: str, timeout: float = 10) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, dict(reply.headers), reply.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@dataclass
class Replica:
    name: str  # as HAProxy's config names it: r1, r2...
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kernels(self) -> int:
        return len(kernels_of(self.process.pid)) if self.process.poll() is None else 0

    def kill(self) -> None:
        """As a crashed machine: the server and its kernels at once, no goodbye."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGINT)  # KillSignal= in the unit
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)


@dataclass
class Hospital:
    url: str  # the balancer: what learners and nurses open
    stats: str  # HAProxy's status page
    database_url: str
    key: str
    replicas: list[Replica]
    balancer: subprocess.Popen
    folder: Path
    notes: list[str] = field(default_factory=list)

    def states(self) -> dict[str, str]:
        """Each replica's state as HAProxy's health checks see it: UP, DOWN..."""
        try:
            _, _, body = get(self.stats + "/;csv")
        except OSError:  # HAProxy is starting
            return {}
        found = {}
        for row in body.splitlines():
            cells = row.split(",")
            if len(cells) > 17 and cells[0] == "replicas" and cells[1].startswith("r"):
                found[cells[1]] = cells[17].split(" ")[0]
        return found

    def wait_for_states(self, wanted: dict[str, str], timeout: float = 30) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = self.states()
            if all(now.get(k) == v for k, v in wanted.items()):
                return now
            time.sleep(0.25)
        return self.states()

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)


def start_replica(name: str, port: int, folder: Path, environment: dict[str, str]) -> Replica:
    log = folder / f"replica-{port}.log"
    command = unit_command(port, environment)
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **environment},
            start_new_session=True,
            cwd=REPO,  # WorkingDirectory=/opt/metsedu: the checkout
        )
    return Replica(name, port, process, log)


def wait_until_ready(replica: Replica, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert replica.process.poll() is None, replica.log.read_text()
        try:
            status, _, body = get(replica.url + "/metsedu/ready.json")
            if status == 200 and json.loads(body)["ready"]:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"replica {replica.name} not ready:\n{replica.log.read_text()}")


@contextmanager
def hospital(
    folder: Path,
    database_url: str,
    replicas: int = 2,
    options: str = "",
    notebooks: Path | None = None,
) -> Iterator[Hospital]:
    """``replicas`` replicas from the shipped unit on free ports behind HAProxy with the
    shipped config, sharing ``database_url``, a key file and a cookie secret file.

    ``options`` is ``METSEDU_OPTIONS`` (the unit passes it on, split on spaces).
    """
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(9)
    key_file = folder / "facilitator-key"
    key_file.write_text(key + "\n")
    secret_file = folder / "cookie-secret"
    secret_file.write_text(secrets.token_hex(32) + "\n")
    for path in (key_file, secret_file):
        path.chmod(0o600)
    listen, stats = free_port(), free_port()
    url = f"http://127.0.0.1:{listen}"
    if notebooks is not None:
        options = f"--notebooks {notebooks} {options}"
    environment = {
        "METSEDU_HOST": "127.0.0.1",
        "METSEDU_PUBLIC_URL": url + "/",
        "METSEDU_DATABASE_URL": database_url,
        "METSEDU_KEY_FILE": str(key_file),
        "METSEDU_COOKIE_SECRET_FILE": str(secret_file),
        "METSEDU_DATA_DIR": str(folder / "data-%i"),
        "METSEDU_OPTIONS": options,
    }
    with ExitStack() as stack:
        started = []
        for number in range(1, replicas + 1):
            port = free_port()
            env = {**environment, "METSEDU_DATA_DIR": str(folder / f"data-{port}")}
            replica = start_replica(f"r{number}", port, folder, env)
            stack.callback(replica.stop)
            started.append(replica)
        for replica in started:
            wait_until_ready(replica)
        balancer_env = {
            **os.environ,
            "METSEDU_LISTEN": f"127.0.0.1:{listen}",
            "METSEDU_STATS": f"127.0.0.1:{stats}",
            **{f"METSEDU_REPLICA_{n}": f"127.0.0.1:{r.port}" for n, r in enumerate(started, 1)},
        }
        haproxy = haproxy_binary()
        command = [haproxy, "-c", "-f", str(HAPROXY_CFG)]
        check = subprocess.run(command, env=balancer_env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        log = folder / "haproxy.log"
        with log.open("w") as out:
            balancer = subprocess.Popen(
                [haproxy, "-db", "-f", str(HAPROXY_CFG)],
                env=balancer_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def stop_balancer() -> None:
            if balancer.poll() is None:
                balancer.terminate()
                try:
                    balancer.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    balancer.kill()
                    balancer.wait()

        stack.callback(stop_balancer)
        place = Hospital(
            url, f"http://127.0.0.1:{stats}", database_url, key, started, balancer, folder
        )
        states = place.wait_for_states({r.name: "UP" for r in started})
        assert all(v == "UP" for v in states.values()) and len(states) == replicas, (
            states,
            log.read_text(),
        )
        yield place
