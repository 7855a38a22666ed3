"""The index: incremental edits, language fallback, decisions, persistence, concurrent readers."""
import threading
from dataclasses import replace

import pytest

from faq_index import index as index_module
from faq_index.config import Thresholds
from faq_index.index import FaqIndex, decide
from faq_index.types import Entry, Hit

# Explicit thresholds keep these tests about behaviour, not about the calibrated numbers; the
# score is the plain question similarity here (the fusion has its own test).
TH = Thresholds(answer_min=0.75, margin=0.05, match_min=0.5, clarify_window=0.1, duplicate_min=0.8,
                answer_mix=0.0, lexical_weight=0.0)

PARKING = Entry(id="parking-nl", lang="nl", group="parking", question="Hoe vraag ik een parkeerkaart aan voor het gebouw?",
                answer="Vraag een parkeerkaart aan bij de facilitaire dienst.")


@pytest.fixture
def idx(counting, fixture_entries):
    index = FaqIndex(counting, TH)
    index.build(fixture_entries)
    return index


def test_the_exact_question_is_answered_in_the_visitors_language(idx):
    result = idx.search("Hoe kan ik de servicedesk bereiken?", "nl")
    assert result.decision == "answer"
    assert result.hits[0].id == "contact-nl"
    assert result.hits[0].lang == "nl" and not result.hits[0].other_language
    assert result.hits[0].score > 0.95
    assert "02 740 79 93" in result.hits[0].answer


def test_upsert_and_remove_change_results_without_a_rebuild(idx, counting):
    before = counting.passages + counting.queries
    assert "parking-nl" not in [h.id for h in idx.rank(PARKING.question, "nl")]

    idx.upsert([PARKING])
    # only the new entry was embedded: its answer, its question, and our two searches
    assert counting.passages + counting.queries - before == 2 + 1
    result = idx.search(PARKING.question, "nl")
    assert result.decision == "answer" and result.hits[0].id == "parking-nl"

    idx.remove(["parking-nl"])
    assert "parking-nl" not in idx.entries
    assert "parking-nl" not in [h.id for h in idx.rank(PARKING.question, "nl")]
    idx.remove(["parking-nl"])  # unpublishing twice is harmless


def test_an_edit_replaces_the_old_vectors(idx):
    edited = replace(idx.entries["itsme-nl"], question="Hoe wijzig ik mijn adres in het rijksregister?")
    idx.upsert([edited])
    assert idx.entries["itsme-nl"].question == edited.question
    assert idx.search("Hoe wijzig ik mijn adres in het rijksregister?", "nl").hits[0].id == "itsme-nl"
    scores = {h.id: h.score for h in idx.rank("Hoe meld ik me aan met itsme?", "nl")}
    # the old question's vector is gone: only the answer text (which still mentions itsme) matches now
    assert scores.get("itsme-nl", 0) < 0.95


def test_a_question_answered_only_in_the_other_language_is_marked(idx):
    result = idx.search("Mijn kaartlezer wordt niet herkend", "nl")
    assert result.hits, result
    assert result.hits[0].id == "cardreader-fr"
    assert result.hits[0].lang == "fr" and result.hits[0].other_language


def test_a_hit_in_the_other_language_returns_its_translation(use_embedder):
    # The NL version is worded so differently that only the FR question clears the threshold.
    entries = [
        Entry(id="hours-nl", lang="nl", group="hours", question="Openingsuren van het onthaal",
              answer="Het onthaal is open van 8.30 tot 17 uur."),
        Entry(id="hours-fr", lang="fr", group="hours", question="À quelle heure ouvre l'accueil ?",
              answer="L'accueil est ouvert de 8h30 à 17h."),
    ]
    strict = replace(TH, answer_min=0.9, margin=0.05, match_min=0.9, clarify_window=0.05)
    index = FaqIndex(use_embedder, strict)
    index.build(entries)
    assert index.rank("À quelle heure ouvre l'accueil ?", "nl")[0].score >= 0.9
    result = index.search("À quelle heure ouvre l'accueil ?", "nl")
    assert result.decision == "answer"
    assert result.lang == "nl"
    assert result.hits[0].id == "hours-nl" and result.hits[0].lang == "nl"
    assert not result.hits[0].other_language


