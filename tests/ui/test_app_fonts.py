"""The bundled fonts load into Qt and stand behind the interface font, so Ethiopic and
Arabic-script names show in tables and forms on a machine without such fonts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from coordinator_app.ui.app.fonts import FALLBACKS, add_bundled_fonts


@pytest.fixture
def families(qapp: QApplication) -> Iterator[list[str]]:
    yield add_bundled_fonts(qapp)
    # Other tests share this application: leave its interface font as it was.
    QFont.removeSubstitutions(qapp.font().family())


def test_the_bundled_families_load_and_back_the_interface_font(
    qapp: QApplication, families: list[str]
) -> None:
    assert {*FALLBACKS, "Noto Sans Mono"} <= set(families)
    assert set(FALLBACKS) <= set(QFontDatabase.families())
    wanted = [family.lower() for family in FALLBACKS]  # Qt keeps substitutes in lower case
    assert [f for f in QFont.substitutes(qapp.font().family()) if f in wanted] == wanted
    # The loaded files have the letters: Tigrinya, Pashto and Sorani ones.
    for family, letters in (("Noto Sans Ethiopic", "ተስፋዬ"), ("Noto Sans Arabic", "ځڼۍێە")):
        metrics = QFontMetrics(QFont(family))
        assert all(metrics.inFontUcs4(ord(letter)) for letter in letters)
