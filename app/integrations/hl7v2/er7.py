"""Reading ER7 and writing the ACK.

Segments are separated by carriage returns; line feeds (and CR LF) are accepted too, since
messages are often typed or stored with them. The ACK swaps sender and receiver, echoes the
inbound control id in MSA-2, and carries an ERR segment when it is not AA.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import hl7

MOLDOVA = ZoneInfo("Europe/Chisinau")
SEGMENTS = re.compile(r"\r\n|\n|\r")
_TS = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$")


class AckCode(StrEnum):
    ACCEPTED = "AA"
    ERROR = "AE"
    """Understood but could not be processed (a field is missing or refused)."""
    REJECTED = "AR"
    """Not processed at all: a bad MSH, an unsupported message type."""


@dataclass(frozen=True)
class Header:
    """What the ACK needs from the inbound MSH (empty when it could not be read)."""

    sending_application: str = ""
    sending_facility: str = ""
    receiving_application: str = ""
    receiving_facility: str = ""
    message_type: str = ""
    trigger: str = ""
    control_id: str = ""
    version: str = "2.5"


class Rejected(Exception):
    """The message cannot be processed at all (AR)."""

    def __init__(self, reason: str, code: str = "200", location: str = "MSH") -> None:
        super().__init__(reason)
        self.reason, self.code, self.location = reason, code, location


def normalise(body: str) -> str:
    return "\r".join(line for line in SEGMENTS.split(body.strip()) if line.strip())


def header_of(text: str) -> Header:
    """The MSH read by hand, so a message the parser refuses is still answered to its sender."""
    first = text.split("\r", 1)[0]
    if not first.startswith("MSH") or len(first) < 8:
        return Header()
    separator = first[3]
    fields = first.split(separator)
    components = first[4] if len(first) > 4 else "^"

    def at(n: int) -> str:
        # MSH-1 is the separator itself, so MSH-n is fields[n - 1].
        return fields[n - 1] if len(fields) >= n else ""

    kind = at(9).split(components)
    return Header(
        sending_application=at(3),
        sending_facility=at(4),
        receiving_application=at(5),
        receiving_facility=at(6),
        message_type=kind[0] if kind else "",
        trigger=kind[1] if len(kind) > 1 else "",
        control_id=at(10),
        version=at(12) or "2.5",
    )


def parse(text: str) -> hl7.Message:
    if not text.startswith("MSH|^~\\&"):
        raise Rejected("The message must begin with an MSH segment using |^~\\& as separators.")
    try:
        message = hl7.parse(text)
    except (hl7.ParseException, ValueError) as exc:
        raise Rejected(f"The message could not be parsed: {exc}.", "102") from exc
    if not header_of(text).control_id:
        raise Rejected("MSH-10 (message control id) is required.", "101", "MSH^1^10")
    return message


def escape(text: str) -> str:
    """HL7's escape sequences, so a reason cannot break the ACK's structure."""
    out = text.replace("\\", "\\E\\")
    for char, sequence in (("|", "\\F\\"), ("^", "\\S\\"), ("~", "\\R\\"), ("&", "\\T\\")):
        out = out.replace(char, sequence)
    return " ".join(out.split())


def ack(
    header: Header,
    code: AckCode,
    *,
    text: str = "",
    error: tuple[str, str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """The ACK: `error` is (location `SEG^seq^field`, HL7 table 0357 code, reason)."""
    stamp = (now or datetime.now(UTC)).astimezone(MOLDOVA).strftime("%Y%m%d%H%M%S%z")
    trigger = header.trigger or ""
    msh = "|".join(
        [
            "MSH",
            "^~\\&",
            header.receiving_application or "GIRFEC",
            header.receiving_facility or "MD",
            header.sending_application,
            header.sending_facility,
            stamp,
            "",
            f"ACK^{trigger}^ACK" if trigger else "ACK",
            uuid.uuid4().hex[:20],
            "P",
            header.version,
        ]
    )
    segments = [msh, f"MSA|{code.value}|{escape(header.control_id)}|{escape(text)}"]
    if error is not None:
        location, table_code, reason = error
        segments.append(
            f"ERR||{location}|{table_code}^{escape(TABLE_0357.get(table_code, 'Error'))}"
            f"^HL70357|E||||{escape(reason)}"
        )
    return "\r".join(segments) + "\r"


TABLE_0357 = {
    "100": "Segment sequence error",
    "101": "Required field missing",
    "102": "Data type error",
    "103": "Table value not found",
    "200": "Unsupported message type",
    "201": "Unsupported event code",
    "204": "Unknown key identifier",
    "207": "Application internal error",
}


def hl7_date(value: str) -> date | None:
    match = _TS.match(value.strip()) if value else None
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def hl7_datetime(value: str) -> datetime | None:
    """An HL7 TS; without an offset it is Moldova's local time."""
    match = _TS.match(value.strip()) if value else None
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups()[:6])
        moment = datetime(year, month, day, hour, minute, second, tzinfo=MOLDOVA)
    except ValueError:
        return None
    if match[7]:
        offset = match[7]
        return datetime.strptime(moment.strftime("%Y%m%d%H%M%S") + offset, "%Y%m%d%H%M%S%z")
    return moment
