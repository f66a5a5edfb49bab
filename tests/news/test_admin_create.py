"""Writers create posts with every block type through the real admin form."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.blocks import PARAGRAPH_FEATURES
from news.models import LatestUpdatesPage
from tests.factories import ImageFactory, PersonFactory

pytestmark = pytest.mark.django_db


def add_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "latestupdatespage", section.pk))


def post_form(*, person, image, quote=None, paragraph="<p>Ministers met in <b>Brussels</b>.</p>"):
    quote = quote or {
        "text": "We stand united.",
        "speaker": person.pk,
        "attribution": "",
        "context": "at NATO headquarters",
        "said_on": "2024-12-03",
        "source_url": "",
    }
    # How the quote was obtained, unless the test says otherwise (a submit needs it).
    quote = {"provenance": {"method": "interview", "source_url": "", "note": ""}, **quote}
    return nested_form_data(
        {
            "title": "Allies meet in Brussels",
            "slug": "allies-meet-in-brussels",
            "standfirst": "Foreign ministers gather as a new aid package is announced.",
            "dateline": "2024-12-03",
            "tags": "NATO, Ukraine",
            "lead_image": image.pk,
            "source_url": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text(paragraph, features=PARAGRAPH_FEATURES)),
                    ("heading", "A new package"),
                    ("quote", quote),
                    (
                        "aid_package",
                        {
                            "donor": "United States",
                            "recipient": "Ukraine",
                            "amount": "725000000",
                            "currency": "USD",
                            "announced_by": person.pk,
                            "announced_on": "2024-12-02",
                            "items": streamfield(
                                [
                                    (
                                        "item",
                                        {
                                            "name": "Stinger missiles",
                                            "category": "air_defence",
                                            "quantity": "100",
                                        },
                                    ),
                                    (
                                        "item",
                                        {"name": "Drones", "category": "drones", "quantity": ""},
                                    ),
                                ]
                            ),
                            "source_url": "",
                        },
                    ),
                    (
                        "key_developments",
                        {
                            "heading": "Key Developments",
                            "items": streamfield(
                                [("item", {"label": "Military aid", "text": "€65bn since 2022."})]
                            ),
                        },
                    ),
                    ("image", {"image": image.pk, "caption": "Ministers", "credit": "AP"}),
                ]
            ),
        }
    )


def test_writer_saves_a_draft_with_every_block_type(client, section, writer):
    person, image = PersonFactory(name="Antony Blinken"), ImageFactory()
    client.force_login(writer)

    response = client.post(add_url(section), post_form(person=person, image=image))

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    post = LatestUpdatesPage.objects.get(slug="allies-meet-in-brussels")
    assert not post.live, "a writer's post must stay a draft"
    assert post.owner == writer
    assert [block.block_type for block in post.body] == [
        "paragraph",
        "heading",
        "quote",
        "aid_package",
        "key_developments",
        "image",
    ]
    quote, aid = post.body[2].value, post.body[3].value
    assert quote["speaker"] == person
    assert quote["said_on"] == datetime.date(2024, 12, 3)
    assert aid["amount"] == Decimal("725000000")
    assert [item["quantity"] for item in aid["items"]] == [100, None]
    assert post.body[5].value["image"] == image
    assert sorted(tag.name for tag in post.tags.all()) == ["NATO", "Ukraine"]
    assert post.lead_image == image


def test_paragraph_drops_formatting_outside_the_allowed_features(client, section, writer):
    client.force_login(writer)
    form = post_form(
        person=PersonFactory(),
        image=ImageFactory(),
        paragraph="<h2>Shouting</h2><p><b>Bold</b> and <i>italic</i></p>",
    )
    # The editor widget is built with every feature, as a pasted document would be.
    form["body-0-value"] = rich_text(
        "<h2>Shouting</h2><p><b>Bold</b> and <i>italic</i></p>",
        features=["h2", *PARAGRAPH_FEATURES],
    )
    client.post(add_url(section), form)
    html = LatestUpdatesPage.objects.get().body[0].value.source
    assert "<h2>" not in html
    assert "<b>Bold</b>" in html and "<i>italic</i>" in html


def test_submitting_an_unattributed_quote_shows_the_error_on_the_quote(client, section, writer):
    client.force_login(writer)
    form = post_form(
        person=PersonFactory(),
        image=ImageFactory(),
        quote={
            "text": "Nobody said this.",
            "speaker": "",
            "attribution": "",
            "context": "",
            "said_on": "",
            "source_url": "",
        },
    )
    # Submitting for review applies the publishing rules, as publishing does.
    form["action-submit"] = "action-submit"

    response = client.post(add_url(section), form)

    assert response.status_code == 200
    assert not LatestUpdatesPage.objects.exists(), "nothing may be published or half-saved"
    body_error = response.context["form"].errors.as_data()["body"][0]
    quote_errors = body_error.block_errors[2].block_errors
    assert set(quote_errors) == {"speaker", "attribution"}
    assert "Choose a speaker or write an attribution" in response.content.decode()


def test_the_same_unattributed_quote_can_be_saved_as_a_draft(client, section, writer):
    client.force_login(writer)
    form = post_form(
        person=PersonFactory(),
        image=ImageFactory(),
        quote={
            "text": "",
            "speaker": "",
            "attribution": "",
            "context": "in Kyiv",
            "said_on": "",
            "source_url": "",
        },
    )
    response = client.post(add_url(section), form)
    assert response.status_code == 302
    assert LatestUpdatesPage.objects.get().body[2].value["context"] == "in Kyiv"


def test_writer_cannot_publish(client, section, writer):
    client.force_login(writer)
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form["action-publish"] = "action-publish"
    client.post(add_url(section), form)
    assert not LatestUpdatesPage.objects.live().exists()


def test_editor_cannot_publish_a_post_they_just_wrote(client, section, editor):
    client.force_login(editor)
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form["action-publish"] = "action-publish"
    client.post(add_url(section), form)
    assert not LatestUpdatesPage.objects.live().exists(), "another editor must approve it"


def test_standfirst_over_400_characters_is_refused_on_its_field(client, section, editor):
    client.force_login(editor)
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form["standfirst"] = "x" * 401
    response = client.post(add_url(section), form)
    assert response.status_code == 200
    assert "standfirst" in response.context["form"].errors
    assert not LatestUpdatesPage.objects.exists()


def test_person_chooser_finds_people_by_name(client, site_tree, writer):
    PersonFactory(name="Volodymyr Zelenskyy", role="President of Ukraine")
    PersonFactory(name="Olaf Scholz", role="Chancellor of Germany")
    client.force_login(writer)
    response = client.get(
        reverse("wagtailsnippetchoosers_news_person:choose_results"), {"q": "Zelenskyy"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Volodymyr Zelenskyy" in content
    assert "Olaf Scholz" not in content


def test_new_post_form_suggests_todays_date(client, section, writer):
    from django.utils import timezone

    client.force_login(writer)
    response = client.get(add_url(section))
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()
