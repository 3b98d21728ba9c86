"""Every setting of the lesson server, in one place, each documented.

The server is Voilà. These settings turn it into something safe to run on a
clinic laptop or a classroom network: visitors never see code or tracebacks, a
closed tab gives its memory back, pages are ready fast, and nothing is fetched
from outside the server. ``voila_config`` turns them into Voilà's own traitlets.
"""

from __future__ import annotations

import os
from pathlib import Path

from traitlets import Bool, Float, HasTraits, Int, TraitError, Unicode
from traitlets.config import Config

from ..content import REFERENCE_LOCALE, load_library
from ..names import RENDER, notebook_locale, notebook_name, start_notebook
from ..sessions.store import sqlite_path

PACKAGE = Path(__file__).resolve().parent
#: The checkout metsedu runs from, if it runs from one (``pip install -e .``, ``make``).
CHECKOUT = PACKAGE.parent.parent
#: Holds ``voila/templates/metsedu``; put on JUPYTER_PATH so Voilà finds the template.
SHARE = PACKAGE / "share" / "jupyter"
TEMPLATE = "metsedu"
#: JupyterLab extensions installed with the packages that lesson pages never use.
UNUSED_EXTENSIONS = ("jupyterlab_pygments",)


def default_notebooks() -> Path:
    """The checkout's ``notebooks/``; an installed metsedu carries its own copy."""
    checkout = CHECKOUT / "notebooks"
    return checkout if (CHECKOUT / "pyproject.toml").is_file() else PACKAGE.parent / "_notebooks"


def default_data_dir() -> Path:
    """The checkout's ``data/``; an installed metsedu keeps its data in the user's data folder
    (``$XDG_DATA_HOME/metsedu``, else ``~/.local/share/metsedu``), never in site-packages."""
    if (CHECKOUT / "pyproject.toml").is_file():
        return CHECKOUT / "data"
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "metsedu"


