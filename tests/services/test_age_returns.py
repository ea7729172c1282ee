"""Encryption in transit through the services on real vaults: the programme manager's
identity (made with the vault, rotated, every one tried), the coordinator's recipients,
returns written as `….zip.age` with the recipients signed into the manifest, received in
the programme manager's vault, and the size limits checked before decrypting."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from coordinator_app.data.models import CoordinatorRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput
from coordinator_app.export.encryption import MAX_CIPHERTEXT, decrypt_bundle
from coordinator_app.export.verify.errors import BundleRefused
from coordinator_app.services.returns import programme, recipients, returns
from coordinator_app.services.vault import age_identity, signing, vaults
from tests.conftest import FAST_KDF, PASSPHRASE

TODAY = date(2026, 11, 27)


@pytest.fixture
def manager(tmp_path: Path) -> Vault:
    vault, _ = vaults.create_vault(
        tmp_path / "pm", "", "Generated Manager", PASSPHRASE, kdf=FAST_KDF, kind="programme"
    )
    return vault


def _manifest(bundle: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        loaded: dict[str, object] = json.loads(archive.read("manifest.json"))
    return loaded


def test_a_return_is_encrypted_to_every_recipient_and_received_by_the_manager(
    manager: Vault, new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    trust, _ = new_vault
    files = age_identity.write_recipient_files(manager, tmp_path / "sent-by-pm")
    assert files[0].name == "programme-recipient.txt"
    assert [r.recipient for r in recipients.add(trust, str(files[0]))] == [
        age_identity.recipient(manager).current.recipient
    ]
    assert recipients.add(trust, str(files[0])) == []  # registered once
    built = returns.build_return(trust, "2026-10", tmp_path / "out", today=TODAY)
    assert built.path.name == "rvc-return_RUH_2026-10_0001.zip.age"
    assert built.encrypted_to == (age_identity.recipient(manager).current.recipient,)
    assert not any("NOT encrypted" in w for w in built.warnings)
    inside = decrypt_bundle(built.path.read_bytes(), age_identity.identities(manager))
    assert _manifest(inside)["recipients"] == list(built.encrypted_to)
    (listed,) = returns.history(trust)  # the history names the file that was written
    assert listed.encrypted and listed.saved_as == built.path.name

    keys = tmp_path / "trusted-keys.json"
    keys.write_text(json.dumps(signing.trusted_key_entries(signing.records(trust))))
    programme.add_keys(manager, keys)
    got = programme.receive_folder(manager, tmp_path / "out", datetime.now(UTC))
    assert [a.sequence for a in got.accepted] == [1] and got.refused == ()
    assert got.accepted[0].file_name == "rvc-return_RUH_2026-10_0001.zip"


def test_without_a_recipient_the_plain_zip_comes_with_a_warning(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    trust, _ = new_vault
    built = returns.build_return(trust, "2026-10", tmp_path, today=TODAY)
    assert built.path.suffix == ".zip" and built.encrypted_to == ()
    assert returns.history(trust)[0].saved_as == built.path.name
    assert _manifest(built.path.read_bytes())["recipients"] == []
    (said,) = [w for w in built.warnings if "NOT encrypted" in w]
    assert "no programme manager's recipient is registered" in said
    assert "personal data under UK GDPR" in said


def test_rotation_keeps_every_identity_and_names_the_retired_recipient(
    manager: Vault, tmp_path: Path
) -> None:
    first = age_identity.recipient(manager).current
    rotated = age_identity.rotate(manager)
    assert rotated.current.recipient != first.recipient
    assert [r.recipient for r in rotated.retired] == [first.recipient]
    assert len(age_identity.identities(manager)) == 2
    _, sheet = age_identity.write_recipient_files(manager, tmp_path)
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages).replace("\n", "")
    assert rotated.current.recipient in text and first.recipient in text
    assert rotated.current.fingerprint in text and "Generated Manager" in text


def test_the_sheets_name_every_coordinator_of_the_vault(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    with vault.unit_of_work() as session:
        session.add(CoordinatorRow(trust_code="RUH", name="Second Person", created_at="x"))
    assert signing.records(vault).coordinator.endswith(", Second Person")


def test_a_ciphertext_too_large_for_a_return_is_refused_before_it_is_read(
    manager: Vault, tmp_path: Path
) -> None:
    huge = tmp_path / "rvc-return_RUH_2026-10_0001.zip.age"
    with huge.open("wb") as handle:  # sparse: no disk space used
        handle.truncate(MAX_CIPHERTEXT + 1)
    with pytest.raises(BundleRefused) as refused:
        programme.read_bundle(huge, age_identity.identities(manager))
    assert refused.value.code == "archive-too-large"
    with pytest.raises(BundleRefused) as not_age:
        decrypt_bundle(b"PK\x03\x04 not age", age_identity.identities(manager))
    assert not_age.value.code == "not-age"


def test_a_recipient_must_parse(new_vault: tuple[Vault, str], tmp_path: Path) -> None:
    trust, _ = new_vault
    with pytest.raises(InvalidInput, match="is not an age recipient"):
        recipients.add(trust, "age1qqqq")
    (tmp_path / "empty.txt").write_text("# nothing here\n")
    with pytest.raises(InvalidInput, match="holds no age recipient"):
        recipients.add(trust, str(tmp_path / "empty.txt"))
    assert recipients.registered(trust) == []
