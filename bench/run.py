"""Benchmark the lesson server as learners meet it; prints a table and writes JSON.

    .venv/bin/python bench/run.py [--runs 5] [--learners 30 100] [--lesson bones]

Figures (medians unless stated):
- ``import metsedu`` time, and the time to run each lesson notebook headless (nbclient);
- time to interactive in headless Chromium, from navigation to the first quiz control
  being usable, for ``metsedu serve`` and for plain Voilà with default settings serving
  the same notebooks, in the same run, and the ratio of the two;
- a class of N learners opening one lesson at once and answering its first question,
  driven at the protocol level (page fetch, kernel websocket, widget comm messages, as
  the browser does) so the client does not eat the server's two cores: time until each
  learner's widgets are live and until the answer's feedback arrives, and errors;
- memory: server and kernel RSS and unique memory (USS), idle, with N learners, and
  after they leave.
- a phone over clinic Wi-Fi (390x844 touch, CPU 4x slower, 1.6 Mbit/s down, 150 ms round
  trips, through Chromium's DevTools protocol): time until the quiz is usable, bytes and
  requests over the network, first visit (cold cache) and second (warm), ours and plain
  Voilà in the same run (``--phone-runs``, ``--phone-lessons``; ``--phone-only`` for just this).
- replicas (``--replicas``; ``--replicas-only`` for just this): the same classes through HAProxy
  with 1 and then 2 replicas sharing one PostgreSQL, started from the shipped deploy/ files
  (tests/deploy/hospital.py), each class both walking in and in class mode (each replica keeps
  a kernel ready for its share of the class): widgets live p50/p95, errors, the speed-up, and
  memory per learner across all replicas.

Nothing here is a pass/fail test: targets are compared in the printed table only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the tests' process helpers, and metsedu from the checkout

from tests.kernel_socket import WS_PROTOCOL, page_config  # noqa: E402
from tests.kernel_socket import frame as _message  # noqa: E402
from tests.kernel_socket import read as _read  # noqa: E402
from tests.processes import children, comm, descendants, free_port, is_kernel  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results"
MIB = 1024 * 1024


# --- servers ---------------------------------------------------------------------------------


class Server:
    """A lesson server process (ours or plain Voilà) on a free loopback port."""

    def __init__(self, kind: str, folder: Path, *options: str) -> None:
        self.kind = kind
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if kind == "metsedu":
            command = [str(BIN / "metsedu"), "serve", "--port", str(self.port)]
            command += ["--notebooks", str(folder), *options]
        else:  # plain Voilà, default settings
            command = [str(BIN / "voila"), str(folder), "--no-browser", f"--port={self.port}"]
        self.log = (folder.parent / f"{kind}.log").open("w")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{kind} server did not start; see {self.log.name}")

    def kernels(self) -> list[int]:
        return [pid for pid in descendants(self.process.pid) if is_kernel(pid)]

    def fork_server(self) -> int | None:
        """Ours: the warm process lesson kernels are forked from (None when forks are off)."""
        found = [p for p in children(self.process.pid) if comm(p) == b"metsedu-forks"]
        return found[0] if found else None

    def settle(self, count: int | None = None, timeout: float = 120) -> bool:
        """Wait until the kernel count is ``count`` (or steady), every waiting kernel has run
        its lesson (ours says so in ready.json), and the CPUs have been quiet for 2 s.

        Why all three: kernels exist seconds before their lesson has run, and a single
        quiet quarter second can fall between two phases of starting them.
        """
        deadline = time.monotonic() + timeout
        last, steady, quiet = -1, 0, 0
        while time.monotonic() < deadline:
            now = len(self.kernels())
            steady = steady + 1 if now == last else 0
            quiet = quiet + 1 if _cpu_quiet() else 0
            last = now
            if (count is None or now == count) and steady >= 6 and quiet >= 8 and self.ready():
                return True
            time.sleep(0.25)
        return False

    def ready(self) -> bool:
        """Ours: every waiting kernel has run its lesson. Plain Voilà cannot say."""
        if self.kind != "metsedu":
            return True
        try:
            with urllib.request.urlopen(self.url + "/metsedu/ready.json", timeout=5) as reply:
                return json.load(reply)["ready"]
        except OSError:
            return False

    def memory(self) -> dict:
        server = _mem(self.process.pid)
        kernels = [_mem(pid) for pid in self.kernels()]
        forks = self.fork_server() if self.kind == "metsedu" else None
        warm = _mem(forks) if forks else {"rss": 0.0, "uss": 0.0}
        return {
            "server_rss_mib": server["rss"],
            "server_uss_mib": server["uss"],
            "fork_server_uss_mib": warm["uss"],
            "kernels": len(kernels),
            "kernel_rss_mib_median": _median([k["rss"] for k in kernels]),
            "kernel_uss_mib_median": _median([k["uss"] for k in kernels]),
            "total_rss_mib": round(server["rss"] + sum(k["rss"] for k in kernels), 1),
            "total_uss_mib": round(server["uss"] + warm["uss"] + sum(k["uss"] for k in kernels), 1),
        }

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@contextmanager
def serving(kind: str, folder: Path, *options: str):
    server = Server(kind, folder, *options)
    try:
        yield server
    finally:
        server.stop()


def _mem(pid: int) -> dict:
    """RSS and USS (private pages: what the process would give back) in MiB."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) * 1024
    except OSError:
        return {"rss": 0.0, "uss": 0.0}
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"rss": round(fields.get("Rss", 0) / MIB, 1), "uss": round(uss / MIB, 1)}


