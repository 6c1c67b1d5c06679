"""Build the course's static website (run by `make site`): one page per notebook, with its
text, math, code and stored outputs, in course order, and nothing loaded from outside the site.

Usage: python tools/build_site.py --repo OWNER/NAME [--ref REF] [--out build/site]

1. Copies the notebooks (tools/web_pages.py: course order, the launch links to JupyterLite and
   Binder, the course map linking to the site's index) and writes index.md into a staging
   folder, build/site-source/ (emptied first).
2. Runs Sphinx with docs/site/conf.py on it (myst-nb, no execution: the stored outputs).
Runs offline: MathJax comes from NNLIB_MATHJAX_DIR (unpacked by `make site`'s setup).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from web_pages import (
    ROOT,
    course_map_descriptions,
    launch_markdown,
    placeholder_warning,
    site_copy,
    stage_copies,
)

CONF_DIR = ROOT / "docs" / "site"


def index_markdown(notebooks, repo, ref="HEAD", teaches=None):
    """The site's front page: what the course is, how to run it, and the course map (each
    notebook and what it teaches, `teaches`: the README's map by default)."""
    teaches = course_map_descriptions() if teaches is None else teaches
    lines = [
        "# Neural Networks from Scratch",
        "",
        "A hands-on course that builds a neural network from a single neuron up to a trained",
        "network, in Jupyter notebooks. These pages show each notebook with the outputs stored",
        "in it; the live views' figures are pictures here. To run the notebooks and move the",
        "sliders, open them in JupyterLite (Python in your browser, nothing to install), on",
        "Binder, or on your own computer (`make lab`, see the repository's README).",
        "",
    ]
    if notebooks:
        lines += [launch_markdown(notebooks[0][0], repo, ref), ""]
    lines += ["## The course map", "", "```{list-table}", ":header-rows: 1",
              ":class: course-map", "", "* - notebook", "  - you will leave knowing"]
    for file, title in notebooks:
        lines += [f"* - [{title}]({file})", f"  - {teaches.get(file, '')}"]
    lines += ["```", "", "```{toctree}", ":hidden:", ":maxdepth: 1", ""]
    lines += [Path(file).stem for file, _ in notebooks]
    lines += ["```", ""]
    return "\n".join(lines)


def stage(source, repo, ref):
    """Fill `source` with the site copies of the notebooks and index.md."""
    notebooks = stage_copies(
        source, lambda notebook, file: site_copy(notebook, file, repo, ref)
    )
    teaches = course_map_descriptions()
    unmapped = [file for file, _ in notebooks if file not in teaches]
    if unmapped:
        print(f"warning: the README's course map has no row for {', '.join(unmapped)}: the "
              "site's course map shows only their titles", file=sys.stderr)
    (source / "index.md").write_text(index_markdown(notebooks, repo, ref, teaches))
    return notebooks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", required=True,
                        help="the GitHub repository (owner/name) Binder builds; Makefile: REPO")
    parser.add_argument("--ref", default="HEAD", help="the branch or tag Binder builds")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args()
    started = time.monotonic()
    if placeholder_warning(args.repo):
        print(placeholder_warning(args.repo), file=sys.stderr)
    if not os.environ.get("NNLIB_MATHJAX_DIR"):
        sys.exit("NNLIB_MATHJAX_DIR is not set: run `make site` (it unpacks MathJax)")
    source = ROOT / "build" / "site-source"
    notebooks = stage(source, args.repo, args.ref)
    shutil.rmtree(args.out, ignore_errors=True)
    # Sphinx's warnings are printed, not fatal: a notebook written on another branch (a link to
    # a file outside notebooks/, a skipped heading level) must not stop the course's website.
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q",
               "-c", CONF_DIR, "-d", ROOT / "build" / "site-doctrees", source, args.out]
    print("$", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), check=True)
    print(f"site: {len(notebooks)} notebooks -> {args.out} "
          f"in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
