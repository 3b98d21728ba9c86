"""The validated-content cache: kernels read it only while it matches the content exactly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from metsedu.content import ContentSource, cache
from metsedu.names import CACHE_DIR_ENV


@pytest.fixture
def cache_folder() -> Iterator[Path]:
    folder = cache.make_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _shared(root: Path, folder: Path, edit=None) -> ContentSource:
    """What the server does at start: validate, and write what it validated to ``folder``."""
    server = ContentSource(root)
    stamp, library = server.snapshot("en")
    if edit is not None:
        library.lessons["bones"] = edit(library.lessons["bones"])
    cache.write(folder, "en", server.root, stamp, library)
    return server


def _kernel(root: Path, folder: Path) -> ContentSource:
    """What a kernel does: its own source, trusting the server's folder."""
    source = ContentSource(root)
    source.trust(cache.Folder(folder))
    return source


def _from_the_cache(lesson):
    """The cached copy, marked so a test can tell it from a freshly validated one."""
    return lesson.model_copy(update={"title": "From the cache"})


def test_the_folder_is_private(cache_folder: Path):
    assert cache_folder.stat().st_mode & 0o777 == 0o700


def test_folders_left_by_killed_servers_are_removed(cache_folder: Path):
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    left = cache_folder.parent / f"metsedu-cache-{int(gone.stdout)}-abc"
    left.mkdir()
    live = cache.make_folder()
    try:
        assert not left.exists()
        assert cache_folder.exists()  # this process is alive: its folder stays
    finally:
        shutil.rmtree(live, ignore_errors=True)


def test_a_kernel_reads_what_the_server_wrote(valid_tree: Path, cache_folder: Path):
    _shared(valid_tree, cache_folder, edit=_from_the_cache)
    library = _kernel(valid_tree, cache_folder).current("en")
    assert library.lessons["bones"].title == "From the cache"
    assert library.lessons.keys() == ContentSource(valid_tree).current("en").lessons.keys()


def test_an_edited_file_is_validated_again(valid_tree: Path, cache_folder: Path):
    _shared(valid_tree, cache_folder, edit=_from_the_cache)
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text(bones.read_text("utf-8") + "\n", "utf-8")

    assert _kernel(valid_tree, cache_folder).current("en").lessons["bones"].title != (
        "From the cache"
    )


def test_a_folder_others_can_write_to_is_not_trusted(valid_tree: Path, cache_folder: Path):
    _shared(valid_tree, cache_folder, edit=_from_the_cache)
    cache_folder.chmod(0o777)

    assert _kernel(valid_tree, cache_folder).current("en").lessons["bones"].title != (
        "From the cache"
    )


def test_a_damaged_cache_file_falls_back_to_the_yaml(valid_tree: Path, cache_folder: Path):
    server = _shared(valid_tree, cache_folder)
    for path in cache_folder.glob("*.pickle"):
        path.write_bytes(b"not a pickle")

    found = _kernel(valid_tree, cache_folder).current("en")
    assert found.lessons["bones"] == server.current("en").lessons["bones"]


def test_a_kernel_started_by_the_server_is_primed_and_others_are_not(
    valid_tree: Path, cache_folder: Path
):
    """``prime`` runs in a fresh process, as in the lesson kernel's ``main``."""
    _shared(valid_tree, cache_folder, edit=_from_the_cache)
    probe = (
        "from metsedu.content import cache, load_library; cache.prime(); "
        "print(load_library('en').lessons['bones'].title)"
    )

    def title(**env: str) -> str:
        run = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={"METSEDU_CONTENT": str(valid_tree), "PATH": "/usr/bin:/bin", **env},
        )
        return run.stdout.strip()

    assert title(**{CACHE_DIR_ENV: str(cache_folder)}) == "From the cache"
    assert title() != "From the cache"