class ServerSettings(HasTraits):
    """What a nurse may change when starting the lessons (``metsedu serve --help``)."""

    host = Unicode(
        "127.0.0.1",
        help="Address to listen on. 127.0.0.1 is this computer only; "
        "0.0.0.0 lets learners on the same network join.",
    )
    port = Int(
        8866, min=1, max=65535, help="Port to listen on; it goes after the address, as in :8866."
    )
    notebooks = Unicode(
        str(default_notebooks()),
        help="Folder of lesson notebooks to serve; the checkout's notebooks/, or the copy an "
        "installed metsedu carries.",
    )
    locale = Unicode(
        REFERENCE_LOCALE,
        help="Language of the server's own pages (not found, busy, the nurse's pages) when "
        "neither the address nor the browser's choice says. Every language the notebooks "
        "folder has pages in is served at once (02-bones.es.ipynb is the Spanish bones lesson).",
    )
    preheat = Bool(
        True,
        help="Keep kernels with each lesson already run, so a page is ready fast. "
        "Each waiting kernel holds about 50 MB.",
    )
    pool_size = Int(1, min=0, help="Waiting kernels per lesson when preheat is on.")
    preload_scripts = Bool(
        True,
        help="Name every script a lesson page will load in the page's head, so the browser "
        "fetches them all at once instead of in three waves (see page_scripts.py). Off "
        "only to record that list (tools/record_page_scripts.py).",
    )
    fork_kernels = Bool(
        True,
        help="Fork each lesson kernel from one warm process that has already loaded "
        "everything a lesson needs: a kernel starts in milliseconds, not half a second of "
        "CPU, and shares that memory. Off: each kernel starts as a new Python.",
    )
    class_lesson = Unicode(
        "",
        help="Id of the lesson a nurse is about to teach to a group (for example bones). "
        "With class_size, that lesson keeps a kernel ready for every learner, in the "
        "language of --locale (--locale es: the Spanish lesson).",
    )
    class_size = Int(
        0,
        min=0,
        help="How many learners will open class_lesson at once. Starting takes longer "
        "(about 0.6 s per kernel on two cores) and each waiting kernel holds about 50 MB.",
    )
    class_refill_seconds = Int(
        20,
        min=0,
        help="With class_size: how long after a learner takes a waiting kernel before a "
        "replacement starts. Starting 30 replacements at once would take the laptop's cores "
        "just as the class's pages come alive.",
    )
    cull_idle_seconds = Int(
        600,
        min=0,
        help="Shut down a kernel whose page has gone (no connection) for this long. "
        "An open page is never culled, however long the learner reads.",
    )
    cull_interval_seconds = Int(60, min=1, help="How often to look for kernels to cull.")
    max_kernels = Int(
        150,
        min=1,
        help="Most lesson pages served at once (each holds a kernel of about 50 MB); one "
        "more is asked, in plain words, to wait a minute. A page counts while it loads or "
        "is open; waiting kernels, and those of pages that went away (freed by the cull), "
        "do not.",
    )
    max_kernels_per_address = Int(
        20,
        min=1,
        help="Most lesson pages served at once to one network address (a learner has a "
        "few tabs; a script has hundreds). Raised to class_size when that is larger. If the "
        "clinic's network shows every phone to this computer as one address, set it to the "
        "size of the group.",
    )
    connect_grace_seconds = Int(
        120,
        min=5,
        help="Shut down a kernel whose page has not come alive this long after it was sent "
        "(a tab closed at once, a script). A phone on slow Wi-Fi needs about 20 s.",
    )
    data_dir = Unicode(
        str(default_data_dir()),
        help="Folder for the group-session database (the checkout's data/, or the user's data "
        "folder for an installed metsedu). It holds join codes and counts of answers only: "
        "no names, no health details.",
    )
    database_url = Unicode(
        "",
        help="Where group sessions are kept, as a URL; empty means "
        "sqlite:///<data_dir>/metsedu.db (SQLite in WAL mode).",
    )
    session_hours = Int(
        12, min=1, help="Group sessions and their answers are deleted after this many hours."
    )
    facilitator_key = Unicode(
        "",
        help="Key a nurse types to open the facilitator pages; empty makes a new random "
        "key at each start, printed in the window where the lessons start.",
    )
    public_url = Unicode(
        "",
        help="The address learners open, when it is not this server's own: behind a load "
        "balancer, the balancer's (for example https://lessons.hospital.example/). The "
        "facilitator page's join address and QR code use it.",
    )
    trust_proxy_headers = Bool(
        False,
        help="Take each visitor's address from the X-Real-Ip header a load balancer sets, "
        "for the per-address limits. Only with --host 127.0.0.1 (or a private network) "
        "behind a balancer that sets that header itself (deploy/haproxy.cfg does): anyone "
        "who can reach this server directly could otherwise choose their own address.",
    )
    facilitator_key_file = Unicode(
        "",
        help="File holding the facilitator key (when --facilitator-key is not given; the "
        "METSEDU_FACILITATOR_KEY environment variable is read after it). Unlike "
        "--facilitator-key, it is not shown in the computer's list of processes.",
    )
    cookie_secret_file = Unicode(
        "",
        help="File of at least 32 random bytes that sign the nurses' sign-in cookies. Servers "
        "behind one load balancer must share it (and the database), so a nurse signed in on "
        "one is signed in on all; empty makes new bytes at each start.",
    )
    facilitator_sign_in_hours = Float(
        12.0,
        min=0.001,  # a few seconds: long enough for a test, and never zero or less
        help="How long a nurse who typed the facilitator key stays signed in (a clinic "
        "teaching day), unless they sign out first. Starting the lessons again signs "
        "everyone out.",
    )

    def __init__(self, **values: object) -> None:
        """Settings from ``values``; one out of range is a ``ValueError`` naming its option.

        Why not traitlets' own error: it names the trait of "a ServerSettings instance",
        while the nurse typed ``--pool-size -1``; the message should say that.
        """
        super().__init__()
        traits = self.traits()
        for name, value in values.items():
            if name not in traits:
                raise TypeError(f"no server setting {name!r}")
            try:
                setattr(self, name, value)
            except TraitError:
                raise ValueError(_out_of_range(name, value, traits[name])) from None

    def page_limits(self) -> dict[str, int]:
        """The caps :class:`.page_kernels.PageKernels` enforces, as these settings give them."""
        return {
            "max_total": self.max_kernels,
            "max_per_address": max(self.max_kernels_per_address, self.class_size),
            "grace_seconds": self.connect_grace_seconds,
        }

    def database(self) -> str:
        """The group-session database URL these settings stand for, with an absolute path.

        Why absolute: Voilà starts each kernel in its notebook's folder, so a relative
        ``sqlite:///data/metsedu.db`` would be one file for the facilitator pages and
        another for the kernels that record the answers.
        """
        url = self.database_url or f"sqlite:///{Path(self.data_dir).resolve()}/metsedu.db"
        if not url.startswith("sqlite:"):
            return url
        return f"sqlite:///{sqlite_path(url).resolve()}"

    def voila_config(self) -> Config:
        """The Voilà configuration these settings stand for."""
        config = Config()
        config.Voila.ip = self.host
        config.Voila.port = self.port
        config.Voila.open_browser = False
        config.Voila.root_dir = self.notebooks
        # A busy port stops the server with one clear line (launch.py) instead of Voilà moving
        # on to another port while learners are given this one.
        config.Voila.port_retries = 0
        if self.cookie_secret_file:  # one for every replica (see facilitator_access.py)
            from .facilitator_access import cookie_secret

            config.Voila.cookie_secret = cookie_secret(self.cookie_secret_file)
        # Neither the address nor a notebook chooses the page's template or theme: Voilà's
        # other templates load scripts from outside servers (see fixed_template.py).
        config.VoilaConfiguration.allow_template_override = "NO"
        config.VoilaConfiguration.allow_theme_override = "NO"
        from .privacy import log_request  # jupyter_server's auth: only when serving

        words = all_page_words(Path(self.notebooks), self.locale)
        if self.preload_scripts:
            from .page_scripts import page_scripts

            words["preload"] = page_scripts()
        config.Voila.tornado_settings = {
            # Every POST needs the anti-forgery token, and none may come from another origin
            # (a page on another port of this computer included); see anti_forgery.py for
            # how the closing tab's POST gets its token. The _xsrf cookie is for this
            # browser session only.
            "xsrf_cookies": True,
            "xsrf_cookie_kwargs": {"expires_days": None, "samesite": "Lax"},
            "cross_origin_protection": True,
            # Widget state reaches the page over the kernel websocket; compressed
            # (permessage-deflate, when the browser offers it) it is a fraction on Wi-Fi.
            "websocket_compression_options": {},
            # A page's own messages are a few hundred bytes; tornado would read 10 MiB.
            "websocket_max_message_size": 1024 * 1024,
            # Failed requests are logged without the visitor's address or a join code.
            "log_function": log_request,
            # The page words for Voilà's own pages (the notebook list, tree.html, only
            # sends visitors on to the Start page), as the lesson pages get them below.
            "jinja_template_vars": {"metsedu": words},
        }
        # What passes between a page and its kernel: no logs or tracebacks to the page, and
        # only what a lesson page sends from it (see kernel_channels.py).
        config.Voila.kernel_websocket_connection_class = (
            "metsedu.server.kernel_channels.LessonKernelChannels"
        )
        # No identity cookie: a lesson page has no users (see privacy.py).
        config.Voila.identity_provider_class = "metsedu.server.privacy.NoIdentityCookie"
        configuration = config.VoilaConfiguration
        configuration.template = TEMPLATE
        configuration.strip_sources = True  # learners see lessons, never code
        configuration.show_tracebacks = False  # a failing cell shows nothing technical
        configuration.preheat_kernel = self.preheat
        configuration.default_pool_size = self.pool_size
        configuration.resources = {"metsedu": words}
        # Lessons show no code, so the code-highlighting extension's scripts are not needed.
        # (The widgets extension is: anywidget's models need the @jupyter-widgets/base it
        # registers, and pages raise errors without it.)
        configuration.extension_denylist = list(UNUSED_EXTENSIONS)
        if self.class_lesson and self.class_size > self.pool_size:
            # A class opens one lesson at once: without a ready kernel each, every learner
            # waits for a kernel to start and run the lesson, all on the laptop's few cores.
            config.VoilaKernelManager.kernel_pools_config = {
                "default": {"pool_size": self.pool_size},
                class_notebook(self.class_lesson, self.locale): {"pool_size": self.class_size},
            }
            config.VoilaKernelManager.fill_delay = float(self.class_refill_seconds)
        # Each page's own language is set by the template from its notebook's name
        # (02-bones.es.ipynb); this is the language of pages that do not say.
        config.HTMLExporter.language_code = self.locale
        # Errors raised inside widget callbacks otherwise reach the browser in full.
        config.MappingKernelManager.allow_tracebacks = False
        config.MappingKernelManager.cull_idle_timeout = self.cull_idle_seconds
        config.MappingKernelManager.cull_interval = self.cull_interval_seconds
        config.MappingKernelManager.cull_connected = False
        # Kernels talk to the server over local sockets, not TCP ports a network could reach.
        config.KernelManager.transport = "ipc"
        config.ForkedKernelProvisioner.fork = self.fork_kernels
        return config


