"""environment.yml (conda, Binder) asks for exactly what pyproject.toml asks for."""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def pyproject_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    found = {canonicalize_name(r.name): r.specifier for r in map(Requirement, wanted)}
    found["python"] = SpecifierSet(project["requires-python"])
    return found


def conda_requirements() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    found = {}
    entries = [e for e in env["dependencies"] if not isinstance(e, dict) and e != "pip"]
    pip_section = next(e["pip"] for e in env["dependencies"] if isinstance(e, dict))
    # The pip section installs metsedu itself without dependencies, and what conda-forge lacks.
    entries += [e for e in pip_section if not e.startswith("--")]
    for entry in entries:
        name, _, spec = entry.partition(" ")
        found[canonicalize_name(name)] = SpecifierSet(spec.replace(" ", ""))
    return found


def test_same_packages_and_ranges():
    assert conda_requirements() == pyproject_requirements()


def test_metsedu_itself_comes_from_the_checkout_without_extra_dependencies():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(e["pip"] for e in env["dependencies"] if isinstance(e, dict))
    assert pip_section[-1] == "--no-deps --editable ."


def test_constraints_satisfy_the_ranges():
    pinned = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            req = Requirement(line)
            pinned[canonicalize_name(req.name)] = next(iter(req.specifier)).version
    for name, spec in pyproject_requirements().items():
        if name != "python":
            assert name in pinned, f"{name} is not pinned in constraints.txt (run make lock)"
            assert spec.contains(pinned[name]), f"{name}=={pinned[name]} is outside {spec}"
