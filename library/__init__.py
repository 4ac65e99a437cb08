"""Bilingual content library: Chinese and English news side by side in SQLite."""

from __future__ import annotations

__version__ = "0.1.0"
"""The version, written here once (pyproject.toml reads it; so do ``bilib --version``
and the TMX header)."""
