"""Translating one-sided items: the translation memory, QA checks, and worksheets (PO
files) out and back in."""
