from .metadata import register

__all__ = ["register"]
