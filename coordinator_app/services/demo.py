"""Demo vaults full of generated, clearly fictional people, for practice and screenshots."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.vault import Vault
from coordinator_app.services.startup import DEMO_PASSPHRASE
from coordinator_app.services.vaults import NewVault, create_vault

DemoSize = Literal["small", "medium", "large"]
DEMO_TRUST = "RUH"
_DEMO_COORDINATORS = ("Alex Demo-Coordinator", "Sam Practice-Coordinator", "Jo Example-Coordinator")


@dataclass(frozen=True)
class DemoVault:
    created: NewVault
    passphrase: str
    size: DemoSize
    seed: int


def create_demo_vault(
    folder: Path, *, size: DemoSize = "small", seed: int = 1, kdf: KdfParams | None = None
) -> tuple[Vault, DemoVault]:
    rng = random.Random(seed)
    vault, created = create_vault(
        folder, DEMO_TRUST, rng.choice(_DEMO_COORDINATORS), DEMO_PASSPHRASE, kdf=kdf
    )
    return vault, DemoVault(created=created, passphrase=DEMO_PASSPHRASE, size=size, seed=seed)
