"""The kernel ``metsedu serve`` starts for each lesson page: ipykernel without the debugger.

Why: ipykernel imports debugpy, and with it about 140 modules, whenever debugpy is
installed (JupyterLab brings it). A lesson page never debugs: the server strips the code
and refuses debug requests. Without the debugger each kernel starts sooner and holds about
9 MiB less private memory, which is what lets a nurse's laptop keep a kernel ready for
every learner in a class (see ``bench/run.py``).

The server's ``kernels/python3/kernel.json`` (in ``metsedu/server/share``) runs this module;
Jupyter, nbval and the tests keep the ordinary kernel, debugger included.
"""

import sys


def main() -> None:
    """Start an ordinary IPython kernel that finds no debugpy to import."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # `import debugpy` -> ImportError
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance()


if __name__ == "__main__":
    main()
