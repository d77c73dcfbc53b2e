import pytest

from provenance.text.claim_keys import (
    MAX_KEYS,
    claim_keys,
    key_weight,
    keys_weight,
    phrase_keys,
    similarity,
)
from provenance.text.contradiction import (
    SAME_STATEMENT_THRESHOLD,
    ClaimView,
    Detection,
    detect_contradictions,
    pairing_keys,
    points_back,
    same_statement,
)
from provenance.text.evaluate_contradictions import (
    DEFAULT_DATA_DIR,
    evaluate,
    format_report,
    main,
)
from provenance.text.polarity import is_modal


def kinds(a: str, b: str) -> set[str]:
    return {d.kind for d in detect_contradictions(ClaimView(a, "one"), ClaimView(b, "two"))}


def assert_grouped(a: str, b: str, same: bool, *, cosine: float) -> None:
    score = same_statement(a, b, cosine=cosine)
    assert (score >= SAME_STATEMENT_THRESHOLD) is same, score


def explanation(a: str, b: str, kind: str) -> str:
    found = detect_contradictions(ClaimView(a, "one"), ClaimView(b, "two"))
    return next(d.explanation for d in found if d.kind == kind)


# --- keys for candidate pairing


def test_un_spellings_share_one_key():
    for name in ("U.N.", "UN", "United Nations"):
        assert "un" in claim_keys(f"Food aid from the {name} reached Sudan.")


def test_a_country_and_its_demonym_share_one_key_anywhere_in_a_sentence():
    assert "peru" in claim_keys("Peruvian police closed the border crossing.")
    assert "peru" in claim_keys("The border crossing was closed by Peru on Monday.")
    assert "china" in claim_keys("Chinese inspectors visited the mine.")
    assert "china" in claim_keys("Inspectors visited a mine in China's Yunnan province.")


def test_a_country_of_several_words_and_its_demonym_share_one_key():
    keys = [
        claim_keys("Floods in Sri Lanka cut the road to the coast."),
        claim_keys("Sri Lankan engineers reopened the road to the coast."),
        claim_keys("The road to the coast reopened after Sri Lanka monsoon floods."),
    ]
    assert all("sri_lanka" in k for k in keys)
    assert "uk" in claim_keys("Inspectors from the United Kingdom visited the site.")
    assert "us" in claim_keys("Inspectors visited the site in the United States on Monday.")


def test_rockets_and_missiles_are_one_concept():
    assert "missile" in claim_keys("Two rockets hit the port.") & claim_keys("A missile hit it.")


def test_keys_hold_counted_things_names_and_content_stems():
    keys = claim_keys("Floods in Kerala displaced 40,000 villagers last week.")
    assert {"kerala", "q:people", "flood", "displace"} <= keys


def test_a_reporting_verb_after_and_shares_the_subject_before_it():
    keys = claim_keys("The inspectors closed the mine and said it was unsafe.")
    assert {"min", "close"} <= keys


def test_speakers_are_not_keys():
    keys = claim_keys("The storm killed 12 people, two officials told Reuters.")
    assert "reuter" not in keys and "official" not in keys
    assert "q:official" not in keys


def test_a_speaker_described_by_a_relative_clause_is_not_keys():
    keys = claim_keys(
        "The dam held through the night, engineers who spoke on condition of anonymity said."
    )
    assert {"dam", "held"} & keys
    assert not {"engineer", "condition", "anonymity", "spoke"} & keys


def test_opposite_predicates_conflict_whatever_describes_the_speaker():
    a = "The appeals court in Dorvan upheld the ban, officials who asked not to be named said."
    b = (
        "According to Radio Dorvan, citing the justice ministry, the appeals court in Dorvan"
        " overturned the ban."
    )
    assert kinds(a, b) == {"antonym"}


def test_keys_are_bounded():
    text = " ".join(f"Word{i} alpha{i}x beta{i}y gamma{i}z" for i in range(30))
    assert len(claim_keys(text)) <= MAX_KEYS


def test_similarity_ranks_the_same_story_above_another():
    base = claim_keys("Floods in Kerala killed 40 people.")
    same = claim_keys("At least 40 people died in floods in Kerala.")
    other = claim_keys("The central bank raised interest rates in Brazil.")
    assert similarity(base, same) > similarity(base, other)
    assert similarity(base, base) == 1.0
    assert similarity(set(), set()) == 0.0


def test_similarity_from_the_sets_weights_is_the_weighted_jaccard_exactly():
    """Flagging gives each set's weight once (``weights``); the union's weight taken as the
    two less what they share is the same number to the last bit, so no ranking moves."""
    texts = [
        "Floods in Kerala killed 40 people, the ministry of home affairs said.",
        "At least 40 people died in floods in Kerala, according to the United Nations.",
        "The central bank raised interest rates in Brazil by 50 basis points.",
        "No villages were flooded, the New Delhi government said.",
    ]
    for a in map(claim_keys, texts):
        for b in map(claim_keys, texts):
            union = sum(key_weight(k) for k in a | b)
            jaccard = sum(key_weight(k) for k in a & b) / union
            weights = (keys_weight(a), keys_weight(b))
            assert similarity(a, b) == similarity(a, b, weights=weights) == jaccard


# --- detectors


