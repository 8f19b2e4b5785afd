"""One epoch of mini-batch training at the size of fer2013 (`make bench`, section 5).

28,709 rows of 2,304 random "pixels", a 2,304 -> 200 (relu) -> 7 (softmax)
network, batches of 256 in float32, plain SGD: the course's MLP, Keras `fit`
and a `tf.function` step around a GradientTape, each timed for whole epochs.

    python benchmarks/faces_speed.py [--epochs N]
"""

import argparse
import statistics
import time

import numpy as np

N_ROWS, N_PIXELS, HIDDEN, N_CLASSES, BATCH = 28_709, 2_304, 200, 7, 256
LEARNING_RATE = 0.01


def faces_problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((N_ROWS, N_PIXELS), dtype=np.float32)
    y = rng.integers(0, N_CLASSES, N_ROWS)
    return X, y


def course_runner(X, y):
    from course_utils.models import MLP

    def run(epochs):
        MLP((HIDDEN,), activation="relu", learning_rate=LEARNING_RATE, n_epochs=epochs,
            batch_size=BATCH, dtype=np.float32).fit(X, y)
    return run


def _keras_network(keras):
    return keras.Sequential([keras.Input(shape=(N_PIXELS,)),
                             keras.layers.Dense(HIDDEN, activation="relu"),
                             keras.layers.Dense(N_CLASSES, activation="softmax")])


def keras_runner(X, y, tf, keras):
    model = _keras_network(keras)
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE),
                  loss="sparse_categorical_crossentropy")
    data = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(N_ROWS, seed=0).batch(BATCH)

    def run(epochs):
        model.fit(data, epochs=epochs, verbose=0, shuffle=False)  # data shuffles itself
    return run


def tf_function_runner(X, y, tf, keras):
    model = _keras_network(keras)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    weights = model.trainable_variables
    data = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(N_ROWS, seed=0).batch(BATCH)

    @tf.function
    def step(Xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(Xb))
        for w, g in zip(weights, tape.gradient(loss, weights)):
            w.assign_sub(LEARNING_RATE * g)
        return loss

    def run(epochs):
        for _ in range(epochs):
            for Xb, yb in data:
                step(Xb, yb)
    return run


def epochs_per_second(tf, keras, repeats=3, epochs=1):
    """Median epochs/s of each implementation; they take turns within every repeat."""
    X, y = faces_problem()
    runners = {"course MLP": course_runner(X, y), "Keras fit": keras_runner(X, y, tf, keras),
               "tf.function loop": tf_function_runner(X, y, tf, keras)}
    for run in runners.values():
        run(1)  # warm-up: tracing, BLAS threads, caches
    rates = {name: [] for name in runners}
    for _ in range(repeats):
        for name, run in runners.items():
            start = time.perf_counter()
            run(epochs)
            rates[name].append(epochs / (time.perf_counter() - start))
    return {name: statistics.median(r) for name, r in rates.items()}


def markdown(rates):
    """The section of RESULTS.md for these rates."""
    ratio = rates["course MLP"] / rates["tf.function loop"]
    lines = ["## 5. Facial expressions: one epoch of mini-batch training", "",
             f"{N_ROWS:,} rows of {N_PIXELS:,} random pixels (fer2013's training set size), "
             f"a {N_PIXELS} -> {HIDDEN} (relu) -> {N_CLASSES} network, batches of {BATCH}, "
             "float32, plain SGD. Median of the repeats.", "",
             "| implementation | epochs/s | seconds per epoch |", "|---|---:|---:|"]
    lines += [f"| {name} | {rate:.3f} | {1 / rate:.2f} |" for name, rate in rates.items()]
    verdict = "met" if ratio >= 1.0 else "not met"
    lines += ["", f"Course MLP / tf.function loop: {ratio:.2f} (target >= 1.0, {verdict}).", ""]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from course_utils.tensorflow_setup import setup_tensorflow

    tf, keras = setup_tensorflow(seed=0, deterministic=False)
    print("\n".join(markdown(epochs_per_second(tf, keras, args.repeats))))


if __name__ == "__main__":
    main()
