"""The CI workflow (.github/workflows/ci.yml): `.ci/run` on Linux, and the test suite on
Windows, where coordinators work, installed from the hash-pinned lock (issue #17, point 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def _workflow() -> dict[Any, Any]:
    import yaml  # requirements/build.txt

    loaded = yaml.safe_load((WORKFLOWS / "ci.yml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _job_running(flow: dict[Any, Any], runner: str) -> dict[Any, Any]:
    (job,) = [j for j in flow["jobs"].values() if j["runs-on"] == runner]
    assert isinstance(job, dict)
    return job


def _scripts(job: dict[Any, Any]) -> list[str]:
    return [str(step["run"]) for step in job["steps"] if "run" in step]


def _python(job: dict[Any, Any]) -> str:
    (setup,) = [
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python")
    ]
    return str(setup["with"]["python-version"])


def test_ci_runs_on_pushes_and_pull_requests_and_every_step_is_named() -> None:
    flow = _workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert flow["permissions"] == {"contents": "read"}
    for job in flow["jobs"].values():
        assert job["timeout-minutes"] <= 60
        assert str(job["steps"][0].get("uses", "")).startswith("actions/checkout@")
        for number, step in enumerate(job["steps"], 1):
            assert str(step.get("name", "")).strip(), f"step {number} has no name"
    # The installer's own workflow is kept beside it.
    assert (WORKFLOWS / "windows-installer.yml").is_file()


def test_the_linux_job_runs_ci_run() -> None:
    job = _job_running(_workflow(), "ubuntu-latest")
    assert _python(job) == "3.11"
    assert _scripts(job) == ["bash .ci/run"]
    assert (ROOT / ".ci" / "run").is_file()


def test_the_windows_job_installs_from_the_lock_and_runs_the_tests_offscreen() -> None:
    job = _job_running(_workflow(), "windows-latest")
    assert _python(job) == "3.11"
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    commands = [c.strip() for s in _scripts(job) for c in s.splitlines() if c.strip()]
    installs = [c for c in commands if "pip install" in c]
    # Hash-pinned first, then the app itself on top without resolving anything more.
    assert "--require-hashes -r requirements\\lock.txt" in installs[0]
    assert all("--require-hashes" in c for c in installs[:-1])
    assert installs[-1].endswith("-e .") and "--no-deps" in installs[-1]
    for lock in ("lock.txt", "build.txt"):
        assert any(f"requirements\\{lock}" in c for c in installs)
        assert (ROOT / "requirements" / lock).is_file()
    tests = [c for c in commands if "-m pytest" in c]
    assert tests and commands.index(tests[0]) > commands.index(installs[-1])
    # pwsh goes on after a failed program unless told: the exit code must end the step.
    assert job["defaults"]["run"]["shell"] == "pwsh"
    assert "if ($LASTEXITCODE -ne 0) { exit 1 }" in commands
