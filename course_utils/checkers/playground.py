"""Checkers for the exercises of notebook 14 (the playground)."""

import numpy as np

from ..models import DivergenceError
from ..playground import MAX_LAYERS, MAX_UNITS, PlaygroundRun, Snapshot, load_playground_data
from . import Checker, call_safely


def check_dead_units(dead_units):
    """Exercise: dead_units(snapshot) -> one array per hidden layer, holding the indices of
    the units whose map is 0 over the whole grid (white everywhere: a dead relu unit).

    Tries your function on a made-up snapshot with known dead units, then on two
    relu networks on the three clouds: learning rate 0.3 (no dead unit) and 3
    (the whole second layer dies).
    """
    check = Checker("check_dead_units")
    R = 6
    layer1 = np.zeros((R, R, 4))
    layer1[..., 0] = 0.5        # alive everywhere
    layer1[2, 3, 1] = 0.1       # 0 almost everywhere, but alive at one point
    layer2 = np.ones((R, R, 3))
    layer2[..., 2] = 0.0
    made_up = Snapshot(epoch=1, proba=np.full((R, R, 2), 0.5), hidden=(layer1, layer2),
                       train_costs=np.ones(1), test_costs=np.ones(1), train_accuracy=0.5,
                       test_accuracy=0.5)
    answer = call_safely(check, dead_units, made_up)
    if answer is None:
        return check.done()
    if not check.expect(isinstance(answer, (list, tuple)) and len(answer) == 2,
                        f"dead_units should return one array per hidden layer, here 2; got "
                        f"{_describe(answer)}"):
        return check.done()
    found = [np.asarray(a) for a in answer]
    if any(a.dtype == bool for a in found):
        check.fail("return the indices of the dead units (np.flatnonzero(mask)), not a "
                   "True/False mask")
        return check.done()
    if any(a.ndim != 1 for a in found):
        check.fail(f"each layer's answer should be a 1-D array of unit indices; got shapes "
                   f"{[a.shape for a in found]}: look for the units along the LAST axis of "
                   f"H (R, R, M), with np.all(H == 0, axis=(0, 1))")
        return check.done()
    first, second = (sorted(a.tolist()) for a in found)
    check.expect(1 not in first,
                 "unit 1 of layer 1 is 0 at almost every grid point but not at all of them: a "
                 "dead unit is 0 at EVERY point (np.all, not np.any or a majority)")
    check.expect(0 not in first, "unit 0 of layer 1 is 0.5 everywhere: it is alive")
    check.expect({2, 3} <= set(first),
                 f"units 2 and 3 of layer 1 are 0 everywhere; you found {first}")
    check.expect(second == [2], f"in layer 2 only unit 2 is dead; you found {second}")
    if check.problems:
        return check.done()
    clouds = load_playground_data("three clouds")
    for rate, expected in [(0.3, [[], []]), (3.0, [[], list(range(8))])]:
        run = PlaygroundRun(clouds, (8, 8), "relu", rate, n_epochs=300, resolution=30)
        run.train(snapshot_epochs=[])
        answer = call_safely(check, dead_units, run.snapshots[-1])
        if answer is None:
            break
        got = [sorted(np.asarray(a).tolist()) for a in answer]
        check.expect(got == expected, f"relu network with learning rate {rate}: the dead "
                                      f"units are {expected}; you found {got}")
    check.done()


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__} {value!r}"


