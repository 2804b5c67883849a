"""Simulated payment providers (YooKassa, Crypto Pay) for e2e tests and `just run`."""

from src.sandbox.payments.cryptopay import CryptoPaySimulator
from src.sandbox.payments.yookassa import YOOKASSA_SENDER_IP, YooKassaSimulator

__all__ = ["YOOKASSA_SENDER_IP", "CryptoPaySimulator", "YooKassaSimulator"]
