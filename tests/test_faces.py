"""The fer2013 reader checks what it reads and names the row; the stand-in generator is
seeded, in fer2013's format and proportions, and never replaces a file that differs."""

import numpy as np
import pytest

from course_utils import faces
from course_utils.faces import (EMOTIONS, FER2013_COUNTS, N_PIXELS, USAGES, class_counts,
                                faces_csv_text, load_faces, make_standin, parse_faces,
                                pixels_to_image, write_standin)


def _row(label=3, usage="Training", pixels=None):
    pixels = " ".join(["7"] * N_PIXELS) if pixels is None else pixels
    return [str(label), pixels, usage]


def _rows(*body, header=("emotion", "pixels", "Usage")):
    return [list(header), *body]


@pytest.fixture(scope="module")
def small():
    return make_standin(n=140, seed=1)


def test_standin_has_fer2013s_format_and_proportions(small, tmp_path):
    images, labels, usage = small
    assert images.shape == (140, 48, 48) and images.dtype == np.uint8
    assert np.bincount(labels, minlength=7).tolist() == class_counts(140).tolist()
    assert set(usage) == set(USAGES)
    path = tmp_path / "fer.csv"
    path.write_text(faces_csv_text(images, labels, usage))
    assert path.read_text().splitlines()[0] == "emotion,pixels,Usage"
    back = load_faces(path)
    assert np.array_equal(back.images, images) and np.array_equal(back.labels, labels)
    assert back.usage.tolist() == usage.tolist()


def test_class_counts_follow_fer2013_and_add_up():
    counts = class_counts(3000)
    assert counts.sum() == 3000
    share = counts / 3000
    assert np.allclose(share, np.array(FER2013_COUNTS) / sum(FER2013_COUNTS), atol=1e-3)
    assert counts[EMOTIONS.index("disgust")] == counts.min()


def test_standin_is_seeded(small):
    again = make_standin(n=140, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(small, again))
    other = make_standin(n=140, seed=2)
    assert not np.array_equal(small[0], other[0])


def test_expressions_differ_where_they_should(small):
    """Surprised faces open their mouths: the mean mouth region is darker than neutral's."""
    images, labels, _ = make_standin(n=700, seed=5)
    mouth = images[:, 32:40, 18:30].reshape(len(images), -1).mean(axis=1)
    surprise, neutral = EMOTIONS.index("surprise"), EMOTIONS.index("neutral")
    assert mouth[labels == surprise].mean() < mouth[labels == neutral].mean() - 5


def test_split_gives_scaled_rows(small, tmp_path):
    path = tmp_path / "fer.csv"
    path.write_text(faces_csv_text(*small))
    X, y = load_faces(path).split("Training")
    assert X.shape[1] == N_PIXELS and X.dtype == np.float32 and 0 <= X.min() and X.max() <= 1
    with pytest.raises(ValueError, match="usage must be one of"):
        load_faces(path).split("Validation")


@pytest.mark.parametrize("rows, message", [
    ([], "is empty"),
    (_rows(), "header but no rows"),
    (_rows(_row(), header=("emotion", "pixels")), "no column Usage"),
    (_rows(_row(), _row(label=7)), r"row 2, column emotion: '7' is not a label 0-6"),
    (_rows(_row(label="happy")), r"row 1, column emotion: 'happy'"),
    (_rows(_row(), _row(usage="Test")), r"row 2, column Usage: 'Test' is not one of"),
    (_rows(_row(), _row(pixels="1 2 3")), r"row 2, column pixels: 3 values, expected 2304"),
    (_rows(_row(pixels=" ".join(["7"] * (N_PIXELS - 1) + ["256"]))),
     r"row 1, column pixels: value 256 \(pixel 2303\) is outside 0-255"),
    (_rows(_row(pixels=" ".join(["7"] * (N_PIXELS - 1) + ["x"]))),
     r"row 1, column pixels: 'x' is not a whole number"),
    (_rows(_row()[:2]), "row 1: 2 fields, the header has 3"),
])
def test_bad_files_name_the_row_and_column(rows, message):
    with pytest.raises(ValueError, match=message):
        parse_faces(rows, "fer.csv")


def test_columns_may_come_in_any_order_with_spaces():
    rows = [[" Usage", "emotion ", "pixels"], ["PublicTest", "5", " ".join(["9"] * N_PIXELS)]]
    data = parse_faces(rows)
    assert data.labels.tolist() == [5] and data.usage.tolist() == ["PublicTest"]


def test_a_folder_or_a_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        load_faces(tmp_path)
    with pytest.raises(FileNotFoundError, match="no file"):
        load_faces(tmp_path / "nope.csv")


def test_environment_variable_points_at_the_learners_file(small, tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(faces_csv_text(*small))
    monkeypatch.setenv("COURSE_FER2013_CSV", str(path))
    assert len(load_faces().labels) == 140


def test_pixels_to_image_reads_row_by_row():
    image = pixels_to_image(" ".join(str(i % 256) for i in range(N_PIXELS)))
    assert image.shape == (48, 48) and image[0, 1] == 1 and image[1, 0] == 48
    with pytest.raises(TypeError, match="string"):
        pixels_to_image(None)


def test_writer_never_replaces_a_different_file(tmp_path, monkeypatch):
    monkeypatch.setattr(faces, "STANDIN_ROWS", 70)
    path = tmp_path / "fer.csv"
    assert write_standin(path, n=70) == "written"
    assert write_standin(path, n=70) == "unchanged"
    path.write_text("emotion,pixels,Usage\n")
    with pytest.raises(FileExistsError, match="not overwriting"):
        write_standin(path, n=70)
    assert path.read_text() == "emotion,pixels,Usage\n"
    assert write_standin(path, n=70, force=True) == "written"


def test_command_line_refuses_and_says_why(tmp_path, capsys):
    path = tmp_path / "fer.csv"
    path.write_text("mine\n")
    assert faces.main(["--out", str(path), "--n", "70"]) == 1
    assert "not overwriting" in capsys.readouterr().err
    assert path.read_text() == "mine\n"
    assert faces.main(["--out", str(path), "--n", "70", "--force"]) == 0
    assert faces.main(["--out", str(path), "--n", "70"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_too_few_rows_is_refused():
    with pytest.raises(ValueError, match="n must be"):
        make_standin(n=10)
