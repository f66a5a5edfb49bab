"""The import quality measure's scoring (bench/import_quality/score.py), on hand-made blocks."""

from __future__ import annotations

from bench.import_quality.score import score_story

SOURCE = (
    "Relief teams reached the valley on Tuesday. “We have water for a week,” said Maria "
    "Jensen, the regional governor. The Red Cross pledged £7.5m for shelters and blankets."
)
QUOTE = {
    "type": "quote",
    "text": "We have water for a week",
    "speaker": "Maria Jensen",
    "role": "the regional governor",
    "attribution": None,
    "said_on": None,
}
AID = {
    "type": "aid_package",
    "donor": "Red Cross",
    "recipient": None,
    "amount": "7500000",
    "currency": "GBP",
    "items": ["shelters", "blankets"],
}


def test_a_perfect_import_scores_one_everywhere_and_invents_nothing():
    tally = score_story("valley", [QUOTE, AID], [QUOTE, AID], SOURCE)
    for kind in ("quote", "aid_package"):
        assert tally.blocks[kind] == {"found": 1, "expected": 1, "matched": 1}
    assert tally.fields["quote.speaker"] == {"filled": 1, "given": 1, "right": 1}
    assert tally.fields["aid_package.items"] == {"filled": 2, "given": 2, "right": 2}
    assert tally.invented == []


def test_a_recipient_the_text_never_gives_is_invented_and_wrong():
    found = {**AID, "recipient": "Ukraine", "amount": "7500000.00"}
    tally = score_story("valley", [found], [AID], SOURCE)
    assert tally.blocks["aid_package"]["matched"] == 1  # the same amount, written differently
    assert tally.fields["aid_package.recipient"] == {"filled": 1, "given": 0, "right": 0}
    assert tally.invented == ["valley: aid_package.recipient = 'Ukraine' (the text gives none)"]


def test_a_speaker_not_in_the_story_is_invented_even_on_an_unmatched_block():
    stray = {**QUOTE, "text": "Something nobody said at all", "speaker": "Tomas Varga"}
    tally = score_story("valley", [stray], [QUOTE], SOURCE)
    assert tally.blocks["quote"] == {"found": 1, "expected": 1, "matched": 0}
    assert any("Tomas Varga" in item and "not in the text" in item for item in tally.invented)


def test_a_missed_block_costs_recall_and_an_extra_one_precision():
    extra = {**QUOTE, "text": "Relief teams reached the valley"}
    tally = score_story("valley", [extra], [QUOTE, AID], SOURCE)
    assert tally.blocks["quote"] == {"found": 1, "expected": 1, "matched": 0}
    assert tally.blocks["aid_package"] == {"found": 0, "expected": 1, "matched": 0}


def test_quotes_match_on_nearly_the_same_words_only():
    close = {**QUOTE, "text": "We have water for a week."}
    far = {**QUOTE, "text": "We have food for a month"}
    assert score_story("v", [close], [QUOTE], SOURCE).blocks["quote"]["matched"] == 1
    assert score_story("v", [far], [QUOTE], SOURCE).blocks["quote"]["matched"] == 0
