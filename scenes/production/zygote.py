"""A warm start for the renders of ``scenes watch``: one process that has imported Manim and the
heavy libraries once, and forks a copy of itself for each render.

A render's child process spends its first seconds importing Manim, manim-slides, NumPy, SciPy
and PyTorch (the experiments' registry imports every topic module). Under ``scenes watch``,
the same renders run again and again; this process imports those libraries once, then, for
each render asked on its standard input, forks: the copy runs ``python -m MODULE ARGS`` in the
render's working folder and environment, its output into the render's log, and exits; the
exit status goes back on standard output. No project module is imported before the fork, so
every render reads the sources as they are saved: the edit is what is rendered.

Each request is one JSON line ``{"module", "args", "env", "cwd", "log"}``; each answer one JSON
line ``{"returncode"}``. The process ends when its standard input closes.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

# Imported before any fork: what every scene's render imports and takes long to (not ours).
PRELOAD = (
    "numpy",
    "scipy.optimize",
    "scipy.special",
    "scipy.stats",
    "torch",
    "av",
    "PIL.Image",
    "manim",
    "manim.__main__",
    "manim_slides.slide",
)


def preload(names: Sequence[str] = PRELOAD) -> list[str]:
    """Import ``names`` (those that are installed); the ones imported."""
    done = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        done.append(name)
    return done


def _run_child(request: Mapping[str, Any]) -> int:
    """In the forked copy: become ``python -m MODULE ARGS`` with the request's folder,
    environment and log; its exit status."""
    import runpy
    import traceback

    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    # as the interpreter would have set them up for this environment and command
    extra = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:0] = [p for p in extra if p not in sys.path]
    sys.argv = [request["module"], *request["args"]]
    try:
        runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
        return 0
    except SystemExit as stop:
        code = stop.code
        if code is None or isinstance(code, int):
            return int(code or 0)
        print(code, file=sys.stderr)
        return 1
    except BaseException:  # reported in the log, as the interpreter would
        traceback.print_exc()
        return 1


def serve(requests: IO[str], answers: IO[str]) -> None:
    """Answer each request line of ``requests`` with the exit status of a forked render."""
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the copy: never returns into this loop
            code = 1
            try:
                code = _run_child(request)
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


class Zygote:
    """The parent's end: start the warm process, run commands through it, close it.

    Use as a context manager; :meth:`run` is the warm twin of ``subprocess.run`` for a command
    ``[python, -m, MODULE, ARGS...]`` with its output into a log file."""

    def __init__(self, cwd: Path, env: Mapping[str, str]) -> None:
        self.cwd = cwd
        self.env = dict(env)
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Zygote:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "scenes.production.zygote"],
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def can_run(self, cmd: Sequence[str]) -> bool:
        return (
            self._proc is not None
            and self._proc.poll() is None
            and len(cmd) >= 3
            and cmd[0] == sys.executable
            and cmd[1] == "-m"
        )

    def run(self, cmd: Sequence[str], env: Mapping[str, str], log_path: Path) -> int:
        """Run ``cmd`` (``python -m MODULE ARGS``) in a fork of the warm process, in the folder
        it was started in, with ``env``, its output into ``log_path``; its exit status."""
        if not self.can_run(cmd):
            raise RuntimeError(f"the warm process cannot run {cmd[:3]}")
        request = {
            "module": cmd[2],
            "args": list(cmd[3:]),
            "env": dict(env),
            "cwd": str(self.cwd),
            "log": str(log_path),
        }
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        with self._lock:  # one render at a time through the pipe
            try:
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
                answer = proc.stdout.readline()
            except OSError as exc:
                raise RuntimeError(f"the warm process is gone ({exc})") from None
        if not answer:
            raise RuntimeError(f"the warm process is gone (exit {proc.poll()})")
        return int(json.loads(answer)["returncode"])


def main() -> None:
    preload()
    serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
