"""The web sandbox in real Chromium (issue 17): a reseller tries the whole demo shop
without Telegram: /start, the trial, a card top-up with an uploaded receipt photo
approved by the admin in the admin chat (the buyer's chat updates live), a Stars
invoice paid through pre-checkout, a callback alert; the panel page and its switches.

Cases considered (the ones that apply are tested here or in test_web_sandbox_api.py):
- two people at once: the buyer's and the admin's pages are separate browser
  contexts; the buyer's chat must update with no reload (SSE, no polling);
- an edited message updates in place (the receipt in the admin chat after approval);
- the same Pay pressed twice: the second pre-checkout is refused or credited once
  (the Stars replay test lives in tests/e2e/bots/test_topup_stars.py);
- hostile input to the page's API: ids past int64, unknown fields, a NUL in text,
  an empty or oversized photo, a press of a button the bot never sent;
- the panel down / slow / refusing: switches on the panel page act on the simulator;
- the network: every request to a host other than 127.0.0.1 is aborted (offline).
"""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from playwright.async_api import Browser, FilePayload, Page, expect

from src.sandbox.demo import DEMO_NAME
from tests.e2e.web.conftest import Sandbox, offline

pytestmark = pytest.mark.e2e

ADMIN = 1000  # the demo shop's admin (and the master admin)


def png(width: int = 8, height: int = 8) -> bytes:
    """A small valid PNG (an orange square): the receipt photo."""
    raw = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


async def become(page: Page, sandbox: Sandbox, user: int, name: str) -> None:
    await page.goto(f"{sandbox.base_url}/sandbox")
    await page.fill("#user-id", str(user))
    await page.fill("#user-name", name)
    await page.click("#who button[type=submit]")
    await expect(page.locator("#chats li").first).to_be_visible()


async def open_chat(page: Page, title: str) -> None:
    await page.locator("#chats li span", has_text=re.compile(f"^{title}$")).click()
    await expect(page.locator("#compose")).to_be_visible()


def last_bot_message(page: Page, text: str | re.Pattern[str]) -> object:
    return page.locator(".msg:not(.mine)", has_text=text).last


async def press(page: Page, label: str) -> None:
    await page.locator(".msg:not(.mine) .kb button", has_text=label).last.click()


async def say(page: Page, text: str) -> None:
    await page.fill("#text", text)
    await page.click("#compose button[type=submit]")


async def test_a_reseller_tries_the_demo_shop_end_to_end(
    sandbox: Sandbox, page: Page, browser: Browser
) -> None:
    await become(page, sandbox, 2001, "Alice")
    await open_chat(page, DEMO_NAME)

    # /start through Telegram's Start button; the menu comes back with inline buttons
    await page.click("#start")
    menu = page.locator(".msg:not(.mine)", has_text="Choose an option")
    await expect(menu).to_contain_text("Balance: 0.00 RUB")
    await expect(page.locator(".msg.mine", has_text="/start")).to_be_visible()

    # the free trial: provisioned on the simulated panel
    await press(page, "Free trial")
    await expect(page.locator(".msg", has_text=re.compile("trial (runs|is being)"))).to_be_visible()

    # a card top-up of 500 with a receipt photo uploaded from the page
    await say(page, "/start")
    await press(page, "Balance")
    await press(page, "Card to card")
    await expect(page.locator(".msg", has_text="How much")).to_be_visible()
    await say(page, "500")
    offer = page.locator(".msg", has_text="Transfer exactly")
    await expect(offer).to_contain_text("500.00 RUB")
    await expect(offer).to_contain_text(re.compile(r"6037[ -]?9975[ -]?1234[ -]?5670"))
    await page.set_input_files(
        "#photo", files=[FilePayload(name="receipt.png", mimeType="image/png", buffer=png())]
    )
    mine = page.locator(".msg.mine img")
    await expect(mine).to_be_visible()
    assert await mine.evaluate("img => img.naturalWidth") == 8  # the uploaded bytes, shown
    received = page.locator(".msg", has_text="Receipt received")
    await expect(received).to_be_visible()
    tracking = re.search(r"C2C[0-9A-F]{16}", await received.inner_text())
    assert tracking is not None

    # the admin, in another browser, opens the shop's admin chat
    admin_context = await browser.new_context()
    await admin_context.route("**/*", offline)
    admin = await admin_context.new_page()
    try:
        await become(admin, sandbox, ADMIN, "Admin")
        await open_chat(admin, f"{DEMO_NAME} admins")
        receipt = admin.locator(".msg", has_text=tracking.group())
        await expect(receipt.locator("img")).to_be_visible()  # the receipt photo relayed
        # Details answers with a callback alert (a modal), Approve with a toast
        await receipt.locator(".kb button", has_text="Details").click()
        await expect(admin.locator("#alert")).to_be_visible()
        await expect(admin.locator("#alert-text")).to_contain_text("pending")
        await admin.click("#alert-ok")
        await expect(admin.locator("#alert")).to_be_hidden()
        await receipt.locator(".kb button", has_text="Approve").click()
        await expect(admin.locator("#toast")).to_contain_text("credited")
        # the receipt is edited in place: same element, the decision, no buttons
        await expect(receipt).to_contain_text("Approved by")
        await expect(receipt.locator(".edited")).to_be_visible()
        assert await admin.locator(".msg", has_text=tracking.group()).count() == 1
    finally:
        await admin_context.close()

    # the buyer's chat got the approval live, without a reload
    approved = page.locator(".msg", has_text="was approved")
    await expect(approved).to_contain_text("Balance: 500.00 RUB")

    # Stars: the invoice with its Pay button, paid through pre-checkout
    await say(page, "/start")
    await press(page, "Balance")
    await press(page, "Telegram Stars")
    await say(page, "100")
    invoice = page.locator(".msg:has(.invoice)").last
    await expect(invoice).to_contain_text("⭐")
    await invoice.locator(".kb button").first.click()
    await expect(page.locator(".msg", has_text="Payment received")).to_contain_text(
        "Balance: 600.00 RUB"
    )
    await expect(page.locator(".msg.mine", has_text="Paid 50 XTR")).to_be_visible()


async def test_the_panel_page_lists_users_adds_traffic_and_switches_failure_modes(
    sandbox: Sandbox, page: Page
) -> None:
    await become(page, sandbox, 2002, "Bob")
    await open_chat(page, DEMO_NAME)
    await page.click("#start")
    await press(page, "Free trial")
    await expect(page.locator(".msg", has_text="trial runs")).to_be_visible()

    await page.goto(f"{sandbox.base_url}/sandbox/panel")
    row = page.locator("tr", has_text="_2002")
    await expect(row).to_contain_text("T")
    await expect(row).to_contain_text("0.00 GiB /")
    await row.locator("button", has_text="+1 GiB").click()
    await expect(row).to_contain_text("1.00 GiB /")

    await page.click("[data-mode=down]")
    await expect(page.locator("[data-mode=down]")).to_have_class("on")
    await page.goto(f"{sandbox.base_url}/sandbox")  # the mode holds: the panel answers 503
    await page.goto(f"{sandbox.base_url}/sandbox/panel")
    await expect(page.locator("[data-mode=down]")).to_have_class("on")
    await page.click("[data-mode=ok]")
    await expect(page.locator("[data-mode=ok]")).to_have_class("on")
