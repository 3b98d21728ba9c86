"""Start the lesson server and tell the nurse which address to give learners."""

from __future__ import annotations

import atexit
import errno
import functools
import os
import secrets
import shutil
import socket
from functools import cached_property
from pathlib import Path

from ..content import ContentError, ContentSource, cache, content_source
from ..content.loader import locales
from ..names import CACHE_DIR_ENV, DATABASE_URL_ENV
from ..sessions import SessionStore
from .assets import AssetTransform, bundle_version, page_config_hook, versioned_static_route
from .compiled_templates import share_compiled_templates
from .facilitator_access import KEY_ENV, facilitator_key
from .facilitator_handlers import FacilitatorContext, facilitator_routes
from .fixed_template import lesson_pages_keep_their_look
from .kernel_channels import LessonKernelChannels
from .lesson_pages import lesson_page_routes, not_found_handler
from .page_health import PageProblemHandler, page_problem_route
from .page_kernels import PageKernels
from .page_language import in_the_pages_language, routes_in_the_pages_language
from .pool import start_idle_clock_when_taken
from .precompressed import default_cache_dir
from .precompressed import index as index_assets
from .precompressed import start as start_precompressing
from .privacy import keep_visitors_out_of_the_log
from .readiness import ReadyHandler, all_ready, pool_counts, ready_message, ready_route
from .security_headers import security_headers
from .settings import SHARE, ServerSettings


def addresses(settings: ServerSettings) -> list[str]:
    """Addresses a browser can open: this computer's, and the network one when shared."""
    local = f"http://127.0.0.1:{settings.port}/"
    if settings.host in {"127.0.0.1", "localhost"}:
        return [local]
    if settings.host not in {"0.0.0.0", ""}:
        return [f"http://{settings.host}:{settings.port}/"]
    return [local, f"http://{_network_address()}:{settings.port}/"]


