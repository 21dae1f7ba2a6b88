import pytest


@pytest.fixture(scope="session", autouse=True)
def _servers(servers):
    """Provider checks build the real apps, which need their databases."""
    return servers
