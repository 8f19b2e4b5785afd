"""The repository's plumbing: environment.yml against pyproject.toml, the nbval
sanitize file, the Makefile, and tools/run_course.py (`make run`,
`make notebooks`)."""

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip vendors the same parser
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_name(requirement):
    return re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower().replace("_", "-")


# --- environment.yml ---------------------------------------------------------


def read_environment_yml(text):
    """The few shapes environment.yml uses: `key: value`, `- item` and one
    nested `- pip:` list. Returns (top-level keys, conda deps, pip deps).
    A dependency on a YAML library for this would be one more thing to install."""
    keys, conda, pip = {}, [], []
    section = None
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if indent == 0:
            key, _, value = item.partition(":")
            keys[key] = value.strip()
            section = key
        elif item == "- pip:":
            section = "pip"
        elif item.startswith("- ") and section == "dependencies":
            conda.append(item[2:].strip())
        elif item.startswith("- ") and section == "pip":
            pip.append(item[2:].strip())
        elif item.startswith("- ") and section == "channels":
            keys.setdefault("channel list", []).append(item[2:].strip())
        else:
            raise ValueError(f"environment.yml: a line this test does not understand: {raw!r}")
    return keys, conda, pip


ENV_TEXT = (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_environment_yml_installs_the_project_through_pip():
    keys, conda, pip = read_environment_yml(ENV_TEXT)
    assert keys["name"] == "deep-learning-fundamentals"
    assert pip == ["-e .[dev]"], "pyproject.toml is the one list of dependencies"
    assert "pip" in conda


def test_environment_yml_lists_nothing_that_pyproject_does_not():
    _, conda, _ = read_environment_yml(ENV_TEXT)
    project = PYPROJECT["project"]
    declared = {requirement_name(r) for r in project["dependencies"]}
    for extra in project.get("optional-dependencies", {}).values():
        declared |= {requirement_name(r) for r in extra}
    for dependency in conda:
        name = requirement_name(dependency)
        assert name in {"python", "pip"} or name in declared, (
            f"environment.yml installs {name!r}, which pyproject.toml does not declare"
        )


def python_bounds(spec):
    """'>=3.10,<3.14' -> ((3, 10), (3, 14)); a missing bound is None."""
    lower = upper = None
    for part in spec.replace(" ", "").split(","):
        match = re.fullmatch(r"(>=|<)(\d+)\.(\d+)", part)
        assert match, f"an unexpected Python bound: {part!r}"
        version = (int(match.group(2)), int(match.group(3)))
        if match.group(1) == ">=":
            lower = version
        else:
            upper = version
    return lower, upper


def test_environment_yml_python_agrees_with_requires_python():
    _, conda, _ = read_environment_yml(ENV_TEXT)
    (python,) = [d for d in conda if requirement_name(d) == "python"]
    env_lower, env_upper = python_bounds(python[len("python"):])
    project_lower, project_upper = python_bounds(PYPROJECT["project"]["requires-python"])
    assert env_lower == project_lower
    if project_upper:
        assert env_upper == project_upper
    # The Makefile refuses the same Pythons before it creates .venv.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"{env_lower} <= sys.version_info[:2] < {env_upper}" in makefile


def test_every_environment_yml_line_says_why():
    for line in ENV_TEXT.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert " # " in line, f"environment.yml: no comment on {line.strip()!r}"


def test_the_tensorflow_wheels_exclude_each_other():
    """Exactly one of tensorflow and tensorflow-cpu on every platform: both in
    one environment break `import tensorflow`."""
    markers = pytest.importorskip("packaging.markers")
    requirements = pytest.importorskip("packaging.requirements")
    tensorflow = [
        requirements.Requirement(r) for r in PYPROJECT["project"]["dependencies"]
        if requirement_name(r) in {"tensorflow", "tensorflow-cpu"}
    ]
    assert len(tensorflow) == 2
    for system, machine in [("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "arm64"),
                            ("darwin", "x86_64"), ("win32", "AMD64")]:
        environment = dict(markers.default_environment(), sys_platform=system,
                           platform_machine=machine)
        chosen = [r.name for r in tensorflow if r.marker.evaluate(environment)]
        assert len(chosen) == 1, (system, machine, chosen)
        assert chosen == (["tensorflow-cpu"] if (system, machine) in
                          {("linux", "x86_64"), ("win32", "AMD64")} else ["tensorflow"])


# --- nbval_sanitize.cfg ----------------------------------------------------------

SANITIZE_TEXT = (ROOT / "nbval_sanitize.cfg").read_text(encoding="utf-8")
RULES = get_sanitize_patterns(SANITIZE_TEXT)  # exactly what nbval will use


def sanitize(text, rules=RULES):
    for regex, replace in dict(rules).items():  # nbval keeps rules in a dict too
        text = re.sub(regex, replace, text)
    return text


def rules_nbval_would_drop(text):
    """Every `regex`/`replace` line that nbval's parser does not turn into a
    rule it applies as written, with the reason."""
    problems = []
    if "\r" in text:
        problems.append("Windows line endings: every regex would end with \\r")
    lines = text.split("\n")
    kept = get_sanitize_patterns(text)
    kept_regexes = [regex for regex, _ in kept]
    for number, line in enumerate(lines, start=1):
        if line.startswith("#") or not line.strip():
            continue
        if not re.match(r"(regex|replace): \S", line):
            problems.append(f"line {number}: not `regex: ...` or `replace: ...`: {line!r}")
            continue
        if line != line.rstrip():
            problems.append(f"line {number}: trailing whitespace becomes part of the rule")
        if line.startswith("regex: "):
            following = lines[number] if number < len(lines) else ""
            if not following.startswith("replace: ") or not following[len("replace: "):]:
                problems.append(f"line {number}: no non-empty `replace: ` on the next line")
            elif kept_regexes.count(line[len("regex: "):]) > 1:
                problems.append(f"line {number}: the same regex twice; nbval keeps only the last")
            try:
                re.compile(line[len("regex: "):])
            except re.error as error:
                problems.append(f"line {number}: not a regex: {error}")
        elif not (number > 1 and lines[number - 2].startswith("regex: ")):
            problems.append(f"line {number}: a `replace:` without its `regex:` line")
    return problems


def test_nbval_keeps_every_sanitize_rule():
    assert rules_nbval_would_drop(SANITIZE_TEXT) == []
    assert len(RULES) == SANITIZE_TEXT.count("\nregex: ")
    assert SANITIZE_TEXT.isascii(), "non-ASCII would depend on the reader's locale"


@pytest.mark.parametrize(
    "broken",
    [
        "regex: 0x[0-9a-f]+\nreplace:\n",  # an editor stripped the space
        "regex:0x[0-9a-f]+\nreplace: 0xADDRESS\n",  # no space after the colon
        "regex: 0x[0-9a-f]+\n# why\nreplace: 0xADDRESS\n",  # a comment in between
        "regex: 0x[0-9a-f]+ \nreplace: 0xADDRESS\n",  # trailing space in the regex
        "regex: 0x[0-9a-f]+\r\nreplace: 0xADDRESS\r\n",
        "regex: ([a-z]\nreplace: X\n",
    ],
)
def test_the_checker_catches_what_nbval_would_drop(broken):
    assert rules_nbval_would_drop(broken)


# Two runs of the same cell: the rules must make each pair equal, and must not
# touch what the course does compare.
SAME_AFTER_SANITIZING = [
    ("<course_utils.models.MLP object at 0x7f3a2c1b9d60>",
     "<course_utils.models.MLP object at 0x10c4e8b50>"),
    ("<Figure size 640x480 with 2 Axes>", "<Figure size 480x320 with 2 Axes>"),
    ("/tmp/ipykernel_4242/2803945829.py:3: UserWarning: careful",
     "/var/folders/x1/ab_cd/T/ipykernel_77/2803945829.py:3: UserWarning: careful"),
    ("CPU times: user 1.21 ms, sys: 31 \u00b5s, total: 1.24 ms\nWall time: 1.25 ms\n",
     "CPU times: user 3 ms, sys: 0 ns, total: 3 ms\nWall time: 2.98 ms\n"),
    ("1.45 ms \u00b1 21.3 \u00b5s per loop (mean \u00b1 std. dev. of 7 runs, 1,000 loops each)\n",
     "The slowest run took 4.51 times longer than the fastest. This could mean that an "
     "intermediate result is being cached.\n"
     "812 \u00b5s \u00b1 402 \u00b5s per loop (mean \u00b1 std. dev. of 7 runs, 1 loop each)\n"),
    ("32/32 \u2501\u2501\u2501\u2501 1s 3ms/step - loss: 0.6931\n",
     "32/32 \u2501\u2501\u2501\u2501 0s 12ms/step - loss: 0.6931\n"),
    ("32/32 - 0s - 3ms/step - loss: 0.6931\n", "32/32 - 1s - 25ms/step - loss: 0.6931\n"),
    ("4/4 \u2501\u2501\u2501\u2501 0s 950us/step\n", "4/4 \u2501\u2501\u2501\u2501 0s 1ms/step\n"),
    ("1/4 [=====>....] - ETA: 0s - loss: 0.6931", "1/4 [=====>....] - ETA: 1:02 - loss: 0.6931"),
]

STILL_DIFFERENT_AFTER_SANITIZING = [
    ("<Figure size 640x480 with 1 Axes>", "<Figure size 640x480 with 2 Axes>"),
    ("32/32 - 0s - 3ms/step - loss: 0.6931\n", "32/32 - 0s - 3ms/step - loss: 0.6932\n"),
    ("mask = 0xff", "mask = 0xfe"),
    ("accuracy: 0.9500", "accuracy: 0.9400"),
    ("trained 30s", "trained 31s"),
]


@pytest.mark.parametrize(("first", "second"), SAME_AFTER_SANITIZING)
def test_sanitizing_removes_what_differs_between_runs(first, second):
    assert first != second
    assert sanitize(first) == sanitize(second)


@pytest.mark.parametrize(("first", "second"), STILL_DIFFERENT_AFTER_SANITIZING)
def test_sanitizing_keeps_what_the_course_compares(first, second):
    assert sanitize(first) != sanitize(second)


def test_every_rule_is_needed_by_an_example():
    examples = [text for pair in SAME_AFTER_SANITIZING for text in pair]
    for regex, _ in RULES:
        assert any(re.search(regex, text) for text in examples), f"no example for {regex!r}"


# --- Makefile ------------------------------------------------------------------------

needs_make = pytest.mark.skipif(
    shutil.which("make") is None or sys.platform == "win32", reason="make and a POSIX shell"
)


def make(*args):
    """make in the repository, with the environment running these tests as
    its .venv and without re-installing anything."""
    venv = Path(sys.prefix)
    # Not a sub-make of a `make test` that may be running these tests.
    # make puts variables given on its command line (`make test JOBS=1`) into the environment.
    inherited = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TESTS", "PYTEST_ARGS", "NB", "VENV", "JOBS")
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "-o", str(venv / ".install-stamp"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )


@needs_make
def test_make_clean_never_touches_the_environment_or_the_notebooks():
    dry_run = make("-n", "clean")
    assert dry_run.returncode == 0
    assert dry_run.stdout.strip() == "rm -rf build"


@needs_make
def test_make_test_runs_tests_and_notebooks_under_strict_nbval():
    dry_run = make("-n", "test").stdout
    command = dry_run[dry_run.index("pytest "):].split("\n")[0].split()
    notebooks = sorted(p.relative_to(ROOT).as_posix()
                       for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    given = [word for word in command[1:] if not word.startswith("-")][:len(notebooks) + 1]
    assert sorted(given[:-1]) == notebooks and given[-1] == "tests", "every notebook, then tests/"
    assert "--nbval --nbval-current-env" in dry_run
    assert "-p no:randomly" in dry_run
    assert "--nbval-sanitize-with nbval_sanitize.cfg" in dry_run
    assert "env -u MPLBACKEND" in dry_run
    # Two workers, each notebook's cells on one of them, in order.
    assert "-n 2 --dist loadfile" in dry_run
    assert "-p no:xdist" in make("-n", "test", "JOBS=1").stdout


@needs_make
def test_make_run_and_notebooks_run_two_kernels_at_once():
    for target, command in (("run", "run_course.py run --jobs 2"),
                            ("notebooks", "run_course.py refresh --jobs 2")):
        dry_run = make("-n", target).stdout
        assert command in dry_run and "env -u MPLBACKEND" in dry_run
        assert "OPENBLAS_NUM_THREADS=1" in dry_run and "TF_NUM_INTRAOP_THREADS=1" in dry_run


@needs_make
def test_two_at_once_means_one_thread_each_but_a_learners_lab_keeps_them_all():
    assert "OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1" in make("-n", "test", "TESTS=tests").stdout
    assert "OMP_NUM_THREADS=1" in make("-n", "test", "JOBS=1", "TESTS=tests").stdout
    assert "NUM_THREADS" not in make("-n", "lab").stdout


@needs_make
def test_the_notebooks_environment_is_set_in_one_place():
    """The Makefile's NOTEBOOK_ENV; the runner itself sets no variable."""
    runner = (ROOT / "tools" / "run_course.py").read_text(encoding="utf-8")
    assert "os.environ[" not in runner and "environ.pop" not in runner
    assert "setdefault(" not in runner


@needs_make
def test_make_test_fails_and_says_so_when_no_test_is_collected():
    # JOBS=1: the same exit status without starting two pytest workers (20 s).
    result = make("test", "JOBS=1", "TESTS=tests/test_packaging.py", "PYTEST_ARGS=-k no_test_has_this_name")
    assert result.returncode != 0
    assert "pytest collected no tests (exit 5)" in result.stderr


# --- tools/run_course.py -----------------------------------------------------------


@pytest.fixture(scope="module")
def run_course():
    spec = importlib.util.spec_from_file_location("run_course", ROOT / "tools" / "run_course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def write_notebook(path, *cells):
    """cells: strings are code cells; md(...) makes a Markdown cell."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    nbformat.write(nb, path)
    return path


@pytest.fixture()
def course(tmp_path):
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    write_notebook(notebooks / "00_first.ipynb", md("# First steps\n\nText."), "print(1 + 1)",
                   "import os\nprint(os.path.basename(os.getcwd()))")
    write_notebook(notebooks / "01_second.ipynb", md("# Second\n\nMore."), "x = 1",
                   "raise ValueError('the lesson broke')", "print('never reached')")
    write_notebook(notebooks / "scratch.ipynb", "print('a learner file, not the course')")
    return notebooks, build


def test_course_notebooks_are_the_numbered_ones_in_order(run_course, course):
    notebooks, _ = course
    assert [p.name for p in run_course.course_notebooks(notebooks)] == [
        "00_first.ipynb", "01_second.ipynb"]


def test_run_writes_html_and_an_index_and_names_the_failing_cell(run_course, course, capsys):
    notebooks, build = course
    (build / "lib" / "course_utils").mkdir(parents=True)  # left by `pip wheel .`
    (build / "lib" / "course_utils" / "math.py").write_text("")
    before = {p.name: p.read_bytes() for p in notebooks.iterdir()}
    # A script beside the notebooks (make run: the animation), done before the index.
    animation = ("import pathlib, time; time.sleep(1); folder = pathlib.Path(r'%s') / 'animations'; "
                 "folder.mkdir(); (folder / 'boundary.gif').write_bytes(b'GIF89a'); "
                 "print('animation written')" % build)

    status = run_course.run(run_course.course_notebooks(notebooks), build=build,
                            notebooks_dir=notebooks, practice_dir=notebooks.parent / "practice",
                            also=[[sys.executable, "-c", animation]])

    assert status == 1
    captured = capsys.readouterr()
    err = captured.err
    assert re.search(r"01_second\.ipynb, cell 3 \(In \[2\], \"raise ValueError", err), err
    assert "ValueError: the lesson broke" in err
    assert {p.name: p.read_bytes() for p in notebooks.iterdir()} == before
    first = (build / "00_first.html").read_text(encoding="utf-8")
    assert "notebooks\n</pre>" in first  # the working directory was notebooks/
    assert "the lesson broke" in (build / "01_second.html").read_text(encoding="utf-8")
    index = (build / "index.html").read_text(encoding="utf-8")
    assert index.index('href="00_first.html">First steps') < index.index(
        'href="01_second.html">Second')
    assert "failed" in index.split("01_second.html")[1].split("</li>")[0]
    assert '<a href="animations/boundary.gif">boundary.gif</a>' in index
    assert "scratch" not in index and "math.py" not in index
    assert "mathjax/" not in index.split("<body>")[1], "MathJax is the site's, not an extra"
    assert "Practice" not in index and "progress.html" not in index  # neither exists here
    # Printed in course order, with the wall time of the whole run.
    out = captured.out
    assert out.index("00_first.ipynb") < out.index("01_second.ipynb")
    assert re.search(r"s  for 2 notebook\(s\), 2 kernels at once", out), out
    assert out.index("2 kernels at once") < out.index("animation written")
    assert json.loads((build / "timings.json").read_text()).keys() == {
        "00_first.ipynb", "01_second.ipynb"}


def loads_from_the_network(page):
    """Scripts, stylesheets, images or fonts a page would fetch from a URL
    (links to read elsewhere are fine)."""
    return re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//[^"]*"', page) + \
        re.findall(r"url\(['\"]?(?:https?:)?//[^)]*\)", page)


def test_the_site_is_offline_with_links_in_course_order(run_course, tmp_path):
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    for number, title in enumerate(("One", "Two", "Three")):
        write_notebook(
            notebooks / f"0{number}_{title.lower()}.ipynb",
            md(f"# {title}\n\nAfter this notebook you will be able to:\n\n"
               f"- compute $\\sigma(z)$ for `{title}`\n  and more;\n- something else"),
            md("## The idea\n\n$$J = -\\sum_n t_n \\log y_n$$"), "print(2 + 2)",
            md("## The check"))
    practice = tmp_path / "practice"
    practice.mkdir()
    write_notebook(practice / "01_two.ipynb", "raise NotImplementedError")
    build.mkdir()
    (build / "progress.html").write_text("<p>progress</p>")

    assert run_course.run(run_course.course_notebooks(notebooks), build=build,
                          notebooks_dir=notebooks, practice_dir=practice) == 0

    assert (build / "mathjax" / "MathJax.js").is_file()
    pages = {p.name: p.read_text(encoding="utf-8") for p in build.glob("0*.html")}
    assert sorted(pages) == ["00_one.html", "01_two.html", "02_three.html"]
    for name, page in pages.items():
        assert loads_from_the_network(page) == [], name
        assert '<script src="mathjax/MathJax.js?config=' in page
        assert "require.js" not in page and "unpkg" not in page
        assert '<a href="index.html">Course index</a>' in page
        toc = page.split('<nav class="course-toc"')[1].split("</nav>")[0]
        assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc) == [
            ("The-idea", "The idea"), ("The-check", "The check")]
        assert 'id="The-idea"' in page
    def links(page, rel):
        """(href, text) of every <a rel=...>, whatever the order of its attributes."""
        return [(re.search(r'href="([^"]*)"', attributes).group(1), text)
                for attributes, text in re.findall(r"<a\b([^>]*)>([^<]*)</a>", page)
                if f'rel="{rel}"' in attributes]

    middle = pages["01_two.html"]
    assert links(middle, "prev") == [("00_one.html", "\u2190 One")] * 2  # above and below
    assert links(middle, "next") == [("02_three.html", "Three \u2192")] * 2
    assert links(pages["00_one.html"], "prev") == [] and links(pages["02_three.html"], "next") == []

    index = (build / "index.html").read_text(encoding="utf-8")
    assert loads_from_the_network(index) == []
    assert ('<span class="goal">Compute $\\sigma(z)$ for <code>Two</code> and more</span>'
            in index), index
    assert '<a href="practice/01_two.ipynb" download>01_two.ipynb</a>' in index
    assert (build / "practice" / "01_two.ipynb").read_bytes() == (practice / "01_two.ipynb").read_bytes()
    assert '<a href="progress.html">' in index


def test_widget_outputs_fall_back_to_their_static_picture(run_course):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("w")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells[0].outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                              "image/png": "iVBORw0KGgo=", "text/plain": "Playground(...)"})]
    page = run_course.page_html(nb, "00_x", [("00_x", "X")])
    assert "widget-view+json" not in page and "widget-state+json" not in page
    assert "data:image/png;base64,iVBORw0KGgo=" in page
    assert "widgets" in nb.metadata, "the notebook itself is left as it was"


def test_a_goal_is_the_first_bullet_else_the_first_sentence(run_course):
    def goal(text):
        return run_course.notebook_goal(nbformat.v4.new_notebook(cells=[md(text)]))

    assert goal("# T\n\nYou will:\n\n* draw the line;\n* more") == "Draw the line"
    assert goal("# T\n\nNo list here. Another sentence.") == "No list here"
    assert goal("") == ""


def test_the_longest_notebooks_go_first(run_course, tmp_path):
    paths = [tmp_path / f"0{n}_x.ipynb" for n in range(4)]
    results = tmp_path / "RESULTS.md"
    results.write_text("| notebook | seconds |\n|---|---:|\n| 00_x.ipynb | 3.0 |\n"
                       "| 01_x.ipynb | 9.0 |\n| 02_x.ipynb | 1.0 |\n")
    build = tmp_path / "build"
    assert [p.name for p in run_course.longest_first(paths, build, results)] == [
        "01_x.ipynb", "03_x.ipynb", "00_x.ipynb", "02_x.ipynb"]  # 03 is new: as the longest
    build.mkdir()
    (build / "timings.json").write_text('{"02_x.ipynb": 20.0}')  # the last run on this machine
    assert run_course.longest_first(paths, build, results)[0].name == "02_x.ipynb"


def test_two_kernels_at_once_report_in_course_order(run_course, tmp_path):
    slow = write_notebook(tmp_path / "00_slow.ipynb", "import time\ntime.sleep(3)\nprint('slow')")
    fast = write_notebook(tmp_path / "01_fast.ipynb", "print('fast')")
    reported = []
    started = time.perf_counter()
    seconds = run_course.execute_all(
        [slow, fast], jobs=2, build=tmp_path,
        on_done=lambda path, nb, error, s: reported.append((path.name, error, time.perf_counter())))
    wall = time.perf_counter() - started
    assert [name for name, _, _ in reported] == ["00_slow.ipynb", "01_fast.ipynb"]
    assert all(error is None for _, error, _ in reported)
    assert seconds[fast] < seconds[slow]
    assert wall < seconds[slow] + seconds[fast], "the two ran at the same time"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_the_whole_run_and_shuts_every_kernel_down(tmp_path, signum):
    notebooks = []
    for name in ("00_a", "01_b"):
        pid_file = tmp_path / f"{name}.pid"
        notebooks.append(write_notebook(
            tmp_path / f"{name}.ipynb",
            f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)"))
    before = [p.read_bytes() for p in notebooks]
    runner = subprocess.Popen([sys.executable, str(ROOT / "tools" / "run_course.py"), "refresh",
                               "--jobs", "2", *map(str, notebooks)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid_files = [tmp_path / "00_a.pid", tmp_path / "01_b.pid"]
    deadline = time.monotonic() + 60
    while not all(p.is_file() and p.read_text() for p in pid_files):
        assert runner.poll() is None and time.monotonic() < deadline, "the kernels never started"
        time.sleep(0.1)
    kernels = [int(p.read_text()) for p in pid_files]
    runner.send_signal(signum)
    try:
        _, err = runner.communicate(timeout=30)
    finally:
        runner.kill()
    assert runner.returncode == 128 + signum
    assert f"Stopped by {signal.Signals(signum).name}: every kernel was shut down" in err
    assert [p.read_bytes() for p in notebooks] == before, "an unfinished notebook was saved"
    for pid in kernels:
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid), f"kernel {pid} still runs"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def test_run_fails_when_a_notebook_writes_into_notebooks(run_course, tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    path = write_notebook(notebooks / "00_litter.ipynb", md("# Litter"),
                          "open('result.csv', 'w').write('x')")
    assert run_course.run([path], build=tmp_path / "build", notebooks_dir=notebooks) == 1
    assert "changed files in notebooks/" in capsys.readouterr().err


def test_refresh_saves_outputs_with_counts_in_order_and_skips_failures(run_course, course):
    notebooks, _ = course
    good, bad = run_course.course_notebooks(notebooks)
    bad_before = bad.read_bytes()

    assert run_course.refresh([good, bad]) == 1

    assert bad.read_bytes() == bad_before  # a half-run notebook is never saved
    nb = nbformat.read(good, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2]
    assert code[0].outputs[0].text == "2\n"
    assert code[1].outputs[0].text == "notebooks\n"
    assert all("execution" not in c.metadata for c in code)


def test_refresh_warns_about_outputs_nbval_will_not_reproduce(run_course, tmp_path):
    path = write_notebook(
        tmp_path / "00_x.ipynb", "import sys\nprint('oops', file=sys.stderr)", "len('abc');",
        "# NBVAL_IGNORE_OUTPUT\nimport sys\nprint('progress', file=sys.stderr)")
    nb = run_course.execute(path)
    warnings = run_course.lint_committed_outputs(path, nb)
    assert len(warnings) == 2
    assert "cell 1 writes to stderr: oops" in warnings[0]
    assert "cell 2 ends with ';'" in warnings[1]


def test_notebook_title_is_the_first_heading(run_course):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# a comment, not a heading"),
        nbformat.v4.new_markdown_cell("Some text\n\n## 07 Softmax: many classes ##"),
    ])
    assert run_course.notebook_title(nb, "fallback") == "07 Softmax: many classes"
    assert run_course.notebook_title(nbformat.v4.new_notebook(), "fallback") == "fallback"


# --- course_utils.fast_start -----------------------------------------------------


def test_pytest_loads_fast_start_before_nbformat_and_notebooks_still_validate():
    # pyproject's addopts loads it first, so nbval's nbformat never built the parser.
    assert "course_utils.fast_start" in sys.modules
    assert sys.modules["rfc3987_syntax"] is None
    nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]))
