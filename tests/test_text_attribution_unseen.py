"""Attribution on phrasings the first labelled set lacked: end tags, unusual subjects, name
boundaries, pronouns, relays, kinds from roles and headlines (one test per kind of miss)."""

from pathlib import Path

import pytest

from provenance.text.attribution import extract_attributions
from provenance.text.evaluate_attribution import DEFAULT_DATA_DIR, evaluate
from provenance.text.types import ClaimSpan
from tests.test_text_attribution import chains, only

# Articles written after the first set, labelled before the extractor ever ran on them.
DEFAULT_DEV2 = Path(DEFAULT_DATA_DIR) / "dev2"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Rain fell for ten hours, according to the provincial weather office.",
            ("provincial weather office", "government"),
        ),
        (
            "The evidence was overwhelming, the presiding judge, Jane Doe, said.",
            ("Jane Doe", "government"),
        ),
        (
            "Turnout reached 71 percent, the county elections board announced.",
            ("county elections board", "government"),
        ),
        ("Losses could exceed $300 million, officials estimated.", ("officials", "anonymous")),
        ("Provincial authorities put the toll at 31.", ("Provincial authorities", "government")),
    ],
)
def test_cues_at_the_end_of_a_sentence(body, speaker):
    assert only(body) == [speaker]


def test_put_without_a_figure_is_no_cue():
    assert only("Preliminary results put the mayor ahead.") is None


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Prosecutors allege that the banker hid $4 million.", ("Prosecutors", "government")),
        ("Delivery riders said they had been locked out.", ("Delivery riders", "individual")),
        ("Analysts say the vote will hinge on postal ballots.", ("Analysts", "academic")),
        ("Residents described long queues at polling stations.", ("Residents", "individual")),
        (
            "Based on the Institute for Employment Research, riders earn £9 an hour.",
            ("Institute for Employment Research", "academic"),
        ),
        (
            "In accordance with the national statistics bureau, inflation slowed.",
            ("national statistics bureau", "government"),
        ),
    ],
)
def test_unusual_subjects_and_spun_cues(body, speaker):
    assert only(body) == [speaker]


def test_polled_by_makes_the_pollster_a_relay():
    assert only("Economists polled by Reuters expect a rate cut.") == [
        ("Economists", "academic"),
        ("Reuters", "wire_agency"),
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Cybersecurity researcher Priya Raman of Ohio State University said the group "
            "was active.",
            ("Priya Raman", "academic"),
        ),
        (
            "Mayor Eleni Kountouri of Istiaia said residents had left.",
            ("Eleni Kountouri", "government"),
        ),
        (
            "The county health officer, Dr Ann Lee, said 48 cases were confirmed.",
            ("Ann Lee", "government"),
        ),
        (
            "Burundian journalist Jean-Baptiste Ndayishimiye said staff had moved.",
            ("Jean-Baptiste Ndayishimiye", "news_media"),
        ),
        (
            "The Office of the Special Prosecutor welcomed the verdict.",
            ("Office of the Special Prosecutor", "government"),
        ),
        ("The Chamber of Mines, an industry body, urged talks.", ("Chamber of Mines", "ngo")),
    ],
)
def test_name_boundaries(body, speaker):
    assert only(body) == [speaker]


def test_a_body_introduced_by_name_is_no_person():
    body = (
        "Clean Rivers Mutanda, a local environmental group, said two streams were polluted. "
        "Speedo Eats, which operates in 14 cities, denied the claim. "
        "The television channel Kanali 9 was off air for six hours, the broadcaster said."
    )
    assert chains(body) == [
        [("Clean Rivers Mutanda", "ngo")],
        [("Speedo Eats", "unknown")],
        [("Kanali 9", "news_media")],
    ]


