"""The weight/height task of notebook 03: the article's four people, centred as it does.

Weights in pounds and heights in inches are in the hundreds and sixties; a sigmoid unit with
weights of size about 1 would sit on its flat ends. Like the article, the notebook subtracts
`SHIFT` (roughly the middle of the data) from every input, including new people.
"""

from typing import NamedTuple

import numpy as np

from nnlib import data

SHIFT = (135.0, 66.0)  # (lb, in) subtracted from every (weight, height)
NEW_PEOPLE = {"Emily": (128.0, 63.0), "Frank": (155.0, 68.0)}  # (lb, in), not trained on
# what the source article's network answered for them (rounded as the article gives them)
ARTICLE_PREDICTIONS = {"Emily": 0.95, "Frank": 0.04}


class PeopleTask(NamedTuple):
    """X (4, 2) centred inputs; y (4, 1), 1 = female; names (4 str); new_points: name ->
    centred (weight, height) of the people to predict."""

    X: np.ndarray
    y: np.ndarray
    names: list
    new_points: dict


def centred(weight_and_height):
    """Subtract `SHIFT`: (..., 2) raw (lb, in) -> (..., 2) centred, as a float array."""
    return np.asarray(weight_and_height, dtype=float) - np.array(SHIFT)


def task():
    """The four people, centred, with their names and the two new people to predict."""
    X_raw, y = data.people()
    names = [str(name) for name in data.load("people")["name"]]
    new_points = {name: tuple(centred(raw)) for name, raw in NEW_PEOPLE.items()}
    return PeopleTask(centred(X_raw), y, names, new_points)
