"""Optional natural-language-inference re-scoring of candidate pairs.

The product works fully without it. When a deployment configures a directory that holds a
sequence-classification NLI model (for example an MNLI-trained cross-encoder saved with
``save_pretrained``), it is loaded with ``transformers`` from that directory only: nothing is
downloaded, and ``transformers`` is imported only here, only then, and is not a dependency of
the project.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

from provenance.text.contradiction import Detection, quote_claim

NLI_LABELS = ("entailment", "neutral", "contradiction")


class NLIUnavailable(RuntimeError):
    """A configured NLI model cannot be loaded; the message says what to fix."""


class NLIBackend(Protocol):
    def score(self, premise: str, hypothesis: str) -> dict[str, float]:
        """Probabilities for "entailment", "neutral" and "contradiction"."""
        ...


class TransformersNLI:
    """An NLI model read from a local directory through ``transformers``."""

    def __init__(self, model_dir: Path) -> None:
        try:
            transformers = importlib.import_module("transformers")
            self._torch = importlib.import_module("torch")
        except ImportError as error:
            raise NLIUnavailable(
                f"an NLI model directory is configured ({model_dir}) but {error.name!r} is not "
                "installed; install transformers and torch, or unset the NLI model directory"
            ) from error
        self._tokenizer = transformers.AutoTokenizer.from_pretrained(
            model_dir, local_files_only=True
        )
        self._model = transformers.AutoModelForSequenceClassification.from_pretrained(
            model_dir, local_files_only=True
        )
        self._model.eval()
        self._labels = _label_positions(self._model.config.id2label, model_dir)

    def score(self, premise: str, hypothesis: str) -> dict[str, float]:
        inputs = self._tokenizer(premise, hypothesis, return_tensors="pt", truncation=True)
        with self._torch.no_grad():
            logits = self._model(**inputs).logits[0]
        probabilities = self._torch.softmax(logits, dim=-1).tolist()
        return {label: probabilities[index] for label, index in self._labels.items()}


def _label_positions(id2label: dict[int, str], model_dir: Path) -> dict[str, int]:
    """Where each NLI label sits in the model output, read from the model's own config."""
    positions = {str(name).lower(): int(index) for index, name in id2label.items()}
    missing = [label for label in NLI_LABELS if label not in positions]
    if missing:
        raise NLIUnavailable(
            f"the model in {model_dir} is not an NLI model: its labels "
            f"{sorted(positions)} lack {missing}"
        )
    return {label: positions[label] for label in NLI_LABELS}


def load_nli_backend(model_dir: str | None) -> NLIBackend | None:
    """The NLI backend for ``model_dir``, or None when no directory is configured."""
    if not model_dir:
        return None
    path = Path(model_dir).expanduser()
    if not path.is_dir():
        raise NLIUnavailable(f"the NLI model directory {path} does not exist or is not a folder")
    return TransformersNLI(path)


def nli_detection(
    backend: NLIBackend, a_text: str, b_text: str, *, threshold: float = 0.8
) -> Detection | None:
    """A ``nli`` detection when the model reads either claim as contradicting the other.

    NLI is not symmetric, so both directions are scored and the stronger one is kept.
    """
    forward = backend.score(a_text, b_text).get("contradiction", 0.0)
    backward = backend.score(b_text, a_text).get("contradiction", 0.0)
    score = max(forward, backward)
    if score < threshold or score <= 0.0:
        return None
    return Detection(
        "nli",
        round(min(score, 1.0), 3),
        f'An inference model reads "{quote_claim(a_text)}" and "{quote_claim(b_text)}" as '
        f"contradictory (contradiction probability {score:.2f}).",
    )
