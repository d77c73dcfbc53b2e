"""The real-article corpus is whole and consistent, without needing the cached texts.

The texts are other people's writing and stay out of the repository; what is committed (the
manifest, gold offsets and hashes, pairs) must still hold together: offsets inside the recorded
length, kinds from the brief's lists, pairs naming labelled claims, whole events in one split.
"""

from collections import defaultdict

import pytest

from provenance.text.real_corpus import (
    GOLD_DIR,
    REAL_DIR,
    SPLITS,
    gold_problems,
    load_gold,
    load_manifest,
    load_pairs,
    pairs_problems,
    read_cache,
)
from provenance.text.types import SOURCE_KINDS

# Events used elsewhere, which the corpus must leave out (words of their slugs).
LEFT_OUT_EVENTS = (
    "xinjiang",
    "uyghur",
    "derna",
    "excess-death",
    "al-ahli",
    "venezuela",
    "adani",
    "hindenburg",
    "kyodo",
    "kanchanjunga",
    "pegasus",
    "pylos",
    "morocco",
    "iran-protest",
    "t-mobile",
)

ENTRIES = load_manifest()
GOLDS = {
    entry.name: load_gold(entry.name)
    for entry in ENTRIES
    if (GOLD_DIR / f"{entry.name}.json").exists()
}


def test_the_corpus_is_big_and_varied_enough():
    outlets = defaultdict(set)
    for entry in ENTRIES:
        outlets[entry.event].add(entry.outlet)
    assert len(ENTRIES) >= 60
    assert len(outlets) >= 15
    assert sum(len(names) >= 3 for names in outlets.values()) >= 10


def test_entries_are_unique_and_well_formed():
    assert len({entry.name for entry in ENTRIES}) == len(ENTRIES)
    assert len({entry.url for entry in ENTRIES}) == len(ENTRIES)
    assert len({entry.sha256 for entry in ENTRIES}) == len(ENTRIES), "the same text twice"
    for entry in ENTRIES:
        assert entry.outlet_kind in SOURCE_KINDS, entry.name
        assert entry.name.startswith(entry.event + "__"), entry.name
        assert entry.query and entry.url.startswith("http"), entry.name
        assert not any(word in entry.event for word in LEFT_OUT_EVENTS), entry.event


def test_every_event_is_in_one_split_and_a_quarter_is_test():
    split_of = defaultdict(set)
    for entry in ENTRIES:
        assert entry.split in SPLITS, f"{entry.name} has no split"
        split_of[entry.event].add(entry.split)
    assert all(len(splits) == 1 for splits in split_of.values()), dict(split_of)
    test_articles = sum(entry.split == "test" for entry in ENTRIES)
    assert test_articles * 4 >= len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_gold_fits_its_article(entry):
    gold = GOLDS.get(entry.name)
    assert gold is not None, f"{entry.name} has no gold file"
    assert gold["name"] == entry.name
    assert gold["sha256"] == entry.sha256, "gold labelled on another text than the manifest's"
    assert gold["length"] == entry.length
    assert gold_problems(gold, length=entry.length) == []
    assert gold["claims"], "an article without claims"
    assert gold["checked_by"] and gold["checked_by"] != gold["labelled_by"], "no second reader"
    starts = [claim["start"] for claim in gold["claims"]]
    assert starts == sorted(starts)


def test_gold_files_are_exactly_the_manifest():
    assert {path.stem for path in GOLD_DIR.glob("*.json")} == {entry.name for entry in ENTRIES}


def test_pairs_name_labelled_claims_of_their_event():
    pairs = load_pairs()
    events = {entry.name: entry.event for entry in ENTRIES}
    assert pairs_problems(pairs, GOLDS, events) == []
    assert set(pairs["events"]) == set(events.values()), "an event without its pairs"
    assert sum(len(block["contradictions"]) for block in pairs["events"].values()) >= 20


def test_no_article_text_is_committed():
    """With the texts at hand, no committed file holds a long run of any of them."""
    status = read_cache(ENTRIES)
    if not status.texts:
        pytest.skip("no cached texts to compare with (see tests/data/real/README.md)")
    committed = "".join(
        path.read_text(encoding="utf-8")
        for path in REAL_DIR.rglob("*")
        if path.is_file() and "cache" not in path.relative_to(REAL_DIR).parts
    )
    plain = " ".join(committed.split())
    for name, text in status.texts.items():
        words = " ".join(text.split())
        # Windows of 100 characters every 50: any committed run of 150 characters shows, while
        # a speaker's name as written (a long description at most) does not.
        for start in range(0, max(len(words) - 100, 0), 50):
            piece = words[start : start + 100]
            assert piece not in plain, f"{name}: text committed: {piece!r}"