_last_cpu: list[tuple[float, float]] = []


def _cpu_quiet(threshold: float = 0.25) -> bool:
    """True when the machine's CPUs were mostly idle since the last call."""
    values = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, total = values[3] + values[4], sum(values)
    previous = _last_cpu[-1] if _last_cpu else (idle, total)
    _last_cpu.append((idle, total))
    busy = 1 - (idle - previous[0]) / max(total - previous[1], 1)
    return busy < threshold


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _spread(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 3),
        "min": round(ordered[0], 3),
        "max": round(ordered[-1], 3),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "n": len(ordered),
    }


# --- import and notebook execution ------------------------------------------------------------


def import_time(runs: int) -> dict:
    """``import metsedu`` three ways, each in a fresh interpreter.

    ``import metsedu`` alone loads names on first use, so it is also timed with what a
    lesson notebook really imports (the lesson API behind ``metsedu.page``): once from a
    bare interpreter, and once where ipykernel, ipywidgets and anywidget are already
    imported, as they are in every lesson kernel before the first cell runs.
    """
    bare = "import time; t = time.perf_counter(); import metsedu; print(time.perf_counter() - t)"
    page = (
        "import time; t = time.perf_counter(); import metsedu; metsedu.page; "
        "print(time.perf_counter() - t)"
    )
    in_kernel = "import ipykernel.kernelapp, ipywidgets, anywidget; " + page

    def timed(code: str) -> dict:
        return _spread(
            [
                float(
                    subprocess.run(
                        [sys.executable, "-c", code], capture_output=True, text=True
                    ).stdout
                )
                for _ in range(runs)
            ]
        )

    return {"bare": timed(bare), "page": timed(page), "page_in_kernel": timed(in_kernel)}


