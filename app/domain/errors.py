"""Domain errors.

Every expected failure is a `DomainError` with a stable `code`; the shells (REST, GraphQL, sector
adapters) turn it into their own error shape. The status is carried here so that REST and GraphQL
agree on what kind of failure it is without a second mapping table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One bad field: `pointer` is a JSON pointer into the body (RFC 6901, starting "#"), or else
    the name of the query parameter or header that is wrong."""

    pointer: str
    detail: str
    code: str = "invalid"


@dataclass
class DomainError(Exception):
    detail: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    code: ClassVar[str] = "domain-error"
    title: ClassVar[str] = "The request could not be completed"
    status: ClassVar[int] = 400

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class NotFound(DomainError):
    code = "not-found"
    title = "No such record"
    status = 404

    @classmethod
    def of(cls, kind: str, ident: object) -> NotFound:
        return cls(f"There is no {kind} with id {ident}, or you may not see it.")


@dataclass
class InvalidInput(DomainError):
    errors: Sequence[FieldError] = ()

    code: ClassVar[str] = "validation-error"
    title: ClassVar[str] = "The request has invalid fields"
    status: ClassVar[int] = 422

    @classmethod
    def field(cls, pointer: str, detail: str, code: str = "invalid") -> InvalidInput:
        return cls(detail, errors=[FieldError(pointer, detail, code)])


class LegalBasisRequired(InvalidInput):
    """Sharing a child's data off the child-protection path needs a basis: the family's consent.
    Its own type, so a client can send the user to record the consent rather than fix a field."""

    code = "legal-basis-required"
    title = "A legal basis for sharing the child's data is required"

    @classmethod
    def at(cls, pointer: str, detail: str) -> LegalBasisRequired:
        return cls(detail, errors=[FieldError(pointer, detail, "legal_basis_required")])


class UnsafeXml(InvalidInput):
    """An XML message that declares a DTD or entities, or points at resources to fetch (an
    external entity, a schema location): refused before anything is expanded or fetched."""

    code = "unsafe-xml"
    title = "The XML message uses a feature that is refused for safety"
    status = 400

    @classmethod
    def at(cls, pointer: str, detail: str) -> UnsafeXml:
        return cls(detail, errors=[FieldError(pointer, detail, "unsafe_xml")])


class UnsupportedMediaType(DomainError):
    code = "unsupported-media-type"
    title = "The body's media type is not accepted here"
    status = 415


class IllegalTransition(DomainError):
    code = "illegal-transition"
    title = "This action is not allowed in the record's current state"
    status = 409

    @classmethod
    def build(cls, kind: str, state: str, action: str, legal: Iterable[str]) -> IllegalTransition:
        legal_now = sorted(legal)
        allowed = ", ".join(legal_now) if legal_now else "none (the record is final)"
        return cls(
            f"Cannot {action} a {kind} that is {state}. Actions allowed now: {allowed}.",
            extra={"state": state, "action": action, "legal_actions": legal_now},
        )


class Conflict(DomainError):
    code = "conflict"
    title = "The request conflicts with existing data"
    status = 409


class VersionMismatch(DomainError):
    code = "version-mismatch"
    title = "The record has changed since you read it"
    status = 412


class VersionRequired(DomainError):
    code = "if-match-required"
    title = "An If-Match header is required to change this record"
    status = 428


class Forbidden(DomainError):
    code = "forbidden"
    title = "You may not do this"
    status = 403


class InsufficientScope(DomainError):
    """The token is good but was not granted the capability this operation needs (RFC 6750)."""

    code = "insufficient-scope"
    title = "The access token lacks the scope this operation needs"
    status = 403


class Unauthenticated(DomainError):
    code = "unauthenticated"
    title = "Who is calling is not known"
    status = 401


class IdempotencyMismatch(DomainError):
    code = "idempotency-key-reused"
    title = "This Idempotency-Key was used with a different request"
    status = 422


class IdempotencyInProgress(DomainError):
    code = "idempotency-key-in-progress"
    title = "A request with this Idempotency-Key is still being processed"
    status = 409


class PayloadTooLarge(DomainError):
    code = "payload-too-large"
    title = "The request body is too large"
    status = 413


ALL_ERRORS: tuple[type[DomainError], ...] = (
    DomainError,
    NotFound,
    InvalidInput,
    LegalBasisRequired,
    UnsafeXml,
    UnsupportedMediaType,
    IllegalTransition,
    Conflict,
    VersionMismatch,
    VersionRequired,
    Forbidden,
    InsufficientScope,
    Unauthenticated,
    IdempotencyMismatch,
    IdempotencyInProgress,
    PayloadTooLarge,
)
