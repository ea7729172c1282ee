"""Reading a return bundle as the contract says ("What a reader checks", in its order): the
first failure refuses the bundle with a code for scripts and a sentence for the programme
manager. Nothing here trusts the archive: sizes and names are checked from the ZIP's
directory before any entry is unpacked, and no entry is ever read past its declared size.
The checks live in the modules beside this one; this is what callers import."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from coordinator_app.export.verify.archive import (
    MAX_ARCHIVE,
    check_files,
    checked_entries,
    open_archive,
    read_manifest,
)
from coordinator_app.export.verify.chain import (
    AcceptedReturn,
    ChainState,
    Link,
    check_chain,
    check_revocation,
)
from coordinator_app.export.verify.errors import BundleRefused, ReaderFileInvalid
from coordinator_app.export.verify.keys import (
    TrustedKey,
    check_key,
    check_signature,
    load_trusted_keys,
    read_signature,
)
from coordinator_app.export.verify.layout import check_layout
from coordinator_app.export.verify.manifest import (
    check_times,
    check_totals,
    checked_manifest,
    signed_document,
)

__all__ = [
    "MAX_ARCHIVE",
    "AcceptedReturn",
    "BundleRefused",
    "ChainState",
    "Link",
    "ReaderFileInvalid",
    "TrustedKey",
    "load_trusted_keys",
    "verify_bundle",
]


def verify_bundle(
    data: bytes,
    file_name: str,
    keys: Sequence[TrustedKey],
    state: ChainState | None,
    now: datetime,
    read_totals: Callable[[bytes], Mapping[str, int]] | None = None,
) -> AcceptedReturn:
    """Every check of the contract, in its order; BundleRefused on the first failure.
    ``state`` is only read (see ChainState.accept); with None the chain is not checked."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware time")
    with open_archive(data) as archive:
        entries = checked_entries(archive)  # 1
        check_layout(data)
        signature = read_signature(archive, entries)  # 2
        manifest_bytes = read_manifest(archive, entries)
        check_signature(manifest_bytes, signature, keys)
        doc = signed_document(manifest_bytes)
        check_key(signature.key_id, doc, keys)
        manifest = checked_manifest(manifest_bytes, doc, file_name, signature)  # 3
        workbook = check_files(archive, entries, manifest.files)  # 4
    check_times(manifest, now)  # 5
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    missing = check_chain(manifest, digest, state)  # 6
    check_revocation(signature.key_id, manifest.trust, keys, now)  # 7
    check_totals(workbook, manifest.totals, read_totals)  # 8
    return AcceptedReturn(
        trust=manifest.trust,
        sequence=manifest.sequence,
        period_label=manifest.period_label,
        manifest_sha256=digest,
        created_at=manifest.created_at,
        key_id=signature.key_id,
        file_name=file_name,
        totals=manifest.totals,
        supersedes=manifest.supersedes,
        missing_before=missing,
        previous_manifest_sha256=manifest.previous,
        checked_at=now,
    )
