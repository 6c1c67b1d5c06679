"""The exercises of notebook 09: every correct form a learner may write passes, and every
recognised mistake is named when code that makes it is checked."""

import numpy as np
import pytest
from learners import learner, mutant, unwritten

import nnlib
from nnlib.course.n09_training_better import checks
from nnlib.regularisation import l2_penalty

# --- exercise 1: Adam's step ---------------------------------------------------------------------

ADAM = """def adam_step(w, g, m, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    w = w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)
    return w, m, s
"""
ADAM_LOOP = """def adam_step(w, g, m, s, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    w, m, s = w.copy(), m.copy(), s.copy()
    for i in np.ndindex(w.shape):  # one weight at a time
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i]
        step = learning_rate * (m[i] / (1 - beta1**t)) / ((s[i] / (1 - beta2**t)) ** 0.5 + epsilon)
        w[i] -= step
    return w, m, s
"""


@pytest.mark.parametrize("changes", [
    {},
    {"np.sqrt(s_hat) + epsilon": "np.sqrt(s_hat + epsilon)"},  # epsilon inside the root
    {"    m = beta1": "    m = m.copy()\n    m *= beta1\n    m += (1 - beta1) * g\n    m = m  #",
     "    s = beta2": "    s = s * beta2\n    s += (1 - beta2) * g * g\n    s = s  #"},  # on copies
    {"w = w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)":  # the paper's faster form
     "step = learning_rate * np.sqrt(1 - beta2**t) / (1 - beta1**t)\n"
     "    w = w - step * m / (np.sqrt(s) + epsilon)"},
    {"g**2": "np.square(g)", "np.sqrt(s_hat)": "s_hat**0.5"},
    {"return w, m, s": "return [w, m, s]"},
])
def test_adam_accepts_every_correct_form(changes):
    feedback = checks.adam_step(mutant(ADAM, "adam_step", changes))
    assert feedback.passed, feedback.message
    assert checks.adam_step(learner(ADAM_LOOP, "adam_step")).passed


