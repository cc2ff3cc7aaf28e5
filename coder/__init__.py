"""coder."""
