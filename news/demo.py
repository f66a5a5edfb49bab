"""Demo accounts and one published post, for `bootstrap_newsroom --demo` only.

The post retells the facts of a real running story (a NATO ministerial in
Brussels and a $725 million US aid package) in the project's own words.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cms.editorial.roles import EDITORS, WRITERS
from news.models import LatestUpdatesPage, NewsIndexPage, Person
from news.provenance import stamp_verification

DEMO_PASSWORD = "changeme"  # noqa: S105 - documented demo password, refused unless DEBUG
DEMO_POST_SLUG = "nato-allies-rally-behind-ukraine-in-brussels"
DEMO_IMAGE_TITLE = "Brussels ministerial (illustration)"

DEMO_USERS = [
    # username, first name, last name, group, superuser
    ("admin", "Ada", "Admin", None, True),
    ("editor", "Eddie", "Editor", EDITORS, False),
    ("writer", "Wren", "Writer", WRITERS, False),
]

PEOPLE = {
    "zelenskyy": ("Volodymyr Zelenskyy", "President of Ukraine", "Government of Ukraine"),
    "blinken": ("Antony Blinken", "US Secretary of State", "US Department of State"),
    "scholz": ("Olaf Scholz", "Chancellor of Germany", "Government of Germany"),
}


def ensure_demo_users() -> dict[str, AbstractUser]:
    User = get_user_model()
    users = {}
    for username, first, last, group_name, superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            # Only on creation: re-running must not undo a password someone changed.
            user.set_password(DEMO_PASSWORD)
            user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        users[username] = user
    return users


def ensure_people() -> dict[str, Person]:
    people = {}
    for key, (name, role, organisation) in PEOPLE.items():
        people[key], _ = Person.objects.get_or_create(
            name=name, defaults={"role": role, "organisation": organisation}
        )
    return people


def _demo_image():
    """A generated illustration, so the demo shows image JSON without shipping a photo."""
    Image = get_image_model()
    existing = Image.objects.filter(title=DEMO_IMAGE_TITLE).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (1200, 675), (18, 42, 84))
    draw = ImageDraw.Draw(canvas)
    for index in range(32):  # one mark per NATO member
        x = 120 + (index % 8) * 130
        y = 150 + (index // 8) * 110
        draw.ellipse((x, y, x + 60, y + 60), fill=(242, 200, 64))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(
        title=DEMO_IMAGE_TITLE, file=ImageFile(buffer, name="brussels-ministerial.png")
    )


def _body(people: dict[str, Person], image) -> list[tuple[str, object]]:
    return [
        (
            "paragraph",
            RichText(
                "<p>Foreign ministers of all 32 NATO members met in Brussels on "
                "3 December with one priority: keeping support for Ukraine flowing before "
                "Donald Trump returns to the White House in January. It was the last "
                "high-level NATO meeting of the outgoing Biden administration.</p>"
            ),
        ),
        ("heading", "Membership bid"),
        (
            "paragraph",
            RichText(
                "<p>Diplomats played down any hope of a membership invitation for Kyiv "
                "at this meeting. The talks centred instead on strengthening Ukraine's "
                "defences ahead of possible negotiations next year.</p>"
            ),
        ),
        (
            "quote",
            {
                "text": "It will take weeks and months to get consensus.",
                "attribution": "a senior NATO diplomat, speaking anonymously",
                "context": "on an invitation for Ukraine to join the alliance",
                "provenance": {"method": "anonymous_source"},
            },
        ),
        (
            "quote",
            {
                "text": "The best way to do that is to surge money, munitions, and mobilization.",
                "attribution": "a senior US official",
                "context": "on preparing Ukraine for negotiations",
                "provenance": {"method": "press_conference"},
            },
        ),
        ("heading", "Scholz in Kyiv"),
        (
            "paragraph",
            RichText(
                "<p>Zelenskyy thanked Germany after Chancellor Olaf Scholz visited Kyiv on "
                "Monday. Their talks ran for more than two and a half hours and focused on "
                "air defence; Scholz was also shown drones built jointly by Ukrainian and "
                "German companies.</p>"
            ),
        ),
        (
            "quote",
            {
                "text": "It is vital for Ukraine that the level of German support does not "
                "decrease in the future.",
                "speaker": people["zelenskyy"],
                "context": "after talks with Olaf Scholz in Kyiv",
                "said_on": datetime.date(2024, 12, 2),
                "provenance": {"method": "press_conference"},
            },
        ),
        ("heading", "A $725 million US package"),
        (
            "aid_package",
            {
                "donor": "United States",
                "recipient": "Ukraine",
                "amount": Decimal("725000000"),
                "currency": "USD",
                "announced_by": people["blinken"],
                "items": [
                    {"name": "Stinger missiles", "category": "air_defence"},
                    {"name": "Ammunition for HIMARS", "category": "artillery_ammunition"},
                    {"name": "Drones", "category": "drones"},
                    {"name": "Anti-personnel land mines", "category": "mines"},
                ],
            },
        ),
        (
            "quote",
            {
                "text": "The United States and 50 other nations stand united to ensure Ukraine "
                "has the capabilities it needs to defend itself against Russian aggression.",
                "speaker": people["blinken"],
                "context": "announcing the package",
                "provenance": {
                    "method": "statement",
                    "source_url": "https://www.state.gov/",
                },
            },
        ),
        (
            "paragraph",
            RichText(
                "<p>The mines are the first anti-personnel mines the US has exported in "
                "decades. Their use is contested because they endanger civilians long after "
                "a war ends. Neither Washington nor Moscow has signed the 1997 Ottawa Treaty "
                "that bans them, and Kyiv asked for them after Russia's invasion.</p>"
            ),
        ),
        (
            "image",
            {"image": image, "caption": "32 allies, one table", "credit": "Newsroom graphics"},
        ),
        (
            "key_developments",
            {
                "heading": "Key Developments",
                "items": [
                    {
                        "label": "Military aid",
                        "text": "Allies have delivered more than €65 billion in military "
                        "aid to Ukraine since February 2022.",
                    },
                    {
                        "label": "Training and capacity building",
                        "text": "NATO allies have trained tens of thousands of Ukrainian soldiers.",
                    },
                    {
                        "label": "Diplomatic support",
                        "text": "The alliance condemns Russia's illegal annexation of Crimea "
                        "and its continuing aggression, and calls for a just and lasting peace.",
                    },
                ],
            },
        ),
    ]


@transaction.atomic
def ensure_demo_post(
    section: NewsIndexPage, users: dict[str, AbstractUser]
) -> tuple[LatestUpdatesPage, bool]:
    """The published demo post, written by the writer and published by the editor."""
    existing = LatestUpdatesPage.objects.filter(slug=DEMO_POST_SLUG).first()
    if existing is not None:
        return existing, False
    image = _demo_image()
    post = LatestUpdatesPage(
        title="NATO allies rally behind Ukraine in Brussels",
        slug=DEMO_POST_SLUG,
        standfirst=(
            "Foreign ministers meet as Washington unveils $725 million in new military aid; "
            "a membership invitation for Kyiv is not expected."
        ),
        dateline=datetime.date(2024, 12, 3),
        lead_image=image,
        owner=users["writer"],
        live=False,
    )
    post.body = _body(ensure_people(), image)
    section.add_child(instance=post)
    post.tags.add("NATO", "Ukraine", "military aid")
    revision = post.save_revision(user=users["writer"], log_action=True)
    # The editor publishing it has checked its quotes, as an approval would record.
    stamp_verification(revision, users["editor"])
    revision.publish(user=users["editor"], log_action=True)
    return post, True
