"""Work done once and off the critical path: what large handbooks rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from cjm_site.source import handbook as handbook_module
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.core.memo import Memo
from cjm_site.render.build import PageOptions, build_pages
from cjm_site.mkdocs_plugin.search import put_back, set_aside
from cjm_site.mkdocs_plugin.plugin import CjmPlugin
from cjm_site.render.whitespace import squeeze

from .conftest import write_project


def journey_yaml(i: int, emotion: int = 1, barriers: int = 1) -> str:
    items = "".join(f"\n      - Barrier {i}.{b}" for b in range(barriers))
    return (f"title: Journey {i:03d}\npersona: p\nstages:\n  - name: Look\n    touchpoints:\n"
            f"      - {{channel: Web, name: Visit {i}, emotion: {emotion}}}\n"
            f"      - {{channel: App, name: Open {i}, emotion: -1}}\n    barriers:{items}\n"
            "  - name: Buy\n    emotion: 2\n")


def handbook_files(n: int, **kwargs) -> dict[str, str]:
    files = {f"journeys/j{i:03d}.yml": journey_yaml(i, **kwargs) for i in range(n)}
    files["journeys/personas/p.yml"] = "name: Pat\n"
    return files


def site_files(build) -> dict[str, bytes]:
    return {p.relative_to(build.site).as_posix(): p.read_bytes()
            for p in sorted(build.site.rglob("*")) if p.is_file() and "sitemap" not in p.name}


def test_worker_processes_change_no_byte_of_the_site(build_project):
    files = handbook_files(40)
    alone = build_project(files, ":\n      concurrency: 0")
    helped = build_project(files, ":\n      concurrency: 1")
    assert alone.returncode == helped.returncode == 0, alone.log + helped.log
    assert "bodies rendered by 1 worker process" in helped.log
    assert "cjm: page bodies render in 1 worker process (fork)" in helped.log
    assert "worker process" not in alone.log
    assert "cjm: page bodies render in this process: concurrency is 0" in alone.log
    assert "cjm: 40 journeys and 1 persona made" in alone.log
    assert site_files(alone) == site_files(helped)


def test_search_reads_the_grid_not_the_charts_nor_the_lists(build_project):
    # 201 barriers: the pain-point register continues on a second page; nav_group_size 1:
    # journeys are listed on letter pages.
    build = build_project(handbook_files(2, barriers=101), ":\n      nav_group_size: 1")
    assert build.returncode == 0, build.log
    docs = json.loads((build.site / "search" / "search_index.json").read_text())["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    text = " ".join(d["text"] for d in docs)
    assert "journeys/j000/" in locations and "insights/pain-points/" in locations
    assert "Visit 0" in text and "Barrier 1.100" in text  # the grid, the register's page 1
    assert not {loc for loc in locations if "by-letter" in loc or loc.endswith("/2/")}
    assert (build.site / "insights" / "pain-points" / "2" / "index.html").exists()
    assert (build.site / "journeys" / "by-letter" / "j" / "index.html").exists()
    # The curve's own words are not indexed, yet the page still shows the curve.
    assert "Highest point" not in text and "Emotion curve" not in text
    page = build.html("journeys/j000/")
    assert re.search(r'<p class="cjm-curve-summary" data-search-exclude>2 stages\. Highest',
                     page)
    assert len(re.findall(r'<svg class="cjm-chart cjm-stage-curve"[^>]*aria-label="Emotion '
                          r'curve in', page)) == 2
    assert "cjm-aside" not in page


def test_charts_are_drawn_once_across_serve_rebuilds(tmp_path: Path):
    # Each journey has a to-be map: their comparison chart is on both pages.
    files = handbook_files(5)
    for i in range(5):
        files[f"journeys/f{i:03d}.yml"] = (f"title: Journey {i:03d} to-be\npersona: p\n"
                                           f"status: future\nimproves: j{i:03d}\nstages:\n"
                                           "  - name: Look\n    emotion: 1\n"
                                           "  - name: Buy\n    emotion: 2\n")
    project = write_project(tmp_path / "p", files)
    settings, memo = Settings.from_project(project), Memo()

    def render() -> dict[str, str]:
        pages = build_pages(load_handbook(settings), PageOptions(), memo)
        html = {p.src_uri: p.html for p in pages}
        memo.prune()
        return html

    first = render()
    assert memo.hits == 0 and len(memo.entries) == 10
    second = render()
    assert second == first
    (project / "journeys" / "j002.yml").write_text(journey_yaml(2, emotion=-2))
    pages = build_pages(load_handbook(settings), PageOptions(), memo)
    third = {p.src_uri: p.html for p in pages}
    assert memo.hits == 8  # only the edited journey's comparison is drawn again, on 2 pages
    assert third["journeys/j002.md"] != first["journeys/j002.md"]
    assert third["journeys/f002.md"] != first["journeys/f002.md"]
    assert third["journeys/j001.md"] == first["journeys/j001.md"]


def test_unchanged_files_are_not_parsed_again(tmp_path: Path, monkeypatch):
    project = write_project(tmp_path / "p", handbook_files(3))
    parsed: list[str] = []
    real = handbook_module.load_file
    monkeypatch.setattr(handbook_module, "load_file",
                        lambda path, *a: parsed.append(path.name) or real(path, *a))
    settings, cache = Settings.from_project(project), {}
    load_handbook(settings, cache)
    assert sorted(parsed) == ["j000.yml", "j001.yml", "j002.yml", "p.yml"]
    parsed.clear()
    load_handbook(settings, cache)
    assert parsed == []
    (project / "journeys" / "j001.yml").write_text(journey_yaml(1, emotion=2))
    assert load_handbook(settings, cache).journeys["j001"].stages[0].touchpoints[0].emotion == 2
    assert parsed == ["j001.yml"]


def test_serve_watches_the_journeys_folder(tmp_path: Path):
    project = write_project(tmp_path / "p", {}, config="site_name: x\n")
    plugin = CjmPlugin()
    plugin.load_config({"journeys_dir": "maps"})
    watched: list[tuple[str, bool]] = []
    server = SimpleNamespace(watch=lambda path, recursive: watched.append((path, recursive)))
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"))
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert watched == [(str(project.resolve() / "maps"), True)]


@pytest.mark.parametrize("html, expected", [
    ("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n", "<ul><li>a</li><li>b</li></ul>\n"),
    ("<td>\n  <span>a</span>\n  <span>b</span>\n</td>", "<td><span>a</span>\n  <span>b</span></td>"),
    ("<pre><code><div>\n  x</div>\n</code></pre>", "<pre><code><div>\n  x</div>\n</code></pre>"),
    ("<textarea>\n<p>\n</p></textarea>", "<textarea>\n<p>\n</p></textarea>"),
    ("<p>one <em>two</em>\n<strong>three</strong></p>", "<p>one <em>two</em>\n<strong>three</strong></p>"),
])
def test_only_indentation_a_browser_ignores_is_dropped(html: str, expected: str):
    assert squeeze(html) == expected


def test_what_search_skips_comes_back_exactly_where_it_was():
    html = ('<p>a <span class="x">b</span></p><figure><svg id="x"><title>t</title></svg>'
            '</figure><svg><g/></svg>')
    aside, kept = set_aside(html)
    assert aside == "<p>a <!--cjm-aside-0-->b<!--cjm-aside-1--></p><figure><!--cjm-aside-2-->" \
        "</figure><!--cjm-aside-3-->"
    assert put_back(aside, kept) == html


def test_a_solution_in_many_places_continues_on_the_next_page(build_project):
    stages = "".join(f"  - name: Step {s}\n    solutions: [Prefill the form]\n"
                     for s in range(201))
    build = build_project({"journeys/long.yml": f"title: Long\nstages:\n{stages}"})
    assert build.returncode == 0, build.log
    first = build.html("insights/opportunities/")
    second = build.html("insights/opportunities/2/")
    assert "201 <span class=\"cjm-note\">(200 on this page)</span>" in first
    assert first.count(": Step ") == 200 and ": Step 199<" in first
    assert "(1 on this page)" in second and ": Step 200<" in second
