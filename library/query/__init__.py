"""What readers ask of the archive, answered as data (text and match spans, no HTML):
search everything, concordance."""
