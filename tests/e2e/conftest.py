"""One full stack for the whole end-to-end session (training the bot first when its inputs changed)."""
import pytest

from tests.e2e.stack import running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("e2e")) as s:
        yield s


@pytest.fixture
def open_desk(stack):
    """Tuesday 1 December 2026, 10:00 in Brussels: a working day, the line is open."""
    stack.pin("2026-12-01T10:00:00+01:00")
    yield
    stack.pin(None)


@pytest.fixture
def closed_desk(stack):
    """Friday 4 December 2026, 19:30 in Brussels: after hours; the line opens Monday 7 December at 8.30."""
    stack.pin("2026-12-04T19:30:00+01:00")
    yield
    stack.pin(None)


@pytest.fixture
def holiday(stack):
    """Friday 25 December 2026, 10:00 (Christmas), a weekday that is not a working day."""
    stack.pin("2026-12-25T10:00:00+01:00")
    yield
    stack.pin(None)
