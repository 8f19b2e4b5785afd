"""What the checker tests share: the message a checker gives for a wrong answer.

(pytest puts tests/ on sys.path, so the test files import this by name.)
"""

import pytest

from course_utils.checkers import ExerciseError


def failure(check, answer, *args):
    """The whole message of the ExerciseError that check raises for answer (it must fail)."""
    with pytest.raises(ExerciseError) as info:
        check(answer, *args)
    return str(info.value)


def problems(check, answer, *args):
    """Only the hints of that message: what follows its "N of M checks failed" line."""
    return failure(check, answer, *args).split("\n", 1)[1]
