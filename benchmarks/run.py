"""The course's benchmarks: `make bench` writes benchmarks/RESULTS.md.

1. `make run` and `make test`, with one and with two processes (wall and
   CPU time), and each notebook's time in the one-process run.
2. Training throughput of the course_utils MLP against the same network and
   the same full-batch gradient descent in Keras (`fit` over a repeated full
   batch with steps_per_epoch) and in a tf.function training step.
3. The machine's matrix-multiply rate, and the fraction of it each
   implementation reaches on the largest problem.
4. Test accuracy of the NumPy and Keras e-commerce models over 10 seeds.
5. One epoch at fer2013's size (benchmarks/faces_speed.py).
6. Notebook 14's playground: frames per second while it trains
   (benchmarks/playground_speed.py).

Plain Python and plain timing, no assertions: tests check behaviour, this
file measures. TensorFlow runs with its default settings (oneDNN on).

    python benchmarks/run.py [--quick] [--out benchmarks/RESULTS.md]
"""

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

# `make run` and `make test` get the environment `make bench` was given (the
# Makefile's NOTEBOOK_ENV), not this process's TensorFlow settings below.
COURSE_ENV = {k: v for k, v in os.environ.items()
              if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TESTS", "PYTEST_ARGS", "NB")}

# TensorFlow's defaults, not the notebooks' quiet-and-deterministic settings:
# must be set before anything imports TensorFlow.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

from course_utils.baselines import ecommerce_model  # noqa: E402
from course_utils.data import load_ecommerce, prepare_ecommerce  # noqa: E402
from course_utils.models import MLP  # noqa: E402

N_FEATURES, N_CLASSES, LEARNING_RATE = 8, 4, 0.1


# --- 1. the course: make run and make test ----------------------------------
def time_make(target, jobs):
    """(wall seconds, CPU seconds of every process it started, exit status) of
    `make TARGET JOBS=jobs` with this environment as the course's .venv."""
    venv = Path(sys.prefix)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "-o", str(venv / ".install-stamp"),
         target, f"JOBS={jobs}"],
        cwd=ROOT, env=COURSE_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode:
        print(result.stderr[-2000:], file=sys.stderr)
    return wall, cpu, result.returncode


def time_course():
    """make run and make test with 1 and 2 processes; the notebooks' times of
    the one-process run (build/timings.json)."""
    rows, notebooks = [], {}
    for target in ("run", "test"):
        for jobs in (1, 2):
            wall, cpu, status = time_make(target, jobs)
            rows.append((target, jobs, wall, cpu, status))
            print(f"  make {target} JOBS={jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                  f"exit {status}", flush=True)
            if target == "run" and jobs == 1:
                notebooks = json.loads((ROOT / "build" / "timings.json").read_text())
    return rows, notebooks


# --- 2. throughput ----------------------------------------------------------
def problem(n_rows, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_rows, N_FEATURES))
    y = rng.integers(0, N_CLASSES, n_rows)
    return X, y


def numpy_runner(X, y, hidden, dtype):
    def run(steps):
        MLP((hidden,), activation="tanh", learning_rate=LEARNING_RATE, n_epochs=steps,
            dtype=dtype).fit(X, y)
    return run


def keras_fit_runner(X, y, hidden):
    """Keras fit over a repeated full batch: one fit call, `steps` updates."""
    from course_utils.keras_models import fit_full_batch, mlp

    model = mlp(N_FEATURES, N_CLASSES, (hidden,), "tanh", LEARNING_RATE)

    def run(steps):
        fit_full_batch(model, None, X, y, n_steps=steps, steps_per_epoch=steps)
    return run


