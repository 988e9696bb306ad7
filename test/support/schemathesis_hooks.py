"""Hooks for the contract suite (test/openapi.contract.test.ts).

The OpenAPI document states every constraint JSON Schema can express, and names in words the two
it cannot, which tie two values together or to the clock:

- a callback's `preferredTime` window (domain/callback.ts `preferredTimeProblems`) ends after it
  starts, does not lie in the past and ends within 90 days;
- the audit trail's `from` lies before its `to`;
- an appointment-slot search names a branch or an advisor, and its `to` day lies 0 to 13 days
  after its `from` day;
- an appointment's `start` lies in the future; a sale's `soldAt` lies in the past year;
- a campaign definition's `validFrom` is not after its `validUntil`, it lists each outcome once,
  its rules nest at most 10 deep, each `age` rule has a `min` or a `max`, `min` not above `max`,
  and `balance-above` amounts are whole cents (domain/campaign.ts and
  domain/campaign-criteria.schema.ts refine them; the OpenAPI says so in words).

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
    if method == "POST" and case.path in ("/api/v1/callbacks", "/api/v1/webchat/callback-requests"):
        _callback_window(case)
    elif method == "GET" and case.path == "/api/v1/audit":
        _audit_range(case)
    elif method == "GET" and case.path == "/api/v1/appointment-slots":
        _slot_search(case)
    elif method == "POST" and case.path in ("/api/v1/appointments", "/api/v1/appointments/{id}/reschedule"):
        _future(case, "start")
    elif method == "POST" and case.path == "/api/v1/sales":
        _past_year(case, "soldAt")
    elif method == "PUT" and case.path == "/api/v1/campaigns/{id}/draft":
        _campaign_definition(case)
    elif method == "POST" and case.path == "/api/v1/service-requests/{id}/outcome":
        _callback_window(case)


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


_YEAR_1900_MS = -2208988800000
_YEAR_9999_MS = 253402214400000


def _audit_range(case):
    query = case.query
    if not isinstance(query, dict):
        return
    # The server takes years 1900 to 9999 (documented on the parameters).
    for field in ("from", "to"):
        at = _epoch_ms(query.get(field))
        if at is not None and not _YEAR_1900_MS <= at <= _YEAR_9999_MS:
            query[field] = _iso(_YEAR_1900_MS + at % (_YEAR_9999_MS - _YEAR_1900_MS))
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


_CAMPAIGN_OUTCOMES = ("interested-transfer", "interested-callback", "interested-appointment", "not-interested", "maybe-later")


def _campaign_definition(case):
    """Brings a generated campaign definition within the refinements JSON Schema cannot state."""
    if not isinstance(case.body, dict) or not isinstance(case.body.get("definition"), dict):
        return
    definition = case.body["definition"]
    start, end = definition.get("validFrom"), definition.get("validUntil")
    if _day(start) is not None and _day(end) is not None and start > end:
        definition["validFrom"], definition["validUntil"] = end, start
    outcomes = definition.get("outcomes")
    if isinstance(outcomes, list) and len(outcomes) <= len(_CAMPAIGN_OUTCOMES):
        # A repeated outcome becomes one not listed yet (nothing is removed, so nothing else changes).
        named = [rule for rule in outcomes if isinstance(rule, dict) and rule.get("outcome") in _CAMPAIGN_OUTCOMES]
        unused = [outcome for outcome in _CAMPAIGN_OUTCOMES if outcome not in {rule["outcome"] for rule in named}]
        seen = set()
        for rule in named:
            if rule["outcome"] in seen:
                rule["outcome"] = unused.pop(0)
            seen.add(rule["outcome"])
    _criteria(definition.get("criteria"), 1)
    exclusions = definition.get("exclusions")
    if isinstance(exclusions, list):
        for rule in exclusions:
            _criteria(rule, 1)


_MAX_CRITERION_DEPTH = 10
_LEAF = {"kind": "consent", "channel": "phone"}


def _number(value):
    """A JSON number (`114.0` is one too: JSON Schema's integers may come as floats)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _nests(rule):
    return isinstance(rule, dict) and rule.get("kind") in ("all", "any", "not")


def _criteria(rule, depth):
    """Every rule of a criteria tree (through all / any / not): no deeper than the limit, an `age`
    rule with a bound and min <= max, euros in whole cents."""
    if not isinstance(rule, dict):
        return
    kind = rule.get("kind")
    # A leaf alone is depth 1; the children of a rule one above the limit must be leaves.
    if kind in ("all", "any") and isinstance(rule.get("rules"), list):
        if depth >= _MAX_CRITERION_DEPTH - 1:
            rule["rules"] = [dict(_LEAF) if _nests(inner) else inner for inner in rule["rules"]]
        for inner in rule["rules"]:
            _criteria(inner, depth + 1)
    elif kind == "not":
        if depth >= _MAX_CRITERION_DEPTH - 1 and _nests(rule.get("rule")):
            rule["rule"] = dict(_LEAF)
        _criteria(rule.get("rule"), depth + 1)
    elif kind == "balance-above":
        euros = rule.get("euros")
        if _number(euros) and 0 <= euros <= 100_000_000:
            rule["euros"] = round(euros, 2)
    elif kind == "age":
        low, high = rule.get("min"), rule.get("max")
        if "min" not in rule and "max" not in rule:
            rule["min"] = 18
        elif _number(low) and _number(high) and low > high:
            rule["min"], rule["max"] = high, low
