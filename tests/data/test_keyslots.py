"""Keyslots on real vault files: several coordinators, key-file parameters only as the app
writes them, re-keying, the single-use recovery key, and key material gone after lock."""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from coordinator_app.data.keyfile import MEMORY_KIB, KeyFile, Keyslot
from coordinator_app.data.models import AuditEntryRow
from coordinator_app.data.throttle import MAX_WAIT_SECONDS, UnlockThrottle
from coordinator_app.data.vault import Vault
from coordinator_app.data.vault_keys import PENDING_KEY_NAME
from coordinator_app.domain.errors import (
    InvalidInput,
    TooManyAttempts,
    VaultDamaged,
    WrongPassphrase,
)
from tests.conftest import FAST_KDF, PASSPHRASE

SECOND = "copper meadow kettle lighthouse"
THIRD = "saffron glacier violin paddock"


def _actors(vault: Vault, action: str) -> list[str]:
    with vault.unit_of_work() as session:
        return list(
            session.scalars(
                select(AuditEntryRow.actor)
                .where(AuditEntryRow.action == action)
                .order_by(AuditEntryRow.id)
            )
        )


def _doc(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "vault.key").read_text())


def test_two_coordinators_open_the_same_vault_and_the_audit_names_each(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.add_coordinator("Second Generated-Coordinator", SECOND)
    assert [c.name for c in vault.coordinators()] == [
        "Test Coordinator-Generated",
        "Second Generated-Coordinator",
    ]
    vault.close()
    with Vault.open(vault_dir, SECOND) as second:
        assert second.actor == "Second Generated-Coordinator"
    with Vault.open(vault_dir, PASSPHRASE) as first:
        assert first.actor == "Test Coordinator-Generated"
        assert _actors(first, "unlock")[-2:] == [
            "Second Generated-Coordinator",
            "Test Coordinator-Generated",
        ]
        assert _actors(first, "coordinator_added") == ["Test Coordinator-Generated"]


def test_a_removed_coordinator_cannot_open_and_nothing_else_is_rewrapped(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.add_coordinator("Second Generated-Coordinator", SECOND)
    before = {s["slot_id"]: s for s in _doc(vault_dir)["slots"]}
    vault.remove_coordinator("second generated-coordinator")  # any case, any spacing
    after = {s["slot_id"]: s for s in _doc(vault_dir)["slots"]}
    assert set(after) < set(before) and all(after[k] == before[k] for k in after)
    with pytest.raises(InvalidInput, match="only coordinator"):
        vault.remove_coordinator("Test Coordinator-Generated")
    with pytest.raises(InvalidInput, match="No coordinator called"):
        vault.remove_coordinator("Nobody")
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, SECOND)
    Vault.open(vault_dir, PASSPHRASE).close()


def test_names_are_bound_to_their_slots(new_vault: tuple[Vault, str], vault_dir: Path) -> None:
    vault, _ = new_vault
    vault.add_coordinator("Second Generated-Coordinator", SECOND)
    vault.close()
    doc = _doc(vault_dir)
    doc["slots"][-1]["label"] = "Test Coordinator-Generated"  # pose as the first
    (vault_dir / "vault.key").write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, SECOND)


