"""Drawing the pack's pages as a PDF: the WeasyPrint renderer and its fetcher (renderer.py),
chunks drawn side by side (chunks.py), and the join with its footer (join.py, footer.py)."""
