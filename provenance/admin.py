from django.contrib import admin

from provenance.models import (
    Article,
    Attribution,
    AttributionHop,
    ChangeRecord,
    Claim,
    Flag,
    Membership,
    Project,
    Source,
)
from provenance.services.deletions import article_delete, claim_delete


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "reviews_required", "created_at"]
    inlines = [MembershipInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "project", "country", "from_registry"]
    list_filter = ["kind", "from_registry", "project"]
    search_fields = ["name", "normalized_name", "aliases"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "publisher", "published", "origin"]
    list_filter = ["project"]
    search_fields = ["title", "origin"]
    raw_id_fields = ["publisher", "created_by"]
    # Flagging's own bookkeeping (provenance.services.flagging), not for editing by hand.
    readonly_fields = [
        "flagged_at",
        "version",
        "flagged_version",
        "flag_cursor",
        "flag_claimed_until",
        "flag_sent_at",
    ]

    # The admin lists what protects an article before it deletes; deleting goes through the
    # service, which records what was deleted.
    def delete_model(self, request, obj):
        article_delete(article=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article, user=request.user)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["id", "article", "kind", "status", "verdict"]
    list_filter = ["status", "kind"]
    search_fields = ["text"]
    raw_id_fields = ["article"]
    # Kept by the attribution services from the claim's chains, and by the assignment
    # service (editors, on the claims page), never set by hand.
    readonly_fields = ["main_attribution", "speaker", "assigned_to"]

    def delete_model(self, request, obj):
        claim_delete(claim=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for claim in queryset:
            claim_delete(claim=claim, user=request.user)


class HopInline(admin.TabularInline):
    model = AttributionHop
    raw_id_fields = ["source"]
    extra = 0


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "origin", "status", "cue", "confidence"]
    list_filter = ["origin", "status"]
    raw_id_fields = ["claim"]
    inlines = [HopInline]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "score", "status", "claim_a", "claim_b"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["claim_a", "claim_b"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "object_type", "object_id", "action"]
    list_filter = ["object_type", "action"]
    raw_id_fields = ["claim"]
