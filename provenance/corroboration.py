"""How independent the corroboration of a group of matching claims is.

Three articles relaying one Reuters story are one source, not three. A claim's *origin* is the
first hop of its chain that someone could be asked about: the speaker, or, for an unnamed
speaker, the outlet that heard them ("diplomats told Reuters" and "diplomats told AP" are two
origins). Articles whose claim reached them through another outlet's reporting only relay.

Outlets name one source in more or fewer words ("the report" and "the USAID report", "Russia's
Defense Ministry" and "its defence ministry"): an origin whose words are all among those of
another origin of the group is that source (``_folded``), unless it could be several of them.
People who speak for a body are that body (``_spoken_for``): "State Department spokeswoman
Preeti Shah", "Mark Toner, a representative of the State Department" and the State Department
are one source, and so are "researchers at the Harvard School of Public Health" and
"scientists from the Harvard School of Public Health". Long words are compared with the
letters transliterations swap made one (``_spelling``): "Kirilenko" is "Pavlo Kyrylenko".

A claim with no chain (an article's own narration, its headline) names no source. Outlets that
state one thing without saying who told them most often restate the same origin, so they do
not add independent sources: when a named origin in the group says it, they stand on it, and a
group of unsourced claims only stands on one source, ``UNSOURCED`` (the real-article corpus'
rule: "two outlets that both report the same official figure without naming its source count
as one source").
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from django.db.models import F

from provenance.models import Article, Claim, CorroborationGroup, Source
from provenance.selectors import attributions_prefetch, chain_of
from provenance.text import lexicon
from provenance.text.claim_keys import phrase_keys
from provenance.text.source_registry import normalize_source_name

# The origin of a group's claims when none of them names a source.
UNSOURCED = "unsourced"
# Between an unnamed speaker and the outlet that heard them, in an origin's label.
VIA = " via "
# A job held for a body ("spokeswoman", "official"), and the body's name in capitals.
_JOB = rf"(?:{lexicon.alternation(lexicon.words('person_job_nouns') | {'representative'})})s?"
_BODY = r"[A-Z][\w.'’&-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w.'’&-]*){0,5}"
# People of a body, as an origin: "researchers at the Harvard School of Public Health".
_PEOPLE_OF_BODY = re.compile(
    rf"^(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?{_JOB}\s+(?:at|from|of|with|for)\s+(?:the\s+)?"
    rf"(?P<body>[A-Z].*)$",
    re.I,
)


@dataclass(frozen=True)
class GroupSummary:
    group: CorroborationGroup
    claims: list[Claim]
    origins: dict[str, list[Claim]]  # origin label -> claims standing on it
    relaying_articles: list[Article]
    unsourced: list[Claim]  # claims that name no source, standing on the named origins

    @property
    def independent_sources(self) -> int:
        return len(self.origins)


def _label(source: Source) -> str:
    return source.name


def origin_of(claim: Claim) -> str | None:
    """The claim's origin, ``None`` when its chain names nobody (its article's narration)."""
    chain = chain_of(claim)
    if not chain:
        return None
    speaker = chain[0]
    if speaker.kind == "anonymous" and len(chain) > 1:
        return f"{_label(speaker)}{VIA}{_label(chain[1])}"
    return _label(speaker)


def relays_another_outlet(claim: Claim) -> bool:
    """True when the claim's chain passes through an outlet other than its own publisher."""
    chain = chain_of(claim)
    publisher_id = claim.article.publisher_id
    return any(hop.pk != publisher_id for hop in chain[1:])


def group_summary(group: CorroborationGroup) -> GroupSummary:
    return groups_summary([group])[0]


def groups_summary(groups: Sequence[CorroborationGroup]) -> list[GroupSummary]:
    """The summaries of ``groups``, in their order, from one read of all their claims (a
    fixed number of queries however many groups: a page of the API's list)."""
    claims = (
        Claim.objects.filter(group_member__group__in=[group.pk for group in groups])
        .annotate(in_group=F("group_member__group_id"))
        .select_related("article__publisher")
        .prefetch_related(attributions_prefetch())
        .order_by("article__published", "id")
    )
    by_group: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_group[claim.in_group].append(claim)
    told = _speakers_texts(list(chain.from_iterable(by_group.values())))
    return [_summary(group, by_group[group.pk], told) for group in groups]


def _speakers_texts(claims: list[Claim]) -> dict[tuple[int, int], list[str]]:
    """The texts of all the claims of each (article, speaker) of ``claims``, in one query: where
    an article says whom its speaker speaks for ("Health Ministry spokesman Ian Roe said") is
    often not the claim it groups ("'We are counting,' Roe said")."""
    pairs = {(claim.article_id, claim.speaker_id) for claim in claims if claim.speaker_id}
    told: dict[tuple[int, int], list[str]] = defaultdict(list)
    if not pairs:
        return told
    rows = Claim.objects.filter(
        article_id__in={article for article, _ in pairs},
        speaker_id__in={speaker for _, speaker in pairs},
    ).values_list("article_id", "speaker_id", "text")
    for article_id, speaker_id, text in rows:
        if (article_id, speaker_id) in pairs:
            told[article_id, speaker_id].append(text)
    return told


