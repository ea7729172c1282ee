"""Asking where to save or what to open, starting in the person's Documents folder. Screens
take these as parameters so tests can answer without a dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

Chooser = Callable[[QWidget, str], Path | None]


def documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def choose_folder(parent: QWidget, title: str, start: str = "") -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, start or documents())
    return Path(chosen) if chosen else None


def choose_keys_file(parent: QWidget, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, documents(), "Trusted keys (*.json)")
    return Path(chosen) if chosen else None


SaveChooser = Callable[[QWidget, str, str, str], Path | None]


def choose_save_file(parent: QWidget, title: str, suggested: str, kinds: str) -> Path | None:
    """Where to save a file: ``suggested`` is a file name, offered in Documents."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, str(Path(documents()) / suggested), kinds
    )
    return Path(chosen) if chosen else None
