"""Save: a customer's statement for any period, and a balance enquiry, from head office's books.

Both are online only (services.statements): this device knows its own journal and the balances it
pulled, not what other counters and agents booked. Offline the screen says so and its buttons wait
for the link, following the status the main window reads (AppEvents.sync_status_read); it never
makes a statement from local data. The period is checked here, before anything is sent.

Keyboard-first: Alt+C the customer, Alt+A the account, Alt+F / Alt+T the dates (type the day and
it moves on to the month, Up and Down step the part under the cursor, Tab the next part), Alt+M
this month, Alt+L last month, Alt+3 the last three months, Alt+B the balance, Alt+S (or Enter)
the statement, shown as the A4 PDF with Print (Ctrl+P); Alt+G shows it again, Alt+V saves the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.receipts.statement import StatementData, render_statement, statement_totals
from desktop_app.services.customers import AccountView, CustomerProfile, CustomerSummary, customer_profile
from desktop_app.services.statements import HeadOfficeBalance, fetch_balance, fetch_statement
from desktop_app.sync.status import SyncStatus
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.receipt import ReceiptDialog, RenderedPages, preview_dpi, render_pages
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Lane, Tasks
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from shared_core.accounts import parse_account
from shared_core.statements import period_days, statement_account_types, statement_period_days_max

_ERROR_STYLE = "color: #b3261e"
_OFFLINE_STYLE = "QLabel { background: #fdecea; color: #8c1d18; border: 1px solid #f2b8b5; padding: 6px; }"
_DATE_FORMAT = "dd MMM yyyy"  # as the printed statement writes its period: 24 Nov 2026


def date_text(day: date) -> str:
    return f"{day:%d %b %Y}"


def statement_accounts(profile: CustomerProfile) -> tuple[AccountView, ...]:
    """The accounts head office prints statements for: wallets and savings (a loan has its schedule)."""
    return tuple(
        view for view in profile.accounts if parse_account(view.account).type in statement_account_types
    )


def account_text(view: AccountView) -> str:
    return f"{view.label} {parse_account(view.account).id}"


@dataclass(frozen=True, slots=True)
class _Asked:
    """What one press of a button asked for; an answer for an older question is dropped."""

    number: int
    account: AccountView


class SaveScreen(Screen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, parent)
        self.picker = CustomerPicker(backend.context, tasks)
        self.picker.setObjectName("saveCustomer")
        self.account_box = QComboBox()
        self.account_box.setObjectName("saveAccount")
        self.account_hint = QLabel()
        self.account_hint.setObjectName("saveAccountHint")
        self.from_edit = self._date_edit("saveFrom")
        self.to_edit = self._date_edit("saveTo")
        self.this_month_button = self._button(self.tr("This &month"), "saveThisMonth", self.choose_this_month)
        self.this_month_button.setToolTip(self.tr("From the 1st of this month to today"))
        self.last_month_button = self._button(self.tr("&Last month"), "saveLastMonth", self.choose_last_month)
        self.last_month_button.setToolTip(self.tr("The whole of last month"))
        self.last_3_months_button = self._button(
            self.tr("Last &3 months"), "saveLast3", self.choose_last_3_months
        )
        self.last_3_months_button.setToolTip(self.tr("From this day three months ago to today"))
        self.balance_button = self._button(self.tr("&Balance enquiry"), "saveBalance", self.enquire_balance)
        self.statement_button = self._button(self.tr("&Statement…"), "saveStatement", self.request_statement)
        self.statement_button.setDefault(True)  # drawn as the one Enter presses
        self.online_label = QLabel()
        self.online_label.setObjectName("saveOnline")
        self.online_label.setWordWrap(True)
        self.online_label.setStyleSheet(_OFFLINE_STYLE)
        self.error_label = QLabel()
        self.error_label.setObjectName("saveError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("saveProgress")
        self.progress_label.setWordWrap(True)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow(self._buddy(self.tr("&Customer"), self.picker.search_edit), self.picker)
        form.addRow(self._buddy(self.tr("&Account"), self.account_box), self.account_box)
        form.addRow("", self.account_hint)
        period = QHBoxLayout()
        to_label = self._buddy(self.tr("&To"), self.to_edit)
        # A label drawn with its mnemonic clips a last letter that overhangs ("To" read "Tc"): room for it.
        to_label.setMinimumWidth(to_label.sizeHint().width() + to_label.fontMetrics().averageCharWidth())
        period.addWidget(self.from_edit)
        period.addSpacing(6)
        period.addWidget(to_label)
        period.addWidget(self.to_edit)
        period.addSpacing(12)
        for button in (self.this_month_button, self.last_month_button, self.last_3_months_button):
            period.addWidget(button)
        period.addStretch(1)
        form.addRow(self._buddy(self.tr("&From"), self.from_edit), period)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)  # "Asking head office…" beside what was pressed
        buttons.addWidget(self.balance_button)
        buttons.addWidget(self.statement_button)
        results = QHBoxLayout()
        results.addWidget(self._balance_box(), 2)
        results.addWidget(self._statement_box(), 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.online_label)
        layout.addWidget(self.error_label)
        layout.addLayout(results)
        layout.addStretch(1)
        order = (
            self.picker.search_edit,
            self.account_box,
            self.from_edit,
            self.to_edit,
            self.this_month_button,
            self.last_month_button,
            self.last_3_months_button,
            self.balance_button,
            self.statement_button,
            self.show_again_button,
            self.save_button,
        )
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.statement: StatementData | None = None  # the last statement head office sent
        self.statement_pdf: bytes | None = None
        self.balance: HeadOfficeBalance | None = None
        self.statement_dialog: ReceiptDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.saved_to: Path | None = None
        self._asked_number = 0
        self._busy = False
        self._loading_for: str | None = None  # the CIF whose accounts are being read
        self._connected = backend.statements is not None and backend.device.server_public_key_hex is not None
        self._online = self._connected and backend.context.is_online()
        self._today = date.fromisoformat(backend.context.local_date())
        self.choose_this_month()
        self.picker.customer_chosen.connect(self._customer_chosen)
        self.account_box.currentIndexChanged.connect(lambda _index: self._forget_results())
        events.sync_status_read.connect(self._status_read)
        self._update()

    # --- building -----------------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(_DATE_FORMAT)
        return edit

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _buddy(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _balance_box(self) -> QGroupBox:
        self.balance_box = QGroupBox(self.tr("Balance at head office"))
        self.balance_amount_label = QLabel()
        self.balance_amount_label.setObjectName("saveBalanceAmount")
        font = QFont(self.balance_amount_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.balance_amount_label.setFont(font)
        self.balance_detail_label = QLabel()
        self.balance_detail_label.setObjectName("saveBalanceDetail")
        self.balance_detail_label.setWordWrap(True)
        self.balance_detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.balance_box)
        box.addWidget(self.balance_amount_label)
        box.addWidget(self.balance_detail_label)
        box.addStretch(1)
        self.balance_box.setVisible(False)
        return self.balance_box

    def _statement_box(self) -> QGroupBox:
        self.statement_box = QGroupBox(self.tr("Statement from head office"))
        self.summary_labels: dict[str, QLabel] = {}
        self.summary_titles: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, title in (
            ("account", self.tr("Account")),
            ("period", self.tr("Period")),
            ("opening", self.tr("Opening balance")),
            ("credits", ""),  # "Total credits (2)": the count is the statement's
            ("debits", ""),
            ("closing", self.tr("Closing balance")),
        ):
            label = QLabel()
            label.setObjectName(f"statement_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key in ("opening", "credits", "debits", "closing"):  # amounts line up as on paper
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.summary_titles[key] = QLabel(title)
            if key == "closing":
                for bold_label in (label, self.summary_titles[key]):
                    bold = QFont(bold_label.font())
                    bold.setBold(True)
                    bold_label.setFont(bold)
            form.addRow(self.summary_titles[key], label)
            self.summary_labels[key] = label
        compact = QHBoxLayout()  # the figures next to their names, not across the whole box
        compact.addLayout(form)
        compact.addStretch(1)
        self.save_button = self._button(self.tr("Sa&ve as PDF…"), "saveSavePdf", self.choose_pdf_file)
        self.save_button.setToolTip(self.tr("Save the statement as a PDF file, to e-mail or archive"))
        self.show_again_button = self._button(self.tr("Show a&gain"), "saveShowAgain", self.show_again)
        self.show_again_button.setToolTip(self.tr("Open the statement again, to print it"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_again_button)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self.statement_box)
        box.addLayout(compact)
        box.addLayout(buttons)
        self.statement_box.setVisible(False)
        return self.statement_box

    # --- the screen ---------------------------------------------------------------------------------

    def activated(self) -> None:
        self._online = self._connected and self.backend.context.is_online()
        today = date.fromisoformat(self.backend.context.local_date())
        if today != self._today:  # the app stayed open past midnight: the quick choices move on
            self._today = today
            self.choose_this_month()
        self._update()
        if self.picker.customer is None:
            self.picker.setFocus()
        else:
            self.statement_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Date edits, the account box and the picker (once a customer is chosen) pass Enter on:
        # on a button it presses the button, anywhere else it asks for the statement.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and self.isAncestorOf(focused):
                if focused.isEnabled():
                    focused.click()
                return
            self.request_statement()
            return
        super().keyPressEvent(event)

    def _status_read(self, status: SyncStatus | None) -> None:
        online = self._connected and status is not None and status.online
        if online != self._online:
            self._online = online
            self._update()

    def _update(self) -> None:
        """The buttons that ask head office wait for the link, and say why while they wait."""
        if not self._connected:
            reason = self.tr(
                "Statements come from head office: online only. This device is not connected to a server."
            )
        else:
            reason = self.tr(
                "Statements come from head office: online only. Head office cannot be reached "
                "now; these buttons work again as soon as the link is back."
            )
        self.online_label.setText(reason)
        self.online_label.setVisible(not self._online)
        can_ask = self._online and not self._busy
        for button in (self.balance_button, self.statement_button, self.show_again_button):
            button.setEnabled(can_ask if button is not self.show_again_button else not self._busy)
        self.balance_button.setToolTip(
            self.tr("The balance in head office's books today") if self._online else reason
        )
        self.statement_button.setToolTip(
            self.tr("Enter: the statement of the period from head office, to print or save")
            if self._online
            else reason
        )
        self.save_button.setEnabled(self.statement_pdf is not None and not self._busy)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress_label.setText(text)
        self._update()

    # --- customer, account and period ---------------------------------------------------------------

    def _customer_chosen(self, customer: CustomerSummary | None) -> None:
        self.account_box.clear()
        self.account_hint.clear()
        self._forget_results()
        if customer is None:
            self._loading_for = None
            return
        self.error_label.clear()
        self._loading_for = customer.cif
        self.account_hint.setText(self.tr("Reading {name}'s accounts…").format(name=customer.full_name))
        context, cif = self.backend.context, customer.cif
        self.tasks.run(
            lambda: customer_profile(context, cif, recent_max=0),
            done=self._show_accounts,
            failed=lambda error: self.account_hint.setText(error_text(error)),
        )

    def _show_accounts(self, profile: CustomerProfile) -> None:
        if profile.summary.cif != self._loading_for:
            return  # the teller has chosen someone else since
        accounts = statement_accounts(profile)
        for view in accounts:
            self.account_box.addItem(account_text(view), view)
        if accounts:
            self.account_hint.clear()
            (self.account_box if len(accounts) > 1 else self.from_edit).setFocus()
        else:
            self.account_hint.setText(
                self.tr("{name} has no wallet or savings account on this device").format(
                    name=profile.summary.full_name
                )
            )

    @property
    def account(self) -> AccountView | None:
        return self.account_box.currentData()

    def set_period(self, start: date, end: date) -> None:
        self.from_edit.setDate(QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def period(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]

    def choose_this_month(self) -> None:
        self.set_period(self._today.replace(day=1), self._today)

    def choose_last_month(self) -> None:
        end = QDate(self._today.year, self._today.month, 1).addDays(-1)
        self.set_period(date(end.year(), end.month(), 1), end.toPython())  # type: ignore[arg-type]

    def choose_last_3_months(self) -> None:
        today = QDate(self._today.year, self._today.month, self._today.day)
        self.set_period(today.addMonths(-3).toPython(), self._today)  # type: ignore[arg-type]

    def _period_problem(self, start: date, end: date) -> str | None:
        """Why head office would refuse the period, said before anything is sent."""
        if start > end:
            return self.tr(
                "The period starts {start}, after it ends {end}: choose a from date on or before the to date."
            ).format(start=date_text(start), end=date_text(end))
        days = period_days(start.isoformat(), end.isoformat())
        if days > statement_period_days_max:
            return self.tr(
                "A statement covers at most {days_max} days; {start} to {end} is {days} days. Choose a "
                "shorter period, a year at a time."
            ).format(
                days_max=statement_period_days_max, start=date_text(start), end=date_text(end), days=days
            )
        return None

    def _ask(self) -> _Asked | None:
        """The customer and account to ask about, or None with the reason shown."""
        customer, account = self.picker.customer, self.account
        if customer is None:
            self.error_label.setText(self.tr("Choose the customer first: type a national ID, phone or name"))
            self.picker.setFocus()
            return None
        if account is None:
            self.error_label.setText(self.tr("Choose the account: the wallet or a savings account"))
            self.account_box.setFocus()
            return None
        if not self._online:
            self.error_label.setText(self.tr("Not sent: head office cannot be reached now."))
            return None
        self._asked_number += 1
        return _Asked(self._asked_number, account)

    def _forget_results(self) -> None:
        """Another customer or account: what was shown belongs to the one before."""
        self._asked_number += 1  # an answer on its way now answers nothing
        if self._busy:
            self._set_busy(False)
        self.balance = self.statement = self.statement_pdf = None
        self.balance_box.setVisible(False)
        self.statement_box.setVisible(False)
        self.saved_to = None
        self._update()

    # --- balance enquiry ----------------------------------------------------------------------------

    def enquire_balance(self) -> None:
        if self._busy:
            return
        self.error_label.clear()
        asked = self._ask()
        if asked is None:
            return
        self._set_busy(True, self.tr("Asking head office for the balance…"))
        context, session, server = self.backend.context, self.session, self.backend.statements
        account = asked.account
        self.tasks.run(
            lambda: fetch_balance(context, session, account.account, server=server),
            done=lambda balance: self._show_balance(asked, balance),
            failed=lambda error: self._failed(asked, error),
            lane=Lane.NETWORK,
        )

    def _show_balance(self, asked: _Asked, balance: HeadOfficeBalance) -> None:
        if asked.number != self._asked_number:
            return
        self._set_busy(False)
        self.balance = balance
        self.balance_amount_label.setText(str(balance.balance))
        self.balance_detail_label.setText(
            self.tr(
                "{name} · {account}, on {date}. Head office read its books at {time}; withdrawals "
                "authorised online and not yet synced are not taken off."
            ).format(
                name=balance.holder_name,
                account=account_text(asked.account),
                date=date_text(balance.as_of),
                time=local_time_text(balance.generated_at, self.backend.context.utc_offset_minutes),
            )
        )
        self.balance_box.setVisible(True)

    # --- statement ----------------------------------------------------------------------------------

    def request_statement(self) -> None:
        """Enter: check the period, then ask head office (in a network worker) and show the PDF."""
        if self._busy:
            return
        self.error_label.clear()
        start, end = self.period()
        problem = self._period_problem(start, end)
        if problem is not None:
            self.error_label.setText(problem)
            (self.from_edit if start > end else self.to_edit).setFocus()
            return
        asked = self._ask()
        if asked is None:
            return
        self._set_busy(True, self.tr("Asking head office for the statement…"))
        context, session, server = self.backend.context, self.session, self.backend.statements
        account = asked.account
        dpi = preview_dpi(self)

        def work() -> tuple[StatementData, bytes, RenderedPages]:
            # PDF and preview are made here too: a long statement must not hold up the store's worker.
            data = fetch_statement(context, session, account.account, start, end, server=server)
            pdf = render_statement(data)
            return data, pdf, render_pages(pdf, dpi)

        self.tasks.run(
            work,
            done=lambda result: self._show_statement(asked, *result),
            failed=lambda error: self._failed(asked, error),
            lane=Lane.NETWORK,
        )

    def _show_statement(self, asked: _Asked, data: StatementData, pdf: bytes, pages: RenderedPages) -> None:
        if asked.number != self._asked_number:
            return
        self.statement, self.statement_pdf, self.saved_to = data, pdf, None
        self._set_busy(False)
        totals = statement_totals(data)
        shown = self.summary_labels
        shown["account"].setText(f"{data.customer_name} · {data.account_label}")
        shown["period"].setText(
            self.tr("{start} to {end}").format(
                start=date_text(data.period_start), end=date_text(data.period_end)
            )
        )
        shown["opening"].setText(str(data.opening_balance))
        titles = self.summary_titles
        titles["credits"].setText(self.tr("Total credits ({n})").format(n=totals.credit_count))
        shown["credits"].setText(str(totals.credits))
        titles["debits"].setText(self.tr("Total debits ({n})").format(n=totals.debit_count))
        shown["debits"].setText(str(totals.debits))
        shown["closing"].setText(str(data.closing_balance))
        self.statement_box.setVisible(True)
        self._open_dialog(pdf, pages)

    def _title(self) -> str:
        data = self.statement
        assert data is not None
        return self.tr("Statement {account}, {start} to {end}").format(
            account=data.account_label, start=date_text(data.period_start), end=date_text(data.period_end)
        )

    def _open_dialog(self, pdf: bytes, pages: RenderedPages) -> None:
        if self.statement_dialog is not None:
            self.statement_dialog.close()
        dialog = ReceiptDialog(pdf, self._title(), self, tasks=self.tasks, pages=pages)
        dialog.setObjectName("statementDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, shown=dialog: self._dialog_closed(shown))
        self.statement_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: ReceiptDialog) -> None:
        if self.statement_dialog is dialog:
            self.statement_dialog = None
            self.save_button.setFocus()

    def show_again(self) -> None:
        """The statement already fetched, shown again (rendered in a worker), without asking again."""
        pdf = self.statement_pdf
        if pdf is None or self._busy:
            return
        self._set_busy(True, self.tr("Preparing the statement…"))
        dpi = preview_dpi(self)
        number = self._asked_number

        def shown(pages: RenderedPages) -> None:
            if number == self._asked_number:
                self._set_busy(False)
                self._open_dialog(pdf, pages)

        self.tasks.run(
            lambda: render_pages(pdf, dpi),
            done=shown,
            failed=lambda error: self._failed(None, error),
            lane=Lane.NETWORK,
        )

    def _failed(self, asked: _Asked | None, error: Exception) -> None:
        if asked is not None and asked.number != self._asked_number:
            return  # an answer for another customer or account
        self._set_busy(False)
        self.error_label.setText(error_text(error))

    # --- save as PDF --------------------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        data = self.statement
        assert data is not None
        account = self.account.account if self.account is not None else data.account_label
        return f"statement-{parse_account(account).id}-{data.period_start}-{data.period_end}.pdf"

    def choose_pdf_file(self) -> None:
        if self.statement_pdf is None:
            return
        dialog = QFileDialog(
            self,
            self.tr("Save the statement as PDF"),
            str(Path.home() / self.suggested_file_name()),
            self.tr("PDF files (*.pdf)"),
        )
        dialog.setObjectName("statementFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save_pdf(Path(path)))
        dialog.finished.connect(lambda _result: self._file_dialog_closed(dialog))
        self.file_dialog = dialog
        dialog.open()

    def _file_dialog_closed(self, dialog: QFileDialog) -> None:
        if self.file_dialog is dialog:
            self.file_dialog = None
            self.save_button.setFocus()

    def save_pdf(self, path: Path) -> None:
        """Write the statement head office sent, as it printed it (the PDF's own text and vectors)."""
        pdf = self.statement_pdf
        if pdf is None:
            return
        self.error_label.clear()

        def saved(_written: int) -> None:
            self.saved_to = path
            self.progress_label.setText(self.tr("Saved {path}").format(path=path))

        self.tasks.run(
            lambda: path.write_bytes(pdf),
            done=saved,
            failed=lambda error: self._failed(None, error),
            lane=Lane.NETWORK,
        )
