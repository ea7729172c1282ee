from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from coordinator_app.domain import recovery_key
from coordinator_app.domain.trusts import trust_by_code
from coordinator_app.export.recovery_sheet import write_recovery_sheet


def test_sheet_holds_key_trust_coordinator_and_vault(tmp_path: Path) -> None:
    key = recovery_key.generate()
    path = tmp_path / "sheets" / "recovery.pdf"
    write_recovery_sheet(
        path,
        trust=trust_by_code("ABUHB"),
        coordinator_name="Generated <Coordinator> & Co",
        vault_id="0d6f3f0e-1111-4c3b-9a55-000000000001",
        recovery_key=key,
        created_at=datetime(2026, 11, 24, tzinfo=UTC),
    )
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for group in key.split("-"):
        assert group in text
    assert "Aneurin Bevan University Health Board" in text
    assert "Generated <Coordinator> & Co" in text
    assert "0d6f3f0e-1111-4c3b-9a55-000000000001" in text
    assert "24/11/2026" in text
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
