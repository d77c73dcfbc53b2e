"""The Source table as the registry, and matching source mentions to one row each.

Sources belong to a project: the names found in its articles and the sources its editors add
are seen and changed only inside it (``provenance.permissions.sources_visible``). The shipped
starting list (``provenance/data/sources.json``, loaded by ``load_sources`` or, on an empty
table, by the first ingest) is the shared reference list (``project`` None): every project reads
it, none changes it. A project's *scope* is the shared list and its own rows.

The registry extraction reads for a project is a snapshot of the rows of its scope marked
``in_registry``: the shared list and every source the project's editors created or corrected.
So an alias an editor adds, or a kind an editor corrects, is what the project's next ingest
sees. A snapshot is built once and rebuilt only when those rows change (their count or latest
``updated_at``, one indexed query to check). Mentions are matched by alias and fuzzy name, so
"Reuters", "Reuters news agency" and "Thomson Reuters" resolve to one row; a mention the
registry does not know becomes a source of the project the first time it appears there.
"""

from collections.abc import Iterable
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max

from provenance.errors import ConflictError, DomainError
from provenance.models import ChangeAction, Project, Source
from provenance.permissions import source_require_editable
from provenance.selectors import sources_in_scope
from provenance.services.history import change_record
from provenance.text.source_registry import (
    SourceEntry,
    SourceRegistry,
    load_registry,
    plain_key,
)
from provenance.text.types import SOURCE_KINDS


@lru_cache(maxsize=1)
def shipped_registry() -> SourceRegistry:
    return load_registry()


# Per project id (None: the shared list alone): the rows' count and latest change, and the
# registry built from them.
_snapshots: dict[int | None, tuple[tuple, SourceRegistry]] = {}


def registry_snapshot(*, project: Project | None) -> SourceRegistry:
    """The registry rows of ``project``'s scope as a plain ``SourceRegistry`` for the text
    pipeline, rebuilt only when they changed since the last call (one aggregate query to tell).
    """
    rows = sources_in_scope(project=project).filter(in_registry=True)
    version = tuple(rows.aggregate(count=Count("id"), latest=Max("updated_at")).values())
    if version[0] == 0:
        sources_load_registry()
        version = tuple(rows.aggregate(count=Count("id"), latest=Max("updated_at")).values())
    key = project.pk if project is not None else None
    if key not in _snapshots or _snapshots[key][0] != version:
        entries = [
            SourceEntry(
                name=row.name,
                kind=row.kind,
                aliases=tuple(row.aliases),
                country=row.country,
                affiliation=row.affiliation,
                key=row.normalized_name,
            )
            for row in rows.order_by(F("project").asc(nulls_first=True), "pk")
        ]
        _snapshots[key] = (version, SourceRegistry(entries))
    return _snapshots[key][1]


def _row_for(name: str, kind: str, registry: SourceRegistry, project: Project | None) -> Source:
    """The unsaved row a mention would create in ``project``: a copy of the registry entry it
    matches (which is found, not created, unless it was merged away meanwhile)."""
    entry = registry.match(name)
    if entry is not None:
        return _row_from_entry(entry, project=project)
    return Source(
        project=project,
        normalized_name=source_identity(name),
        name=name.strip()[:300],
        kind=kind,
    )


def _in_scope_by_identity(project: Project | None, identities: Iterable[str]) -> dict[str, Source]:
    """The rows of ``project``'s scope by ``normalized_name``: the project's own row where it
    has one and the shared list also does (its editors' decision), else the shared one."""
    rows = sources_in_scope(project=project).filter(normalized_name__in=list(identities))
    return {
        row.normalized_name: row for row in rows.order_by(F("project").asc(nulls_first=True), "pk")
    }