def test_numeric_flags_intervals_that_cannot_overlap():
    a = "Nearly 100 countries backed the resolution."
    b = "At least 150 countries backed the resolution."
    assert kinds(a, b) == {"numeric"}
    text = explanation(a, b, "numeric")
    assert '"Nearly 100 countries" (90–99)' in text
    assert '"At least 150 countries" (150 or more)' in text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("At least 40 people died in the floods.", "As many as 300 people died in the floods."),
        ("The storm killed 12 people in the north.", "The storm injured 300 people in the north."),
        ("The floods destroyed 2,000 homes.", "The floods displaced 40,000 people."),
        ("Floods in Kerala killed 40 people.", "Floods in Assam killed 300 people."),
        ("Inflation rose to 7 percent in 2022.", "Inflation stood at 3 percent in 2024."),
        ("The dam could displace up to 4 million people.", "The dam displaced 40,000 people."),
        ("The toll rose to 90 on Wednesday, up from 40.", "The toll stood at 40 on Monday."),
    ],
)
def test_numeric_leaves_compatible_figures_alone(a, b):
    assert "numeric" not in kinds(a, b)


@pytest.mark.parametrize(
    ("part", "whole"),
    [
        # a place that opens the sentence scopes the figure after its comma
        (
            "Meanwhile, in Tarvish province, the cyclone has killed 14 people.",
            "The cyclone killed at least 230 people and injured 610, the agency said.",
        ),
        (
            "In Tarvish alone, the cyclone has killed 14 people and injured 40.",
            "The cyclone killed at least 230 people and injured 610, the agency said.",
        ),
        # "there" points back at the place named before it
        (
            "At least 9 of the dead were in Tarvish, with another 14 people injured there.",
            "Officials said at least 230 people had been killed in the cyclone, with 610 injured.",
        ),
    ],
)
def test_numeric_leaves_a_figure_of_a_place_named_before_it_alone(part, whole):
    assert "numeric" not in kinds(part, whole)
    # with the place said of neither, the same figures conflict
    assert "numeric" in kinds("The cyclone has killed 14 people.", whole)


def test_numeric_leaves_a_figure_told_by_its_state_against_another_event_alone():
    a = (
        "The death toll from Friday's cyclone that flattened villages in the delta rose to 40"
        " with another 58 people missing."
    )
    b = "A total of 113 people were rescued from flattened villages in the delta."
    assert "numeric" not in kinds(a, b)
    # the same state on both sides is still one count
    assert "numeric" in kinds(a, "Rescuers said 12 people were still missing in the delta.")


def test_numeric_leaves_those_present_against_those_hurt_alone():
    a = "The mayor said 4,000 people had been at the stadium when the roof fell."
    assert "numeric" not in kinds(a, "40 people died right at the stadium.")
    ferry = "There were 45 people on board the ferry when it capsized."
    assert "numeric" not in kinds(ferry, "30 people died on the ferry.")
    # two counts of those who died still conflict
    assert "numeric" in kinds("45 people died on the ferry.", "30 people died on the ferry.")


def test_numeric_leaves_a_figure_that_a_denial_rejects_alone():
    a = "The inquiry dismisses the official death toll of 64 as a gross undercount."
    b = "Independent inquiries concluded that the death toll was between 400 and 1,000"
    assert "numeric" not in kinds(a, b)
    # the figure itself, said without the dismissal, conflicts
    assert "numeric" in kinds("The official death toll was 64.", b)


def test_numeric_leaves_two_adjacent_impressions_of_size_alone():
    a = "Hundreds of people were queueing outside the stadium."
    b = "Thousands of people were queueing outside the stadium, the police said."
    assert "numeric" not in kinds(a, b)
    # impressions farther apart, or an impression against a count, still conflict
    assert "numeric" in kinds("A handful of people were queueing outside the stadium.", b)
    assert "numeric" in kinds("Just 40 people were queueing outside the stadium.", b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a distance that places a town is no reading of the quake's depth
        (
            "The quake killed 398 people in Ludian County, 277 miles north of Kunming.",
            "The quake struck at a depth of 6 miles, the survey said.",
        ),
        (
            "The epicentre was 14 km (9 miles) south-west of the city, the survey said.",
            "The quake struck at a depth of 6 km, officials said.",
        ),
        # a population is no count of the dead
        (
            "The quake hit a county with a population of about 400,000 people, Xinhua said.",
            "The quake left 302 people dead in the county, officials said.",
        ),
        # a change told from the other's figure knows it
        (
            "The governor raised the official death toll from 64 to 2,975 on Tuesday.",
            "In early December, the official death toll remained at 64.",
        ),
    ],
)
def test_numeric_leaves_positions_populations_and_earlier_figures_alone(a, b):
    assert "numeric" not in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The quake struck at a depth of 10 km, the agency said.",
            "The quake struck at a depth of 35 km, officials said.",
        ),
        (
            "The governor raised the official death toll from 64 to 2,975 on Tuesday.",
            "The official death toll stood at 1,400, the health ministry said.",
        ),
    ],
)
def test_numeric_still_compares_readings_and_the_figure_a_change_came_to(a, b):
    assert kinds(a, b) == {"numeric"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the size of a change is no reading of the count
        (
            "The official death toll was cut by 240 on Sunday, the ministry said.",
            "The death toll was 1,900, the ministry said.",
        ),
        (
            "The vote for the party grew by 0.4 percent, the commission said.",
            "The vote for the party was 41 percent, the commission said.",
        ),
        # the base of a multiple is the figure compared with, not the claim's own
        (
            "Researchers said the death toll was about triple the 212 deaths the coroner counted.",
            "The death toll was 640, researchers said.",
        ),
        # a figure since replaced
        (
            "The earlier death toll of 170 was raised after rescuers reached the mine.",
            "The death toll from the mine collapse is 260, rescuers said.",
        ),
        (
            "A senator said the death toll - then just 12 - was small.",
            "The death toll is 47, the mayor said.",
        ),
        # tallies at different stages, or one on its way and the final one
        (
            "With 60 percent of ballots counted, the governor had 52 percent, the board said.",
            "With 98 percent of ballots counted, the governor had 49 percent, the board said.",
        ),
        (
            "After 70% of precincts had reported, the challenger had 44 percent of the vote.",
            "The challenger had 39 percent of the vote, the final results showed.",
        ),
    ],
)
def test_numeric_leaves_changes_bases_replaced_and_partial_figures_alone(a, b):
    assert "numeric" not in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the figure's own state word outranks the clause's other words
        (
            "The death toll from the flood rose to 212 with another 73 people missing, "
            "officials said.",
            "The flood killed 212 people, rescuers said.",
        ),
        # a nation's population is no count of the dead
        (
            "The bombings were the deadliest in the nation of 9 million people in decades.",
            "The bombings killed 131 people in the capital, officials said.",
        ),
        # a subject parted from its verb by an aside is still who won
        (
            "Maria Olsen, a lawyer who entered the race in June, won 12 percent of the vote.",
            "The sitting governor won 71 percent of the vote, the commission said.",
        ),
        # the dead of one place within the event are some of the toll
        (
            "Nine people died in hospital after the crash, the clinic said.",
            "The crash killed 31 people, the police said.",
        ),
        (
            "Nine people died at the scene of the crash, police said.",
            "31 people died in the crash, officials said.",
        ),
    ],
)
def test_numeric_reads_states_populations_asides_and_parts(a, b):
    assert "numeric" not in kinds(a, b)