def _summary(
    group: CorroborationGroup, claims: list[Claim], told: dict[tuple[int, int], list[str]]
) -> GroupSummary:
    origins: dict[str, list[Claim]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    unsourced: list[Claim] = []
    for claim in claims:
        origin = origin_of(claim)
        if origin is None:
            unsourced.append(claim)
        else:
            origins[origin].append(claim)
            texts[origin] += [claim.text, *told.get((claim.article_id, claim.speaker_id), [])]
    origins = _folded(origins, texts)
    if not origins and unsourced:
        origins[UNSOURCED], unsourced = unsourced, []
    relaying = {c.article_id: c.article for c in claims if relays_another_outlet(c)}
    return GroupSummary(
        group=group,
        claims=claims,
        origins=dict(origins),
        relaying_articles=list(relaying.values()),
        unsourced=unsourced,
    )


def _folded(origins: dict[str, list[Claim]], texts: dict[str, list[str]]) -> dict[str, list[Claim]]:
    """The origins with each one that names another in fewer words joined to it: "Report" and
    "a report" to "USAID report", "Shah" to "Preeti Shah", "Sri Lankan police" to nothing else
    than "Sri Lanka police". An origin whose words are among those of two origins that are not
    one in more words than the other ("the ministry" beside the health and the defence
    ministries) stays apart, and so does an unnamed speaker heard by an outlet ("diplomats via
    Reuters"), whose outlet is what tells it apart."""
    keys = {label: _origin_keys(label, texts.get(label, [])) for label in origins}
    order = {label: index for index, label in enumerate(origins)}

    def wider(label: str) -> list[str]:
        mine = keys[label]
        return [
            other
            for other in origins
            if other != label
            and mine
            and (mine < keys[other] or (mine == keys[other] and order[other] < order[label]))
        ]

    target: dict[str, str] = {}
    for label in origins:
        found = wider(label)
        if found and all(
            keys[one] <= keys[two] or keys[two] <= keys[one] for one in found for two in found
        ):
            target[label] = max(found, key=lambda other: (len(keys[other]), -order[other]))
    folded: dict[str, list[Claim]] = {}
    for label, claims in origins.items():
        root = label
        while root in target:
            root = target[root]
        folded.setdefault(root, []).extend(claims)
    return {label: folded[label] for label in origins if label in folded}


def _origin_keys(label: str, texts: list[str]) -> frozenset[str]:
    """The words of an origin's label that name it, as keys, or those of the body it speaks
    for (``_spoken_for``, in ``texts``, its claims'); none for an unnamed speaker heard by an
    outlet."""
    if VIA in label:
        return frozenset()
    body = _spoken_for(label, texts)
    return frozenset(map(_spelling, phrase_keys(normalize_source_name(body or label))))


# Letters that transliterations of one name swap ("Kyrylenko" / "Kirilenko", "Tikhanovskaya" /
# "Tikhanouskaya"), and doubled letters ("Zelenskyy", "Mohammed").
_SPELLINGS = (("kh", "h"), ("y", "i"), ("w", "v"), ("u", "v"))
_DOUBLED = re.compile(r"(\w)\1+")
# Words shorter than this keep their spelling: short words that differ in those letters are
# other words more often than other spellings ("Kiev" and "Kyiv" are left to the registry).
_TRANSLITERATED = 5


def _spelling(key: str) -> str:
    """A long word of a name with the letters that transliterations swap made one, so that two
    spellings of one name are one key; shorter words as they are."""
    if len(key) < _TRANSLITERATED:
        return key
    for letters, one in _SPELLINGS:
        key = key.replace(letters, one)
    return _DOUBLED.sub(r"\1", key)


def _spoken_for(label: str, texts: list[str]) -> str:
    """The body that the origin speaks for, "" when none is said: named in the label ("officials
    of the Health Ministry"), or by the job given with the label's name in one of its claims
    ("Health Ministry spokesman Ian Roe", "Roe, a spokesman for the Health Ministry"). A body
    of one word is no body ("US envoy Ian Roe")."""
    found = _PEOPLE_OF_BODY.match(label)
    if found:
        return found.group("body")
    name = re.escape(label)
    before = re.compile(rf"(?<![\w.'’&-])({_BODY})\s+{_JOB}\s+(?:[A-Z][\w.'’-]*\s+){{0,2}}{name}\b")
    after = re.compile(
        rf"\b{name},\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?{_JOB}\s+(?:at|for|of|with)\s+"
        rf"(?:the\s+)?({_BODY})"
    )
    for text in texts:
        for pattern in (before, after):
            match = pattern.search(text)
            if match and len(match.group(1).split()) >= 2:
                return match.group(1).strip()
    return ""
