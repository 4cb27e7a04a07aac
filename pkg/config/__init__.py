"""Process configuration, read once at start from the environment."""

from pkg.config.settings import Environment, Settings

__all__ = ["Environment", "Settings"]
