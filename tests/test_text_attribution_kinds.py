"""Kinds of speakers from their titles, affiliations and what an organisation is called.

Every sentence here is written for these tests; none is taken from the real-article corpus.
"""

import pytest

from tests.test_text_attribution import chains


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A title that opens the sentence before the name says whom the person speaks for;
        # an opening that names no body ("In the capital,", "In a statement,") says nothing.
        (
            "Head of the Port Safety Agency, Dr. Ines Varga said 30 cranes had fallen.",
            ("Ines Varga", "government"),
        ),
        (
            "In the capital, Omar Haddad said on Friday that the shops had reopened.",
            ("Omar Haddad", "individual"),
        ),
        (
            "In a statement, Lena Fischer said the river had crested overnight.",
            ("Lena Fischer", "individual"),
        ),
        # Services of a state are its bodies: security, intelligence and health services.
        (
            "Two of them were soldiers, Pavel Orlov of the Latvian Security Service said.",
            ("Pavel Orlov", "government"),
        ),
        (
            "Ada Kern, a spokeswoman for the intelligence service, said two were missing.",
            ("Ada Kern", "government"),
        ),
        # An agency that sells a service is a business; a state's agency is a public body.
        (
            "The credit reporting agency said 600,000 customers were affected.",
            ("credit reporting agency", "unknown"),
        ),
        ("The ratings agency said the outlook was negative.", ("ratings agency", "unknown")),
        (
            "The state revenue agency said 600 firms had not paid.",
            ("state revenue agency", "government"),
        ),
        # Unnamed workers of relief bodies speak as unnamed officials do; named, for their body.
        ("Aid workers said supplies were running short.", ("Aid workers", "anonymous")),
        (
            "Ana Ruiz, an aid worker with the Red Cross, said supplies were short.",
            ("Ana Ruiz", "ngo"),
        ),
        ("Factory workers said the line had stopped.", ("Factory workers", "individual")),
        (
            "A soldier at the checkpoint said the road was mined.",
            ("A soldier at the checkpoint", "anonymous"),
        ),
        # When the words were said is no part of who said them.
        ("A rapid count late Sunday showed the mayor had won.", ("A rapid count", "document")),
        ("Police late on Sunday night said two men were held.", ("Police", "government")),
        (
            "The quake was measured by the US Geological Service at 6.1 on the scale.",
            ("US Geological Service", "government"),
        ),
        # Findings, results, videos and investigations speak as documents do.
        ("The findings, released on Monday, said 40 homes were lost.", ("findings", "document")),
        (
            "Videos shared online showed smoke rising from the plant.",
            ("Videos shared online", "document"),
        ),
        (
            "The first results showed the mayor leading by 12 points.",
            ("first results", "document"),
        ),
        # Abbreviated titles are titles, not part of the name, and say the office.
        (
            "“The ferries run again,” Gov. Helen Marsh told reporters.",
            ("Helen Marsh", "government"),
        ),
        ("Sen. Piet Olsen said the vote would be delayed.", ("Piet Olsen", "government")),
        ("Lt. Col. Omar Bakri said the road was shut.", ("Omar Bakri", "government")),
        # A body named before a lay noun says where the person is, not whom they speak for.
        (
            "Lin Wei, a college student who joined the search, told reporters the gym had fallen.",
            ("Lin Wei", "individual"),
        ),
        ("Hospital patients said the wards had no heating.", ("Hospital patients", "individual")),
        # Company titles: the person speaks for a company, whose kind is unknown.
        ("CEO Dana Wells said the outage lasted an hour.", ("Dana Wells", "unknown")),
        (
            "Karl Berg, chief executive of a shipping firm, said freight rates had doubled.",
            ("Karl Berg", "unknown"),
        ),
        # Organisations outside the registry take a kind from what they are called.
        (
            "The Coastal Research Institute said sea levels had risen.",
            ("Coastal Research Institute", "academic"),
        ),
        ("The Qatar Red Crescent said it had sent two convoys.", ("Qatar Red Crescent", "ngo")),
        ("Forest Watch said the clearing had doubled in a year.", ("Forest Watch", "ngo")),
        (
            "The Federal Roads Agency said the bridge would reopen.",
            ("Federal Roads Agency", "government"),
        ),
        (
            "The UN's high commissioner said the report was credible.",
            ("UN's high commissioner", "un_body"),
        ),
        # A business the state owns speaks as the state does.
        (
            "The state power company said 40,000 homes had no electricity.",
            ("state power company", "government"),
        ),
        # A title of state held in a body that is no state's takes that body's kind.
        (
            "Mara Quist, president of the Kestrel Relief Society, said 80 tents had arrived.",
            ("Mara Quist", "ngo"),
        ),
        (
            "Tomas Bell, chancellor of Arden University, said the campus would close.",
            ("Tomas Bell", "academic"),
        ),
        (
            "Ines Moll, president of the regional council, said the roads were shut.",
            ("Ines Moll", "government"),
        ),
        # People close to an office-holder do not hold the office.
        (
            "Relatives of the mayor said the house had been searched.",
            ("Relatives of the mayor", "individual"),
        ),
        # A spokesperson takes the kind of the body they speak for, named or not.
        (
            "Halvex spokeswoman Ruth Amsel said no card numbers were taken.",
            ("Ruth Amsel", "unknown"),
        ),
        (
            "A spokesman who declined to be named said 12 had died.",
            ("A spokesman who declined to be named", "anonymous"),
        ),
        # A capitalised word that opens a phrase is no outlet's name.
        (
            "Independent scientists at Harlow University said the count was fair.",
            ("Independent scientists at Harlow University", "academic"),
        ),
        # Sources with a participle after them stay the sources.
        (
            "Sources having seen the draft said it named three firms.",
            ("Sources having seen the draft", "anonymous"),
        ),
        # A word that names an outlet ("The Independent") inside a longer name is that name's.
        (
            "The Independent Election Commission said turnout was 61 percent.",
            ("Independent Election Commission", "government"),
        ),
        # Bodies of a state by what they are called, ranks and offices of a state.
        ("Civil Defence said 14 bodies had been recovered.", ("Civil Defence", "government")),
        (
            "The Institute of Legal Medicine said 31 bodies had been identified.",
            ("Institute of Legal Medicine", "government"),
        ),
        ("Sergeant Omar Vale said the road was closed.", ("Omar Vale", "government")),
        (
            "Presidential spokesman Ivo Marek said the talks would resume.",
            ("Ivo Marek", "government"),
        ),
        ("An eyewitness said the roof had collapsed.", ("An eyewitness", "individual")),
        (
            "Lena Korr, a geophysicist, said aftershocks would continue for weeks.",
            ("Lena Korr", "academic"),
        ),
        (
            "Tom Reyes, a company spokesman, said the plant was safe.",
            ("Tom Reyes", "unknown"),
        ),
        # The UN's missions go by acronyms that start with its own.
        ("UNMOKA said two patrols had been shelled.", ("UNMOKA", "un_body")),
        # A nation's railways are its state's.
        (
            "Polish Railways said the line would reopen on Monday.",
            ("Polish Railways", "government"),
        ),
        ("The fire brigade said the blaze was out.", ("fire brigade", "government")),
        (
            "Nine homes burned, according to the civil defence.",
            ("civil defence", "government"),
        ),
        # The public is no unnamed source; counted people are.
        ("Local people said the water rose in minutes.", ("Local people", "individual")),
        ("Two people said the talks had stalled.", ("Two people", "anonymous")),
        # A paper whose title is a source noun is a paper.
        (
            "The Observer said the files had been copied.",
            ("Observer", "news_media"),
        ),
        # The political opposition is partisans and parties, not a charity or the state; an
        # opposition member who holds an office keeps it.
        (
            "Opposition campaigners said the count was rigged.",
            ("Opposition campaigners", "individual"),
        ),
        (
            "Opposition senator Rosa Imre said the count was rigged.",
            ("Rosa Imre", "government"),
        ),
        # Human rights bodies by what they are called.
        (
            "The Tarn Human Rights Centre said 40 people were held.",
            ("Tarn Human Rights Centre", "ngo"),
        ),
        # A share of results is results.
        (
            "The second batch of results showed the incumbent ahead.",
            ("second batch of results", "document"),
        ),
        # Parties are bodies of no kind the guide lists, whatever country names them; their
        # officers speak for them; candidates speak for themselves.
        (
            "The Moravian Workers Party said the count had been rigged.",
            ("Moravian Workers Party", "unknown"),
        ),
        (
            "KLP chairman Oskar Brandt told reporters the vote had been stolen.",
            ("Oskar Brandt", "unknown"),
        ),
        (
            "Ilse Varro, the party's chairwoman, said the ballots had been burned.",
            ("Ilse Varro", "unknown"),
        ),
        (
            "Teo Marsh, chief privacy officer at Brellum, said no passwords were taken.",
            ("Teo Marsh", "unknown"),
        ),
        (
            "Opposition candidate Dara Pelt said 40 polling stations had opened late.",
            ("Dara Pelt", "individual"),
        ),
        # "ruling" before a name says it is a party or a coalition of parties.
        (
            "The ruling KDF said the opposition had bribed voters in 12 districts.",
            ("KDF", "unknown"),
        ),
        # A force that a state leads, an army's numbered unit and a flood control office are
        # the state's.
        (
            "The U.S.-led coalition said 14 fighters had been killed in the raid.",
            ("U.S.-led coalition", "government"),
        ),
        (
            "Rina Sol, spokesperson of the 41st Infantry Brigade, said two boats had sunk.",
            ("Rina Sol", "government"),
        ),
        (
            "The Lower Basin Flood Control Headquarters said 61 people had died.",
            ("Lower Basin Flood Control Headquarters", "government"),
        ),
    ],
)
def test_kind_of_the_speaker(body, expected):
    (chain,) = chains(body, "Valley Post")
    assert chain[0] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Reports said the ferry had turned back.", ("Reports", "news_media")),
        ("Local media reports said the ferry had sunk.", ("Local media reports", "news_media")),
        ("The report said the ferry had been overloaded.", ("report", "document")),
    ],
)
def test_unnamed_reports_are_the_press(body, expected):
    (chain,) = chains(body, "Valley Post")
    assert chain[0] == expected


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("Halvard UK", "unknown"),  # a body's branch in a country
        ("Brantel Ireland", "unknown"),
        ("Northern Ireland", "government"),  # a place whose name opens with a direction
        ("South Sudan", "government"),
        ("the UK", "government"),
    ],
)
def test_a_bodys_name_before_a_country_is_its_branch_not_the_state(mention, kind):
    from provenance.text.attribution import default_registry
    from provenance.text.source_registry import kind_for_mention

    assert kind_for_mention(mention, default_registry()) == kind


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("UNICEF Report", "document"),  # a headline's known body before a document word
        ("Amnesty International Study", "document"),
        ("Drudge Report", "unknown"),  # no known body: a name
        ("the U.S. Geological Survey", "government"),
    ],
)
def test_a_known_bodys_capitalised_document_is_a_document(mention, kind):
    from provenance.text.attribution import default_registry
    from provenance.text.source_registry import kind_for_mention

    assert kind_for_mention(mention, default_registry()) == kind


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("Pakistan Peoples Party", "unknown"),  # a country in a party's name
        ("the Saudi-led coalition", "government"),
        ("a coalition of aid groups", "ngo"),  # a coalition no state leads
        ("the 9th Infantry Brigade", "government"),
        ("the Office of State Flood Control Headquarters", "government"),
        ("a party newspaper", "state_media"),
        ("Al Wren, the candidate for governor", "individual"),  # an office sought, not held
        ("Al Wren, a former minister and opposition candidate", "individual"),
        ("Governor Al Wren, a candidate for re-election", "government"),  # one held
        ("Al Wren, his spokesman", "individual"),  # a person's spokesman, no body's
        ("Al Wren, a spokesman for Brellum", "unknown"),
        ("the chief EU observer", "government"),  # one post, held for the EU
        ("the chief UN official in the region", "un_body"),
        ("the chief officials", "anonymous"),  # several unnamed people
        ("The ruling Brenner Alliance", "unknown"),  # "ruling" before a name: parties'
        ("The ruling by Judge Al Wren", "document"),
        ("pictures", "document"),  # images speak for themselves, as footage does
        ("satellite imagery", "document"),
    ],
)
def test_kinds_of_parties_posts_forces_and_images(mention, kind):
    from provenance.text.attribution import default_registry
    from provenance.text.source_registry import kind_for_mention

    person = mention.startswith(("Al Wren", "Governor"))
    assert kind_for_mention(mention, default_registry(), is_person=person) == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # A spokesperson speaks for the body by role, named or not (GUIDE.md).
        ("A ministry spokeswoman, who asked not to be named, said 40 had died.", "government"),
        ("A government spokesman who declined to be identified said the dam held.", "government"),
        # Unnamed people described by their employer stay anonymous.
        ("Two ministry officials who asked not to be named said 40 had died.", "anonymous"),
    ],
)
def test_an_unnamed_spokesperson_keeps_the_body_s_kind(body, kind):
    (chain,) = chains(body, "Valley Post")
    assert chain[0][1] == kind