def notebook_times(folder: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
        found[path.stem] = round(time.perf_counter() - start, 3)
    return found


# --- time to interactive in Chromium ----------------------------------------------------------

MARK_TTI = """
new MutationObserver((_, observer) => {
  const control = document.querySelector('.metsedu-quiz input:not([disabled])');
  const shown = document.getElementById('rendered_cells');
  if (control && shown && shown.style.display !== 'none') {
    window.__tti = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


#: Playwright polls ``window.__tti`` by evaluating a string in the page, which the lesson
#: page's Content-Security-Policy forbids (no ``unsafe-eval``); the benchmark's tabs bypass
#: the policy, which changes nothing the page loads or runs.
MEASURING = {"bypass_csp": True}


def time_to_interactive(server: Server, notebooks: list[str], runs: int, pool: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, find_chromium

    found: dict[str, list[float]] = {name: [] for name in notebooks}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for _ in range(runs):
            for name in notebooks:
                if server.kind == "metsedu":
                    server.settle(pool, timeout=60)  # the lesson's waiting kernel is ready again
                else:
                    server.settle(timeout=60)
                context = browser.new_context(**MEASURING)
                page = context.new_page()
                page.add_init_script(MARK_TTI)
                page.goto(f"{server.url}/voila/render/{name}", wait_until="commit")
                page.wait_for_function("window.__tti !== undefined", timeout=120_000)
                found[name].append(page.evaluate("window.__tti") / 1000)
                # Leave as a learner closes the tab: the page asks the server to free its kernel.
                page.close(run_before_unload=True)
                page.wait_for_event("close")
                context.close()
        browser.close()
    return {name.removesuffix(".ipynb"): _spread(times) for name, times in found.items()}


# --- a phone over clinic Wi-Fi, in Chromium -----------------------------------------------------


NEVER_MS = 180_000  # a phone page not usable after 3 minutes is counted as never usable
NONE_USABLE = {"median": None, "min": None, "max": None, "p95": None, "n": 0}


def phone_visits(server: Server, notebooks: list[str], runs: int, pool: int) -> dict:
    """Time to interactive, bytes and requests on the phone profile, first and second visit.

    The phone (tests/browser.py): 390x844 touch screen, CPU 4x slower, 1.6 Mbit/s down,
    150 ms round trips. Each run is a fresh phone: the first visit has an empty cache
    ("cold"), a second visit of the same lesson right after it has the cache the first
    left ("warm"). Bytes are as received (compressed), requests those that reached the
    network (not answered from the cache).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, PHONE_CONTEXT, NetworkLog, emulate_phone, find_chromium

    found: dict[str, dict[str, list[dict]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for name in notebooks:
            visits: dict[str, list[dict]] = {"cold": [], "warm": []}
            for _ in range(runs):
                context = browser.new_context(**PHONE_CONTEXT, **MEASURING)
                for visit in ("cold", "warm"):
                    server.settle(pool if server.kind == "metsedu" else None, timeout=60)
                    page = context.new_page()
                    network = NetworkLog(emulate_phone(page))
                    page.add_init_script(MARK_TTI)
                    page.goto(f"{server.url}/voila/render/{name}", wait_until="commit")
                    try:
                        page.wait_for_function("window.__tti !== undefined", timeout=NEVER_MS)
                        seconds = page.evaluate("window.__tti") / 1000
                        page.wait_for_load_state("networkidle", timeout=NEVER_MS)
                    except PlaywrightTimeout:  # a page whose quiz never came: count it
                        seconds = None
                    visits[visit].append(
                        {
                            "s": seconds,
                            "bytes": network.bytes_received(),
                            "requests": len(network.over_the_network()),
                        }
                    )
                    page.close(run_before_unload=True)
                context.close()
            found[name.removesuffix(".ipynb")] = visits
        browser.close()
    return {
        lesson: {
            visit: {
                "s": _spread([r["s"] for r in rows if r["s"] is not None]) or NONE_USABLE,
                "never_usable": sum(r["s"] is None for r in rows),
                "bytes_median": _median([r["bytes"] for r in rows]),
                "requests_median": _median([r["requests"] for r in rows]),
            }
            for visit, rows in visits.items()
        }
        for lesson, visits in found.items()
    }


def _seconds(figures: dict) -> str:
    """A visit's median and spread, or "never" when no visit became usable."""
    if figures["s"]["median"] is None:
        return f"{'never':>9}{'':>15}"
    spread = f"({figures['s']['min']:.1f}-{figures['s']['max']:.1f})"
    return f"{figures['s']['median']:>9.2f}{spread:>15}"


def print_phone_table(report: dict) -> None:
    ours, plain = report["phone_metsedu"], report["phone_plain_voila"]
    print("\nphone (390x844 touch, CPU 4x slower, 1.6 Mbit/s down, 150 ms RTT), until the quiz")
    print("is usable, seconds (median and min-max of usable visits), visits never usable within")
    print(f"{NEVER_MS // 1000} s, and what went over the network (median)")
    print(
        f"{'lesson':<16}{'visit':<6}{'metsedu':>9}{'(min-max)':>15}{'never':>6}"
        f"{'plain':>9}{'(min-max)':>15}{'never':>6}{'ratio':>7}"
        f"{'our bytes':>11}{'reqs':>6}{'plain bytes':>13}{'reqs':>6}"
    )
    ratios: dict[str, list[float]] = {"cold": [], "warm": []}
    medians: dict[str, list[float]] = {"cold": [], "warm": []}
    for lesson, visits in ours.items():
        for visit, mine in visits.items():
            theirs = plain[lesson][visit]
            ratio = "-"
            if mine["s"]["median"] is not None:
                medians[visit].append(mine["s"]["median"])
                if theirs["s"]["median"] is not None:
                    ratios[visit].append(mine["s"]["median"] / theirs["s"]["median"])
                    ratio = f"{ratios[visit][-1]:.2f}"
            print(
                f"{lesson:<16}{visit:<6}{_seconds(mine)}{mine.get('never_usable', 0):>6}"
                f"{_seconds(theirs)}{theirs.get('never_usable', 0):>6}{ratio:>7}"
                f"{mine['bytes_median'] / 1e6:>10.2f}M{mine['requests_median']:>6.0f}"
                f"{theirs['bytes_median'] / 1e6:>12.2f}M{theirs['requests_median']:>6.0f}"
            )
    for visit in ("cold", "warm"):
        ratio = f"{statistics.median(ratios[visit]):.2f}" if ratios[visit] else "-"
        ours_s = f"{statistics.median(medians[visit]):.2f} s" if medians[visit] else "-"
        target = "target ratio <= 0.35" if visit == "cold" else "target: ours <= 4 s"
        print(
            f"phone {visit}: ours median of lesson medians {ours_s}, median ratio ours/plain "
            f"{ratio} ({target})"
        )


# --- a class of learners, at the protocol level ------------------------------------------------


async def _learner(url: str, notebook: str, answer, started: float) -> dict:
    """One learner: open the page, bring the widgets to life, answer question 1, leave."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    result: dict = {"error": None}
    jar = ""
    http = AsyncHTTPClient()
    kernel = None
    token = ""
    try:
        page = await http.fetch(f"{url}/voila/render/{notebook}", request_timeout=600)
        kernel = page_config(page.body.decode())["kernelId"]
        # The page's cookies, sent back as a browser does: its anti-forgery cookie (the tab
        # sends it when it closes) and, behind HAProxy, the one naming the page's replica.
        cookies = dict(
            c.split(";", 1)[0].split("=", 1) for c in page.headers.get_list("Set-Cookie")
        )
        token = cookies.get("_xsrf", "")
        jar = "; ".join(f"{name}={value}" for name, value in cookies.items())
        result["page_s"] = time.perf_counter() - started
        session = uuid.uuid4().hex
        socket_url = (
            f"{url.replace('http', 'ws')}/api/kernels/{kernel}/channels?session_id={session}"
        )
        ws = await websocket_connect(
            HTTPRequest(socket_url, headers={"Cookie": jar}, connect_timeout=600),
            subprotocols=[WS_PROTOCOL],
        )
        control = uuid.uuid4().hex
        await ws.write_message(
            _message(
                "comm_open",
                {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                session,
            ),
            binary=True,
        )
        await ws.write_message(
            _message(
                "comm_msg", {"comm_id": control, "data": {"method": "request_states"}}, session
            ),
            binary=True,
        )
        quiz = None
        while quiz is None:
            msg = _read(await asyncio.wait_for(ws.read_message(), 600))
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                for model_id, model in data["states"].items():
                    if "quiz_id" in model["state"]:
                        quiz = model_id
                result["live_s"] = time.perf_counter() - started
        item, chosen = answer
        await ws.write_message(
            _message(
                "comm_msg",
                {
                    "comm_id": quiz,
                    "data": {
                        "method": "custom",
                        "content": {"action": "check", "item": item, "answer": chosen},
                    },
                },
                session,
            ),
            binary=True,
        )
        while "feedback_s" not in result:
            msg = _read(await asyncio.wait_for(ws.read_message(), 600))
            content = msg.get("content", {})
            state = content.get("data", {}).get("state", {})
            if content.get("comm_id") == quiz and state.get("result"):
                result["feedback_s"] = time.perf_counter() - started
                result["right"] = state["result"].get("status") == "right"
        ws.close()
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
    finally:
        if kernel:  # the tab closes: the page asks the server to free its kernel
            try:
                await http.fetch(
                    f"{url}/voila/api/shutdown/{kernel}",
                    method="POST",
                    headers={"Cookie": jar, "X-XSRFToken": token},
                    body=b"",
                    request_timeout=60,
                )
            except Exception as error:
                result.setdefault("close_error", str(error))
    return result


def a_class(server: Server, notebook: str, learners: int, answer) -> dict:
    """N learners at once; memory is read while they are all on the page."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=learners + 10)
    peak: dict = {}

    async def run() -> list[dict]:
        started = time.perf_counter()
        tasks = [
            asyncio.create_task(_learner(server.url, notebook, answer, started))
            for _ in range(learners)
        ]
        while not all(t.done() for t in tasks):
            await asyncio.sleep(0.5)
            if len(server.kernels()) >= learners:
                peak.update(server.memory())
        return [t.result() for t in tasks]

    results = asyncio.run(run())
    errors = [r["error"] for r in results if r["error"]]
    return {
        "learners": learners,
        "errors": len(errors),
        "first_errors": errors[:3],
        "page_s": _spread([r["page_s"] for r in results if "page_s" in r]),
        "widgets_live_s": _spread([r["live_s"] for r in results if "live_s" in r]),
        "feedback_s": _spread([r["feedback_s"] for r in results if "feedback_s" in r]),
        "right": sum(1 for r in results if r.get("right")),
        "memory_with_all": peak,
    }


# --- replicas behind the load balancer -----------------------------------------------------------


class Replica(Server):
    """One replica the deployment started (tests/deploy/hospital.py), seen as a Server."""

    def __init__(self, replica) -> None:
        self.kind = "metsedu"
        self.process = replica.process
        self.url = replica.url


class Balanced:
    """The replicas behind HAProxy, as :func:`a_class` sees a server: the balancer's address,
    every replica's kernels, and memory summed over them."""

    def __init__(self, place) -> None:
        self.place = place
        self.url = place.url
        self.replicas = [Replica(r) for r in place.replicas]

    def kernels(self) -> list[int]:
        return [pid for r in self.replicas for pid in r.kernels()]

    def memory(self) -> dict:
        parts = [r.memory() for r in self.replicas]
        return {
            "replicas": len(parts),
            "kernels": sum(m["kernels"] for m in parts),
            "servers_rss_mib": round(sum(m["server_rss_mib"] for m in parts), 1),
            "total_rss_mib": round(sum(m["total_rss_mib"] for m in parts), 1),
            "total_uss_mib": round(sum(m["total_uss_mib"] for m in parts), 1),
        }

    def settle(self, timeout: float = 600) -> bool:
        """Every replica's waiting kernels have run their lesson, and the CPUs are quiet."""
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            quiet = quiet + 1 if _cpu_quiet() else 0
            if quiet >= 8 and all(r.ready() for r in self.replicas):
                return True
            time.sleep(0.25)
        return False


def replicas_run(
    folder: Path,
    lesson,
    answer,
    counts: list[int],
    classes: list[int],
    modes: tuple[str, ...] = ("walk-in", "class"),
    runs: int = 1,
) -> list:
    """Each class, walking in and in class mode, through HAProxy with each number of replicas.

    Every learner comes from this machine's one address, as a clinic's NAT would show them,
    so the per-address cap is raised (the shipped unit's METSEDU_OPTIONS is where a hospital
    would too, if its learners share an address).
    """
    from metsedu.names import notebook_name as notebook_link
    from tests.deploy.hospital import hospital
    from tests.postgres import throwaway_postgres

    found = []
    with throwaway_postgres(max_connections=300) as database:
        for learners in classes:
            for mode in modes:
                for replicas in [n for _ in range(runs) for n in counts]:
                    options = f"--max-kernels-per-address {learners + 50} --cull-idle-seconds 0"
                    if mode == "class":
                        share = -(-learners // replicas)  # each replica's share, rounded up
                        options += f" --class-lesson {lesson.id} --class-size {share}"
                    place_folder = Path(tempfile.mkdtemp(prefix="hospital-", dir=folder.parent))
                    started = time.perf_counter()
                    with hospital(
                        place_folder, database, replicas, options=options, notebooks=folder
                    ) as place:
                        balanced = Balanced(place)
                        settled = balanced.settle()
                        start_s = round(time.perf_counter() - started, 1)
                        idle = balanced.memory()
                        figures = a_class(balanced, notebook_link(lesson), learners, answer)
                        figures.update(
                            replicas=replicas,
                            mode=mode,
                            start_s=start_s,
                            ready_before_class=settled,
                            memory_idle=idle,
                        )
                        found.append(figures)
                        print(_replica_line(figures), flush=True)
    return found


def _replica_line(c: dict) -> str:
    live = c["widgets_live_s"]
    return (
        f"{c['learners']:>4} {c['mode']:<8}{c['replicas']:>3} replica(s): errors {c['errors']}, "
        f"widgets live p50 {live.get('median')} s, p95 {live.get('p95')} s"
    )


def print_replicas_table(rows: list[dict]) -> None:
    print("\nthrough HAProxy (deploy/haproxy.cfg), replicas from deploy/metsedu@.service, one")
    print("PostgreSQL; widgets live = page fetched, websocket open, quiz widget state received")
    print(
        f"{'class':>5} {'mode':<8}{'replicas':>9}{'errors':>8}{'p50 s':>8}{'p95 s':>8}"
        f"{'speed-up p95':>14}{'USS MiB/learner':>17}"
    )
    for row in rows:
        earlier = rows[: rows.index(row)]  # the 1-replica figure taken just before this one
        base = next(
            (
                r
                for r in reversed(earlier)
                if r["replicas"] == 1
                and (r["learners"], r["mode"]) == (row["learners"], row["mode"])
            ),
            None,
        )
        live = row["widgets_live_s"]
        speed = "-"
        if row["replicas"] > 1 and base and live.get("p95") and base["widgets_live_s"].get("p95"):
            speed = f"{base['widgets_live_s']['p95'] / live['p95']:.2f}x"
        peak = row["memory_with_all"]
        # Everything with the class on the pages (servers, warm processes, kernels), shared.
        per = f"{peak['total_uss_mib'] / row['learners']:.1f}" if peak.get("total_uss_mib") else "-"
        print(
            f"{row['learners']:>5} {row['mode']:<8}{row['replicas']:>9}{row['errors']:>8}"
            f"{live.get('median') or 0:>8.2f}{live.get('p95') or 0:>8.2f}{speed:>14}{per:>17}"
        )


# --- the run ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per lesson for TTI (>= 5)")
    parser.add_argument("--learners", type=int, nargs="*", default=[1, 30, 100])
    parser.add_argument("--lesson", default="bones", help="lesson the class opens")
    parser.add_argument(
        "--languages",
        nargs="*",
        default=["en"],
        help="languages whose lesson pages the TTI and phone runs open (the server serves all)",
    )
    parser.add_argument("--pool-size", type=int, default=1, help="our waiting kernels per lesson")
    parser.add_argument("--skip-tti", action="store_true")
    parser.add_argument(
        "--phone-runs", type=int, default=3, help="fresh phones per lesson (0: none)"
    )
    parser.add_argument(
        "--phone-lessons", nargs="*", help="lesson ids for the phone (default: all)"
    )
    parser.add_argument("--phone-only", action="store_true", help="only the phone figures")
    parser.add_argument(
        "--walk-in-without-forks",
        action="store_true",
        help="also run each walk-in class with --no-fork-kernels, to show what forks buy",
    )
    parser.add_argument(
        "--class-pools",
        action="store_true",
        help="also run each class on a server started for it (--class-lesson, --class-size)",
    )
    parser.add_argument(
        "--replicas",
        type=int,
        nargs="*",
        help="also run the classes through HAProxy with these numbers of replicas (e.g. 1 2)",
    )
    parser.add_argument(
        "--replica-learners",
        type=int,
        nargs="*",
        default=[30, 100],
        help="class sizes for the replicas run",
    )
    parser.add_argument("--replicas-only", action="store_true", help="only the replicas run")
    parser.add_argument(
        "--replica-modes",
        nargs="*",
        default=["walk-in", "class"],
        choices=["walk-in", "class"],
        help="how the replicas run's classes come",
    )
    parser.add_argument(
        "--replica-runs", type=int, default=1, help="times each replicas figure is taken"
    )
    args = parser.parse_args()

    from metsedu.content import load_lesson
    from metsedu.names import notebook_name as notebook_link

    lesson = load_lesson(args.lesson)
    first = lesson.quiz[0]
    answer = (first.id, _right_answer(first))
    work = Path(tempfile.mkdtemp(prefix="metsedu-bench-"))
    folder = work / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    from metsedu.names import notebook_locale

    notebooks = sorted(
        p.name
        for p in folder.glob("[0-9]*.ipynb")
        if not p.name.startswith("00") and notebook_locale(p.name)[1] in args.languages
    )
    pool = args.pool_size * len(list(folder.glob("*.ipynb")))
    report: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
    }
    if args.replicas_only:
        report["replicas"] = replicas_run(
            folder,
            lesson,
            answer,
            args.replicas or [1, 2],
            args.replica_learners,
            tuple(args.replica_modes),
            args.replica_runs,
        )
        return _write(report, work)
    report["import_metsedu_s"] = import_time(max(args.runs, 5))
    report["notebook_run_s"] = notebook_times(folder)
    if args.phone_runs > 0:
        wanted = args.phone_lessons
        phone_books = [n for n in notebooks if not wanted or notebook_locale(n)[0][3:] in wanted]
        with serving("metsedu", folder, "--pool-size", str(args.pool_size)) as ours:
            report["phone_metsedu"] = phone_visits(ours, phone_books, args.phone_runs, pool)
        with serving("voila", folder) as plain:
            report["phone_plain_voila"] = phone_visits(plain, phone_books, args.phone_runs, 0)
            _save(report)
    if args.phone_only:
        return _write(report, work)
    if not args.skip_tti:
        with serving("metsedu", folder, "--pool-size", str(args.pool_size)) as ours:
            report["tti_metsedu_s"] = time_to_interactive(ours, notebooks, args.runs, pool)
        with serving("voila", folder) as plain:
            report["tti_plain_voila_s"] = time_to_interactive(plain, notebooks, args.runs, 0)
            _save(report)
    report["classes"] = []
    with serving("metsedu", folder, "--pool-size", str(args.pool_size)) as ours:
        ours.settle(pool)
        report["memory_idle"] = ours.memory()
        for learners in args.learners:
            ours.settle(pool)
            figures = a_class(ours, notebook_link(lesson), learners, answer)
            figures.update(_after_the_class(ours, pool, timeout=180))
            report["classes"].append(figures)
            _save(report)
    if args.walk_in_without_forks:
        for learners in args.learners:
            options = ["--pool-size", str(args.pool_size), "--no-fork-kernels"]
            with serving("metsedu", folder, *options) as ours:
                ours.settle(pool)
                figures = a_class(ours, notebook_link(lesson), learners, answer)
                figures.update(forks=False)
                report["classes"].append(figures)
                _save(report)
    if args.class_pools:
        for learners in args.learners:
            options = ["--pool-size", str(args.pool_size), "--class-lesson", lesson.id]
            with serving("metsedu", folder, *options, "--class-size", str(learners)) as ours:
                ready = pool - args.pool_size + learners
                started = time.perf_counter()
                settled = ours.settle(ready, timeout=600)
                start_s = round(time.perf_counter() - started, 1)  # answering to all ready
                figures = a_class(ours, notebook_link(lesson), learners, answer)
                figures.update(class_pools=True, start_s=start_s, ready_before_class=settled)
                figures.update(_after_the_class(ours, ready, timeout=600))
                report["classes"].append(figures)
                _save(report)
    if args.replicas:
        report["replicas"] = replicas_run(
            folder,
            lesson,
            answer,
            args.replicas,
            args.replica_learners,
            tuple(args.replica_modes),
            args.replica_runs,
        )
    return _write(report, work)


def _save(report: dict) -> Path:
    """Write the figures so far, so a run that fails late still keeps what it measured.

    Each save also notes the machine's load average: figures taken while something else
    used the cores are not comparable with a quiet run, and the JSON says so.
    """
    report["machine"].setdefault("load_1_5_15", []).append([round(x, 2) for x in os.getloadavg()])
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{report['when'].replace(':', '').replace('-', '')}.json"
    out.write_text(json.dumps(report, indent=2))
    return out


def _write(report: dict, work: Path) -> int:
    shutil.rmtree(work, ignore_errors=True)
    out = _save(report)
    print_table(report)
    loads = report["machine"]["load_1_5_15"]
    print(f"\nload average (1 min) at each stage: {', '.join(str(x[0]) for x in loads)}")
    print(f"figures written to {out.relative_to(REPO)}")
    return 0


def _after_the_class(server: Server, ready: int, timeout: float) -> dict:
    """Just after a class left: how soon the waiting kernels are back, and memory then and a
    minute later (the target: back to the idle figure)."""
    gone = time.perf_counter()
    server.settle(ready, timeout=timeout)
    return {
        "back_to_pool_s": round(time.perf_counter() - gone, 1),
        "memory_after": server.memory(),
        "memory_after_60s": _a_minute_after(server, gone),
    }


def _a_minute_after(server: Server, gone: float) -> dict:
    """Memory one minute after the class left (the target: back to the idle figure)."""
    time.sleep(max(0.0, 60 - (time.perf_counter() - gone)))
    return server.memory()


def _right_answer(item):
    from metsedu.content.quiz_kinds import kind_of

    return kind_of(item).right_answer(item)


def print_table(report: dict) -> None:
    if "replicas" in report:
        print_replicas_table(report["replicas"])
    if "import_metsedu_s" not in report:
        return
    imp = report["import_metsedu_s"]
    print(
        f"import metsedu: median {imp['bare']['median']:.3f} s (target < 0.3 s); "
        f"+ metsedu.page {imp['page']['median']:.3f} s from a bare interpreter, "
        f"{imp['page_in_kernel']['median']:.3f} s where a kernel has ipywidgets loaded"
    )
    print(
        "notebook run (nbclient): "
        + ", ".join(f"{k} {v:.2f} s" for k, v in report["notebook_run_s"].items())
    )
    if "tti_metsedu_s" in report:
        print("\ntime to interactive (first quiz control usable), seconds")
        print(
            f"{'lesson':<16}{'metsedu median':>16}{'(min-max)':>16}{'plain Voila':>14}{'ratio':>8}"
        )
        ratios = []
        for name, ours in report["tti_metsedu_s"].items():
            plain = report["tti_plain_voila_s"][name]
            ratio = ours["median"] / plain["median"]
            ratios.append(ratio)
            spread = f"({ours['min']:.2f}-{ours['max']:.2f})"
            print(
                f"{name:<16}{ours['median']:>16.2f}{spread:>16}{plain['median']:>14.2f}{ratio:>8.2f}"
            )
        print(f"median ratio ours/plain: {statistics.median(ratios):.2f} (target <= 0.45)")
    if "phone_metsedu" in report:
        print_phone_table(report)
    if "memory_idle" not in report:
        return
    idle = report["memory_idle"]
    print(
        f"\nmemory idle: server RSS {idle['server_rss_mib']} MiB "
        f"/ USS {idle['server_uss_mib']} MiB, "
        f"{idle['kernels']} waiting kernels, "
        f"kernel RSS {idle['kernel_rss_mib_median']} MiB / USS {idle['kernel_uss_mib_median']} MiB "
        "(target USS <= 45 MiB)"
    )
    for c in report["classes"]:
        live, fb = c["widgets_live_s"], c["feedback_s"]
        mem, after = c["memory_with_all"], c.get("memory_after")
        if c.get("class_pools"):
            kind = f" (a kernel ready for each; server ready after {c['start_s']} s)"
        elif c.get("forks") is False:
            kind = " walking in, kernels started one by one (--no-fork-kernels)"
        else:
            kind = " walking in (one waiting kernel per lesson; kernels forked warm)"
        target = " (target p95 <= 5 s)" if c["learners"] == 30 and not c.get("class_pools") else ""
        print(
            f"\nclass of {c['learners']}{kind}: errors {c['errors']}, right answers {c['right']}\n"
            f"  widgets live p50 {live.get('median')} s, p95 {live.get('p95')} s{target}\n"
            f"  feedback     p50 {fb.get('median')} s, p95 {fb.get('p95')} s\n"
            f"  memory with all: {mem}\n"
            f"  after they left: {after} (back to the pool in {c.get('back_to_pool_s')} s)\n"
            f"  a minute after: {c.get('memory_after_60s')}"
        )


if __name__ == "__main__":
    sys.exit(main())
