"""`coordinator self-test`: every step passes on a sound installation, a broken step is
reported (and stops the run) with exit 1, and the temporary vault never outlives it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coordinator_app.cli import main as cli
from coordinator_app.data import locations
from coordinator_app.services.installation import self_test
from tests.clock import A_DAY, clock_on

STEPS = [
    "create vault",
    "write records",
    "lock and unlock",
    "export return",
    "verify return",
    "integrity check",
]


# The self-test draws a chart in a Qt application: made by pytest-qt (on the laptop screen
# of tests/conftest.py), not by the self-test, so later UI tests see the same screen.
pytestmark = pytest.mark.usefixtures("qapp")


def test_every_step_passes_and_the_temporary_vault_is_removed(tmp_path: Path) -> None:
    report = self_test.run(clock_on(A_DAY), work_dir=tmp_path)
    assert [s.name for s in report.steps] == STEPS
    assert report.ok, [s.detail for s in report.steps if not s.ok]
    assert report.cleaned_up and list(tmp_path.iterdir()) == []
    assert report.steps[0].detail.startswith("SQLCipher 4.")
    assert "rvc-return_RUH_" in report.steps[3].detail
    assert report.seconds >= sum(s.seconds for s in report.steps) > 0
    assert report.frozen is False
    # The real vault and per-user state are never touched.
    assert not locations.default_vault_dir().exists()
    assert not (locations.state_dir() / "unlock-attempts.json").exists()


def test_a_month_start_and_year_end_work_too(tmp_path: Path) -> None:
    for day in (date(2026, 1, 1), date(2026, 12, 31)):
        assert self_test.run(clock_on(day), work_dir=tmp_path).ok


def test_wrong_figures_fail_the_verify_step_and_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader that sees no shifts: what a build missing part of the export would show.
    real = self_test.verify_bundle

    def fewer_shifts(*args: object, **kwargs: object) -> object:
        accepted = real(*args, **kwargs)  # type: ignore[arg-type]
        return type(accepted)(**{**accepted.__dict__, "totals": {}})

    monkeypatch.setattr(self_test, "verify_bundle", fewer_shifts)
    report = self_test.run(clock_on(A_DAY), work_dir=tmp_path)
    assert not report.ok
    assert [s.name for s in report.steps] == STEPS[:5]
    assert not report.steps[-1].ok and "figures" in report.steps[-1].detail
    assert report.cleaned_up and list(tmp_path.iterdir()) == []


def test_an_exception_in_a_step_is_a_failed_step_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pdf(*_args: object, **_kwargs: object) -> object:
        raise ModuleNotFoundError("No module named 'reportlab'")

    monkeypatch.setattr(self_test.returns, "build_return", no_pdf)
    report = self_test.run(clock_on(A_DAY), work_dir=tmp_path)
    assert [s.ok for s in report.steps] == [True, True, True, False]
    assert report.steps[-1].detail == "ModuleNotFoundError: No module named 'reportlab'"
    assert list(tmp_path.iterdir()) == []


def test_cli_json_and_exit_codes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["self-test", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # The command adds the window's part: a chart drawn with matplotlib, shown in a Qt widget.
    assert doc["ok"] is True
    assert [s["name"] for s in doc["steps"]] == [*STEPS, "draw a dashboard chart"]
    assert all(s["ok"] and s["seconds"] >= 0 for s in doc["steps"])

    assert cli.main(["self-test"]) == 0
    assert "passed in" in capsys.readouterr().out

    monkeypatch.setattr(self_test.vaults, "check_integrity", _broken_integrity)
    assert cli.main(["self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  integrity check" in out and "send this output to your IT service" in out


def _broken_integrity(vault: object) -> object:
    from coordinator_app.data.vault_copies import IntegrityReport

    return IntegrityReport(("page 3",), (), 7, None)