def check_spiral_network(hidden_layer_sizes, activation, learning_rate, n_epochs, l2=0.0,
                         max_units=10, max_epochs=3000):
    """Exercise: settings for which the playground's MLP gets at least 90% of the
    spirals' test points right, with at most `max_units` hidden units in all and
    at most `max_epochs` epochs.

    Trains the network; if it falls short, says what its cost curve shows:
    going up (learning rate too high), still falling (train longer or
    faster), flat with training points still wrong (a plateau or too small a
    network), or a gap between train and test (overfitting).
    """
    check = Checker("check_spiral_network")
    if all(v is None for v in (hidden_layer_sizes, activation, learning_rate, n_epochs)):
        raise check.not_written(NotImplementedError(
            "choose hidden_layer_sizes, activation, learning_rate and n_epochs"))
    try:
        sizes = tuple(np.atleast_1d(hidden_layer_sizes).tolist()) if np.size(hidden_layer_sizes) else ()
    except (TypeError, ValueError):  # a ragged list, say
        sizes = (hidden_layer_sizes,)
    if not check.expect(all(isinstance(m, int) and m >= 1 for m in sizes),
                        f"hidden_layer_sizes must be whole numbers >= 1, like (4, 4); "
                        f"got {hidden_layer_sizes!r}"):
        return check.done()
    ok = check.expect(sum(sizes) <= max_units,
                      f"{sizes} has {sum(sizes)} hidden units; the exercise allows {max_units}")
    ok &= check.expect(len(sizes) <= MAX_LAYERS and max(sizes, default=0) <= MAX_UNITS,
                       f"the playground has at most {MAX_LAYERS} hidden layers of at most "
                       f"{MAX_UNITS} units; got {sizes}")
    ok &= check.expect(isinstance(n_epochs, (int, np.integer)) and 1 <= n_epochs <= max_epochs,
                       f"n_epochs must be a whole number from 1 to {max_epochs}; got {n_epochs!r}")
    ok &= check.expect(isinstance(activation, str)
                       and activation in ("tanh", "sigmoid", "relu", "linear"),
                       f"activation must be 'tanh', 'sigmoid', 'relu' or 'linear'; "
                       f"got {activation!r}")
    ok &= check.expect(isinstance(learning_rate, (int, float)) and learning_rate > 0,
                       f"learning_rate must be a positive number; got {learning_rate!r}")
    ok &= check.expect(isinstance(l2, (int, float)) and l2 >= 0,
                       f"l2 must be a number >= 0; got {l2!r}")
    if not ok:
        return check.done()
    run = PlaygroundRun(load_playground_data("spirals"), sizes, activation, learning_rate, l2,
                        n_epochs, resolution=2)
    try:
        run.train(snapshot_epochs=[])
    except DivergenceError as error:
        check.fail(f"{run.code()} diverged ({str(error).splitlines()[0]}): the learning rate "
                   "or l2 is too high for this network; try smaller ones")
        return check.done()
    last = run.snapshots[-1]
    check.expect(last.test_accuracy >= 0.9,
                 f"{run.code()} gets {last.test_accuracy:.1%} of the test points right "
                 f"(need 90%; training points {last.train_accuracy:.1%}): "
                 + _read_cost_curve(last.train_costs, last, l2))
    check.done()


def _read_cost_curve(costs, last, l2):
    """What a cost curve says about a run that fell short (for check_spiral_network)."""
    costs = np.asarray(costs, dtype=float)
    jumps = np.diff(costs)
    if not np.all(np.isfinite(costs)) or costs[-1] > costs[0] or (
            jumps.size and jumps.max() > 0.1 * costs[0]):
        return ("the training cost went up during training: the learning rate is too high "
                "for this network, try a smaller one")
    recent = costs[-max(2, len(costs) // 10)] - costs[-1]
    if recent > 0.05 * (costs[0] - costs[-1]):
        # As a share of the whole fall: a drop of 0.0004 would print as 0.000.
        share = recent / (costs[0] - costs[-1])
        return (f"the training cost was still falling at the end (the last tenth of the epochs "
                f"brought {share:.0%} of its whole fall): train for more epochs or with a "
                f"larger learning rate")
    if last.train_accuracy < 0.9:
        return ("the training cost has stopped falling while many training points are still "
                "wrong: the network sits on a plateau or is too small. Spirals often keep a "
                "network on a plateau for a while before it finds the arms (more epochs or a "
                "larger learning rate get it off); a layer of 1-3 units cuts the plane with "
                "only 1-3 soft lines (add units or a second layer)"
                + ("; and l2 keeps the weights small, try less" if l2 else ""))
    return ("the training points are right but the test points are not: the network "
            "overfits; try some L2 or fewer units")
