"""The validated-content cache: kernels read it only while it matches the content exactly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metsedu.content import cache, load_library
from metsedu.content.loader import _load_library_cached
from metsedu.names import CACHE_DIR_ENV


@pytest.fixture
def cache_folder(monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = cache.make_folder()
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    _load_library_cached.cache_clear()
    yield folder
    _load_library_cached.cache_clear()
    shutil.rmtree(folder, ignore_errors=True)


def _validated(root: Path):
    os.environ.pop(CACHE_DIR_ENV, None)  # validate from YAML, as the server does before sharing
    try:
        return load_library("en", root)
    finally:
        _load_library_cached.cache_clear()


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
    library = _validated(valid_tree)
    os.environ[CACHE_DIR_ENV] = str(cache_folder)
    cache.write(cache_folder, "en", valid_tree.resolve(), library)

    found = cache.read("en", valid_tree.resolve())

    assert found is not None
    assert found.lessons == library.lessons
    assert found.ui == library.ui


def test_load_library_uses_the_cache(valid_tree: Path, cache_folder: Path):
    library = _validated(valid_tree)
    os.environ[CACHE_DIR_ENV] = str(cache_folder)
    # Mark the cached copy so we can tell it from a freshly validated one.
    marked = library.lessons["bones"].model_copy(update={"title": "From the cache"})
    library.lessons["bones"] = marked
    cache.write(cache_folder, "en", valid_tree.resolve(), library)

    assert load_library("en", valid_tree).lessons["bones"].title == "From the cache"


def test_an_edited_file_is_validated_again(valid_tree: Path, cache_folder: Path):
    library = _validated(valid_tree)
    os.environ[CACHE_DIR_ENV] = str(cache_folder)
    cache.write(cache_folder, "en", valid_tree.resolve(), library)
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text(bones.read_text("utf-8") + "\n", "utf-8")

    assert cache.read("en", valid_tree.resolve()) is None


def test_without_the_server_there_is_no_cache(valid_tree: Path, monkeypatch):
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    assert cache.read("en", valid_tree.resolve()) is None


def test_a_folder_others_can_write_to_is_not_trusted(valid_tree: Path, cache_folder: Path):
    library = _validated(valid_tree)
    os.environ[CACHE_DIR_ENV] = str(cache_folder)
    cache.write(cache_folder, "en", valid_tree.resolve(), library)
    cache_folder.chmod(0o777)

    assert cache.read("en", valid_tree.resolve()) is None


def test_a_damaged_cache_file_falls_back_to_the_yaml(valid_tree: Path, cache_folder: Path):
    library = _validated(valid_tree)
    os.environ[CACHE_DIR_ENV] = str(cache_folder)
    path = cache.write(cache_folder, "en", valid_tree.resolve(), library)
    path.write_bytes(b"not a pickle")

    assert cache.read("en", valid_tree.resolve()) is None
    assert load_library("en", valid_tree).lessons["bones"] == library.lessons["bones"]
