"""The demo's live story, for `bootstrap_newsroom --demo` only.

Every update takes the real path: the writer drafts and submits it, the
editor approves it through the Editor approval task, so the demo's feed,
change log and webhooks are what a desk would produce. One stays in review,
for the live desk. The facts are those of the demo post; the words are ours.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from wagtail.rich_text import RichText

from news.live.coverage import coverage_status, start_coverage
from news.live.models import LiveUpdate

LIVE_STORY_SLUG = "nato-ministers-in-brussels-live"

# headline, paragraphs, pinned; in the order the desk posted them.
PUBLISHED = [
    (
        "Ministers gather at NATO headquarters",
        [
            "Foreign ministers of the 32 allies are arriving in Brussels for two days of "
            "talks. Support for Ukraine heads the agenda, a month before the change of "
            "administration in Washington."
        ],
        False,
    ),
    (
        "Washington adds $725 million in military aid",
        [
            "Secretary of State Antony Blinken announced a new US package for Ukraine worth "
            "$725 million: Stinger missiles, HIMARS ammunition, drones and anti-personnel "
            "mines.",
            "The mines are the first of their kind the US has sent abroad in decades.",
        ],
        True,
    ),
    (
        "No membership invitation expected",
        [
            "Diplomats say an invitation for Kyiv to join the alliance is not on the table "
            "this week; one said agreement among all allies would take weeks, if not months."
        ],
        False,
    ),
]

# A quote some updates carry after their paragraphs, with how the desk got it
# (docs/trust.md, "Quote provenance"); approval records the editor as its verifier.
QUOTES = {
    "No membership invitation expected": {
        "text": "It will take weeks and months to get consensus.",
        "attribution": "a senior NATO diplomat, speaking anonymously",
        "context": "on an invitation for Ukraine to join the alliance",
        "provenance": {
            "method": "anonymous_source",
            "note": "Demo: one of the desk's regular diplomatic contacts.",
        },
    },
}

IN_REVIEW = (
    "Zelenskyy thanks Germany after Scholz visit",
    [
        "President Zelenskyy thanked Chancellor Olaf Scholz for Monday's visit to Kyiv, "
        "where the two spent more than two and a half hours on air defence."
    ],
    False,
)


def _draft(story: Any, writer: Any, headline: str, paragraphs: list[str], pinned: bool) -> Any:
    update = LiveUpdate(
        post=story,
        author=writer,
        headline=headline,
        pinned=pinned,
        body=[("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]
        + ([("quote", QUOTES[headline])] if headline in QUOTES else []),
    )
    update.live = False
    update.save()
    update.save_revision(user=writer, log_action=True)
    update.get_workflow().start(update, writer)
    update.refresh_from_db()
    return update


def _approve(update: Any, editor: Any) -> None:
    state = update.current_workflow_task_state
    state.task.specific.on_action(state, editor, "approve", comment="")


@transaction.atomic
def ensure_demo_live_story(section: Any, users: dict[str, Any]) -> tuple[Any, bool]:
    """A published story under live coverage, with reviewed updates and one awaiting review."""
    from news.models import LatestUpdatesPage

    existing = LatestUpdatesPage.objects.filter(slug=LIVE_STORY_SLUG).first()
    if existing is not None:
        return existing, False
    writer, editor = users["writer"], users["editor"]
    story = LatestUpdatesPage(
        title="Live: NATO ministers meet in Brussels as US adds aid for Ukraine",
        slug=LIVE_STORY_SLUG,
        standfirst=(
            "Follow the allies' meeting as it happens: new US weapons for Kyiv, and no "
            "invitation to join the alliance yet."
        ),
        dateline=datetime.date(2024, 12, 3),
        owner=writer,
        live=False,
        is_running_story=True,
    )
    story.body = [
        (
            "paragraph",
            RichText(
                "<p>NATO foreign ministers meet in Brussels with Ukraine at the top of the "
                "agenda. This page is updated as the talks go on.</p>"
            ),
        )
    ]
    section.add_child(instance=story)
    story.save_revision(user=writer, log_action=True).publish(user=editor, log_action=True)
    story = LatestUpdatesPage.objects.get(pk=story.pk)
    if coverage_status(story) is None:
        story = start_coverage(story, editor)
    for headline, paragraphs, pinned in PUBLISHED:
        _approve(_draft(story, writer, headline, paragraphs, pinned), editor)
    _draft(story, writer, *IN_REVIEW)
    return story, True
