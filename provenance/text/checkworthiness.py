"""How worth checking a claim is, from 0 to 1, to order the reviewers' queue.

A plain weighted score, not a model: claims with numbers, a named source and an assertion or a
denial come first; headlines and captions repeat the body and come last.
"""

import re

_NUMBER = re.compile(r"\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?)\b", re.I)
_ASSERTION = re.compile(
    r"\b(?:said|says|told|accus\w*|den(?:y|ied|ies)|reject\w*|claim\w*|report\w*|confirm\w*|"
    r"estimat\w*|kill\w*|detain\w*|displac\w*|arrest\w*|violat\w*|abuse\w*|according to)\b",
    re.I,
)
_QUOTE = re.compile(r"[\"“”]")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")

_KIND_WEIGHT = {"headline": 0.3, "caption": 0.2}


def checkworthiness(text: str, kind: str = "sentence") -> float:
    score = 0.2
    if _NUMBER.search(text):
        score += 0.3
    if _ASSERTION.search(text):
        score += 0.25
    if _QUOTE.search(text):
        score += 0.1
    if _PROPER.search(text):
        score += 0.15
    return round(min(score, 1.0) * _KIND_WEIGHT.get(kind, 1.0), 3)