def sources_resolve(
    *,
    project: Project | None,
    mentions: Iterable[tuple[str, str]],
    registry: SourceRegistry | None = None,
) -> dict[tuple[str, str], Source]:
    """The one ``Source`` of ``project``'s scope for each ``(name, kind)`` mention, creating the
    new ones in the project (``project`` None: in the shared list). ``registry``: the snapshot
    of the project's registry to match mentions against, when the caller has read it already
    (an ingest run, which analysed its articles with it); else it is read.

    A fixed number of queries for the whole batch, however many mentions: the rows are read by
    ``normalized_name`` at once, and the missing ones inserted at once. A row that another
    ingest inserts meanwhile is kept (``ignore_conflicts``) and read back.
    """
    if registry is None:
        registry = registry_snapshot(project=project)
    wanted = {mention: _row_for(*mention, registry, project) for mention in dict.fromkeys(mentions)}
    identities = _first_per_identity(wanted.values())
    found = _in_scope_by_identity(project, identities)
    missing = [row for identity, row in identities.items() if identity not in found]
    if missing:
        Source.objects.bulk_create(missing, ignore_conflicts=True)
        found |= _in_scope_by_identity(project, [row.normalized_name for row in missing])
    return {mention: found[row.normalized_name] for mention, row in wanted.items()}


def _first_per_identity(rows: Iterable[Source]) -> dict[str, Source]:
    """One row per ``normalized_name``, the first met: a new source takes the spelling of its
    first mention."""
    first: dict[str, Source] = {}
    for row in rows:
        first.setdefault(row.normalized_name, row)
    return first


def source_resolve(*, project: Project | None, name: str, kind: str = "unknown") -> Source:
    """The one ``Source`` of ``project``'s scope for a mention, created if it is new."""
    return sources_resolve(project=project, mentions=[(name, kind)])[(name, kind)]


def source_identity(name: str) -> str:
    """The key a ``Source`` row is unique on: the name casefolded, without punctuation or a
    leading "the". Not the registry's looser matching key, which drops words such as "news
    agency" and would make "Qatar News Agency" and the country Qatar one row."""
    return (plain_key(name) or name.strip().casefold())[:300]


def _row_from_entry(entry: SourceEntry, *, project: Project | None = None) -> Source:
    """A row of the shared list for a shipped entry, or (given a project) a copy in it."""
    return Source(
        project=project,
        normalized_name=entry.key or source_identity(entry.name),
        name=entry.name,
        kind=entry.kind,
        aliases=list(entry.aliases),
        country=entry.country,
        affiliation=entry.affiliation,
        from_registry=project is None,
        in_registry=project is None,
    )


def sources_load_registry() -> int:
    """Create a row of the shared list for every entry of the shipped list that has none yet;
    returns how many."""
    existing = set(Source.objects.filter(project=None).values_list("normalized_name", flat=True))
    rows = _first_per_identity(_row_from_entry(entry) for entry in shipped_registry().entries)
    missing = [row for identity, row in rows.items() if identity not in existing]
    Source.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


_EDITABLE_FIELDS = ("name", "kind", "aliases", "country", "affiliation")


def _checked_fields(fields: dict) -> dict:
    if "name" in fields:
        name = fields["name"].strip()
        if not plain_key(name):
            raise DomainError("A source needs a name with at least one letter or digit.")
        fields = {**fields, "name": name[:300], "normalized_name": source_identity(name)}
    if "kind" in fields and fields["kind"] not in SOURCE_KINDS:
        raise DomainError(f"unknown kind {fields['kind']!r}; use one of {', '.join(SOURCE_KINDS)}")
    if "aliases" in fields:
        fields["aliases"] = sorted({alias.strip() for alias in fields["aliases"] if alias.strip()})
    return fields


def _already_exists(known: Source) -> DomainError:
    return DomainError(
        f"A source with this name already exists: {known.name!r} (id {known.pk}); "
        "edit that one or add this spelling to its aliases."
    )


