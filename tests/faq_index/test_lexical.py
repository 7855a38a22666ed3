"""The incremental BM25 statistics: same numbers as bm25s, and edits that really undo."""
import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_FRENCH

from faq_index.lexical import Bm25Stats, tokens

DOCS = {"a": "Comment obtenir un nouveau code PUK pour ma carte eID ?",
        "b": "Mon lecteur de carte n'est pas reconnu par le logiciel eID",
        "c": "Comment contacter le service desk par téléphone ?"}


def test_scores_match_bm25s_lucene():
    stats = Bm25Stats("fr")
    for key, text in DOCS.items():
        stats.add(key, text)
    model = bm25s.BM25()
    model.index(bm25s.tokenize([tokens(t, "fr") and " ".join(tokens(t, "fr")) for t in DOCS.values()],
                               stopwords=list(STOPWORDS_FRENCH), show_progress=False), show_progress=False)
    query = "code puk carte"
    expected = model.get_scores(tokens(query, "fr"))
    assert np.allclose(stats.scores(query, list(DOCS)), expected, atol=1e-5)


def test_accents_fold_and_remove_undoes_add():
    stats = Bm25Stats("fr")
    stats.add("c", DOCS["c"])
    assert stats.scores("numero de telephone", ["c"])[0] > 0  # "téléphone" without accents
    before = (dict(stats.df), stats.total_len)
    stats.add("a", DOCS["a"])
    stats.remove("a")
    assert (dict(stats.df), stats.total_len) == before
    stats.remove("unknown")  # harmless
    assert stats.scores("", ["c"]) == [0.0]
