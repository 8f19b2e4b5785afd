"""Is this Python environment ready for the course, and if not, what to do?

    rows = print_environment_report()   # a table, then advice for each problem
    print(environment_verdict(rows))    # "All 9 requirements are met."

Versions are read from the installed packages' metadata, not by importing
them, so the check takes a fraction of a second even for TensorFlow.
The bounds below are those of pyproject.toml (a test checks that they agree).

Introduced in 00 (setup).
"""

import importlib.metadata
import importlib.util
import platform
from typing import NamedTuple

INSTALL = 'run `make install` in the repository (or `pip install -e ".[dev]"` there)'

# (package, lowest version, first version that is too new or None)
REQUIREMENTS = (
    ("Python", "3.10", "3.14"),  # TensorFlow 2.21 has wheels for 3.10 to 3.13
    ("numpy", "2.0", "3"),
    ("pandas", "2.2", "4"),
    ("matplotlib", "3.8", "4"),
    ("tensorflow", "2.20", "2.22"),
    ("keras", "3.10", "4"),
    ("jupyterlab", "4.2", "5"),
    ("ipykernel", "6.29", None),
    ("course_utils", None, None),
)

# The distributions that provide the `tensorflow` module: the CPU-only wheel
# where one exists, plain tensorflow elsewhere or for a GPU.
TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu")
PROJECT_DISTRIBUTION = "deep-learning-fundamentals"


class Check(NamedTuple):
    """One row of the report. advice is "" when ok."""

    package: str
    required: str
    found: str
    ok: bool
    advice: str


def installed_version(distribution):
    """The installed version of a distribution (a pip name), or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def version_tuple(version):
    """'2.21.0rc1' -> (2, 21, 0): the leading numbers, enough to compare releases."""
    numbers = []
    for part in version.split("."):
        digits = ""
        for character in part:
            if not character.isdigit():
                break
            digits += character
        if not digits:
            break
        numbers.append(int(digits))
        if len(digits) < len(part):  # "0rc1": nothing after the pre-release counts
            break
    return tuple(numbers)


def check_environment(version_of=installed_version, python_version=None, module_found=None):
    """Check Python and the course's packages; return a list of Check rows.

    version_of: distribution name -> version string or None (the default
    reads the installed packages); python_version: e.g. "3.11.7" (default:
    this Python); module_found: module name -> bool (default: importable).
    The arguments exist so that tests and curious learners can ask "what
    would the report say if ..." without installing anything.
    """
    python_version = python_version or platform.python_version()
    if module_found is None:

        def module_found(name):
            return importlib.util.find_spec(name) is not None

    rows = []
    for package, minimum, too_new in REQUIREMENTS:
        if package == "Python":
            rows.append(_check_version(package, python_version, minimum, too_new))
        elif package == "tensorflow":
            rows.append(_check_tensorflow(version_of, minimum, too_new))
        elif package == "course_utils":
            rows.append(_check_course_utils(version_of, module_found))
        else:
            rows.append(_check_version(package, version_of(package), minimum, too_new))
    return rows


def _required(minimum, too_new):
    return f">={minimum}" + (f",<{too_new}" if too_new else "")


def _check_version(package, found, minimum, too_new):
    required = _required(minimum, too_new)
    if found is None:
        return Check(package, required, "missing", False, f"{package} is not installed: {INSTALL}.")
    have = version_tuple(found)
    if have < version_tuple(minimum):
        advice = _too_old_advice(package, found, minimum)
    elif too_new and have >= version_tuple(too_new) and package == "Python":
        advice = (
            f"Python {found} is newer than TensorFlow supports (it needs {required}): "
            "rebuild the environment with an older Python: "
            "`make distclean && make install PYTHON=python3.12`."
        )
    elif too_new and have >= version_tuple(too_new):
        advice = (
            f"{package} {found} is newer than the course was tested with "
            f"(it needs {required}): {INSTALL} to get a tested version."
        )
    else:
        return Check(package, required, found, True, "")
    return Check(package, required, found, False, advice)


def _too_old_advice(package, found, minimum):
    major = version_tuple(found)[:1]
    if package == "Python":
        return (
            f"Python {found} is too old: the course needs Python {minimum} or newer. "
            "Install a newer Python, then rebuild the environment with it: "
            "`make distclean && make install PYTHON=python3.12` (3.10 to 3.13 work)."
        )
    if package == "tensorflow" and major == (1,):
        return (
            f"you have TF1-era tensorflow ({found}): its sessions and `tf.placeholder` "
            f"are gone from TensorFlow 2, and the course needs {minimum}+ with Keras 3. "
            "Use a fresh environment for the course: `make distclean && make install`."
        )
    if package == "keras" and major == (2,):
        return (
            f"keras {found} is Keras 2 (the tf.keras of TensorFlow <= 2.15); "
            f"the course uses Keras 3: {INSTALL}."
        )
    if package == "numpy" and major == (1,):
        return (
            f"numpy {found} is NumPy 1; the course needs NumPy {minimum} or newer "
            f"(TensorFlow 2.20+ needs it too): {INSTALL}."
        )
    return f"{package} {found} is older than {minimum}: {INSTALL} to upgrade it."


def _check_tensorflow(version_of, minimum, too_new):
    found = {name: version_of(name) for name in TENSORFLOW_DISTRIBUTIONS}
    installed = {name: version for name, version in found.items() if version}
    if len(installed) > 1:
        listing = ", ".join(f"{name} {version}" for name, version in installed.items())
        return Check(
            "tensorflow",
            _required(minimum, too_new),
            listing,
            False,
            "both tensorflow and tensorflow-cpu are installed; they provide the same "
            "module and overwrite each other's files. Remove both with "
            "`pip uninstall -y tensorflow tensorflow-cpu`, then either " + INSTALL + ", or, "
            'for an NVIDIA GPU, `pip install "tensorflow[and-cuda]>=2.20,<2.22"`.',
        )
    version = next(iter(installed.values()), None)
    return _check_version("tensorflow", version, minimum, too_new)


def _check_course_utils(version_of, module_found):
    if not module_found("course_utils"):
        return Check("course_utils", "importable", "missing", False,
                     f"this Python cannot import course_utils: {INSTALL}, and run the "
                     "notebooks with that environment's kernel.")
    version = version_of(PROJECT_DISTRIBUTION)
    if version is None:
        return Check("course_utils", "importable", "importable, not installed", True, "")
    return Check("course_utils", "importable", version, True, "")


def environment_verdict(rows):
    """One stable sentence about the rows: the same on every machine that passes."""
    problems = [row.package for row in rows if not row.ok]
    if not problems:
        return f"All {len(rows)} requirements are met."
    return (
        f"{len(problems)} of {len(rows)} requirements are not met ({', '.join(problems)}): "
        "see the advice above."
    )


def format_environment_report(rows):
    """The report as text: a table, then one line of advice per problem."""
    header = Check("package", "required", "found", "ok", "")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        ok = row.ok if isinstance(row.ok, str) else ("yes" if row.ok else "NO")
        cells = [str(row[i]).ljust(widths[i]) for i in range(3)]
        lines.append("  ".join([*cells, ok]))
    advice = [f"- {row.package}: {row.advice}" for row in rows if not row.ok]
    if advice:
        lines += ["", "What to do:", *advice]
    return "\n".join(lines)


def print_environment_report(rows=None):
    """Print the table and any advice; return the rows (check_environment() by default)."""
    rows = check_environment() if rows is None else rows
    print(format_environment_report(rows))
    return rows
