"""Change notices on the REAL database thread (not set_synchronous): a write says what it
changed, pages showing it reload (now if visible, else when shown), an operation asked for
while locked does nothing, and charts and reports do not queue behind the database."""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path
from typing import TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from coordinator_app.services.demo.demo import add_demo_volunteers
from coordinator_app.services.progress import Progress
from coordinator_app.services.vault import vaults
from coordinator_app.ui.app.main_window import MainWindow
from coordinator_app.ui.reports.charts import ChartSpec, ChartView, Series
from coordinator_app.ui.reports.dashboard_page import DashboardPage
from coordinator_app.ui.session import ops
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.support.activities_page import ActivitiesPage
from coordinator_app.ui.support.plans_page import PlansPage
from coordinator_app.ui.volunteers.volunteers_page import VolunteersPage
from tests.clock import A_DAY, clock_on
from tests.conftest import FAST_KDF, PASSPHRASE

WAIT_MS = 20_000
PEOPLE = 3
P = TypeVar("P", bound=QWidget)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """Unlocked through the unlock screen, every page built, all on the database thread."""
    folder = tmp_path / "vault"
    vault, _ = vaults.create_vault(folder, "KRH", "Generated Coordinator", PASSPHRASE, kdf=FAST_KDF)
    add_demo_volunteers(vault, PEOPLE, random.Random(5), Progress(), A_DAY)
    vault.close()
    window = MainWindow(AppSession(folder, clock=clock_on(A_DAY)))
    qtbot.addWidget(window)
    window.show()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=WAIT_MS)
    window.pages  # noqa: B018 (builds the rest now, not a turn of the event loop at a time)
    plans = _page(window, PlansPage)
    qtbot.waitUntil(lambda: plans.volunteer.count() == PEOPLE, timeout=WAIT_MS)
    return window


def _page(window: MainWindow, kind: type[P]) -> P:
    return next(p for p in window.pages if isinstance(p, kind))


def _show(window: MainWindow, page: QWidget) -> None:
    window.nav.setCurrentRow(window.pages.index(page))
    assert page.isVisible()


def _names(box: QComboBox) -> list[str]:
    return [box.itemText(n) for n in range(box.count())]


def _add_volunteer(qtbot: QtBot, window: MainWindow, family: str) -> None:
    page = _page(window, VolunteersPage)
    _show(window, page)
    page.new_button.click()
    page.form.given.setText("Generated")
    page.form.family.setText(family)
    page.form.email.setText(f"generated.{family.lower()}@example.org")
    page.save_button.click()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.details.family_name == family,
        timeout=WAIT_MS,
    )


def test_a_volunteer_added_shows_in_support_plans_and_activities_without_a_lock(
    qtbot: QtBot, window: MainWindow
) -> None:
    plans, activities = _page(window, PlansPage), _page(window, ActivitiesPage)
    assert not any("Newperson" in n for n in _names(plans.volunteer))
    _add_volunteer(qtbot, window, "Newperson-Notice")
    _show(window, plans)
    qtbot.waitUntil(
        lambda: any("Newperson-Notice" in n for n in _names(plans.volunteer)), timeout=WAIT_MS
    )
    _show(window, activities)
    qtbot.waitUntil(
        lambda: any("Newperson-Notice" in n for n in _names(activities.person)), timeout=WAIT_MS
    )
    assert plans.volunteer.count() == activities.person.count() == PEOPLE + 1
    assert window.session.is_unlocked  # no lock was needed to see them


