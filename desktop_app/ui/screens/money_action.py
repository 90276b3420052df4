"""The one way a screen moves money (DESIGN.md; the GUI brief): the quote in a worker, the
confirmation (customer, amount in figures and words, fee, the limit it uses), the commit in a
worker, a supervisor's override if the rules ask for one, then the receipt.

Nothing is committed before the teller confirms; Escape at the confirmation leaves nothing behind.
A refusal at any step shows the domain error in the screen's error label and leaves the form as it
was, so the teller can correct it. Dialogs are opened with `open()` and kept on the screen
(`confirm_dialog`, `override_dialog`, `receipt_dialog`), so tests and the keyboard reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.confirm_money import ConfirmMoneyDialog, MoneyConfirmation
from desktop_app.ui.dialogs.override import OverrideDialog
from desktop_app.ui.dialogs.receipt import ReceiptDialog, show_receipt
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.tasks import Tasks
from shared_core.errors import ApprovalRequired
from shared_core.operations import CashEffect, OperationKind

# The base class's own strings use the "MoneyAction" context explicitly: self.tr() in a subclass
# would look them up under the subclass's name.
translate = QCoreApplication.translate

_ERROR_STYLE = "color: #b3261e"
# What "used today" adds up, by the operation's direction (cash) or its kind (no cash).
_DIRECTIONS = {
    CashEffect.IN: QT_TRANSLATE_NOOP("MoneyAction", "cash in"),
    CashEffect.OUT: QT_TRANSLATE_NOOP("MoneyAction", "cash out"),
}
_KINDS = {
    OperationKind.TRANSFER: QT_TRANSLATE_NOOP("MoneyAction", "transfers"),
    OperationKind.LOAN_REPAYMENT_WALLET: QT_TRANSLATE_NOOP("MoneyAction", "loan repayments from the wallet"),
    OperationKind.PREMIUM_WALLET: QT_TRANSLATE_NOOP("MoneyAction", "premiums from the wallet"),
}


@dataclass(frozen=True, slots=True)
class MoneyRequest:
    """One money action as a screen asks for it; both callables run in the store worker."""

    action: str  # "Cash deposit", translated by the screen
    quote: Callable[[], Quote]
    commit: Callable[[Override | None], Posted]
    note: str | Callable[[], str] | None = None  # "Pending until head office confirms" for a request;
    # a callable when the note reads the store (where a loan repayment goes): it runs with the quote


def limit_text(quote: Quote) -> str:
    """The limit lines of a confirmation: the tier's limits and today's use of them, the approval
    it needs and, offline, the allowance left."""
    lines: list[str] = []
    if quote.tier_limits is not None:
        what = (
            _DIRECTIONS.get(quote.direction) or _KINDS.get(quote.kind) or quote.kind.value.replace("_", " ")
        )
        lines.append(
            translate(
                "MoneyAction",
                "Tier {tier} {what}: at most {per_transaction} per transaction; {used} of {per_day} used "
                "today, {after} with this one",
            ).format(
                tier=int(quote.tier),
                what=translate("MoneyAction", what),
                per_transaction=quote.tier_limits.per_transaction,
                used=quote.spent_today,
                per_day=quote.tier_limits.per_day,
                after=quote.day_total_after,
            )
        )
    if quote.approval_threshold is not None:
        lines.append(
            translate("MoneyAction", "Above {threshold}: a supervisor must approve it").format(
                threshold=quote.approval_threshold
            )
        )
    left = quote.allowance_left
    if left is not None:
        if left.expired:
            lines.append(translate("MoneyAction", "Offline, and the allowance has expired: sync first"))
        else:
            lines.append(
                translate(
                    "MoneyAction", "Offline allowance left: {device} on this device, {customer} for {name}"
                ).format(device=left.device, customer=left.customer, name=quote.customer_name)
            )
    return "\n".join(lines)


class MoneyScreen(Screen):
    """A screen whose Enter starts a money action: subclasses build the form and `submit()`."""

    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, parent)
        self.error_label = QLabel()
        self.error_label.setObjectName(f"{name}Error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel()
        self.result_label.setObjectName(f"{name}Result")
        self.result_label.setWordWrap(True)
        self.confirm_dialog: ConfirmMoneyDialog | None = None
        self.override_dialog: OverrideDialog | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self.last_posted: Posted | None = None
        self._action: MoneyRequest | None = None
        self._quote: Quote | None = None

    @property
    def busy(self) -> bool:
        """A money action is under way (quoting, confirming, committing): Enter starts no other."""
        return self._action is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Line edits and spin boxes pass Enter on (they ignore it): here it goes on to the confirmation.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)

    # --- the flow -------------------------------------------------------------------------------

    def start(self, request: MoneyRequest) -> None:
        if self.busy:
            return
        self._action = request
        self.error_label.clear()
        self.result_label.setText(translate("MoneyAction", "Checking limits…"))
        self._set_form_enabled(False)

        def work() -> tuple[Quote, str | None]:
            quote = request.quote()
            quote.raise_if_denied()  # a limit refuses before the confirmation, in the commit's words
            return quote, request.note() if callable(request.note) else request.note

        self.tasks.run(work, done=self._confirm, failed=self._refused)

    def _confirm(self, quoted: tuple[Quote, str | None]) -> None:
        request = self._action
        assert request is not None
        quote, note = quoted
        self._quote = quote
        self.result_label.clear()
        dialog = ConfirmMoneyDialog(
            MoneyConfirmation(
                action=request.action,
                customer=quote.customer_text,
                amount=quote.amount,
                fee=quote.fee,
                limit_text=limit_text(quote) or None,
                note=note,
            ),
            self.backend.language,
            self,
        )
        dialog.setObjectName("confirmMoney")
        dialog.accepted.connect(lambda: self._commit(None))
        dialog.rejected.connect(self._cancelled)
        self._replace_dialog("confirm_dialog", dialog)
        dialog.open()

    def _commit(self, override: Override | None) -> None:
        request = self._action
        assert request is not None
        self.result_label.setText(translate("MoneyAction", "Recording…"))
        self.tasks.run(lambda: request.commit(override), done=self._posted, failed=self._commit_failed)

    def _commit_failed(self, error: Exception) -> None:
        if isinstance(error, ApprovalRequired):
            self._ask_supervisor(error)
            return
        self._refused(error)

    def _ask_supervisor(self, error: ApprovalRequired) -> None:
        self.result_label.clear()
        dialog = OverrideDialog(error.message, self)
        dialog.setObjectName("overrideDialog")
        dialog.accepted.connect(lambda: self._commit(dialog.override()))
        dialog.rejected.connect(self._cancelled)
        self._replace_dialog("override_dialog", dialog)
        dialog.open()

    def _posted(self, posted: Posted) -> None:
        quote = self._quote
        assert quote is not None
        self._action = self._quote = None
        self.last_posted = posted
        self.events.entries_changed.emit()
        self.backend.sync_now()
        self._set_form_enabled(True)
        self.result_label.setText(self.result_text(posted, quote))
        self.reset_form()
        self._show_receipt(posted)

    def _refused(self, error: Exception) -> None:
        self._action = self._quote = None
        self.result_label.clear()
        self.error_label.setText(error_text(error))
        self._set_form_enabled(True)
        self.focus_after_refusal()

    def _cancelled(self) -> None:
        self._action = self._quote = None
        self._set_form_enabled(True)
        self.result_label.setText(translate("MoneyAction", "Cancelled: nothing was recorded."))
        self.focus_after_refusal()

    def _replace_dialog(self, attribute: str, dialog: QDialog) -> None:
        """Keep the newest dialog of its kind where tests and the keyboard find it; the one it
        replaces (closed by now) goes."""
        previous = getattr(self, attribute)
        if previous is not None:
            previous.deleteLater()
        setattr(self, attribute, dialog)

    def _show_receipt(self, posted: Posted) -> None:
        """The receipt of the committed entry, printed from its journal row (loaded in a worker);
        `receipt_dialog` is it while it is open (it deletes itself on close)."""

        def opened(dialog: ReceiptDialog) -> None:
            self.receipt_dialog = dialog

        show_receipt(
            self, self.backend, self.tasks, posted.entry.sequence, posted.available_after, opened=opened
        )

    # --- what each screen says and does -------------------------------------------------------

    def result_text(self, posted: Posted, quote: Quote) -> str:
        raise NotImplementedError

    def reset_form(self) -> None:
        """After a commit: ready for the next customer."""

    def focus_after_refusal(self) -> None:
        """After a refusal or a cancel: where the teller corrects the form."""

    def _set_form_enabled(self, enabled: bool) -> None:
        """Subclasses disable their inputs while an action is under way."""
