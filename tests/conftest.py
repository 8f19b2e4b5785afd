"""Fixtures more than one test file uses."""

from pathlib import Path

import pytest

from course_utils.data import load_ecommerce

# The original course's data file, which the project does not ship: it lies in
# ../shared/reference/ beside the repository on the developers' machines and CI.
REFERENCE_CSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ecommerce_data.csv"


@pytest.fixture(scope="session")
def reference_csv():
    """Path of the course's own ecommerce_data.csv; skips the test when it is absent."""
    if not REFERENCE_CSV.is_file():
        pytest.skip("the original course's ecommerce_data.csv is not present: expected at "
                    "../shared/reference/ecommerce_data.csv next to the repository")
    return REFERENCE_CSV


@pytest.fixture(scope="session")
def reference(reference_csv):
    """The course's own e-commerce data, loaded and checked by load_ecommerce."""
    return load_ecommerce(reference_csv)
