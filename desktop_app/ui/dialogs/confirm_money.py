"""Before any money moves: what will happen, in figures and in words, and the limit it uses.
Enter confirms, Escape cancels; nothing is committed until the teller confirms."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLayout, QVBoxLayout, QWidget

from shared_core.amount_words import Language, amount_in_words
from shared_core.money import Money


@dataclass(frozen=True, slots=True)
class MoneyConfirmation:
    action: str  # "Cash withdrawal", translated by the screen that asks
    customer: str  # "Juma Otieno (C0000001)"
    amount: Money
    fee: Money = Money(0)
    limit_text: str | None = None  # "Tier 2 daily cash-out: KES 20,000.00 of KES 100,000.00 used"
    note: str | None = None  # e.g. "Pending until head office confirms"


class ConfirmMoneyDialog(QDialog):
    def __init__(self, confirmation: MoneyConfirmation, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm: {action}").format(action=confirmation.action))
        form = QFormLayout()
        self.amount_label = QLabel(f"<b>{confirmation.amount}</b>")
        self.amount_label.setObjectName("amount")
        self.words_label = QLabel(amount_in_words(confirmation.amount, language))
        self.words_label.setObjectName("words")
        self.words_label.setWordWrap(True)
        form.addRow(self.tr("Customer"), QLabel(confirmation.customer))
        form.addRow(self.tr("Amount"), self.amount_label)
        form.addRow(self.tr("In words"), self.words_label)
        form.addRow(self.tr("Fee"), QLabel(str(confirmation.fee)))
        if confirmation.fee:
            form.addRow(self.tr("Total"), QLabel(str(confirmation.amount + confirmation.fee)))
        if confirmation.limit_text:
            self.limit_label = QLabel(confirmation.limit_text)
            self.limit_label.setObjectName("limit")
            self.limit_label.setWordWrap(True)
            form.addRow(self.tr("Limit"), self.limit_label)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # long wrapped limit text is never cut off
        layout.addWidget(QLabel(f"<h3>{confirmation.action}</h3>"))
        layout.addLayout(form)
        if confirmation.note:
            note = QLabel(confirmation.note)
            note.setObjectName("note")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        confirm = buttons.button(QDialogButtonBox.StandardButton.Ok)
        confirm.setText(self.tr("Confirm"))
        confirm.setDefault(True)  # Enter confirms; Escape is QDialog's reject
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
