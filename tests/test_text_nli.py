import builtins

import pytest

from provenance.text.nli import NLIUnavailable, load_nli_backend, nli_detection


class FakeNLI:
    """Reads "not" in exactly one of the two texts as a contradiction."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def score(self, premise: str, hypothesis: str) -> dict[str, float]:
        self.calls.append((premise, hypothesis))
        if ("not" in premise.split()) != ("not" in hypothesis.split()):
            return {"entailment": 0.02, "neutral": 0.03, "contradiction": 0.95}
        return {"entailment": 0.7, "neutral": 0.2, "contradiction": 0.1}


def test_no_directory_means_no_backend():
    assert load_nli_backend(None) is None
    assert load_nli_backend("") is None


def test_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(NLIUnavailable, match="does not exist"):
        load_nli_backend(str(tmp_path / "absent"))


def test_missing_transformers_is_a_clear_error(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name in ("transformers", "torch"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(NLIUnavailable, match="not installed"):
        load_nli_backend(str(tmp_path))


def test_contradiction_above_threshold_is_a_detection_scored_both_ways():
    backend = FakeNLI()
    found = nli_detection(backend, "The bridge did not collapse.", "The bridge collapsed.")
    assert found is not None
    assert found.kind == "nli" and found.score == pytest.approx(0.95)
    assert "The bridge did not collapse." in found.explanation and "0.95" in found.explanation
    assert len(backend.calls) == 2 and backend.calls[0] == tuple(reversed(backend.calls[1]))


def test_entailment_or_a_high_threshold_gives_nothing():
    backend = FakeNLI()
    assert nli_detection(backend, "The bridge collapsed.", "The bridge fell down.") is None
    assert nli_detection(backend, "It did not rain.", "It rained.", threshold=0.99) is None
