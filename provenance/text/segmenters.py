"""Sentence segmentation of one paragraph into character spans.

syntok was chosen over pysbd and a regex baseline by measurement (``bench/segmenters.py``):
the best boundary F1 on the labelled articles at a usable speed. The losers live only in the
benchmark. A segmenter takes a paragraph without newlines and returns ``(start, end)`` spans
relative to it, each ``text[start:end]`` a sentence without surrounding whitespace.
"""

from __future__ import annotations

from collections.abc import Callable

import syntok.segmenter

Segmenter = Callable[[str], list[tuple[int, int]]]


def syntok_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` from syntok's token offsets."""
    spans: list[tuple[int, int]] = []
    for paragraph in syntok.segmenter.analyze(text):
        for sentence in paragraph:
            last = sentence[-1]
            spans.append((sentence[0].offset, last.offset + len(last.value)))
    return spans