def test_numeric_still_flags_a_part_larger_than_the_whole():
    a = "Forty people died in hospital after the crash, the clinic said."
    b = "The crash killed 31 people, the police said."
    assert kinds(a, b) == {"numeric"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two tallies at one stage, said to different precision, still disagree
        (
            "With 90% of ballots counted, the governor had 52 percent, the board said.",
            "With 90.2 percent of ballots counted, the governor had 47 percent, a rival said.",
        ),
        # a figure beside a change still counts ("raised ... to 260" is the toll)
        (
            "The toll was raised by 90 to 260, the ministry said.",
            "The ministry's toll of 150 was the last one given, the police said.",
        ),
    ],
)
def test_numeric_still_compares_readings_beside_a_change_or_at_one_stage(a, b):
    assert kinds(a, b) == {"numeric"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a denial that names a figure rejects claims of that figure, not every claim on it
        (
            "The inquiry dismisses the official toll of 64 as a gross undercount.",
            "The inquiry said the official toll left out deaths in rural clinics.",
        ),
        (
            "The inquiry dismisses the official death toll of 64 as a gross undercount.",
            "The inquiry studied deaths after the storm through the end of February.",
        ),
        # the denier's own name is not what it denies
        (
            "Harlow Analytics disputed the number.",
            "The whole statement from Harlow Analytics can be found below.",
        ),
        (
            "Greenfield Mining rejected the report.",
            "Greenfield Mining shares fell after the report was published.",
        ),
    ],
)
def test_denial_needs_what_is_denied_not_the_denier_or_the_topic_of_a_figure(a, b):
    assert "denial" not in kinds(a, b)


@pytest.mark.parametrize(
    ("denial", "assertion"),
    [
        (
            "Peru denied shelling the market in the border town and said Tarvish rebels were"
            " to blame.",
            "Peruvian troops shelled the market in the border town, killing 12, witnesses said.",
        ),
        (
            "Peru denied any involvement in the shelling of the market and blamed Tarvish rebels.",
            "Peruvian troops carried out the shelling of the market, witnesses said.",
        ),
    ],
)
def test_a_denier_denying_its_own_act_is_who_the_other_claim_says_acted(denial, assertion):
    assert "denial" in kinds(denial, assertion)


def test_a_denial_of_an_own_act_ends_where_the_deniers_next_statement_begins():
    denial = (
        "Peru denied carrying out a drone strike on the depot and claimed the drone involved"
        " was flown only by the rebel militia."
    )
    assertion = "Officials said on Tuesday that Peru deliberately struck the crowded fuel depot."
    assert "denial" in kinds(denial, assertion)
    # what follows its next statement is no part of what it denies
    later = "The drone involved was flown only by the rebel militia, the monitors said."
    assert "denial" not in kinds(denial, later)


def test_a_denier_of_a_report_is_still_not_what_it_denies():
    a = "Peru denied the reports and said Tarvish rebels were to blame for the market shelling."
    b = "Peruvian troops shelled the market in the border town, witnesses said."
    assert "denial" not in kinds(a, b)


def test_denial_of_a_figure_still_meets_the_claim_of_that_figure():
    a = "The inquiry dismisses the official toll of 64 as a gross undercount."
    b = "The official toll stood at 64 in March, the governor said."
    assert "denial" in kinds(a, b)