def _out_of_range(name: str, value: object, trait: Int | Float) -> str:
    option = "--" + name.replace("_", "-")
    low, high = (getattr(trait, end, None) for end in ("min", "max"))
    low = None if low in (None, float("-inf")) else low  # a Float has no end of its own
    high = None if high in (None, float("inf")) else high
    if low is not None and high is not None:
        allowed = f"from {low} to {high}"
    elif low is not None:
        allowed = f"{low} or more"
    else:
        allowed = f"{high} or less"
    return f"{option} {value}: must be {allowed}"


def class_notebook(lesson_id: str, locale: str = REFERENCE_LOCALE) -> str:
    """The notebook of ``lesson_id``; a clear error names the known ids if it is unknown."""
    lessons = {x.id: x for x in load_library(locale).ordered()}
    if lesson_id not in lessons:
        raise ValueError(f"no lesson {lesson_id!r}; the lessons are: {', '.join(lessons)}")
    return notebook_name(lessons[lesson_id])


def page_words(locale: str = REFERENCE_LOCALE) -> dict:
    """Words the page template shows, from content/ (never from the template itself)."""
    library = load_library(locale)
    titles = {notebook_name(x).removesuffix(".ipynb"): x.title for x in library.ordered()}
    titles[start_notebook(locale).removesuffix(".ipynb")] = library.ui.start.title
    return {
        "lang": locale,
        "language_name": library.ui.language_name,
        "start": start_notebook(locale),
        "render": RENDER,
        "titles": titles,
        **library.ui.app.model_dump(),
    }


