"""The 中华人民共和国 prefix of official names.

National laws are cited both with and without it (《行政处罚法》, 中华人民共和国行政处罚法),
so names are compared, and suggested, without it.
"""

from __future__ import annotations

STATE_PREFIX = "中华人民共和国"


def without_state_prefix(name: str) -> str:
    """``name`` without a leading 中华人民共和国, unless the rest is a single character (which
    names nothing)."""
    if name.startswith(STATE_PREFIX) and len(name) > len(STATE_PREFIX) + 1:
        return name[len(STATE_PREFIX) :]
    return name
