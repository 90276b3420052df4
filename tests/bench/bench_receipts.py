"""How long a receipt takes to render, QR code included; and the QR code alone, segno against reportlab.

Run: python -m tests.bench.bench_receipts
The goal is a receipt in under 20 ms once the fonts are registered, so printing never keeps a
customer waiting at the counter.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timezone

import segno
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.receipts.fonts import register_fonts
from desktop_app.receipts.receipt import ReceiptData, ReceiptStatus, qr_runs, render_receipt
from shared_core.canonical import sha256_hex
from shared_core.money import Money
from shared_core.receipt_seal import encode_seal, seal_receipt
from shared_core.signing import load_private_key

receipt_count = 200
qr_count = 200
render_goal_ms = 20.0


def sample_receipt() -> ReceiptData:
    seal = seal_receipt(
        load_private_key(bytes(range(32))),
        reference="AG-K7Q2-000042-6",
        amount_cents=500_000,
        device_code="K7Q2",
        entry_hash=sha256_hex(b"journal entry 42 of device K7Q2"),
    )
    return ReceiptData(
        bank_name="Wekeza Bank",
        location_name="Mama Njeri Shop, Kariobangi North",
        channel_label="Agent banking",
        reference="AG-K7Q2-000042-6",
        recorded_at=datetime(2026, 11, 24, 11, 5, 9, tzinfo=timezone.utc),
        utc_offset_minutes=180,
        operation_label="Cash deposit",
        amount=Money(500_000),
        fee=Money(3_000),
        customer_name="Wanjiků Ñjoroge",
        masked_national_id="*****678",
        account_label="Savings 0112 **** 4471",
        served_by="Zoë Achieng (Agent)",
        status=ReceiptStatus.PENDING_SYNC,
        balance_after=Money(1_250_050),
        seal_text=encode_seal(seal),
    )


def timings_ms(action: Callable[[], object], count: int) -> list[float]:
    action()  # warm up: first-call imports and caches are not what a teller waits for
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def describe(name: str, samples: list[float]) -> str:
    p99 = statistics.quantiles(samples, n=100)[98]
    return f"{name:<46} median {statistics.median(samples):6.2f} ms   p99 {p99:6.2f} ms   (n={len(samples)})"


def qr_with_segno(text: str) -> None:
    """What render_receipt does: encode, then one rectangle per run of dark modules, in one path."""
    canvas = Canvas(io.BytesIO())
    code = segno.make(text, error="m", micro=False)
    runs = qr_runs(code.matrix)
    canvas.saveState()
    canvas.transform(0.625 * mm, 0, 0, -0.625 * mm, 10 * mm, 50 * mm)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def qr_with_reportlab(text: str) -> None:
    """reportlab's own QR widget, drawn onto a canvas the way its documentation shows."""
    canvas = Canvas(io.BytesIO())
    widget = QrCodeWidget(text, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    size = 35 * mm
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 10 * mm, 10 * mm)


def main() -> None:
    started = time.perf_counter()
    register_fonts()
    registration_ms = (time.perf_counter() - started) * 1000
    print(f"{'font registration, once per process':<46} {registration_ms:6.2f} ms")
    receipt = sample_receipt()
    receipts = timings_ms(lambda: render_receipt(receipt), receipt_count)
    print(describe("render_receipt, QR included", receipts))
    text = receipt.seal_text
    print(describe("QR code only: segno + runs", timings_ms(lambda: qr_with_segno(text), qr_count)))
    reportlab_qr = timings_ms(lambda: qr_with_reportlab(text), qr_count)
    print(describe("QR code only: reportlab QrCodeWidget", reportlab_qr))
    verdict = "meets" if statistics.median(receipts) < render_goal_ms else "MISSES"
    size_bytes = len(render_receipt(receipt))
    print(f"receipt median {verdict} the {render_goal_ms:.0f} ms goal; PDF size {size_bytes:,} bytes")


if __name__ == "__main__":
    main()
