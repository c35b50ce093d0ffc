"""Our validators/ folder must never shadow PyPI's `validators`, which frictionless imports."""

import subprocess
import sys

from ledger_fixture import REPO


def test_import_validators_from_repo_root_gives_the_pypi_package() -> None:
    code = "import validators; print(callable(validators.email), validators.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("True ")
    assert "site-packages" in result.stdout


def test_validators_folder_has_no_init() -> None:
    assert not (REPO / "validators" / "__init__.py").exists()
