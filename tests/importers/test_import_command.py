"""`manage.py import_posts` end to end: exports, files, dry runs, re-runs and bad input."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from cms.editorial.submission import submit_for_review
from news.importers import read_posts
from news.importers.sources import SourcePost
from news.models import LatestUpdatesPage, Person
from tests.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _types(body):
    return [block["type"] for block in body]


def test_sample_post_comes_out_structured(section, run_import, sample_post):
    Person.objects.create(name="Volodymyr Zelenskyy", role="President of Ukraine")
    result = run_import(sample_post, "--dry-run")
    (post,) = json.loads(result.out)
    body = post["body"]
    assert post["title"] == "NATO Stands with Ukraine: Latest Updates"
    assert post["standfirst"].startswith("NATO's support for Ukraine remains unwavering")

    quotes = [b["value"] for b in body if b["type"] == "quote"]
    by_text = {q["text"]: q for q in quotes}
    zelenskyy = next(q for q in quotes if q["text"].startswith("I want to thank the Chancellor"))
    # Matched to the existing Person, not created again.
    assert zelenskyy["speaker"]["name"] == "Volodymyr Zelenskyy"
    assert zelenskyy["speaker"]["id"] is not None
    diplomat = by_text["It will take weeks and months to get consensus."]
    assert diplomat["speaker"] is None
    assert diplomat["attribution"].startswith("a senior NATO diplomat")
    blinken = next(q for q in quotes if q["text"].startswith("The United States and 50"))
    assert blinken["speaker"]["name"] == "Antony Blinken"
    assert blinken["speaker"]["role"] == "US Secretary of State"
    # A phrase in quotation marks inside a sentence stays prose.
    assert not any(q["text"].startswith("air defense") for q in quotes)

    (aid,) = [b["value"] for b in body if b["type"] == "aid_package"]
    # As the text names the giver ("US Secretary of State … announced"), not renamed.
    assert aid["donor"] == "US"
    assert (aid["amount"], aid["currency"], aid["amount_display"]) == (
        "725000000",
        "USD",
        "$725 million",
    )
    assert [i["category"] for i in aid["items"]] == [
        "air_defence",
        "artillery_ammunition",
        "drones",
        "mines",
    ]

    (developments,) = [b["value"] for b in body if b["type"] == "key_developments"]
    assert [i["label"] for i in developments["items"]] == [
        "Military Aid",
        "Training and Capacity Building",
        "Diplomatic Support",
    ]
    texts = [b["value"] for b in body if b["type"] == "paragraph"]
    assert len(texts) == len(set(texts))
    assert any("<p>Ukraine's bid to join NATO" in t for t in texts)
    assert not any("Powered by Blogger" in t or "Leave comment" in t for t in texts)
    # The dry run wrote nothing.
    assert not LatestUpdatesPage.objects.exists()
    assert Person.objects.count() == 1


def test_sample_post_repeated_paragraphs_kept_once(section, run_import, sample_post, tmp_path):
    text = sample_post.read_text()
    paragraphs = text.split("\n\n\n")
    doubled = tmp_path / "doubled.txt"
    doubled.write_text("\n\n\n".join([*paragraphs[:5], paragraphs[3], *paragraphs[5:]]))
    once = json.loads(run_import(sample_post, "--dry-run").out)[0]["body"]
    twice = run_import(doubled, "--dry-run")
    assert json.loads(twice.out)[0]["body"] == once
    assert "repeated paragraph kept once" in twice.err


def test_dry_run_prints_only_json(section, run_import):
    result = run_import(FIXTURES / "classic-export.xml", "--dry-run")
    posts = json.loads(result.out)  # nothing but the JSON array on stdout
    assert [p["title"] for p in posts] == [
        "Oslo's winter package & what it holds",
        "Draft: port talks",
    ]
    first = posts[0]
    assert set(first) == {
        "title", "standfirst", "tags", "dateline", "source_url", "legacy_path",
        "status_in_source", "body",
    }  # fmt: skip
    assert first["tags"] == ["Nordic aid", "Ukraine"]
    assert first["dateline"] == "2024-11-20"
    assert (
        first["source_url"] == "https://harbourdesk.blogspot.com/2024/11/oslo-winter-package.html"
    )
    assert first["legacy_path"] == "/2024/11/oslo-winter-package.html"
    assert [p["status_in_source"] for p in posts] == ["LIVE", "DRAFT"]
    assert first["standfirst"].startswith("Norway set out a winter support plan")
    assert _types(first["body"]) == ["paragraph", "aid_package", "quote", "key_developments"]
    aid = first["body"][1]["value"]
    assert (aid["donor"], aid["amount"], aid["currency"]) == (
        "Norwegian government",
        "2500000000",
        "NOK",
    )
    quote = first["body"][2]["value"]
    assert quote["speaker"]["name"] == "Kari Lindqvist"
    assert "Posted by" not in result.out and "No comments" not in result.out
    assert "Skipped: comment 1, page 1, settings 1, template 1" in result.err
    assert not LatestUpdatesPage.objects.exists()


def test_2018_export(section, run_import):
    posts = json.loads(run_import(FIXTURES / "export-2018.xml", "--dry-run").out)
    assert [p["title"] for p in posts] == [
        'Donors\' meeting ends with "firm" pledges',
        "Unfinished notes",
    ]
    first = posts[0]
    assert first["legacy_path"] == "/2024/10/donors-meeting.html"
    assert first["tags"] == ["Energy", "EU"]
    assert (
        first["standfirst"]
        == "Donors met in Lisbon on Friday and agreed new support for Ukraine's grid."
    )
    assert _types(first["body"]) == ["paragraph", "aid_package", "quote", "key_developments"]
    aid = first["body"][1]["value"]
    assert (aid["donor"], aid["amount"], aid["currency"]) == ("European Union", "1500000000", "EUR")
    assert [i["name"] for i in aid["items"]] == ["Transformers", "Cables", "Mobile substations"]
    assert aid["items"][2]["quantity"] == 12
    quote = first["body"][2]["value"]
    assert quote["speaker"] == {"id": None, "name": "Marta Silva", "role": "Energy Commissioner"}


def test_2018_export_skips_trashed_comments_and_pages():
    entries = list(read_posts(FIXTURES / "export-2018.xml"))
    kinds = [e.kind for e in entries if not isinstance(e, SourcePost)]
    assert sorted(kinds) == ["comment", "page", "trashed"]


def test_import_creates_drafts_with_revisions_and_is_idempotent(section, run_import, writer):
    writer.first_name, writer.last_name = "Wren", "Writer"
    writer.save()
    result = run_import(FIXTURES / "classic-export.xml")
    assert "Posts created: 2, updated: 0" in result.err
    assert "'Someone Unknown' matches no user" in result.err
    posts = LatestUpdatesPage.objects.order_by("pk")
    assert posts.count() == 2
    for post in posts:
        assert post.live is False
        assert post.get_parent().specific == section
        assert post.revisions.count() == 1
    oslo = posts[0]
    assert oslo.owner == writer  # the Blogger author's name matched a user
    assert oslo.source_id == "tag:blogger.com,1999:blog-1111.post-501"
    assert oslo.dateline == datetime.date(2024, 11, 20)
    assert sorted(t.name for t in oslo.tags.all()) == ["Nordic aid", "Ukraine"]
    aid = next(b for b in oslo.body if b.block_type == "aid_package")
    assert aid.value["amount"] == Decimal("2500000000")
    assert Person.objects.filter(name="Kari Lindqvist").count() == 1

    again = run_import(FIXTURES / "classic-export.xml")
    assert "Posts created: 0, updated: 2" in again.err
    assert LatestUpdatesPage.objects.count() == 2
    assert Person.objects.filter(name="Kari Lindqvist").count() == 1
    oslo.refresh_from_db()
    assert oslo.revisions.count() == 2 and oslo.live is False


def test_limit_owner_and_parent(section, run_import, writer):
    result = run_import(FIXTURES / "classic-export.xml", "--limit", "1", "--owner", "wanda")
    assert "Posts created: 1" in result.err and "over --limit 1" in result.err
    assert LatestUpdatesPage.objects.get().owner == writer
    run_import(FIXTURES / "export-2018.xml", "--parent", section.pk, "--limit", "1")
    run_import(FIXTURES / "post.html", "--parent", "/latest-updates/")
    assert LatestUpdatesPage.objects.child_of(section).count() == 3


def test_submit_waits_for_the_provenance_of_imported_quotes(section, run_import, writer):
    # The source never says how a quote was obtained, so the draft is not sent to an
    # editor until the writer fills it in; the report says which quote and which field.
    result = run_import(FIXTURES / "harbour-post.txt", "--owner", "wanda", "--submit")
    post = LatestUpdatesPage.objects.get()
    assert not post.workflow_in_progress and post.live is False
    assert "quote 1: provenance method to fill in" in result.err
    assert "provenance.method: Say how we got this quote" in result.err

    # The text names no recipient for Canada's aid to the port: none is invented, the
    # report asks for it, and submitting waits for it as it waits for the provenance.
    assert "aid package 1: recipient to fill in" in result.err
    assert "recipient: This field is required" in result.err

    # Once they are filled in, the same draft goes to review.
    revision = post.get_latest_revision()
    body = json.loads(revision.content["body"])
    for block in body:
        if block["type"] == "quote":
            block["value"]["provenance"] = {"method": "interview"}
        if block["type"] == "aid_package":
            assert block["value"]["recipient"] == ""
            block["value"]["recipient"] = "Port of Northhaven"
    revision.content["body"] = json.dumps(body)
    revision.save()
    submit_for_review(LatestUpdatesPage.objects.get(pk=post.pk), writer)
    assert LatestUpdatesPage.objects.get(pk=post.pk).workflow_in_progress


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "nobody"], "no user called 'nobody'"),
        (["--parent", "999999"], "no page '999999'"),
        (["--parent", "/"], "posts cannot be created under"),
        (["--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_bad_options_exit_2(section, run_import, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run_import(FIXTURES / "classic-export.xml", *args)
    assert raised.value.returncode == 2
    assert not LatestUpdatesPage.objects.exists()


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("not-xml.xml", [], "not valid XML"),
        ("truncated.xml", [], "not valid XML or truncated"),
        ("not-blogger.xml", [], "not a Blogger export"),
        ("plain-atom.xml", [], "not a Blogger export"),
        ("empty.txt", [], "the file is empty"),
        ("entity-bomb.xml", [], "unsafe XML refused"),
        ("post.html", ["--format", "blogger"], "not valid XML"),
        (".", [], "is a directory"),
        ("missing.xml", [], "no such file"),
    ],
)
def test_bad_files_exit_2_and_write_nothing(section, run_import, name, args, message):
    path = FIXTURES / name
    with pytest.raises(CommandError, match=message) as raised:
        run_import(path, *args)
    assert raised.value.returncode == 2
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not LatestUpdatesPage.objects.exists()


def test_one_bad_post_is_skipped(section, run_import, tmp_path):
    export = (FIXTURES / "classic-export.xml").read_text()
    broken = export.replace(
        "<title type='text'>Draft: port talks</title>", "<title type='text'></title>"
    )
    path = tmp_path / "one-bad.xml"
    path.write_text(broken)
    result = run_import(path)
    assert "Posts created: 1" in result.err and "failed and skipped: 1" in result.err
    assert LatestUpdatesPage.objects.count() == 1


def test_text_and_html_files(section, run_import):
    (text_post,) = json.loads(run_import(FIXTURES / "harbour-post.txt", "--dry-run").out)
    assert text_post["title"] == "Harbour reopens after storm"
    assert _types(text_post["body"]) == [
        "paragraph",
        "quote",
        "paragraph",
        "paragraph",
        "aid_package",
    ]
    assert text_post["body"][1]["value"]["speaker"]["name"] == "Ingrid Haugen"
    assert "quick but careful" in text_post["body"][2]["value"]
    (html_post,) = json.loads(run_import(FIXTURES / "post.html", "--dry-run").out)
    assert html_post["title"] == "Grid repairs continue"
    assert _types(html_post["body"]) == ["paragraph", "aid_package", "quote", "key_developments"]
    assert "Share to Twitter" not in json.dumps(html_post)
    assert not Page.objects.filter(title="Grid repairs continue").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not(section):
    terminal = _Terminal()
    call_command(
        "import_posts", FIXTURES / "export-2018.xml", stdout=io.StringIO(), stderr=terminal
    )
    drawn = terminal.getvalue()
    # The export has 5 entries (posts, a page, a comment, a trashed post): the bar counts to 5.
    assert "[" + "#" * 30 + "] 5/5 entries" in drawn
    piped = io.StringIO()
    call_command("import_posts", FIXTURES / "export-2018.xml", stdout=io.StringIO(), stderr=piped)
    assert "entries" not in piped.getvalue() and "\r" not in piped.getvalue()


def test_an_unmatched_author_is_kept_on_the_post(section, run_import):
    run_import(FIXTURES / "classic-export.xml")
    post = LatestUpdatesPage.objects.get(title="Draft: port talks")
    assert post.owner is None
    assert post.source_author == "Someone Unknown"


def test_the_report_lists_each_imported_quote_whose_provenance_is_to_fill_in(section, run_import):
    # The source never says how a quote was obtained; guessing would be worse than asking.
    result = run_import(FIXTURES / "export-2018.xml", "--parent", section.pk)
    for post in LatestUpdatesPage.objects.all():
        quotes = [block.value for block in post.body if block.block_type == "quote"]
        assert all(not quote["provenance"]["method"] for quote in quotes)
        lines = [
            line for line in result.err.splitlines() if line.startswith(f"  - {post.title}: quote ")
        ]
        assert lines == [
            f"  - {post.title}: quote {n}: provenance method to fill in"
            for n in range(1, len(quotes) + 1)
        ]
    assert "provenance method to fill in" in result.err


def test_a_package_whose_giver_the_text_does_not_name_is_imported_for_the_editor(
    section, run_import, writer, tmp_path
):
    story = tmp_path / "quarry.txt"
    story.write_text(
        "Quarry families get help after the landslide\n\n"
        "Families in Orrin Vale spent a third night in the village hall.\n\n"
        "The district administration has sanctioned Rs 40 lakh for food, blankets and "
        "temporary roofing.\n\n"
        "A further £90,000 will go to the Orrin Vale Residents' Association for "
        "replacement boilers.\n",
        encoding="utf-8",
    )
    result = run_import(story, "--owner", "wanda", "--submit")
    post = LatestUpdatesPage.objects.get()
    first, second = (b.value for b in post.body if b.block_type == "aid_package")
    # Every field the text gives, and nothing it does not.
    assert (first["donor"], first["amount"], first["currency"]) == (
        "district administration",
        Decimal("4000000"),
        "",
    )
    assert (second["donor"], second["amount"], second["currency"]) == (
        "",
        Decimal("90000"),
        "GBP",
    )
    assert second["recipient"] == "Orrin Vale Residents' Association"
    # The report says what an editor must fill in, and why the currency is open.
    assert f"{post.title}: aid package 1: currency to fill in" in result.err
    assert "aid package 1: amount written with 'Rs', which several currencies use" in result.err
    assert f"{post.title}: aid package 2: donor to fill in" in result.err
    # The draft is kept but not sent for review while a required field is empty.
    assert post.live is False and not post.workflow_in_progress
    assert (
        "not submitted for review" in result.err and "donor: This field is required" in result.err
    )
