"""Insure: sell cover at the counter, paid in cash or from the customer's wallet, and print its
policy schedule.

The customer, the product, its terms (personal accident: a plan, paid month by month; WIBA: the
payroll by occupation class; asset all-risk: the items and their declared values) and the first
day of cover make a quote, shown line by line as it is typed: the premium, each statutory levy,
stamp duty and the total, all priced by shared_core under the tariff head office last sent
(services.insurance: pure, so it runs on the GUI thread). The total is what the confirmation asks
for and what the premium entry takes. Cash is a fact (the till must be open); from the wallet it
is a request, pending until head office confirms, and its schedule prints once it has.

Below, the customer's premiums on this device with head office's answer (screens.insure_policies):
the schedule of one prints again, and its next premium is taken from there (a personal accident
policy's next month; another year of a WIBA or all-risk policy, under the same number).

Keyboard-first: Alt+C the customer, Alt+P the product, Alt+L the plan, Alt+Y the payroll, Alt+A adds
an item, Alt+F the first day of cover, Alt+S cash, Alt+W wallet; Enter (or Alt+N) goes on to the
confirmation and Enter there records it. Alt+E the earlier premiums, Alt+R prints the chosen one's schedule,
Alt+T takes its next premium, Alt+B goes back to a new policy.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.customers import CustomerSummary
from desktop_app.services.insurance import (
    CoverSold,
    PolicyEntry,
    SellingTerms,
    buy_cover,
    quote_cover,
    selling_terms,
    with_head_counts,
)
from desktop_app.services.posting import Override, Posted
from desktop_app.services.quotes import Quote as LimitsQuote
from desktop_app.services.quotes import quote as limits_quote
from desktop_app.sync.status import SyncStatus
from desktop_app.ui.backend import Backend
from desktop_app.ui.dialogs.wiba_payroll import WibaPayrollDialog
from desktop_app.ui.errors import error_text
from desktop_app.ui.events import AppEvents
from desktop_app.ui.screens.insure_policies import CustomerPoliciesPanel
from desktop_app.ui.screens.insure_quote import QuotePanel
from desktop_app.ui.screens.insure_tables import DATE_FORMAT, employees_text, product_text
from desktop_app.ui.screens.money_action import MoneyRequest, MoneyScreen
from desktop_app.ui.tasks import Tasks
from desktop_app.ui.widgets.customer_picker import CustomerPicker
from desktop_app.ui.widgets.insured_items import InsuredItemsEditor
from shared_core.errors import DomainError, InsufficientFunds
from shared_core.insurance import (
    PaymentMethod,
    Product,
    Quote,
    WibaPayroll,
    annual_cover_months,
    cover_period,
)
from shared_core.insurance_policy import PolicySale, cover_start_days_ahead_max
from shared_core.ledger import shortfall
from shared_core.operations import OperationKind

_NOTICE_STYLE = "QLabel { background: #fdecea; color: #8c1d18; border: 1px solid #f2b8b5; padding: 6px; }"
_QT_DATE_FORMAT = "dd MMM yyyy"
_PAGES = {Product.PERSONAL_ACCIDENT: 0, Product.WIBA: 1, Product.ASSET_ALL_RISK: 2}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class InsureScreen(MoneyScreen):
    def __init__(
        self, backend: Backend, tasks: Tasks, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(backend, tasks, events, "insure", parent)
        self.terms: SellingTerms | None = None
        self.cover_quote: Quote | None = None  # the quote shown; None while the terms make none
        self.payroll: tuple[WibaPayroll, ...] = ()
        self.next_premium_of: PolicyEntry | None = None  # the policy whose next premium is taken
        self.last_sale: CoverSold | None = None
        self.payroll_dialog: WibaPayrollDialog | None = None

        self.notice_label = QLabel()
        self.notice_label.setObjectName("insureNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(_NOTICE_STYLE)
        self.notice_label.hide()
        self.picker = CustomerPicker(backend.context, tasks)
        self.picker.setObjectName("insureCustomer")
        self.product_box = QComboBox()
        self.product_box.setObjectName("insureProduct")
        for product in Product:
            self.product_box.addItem(product_text(product), product)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("insureMode")
        self.mode_label.setWordWrap(True)
        self.new_policy_button = QPushButton(self.tr("&Back to a new policy"))
        self.new_policy_button.setObjectName("insureNewPolicy")
        self.new_policy_button.clicked.connect(self.back_to_new_policy)
        self.mode_row = QWidget()
        mode_layout = QHBoxLayout(self.mode_row)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        mode_layout.addWidget(self.mode_label, 1)
        mode_layout.addWidget(self.new_policy_button)
        self.mode_row.hide()

        # The terms of each product, one page each.
        self.plan_box = QComboBox()
        self.plan_box.setObjectName("insurePlan")
        self.benefits_label = QLabel()
        self.benefits_label.setObjectName("insureBenefits")
        self.benefits_label.setWordWrap(True)
        plan_field = QWidget()
        plan_layout = QVBoxLayout(plan_field)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_box)
        plan_layout.addWidget(self.benefits_label)
        self.payroll_label = QLabel()
        self.payroll_label.setObjectName("insurePayrollRows")
        self.payroll_label.setWordWrap(True)
        self.payroll_label.setTextFormat(Qt.TextFormat.PlainText)
        self.payroll_button = QPushButton(self.tr("Pa&yroll…"))
        self.payroll_button.setObjectName("insurePayroll")
        self.payroll_button.setToolTip(self.tr("The annual payroll of each category of staff, by occupation class"))
        self.payroll_button.clicked.connect(self.edit_payroll)
        self.items_editor = InsuredItemsEditor()
        self.items_editor.setObjectName("insureItems")
        self.terms_stack = QStackedWidget()
        self.terms_stack.addWidget(self._page(self.tr("P&lan"), plan_field, self.plan_box))
        payroll_row = QWidget()
        payroll_layout = QHBoxLayout(payroll_row)
        payroll_layout.setContentsMargins(0, 0, 0, 0)
        payroll_layout.addWidget(self.payroll_label, 1)
        payroll_layout.addWidget(self.payroll_button, 0, Qt.AlignmentFlag.AlignTop)
        self.terms_stack.addWidget(self._page(self.tr("Payroll"), payroll_row, None))
        self.terms_stack.addWidget(self._page(self.tr("Insured items"), self.items_editor, None))

        self.start_edit = QDateEdit()
        self.start_edit.setObjectName("insureStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(_QT_DATE_FORMAT)
        self.cash_button = QRadioButton(self.tr("In ca&sh"))
        self.cash_button.setObjectName("insureCash")
        self.wallet_button = QRadioButton(self.tr("From the &wallet"))
        self.wallet_button.setObjectName("insureWallet")
        self.cash_button.setChecked(True)
        self._payment = QButtonGroup(self)
        self._payment.addButton(self.cash_button)
        self._payment.addButton(self.wallet_button)

        self.submit_button = QPushButton(self.tr("Co&nfirm…"))
        self.submit_button.setObjectName("insureSubmit")
        self.submit_button.setToolTip(self.tr("Enter: show the confirmation"))
        self.submit_button.clicked.connect(self.submit)
        self.quote_panel = QuotePanel(self.submit_button)
        self.quote_model = self.quote_panel.model
        self.period_label = self.quote_panel.period_label
        self.total_label = self.quote_panel.total_label
        self.quote_hint = self.quote_panel.hint_label

        self.policies = CustomerPoliciesPanel(backend, tasks)
        self.policies.setObjectName("insurePolicies")
        self.policies.next_premium_asked.connect(self.take_next_premium)
        self.policies.failed.connect(self.show_error)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        customer_label = QLabel(self.tr("&Customer"))
        customer_label.setBuddy(self.picker.search_edit)
        product_label = QLabel(self.tr("&Product"))
        product_label.setBuddy(self.product_box)
        start_label = QLabel(self.tr("Cover &from"))
        start_label.setBuddy(self.start_edit)
        payments = QHBoxLayout()
        payments.addWidget(self.cash_button)
        payments.addWidget(self.wallet_button)
        payments.addStretch(1)
        form.addRow(customer_label, self.picker)
        form.addRow(product_label, self.product_box)
        form.addRow(self.mode_row)
        form.addRow(self.terms_stack)
        form.addRow(start_label, self.start_edit)
        form.addRow(self.tr("Paid"), payments)

        top = QHBoxLayout()
        top.addWidget(self.form, 2, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.quote_panel, 3, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice_label)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.policies, 1)
        QWidget.setTabOrder(self.picker.search_edit, self.product_box)
        QWidget.setTabOrder(self.product_box, self.plan_box)
        QWidget.setTabOrder(self.plan_box, self.payroll_button)  # then the items (they order their rows)
        QWidget.setTabOrder(self.start_edit, self.cash_button)
        QWidget.setTabOrder(self.cash_button, self.wallet_button)
        QWidget.setTabOrder(self.wallet_button, self.submit_button)
        QWidget.setTabOrder(self.submit_button, self.policies.view)

        self.picker.customer_chosen.connect(self._customer_chosen)
        self.product_box.currentIndexChanged.connect(lambda _index: self._product_chosen())
        self.plan_box.currentIndexChanged.connect(lambda _index: self._plan_chosen())
        self.items_editor.changed.connect(self.refresh_quote)
        self.start_edit.dateChanged.connect(lambda _day: self.refresh_quote())
        events.entries_changed.connect(self.policies.reload)  # a sale here, or head office's answers
        events.sync_status_read.connect(self._sync_status_read)
        self._last_answer_at: str | None = None
        self._set_terms(None)
        self._product_chosen()

    def _page(self, text: str, field: QWidget, buddy: QWidget | None) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        if buddy is not None:
            label.setBuddy(buddy)
        form.addRow(label, field)
        return page

    # --- what is on sale ------------------------------------------------------------------------

    @property
    def product(self) -> Product:
        return Product(self.product_box.currentData())

    @property
    def payment(self) -> PaymentMethod:
        return PaymentMethod.WALLET if self.wallet_button.isChecked() else PaymentMethod.CASH

    @property
    def sale(self) -> PolicySale:
        if self.next_premium_of is None:
            return PolicySale.NEW
        if self.product is Product.PERSONAL_ACCIDENT:
            return PolicySale.MONTHLY_PREMIUM
        return PolicySale.RENEWAL

    def activated(self) -> None:
        """Read the tariff again (a pull may have brought a new one) and the day sales are booked on."""
        context = self.backend.context
        self.tasks.run(lambda: selling_terms(context), done=self._set_terms, failed=self._no_terms)
        self.policies.reload()
        if self.picker.customer is None:
            self.picker.setFocus()

    def _sync_status_read(self, status: SyncStatus | None) -> None:
        """Head office answered since the premiums were read: pending ones may be confirmed now."""
        answered_at = status.last_sync_at if status is not None else None
        if answered_at != self._last_answer_at:
            self._last_answer_at = answered_at
            self.policies.reload()

    def _no_terms(self, error: Exception) -> None:
        self._set_terms(None)
        self.notice_label.setText(error_text(error))

    def _set_terms(self, terms: SellingTerms | None) -> None:
        self.terms = terms
        self.policies.set_tariff(terms.tariff if terms is not None else None)
        self._enable()
        self.notice_label.setVisible(terms is None)
        self.notice_label.setText(self.tr("Reading the insurance tariff…") if terms is None else "")
        if terms is None:
            self.refresh_quote()
            return
        chosen_plan = self.plan_box.currentData()
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in terms.tariff.personal_accident_plans:
            self.plan_box.addItem(
                self.tr("{plan}: {premium} a month").format(plan=plan.name.capitalize(), premium=plan.monthly_premium),
                plan.name,
            )
        self.plan_box.setCurrentIndex(max(self.plan_box.findData(chosen_plan), 0))
        self.plan_box.blockSignals(False)
        self._show_benefits()
        self.start_edit.blockSignals(True)
        first, last = terms.sale_day, terms.sale_day + timedelta(days=cover_start_days_ahead_max)
        keep = max(self.start_edit.date(), _qdate(first))
        self.start_edit.setDateRange(_qdate(first), _qdate(last))
        self.start_edit.setDate(keep)
        self.start_edit.blockSignals(False)
        self._show_payroll()
        self.refresh_quote()

    def _plan_chosen(self) -> None:
        self._show_benefits()
        self.refresh_quote()

    def _show_benefits(self) -> None:
        plan = self.terms.tariff.plan(self.plan_box.currentData()) if self.terms and self.plan_box.count() else None
        self.benefits_label.setText(
            "" if plan is None else self.tr(
                "Pays per accident: death {death}; permanent total disability {disability}; medical expenses "
                "{medical}"
            ).format(death=plan.death, disability=plan.permanent_disability, medical=plan.medical_expenses)
        )

    def _product_chosen(self) -> None:
        self._show_terms_page(self.product)
        self.refresh_quote()

    def _show_terms_page(self, product: Product) -> None:
        """The product's terms, taking only the room they need (a stack is as tall as its tallest page)."""
        self.terms_stack.setCurrentIndex(_PAGES[product])
        for index in range(self.terms_stack.count()):
            page = self.terms_stack.widget(index)
            shown = index == _PAGES[product]
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.terms_stack.adjustSize()

    def _customer_chosen(self, customer: CustomerSummary | None) -> None:
        self._leave_next_premium()
        self.policies.show_customer(customer.cif if customer is not None else None)
        if customer is not None:
            self.error_label.clear()
            self.product_box.setFocus()

    # --- the terms and the live quote ---------------------------------------------------------

    def edit_payroll(self) -> None:
        if self.terms is None or self.busy:
            return
        dialog = WibaPayrollDialog(self.terms.tariff, self.payroll, self)
        dialog.accepted.connect(lambda: self._payroll_typed(dialog.payroll))
        dialog.finished.connect(dialog.deleteLater)
        self.payroll_dialog = dialog
        dialog.open()

    def _payroll_typed(self, payroll: tuple[WibaPayroll, ...]) -> None:
        self.payroll = payroll
        self._show_payroll()
        self.refresh_quote()
        self.start_edit.setFocus()

    def _show_payroll(self) -> None:
        if not self.payroll:
            self.payroll_label.setText(self.tr("No payroll yet: Alt+Y to type it"))
            return
        lines = []
        for row in self.payroll:
            parts = (self.tr("Class {number}").format(number=int(row.occupation_class)), row.category,
                     employees_text(row.employees), str(row.annual_payroll))  # fmt: skip
            lines.append(" · ".join(part for part in parts if part))
        self.payroll_label.setText("\n".join(lines))

    def _terms_quote(self) -> Quote:
        """The quote of what the form says; a DomainError naming what is missing or wrong."""
        assert self.terms is not None
        product, sale = self.product, self.sale
        items = self.items_editor.items() if product is Product.ASSET_ALL_RISK else ()
        return quote_cover(
            self.terms.tariff,
            product,
            start=self._cover_start() or self.terms.sale_day,  # a month's price does not depend on its month
            sale=sale,
            plan=self.plan_box.currentData() if product is Product.PERSONAL_ACCIDENT else "",
            payroll=self.payroll if product is Product.WIBA else (),
            items=items,
        )

    def _cover_start(self) -> date | None:
        if self.sale is PolicySale.MONTHLY_PREMIUM:
            return None  # head office works out which month a monthly premium pays
        return self.start_edit.date().toPython()

    def refresh_quote(self) -> None:
        """The quote of the terms as typed, or the reason there is none yet."""
        self.cover_quote = None
        hint = ""
        if self.terms is not None:
            try:
                self.cover_quote = self._terms_quote()
            except DomainError as error:
                hint = self._incomplete_text(error)
        quote = self.cover_quote
        if quote is not None and quote.minimum_premium_applied:
            hint = self.tr("Below the minimum premium: {minimum} is charged as the premium").format(
                minimum=quote.basic_premium
            )
        self.quote_panel.show_quote(quote, period=self._period_text(quote) if quote else "", hint=hint)

    def _incomplete_text(self, error: DomainError) -> str:
        if self.product is Product.WIBA and not self.payroll:
            return self.tr("Type the payroll (Alt+Y) to see the premium")
        if error.details.get("field") == "items":  # the items editor's own words, naming the row
            return error.message
        return error_text(error)

    def _period_text(self, quote: Quote) -> str:
        if self.sale is PolicySale.MONTHLY_PREMIUM:
            return self.tr("One more month of cover, from where the months paid end (head office counts them)")
        return self.tr("Cover from {start} to {end}, both days included").format(
            start=quote.period.start.strftime(DATE_FORMAT), end=quote.period.end.strftime(DATE_FORMAT)
        )

    # --- earlier premiums: schedules and the next premium -----------------------------------------

    def take_next_premium(self, chosen: PolicyEntry) -> None:
        """`chosen`'s next premium into the form: a personal accident policy's next month, or
        another year of a WIBA or all-risk policy under its number (its terms, to change)."""
        if self.terms is None or self.busy:
            return
        purchase = chosen.purchase
        plan_row = self.plan_box.findData(purchase.plan)
        if purchase.product is Product.PERSONAL_ACCIDENT and plan_row < 0:
            self.show_error(self.tr("The {plan} plan is no longer in the tariff: sell a new policy instead").format(
                plan=purchase.plan.capitalize()))
            return
        renews_on = self._renewal_start(chosen)
        if renews_on is None:
            return
        self.next_premium_of = chosen
        self.product_box.blockSignals(True)
        self.product_box.setCurrentIndex(self.product_box.findData(purchase.product))
        self.product_box.blockSignals(False)
        self._show_terms_page(purchase.product)
        if purchase.product is Product.PERSONAL_ACCIDENT:
            self.plan_box.setCurrentIndex(plan_row)  # the policy's plan; another plan is a new policy
            self.mode_label.setText(self.tr("The next month's premium of policy {policy}").format(
                policy=purchase.policy_number))
        else:
            self.payroll = with_head_counts(purchase.payroll)
            self._show_payroll()
            self.items_editor.set_items(purchase.items)
            self.start_edit.setDate(_qdate(renews_on))
            self.mode_label.setText(self.tr("Renewing policy {policy} for another year").format(
                policy=purchase.policy_number))
        self.mode_row.show()
        self.error_label.clear()
        self._enable()
        self.refresh_quote()
        self.submit_button.setFocus()

    def _renewal_start(self, chosen: PolicyEntry) -> date | None:
        """The first day of an annual policy's next year: the day after its last year ends, or the
        sale day when that has passed; None (said why) when that is further off than a sale may
        start cover. A personal accident policy's next month names no day: the sale day stands in."""
        assert self.terms is not None
        sale_day, start = self.terms.sale_day, chosen.purchase.cover_start
        if chosen.purchase.product is Product.PERSONAL_ACCIDENT or start is None:
            return sale_day
        ends = cover_period(start, annual_cover_months).end
        renews_on = max(sale_day, ends + timedelta(days=1))
        if renews_on > sale_day + timedelta(days=cover_start_days_ahead_max):
            self.show_error(
                self.tr("Policy {policy} runs to {end}; it renews from {days} days before then").format(
                    policy=chosen.policy_number, end=ends.strftime(DATE_FORMAT), days=cover_start_days_ahead_max
                )
            )
            return None
        return renews_on

    def back_to_new_policy(self) -> None:
        self._leave_next_premium()
        self.product_box.setFocus()

    def _leave_next_premium(self) -> None:
        if self.next_premium_of is None:
            return
        self.next_premium_of = None
        self.mode_row.hide()
        self._enable()
        self.refresh_quote()

    def _enable(self) -> None:
        """Each control as the tariff, an action under way and the sale allow: a next premium keeps
        its policy's product (and plan), and a monthly premium names no first day."""
        ready = self.terms is not None and not self.busy
        taking_next = self.next_premium_of is not None
        self.form.setEnabled(not self.busy)
        self.product_box.setEnabled(ready and not taking_next)
        self.terms_stack.setEnabled(ready)
        self.plan_box.setEnabled(ready and not taking_next)
        self.start_edit.setEnabled(ready and self.sale is not PolicySale.MONTHLY_PREMIUM)
        self.submit_button.setEnabled(ready)
        self.policies.set_ready(ready)

    # --- selling ----------------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        if self.terms is None:
            self.show_error(self.notice_label.text())
            return
        customer = self.picker.customer
        if customer is None:
            self.show_error(self.tr("Choose the customer first: type a national ID, phone or name"))
            self.picker.setFocus()
            return
        try:
            cover = self._terms_quote()
        except DomainError as error:
            self.show_error(self._incomplete_text(error))
            self._focus_terms()
            return
        self.start(self._money_request(customer, cover))

    def _focus_terms(self) -> None:
        {
            Product.PERSONAL_ACCIDENT: self.plan_box.setFocus,
            Product.WIBA: self.payroll_button.setFocus,
            Product.ASSET_ALL_RISK: self.items_editor.focus_first,
        }[self.product]()

    def _money_request(self, customer: CustomerSummary, cover: Quote) -> MoneyRequest:
        assert self.terms is not None
        context, session, tariff = self.backend.context, self.session, self.terms.tariff
        cif, payment, sale, product = customer.cif, self.payment, self.sale, self.product
        start = self._cover_start()
        policy_number = self.next_premium_of.policy_number if self.next_premium_of is not None else None
        plan = cover.plan
        payroll = self.payroll if product is Product.WIBA else ()
        items = self.items_editor.items() if product is Product.ASSET_ALL_RISK else ()
        from_wallet = payment is PaymentMethod.WALLET
        kind = OperationKind.PREMIUM_WALLET if from_wallet else OperationKind.PREMIUM_CASH
        short_words = self.tr("{name}'s wallet holds {available}; this cover costs {total}. Take it in cash, or "
                              "pay into the wallet first.")

        def limits() -> LimitsQuote:  # in the store worker: the limits, and whether the wallet pays it
            quoted = limits_quote(context, session, kind=kind, customer_cif=cif, amount=cover.total)
            if from_wallet and quoted.available is not None and shortfall(quoted.available, -cover.total):
                raise InsufficientFunds(
                    short_words.format(name=quoted.customer_name, available=quoted.available, total=cover.total),
                    available_cents=quoted.available.cents,
                    needed_cents=cover.total.cents,
                )
            return quoted

        def commit(_override: Override | None) -> Posted:  # no rule asks a premium for a supervisor
            sold = buy_cover(
                context, session, customer_cif=cif, product=product, payment=payment, tariff=tariff,
                start=start, sale=sale, policy_number=policy_number, plan=plan, payroll=payroll, items=items,
            )
            self.last_sale = sold  # read on the GUI thread once `posted` arrives there
            return sold.posted

        return MoneyRequest(
            action=self.tr("Insurance premium from the wallet") if from_wallet else self.tr("Insurance premium in cash"),
            quote=limits,
            commit=commit,
            note=self._confirmation_note(cover, from_wallet),
        )

    def _confirmation_note(self, cover: Quote, from_wallet: bool) -> str:
        """What the money buys, and the quote's figures, as the confirmation names them."""
        product = product_text(cover.product)
        if self.next_premium_of is None:
            what = self.tr("{product}, a new policy").format(product=product)
        elif self.sale is PolicySale.MONTHLY_PREMIUM:
            what = self.tr("{product}, the next month of policy {policy}").format(
                product=product, policy=self.next_premium_of.policy_number)
        else:
            what = self.tr("{product}, policy {policy} renewed").format(
                product=product, policy=self.next_premium_of.policy_number)
        if cover.plan:
            what += " · " + self.tr("{plan} plan").format(plan=cover.plan.capitalize())
        charges = [self.tr("premium {amount}").format(amount=cover.basic_premium)]
        charges += [f"{levy.name} {levy.amount}" for levy in cover.levies]
        if cover.stamp_duty:
            charges.append(self.tr("stamp duty {amount}").format(amount=cover.stamp_duty))
        lines = [f"{what}. {self._period_text(cover)}.", " + ".join(charges) + f" = {cover.total}."]
        if from_wallet:
            lines.append(self.tr("Pending until head office confirms; the schedule prints once it has."))
        return "\n".join(lines)

    def result_text(self, posted: Posted, quote: LimitsQuote) -> str:
        sold = self.last_sale
        policy = sold.policy_number if sold is not None else ""
        if posted.entry.kind is OperationKind.PREMIUM_WALLET:
            text = self.tr("Premium {reference}: {amount} from {name}'s wallet for policy {policy}, pending until "
                           "head office confirms.")
        else:
            text = self.tr("Premium {reference}: {amount} in cash from {name} for policy {policy}. Alt+R prints "
                           "its schedule.")
        return text.format(reference=posted.entry.reference, amount=quote.amount, name=quote.customer_name,
                           policy=policy)

    def reset_form(self) -> None:
        """Ready for the next sale: the customer stays chosen (their schedule is next); the sale just
        made is chosen below when their premiums are read again."""
        self._leave_next_premium()
        self.payroll = ()
        self._show_payroll()
        self.items_editor.clear()
        self.refresh_quote()
        self.policies.choose_newest()
        self.policies.view.setFocus()

    def focus_after_refusal(self) -> None:
        (self.submit_button if self.picker.customer is not None else self.picker).setFocus()

    def _set_form_enabled(self, enabled: bool) -> None:
        self._enable()
