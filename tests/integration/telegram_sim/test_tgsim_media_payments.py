"""Photos and documents (multipart uploads, file_id reuse, getFile) and Stars payments."""

from __future__ import annotations

import io

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, LabeledPrice

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

USER = 7001
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_send_photo_upload_then_reuse_by_file_id(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    sent = await bot.send_photo(
        USER, BufferedInputFile(PNG, filename="qr.png"), caption="<i>Your QR</i>", parse_mode="HTML"
    )
    assert sent.photo is not None and sent.caption == "Your QR"
    largest = sent.photo[-1]
    assert largest.file_size == len(PNG)
    call = sim.calls(bot.token, "sendPhoto")[-1]
    assert call.params["photo"].startswith("attach://")  # aiogram's multipart convention
    assert sim.last_message(bot.token, USER).photo  # type: ignore[union-attr]
    file = await bot.get_file(largest.file_id)
    assert file.file_path is not None
    downloaded = io.BytesIO()
    await bot.download_file(file.file_path, downloaded)
    assert downloaded.getvalue() == PNG
    again = await bot.send_photo(USER, largest.file_id)
    assert again.photo is not None and again.photo[-1].file_id == largest.file_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(USER, "no-such-file-id")


async def test_user_photo_can_be_fetched_and_document_sent(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_photo(bot.token, USER, caption="receipt #12", content=b"JPEGDATA")
    message = (await bot.get_updates())[-1].message
    assert message is not None and message.photo is not None and message.caption == "receipt #12"
    file = await bot.get_file(message.photo[-1].file_id)
    assert file.file_size == len(b"JPEGDATA")
    document = await bot.send_document(
        USER, BufferedInputFile(b"id,amount\n1,100\n", filename="report.csv"), caption="report"
    )
    assert document.document is not None
    assert document.document.file_name == "report.csv" and document.document.mime_type == "text/csv"
    assert sim.last_message(bot.token, USER).document  # type: ignore[union-attr]


async def test_stars_invoice_pre_checkout_and_successful_payment(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/buy")
    invoice = await bot.send_invoice(
        USER,
        title="1 month",
        description="VPN, 30 days",
        payload="plan:1:user:7001",
        currency="XTR",
        prices=[LabeledPrice(label="1 month", amount=250)],
        provider_token="",
    )
    assert invoice.invoice is not None and invoice.invoice.total_amount == 250
    assert (
        "provider_token" not in sim.calls(bot.token, "sendInvoice")[-1].params
    )  # aiogram drops ""
    assert sim.last_message(bot.token, USER).invoice == {  # type: ignore[union-attr]
        "title": "1 month",
        "description": "VPN, 30 days",
        "start_parameter": "",
        "currency": "XTR",
        "total_amount": 250,
    }
    with pytest.raises(TelegramBadRequest, match="PAYMENT_PROVIDER_INVALID"):
        await bot.send_invoice(
            USER,
            title="t",
            description="d",
            payload="p",
            currency="USD",
            prices=[LabeledPrice(label="x", amount=100)],
        )

    query_id = sim.send_pre_checkout_query(bot.token, USER, "XTR", 250, "plan:1:user:7001")
    update = (await bot.get_updates())[-1]
    assert update.pre_checkout_query is not None and update.pre_checkout_query.id == query_id
    assert update.pre_checkout_query.invoice_payload == "plan:1:user:7001"
    assert sim.pre_checkout_answer(query_id) is None
    assert await bot.answer_pre_checkout_query(query_id, ok=True)
    answer = await sim.wait_pre_checkout_answer(query_id)
    assert answer.ok and answer.error_message is None

    declined = sim.send_pre_checkout_query(bot.token, USER, "XTR", 250, "plan:9")
    await bot.answer_pre_checkout_query(declined, ok=False, error_message="Plan is gone")
    assert sim.pre_checkout_answer(declined) is not None
    assert sim.pre_checkout_answer(declined).error_message == "Plan is gone"  # type: ignore[union-attr]

    update_id = sim.send_successful_payment(
        bot.token, USER, "XTR", 250, "plan:1:user:7001", "charge-123"
    )
    paid = (await bot.get_updates(offset=update_id))[0].message
    assert paid is not None and paid.successful_payment is not None
    assert paid.successful_payment.telegram_payment_charge_id == "charge-123"
    assert paid.successful_payment.total_amount == 250 and paid.chat.id == USER
