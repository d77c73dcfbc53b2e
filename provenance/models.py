"""Where claims come from: projects, sources, articles, claims, attributions and flags."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from provenance.text.cleaning import WHITESPACE_REASON
from provenance.text.types import CLAIM_KINDS, FLAG_KINDS, SOURCE_KINDS


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


# One choice list per vocabulary, shared by the models, the API and the OpenAPI schema.
SOURCE_KIND_CHOICES = _choices(SOURCE_KINDS)
CLAIM_KIND_CHOICES = _choices(CLAIM_KINDS)
FLAG_KIND_CHOICES = _choices(FLAG_KINDS)


class Project(models.Model):
    """A story or investigation: it groups articles and the people who work on them."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    reviews_required = models.PositiveSmallIntegerField(
        default=2, help_text="Independent reviews a claim needs before it is verified."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_required__gte=1), name="project_reviews_required_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"
    EDITOR = "editor"


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.project}"


class Source(models.Model):
    """A speaker or relay: an agency, outlet, government body, group, person or document."""

    name = models.CharField(max_length=300)
    # The project whose articles named it or whose editor added it: seen and changed only in
    # that project. None for the shared reference list (the shipped registry), which every
    # project reads and none changes.
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    normalized_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=SOURCE_KIND_CHOICES, default="unknown")
    aliases = models.JSONField(default=list, blank=True)
    country = models.CharField(max_length=100, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    from_registry = models.BooleanField(
        default=False, help_text="Shipped in the starting list rather than found in text."
    )
    in_registry = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Read by extraction: shipped, or created or corrected by an editor.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every editor's change: an edit based on an older version is refused (409).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SOURCE_KINDS), name="source_kind_valid"),
            models.CheckConstraint(
                condition=~Q(normalized_name=""), name="source_normalized_name_nonempty"
            ),
            # One row per name in each project, and one in the shared list.
            models.UniqueConstraint(
                fields=["project", "normalized_name"],
                condition=Q(project__isnull=False),
                name="source_unique_in_project",
            ),
            models.UniqueConstraint(
                fields=["normalized_name"],
                condition=Q(project__isnull=True),
                name="source_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One story that several articles report: numbers and denials are compared only between
    claims of articles in the same event (``provenance.services.events``).

    ``profile`` is what the clustering matches new articles against (names, lead words, years:
    ``provenance.text.events.EventProfile``); ``label`` names it for people.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    label = models.CharField(max_length=200, blank=True)
    profile = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # New articles are matched against the project's most recently active events.
            models.Index(fields=["project", "-updated_at"], name="event_recent"),
        ]

    def __str__(self) -> str:
        return self.label or f"event {self.pk}"


class Article(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    # Computed by the database, so the trigger that keeps every claim inside its article reads
    # a number instead of the whole body (migration 0003).
    body_length = models.GeneratedField(
        expression=Length("body"), output_field=models.PositiveIntegerField(), db_persist=True
    )
    origin = models.CharField(max_length=1000, help_text="The path or URL it came from.")
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="published"
    )
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    removals = models.JSONField(
        default=list, blank=True, help_text="Boilerplate cut from the raw text, with reasons."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    flagged_at = models.DateTimeField(
        null=True, blank=True, help_text="When contradiction flagging last finished for it."
    )
    # Flagging's progress, so that each piece of it is done once (provenance.services.flagging):
    # the claims' version, the version flagged last, how far the pass under way has come, which
    # worker holds the pass until when, and when its task was last sent (for the catch-up).
    version = models.PositiveIntegerField(
        default=1, help_text="Raised whenever its claims change; flagging catches up with it."
    )
    flagged_version = models.PositiveIntegerField(default=0)
    flag_cursor = models.BigIntegerField(
        default=0, help_text="Claims up to this id are flagged in the pass under way."
    )
    flag_claimed_until = models.DateTimeField(null=True, blank=True)
    flag_sent_at = models.DateTimeField(null=True, blank=True)
    # Empty until the article is assigned at ingest; an editor may move it to another event.
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            # The catch-up's sweep: articles not flagged at their version, by when last sent.
            models.Index(
                fields=["flag_sent_at"],
                condition=Q(flagged_version__lt=F("version")),
                name="article_flag_pending",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "content_hash"], name="article_unique_content_per_project"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_nonempty"),
            models.CheckConstraint(
                condition=Q(flagged_version__lte=F("version")), name="article_flagged_version_le"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.origin

    @property
    def boilerplate_removals(self) -> list[dict]:
        """The removals a reader cares about: page furniture, not collapsed blank lines."""
        return [cut for cut in self.removals if cut["reason"] != WHITESPACE_REASON]


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed"
    IN_REVIEW = "in_review"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REJECTED = "rejected"


# Claims that still wait for reviews: the ones the review queue hands out.
AWAITING_REVIEW = (ClaimStatus.UNREVIEWED.value, ClaimStatus.IN_REVIEW.value)


class Verdict(models.TextChoices):
    SUPPORTED = "supported"
    REFUTED = "refuted"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"


class Claim(models.Model):
    """One checkable statement: ``article.body[start:end] == text``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    # The article's project and whether an open contradiction flag touches the claim, kept on
    # the claim so that the review queue's order is one index walk (``claim_queue_order``).
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    has_open_flag = models.BooleanField(default=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=CLAIM_KIND_CHOICES, default="sentence")
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED
    )
    # NULL, not "", is "no verdict yet": the claim record exports it as null.
    verdict = models.CharField(  # noqa: DJ001
        max_length=16, choices=Verdict.choices, null=True, blank=True
    )
    confidence = models.FloatField(null=True, blank=True)
    checkworthiness = models.FloatField(default=0.0)
    # What the claim's text means, as ``provenance.text.embeddings`` encodes it (float16, 384
    # of them), written at ingest and after an edit of the span; NULL for headlines and
    # captions, which flagging never compares, and for a claim stored before embeddings
    # existed, until a re-scan embeds it.
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    # The chain that stands for the claim and its first hop, as ``provenance.main_attribution``
    # defines them, kept by the attribution services in their transactions; NULL without a
    # chain. The speaker is protected: a source that speaks for a claim is never deleted from
    # under it (a merge of sources moves it first).
    main_attribution = models.ForeignKey(
        "Attribution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="spoken_claims"
    )
    # The reviewer a desk editor gave the claim to (``provenance.services.assignments``): the
    # review queue offers it to them first and to nobody else until they have reviewed or
    # skipped it. Always a member of the claim's project whose role allows review: triggers
    # hold that in the database (migration 0018), since a check cannot read memberships, and
    # clear it when the membership stops reviewing by a path that bypasses the services.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_claims",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(fields=["status", "article"], name="claim_status_article"),
            # The review queue: a project's claims of one status, flagged first, then the most
            # check-worthy, then the oldest (annotations.selectors.queue_candidates). Status is
            # a key column rather than a partial-index condition, which SQLite would not match
            # against the query's bound parameters.
            models.Index(
                F("project"),
                F("status"),
                F("has_open_flag").desc(),
                F("checkworthiness").desc(),
                F("created_at"),
                F("id"),
                name="claim_queue_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_nonempty"),
            # The stored text is exactly the span's length; with the service's check of
            # body[start:end] == text this keeps offsets and text from drifting apart.
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="claim_text_matches_span"
            ),
            models.CheckConstraint(condition=Q(kind__in=CLAIM_KINDS), name="claim_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(verdict__isnull=True) | Q(verdict__in=Verdict.values),
                name="claim_verdict_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0.0) & Q(confidence__lte=1.0)),
                name="claim_confidence_range",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claim_unique_span_per_article"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AttributionOrigin(models.TextChoices):
    EXTRACTED = "extracted"
    REVIEWER = "reviewer"


class AttributionStatus(models.TextChoices):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ExtractionMethod(models.TextChoices):
    RULE = "rule"
    PARSE = "parse"


class Attribution(models.Model):
    """Who said a claim and through whom it reached the reader: an ordered chain of hops."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    origin = models.CharField(max_length=16, choices=AttributionOrigin.choices)
    status = models.CharField(
        max_length=16, choices=AttributionStatus.choices, default=AttributionStatus.SUGGESTED
    )
    cue = models.CharField(max_length=300, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(default=0.5)
    # Which extractor suggested the chain; empty for a reviewer's.
    method = models.CharField(max_length=8, choices=ExtractionMethod.choices, blank=True)
    # The normalised chain, so that a suggestion a reviewer rejected is recognised and never
    # suggested again when the pipeline re-runs.
    signature = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "signature"], name="attribution_unique_chain_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=AttributionOrigin.values), name="attribution_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttributionStatus.values), name="attribution_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=[*ExtractionMethod.values, ""]),
                name="attribution_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0.0) & Q(confidence__lte=1.0),
                name="attribution_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(origin=AttributionOrigin.EXTRACTED) | Q(created_by__isnull=False),
                name="attribution_reviewer_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"attribution {self.pk} of claim {self.claim_id} ({self.status})"


class HopRole(models.TextChoices):
    SPEAKER = "speaker"
    RELAY = "relay"


class AttributionHop(models.Model):
    attribution = models.ForeignKey(Attribution, on_delete=models.CASCADE, related_name="hops")
    position = models.PositiveSmallIntegerField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="hops")
    role = models.CharField(max_length=8, choices=HopRole.choices)
    mention = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["attribution_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attribution", "position"], name="hop_unique_position"),
            # The first hop is the original speaker, every later one a relay.
            models.CheckConstraint(
                condition=(Q(position=0) & Q(role=HopRole.SPEAKER))
                | (Q(position__gt=0) & Q(role=HopRole.RELAY)),
                name="hop_role_matches_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.position}: {self.mention or self.source_id}"


class FlagStatus(models.TextChoices):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Flag(models.Model):
    """Two claims from different sources that cannot both be true.

    A pair is stored once per kind with ``claim_a_id < claim_b_id``, so running the detector
    twice, or on two workers at once, cannot create a duplicate. A dismissed flag stays, which
    is how it is never raised again for the same pair.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="flags")
    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags_as_b")
    kind = models.CharField(max_length=16, choices=FLAG_KIND_CHOICES)
    score = models.FloatField()
    explanation = models.TextField()
    status = models.CharField(max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the last decision was made; earlier decisions' notes are in the flag's audit records.
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["project", "status"], name="flag_project_status")]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b", "kind"], name="flag_unique_pair"),
            models.CheckConstraint(condition=Q(claim_a__lt=F("claim_b")), name="flag_pair_ordered"),
            models.CheckConstraint(condition=Q(kind__in=FLAG_KINDS), name="flag_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=FlagStatus.values), name="flag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gt=0.0) & Q(score__lte=1.0), name="flag_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} flag {self.claim_a_id}/{self.claim_b_id} ({self.status})"


class ClaimKey(models.Model):
    """An index entry for candidate pairing: a claim is compared only with claims sharing keys."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["project", "key", "claim"], name="claimkey_project_key")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "key"], name="claimkey_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class ChangeAction(models.TextChoices):
    """What a change record says was done, one list for every kind of object."""

    # Claims: corrections and reshaping (``services.claims``), deletion, and the status their
    # reviews and rulings lead to (``annotations.services``).
    CORRECT_SPAN = "correct_span"
    REJECT = "reject"
    TRIM = "trim"
    RESTORE_SPAN = "restore_span"
    SPLIT = "split"
    SPLIT_FROM = "split_from"
    MERGE = "merge"
    MAKE = "make"
    REVIEW_UNREVIEWED = "review_unreviewed"
    REVIEW_IN_REVIEW = "review_in_review"
    REVIEW_VERIFIED = "review_verified"
    REVIEW_DISPUTED = "review_disputed"
    REVIEW_WITHDRAWN = "review_withdrawn"
    REVIEW_REVISED = "review_revised"
    REINSTATE = "reinstate"
    ADJUDICATE = "adjudicate"
    # Claims given to a reviewer by a desk editor, or taken back (``services.assignments``).
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    # Reviews, rulings, tokens: made, withdrawn, regenerated; anything: deleted.
    CREATE = "create"
    REVISE = "revise"
    WITHDRAW = "withdraw"
    REGENERATE = "regenerate"
    DELETE = "delete"
    # Attributions and flags: added or edited, and the status a decision gave them.
    ADD = "add"
    EDIT = "edit"
    SUGGESTED = "suggested"
    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    DISMISSED = "dismissed"
    # Members, sources, projects, articles, events, re-scans.
    CHANGE_ROLE = "change_role"
    REMOVE = "remove"
    SOURCE_CREATE = "source_create"
    SOURCE_UPDATE = "source_update"
    SOURCE_MERGE = "source_merge"
    SOURCE_MERGED_AWAY = "source_merged_away"
    PROJECT_CREATE = "project_create"
    INGEST = "ingest"
    EVENT_MOVE = "event_move"
    START = "start"


# The claim status a review outcome leads to, as the action that records it.
REVIEW_ACTIONS = {
    ClaimStatus.UNREVIEWED: ChangeAction.REVIEW_UNREVIEWED,
    ClaimStatus.IN_REVIEW: ChangeAction.REVIEW_IN_REVIEW,
    ClaimStatus.VERIFIED: ChangeAction.REVIEW_VERIFIED,
    ClaimStatus.DISPUTED: ChangeAction.REVIEW_DISPUTED,
}


class ChangeRecord(models.Model):
    """The audit history: who changed what, when, and the state before and after.

    It lives here, the lower of the two apps, so that changes to claims and attributions as well
    as reviews and flags write to one history.

    Records are never deleted with what they describe: a claim or project with history is
    protected (reject a claim instead of deleting it), and a deletion of what has none leaves a
    record of its own. ``project`` is empty only for events outside projects (API tokens,
    the shared source registry).
    """

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    object_type = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=32, choices=ChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # A claim's status before and after the change, when it changed (set from the snapshots by
    # ``change_record_row``; empty otherwise): the dashboard counts status changes from these.
    status_from = models.CharField(max_length=16, choices=ClaimStatus.choices, blank=True)
    status_to = models.CharField(max_length=16, choices=ClaimStatus.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # Set on every record an undo writes (``annotations.services.undo``): the change it undoes.
    undo_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    # Set on every record a "revert to this version" writes: the change whose state before it
    # was restored (``annotations.services.revert``).
    reverts_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Shared by every record of one bulk action (``annotations.services.bulk``), so that the
    # whole action can be undone at once; empty for a change made alone.
    batch = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="change_object"),
            # "Recent actions": one user's records, newest first.
            models.Index(fields=["actor", "-at"], name="change_actor_recent"),
            # The records of one bulk action, to undo it; most records have no batch.
            models.Index(fields=["batch"], name="change_batch", condition=Q(batch__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ChangeAction.values), name="change_action_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status_from="", status_to="")
                    | Q(status_from__in=ClaimStatus.values, status_to__in=ClaimStatus.values)
                ),
                name="change_status_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class CorroborationGroup(models.Model):
    """Claims in several articles that say the same thing."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"group {self.pk}"


class GroupMember(models.Model):
    group = models.ForeignKey(CorroborationGroup, on_delete=models.CASCADE, related_name="members")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="group_member")
    score = models.FloatField(default=1.0, help_text="How closely it matched the group.")

    def __str__(self) -> str:
        return f"claim {self.claim_id} in group {self.group_id}"


class Rescan(models.Model):
    """A full re-flagging of a project, split into chunks that many workers can share."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rescans")
    total_chunks = models.PositiveIntegerField()
    done_chunks = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_chunks__lte=F("total_chunks")), name="rescan_progress_bounded"
            )
        ]

    def __str__(self) -> str:
        return f"rescan {self.pk}: {self.done_chunks}/{self.total_chunks}"

    @property
    def progress(self) -> float:
        return 1.0 if self.total_chunks == 0 else self.done_chunks / self.total_chunks


