"""The programme manager's analysis through the command line: two demo trusts each send
two monthly returns, `verify` checks them, `consolidate --report` combines them into the
workbook with its cross-trust sheets and the funder's report. Figures are counted again
here from the returns' own workbooks and compared where they are shown."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coordinator_app.domain.clock import SystemClock
from coordinator_app.domain.shifts import months_before
from tests.e2e.test_cli import run

# The two months before this one, as coordinators send them: the demo's records run up to
# today, so fixed months would fall before its data on a later date (and count nothing).
MONTHS = tuple(reversed(months_before(SystemClock().today(), 2)))
TRUSTS = ("KRH", "RUH")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("programme")
    keys: list[object] = []
    made: list[Path] = []
    for trust in TRUSTS:
        vault = root / trust
        demo = run("demo", "--trust", trust, "--vault", str(vault), "--json", light_kdf=True)
        assert demo.returncode == 0, demo.stderr
        env = {"COORDINATOR_PASSPHRASE": json.loads(demo.stdout)["passphrase"]}
        shown = run("key", "show", "--json", "--vault", str(vault), env=env)
        keys += json.loads(shown.stdout)["keys"]
        for month in MONTHS:
            built = run(
                "export",
                "--period",
                month,
                "--out",
                str(root / "in"),
                "--vault",
                str(vault),
                env=env,
            )
            assert built.returncode == 0, built.stderr
    (root / "trusted-keys.json").write_text(json.dumps({"keys": keys}))
    made = sorted((root / "in").glob("*.zip"))
    assert len(made) == 4
    return root, made


def _workbook(bundle: Path) -> object:
    with zipfile.ZipFile(bundle) as archive:
        return load_workbook(io.BytesIO(archive.read("return.xlsx")), read_only=True)


def _sheet(book: object, name: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book[name].iter_rows(values_only=True)]  # type: ignore[index]


def test_verified_returns_combine_into_the_workbook_and_the_report(
    bundles: tuple[Path, list[Path]],
) -> None:
    root, paths = bundles
    keys = str(root / "trusted-keys.json")
    checked = run("verify", *map(str, paths), "--keys", keys, "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert all(r["ok"] for r in json.loads(checked.stdout))
    out, report = root / "combined.xlsx", root / "programme.pdf"
    done = run(
        "consolidate", *map(str, paths), "--keys", keys, "--out", str(out), "--report", str(report)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Wrote the programme report to {report}." in done.stdout

    # Counted again from the returns: milestones by pathway, shifts attended.
    pathways: dict[str, Counter[str]] = {t: Counter() for t in TRUSTS}
    shifts: Counter[str] = Counter()
    for path in paths:
        trust = path.name.split("_")[1]
        book = _workbook(path)
        pathways[trust].update(str(r[1]) for r in _sheet(book, "Milestones")[1:])
        summary = {r[0]: r[2] for r in _sheet(book, "Summary")[1:]}
        shifts[trust] += int(summary["shifts_attended"])  # type: ignore[call-overload]
    combined = load_workbook(out, read_only=True)
    sheet = _sheet(combined, "Milestones by pathway")
    assert sheet[0][1:] == ("KRH", "RUH", "Programme")
    rows = {r[0]: r[1:] for r in sheet[1:] if r and r[0]}
    for pathway in set(pathways["KRH"]) | set(pathways["RUH"]):
        exact = [pathways["KRH"][pathway], pathways["RUH"][pathway]]
        exact.append(sum(exact))
        for value, count in zip(rows[pathway], exact, strict=True):
            if isinstance(value, int):
                assert value == count  # shown: exact
            else:
                assert value in ("<5", "*")  # hidden: never a wrong number
                assert value != "<5" or 1 <= count <= 4
    total = rows["All milestones"]
    assert total[2] == sum(sum(c.values()) for c in pathways.values()) > 0
    activity = {r[0]: r[1:] for r in _sheet(combined, "Programme activity")[1:] if r and r[0]}
    assert activity["Shifts attended"] == (shifts["KRH"], shifts["RUH"], sum(shifts.values()))
    combined.close()

    text = subprocess.run(
        ["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kingston & Richmond" in text and "Royal United Hospitals Bath" in text
    first, last = (datetime.strptime(m, "%Y-%m").strftime("%B %Y") for m in MONTHS)
    assert f"{first} to {last}" in text
    assert "<5" in text  # small demo trusts: some counts are suppressed
    assert "Definitions" in text.split("\f")[-2]
