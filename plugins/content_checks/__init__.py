"""Content checks: one line per problem, for the build and for ``make check``."""

from .checker import Report, check_site
from .content_checks import register
from .problem import RULES, Problem

__all__ = ["RULES", "Problem", "Report", "check_site", "register"]