@pytest.mark.parametrize("body_noun", ["group", "union"])
def test_a_spokesperson_for_a_body_named_before_speaks_for_it(body_noun):
    name = {"group": "Integrity Watch", "union": "Broadcasting Union"}[body_noun]
    body = (
        f"The {body_noun} {name} condemned the attack. "
        f"A spokesperson for the {body_noun} said it would help."
    )
    assert chains(body)[1] == [(name, "ngo")]


def test_pronouns_follow_gender_and_the_last_person():
    body = (
        "Mayor Eleni Kountouri said residents had left. "
        "“People took only their clothes,” she said. "
        "Mr Kikilias visited the shelter. "
        "She added that 40 homes had burned. "
        "Civil Protection Minister Vassilis Kikilias told reporters the fire was contained. "
        "He said families would be compensated."
    )
    speakers = [chain[0][0] if chain else None for chain in chains(body)]
    assert speakers == [
        "Eleni Kountouri",
        "Eleni Kountouri",
        None,
        "Eleni Kountouri",
        "Vassilis Kikilias",
        "Vassilis Kikilias",
    ]


def test_a_pronoun_skips_an_organisation_named_since():
    body = (
        "Dr Samuel Ortega, a paediatrician, said the drop was preventable. "
        "The state health department said it had sent doses. "
        "He said misinformation had played a role."
    )
    assert chains(body)[2] == [("Samuel Ortega", "individual")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The interior minister told colleagues the border would close, two officials at "
            "the meeting told Reuters.",
            [
                ("interior minister", "government"),
                ("two officials at the meeting", "anonymous"),
                ("Reuters", "wire_agency"),
            ],
        ),
        (
            "Thousands are waiting, Mariam Abakar told local radio.",
            [("Mariam Abakar", "individual"), ("local radio", "news_media")],
        ),
        (
            "Mariam Abakar told the UN refugee agency that her village burned.",
            [("Mariam Abakar", "individual"), ("UNHCR", "un_body")],
        ),
        (
            "The army chief, General Idriss Mahamat, was quoted by state television as saying "
            "troops would hold.",
            [("Idriss Mahamat", "government"), ("state television", "state_media")],
        ),
        (
            "The plan was approved, according to a memo seen by AFP.",
            [("memo", "document"), ("Agence France-Presse", "wire_agency")],
        ),
        (
            "The governor, Amina Wario, told lenders rates would hold, according to a recording "
            "of the meeting reviewed by Reuters.",
            [
                ("Amina Wario", "government"),
                ("recording of the meeting", "document"),
                ("Reuters", "wire_agency"),
            ],
        ),
        (
            "The army will deploy 2,000 troops, the newspaper Al Wihda reported, citing a "
            "person familiar with the matter.",
            [("person familiar with the matter", "anonymous"), ("Al Wihda", "news_media")],
        ),
        (
            "Sudan's foreign ministry said in a statement, carried by the SUNA news agency, "
            "that the closure was illegal.",
            [("Sudan's foreign ministry", "government"), ("Sudan News Agency", "state_media")],
        ),
        (
            "“They treat us like parts,” one rider, Kofi Mensah, advised the BBC.",
            [("Kofi Mensah", "individual"), ("BBC", "news_media")],
        ),
    ],
)
def test_relays(body, expected):
    found = only(body)
    assert found is not None
    assert [(name.removeprefix("a ").removeprefix("the "), kind) for name, kind in found] == [
        (name, kind) for name, kind in expected
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Elections director Maria Ortiz said counting would end.", ("Maria Ortiz", "government")),
        ("Hospital spokesperson Mark Dwyer said a ward was opened.", ("Mark Dwyer", "government")),
        (
            "Treasury Secretary John Mbadi said borrowing would fall.",
            ("John Mbadi", "government"),
        ),
        (
            "Sarah Cole, chief economist at the central bank, said inflation had peaked.",
            ("Sarah Cole", "government"),
        ),
        ("The teachers' union said the strike would go ahead.", ("teachers' union", "ngo")),
        ("The anti-graft group Integrity Watch said it would appeal.", ("Integrity Watch", "ngo")),
        ("Analysts at Citi said copper would rise.", ("Analysts at Citi", "academic")),
        (
            "Votes were counted, according to the Marlow Courier.",
            ("Marlow Courier", "news_media"),
        ),
    ],
)
def test_kinds_from_roles_and_head_words(body, speaker):
    assert only(body) == [speaker]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A count revised by how much it moved is the reviser's count, as one revised "to" is,
        # however long the name of what was counted.
        (
            "The coastguard lowered the death toll from the ferry sinking off the cape by more "
            "than 20 people on Friday.",
            [("coastguard", "government")],
        ),
        (
            "Authorities lowered the death toll from the Easter Sunday bombings in the capital "
            "by more than 100 people on Thursday.",
            [("Authorities", "government")],
        ),
        (
            "The relief agency raised the death toll of the magnitude 6.8 earthquake that struck "
            "the northern coast of the island last week to 412.",
            [("relief agency", "government")],
        ),
        # A price moved by an amount is an act, not a count anyone reports.
        ("The utility raised prices by 5 percent.", None),
    ],
)
def test_a_count_revised_by_an_amount_or_after_a_long_name(body, expected):
    assert chains(body) == [expected]


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        (
            "Turnout tops 70% as finance minister warns of budget squeeze",
            ("finance minister", "government"),
        ),
        (
            "Measles outbreak grows to 48 cases, county health officer says",
            ("county health officer", "government"),
        ),
    ],
)
def test_headline_attribution(headline, speaker):
    assert only(headline) == [speaker]


