"""Backup (a checked, encrypted copy) and restore (checked first), each against a plain
copy of the vault's database file. Target (issue 17): a backup of the large vault <= 40x
the plain copy; restore has none.
"""

from __future__ import annotations

import shutil

from benchmarks.common import Bench, Result, result, timed, times_baseline
from coordinator_app.data.layout import DB_NAME
from coordinator_app.services.vault import backups

BACKUP_TIMES_COPY = 40.0


def measure(bench: Bench) -> list[Result]:
    vault = bench.vault()
    work = bench.work / "backups"
    made: list[float] = []
    restored: list[float] = []
    copied: list[float] = []
    db = bench.folder / DB_NAME
    for n in range(bench.runs):
        out = work / f"run-{n}"
        out.mkdir(parents=True)
        backup = timed(made, backups.backup, vault, [out]).paths[0]
        timed(copied, shutil.copyfile, db, out / "plain-copy.db")
        target = out / "restored"
        timed(restored, backups.restore, backup, target, bench.passphrase)
        shutil.rmtree(out)
    size = db.stat().st_size / 1e6
    copy_is = f"a plain copy of the database file ({size:.0f} MB)"
    return [
        result(
            "backup",
            "s",
            made,
            copied,
            times_baseline(BACKUP_TIMES_COPY, copied, "s"),
            what="backup: consistent copy, integrity check, zip, written and verified",
            baseline_is=copy_is,
            note=f"target: {BACKUP_TIMES_COPY:g} x the plain copy",
        ),
        result(
            "restore",
            "s",
            restored,
            copied,
            None,
            what="restore to a new folder: verify, unpack, integrity check, open",
            baseline_is=copy_is,
        ),
    ]
