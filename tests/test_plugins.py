"""The plugin next to other MkDocs plugins, each installed for real (the test extra): one
small site per plugin, copied from one git repository with fixed commit dates."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from cjm_site.source.handbook import Settings, load_handbook

from .conftest import GitRepo, run_build, write_project

PLUGINS = "plugins:\n  - search\n  - cjm\n"  # then the plugin of the test, if any
EVIL = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two journeys and a persona; first-purchase changed once more a year later."""
    repo = GitRepo(tmp_path_factory.mktemp("plugins") / "site")
    repo.commit("Maps", "2024-03-05T10:00:00+00:00", {
        "docs/index.md": "---\ntags: [R&D]\n---\n# Home\n",
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/first-purchase.md": """\
            ---
            title: First purchase
            persona: maya
            tags: [R&D, e-commerce]
            stages:
              - name: Awareness
                emotion: 1
              - name: Checkout
                emotion: -1
            ---

            Maya found us through a friend.
            """,
        "journeys/support-call.yml": "title: Support call\npersona: maya\nstages:\n"
                                     "  - name: Call\n    emotion: 0\n",
    })
    repo.commit("Checkout", "2025-02-07T10:00:00+00:00", {
        "journeys/first-purchase.md": (repo.root / "journeys" / "first-purchase.md")
        .read_text().replace("emotion: -1", "emotion: -2")})
    return repo.root


def site(repo: Path, tmp_path: Path, config: str, files: dict[str, str | None] | None = None,
         args: tuple[str, ...] = ("--strict",)):
    """A copy of the repository with this mkdocs.yml and files (None: removed), built."""
    project = tmp_path / "site"
    shutil.copytree(repo, project)
    (project / "mkdocs.yml").write_text("site_name: Handbook\ntheme:\n  name: material\n"
                                        + textwrap.dedent(config), encoding="utf-8")
    for name, content in (files or {}).items():
        path = project / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return run_build(project, *args)


def nav_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of the primary navigation's links, in order."""
    nav = html[html.index("md-nav--primary"):]
    return [(href, label.strip()) for href, label in re.findall(
        r'<a href="([^"]*)" class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]*)', nav)
        if label.strip()]


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_static_i18n_builds_pages_per_language(repo, tmp_path, structure):
    docs = ({"docs/index.de.md": "# Start\n"} if structure == "suffix" else
            {"docs/index.md": None, "docs/en/index.md": "# Home\n", "docs/de/index.md": "# Start\n"})
    build = site(repo, tmp_path, f"""\
        plugins:
          - search
          - cjm
          - i18n:
              docs_structure: {structure}
              languages:
                - {{locale: en, default: true, name: English, build: true}}
                - {{locale: de, name: Deutsch, build: true}}
          - git-revision-date-localized
        """, docs)
    assert build.returncode == 0, build.log
    assert "Unhandled file case" not in build.log
    english = build.html("journeys/first-purchase/")
    assert '<html lang="en"' in english
    german = build.html("de/journeys/first-purchase/")
    assert '<html lang="de"' in german
    # Each language's build writes the generated pages' strings in its language.
    assert "Current state (as-is)" in english and "Aktueller Zustand (Ist)" not in english
    assert "Aktueller Zustand (Ist)" in german and "Current state (as-is)" not in german
    # Links between generated pages stay within the language.
    assert 'href="../../personas/maya/"' in german
    assert (build.site / "de" / "insights" / "index.html").exists()
    # Other plugins see each page in its language: git dates are written in it ...
    revised = r'git-revision-date-localized-plugin-date[^"]*"[^>]*>([^<]+)<'
    assert re.findall(revised, english) == ["February 7, 2025"]
    assert re.findall(revised, german) == ["7. Februar 2025"]
    # ... and the language switcher leads to the same page in the other language.
    switcher = r'<a href="([^"]*)" hreflang="(\w+)"'
    assert re.findall(switcher, english) == [("./", "en"),
                                             ("../../de/journeys/first-purchase/", "de")]
    assert re.findall(switcher, german) == [("../../../journeys/first-purchase/", "en"),
                                            ("./", "de")]


def test_git_revision_dates_journey_pages_by_their_source_file(repo, tmp_path):
    build = site(repo, tmp_path, """\
        plugins:
          - search
          - cjm
          - git-revision-date-localized:
              enable_creation_date: true
              type: iso_date
        """)
    assert build.returncode == 0, build.log

    def dates(page: str) -> list[str]:
        html = build.html(page)
        return re.findall(r'git-revision-date-localized-plugin[^"]*" title="[^"]*">'
                          r'(\d{4}-\d\d-\d\d)<', html)

    assert dates("journeys/first-purchase/") == ["2025-02-07", "2024-03-05"]
    assert dates("journeys/support-call/") == ["2024-03-05", "2024-03-05"]
    # Pages of the whole handbook: its folder's last change, the same at every build.
    assert dates("journeys/") == dates("insights/") == ["2025-02-07", "2024-03-05"]


def test_material_tags_are_one_tag_with_hand_written_pages(repo, tmp_path):
    build = site(repo, tmp_path, "plugins:\n  - search\n  - tags\n  - cjm\n",
                 {"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n"})
    assert build.returncode == 0, build.log
    index = build.html("tags/")
    assert re.findall(r'id="tag:([^"]*)"', index) == ["rd", "e-commerce"]
    listed = index[index.index('id="tag:rd"'):index.index('id="tag:e-commerce"')]
    assert set(re.findall(r'href="([^"]*)"', listed)) == {"..", "../journeys/first-purchase/"}


def test_markup_in_a_tag_is_a_positioned_error(tmp_path):
    project = write_project(tmp_path, {
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/x.yml": "title: X\npersona: maya\ntags:\n  - R&D\n  - <b>new</b>\n"
                          "  - Q&amp;A\n  - '{{ 7*7 }}'\n  - a > b\nstages:\n  - name: A\n"
                          "    emotion: 1\n"})
    handbook = load_handbook(Settings.from_project(project))
    assert [str(p) for p in handbook.problems] == [
        f"journeys/x.yml:{line}: error: tag '{tag}' contains {what}: write a tag as plain "
        "text (letters, digits, spaces and punctuation such as & or -)"
        for line, tag, what in (("5:5", "<b>new</b>", "'<'"),
                                ("6:5", "Q&amp;A", "an HTML character reference"),
                                ("8:5", "a > b", "'>'"))]
    # Template braces are text: no plugin renders a generated page's tags.
    assert handbook.journeys["x"].tags == ["R&D", "{{ 7*7 }}"]


NAMED_IN_NAV = "journeys/first-purchase.md"


def _featured_first(build) -> None:
    assert build.returncode == 0, build.log
    links = nav_links(build.html(""))
    assert links[:2] == [(".", "Home"), ("journeys/first-purchase/", "Featured")]
    journeys = links[links.index(("journeys/", "Journeys")):]
    assert ("journeys/support-call/", "Support call") in journeys
    assert "journeys/first-purchase/" not in [href for href, _ in journeys]


def test_an_explicit_nav_entry_for_a_generated_page_is_kept(repo, tmp_path):
    _featured_first(site(repo, tmp_path, "nav:\n  - Home: index.md\n"
                         f"  - Featured: {NAMED_IN_NAV}\n  - Journeys: journeys/index.md\n"
                         + PLUGINS))


def test_awesome_nav_entry_for_a_generated_page_is_kept(repo, tmp_path):
    _featured_first(site(repo, tmp_path, "plugins:\n  - search\n  - awesome-nav\n  - cjm\n",
                         {"docs/.nav.yml": f"nav:\n  - Home: index.md\n"
                                           f"  - Featured: {NAMED_IN_NAV}\n"}))


def test_exclude_taking_out_a_generated_page_is_a_warning(repo, tmp_path):
    build = site(repo, tmp_path, PLUGINS + "  - exclude:\n"
                 "      glob: [journeys/support-call.md]\n", args=())
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    assert ("WARNING -  cjm: 1 generated page left out by another plugin: "
            "journeys/support-call.md; links to it from other generated pages lead nowhere"
            in build.log)
    assert not (build.site / "journeys" / "support-call").exists()
    assert "Support call" not in "".join(label for _, label in nav_links(build.html("")))


def test_rss_feeds_carry_journeys_with_their_commit_dates(repo, tmp_path):
    build = site(repo, tmp_path, f"site_url: https://example.org/\n{PLUGINS}  - rss\n")
    assert build.returncode == 0, build.log
    feed = (build.site / "feed_rss_updated.xml").read_text(encoding="utf-8")
    item = re.search(r"<item>\s*<title>First purchase</title>.*?</item>", feed, re.S)
    assert item and "<pubDate>Fri, 07 Feb 2025 10:00:00 +0000</pubDate>" in item[0]


def test_macros_never_sees_contributor_text(repo, tmp_path):
    title = f"Support {{{{ 1/0 }}}} {EVIL}"
    build = site(repo, tmp_path, PLUGINS + "  - macros:\n      on_error_fail: true\n"
                 "      force_render_paths: journeys/*\n", {"journeys/support-call.yml": f"title: \"{title}\"\npersona: maya\nstages:\n"
                                           "  - name: Call\n    emotion: 0\n",
              "docs/answer.md": "# Answer\n\n{{ 6 * 7 }}\n"})
    assert build.returncode == 0, build.log
    assert not (build.project / "PWNED").exists()
    assert "<p>42</p>" in build.html("answer/")  # macros ran on the hand-written page
    page = build.html("journeys/support-call/")
    assert "Support {{ 1/0 }} {{ cycler.__init__" in page


def test_print_site_prints_generated_pages_whole(repo, tmp_path):
    build = site(repo, tmp_path, f"{PLUGINS}  - print-site\n")
    assert build.returncode == 0, build.log
    printed = build.html("print_page/")
    journey = printed[printed.index("First purchase"):]
    assert "Maya found us through a friend." in journey
    assert 'class="cjm-curve' in journey
