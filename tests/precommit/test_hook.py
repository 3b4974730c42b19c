"""The pre-commit hook (``.pre-commit-hooks.yaml``) run by pre-commit on a file, offline.

pre-commit would install the hook's repository into a fresh virtualenv (``language:
python``), which needs the network; here the hook definition from our manifest is run as
a ``repo: local`` hook with ``language: system`` against the ``catalogue`` of this
environment, so the manifest's entry, file pattern and types are what is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.publiccode.test_reading import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path(sys.executable).with_name("catalogue")

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not CATALOGUE.exists(),
                                reason="needs git and the catalogue command")


def manifest() -> dict[str, dict]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in hooks}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def run_hook(tmp_path: Path, hook_id: str, files: dict[str, str]) -> subprocess.CompletedProcess:
    repo = tmp_path / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    hook = dict(manifest()[hook_id])
    command, _, arguments = hook["entry"].partition(" ")
    assert command == "catalogue"
    hook.update(language="system", entry=f"{CATALOGUE} {arguments}")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    for name, text in files.items():
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_manifest_names_the_validate_command_for_publiccode_files():
    hooks = manifest()
    assert hooks["publiccode-validate"]["entry"] == "catalogue validate"
    assert hooks["publiccode-validate-1.0"]["entry"] == "catalogue validate --standard 1.0-rc"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["files"] == r"^publiccode\.ya?ml$"


def test_the_hook_passes_a_valid_file(tmp_path):
    result = run_hook(tmp_path, "publiccode-validate", {"publiccode.yml": MINIMAL, "other.yml": "a: [\n"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_hook_fails_on_an_invalid_file_and_says_what_to_fix(tmp_path):
    bad = MINIMAL.replace("platforms: [web]", "platforms: Toont een voorbeeld")
    result = run_hook(tmp_path, "publiccode-validate", {"publiccode.yml": bad})
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert ("publiccode.yml:4:1: error: platforms: wrong type for this field: a list was expected; "
            "found the text 'Toont een voorbeeld'") in result.stdout


def test_the_1_0_hook_fails_on_a_deprecated_key(tmp_path):
    old = MINIMAL.replace("legal:\n", "legal:\n  repoOwner: Gemeente\n")
    assert run_hook(tmp_path, "publiccode-validate", {"publiccode.yml": old}).returncode == 0
    result = run_hook(tmp_path / "rc", "publiccode-validate-1.0", {"publiccode.yml": old})
    assert result.returncode == 1 and "error: legal.repoOwner: This key is DEPRECATED" in result.stdout
