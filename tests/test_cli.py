"""``metsedu check``: every problem as file:line: field: message, or one summary line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from metsedu.cli import main
from metsedu.names import CONTENT_ENV
from tests.conftest import VALID, line_of


def test_clean_content_prints_a_summary_and_exits_0(capsys):
    assert main(["check", str(VALID)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "OK: 2 lessons, 6 quiz items, 2 glossary terms, "
        "4 signs (1 emergency, 1 line_now, 1 call_today, 1 next_visit); "
        "translations: es (1 of 2 lessons)"
    )
    assert out[1].startswith("  en/bones 1.0 (draft): grade ")


def test_every_problem_is_printed_and_exit_is_1(with_broken, valid_tree, capsys, monkeypatch):
    monkeypatch.chdir(valid_tree.parent)
    path = with_broken("three_problems")
    (valid_tree / "en" / "liver.yaml").write_text("id: liver\ntitle: [unclosed\nsummary: x\n")
    assert main(["check", str(valid_tree)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"content/en/bones.yaml:{line_of(path, 'title:')}: title: must not be empty" in out
    urgency = line_of(path, "urgency: soon")
    assert any(
        line.startswith(f"content/en/bones.yaml:{urgency}: quiz.2.cards.0.urgency: ")
        for line in out
    )
    assert (
        "content/en/liver.yaml:3: YAML syntax: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence, which starts on line 2)"
    ) in out
    assert len(out) == 3


def test_a_lesson_above_the_reading_limit_is_a_problem(valid_tree, capsys):
    bones = valid_tree / "en" / "bones.yaml"
    hard = (
        "Pathophysiological considerations necessitate comprehensive multidisciplinary "
        "evaluation of osteolytic metastatic lesions affecting vertebral architecture."
    )
    bones.write_text(
        bones.read_text().replace(
            "summary: Bone is the most common place for breast cancer to spread.",
            f"summary: {' '.join([hard] * 30)}",
        )
    )
    assert main(["check", str(valid_tree)]) == 1
    out = capsys.readouterr().out
    assert "bones.yaml:1: (whole lesson): reads at grade" in out
    assert "Pathophysiological" in out


def test_not_a_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope")]) == 1
    assert "not a folder of lesson content" in capsys.readouterr().err


def test_installed_command_never_shows_a_traceback(with_broken, valid_tree):
    with_broken("yaml_syntax_error")
    script = Path(sys.executable).parent / "metsedu"
    result = subprocess.run([script, "check", str(valid_tree)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "bones.yaml:" in result.stdout and "YAML syntax" in result.stdout


def test_serve_refuses_broken_content_and_names_the_place(with_broken, valid_tree, monkeypatch):
    broken = with_broken("unknown_urgency")
    monkeypatch.setenv(CONTENT_ENV, str(valid_tree))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "metsedu"), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"bones.yaml:{line_of(broken, 'urgency: soon')}: quiz.2.cards.0.urgency" in done.stderr
    assert "The lessons did not start" in done.stderr
    assert "Traceback" not in done.stderr
