"""schema.org JSON-LD of a post: read back out of the rendered page, as a crawler would."""

from __future__ import annotations

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.structured_data import HEADLINE_MAX_LENGTH
from tests.factories import ImageFactory, LatestUpdatesPageFactory, PersonFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

LD_JSON = "application/ld+json"


class ScriptCollector(HTMLParser):
    """Every <script> element's type and text, as a browser's parser splits them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self._type: str | None = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._inside, self._type = True, dict(attrs).get("type")
            self.scripts.append((self._type, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def scripts(html: str) -> list[tuple[str | None, str]]:
    parser = ScriptCollector()
    parser.feed(html)
    parser.close()
    return parser.scripts


def page_json_ld(client, page) -> dict:
    response = client.get(page.url)
    assert response.status_code == 200
    (data,) = [
        json.loads(text) for kind, text in scripts(response.content.decode()) if kind == LD_JSON
    ]
    return data


def aware(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def new_post(section, **fields):
    return section.add_child(instance=LatestUpdatesPageFactory.build(**fields))


def test_the_demo_post_is_a_news_article_with_every_required_property(client, demo, settings):
    data = page_json_ld(client, demo)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == demo.title
    assert data["description"] == demo.standfirst
    assert data["url"] == data["mainEntityOfPage"]["@id"] == demo.get_full_url()
    assert data["mainEntityOfPage"]["@type"] == "WebPage"
    assert aware(data["datePublished"]) == demo.first_published_at.replace(microsecond=0)
    assert aware(data["dateModified"]) == demo.last_published_at.replace(microsecond=0)
    assert data["author"] == {"@type": "Person", "name": "Wren Writer"}
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == settings.NEWS_PUBLISHER_NAME == "Newsroom"
    assert data["image"] and all(
        url.startswith("http://testserver/media/") for url in data["image"]
    )
    assert data["keywords"] == ["NATO", "Ukraine", "military aid"]
    assert data["inLanguage"] == "en-GB"
    assert "coverageStartTime" not in data


def test_quotes_are_quotations_with_their_speaker_when_the_people_list_has_one(client, demo):
    quotations = page_json_ld(client, demo)["citation"]
    assert all(q["@type"] == "Quotation" and q["text"] for q in quotations)

    (zelenskyy,) = [q for q in quotations if q["text"].startswith("It is vital for Ukraine")]
    speaker = {
        "@type": "Person",
        "name": "Volodymyr Zelenskyy",
        "jobTitle": "President of Ukraine",
        "affiliation": {"@type": "Organization", "name": "Government of Ukraine"},
    }
    assert zelenskyy["spokenByCharacter"] == zelenskyy["creator"] == speaker
    assert zelenskyy["dateCreated"] == "2024-12-02"

    (anonymous,) = [q for q in quotations if q["text"].startswith("It will take weeks")]
    assert "spokenByCharacter" not in anonymous and "creator" not in anonymous
    assert anonymous["description"].startswith("a senior NATO diplomat, speaking anonymously")


def test_a_quote_keeps_its_source_link_and_a_speaker_without_a_role(client, section):
    speaker = PersonFactory(name="Jens Stoltenberg", role="", organisation="")
    quote = {
        "text": "Ukraine will become a member.",
        "speaker": speaker,
        "attribution": "",
        "context": "",
        "said_on": None,
        "source_url": "https://www.nato.int/",
    }
    post = publish(new_post(section, body=[("quote", quote)]))

    (quotation,) = page_json_ld(client, post)["citation"]
    assert quotation == {
        "@type": "Quotation",
        "text": "Ukraine will become a member.",
        "spokenByCharacter": {"@type": "Person", "name": "Jens Stoltenberg"},
        "creator": {"@type": "Person", "name": "Jens Stoltenberg"},
        "isBasedOn": "https://www.nato.int/",
    }


def test_a_running_story_is_a_live_blog_posting(client, section):
    started = timezone.now() - datetime.timedelta(hours=3)
    post = publish(new_post(section, is_running_story=True, coverage_started_at=started))

    data = page_json_ld(client, post)
    assert data["@type"] == "LiveBlogPosting"
    assert aware(data["coverageStartTime"]) == started.replace(microsecond=0)
    assert "coverageEndTime" not in data
    (update,) = data["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting"
    assert update["headline"] == post.title
    assert aware(update["datePublished"]) == post.last_published_at.replace(microsecond=0)
    # Still an article: the NewsArticle properties are all there.
    for name in ("headline", "datePublished", "dateModified", "author", "publisher"):
        assert data[name], name

    post.coverage_ended_at = started + datetime.timedelta(hours=2)
    post = publish(post)
    ended = page_json_ld(client, post)["coverageEndTime"]
    assert aware(ended) == post.coverage_ended_at.replace(microsecond=0)


def test_live_coverage_starts_at_first_publication_unless_set(client, section):
    post = publish(new_post(section, is_running_story=True))
    data = page_json_ld(client, post)
    assert data["coverageStartTime"] == data["datePublished"]


def test_live_coverage_cannot_end_before_it_started(section):
    started = timezone.now()
    post = new_post(section, is_running_story=True, coverage_started_at=started)
    post.coverage_ended_at = started - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "coverage_ended_at" in error.value.message_dict


def test_without_a_named_owner_the_newsroom_is_the_author(client, section, settings):
    settings.NEWS_PUBLISHER_NAME = "The Daily Example"
    settings.NEWS_PUBLISHER_LOGO_URL = "/static/img/logo.png"
    post = publish(new_post(section))

    data = page_json_ld(client, post)
    publisher = {
        "@type": "Organization",
        "name": "The Daily Example",
        "url": "http://testserver/",
        "logo": {"@type": "ImageObject", "url": "http://testserver/static/img/logo.png"},
    }
    assert data["publisher"] == data["author"] == publisher


def test_a_long_title_is_cut_to_a_headline_at_a_word(client, section):
    title = "Allies agree " + "a very long list of measures " * 8
    post = publish(new_post(section, title=title.strip()))
    headline = page_json_ld(client, post)["headline"]
    assert len(headline) <= HEADLINE_MAX_LENGTH
    assert headline.endswith("…")
    assert title.startswith(headline.removesuffix("…"))
    assert headline.removesuffix("…").split(" ")[-1] in title.split(" ")


def test_the_lead_image_is_listed_as_absolute_rendition_urls(client, section, settings):
    settings.NEWS_JSON_LD_IMAGE_RENDITIONS = ["large", "medium"]
    post = publish(new_post(section, lead_image=ImageFactory()))
    images = page_json_ld(client, post)["image"]
    assert len(images) == 2
    assert images[0].startswith("http://testserver/media/images/")
    assert ".max-1600x1600." in images[0] and ".max-800x800." in images[1]

    no_image = publish(new_post(section))
    assert "image" not in page_json_ld(client, no_image)


def test_the_apis_serve_the_json_ld_of_the_page(client, demo):
    on_page = page_json_ld(client, demo)

    v2 = client.get(f"/api/v2/pages/{demo.pk}/").json()
    assert v2["json_ld"] == on_page
    v3 = client.get(f"/api/v3/pages/{demo.pk}/")
    assert v3.status_code == 200, v3.content
    assert v3.json()["json_ld"] == on_page


def test_listings_leave_the_json_ld_out(client, demo):
    listing = client.get("/api/v2/pages/?type=news.LatestUpdatesPage&fields=*").json()
    assert "json_ld" not in listing["items"][0]
    assert "body" in listing["items"][0]


def test_a_script_end_tag_in_the_text_cannot_break_out(client, section):
    title = "Breaking </script><script>alert('title')</script> news"
    standfirst = "<!-- </SCRIPT > & friends"
    post = publish(new_post(section, title=title, standfirst=standfirst))

    html = client.get(post.url).content.decode()
    found = scripts(html)
    # The JSON-LD is the page's only script, and it is whole.
    assert [kind for kind, _text in found] == [LD_JSON]
    data = json.loads(found[0][1])
    assert data["headline"] == title
    assert data["description"] == standfirst
