"""Finding the customer in front of the counter: type a national ID, a phone or a name, pick
from the matches, and the picker shows who was chosen (name, CIF, tier).

The search runs in the store worker, a moment after typing stops (debounced), and an answer to
a query that is no longer the latest is dropped, so a slow search never overwrites a newer one.
Keyboard-only: Down (or Enter) goes from the field to the matches, Enter chooses, Escape goes
back to the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.services.context import ServiceContext
from desktop_app.services.customers import CustomerSummary, search_customers
from desktop_app.ui.errors import error_text
from desktop_app.ui.tasks import Tasks

search_delay_ms = 250  # typing pauses longer than this between words; shorter than a teller waits
matches_shown_rows = 6


class _MatchList(QListWidget):
    """The matches: Enter chooses the current one, Escape goes back to the search field."""

    chosen = Signal(int)
    back = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.chosen.emit(self.currentRow())
            return
        if event.key() == Qt.Key.Key_Escape or (event.key() == Qt.Key.Key_Up and self.currentRow() <= 0):
            self.back.emit()
            return
        super().keyPressEvent(event)


class _SearchEdit(QLineEdit):
    """Down goes to the matches; Enter searches or chooses, and once a customer is chosen it
    passes on to the screen (whose Enter goes on to the confirmation)."""

    def __init__(self, picker: CustomerPicker) -> None:
        super().__init__(picker)
        self._picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Down:
            self._picker._into_matches()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._picker._enter_in_search():
                return
            event.ignore()
            return
        super().keyPressEvent(event)


class CustomerPicker(QWidget):
    customer_chosen = Signal(object)  # the CustomerSummary chosen; None when the teller types again

    def __init__(
        self,
        context: ServiceContext,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        delay_ms: int = search_delay_ms,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = tasks
        self._customer: CustomerSummary | None = None
        self._matches: tuple[CustomerSummary, ...] = ()
        self._latest_query = 0  # numbers each text typed; only an answer for the latest is shown
        self._searching = 0
        self._choose_when_answered = False  # Enter was pressed before the answer came
        self.search_edit = _SearchEdit(self)
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setPlaceholderText(self.tr("National ID, phone or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.match_list = _MatchList()
        self.match_list.setObjectName("customerMatches")
        self.match_list.setVisible(False)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("customerHint")
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("customerChosen")
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.match_list)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.chosen_label)
        self.setFocusProxy(self.search_edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._search)
        self.search_edit.textEdited.connect(self._typed)
        self.match_list.chosen.connect(self._choose_row)
        self.match_list.itemActivated.connect(lambda item: self._choose_row(self.match_list.row(item)))
        self.match_list.back.connect(lambda: self.search_edit.setFocus())

    @property
    def customer(self) -> CustomerSummary | None:
        return self._customer

    @property
    def matches(self) -> tuple[CustomerSummary, ...]:
        return self._matches

    @property
    def searching(self) -> bool:
        """A search is waiting for typing to stop or for the worker's answer."""
        return self._timer.isActive() or self._searching > 0

    def choose(self, customer: CustomerSummary) -> None:
        self._customer = customer
        self.search_edit.setText(customer.full_name)
        self.match_list.setVisible(False)
        self.hint_label.clear()
        self.chosen_label.setText(
            self.tr("{name} · {cif} · Tier {tier}").format(
                name=customer.full_name, cif=customer.cif, tier=customer.kyc_tier
            )
            + (self.tr(" · provisional") if customer.provisional else "")
        )
        self.customer_chosen.emit(customer)

    def clear(self) -> None:
        self._timer.stop()
        self._latest_query += 1  # an answer on its way now answers nothing
        self._choose_when_answered = False
        self._customer = None
        self._matches = ()
        self.search_edit.clear()
        self.match_list.clear()
        self.match_list.setVisible(False)
        self.hint_label.clear()
        self.chosen_label.clear()

    def _typed(self, _text: str) -> None:
        self._latest_query += 1  # what was asked for before this keystroke answers nothing now
        self._choose_when_answered = False
        if self._customer is not None:
            self._customer = None  # typing again means looking for someone else
            self.chosen_label.clear()
            self.customer_chosen.emit(None)
        self._timer.start()

    def _search(self) -> None:
        number = self._latest_query
        text = self.search_edit.text()
        if not text.strip():
            self._show_matches(number, ())
            return
        context = self._context
        self._searching += 1

        def answered(matches: tuple[CustomerSummary, ...]) -> None:
            self._searching -= 1
            self._show_matches(number, matches)

        def failed(error: Exception) -> None:
            self._searching -= 1
            if number == self._latest_query:
                self.hint_label.setText(error_text(error))

        self._tasks.run(lambda: search_customers(context, text), done=answered, failed=failed)

    def _show_matches(self, number: int, matches: tuple[CustomerSummary, ...]) -> None:
        if number != self._latest_query:
            return  # the teller has typed since: this answer is stale
        self._matches = matches
        self.match_list.clear()
        for match in matches:
            item = QListWidgetItem(
                self.tr("{name} — {cif} · ID {national_id} · {phone} · Tier {tier}").format(
                    name=match.full_name,
                    cif=match.cif,
                    national_id=match.masked_national_id,
                    phone=match.phone,
                    tier=match.kyc_tier,
                )
            )
            self.match_list.addItem(item)
        self.match_list.setVisible(bool(matches))
        if matches:
            self.match_list.setCurrentRow(0)
            row_height = self.match_list.sizeHintForRow(0)
            self.match_list.setFixedHeight(row_height * min(len(matches), matches_shown_rows) + 6)
        typed = bool(self.search_edit.text().strip())
        self.hint_label.setText(self.tr("No customer matches") if typed and not matches else "")
        choose, self._choose_when_answered = self._choose_when_answered, False
        if choose:
            self._enter_in_search()

    def _into_matches(self) -> None:
        if self._matches:
            self.match_list.setFocus()
            if self.match_list.currentRow() < 0:
                self.match_list.setCurrentRow(0)

    def _enter_in_search(self) -> bool:
        """Enter in the field: search now; one match is chosen at once, several go to the list.
        False when a customer is already chosen: the Enter is the screen's."""
        if self._customer is not None:
            return False
        if self._timer.isActive() or self._searching:
            self._choose_when_answered = True
            if self._timer.isActive():
                self._timer.stop()
                self._search()
            return True
        if len(self._matches) == 1:
            self._choose_row(0)
        elif self._matches:
            self._into_matches()
        return True

    def _choose_row(self, row: int) -> None:
        if 0 <= row < len(self._matches):
            self.search_edit.setFocus()  # before the list hides, so the focus does not wander
            self.choose(self._matches[row])
