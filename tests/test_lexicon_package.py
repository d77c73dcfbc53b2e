"""The lexicon package is the one place the text pipeline keeps its word lists.

These tests guard the rule rather than any one list: a step that writes a word list of its own
in code, a list that nobody reads, a name defined in two files, or two lists that hold the same
words under different names all fail here.
"""

import ast
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from provenance.text import lexicon

TEXT_DIR = Path(lexicon.__file__).resolve().parents[1]
LEXICON_DIR = Path(lexicon.__file__).resolve().parent
# Scorers and the corpus tool are not pipeline steps; their strings are messages and labels.
NOT_STEPS = {"real_corpus.py"}
WORD_LIST_MIN = 8
_WORD = re.compile(r"[\w'’.&$-]+")


def _steps() -> list[Path]:
    return [
        path
        for path in sorted(TEXT_DIR.glob("*.py"))
        if path.name not in NOT_STEPS and not path.name.startswith("evaluate_")
    ]


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def word_lists_in_code(source: str) -> list[str]:
    """String constants that read as a list of words: many words, nothing of a pattern."""
    tree = ast.parse(source)
    # Docstrings, the pieces of f-strings and what is raised are messages: prose.
    prose = _docstrings(tree) | {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr | ast.Raise)
        for part in ast.walk(node)
    }
    lists = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in prose or any(mark in node.value for mark in "\\|()?[{"):
            continue
        words = node.value.split()
        if len(words) >= WORD_LIST_MIN and all(_WORD.fullmatch(word) for word in words):
            lists.append(node.value)
    return lists


def test_the_guard_sees_a_word_list_written_in_code():
    assert word_lists_in_code('X = frozenset("alpha beta gamma delta eps zeta eta theta".split())')
    assert not word_lists_in_code('"""A docstring of many words that is not a list at all."""')
    assert not word_lists_in_code('R = r"(?:alpha|beta|gamma) delta eps zeta eta theta iota"')


@pytest.mark.parametrize("path", _steps(), ids=lambda path: path.name)
def test_no_step_keeps_a_word_list_of_its_own(path):
    assert word_lists_in_code(path.read_text(encoding="utf-8")) == []


def _files() -> dict[str, dict]:
    return {
        path.name: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(LEXICON_DIR.glob("*.toml"))
    }


def test_each_name_is_defined_in_one_file():
    counts = Counter(name for lists in _files().values() for name in lists)
    assert [name for name, count in counts.items() if count > 1] == []
    assert lexicon.names() == frozenset(counts)


def test_every_list_is_read_by_a_step():
    code = "\n".join(path.read_text(encoding="utf-8") for path in _steps())
    assert sorted(name for name in lexicon.names() if f'"{name}"' not in code) == []


def _arrays(value, where):
    """The flat lists of entries in ``value``; a list of lists is a table of records (a
    country, its demonym, its capital), whose rows may repeat a word."""
    if isinstance(value, list):
        yield where, value
        for item in value:
            if isinstance(item, dict):
                yield from _arrays(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays(item, f"{where}.{key}")


def test_no_list_repeats_an_entry():
    repeated = [
        (where, entry)
        for lists in _files().values()
        for name, value in lists.items()
        for where, array in _arrays(value, name)
        for entry, count in Counter(map(repr, array)).items()
        if count > 1
    ]
    assert repeated == []


def test_no_two_lists_hold_the_same_words():
    seen: dict[frozenset, str] = {}
    same = []
    for name in sorted(lexicon.names()):
        value = lexicon.entries(name) if not isinstance(lexicon._named(name), dict) else ()
        if value and all(isinstance(entry, str) for entry in value):
            key = frozenset(value)
            if key in seen:
                same.append((seen[key], name))
            seen[key] = name
    assert same == []


def test_an_unknown_name_is_a_clear_error():
    with pytest.raises(KeyError, match="no list named 'mnths'"):
        lexicon.words("mnths")