def test_an_older_vaults_single_slot_takes_its_name_from_the_database(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    data_key = bytes(vault._key())
    keyfile = KeyFile.load(vault_dir / "vault.key")
    vault.close()
    # The slot as versions before named coordinators wrote it: label "coordinator", unbound.
    slot = keyfile.coordinators()[0]
    derived = slot.kdf.derive(PASSPHRASE.encode())
    nonce = secrets.token_bytes(12)
    aad = keyfile._aad(slot.slot_id, "passphrase", None)
    old = Keyslot(
        slot.slot_id, "passphrase", "coordinator", slot.created_at, slot.kdf, nonce,
        AESGCM(derived).encrypt(nonce, data_key, aad),
    )  # fmt: skip
    slots = tuple(old if s is slot else s for s in keyfile.slots)
    KeyFile(keyfile.vault_id, slots, keyfile.records).save(vault_dir / "vault.key")
    assert "label_bound" not in _doc(vault_dir)["slots"][0]
    with Vault.open(vault_dir, PASSPHRASE, kdf=FAST_KDF) as opened:
        assert opened.actor == "Test Coordinator-Generated"
        assert [c.name for c in opened.coordinators()] == ["Test Coordinator-Generated"]
        opened.add_coordinator("Second Generated-Coordinator", SECOND)
    with Vault.open(vault_dir, SECOND) as second:
        assert second.actor == "Second Generated-Coordinator"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("memory_kib", 4 * 1024 * 1024),  # the planted 4 GiB slot
        ("iterations", 64),
        ("memory_kib", 32),  # the planted 32 KiB slot
        ("lanes", 16),
        ("iterations", "1"),
    ],
)
def test_planted_slots_are_refused_before_any_derivation(
    new_vault: tuple[Vault, str], vault_dir: Path, field: str, value: object
) -> None:
    vault, _ = new_vault
    vault.close()
    doc = _doc(vault_dir)
    planted = json.loads(json.dumps(doc["slots"][0]))
    planted["slot_id"] = "0123456789abcdef"
    planted["kdf"][field] = value
    if field == "iterations" and value == 64:
        planted["kdf"]["memory_kib"] = 4 * 1024 * 1024
    doc["slots"].insert(0, planted)
    (vault_dir / "vault.key").write_text(json.dumps(doc))
    started = time.perf_counter()
    with pytest.raises(VaultDamaged, match="damaged"):
        Vault.open(vault_dir, PASSPHRASE)
    assert time.perf_counter() - started < 5


