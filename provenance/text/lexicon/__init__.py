"""The one lexicon: every word list the text pipeline uses, kept as data.

Each ``*.toml`` file in this package holds the lists of one theme (``time``, ``sources``,
``reporting``, ``quantities``, ``keys``); names are unique across the files, so a step asks for a
list by name alone and never keeps a copy of its own. An array is a list of entries; a table
maps a word to what it stands for. Entries are general words of news English, never a phrase
that exists for one sentence of a labelled set.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@cache
def _lists() -> dict[str, Any]:
    lists: dict[str, Any] = {}
    for path in sorted(_HERE.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        clash = lists.keys() & data.keys()
        if clash:
            raise ValueError(f"{path.name} defines {sorted(clash)} again")
        lists.update(data)
    return lists


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _named(name: str) -> Any:
    try:
        return _lists()[name]
    except KeyError:
        raise KeyError(f"the lexicon has no list named {name!r}") from None


def words(name: str) -> frozenset[str]:
    """The list ``name`` as a set of entries (inner lists as tuples)."""
    return frozenset(_frozen(_named(name)))


def entries(name: str) -> tuple[Any, ...]:
    """The list ``name`` in its written order (inner lists as tuples)."""
    return _frozen(_named(name))


def table(name: str) -> dict[str, Any]:
    """The table ``name``: entry -> what it stands for (lists as tuples)."""
    return {key: _frozen(value) for key, value in _named(name).items()}


def phrase_table(name: str) -> dict[tuple[str, ...], Any]:
    """The table ``name`` keyed by its entries' words: "at least" as ``("at", "least")``."""
    return {tuple(key.split()): value for key, value in table(name).items()}


def alternation(entries: Iterable[str]) -> str:
    """Regular-expression alternatives matching each of ``entries`` as written, the longest
    first, so that "north-east" is tried before "north"."""
    return "|".join(re.escape(entry) for entry in sorted(entries, key=len, reverse=True))


def names() -> frozenset[str]:
    """Every list the lexicon holds."""
    return frozenset(_lists())
