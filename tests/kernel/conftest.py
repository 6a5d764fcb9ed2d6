import pytest


@pytest.fixture(autouse=True)
def _kernel_alone(no_synonyms):
    """The kernel is tested as the kernel: no app's expander plugged in."""
