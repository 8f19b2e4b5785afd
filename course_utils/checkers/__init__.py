"""Checkers for the notebooks' exercises: they say what is wrong, not just "failed".

Each topic has its own module (neuron, ecommerce, networks, ...) whose
check_* functions take the learner's answer, try it on small cases, and either
print how many checks passed or raise ExerciseError listing every problem found
with a hint ("your softmax rows do not sum to 1: did you sum over axis=1?").

This module holds what every checker shares, and topic modules import it from
here only:

- Checker collects the problems of one exercise; done() prints
  "<exercise>: all N checks passed." or raises ExerciseError.
- call_safely / call_learner call the learner's code: an exception becomes a
  readable problem instead of a traceback from deep inside NumPy, and the stub
  of a practice notebook (`raise NotImplementedError("...")`) ends the check
  with NotWrittenYet, "<exercise> is not written yet: <the stub's message>".
  call_learner also works on copies of the arguments (an array changed in
  place is a problem), records NumPy's warnings and checks the result's shape.
- count_python_lines / expect_vectorised: the one "is this vectorised?" test.
- same_shape, unpack, as_array, is_close, show, shape_text, first_match:
  small helpers for comparing answers and writing hints.

ExerciseError and NotWrittenYet show the learner only their message in
Jupyter, not a traceback through the checker's code.

For the learner's scoreboard (tools/progress.py): when the environment
variable COURSE_CHECK_RESULTS names a file, every finished check appends one
JSON line to it, {"exercise": ..., "status": "done" | "wrong" | "not_written",
"hint": first hint or the stub's message, else null}. What is printed does
not change.
"""

import gc
import json
import linecache
import os
import sys
import sysconfig
import warnings

import numpy as np

#: The environment variable naming the file that checks append their results to.
RESULTS_ENV = "COURSE_CHECK_RESULTS"


class ExerciseError(AssertionError):
    """An exercise answer is not right yet; the message lists what to fix."""

    def _render_traceback_(self):
        # IPython (so Jupyter) shows these lines instead of a traceback: the
        # frames would be the checker's code, which the learner need not read.
        return [f"\x1b[31m{type(self).__name__}\x1b[39m: {self}"]


class NotWrittenYet(ExerciseError, NotImplementedError):
    """The learner's code is still the practice notebook's stub.

    An ExerciseError for the checkers, and a NotImplementedError like the stub
    itself: a practice notebook run as is stops with NotImplementedError.
    """


def report(exercise, status, hint=None):
    """Append {"exercise", "status", "hint"} as one JSON line to the file named by
    $COURSE_CHECK_RESULTS, if set. status: "done", "wrong" or "not_written"."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    line = json.dumps({"exercise": str(exercise), "status": status, "hint": hint})
    with open(path, "a", encoding="utf-8") as file:
        file.write(line + "\n")


class Checker:
    """Collects the results of one exercise's checks.

        check = Checker("sigmoid")
        check.expect(np.isclose(answer(0.0), 0.5), "sigmoid(0) should be 0.5")
        check.done()   # prints "sigmoid: all 1 checks passed." or raises ExerciseError
    """

    def __init__(self, exercise):
        self.exercise = exercise
        self.n_checks = 0
        self.problems = []
        self.warnings = []  # texts of the warnings call_learner recorded

    def expect(self, condition, hint):
        """Count one check; remember `hint` when `condition` is false. Returns the condition."""
        self.n_checks += 1
        if not condition:
            self.problems.append(hint)
        return bool(condition)

    def fail(self, hint):
        """Record a problem found outside expect (e.g. an exception in the answer)."""
        self.n_checks += 1
        self.problems.append(hint)

    def not_written(self, stub):
        """The NotWrittenYet to raise for the stub's NotImplementedError `stub` (reported)."""
        message = str(stub).strip()
        text = f"{self.exercise} is not written yet" + (f": {message}" if message else "")
        report(self.exercise, "not_written", message or None)
        return NotWrittenYet(text)

    def done(self):
        if self.problems:
            report(self.exercise, "wrong", str(self.problems[0]))
            listed = "\n".join(f"  - {p}" for p in self.problems)
            raise ExerciseError(
                f"{self.exercise}: {len(self.problems)} of {self.n_checks} checks failed:\n{listed}")
        report(self.exercise, "done")
        print(f"{self.exercise}: all {self.n_checks} checks passed.")


# --- calling the learner's code -------------------------------------------------------

