"""SQLAlchemy models: the vault's tables. Migrations in ``migrations/`` create them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class TrustRow(Base):
    """The trust this vault belongs to (one per vault; a row so returns can name it)."""

    __tablename__ = "trust"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(300))


class CoordinatorRow(Base):
    __tablename__ = "coordinator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trust_code: Mapped[str] = mapped_column(ForeignKey("trust.code"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[str] = mapped_column(String(32))


class SettingRow(Base):
    """One setting as JSON text, so new settings need no migration."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    """Append-only; each entry holds the hash of the one before it, so edits and deletions
    anywhere in the trail break the chain and ``integrity`` finds them."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class DraftRow(Base):
    """A half-filled form saved when the vault locks, restored on unlock (encrypted like
    everything else in the vault)."""

    __tablename__ = "draft"

    form_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    saved_at: Mapped[str] = mapped_column(String(32))
    payload_json: Mapped[str] = mapped_column(Text)
