"""The server settings say what they do, and become the Voilà settings we rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from metsedu.cli import main
from metsedu.names import CACHE_DIR_ENV, DATABASE_URL_ENV
from metsedu.server import ServerSettings, addresses, settings
from metsedu.server.settings import SHARE, TEMPLATE, page_words
from tests.conftest import REPO
from tests.helpers import Nurse, fixture_notebook, start_server


def test_settings_harden_voila():
    config = ServerSettings().voila_config()
    assert config.Voila.ip == "127.0.0.1"
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.MappingKernelManager.allow_tracebacks is False
    assert config.VoilaConfiguration.preheat_kernel is True
    assert config.MappingKernelManager.cull_idle_timeout > 0
    assert config.Voila.tornado_settings["xsrf_cookies"] is True
    assert config.Voila.tornado_settings["cross_origin_protection"] is True
    assert "disable_check_xsrf" not in config.Voila.tornado_settings
    assert config.VoilaConfiguration.template == TEMPLATE
    assert (SHARE / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()


def test_every_setting_is_documented():
    for name, trait in ServerSettings.class_traits().items():
        assert len(trait.help) > 20, name


def test_a_classroom_host_prints_the_address_to_give_learners():
    assert addresses(ServerSettings()) == ["http://127.0.0.1:8866/"]
    shared = addresses(ServerSettings(host="0.0.0.0", port=9000))
    assert shared[0] == "http://127.0.0.1:9000/"
    assert shared[1].startswith("http://") and shared[1].endswith(":9000/")


def test_page_words_come_from_content():
    words = page_words()
    assert words["lang"] == "en"
    assert words["titles"]["00-start"]
    assert words["loading"] and words["contrast"]


def test_serve_options_are_the_settings(capsys):
    with pytest.raises(SystemExit) as done:
        main(["serve", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in ServerSettings.class_trait_names():
        assert "--" + name.replace("_", "-") in out


def test_a_class_gets_a_ready_kernel_for_every_learner_of_its_lesson():
    settings = ServerSettings(class_lesson="bones", class_size=30)
    pools = settings.voila_config().VoilaKernelManager.kernel_pools_config
    assert pools == {"default": {"pool_size": 1}, "02-bones.ipynb": {"pool_size": 30}}
    assert "VoilaKernelManager" not in ServerSettings().voila_config()


def test_a_class_gets_the_cores_before_replacement_kernels_start():
    """Replacements for 100 taken kernels, started at once, held 100 learners' widgets back
    for 27 s (p95) in the benchmark; waiting 20 s brought it to 1.7 s."""
    config = ServerSettings(class_lesson="bones", class_size=30).voila_config()
    assert config.VoilaKernelManager.fill_delay == 20
    faster = ServerSettings(class_lesson="bones", class_size=30, class_refill_seconds=5)
    assert faster.voila_config().VoilaKernelManager.fill_delay == 5


def test_an_unknown_class_lesson_is_refused_with_the_known_ids(capsys, monkeypatch):
    for name in ("JUPYTER_PATH", CACHE_DIR_ENV, DATABASE_URL_ENV):
        monkeypatch.delenv(name, raising=False)  # and whatever happens, put back after
    before = dict(os.environ)
    assert main(["serve", "--class-lesson", "kidneys", "--class-size", "30"]) == 1
    err = capsys.readouterr().err
    assert "no lesson 'kidneys'" in err
    assert "overview, bones, lungs, liver, brain, next-steps" in err
    assert dict(os.environ) == before  # refused before it changed anything


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("pool_size", -1, "--pool-size -1: must be 0 or more"),
        ("port", 0, "--port 0: must be from 1 to 65535"),
        ("port", 70000, "--port 70000: must be from 1 to 65535"),
        ("class_size", -30, "--class-size -30: must be 0 or more"),
        ("session_hours", 0, "--session-hours 0: must be 1 or more"),
        ("facilitator_sign_in_hours", 0, "--facilitator-sign-in-hours 0: must be 0.001 or more"),
    ],
)
def test_a_number_out_of_range_is_refused_naming_the_option(setting, value, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        ServerSettings(**{setting: value})


def test_serve_refuses_a_negative_pool_size_in_one_line_before_starting():
    done = subprocess.run(
        [sys.executable, "-m", "metsedu.cli", "serve", "--pool-size", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == "metsedu serve: --pool-size -1: must be 0 or more\n"


def test_a_relative_sqlite_url_names_one_file_wherever_it_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = ServerSettings(database_url="sqlite:///data/metsedu.db").database()
    assert url == f"sqlite:///{tmp_path.resolve()}/data/metsedu.db"
    absolute = "sqlite:////var/lib/metsedu/m.db"
    assert ServerSettings(database_url=absolute).database() == absolute
    postgres = "postgresql://nurse@db.clinic/metsedu"
    assert ServerSettings(database_url=postgres).database() == postgres
    data = tmp_path / "site"
    assert ServerSettings(data_dir="site").database() == f"sqlite:///{data}/metsedu.db"


def test_the_defaults_work_from_a_checkout_and_from_an_installed_package(tmp_path, monkeypatch):
    assert ServerSettings().notebooks == str(REPO / "notebooks")
    assert ServerSettings().data_dir == str(REPO / "data")
    installed = tmp_path / "site-packages" / "metsedu" / "server"
    monkeypatch.setattr(settings, "PACKAGE", installed)
    monkeypatch.setattr(settings, "CHECKOUT", installed.parent.parent)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert settings.default_notebooks() == installed.parent / "_notebooks"
    assert settings.default_data_dir() == tmp_path / "share" / "metsedu"
    shipped = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert shipped["targets"]["wheel"]["force-include"]["notebooks"] == "metsedu/_notebooks"


def test_a_relative_sqlite_url_is_one_database_for_the_server_and_its_kernels(tmp_path):
    """Voilà runs each kernel in its notebook's folder; the answers a kernel records must
    reach the facilitator pages all the same."""
    site = tmp_path / "site"
    folder = site / "notebooks"
    folder.mkdir(parents=True)
    servers = start_server(
        folder, "--no-preheat", "--database-url", "sqlite:///data/metsedu.db", cwd=site
    )
    server = next(servers)
    try:
        nurse = Nurse(server)
        nurse.log_in()
        code = nurse.start("bones")
        fixture_notebook(
            folder / "joins.ipynb",
            "from metsedu.events import AnswerEvent\n"
            "from metsedu.lesson.lesson_page import join_group\n"
            f"member = join_group({code!r}, 'bones')\n"
            "member.answered(AnswerEvent('bones', '1', 'q1', 'single_choice', 1, 'right', 1.0,"
            " ('a',)))\n"
            # shown as the cell's value: a lesson kernel's prints go to the server log
            "'joined ' + member.code",
        )
        assert f"joined {code}" in server.get("/voila/render/joins.ipynb").body
        status, _, results = nurse.call(f"/metsedu/facilitator/sessions/{code}/results.json")
        assert status == 200 and json.loads(results)["participants"] == 1
        assert [p.relative_to(site) for p in site.rglob("*.db")] == [Path("data/metsedu.db")]
    finally:
        servers.close()
