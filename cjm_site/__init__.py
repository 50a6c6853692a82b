"""Customer journey maps as code: load, validate and publish journey maps and personas."""

__version__ = "0.1.0"