def test_second_labelled_set_stays_above_floors():
    labelled = evaluate(DEFAULT_DEV2)["labelled"]
    assert labelled.claims >= 110
    assert labelled.speaker_accuracy >= 0.95
    assert labelled.kind_accuracy >= 0.93
    assert labelled.relay_recall >= 0.9


# Articles written after the second set, labelled before the extractor ran on them: datelines,
# multi-hop accounts, relative clauses, unnamed people, companies and clinicians.
DEFAULT_DEV3 = Path(DEFAULT_DATA_DIR) / "dev3"


@pytest.mark.parametrize(
    ("body", "publisher", "expected"),
    [
        (
            "ATHENS (AFP) - Two hikers were rescued on Mount Olympus, the fire service said.",
            "Daily Web",
            [("fire service", "government"), ("Agence France-Presse", "wire_agency")],
        ),
        (
            "LIMA, Peru (AP) — Floods cut the main highway, officials said.",
            "Andes Online",
            [("officials", "anonymous"), ("Associated Press", "wire_agency")],
        ),
        (
            "Storm hits coast\n\nMANILA (Reuters) -- A typhoon killed five people, police said.",
            "Island News",
            [("police", "government"), ("Reuters", "wire_agency")],
        ),
        (
            "ATHENS (AFP) - Two hikers were rescued on Mount Olympus, the fire service said.",
            "AFP",
            [("fire service", "government")],
        ),
    ],
)
def test_a_dateline_agency_relays_the_story(body, publisher, expected):
    assert chains(body, publisher)[-1] == expected


