"""Typed reading of a YAML mapping, for routine, moves and settings files.

`Fields` wraps one mapping of the node tree from yamlread. Each accessor returns the value
in the type asked for, or records a problem with its line, column and field path
(`steps[2].move.hold`) and returns the default, so that a whole file's mistakes can be
listed at once and raised together by `Issues.raise_if_any`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

from rls_stretch.routine.durations import (
    MAX_SECONDS,
    MIN_SECONDS,
    Where,
    parse_count,
    parse_duration,
)
from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.model import Span
from rls_stretch.routine.text import printable
from rls_stretch.routine.yamlread import (
    Issues,
    Map,
    Node,
    Scalar,
    Seq,
    describe,
    did_you_mean,
    join,
    one_of,
    parse_yaml,
    read_bytes,
)


def read_mapping(path: Path, expected: str) -> Fields:
    """The file's top-level mapping, ready for typed reading; `expected` says what it holds
    (e.g. "a mapping with name and steps") for the empty-file and wrong-type errors."""
    issues = Issues(str(path))
    root = parse_yaml(read_bytes(path), str(path), issues)
    if root is None:
        raise RoutineError(str(path), None, None, "", f"the file is empty; expected {expected}")
    if not isinstance(root, Map):
        raise RoutineError(str(path), root.line, root.col, "",
                           f"expected {expected}, got {describe(root)}")
    return Fields(root, "", issues)


class Fields:
    """A mapping read with typed accessors; a bad or missing value becomes an issue with its
    line, column and field path, and the accessor returns the default so reading goes on."""

    def __init__(self, node: Map, field: str, issues: Issues) -> None:
        self.node, self.field, self.issues = node, field, issues
        self.suggested: set[str] = set()  # keys a did-you-mean pointed at

    def path(self, key: str) -> str:
        return join(self.field, key)

    def has(self, key: str) -> bool:
        return self.node.key(key) is not None

    def get(self, key: str) -> Node | None:
        return self.node.get(key)

    def key_node(self, key: str) -> Scalar | None:
        return self.node.key(key)

    def keys(self) -> list[str]:
        return [k.raw for k, _ in self.node.entries]

    def where(self, key: str) -> Where:
        node = self.get(key) or self.node
        return Where(self.issues.path, node.line, node.col, self.path(key))

    def problem(self, key: str, message: str, *, at_key: bool = False) -> None:
        """An issue at the key's value (or at the key itself)."""
        node = self.key_node(key) if at_key else self.get(key)
        self.issues.add(node or self.node, self.path(key), message)

    def check_keys(self, allowed: Iterable[str]) -> list[str]:
        """Flag keys outside `allowed` (with a did-you-mean); returns them."""
        allowed = list(allowed)
        unknown = []
        for key, _ in self.node.entries:
            if key.raw not in allowed:
                unknown.append(key.raw)
                if self.issues.full:  # only counted now: no did-you-mean to work out
                    self.issues.add(key, "", "")
                    continue
                close = difflib.get_close_matches(key.raw, allowed, n=1, cutoff=0.6)
                self.suggested.update(close)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected {one_of(allowed)}"
                self.issues.add(key, self.path(key.raw), f"unknown key {key.raw!r}{hint}")
        return unknown

    def require(self, *keys: str) -> bool:
        """Flag each missing key at the mapping; True when all are there."""
        missing = [k for k in keys if not self.has(k)]
        for k in missing:
            self._missing(k)
        return not missing

    def _missing(self, key: str) -> None:
        if key not in self.suggested:  # "did you mean 'cycles'?" already said it
            self.issues.add(self.node, self.path(key), "is required")

    def _present(self, key: str, required: bool) -> Node | None:
        node = self.get(key)
        if node is None and required:
            self._missing(key)
        return node

    def text(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        node = self._present(key, required)
        if node is None:
            return default
        if isinstance(node, Scalar) and node.kind == "text":
            if required and not str(node.value).strip():
                self.problem(key, "must not be empty")
                return default
            return printable(str(node.value))
        quote = " (put it in quotes to make it text)" if isinstance(node, Scalar) and \
            node.kind not in ("null",) else ""
        self.problem(key, f"expected text, got {describe(node)}{quote}")
        return default

    def flag(self, key: str, *, default: bool = False) -> bool:
        node = self.get(key)
        if node is None:
            return default
        if isinstance(node, Scalar) and node.kind == "bool":
            return bool(node.value)
        self.problem(key, f"expected true or false, got {describe(node)}")
        return default

    def choice(self, key: str, choices: Iterable[str], *, default: str | None,
               synonyms: Mapping[str, str] | None = None) -> str | None:
        """One of `choices`; `synonyms` map words people use (sitting) to a choice."""
        node = self.get(key)
        if node is None:
            return default
        return self._choose(node, self.path(key), list(choices), default, synonyms)

    def _choose(self, node: Node, field: str, choices: list[str], default: str | None,
                synonyms: Mapping[str, str] | None = None) -> str | None:
        if isinstance(node, Scalar) and node.kind == "text" and node.value in choices:
            return str(node.value)
        hint = ""
        if isinstance(node, Scalar) and not self.issues.full:
            word = node.raw.strip().lower()
            near = (synonyms or {}).get(word)
            hint = f"; did you mean {near!r}?" if near else did_you_mean(word, choices)
        self.issues.add(node, field, f"expected {one_of(choices)}, got {describe(node)}{hint}")
        return default

    def texts(self, key: str, *, choices: Iterable[str] | None = None) -> tuple[str, ...]:
        """A list of text (a single text counts as a list of one)."""
        node = self.get(key)
        if node is None:
            return ()
        items = node.items if isinstance(node, Seq) else (node,)
        out = []
        for i, item in enumerate(items):
            field = f"{self.path(key)}[{i}]" if isinstance(node, Seq) else self.path(key)
            if choices is not None:
                got = self._choose(item, field, list(choices), None)
                if got is not None:
                    out.append(got)
            elif isinstance(item, Scalar) and item.kind == "text":
                out.append(printable(str(item.value)))
            else:
                what = "text or a list of text" if item is node else "text"
                self.issues.add(item, field, f"expected {what}, got {describe(item)}")
        return tuple(out)

    def mapping(self, key: str, *, required: bool = False,
                expected: str = "a mapping") -> Fields | None:
        node = self._present(key, required)
        if node is None:
            return None
        if isinstance(node, Map):
            return Fields(node, self.path(key), self.issues)
        self.problem(key, f"expected {expected}, got {describe(node)}")
        return None

    def seq(self, key: str, *, required: bool = False, non_empty: bool = False,
            expected: str = "a list") -> tuple[Node, ...] | None:
        node = self._present(key, required)
        if node is None:
            return None
        if not isinstance(node, Seq) or (non_empty and not node.items):
            self.problem(key, f"expected {expected}, got "
                              f"{'an empty list' if isinstance(node, Seq) else describe(node)}")
            return None
        return node.items

    def duration(self, key: str, *, required: bool = False, allow_range: bool = True,
                 allow_zero: bool = False, max_seconds: float = MAX_SECONDS,
                 min_seconds: float = MIN_SECONDS) -> Span | None:
        node = self._present(key, required)
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else [] if isinstance(node, Seq) else {}
        try:
            return parse_duration(value, self.where(key), allow_range=allow_range,
                                  allow_zero=allow_zero, max_seconds=max_seconds,
                                  min_seconds=min_seconds)
        except RoutineError as e:
            self.issues.add_error(e)
            return None

    def count(self, key: str, *, required: bool = False, allow_range: bool = True) -> Span | None:
        node = self._present(key, required)
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else [] if isinstance(node, Seq) else {}
        try:
            return parse_count(value, self.where(key), allow_range=allow_range)
        except RoutineError as e:
            self.issues.add_error(e)
            return None