def test_hidden_pages_reload_when_shown_the_visible_one_at_once_the_initiator_never(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads: dict[str, int] = {"plans": 0, "volunteers": 0}

    def counting(kind: type[QWidget], key: str) -> None:
        real = kind.reload  # type: ignore[attr-defined]

        def reload(self: QWidget) -> None:
            reloads[key] += 1
            real(self)

        monkeypatch.setattr(kind, "reload", reload)

    counting(PlansPage, "plans")
    counting(VolunteersPage, "volunteers")
    plans = _page(window, PlansPage)
    _add_volunteer(qtbot, window, "Hidden-One")
    _add_volunteer(qtbot, window, "Hidden-Two")
    ops.database_thread().wait_idle(WAIT_MS)
    qtbot.wait(50)  # any notice still queued for the UI thread arrives
    # Two changes while hidden: nothing loaded yet, and the page that saved reloads nothing.
    assert reloads == {"plans": 0, "volunteers": 0}
    _show(window, plans)
    assert reloads["plans"] == 1  # once when shown, not once per change
    qtbot.waitUntil(lambda: plans.volunteer.count() == PEOPLE + 2, timeout=WAIT_MS)
    # Visible and changed by someone else: at once, without being shown again.
    window.session.notify_changed(frozenset({Change.REVIEWS}))
    assert reloads["plans"] == 2
    # A kind it does not show: no reload.
    window.session.notify_changed(frozenset({Change.KEYS}))
    assert reloads == {"plans": 2, "volunteers": 0}


def test_an_operation_asked_for_while_locked_does_nothing_and_says_so_in_the_log(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    session = window.session
    ran: list[str] = []
    notices: list[object] = []
    session.changed.connect(lambda kinds, _initiator: notices.append(kinds))
    session.lock("by hand")
    assert not session.is_unlocked

    def write(_vault: vaults.Vault, _: Progress) -> None:
        ran.append("op")

    with caplog.at_level(logging.INFO, logger=ops.__name__):
        session.op(None, write, lambda _: ran.append("success")).changes(Change.VOLUNTEERS).run()
        plans = _page(window, PlansPage)
        plans.save_assessment()  # a page's action while locked: no error either
        plans.reload()
    ops.database_thread().wait_idle(WAIT_MS)
    qtbot.wait(50)
    assert ran == [] and notices == []
    assert any("while the vault is locked" in r.getMessage() for r in caplog.records)


SPEC = ChartSpec(
    title="Service hours",
    kind="columns",
    categories=("Oct 26", "Nov 26"),
    series=(Series("Service hours", (4.0, 6.0)),),
    value_axis="Hours",
    headers=("Month", "Service hours"),
    rows=(("October 2026", "4.0"), ("November 2026", "6.0")),
)


def test_a_chart_is_drawn_while_the_database_thread_is_busy(qtbot: QtBot) -> None:
    release = threading.Event()
    database_done: list[bool] = []
    parent = QWidget()
    qtbot.addWidget(parent)

    def slow_query(_: Progress) -> bool:
        return release.wait(WAIT_MS / 1000)  # a long query, holding the database thread

    ops.Operation(parent, slow_query, database_done.append).run()
    view = ChartView(SPEC)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    try:
        # Drawn on the report worker although the database thread has not finished.
        qtbot.waitUntil(lambda: view.picture is not None, timeout=WAIT_MS)
        assert database_done == []
        picture = view.picture
        assert picture is not None and picture.width() >= 400
    finally:
        release.set()
    qtbot.waitUntil(lambda: database_done == [True], timeout=WAIT_MS)


def test_a_chart_scrolled_out_of_sight_is_drawn_without_waiting_for_a_paint(
    qtbot: QtBot,
) -> None:
    """A view draws once it has painted (the window's first paint does not share Python's
    lock with a drawing), but a view below the fold, never painted, is drawn anyway."""
    area = QScrollArea()
    qtbot.addWidget(area)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addSpacing(3000)
    view = ChartView(SPEC)
    view.setFixedSize(400, 300)
    column.addWidget(view)
    area.setWidget(inner)
    area.resize(500, 400)
    area.show()
    qtbot.waitUntil(lambda: view.picture is not None, timeout=WAIT_MS)
    assert not view.visibleRegion().boundingRect().isValid()  # it was never in sight


def test_report_worker_runs_beside_the_database_thread(qtbot: QtBot) -> None:
    release = threading.Event()
    threads: dict[str, int] = {}
    parent = QWidget()
    qtbot.addWidget(parent)

    def on_database(_: Progress) -> None:
        threads["database"] = threading.get_ident()
        release.wait(WAIT_MS / 1000)

    def render(_: Progress) -> bytes:
        threads["report"] = threading.get_ident()
        return b"%PDF"

    rendered: list[bytes] = []
    ops.Operation(parent, on_database, lambda _: None).run()
    ops.Operation(parent, render, rendered.append).on_report_worker().run()
    try:
        qtbot.waitUntil(lambda: rendered == [b"%PDF"], timeout=WAIT_MS)
        assert "database" in threads and threads["report"] != threads["database"]
    finally:
        release.set()
    ops.database_thread().wait_idle(WAIT_MS)


def test_progress_report_gathered_on_the_database_thread_drawn_on_the_report_worker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = _page(window, DashboardPage)
    out = tmp_path / "report.pdf"
    page.save_as = lambda *_: out
    _show(window, page)
    qtbot.waitUntil(lambda: page.chosen() is not None, timeout=WAIT_MS)
    page.report_button.click()
    qtbot.waitUntil(lambda: "saved" in page.message.text(), timeout=WAIT_MS)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "progress report" in text


def test_the_import_goes_past_its_columns_only_once_they_are_read(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The columns are read on the database thread: Enter pressed meanwhile must not check
    the boxes of no columns (it said "Match at least one column…"), nor those of the sheet
    chosen before."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("Last name,First name\nEarly-Enter,Generated\n", encoding="utf-8")
    second.write_text("First name,Last name\nGenerated,Early-Enter\n", encoding="utf-8")
    page = _page(window, VolunteersPage)
    _show(window, page)
    page.open_import()
    wizard, mapping = page.import_wizard, page.import_wizard.mapping_page
    for sheet in (first, second):
        wizard.file_page.edit.setText(str(sheet))
        wizard.next()
        assert wizard.currentPage() is mapping and mapping.reading
        wizard.next()  # Enter at once: the worker's answer needs the event loop, not yet here
        assert wizard.currentPage() is mapping and mapping.boxes == []
        assert mapping.message.text() == "Reading the sheet's columns…"
        qtbot.waitUntil(lambda: bool(mapping.boxes), timeout=WAIT_MS)
        assert mapping.message.text() == "2 of 2 columns matched."
        if sheet is first:
            wizard.back()
    assert [box.currentData() for box in mapping.boxes] == ["given_names", "family_name"]
