"""A faithful local Telegram Bot API server for end-to-end tests and the offline demo.

Start it, register bots, point aiogram at it, play the users::

    sim = BotApiSimulator()
    base_url = await sim.start()
    sim.add_bot("123:secret", bot_id=123, username="shop_bot", first_name="Shop")
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    sim.send_text("123:secret", 42, "/start")
    reply = await sim.wait_for_message("123:secret", 42)
"""

from .errors import ApiError, ButtonNotFoundError, SimulatorError
from .records import CallbackAnswer, CallRecord, PreCheckoutAnswer, SentMessage, WebhookDelivery
from .simulator import BotApiSimulator
from .webhook import SECRET_HEADER
from .world import BotRef, MessagePredicate

__all__ = [
    "SECRET_HEADER",
    "ApiError",
    "BotApiSimulator",
    "BotRef",
    "ButtonNotFoundError",
    "CallRecord",
    "CallbackAnswer",
    "MessagePredicate",
    "PreCheckoutAnswer",
    "SentMessage",
    "SimulatorError",
    "WebhookDelivery",
]
