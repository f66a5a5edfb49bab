"""The newsroom's content model: the Latest Updates section, its posts and the people quoted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.editorial.duties import permissions_for
from cms.editorial.stages import stage_label
from news.api.fields import ImageWithRenditionsField
from news.blocks import NewsBodyBlock
from news.corrections.admin import CorrectionsPanel
from news.corrections.representation import CorrectionsField
from news.embargo.fields import EmbargoUntilField
from news.forms import LatestUpdatesPageForm
from news.live.detail import LiveCoverageField
from news.live.panels import LiveUpdatesPanel
from news.preview.tokens import FrontEndPreviewMixin
from news.structured_data import JsonLdField, json_ld_script, post_json_ld
from news.tags import ClusterTagsField


class Person(index.Indexed, models.Model):
    """Someone the newsroom quotes or credits, kept once and chosen everywhere."""

    name = models.CharField(max_length=255)
    role = models.CharField(max_length=255, blank=True, help_text='e.g. "President of Ukraine".')
    organisation = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def api_representation(self) -> dict[str, Any]:
        return {"id": self.pk, "name": self.name, "role": self.role}


class AtomicPublishMixin:
    """Publishing and unpublishing commit whole or not at all, wherever they are called from.

    Wagtail saves the page as live before it sends `page_published`, whose receivers
    write the change log and the webhook outbox. Requests run in one transaction
    (ATOMIC_REQUESTS), but `revision.publish()` from a command, a scheduler or a
    shell does not: a failing receiver would leave the page live with no log row.
    """

    def publish(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().publish(*args, **kwargs)  # type: ignore[misc]

    def unpublish(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)  # type: ignore[misc]


class NewsIndexPage(AtomicPublishMixin, Page):
    """The Latest Updates section: lists its live posts, newest first."""

    introduction = models.CharField(max_length=400, blank=True)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.LatestUpdatesPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "Latest Updates section"

    def permissions_for_user(self, user: Any) -> Any:
        # New posts cannot be created and published in one step, except by superusers.
        return permissions_for(self, user)

    def live_posts(self) -> models.QuerySet[LatestUpdatesPage]:
        return (
            LatestUpdatesPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "-pk")
            .prefetch_related("tags")
        )

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.live_posts(), settings.NEWS_INDEX_PAGE_SIZE)
        # get_page turns a bad or out-of-range ?page= into the first or last page, never a 500.
        context["posts"] = paginator.get_page(request.GET.get("page"))
        return context


class LatestUpdatesPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.LatestUpdatesPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class LatestUpdatesPage(AtomicPublishMixin, FrontEndPreviewMixin, Page):
    """A running story whose body is typed blocks, not prose.

    The admin's Preview hands the draft to the headless front end when one is
    configured (news/preview/).
    """

    standfirst = models.CharField(
        max_length=400,
        help_text="The lede in plain text: what happened and why it matters (400 characters).",
    )
    # No model default: a callable default makes Django's form report a change on
    # every save. The admin form pre-fills today's date for new posts instead.
    dateline = models.DateField(help_text="The date of the events reported.")
    tags = ClusterTagsField(through=LatestUpdatesPageTag, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where an imported post was first published.",
    )
    # Set by `import_posts` (news/importers/): re-imports update the same page, and the
    # legacy path is where old links pointed.
    source_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    legacy_path = models.CharField(
        "old address",
        max_length=500,
        blank=True,
        help_text="The post's path on the old blog; it redirects here once the post is published.",
    )
    source_author = models.CharField(
        "original author",
        max_length=255,
        blank=True,
        help_text="The author's name as the old blog gave it, kept when it matches no user.",
    )
    body = StreamField(NewsBodyBlock())
    # A running story is marked up as a schema.org LiveBlogPosting, not a NewsArticle.
    is_running_story = models.BooleanField(
        "running story",
        default=False,
        help_text="Tick while the story is covered live and updated as it develops.",
    )
    coverage_started_at = models.DateTimeField(
        "live coverage started",
        null=True,
        blank=True,
        help_text="When live coverage began; leave empty to use the first publication time.",
    )
    coverage_ended_at = models.DateTimeField(
        "live coverage ended",
        null=True,
        blank=True,
        help_text="Set when live coverage has finished.",
    )

    # Set by an editor's approval, never in the form (news/embargo/): readers see
    # nothing of the approved version before this time; partners may.
    embargo_until = models.DateTimeField(null=True, blank=True, editable=False)

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    base_form_class = LatestUpdatesPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("dateline"),
        # The story's updates and its New update / coverage buttons (news/live/panels.py).
        LiveUpdatesPanel(heading="Live updates"),
        MultiFieldPanel(
            [
                FieldPanel("is_running_story"),
                # Set by an editor's Start / End live coverage action (news/live/coverage.py).
                FieldPanel("coverage_started_at", read_only=True),
                FieldPanel("coverage_ended_at", read_only=True),
            ],
            heading="Running story",
            classname="collapsed",
        ),
        FieldPanel("tags"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        # Published corrections and proposals; adding one (news/corrections/).
        CorrectionsPanel(heading="Corrections"),
        MultiFieldPanel(
            [
                FieldPanel("source_url"),
                # Written by the importer; shown so an editor can check where a post came from.
                FieldPanel("legacy_path", read_only=True),
                FieldPanel("source_author", read_only=True),
            ],
            heading="Provenance",
            classname="collapsed",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("dateline"),
    ]

    # writable: newsroom tools create and edit drafts over the v3 API with the same
    # fields writers fill in (the admin's form and its validation run on them).
    api_fields = [
        APIField("standfirst", writable=True),
        APIField("dateline", writable=True),
        APIField("tags", writable=True),
        APIField("lead_image", serializer=ImageWithRenditionsField()),
        APIField("body", writable=True),
        APIField("source_url", writable=True),
        # schema.org JSON-LD (news/structured_data.py); detail responses only.
        APIField("json_ld", serializer=JsonLdField()),
        # Live coverage and its newest updates (news/live/detail.py); detail responses only.
        APIField("live", serializer=LiveCoverageField()),
        # Published corrections, oldest first (news/corrections/); detail responses only.
        APIField("corrections", serializer=CorrectionsField()),
        # True only in a partner's answer, before the embargo lifts (news/embargo/).
        APIField("embargoed"),
        APIField("embargo_until", serializer=EmbargoUntilField()),
    ]

    class Meta:
        verbose_name = "Latest Updates post"
        permissions = [
            ("import_posts", "Can import legacy posts in the admin"),
            ("manage_coverage", "Can start and end a story's live coverage"),
        ]

    def permissions_for_user(self, user: Any) -> Any:
        # Adds the newsroom's separation of duties to Wagtail's page permissions.
        return permissions_for(self, user)

    # Set by the coverage actions on the row, not by a revision (news/live/coverage.py).
    COVERAGE_FIELDS = ("coverage_started_at", "coverage_ended_at")

    def with_content_json(self, content: dict[str, Any]) -> Any:
        obj = super().with_content_json(content)
        if self.pk:
            for name in self.COVERAGE_FIELDS:
                setattr(obj, name, getattr(self, name))
        return obj

    def clean(self) -> None:
        super().clean()
        started, ended = self.coverage_started_at, self.coverage_ended_at
        # Wrong even in a draft, like a negative amount: it is not a missing piece.
        if started and ended and ended < started:
            raise ValidationError(
                {"coverage_ended_at": "Live coverage cannot end before it started."}
            )

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # The same JSON-LD the APIs serve as `json_ld`, ready for the page's <head>.
        context["json_ld"] = json_ld_script(post_json_ld(self))
        return context

    @property
    def embargoed(self) -> bool:
        """Under embargo now: only a partner's answer, read from the approved version,
        can say so; a live post's embargo has lifted."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def status_string(self) -> str:
        """The editorial stage, shown in the admin's listings and status tags."""
        return stage_label(self)


# The admin import's job rows live with the import screen (news/import_admin/).
from news.corrections.models import Correction  # noqa: E402, F401, I001
from news.import_admin.models import ImportJob  # noqa: E402, F401
from news.live.models import LiveUpdate, UpdateEvent  # noqa: E402, F401
