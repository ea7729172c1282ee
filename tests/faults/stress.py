"""Stress script: the kill tests at large counts (the suite runs 20 a loop), with figures.

.venv/bin/python -m tests.faults.stress --runs 1000 --passphrase-runs 200 \
    --export-runs 100 --backup-runs 100
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from coordinator_app.services.vault import vaults
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.faults.killing import (
    kill_backup_once,
    kill_exporter_once,
    kill_passphrase_change_once,
    kill_writer_once,
)

OTHER = "second lantern orchard pebble"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--passphrase-runs", type=int, default=200)
    parser.add_argument("--export-runs", type=int, default=100)
    parser.add_argument("--backup-runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        vault, _ = vaults.create_vault(
            folder, "RUH", "Generated Coordinator", PASSPHRASE, kdf=FAST_KDF
        )
        vault.close()
        started = time.monotonic()
        results = [
            kill_writer_once(folder, PASSPHRASE, Path(tmp) / "a.json", rng)
            for _ in range(args.runs)
        ]
        write_seconds = time.monotonic() - started
        current, other = PASSPHRASE, OTHER
        none_opened = faults = switched = 0
        for _ in range(args.passphrase_runs):
            r = kill_passphrase_change_once(folder, current, other, Path(tmp) / "a.json", rng)
            none_opened += not r.opened_with
            faults += not r.integrity_ok
            if r.opened_with and r.opened_with != current:
                switched += 1
                current, other = other, current
        exports = [
            kill_exporter_once(folder, PASSPHRASE, Path(tmp) / "a.json", Path(tmp) / "out", rng)
            for _ in range(args.export_runs)
        ]
        backed_up = [
            kill_backup_once(folder, PASSPHRASE, Path(tmp) / "a.json", Path(tmp) / "bk", rng)
            for _ in range(args.backup_runs)
        ]
        db_size = (folder / "vault.db").stat().st_size
    mid_write = [r.committed_seen for r in results if r.committed_seen]
    print(f"kills during writes:          {len(results)} in {write_seconds:.0f} s")
    print(f"  killed after >=1 commit:    {len(mid_write)}")
    print(f"  commits reported, median:   {statistics.median(mid_write) if mid_write else 0}")
    print(f"  commits reported, total:    {sum(r.committed_seen for r in results)}")
    print(f"  integrity faults:           {sum(not r.integrity_ok for r in results)}")
    print(f"  lost commits:               {sum(r.lost for r in results)}")
    print(f"  final database size:        {db_size} bytes")
    print(f"kills during passphrase change: {args.passphrase_runs}")
    print(f"  vault opened by neither:    {none_opened}")
    print(f"  integrity faults:           {faults}")
    print(f"  kills after which the new passphrase was current: {switched}")
    # A damaged bundle or backup under its final name raises inside the kill helpers.
    print(f"kills during export:          {len(exports)}")
    print(f"  bundles reported / found:   {sum(e.reported for e in exports)}", end="")
    print(f" / {exports[-1].files if exports else 0} (every one verified)")
    print(f"  integrity faults:           {sum(not e.integrity_ok for e in exports)}")
    print(f"kills during backup:          {len(backed_up)}")
    print(f"  backups reported / found:   {sum(b[0] for b in backed_up)}", end="")
    print(f" / {backed_up[-1][1] if backed_up else 0} (every one verified)")
    print(f"  vault not intact:           {sum(not b[2] for b in backed_up)}")


if __name__ == "__main__":
    main()
