"""Spanish lessons are measured with Spanish formulas: Fernández-Huerta and INFLESZ.

Flesch-Kincaid counts English syllables; a Spanish lesson is held to "fairly easy" on both
Spanish scales (70 and 65), its red-flag box to "easy" (80 and 70), and ``metsedu check``
prints both figures for each Spanish lesson.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from metsedu.content import check_content
from metsedu.content.readability import measure, measure_spanish
from tests.conftest import line_of

EASY = "Usted puede tener un dolor nuevo en la espalda. Hable con su equipo. Anote lo que siente."
HARD = (
    "La administración intravenosa de bifosfonatos o de denosumab, anticuerpo monoclonal "
    "dirigido contra el ligando del receptor activador del factor nuclear kappa-beta, "
    "disminuye considerablemente la probabilidad de complicaciones esqueléticas "
    "sintomáticas, particularmente fracturas patológicas e hipercalcemia tumoral."
)


def test_easy_spanish_scores_higher_than_hard_spanish():
    easy, hard = measure_spanish([EASY]), measure_spanish([HARD])
    assert easy.fernandez_huerta > 80 and easy.inflesz > 70
    assert hard.fernandez_huerta < 40 and hard.inflesz < 40
    assert hard.hardest == (HARD,)


def test_measuring_spanish_leaves_english_measured_in_english():
    before = measure(["You may have a new pain in your back. Call your team today."])
    measure_spanish([HARD])
    after = measure(["You may have a new pain in your back. Call your team today."])
    assert before == after


def spanish_bones(tree: Path, text: str) -> Path:
    """The fixture's Spanish bones lesson with ``text`` as its first section's body."""
    path = tree / "es" / "bones.yaml"
    old = path.read_text()
    first_body = "      Puede tener un dolor nuevo en la espalda.\n"
    assert first_body in old
    path.write_text(old.replace(first_body, f"      {text}\n" * 6))
    return path


def test_a_hard_spanish_lesson_is_named_with_both_figures(valid_tree):
    path = spanish_bones(valid_tree, HARD)
    problems = [p for p in check_content(valid_tree).problems if p.path == path]
    assert [(p.line, p.field) for p in problems] == [(1, "(whole lesson)")]
    message = problems[0].message
    assert message.startswith("reads at Fernández-Huerta ") and " and INFLESZ " in message
    assert "below the limits of 70 and 65; hardest sentences: La administración" in message


def test_a_spanish_red_flag_box_must_read_easier_still(valid_tree):
    path = valid_tree / "es" / "bones.yaml"
    signs = valid_tree / "es" / "signs"
    assert path.is_file() and signs.is_dir()
    # the red-flag box shows the sign table's words: a Spanish table, made hard
    sign_file = signs / "bones.yaml"
    sign_file.write_text((valid_tree / "en" / "signs" / "bones.yaml").read_text())
    text = sign_file.read_text()
    first_text = next(line for line in text.splitlines() if line.strip().startswith("text:"))
    hard_sign = (
        "Hipercalcemia sintomática, compresión medular metastásica, inmunosupresión prolongada."
    )
    sign_file.write_text(
        text.replace(first_text, first_text.split("text:")[0] + "text: " + hard_sign)
    )
    found = [p for p in check_content(valid_tree).problems if p.field == "red_flags"]
    assert found and "below the limits of 80 and 70" in found[0].message, found
    assert found[0].line == line_of(found[0].path, "red_flags")


def test_metsedu_check_prints_both_spanish_figures(valid_tree):
    spanish_bones(valid_tree, EASY)
    out = subprocess.run(
        [sys.executable, "-m", "metsedu.cli", "check", str(valid_tree)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [row] = [line for line in out.splitlines() if line.strip().startswith("es/bones")]
    assert "Fernández-Huerta" in row and "INFLESZ" in row and "grade" not in row