# Where installed libraries and the standard library live: a NotImplementedError
# raised there (TensorFlow's "Cannot convert a symbolic tf.Tensor to a numpy
# array", for one) is a real error, not the practice notebook's stub.
_LIBRARY_DIRS = tuple(sorted({os.path.realpath(sysconfig.get_paths()[key]) + os.sep
                              for key in ("stdlib", "platstdlib", "purelib", "platlib")}))


def is_stub(error):
    """True when error is a NotImplementedError raised by the learner's own code (the stub)."""
    if not isinstance(error, NotImplementedError) or isinstance(error, NotWrittenYet):
        return False
    tb = error.__traceback__
    if tb is None:
        return True
    while tb.tb_next is not None:
        tb = tb.tb_next
    filename = os.path.realpath(tb.tb_frame.f_code.co_filename)
    return not filename.startswith(_LIBRARY_DIRS)


def call_safely(check, function, *args, **kwargs):
    """Call the learner's function; on an exception, record it as a problem and return None.

    The stub, a NotImplementedError raised by the learner's code, ends the
    check at once: raises check.not_written(...), a NotWrittenYet.
    """
    try:
        return function(*args, **kwargs)
    except NotWrittenYet:
        raise  # a checker called by the learner's code found a stub itself
    except Exception as error:  # the learner's code may raise anything
        if is_stub(error):
            raise check.not_written(error) from None
        name = getattr(function, "__name__", "your function")
        check.fail(f"{name}{_describe_args(args)} raised {type(error).__name__}: {error}")
        return None


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def call_learner(check, function, *args, shape=None, what=None):
    """call_safely on copies of the array arguments; None after recording any problem.

    - an array argument the function changed in place is a problem (the
      caller's data would change);
    - NumPy's warnings (overflow, log of 0) are recorded in check.warnings,
      not printed, for the checker to turn into hints;
    - shape: the result must have this shape (returning None is named as a
      missing `return`); what: how hints name the result, default
      "<function>(...)".
    Returns the result, or None when it raised or has the wrong shape.
    """
    name = getattr(function, "__name__", "your function")
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        n_problems = len(check.problems)
        result = call_safely(check, function, *copies)
    check.warnings.extend(str(w.message) for w in caught)
    if len(check.problems) > n_problems:
        return None
    for ordinal, given, original in zip(_ORDINALS, copies, args, strict=False):
        if isinstance(original, np.ndarray) and not (
                given.shape == original.shape and np.array_equal(given, original, equal_nan=True)):
            check.fail(f"{name} changed its {ordinal} argument in place (with -=, /= or an "
                       f"assignment into it): compute a new array instead, so the caller's "
                       f"data stays as it was")
    if shape is None:
        return result
    what = what or f"{name}{_describe_args(args)}"
    if result is None:
        check.fail(f"{what} returned None: is a `return` missing?")
        return None
    got = as_array(result)
    if got is None or got.shape != tuple(shape):
        check.fail(f"{what} should return shape {tuple(shape)}, got {shape_text(result)}")
        return None
    return result


# --- "is this vectorised?": counting lines of Python -----------------------------------

# NumPy's own Python code does not loop over elements; its lines are not counted.
_NUMPY_DIR = os.path.dirname(np.__file__) + os.sep


def _line_counts(function, args, kwargs):
    """{(filename, line number): times run} for one call function(*args, **kwargs)."""
    counts = {}

    def trace_lines(frame, event, arg):
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            counts[key] = counts.get(key, 0) + 1
        return trace_lines

    def trace_calls(frame, event, arg):
        if frame.f_code.co_filename.startswith(_NUMPY_DIR):
            return None
        # A call counts as a line: np.vectorize(f) and map(f, ...) call f once per
        # element, and a generator is "called" again for every value it yields.
        key = (frame.f_code.co_filename, frame.f_code.co_firstlineno)
        counts[key] = counts.get(key, 0) + 1
        return trace_lines

    # No garbage collection meanwhile: a collection may run unrelated finalisers,
    # whose lines would make the count differ from run to run.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    previous = sys.gettrace()
    sys.settrace(trace_calls)
    try:
        function(*args, **kwargs)
    finally:
        sys.settrace(previous)
        if gc_was_enabled:
            gc.enable()
    return counts


def count_python_lines(function, *args, **kwargs):
    """How many lines of Python (outside NumPy) one call function(*args, **kwargs) runs.

    Vectorised code runs a fixed number of lines whatever the size of the
    arrays; a Python loop over N elements runs about N times more. The one rule,
    for every kind of loop: what runs once per element counts once per element.
    So `for` and `while` loops, list/set/dict comprehensions, generator
    expressions (sum(x for x in ...)), map(f, ...) and np.vectorize(f) all count
    as loops when they go over the elements, and none does when it goes over
    something of fixed size (the layers of a network, the K classes). The count
    is exact, so it never depends on how busy the machine is. Not seen: a loop
    in compiled code (np.vectorize(math.exp)); rare.

    An exception in function propagates; the previous tracer is restored.
    """
    return sum(_line_counts(function, args, kwargs).values())


