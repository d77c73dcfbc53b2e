"""One lexicon of reporting verbs: the splitter reads the same verbs as attribution.

Every sentence here is written for these tests; none is taken from the real-article corpus.
"""

import pytest

from provenance.text.reporting_verbs import (
    COMMUNICATION_VERBS,
    REPORTING_FORMS,
    REPORTING_VERBS,
    SPEECH_FORMS,
    every_form,
)
from provenance.text.splitting import split_claims


def test_every_form_knows_regular_and_irregular_verbs():
    forms = every_form(frozenset({"say", "deny", "concede", "admit"}))
    assert {"say", "says", "said", "saying"} <= forms
    assert {"deny", "denies", "denied", "denying"} <= forms
    assert {"concede", "concedes", "conceded", "conceding"} <= forms
    assert {"admit", "admits", "admitted", "admitting"} <= forms
    assert "sayed" not in forms and "admited" not in forms


def test_the_splitter_reads_every_verb_attribution_reads():
    acts = {"advise", "inform", "notify", "assure", "promise", "vow", "pledge", "threaten"}
    assert every_form(COMMUNICATION_VERBS - acts) <= REPORTING_FORMS
    assert {f for f, v in REPORTING_VERBS.items() if v.confidence >= 0.7} <= REPORTING_FORMS
    assert {"noted", "explained", "replied", "mentioned"} <= SPEECH_FORMS


@pytest.mark.parametrize("verb", ["noted", "explained", "replied"])
def test_a_clause_whose_source_speaks_is_cut_from_narration(verb):
    body = f"The dam held for a week, but engineers {verb} that cracks had spread."
    assert [claim.text for claim in split_claims(body)] == [
        "The dam held for a week",
        f"engineers {verb} that cracks had spread.",
    ]


def test_a_verb_that_names_a_service_is_no_source():
    body = "Two banks advised the buyer; a third advised the seller."
    assert [claim.kind for claim in split_claims(body)] == ["sentence"]
