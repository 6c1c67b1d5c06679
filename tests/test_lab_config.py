"""The course's JupyterLab server config (.jupyter/jupyter_server_config.py), read as Jupyter
reads it, in a fresh Python: what it sets for the kernels it starts."""

import os
import subprocess
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".jupyter" / "jupyter_server_config.py"
READ = (
    "import os, runpy\n"
    "from traitlets.config import Config\n"
    "config = Config()\n"
    f"runpy.run_path({str(CONFIG)!r}, init_globals={{'get_config': lambda: config}})\n"
    "print(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    "print(config.MappingKernelManager.transport_encryption)\n"
    "print(sorted(f'{section}.{name}' for section, values in config.items()\n"
    "             for name in values if 'ping' in name.lower()) or 'no-ping-settings')\n"
)


def read_config(**variables):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | variables
    result = subprocess.run([sys.executable, "-c", READ], env=env, capture_output=True,
                            text=True, check=True)
    assert result.stderr == ""
    return result.stdout.split()


def test_it_leaves_the_websocket_pings_to_jupyter_server():
    # a ping timeout equal to the ping interval closed every kernel connection 30 s after it
    # opened; the file names those settings only in comments and in the one note it filters
    assert read_config()[2] == "no-ping-settings"


def test_kernels_get_one_blas_thread():
    assert read_config()[:2] == ["1", "auto"]


def test_a_blas_thread_count_set_before_is_kept():
    assert read_config(OPENBLAS_NUM_THREADS="3")[:2] == ["3", "auto"]