@pytest.mark.parametrize(
    ("negated", "asserted"),
    [
        (
            "The army said on Tuesday it had not shelled any hospital in the town of Varna.",
            "Witnesses said army units shelled the town's main hospital in Varna.",
        ),
        (
            "The navy said it did not fire any rockets at the fishing boats near the island.",
            "Fishermen said navy ships fired missiles at their fishing boats.",
        ),
    ],
)
def test_negation_of_an_act_meets_the_claim_that_asserts_it(negated, asserted):
    assert "negation" in kinds(negated, asserted)


@pytest.mark.parametrize(
    ("negated", "other"),
    [
        # the other claim negates too, and may agree
        (
            "The bank said the 2 million files did not contain card numbers of its clients.",
            "The 2 million files contained only names, which the bank says is not enough to "
            "harm its clients.",
        ),
        # the act shares too little with the other claim
        (
            "The army said on Tuesday it had not shelled any hospital in the town of Varna.",
            "The army said on Tuesday it would open a road to the town of Varna.",
        ),
    ],
)
def test_negation_of_an_act_needs_the_act_asserted(negated, other):
    assert "negation" not in kinds(negated, other)


def test_denial_names_cue_and_shared_evidence():
    a = "The ministry denied that any villages were flooded."
    b = "Satellite images show three villages under water."
    assert kinds(a, b) == {"denial"}
    text = explanation(a, b, "denial")
    assert 'cue: "denied"' in text
    assert "villages" in text and "flooded" in text


@pytest.mark.parametrize(
    "denial",
    [
        "The company dismissed as baseless reports that toxic waste leaked into the river.",
        "The company rejected allegations that toxic waste leaked into the river.",
        "Claims that toxic waste leaked into the river are fabricated, the company said.",
        "There is no evidence that toxic waste leaked into the river, the company said.",
        "The company refuted reports that toxic waste leaked into the river.",
    ],
)
def test_denial_cues(denial):
    assert "denial" in kinds(denial, "Toxic waste leaked into the river, farmers said.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The court rejected the request for bail.", "The defendant asked the court for bail."),
        ("The singer was denied entry at the airport.", "The singer arrived at the airport."),
        ("The firm denied wrongdoing.", "The firm was fined by regulators last year."),
        (
            "The ministry denied that villages were flooded.",
            "No villages were flooded, the governor said.",
        ),
    ],
)
def test_denial_needs_a_factual_object_and_an_assertion(a, b):
    assert "denial" not in kinds(a, b)


def test_negation_flags_the_same_statement_negated():
    a = "The president did not sign the budget bill."
    b = "The president signed the budget bill, his office said."
    assert kinds(a, b) == {"negation"}
    text = explanation(a, b, "negation")
    assert '"not"' in text and "president" in text and "bill" in text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Officials did not say how many people died.", "Officials said 40 people died."),
        ("Police declined to comment on the arrests.", "Police arrested 23 people."),
        (
            "The government did not order an evacuation.",
            "The government ordered the release of fishermen.",
        ),
        ("No more than 30 trucks crossed the border.", "Thirty trucks crossed the border."),
    ],
)
def test_negation_skips_reporting_and_other_statements(a, b):
    assert "negation" not in kinds(a, b)


def test_antonym_names_both_predicates():
    a = "The appeals court upheld the ban on the party."
    b = "The appeals court overturned the ban on the party."
    assert kinds(a, b) == {"antonym"}
    text = explanation(a, b, "antonym")
    assert '"upheld"' in text and '"overturned"' in text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Exports rose in March.", "Imports fell in March."),
        ("Unemployment rose in the north.", "Unemployment fell in the south."),
        ("Inflation rose in 2021.", "Inflation fell in 2023."),
        ("Inflation did not rise in May.", "Inflation fell in May."),
    ],
)
def test_antonym_needs_the_same_subject_setting_and_polarity(a, b):
    assert "antonym" not in kinds(a, b)


def test_claims_from_one_source_are_never_flagged():
    a = ClaimView("Nearly 100 countries signed.", "Reuters")
    b = ClaimView("At least 150 countries signed.", "reuters")
    assert detect_contradictions(a, b) == []


def test_detection_rejects_unknown_kinds_and_scores():
    with pytest.raises(ValueError):
        Detection("sarcasm", 0.5, "")
    with pytest.raises(ValueError):
        Detection("numeric", 0.0, "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Only a dozen families have returned.", "At least 40 families have returned."),
        (
            "Three-quarters of the teachers joined the strike.",
            "Fewer than half of the teachers took part in the strike.",
        ),
        (
            "Most polling stations opened on time.",
            "Only 20 percent of polling stations opened on time.",
        ),
        (
            "The majority of shareholders voted against the merger.",
            "Just 30% of shareholders voted against the merger.",
        ),
        (
            "Drought wiped out a third of the harvest.",
            "Around 70% of the harvest was wiped out by drought.",
        ),
        (
            "Nine in ten voters backed the charter.",
            "The charter was backed by 55 percent of voters.",
        ),
        (
            "A handful of patients were treated after the blaze.",
            "Scores of patients were treated after the blaze.",
        ),
    ],
)
def test_numeric_reads_vague_amounts_and_shares(a, b):
    assert "numeric" in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # different things happened to the counted people
        (
            "23 people were treated for burns after the fire.",
            "More than 40 people fell ill after the fire.",
        ),
        (
            "Rescuers said 12 people were rescued from the building.",
            "About 30 people are still trapped in the building.",
        ),
        (
            "Police arrested 15 people during the march.",
            "About 2,000 people took part in the march.",
        ),
        (
            "Hundreds of migrants were rescued off the coast.",
            "Dozens of migrants drowned off the coast.",
        ),
        # different times or scopes
        ("Turnout this year was 48 percent.", "Turnout four years ago was 71 percent."),
        ("Unemployment stood at 9 percent last year.", "Unemployment is now 6 percent."),
        ("Turnout in 2019 was 67 percent.", "Turnout was 52 percent this time."),
        ("Turnout was 62 percent in the capital.", "Turnout was 45 percent nationwide."),
        # shares of different wholes, or different things said of one whole
        ("Four in ten adults are overweight.", "Twelve percent of children are overweight."),
        ("Nearly half of the workers are women.", "Three-quarters of the workers are under 35."),
        ("A quarter of the budget goes to defence.", "Half of the budget goes to health."),
    ],
)
def test_numeric_needs_the_same_event_time_and_whole(a, b):
    assert "numeric" not in kinds(a, b)


