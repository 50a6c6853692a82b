"""The libyaml fast path gives what ruamel's round-trip loader gives, or steps aside."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cjm_site.source import fastyaml
from cjm_site.source.loader import MAX_DEPTH

ROOT = Path(__file__).resolve().parent.parent
BASES = (bool, int, float, datetime, date, str, type(None))


def _front(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".md":
        parts = text.split("\n---\n", 1)
        return parts[0].removeprefix("---\n") + "\n"
    return text


def _same(fast, careful, where="") -> None:
    if isinstance(careful, dict):
        assert type(fast) is fastyaml.Mapping, where
        assert list(fast) == list(careful), where
        for key in careful:
            assert fast.lc.key(key) == tuple(careful.lc.key(key)), f"{where}.{key}"
            assert fast.lc.value(key) == tuple(careful.lc.value(key)), f"{where}.{key}"
            _same(fast[key], careful[key], f"{where}.{key}")
    elif isinstance(careful, list):
        assert type(fast) is fastyaml.Sequence, where
        assert len(fast) == len(careful), where
        for index, item in enumerate(careful):
            assert fast.lc.item(index) == tuple(careful.lc.item(index)), f"{where}[{index}]"
            _same(fast[index], item, f"{where}[{index}]")
    else:
        base = next(b for b in BASES if isinstance(careful, b))
        assert isinstance(fast, base) and fast == careful or fast != fast, where
        assert str(fast) == str(careful), where


SOURCES = sorted(p for folder in ("journeys", "tests/bad") for p in (ROOT / folder).rglob("*")
                 if p.suffix in (".yml", ".yaml", ".md") and p.is_file())


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_path_equals_careful_path_or_declines(path: Path) -> None:
    try:
        text = _front(path)
        careful = YAML(typ="rt").load(text)
    except Exception:  # noqa: BLE001 - the careful path reports it; so must the fast one
        assert fastyaml.load(_front(path), MAX_DEPTH) is fastyaml.DECLINED
        return
    fast = fastyaml.load(text, MAX_DEPTH)
    if fast is not fastyaml.DECLINED:
        _same(fast, careful)


def test_demo_files_take_the_fast_path() -> None:
    demo = [p for p in SOURCES if p.is_relative_to(ROOT / "journeys")]
    assert demo and all(fastyaml.load(_front(p), MAX_DEPTH) is not fastyaml.DECLINED
                        for p in demo)


SCALARS = ["0o17", "0x1F", "007", "1_000", "-3", "+2.5e3", "1.50", ".inf", "-.Inf", ".nan",
           "yes", "no", "on", "True", "FALSE", "~", "null", "", "2026-01-02",
           "2026-01-02 10:00:00", "2026-01-02T10:00:00+02:00", "12:30", "1e3", "0b101",
           "'quoted 1'", '"2026-01-02"', "'a: b'", "."]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_as_yaml_1_2(scalar: str) -> None:
    text = f"value: {scalar}\nlist:\n  - {scalar}\n"
    careful = YAML(typ="rt").load(text)
    _same(fastyaml.load(text, MAX_DEPTH), careful)


@pytest.mark.parametrize("text", ["a:\n", "a:\nb: 1\n", "-\n- x\n", "items:\n  -\n  - x\n",
                                  "s:\n  - a:\n    b:\n  - c: 1\n"])
def test_empty_values_are_placed_where_ruamel_places_them(text: str) -> None:
    _same(fastyaml.load(text, MAX_DEPTH), YAML(typ="rt").load(text))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                      # duplicate key
    "a: &x 1\nb: *x\n",                  # anchor and alias
    "a: !!str 1\n",                      # explicit tag
    "<<: {a: 1}\n",                      # merge key
    "%YAML 1.1\n---\na: 1\n",            # directive
    "a: 1\n---\nb: 2\n",                 # two documents
    "a: 2026-02-30\n",                   # no such day
    "? [a, b]\n: c\n",                   # a list as a key
    "a: [" * 40 + "]" * 40 + "\n",       # deeper than MAX_DEPTH
    "a: b: c\n",                         # a syntax error
    "{a: , b: 1}\n",                     # an empty value in a flow mapping
])
def test_anything_to_report_declines(text: str) -> None:
    assert fastyaml.load(text, MAX_DEPTH) is fastyaml.DECLINED


# -- one meaning of valid: mutated files give the same problems and model on both paths --------

INSERTS = ["\t", "\u2028", "\u2029", "\x85", "\r", "\r\n", ":", " ", "#", "'", '"', "[", "]",
           "{", "}", ",", "-", "- ", "&a ", "*a", "!", "?", "|", ">", "\ufeff", "\x07",
           "\u00a0", "%", "@", "`", "\n", "\n  ", "~", "0x1", "1_0", "2026-02-30", "<<: "]


def _mutate(text: str, rng) -> str:
    for _ in range(rng.randint(1, 3)):
        i, op = rng.randrange(len(text)), rng.random()
        if op < 0.5:
            text = text[:i] + rng.choice(INSERTS) + text[i:]
        elif op < 0.75:
            text = text[:i] + text[i + rng.randint(1, 3):]
        else:
            lines = text.split("\n")
            j = rng.randrange(len(lines))
            lines.insert(j, lines[j])
            text = "\n".join(lines)
    return text


def _read(path: Path, raw: bytes, monkeypatch, fast: bool):
    from cjm_site.core.scale import EmotionScale
    from cjm_site.source.loader import load_file
    from cjm_site.source.validation import read_journey, read_persona

    with monkeypatch.context() as patch:
        if not fast:  # as on a machine without libyaml
            patch.setattr(fastyaml, "CLoader", None)
        kind = "persona" if "personas" in path.parts else "journey"
        source = load_file(path, path.name, kind, raw)
        item = None
        if source.data is not None:
            item = (read_journey if kind == "journey" else read_persona)(source, EmotionScale())
    return [str(p) for p in source.problems], repr(item)


def test_mutated_files_validate_the_same_with_and_without_libyaml(monkeypatch) -> None:
    import random

    rng = random.Random(2026)
    demo = [p for p in SOURCES if p.is_relative_to(ROOT / "journeys")]
    compared, differ = 0, []
    while compared < 150:
        path = rng.choice(demo)
        text = _mutate(path.read_text(encoding="utf-8"), rng)
        front = text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n" \
            if path.suffix == ".md" else text
        if fastyaml.load(front, MAX_DEPTH) is fastyaml.DECLINED:
            continue  # only the careful path reads it: nothing to compare
        compared += 1
        raw = text.encode("utf-8")
        fast, careful = (_read(path, raw, monkeypatch, f) for f in (True, False))
        if fast != careful:
            differ.append((path.name, text, fast[0], careful[0]))
    assert differ == []


@pytest.mark.parametrize("text", ["goals: [a\tb]\n", "goals:\n  - a\tb\n",
                                  "title: x\u2028y\nstages: []\n", "a: 1\x85b: 2\n",
                                  "title: x\u2029\nstages: []\n"])
def test_characters_the_parsers_disagree_on_take_the_careful_path(text: str) -> None:
    assert fastyaml.load(text, MAX_DEPTH) is fastyaml.DECLINED
