"""Reading hand-written YAML safely, keeping the line and column of every value.

Routine, moves and settings files are written by people, so every problem must point at a
line and a column. PyYAML's safe composer (over libyaml's parser when present) builds the
node tree with its marks, and nothing is ever constructed from a tag; we turn that tree into
a small one of our own (Scalar, Seq, Map, with 1-based line/col) while holding the limits
that keep a hostile file from eating the stack, the memory or the clock: file size, values,
nesting depth, alias expansion, and no tags at all. Only RoutineError leaves this module.

yamlfields.Fields reads a mapping of this tree with typed accessors.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from rls_stretch.paths import not_a_file
from rls_stretch.routine.durations import shown
from rls_stretch.routine.errors import RoutineError

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML without libyaml: the pure Python parser gives the same tree
    CParser = None

MAX_BYTES = 256 * 1024
MAX_DEPTH = 50
MAX_ALIAS_NODES = 10_000
MAX_NODES = 20_000  # a big library of 100 moves has about 3,000
MAX_ISSUES = 100  # more problems than this in one file are not worth listing

_T = "tag:yaml.org,2002:"
_KINDS = {"str": "text", "int": "number", "float": "number", "bool": "bool", "null": "null",
          "timestamp": "date", "merge": "text", "value": "text"}
# The characters YAML does not allow in a stream (PyYAML's Reader rejects them, without a line).
# Written as the characters left out rather than the complement of those allowed
# ([^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]): the same set,
# but it compiles in a tenth of the time, which every command that reads a file pays.
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_CONSTRUCT = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Node:
    line: int
    col: int


@dataclass(frozen=True)
class Scalar(Node):
    value: str | int | float | bool | None  # a date stays text, as written
    raw: str
    kind: str  # text, number, bool, null or date


@dataclass(frozen=True)
class Seq(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Map(Node):
    entries: tuple[tuple[Scalar, Node], ...]  # (key, value), keys unique

    def key(self, name: str) -> Scalar | None:
        return next((k for k, _ in self.entries if k.raw == name), None)

    def get(self, name: str) -> Node | None:
        return next((v for k, v in self.entries if k.raw == name), None)


def describe(node: Node | None) -> str:
    """A value for `got ...` in a message."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Scalar):
        if node.kind == "null":
            return "nothing"
        return shown(node.value) if node.kind == "text" else node.raw
    return "nothing"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest option, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def one_of(options: Iterable[str]) -> str:
    opts = list(options)
    return opts[0] if len(opts) == 1 else ", ".join(opts[:-1]) + " or " + opts[-1]


def join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


