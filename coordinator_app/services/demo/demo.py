"""Demo vaults full of generated, clearly fictional people, for practice and screenshots."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.vault import Vault
from coordinator_app.data.volunteers import write_checks
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.trusts import trust_by_code
from coordinator_app.domain.volunteers import validate
from coordinator_app.services.demo import demo_people, demo_trust
from coordinator_app.services.demo.demo_activities import add_demo_activities
from coordinator_app.services.demo.demo_shifts import add_demo_shifts
from coordinator_app.services.demo.demo_support import add_demo_support
from coordinator_app.services.progress import Progress
from coordinator_app.services.vault.startup import DEMO_PASSPHRASE
from coordinator_app.services.vault.vaults import NewVault, create_vault
from coordinator_app.services.volunteers import volunteers

DemoSize = Literal["small", "medium", "large"]
VOLUNTEERS_BY_SIZE: dict[str, int] = {"small": 40, "medium": 500, "large": 5000}
SHIFTS_BY_SIZE: dict[str, int] = {"small": 2000, "medium": 50_000, "large": 500_000}
DEMO_TRUST = "RUH"
_DEMO_COORDINATORS = ("Alex Demo-Coordinator", "Sam Practice-Coordinator", "Jo Example-Coordinator")


@dataclass(frozen=True)
class DemoVault:
    created: NewVault
    passphrase: str
    size: DemoSize
    seed: int
    trust: str = DEMO_TRUST


def create_demo_vault(
    folder: Path,
    clock: Clock,
    *,
    size: DemoSize = "small",
    seed: int = 1,
    kdf: KdfParams | None = None,
    progress: Progress | None = None,
    trust: str = DEMO_TRUST,
) -> tuple[Vault, DemoVault]:
    """``trust`` (a code from trusts.json) sets the caseload's size and mix
    (``demo_trust``); the sizes are the default trust's."""
    code = trust_by_code(trust).code
    rng = random.Random(seed)
    vault, created = create_vault(
        folder, code, rng.choice(_DEMO_COORDINATORS), DEMO_PASSPHRASE, kdf=kdf, clock=clock
    )
    try:
        progress = progress or Progress()
        today = clock.today()
        mix = demo_trust.profile(code)
        people = max(1, round(VOLUNTEERS_BY_SIZE[size] * mix.scale))
        add_demo_volunteers(vault, people, rng, progress, today, mix)
        add_demo_shifts(vault, round(SHIFTS_BY_SIZE[size] * mix.scale), rng, progress, today)
        add_demo_activities(vault, rng, today)
        add_demo_support(vault, rng, progress, today, mix)
        demo_trust.add_demo_learning(vault, rng, mix, today)
    except BaseException:
        vault.close()
        raise
    return vault, DemoVault(
        created=created, passphrase=DEMO_PASSPHRASE, size=size, seed=seed, trust=code
    )


def add_demo_volunteers(
    vault: Vault,
    count: int,
    rng: random.Random,
    progress: Progress,
    today: date,
    profile: demo_trust.TrustProfile | None = None,
) -> None:
    """``count`` generated volunteers with their onboarding checks, in batches of one unit
    of work each, so progress shows and a cancel leaves whole batches only."""
    batch = 500
    for start in range(0, count, batch):
        progress.update(start, count, "Adding generated volunteers…")
        with vault.unit_of_work() as session:
            for index in range(start, min(start + batch, count)):
                details, checks = demo_people.person(rng, index, today, profile)
                row = volunteers.new_row(session, validate(details, today), today)
                write_checks(session, row, checks)
    progress.update(count, count, "Generated volunteers added.")
