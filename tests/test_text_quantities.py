import pytest

from provenance.text.quantities import Quantity, comparable, extract_quantities, same_figure


def only(text: str) -> Quantity:
    quantities = extract_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


def bounds(text: str) -> tuple[float | None, float | None, bool, bool]:
    q = only(text)
    return q.value_low, q.value_high, q.low_inclusive, q.high_inclusive


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly 500 people fled.", (450.0, 500.0, True, False)),
        ("Almost 500 people fled.", (450.0, 500.0, True, False)),
        ("Just under 500 people fled.", (450.0, 500.0, True, False)),
        ("About 500 people fled.", (425.0, 575.0, True, True)),
        ("Some 500 people fled.", (425.0, 575.0, True, True)),
        ("An estimated 500 people fled.", (425.0, 575.0, True, True)),
        ("Roughly 500 people fled.", (425.0, 575.0, True, True)),
        ("At least 2,000 people fled.", (2000.0, None, True, True)),
        ("More than 2,000 people fled.", (2000.0, None, False, True)),
        ("Upwards of 2,000 people fled.", (2000.0, None, False, True)),
        ("2,000 or more people fled.", (2000.0, None, True, True)),
        ("20-plus people fled.", (20.0, None, True, True)),
        ("As many as 300 people fled.", (None, 300.0, True, True)),
        ("Up to 300 people fled.", (None, 300.0, True, True)),
        ("No more than 300 people fled.", (None, 300.0, True, True)),
        ("Fewer than 300 people fled.", (None, 300.0, True, False)),
        ("Between 20 and 30 people fled.", (20.0, 30.0, True, True)),
        ("20-30 people fled.", (20.0, 30.0, True, True)),
        ("20 to 30 people fled.", (20.0, 30.0, True, True)),
        ("Two or three people fled.", (2.0, 3.0, True, True)),
        ("Between 2 and 3 million people fled.", (2e6, 3e6, True, True)),
        ("Between about 800 and 8,500 people fled.", (800.0, 8500.0, True, True)),
        ("Between 40 and roughly 60 people fled.", (40.0, 60.0, True, True)),
        ("Exactly 317 people fled.", (317.0, 317.0, True, True)),
    ],
)
def test_qualifiers_become_intervals(text, expected):
    assert bounds(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("forty people", 40, 40),
        ("forty-five people", 45, 45),
        ("three hundred and twenty people", 320, 320),
        ("a million people", 1e6, 1e6),
        ("two dozen people", 24, 24),
        ("half a million people", 5e5, 5e5),
        ("dozens of people", 24, 99),
        ("hundreds of people", 200, 999),
        ("thousands of people", 2000, 9999),
        ("tens of thousands of people", 20000, 99999),
        ("a handful of people", 2, 6),
        ("several hundred people", 300, 900),
        ("1.2 million people", 1.15e6, 1.25e6),
        ("40,000 people", 40000, 40000),
    ],
)
def test_numbers_in_words_and_digits(text, low, high):
    q = only(text)
    assert (q.value_low, q.value_high) == pytest.approx((low, high))
    assert q.counted == "people"


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2019.",
        "The vote is on March 5.",
        "They met on 12 May.",
        "The blast happened at 10:30 a.m.",
        "It was the 5th attempt.",
        "Article 5 of the charter applies.",
        "The COVID-19 rules and the G20 summit were discussed.",
        "Call +44 20 7946 0958 for details.",
        "No one was hurt.",
        "One of the guards fled.",
        "Unrest grew in the 1990s.",
    ],
)
def test_labels_dates_and_codes_are_not_quantities(text):
    assert extract_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("The dam displaced 40,000 displaced villagers.", "people"),
        ("Nearly 100 countries signed.", "country"),
        ("Police said 30 armed men attacked.", "man"),
        ("The fire burned 12,000 hectares.", "hectare"),
        ("Turnout was 41 percent.", "percent"),
        ("Turnout was 41%.", "percent"),
        ("Turnout was 41 per cent.", "percent"),
        ("The grant is worth $1.2 million.", "dollar"),
        ("The storm left 40 dead.", "people"),
        ("The death toll rose to 40 on Monday.", "people"),
        ("Three children were rescued.", "child"),
        ("The toll of residents rose: 300 residents left.", "people"),
    ],
)
def test_counted_is_the_normalised_head_noun(text, counted):
    assert extract_quantities(text)[-1].counted == counted


