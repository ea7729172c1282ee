"""Unlock against the bare key derivation it must do.

Target (Foundation issue): unlock <= 1.5 x KDF + 100 ms, with the vault's own Argon2id
parameters (calibrated on the machine that made it, as `coordinator init` does).
"""

from __future__ import annotations

import statistics

from benchmarks.common import Bench, Result, result, timed
from coordinator_app.services.vault import vaults


def measure(bench: Bench) -> list[Result]:
    folder, params = bench.closed(), bench.kdf()
    phrase = bench.passphrase.encode()
    kdf: list[float] = []
    unlock: list[float] = []
    for _ in range(bench.runs):
        timed(kdf, params.derive, phrase)
        timed(unlock, vaults.unlock, folder, bench.passphrase).close()
    return [
        result(
            "unlock",
            "ms",
            unlock,
            kdf,
            1.5 * statistics.median(kdf) * 1000 + 100,
            what="passphrase to an open vault (vaults.unlock)",
            baseline_is=(
                f"bare Argon2id ({params.memory_kib // 1024} MiB, {params.iterations} passes, "
                f"{params.lanes} lanes)"
            ),
            note="target: 1.5 x the bare KDF + 100 ms",
        )
    ]