def test_more_slots_than_coordinators_are_refused(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    doc = _doc(vault_dir)
    recovery = next(s for s in doc["slots"] if s["kind"] == "recovery")
    doc["slots"].append({**recovery, "slot_id": "fedcba9876543210"})  # a second recovery slot
    (vault_dir / "vault.key").write_text(json.dumps(doc))
    with pytest.raises(VaultDamaged):
        Vault.open(vault_dir, PASSPHRASE)
    doc["slots"] = doc["slots"][:1] * 14
    (vault_dir / "vault.key").write_text(json.dumps(doc))
    with pytest.raises(VaultDamaged):
        Vault.open(vault_dir, PASSPHRASE)


def test_new_slots_use_the_apps_parameters_never_the_files(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    # Opened without chosen parameters (as the app is): the light ones in the file stay
    # theirs, the changed passphrase gets calibrated ones.
    with Vault.open(vault_dir, PASSPHRASE) as opened:
        opened.change_passphrase(PASSPHRASE, SECOND)
    kdfs = [s["kdf"] for s in _doc(vault_dir)["slots"]]
    assert kdfs[-1]["memory_kib"] == MEMORY_KIB and kdfs[-1]["lanes"] == 4
    assert kdfs[0]["memory_kib"] == FAST_KDF.memory_kib  # the recovery slot, untouched
    with pytest.raises(ValueError):
        KeyFile.new().with_slot(
            "passphrase", "x", SECOND, b"k" * 32, FAST_KDF.__class__(b"s" * 16, 1, 32, 1),
            opened.clock.now(),
        )  # fmt: skip


def test_throttle_ignores_a_future_or_malformed_entry_and_caps_the_wait(tmp_path: Path) -> None:
    state = tmp_path / "attempts.json"
    throttle = UnlockThrottle(state, "v")
    now = 1_800_000_000.0
    state.write_text(json.dumps({"v": {"failures": 40, "last": 1e15}}))
    throttle.check(now)  # a `last` in the future: ignored, not "998203603082 seconds"
    for bad in ({"failures": "x", "last": 0}, {"failures": -3}, [], {"failures": True}):
        state.write_text(json.dumps({"v": bad, "other": {"failures": 1, "last": now}}))
        throttle.check(now)  # a malformed entry blocks nothing
    assert throttle.record_failure(now) == 1  # and is rewritten soundly
    assert json.loads(state.read_text()) == {
        "v": {"failures": 1, "last": now},
        "other": {"failures": 1, "last": now},
    }
    state.write_text(json.dumps({"v": {"failures": 10**9, "last": now}}))
    throttle.check(now)  # out of range: ignored
    state.write_text(json.dumps({"v": {"failures": 999, "last": now - 1}}))
    with pytest.raises(TooManyAttempts) as caught:
        throttle.check(now)
    waited = int(caught.value.sentence().split("Try again in ")[1].split(" ")[0])
    assert 0 < waited <= MAX_WAIT_SECONDS
    state.write_text("{not json")
    throttle.check(now)


def test_rekey_retires_the_old_key_file_and_passphrase(
    new_vault: tuple[Vault, str], vault_dir: Path, tmp_path: Path
) -> None:
    vault, recovery = new_vault
    vault.add_coordinator("Second Generated-Coordinator", SECOND)
    vault.close()
    stolen = tmp_path / "stolen"  # a lost laptop's copy of the vault folder
    shutil.copytree(vault_dir, stolen, ignore=shutil.ignore_patterns("vault.lock"))
    steps: list[tuple[int, int]] = []
    with Vault.open(vault_dir, PASSPHRASE, kdf=FAST_KDF) as opened:
        done = opened.rekey(PASSPHRASE, THIRD, lambda d, t, _label: steps.append((d, t)))
        assert done.removed == ("Second Generated-Coordinator",)
        assert _actors(opened, "vault_rekeyed") == ["Test Coordinator-Generated"]
    assert steps[0] == (0, 4) and steps[-1] == (4, 4)
    assert not list((vault_dir / "backups").glob("pre-rekey_*"))
    assert not (vault_dir / PENDING_KEY_NAME).exists()
    # The old key file with the old passphrase no longer opens the re-keyed database.
    shutil.copyfile(stolen / "vault.key", vault_dir / "vault.key.old")
    (vault_dir / "vault.key").replace(vault_dir / "vault.key.new")
    (vault_dir / "vault.key.old").replace(vault_dir / "vault.key")
    with pytest.raises(VaultDamaged, match="cannot be read"):
        Vault.open(vault_dir, PASSPHRASE)
    (vault_dir / "vault.key.new").replace(vault_dir / "vault.key")
    for old in (PASSPHRASE, SECOND):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault_dir, old)
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(vault_dir, recovery)
    with Vault.open(vault_dir, THIRD) as reopened:
        assert reopened.integrity().ok
    Vault.open_with_recovery(vault_dir, done.recovery_key).close()


def test_an_interrupted_rekey_keeps_the_key_file_that_opens(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    vault, _ = new_vault
    vault.close()
    # Cut short after the pending key file was written, before the database changed.
    shutil.copyfile(vault_dir / "vault.key", vault_dir / PENDING_KEY_NAME)
    Vault.open(vault_dir, PASSPHRASE).close()
    assert not (vault_dir / PENDING_KEY_NAME).exists()


def test_after_lock_the_vault_holds_no_key_material(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    held = vault._key()
    assert any(held)
    vault.close()
    assert held == bytearray(32)  # overwritten in place, not just dropped
    assert vault._data_key is None and vault._new_kdf is None and vault._slot_id is None
    with pytest.raises(VaultDamaged, match="locked"):
        vault._key()


def test_another_coordinator_saving_settings_stays_who_they_are(
    new_vault: tuple[Vault, str], vault_dir: Path
) -> None:
    from dataclasses import replace

    from coordinator_app.services.vault import settings

    vault, _ = new_vault
    vault.add_coordinator("Second Generated-Coordinator", SECOND)
    vault.close()
    with Vault.open(vault_dir, SECOND) as second:
        saved = settings.load_settings(second)
        settings.save_settings(second, replace(saved, idle_lock_minutes=7))
        assert second.actor == "Second Generated-Coordinator"
        assert _actors(second, "settings_changed") == ["Second Generated-Coordinator"]