def test_numeric_flags_rivals_shares_of_one_vote_above_the_whole():
    a = "According to its own count, Jane Roe won 70% of the vote."
    b = "The election board said John Doe won 68.4 percent of the votes."
    found = explanation(a, b, "numeric")
    assert "Roe" in found and "Doe" in found
    # rivals' shares that fit in the whole, or one rival's share twice, are no conflict
    assert "numeric" not in kinds(
        a, "The election board said John Doe won 28.4 percent of the votes."
    )
    assert "numeric" not in kinds(a, "Roe won 70.2 percent of the votes, the board said.")
    assert "numeric" not in kinds(a, "The board said John Doe could win 68 percent of the votes.")


@pytest.mark.parametrize(
    "denial",
    [
        "The army rejected claims that its soldiers shelled the hospital.",
        "The army dismissed reports that its soldiers shelled the hospital.",
        "The army denied allegations that its soldiers shelled the hospital.",
        "The army said it was untrue that its soldiers shelled the hospital.",
        "Claims that its soldiers shelled the hospital were rejected by the army.",
    ],
)
def test_denial_reads_what_the_that_clause_says(denial):
    assert "denial" in kinds(denial, "Soldiers shelled the hospital overnight, witnesses said.")


CHARGE = "Fishermen accused the mining company of dumping toxic sludge into Lake Kivu."
POINTING_BACK = "The company has firmly denied the allegations."


def after(text: str, before: str, source: str = "denier") -> ClaimView:
    return ClaimView(text, source, context=ClaimView(before, "accuser"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China has strongly denied the allegations.", True),
        ("The interior ministry rejected the accusations.", True),
        ("Prison authorities dismissed these claims as fabricated.", True),
        ("The water authority dismissed the reports.", True),
        ("The ministry rejected the reports of flooding.", False),
        ("The ministry denied that any villages were flooded.", False),
        ("The firm denied wrongdoing.", False),
        ("Fishermen said the allegations were serious.", False),
        ("The bank denied the allegations and said it would appeal.", True),
        ("The agency dismissed the findings as flawed.", True),
        ("The governor denied the accusations on Tuesday.", True),
        ("The bank denied the allegations of fraud and said it would appeal.", False),
        ("The bank denied the claims that it broke lending rules.", False),
        ("The ministry denied that reports had been sent to the governor.", False),
    ],
)
def test_points_back_reads_a_denial_of_a_charge_it_does_not_state(text, expected):
    assert points_back(text) is expected


def test_a_denial_that_points_back_rejects_the_charge_before_it():
    found = detect_contradictions(after(POINTING_BACK, CHARGE), ClaimView(CHARGE, "accuser"))
    assert [d.kind for d in found] == ["denial"]
    assert "the charge made just before it" in found[0].explanation
    assert "sludge" in found[0].explanation and 'cue: "denied"' in found[0].explanation


def test_a_denial_that_points_back_rejects_the_same_charge_elsewhere():
    elsewhere = ClaimView("Villagers said toxic sludge from the mine was dumped into Lake Kivu.")
    found = detect_contradictions(after(POINTING_BACK, CHARGE), elsewhere)
    assert [d.kind for d in found] == ["denial"]
    assert CHARGE[:40] in found[0].explanation


def test_a_denial_of_the_charges_rejects_the_charge_brought_just_before():
    charge = "Prosecutors charged the former mayor with taking bribes from a builder."
    found = detect_contradictions(
        after("The former mayor denied the charges.", charge), ClaimView(charge, "prosecutors")
    )
    assert [d.kind for d in found] == ["denial"]


def test_a_denial_that_points_back_at_a_report_denies_its_concerns_only():
    report = (
        "A report by election monitors raised concerns that thousands of ballots in the north "
        "were destroyed."
    )
    found = detect_contradictions(
        after("The electoral commission dismissed these claims.", report),
        ClaimView("Thousands of ballots were destroyed in the north, an observer said."),
    )
    assert [d.kind for d in found] == ["denial"]
    shared = found[0].explanation.split("shared: ")[1]
    assert "ballots" in shared and "monitors" not in shared