class Issues:
    """Problems found in one file, kept so that all of them can be reported together.

    Past MAX_ISSUES they are only counted ("and N more"), and callers skip the costly part
    of a message (a did-you-mean) once `full`.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RoutineError] = []
        self.more = 0  # problems past the cap, counted but not kept

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ISSUES

    def add(self, node: Node | None, field: str, message: str) -> None:
        if self.full:
            self.more += 1
            return
        line, col = (node.line, node.col) if node is not None else (None, None)
        self.add_error(RoutineError(self.path, line, col, field, message))

    def add_error(self, error: RoutineError) -> None:
        kept = error.all[: max(0, MAX_ISSUES - len(self.errors))]
        self.errors.extend(kept)
        self.more += len(error.all) - len(kept)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[RoutineError]:
        """In file order; past the cap, a last line saying how many more there are."""
        out = sorted(self.errors, key=lambda e: (e.line or 0, e.col or 0))
        if self.more:
            out.append(RoutineError(self.path, None, None, "",
                                    f"and {self.more} more problem{'s' if self.more != 1 else ''}"
                                    f" not listed (the first {MAX_ISSUES} are above)"))
        return out

    def raise_if_any(self) -> None:
        if self.errors:
            first, *rest = self.sorted()
            raise RoutineError(first.path, first.line, first.col, first.field, first.message,
                               tuple(rest))


class _Alias:
    """Where an alias was used; PyYAML would hand back the anchored node itself."""

    def __init__(self, target: yaml.Node, mark: yaml.Mark) -> None:
        self.target, self.mark = target, mark


def _fatal(path: str, mark: yaml.Mark | None, message: str) -> RoutineError:
    if mark is None:
        return RoutineError(path, None, None, "", message)
    return RoutineError(path, mark.line + 1, mark.column + 1, "", message)


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


class _Checks:
    """Composer hooks: refuse tags and deep nesting, and mark where aliases are used.

    Mixed into a composer over libyaml's event parser (several times faster) or, where
    PyYAML was built without libyaml, over PyYAML's own reader, scanner and parser.
    """

    path: str
    depth: int
    nodes: int

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            return _Alias(super().compose_node(parent, index), event.start_mark)  # type: ignore[misc]
        if event.tag is not None:
            raise _fatal(self.path, event.start_mark,
                         f"tags are not allowed (found {_tag_text(event.tag)})")
        self.depth += 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fatal(self.path, event.start_mark, f"too many values (more than {MAX_NODES})")
        if self.depth > MAX_DEPTH:
            raise _fatal(self.path, event.start_mark,
                         f"nesting is too deep (more than {MAX_DEPTH} levels)")
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _PyComposer(_Checks, Reader, Scanner, Parser, Composer, Resolver):
    def __init__(self, text: str, path: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)
        self.path, self.depth, self.nodes = path, 0, 0


COMPOSERS: list[type] = [_PyComposer]
if CParser is not None:
    class _CComposer(_Checks, Composer, Resolver, CParser):
        def __init__(self, text: str, path: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.path, self.depth, self.nodes = path, 0, 0

    COMPOSERS.insert(0, _CComposer)


class _Builder:
    """Turns PyYAML nodes into ours, expanding aliases under a cap and finding duplicates."""

    def __init__(self, path: str, issues: Issues) -> None:
        self.path, self.issues = path, issues
        self.expanded = 0
        self.alias_mark: yaml.Mark | None = None  # the outermost alias being expanded
        self.open: set[int] = set()

    def build(self, node: object, field: str, depth: int) -> Node:
        if isinstance(node, _Alias):
            outer = self.alias_mark is None
            if outer:
                self.alias_mark = node.mark
            try:
                return self.build(node.target, field, depth)
            finally:
                if outer:
                    self.alias_mark = None
        assert isinstance(node, yaml.Node)
        if self.alias_mark is not None:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_NODES:
                raise _fatal(self.path, self.alias_mark,
                             f"aliases expand to more than {MAX_ALIAS_NODES} values")
        if depth > MAX_DEPTH:
            raise _fatal(self.path, self.alias_mark or node.start_mark,
                         f"nesting is too deep (more than {MAX_DEPTH} levels)")
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line, col)
        if id(node) in self.open:
            raise _fatal(self.path, self.alias_mark, "an alias refers to a value that contains it")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = enumerate(node.value)
                return Seq(line, col, tuple(self.build(n, f"{field}[{i}]", depth + 1)
                                            for i, n in items))
            return self.mapping(node, line, col, field, depth)
        finally:
            self.open.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, line: int, col: int) -> Scalar:
        kind = _KINDS.get(node.tag[len(_T):], "text")
        value: str | int | float | bool | None = node.value
        if node.tag == _T + "int":
            try:
                value = _CONSTRUCT.construct_yaml_int(node)
            except ValueError:  # more digits than Python will convert
                raise _fatal(self.path, node.start_mark, "the number is too long") from None
        elif node.tag == _T + "float":
            value = _CONSTRUCT.construct_yaml_float(node)
        elif node.tag == _T + "bool":
            value = _CONSTRUCT.construct_yaml_bool(node)
        elif node.tag == _T + "null":
            value = None
        return Scalar(line, col, value, node.value, kind)

    def mapping(self, node: yaml.MappingNode, line: int, col: int, field: str,
                depth: int) -> Map:
        own: dict[str, tuple[Scalar, Node]] = {}
        merged: dict[str, tuple[Scalar, Node]] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, field, depth + 1)
            if not isinstance(key, Scalar):
                self.issues.add(key, field, f"a key must be plain text, got {describe(key)}")
                continue
            target = key_node.target if isinstance(key_node, _Alias) else key_node
            if target.tag == _T + "merge":
                for name, entry in self.merge(value_node, field, depth):
                    merged.setdefault(name, entry)
                continue
            sub = join(field, key.raw)
            if key.raw in own:
                first = own[key.raw][0]
                self.issues.add(key, sub, f"duplicate key {key.raw!r} "
                                          f"(first at line {first.line})")
                continue
            own[key.raw] = (key, self.build(value_node, sub, depth + 1))
        entries = [e for name, e in merged.items() if name not in own] + list(own.values())
        return Map(line, col, tuple(entries))

    def merge(self, value_node: object, field: str, depth: int) -> list[tuple[str, tuple]]:
        """The entries a `<<` merge key brings in (YAML 1.1): earlier sources win."""
        value = self.build(value_node, field, depth + 1)
        sources = value.items if isinstance(value, Seq) else (value,)
        out = []
        for source in sources:
            if not isinstance(source, Map):
                self.issues.add(source, field, "<< merges a mapping or a list of mappings, "
                                               f"got {describe(source)}")
                continue
            out += [(k.raw, (k, v)) for k, v in source.entries]
        return out


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", "replace")) + 1
        raise RoutineError(path, line, col, "",
                           f"the file is not UTF-8 text (byte 0x{data[start]:02x})") from None


def _check_printable(text: str, path: str) -> None:
    m = _NOT_PRINTABLE.search(text)
    if m:
        start = m.start()
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        raise RoutineError(path, line, col, "", "the file is not plain text (control character "
                                                f"U+{ord(m.group()):04X})")


# libyaml and PyYAML word their syntax errors differently; say the common ones one way.
_BY_CONTEXT = {
    "while parsing a block collection": "expected another '- ' item at this indentation",
    "while parsing a block mapping": "expected a key at this indentation; check that the "
                                     "keys line up",
    "while parsing a flow sequence": "expected ',' or ']' to go on with or close the [ list",
    "while parsing a flow mapping": "expected ',' or '}' to go on with or close the { mapping",
}


def _missing_colon(path: str, text: str, line: int) -> RoutineError | None:
    """A key written without its ':' ("hold 20s") where YAML noticed only on a later line:
    the error at the end of that key's line (0-based `line`), which is where it most likely is."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    content = lines[line].split(" #")[0].rstrip()
    body = content.strip().removeprefix("- ").strip()
    if not body or body.startswith("#") or ":" in body:
        return None
    return RoutineError(path, line + 1, len(content) + 1, "",
                        f"invalid YAML: a ':' seems to be missing after {body!r} "
                        "(a key needs ': ' before its value)")


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> RoutineError:
    mark = exc.problem_mark or exc.context_mark
    problem, context = exc.problem or "", exc.context or ""
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    colon = None
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        colon = _missing_colon(path, text, exc.context_mark.line)
    elif problem.startswith("mapping values are not allowed") and mark is not None:
        # "name x" then "steps:" read as one key "name x steps": the colon is missing on
        # the line before, unless this line starts a key of its own at the same indent
        before = text[:mark.index].rsplit("\n", 1)[-1]
        if mark.line > 0 and before.strip() and ":" not in before and " " not in before.strip():
            colon = _missing_colon(path, text, mark.line - 1)
    if colon is not None:
        return colon
    if "cannot start any token" in problem and at == "\t":
        message = "a tab cannot indent YAML; use spaces"
    elif "expected a single document" in context:
        message = "the file holds more than one document (a second '---')"
    elif problem.startswith("mapping values are not allowed"):
        message = "invalid YAML: a ': ' cannot go here; put text that holds ': ' in quotes"
    elif context in _BY_CONTEXT:
        message = f"invalid YAML: {_BY_CONTEXT[context]}"
    else:
        message = f"invalid YAML: {problem or context or 'cannot be read'}"
    return _fatal(path, mark, message)


