"""The generated pages in the site's language: every page string has a German translation,
a German handbook shows no English string of the catalogue, and English stays the default."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from .conftest import REPO, GitRepo, _installed_package, cells, rows, run_build, run_cli

PACKAGE = _installed_package()
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _extracted() -> set[str | tuple[str, str]]:
    """The page strings of the installed package's code and templates (babel.cfg)."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(REPO / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    return {message for _, _, message, _, _ in extract_from_dir(
        str(PACKAGE), method_map, options_map, keywords=keywords)}


def _catalogue(language: str):
    with (PACKAGE / "locales" / f"{language}.po").open("rb") as po:
        return read_po(po, locale=language)


EXTRACTED = _extracted()
GERMAN = {m.id: m.string for m in _catalogue("de") if m.id}


def test_every_page_string_has_a_german_translation():
    assert len(EXTRACTED) > 100  # extraction found the templates and the code
    missing = [m for m in EXTRACTED if not GERMAN.get(m) or (
        isinstance(GERMAN[m], tuple) and not all(GERMAN[m]))]
    assert missing == [], "untranslated: run scripts/catalogues.sh and translate these"
    unused = [m for m in GERMAN if m not in EXTRACTED]
    assert unused == [], "no longer used: run scripts/catalogues.sh"


def test_translations_use_only_the_placeholders_of_their_string():
    for english, german in GERMAN.items():
        allowed = set(PLACEHOLDER.findall(" ".join(english if isinstance(english, tuple)
                                                   else [english])))
        for text in german if isinstance(german, tuple) else [german]:
            assert set(PLACEHOLDER.findall(text)) <= allowed, (english, text)
            assert text.count("%%") == (english[0] if isinstance(english, tuple)
                                        else english).count("%%"), english


def test_language_of_the_theme_reads_german_for_its_regional_variants():
    from cjm_site.core.language import Language, language_code

    assert [language_code(n) for n in ("de", "de_AT", "de-CH", "DE", "fr", None, "en")] == \
        ["de", "de", "de", "de", "en", "en", "en"]
    german = Language("de")
    assert german.gettext("Barriers") == "Barrieren"
    assert german.ngettext("%(num)s stage", "%(num)s stages", 1) == "%(num)s Phase"
    assert german.gettext("a string no catalogue has") == "a string no catalogue has"
    from datetime import date

    assert (german.date(date(2026, 9, 4)), german.number(-0.5), german.whole(1200)) == \
        ("04.09.2026", "-0,5", "1.200")
    assert (Language().date(date(2026, 9, 4)), Language().number(-0.5),
            Language().whole(1200)) == ("2026-09-04", "-0.5", "1,200")


# -- a German handbook --------------------------------------------------------------------

CONFIG = """\
site_name: Handbuch
theme:
  name: material
  language: {language}
plugins:
  - search
  - cjm:
      nav_group_size: 1
      recent_days: 30{options}
"""

