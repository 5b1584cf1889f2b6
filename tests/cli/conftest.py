"""Command-line tests script the work packs' passphrase the way scripts do: in the environment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

PACK_PASSPHRASE = "command line pack phrase"


@pytest.fixture(scope="package", autouse=True)
def pack_passphrase() -> Iterator[str]:
    """For this package's tests and its module-wide fixtures alike; removed after them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARF_PASSPHRASE", PACK_PASSPHRASE)
        yield PACK_PASSPHRASE
