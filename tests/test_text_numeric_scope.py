"""Numeric conflicts only between figures of one counted thing, place, time and scope, said
precisely enough to clash: general cases in sentences written for these tests."""

import pytest

from provenance.text.contradiction import ClaimView, detect_contradictions
from provenance.text.quantities import comparable, extract_quantities


def numeric(a: str, b: str):
    found = detect_contradictions(ClaimView(a, "one"), ClaimView(b, "two"))
    return next((d for d in found if d.kind == "numeric"), None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # loose or rounded figures within a few percent of each other
        (
            "Nearly 600 workers lost their jobs at the mill.",
            "At least 601 workers lost their jobs at the mill.",
        ),
        ("The quake injured 1,400 people.", "The quake injured 1,402 people."),
        # a vague amount is no measure to hold a close figure to
        (
            "Rescuers pulled dozens of people from the rubble.",
            "Rescuers pulled 113 people from the rubble.",
        ),
        # a region's figure against the whole country's
        (
            "The storm killed 12 people in Halvar province.",
            "The storm killed 90 people, the ministry said.",
        ),
        ("More than 300 of the deaths were in Ostria.", "The outbreak caused 1,200 deaths in all."),
        # a name qualifying what is counted: another population
        (
            "The leak exposed 15 million Danish customers.",
            "The leak exposed 140 million customers.",
        ),
        # a figure from another year
        (
            "A cyclone in 1991 killed 140,000 people on the coast.",
            "The cyclone killed 300 people on the coast.",
        ),
        # different subjects doing the same thing
        (
            "The Greens won 40 seats in the assembly.",
            "The Liberal party won 200 seats in the assembly.",
        ),
        # a ratio is not a count
        (
            "The flood killed 12 times as many people as officials said.",
            "The flood killed 64 people.",
        ),
        # a quake and its aftershock are two quakes
        (
            "A magnitude 7.8 quake struck the coast.",
            "A 6.2-magnitude quake struck the coast again.",
        ),
    ],
)
def test_compatible_or_incomparable_figures_are_not_flagged(a, b):
    assert numeric(a, b) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The quake injured 1,400 people.", "The quake injured 2,900 people."),
        (
            "Rescuers pulled dozens of people from the rubble.",
            "Rescuers pulled 900 people from the rubble.",
        ),
        (
            "The storm killed 12 people in Halvar province.",
            "The storm killed 90 people in Halvar province.",
        ),
        ("The Greens won 40 seats in the assembly.", "The Greens won 200 seats in the assembly."),
    ],
)
def test_the_same_thing_counted_apart_is_still_flagged(a, b):
    assert numeric(a, b) is not None


def test_rival_readings_of_one_scale_conflict_whoever_takes_them():
    """Two agencies' magnitudes of one quake conflict though each claim names its own body."""
    found = numeric(
        "The Ostrian Seismic Bureau put the magnitude at 6.5.",
        "The magnitude-6.1 earthquake struck at dawn, according to the Global Quake Centre.",
    )
    assert found is not None
    assert '"6.5"' in found.explanation and '"6.1' in found.explanation


def test_a_scale_is_read_before_or_after_its_figure():
    for text in (
        "a magnitude-6.1 quake",
        "a 6.1-magnitude quake",
        "a magnitude 6.1 quake",
        "they put the magnitude at 6.1",
    ):
        (quantity,) = extract_quantities(text)
        assert (quantity.counted, quantity.said) == ("magnitude", 6.1), text


def test_multiples_compare_with_nothing():
    (ratio,) = extract_quantities("a toll 12 times the official estimate")
    (other,) = extract_quantities("a toll 3 times the first estimate")
    assert not comparable(ratio, other)


def test_a_round_figure_stands_only_for_what_rounds_to_it():
    assert numeric("The firm cut 1,400 jobs.", "The firm cut 1,449 jobs.") is None
    assert numeric("The firm cut 34,200 jobs.", "The firm cut 34,944 jobs.") is not None


def test_two_tellings_of_one_revision_agree():
    assert (
        numeric(
            "Officials revised the toll down to 180, from the earlier figure of 240.",
            "The new figure of 180 is well below the previous toll of 240.",
        )
        is None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # "secured" a share of the vote is "won" it
        (
            "Observers said the challenger Mara Lind won 61% of the vote.",
            "The commission said Mara Lind secured 12 percent of the vote.",
        ),
        # a verb that revises a figure is not what the counted people underwent
        (
            "The agency said 84 people died in the mine collapse.",
            "Officials revised the death toll from the mine collapse down to 61.",
        ),
        # a statement "released" beside a toll: the toll's outcome is still the deaths
        (
            "The ministry released a statement saying the flood death toll was 290.",
            "Health officials said the flood death toll stood at 253.",
        ),
    ],
)
def test_one_figure_told_with_other_verbs_still_clashes(a, b):
    assert numeric(a, b) is not None


def test_figures_of_different_outcomes_do_not_clash():
    assert (
        numeric(
            "The storm killed 40 people in the port.", "The storm injured 55 people in the port."
        )
        is None
    )


def test_a_figure_in_miles_is_compared_in_kilometres():
    (miles,) = extract_quantities("The quake struck at a depth of six miles.")
    (km,) = extract_quantities("The quake struck at a depth of 12 km.")
    assert comparable(miles, km) and round(miles.said, 2) == 9.66
    assert numeric(
        "The quake struck at a depth of 12 km.", "The quake struck at a depth of six miles."
    )
    assert not numeric(
        "The quake struck at a depth of about 10 km.", "The quake struck at a depth of six miles."
    )
