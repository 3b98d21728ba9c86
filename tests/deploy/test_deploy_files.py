"""The shipped deployment files say what the README promises, and replicas share sign-ins.

The files are checked by the programs that read them (HAProxy's own check, systemd's own
verify); the whole deployment runs in ui-tests/test_replicas_in_browser.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from metsedu.names import READY
from metsedu.server.facilitator_access import (
    KEY_ENV,
    SignIns,
    cookie_secret,
    facilitator_key,
    token_digest,
)
from metsedu.sessions import SessionStore
from tests.deploy.hospital import (
    HAPROXY_CFG,
    INSTALLED,
    REPLICA_COOKIE,
    UNIT,
    haproxy_binary,
    unit_command,
)
from tests.postgres import throwaway_postgres


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with throwaway_postgres() as url:
        yield url


def test_a_sign_in_on_one_replica_holds_on_another_and_a_sign_out_ends_it_on_all(postgres):
    """Two servers' sign-ins on one database: each its own store, as each replica has."""
    first = SignIns(hours=12, store=SessionStore(postgres))
    second = SignIns(hours=12, store=SessionStore(postgres))
    token = first.start()
    other = second.start()
    assert second.valid(token) and first.valid(other)
    assert not second.valid(token[:-1] + "x") and not second.valid(None)
    second.end(token)
    assert not first.valid(token) and not second.valid(token) and first.valid(other)
    # The database holds digests, never a token a cookie could carry.
    with SessionStore(postgres)._connection() as db:
        kept = {row[0] for row in db.execute("SELECT digest FROM sign_ins").fetchall()}
    assert token_digest(other) in kept and other not in kept


def test_a_sign_in_ends_on_time_for_every_replica(postgres):
    now = [1_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    first = SignIns(hours=1, clock=clock, store=SessionStore(postgres))
    second = SignIns(hours=1, clock=clock, store=SessionStore(postgres))
    token = first.start()
    now[0] += 3599
    assert second.valid(token)
    now[0] += 1
    assert not second.valid(token) and not first.valid(token)


def test_replicas_starting_at_once_make_the_tables_once(postgres):
    """Each replica makes the tables it needs at start; two at once must not collide."""
    from concurrent.futures import ThreadPoolExecutor

    with throwaway_postgres() as fresh, ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: SessionStore(fresh), range(4)))
        assert stores[0].open_session(["bones"])


def test_the_key_comes_from_the_option_a_file_or_the_environment(tmp_path: Path):
    key_file = tmp_path / "key"
    key_file.write_text("from-the-file\n")
    environ = {KEY_ENV: "from-the-environment"}
    assert facilitator_key("typed", str(key_file), environ) == ("typed", "")
    assert facilitator_key("", str(key_file), environ) == ("from-the-file", str(key_file))
    assert facilitator_key("", "", environ) == ("from-the-environment", KEY_ENV)
    assert facilitator_key("", "", {}) == ("", "")
    key_file.write_text("\n")
    with pytest.raises(ValueError, match="the file is empty"):
        facilitator_key("", str(key_file), environ)
    with pytest.raises(ValueError, match="cannot be read"):
        facilitator_key("", str(tmp_path / "missing"), environ)


def test_a_cookie_secret_file_must_hold_enough_random_bytes(tmp_path: Path):
    secret = tmp_path / "secret"
    secret.write_text("short\n")
    with pytest.raises(ValueError, match="openssl rand -hex 32"):
        cookie_secret(str(secret))
    secret.write_text("ab" * 32 + "\n")
    assert cookie_secret(str(secret)) == b"ab" * 32


def haproxy_check(replicas: int) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "METSEDU_LISTEN": "127.0.0.1:8080",
        **{f"METSEDU_REPLICA_{n}": f"127.0.0.1:{8870 + n}" for n in range(1, replicas + 1)},
    }
    return subprocess.run(
        [haproxy_binary(), "-c", "-f", str(HAPROXY_CFG)], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("replicas", [1, 2, 4])
def test_haproxy_accepts_the_shipped_config_for_one_to_four_replicas(replicas: int):
    checked = haproxy_check(replicas)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[WARNING]" not in checked.stdout + checked.stderr


def directives() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in HAPROXY_CFG.read_text().splitlines())
    return [line for line in lines if line]


def test_the_balancer_sticks_by_its_cookie_checks_ready_and_fails_over():
    found = directives()
    # Sticky by a cookie naming only the replica, never by the client's address.
    assert any(
        line.startswith(f"cookie {REPLICA_COOKIE} insert indirect nocache httponly")
        for line in found
    )
    assert not any(re.match(r"balance\s+source", line) for line in found)
    assert all(re.search(r"cookie r\d$", line) for line in found if line.startswith("server "))
    # Health checks on the ready route, failover, and the address set by the balancer.
    assert f"option httpchk GET /{READY}" in found
    assert "option redispatch" in found
    assert "http-request set-header X-Real-IP %[src]" in found
    # A quiet websocket survives 30 minutes of reading.
    [tunnel] = [line for line in found if line.startswith("timeout tunnel")]
    value = tunnel.split()[-1]
    seconds = int(value[:-1]) * {"s": 1, "m": 60, "h": 3600}[value[-1]]
    assert seconds >= 30 * 60


def test_the_unit_keeps_secrets_off_the_command_line_and_passes_what_replicas_need():
    command = unit_command(8871, {})
    assert command[:2] == [str(Path(sys.executable).parent / "metsedu"), "serve"]
    joined = " ".join(command)
    assert "--facilitator-key " not in joined + " " and "--facilitator-key-file" in joined
    for option in ("--cookie-secret-file", "--trust-proxy-headers", "--public-url", "--port 8871"):
        assert option in joined
    # The database password, if any, is in ~/.pgpass, never on the command line.
    database = command[command.index("--database-url") + 1]
    assert urllib.parse.urlparse(database).password is None
    # Every option the unit passes is one metsedu serve knows.
    metsedu = command[0]
    known = subprocess.run([metsedu, "serve", "--help"], capture_output=True, text=True).stdout
    for option in (word for word in command if word.startswith("--")):
        assert option in known, option


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd on this machine")
def test_systemd_accepts_the_unit(tmp_path: Path):
    """systemd's own check of the unit, as an instance; only the install folder, which
    this machine does not have, may be missing."""
    instance = tmp_path / "metsedu@8871.service"
    shutil.copyfile(UNIT, instance)
    checked = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(instance)],
        capture_output=True,
        text=True,
    )
    complaints = [
        line
        for line in (checked.stdout + checked.stderr).splitlines()
        if line.strip() and f"{INSTALLED}/.venv/bin/metsedu is not executable" not in line
    ]
    assert complaints == []
