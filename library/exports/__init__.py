"""File formats the archive is written to: TMX."""
