"""Hooks for the contract suite (test/openapi.contract.test.ts).

The OpenAPI document states every constraint JSON Schema can express, and names in words the two
it cannot, which tie two values together or to the clock:

- a callback's `preferredTime` window (domain/callback.ts `preferredTimeProblems`) ends after it
  starts, does not lie in the past and ends within 90 days;
- the audit trail's `from` lies before its `to`;
- an appointment-slot search names a branch or an advisor, and its `to` day lies 0 to 13 days
  after its `from` day;
- an appointment's `start` lies in the future; a sale's `soldAt` lies in the past year.

Generated values are brought into those ranges before they are sent (keeping the variety of the
generated instants), so that a valid request stays valid; the server's 400s for bad windows are
covered by the API suites. This never turns a schema-invalid request into a valid one: values
that are not both date-times are sent as generated.
"""

import re
import time
from datetime import date, datetime, timezone

import schemathesis

_INSTANT = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|([+-])(\d\d):(\d\d))", re.ASCII)
_DAYS_IN_400_YEARS = 146097
_MINUTE = 60_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR


def _epoch_ms(text):
    """Milliseconds since 1970 of an RFC 3339 date-time, or None when it is not one."""
    match = _INSTANT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, sign, offset_hours, offset_minutes = match.groups()[6:]
    try:
        # Python's dates start at year 1; a 400-year shift keeps the Gregorian calendar's leap days.
        days = date(year + 400, month, day).toordinal() - _DAYS_IN_400_YEARS if year < 400 else date(year, month, day).toordinal()
    except ValueError:
        return None
    days -= date(1970, 1, 1).toordinal()
    milliseconds = int((fraction or "").ljust(3, "0")[:3])
    offset = 0 if sign is None else (1 if sign == "+" else -1) * (int(offset_hours) * 60 + int(offset_minutes))
    return ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + milliseconds


def _iso(epoch_ms):
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    method = case.method.upper()
    if method == "POST" and case.path == "/api/v1/callbacks":
        _callback_window(case)
    elif method == "GET" and case.path == "/api/v1/audit":
        _audit_range(case)
    elif method == "GET" and case.path == "/api/v1/appointment-slots":
        _slot_search(case)
    elif method == "POST" and case.path in ("/api/v1/appointments", "/api/v1/appointments/{id}/reschedule"):
        _future(case, "start")
    elif method == "POST" and case.path == "/api/v1/sales":
        _past_year(case, "soldAt")


def _now_ms():
    return int(time.time() * 1000)


def _future(case, field):
    """Moves a past instant into the next 30 days (keeping its time of day in UTC)."""
    if not isinstance(case.body, dict):
        return
    at = _epoch_ms(case.body.get(field))
    if at is None or at > _now_ms() + _HOUR:
        return
    case.body[field] = _iso(_now_ms() + _DAY + (at % _DAY) + (at // _DAY % 30) * _DAY)


def _past_year(case, field):
    """Moves an instant outside the past year into it (the server refuses the future and older)."""
    if not isinstance(case.body, dict):
        return
    at = _epoch_ms(case.body.get(field))
    now = _now_ms()
    if at is None or now - 360 * _DAY <= at <= now - _MINUTE:
        return
    case.body[field] = _iso(now - _HOUR - (at % (300 * _DAY) if at > 0 else 0))


_SLOT_SEARCH_MAX_SPAN_DAYS = 13


def _day(text):
    """The ordinal of a `YYYY-MM-DD` day, or None when it is not one."""
    try:
        return date.fromisoformat(text).toordinal() if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None


def _slot_search(case):
    query = case.query
    if not isinstance(query, dict):
        return
    if query.get("branchId") is None and query.get("advisorId") is None:
        query["branchId"] = "F-01"
    start, end = _day(query.get("from")), _day(query.get("to"))
    if start is not None and end is not None and not 0 <= end - start <= _SLOT_SEARCH_MAX_SPAN_DAYS:
        query["to"] = query["from"]


def _audit_range(case):
    query = case.query
    if not isinstance(query, dict):
        return
    start, end = _epoch_ms(query.get("from")), _epoch_ms(query.get("to"))
    if start is None or end is None or start < end:
        return
    if start > end:
        query["from"], query["to"] = query["to"], query["from"]
    else:
        del query["to"]


def _callback_window(case):
    if not isinstance(case.body, dict):
        return
    window = case.body.get("preferredTime")
    if not isinstance(window, dict) or set(window) != {"from", "to"}:
        return
    start, end = _epoch_ms(window["from"]), _epoch_ms(window["to"])
    if start is None or end is None:
        return
    now = time.time() * 1000
    # Margins of a minute and a day: the request reaches the server a little later.
    if now + _MINUTE <= start < end <= now + 89 * _DAY:
        return
    low, high = sorted((start, end))
    begin = now + _HOUR + low % (44 * _DAY)
    finish = begin + _MINUTE + (high - low) % (44 * _DAY)
    case.body["preferredTime"] = {"from": _iso(begin), "to": _iso(finish)}