def parse_yaml(data: bytes, path: str, issues: Issues) -> Node | None:
    """The single document in `data` as our node tree, None when there is none.

    Fatal problems (size, encoding, syntax, tags, nesting, aliases) raise RoutineError at
    once; duplicate keys are added to `issues` and the first value kept.
    """
    if len(data) > MAX_BYTES:
        raise RoutineError(path, None, None, "", f"file is too large ({len(data)} bytes; "
                                                 f"the limit is {MAX_BYTES} bytes)")
    text = _decode(data, path)
    _check_printable(text, path)
    composer = COMPOSERS[0](text, path)
    try:
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
        return None if root is None else _Builder(path, issues).build(root, "", 1)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except yaml.YAMLError as exc:
        raise RoutineError(path, None, None, "", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise RoutineError(path, None, None, "", "nesting is too deep") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, reading no more than the size cap allows; a FIFO, device,
    directory or symlink loop is refused before it is opened (it could block forever)."""
    problem = not_a_file(Path(path))
    if problem:
        raise RoutineError(str(path), None, None, "", problem)
    try:
        # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does
        # not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise RoutineError(str(path), None, None, "", "is not a regular file")
            data = f.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = os.fstat(f.fileno()).st_size
                got = f"{size} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES} bytes"
                raise RoutineError(str(path), None, None, "",
                                   f"file is too large ({got}; the limit is {MAX_BYTES} bytes)")
            return data
    except OSError as exc:
        raise RoutineError(str(path), None, None, "",
                           f"cannot read the file: {exc.strerror or exc}") from None
