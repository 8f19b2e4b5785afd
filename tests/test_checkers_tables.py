"""Tests of course_utils.checkers.tables: the checkers of notebook 15's exercises."""

import numpy as np
import pandas as pd
import pytest
from checker_helpers import failure, problems

from course_utils.checkers import NotWrittenYet
from course_utils.checkers.tables import check_encode_classes, check_scale_numeric_columns
from course_utils.tables import encode_labels

# --- encode_classes -----------------------------------------------------------------------------


def encode_classes(values):
    class_names, y = np.unique(np.asarray(values), return_inverse=True)
    return y, class_names


def in_order_of_appearance(values):
    y, class_names = pd.factorize(pd.Series(values))
    return y, list(class_names)


def from_one(values):
    y, class_names = encode_classes(values)
    return y + 1, class_names


def one_hot_labels(values):
    y, class_names = encode_classes(values)
    return np.eye(len(class_names))[y], class_names


def swapped(values):
    y, class_names = encode_classes(values)
    return class_names, y


def float_labels(values):
    y, class_names = encode_classes(values)
    return y.astype(float), class_names


def test_encode_classes_passes_on_the_answer_and_on_the_package(capsys):
    check_encode_classes(encode_classes)
    assert capsys.readouterr().out == "encode_classes: all 9 checks passed.\n"
    check_encode_classes(encode_labels)
    assert capsys.readouterr().out == "encode_classes: all 9 checks passed.\n"


def test_encode_classes_on_the_stub():
    def stub(values):
        raise NotImplementedError("return y (N,) and class_names")

    with pytest.raises(NotWrittenYet, match="^encode_classes is not written yet: return y"):
        check_encode_classes(stub)


@pytest.mark.parametrize("answer, hint", [
    (in_order_of_appearance, "numbered in order of first appearance"),
    (from_one, "the labels start at 1"),
    (one_hot_labels, "not one-hot (5, 3)"),
    (swapped, "y and class_names are swapped"),
    (float_labels, "y should hold integers, got dtype float64"),
])
def test_encode_classes_names_the_slip(answer, hint):
    assert hint in problems(check_encode_classes, answer)


def test_order_of_appearance_also_names_the_unsorted_class_names():
    text = problems(check_encode_classes, in_order_of_appearance)
    assert "class_names should be ['cat', 'dog', 'emu'] (in sorted order" in text


@pytest.mark.parametrize("garbage", [None, "labels", (1, 2, 3), (np.zeros((2, 2, 2)), None)])
def test_encode_classes_never_raises_from_inside_on_garbage(garbage):
    text = failure(check_encode_classes, lambda values: garbage)
    assert text.startswith("<lambda>: ") or text.startswith("encode_classes: ")


def test_encode_classes_reports_an_exception_in_the_answer():
    assert "raised KeyError" in problems(check_encode_classes, lambda values: {}["x"])


# --- scale_numeric_columns -----------------------------------------------------------------------


def scale_numeric_columns(train, new, columns):
    mean = train[columns].mean()
    std = train[columns].std(ddof=0).replace(0, 1)
    train_scaled, new_scaled = train.copy(), new.copy()
    train_scaled[columns] = (train[columns] - mean) / std
    new_scaled[columns] = (new[columns] - mean) / std
    return train_scaled, new_scaled


def with_statistics(mean_of, std_of, constant_guard=True):
    """An answer whose statistics come from mean_of(train, new) and std_of(train, new)."""
    def answer(train, new, columns):
        mean, std = mean_of(train[columns], new[columns]), std_of(train[columns], new[columns])
        if constant_guard:
            std = std.replace(0, 1)
        a, b = train.copy(), new.copy()
        a[columns] = (train[columns] - mean) / std
        b[columns] = (new[columns] - mean) / std
        return a, b
    return answer


def own_statistics(train, new, columns):
    a, b = train.copy(), new.copy()
    for table, out in ((train, a), (new, b)):
        out[columns] = (table[columns] - table[columns].mean()) / table[columns].std(ddof=0)
    return a, b


def in_place(train, new, columns):
    mean, std = train[columns].mean(), train[columns].std(ddof=0).replace(0, 1)
    new[columns] = (new[columns] - mean) / std
    train[columns] = (train[columns] - mean) / std
    return train, new


def every_number_column(train, new, columns):
    numbers = [c for c in train.columns if pd.api.types.is_numeric_dtype(train[c])]
    return scale_numeric_columns(train, new, numbers)


def test_scale_numeric_columns_passes_on_the_answer(capsys):
    check_scale_numeric_columns(scale_numeric_columns)
    assert capsys.readouterr().out == "scale_numeric_columns: all 12 checks passed.\n"


def test_scale_numeric_columns_on_the_stub():
    def stub(train, new, columns):
        raise NotImplementedError("z-score the columns with train's mean and std")

    with pytest.raises(NotWrittenYet, match="^scale_numeric_columns is not written yet: z-score"):
        check_scale_numeric_columns(stub)


@pytest.mark.parametrize("answer, hint", [
    (with_statistics(lambda t, n: t.mean(), lambda t, n: t.std()), "pandas' .std(), which divides by N-1"),
    (own_statistics, "new_scaled was scaled with its own table's mean and std"),
    (with_statistics(lambda t, n: pd.concat([t, n]).mean(),
                     lambda t, n: pd.concat([t, n]).std(ddof=0)), "the new rows leaked"),
    (with_statistics(lambda t, n: t.mean(), lambda t, n: t.std(ddof=0), constant_guard=False),
     "'age' is constant in the training rows"),
    (in_place, "changed the `train` table it was given"),
    (every_number_column, "column 'smoker' changed"),
])
def test_scale_numeric_columns_names_the_slip(answer, hint):
    assert hint in problems(check_scale_numeric_columns, answer)


@pytest.mark.parametrize("garbage", [None, "scaled", (1, 2), (np.zeros(3), np.zeros(3)),
                                     (pd.DataFrame(), pd.DataFrame())])
def test_scale_numeric_columns_never_raises_from_inside_on_garbage(garbage):
    text = failure(check_scale_numeric_columns, lambda train, new, columns: garbage)
    assert text.startswith("scale_numeric_columns: ")
