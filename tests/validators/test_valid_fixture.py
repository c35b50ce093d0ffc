"""The fixture package passes every check, so each other test breaks exactly one thing."""

from ledger_fixture import Pkg, where


def test_fixture_package_is_valid(pkg: Pkg) -> None:
    assert where(pkg.write().findings()) == []
