"""Which sums are money given (news.importers.giving), whoever the text says gives them.

The sentences here are written for these tests, not taken from the corpus, so they
check the word classes the rule is built on rather than any story it was tuned on.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news.importers.amounts import find_amounts
from news.importers.giving import is_given
from tests.importers.test_properties import SETTINGS


def _given(sentence: str) -> list[bool]:
    return [is_given(sentence, found.start, found.end) for found in find_amounts(sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        # Verbs of giving, in any tense, voice or position.
        "The Ostvan Rotary Club has donated £12,000 to the lifeboat crew.",
        "A grant of €40,000 was approved for the youth orchestra.",
        "Nearly $2m in emergency relief will reach the valley by Friday.",
        "The district administration sanctioned Rs 3 crore for the flood-hit villages.",
        "KSh 12 million has been released to the county hospital.",
        "A further CHF 300,000 comes from the cantonal lottery fund.",
        # No giver named: still a package, the donor is for the editor to fill in.
        "The school will receive £85,000 for a new science block.",
        # Paying and spending are gifts when the money goes somewhere.
        "The ministry will pay farmers €30m in drought compensation.",
        "The town council will spend £1.2m on cooling centres for older residents.",
        "The Hollin Trust raised £600,000 towards the hospice roof.",
        "The health board's budget was topped up by NOK 5 million.",
        # The sum names what it is: "a $3m loan", "a €900,000 grant".
        "The work was paid for by a €900,000 grant from the Alder Foundation.",
    ],
)
def test_money_given(sentence):
    assert _given(sentence) == [True], sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The new bridge cost €14m, twice the first estimate.",
        "The club's budget for the season is £3.1m.",
        "Damage to the harbour wall is estimated at $6 million.",
        "The charity has launched an appeal for £250,000.",
        "The agency says it needs $40m to reach everyone before winter.",
        "Tickets cost €45 a day.",
        "The league fined the club €20,000 for crowd trouble.",
        "The winner takes home prize money of $50,000.",
        "The company will invest $900m in its own plant.",
        "The firm spent €2m on redundancy payments.",
        "Crops worth N4 billion were destroyed in the floods.",
        "The bank approved a $500m loan, with a first tranche of $100m due in May.",
        "Each household can receive no more than $2,000 under the scheme.",
        "The government plans to borrow €3bn from commercial banks.",
        "Revenue rose to £48m last year.",
    ],
)
def test_money_not_given(sentence):
    found = _given(sentence)
    # The loan itself is given; its first tranche is part of it, not a second package.
    if "tranche" in sentence:
        assert found == [True, False], sentence
    else:
        assert not any(found), (sentence, found)


_WHAT_IT_IS = st.sampled_from(
    ["cost", "costs", "a budget of", "losses of", "revenue of", "a fine of", "prize money of",
     "a target of", "an appeal for", "debts of", "damage estimated at"]
)  # fmt: skip
_GIVER = st.sampled_from(["The council", "A charity", "The Norvik Fund", "The ministry", ""])
_VERB = st.sampled_from(["approved", "said", "announced", "reported", "confirmed", "noted"])


@SETTINGS
@given(_GIVER, _VERB, _WHAT_IT_IS, st.integers(min_value=1, max_value=999))
def test_a_sum_named_as_a_cost_loss_or_target_is_never_given(giver, verb, what, figure):
    # Whatever giving words come first, a sum the clause calls a cost is not given.
    sentence = f"{giver} {verb} {what} €{figure}m.".strip()
    assert _given(sentence) == [False], sentence


@SETTINGS
@given(st.text(max_size=200))
def test_deciding_never_crashes(text):
    for found in find_amounts(text):
        assert is_given(text, found.start, found.end) in (True, False)


def test_a_figure_in_brackets_after_another_is_the_same_sum_converted():
    assert _given("The board approved €60 million (about $65 million) for the mission.") == [
        True,
        False,
    ]


def test_money_already_spent_is_a_cost_and_money_to_spend_on_others_is_given():
    assert _given("The shire has spent A$210,000 on water carting since March.") == [False]
    assert _given("The shire will spend A$210,000 on water tanks for farms.") == [True]


def test_every_package_of_a_clause_is_found():
    from news.importers.aid import find_aid_packages

    sentence = (
        "The Westmoor Bank said it had approved $75m in emergency grants for displaced "
        "families, as well as a loan of up to $200m to the provincial government for roads."
    )
    packages = find_aid_packages([sentence], {})
    assert [str(p["amount"]) for p in packages] == ["75000000", "200000000"]
    assert packages[1]["recipient"] == "provincial government"


@pytest.mark.parametrize(
    "sentence",
    [
        "The response plan requires $18 million and is funded at 29 per cent.",
        "Against those requirements, $7.3 million has been received, leaving a gap of $24m.",
        "The government has drawn $400 million on an existing swap line.",
        "Each affected household would receive RM1,000 in cash aid.",
        "Clubs will be able to apply for grants of up to €250,000.",
        "The award comes as the university forecasts a C$19 million operating deficit.",
        "Venture funding fell to $188m in the year to June.",
        "Relief agencies have appealed for $46m to run the camps.",
        "The overtime will add about R$ 600.000 a month to its wage bill.",
    ],
)
def test_requirements_draws_caps_and_forecasts_are_not_given(sentence):
    assert not any(_given(sentence)), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The Interior Ministry will transfer 35 million baht to the provincial administration.",
        "Twelve shops will share £30k in shopfront grants from the district council.",
        "The federation will pay $12m over two years to second-division clubs.",
        "It has agreed to pay €250,000 into a fund for local swimming clubs.",
        "A further £3k from the Macrae Family Trust will pay for shuttle buses.",
        "The council will give the hub 12,000 a year towards rent.",
    ],
)
def test_more_ways_of_giving(sentence):
    from news.importers.aid import find_aid_packages

    assert len(find_aid_packages([sentence], {})) == 1, sentence


def test_the_learnt_model_agrees_with_plain_cases_and_never_crashes():
    from news.importers.giving_model import features, score

    given = "The regional council approved a grant of €40,000 for the youth orchestra."
    cost = "The new bridge cost €14m, twice the first estimate."
    (g,), (c,) = find_amounts(given), find_amounts(cost)
    assert score(given, g.start, g.end) > 0 > score(cost, c.start, c.end)
    # The words around the sum, by side, and whether it had a currency.
    assert {"h:of", "h0:of", "t:for", "bias"} <= features(given, g.start, g.end)
    assert "bare" in features(given, g.start, g.end, bare=True)


@SETTINGS
@given(st.text(max_size=200), st.integers(min_value=0, max_value=200))
def test_the_model_scores_any_text(text, cut):
    from news.importers.giving_model import score

    cut = min(cut, len(text))
    assert isinstance(score(text, cut, cut), float)
