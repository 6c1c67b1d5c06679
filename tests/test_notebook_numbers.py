"""Every number a notebook's text quotes is backed by the notebook itself.

A number in a Markdown cell is backed when
  * some code cell's stored output prints it (a printed 0.72163 backs a quoted 0.7216 or 0.72:
    the quote may round the printed number to the digits it shows), or
  * it is a stated input: a number literal in some code cell's source (the cell that sets a
    learning rate of 4.0 backs "learning rate 4"), or
  * it is in ALLOWED below, with the reason it needs no backing.
Small whole numbers 0 to 9 count things (inputs, layers, rows, steps) and are always allowed;
section, notebook and exercise numbers are references, not quotes. A whole number marked as
rough ("about 260", "~130", "roughly 30") may be within 5 % of a printed number.

This runs on every notebook in notebooks/, so a new notebook is checked from its first commit.
When it fails: print the number in the cell that computes it (the usual fix), or quote what is
printed, or, for a number that is true by definition or comes from outside the notebook, add it
to ALLOWED with a reason.
"""

import ast
import io
import re
import tokenize
import tomllib
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Numbers that need no printed backing, with the reason. "*" applies to every notebook.
ALLOWED = {
    "*": {
        0.5: "the sigmoid's output at z = 0 and the usual threshold between the classes",
        0.25: "0.5 squared: the loss of answering 0.5, and the sigmoid's largest slope (1/4)",
        10: "powers of ten, as in 'ten times smaller' and 'each grid line is 10 times smaller'",
    },
    "01_neuron.ipynb": {},
    "02_perceptron.ipynb": {},
    "03_two_layer_network.ipynb": {
        16: "a float holds about 16 significant decimal digits (the float64 format), and the "
        "article printed that many",
    },
    "04_training_curves.ipynb": {
        17: "typical bill depth in mm, an order of magnitude to motivate standardising",
        200: "typical flipper length in mm, an order of magnitude to motivate standardising",
        4000: "typical body mass in g, an order of magnitude to motivate standardising",
        2020: "publication year of the Palmer penguins data (the citation)",
    },
    "05_more_than_two_classes.ipynb": {},
    "06_activations_and_initialisation.ipynb": {},
    "07_handwritten_digits.ipynb": {},
    "08_autograd.ipynb": {},
    "09_training_better.ipynb": {},
    "10_when_training_fails.ipynb": {},
}

REFERENCE_WORDS = r"(?:section|sections|notebook|notebooks|exercise|exercises|step|steps|part)"
ROUGH_WORDS = r"(?:about|around|roughly|nearly|almost|approximately|some|~|≈|\\approx)"
# a number not glued to a name (x1, h_2, n04, 8x8) and not part of a longer number
NUMBER = re.compile(
    r"(?<![\w.\\])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:[eE]([-+]?\d+))?(?![\w])(?!\.\d)"
)


def markdown_text(source):
    """The prose of a Markdown cell with what is not a quoted number removed: link targets,
    heading numbers, LaTeX exponents, subscripts and fractions, and references such as
    'section 5' or 'notebook 03'."""
    text = re.sub(r"\]\([^)]*\)", "]", source)  # [text](target) -> [text]
    # 1.8 \times 10^{308} is one number, 1.8e308
    text = re.sub(r"(\d+(?:\.\d+)?)\s*\\times\s*10\^\{?([-+]?\d+)\}?", r"\1e\2", text)
    text = re.sub(r"^#+\s*\d+\.", "#", text, flags=re.M)  # "## 5. Title"
    text = re.sub(r"\\[dt]?frac\s*(\{[^{}]*\}|\d)\s*(\{[^{}]*\}|\d)", " ", text)  # \frac12
    text = re.sub(r"[\^_]\s*(\{[^{}]*\}|\\?\w)", " ", text)  # x^2, 10^{-8}, w_{ij}, x_1
    text = re.sub(
        rf"\b{REFERENCE_WORDS}\s+\d+(\s*(,|and|or|to)\s*\d+)*", " ", text, flags=re.I
    )
    return text


def quoted_numbers(source):
    """(number, decimals shown, scientific?, rough?, context) for every number the Markdown
    quotes, the number as a Decimal (1.8e308 stays finite); decimals count the digits shown
    after the point (of the mantissa, if scientific)."""
    text = markdown_text(source)
    found = []
    for match in NUMBER.finditer(text):
        whole, fraction, exponent = match.groups()
        value = Decimal(whole.replace(",", "") + (fraction or "") + f"e{exponent or 0}")
        decimals = len(fraction) - 1 if fraction else 0
        before = text[max(0, match.start() - 16) : match.start()]
        rough = re.search(rf"{ROUGH_WORDS}\s*\$?\s*$", before, flags=re.I) is not None
        context = text[max(0, match.start() - 40) : match.end() + 25].replace("\n", " ")
        found.append((value, decimals, exponent is not None, rough, context))
    return found


