"""Turn Vietnamese news articles into tables: officials, localities, figures, commitments."""

__version__ = "0.1.0"
