"""Logs and crash reports hold no personal data, even when errors quote it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.services.vault import diagnostics

SENTINEL = "Zubaida Sentinelova"


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "").startswith(str(folder)):
            root.removeHandler(handler)
            handler.close()


def _fails_with_personal_data(volunteer_name: str) -> None:
    note = f"notes about {volunteer_name}"
    raise ValueError(f"could not save {volunteer_name}: {note}")


def _integrity_error_quoting(value: str) -> IntegrityError:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE person (name TEXT UNIQUE)"))
        conn.execute(text("INSERT INTO person VALUES (:n)"), {"n": value})
        try:
            conn.execute(text("INSERT INTO person VALUES (:n)"), {"n": value})
        except IntegrityError as exc:
            return exc
    raise AssertionError("the duplicate insert should fail")


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_sentinel_never_reaches_logs_or_reports(log_folder: Path) -> None:
    log_path = diagnostics.setup_logging(log_folder)
    logging.getLogger("coordinator_app.test").info("a plain event")
    reports = []
    try:
        _fails_with_personal_data(SENTINEL)
    except ValueError as exc:
        logging.getLogger("coordinator_app.test").exception("saving failed")
        reports.append(diagnostics.write_crash_report(exc, folder=log_folder))
    db_error = _integrity_error_quoting(SENTINEL)
    assert isinstance(db_error.orig, sqlite3.IntegrityError)
    try:
        raise db_error
    except IntegrityError as exc:
        logging.getLogger("sqlalchemy.engine").exception("insert failed")
        reports.append(diagnostics.write_crash_report(exc, folder=log_folder))
    for handler in logging.getLogger().handlers:
        handler.flush()

    everything = _all_bytes(log_folder)
    assert SENTINEL.encode() not in everything
    assert b"a plain event" in log_path.read_bytes()
    first = reports[0].read_text()
    assert "builtins.ValueError" in first
    assert "_fails_with_personal_data" in first
    assert "sqlalchemy.exc.IntegrityError" in reports[1].read_text()
    assert "SQLAlchemy:" in first and "cryptography:" in first


def test_user_facing_sentences_are_kept(log_folder: Path) -> None:
    try:
        raise InvalidInput("That date is not a real date.", "Use dd/mm/yyyy.")
    except InvalidInput as exc:
        report = diagnostics.write_crash_report(exc, folder=log_folder)
    assert "That date is not a real date. Use dd/mm/yyyy." in report.read_text()


def test_setup_logging_twice_adds_one_handler(log_folder: Path) -> None:
    diagnostics.setup_logging(log_folder)
    diagnostics.setup_logging(log_folder)
    ours = [
        h
        for h in logging.getLogger().handlers
        if getattr(h, "baseFilename", "").startswith(str(log_folder))
    ]
    assert len(ours) == 1


def test_home_folder_is_not_in_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    home = Path(__file__).resolve().parents[3]  # a folder this test file is really under
    monkeypatch.setenv("HOME", str(home))
    try:
        _fails_with_personal_data(SENTINEL)
    except ValueError as exc:
        text_ = diagnostics.report_text(exc)
    assert str(home) + "/" not in text_
    assert "~/" in text_ and "test_diagnostics.py" in text_


def test_unwritable_log_folder_falls_back(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    report = diagnostics.write_crash_report(RuntimeError(SENTINEL), folder=blocked / "logs")
    assert report.exists() and SENTINEL not in report.read_text()
    report.unlink()
