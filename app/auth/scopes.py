"""The scope vocabulary: what a token lets its bearer do, described in the three languages a
consent screen and an administrator's client list are shown in.

Scopes are coarse on purpose: they say which kinds of records a client may touch at all; which
child's record a professional may see is decided by the access rules in the services, for every
request, whatever the token says.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.labels import Labels

API_SCOPES: dict[str, Labels] = {
    "children:read": Labels(
        "Citirea datelor copiilor", "Просмотр данных о детях", "Read children's records"
    ),
    "children:write": Labels(
        "Înregistrarea și modificarea datelor copiilor",
        "Регистрация и изменение данных о детях",
        "Register and update children's records",
    ),
    "concerns:read": Labels(
        "Citirea semnalărilor de îngrijorare",
        "Просмотр сообщений об обеспокоенности",
        "Read concerns",
    ),
    "concerns:write": Labels(
        "Înregistrarea semnalărilor de îngrijorare",
        "Регистрация сообщений об обеспокоенности",
        "Record concerns",
    ),
    "referrals:read": Labels("Citirea referirilor", "Просмотр направлений", "Read referrals"),
    "referrals:write": Labels(
        "Referirea cazurilor și răspunsul la referiri",
        "Направление случаев и ответ на направления",
        "Make and answer referrals",
    ),
    "cases:read": Labels("Citirea cazurilor", "Просмотр случаев", "Read cases"),
    "cases:write": Labels(
        "Gestionarea cazurilor, evaluărilor și planurilor",
        "Ведение случаев, оценок и планов",
        "Manage cases, assessments and plans",
    ),
    "status:read": Labels(
        "Citirea stării referirilor trimise",
        "Просмотр статуса отправленных направлений",
        "Read the status of referrals sent",
    ),
    "webhooks:manage": Labels(
        "Gestionarea abonamentelor webhook pentru starea semnalărilor",
        "Управление подписками webhook на статус сообщений",
        "Manage webhook subscriptions for status events",
    ),
    "events:read": Labels(
        "Citirea fluxului de evenimente", "Чтение потока событий", "Read the event feed"
    ),
    "directory:read": Labels(
        "Citirea registrului instituțiilor și specialiștilor",
        "Просмотр справочника учреждений и специалистов",
        "Read the directory of organisations and professionals",
    ),
    "audit:read": Labels(
        "Citirea jurnalului de acces", "Просмотр журнала доступа", "Read the access log"
    ),
    "admin": Labels(
        "Administrarea serviciului", "Администрирование сервиса", "Administer the service"
    ),
}

OIDC_SCOPES: dict[str, Labels] = {
    "openid": Labels(
        "Confirmarea identității dumneavoastră",
        "Подтверждение вашей личности",
        "Confirm who you are",
    ),
    "profile": Labels(
        "Numele și instituția dumneavoastră", "Ваше имя и учреждение", "Your name and institution"
    ),
    "email": Labels(
        "Adresa dumneavoastră de e-mail", "Ваш адрес электронной почты", "Your e-mail address"
    ),
    "offline_access": Labels(
        "Menținerea accesului fără o nouă autentificare",
        "Сохранение доступа без повторного входа",
        "Stay signed in without signing in again",
    ),
}

SCOPES: dict[str, Labels] = {**API_SCOPES, **OIDC_SCOPES}

SYSTEM_DEFAULT_SCOPES: frozenset[str] = frozenset(
    {
        "children:read",
        "children:write",
        "concerns:read",
        "concerns:write",
        "referrals:write",
        "status:read",
        "webhooks:manage",
        "directory:read",
    }
)
"""What a sector system (a school register, a clinic's records) is registered with unless the
administrator says otherwise: enough to report a child and follow the referral it made, not to
read other institutions' cases."""

SYSTEM_FORBIDDEN_SCOPES: frozenset[str] = frozenset(OIDC_SCOPES)
"""A machine has no person to identify, so OpenID scopes make no sense in its tokens."""


def parse_scope(value: str | None) -> frozenset[str]:
    """A space-separated scope string (RFC 6749 §3.3) as a set; empty for none."""
    return frozenset(value.split()) if value else frozenset()


def format_scope(scopes: Iterable[str]) -> str:
    """Sorted, so the same grant always reads the same in tokens and logs."""
    return " ".join(sorted(set(scopes)))


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    return sorted(set(scopes) - SCOPES.keys())