def _save_unique(source: Source) -> Source:
    """Save a source whose name meets no other of its scope (the shared list's names count in
    a project too), else refuse pointing at the other."""
    scope = sources_in_scope(project=source.project)
    other = scope.filter(normalized_name=source.normalized_name).exclude(pk=source.pk).first()
    if other is not None:
        raise _already_exists(other)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:  # the same name saved meanwhile
        other = scope.filter(normalized_name=source.normalized_name).exclude(pk=source.pk).first()
        raise _already_exists(other) from None
    return source


def source_create(
    *,
    project: Project | None,
    name: str,
    kind: str = "unknown",
    aliases: list[str] | None = None,
    country: str = "",
    affiliation: str = "",
    user: AbstractBaseUser | None = None,
) -> Source:
    """An editor adds a source to ``project``'s registry (``None``: an administrator, to the
    shared list); a name that meets an existing one of its scope is refused. Audited."""
    if user is not None:
        source_require_editable(user=user, source=Source(name=name, project=project))
    fields = _checked_fields(
        {
            "name": name,
            "kind": kind,
            "aliases": aliases or [],
            "country": country,
            "affiliation": affiliation,
        }
    )
    entry = shipped_registry().match(fields["name"])
    if entry is not None:
        scope = sources_in_scope(project=project)
        known = scope.filter(normalized_name=source_identity(entry.name)).first()
        if known is not None:
            raise _already_exists(known)
    with transaction.atomic():
        source = _save_unique(Source(**fields, project=project, in_registry=True))
        _audit(source, action=ChangeAction.SOURCE_CREATE, actor=user, before=None)
    return source


def source_snapshot(source: Source) -> dict:
    """What an editor can change of a source, with its version: the audit's before and after,
    and what a 409 shows the editor whose change came too late."""
    return {
        "id": source.pk,
        "name": source.name,
        "kind": source.kind,
        "aliases": list(source.aliases),
        "country": source.country,
        "affiliation": source.affiliation,
        "version": source.version,
    }


def _audit(source: Source, *, action: ChangeAction, actor: AbstractBaseUser | None, before) -> None:
    # A project's source is in its history; the shared list's belong to no project.
    change_record(
        project=source.project,
        object_type="source",
        object_id=source.pk,
        action=action,
        actor=actor,
        before=before,
        after=source_snapshot(source),
    )


def source_fill_kind(*, source: Source, kind: str, user: AbstractBaseUser | None) -> Source:
    """A reviewer names the kind of a source recorded as ``unknown``: the kind is filled in,
    audited like an editor's correction. A source whose kind is known keeps it (only an
    editor changes a known kind, with ``source_update``); the caller decides what to say."""
    if kind not in SOURCE_KINDS:
        raise DomainError(f"unknown kind {kind!r}; use one of {', '.join(SOURCE_KINDS)}")
    with transaction.atomic():
        current = Source.objects.select_for_update().get(pk=source.pk)
        if current.kind != "unknown" or kind == "unknown":
            return current
        if current.project_id is None:
            raise DomainError(
                f"{current.name} is in the shared reference list, which no project changes; "
                "leave its kind unknown or name another source."
            )
        # Not an editor's correction: the registry does not take the source in for it.
        return _source_change(current, user=user, corrected=False, kind=kind)


def source_update(
    *, source: Source, version: int, user: AbstractBaseUser | None = None, **changes
) -> Source:
    """An editor corrects a source: name, kind, aliases, country or affiliation.

    ``version`` is the version the editor saw: if someone changed the source since, nothing is
    written and ``ConflictError`` carries the current state (the API answers 409), so no
    editor's correction is silently overwritten. The change is audited with both states.
    What editors set wins over the shipped list from then on (see the module docstring).
    """
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"cannot change {', '.join(sorted(unknown))} of a source")
    checked = _checked_fields(changes)
    with transaction.atomic():
        current = Source.objects.select_for_update().get(pk=source.pk)
        if user is not None:
            source_require_editable(user=user, source=current)
        if current.version != version:
            raise ConflictError(
                "This source was changed by someone else since you opened it; "
                "check its current state and apply your change again.",
                current=source_snapshot(current),
            )
        return _source_change(current, user=user, corrected=True, **checked)