def test_the_nl_and_fr_versions_of_one_entry_are_not_competitors(idx):
    # a French query in the NL visitor's session must not turn contact-nl vs contact-fr into a clarify
    ids = [h.id for h in idx.rank("Comment joindre le service desk ?", "fr")]
    assert ids.count("contact-fr") == 1 and "contact-nl" not in ids


def test_three_decisions(idx):
    assert idx.search("J'ai oublié le code PIN de ma carte eID", "fr").decision == "answer"
    nothing = idx.search("Wat is een goed recept voor lasagne met spinazie?", "nl")
    assert nothing.decision == "no_match" and nothing.hits == []
    twins = [
        Entry(id="renew-a", lang="nl", group="a", question="Hoe vernieuw ik mijn certificaat?", answer="Zo: stap A."),
        Entry(id="renew-b", lang="nl", group="b", question="Hoe vernieuw ik mijn certificaat snel?", answer="Zo: stap B."),
    ]
    idx.upsert(twins)
    close = idx.search("certificaat vernieuwen", "nl")
    assert close.decision == "clarify", close
    assert 2 <= len(close.hits) <= 3
    assert {"renew-a", "renew-b"} <= {h.id for h in close.hits}


def _hit(i, score):
    return Hit(id=f"e{i}", lang="nl", question="q", answer="a", url=None, score=score)


@pytest.mark.parametrize("scores, decision, shown", [
    ([0.9, 0.7], "answer", 2),              # confident and clearly ahead
    ([0.9, 0.88, 0.87, 0.5], "clarify", 3),  # three close candidates
    ([0.9, 0.88, 0.6], "clarify", 2),        # two close candidates
    ([0.6, 0.3], "clarify", 2),              # plausible but not confident: let the visitor choose
    ([0.4, 0.39], "no_match", 0),            # nothing good enough: never guess
    ([], "no_match", 0),
])
def test_decision_rules(scores, decision, shown):
    got, hits = decide([_hit(i, s) for i, s in enumerate(scores)], TH)
    assert (got, len(hits)) == (decision, shown)


def test_save_and_load_without_re_embedding(idx, counting, fixture_entries, tmp_path):
    idx.upsert([PARKING])
    idx.save(tmp_path / "index")
    calls = counting.passages
    loaded = FaqIndex.load(tmp_path / "index", counting, entries=[*fixture_entries, PARKING], thresholds=TH)
    assert loaded is not None
    assert counting.passages == calls  # nothing re-embedded
    assert loaded.fingerprint == idx.fingerprint
    assert loaded.search(PARKING.question, "nl").hits[0].id == "parking-nl"
    # further incremental edits keep working after a load (fresh ids never collide)
    loaded.upsert([replace(PARKING, id="parking-2", group="parking2")])
    assert {"parking-nl", "parking-2"} <= set(loaded.entries)


def test_load_refuses_other_content_or_model(idx, fixture_entries, tmp_path, use_embedder):
    idx.save(tmp_path / "index")
    assert FaqIndex.load(tmp_path / "index", use_embedder, entries=fixture_entries, thresholds=TH) is not None
    changed = [replace(fixture_entries[0], answer="Een ander antwoord."), *fixture_entries[1:]]
    assert FaqIndex.load(tmp_path / "index", use_embedder, entries=changed, thresholds=TH) is None
    assert FaqIndex.load(tmp_path / "index", use_embedder, entries=fixture_entries[1:], thresholds=TH) is None

    class OtherModel:
        name, dim = "other-model==1", use_embedder.dim
        embed_queries = embed_passages = staticmethod(use_embedder.embed_queries)

    assert FaqIndex.load(tmp_path / "index", OtherModel(), thresholds=TH) is None
    assert FaqIndex.load(tmp_path / "missing", use_embedder) is None


def test_fingerprint_follows_content(idx):
    first = idx.fingerprint
    idx.upsert([PARKING])
    assert idx.fingerprint != first
    idx.remove([PARKING.id])
    assert idx.fingerprint == first


def test_similar_questions_warns_about_near_duplicates(idx):
    near = idx.similar_questions("Hoe kan ik de service desk bereiken?", "nl")
    assert near and near[0][0] == "contact-nl" and near[0][1] >= TH.duplicate_min
    assert idx.similar_questions("Hoe kan ik de service desk bereiken?", "nl", exclude="contact-nl") == []
    assert idx.similar_questions("Wat is een goed recept voor lasagne?", "nl") == []


