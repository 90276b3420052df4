"""Till: open it with a float from the vault, watch its position through the day (what the drawer
should hold, totals by operation, entries head office has not received), count it note by note,
close it back to the vault, and read the end-of-day report.

Over or short, and closing while entries wait for head office, each need a supervisor: the close
is refused with ApprovalRequired, the supervisor types their credentials at this PC, and the same
close is tried again with their override. The report lists the entries still unsynced.
Branch devices only: an agent works from a float, with no till.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.entries import approver_name
from desktop_app.services.posting import Override, Posted
from desktop_app.services.printing import print_till_report
from desktop_app.services.till import (
    TillClosed,
    TillPosition,
    UnsyncedEntry,
    close_till,
    open_till,
    till_position,
)
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.confirm_money import ConfirmMoneyDialog, MoneyConfirmation
from desktop_app.ui.dialogs.override import OverrideDialog
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_document, show_receipt
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.receipts import operation_text
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.amount_edit import AmountEdit
from desktop_app.ui.widgets.denominations import DenominationsWidget
from desktop_app.ui.widgets.record_table import RecordTableModel
from shared_core.accounts import parse_account
from shared_core.channels import Channel
from shared_core.denominations import over_short
from shared_core.errors import ApprovalRequired, DomainError
from shared_core.money import Money

_ERROR_STYLE = "color: #b3261e"


class TillTotalsTableModel(RecordTableModel):
    OPERATION, COUNT, AMOUNT = range(3)
    _HEADERS = (
        QT_TRANSLATE_NOOP("TillTotalsTableModel", "Operation"),
        QT_TRANSLATE_NOOP("TillTotalsTableModel", "Entries"),
        QT_TRANSLATE_NOOP("TillTotalsTableModel", "Amount"),
    )
    _RIGHT_ALIGNED = frozenset({COUNT, AMOUNT})

    def cell(self, record: tuple[str, int, Money], column: int) -> str:
        kind, count, amount = record
        return {self.OPERATION: operation_text(kind), self.COUNT: str(count),
                self.AMOUNT: amount.format(currency=False)}[column]


class UnsyncedTableModel(RecordTableModel):
    REFERENCE, OPERATION, AMOUNT, TIME = range(4)
    _HEADERS = (
        QT_TRANSLATE_NOOP("UnsyncedTableModel", "Reference"),
        QT_TRANSLATE_NOOP("UnsyncedTableModel", "Operation"),
        QT_TRANSLATE_NOOP("UnsyncedTableModel", "Amount"),
        QT_TRANSLATE_NOOP("UnsyncedTableModel", "Recorded"),
    )
    _RIGHT_ALIGNED = frozenset({AMOUNT})

    def __init__(self, utc_offset_minutes: int) -> None:
        super().__init__()
        self._offset = utc_offset_minutes

    def cell(self, record: UnsyncedEntry, column: int) -> str:
        return {
            self.REFERENCE: record.reference,
            self.OPERATION: operation_text(record.kind),
            self.AMOUNT: record.amount.format(currency=False),
            self.TIME: local_time_text(record.recorded_at, self._offset),
        }[column]


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    return view


class TillScreen(Screen):
    """Open, watch, count and close this branch PC's till. Dialogs are kept on the screen
    (`confirm_dialog`, `override_dialog`, `receipt_dialog`, `report_dialog`) so tests and the
    keyboard reach them."""

    def __init__(self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(backend, tasks, events, parent)
        device = backend.device
        self.position: TillPosition | None = None
        self.last_closed: TillClosed | None = None
        self.confirm_dialog: ConfirmMoneyDialog | None = None
        self.override_dialog: OverrideDialog | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self.report_dialog: ReceiptDialog | None = None
        self._busy = False
        self._focus_when_read = False

        self.state_label = QLabel()
        self.state_label.setObjectName("tillState")
        self.state_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("tillError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel()
        self.result_label.setObjectName("tillResult")
        self.result_label.setWordWrap(True)

        # Open
        self.open_box = QGroupBox(self.tr("Open the till"))
        self.float_edit = AmountEdit()
        self.float_edit.setObjectName("openingFloat")
        float_label = QLabel(self.tr("Opening &float from the vault (KES):"))
        float_label.setBuddy(self.float_edit)
        self.open_button = QPushButton(self.tr("&Open till"))
        self.open_button.setObjectName("openTill")
        self.open_button.clicked.connect(self.open_till)
        open_row = QHBoxLayout(self.open_box)
        open_row.addWidget(float_label)
        open_row.addWidget(self.float_edit, 1)
        open_row.addWidget(self.open_button)

        # Position
        self.position_box = QGroupBox(self.tr("Position"))
        self.expected_label = QLabel()
        self.expected_label.setObjectName("expectedCash")
        self.totals_model = TillTotalsTableModel()
        self.totals_view = _table(self.totals_model, "tillTotals")
        self.unsynced_label = QLabel()
        self.unsynced_label.setObjectName("unsyncedCount")
        self.unsynced_label.setWordWrap(True)
        self.unsynced_model = UnsyncedTableModel(backend.context.utc_offset_minutes)
        self.unsynced_view = _table(self.unsynced_model, "unsyncedEntries")
        position_layout = QVBoxLayout(self.position_box)
        position_layout.addWidget(self.expected_label)
        position_layout.addWidget(self.totals_view, 1)
        position_layout.addWidget(self.unsynced_label)
        position_layout.addWidget(self.unsynced_view, 1)

        # Count and close
        self.close_box = QGroupBox(self.tr("Count and close"))
        self.denominations = DenominationsWidget()
        self.denominations.changed.connect(self._show_difference)
        self.difference_label = QLabel()
        self.difference_label.setObjectName("overShort")
        self.difference_label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("&Close till"))
        self.close_button.setObjectName("closeTill")
        self.close_button.clicked.connect(self.close_till)
        self.report_button = QPushButton(self.tr("End-of-day &report"))
        self.report_button.setObjectName("showReport")
        self.report_button.clicked.connect(self.show_report)
        self.report_button.setEnabled(False)
        close_layout = QVBoxLayout(self.close_box)
        close_layout.addWidget(self.denominations)
        close_layout.addWidget(self.difference_label)
        close_buttons = QHBoxLayout()
        close_buttons.addStretch(1)
        close_buttons.addWidget(self.report_button)
        close_buttons.addWidget(self.close_button)
        close_layout.addLayout(close_buttons)

        columns = QHBoxLayout()
        columns.addWidget(self.position_box, 3)
        columns.addWidget(self.close_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.open_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addLayout(columns, 1)
        QWidget.setTabOrder(self.float_edit, self.open_button)
        QWidget.setTabOrder(self.open_button, self.denominations)
        QWidget.setTabOrder(self.denominations.spin_box(1), self.close_button)

        self._branch = device.channel is Channel.BRANCH and device.vault_account is not None
        if not self._branch:
            self.state_label.setText(self.tr("An agent works from a float; this device has no till."))
            for box in (self.open_box, self.position_box, self.close_box):
                box.setEnabled(False)
        events.entries_changed.connect(self.refresh)
        events.till_changed.connect(self.refresh)
        self._show_position(None)

    # --- reading the position -----------------------------------------------------------------

    def activated(self) -> None:
        self._focus_when_read = True  # where typing starts depends on whether the till is open
        self.refresh()

    def refresh(self) -> None:
        if not self._branch:
            return
        context = self.backend.context
        self.tasks.run(lambda: till_position(context), done=self._show_position,
                       failed=lambda error: self.error_label.setText(error_text(error)))

    def _show_position(self, position: TillPosition | None) -> None:
        self.position = position
        if not self._branch:
            return
        mine = position is not None and position.open and position.user_id == self.session.user_id
        if position is None:
            self.state_label.setText(self.tr("Reading the till…"))
        elif not position.open:
            self.state_label.setText(self.tr("The till is closed. Open it with a float from the vault."))
        elif mine:
            self.state_label.setText(
                self.tr("The till is open for you, business date {date}.").format(date=position.business_date)
            )
        else:
            self.state_label.setText(
                self.tr("The till is open for {user}, business date {date}; "
                        "only they may count and close it.")
                .format(user=position.user_id, date=position.business_date)
            )
        is_open = position is not None and position.open
        self.open_box.setEnabled(position is not None and not is_open and not self._busy)
        self.denominations.setEnabled(mine and not self._busy)
        self.close_button.setEnabled(mine and not self._busy)
        self.report_button.setEnabled(self.last_closed is not None and not self._busy)
        expected = position.expected_cash if position is not None else Money.zero()
        self.expected_label.setText(self.tr("The drawer should hold: {amount}").format(amount=expected))
        self.totals_model.set_rows(position.totals if position is not None else ())
        unsynced = position.unsynced if position is not None else ()
        self.unsynced_model.set_rows(unsynced)
        if unsynced:
            self.unsynced_label.setText(
                self.tr("{n} entries have not reached head office; closing now needs a supervisor, "
                        "and the end-of-day report lists them.").format(n=len(unsynced))
            )
        else:
            self.unsynced_label.setText(self.tr("Every entry has reached head office."))
        self._show_difference()
        if self._focus_when_read and position is not None:
            self._focus_when_read = False
            self._focus_where_typing_starts()

    def _show_difference(self) -> None:
        position = self.position
        if position is None or not position.open:
            self.difference_label.clear()
            return
        counted = self.denominations.total()
        difference = over_short(counted, position.expected_cash)
        if not difference:
            text = self.tr("Counted {counted}: balanced.").format(counted=counted)
        elif difference.is_positive:
            text = self.tr("Counted {counted}: over by {difference}; a supervisor must approve.").format(
                counted=counted, difference=difference
            )
        else:
            text = self.tr("Counted {counted}: short by {difference}; a supervisor must approve.").format(
                counted=counted, difference=abs(difference)
            )
        self.difference_label.setText(text)

    def _focus_where_typing_starts(self) -> None:
        if self.open_box.isEnabled():
            self.float_edit.setFocus()
        elif self.denominations.isEnabled():
            self.denominations.setFocus()

    # --- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        # The amount field and the spin boxes pass Enter on: it goes to the action of their group.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if focused is not None and self.open_box.isAncestorOf(focused):
                self.open_till()
                return
            if focused is not None and self.denominations.isAncestorOf(focused):
                self.close_till()
                return
        super().keyPressEvent(event)

    # --- open ---------------------------------------------------------------------------------

    def _accounts_text(self, *, to_vault: bool) -> str:
        device = self.backend.device
        till = parse_account(device.cash_account).id
        vault = parse_account(device.vault_account).id if device.vault_account else "-"
        if to_vault:
            return self.tr("Till {till} to vault {vault}").format(till=till, vault=vault)
        return self.tr("Vault {vault} to till {till}").format(till=till, vault=vault)

    def open_till(self) -> None:
        if self._busy or not self.open_box.isEnabled():
            return
        self.error_label.clear()
        self.result_label.clear()
        try:
            amount = self.float_edit.amount()
        except DomainError as error:  # empty, zero, badly grouped: the message names which
            self.error_label.setText(error_text(error))
            self.float_edit.setFocus()
            return
        confirmation = MoneyConfirmation(
            action=self.tr("Open the till"),
            customer=self._accounts_text(to_vault=False),
            amount=amount,
            note=self.tr("Count the float from the vault before you confirm."),
        )
        context, session = self.backend.context, self.session

        def commit(_override: Override | None) -> Posted:
            return open_till(context, session, opening_float=amount)

        self._confirm(confirmation, commit, self._opened)

    def _opened(self, posted: Posted) -> None:
        self.float_edit.clear()
        self.result_label.setText(
            self.tr("Till opened with {amount} ({reference}).").format(
                amount=Money(posted.entry.body["amount_cents"]), reference=posted.entry.reference
            )
        )
        self.events.till_changed.emit()
        self.events.entries_changed.emit()
        self.backend.sync_now()

        def opened(dialog: ReceiptDialog) -> None:
            self._keep_while_open("receipt_dialog", dialog)

        show_receipt(self, self.backend, self.tasks, posted.entry.sequence, None, opened=opened,
                     failed=lambda error: self.error_label.setText(error_text(error)))

    # --- count and close ----------------------------------------------------------------------

    def close_till(self) -> None:
        position = self.position
        if self._busy or position is None or not position.open or not self.close_button.isEnabled():
            return
        self.error_label.clear()
        self.result_label.clear()
        count = self.denominations.count()
        if not count.total:
            self.error_label.setText(
                self.tr("Count the cash in the drawer first: type the pieces of each note and coin.")
            )
            self.denominations.setFocus()
            return
        difference = over_short(count.total, position.expected_cash)
        expected = position.expected_cash
        notes = [self.tr("The journal says the drawer holds {expected}.").format(expected=expected)]
        if difference.is_positive:
            notes.append(self.tr("Over by {amount}: a supervisor must approve.").format(amount=difference))
        elif difference.is_negative:
            notes.append(
                self.tr("Short by {amount}: a supervisor must approve.").format(amount=abs(difference))
            )
        if position.unsynced:
            notes.append(self.tr("{n} entries have not reached head office: a supervisor must approve.")
                         .format(n=len(position.unsynced)))
        confirmation = MoneyConfirmation(
            action=self.tr("Close the till"),
            customer=self._accounts_text(to_vault=True),
            amount=count.total,
            note="\n".join(notes),
        )
        context, session = self.backend.context, self.session

        def commit(override: Override | None) -> TillClosed:
            return close_till(context, session, count=count, override=override)

        self._confirm(confirmation, commit, self._closed)

    def _closed(self, closed: TillClosed) -> None:
        self.last_closed = closed
        self.denominations.clear()
        difference = closed.difference
        if not difference:
            summary = self.tr("balanced")
        elif difference.is_positive:
            summary = self.tr("over by {amount}").format(amount=difference)
        else:
            summary = self.tr("short by {amount}").format(amount=abs(difference))
        self.result_label.setText(
            self.tr("Till closed: {counted} back to the vault, {summary} ({reference}).").format(
                counted=closed.count.total, summary=summary, reference=closed.close.entry.reference
            )
        )
        self.events.till_changed.emit()
        self.events.entries_changed.emit()
        self.backend.sync_now()
        self.show_report()

    def show_report(self) -> None:
        """The end-of-day report of the till last closed here (A4), made in a worker."""
        closed = self.last_closed
        if closed is None:
            return
        context, teller_name = self.backend.context, self.session.display_name

        def make_pdf() -> bytes:
            supervisor = approver_name(context, closed.close.entry.sequence)
            return print_till_report(context, closed, teller_name=teller_name, supervisor_name=supervisor)

        def opened(dialog: ReceiptDialog) -> None:
            dialog.setObjectName("tillReport")
            self._keep_while_open("report_dialog", dialog)

        title = self.tr("End-of-day report, {date}").format(date=closed.position_before.business_date)
        show_document(self, self.tasks, make_pdf, title, opened=opened,
                      failed=lambda error: self.error_label.setText(error_text(error)))

    # --- the flow every till action follows -------------------------------------------------------

    def _confirm(self, confirmation: MoneyConfirmation, commit: Callable[[Override | None], Any],
                 committed: Callable[[Any], None]) -> None:
        """Confirmation (Enter confirms, Escape cancels) -> commit in a worker -> `committed`;
        ApprovalRequired -> a supervisor's override -> the same commit again."""
        self._set_busy(True)
        dialog = ConfirmMoneyDialog(confirmation, self.backend.language, self)
        dialog.setObjectName("confirmMoney")
        dialog.accepted.connect(lambda: self._commit(commit, committed, None))
        dialog.rejected.connect(self._cancelled)
        self._replace_dialog("confirm_dialog", dialog)
        dialog.open()

    def _commit(self, commit: Callable[[Override | None], Any], committed: Callable[[Any], None],
                override: Override | None) -> None:
        self.result_label.setText(self.tr("Recording…"))

        def done(result: Any) -> None:
            self._set_busy(False)
            committed(result)

        def failed(error: Exception) -> None:
            if isinstance(error, ApprovalRequired):
                self._ask_supervisor(error, commit, committed)
                return
            self._set_busy(False)
            self.result_label.clear()
            self.error_label.setText(error_text(error))
            self._focus_where_typing_starts()

        self.tasks.run(lambda: commit(override), done=done, failed=failed)

    def _ask_supervisor(self, error: ApprovalRequired, commit: Callable[[Override | None], Any],
                        committed: Callable[[Any], None]) -> None:
        self.result_label.clear()
        dialog = OverrideDialog(error.message, self)
        dialog.setObjectName("overrideDialog")
        dialog.accepted.connect(lambda: self._commit(commit, committed, dialog.override()))
        dialog.rejected.connect(self._cancelled)
        self._replace_dialog("override_dialog", dialog)
        dialog.open()

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.result_label.setText(self.tr("Cancelled: nothing was recorded."))
        self._focus_where_typing_starts()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._show_position(self.position)

    def _keep_while_open(self, attribute: str, dialog: ReceiptDialog) -> None:
        """A receipt or report deletes itself on close; the attribute names it only until then."""
        setattr(self, attribute, dialog)

        def forget() -> None:
            if getattr(self, attribute) is dialog:
                setattr(self, attribute, None)

        dialog.finished.connect(forget)

    def _replace_dialog(self, attribute: str, dialog: QDialog) -> None:
        previous = getattr(self, attribute)
        if previous is not None:
            previous.deleteLater()
        setattr(self, attribute, dialog)

