"""The plugin's settings for MkDocs: each option of core/options.py as a config option."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base

from cjm_site.core.options import OPTIONS, Option


class TableOption(base.BaseConfigOption):
    """One option of the table, checked and converted by the table's own rules."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value: Any) -> Any:
        try:
            return self.option.read(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None


# Built from the table so that a new option is one line there.
CjmConfig = type("CjmConfig", (base.Config,), {o.name: TableOption(o) for o in OPTIONS})