def _network_address() -> str:
    """This computer's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def serve(settings: ServerSettings) -> None:
    """Run Voilà with metsedu's settings until Ctrl+C.

    Everything is checked before anything changes: the content, the class lesson and the
    database. Only then does this process take the environment its kernels inherit.
    """
    content = content_source()  # the handlers' content, and the facilitator pages'
    config = settings.voila_config()  # validates the content: broken content stops us here
    check_port_is_free(settings)  # a busy port stops us here, before any address is printed
    store = SessionStore(settings.database())  # a bad URL or folder stops us here, clearly
    keep_visitors_out_of_the_log()  # no address, query string or join code (privacy.py)
    os.environ.update(kernel_environment(settings, _share_validated_content(content)))
    key, key_source = facilitator_key(
        settings.facilitator_key, settings.facilitator_key_file, dict(os.environ)
    )
    os.environ.pop(KEY_ENV, None)  # the kernels, which inherit the environment, need it not
    key = key or secrets.token_urlsafe(9)
    urls = addresses(settings)
    print("metsedu: the lessons are at " + urls[0], flush=True)
    if len(urls) > 1:
        print("metsedu: give learners this address: " + urls[1], flush=True)
    if key_source:  # a hospital's key stays out of the server's log
        print(f"metsedu: facilitator key for group sessions: from {key_source}", flush=True)
    else:
        print(f"metsedu: facilitator key for group sessions: {key}", flush=True)
    public = (settings.public_url.rstrip("/") + "/") if settings.public_url else urls[-1]
    group = FacilitatorContext(store, key, settings, public_url=public, content=content)
    _lesson_server(settings, group, content).launch_instance(argv=[], config=config)


def check_port_is_free(settings: ServerSettings) -> None:
    """Stop, with one line naming the port, if the server cannot listen where it is told.

    Why: Voilà, finding the port taken, moved on to the next one while metsedu printed (and
    put in the QR code and the join address) the one it was told, sending learners to
    whatever else was listening there. Voilà is now told never to move (``port_retries`` is
    0 in :meth:`.ServerSettings.voila_config`); this check makes the message ours. The port
    is tried as tornado will bind it, then let go.
    """
    from tornado.netutil import bind_sockets

    try:
        sockets = bind_sockets(settings.port, settings.host or None)
    except PermissionError:
        raise ValueError(
            f"port {settings.port} needs administrator rights; choose another with --port, "
            "such as 8866"
        ) from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ValueError(
                f"port {settings.port} is already in use; stop the other server or choose "
                "another with --port"
            ) from None
        raise ValueError(
            f"cannot listen on {settings.host}:{settings.port} ({error.strerror}); "
            "check --host and --port"
        ) from None
    for sock in sockets:
        sock.close()


def kernel_environment(settings: ServerSettings, cache_folder: Path) -> dict[str, str]:
    """What this server's kernels (and Voilà, which finds the template there) must be told.

    Voilà starts kernels with this process's environment, so ``serve`` puts these in it.
    """
    return {
        # Voilà finds the metsedu template, and the kernel spec without the debugger, here.
        "JUPYTER_PATH": os.pathsep.join(
            p for p in (str(SHARE), os.environ.get("JUPYTER_PATH", "")) if p
        ),
        CACHE_DIR_ENV: str(cache_folder),  # the content, validated once
        DATABASE_URL_ENV: settings.database(),  # where group answers are recorded
    }


def _share_validated_content(content: ContentSource) -> Path:
    """Validate every locale once and leave it where this server's kernels will look.

    Kernels are told the folder (see :func:`kernel_environment`); see
    :mod:`metsedu.content.cache` for why (about 9 MiB less private memory per kernel). A
    locale with problems is not cached, so its kernels validate the YAML themselves and
    show the calm error.
    """
    folder = cache.make_folder()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for locale in locales(content.root):
        try:
            stamp, library = content.snapshot(locale)
        except ContentError:
            continue
        cache.write(folder, locale, content.root, stamp, library)
    return folder


def _lesson_server(
    settings: ServerSettings, group: FacilitatorContext, content: ContentSource
) -> type:
    """Voilà with metsedu's own routes: take-home handouts and the facilitator pages."""
    from voila.app import Voila

    from .handout_handler import Handouts, handout_routes
    from .settings import served_locales

    # Every offered language's handouts, English at the old address, others below theirs.
    handouts = Handouts(content, served_locales(Path(settings.notebooks)))
    page_limits = settings.page_limits()

    class LessonServer(Voila):
        def init_handlers(self) -> list:
            from voila.static_file_handler import MultiStaticFileHandler

            return [
                (
                    versioned_static_route(self.server_url, self.bundle_version),
                    MultiStaticFileHandler,
                    {"paths": self.static_paths, "default_filename": "index.html"},
                ),
                *handout_routes(self.server_url, handouts, self.voila_configuration),
                (ready_route(self.server_url), ReadyHandler, {"counts": self.pool_counts}),
                (
                    page_problem_route(self.server_url),
                    PageProblemHandler,
                    {"kernel_manager": self.kernel_manager, "log": self.log},
                ),
                *facilitator_routes(self.server_url, group, self.log),
                # Voilà's pages; an address cannot choose their template (fixed_template.py).
                # Their own pages (not found, busy) are in the page's language.
                *routes_in_the_pages_language(
                    lesson_pages_keep_their_look(
                        lesson_page_routes(super().init_handlers(), self.page_kernels)
                    )
                ),
            ]

        @cached_property
        def bundle_version(self) -> str:
            return bundle_version(*self.static_paths)

        def init_settings(self) -> dict:
            # Pages load Voilà's bundle from its versioned folder (see assets.py). Set before
            # the kernel manager is made: its waiting kernels render pages with this hook.
            self.voila_configuration.page_config_hook = page_config_hook(self.bundle_version)
            settings = super().init_settings()
            # A waiting kernel's idle time starts when a learner takes it (see pool.py).
            start_idle_clock_when_taken(self.kernel_manager)
            # Kernels serving pages: caps, and those whose page never came (page_kernels.py).
            self.page_kernels = PageKernels(self.kernel_manager, **page_limits)
            self.page_kernels.watch()
            LessonKernelChannels.page_kernels = self.page_kernels
            # Each page's templates come compiled from memory (see compiled_templates.py).
            share_compiled_templates()
            # An address no route knows: the template's plain-words page, not tornado's.
            settings["default_handler_class"] = in_the_pages_language(not_found_handler())
            settings["default_handler_args"] = {"voila_configuration": self.voila_configuration}
            return settings

        @cached_property
        def event_logger(self) -> object:
            """One event logger for every kernel's manager.

            Why: jupyter_server's kernel manager looks for its app's ``event_logger`` and,
            finding none on Voilà, makes a new one per kernel; each leaves a logger named
            after it in ``logging`` for good (100 learners left 100 behind).
            """
            from jupyter_events import EventLogger

            return EventLogger(parent=self)

        def listen(self) -> None:
            # Voilà builds its tornado Application without compress_response, so the
            # transform goes in here, before the server takes its first request.
            self.app.transforms.append(AssetTransform)
            # Where pages may load from, and who may frame them (security_headers.py).
            self.app.transforms.append(security_headers(self.server_url))
            if settings.trust_proxy_headers:  # behind a load balancer (deploy/haproxy.cfg)
                self.app.listen = functools.partial(self.app.listen, xheaders=True)
            super().listen()

        def make_brotli_copies(self) -> None:
            """Brotli copies of the assets, made by a low-priority process (precompressed.py)."""
            import threading

            cache = default_cache_dir()
            folders = [*self.static_paths, *self.labextensions_path]
            making = start_precompressing(cache, folders)
            if making is not None:
                AssetTransform.known = index_assets(folders)
                AssetTransform.brotli_cache = cache
                threading.Thread(target=making.wait, name="brotli copies", daemon=True).start()

        def pool_counts(self) -> dict[str, dict[str, int]]:
            return pool_counts(self.kernel_manager)

        def start(self) -> None:
            from tornado.ioloop import PeriodicCallback

            def announce_when_ready() -> None:
                counts = self.pool_counts()
                if all_ready(counts):
                    print(ready_message(counts), flush=True)
                    watcher.stop()

            watcher = PeriodicCallback(announce_when_ready, 500)
            watcher.start()
            PeriodicCallback(_give_back_memory, TRIM_EVERY_SECONDS * 1000).start()
            PeriodicCallback(
                lambda: self.page_kernels.sweep(self.log), SWEEP_EVERY_SECONDS * 1000
            ).start()
            group.remove_expired(self.log)
            PeriodicCallback(
                lambda: group.remove_expired(self.log), CLEAN_EVERY_SECONDS * 1000
            ).start()
            self.make_brotli_copies()
            super().start()

    return LessonServer


#: How often kernels whose page never came alive are looked for (see page_kernels.py).
SWEEP_EVERY_SECONDS = 5

#: How often expired group sessions are deleted.
CLEAN_EVERY_SECONDS = 600

#: How often the server hands freed memory back to the system (see _give_back_memory).
TRIM_EVERY_SECONDS = 20


def _give_back_memory() -> None:
    """Return freed heap to the operating system, so memory falls back after a class leaves.

    Why: after 100 learners' pages the server has freed what it held for them, but glibc keeps
    the pages for reuse, so the laptop's memory figure stays high. ``malloc_trim`` gives them
    back; on systems without glibc this does nothing.
    """
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return
