"""`coordinator self-test`: proof that an installed copy works end to end on this machine.

An installed (frozen) build can be missing a native library, a data file or a migration
that the source tree always has; IT needs to find that out when they deploy, not when a
coordinator first sends a return. The self-test goes through the paths a coordinator uses,
in a throw-away vault with a generated passphrase and generated people, in a temporary
folder that is removed afterwards: it never reads or touches the real vault or its
per-user state (the unlock throttle is kept in the temporary folder too).

Each step is timed; the first failure stops the run (later steps need earlier ones) and
is reported as the step's detail. Details hold no personal data: there is none to hold.
"""

from __future__ import annotations

import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time as clock
from pathlib import Path

from coordinator_app import __version__
from coordinator_app.data import migrate
from coordinator_app.data.keyfile import KdfParams
from coordinator_app.data.layout import DB_NAME
from coordinator_app.data.vault import Vault
from coordinator_app.domain import onboarding
from coordinator_app.domain.clock import Clock
from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.shifts import ShiftTime
from coordinator_app.domain.volunteers import Consent, VolunteerDetails
from coordinator_app.domain.wording import counted
from coordinator_app.export.return_workbook import read_totals
from coordinator_app.export.verify.bundle import BundleRefused, verify_bundle
from coordinator_app.services.returns import returns
from coordinator_app.services.shifts import placements, shifts
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.vault import signing, vaults
from coordinator_app.services.volunteers import volunteers

# Real Argon2id with small parameters: the self-test checks that the code and the native
# library work, not the strength a calibrated vault gets (calibration alone would take
# seconds, twice: passphrase and recovery key).
SELF_TEST_KDF = KdfParams(salt=b"\0" * 16, iterations=1, memory_kib=8 * 1024, lanes=1)
_TRUST = "RUH"
_ROLE = "non_patient_facing"
_WORDS = ("amber", "harbour", "tractor", "violet", "meadow", "lantern", "copper", "orchard")


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass(frozen=True)
class SelfTestReport:
    version: str
    frozen: bool  # run from an installed (PyInstaller) build
    steps: tuple[StepResult, ...]
    seconds: float
    cleaned_up: bool

    @property
    def ok(self) -> bool:
        return self.cleaned_up and bool(self.steps) and all(s.ok for s in self.steps)


class _StepFailed(Exception):
    """A step's own check did not hold (as opposed to an exception from the app)."""


