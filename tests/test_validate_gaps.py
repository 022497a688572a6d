"""What `validate` and the loader used to let through or say badly: durations too short to
follow, errors past the cap, settings and moves files checked as routines, a missing colon
reported a line late, safety warnings without a line; and files that are not files."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from clirun import rls

from rls_stretch.routine.errors import RoutineError
from rls_stretch.routine.loader import load_routine
from rls_stretch.routine.yamlread import MAX_ISSUES


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("field", [
    "hold: {v}", "rest_step", "rep_time: {v}\n        reps: 3", "breathe_in", "transition",
    "set_rest: {v}\n        hold: 5s\n        sets: 2",
])
@pytest.mark.parametrize("value", ["0.0000001", "0.5s", "0.9"])
def test_durations_under_a_second_are_refused(tmp_path: Path, field: str, value: str) -> None:
    if field == "rest_step":
        body = f"steps:\n  - rest: {value}\n"
    elif field == "breathe_in":
        body = f"steps:\n  - breathe: {{inhale: {value}, exhale: 4, cycles: 2}}\n"
    elif field == "transition":
        body = f"transition: {value}\nsteps:\n  - rest: 5s\n"
    else:
        line = field.format(v=value)
        body = ("steps:\n  - move:\n        name: M\n        position: lying\n"
                f"        instructions: x\n        {line}\n")
    path = write(tmp_path, "name: Tiny\n" + body)
    with pytest.raises(RoutineError) as e:
        load_routine(path, {})
    assert "at least 1 second" in e.value.message and "too short" in e.value.message
    r = rls("validate", str(path))
    assert r.returncode == 1 and "at least 1 second" in r.stderr


def test_zero_transition_still_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Quick\ntransition: 0\nsteps:\n  - rest: 1s\n")
    assert load_routine(path, {}).transition == 0


@pytest.mark.parametrize("kind", ["unknown move", "unknown key"])
def test_past_the_cap_says_how_many_more(tmp_path: Path, kind: str) -> None:
    n = 3000  # under the cap of 20,000 values
    step = "  - move: calf-strech-wal\n" if kind == "unknown move" else "  - rest: 5s\n    rst: 1\n"
    path = write(tmp_path, "name: Many\nsteps:\n" + step * n)
    r = rls("validate", str(path))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1
    assert len(lines) == MAX_ISSUES + 1
    assert lines[-1] == f"{path}: and {n - MAX_ISSUES} more problems not listed " \
                        f"(the first {MAX_ISSUES} are above)"
    assert "did you mean" in lines[0]


def test_validate_checks_a_settings_file_as_settings(tmp_path: Path) -> None:
    good = write(tmp_path, "level: gentle\nvolume: 40\n", "settings.yaml")
    r = rls("validate", str(good))
    assert r.returncode == 0 and r.stdout.strip() == f"{good}: ok (settings)"
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = write(bad_dir, "level: gentel\nvolume: 400\n", "settings.yaml")
    r = rls("validate", str(bad))
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        f"{bad}:1:8: level: expected gentle, standard or deep, got 'gentel'; "
        "did you mean 'gentle'?",
        f"{bad}:2:9: volume: expected a number from 0 to 100, got 400",
    ]


def test_validate_checks_the_config_dirs_settings_file_whatever_it_is_called(
        isolated_home: Path) -> None:
    config = isolated_home / ".config" / "rls-stretch"
    config.mkdir(parents=True)
    path = write(config, "sound: loud\n", "settings.yaml")
    r = rls("validate", str(path))
    assert r.returncode == 1 and "sound: expected auto, standard or gentle" in r.stderr
    assert "name" not in r.stderr  # not read as a routine missing its name


def test_validate_checks_a_moves_file_as_moves(tmp_path: Path) -> None:
    path = write(tmp_path, "moves:\n  my-move:\n    name: Mine\n    position: seated\n"
                           "    hold: 5s\n    instructions: Sit.\n", "moves.yaml")
    r = rls("validate", str(path))
    assert r.returncode == 0 and r.stdout.strip() == f"{path}: ok (1 move)"


@pytest.mark.parametrize(("text", "where", "key"), [
    ("name: x\nsteps\n  - rest: 5s\n", "2:6", "steps"),
    ("name: x\nsummary hello\nsteps:\n  - rest: 5s\n", "2:14", "summary hello"),
    ("name: x\nsteps:\n  - move: calf-stretch-wall\n    hold 20s\n", "4:13", "hold 20s"),
    ("name: x\nsteps:\n  - move: calf-stretch-wall\n    hold 20s\n    sides: both\n", "4:13",
     "hold 20s"),
    ("name x\nsteps:\n  - rest: 5s\n", "1:7", "name x"),
])
def test_a_missing_colon_is_reported_where_it_most_likely_is(
        tmp_path: Path, text: str, where: str, key: str) -> None:
    path = write(tmp_path, text)
    r = rls("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.strip() == (f"{path}:{where}: invalid YAML: a ':' seems to be missing "
                                f"after {key!r} (a key needs ': ' before its value)")


def test_safety_warnings_name_the_steps_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Late\nwhen: bedtime\nsteps:\n  - rest: 5s\n"
                           "  - move: lunge-rock\n  -   move: knee-to-chest\n      caution: ''\n")
    r = rls("validate", str(path))
    warnings = r.stderr.strip().splitlines()
    assert warnings and all(": warning: " in w for w in warnings)
    assert warnings[0].startswith(f"{path}:5:5: warning: steps[1] (")


# -- files that are not files ------------------------------------------------------------------

def _not_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    directory = tmp_path / "dir.yaml"
    directory.mkdir()
    sock = tmp_path / "sock.yaml"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(sock))
    return {
        "fifo": (fifo, "is a FIFO (named pipe), not a file"),
        "symlink loop": (loop, "is a symbolic link loop (it points back at itself)"),
        "directory": (directory, "is a directory, not a file"),
        "socket": (sock, "is a socket, not a file"),
        "device": (Path("/dev/null"), "is a character device, not a file"),
    }


KINDS = ["fifo", "symlink loop", "directory", "socket", "device"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["run", "show", "validate", "events"])
def test_not_a_file_is_refused_saying_what_it_is(tmp_path: Path, kind: str,
                                                 command: str) -> None:
    path, what = _not_files(tmp_path)[kind]
    if command == "events":
        ok = write(tmp_path, "name: One\ntransition: 0\nsteps:\n  - rest: 1s\n", "one.yaml")
        args = ["run", str(ok), "--plain", "--mute", "--events", str(path)]
    elif command == "run":
        args = ["run", str(path), "--plain", "--mute"]
    else:
        args = [command, str(path)]
    r = rls(*args, input="", timeout=20)  # a FIFO that blocked would time out here
    assert r.returncode in (1, 2)
    assert what in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
