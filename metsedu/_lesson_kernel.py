"""The kernel ``metsedu serve`` starts for each lesson page: ipykernel without the debugger.

Why: ipykernel imports debugpy, and with it about 140 modules, whenever debugpy is
installed (JupyterLab brings it). A lesson page never debugs: the server strips the code
and refuses debug requests. Without the debugger each kernel starts sooner and holds about
9 MiB less private memory, which is what lets a nurse's laptop keep a kernel ready for
every learner in a class (see ``bench/run.py``).

Two more savings, for the same reason: a lesson kernel keeps no IPython history (a page
never recalls it, and writing it cost a thread and an SQLite file per kernel), and when it
is shut down it ends at once, skipping IPython's clean-up of a namespace nobody will read.

The server's ``kernels/python3/kernel.json`` (in ``metsedu/server/share``) runs this module,
usually inside a child forked from :mod:`metsedu._kernel_forks`; Jupyter, nbval and the
tests keep the ordinary kernel, debugger included.
"""

import contextlib
import ctypes
import logging
import os
import sys

#: The name a kernel shows in ``ps`` and ``/proc/<pid>/comm``, however it was started.
KERNEL_NAME = b"metsedu-kernel"

#: Settings every lesson kernel runs with, whichever way it was started. The kernel's own
#: file descriptors 1 and 2 stay the server's log instead of becoming output for the page
#: (see :func:`_keep_output_for_the_server`).
KERNEL_SETTINGS = ["--HistoryManager.enabled=False", "--IPKernelApp.capture_fd_output=False"]


def run(argv: list[str]) -> None:
    """Run an IPython kernel with ``argv`` (``-f <connection file>``) until it is shut down."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # `import debugpy` -> ImportError
    # A kernel's stdout carries nothing anyone reads (ipykernel's banner for a terminal; for
    # a forked kernel it is the fork server's answer pipe, which would fill): prints go to
    # the server's log, through sys.stderr (see _keep_output_for_the_server).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    _log_to_the_server()
    from metsedu.content.cache import prime

    prime()  # the content this kernel's server validated once, for every kernel
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize([*KERNEL_SETTINGS, *argv])
    _keep_output_for_the_server(app.shell)
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        # Imported before this kernel existed (in the fork server): ipywidgets registers
        # the comm targets the page's widget manager opens only when imported inside a
        # kernel, so register them now, or the page's widgets never come alive.
        widgets.register_comm_target()
    app.start()
    app.close()  # sends what is queued and closes the sockets in order
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)  # no atexit clean-up: the namespace and history die with the process


def main() -> None:
    """Start a lesson kernel as its own process (when the fork server is not used)."""
    name_process(KERNEL_NAME)
    run(sys.argv[1:])


def name_process(name: bytes) -> None:
    """Set this process's name (``/proc/<pid>/comm``): how ``ps`` and the tests tell them apart."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(name), 0, 0, 0)  # PR_SET_NAME


def _log_to_the_server() -> None:
    """metsedu's messages (a lesson that did not load, refused input) go to the server log.

    The kernel's own stderr is the server's log; ``sys.stderr`` would become the notebook
    output once the kernel runs, which a learner sees.
    """
    log = logging.getLogger("metsedu")
    if log.handlers:  # set up already (by whoever runs this kernel in-process)
        return
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter("[metsedu %(levelname)s] %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def _keep_output_for_the_server(shell: object) -> None:
    """A lesson kernel's prints, warnings and tracebacks go to the server's log, not the page.

    Why: ipykernel turns them into ``stream`` and ``error`` messages for the page, and a
    learner's browser then receives log lines and tracebacks naming the server's files. A
    lesson shows everything it means to show as widgets and displays; the rest is for
    whoever runs the server. (The server also drops any that still come: see
    :mod:`metsedu.server.kernel_channels`.)
    """
    sys.stdout = sys.stderr = sys.__stderr__
    log = logging.getLogger("metsedu")

    def to_the_log(etype: type, evalue: BaseException, stb: list[str]) -> None:
        log.error("a lesson kernel raised %s:\n%s", etype.__name__, _plain("\n".join(stb)))

    shell._showtraceback = to_the_log  # type: ignore[attr-defined]


def _plain(text: str) -> str:
    """``text`` without the terminal colour codes IPython puts in tracebacks."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


if __name__ == "__main__":
    main()
