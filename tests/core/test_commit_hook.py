"""The commit-msg hook `make` installs: short imperative subjects with a body (issue 25)."""

import subprocess
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parents[2] / "scripts" / "git-hooks" / "commit-msg"


def run(tmp_path: Path, message: str) -> subprocess.CompletedProcess:
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(message)
    return subprocess.run([str(HOOK), str(path)], capture_output=True, text=True)  # noqa: S603


def test_a_short_subject_with_a_body_passes_and_git_comments_are_ignored(tmp_path):
    message = "Route every write through the section's services\n\nBecause the admin saved by default.\n"
    assert run(tmp_path, message + "# Please enter the commit message\n# On branch main\n").returncode == 0
    assert run(tmp_path, "Merge branch 'x'\n").returncode == 0  # what git writes itself passes


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("Add " + "x" * 69 + "\n\nWhy.\n", "73 characters"),
        ("Fix the importer.\n\nWhy.\n", "full stop"),
        ("Fix the importer\nsecond line\n", "second line must be blank"),
        ("Fix the importer\n", "no body"),
        ("Fix the importer\n\n\n# only comments\n", "no body"),
    ],
)
def test_a_long_subject_a_full_stop_or_no_body_is_refused_saying_why(tmp_path, message, problem):
    result = run(tmp_path, message)
    assert result.returncode == 1
    assert problem in result.stderr


def test_the_makefile_installs_the_hook():
    makefile = (HOOK.parents[2] / "Makefile").read_text()
    assert "git config core.hooksPath scripts/git-hooks" in makefile
    assert "setup: var/.system-packages $(VENV)/.installed database hooks" in makefile
