"""Visitors' questions grouped by meaning (the editor's unanswered list): greedy leader clustering on the
embedder's cosine similarity. A question joins the first group whose leader (its most asked question) is at
least `group_min` close, else it leads a new group. `group_min` is calibrated per embedder by
bench/unanswered_groups.py on the evaluation sets' dev queries (pairs asking for the same entry)."""
from __future__ import annotations

import numpy as np


def group(vectors: np.ndarray, threshold: float) -> list[int]:
    """The group of each row (rows in priority order: the first row of a group leads it)."""
    leaders: list[int] = []
    labels: list[int] = []
    for i, vector in enumerate(vectors):
        best = next((g for g, row in enumerate(leaders) if float(vectors[row] @ vector) >= threshold), None)
        if best is None:
            best = len(leaders)
            leaders.append(i)
        labels.append(best)
    return labels
