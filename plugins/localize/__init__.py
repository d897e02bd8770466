from .localize import register

__all__ = ["register"]