def served_locales(notebooks: Path) -> list[str]:
    """The languages the notebook folder has pages in (English first): ``02-bones.es.ipynb``
    puts Spanish among them."""
    found = {notebook_locale(p.name)[1] for p in Path(notebooks).glob("*.ipynb")}
    return [REFERENCE_LOCALE, *sorted(found - {REFERENCE_LOCALE})]


def all_page_words(notebooks: Path, default: str = REFERENCE_LOCALE) -> dict:
    """The words of every language the server offers, and for each page its language and
    its other-language versions (the language choice at the top of every page).

    ``words`` holds each language's page words; ``pages`` maps a notebook name without
    ``.ipynb`` to ``{"lang": ..., "versions": [{"lang", "name", "href"}, ...]}``, the
    versions being the same page in every other language the folder has it in.
    """
    offered = served_locales(notebooks)
    words = {locale: page_words(locale) for locale in offered}
    same_page: dict[str, dict[str, str]] = {}
    for path in sorted(Path(notebooks).glob("*.ipynb")):
        base, locale = notebook_locale(path.name)
        same_page.setdefault(base, {})[locale] = path.stem
    pages = {}
    for versions in same_page.values():
        for locale, stem in versions.items():
            others = [
                {"lang": other, "name": words[other]["language_name"], "href": f"{name}.ipynb"}
                for other, name in sorted(versions.items())
                if other != locale
            ]
            pages[stem] = {"lang": locale, "versions": others}
    if default not in words:
        default = REFERENCE_LOCALE
    return {"default": default, "words": words, "pages": pages, **words[default]}