class RescanChunk(models.Model):
    rescan = models.ForeignKey(Rescan, on_delete=models.CASCADE, related_name="chunks")
    position = models.PositiveIntegerField()
    first_claim_id = models.BigIntegerField()
    last_claim_id = models.BigIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rescan", "position"], name="rescanchunk_unique"),
        ]

    def __str__(self) -> str:
        return f"chunk {self.position} of rescan {self.rescan_id}"


class IngestJobStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class IngestJob(models.Model):
    """A command-line ingest handed to the workers: the files were read and checked where the
    command runs, their articles stored here in chunks that workers on any machine share
    (``provenance.services.ingest_jobs``). The counts are the job's progress."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ingest_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publisher = models.CharField(
        max_length=300, blank=True, help_text="For articles whose file does not name one."
    )
    status = models.CharField(
        max_length=8, choices=IngestJobStatus.choices, default=IngestJobStatus.RUNNING
    )
    files_total = models.PositiveIntegerField(default=0)
    files_rejected = models.PositiveIntegerField(default=0)
    # [{"file", "reason"}] for each file refused before anything was stored, as the command
    # printed them.
    rejections = models.JSONField(default=list, blank=True)
    articles_total = models.PositiveIntegerField(default=0)
    articles_added = models.PositiveIntegerField(default=0)
    articles_duplicate = models.PositiveIntegerField(default=0)
    claims_added = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    chunks_failed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the broker last took the chunks or a chunk was last done; empty while the chunks
    # were never sent. The catch-up sends again the pending chunks of a job quiet for too long.
    active_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["active_at"],
                condition=Q(status=IngestJobStatus.RUNNING),
                name="ingestjob_running",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IngestJobStatus.values), name="ingestjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(chunks_done__lte=F("chunks_total") - F("chunks_failed")),
                name="ingestjob_chunks_within_total",
            ),
            models.CheckConstraint(
                condition=Q(articles_added__lte=F("articles_total") - F("articles_duplicate")),
                name="ingestjob_articles_within_total",
            ),
            models.CheckConstraint(
                condition=Q(files_rejected__lte=F("files_total")),
                name="ingestjob_rejected_within_files",
            ),
            # Finished with every chunk done or failed, and failed when one failed. That a job
            # whose chunks are all through is no longer running is kept by the update that
            # counts the last one (``ingest_jobs._count``).
            models.CheckConstraint(
                condition=Q(status=IngestJobStatus.RUNNING, finished_at__isnull=True)
                | (
                    Q(finished_at__isnull=False)
                    & Q(chunks_done=F("chunks_total") - F("chunks_failed"))
                    & (
                        Q(status=IngestJobStatus.DONE, chunks_failed=0)
                        | Q(status=IngestJobStatus.FAILED, chunks_failed__gt=0)
                    )
                ),
                name="ingestjob_status_matches_chunks",
            ),
        ]

    def __str__(self) -> str:
        return f"ingest {self.pk}: {self.chunks_done}/{self.chunks_total} chunks"

    @property
    def progress(self) -> float:
        finished = self.chunks_done + self.chunks_failed
        return 1.0 if self.chunks_total == 0 else finished / self.chunks_total


class IngestChunkStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class IngestChunk(models.Model):
    """Some whole files of an ingest job, stored by one task in one transaction. ``articles``
    holds what the command read ([{"origin", "body", "title", "publisher", "url",
    "published"}]) until the chunk is done; the stored articles carry it from then on."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="chunks")
    sequence = models.PositiveIntegerField()
    articles = models.JSONField(default=list, blank=True)
    articles_total = models.PositiveIntegerField()
    articles_added = models.PositiveIntegerField(default=0)
    articles_duplicate = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=8, choices=IngestChunkStatus.choices, default=IngestChunkStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "sequence"]
        indexes = [
            models.Index(
                fields=["job"],
                condition=Q(status=IngestChunkStatus.PENDING),
                name="ingestchunk_pending",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["job", "sequence"], name="ingestchunk_unique"),
            models.CheckConstraint(
                condition=Q(status__in=IngestChunkStatus.values), name="ingestchunk_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(articles_added__lte=F("articles_total") - F("articles_duplicate")),
                name="ingestchunk_articles_within_total",
            ),
            models.CheckConstraint(
                condition=Q(status=IngestChunkStatus.PENDING, done_at__isnull=True)
                | (~Q(status=IngestChunkStatus.PENDING) & Q(done_at__isnull=False)),
                name="ingestchunk_done_when_finished",
            ),
        ]

    def __str__(self) -> str:
        return f"chunk {self.sequence} of ingest {self.job_id} ({self.status})"
