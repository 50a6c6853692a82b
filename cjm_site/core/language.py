"""Page strings in the site's language (`theme.language`, or the plugin's `language`).

Templates and code are written in English, each page string marked: `_()`, `ngettext()`
and `{% trans %}` in templates, `language.gettext()` / `language.ngettext()` in code, and
`N_()` (core/words.py) where a string is only declared (a lane's title, an emotion word) and translated
where it is shown. Every other language is a gettext catalogue in the package,
`locales/<language>.po`, compiled when first used; a string it lacks stays English, and so
does every page of a language without a catalogue. Messages of the build log and of
`cjm validate` stay English.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from cjm_site.core.scale import fmt

ENGLISH = "en"


def shipped() -> list[str]:
    """The languages pages can be written in: English and one per catalogue."""
    folder = resources.files("cjm_site").joinpath("locales")
    return sorted({ENGLISH, *(f.name[:-len(".po")] for f in folder.iterdir()
                              if f.name.endswith(".po"))})


def language_code(name: str | None) -> str:
    """The catalogue a theme language reads: 'de', 'de_AT', 'de-AT' and 'DE' read German's;
    English for English, for nothing and for a language without a catalogue."""
    base = (name or ENGLISH).replace("-", "_").split("_")[0].strip().lower()
    return base if base in shipped() else ENGLISH


@lru_cache(maxsize=None)
def _translations(code: str) -> gettext.NullTranslations:
    if code == ENGLISH:
        return gettext.NullTranslations()
    # Babel (a dependency of the theme) reads the catalogue and compiles it; the standard
    # library's gettext looks strings up, plural forms included.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with resources.files("cjm_site").joinpath(f"locales/{code}.po").open("rb") as po:
        catalogue = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Language:
    """The strings, numbers and dates of the pages in one language (a code of shipped())."""

    code: str = ENGLISH

    def gettext(self, message: str) -> str:
        return _translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translations(self.code).ngettext(singular, plural, n)

    def number(self, value: float) -> str:
        """A score as people of the language write it: 2, -1.5 (German -1,5), 0.33."""
        text = fmt(value)
        return text if self.code == ENGLISH else text.replace(".", self._decimal_sign())

    def whole(self, value: int) -> str:
        """A count with its thousands grouped: 1,200 (German 1.200)."""
        if self.code == ENGLISH:
            return f"{value:,}"
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.code)

    def date(self, day: date) -> str:
        """A day as the pages show it: ISO 8601 in English (2026-09-14), the language's
        usual numeric form elsewhere (German 14.09.2026)."""
        if self.code == ENGLISH:
            return day.isoformat()
        from babel.dates import format_date

        return format_date(day, format="medium", locale=self.code)

    def _decimal_sign(self) -> str:
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(self.code)
