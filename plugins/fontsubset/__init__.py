"""fontsubset: ship only the part of each web font the site renders, proven exact.

See README.md for settings; ``register`` is Pelican's entry point.
"""

from .plugin import register

__all__ = ["register"]