@pytest.mark.parametrize(
    ("denier", "other"),
    [
        # Nothing before it: what "the allegations" were is unknown.
        (ClaimView(POINTING_BACK, "denier"), ClaimView(CHARGE, "accuser")),
        # The claim before it is the denier's own.
        (after(POINTING_BACK, CHARGE, source="accuser"), ClaimView(CHARGE, "third")),
        # The claim before it charges nobody: the allegations were made further back.
        (
            after("The airline rejected the accusations.", "The storm closed the airport."),
            ClaimView("The storm closed the airport, passengers said.", "passengers"),
        ),
        # The claim before it is a denial: rejecting it agrees with the other claim.
        (
            after("Engineers rejected the claims.", "The ministry denied that the dam leaked."),
            ClaimView("The dam leaked after heavy rain, farmers said.", "farmers"),
        ),
        # "The charges" were brought further back than the claim before the denial.
        (
            after(
                "His lawyer denied the charges.",
                "Police said the suspect was arrested at the airport on Monday.",
            ),
            ClaimView("Police said the suspect was arrested at the airport on Monday.", "police"),
        ),
        # The other claim shares the charge's words, not what it alleges.
        (
            after(
                "The broadcaster denied the allegations.",
                "Critics accuse the broadcaster of bias in its election coverage.",
            ),
            ClaimView("The broadcaster's election coverage drew a record audience.", "ratings"),
        ),
    ],
)
def test_a_denial_that_points_back_needs_another_sources_charge_on_the_topic(denier, other):
    assert "denial" not in {d.kind for d in detect_contradictions(denier, other)}


def test_pairing_keys_of_a_denial_that_points_back_hold_the_charge():
    assert claim_keys(CHARGE) <= pairing_keys(POINTING_BACK, CHARGE)
    assert pairing_keys(POINTING_BACK) == claim_keys(POINTING_BACK)
    plain = "The firm said sales rose."
    assert pairing_keys(plain, CHARGE) == claim_keys(plain)


def test_a_denial_ends_with_its_sentence():
    denial = (
        "The army denied that its soldiers looted the market. Its soldiers guarded the port"
        " overnight."
    )
    assert "denial" in kinds(denial, "Soldiers looted the market, traders said.")
    assert "denial" not in kinds(denial, "Soldiers guarded the port overnight, residents said.")


def test_a_denial_ends_where_a_contrast_begins():
    denial = "The army denied that soldiers looted shops in the market however it admitted a curfew"
    assert "denial" in kinds(denial, "Soldiers looted shops in the market, traders said.")
    assert "denial" not in kinds(denial, "A curfew was imposed on the market, residents said.")


@pytest.mark.parametrize(
    "question",
    [
        "Did the factory dump waste into the river?",
        "Reporters asked whether the factory had dumped waste into the river.",
        "Lawmakers want to know how much waste the factory dumped into the river.",
    ],
)
def test_a_question_states_nothing_to_contradict_or_corroborate(question):
    assert not kinds(question, "The factory denied that it had dumped waste into the river.")
    assert same_statement(question, "The factory dumped waste into the river, farmers said.") == 0


def test_denial_of_a_request_is_no_conflict():
    a = "The minister denied the request for more funding."
    assert "denial" not in kinds(a, "The hospital asked the minister for more funding.")


def test_denial_keeps_nouns_that_only_sound_like_its_cue():
    # "accounts" names what was frozen here, not the accounts that a denial rejects.
    a = "The government denied reports that it had frozen the accounts of journalists."
    assert "denial" in kinds(a, "The government froze the accounts of several journalists.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The regulator tightened lending rules.", "The regulator loosened lending rules."),
        ("The regulator eased lending rules.", "The regulator tightened lending rules."),
        ("The storm strengthened near the coast.", "The storm weakened near the coast."),
        (
            "Exports to Europe expanded in the spring.",
            "Exports to Europe contracted in the spring.",
        ),
        ("The coalition's majority shrank.", "The coalition's majority expanded."),
        ("The ruling party gained seats.", "The ruling party lost seats."),
        ("The central bank cut interest rates.", "The central bank raised interest rates."),
        ("The jury acquitted the police chief.", "The police chief was convicted by the jury."),
        ("The judge found the driver guilty.", "The driver was found innocent, the judge ruled."),
    ],
)
def test_antonyms_of_direction_and_verdict(a, b):
    assert "antonym" in kinds(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The court convicted two of the defendants.",
            "The court acquitted three of the defendants.",
        ),
        ("The bank cut its forecast for growth.", "The bank raised its forecast for inflation."),
    ],
)
def test_antonyms_about_different_things_are_no_conflict(a, b):
    assert "antonym" not in kinds(a, b)


# --- corroboration


