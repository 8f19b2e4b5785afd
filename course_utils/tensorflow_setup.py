"""One call that gets TensorFlow ready for a course notebook.

    tf, keras = setup_tensorflow(seed=0)

does, in this order (the order matters: the environment variables are read
once, when TensorFlow is first imported):

1. quiets TensorFlow's C++ start-up messages, which would otherwise land in the
   notebook's outputs and differ between machines;
2. tells Keras 3 to use its TensorFlow backend;
3. imports tensorflow and keras, seeds every random source (Python, NumPy,
   TensorFlow) and asks TensorFlow for deterministic kernels, so that a re-run
   of a notebook prints the same numbers.

Introduced in 00 (setup); used by 12 and 13 (TensorFlow and Keras).
"""

import os

# What each variable does, and why the course sets it.
QUIET_TENSORFLOW = {
    # 2 = show errors only. Hides the INFO lines TensorFlow prints on import
    # (CPU instruction sets, and so on).
    "TF_CPP_MIN_LOG_LEVEL": "2",
    # Level 2 does not hide the "oneDNN custom operations are on" notice: only
    # turning those operations off does. The trade-off: without oneDNN,
    # TensorFlow trained about half as fast on large data (100k rows: 37.7 ->
    # 17.7 steps/s on a 2-core CPU). The course's data sets are tiny, so this
    # costs nothing there, and the results no longer depend on which oneDNN
    # code path a CPU takes. A benchmark should set TF_ENABLE_ONEDNN_OPTS=1
    # before calling setup_tensorflow: a value set by the user is kept.
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


def set_tensorflow_environment(environ=None):
    """Set the variables TensorFlow and Keras read on import.

    environ: a mapping like os.environ (the default); changed in place.
    Returns the names this call set. The logging variables are set only if
    the user has not set them; KERAS_BACKEND is always "tensorflow", because
    the course's notebooks use TensorFlow directly beside Keras.
    """
    environ = os.environ if environ is None else environ
    changed = []
    for name, value in QUIET_TENSORFLOW.items():
        if name not in environ:
            environ[name] = value
            changed.append(name)
    if environ.get("KERAS_BACKEND") != "tensorflow":
        environ["KERAS_BACKEND"] = "tensorflow"
        changed.append("KERAS_BACKEND")
    return changed


def setup_tensorflow(seed=0, deterministic=True):
    """Quiet, seed and import TensorFlow and Keras; return (tf, keras).

    seed: the seed of Python's, NumPy's and TensorFlow's random generators.
    deterministic: ask TensorFlow for deterministic operations, so the same
    seed gives the same trained weights on every run (on the CPU this costs
    little; some GPU operations become slower or unavailable).

    Call it before anything else imports TensorFlow: the log settings act
    only at the first import. Calling it again re-seeds.
    """
    set_tensorflow_environment()

    import keras
    import tensorflow as tf

    if keras.backend.backend() != "tensorflow":
        # Keras fixed its backend when something imported it before this call.
        raise RuntimeError(
            f"Keras is running on its {keras.backend.backend()!r} backend, but the course "
            "needs 'tensorflow'. Restart the kernel and call setup_tensorflow() before "
            "importing keras."
        )
    keras.utils.set_random_seed(seed)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    return tf, keras


def describe_devices():
    """One sentence: which TensorFlow this is and whether it sees a GPU.

    For example "TensorFlow 2.21 sees no GPU: this notebook runs on the CPU."
    """
    set_tensorflow_environment()
    import tensorflow as tf

    gpus = [device.name for device in tf.config.list_physical_devices("GPU")]
    return devices_sentence(tf.__version__, gpus)


def devices_sentence(version, gpus):
    """The sentence describe_devices() prints, from a version and GPU names."""
    short_version = ".".join(version.split(".")[:2])
    if not gpus:
        return f"TensorFlow {short_version} sees no GPU: this notebook runs on the CPU."
    names = ", ".join(gpus)
    if len(gpus) == 1:
        return f"TensorFlow {short_version} sees 1 GPU ({names}): Keras trains on it."
    return (
        f"TensorFlow {short_version} sees {len(gpus)} GPUs ({names}): "
        "Keras trains on the first one unless told otherwise."
    )
