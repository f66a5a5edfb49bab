"""Rich text opened in the admin from many threads at once converts as it would alone."""

from __future__ import annotations

import json
import threading

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from cms.wagtail_fixes import draftail_threads

FEATURES = ["bold", "italic", "ol", "ul", "h2", "h3", "link"]
DOCUMENTS = [
    "<p>"
    + " ".join(f"<b>word{i}</b> plain {i}" for i in range(n))
    + "</p>"
    + "<ul>"
    + "".join(f"<li>item <i>{j}</i></li>" for j in range(n % 7))
    + "</ul>"
    for n in range(1, 25)
]


def _content(contentstate_json: str) -> list:
    # Block keys are random on every conversion; the text, styles and types are what count.
    blocks = json.loads(contentstate_json)["blocks"]
    return [{k: v for k, v in block.items() if k != "key"} for block in blocks]


def test_the_fix_is_installed():
    assert draftail_threads.installed()


def test_one_converter_shared_by_eight_threads_gives_the_sequential_results():
    converter = ContentstateConverter(FEATURES)
    expected = [_content(converter.from_database_format(html)) for html in DOCUMENTS]
    start = threading.Barrier(8)
    mismatches: list[int] = []
    errors: list[BaseException] = []

    def convert() -> None:
        try:
            start.wait(timeout=10)
            for _round in range(20):
                for index, html in enumerate(DOCUMENTS):
                    if _content(converter.from_database_format(html)) != expected[index]:
                        mismatches.append(index)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=convert) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and mismatches == []
