"""Unlock time against the bare key derivation it must do, measured in one run.

    .venv/bin/python benchmarks/unlock.py [--runs 7]

Target (Foundation issue): unlock <= 1.5 x KDF + 100 ms. The vault is created with the
parameters calibrated on this machine, exactly as `coordinator init` does.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from coordinator_app.data.keyfile import KeyFile
from coordinator_app.services import vaults

PASSPHRASE = "violet tractor mango harbour"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        vault, _ = vaults.create_vault(folder, "RUH", "Benchmark Coordinator", PASSPHRASE)
        vault.close()
        params = KeyFile.load(folder / "vault.key").passphrase_kdf()
        assert params is not None
        kdf_times, unlock_times = [], []
        for _ in range(args.runs):  # interleaved so drift hits both alike
            started = time.perf_counter()
            params.derive(PASSPHRASE.encode())
            kdf_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            vaults.unlock(folder, PASSPHRASE).close()
            unlock_times.append(time.perf_counter() - started)
    kdf, unlock = statistics.median(kdf_times), statistics.median(unlock_times)
    target = 1.5 * kdf + 0.100
    print(
        f"Argon2id parameters: {params.memory_kib // 1024} MiB, {params.iterations} passes, "
        f"{params.lanes} lanes"
    )
    for name, times in (("bare KDF", kdf_times), ("unlock", unlock_times)):
        print(
            f"{name:9} median {statistics.median(times) * 1000:7.1f} ms "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )
    verdict = "met" if unlock <= target else "MISSED"
    print(
        f"ratio unlock/KDF {unlock / kdf:.2f}; "
        f"target 1.5 x KDF + 100 ms = {target * 1000:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