def printed_numbers(notebook):
    """Every number in the notebook's stored text outputs (prints and results), as Decimals."""
    values = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                continue  # a widget's text is its repr (layout, ids), not something printed
            text = output.get("text", "") + data.get("text/plain", "")
            values += map(Decimal, re.findall(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", text))
    return values


def stated_numbers(notebook):
    """Every number literal in the notebook's code (ignoring % and ! lines), as Decimals."""
    values = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        for token in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
            if token.type == tokenize.NUMBER and token.string[-1] not in "jJ":
                values.append(Decimal(repr(ast.literal_eval(token.string))))
    return values


def backed(value, decimals, scientific, rough, evidence):
    """True if some number in `evidence` is `value` as quoted: rounded to the digits the quote
    shows, or, for a whole number the text calls rough ("about 260"), within 5 %."""
    for candidate in evidence:
        if scientific:
            shown = Decimal(f"{candidate:.{decimals}e}")
        else:
            try:
                shown = candidate.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN)
            except InvalidOperation:  # a huge printed number has no digits that far right
                continue
        if shown == value:
            return True
        if rough and decimals == 0 and abs(candidate - value) <= Decimal("0.05") * value:
            return True
    return False


def unbacked_numbers(notebook, allowed=()):
    """(cell id, number, context) for each quoted number that nothing in the notebook backs."""
    evidence = printed_numbers(notebook) + stated_numbers(notebook)
    problems = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or "navigation" in cell.get("metadata", {}).get("tags", []):
            continue
        for value, decimals, scientific, rough, context in quoted_numbers(cell.source):
            if value < 10 and decimals == 0 and not scientific:
                continue  # small whole numbers count things; see the module docstring
            if float(value) in allowed or backed(value, decimals, scientific, rough, evidence):
                continue
            problems.append((cell.get("id"), f"{value:g}", context))
    return problems


@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_every_number_the_text_quotes_is_printed_or_stated(path):
    notebook = nbformat.read(path, as_version=4)
    allowed = {**ALLOWED["*"], **ALLOWED.get(path.name, {})}
    problems = unbacked_numbers(notebook, allowed)
    report = "\n".join(
        f"  cell {cell}: {number!r} in '...{context}...'" for cell, number, context in problems
    )
    assert not problems, (
        f"{path.name} quotes numbers that no cell prints or states (print them in the cell that "
        f"computes them, or add them to ALLOWED with a reason):\n{report}"
    )


def test_every_allow_list_names_a_notebook_of_the_course():
    # a notebook needs no list of its own (ALLOWED.get); a list must not outlive its notebook
    with open(ROOT / "notebooks" / "course.toml", "rb") as registry:
        registered = {entry["file"] for entry in tomllib.load(registry)["notebook"]}
    assert set(ALLOWED) - {"*"} <= registered, "ALLOWED names a notebook the course does not list"


# --- the rules themselves ---------------------------------------------------------------------


def notebook_with(markdown, printed="", code=""):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(code)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    notebook.cells = [cell, nbformat.v4.new_markdown_cell(markdown)]
    return notebook


def test_an_unprinted_rough_count_is_caught():
    # notebook 04 once said learning rate 4 took "about 260" iterations; no cell printed it
    notebook = notebook_with(
        "learning rate 4 took about 260 iterations to bring the loss below 0.005",
        printed="loss first below 0.01: iteration 191\nloss first below 0.001: iteration 763",
        code="rates = [4.0]",
    )
    assert [number for _, number, _ in unbacked_numbers(notebook)] == ["260", "0.005"]


def test_a_rough_quote_within_five_percent_of_a_printed_number_is_backed():
    notebook = notebook_with("the plateau lasts about 260 iterations", printed="iteration 263")
    assert unbacked_numbers(notebook) == []


def test_a_quote_may_round_what_is_printed_but_not_change_it():
    printed = "o1 = 0.7216325609518421\nweights [9.673, -0.2077]"
    good = "$o_1 \\approx 0.7216$, $w_1 \\approx 9.67$, about $1.8 \\times 10^{308}$"
    assert unbacked_numbers(notebook_with(good, printed + "\nlargest 1.8e+308")) == []
    assert unbacked_numbers(notebook_with("$w_1 \\approx 9.68$", printed))[0][1] == "9.68"
    assert unbacked_numbers(notebook_with("about 9.7", printed)) == []  # 9.673 rounded
    assert unbacked_numbers(notebook_with("about 9.5", printed))[0][1] == "9.5"


def test_stated_inputs_and_references_need_no_print():
    notebook = notebook_with(
        "With learning rate 0.05 for 1,500 iterations (section 12, notebook 05) "
        "the loss $L^{2}$ of $x_{12}$ is $\\frac{1}{2}$ of 0.25",
        code="history = network.train(X, y, iterations=1_500, learning_rate=0.05)",
    )
    assert unbacked_numbers(notebook, allowed={0.25: "definition"}) == []


def test_numbers_inside_names_and_links_are_not_quotes():
    notebook = notebook_with("See [04](04_training_curves.ipynb): `x1`, h_2, n04 and 8x8 digits")
    assert unbacked_numbers(notebook) == []
