"""How independent the corroboration of a group of matching claims is.

Three articles relaying one Reuters story are one source, not three. A claim's *origin* is the
first hop of its chain that someone could be asked about: the speaker, or, for an unnamed
speaker, the outlet that heard them ("diplomats told Reuters" and "diplomats told AP" are two
origins). Articles whose claim reached them through another outlet's reporting only relay.

Outlets name one source in more or fewer words ("the report" and "the USAID report", "Russia's
Defense Ministry" and "its defence ministry"): an origin whose words are all among those of
another origin of the group is that source (``_folded``), unless it could be several of them.

A claim with no chain (an article's own narration, its headline) names no source. Outlets that
state one thing without saying who told them most often restate the same origin, so they do
not add independent sources: when a named origin in the group says it, they stand on it, and a
group of unsourced claims only stands on one source, ``UNSOURCED`` (the real-article corpus'
rule: "two outlets that both report the same official figure without naming its source count
as one source").
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F

from provenance.models import Article, Claim, CorroborationGroup, Source
from provenance.selectors import attributions_prefetch, chain_of
from provenance.text.claim_keys import phrase_keys
from provenance.text.source_registry import normalize_source_name

# The origin of a group's claims when none of them names a source.
UNSOURCED = "unsourced"
# Between an unnamed speaker and the outlet that heard them, in an origin's label.
VIA = " via "


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
    return [_summary(group, by_group[group.pk]) for group in groups]


def _summary(group: CorroborationGroup, claims: list[Claim]) -> GroupSummary:
    origins: dict[str, list[Claim]] = defaultdict(list)
    unsourced: list[Claim] = []
    for claim in claims:
        origin = origin_of(claim)
        if origin is None:
            unsourced.append(claim)
        else:
            origins[origin].append(claim)
    origins = _folded(origins)
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


def _folded(origins: dict[str, list[Claim]]) -> dict[str, list[Claim]]:
    """The origins with each one that names another in fewer words joined to it: "Report" and
    "a report" to "USAID report", "Shah" to "Preeti Shah", "Sri Lankan police" to nothing else
    than "Sri Lanka police". An origin whose words are among those of two origins that are not
    one in more words than the other ("the ministry" beside the health and the defence
    ministries) stays apart, and so does an unnamed speaker heard by an outlet ("diplomats via
    Reuters"), whose outlet is what tells it apart."""
    keys = {label: _origin_keys(label) for label in origins}
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


def _origin_keys(label: str) -> frozenset[str]:
    """The words of an origin's label that name it, as keys; none for an unnamed speaker heard
    by an outlet."""
    if VIA in label:
        return frozenset()
    return phrase_keys(normalize_source_name(label))
