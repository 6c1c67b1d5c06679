"""The numeric environments of `make test-numerics` change what they say they change.

tools/numeric_environments.py runs nbval under environments that round the last bit
differently. A shaker that moved nothing, or a SIMD setting numpy ignored, would pass every
notebook and prove nothing; these tests check each one on its own.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import numeric_environments  # noqa: E402

SHAKEN = ("exp", "tanh", "log", "log1p", "expm1")


def run_python(code, env_extra=None, startup=None):
    """Run `code` in a fresh Python (startup code first, as the kernel's IPython would)."""
    env = {**os.environ, **(env_extra or {})}
    program = (startup or "") + "\n" + code
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            env=env, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def shaken_values():
    """The shaken and the exact results of every shaken function on 20,000 inputs."""
    code = (
        "import numpy as np\n"
        "x = np.linspace(0.01, 3.0, 20_000)\n"
        f"for name in {SHAKEN!r}:\n"
        "    print(name, getattr(np, name)(x).tobytes().hex())\n"
    )
    exact = run_python(code)
    shaken = run_python(code, startup=numeric_environments.SHAKER.format(seed=1))
    parse = lambda text: {  # noqa: E731
        line.split()[0]: np.frombuffer(bytes.fromhex(line.split()[1]), dtype=np.float64)
        for line in text.splitlines()
    }
    return parse(exact), parse(shaken)


@pytest.mark.parametrize("name", SHAKEN)
def test_the_shaker_moves_about_half_the_results_by_one_unit_in_the_last_place(
    shaken_values, name
):
    exact, shaken = shaken_values
    steps = np.abs(shaken[name].view(np.int64) - exact[name].view(np.int64))  # ulps apart
    assert set(np.unique(steps)) == {0, 1}
    assert 0.4 < np.mean(steps == 1) < 0.6
    moved_up = shaken[name] > exact[name]
    assert 0.4 < np.mean(moved_up[steps == 1]) < 0.6  # both directions


def test_the_shaker_gives_the_same_result_for_the_same_input():
    code = (
        "import numpy as np\n"
        "x = np.linspace(-3, 3, 1001)\n"
        "a = np.exp(x); b = np.exp(x.copy()); c = np.empty_like(x); np.exp(x, out=c)\n"
        "print(np.array_equal(a, b) and np.array_equal(a, c),"
        " all(float(np.exp(x[k])) == float(a[k]) for k in range(0, 1001, 7)),"
        " type(np.exp(np.float64(0.3))).__name__, type(np.exp(0.3)).__name__)\n"
    )
    startup = numeric_environments.SHAKER.format(seed=3)
    assert run_python(code, startup=startup).split() == ["True", "True", "float64", "float64"]


def test_other_seeds_move_other_values():
    code = "import numpy as np\nprint(np.exp(np.linspace(0, 1, 1000)).tobytes().hex())\n"
    runs = [run_python(code, startup=numeric_environments.SHAKER.format(seed=seed))
            for seed in (1, 2)]
    assert runs[0] != runs[1]


def test_reduced_simd_switches_off_exactly_the_dispatch_targets_this_cpu_has():
    names = numeric_environments.simd_features_to_disable(sys.executable).split()
    code = (
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__\n"
        "print(' '.join(n for n in __cpu_dispatch__ if __cpu_features__.get(n)))\n"
    )
    if not names:
        pytest.skip("this CPU has no SIMD dispatch target above numpy's baseline")
    assert run_python(code).split() == names
    still_on = run_python(code, {"NPY_DISABLE_CPU_FEATURES": " ".join(names)}).split()
    assert still_on == []


def test_every_environment_but_default_changes_something():
    envs = numeric_environments.environments(sys.executable, shake_seed=1)
    assert envs["default"] == ({}, None)
    assert set(envs) <= set(numeric_environments.KNOWN)  # what --only and + pairs accept
    for name, (variables, startup) in envs.items():
        if name != "default":
            assert variables or startup, name


def test_a_pair_of_environments_is_both_at_once():
    envs = {"default": ({}, None), "generic-blas": ({"OPENBLAS_CORETYPE": "Prescott"}, None),
            "reduced-simd": ({"NPY_DISABLE_CPU_FEATURES": "AVX2"}, None),
            "shaken": ({}, "shake()")}
    assert numeric_environments.combined(envs, "reduced-simd+shaken") == (
        {"NPY_DISABLE_CPU_FEATURES": "AVX2"}, "shake()")
    assert numeric_environments.combined(envs, "generic-blas+reduced-simd") == (
        {"OPENBLAS_CORETYPE": "Prescott", "NPY_DISABLE_CPU_FEATURES": "AVX2"}, None)
    assert numeric_environments.combined(envs, "shaken") == ({}, "shake()")
    # on a CPU with nothing above numpy's baseline there is no reduced-simd: the pair is the shaker
    del envs["reduced-simd"]
    assert numeric_environments.combined(envs, "reduced-simd+shaken") == ({}, "shake()")
    with pytest.raises(KeyError, match="shakn"):
        numeric_environments.combined(envs, "reduced-simd+shakn")
