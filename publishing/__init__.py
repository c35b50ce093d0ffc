"""Versions of the package: what changed between two (diff), and cutting a release."""
