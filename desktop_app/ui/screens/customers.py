"""Customers: find one by national ID, phone or name; their profile (CIF, KYC tier and what it
allows on each channel, accounts with what may be spent, recent entries and head office's answer
to each); register a new customer with the photo of their ID card; ask for a KYC upgrade.

Keyboard-first: Ctrl+F goes to the search, typing searches (a moment after typing stops, in the
store worker), Down or Enter goes into the results, Enter opens the profile, Escape goes back to the
search; Ctrl+N registers, Ctrl+U asks for an upgrade. A search or profile answer that is no longer
the latest asked for is dropped, so a slow answer never overwrites a newer one.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.services.customers import (
    CustomerProfile,
    CustomerSummary,
    DocumentKind,
    KycUpgradeRequest,
    customer_profile,
    register_customer,
    registered_cif,
    request_kyc_upgrade,
    search_customers,
)
from desktop_app.services.posting import Override, Posted
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.kyc_upgrade import KycUpgradeDialog, KycUpgradeForm
from desktop_app.ui.dialogs.override import OverrideDialog
from desktop_app.ui.dialogs.register_customer import RegisterCustomerDialog, RegistrationForm
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.formatting import local_time_text
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.customer_tables import (
    AccountsTableModel,
    CustomerSearchTableModel,
    RecentEntriesTableModel,
    TierLimitsTableModel,
    is_pending,
    phone_text,
    status_text,
)
from desktop_app.ui.tasks import Tasks
from shared_core.errors import ApprovalRequired
from shared_core.kyc import KycTier
from shared_core.roles import Permission, has_permission

search_delay_ms = 250  # typing pauses longer than this between words; shorter than a teller waits
_ERROR_STYLE = "color: #b3261e"


class _SearchEdit(QLineEdit):
    """Down or Enter goes on to the results (Enter searches first if typing has not settled)."""

    into_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.into_results.emit()
            return
        super().keyPressEvent(event)


class _ResultsView(QTableView):
    """Enter opens the current row's profile; Escape, or Up on the first row, goes back to the search."""

    opened = Signal(int)
    back = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        row = self.currentIndex().row()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row >= 0:
            self.opened.emit(row)
            return
        if event.key() == Qt.Key.Key_Escape or (event.key() == Qt.Key.Key_Up and row <= 0):
            self.back.emit()
            return
        super().keyPressEvent(event)


