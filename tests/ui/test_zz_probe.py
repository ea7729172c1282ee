from datetime import date
from pathlib import Path
import pytest
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication
from coordinator_app.domain.volunteers import VolunteerDetails
from coordinator_app.services.shifts import placements
from coordinator_app.services.shifts.placements import PlacementDetails
from coordinator_app.services.volunteers import volunteers
from coordinator_app.ui.shifts.register_page import ShiftsPage
from tests.ui.conftest import unlocked_window
from tests.ui.clipping import clipped_content
from tests.ui.accessibility import settle

TODAY = date(2026, 11, 27)

@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_probe(qtbot, tmp_path, synchronous_ops, vault_templates, qapp, scale):
    original = QFont(qapp.font())
    if scale != 1.0:
        f = QFont(original); f.setPointSizeF(original.pointSizeF()*scale); qapp.setFont(f)
    try:
        folder = tmp_path / "vault"
        vault, _ = vault_templates.open(folder, "ABUHB", "Generated Coordinator")
        placements.add_placement(vault, PlacementDetails("Generated Estates", "non_patient_facing", False))
        volunteers.register(vault, VolunteerDetails(given_names="Generated", family_name="Person", role="non_patient_facing"), TODAY, [], allow_duplicates=True)
        vault.close()
        window = unlocked_window(qtbot, folder, TODAY)
        print(QGuiApplication.primaryScreen().availableGeometry())
        page = next(p for p in window.pages if isinstance(p, ShiftsPage))
        window.nav.setCurrentRow(window.pages.index(page))
        page.open_booking()
        d = page.booking
        settle(d)
        print("before", d.size(), d.frameGeometry())
        print("\n".join(clipped_content(d)))
        d.grab().save(f"/tmp/fit/book-before-{scale}.png")
        d.volunteer.setCurrentIndex(0)
        d.book_button.click()
        settle(d)
        print("msg", d.message.text())
        print("warn", d.size())
        print("\n".join(clipped_content(d)))
        d.grab().save(f"/tmp/fit/book-warn-{scale}.png")
        window.session.lock("t")
    finally:
        qapp.setFont(original)