def test_a_dateline_agency_relays_every_attributed_claim():
    body = (
        "OTTAWA (CP) — The budget deficit widened, the finance department said. "
        "“We will restore balance,” Minister Jane Holt told reporters. "
        "The session ended at noon."
    )
    found = chains(body, "Prairie Daily")
    assert [chain[-1] if chain else None for chain in found] == [
        ("The Canadian Press", "wire_agency"),
        ("The Canadian Press", "wire_agency"),
        None,
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Economists polled by Reuters had anticipated a rise of 0.3%.",
            [("Economists", "academic"), ("Reuters", "wire_agency")],
        ),
        (
            "Analysts surveyed by Bloomberg had expected a smaller deficit.",
            [("Analysts", "academic"), ("Bloomberg News", "news_media")],
        ),
        (
            "The central bank cut rates, according to a press release issued on Monday.",
            [("a press release issued", "document")],
        ),
        (
            "The regulator fined the firm, according to a notice posted on its website.",
            [("a notice posted on its website", "document")],
        ),
        (
            "Inflation fell to 3%, in response to the nationwide statistics workplace.",
            [("nationwide statistics workplace", "government")],
        ),
    ],
)
def test_polls_and_releases(body, expected):
    assert only(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Two suspects were detained, Kanal 5 reported, citing police sources.",
            [("police sources", "anonymous"), ("Kanal 5", "news_media")],
        ),
        (
            "Residents found that the water had been cut, the news website News24 reported.",
            [("Residents", "individual"), ("News24", "news_media")],
        ),
        (
            "Investigators found that contracts had been rigged, the daily Vecer reported.",
            [("Investigators", "government"), ("Vecer", "news_media")],
        ),
    ],
)
def test_an_outlet_that_reports_is_a_relay(body, expected):
    assert only(body) == expected


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The Bank of Korea said exports would slow.", ("Bank of Korea", "government")),
        (
            "The Reserve Financial institution of India mentioned inflation had eased.",
            ("Reserve Financial institution of India", "government"),
        ),
        (
            "Citizens for a Clean River said the water was unsafe.",
            ("Citizens for a Clean River", "ngo"),
        ),
        (
            "The national statistics office said output grew 2%.",
            ("national statistics office", "government"),
        ),
    ],
)
def test_whole_organisation_names_and_central_banks(body, speaker):
    assert only(body) == [speaker]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Dr Maria Lopez, an emergency physician at St Luke's Hospital, said beds ran out.",
            ("Maria Lopez", "individual"),
        ),
        (
            "Dr Ruth Banda, who runs the clinic in Kasenga, said 23 children were treated.",
            ("Ruth Banda", "individual"),
        ),
        (
            "Health Minister Dr Aaron Moyo said the hospital had enough staff.",
            ("Aaron Moyo", "government"),
        ),
        (
            "“Nobody tells us anything,” said Linda Marsh, a coordinator at the advocacy group "
            "Care First.",
            ("Linda Marsh", "ngo"),
        ),
    ],
)
def test_people_at_hospitals_and_groups(body, speaker):
    assert only(body) == [speaker]


def test_a_role_in_a_body_named_before_takes_its_kind():
    body = (
        "The environmental group Clean Water Now said the river was polluted. "
        "Its director, Halima Yusuf, said samples would be sent abroad."
    )
    assert chains(body)[1] == [("Halima Yusuf", "ngo")]


@pytest.mark.parametrize("pronoun", ["He", "She"])
def test_a_pronoun_can_stand_for_an_unnamed_person(pronoun):
    body = (
        "Chief prosecutor Ana Kovac said the case was strong. "
        "A former player, who testified behind a screen, told the court he had been paid. "
        f"{pronoun} said the money came in envelopes."
    )
    assert chains(body)[2] == [("A former player", "anonymous")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "The federation, which is now led by the minister's former deputy, said it would "
            "cooperate.",
            ("federation", "ngo"),
        ),
        (
            "The Cree Nation Government, which represents about 20,000 people, said power was out.",
            ("Cree Nation Government", "government"),
        ),
        (
            "The migration ministry, which is run by a former admiral, said it would investigate.",
            ("migration ministry", "government"),
        ),
    ],
)
def test_a_relative_clause_does_not_steal_the_subject(body, speaker):
    assert only(body) == [speaker]