FILES = {
    "docs/index.md": "# Start\n",
    "journeys/personas/maya.yml": """\
        name: Maya Fischer
        summary: Läuft gern und kauft am Telefon.
        age: 29
        occupation: Marketing-Koordinatorin
        location: Köln
        quote: Bezahlen muss in zwei Minuten gehen.
        attributes: {Kanal: Handy}
        goals: [Schuhe finden]
        challenges: [Wenig Zeit]
        empathy:
          says: [Zu teuer]
          thinks: [Passt das?]
          does: [Vergleicht]
          feels: [Neugierig]
          pains: [Versandkosten]
          gains: [Schnelle Lieferung]
        description: Maya läuft jeden Morgen.
        """,
    "journeys/personas/omar.yml": "name: Omar Haddad\n",
    "journeys/erstkauf.md": """\
        ---
        title: Erster Einkauf
        persona: maya
        owner: Webshop-Team
        reviewed: 2026-01-10
        review_every: 90
        tags: [Handel]
        stages:
          - name: Aufmerksamkeit
            phase: Vorher
            goals: [Zuverlässigen Laden finden]
            questions: [Ist der Laden seriös?]
            actions: [Scrollt durch Instagram]
            thoughts: [Sieht gut aus]
            feelings: [Neugierig]
            evidence: [Interviews]
            touchpoints:
              - {channel: Instagram, name: Werbebeitrag, emotion: 1, moment: Erster Eindruck}
              - {channel: Freundin, name: Empfehlung, emotion: 2}
            barriers: [Zu viele ähnliche Marken]
            solutions:
              - {text: Vergleichsseite, priority: high, owner: Redaktion, status: doing,
                 due: 2026-02-01, link: "https://example.org/1"}
            kpis:
              - {name: Reichweite, value: 1200, target: 1500, unit: Personen}
          - name: Kasse
            phase: Kauf
            optional: true
            owner: Kassenteam
            duration: 5 Minuten
            moment: Hier fällt die Entscheidung
            touchpoints:
              - {channel: Web, name: Bezahlformular, emotion: -1.25}
            barriers: [Konto wird verlangt]
            notes: Viele brechen hier ab.
            frontstage: [Kassenseite]
            backstage: [Betrugsprüfung]
            support: [Zahlungsdienst]
        opportunities:
          - {text: Gastzugang, stages: [Kasse], status: planned, priority: medium}
        feelings: [Ungeduldig]
        ---

        Maya fand uns über eine Freundin.
        """,
    # A map on a 0..5 scale of its own with German words: views across maps compare it on
    # the handbook's -2..2 and say so.
    "journeys/hotel.yml": """\
        title: Hotelaufenthalt
        persona: maya
        reviewed: 2026-01-10
        emotion_scale:
          low: 0
          high: 5
          words: {mies: 0, schwach: 1, mäßig: 2, ordentlich: 3, gut: 4, toll: 5}
        stages:
          - name: Buchung
            touchpoints:
              - {channel: Web, name: Zimmersuche, emotion: schwach}
              - {channel: App, name: Digitaler Schlüssel, emotion: 4.5}
          - name: Abreise
            emotion: toll
        """,
    "journeys/erstkauf-neu.yml": """\
        title: Erster Einkauf, neu gedacht
        persona: maya
        status: future
        improves: erstkauf
        stages:
          - name: Aufmerksamkeit
            touchpoints:
              - {channel: Instagram, name: Werbebeitrag, emotion: 1}
          - name: Kasse
            touchpoints:
              - {channel: Web, name: Gastkasse, emotion: 1}
        """,
}


def _handbook(root: Path, language: str, options: str = "") -> Path:
    """The handbook in a git repository: two commits, so that pages have a History and
    there is a Recently changed page."""
    repo = GitRepo(root)
    files = {**FILES, "mkdocs.yml": CONFIG.format(language=language, options=options)}
    first = {name: text for name, text in files.items() if name != "journeys/erstkauf-neu.yml"}
    repo.commit("Karten", "2026-01-10T10:00:00+00:00", first)
    repo.commit("Neue Kasse", "2026-01-20T10:00:00+00:00",
                {"journeys/erstkauf-neu.yml": files["journeys/erstkauf-neu.yml"]})
    return root


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory):
    build = run_build(_handbook(tmp_path_factory.mktemp("de") / "handbuch", "de"), "--strict")
    assert build.returncode == 0, build.log
    return build


def _body(page: str) -> str:
    """The generated part of a page: the article, without the theme around it."""
    return page[page.index('<article'):page.index('</article>')]


def _texts(fragment: str) -> str:
    """What a reader or a screen reader gets: text, and the attributes read out."""
    attributes = re.findall(r'(?:aria-label|title|alt|data-line)="([^"]*)"', fragment)
    text = re.sub(r"<[^>]+>", " ", fragment)
    return html_lib.unescape(" \n ".join([text, *attributes]))


def _pattern(english: str) -> re.Pattern:
    """An English string as it would show on a page, with anything for its placeholders."""
    literal = re.sub(r"</?code>", "", english).replace("%%", "%")
    parts = [re.escape(part) for part in PLACEHOLDER.split(literal)[::2]]
    pattern = r"\s*.{1,200}?\s*".join(parts)
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])" if parts else pattern)


LEAKS = [(english, _pattern(english)) for message, german in GERMAN.items()
         for english, translated in zip(
             message if isinstance(message, tuple) else [message],
             german if isinstance(german, tuple) else [german])
         if PLACEHOLDER.sub("", english).strip(" :.()%") and english != translated]


# English by design: content advice (the messages of `cjm validate`) and what changed in a
# map (the phrases of `cjm diff`).
ENGLISH_PARTS = re.compile(r'<ul class="cjm-advice">.*?</ul>|<td class="cjm-changes">.*?</td>',
                           re.S)


def _leaks(fragment: str) -> list[str]:
    text = _texts(ENGLISH_PARTS.sub("", fragment))
    return [english for english, pattern in LEAKS if pattern.search(text)]


# Every kind of generated page of the German handbook.
JOURNEY = "journeys/erstkauf/"


