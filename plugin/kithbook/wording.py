"""Counting words in messages: "1 person", "3 people"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun in the right number (`many` for an irregular plural)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
