"""`python -m bench.blogger_export N OUT [--seed S]`: a synthetic Blogger export to import.

Writes the newer (2018) Blogger format that `news/importers/sources.py` reads, in
the shape of tests/importers/fixtures/export-2018.xml: an Atom feed whose
entries carry `blogger:type`, `blogger:status` and `blogger:filename`, with the
post HTML escaped inside `<content type='html'>` and apostrophes written as
`&amp;#39;` as Blogger does. Every post is LIVE, so an import of N posts must
make exactly N pages; comment entries are mixed in for the importer to skip.

Bodies are varied on purpose so the detector does real work on each post: a
short standfirst paragraph, background prose, a quotation attributed after
the quote ("…,” said Name, the Role) or before it, sometimes a blockquote, an
aid-package sentence with an amount and listed items, and a Key Developments
list. The text is made up from the pools below with a seeded random, so the
same N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import html
import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = ["BLOG_ID", "write_export"]

BLOG_ID = 7301
BLOG_HOST = "frontline-desk.blogspot.com"
COMMENT_EVERY = 4  # one reader comment after every fourth post

# Donor names as written in a sentence; each matches one of news.importers.aid.DONORS.
DONORS = [
    "Canada", "Germany", "Norway", "Japan", "the Netherlands", "Sweden", "Denmark",
    "Poland", "the United Kingdom", "the European Union", "Australia", "France",
    "the United States", "the World Bank",
]  # fmt: skip
AMOUNTS = [
    "${n} million", "€{n} million", "£{n}m", "EUR {n} million", "{n} million kroner",
    "US${n}m", "${n}bn", "{n} million euros",
]  # fmt: skip
AID_ITEMS = [
    "air defence interceptors", "mobile generators", "artillery shells", "armoured ambulances",
    "reconnaissance drones", "de-mining kits", "field kitchens", "winter tents",
    "transformers for the power grid", "training for combat medics", "spare barrels for howitzers",
    "water purification units", "trauma kits", "fuel trucks", "satellite terminals",
    "bridge-laying vehicles", "budget support for teachers' salaries", "night-vision goggles",
    "120 mortar rounds", "40 pickup trucks", "radar spare parts", "school repairs",
]  # fmt: skip
AID_VERBS = ["announced", "unveiled", "pledged", "approved", "confirmed"]
AID_NOUNS = ["package", "aid package", "support package", "assistance package", "tranche"]

# Fictional people: (name, role as written after "the", role as a title before the name).
PEOPLE = [
    ("Ingrid Solvang", "Norwegian defence minister", "Defence Minister"),
    ("Tomasz Wierzbicki", "Polish deputy foreign minister", "Deputy Foreign Minister"),
    ("Hélène Marchetti", "French ambassador to Kyiv", "Ambassador"),
    ("Oleksandra Brovko", "mayor of Chernihiv", "Mayor"),
    ("Kenji Arakawa", "Japanese envoy for reconstruction", "Envoy"),
    ("Martina Vogler", "German development minister", "Development Minister"),
    ("Ruairi Delaney", "head of the aid coordination office", "Director"),
    ("Pieter van Dalen", "Dutch foreign minister", "Foreign Minister"),
    ("Astrid Lindqvist", "Swedish minister for international aid", "Minister"),
    ("Grace Okafor", "World Bank country director", "Country Director"),
    ("Mykola Hrytsenko", "governor of the Sumy region", "Governor"),
    ("Claire Whitcombe", "British defence secretary", "Defence Secretary"),
    ("Daniel Reyes", "Pentagon spokesperson", "Spokesperson"),
    ("Lars Kjeldsen", "Danish defence minister", "Defence Minister"),
    ("Yuliia Marchuk", "deputy energy minister", "Deputy Energy Minister"),
    ("Fiona MacLeod", "European Commission spokeswoman", "Spokeswoman"),
]  # fmt: skip
QUOTES = [
    "We are not going to let another winter pass with families sitting in the dark",
    "This support arrives because the need on the ground has not gone away",
    "Every repaired substation means a hospital that can keep its operating theatres open",
    "Our partners have understood that air defence is what keeps the economy alive",
    "The engineers worked through the night and the line was back before morning",
    "We have asked for speed, and this time the deliveries came ahead of schedule",
    "Nobody in this city has forgotten what the first weeks of shelling felt like",
    "Reconstruction cannot wait for the fighting to stop, it has to start now",
    "The money is committed and the first lorries are already on the road",
    "We expect the next round of talks to focus on training and maintenance",
    "What matters to people here is whether the water runs and the schools open",
    "There will be no shortcuts on accountability for how this money is spent",
]  # fmt: skip
CITIES = [
    "Kharkiv", "Odesa", "Zaporizhzhia", "Dnipro", "Lviv", "Mykolaiv", "Kherson", "Sumy",
    "Chernihiv", "Poltava", "Vinnytsia", "Kyiv", "Brussels", "Ramstein", "Warsaw", "Rzeszów",
]  # fmt: skip
SUBJECTS = [
    "grid repairs", "air defence", "demining", "the harvest", "rail links", "school repairs",
    "winter fuel", "the port corridor", "field hospitals", "evacuation routes", "power lines",
    "water supply", "border crossings", "housing repairs", "drone production",
]  # fmt: skip
# Every headline names a place and a subject, as a live blog's do; some repeat
# anyway over 2,000 posts, which exercises the importer's slug de-duplication.
HEADLINES = [
    "Talks in {city} turn to {subject}",
    "{city} braces for a hard week of {subject}",
    "Fresh pledges for {subject} after strikes near {city}",
    "{city} update: crews race to restore {subject}",
    "Allies weigh next steps on {subject} in {city}",
    "What the new money means for {subject} in {city}",
    "{donor_cap} backs {subject} as {city} counts the cost",
    "Officials in {city} promise progress on {subject}",
    "{city} residents ask for faster work on {subject}",
    "Night of strikes puts {subject} in {city} under strain",
]  # fmt: skip
STANDFIRSTS = [
    "Officials in {city} spent {weekday} assessing damage after overnight strikes, as "
    "partners promised to speed up help with {subject}.",
    "A meeting in {city} on {weekday} ended with new commitments on {subject} and a "
    "timetable for deliveries before the cold sets in.",
    "Repair crews in {city} worked through {weekday} to restore {subject}, while "
    "donors met to agree what comes next.",
    "Ministers gathered in {city} on {weekday} to review progress on {subject}, "
    "the third such meeting this year.",
]  # fmt: skip
BACKGROUND = [
    "Local authorities said {n} buildings had been checked since the start of the month.",
    "The regional administration reported that {n} households were still waiting for repairs.",
    "Rail services between {city} and {city2} resumed after a pause of several hours.",
    "Engineers described the damage as serious but repairable within weeks.",
    "Schools in the district switched to remote lessons for the rest of the week.",
    "Volunteers set up heating points in {n} locations across the city.",
    "The last comparable attack on the area was recorded in the spring.",
    "Officials stressed that figures were preliminary and would be revised.",
    "Traffic through the main checkpoint was slower than usual but did not stop.",
    "Aid groups said demand for generators had doubled since the autumn.",
    "The delegation also visited a training ground outside {city2}.",
    "Talks on longer-term financing are expected to continue next month.",
]  # fmt: skip
OUTLOOK = [
    "A further meeting is planned in {city2} before the end of the quarter.",
    "Diplomats expect the next set of decisions at the ministerial in {month}.",
    "Officials plan to publish a full list of deliveries once they are complete.",
    "The regional council will review the repair schedule again next week.",
]  # fmt: skip
# Key Developments items as (label, text); the text may name a place or a number.
DEVELOPMENTS = [
    ("Energy", "Repairs continue on {n} damaged substations."),
    ("Front line", "Shelling reported overnight near {city}."),
    ("Diplomacy", "Envoys to meet again in {city2} next week."),
    ("Evacuations", "Another {n} families moved to safer districts."),
    ("Finance", "A second tranche is due before the end of {month}."),
    ("Rail", "Freight trains running to timetable again."),
    ("Ports", "Grain shipments leaving the port on schedule."),
    ("Air defence", "Interceptors arrived ahead of the winter."),
    ("Weather", "Temperatures forecast to fall below freezing."),
    ("Markets", "Bond prices steady after the announcement."),
    ("Reconstruction", "Work on {n} flats in {city} to finish by {month}."),
    ("Humanitarian", "Mobile clinics reached {n} villages this week."),
]  # fmt: skip
AUTHORS = ["Frontline Desk", "Maria Kostenko", "Ben Hartley", "Olena Savchuk", "Night Desk"]
LABELS = [
    "Energy", "Diplomacy", "Aid", "Ukraine", "NATO", "EU", "Humanitarian", "Reconstruction",
    "Air defence", "Economy",
]  # fmt: skip
COMMENTS = ["Thanks for the update.", "Any news on the rail line?", "Stay safe out there."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "June", "September", "November", "December"]


class _Post:
    """One generated post: its words, then the HTML and XML they become."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng = rng
        self.number = number
        self.city, self.city2 = rng.sample(CITIES, 2)
        self.subject = rng.choice(SUBJECTS)
        self.donor = rng.choice(DONORS)
        self.published = datetime.datetime(2022, 3, 1, 6, 0) + datetime.timedelta(
            hours=number * 9 + rng.randrange(9), minutes=rng.randrange(60)
        )
        self.title = self._fill(rng.choice(HEADLINES))
        if rng.random() < 0.3:
            self.title = f"{self.published:%-d %B}: {self.title}"

    def _fill(self, template: str) -> str:
        donor = self.donor
        return template.format(
            city=self.city,
            city2=self.city2,
            subject=self.subject,
            donor_cap=donor[0].upper() + donor[1:],
            weekday=self.published.strftime("%A"),
            month=self.rng.choice(MONTHS),
            n=self.rng.randrange(12, 480),
        )

    def _prose(self, pool: list[str], sentences: int) -> str:
        return " ".join(self._fill(s) for s in self.rng.sample(pool, sentences))

    def _quote(self) -> str:
        name, role, title = self.rng.choice(PEOPLE)
        words = self.rng.choice(QUOTES)
        form = self.rng.randrange(3)
        if form == 0:
            return f"“{words},” said {name}, the {role}."
        if form == 1:
            return f"Speaking in {self.city}, {title} {name} said: “{words}.”"
        return f"“{words},” {name} told reporters after the meeting."

    def _aid(self) -> str:
        rng = self.rng
        amount = rng.choice(AMOUNTS).format(n=rng.choice([15, 40, 125, 300, 450, 1.2, 2.5]))
        items = rng.sample(AID_ITEMS, rng.randrange(2, 5))
        listing = ", ".join(items[:-1]) + " and " + items[-1]
        donor = self.donor[0].upper() + self.donor[1:]
        sentence = (
            f"{donor} {rng.choice(AID_VERBS)} a {amount} {rng.choice(AID_NOUNS)} "
            f"{rng.choice(['including', 'covering', 'consisting of'])} {listing}."
        )
        return sentence + " " + self._prose(BACKGROUND, 1)

    def _developments(self) -> str:
        chosen = self.rng.sample(DEVELOPMENTS, self.rng.randrange(2, 6))
        items = [(label, self._fill(text)) for label, text in chosen]
        if self.rng.random() < 0.5:
            # One paragraph with <br> lines, as the Blogger editor writes it.
            lines = "<br>".join(f"{_h(label)}: {_h(text)}" for label, text in items)
            return f"<p>Key Developments:<br>{lines}</p>"
        listed = "".join(f"<li>{_h(label)}: {_h(text)}</li>" for label, text in items)
        return f"<h3>Key Developments</h3><ul>{listed}</ul>"

    def body_html(self) -> str:
        rng = self.rng
        blocks = [f"<p>{_h(self._fill(rng.choice(STANDFIRSTS)))}</p>"]
        blocks.append(f"<p>{_h(self._prose(BACKGROUND, rng.randrange(2, 4)))}</p>")
        blocks.append(f"<p>{_h(self._prose(BACKGROUND, 1) + ' ' + self._quote())}</p>")
        if rng.random() < 0.8:
            blocks.append(f"<p>{_h(self._aid())}</p>")
        for _ in range(rng.randrange(1, 4)):
            blocks.append(f"<p>{_h(self._prose(BACKGROUND, rng.randrange(1, 4)))}</p>")
        if rng.random() < 0.3:
            name, role, _title = rng.choice(PEOPLE)
            words = rng.choice(QUOTES)
            blocks.append(f"<blockquote>{_h(words)}. — {_h(name)}, {_h(role)}</blockquote>")
        if rng.random() < 0.4:
            blocks.append(f"<p>{_h(self._quote())}</p>")
        if rng.random() < 0.85:
            blocks.append(self._developments())
        blocks.append(f"<p>{_h(self._prose(OUTLOOK, 1))}</p>")
        if rng.random() < 0.2:
            blocks.append("<p>Share this: Twitter Facebook</p>")  # furniture the importer drops
        return "".join(blocks)

    def entry_xml(self, blog_id: int) -> str:
        slug = f"{self.number:05d}-{self.subject.replace(' ', '-')}"
        path = f"/{self.published:%Y/%m}/{slug}.html"
        labels = sorted(self.rng.sample(LABELS, self.rng.randrange(1, 4)))
        categories = "".join(f"\n    <category term={quoteattr(label)}/>" for label in labels)
        stamp = self.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        url = f"https://{BLOG_HOST}{path}"
        return (
            "  <entry>\n"
            f"    <id>tag:blogger.com,1999:blog-{blog_id}.post-{self.number}</id>\n"
            "    <blogger:type>POST</blogger:type>\n"
            "    <blogger:status>LIVE</blogger:status>\n"
            f"    <author><name>{escape(self.rng.choice(AUTHORS))}</name></author>\n"
            f"    <title>{escape(_h(self.title))}</title>\n"
            f"    <content type='html'>{escape(self.body_html())}</content>\n"
            f"    <blogger:filename>{escape(path)}</blogger:filename>\n"
            f"    <link rel='alternate' type='text/html' href={quoteattr(url)}/>"
            f"{categories}\n"
            f"    <published>{stamp}</published>\n"
            f"    <updated>{stamp}</updated>\n"
            "  </entry>\n"
        )