def tf_function_runner(X, y, hidden, tf, keras):
    """The same update written as a tf.function step around a GradientTape."""
    from course_utils.keras_models import mlp

    model = mlp(N_FEATURES, N_CLASSES, (hidden,), "tanh", LEARNING_RATE)
    Xt, yt = tf.constant(X, tf.float32), tf.constant(y)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    weights = model.trainable_variables

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(yt, model(Xt))
        for w, g in zip(weights, tape.gradient(loss, weights)):
            w.assign_sub(LEARNING_RATE * g)
        return loss

    def run(steps):
        for _ in range(steps):
            step()
    return run


def steps_per_second(runners, steps, repeats):
    """Median steps/s of each runner; runners alternate within every repeat."""
    for run in runners.values():
        run(max(2, steps // 10))  # warm-up: tracing, BLAS threads, caches
    times = {name: [] for name in runners}
    for _ in range(repeats):
        for name, run in runners.items():
            start = time.perf_counter()
            run(steps)
            times[name].append(steps / (time.perf_counter() - start))
    return {name: statistics.median(rates) for name, rates in times.items()}


def matmul_flops_per_step(n_rows, hidden):
    """Multiply-adds x 2 in one training step: the forward pass (X W1, H W2)
    and the backward pass (H^T Delta2, Delta2 W2^T, X^T Delta1)."""
    d, k = N_FEATURES, N_CLASSES
    return 2 * n_rows * (2 * d * hidden + 3 * hidden * k)


# --- 3. the machine's matrix-multiply rate -----------------------------------
def matmul_rate(dtype, tf=None, size=2048, repeats=5):
    """Best GFLOP/s of a size x size matrix product (NumPy's BLAS, or TensorFlow's)."""
    rng = np.random.default_rng(0)
    A, B = (rng.standard_normal((size, size)).astype(dtype) for _ in range(2))
    if tf is not None:
        A, B = tf.constant(A), tf.constant(B)
        product = lambda: tf.linalg.matmul(A, B).numpy()  # noqa: E731
    else:
        product = lambda: A @ B  # noqa: E731
    product()
    best = min(_seconds(product) for _ in range(repeats))
    return 2 * size ** 3 / best / 1e9


def _seconds(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


# --- 4. accuracy over seeds ---------------------------------------------------
def accuracy_over_seeds(n_seeds, tf, keras):
    from course_utils.keras_models import ClassifierView, ecommerce_keras_model, fit_full_batch

    df = load_ecommerce()
    rows = []
    for name, binary in (("logistic", True), ("softmax", False), ("mlp", False)):
        data = prepare_ecommerce(df, binary=binary)
        numpy_acc, keras_acc = [], []
        for seed in range(n_seeds):
            model = ecommerce_model(name, seed=seed).fit(data.X_train, data.y_train)
            numpy_acc.append(model.score(data.X_test, data.y_test))
            keras.utils.set_random_seed(seed)
            kmodel = ecommerce_keras_model(name, n_features=data.X_train.shape[1])
            fit_full_batch(kmodel, name, data.X_train, data.y_train)
            keras_acc.append(np.mean(ClassifierView(kmodel).predict(data.X_test) == data.y_test))
        rows.append((name, numpy_acc, keras_acc))
        print(f"  {name}: numpy {np.mean(numpy_acc):.4f}, keras {np.mean(keras_acc):.4f}", flush=True)
    return rows


# --- the report ---------------------------------------------------------------
def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{config['name']} {config['version']}"
    except (KeyError, TypeError):
        blas = "unknown"
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    if coretype:
        blas += f" (OPENBLAS_CORETYPE={coretype})"
    return cpu, os.cpu_count(), blas


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--quick", action="store_true",
                        help="fewer steps and seeds, no notebooks: a smoke test of this script")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    quick = args.quick

    from course_utils.tensorflow_setup import setup_tensorflow
    tf, keras = setup_tensorflow(seed=0, deterministic=False)
    tf.get_logger().setLevel("ERROR")  # retracing notes: each seed builds new models on purpose

    lines = []
    cpu, cores, blas = machine_description()
    lines += ["# Benchmark results", "",
              f"Written by `make bench` (benchmarks/run.py) on {datetime.date.today().isoformat()}.", "",
              "| | |", "|---|---|",
              f"| CPU | {cpu} |", f"| cores | {cores} |", f"| NumPy BLAS | {blas} |",
              f"| Python | {platform.python_version()} |",
              f"| NumPy | {np.__version__} |", f"| TensorFlow | {tf.__version__} |",
              f"| Keras | {keras.__version__} |",
              f"| oneDNN (TF_ENABLE_ONEDNN_OPTS) | {os.environ['TF_ENABLE_ONEDNN_OPTS']} |", ""]

    if not quick:
        print("1. the course", flush=True)
        rows, notebooks = time_course()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        lines += ["## 1. The course: `make run` and `make test`", "",
                  "Wall time, and CPU time of every process each started (kernels and pytest "
                  "workers included: on a busy machine the CPU time is the steadier number). "
                  "JOBS=2 is the default: two kernels at once under `make run` (longest notebook "
                  "first), two pytest-xdist workers under `make test`. "
                  f"Load average before section 2: {load:.1f}.", "",
                  "| command | processes | wall s | CPU s | exit |", "|---|---:|---:|---:|---:|"]
        lines += [f"| `make {t}` | {j} | {w:.1f} | {c:.1f} | {s} |" for t, j, w, c, s in rows]
        walls = {(t, j): w for t, j, w, _, _ in rows}
        lines += ["", f"Speed-up of two processes: `make run` {walls['run', 1] / walls['run', 2]:.2f}x, "
                  f"`make test` {walls['test', 1] / walls['test', 2]:.2f}x. Targets on an idle "
                  "2-core machine: `make run` at most 40 s, `make test` at most 65 s.", "",
                  "Each notebook in its own kernel, one at a time (`make run JOBS=1`; "
                  "`tools/run_course.py` orders the work longest first from this table):", "",
                  "| notebook | seconds |", "|---|---:|"]
        lines += [f"| {name} | {seconds:.1f} |" for name, seconds in sorted(notebooks.items())]
        lines += [f"| **whole course** | **{sum(notebooks.values()):.1f}** |", ""]

    print("matrix-multiply rate", flush=True)
    peak = {dt: matmul_rate(dt) for dt in (np.float32, np.float64)}
    peak_tf = matmul_rate(np.float32, tf)

    print("2. throughput", flush=True)
    lines += ["## 2. Training throughput: full-batch gradient descent steps per second", "",
              f"{N_FEATURES} inputs, one tanh hidden layer, {N_CLASSES} softmax outputs, "
              "random data. Median of the repeats; the implementations take turns in every "
              "repeat. Keras and tf.function run in float32 (their default).", "",
              "| rows N | hidden | NumPy float64 | NumPy float32 | Keras fit | tf.function "
              "| NumPy f32 / tf.function | NumPy f64 / tf.function |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    fraction_rows, ratios = [], []
    for n_rows, steps in ((500, 1000), (100_000, 20)):
        X, y = problem(n_rows)
        for hidden in (5, 100):
            runners = {
                "numpy64": numpy_runner(X, y, hidden, np.float64),
                "numpy32": numpy_runner(X, y, hidden, np.float32),
                "keras": keras_fit_runner(X, y, hidden),
                "tf.function": tf_function_runner(X, y, hidden, tf, keras),
            }
            rates = steps_per_second(runners, steps // (5 if quick else 1), 2 if quick else 5)
            lines.append(
                f"| {n_rows:,} | {hidden} | {rates['numpy64']:,.0f} | {rates['numpy32']:,.0f} "
                f"| {rates['keras']:,.0f} | {rates['tf.function']:,.0f} "
                f"| {rates['numpy32'] / rates['tf.function']:.2f} "
                f"| {rates['numpy64'] / rates['tf.function']:.2f} |")
            print("  " + lines[-1], flush=True)
            ratios.append((n_rows, hidden, rates["numpy32"] / rates["tf.function"],
                           rates["numpy64"] / rates["tf.function"]))
            if n_rows == 100_000 and hidden == 100:
                fraction_rows = [
                    ("NumPy float64", rates["numpy64"], peak[np.float64]),
                    ("NumPy float32", rates["numpy32"], peak[np.float32]),
                    ("Keras fit", rates["keras"], peak_tf),
                    ("tf.function", rates["tf.function"], peak_tf),
                ]
    lines.append("")
    small = [r for r in ratios if r[0] == 500]
    large = [r for r in ratios if r[0] == 100_000]
    lines += ["Targets: the NumPy MLP at least as fast per step as a tf.function step at "
              "N = 500, and within 1.5x of it (ratio >= 0.67) at N = 100,000.", ""]
    for label, rows, bound in (("N = 500", small, 1.0), ("N = 100,000", large, 1 / 1.5)):
        for dtype in ("float32", "float64"):
            worst = min(r[2 if dtype == "float32" else 3] for r in rows)
            verdict = "met" if worst >= bound else "not met"
            lines.append(f"- {label}, NumPy {dtype}: lowest ratio {worst:.2f}, {verdict}.")
    lines += ["", "At N = 100,000 most of a step is element-wise work on (N, hidden) arrays "
              "(tanh, its derivative, the error signal, the bias sums) and the softmax over "
              "(N, 4): NumPy runs each such operation on one core, as a separate pass over "
              "memory, while TensorFlow fuses them and uses both cores. The matrix products "
              "are a small part for every implementation (section 3).", ""]

    flops = matmul_flops_per_step(100_000, 100)
    lines += ["## 3. The machine's matrix-multiply rate", "",
              "Best of 5 products of two 2048 x 2048 matrices.", "",
              "| | GFLOP/s |", "|---|---:|",
              f"| NumPy float32 | {peak[np.float32]:.1f} |",
              f"| NumPy float64 | {peak[np.float64]:.1f} |",
              f"| TensorFlow float32 | {peak_tf:.1f} |", "",
              f"Fraction of that rate reached at N = 100,000 and 100 hidden units "
              f"({flops / 1e9:.2f} GFLOP of matrix products per step):", "",
              "| implementation | steps/s | GFLOP/s in matrix products | fraction of peak |",
              "|---|---:|---:|---:|"]
    for name, rate, top in fraction_rows:
        lines.append(f"| {name} | {rate:.2f} | {rate * flops / 1e9:.1f} "
                     f"| {rate * flops / 1e9 / top:.0%} |")
    lines.append("")

    print("4. accuracy", flush=True)
    n_seeds = 2 if quick else 10
    acc_rows = accuracy_over_seeds(n_seeds, tf, keras)
    lines += [f"## 4. E-commerce test accuracy over {n_seeds} seeds", "",
              "The kept configurations (course_utils.baselines and course_utils.keras_models), "
              "the default split of prepare_ecommerce; the seed changes the initial weights.", "",
              "| model | NumPy mean | NumPy std | NumPy min-max | Keras mean | Keras std "
              "| Keras min-max |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for name, a, b in acc_rows:
        lines.append(f"| {name} | {np.mean(a):.4f} | {np.std(a):.4f} | {min(a):.4f}-{max(a):.4f} "
                     f"| {np.mean(b):.4f} | {np.std(b):.4f} | {min(b):.4f}-{max(b):.4f} |")
    print("5. facial expressions", flush=True)
    import faces_speed  # beside this file: one epoch at fer2013's size

    lines += [""] + faces_speed.markdown(
        faces_speed.epochs_per_second(tf, keras, repeats=1 if quick else 3))
    print("6. the playground", flush=True)
    import playground_speed  # beside this file: notebook 14's widget redrawing while it trains

    lines += [""] + playground_speed.markdown(
        playground_speed.frames_per_second(seconds=1.0 if quick else 3.0))
    lines += ["", f"The whole benchmark took {time.perf_counter() - started:.0f} s.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
