"""Moving the audit chain's anchor (its head, kept in the key file) on as changes commit.

The head is worked out at each commit from the one before it (from what the commit
appended, or primary-key lookups; never a count of the whole trail) and remembered. The
key file, which also holds the vault's wrapped keys, is rewritten with it at most once a
second (with any other record kept there) and when the vault closes. Rewriting it (two
fsyncs) on every save was most of a save's time, and a file that holds the keys is safer
rewritten less often.

What that costs: after a crash the anchor can lag by up to a second of work, so cutting
those last entries would go unnoticed; restoring an older database or cutting anything older
is still reported. A head is written as it was at its commit, never read again later, so
entries deleted after a change are reported too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress

from sqlalchemy import Connection, text

from coordinator_app.data.audit import Appended
from coordinator_app.data.audit_anchor import Head, head

WRITE_EVERY_S = 1.0
_AFTER = text("SELECT count(*), max(id) FROM audit_log WHERE id > :id")
_HASH_OF = text("SELECT entry_hash FROM audit_log WHERE id = :id")


def from_record(kept: object) -> Head | None:
    """The head a key file's record names; None when it is missing, unreadable or from
    before heads carried their entry's id."""
    if not isinstance(kept, dict):
        return None
    try:
        return Head(int(kept["entries"]), str(kept["sha256"]), int(kept["id"]))
    except (KeyError, TypeError, ValueError):
        return None


def holds(connection: Connection, known: Head) -> bool:
    """The trail still has ``known``'s last entry, unchanged."""
    if known.entries == 0:
        return True
    found = connection.execute(_HASH_OF, {"id": known.last_id}).scalar()
    return found is not None and found == known.sha256


def head_after(connection: Connection, known: Head) -> Head:
    """The head now, for a trail that still holds ``known`` (entries are only appended)."""
    added, last = connection.execute(_AFTER, {"id": known.last_id}).one()
    if not added:
        return known
    sha256 = connection.execute(_HASH_OF, {"id": last}).scalar_one()
    return Head(known.entries + int(added), str(sha256), int(last))


class AnchorKeeper:
    """The head known to this open vault, and the one waiting to be written."""

    def __init__(self, kept: object) -> None:
        self._known = from_record(kept)
        self._pending: Head | None = None
        self._written_at = -WRITE_EVERY_S
        self._lock = threading.Lock()

    def committed(self, connection: Connection, *, force: bool = False) -> None:
        """After a commit that wrote entries. Unless ``force``d, a trail that no longer
        holds the known head keeps it, for the next check to report."""
        with self._lock:
            known = self._known
            if not force and known is not None and not holds(connection, known):
                return
            # Counted whole only when nothing is known (or after a re-chain, ``force``).
            new = head(connection) if force or known is None else head_after(connection, known)
            if new != known or force:
                self._known = self._pending = new

    def appended(self, written: Appended) -> bool:
        """After a commit that appended ``written`` right after the known head: moved on
        from it with no read. False when the trail did not continue from the known head."""
        with self._lock:
            known = self._known
            if known is None or (known.last_id, known.sha256) != (
                written.before_id,
                written.before_hash,
            ):
                return False
            self._known = self._pending = Head(
                known.entries + written.added, written.last_hash, written.last_id
            )
            return True

    def waiting(self) -> Head | None:
        """The head the key file does not hold yet."""
        with self._lock:
            return self._pending

    def wait_left(self) -> float:
        """Seconds until the key file may be rewritten."""
        with self._lock:
            return max(0.0, WRITE_EVERY_S - (time.monotonic() - self._written_at))

    def written(self, head: Head | None) -> None:
        """The key file was rewritten holding ``head`` (from ``waiting``): it waits no more,
        unless a newer one came meanwhile."""
        with self._lock:
            self._written_at = time.monotonic()
            if self._pending == head:
                self._pending = None


class AnchorWriter:
    """Writes the waiting head into the key file on a thread of its own, a second at most
    after the last write, so a save returns as soon as its transaction commits. Written
    inline, the key file (two fsyncs) was two thirds of a save whenever saves came a second
    or more apart, as a coordinator marking a register makes them (3 ms of 4.7 ms here).

    The thread sleeps rather than waiting on a timer: a timed wait never ends under
    faketime, which the suite runs under (time.sleep does)."""

    def __init__(self, keeper: AnchorKeeper, write: Callable[[], None]) -> None:
        self._keeper = keeper
        self._write = write  # rewrites the key file unless the vault has closed
        self._waiting = False
        self._lock = threading.Lock()
        self._stopped = False

    def soon(self) -> None:
        """After a commit: a thread for the waiting head, unless one is on its way."""
        with self._lock:
            if self._stopped or self._waiting or self._keeper.waiting() is None:
                return
            self._waiting = True
        # Daemon: closing the vault writes what still waits, and stops this one writing.
        threading.Thread(
            target=self._after, args=(self._keeper.wait_left(),), name="audit-anchor", daemon=True
        ).start()

    def _after(self, seconds: float) -> None:
        time.sleep(seconds)
        with self._lock:
            self._waiting = False
            if self._stopped:
                return
        # A key file that cannot be written now keeps the head waiting, for the next
        # commit's thread or the close; the older head it holds is still in the trail.
        with suppress(OSError):
            self._write()

    def stop(self) -> None:
        """No more writes from here (the vault is closing and writes what waits itself)."""
        with self._lock:
            self._stopped = True