def test_same_statement_groups_paraphrases_only():
    a = "The dam displaced 40,000 villagers, two officials told Reuters."
    b = "Some 40,000 villagers were displaced by the dam, officials said."
    assert same_statement(a, b) >= SAME_STATEMENT_THRESHOLD
    assert same_statement(a, "The dam displaced 4,000 villagers.") == 0.0
    assert same_statement(a, "The central bank raised rates.") < SAME_STATEMENT_THRESHOLD
    assert same_statement(a, "The dam did not displace any villagers.") == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Lawmakers passed the bill on Thursday.",
            "The bill was approved by parliament on Thursday.",
        ),
        (
            "About 40,000 people attended the concert.",
            "Some forty thousand people turned out for the concert.",
        ),
        (
            "The company said it would close three factories.",
            "The firm mentioned it would shut three plants.",
        ),
        (
            "The minister resigned after the scandal.",
            "After the scandal, the minister stepped down.",
        ),
        ("Half of the buses were withdrawn.", "Fifty percent of the buses were withdrawn."),
        (
            "Nearly 1.5 million people have fled the country.",
            "Almost one and a half million people have left the country.",
        ),
        (
            "The attackers killed 14 villagers.",
            "Fourteen villagers were killed by the attackers, in response to officials.",
        ),
        (
            "Police told reporters the suspect was arrested.",
            "Police instructed reporters the suspect was detained.",
        ),
    ],
)
def test_same_statement_groups_reworded_and_spun_paraphrases(a, b):
    assert same_statement(a, b) >= SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same topic, another event
        ("The senate approved the budget on Tuesday.", "The senate debated the budget on Tuesday."),
        ("The president met the prime minister.", "The president criticised the prime minister."),
        # the same event, other figures, however close
        ("Nearly 500 people were evacuated.", "About 450 people were evacuated."),
        ("Dozens of people were injured.", "Around 60 people were injured."),
        ("At least 12 people were killed.", "The attack killed 15 people."),
        # a figure on one side only, a forecast against a report, a conflict
        ("Officials did not say how many people died.", "Officials said 40 people died."),
        ("The company will cut 2,000 jobs.", "The company cut 2,000 jobs."),
        ("The regulator tightened lending rules.", "The regulator loosened lending rules."),
    ],
)
def test_same_statement_keeps_different_statements_apart(a, b):
    assert same_statement(a, b) < SAME_STATEMENT_THRESHOLD


# --- labelled set: floors a little under the measured figures


def test_labelled_pairs_meet_the_floors():
    report = evaluate()
    assert report.pairs >= 80
    assert report.contradictions.precision >= 0.9
    assert report.contradictions.recall >= 0.9
    for kind in ("numeric", "denial", "negation", "antonym"):
        assert report.by_kind[kind].recall >= 0.85, kind
    assert report.same_statement.recall >= 0.85
    assert report.same_statement.precision >= 0.9
    assert "precision" in format_report(report)


@pytest.mark.parametrize("folder", ["dev2", "dev3"])
def test_second_labelled_sets_meet_the_floors(folder):
    # Written later, on other stories and phrasings; dev3 was labelled and kept unseen while
    # the rules were changed for dev2.
    report = evaluate(DEFAULT_DATA_DIR / folder)
    assert report.pairs >= 30
    assert report.contradictions.precision >= 0.85
    assert report.contradictions.recall >= 0.85
    assert report.same_statement.precision >= 0.9
    assert report.same_statement.recall >= 0.75


def test_pointing_back_set_meets_the_floors():
    # dev4: denials of "the allegations" with the claim before them, questions and contrasts;
    # written after those rules and measured once (R 0.75) before they were changed for it.
    report = evaluate(DEFAULT_DATA_DIR / "dev4")
    assert report.pairs >= 12
    assert report.contradictions.precision >= 0.9
    assert report.by_kind["denial"].recall >= 0.85


def test_evaluation_command_prints_figures_and_rejects_bad_data(tmp_path, capsys):
    assert main([]) == 0
    assert "contradictions" in capsys.readouterr().out
    (tmp_path / "pairs.jsonl").write_text('{"a": "x"}\n', encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    assert "pairs.jsonl:1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a figure restated in another unit is one figure
        (
            "The landslide buried the road 8 kilometres (5 miles) from the village, police said.",
            "Police said the landslide buried the road 5 miles from the village.",
        ),
        (
            "The tremor was centred about 20 miles (32 km) below the seabed, the agency said.",
            "The agency said the tremor was centred 32 kilometres below the seabed.",
        ),
        # a figure that sets the scene, on one side only, is not what the claim reports
        (
            "Officials put the toll at 18 after the storm hit the island, a territory of "
            "about 90,000 people.",
            "The official toll on the island stood at 18.",
        ),
        (
            "The survey measured the quake at 5.4-magnitude, with its epicentre near Orvik, a "
            "town with a population of about 12,000 people.",
            "The survey put the magnitude at 5.4.",
        ),
        # a figure in a relative clause says which thing is meant, not what is said of it
        (
            "The army said it did not carry out the strike that killed 12 people in Dravik.",
            "The army said it did not carry out the strike in Dravik.",
        ),
    ],
)
def test_figures_that_are_no_second_reading_keep_no_paraphrase_apart(a, b):
    assert same_statement(a, b, cosine=0.7) >= SAME_STATEMENT_THRESHOLD


def test_a_second_figure_in_brackets_is_no_restatement_unless_it_is_the_same_reading():
    # Brackets, but another reading: 8 km and 15 km are two distances, one of which differs.
    a = "The landslide buried the road 8 kilometres (and a bridge 15 km) from the village."
    b = "The landslide buried the road 15 kilometres from the village."
    assert same_statement(a, b, cosine=0.7) < SAME_STATEMENT_THRESHOLD
    # Two figures of one unit side by side, not in brackets: both count.
    c = "The river rose 12 metres on Monday, then 13 metres."
    assert same_statement(c, "The river rose 13 metres on Monday.", cosine=0.7) < (
        SAME_STATEMENT_THRESHOLD
    )


def test_phrase_keys_read_countries_spellings_and_plurals_as_one():
    assert phrase_keys("the nepali defence ministries") == phrase_keys("nepal defense ministry")
    assert phrase_keys("south korean police") == phrase_keys("south korea police")
    assert phrase_keys("the police") < phrase_keys("south korean police")
    assert phrase_keys("defence ministry") != phrase_keys("finance ministry")


