"""Domain errors with stable codes.

Every error a user or an API client can see is a `DomainError` subclass with a
`code` that never changes once published (clients script against it). The
interface layer maps the *kind* (not-found, conflict, ...) to a transport status
in one table; the message is safe to show and never carries a secret.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected failure. `code` is stable, `message` is for humans."""

    code: str = "domain_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFound(DomainError):
    """The object does not exist *for this caller* (another tenant's objects too)."""

    code = "not_found"


class Conflict(DomainError):
    """The request is valid but clashes with the current state."""

    code = "conflict"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = "forbidden"


class Unauthenticated(DomainError):
    """No valid credential."""

    code = "unauthenticated"


class ValidationError(DomainError):
    """Bad input. `field` names the offending field (dotted path) when known."""

    code = "validation_error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class ExternalServiceError(DomainError):
    """A dependency outside our database failed (Telegram, the panel, a provider)."""

    code = "external_service_error"


# --- tenancy -------------------------------------------------------------------


class TenantNotFound(NotFound):
    code = "tenant_not_found"


class MasterTenantProtected(Conflict):
    code = "master_tenant_protected"


class InvalidTenantTransition(Conflict):
    code = "invalid_tenant_transition"


class DuplicateTenantToken(Conflict):
    code = "duplicate_telegram_token"


class InvalidTelegramToken(ValidationError):
    code = "invalid_telegram_token"


class UnknownFeature(ValidationError):
    code = "unknown_feature"


class UnknownConfigKey(ValidationError):
    code = "unknown_config_key"


class ConfigKeyNotEditable(Forbidden):
    code = "config_key_not_editable"


class TenantFieldNotEditable(Forbidden):
    """A tenant credential tried to change a field only the platform owner may set."""

    code = "tenant_field_not_editable"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


# --- shop ----------------------------------------------------------------------


class PlanNotFound(NotFound):
    code = "plan_not_found"


class DuplicatePlanName(Conflict):
    code = "duplicate_plan_name"


# --- payment cards -------------------------------------------------------------


class PaymentCardNotFound(NotFound):
    code = "payment_card_not_found"


class DuplicatePaymentCard(Conflict):
    code = "duplicate_payment_card"


class InvalidCardNumber(ValidationError):
    code = "invalid_card_number"


# --- money ---------------------------------------------------------------------


class CurrencyMismatch(DomainError):
    code = "currency_mismatch"


class InsufficientFunds(Conflict):
    code = "insufficient_funds"


# --- panel ---------------------------------------------------------------------


class PanelUnavailable(ExternalServiceError):
    """The panel did not answer, timed out or failed with a 5xx after retries."""

    code = "panel_unavailable"


class PanelUserNotFound(NotFound):
    code = "panel_user_not_found"


class PanelUserExists(Conflict):
    code = "panel_user_exists"


class PanelRejected(ExternalServiceError):
    """The panel refused the request (validation, auth, scope): not retryable."""

    code = "panel_rejected"