def _source_change(
    current: Source, *, user: AbstractBaseUser | None, corrected: bool, **values
) -> Source:
    """Set ``values`` on the locked source, raise its version, save and audit the update.
    ``corrected``: an editor's correction, which extraction reads from then on
    (``in_registry``). Call inside the lock's transaction."""
    before = source_snapshot(current)
    for field, value in values.items():
        setattr(current, field, value)
    if corrected:
        current.in_registry = True
    current.version += 1
    current = _save_unique(current)
    _audit(current, action=ChangeAction.SOURCE_UPDATE, actor=user, before=before)
    return current


def source_merge(
    *,
    keep: Source,
    duplicate: Source,
    version: int,
    duplicate_version: int | None = None,
    user: AbstractBaseUser | None = None,
) -> Source:
    """An editor merges ``duplicate`` into ``keep``: two rows that name one source.

    Every hop, and every article published by the duplicate, moves onto the kept source (a
    chain that thereby equals another chain of its claim becomes one with it); the
    duplicate's name and aliases join the kept one's aliases, so extraction resolves them to it
    from now on; the duplicate is deleted and the kept source's version raised. All in one
    transaction, with both rows locked (in id order, so two merges cannot deadlock), and audited
    on both: the kept source's record has both states, the duplicate's says where it went.

    ``version`` (and ``duplicate_version`` when given) are the versions the editor saw; a
    stale one is refused with ``ConflictError`` carrying the current state, as edits are.
    """
    from provenance.models import Article, AttributionHop
    from provenance.services.attributions import attributions_resign

    if keep.pk == duplicate.pk:
        raise DomainError("A source cannot be merged into itself; pick another source.")
    if keep.project_id != duplicate.project_id:
        raise DomainError(
            "Only two sources of one project (or two of the shared list) can be merged; "
            f"{duplicate.name!r} and {keep.name!r} are not."
        )
    with transaction.atomic():
        locked = Source.objects.select_for_update().order_by("pk").in_bulk([keep.pk, duplicate.pk])
        if duplicate.pk not in locked:
            raise DomainError(f"Source {duplicate.pk} no longer exists; it may be merged already.")
        current, other = locked[keep.pk], locked[duplicate.pk]
        if user is not None:
            source_require_editable(user=user, source=current)
        for row, seen in ((current, version), (other, duplicate_version)):
            if seen is not None and row.version != seen:
                raise ConflictError(
                    f"Source {row.name!r} was changed by someone else since you opened it; "
                    "check its current state and merge again.",
                    current=source_snapshot(row),
                )
        before, gone = source_snapshot(current), source_snapshot(other)
        moved_hops = AttributionHop.objects.filter(source=other)
        chains = list(moved_hops.values_list("attribution_id", flat=True).distinct())
        hops = moved_hops.update(source=current)
        joined = attributions_resign(chains)
        articles = Article.objects.filter(publisher=other).update(publisher=current)
        spellings = {*current.aliases, other.name, *other.aliases} - {current.name}
        current.aliases = sorted({alias.strip() for alias in spellings if alias.strip()})
        current.in_registry = True  # decided by an editor: extraction reads it from now on
        current.version += 1
        current.save()
        other.delete()
        moved = {
            "merged_into": current.pk,
            "hops_moved": hops,
            "articles_moved": articles,
            "chains_joined": joined,  # chains that became another chain of their claim
        }
        change_record(
            project=current.project,
            object_type="source",
            object_id=gone["id"],
            action=ChangeAction.SOURCE_MERGED_AWAY,
            actor=user,
            before=gone,
            after=moved,
        )
        _audit(
            current, action=ChangeAction.SOURCE_MERGE, actor=user, before={**before, "merged": gone}
        )
    return current