def test_a_reported_figure_on_one_side_still_keeps_a_paraphrase_apart():
    a = "Officials put the toll at 18 after the storm hit the island, leaving 9,000 homeless."
    b = "The official toll on the island stood at 18."
    assert same_statement(a, b, cosine=0.7) < SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a country on one side, a town of unknown country on the other: one place, maybe
        (
            "The army denied shelling the market in Dravik on Friday.",
            "The army denied shelling a market in western Moldova on Friday.",
            True,
        ),
        # two countries: two places
        (
            "The army denied shelling a market in Moldova on Friday.",
            "The army denied shelling a market in Romania on Friday.",
            False,
        ),
        # two towns: two places
        (
            "The army denied shelling the market in Dravik on Friday.",
            "The army denied shelling the market in Orvik on Friday.",
            False,
        ),
    ],
)
def test_names_keep_paraphrases_apart_only_when_they_name_other_places(a, b, same):
    assert_grouped(a, b, same, cosine=0.75)


@pytest.mark.parametrize(
    ("text", "modal"),
    [
        ("Prices may rise again next month.", True),
        ("PRICES MAY RISE AGAIN", True),
        ("The study was published on May 12 in a medical journal.", False),
        ("Prime Minister Theresa May said the talks had ended.", False),
    ],
)
def test_may_is_a_modal_only_as_the_verb(text, modal):
    assert is_modal(text) is modal


def test_a_date_in_may_keeps_no_paraphrase_apart():
    a = "The survey was published in a medical journal."
    b = "The survey was published on Tuesday, May 12, in a medical journal."
    assert same_statement(a, b, cosine=0.8) >= SAME_STATEMENT_THRESHOLD


def test_two_readings_of_a_figure_that_name_no_counted_thing_are_two_figures():
    a = "The number of deaths from the blast in the port has risen to 140, officials said."
    b = "The health ministry said the number of deaths from the port blast had risen to 60."
    assert same_statement(a, b, cosine=0.8) < SAME_STATEMENT_THRESHOLD
    c = "The number of deaths from the port blast had risen to 140 by Wednesday, officials said."
    assert same_statement(a, c, cosine=0.8) >= SAME_STATEMENT_THRESHOLD
    # a day of the month is no reading of the figure
    d = "Officials said the number of deaths was 140 after the blast hit the port on Sept. 4."
    assert same_statement(d, a, cosine=0.8) >= SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a negation in a concessive aside that shares nothing with the other claim
        (
            "Hackers stole the payment details of 80,000 shoppers from the retailer, it said.",
            "The retailer said hackers stole payment details of 80,000 shoppers, while its "
            "warehouses weren't affected.",
            True,
        ),
        # ... or in a sentence of its own
        (
            "The ferry carried 212 passengers when it sank off the cape, the coastguard said.",
            '"The ferry carried 212 passengers when it sank off the cape. No crew member '
            'has been found," the coastguard said.',
            True,
        ),
        # a negation of the statement they share keeps them apart
        (
            "Hackers stole the payment details of 80,000 shoppers from the retailer, it said.",
            "The retailer said hackers did not steal payment details of 80,000 shoppers.",
            False,
        ),
        # ... and so does an aside that negates what the other claim says
        (
            "Hackers stole the payment details of 80,000 shoppers, and the warehouses were "
            "affected.",
            "Hackers stole the payment details of 80,000 shoppers, while the warehouses "
            "were not affected.",
            False,
        ),
    ],
)
def test_a_negation_counts_only_in_what_the_claims_share(a, b, same):
    assert_grouped(a, b, same, cosine=0.8)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a round or bounded figure and one it holds: one reading
        ("The storm has killed nearly 3,000 people.", "The storm has killed 2,975 people.", True),
        (
            "The leak exposed 15 million customers.",
            "The leak exposed 15.2 million customers.",
            True,
        ),
        (
            "The party needs at least 50 percent of the vote.",
            "The party needs more than 50 percent of the vote.",
            True,
        ),
        (
            "The regime won 64 percent of the vote.",
            "The regime won 64.2 percent of the vote.",
            True,
        ),
        # two exact figures, a loose one beside an exact one, a bound that leaves the figure out
        ("The storm has killed 40 people.", "The storm has killed 41 people.", False),
        (
            "The regime won about 82 percent of the vote.",
            "The regime won 80.23 percent of the vote.",
            False,
        ),
        ("The storm has killed at least 39 people.", "The storm has killed 38 people.", False),
        ("The storm has killed nearly 500 people.", "The storm has killed over 500 people.", False),
        (
            "The leak exposed 14.5 million customers.",
            "The leak exposed 15 million customers.",
            False,
        ),
    ],
)
def test_one_figure_said_two_ways_is_one_reading(a, b, same):
    assert_grouped(a, b, same, cosine=0.8)


def test_claims_that_negate_or_conflict_stand_apart_even_without_sharing_words():
    from provenance.text.contradiction import stand_apart

    one = ClaimView("The quake killed 120 people in the hill towns, officials said.")
    assert stand_apart(one, ClaimView("The quake killed 45 people in the hill towns."))
    assert stand_apart(one, ClaimView("The quake killed no people in the hill towns."))
    assert not stand_apart(one, ClaimView("Rescuers reached the hill towns on Monday."))