@pytest.mark.parametrize(
    ("text", "low", "high", "whole"),
    [
        ("a third of the harvest", 28.3, 38.3, "harvest"),
        ("two-thirds of the country's hospitals", 61.7, 71.7, "hospital"),
        ("three-quarters of the teachers", 70, 80, "teacher"),
        ("half of the schools", 45, 55, "school"),
        ("nearly half of the workers", 45, 50, "worker"),
        ("most polling stations", 50.5, 100, "station"),
        ("the majority of shareholders", 50.5, 100, "shareholder"),
        ("nine in ten voters", 85, 95, "voter"),
        ("almost all of the miners", 90, 100, "miner"),
        ("20 percent of polling stations", 19.5, 20.5, "station"),
    ],
)
def test_shares_are_percentages_of_a_whole(text, low, high, whole):
    q = only(text)
    assert q.counted == "percent" and q.population == whole
    assert (q.value_low, q.value_high) == pytest.approx((low, high), abs=0.1)


@pytest.mark.parametrize("text", ["the most important talks", "in the first half of the year"])
def test_superlatives_and_periods_are_not_shares(text):
    assert all(q.counted != "percent" for q in extract_quantities(text))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a couple of villages", 2, 3),
        ("a few villages", 2, 6),
        ("several villages", 3, 9),
        ("one and a half million villages", 1.5e6, 1.5e6),
    ],
)
def test_small_vague_amounts_and_halves(text, low, high):
    assert (only(text).value_low, only(text).value_high) == pytest.approx((low, high))


def test_same_figure_needs_the_same_value_said_the_same_way():
    assert same_figure(only("some 40,000 people"), only("forty thousand people"))
    assert same_figure(only("over 10,000 people"), only("more than 10,000 people"))
    assert not same_figure(only("nearly 500 people"), only("about 450 people"))
    assert not same_figure(only("at least 40 people"), only("40 people"))


def test_partitive_counts_name_their_group():
    q = only("The court convicted two of the defendants.")
    assert q.partitive and q.counted == "defendant"


def test_offsets_point_into_the_text():
    text = "Officials said at least 2,000 people fled, while some 40 villages emptied."
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.text
    assert [q.text for q in extract_quantities(text)] == ["at least 2,000", "some 40"]


def test_rounded_percentages_overlap_their_decimals():
    two, two_point_three = only("2 percent"), only("2.3%")
    assert two.overlaps(two_point_three)
    assert not only("41 percent").overlaps(only("63%"))


def test_overlap_respects_open_ends():
    assert only("at least 40 people").overlaps(only("as many as 300 people"))
    assert not only("nearly 100 countries").overlaps(only("at least 150 countries"))
    assert not only("fewer than 300 people").overlaps(only("300 people"))


def test_comparable_needs_the_same_counted_thing():
    people, civilians = only("300 people"), only("40 civilians")
    villagers = only("40 villagers")
    assert comparable(people, villagers)
    assert not comparable(people, civilians)
    assert not comparable(only("the toll rose to 40 on Monday, up"), only("40 cars"))


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("nearly 100 countries", "90–99"),
        ("at least 150 countries", "150 or more"),
        ("more than 150 countries", "151 or more"),
        ("as many as 300 people", "up to 300"),
        ("40 people", "40"),
    ],
)
def test_describe_reads_as_plain_numbers(text, description):
    assert only(text).describe() == description


def test_a_change_keeps_the_figure_it_started_from():
    (toll,) = extract_quantities("The governor raised the death toll from 64 to 2,975.")
    assert (toll.said, toll.earlier) == (2975.0, 64.0)
    (distance,) = extract_quantities("The front moved from 3 to 10 miles away.")
    assert distance.counted == "kilometre"
    assert round(distance.earlier, 2) == round(3 * 1.609344, 2)
    (plain,) = extract_quantities("The toll stood at 64.")
    assert plain.earlier is None


def test_a_change_by_an_amount_and_a_score_are_two_figures_not_a_range():
    assert [q.said for q in extract_quantities("The toll rose by 90 to 260.")] == [90.0, 260.0]
    led = extract_quantities("The mayor led her rival by 52% to 44% in the count.")
    assert [q.said for q in led] == [52.0, 44.0]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("The toll rose, with another 73 people missing.", "missing"),
        ("Officials said 40 dead and more were feared.", "dead"),
        ("About 1,200 people injured were taken to clinics.", "injured"),
        ("Some 54 people have been rescued.", ""),
        ("The firm cut 300 jobs.", ""),
    ],
)
def test_a_figure_keeps_the_state_said_right_after_it(text, state):
    assert only(text).state == state