def run(
    clock: Clock,
    *,
    work_dir: Path | None = None,
    extra: Sequence[tuple[str, Callable[[Path], str]]] = (),
) -> SelfTestReport:
    """Create, write, reopen, export, verify and check a temporary vault; then remove it.

    ``work_dir`` is where the temporary folder is made (default: the system's temporary
    folder); ``clock`` gives the date the generated records are made for; ``extra``
    steps from the layers above (the window's charts) get the temporary folder to write in."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="coordinator-self-test-", dir=work_dir))
    passphrase = " ".join(secrets.choice(_WORDS) for _ in range(4)) + f" {secrets.randbelow(10**6)}"
    state = _State(folder=folder, passphrase=passphrase, clock=clock, today=clock.today())
    steps: list[StepResult] = []
    plan: tuple[tuple[str, Callable[[_State], str]], ...] = (
        ("create vault", _create),
        ("write records", _write),
        ("lock and unlock", _reopen),
        ("export return", _export),
        ("verify return", _verify),
        ("integrity check", _integrity),
        *((name, _in_folder(step)) for name, step in extra),
    )
    try:
        for name, step in plan:
            result = _timed(name, step, state)
            steps.append(result)
            if not result.ok:
                break
    finally:
        if state.vault is not None:
            state.vault.close()
        shutil.rmtree(folder, ignore_errors=True)
    return SelfTestReport(
        version=__version__,
        frozen=bool(getattr(sys, "frozen", False)),
        steps=tuple(steps),
        seconds=time.perf_counter() - started,
        cleaned_up=not folder.exists(),
    )


@dataclass
class _State:
    folder: Path
    passphrase: str
    clock: Clock
    today: date
    vault: Vault | None = None
    bundle: Path | None = None
    volunteer_id: int = 0

    @property
    def open_vault(self) -> Vault:
        if self.vault is None:
            raise _StepFailed("the vault is not open")
        return self.vault

    @property
    def vault_dir(self) -> Path:
        return self.folder / "vault"

    @property
    def throttle_file(self) -> Path:
        return self.folder / "unlock-attempts.json"


def _in_folder(step: Callable[[Path], str]) -> Callable[[_State], str]:
    return lambda state: step(state.folder)


def _timed(name: str, step: Callable[[_State], str], state: _State) -> StepResult:
    began = time.perf_counter()
    try:
        detail, ok = step(state), True
    except _StepFailed as failed:
        detail, ok = str(failed), False
    except UserFacingError as refused:
        detail, ok = refused.sentence(), False
    except BundleRefused as refused:
        detail, ok = f"{refused.code}: {refused.sentence}", False
    except Exception as exc:  # whatever breaks in an installed copy is what we are here to find
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return StepResult(name, ok, time.perf_counter() - began, detail)


def _create(state: _State) -> str:
    vault, created = vaults.create_vault(
        state.vault_dir,
        _TRUST,
        "Self-test Generated",
        state.passphrase,
        kdf=SELF_TEST_KDF,
        clock=state.clock,
    )
    state.vault = vault
    with vault.engine.connect() as conn:
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    if not cipher:
        raise _StepFailed("the database is not encrypted: SQLCipher is not in use")
    with (state.vault_dir / DB_NAME).open("rb") as header:
        plain = header.read(16) == b"SQLite format 3\0"
    if plain:
        raise _StepFailed("the database file is plain SQLite: SQLCipher is not in use")
    return f"SQLCipher {cipher}; schema {created.summary.schema_revision}"


def _write(state: _State) -> str:
    vault, on = state.open_vault, state.today
    role = onboarding.role(_ROLE)
    if role is None:
        raise _StepFailed(f"the onboarding rules have no role {_ROLE}: resources are missing")
    person = volunteers.register(
        vault,
        VolunteerDetails(
            given_names="Generated",
            family_name="Self-test",
            # Ofcom's range for drama (never a real line) and a reserved domain: the
            # phone-number metadata and the e-mail checker must load in the build too.
            phone="020 7946 0018",
            email="self-test@example.org",
            role=_ROLE,
            consent_records=Consent(on),
            consent_sharing=Consent(on),
        ),
        on,
        [onboarding.CheckRecord(item, on) for item in role.items],
        allow_duplicates=True,
    )
    place = placements.add_placement(vault, PlacementDetails("Self-test ward", _ROLE, False))
    (booked,) = shifts.book(vault, person.id, place.id, ShiftTime(on, clock(9), clock(13)), on)
    shifts.record_outcome(vault, booked.id, "attended")
    state.volunteer_id = person.id
    return "1 volunteer, 1 placement, 1 shift attended (4 hours)"


def _reopen(state: _State) -> str:
    state.open_vault.close()
    state.vault = None
    state.vault = Vault.open(
        state.vault_dir, state.passphrase, throttle_file=state.throttle_file, clock=state.clock
    )
    record = volunteers.get(state.vault, state.volunteer_id, state.today)
    if (record.details.family_name, record.details.phone) != ("Self-test", "+442079460018"):
        raise _StepFailed("the record read back is not the one written")
    with state.vault.engine.connect() as conn:
        revision = migrate.current_revision(conn)
    if revision != migrate.head_revision():
        raise _StepFailed(f"schema {revision} is not the latest, {migrate.head_revision()}")
    return "reopened with the passphrase; the record reads back"


def _export(state: _State) -> str:
    out = state.folder / "out"
    out.mkdir()
    built = returns.build_return(state.open_vault, f"{state.today:%Y-%m}", out, today=state.today)
    state.bundle = built.path
    return f"{built.path.name}, {built.path.stat().st_size:,} bytes"


def _verify(state: _State) -> str:
    if state.bundle is None:
        raise _StepFailed("no bundle was written")
    keys = signing.as_trusted(signing.records(state.open_vault))
    accepted = verify_bundle(
        state.bundle.read_bytes(),
        state.bundle.name,
        keys,
        None,
        state.clock.now(),
        read_totals,
    )
    wanted = {"volunteers_included": 1, "shifts_attended": 1, "service_minutes": 240}
    found = {key: accepted.totals.get(key) for key in wanted}
    if found != wanted:
        raise _StepFailed(f"the return's figures are {found}, not {wanted}")
    return f"signature, files and figures check (return {accepted.sequence})"


def _integrity(state: _State) -> str:
    report = vaults.check_integrity(state.open_vault)
    if not report.ok:
        raise _StepFailed(
            f"{len(report.cipher_errors)} page and {len(report.sqlite_errors)} structure "
            f"faults; audit chain broken at {report.audit_first_broken_id}"
        )
    return f"pages, structure and audit chain ({counted(report.audit_entries, 'entry')}) sound"
