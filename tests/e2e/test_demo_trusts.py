"""``demo --trust CODE`` through the command line: each trust's demo vault has its own
caseload (size, barrier mix, referral sources, outcomes), filled with the records the
pilot learns from, and its return exports and verifies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coordinator_app.services.demo import demo
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF
from tests.e2e.test_cli import run

PERIOD = "2026-Q3"


def _demo_return(root: Path, trust: str) -> tuple[dict[str, int], object]:
    vault = root / trust
    # Made on a fixed day, so the records the pilot learns from fall where the test expects
    # them on any day it runs; the return is then exported and verified by the CLI.
    opened, made = demo.create_demo_vault(vault, clock_on(A_DAY), trust=trust, kdf=FAST_KDF)
    opened.close()
    env = {"COORDINATOR_PASSPHRASE": made.passphrase}
    keys = run("key", "show", "--json", "--vault", str(vault), env=env)
    assert keys.returncode == 0, keys.stderr
    (root / f"{trust}-keys.json").write_text(keys.stdout)
    out = root / f"{trust}-out"
    built = run("export", "--period", PERIOD, "--out", str(out), "--vault", str(vault), env=env)
    assert built.returncode == 0, built.stderr
    (bundle,) = out.glob("*.zip")
    assert bundle.name == f"rvc-return_{trust}_{PERIOD}_0001.zip"
    checked = run("verify", str(bundle), "--keys", str(root / f"{trust}-keys.json"), "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(bundle) as archive:
        totals = json.loads(archive.read("manifest.json"))["totals"]
        book = load_workbook(io.BytesIO(archive.read("return.xlsx")), read_only=True)
    return totals, book


def _rows(book: object, sheet: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book[sheet].iter_rows(min_row=2, values_only=True)]  # type: ignore[index]


@pytest.fixture(scope="module")
def two_trusts(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[dict[str, int], object]]:
    root = tmp_path_factory.mktemp("trusts")
    return {trust: _demo_return(root, trust) for trust in ("KRH", "RUH")}


def test_each_trust_demo_exports_verifies_and_differs(
    two_trusts: dict[str, tuple[dict[str, int], object]],
) -> None:
    (krh, krh_book), (ruh, ruh_book) = two_trusts["KRH"], two_trusts["RUH"]
    for totals in (krh, ruh):
        # The new records are filled: barriers found and resolved, follow-ups with results.
        assert totals["barriers_open"] > 0 and totals["barriers_resolved"] > 0
        assert totals["follow_ups_done"] > 0
    # Kingston & Richmond's caseload is larger than Bath's.
    assert krh["volunteers_included"] > ruh["volunteers_included"]
    assert krh["service_minutes"] != ruh["service_minutes"]
    mix = {
        trust: {r[0]: r[3] for r in _rows(book, "Barriers by kind")}
        for trust, (_totals, book) in two_trusts.items()
    }
    assert mix["KRH"] != mix["RUH"]
    referrals = {
        trust: {r[0]: r[1] for r in _rows(book, "Referral sources")}
        for trust, (_totals, book) in two_trusts.items()
    }
    assert referrals["KRH"] != referrals["RUH"]
    for book in (krh_book, ruh_book):
        journeys = _rows(book, "Journeys")
        assert any(isinstance(r[4], int) for r in journeys)  # days to a first shift
        assert any(isinstance(r[6], int) for r in journeys)  # days to a first milestone
        results = {r[5] for r in _rows(book, "Follow-ups")}
        assert results and results <= {"In post", "In study", "Left"}


def test_demo_for_a_trust_through_the_command_line(tmp_path: Path) -> None:
    made = run("demo", "--trust", "RUH", "--vault", str(tmp_path / "v"), "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["trust"] == "RUH"
    env = {"COORDINATOR_PASSPHRASE": json.loads(made.stdout)["passphrase"]}
    stats = run("stats", "--vault", str(tmp_path / "v"), "--json", env=env)
    assert stats.returncode == 0, stats.stderr


def test_an_unknown_trust_is_refused_with_the_codes_to_use(tmp_path: Path) -> None:
    made = run("demo", "--trust", "XYZ", "--vault", str(tmp_path / "v"))
    assert made.returncode == 1
    assert "Use one of: RUH, KRH" in made.stdout + made.stderr
    assert not (tmp_path / "v").exists()
