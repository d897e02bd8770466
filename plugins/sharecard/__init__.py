from .sharecard import register

__all__ = ["register"]