def _h(text: str) -> str:
    # HTML as Blogger stores it: &, <, > and quotes escaped, apostrophes as &#39;.
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def _comment(rng: random.Random, blog_id: int, number: int, post: int) -> str:
    return (
        "  <entry>\n"
        f"    <id>tag:blogger.com,1999:blog-{blog_id}.comment-{number}</id>\n"
        "    <blogger:type>COMMENT</blogger:type>\n"
        "    <blogger:status>LIVE</blogger:status>\n"
        f"    <blogger:parent>tag:blogger.com,1999:blog-{blog_id}.post-{post}</blogger:parent>\n"
        "    <author><name>A reader</name></author>\n"
        f"    <content type='html'>{escape(rng.choice(COMMENTS))}</content>\n"
        "  </entry>\n"
    )


def entries(posts: int, seed: int = 2024, blog_id: int = BLOG_ID) -> Iterator[str]:
    """The export's XML, one chunk at a time, so even a huge export is never held in memory."""
    # Reproducible text, not secrets: the same seed must give the same export.
    rng = random.Random(seed)  # noqa: S311
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield (
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>\n"
        f"  <id>tag:blogger.com,1999:blog-{blog_id}</id>\n"
        "  <title>Frontline Desk</title>\n"
    )
    comments = 0
    for number in range(1, posts + 1):
        yield _Post(rng, number).entry_xml(blog_id)
        if number % COMMENT_EVERY == 0:
            comments += 1
            yield _comment(rng, blog_id, comments, number)
    yield "</feed>\n"


def write_export(path: Path, posts: int, seed: int = 2024, blog_id: int = BLOG_ID) -> int:
    """Write `posts` LIVE posts (and comments) to `path`; returns the size in bytes."""
    with path.open("w", encoding="utf-8") as handle:
        for chunk in entries(posts, seed, blog_id):
            handle.write(chunk)
    return path.stat().st_size


def comment_count(posts: int) -> int:
    return posts // COMMENT_EVERY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    size = write_export(args.out, args.posts, args.seed)
    print(f"{args.out}: {args.posts} posts, {comment_count(args.posts)} comments, {size} bytes")


if __name__ == "__main__":
    main()