# What each kind of page says in German (the handbook has every kind: nav_group_size 1 makes
# letter pages, git a History and a Recently changed page, a map past its review advice).
KINDS = {
    "journeys/": ["3 Journey-Maps.", 'aria-label="Journeys nach Anfangsbuchstabe"'],
    "journeys/by-letter/e/": ["<th scope=\"col\">Emotionskurve</th>", ">Ist</span>",
                              "<th scope=\"col\">Letzte Prüfung</th>", "Service Blueprint",
                              ">10.01.2026</time>", "Emotionskurve: von positiv bis"],
    "personas/": ["2 Personas."],
    "personas/by-letter/m/": ["<th scope=\"col\">Zusammenfassung</th>"],
    "personas/maya/": ["<dt>Alter</dt>", "<dt>Beruf</dt>", "<dt>Wohnort</dt>", "Merkmale",
                       "Empathy-Map", ">Sagt</h3>", ">Schmerzen</h3>", "Über Maya Fischer",
                       "<th scope=\"col\">Tiefster Moment</th>",
                       "Bezahlformular in Kasse: <span", "Offene Barrieren:"],
    "personas/omar/": ["Noch keine Journey nennt Omar Haddad."],
    "insights/": ["Fragen über alle 3 Journey-Maps hinweg.", ">Schmerzpunkte</a>: 2 Barrieren in 2 "
                  "Phasennamen, 1 ohne Lösung.", ">Kürzlich geändert</a>: 3 Journey-Maps und 2 "
                  "Personas in den 30 Tagen vor dem letzten Commit geändert."],
    "insights/pain-points/": ["<title id=\"cjm-barriers-title\">Barrieren je Phase</title>",
                              "1 Barriere, 0 ohne Lösung", "noch keine Lösung"],
    "insights/opportunities/": ["Gilt für (Journey: Phase)"],
    "insights/action-plan/": [">In Arbeit</h2>", ">Geplant</h2>",
                              "Priorität</th>", ">hoch</td>", ">01.02.2026</time> <span "
                              "class=\"cjm-flag\">überfällig</span>"],
    "insights/channels/": ["Kanäle nach Phase", "am negativsten", "alle Phasen"],
    "insights/channels/web/": ["3 Touchpoints auf diesem Kanal", "Alle Kanäle"],
    "insights/moments/": ["Momente der Wahrheit", "Entscheidende Momente", "Tiefste Momente"],
    "insights/kpis/": ["1 KPI hat Zahlen als Wert und Ziel; 0 davon erreichen das Ziel.",
                        "Ziel verfehlt"],
    "insights/reviews/": ["1 Karte ist über ihrem Prüftermin.", "nie"],
    "insights/recent/": ["3 Journey-Maps und 2 Personas in den 30 Tagen bis 20.01.2026",
                          "Letzte Änderung"],
    "insights/advice/": ["Vorschläge, die Karten nützlicher zu machen."],
}


def _generated(build) -> list[str]:
    return sorted(path.parent.relative_to(build.site).as_posix() + "/"
                  for folder in ("journeys", "personas", "insights")
                  for path in (build.site / folder).rglob("index.html"))


def test_german_pages_show_no_english_string(german):
    pages = _generated(german)
    assert set(KINDS) | {JOURNEY, "journeys/erstkauf-neu/"} <= set(pages)
    assert {page: _leaks(_body(german.html(page))) for page in pages} == \
        {page: [] for page in pages}


@pytest.mark.parametrize("page", list(KINDS))
def test_german_page_kinds(german, page):
    body = _body(german.html(page))
    for text in KINDS[page]:
        assert text in body, text


def test_german_navigation_sections(german):
    nav = german.html("")
    nav = nav[nav.index("md-nav--primary"):]
    assert "Erkenntnisse" in nav and "Schmerzpunkte" in nav and "Maßnahmenplan" in nav
    assert _leaks(nav[:nav.index("</nav>")]) == []


def test_broken_page_in_german():
    from cjm_site.core.model import Broken, Handbook
    from cjm_site.render.build import build_pages
    from cjm_site.render.site import PageOptions

    handbook = Handbook()
    handbook.broken.append(Broken("kaputt", "journey", "journeys/kaputt.yml", "kaputt.yml"))
    page = next(p for p in build_pages(handbook, PageOptions(language="de", insights=False))
                if p.source == "journeys/kaputt.yml")
    assert "Die Journey in <code>journeys/kaputt.yml</code> konnte nicht gelesen werden." \
        in page.html
    assert _leaks(page.html) == []