def expect_vectorised(check, function, make_args, name=None, small=10, large=60,
                      advice="work on whole arrays at once (np.exp(z), X @ w, "
                             "np.mean(..., axis=0))"):
    """One check: function runs about as many lines of Python for `large` samples as for `small`.

    make_args(n) -> the positional arguments for n samples. Fails when the
    count grows by at least (large - small) / 2, i.e. something runs at least
    once per two extra samples; the hint names the lines that ran more and
    ends with `advice`. When the function raises (or is a stub) nothing is
    counted: the checker's other checks report that. Returns the check's result.
    """
    name = name or getattr(function, "__name__", "your function")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            function(*make_args(small))  # a first call may import or cache things
            few = _line_counts(function, make_args(small), {})
            many = _line_counts(function, make_args(large), {})
    except Exception:  # the learner's errors are reported by the other checks
        return True
    n_few, n_many = sum(few.values()), sum(many.values())
    if n_many - n_few < (large - small) // 2:
        return check.expect(True, "")
    return check.expect(False, (
        f"not vectorised: {name} ran {n_few} lines of Python for {small} samples and "
        f"{n_many} for {large}, so a loop runs once per sample{_growing_lines(few, many)}. "
        f"Instead, {advice}"))


def _growing_lines(few, many):
    """' (this line: `for n in range(N):`)': the source of the lines run most more often."""
    growth = {key: many[key] - few.get(key, 0) for key in many}
    top = max(growth.values(), default=0)
    texts = []
    for key in sorted(k for k, g in growth.items() if g == top and g > 0):
        text = linecache.getline(*key).strip()
        if text and text not in texts:
            texts.append(text)
    if not texts:
        return ""
    quoted = ", ".join(f"`{t}`" for t in texts[:2])
    return f" (the line{'s' if len(texts[:2]) > 1 else ''} run most: {quoted})"


def same_shape(check, result, expected, what):
    """expect that result is an array of expected's shape; hint with both shapes."""
    shape = np.shape(result) if result is not None else None
    return check.expect(
        shape == np.shape(expected),
        f"{what} should have shape {np.shape(expected)}, got {shape}")


def unpack(check, result, names, call):
    """The len(names) values the learner returned, or None after recording a hint.

    names: what the function should return, e.g. ("w", "b"); call: how the
    hint names the call, e.g. "gradient_step(w, b, dw, db, 0.1)".
    """
    if isinstance(result, (tuple, list)) and len(result) == len(names):
        return tuple(result)
    if result is None:
        got = "None (is a `return` missing?)"
    elif isinstance(result, (tuple, list)):
        got = f"{len(result)} values"
    else:
        got = f"one {type(result).__name__}"
    check.fail(f"{call} should return {len(names)} values, `return {', '.join(names)}`; got {got}")
    return None


def as_array(value):
    """value as a float array, or None when it is not numeric (None, a ragged list, ...)."""
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def is_close(got, expected, rtol=1e-6, atol=1e-10, equal_nan=False):
    """got has expected's shape and values (NaN equals NaN only with equal_nan)."""
    got = as_array(got)
    return (got is not None and got.shape == np.shape(expected)
            and bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def show(value):
    """A short, rounded text of a value for a hint."""
    a = as_array(value)
    if a is None:
        return repr(value)
    return np.array2string(np.round(a, 4) + 0.0, precision=4, separator=", ", threshold=8)


def shape_text(value):
    """"shape (3, 4)" for an array, else the value's type and repr."""
    a = as_array(value)
    return f"shape {a.shape}" if a is not None else f"{type(value).__name__} {value!r}"


def first_match(got, candidates, close=is_close):
    """The hint of the first (expected, hint) in candidates that got equals, else None.

    candidates list the results of typical mistakes, so a wrong answer can be
    named ("you summed instead of averaging") rather than only called wrong.
    """
    return next((hint for expected, hint in candidates if close(got, expected)), None)


def _describe_args(args):
    def text(a):
        try:
            return f"array{np.shape(a)}" if np.ndim(a) else repr(a)
        except ValueError:  # a ragged list
            return type(a).__name__
    return f"({', '.join(text(a) for a in args)})"
