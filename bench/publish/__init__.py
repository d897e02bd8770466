"""Daily publishing benchmark (issue 13)."""
