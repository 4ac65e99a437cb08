"""Reading pages from disk into versions, and pairing versions into items."""
