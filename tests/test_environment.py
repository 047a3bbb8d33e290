"""The conda environment, the lock file and pyproject.toml stay in step."""

import re
import tomllib

from mediacompare.paths import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_exactly_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = {_name(line): line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")}
    assert all("==" in line for line in lock.values())
    assert [_name(d) for d in wanted if _name(d) not in lock] == []


def test_environment_yml_installs_the_lock_and_the_package_with_a_python_the_project_accepts():
    env = (ROOT / "environment.yml").read_text()
    assert "- -r requirements.lock" in env and "- -e ." in env
    python = re.search(r"- python=(\d+)\.(\d+)", env)
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert floor == ">=3.11" and (int(python[1]), int(python[2])) >= (3, 11)


def test_makefile_installs_from_the_lock():
    assert "pip install --quiet --disable-pip-version-check -r requirements.lock" in (ROOT / "Makefile").read_text()