@pytest.mark.parametrize(
    ("clause", "speaker"),
    [
        ("although prosecutors would not confirm this.", ("prosecutors", "government")),
        ("although the coastguard would not confirm the figure.", ("coastguard", "government")),
        ("though officials wouldn't confirm it.", ("officials", "anonymous")),
    ],
)
def test_a_clause_with_its_own_subject_has_its_own_source(clause, speaker):
    body = f"The payments were routed through Asia, the newspaper Vecer reported, {clause}"
    start = body.index(clause)
    (found,) = extract_attributions(body, [ClaimSpan(start, len(body), clause, "clause")])
    assert found is not None and (found.chain[0].name, found.chain[0].kind) == speaker


@pytest.mark.parametrize(
    "body",
    [
        "Officials would not say whether the bridge had been inspected.",
        "The ministry has not commented on the audit's findings.",
        "The mayor has not yet responded to the accusation.",
        "The coastguard declined to comment on the figure.",
    ],
)
def test_a_source_that_said_nothing_is_narration(body):
    """The real corpus's guide: a claim only about someone is narration; one who would not say
    or has not commented stated nothing ("would not confirm" takes a stance, above)."""
    assert chains(body) == [None]


def test_an_account_relayed_by_officials_carries_over():
    body = (
        "German Finance Minister Katrin Vogel told colleagues that Berlin would block the plan, "
        "two officials who attended told Reuters. "
        "She warned ministers that the fund would face a court challenge, the officials said. "
        "She also said Germany could use unspent funds."
    )
    names = [[hop[0] for hop in chain] for chain in chains(body, "Brussels Insight")]
    assert names == [
        ["Katrin Vogel", "two officials who attended", "Reuters"],
        ["Katrin Vogel", "two officials who attended", "Reuters"],
        ["Katrin Vogel", "two officials who attended", "Reuters"],
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Orecrest Minerals, a unit of London-listed Halden Resources, said the spill was "
            "contained.",
            ("Orecrest Minerals", "unknown"),
        ),
        (
            "A ransomware gang calling itself Medusa Locker said it had stolen the files.",
            ("Medusa Locker", "unknown"),
        ),
        ("The hackers said they had stolen patient records.", ("hackers", "anonymous")),
        ("Village leaders said nobody had warned them.", ("Village leaders", "individual")),
        ("Community elders said the well had dried up.", ("Community elders", "individual")),
        (
            "The club president's lawyer, Goran Petrovski, said his client was abroad.",
            ("Goran Petrovski", "individual"),
        ),
        (
            "Lagos state commissioner for the environment, Tokunbo Wahab, said 200 buildings "
            "would go.",
            ("Tokunbo Wahab", "government"),
        ),
    ],
)
def test_kinds_of_companies_gangs_and_community_people(body, speaker):
    assert only(body) == [speaker]


def test_a_hospital_system_is_an_operator_named_before():
    body = (
        "A cyberattack forced Harlan Valley Health System to divert ambulances, the hospital "
        "system said."
    )
    assert only(body) == [("Harlan Valley Health System", "unknown")]


@pytest.mark.parametrize(
    ("body", "relay"),
    [
        ("Mayor Ana Ruiz told Radio-Canada the road was closed.", ("Radio-Canada", "news_media")),
        ("Mayor Ana Ruiz told TV Sitel the road was closed.", ("TV Sitel", "news_media")),
        ("Mayor Ana Ruiz told the broadcaster ERT.", ("ERT", "news_media")),
        ("Mayor Ana Ruiz told Kanal 5 the road was closed.", ("Kanal 5", "news_media")),
    ],
)
def test_outlet_names_with_numbers_and_hyphens_stay_whole(body, relay):
    assert only(body)[1] == relay


def test_an_adjective_participle_is_no_cue():
    assert only("The highly anticipated report was delayed again.") is None


def test_third_labelled_set_stays_above_floors():
    labelled = evaluate(DEFAULT_DEV3)["labelled"]
    assert labelled.claims >= 90
    assert labelled.speaker_accuracy >= 0.95
    assert labelled.kind_accuracy >= 0.93
    assert labelled.relay_recall >= 0.95
