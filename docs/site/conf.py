"""Sphinx configuration of the course's static website (`make site`, tools/build_site.py).

tools/build_site.py copies the notebooks (with their stored outputs: nothing is executed here)
into a staging folder with a generated index.md, and runs Sphinx with this folder as its
configuration. Everything a page loads comes from the site itself: the theme's assets, and
MathJax from the copy `make site` unpacked into .venv-web (NNLIB_MATHJAX_DIR).
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

project = "Neural Networks from Scratch"
author = "the course's authors"
copyright = "the course's authors, MIT licence"  # noqa: A001 - Sphinx's name for it

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# The notebooks' stored outputs are the pages' outputs (nbval checks that they are current).
nb_execution_mode = "off"
# A live view stores an ipywidget view and a PNG of its figure. Without a kernel the widget view
# shows nothing, so the site shows the PNG: the widget view is dropped from the HTML priorities.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
# No widget manager from a CDN (myst-nb's default loads require.js and the ipywidgets embedder).
nb_ipywidgets_js = {}
# $...$ and $$...$$ in the notebooks' markdown, as JupyterLab reads them
myst_enable_extensions = ["dollarmath", "amsmath"]
# the notebooks link to each other as NN_name.ipynb: those become links between pages
myst_heading_anchors = 3

html_theme = "pydata_sphinx_theme"
html_title = project
# The layout of a course: the sidebar holds the whole course (every notebook, in order, the
# current one marked: _templates/course-nav.html) and the current page's sections; the top bar
# only the title and the theme switch; no right-hand column, so the notebook gets the width
# its figures are sized for (about 800 px at 1280 px, tests/browser/test_web_sites.py).
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_center": [],
    "secondary_sidebar_items": [],
    "footer_start": ["copyright"],
    "footer_end": [],
    "navbar_end": ["theme-switcher"],
}
html_sidebars = {"**": ["course-nav", "page-toc"]}
templates_path = [str(HERE / "_templates")]
html_copy_source = False
html_show_sourcelink = False
html_static_path = [str(HERE / "_static")]
html_css_files = ["course.css"]
html_js_files = ["course.js"]

# MathJax 3, served from the site: NNLIB_MATHJAX_DIR holds mathjax/tex-chtml.js and its fonts.
mathjax_dir = os.environ.get("NNLIB_MATHJAX_DIR")
if mathjax_dir:
    html_static_path.append(mathjax_dir)
    mathjax_path = "mathjax/tex-chtml.js"
