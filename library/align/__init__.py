"""Alignment: paragraphs inside an item (Gale–Church), then sentences inside each
aligned paragraph row (length and dictionary evidence)."""
