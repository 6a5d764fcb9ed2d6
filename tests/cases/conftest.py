"""Fixtures for the cases tests."""

import pytest

from tests.factories import DepartmentFactory


@pytest.fixture
def department():
    return DepartmentFactory(name="市人力资源和社会保障局")