def test_bad_entries_and_languages_are_refused(idx):
    with pytest.raises(ValueError):
        idx.upsert([Entry(id="x", lang="de", question="Wie?", answer="So.")])
    with pytest.raises(ValueError):
        idx.upsert([Entry(id="x", lang="nl", question=" ", answer="Zo.")])
    with pytest.raises(ValueError):
        idx.search("hallo", "en")


def test_concurrent_readers_with_one_writer(idx):
    errors = []

    def read():
        try:
            for _ in range(20):
                assert idx.search("pincode vergeten", "nl").hits
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(10):
        idx.upsert([replace(PARKING, id=f"p{i}", group=f"p{i}")])
        idx.remove([f"p{i}"])
    for t in readers:
        t.join()
    assert not errors


def test_large_store_switches_to_hnsw_and_still_removes(use_embedder, monkeypatch, tmp_path):
    monkeypatch.setattr(index_module, "HNSW_FROM", 40)
    monkeypatch.setattr(index_module, "EXACT_UP_TO", 10)
    entries = [Entry(id=f"e{i}", lang="nl", question=f"Vraag nummer {i} over onderwerp {i * 7}",
                     answer=f"Antwoord {i}.") for i in range(30)]
    index = FaqIndex(use_embedder, TH)
    index.build(entries)
    store = index._stores["nl"]
    assert store.hnsw
    assert index.rank("Vraag nummer 12 over onderwerp 84", "nl")[0].id == "e12"
    index.remove(["e12"])
    assert "e12" not in [h.id for h in index.rank("Vraag nummer 12 over onderwerp 84", "nl")]
    index.save(tmp_path / "i")
    loaded = FaqIndex.load(tmp_path / "i", use_embedder, entries=[e for e in entries if e.id != "e12"], thresholds=TH)
    assert loaded is not None and loaded._stores["nl"].hnsw
    assert "e12" not in [h.id for h in loaded.rank("Vraag nummer 12 over onderwerp 84", "nl")]
    index.remove([f"e{i}" for i in range(20)])  # enough tombstones to compact
    assert store.index.ntotal < 60  # compacted: tombstoned vectors are really gone
    assert index.rank("Vraag nummer 25 over onderwerp 175", "nl")[0].id == "e25"


def test_answer_text_and_bm25_add_to_the_question_score(use_embedder, fixture_entries):
    plain = FaqIndex(use_embedder, TH)
    plain.build(fixture_entries)
    fused = FaqIndex(use_embedder, replace(TH, answer_mix=0.3, lexical_weight=0.15, lexical_saturation=10.0))
    fused.build(fixture_entries)
    query = "PUK-code aanvragen bij de gemeente"  # words of pin-nl's answer, not of its question
    p = {h.id: h.score for h in plain.rank(query, "nl")}
    f = {h.id: h.score for h in fused.rank(query, "nl")}
    assert f["pin-nl"] - p["pin-nl"] > f["itsme-nl"] - p["itsme-nl"]
    assert fused.rank(query, "nl")[0].id == "pin-nl"
    # the lexical statistics follow incremental edits too
    fused.remove(["pin-nl"])
    assert fused._lexical["nl"].scores(query, ["pin-nl"]) == [0.0]
    assert "pin-nl" not in [h.id for h in fused.rank(query, "nl")]


def test_confusable_names_the_entries_a_visitor_could_get_instead(idx):
    floor = TH.answer_min + TH.warn_above
    found = idx.confusable(["Hoe kan ik de service desk bereiken?"], "nl")
    assert found and found[0][1].id == "contact-nl" and found[0][1].score >= floor
    assert found[0][0] == "answered_by" and found[0][2] == "Hoe kan ik de service desk bereiken?"
    # the entry itself is left out, and an unrelated question names nobody
    assert "contact-nl" not in [hit.id for _, hit, _ in idx.confusable(["Hoe kan ik de service desk bereiken?"],
                                                                         "nl", exclude="contact-nl")]
    assert idx.confusable(["Wat is een goed recept voor lasagne?"], "nl") == []