def test_german_journey_page(german):
    body = _body(german.html(JOURNEY))
    for text in ("<dt>Verantwortlich</dt>", "Aktueller Zustand (Ist)", "<dt>Letzte Prüfung</dt>",
                 '<time datetime="2026-01-10">10.01.2026</time> (alle 90 Tage)',
                 'aria-label="Journey-Map von Erster Einkauf"', ">Phase</div>",
                 "<span>Ziele</span>", "<span>Barrieren</span>", ">Interaktionslinie</div>",
                 "29 Jahre", "Wichtigste Ziele", '<span class="cjm-optional">optional</span>',
                 "Dauer:", "Entscheidender Moment:", "sehr positiv", "negativ <span "
                 'class="cjm-score">(-1,25)</span>', "Priorität hoch", ">in Arbeit</span>",
                 "Fällig:", '<time datetime="2026-02-01">01.02.2026</time>', "hier verfolgt",
                 "(Ziel 1500 Personen)", "Über diese Journey", "Gefühle während der ganzen "
                 "Journey", ">geplant</span>", "Priorität mittel", "2 Phasen. Höhepunkt: "
                 "Empfehlung in Aufmerksamkeit (sehr positiv, 2); Tiefpunkt: Bezahlformular "
                 "in Kasse (negativ, -1,25).", 'aria-label="Emotionskurve in Kasse"',
                 "Kanal: Instagram", "Ist und Soll", "Ist: Erster Einkauf", "Soll: Erster "
                 "Einkauf, neu gedacht", "Emotionskurven im Vergleich", "Verlauf",
                 "1 Änderung an <code>journeys/erstkauf.md</code>:",
                 '<time datetime="2026-01-10T10:00:00+00:00">10.01.2026</time>'):
        assert text in body, text


def test_option_language_overrides_the_theme(tmp_path):
    build = run_build(_handbook(tmp_path / "handbook", "de", "\n      language: en"),
                      "--strict")
    assert build.returncode == 0, build.log
    body = _body(build.html(JOURNEY))
    assert "<dt>Last review</dt>" in body and "Current state (as-is)" in body
    assert '<time datetime="2026-01-10">2026-01-10</time> (every 90 days)' in body
    assert "Barrieren" not in body and "Letzte Prüfung" not in body


def test_generate_writes_the_language_of_zensical_toml(tmp_path):
    project = tmp_path / "handbook"
    for name in ("journeys/personas/maya.yml", "journeys/erstkauf.md"):
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        import textwrap

        path.write_text(textwrap.dedent(FILES[name]), encoding="utf-8")
    (project / "zensical.toml").write_text('[project.theme]\nlanguage = "de"\n',
                                           encoding="utf-8")
    result = run_cli(project, "generate", "--no-nav")
    assert result.returncode == 0, result.stderr
    page = (project / "docs/journeys/erstkauf.md").read_text(encoding="utf-8")
    assert "<dt>Letzte Prüfung</dt>" in page and "Last review" not in page



def test_german_map_with_its_own_scale(german):
    body = _body(german.html("journeys/hotel/"))
    # The map's own range and words, numbers written the German way.
    assert cells(re.search(r"<dt>Emotionsskala</dt><dd[^>]*>(.*?)</dd>", body).group(1)) == \
        "0 (mies) bis 5 (toll), die eigene dieser Karte"
    for text in ('schwach <span class="cjm-score">(1)</span>',
                 'gut <span class="cjm-score">(4,5)</span>', "Emotion: 4,5 (gut)",
                 "2 Phasen. Höhepunkt: Abreise (toll, 5); Tiefpunkt: Zimmersuche in Buchung "
                 "(schwach, 1)."):
        assert text in body, text
    assert _leaks(body) == []
    # Across maps: on the handbook's -2..2 in its German words, the note saying so, and the
    # score as the map wrote it. Zimmersuche: 1 on 0..5 is -1.2; the key 4.5 is 1.6.
    note = ("1 Karte hat eine eigene Emotionsskala: Um Karten zu vergleichen, werden ihre "
            "Werte linear auf die Skala -2..2 des Handbuchs abgebildet (Tiefstwert auf "
            "Tiefstwert, Höchstwert auf Höchstwert); jeder Wert steht auch so da, wie seine "
            "Karte ihn schreibt.")
    for page in ("insights/channels/", "insights/channels/web/", "insights/moments/"):
        assert note in cells(german.html(page)), page
    web = german.html("insights/channels/web/")
    assert ["Zimmersuche", "Hotelaufenthalt", "Buchung",
            "negativ (-1,2) 1 auf der eigenen Skala 0..5", ""] in rows(web,
                                                                     "cjm-channel-touchpoints")
    moments = german.html("insights/moments/")
    assert "sehr positiv (1,6) 4,5 auf der eigenen Skala 0..5" in [
        r[-1] for r in rows(moments, "cjm-moments cjm-moments-highest")]
    assert "Zimmersuche in Buchung: negativ (-1,2) 1 auf der eigenen Skala 0..5" in \
        cells(german.html("personas/maya/"))
