"""Run nbval on the notebooks under several numeric environments: the stored outputs must be
the same on every CPU, BLAS kernel and thread count (and under Pyodide).

Usage: python tools/numeric_environments.py [--only NAME ...] [--list] [notebooks ...]
       (run by `make test-numerics`; default: every notebook in notebooks/, every environment)

Two machines of the same kind can round the last bit of a result differently: numpy picks SIMD
kernels (AVX-512, AVX2, SSE) by CPU, OpenBLAS picks its matrix-product kernel by CPU and splits
the work by thread count, and Pyodide's numpy has neither. A chaotic run (a learning rate far too
large, a long run near a saddle) turns such a bit into different printed digits. Each
environment below changes the last bits in one of those ways, on this one machine:

- ``default``: as a learner's machine runs it (already checked by `make test`; listed for
  `--only`, not run by default);
- ``generic-blas``: OpenBLAS with its generic kernel (``OPENBLAS_CORETYPE=Prescott``) on one
  thread, as on an old CPU or a machine that pins BLAS to one thread;
- ``reduced-simd``: numpy with its AVX2 / AVX-512 kernels switched off
  (``NPY_DISABLE_CPU_FEATURES``, naming only the dispatch targets this CPU has: numpy refuses
  to start when asked to disable one it lacks), as on a CPU without AVX-512, or under Pyodide;
- ``shaken``: a different last bit on purpose: every result of ``np.exp``, ``np.tanh``,
  ``np.log``, ``np.log1p`` and ``np.expm1`` in the kernel is moved one unit in the last place
  up or down for about half the values (chosen by a hash of the value's bits, so the same input
  always gives the same output, as a different libm would). Every sigmoid, softmax, tanh and
  cross-entropy goes through these functions, so any training run whose printed result depends
  on the last bit shows up here, whatever the CPU.

Each environment runs nbval in a fresh kernel per notebook with no cell exempted. Exit status 1
if any cell differs in any environment; the summary names each cell and environment.

Names joined by ``+`` make one environment of several (``--only reduced-simd+shaken``): their
variables together and the shaker, all in one run of nbval. CI runs that pair: a printed number
that moves under either change alone moves, all but surely, under both at once (a chaotic run
amplifies any difference in the last bit, and the two changes are unrelated, so they do not
cancel out), and one run of every notebook costs half of two.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs first in every kernel of the `shaken` environment (an IPython startup file). Plain numpy,
# no nnlib: it changes numpy's functions for everything the kernel computes.
SHAKER = '''\
"""One unit in the last place, up or down, on about half the results of numpy's exp, tanh,
log, log1p and expm1 (tools/numeric_environments.py, environment "shaken")."""
import functools

import numpy as np

_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd constants: multiplying scrambles the bits
_SEED = np.uint64(({seed} * 0xBF58476D1CE4E5B9) % 2**64)  # the seed spread over all 64 bits


def _nudge(result):
    array = np.asarray(result)
    if array.dtype != np.float64 or array.size == 0:
        return result
    with np.errstate(over="ignore"):
        bits = (array.view(np.uint64) ^ _SEED) * _MIX  # wraps around: a hash of the value
    choice = bits >> np.uint64(62)  # 0, 1, 2 or 3
    finite = np.isfinite(array) & (array != 0)
    up = finite & (choice == 3)
    down = finite & (choice == 0)
    nudged = np.where(up, np.nextafter(array, np.inf), array)
    nudged = np.where(down, np.nextafter(array, -np.inf), nudged)
    if isinstance(result, np.ndarray):
        result[...] = nudged  # in place: callers may hold the `out=` array
        return result
    return type(result)(nudged) if np.ndim(result) == 0 else nudged


def _shaken(ufunc):
    @functools.wraps(ufunc)
    def shaken(*args, **kwargs):
        return _nudge(ufunc(*args, **kwargs))

    for name in ("reduce", "accumulate", "outer", "at", "nin", "nout", "nargs", "types"):
        if hasattr(ufunc, name):
            setattr(shaken, name, getattr(ufunc, name))
    return shaken


for _name in ("exp", "tanh", "log", "log1p", "expm1"):
    setattr(np, _name, _shaken(getattr(np, _name)))
'''


def simd_features_to_disable(python):
    """The names numpy (run by `python`) accepts in NPY_DISABLE_CPU_FEATURES to switch off its
    dispatched SIMD kernels beyond the baseline on this CPU (AVX2 and AVX-512 on x86)."""
    code = (
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__\n"
        "print(' '.join(name for name in __cpu_dispatch__ if __cpu_features__.get(name)))"
    )
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def environments(python, shake_seed):
    """name -> (environment variables to set, IPython startup code or None)."""
    disable = simd_features_to_disable(python)
    envs = {
        "default": ({}, None),
        "generic-blas": ({"OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_NUM_THREADS": "1"}, None),
        "reduced-simd": ({"NPY_DISABLE_CPU_FEATURES": disable}, None),
        "shaken": ({}, SHAKER.format(seed=shake_seed)),
    }
    if not disable:  # a CPU with nothing above numpy's baseline: nothing to switch off
        del envs["reduced-simd"]
    return envs


KNOWN = ("default", "generic-blas", "reduced-simd", "shaken")


def combined(envs, name):
    """The environment `name`, or for "a+b" the environments a and b together (their variables
    and their startup code). A part this machine lacks (reduced-simd on a CPU with nothing above
    numpy's baseline) adds nothing."""
    variables, startups = {}, []
    for part in name.split("+"):
        if part not in KNOWN:
            raise KeyError(part)
        part_variables, startup = envs.get(part, ({}, None))
        variables.update(part_variables)
        if startup is not None:
            startups.append(startup)
    return variables, "\n".join(startups) if startups else None


def run_nbval(python, notebooks, variables, startup):
    """nbval on `notebooks` with `variables` set and `startup` run in each kernel; returns
    (exit status, the failing cells' ids)."""
    env = {**os.environ, **variables}
    with tempfile.TemporaryDirectory(prefix="nnlib-numerics-") as folder:
        if startup is not None:
            # IPython reads startup files from $IPYTHONDIR/profile_default/startup/
            startup_dir = Path(folder, "ipython", "profile_default", "startup")
            startup_dir.mkdir(parents=True)
            (startup_dir / "00-shaker.py").write_text(startup)
            env["IPYTHONDIR"] = str(Path(folder, "ipython"))
        command = [python, "-m", "pytest", "--nbval", "--nbval-current-env",
                   "-p", "no:cacheprovider", "-q", "-rf", *map(str, notebooks)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    sys.stdout.write(result.stdout[-6000:] if result.returncode else result.stdout[-300:])
    failed = [line.removeprefix("FAILED ").split(" - ")[0]
              for line in result.stdout.splitlines() if line.startswith("FAILED ")]
    return result.returncode, failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these environments")
    parser.add_argument("--shake-seed", type=int, default=1, help="which bits the shaker moves")
    parser.add_argument("--list", action="store_true", help="print the environments and exit")
    args = parser.parse_args(argv)
    python = sys.executable
    envs = environments(python, args.shake_seed)
    if args.list:
        for name, (variables, startup) in envs.items():
            shown = " ".join(f"{key}={value!r}" for key, value in variables.items())
            print(f"{name:13} {shown}{' + shaker' if startup else ''}")
        return 0
    names = args.only or [name for name in envs if name != "default"]
    parts = {part for name in names for part in name.split("+")}
    unknown = sorted(parts - set(KNOWN))
    if unknown:
        parser.error(f"unknown environment(s) {unknown}; known: {sorted(KNOWN)}")
    absent = sorted(parts - set(envs))
    for name in absent:
        print(f"{name}: nothing to change on this machine (it is the default here)")
    names = [name for name in names if name not in absent]
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    failures = {}
    for name in names:
        variables, startup = combined(envs, name)
        shown = " ".join(f"{key}={value!r}" for key, value in variables.items())
        print(f"\n==> nbval, environment {name}: {shown}{' + shaker' if startup else ''}",
              flush=True)
        status, failed = run_nbval(python, notebooks, variables, startup)
        if status:
            failures[name] = failed or [f"nbval exit status {status}"]
    print("\n==> numeric environments:", ", ".join(names))
    for name in names:
        cells = failures.get(name, [])
        print(f"{name:13} {'all cells as stored' if not cells else 'DIFFERS: ' + ', '.join(cells)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