@pytest.mark.parametrize(("key", "changes"), [
    ("no_bias_correction", {"m_hat = m / (1 - beta1**t)": "m_hat = m",
                            "s_hat = s / (1 - beta2**t)": "s_hat = s"}),
    ("no_correction_of_m", {"m_hat = m / (1 - beta1**t)": "m_hat = m"}),
    ("no_correction_of_s", {"s_hat = s / (1 - beta2**t)": "s_hat = s"}),
    ("betas_swapped", {"beta1 * m + (1 - beta1)": "beta2 * m + (1 - beta2)",
                       "beta2 * s + (1 - beta2)": "beta1 * s + (1 - beta1)",
                       "m / (1 - beta1**t)": "m / (1 - beta2**t)",
                       "s / (1 - beta2**t)": "s / (1 - beta1**t)"}),
    ("no_one_minus_beta", {"(1 - beta1) * g": "g", "(1 - beta2) * g**2": "g**2"}),
    ("g_not_squared", {"g**2": "g"}),
    ("no_square_root", {"np.sqrt(s_hat)": "s_hat"}),
    ("sign", {"w = w - learning_rate": "w = w + learning_rate"}),
    ("t_off_by_one", {"beta1**t": "beta1**(t + 1)", "beta2**t": "beta2**(t + 1)"}),
    ("memory_not_returned", {"    m = beta1": "    m_new = beta1",
                             "    s = beta2": "    s_new = beta2",
                             "m_hat = m /": "m_hat = m_new /", "s_hat = s /": "s_hat = s_new /"}),
    ("fixed_betas", {"beta1 * m + (1 - beta1)": "0.9 * m + 0.1"}),
    ("fixed_betas", {"beta2**t": "0.999**t"}),
    ("fallback", {"m_hat = m / (1 - beta1**t)": "m_hat = 1.1 * m / (1 - beta1**t)"}),
    ("not_written", unwritten(ADAM)),
    ("returns", {"return w, m, s": "return w"}),
    ("raises_matmul", {"g**2": "g @ g"}),
    ("changes_inputs", {"    m = beta1 * m + (1 - beta1) * g":
                        "    m *= beta1\n    m += (1 - beta1) * g"}),
])
def test_adam_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.adam_step(mutant(ADAM, "adam_step", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_adam_fallback_says_which_parts_differ():
    feedback = checks.adam_step(mutant(ADAM, "adam_step", {"return w, m, s": "return w, m, 2 * s"}))
    assert feedback.mistake == "fallback"
    assert "At step t = 1 (beta1 = 0.9, beta2 = 0.999), s differs from nnlib's Adam" in (
        feedback.message)


def test_adam_reference_is_the_paper_step_by_step():
    for w, g, m, s, t, rate, beta1, beta2, epsilon in checks.adam_step.cases():
        m_new = beta1 * m + (1 - beta1) * g
        s_new = beta2 * s + (1 - beta2) * g**2
        w_new = w - rate * (m_new / (1 - beta1**t)) / (np.sqrt(s_new / (1 - beta2**t)) + epsilon)
        got = checks.adam_answer(w, g, m, s, t, rate, beta1, beta2, epsilon)
        for ours, theirs in zip(got, (w_new, m_new, s_new), strict=True):
            np.testing.assert_allclose(ours, theirs, rtol=1e-12)


# --- exercise 2: a step with weight decay --------------------------------------------------------

DECAY = """def decayed_step(weights, biases, dweights, dbiases, learning_rate, weight_decay):
    new_weights = [w - learning_rate * (dw + weight_decay * w)
                   for w, dw in zip(weights, dweights)]
    new_biases = [b - learning_rate * db for b, db in zip(biases, dbiases)]
    return new_weights, new_biases
"""
DECAY_LOOP = """def decayed_step(weights, biases, dweights, dbiases, learning_rate, weight_decay):
    weights, biases = [w.copy() for w in weights], [b.copy() for b in biases]
    for layer in range(len(weights)):  # as notebook 07's loop stepped, on copies
        weights[layer] -= learning_rate * (dweights[layer] + weight_decay * weights[layer])
        biases[layer] -= learning_rate * dbiases[layer]
    return weights, biases
"""


@pytest.mark.parametrize("changes", [
    {},
    {"w - learning_rate * (dw + weight_decay * w)":  # "decay": shrink, then step
     "(1 - learning_rate * weight_decay) * w - learning_rate * dw"},
    {"return new_weights, new_biases": "return tuple(new_weights), tuple(new_biases)"},
])
def test_decayed_step_accepts_every_correct_form(changes):
    feedback = checks.decayed_step(mutant(DECAY, "decayed_step", changes))
    assert feedback.passed, feedback.message
    assert checks.decayed_step(learner(DECAY_LOOP, "decayed_step")).passed


@pytest.mark.parametrize(("key", "changes"), [
    ("decays_biases", {"b - learning_rate * db": "b - learning_rate * (db + weight_decay * b)"}),
    ("factor_two", {"weight_decay * w)": "2 * weight_decay * w)"}),
    ("half", {"weight_decay * w)": "weight_decay / 2 * w)"}),
    ("sign", {"w - learning_rate": "w + learning_rate"}),
    ("no_rate_on_decay", {"w - learning_rate * (dw + weight_decay * w)":
                          "w - learning_rate * dw - weight_decay * w"}),
    ("gradient_dropped", {"(dw + weight_decay * w)": "(weight_decay * w)"}),
    ("no_decay", {"(dw + weight_decay * w)": "dw"}),
    ("fallback", {"(dw + weight_decay * w)": "(dw + weight_decay * w**2)"}),
    ("returns", {"return new_weights, new_biases": "return new_weights"}),
    ("changes_inputs", {"new_weights = [w - learning_rate * (dw + weight_decay * w)":
                        "new_weights = [w.__isub__(learning_rate * (dw + weight_decay * w))"}),
])
def test_decayed_step_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.decayed_step(mutant(DECAY, "decayed_step", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_decayed_step_reference_follows_the_gradient_of_loss_plus_l2_term():
    # the decay term is the derivative of nnlib's l2_penalty, by central differences
    for weights, biases, dweights, dbiases, rate, decay in checks.decayed_step.cases():
        new_weights, new_biases = checks.decay_answer(weights, biases, dweights, dbiases, rate,
                                                      decay)
        nudged = [w.copy() for w in weights]  # numerical_gradient nudges these in place
        for layer, w in enumerate(nudged):
            term = nnlib.numerical_gradient(lambda _: l2_penalty(nudged, decay), w)  # noqa: B023
            expected = weights[layer] - rate * (dweights[layer] + term)
            np.testing.assert_allclose(new_weights[layer], expected, rtol=1e-7, atol=1e-9)
            np.testing.assert_allclose(new_biases[layer], biases[layer] - rate * dbiases[layer],
                                       rtol=1e-12)


# --- exercise 3: inverted dropout ----------------------------------------------------------------

DROPOUT = """def inverted_dropout(a, rate, rng):
    keep = rng.random(a.shape) >= rate
    return a * keep / (1 - rate)
"""


@pytest.mark.parametrize("changes", [
    {},
    {"rng.random(a.shape) >= rate": "rng.binomial(1, 1 - rate, size=a.shape)"},
    {"rng.random(a.shape) >= rate": "rng.uniform(size=a.shape) < 1 - rate"},
    {"return a * keep / (1 - rate)": "a = a.copy()\n    a *= keep / (1 - rate)\n    return a"},
    {"return a * keep / (1 - rate)": "return np.where(keep, a / (1 - rate), 0.0)"},
    {"return a * keep / (1 - rate)": "return (a * keep / (1 - rate)).tolist()"},
])
def test_dropout_accepts_every_correct_form(changes):
    feedback = checks.inverted_dropout(mutant(DROPOUT, "inverted_dropout", changes))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize(("key", "changes"), [
    ("not_scaled", {" / (1 - rate)": ""}),
    ("scaled_down", {" / (1 - rate)": " * (1 - rate)"}),
    ("scaled_by_rate", {" / (1 - rate)": " / rate"}),
    ("keeps_rate", {">= rate": "< rate"}),
    ("one_mask", {"rng.random(a.shape)": "rng.random(a.shape[1])"}),
    ("whole_samples", {"rng.random(a.shape)": "rng.random((len(a), 1))"}),
    ("returns_mask", {"return a * keep": "return keep"}),
    ("fallback", {" / (1 - rate)": " / (1 - rate) ** 2"}),
    ("fallback", {">= rate": ">= rate / 2"}),
    ("shape", {"return a * keep / (1 - rate)": "return (a * keep / (1 - rate)).ravel()"}),
    ("not_written", unwritten(DROPOUT)),
    ("changes_inputs", {"return a * keep / (1 - rate)": "a *= keep / (1 - rate)\n    return a"}),
])
def test_dropout_names_each_mistake_made_by_code_that_makes_it(key, changes):
    feedback = checks.inverted_dropout(mutant(DROPOUT, "inverted_dropout", changes))
    assert not feedback.passed and feedback.mistake == key, feedback.message
    assert "Hint:" in feedback.message


def test_dropout_fallback_says_what_the_function_did():
    feedback = checks.inverted_dropout(mutant(DROPOUT, "inverted_dropout",
                                              {" / (1 - rate)": " / (1 - rate) ** 2"}))
    assert "At rate 0.2, what it keeps is a times 1.5625, not a times 1 / (1 - rate) = 1.25" in (
        feedback.message)
    feedback = checks.inverted_dropout(mutant(DROPOUT, "inverted_dropout",
                                              {">= rate": ">= rate / 2"}))
    assert "set 10." in feedback.message and "not about 20%" in feedback.message


def test_dropout_reference_keeps_the_mean_and_drops_the_rate():
    for a, rate, rng in checks.inverted_dropout.cases():
        out = checks.dropout_answer(a, rate, rng)
        assert abs(np.mean(out == 0) - rate) < checks.SHARE_TOLERANCE / 2
        assert out.mean() == pytest.approx(a.mean(), rel=0.03)


def test_every_exercise_is_called_by_its_function_name():
    for exercise, name in [(checks.adam_step, "adam_step"), (checks.decayed_step, "decayed_step"),
                           (checks.inverted_dropout, "inverted_dropout")]:
        assert exercise.name == name
        assert exercise(None).message.startswith(f"{name} should be your function itself")


def test_the_notebook_walks_the_ravine_with_the_learners_adam_once_it_passes(capsys):
    mine = learner(ADAM, "adam_step")
    assert checks.adam_step_to_use(mine) is mine
    wrong = mutant(ADAM, "adam_step", {"m_hat = m / (1 - beta1**t)": "m_hat = m"})
    assert checks.adam_step_to_use(wrong) is checks.adam_answer
    assert capsys.readouterr().out.splitlines() == [
        "Using your adam_step: it passes its check.",
        "Using nnlib's adam_step: yours does not pass its check yet (the check cell above says "
        "why)."]