def _table(model: QAbstractTableModel, name: str, view: QTableView | None = None) -> QTableView:
    """A read-only table of whole rows, sized to its contents."""
    view = view or QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are typed by people: never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CustomersScreen(Screen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, parent)
        self.profile: CustomerProfile | None = None
        self.register_dialog: RegisterCustomerDialog | None = None
        self.kyc_dialog: KycUpgradeDialog | None = None
        self.override_dialog: OverrideDialog | None = None
        self.last_posted: Posted | None = None
        self._cif: str | None = None  # the customer whose profile is shown (or on its way)
        self._latest_search = 0  # numbers each search; only the latest one's answer is shown
        self._latest_profile = 0  # the same for profile loads
        self._searching = 0
        self._into_results_when_answered = False

        self.search_edit = _SearchEdit()
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setPlaceholderText(self.tr("National ID, phone or name (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_model = CustomerSearchTableModel()
        self.results_view = _table(self.search_model, "customerResults", _ResultsView())
        self.search_hint = QLabel()
        self.search_hint.setObjectName("searchHint")
        self.register_button = QPushButton(self.tr("&Register customer… (Ctrl+N)"))
        self.register_button.setObjectName("registerCustomer")
        self.register_button.setEnabled(self._may(Permission.CUSTOMER_REGISTER))
        self.error_label = QLabel()
        self.error_label.setObjectName("customersError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.result_label = QLabel()
        self.result_label.setObjectName("customersResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)

        self.profile_hint = QLabel(self.tr("Find a customer, then press Enter on them to see their profile."))
        self.profile_hint.setObjectName("profileHint")
        self.profile_box = self._build_profile()
        self.profile_box.setVisible(False)

        left = QVBoxLayout()
        left.addWidget(self.search_edit)
        left.addWidget(self.results_view, 1)
        left.addWidget(self.search_hint)
        left.addWidget(self.register_button)
        right = QVBoxLayout()
        right.addWidget(self.profile_hint)
        right.addWidget(self.profile_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        self.setTabOrder(self.search_edit, self.results_view)
        self.setTabOrder(self.results_view, self.register_button)
        self.setTabOrder(self.register_button, self.kyc_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(search_delay_ms)
        self._timer.timeout.connect(self._search)
        self.search_edit.textEdited.connect(lambda _text: self._timer.start())
        self.search_edit.into_results.connect(self._into_results)
        self.results_view.opened.connect(self._open_row)
        self.results_view.back.connect(self.focus_search)
        self.results_view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.register_button.clicked.connect(self.open_register)
        self.kyc_button.clicked.connect(self.open_kyc_upgrade)
        self._add_shortcuts()
        events.entries_changed.connect(self._reload_profile)
        events.customers_changed.connect(self._customers_changed)

    def _build_profile(self) -> QGroupBox:
        box = QGroupBox(self.tr("Profile"))
        self.name_label = _value_label("profileName")
        self.name_label.setStyleSheet("font-weight: bold; font-size: 14pt")
        self.cif_label = _value_label("profileCif")
        self.national_id_label = _value_label("profileNationalId")
        self.phone_label = _value_label("profilePhone")
        self.tier_label = _value_label("profileTier")
        self.upgrade_label = _value_label("profileKycUpgrade")
        self.documents_label = _value_label("profileDocuments")
        self.limits_title = QLabel()
        self.limits_model = TierLimitsTableModel()
        self.limits_view = _table(self.limits_model, "profileLimits")
        self.accounts_model = AccountsTableModel()
        self.accounts_view = _table(self.accounts_model, "profileAccounts")
        self.recent_model = RecentEntriesTableModel(self.backend.context.utc_offset_minutes)
        self.recent_view = _table(self.recent_model, "profileRecent")
        self.kyc_button = QPushButton(self.tr("Request KYC &upgrade… (Ctrl+U)"))
        self.kyc_button.setObjectName("kycUpgrade")
        self.kyc_button.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("CIF"), self.cif_label)
        form.addRow(self.tr("National ID"), self.national_id_label)
        form.addRow(self.tr("Phone"), self.phone_label)
        form.addRow(self.tr("KYC tier"), self.tier_label)
        form.addRow("", self.upgrade_label)
        form.addRow(self.tr("Documents"), self.documents_label)
        layout = QVBoxLayout(box)
        layout.addWidget(self.name_label)
        layout.addLayout(form)
        layout.addWidget(self.limits_title)
        layout.addWidget(self.limits_view)
        layout.addWidget(QLabel(self.tr("Accounts")))
        layout.addWidget(self.accounts_view)
        layout.addWidget(QLabel(self.tr("Recent entries")))
        layout.addWidget(self.recent_view, 1)
        layout.addWidget(self.kyc_button)
        return box

    def _add_shortcuts(self) -> None:
        for keys, slot in (("Ctrl+F", self.focus_search), ("Ctrl+N", self.open_register),
                           ("Ctrl+U", self.open_kyc_upgrade)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only while shown
            action.triggered.connect(slot)
            self.addAction(action)

    def _may(self, permission: Permission) -> bool:
        session = self.backend.session
        return session is not None and has_permission(session.role, permission)

    # --- the screen -----------------------------------------------------------------------------

    def activated(self) -> None:
        self._reload_profile()
        self.focus_search()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    @property
    def busy(self) -> bool:
        """A search waits for typing to stop or for its answer."""
        return self._timer.isActive() or self._searching > 0

    # --- search -------------------------------------------------------------------------------

    def search_now(self) -> None:
        self._timer.stop()
        self._search()

    def _search(self) -> None:
        self._latest_search += 1
        number = self._latest_search
        text = self.search_edit.text()
        if not text.strip():
            self._show_results(number, ())
            return
        context = self.backend.context
        self._searching += 1

        def answered(results: tuple[CustomerSummary, ...]) -> None:
            self._searching -= 1
            self._show_results(number, results)

        def failed(error: Exception) -> None:
            self._searching -= 1
            if number == self._latest_search:
                self.search_hint.setText(error_text(error))

        self.tasks.run(lambda: search_customers(context, text), done=answered, failed=failed)

    def _show_results(self, number: int, results: tuple[CustomerSummary, ...]) -> None:
        if number != self._latest_search:
            return  # a newer search was asked for since: this answer is stale
        self.search_model.set_rows(results)
        typed = bool(self.search_edit.text().strip())
        if not typed:
            self.search_hint.clear()
        elif not results:
            self.search_hint.setText(self.tr("No customer matches"))
        else:
            self.search_hint.setText(self.tr("{n} found: Down or Enter to choose").format(n=len(results)))
        if results:
            self.results_view.selectRow(0)
        into, self._into_results_when_answered = self._into_results_when_answered, False
        if into:
            self._into_results()

    def _into_results(self) -> None:
        if self._timer.isActive():  # typing has not settled: search now, go on when it answers
            self._into_results_when_answered = True
            self.search_now()
            return
        if self._searching:
            self._into_results_when_answered = True
            return
        if self.search_model.rowCount():
            self.results_view.setFocus()
            if self.results_view.currentIndex().row() < 0:
                self.results_view.selectRow(0)

    def _open_row(self, row: int) -> None:
        self.show_profile(self.search_model.row(row).cif)

    # --- the profile ----------------------------------------------------------------------------

    def show_profile(self, cif: str) -> None:
        self._cif = cif
        self._load_profile()

    def _reload_profile(self) -> None:
        if self._cif is not None:
            self._load_profile()

    def _customers_changed(self) -> None:
        if self.search_edit.text().strip():
            self.search_now()
        self._reload_profile()

    def _load_profile(self) -> None:
        self._latest_profile += 1
        number = self._latest_profile
        context, cif = self.backend.context, self._cif
        assert cif is not None

        def loaded(profile: CustomerProfile) -> None:
            if number == self._latest_profile:
                self._show_profile(profile)

        def failed(error: Exception) -> None:
            if number == self._latest_profile:
                self.error_label.setText(error_text(error))

        self.tasks.run(lambda: customer_profile(context, cif), done=loaded, failed=failed)

    def _show_profile(self, profile: CustomerProfile) -> None:
        self.profile = profile
        summary = profile.summary
        self.error_label.clear()
        self.profile_hint.setVisible(False)
        self.profile_box.setVisible(True)
        self.name_label.setText(summary.full_name)
        if summary.provisional:
            self.cif_label.setText(
                self.tr("{cif} — provisional: head office issues the CIF when the registration syncs")
                .format(cif=summary.cif)
            )
        else:
            self.cif_label.setText(summary.cif)
        self.national_id_label.setText(summary.masked_national_id)
        self.phone_label.setText(phone_text(summary.phone))
        self.tier_label.setText(self.tr("Tier {tier}").format(tier=summary.kyc_tier))
        self.upgrade_label.setText(self._upgrade_text(profile))
        self.upgrade_label.setVisible(bool(self.upgrade_label.text()))
        self.documents_label.setText(self._documents_text(profile))
        self.limits_title.setText(self.tr("What Tier {tier} allows").format(tier=summary.kyc_tier))
        self.limits_model.set_rows(profile.limits)
        self.accounts_model.set_rows(profile.accounts)
        self.recent_model.set_rows(profile.recent)
        pending = profile.pending_upgrade
        self.kyc_button.setEnabled(
            self._may(Permission.KYC_UPGRADE_REQUEST) and summary.kyc_tier < max(KycTier) and pending is None
        )
        self.kyc_button.setToolTip(
            self.tr("An upgrade already waits for head office") if pending is not None else ""
        )

    def _upgrade_text(self, profile: CustomerProfile) -> str:
        if not profile.kyc_upgrades:
            return ""
        latest: KycUpgradeRequest = profile.kyc_upgrades[0]
        if is_pending(latest.status):
            return self.tr(
                "Upgrade to Tier {tier} requested ({reference}): {status} until head office decides"
            ).format(tier=int(latest.tier), reference=latest.reference, status=status_text(latest.status))
        if latest.status == "rejected":
            return self.tr("Upgrade to Tier {tier} ({reference}) refused by head office: {reason}").format(
                tier=int(latest.tier), reference=latest.reference, reason=latest.message or ""
            )
        if profile.summary.kyc_tier < latest.tier:  # confirmed; the new tier comes with the next pull
            return self.tr(
                "Upgrade to Tier {tier} ({reference}) confirmed; the new tier arrives with the next sync"
            ).format(tier=int(latest.tier), reference=latest.reference)
        return ""

    def _documents_text(self, profile: CustomerProfile) -> str:
        photos = [document for document in profile.documents if document.kind == DocumentKind.ID_PHOTO]
        if not photos:
            return self.tr("No photo of the ID card on file")
        latest = photos[0]
        return self.tr("Photo of the ID card on file (captured {when}, {reference})").format(
            when=local_time_text(latest.captured_at, self.backend.context.utc_offset_minutes),
            reference=latest.captured_reference,
        )

    # --- registering ----------------------------------------------------------------------------

    def open_register(self) -> None:
        if not self._may(Permission.CUSTOMER_REGISTER):
            return
        if self.register_dialog is not None and self.register_dialog.isVisible():
            self.register_dialog.activateWindow()
            return
        dialog = RegisterCustomerDialog(self.tasks, self)
        dialog.setObjectName("registerDialog")
        dialog.submitted.connect(lambda form: self._register(dialog, form))
        self._replace_dialog("register_dialog", dialog)
        dialog.open()

    def _register(self, dialog: RegisterCustomerDialog, form: RegistrationForm) -> None:
        context, session = self.backend.context, self.session

        def work() -> Posted:
            return register_customer(
                context, session, national_id=form.national_id, full_name=form.full_name, phone=form.phone,
                tier=form.tier, evidence=form.evidence, id_photo=form.id_photo,
            )

        self.tasks.run(work, done=lambda posted: self._registered(dialog, posted),
                       failed=lambda error: dialog.show_refusal(error_text(error)))

    def _registered(self, dialog: RegisterCustomerDialog, posted: Posted) -> None:
        dialog.accept()
        self.last_posted = posted
        cif = registered_cif(posted)
        self.result_label.setText(
            self.tr(
                "Registered under provisional CIF {cif} ({reference}); pending until head office confirms"
            ).format(cif=cif, reference=posted.entry.reference)
        )
        self._cif = cif
        self.events.customers_changed.emit()  # shows the new profile too (it is the one to reload)
        self.events.entries_changed.emit()
        self.backend.sync_now()

    # --- KYC upgrade ----------------------------------------------------------------------------

    def open_kyc_upgrade(self) -> None:
        profile = self.profile
        if profile is None or not self.kyc_button.isEnabled():
            return
        dialog = KycUpgradeDialog(profile, self.tasks, self.backend.context.utc_offset_minutes, self)
        dialog.setObjectName("kycDialog")
        dialog.submitted.connect(lambda form: self._request_upgrade(dialog, form, None))
        self._replace_dialog("kyc_dialog", dialog)
        dialog.open()

    def _request_upgrade(
        self, dialog: KycUpgradeDialog, form: KycUpgradeForm, override: Override | None
    ) -> None:
        context, session = self.backend.context, self.session

        def work() -> Posted:
            return request_kyc_upgrade(
                context, session, cif=form.cif, tier=form.tier, evidence=form.evidence,
                id_photo=form.id_photo, override=override,
            )

        self.tasks.run(work, done=lambda posted: self._upgrade_requested(dialog, form, posted),
                       failed=lambda error: self._upgrade_failed(dialog, form, error))

    def _upgrade_failed(self, dialog: KycUpgradeDialog, form: KycUpgradeForm, error: Exception) -> None:
        if not isinstance(error, ApprovalRequired):
            dialog.show_refusal(error_text(error))
            return
        # Every upgrade needs a supervisor: they approve at this PC, then the same request goes again.
        override_dialog = OverrideDialog(error.message, dialog)
        override_dialog.setObjectName("overrideDialog")
        override_dialog.accepted.connect(
            lambda: self._request_upgrade(dialog, form, override_dialog.override())
        )
        override_dialog.rejected.connect(
            lambda: dialog.show_refusal(self.tr("Not sent: the upgrade needs a supervisor's approval"))
        )
        self._replace_dialog("override_dialog", override_dialog)
        override_dialog.open()

    def _upgrade_requested(self, dialog: KycUpgradeDialog, form: KycUpgradeForm, posted: Posted) -> None:
        dialog.accept()
        self.last_posted = posted
        self.result_label.setText(
            self.tr("KYC upgrade to Tier {tier} requested ({reference}), approved by {checker}; pending "
                    "until head office decides").format(
                tier=int(form.tier), reference=posted.entry.reference, checker=posted.entry.approved_by or "—"
            )
        )
        self.events.entries_changed.emit()  # the profile reloads and shows the upgrade pending
        self.backend.sync_now()

    def _replace_dialog(self, attribute: str, dialog: QDialog) -> None:
        """Keep the newest dialog of its kind where tests and the keyboard find it."""
        previous = getattr(self, attribute)
        # An override dialog is deleted with the dialog it was opened over.
        if previous is not None and previous is not dialog and isValid(previous):
            previous.deleteLater()
        setattr(self, attribute, dialog)
