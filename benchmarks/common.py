"""What every measurement shares: the result record, timing, and the benchmark's vaults.

Every figure is a median over several runs with its min and max, beside a baseline measured
in the same run (the machine is shared and noisy; a ratio to a same-run baseline is what
compares from one run to the next). Our work and its baseline are interleaved run by run so
drift hits both alike.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from coordinator_app.data.database import connect
from coordinator_app.data.keyfile import KdfParams, KeyFile
from coordinator_app.data.layout import DB_NAME, KEY_NAME
from coordinator_app.data.vault import Vault
from coordinator_app.services.vault import vaults
from coordinator_app.services.vault.startup import DEMO_PASSPHRASE

T = TypeVar("T")
SCALE = {"ms": 1000.0, "s": 1.0, "MiB": 1.0}


@dataclass(frozen=True)
class Result:
    """One line of results; ``value``, ``baseline``, ``min`` and ``max`` are in ``unit``.
    ``target`` is in ``unit`` too (a relative target is worked out in this run)."""

    name: str
    unit: str
    value: float | None
    baseline: float | None
    target: float | None
    min: float | None = None
    max: float | None = None
    runs: int = 0
    what: str = ""  # what the value measures
    baseline_is: str = ""  # what the baseline measures
    note: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def meets_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        def rounded(x: float | None) -> float | None:
            # Significant digits, not decimals: a small vault's file copy is 0.0003 s.
            return None if x is None else float(f"{x:.4g}")

        return {
            "name": self.name,
            "value": rounded(self.value),
            "unit": self.unit,
            "baseline": rounded(self.baseline),
            "ratio": rounded(self.ratio),
            "target": rounded(self.target),
            "meets_target": self.meets_target,
            "min": rounded(self.min),
            "max": rounded(self.max),
            "runs": self.runs,
            "what": self.what,
            "baseline_is": self.baseline_is,
            "note": self.note,
        }


def timed(into: list[float], work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work(*args, **kwargs)``, append its wall-clock seconds to ``into``, return
    what it returned."""
    started = time.perf_counter()
    out = work(*args, **kwargs)
    into.append(time.perf_counter() - started)
    return out


def result(
    name: str,
    unit: str,
    ours: list[float],
    base: list[float],
    target: float | None,
    *,
    what: str,
    baseline_is: str,
    note: str | None = None,
) -> Result:
    """Medians of ``ours`` and ``base`` (seconds, or MiB when ``unit`` is MiB) in ``unit``."""
    scale = SCALE[unit]
    return Result(
        name=name,
        unit=unit,
        value=statistics.median(ours) * scale,
        baseline=statistics.median(base) * scale,
        target=target,
        min=min(ours) * scale,
        max=max(ours) * scale,
        runs=len(ours),
        what=what,
        baseline_is=baseline_is,
        note=note,
    )


def times_baseline(factor: float, base: list[float], unit: str) -> float:
    """A target relative to the baseline measured in the same run: ``factor`` times its
    median, in ``unit`` (issue 17 sets most speed targets this way)."""
    return factor * statistics.median(base) * SCALE[unit]


def copy_vault(source: Path, target: Path) -> Path:
    """A copy of a closed vault folder (database and key file; never the lock)."""
    target.mkdir(parents=True)
    for name in (DB_NAME, KEY_NAME):
        shutil.copyfile(source / name, target / name)
    return target


@dataclass
class Bench:
    """The vaults one benchmark run works on. ``demo`` is never written: everything that
    writes works on copies of it in ``work``."""

    size: str
    runs: int
    demo: Path
    work: Path
    passphrase: str = DEMO_PASSPHRASE
    _vault: Vault | None = field(default=None, repr=False)
    _folder: Path | None = field(default=None, repr=False)
    _plain: Path | None = field(default=None, repr=False)
    _copies: int = field(default=0, repr=False)

    @property
    def folder(self) -> Path:
        """The working copy of the demo most measurements share."""
        if self._folder is None:
            self._folder = copy_vault(self.demo, self.work / "vault")
        return self._folder

    def fresh_copy(self) -> Path:
        """Another copy of the pristine demo, for work that must start from it each time."""
        self._copies += 1
        return copy_vault(self.demo, self.work / f"copy-{self._copies}")

    def vault(self) -> Vault:
        """The working copy, unlocked (once; shared by the measurements that need it)."""
        if self._vault is None:
            self._vault = vaults.unlock(self.folder, self.passphrase)
        return self._vault

    def closed(self) -> Path:
        """The working copy with nothing holding it open (a child process or a second
        unlock would find it busy)."""
        if self._vault is not None:
            self._vault.close()
            self._vault = None
        return self.folder

    def kdf(self) -> KdfParams:
        """The working copy's own passphrase derivation (what unlocking it must do)."""
        params = KeyFile.load(self.closed() / KEY_NAME).passphrase_kdf()
        assert params is not None
        return params

    def plain(self) -> sqlite3.Connection:
        """A plain (unencrypted) SQLite copy of the working copy's data, for baselines: the
        same SQL without SQLCipher and without our code. It holds generated people only."""
        if self._plain is None:
            path = self.work / "plain.db"
            raw = connect(self.folder / DB_NAME, self.vault()._key())
            try:
                raw.execute(f"ATTACH DATABASE '{path}' AS plain KEY ''")
                raw.execute("SELECT sqlcipher_export('plain')")
                raw.execute("DETACH DATABASE plain")
            finally:
                raw.close()
            self._plain = path
        connection = sqlite3.connect(self._plain, isolation_level=None)
        # As the app's database is: WAL, and a commit waits for the disk.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    def close(self) -> None:
        self.closed()
