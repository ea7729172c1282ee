"""`coordinator merge --keep CODE --from CODE` in a real process, on a vault of generated
people whose two records both hold shifts, sessions, plans, reviews, outcomes and expenses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from coordinator_app.domain.return_figures import FIGURES
from coordinator_app.services.shifts import placements
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.vault import vaults
from coordinator_app.services.volunteers import volunteers
from tests.conftest import FAST_KDF
from tests.e2e.test_cli import PASSPHRASE, run
from tests.services.test_merging import ROLE, TODAY, _figures, _history, _person

ENV = {"COORDINATOR_PASSPHRASE": PASSPHRASE}


def _vault(folder: Path) -> tuple[str, str, int, dict[str, dict[str, int]]]:
    vault, _ = vaults.create_vault(folder, "RUH", "Generated Person", PASSPHRASE, kdf=FAST_KDF)
    try:
        ward = placements.add_placement(vault, PlacementDetails("Generated Ward", ROLE, False)).id
        desk = placements.add_placement(vault, PlacementDetails("Generated Desk", ROLE, False)).id
        keep, other = _person(vault, 1), _person(vault, 2)
        clash = _history(vault, keep, other, ward, desk)
        codes = [volunteers.get(vault, v, TODAY).code for v in (keep, other)]
        return codes[0], codes[1], clash, _figures(vault)
    finally:
        vault.close()


def _after(folder: Path) -> dict[str, dict[str, int]]:
    vault = vaults.unlock(folder, PASSPHRASE)
    try:
        return _figures(vault)
    finally:
        vault.close()


def test_merge_keeps_the_kept_records_shift_by_default_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    keep, other, clash, before = _vault(folder)
    base = ("--vault", str(folder))
    unknown = run("merge", "--keep", keep, "--from", "RUH-ZZZZZ", *base, env=ENV)
    assert unknown.returncode == 1 and "No volunteer has the code RUH-ZZZZZ" in unknown.stderr
    wrong = run("merge", "--keep", keep, "--from", other, "--take-from", "999999", *base, env=ENV)
    assert wrong.returncode == 1 and "not one of the overlapping shifts" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    done = run("merge", "--keep", keep, "--from", other, *base, env=ENV)
    assert done.returncode == 0, done.stderr
    assert f"Merged {other} into {keep}: " in done.stdout and "6 shifts" in done.stdout
    assert f"kept {keep}'s shift, removed {other}'s (shift {clash};" in done.stdout
    assert "Generated" not in done.stdout  # codes only
    after = _after(folder)
    assert after["2026-10"]["service_minutes"] == before["2026-10"]["service_minutes"] - 240
    assert after["2026-09"]["service_minutes"] == before["2026-09"]["service_minutes"]

    sar = run("sar", "--volunteer", other, "--out", str(tmp_path), *base, env=ENV)
    assert sar.returncode == 0, sar.stderr
    assert (tmp_path / f"subject-access_{keep}_{date.today():%Y-%m-%d}.xlsx").exists()
    again = run("merge", "--keep", keep, "--from", other, *base, env=ENV)
    assert again.returncode == 1 and "already one record" in again.stderr


def test_merge_json_keeping_both_leaves_every_return_figure_but_headcounts(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "vault"
    keep, other, clash, before = _vault(folder)
    done = run(
        "merge", "--keep", keep, "--from", other, "--keep-both", str(clash),
        "--vault", str(folder), "--json", env=ENV,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["kept"] == keep and document["merged"] == other
    assert document["moved"]["shifts"] == 7 and document["shifts_removed"] == 0
    assert [(c["shift"], c["kept"]) for c in document["clashes"]] == [(clash, "both")]
    after = _after(folder)
    people = {f.key for f in FIGURES if f.unit == "people"}  # headcounts: one person now
    for label, figures in before.items():
        assert {k: v for k, v in after[label].items() if k not in people} == {
            k: v for k, v in figures.items() if k not in people
        }, label
