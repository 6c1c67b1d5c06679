"""The course kit: what the notebooks need besides the math in `nnlib`.

Shared machinery, used by every notebook:

* `explore` - the slider protocol: a `View` (one figure and a plain ``update``) and `explore`,
  which wires sliders to it;
* `ipympl_glue` - every workaround for live figures in Jupyter, each naming its upstream cause;
* `plots` - small plot helpers (``ax=None`` in, the artists out);
* `feedback` - the grading engine: an exercise is data (`Exercise`, `Mistake`), one `grade`
  runs every check.

One folder per notebook, named after it (``nNN_name`` for notebooks/NN_name.ipynb; the course's
notebooks are listed, in order, in notebooks/course.toml), holds that notebook's data
preparation, live views (``views``) and exercise checks with their givens (``checks``).

Importing `nnlib.course` itself loads nothing; its modules load matplotlib and ipywidgets.
"""
