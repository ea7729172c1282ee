"""A process the fault tests kill with SIGKILL at random moments.

``python -m tests.faults.worker write FOLDER PASSPHRASE`` commits rows forever, printing
each committed number only after its commit returned, so every printed number must be
in the vault after any crash. ``passphrase`` mode alternates the passphrase between two
values, printing which one is current after each change; ``export`` builds signed returns.
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

from coordinator_app.data import audit
from coordinator_app.data.keyfile import LIGHT
from coordinator_app.data.models import DraftRow
from coordinator_app.data.vault import Vault


def write_forever(folder: Path, passphrase: str, throttle: Path) -> None:
    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        with vault.unit_of_work() as session:
            audit.record(session, "fault-test", "row", {"n": n})
            # Rows of varying size, rewritten and deleted, so pages split, merge and the
            # WAL grows and checkpoints while the kill may land.
            session.merge(
                DraftRow(
                    form_key=f"k{n % 37}",
                    saved_at=str(n),
                    payload_json=json.dumps({"pad": secrets.token_hex(secrets.randbelow(3000))}),
                )
            )
            if n % 11 == 0:
                row = session.get(DraftRow, f"k{(n * 7) % 37}")
                if row is not None:
                    session.delete(row)
        print(n, flush=True)


def change_forever(folder: Path, passphrase: str, throttle: Path, other: str) -> None:
    current = passphrase
    # Light parameters for the new slots (as the vault was made with), so the kills land all
    # through the change rather than mostly in a calibrated derivation.
    vault = Vault.open(folder, current, throttle_file=throttle, kdf=LIGHT)
    print("ready", flush=True)
    while True:
        vault.change_passphrase(current, other)
        current, other = other, current
        print(f"now {current}", flush=True)


def export_forever(folder: Path, passphrase: str, throttle: Path, out: Path) -> None:
    """Builds returns (each a correction of the last) until killed, printing each
    sequence once its bundle file is in place."""
    from datetime import date

    from coordinator_app.services.returns import returns

    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    print("ready", flush=True)
    while True:
        built = returns.build_return(vault, "2026-10", out, today=date(2026, 11, 27))
        print(built.record.sequence, flush=True)


def backup_forever(folder: Path, passphrase: str, throttle: Path, out: Path) -> None:
    """Writes backups (each a new file) until killed, printing each one's name once it
    is written and checked."""
    from coordinator_app.services.vault import backups

    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    print("ready", flush=True)
    run = secrets.token_hex(4)  # runs may start in the same second: names stay apart
    n = 0
    while True:
        n += 1
        made = backups.backup(vault, [out], file_name=f"run-{run}-{n}{backups.SUFFIX}")
        print(made.paths[0].name, flush=True)


def fill_disk(folder: Path, passphrase: str, throttle: Path) -> None:
    """Commits rows until the file size limit (a stand-in for a full disk) stops it,
    printing each committed number, then the sentence the app gives."""
    import resource
    import signal

    from coordinator_app.domain.errors import UserFacingError

    vault = Vault.open(folder, passphrase, throttle_file=throttle)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    grown = sum(p.stat().st_size for p in folder.glob("vault.db*"))
    resource.setrlimit(resource.RLIMIT_FSIZE, (grown + 256 * 1024, resource.RLIM_INFINITY))
    n = 0
    try:
        while True:
            n += 1
            with vault.unit_of_work() as session:
                audit.record(session, "fault-test", "row", {"n": n, "pad": secrets.token_hex(4000)})
            print(n, flush=True)
    except UserFacingError as exc:
        print("refused", exc.sentence(), flush=True)


if __name__ == "__main__":
    mode, folder, phrase, throttle_file = sys.argv[1:5]
    if mode == "write":
        write_forever(Path(folder), phrase, Path(throttle_file))
    elif mode == "export":
        export_forever(Path(folder), phrase, Path(throttle_file), Path(sys.argv[5]))
    elif mode == "fill":
        fill_disk(Path(folder), phrase, Path(throttle_file))
    elif mode == "backup":
        backup_forever(Path(folder), phrase, Path(throttle_file), Path(sys.argv[5]))
    else:
        change_forever(Path(folder), phrase, Path(throttle_file), sys.argv[5])
