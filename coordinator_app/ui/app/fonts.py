"""The bundled fonts (``resources/fonts``, the PDFs' Noto fonts) for the app's own tables and
forms: a Windows laptop without the language packs has no font for Ethiopic, and names in
Tigrinya or Amharic would show as boxes. Registered with Qt, they are there to fall back to.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from coordinator_app.domain.resources import resource_dir

# Tried, in order, for letters the interface font lacks.
FALLBACKS = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic")


def add_bundled_fonts(app: QGuiApplication) -> list[str]:
    """Register every bundled font with Qt and name them as the interface font's fallbacks;
    returns the families Qt loaded. A file Qt cannot read is skipped: the app still starts,
    with boxes only for the letters no other font has."""
    families: set[str] = set()
    for path in sorted((resource_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    QFont.insertSubstitutions(app.font().family(), [f for f in FALLBACKS if f in families])
    return sorted(families)
