"""What the numbers were measured on: CPU, load and library versions."""

import os
import platform
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

import numpy as np

from benchmarks import torch_versions


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or the platform's processor string."""
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    """The 1-minute load average (other processes competing for the CPUs), or None."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def blas():
    """Name and version of the BLAS numpy was built with."""
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info['name']} {info['version']}"
    except (KeyError, TypeError, ValueError):
        return "unknown"


def _version(name):
    try:
        return package_version(name)
    except PackageNotFoundError:
        return "not installed"


def describe():
    """name -> value pairs for the report's header."""
    torch_threads = "not installed"
    if torch_versions.available():
        import torch

        torch_threads = str(torch.get_num_threads())
    return {
        "CPU": cpu_model(),
        "CPUs (os.cpu_count)": str(os.cpu_count()),
        "CPUs usable by this process": str(len(os.sched_getaffinity(0))),
        "Python": platform.python_version(),
        "numpy": np.__version__,
        "BLAS": blas(),
        "matplotlib": _version("matplotlib"),
        "nbval": _version("nbval"),
        "PyTorch": torch_versions.version() or "not installed",
        "PyTorch threads": torch_threads,
        "nnlib": _version("nnlib"),
    }
