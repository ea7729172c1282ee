"""``python -m MODULE ARGS`` for the tests that run the command line or a vault writer over
and over, started as a fork of one prepared process instead of a new interpreter.

Each run is still a process of its own: its own environment, working folder, standard
streams and exit code, and it dies of a signal as any other does. What it skips is Python's
start-up and the import of SQLAlchemy, Alembic, SQLCipher and the app (about 0.5 s of CPU a
run here, and the suite makes ~200 runs): multiprocessing's fork server imports them once,
then forks for each run, and the standard streams travel to the fork as file descriptors.
Where there is no fork server (Windows), each run starts a new interpreter with subprocess.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import secrets
import subprocess
import sys
import tempfile
import traceback
from dataclasses import replace
from multiprocessing import reduction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from coordinator_app.data import vault
from coordinator_app.data.keyfile import LIGHT, KdfParams

if TYPE_CHECKING:  # multiprocessing defines it only where there is a fork server (not Windows)
    from multiprocessing.context import ForkServerContext

# What the runs import: the command line and the vault for every one, then what exports,
# verifies, combines and makes demo vaults (reportlab, XlsxWriter, openpyxl, age, the rules).
# None reads the environment or the rule files when imported, so a fork sees what a new
# process would. A module that cannot be imported is skipped.
_PRELOAD = [
    "coordinator_app.cli.main",
    "coordinator_app.services.vault.vaults",
    "coordinator_app.services.returns.returns",
    "coordinator_app.services.demo.demo",
    "coordinator_app.export.verify.bundle",
    "coordinator_app.export.consolidate",
    "openpyxl",
    "pyrage",
]
FORKS = "forkserver" in multiprocessing.get_all_start_methods()
_context: ForkServerContext | None = None


def _forks() -> ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOAD)
    return _context


class _Fd:
    """A file descriptor given to the fork (multiprocessing sends it over the fork server's
    socket, as it does for its own pipes)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self) -> tuple[Any, tuple[Any]]:
        return _Fd._arrived, (reduction.DupFd(self.fd),)

    @staticmethod
    def _arrived(dup: Any) -> int:
        return int(dup.detach())


def _light_kdf(target_seconds: float = 0.0) -> KdfParams:
    return replace(LIGHT, salt=secrets.token_bytes(16))


def _main(
    module: str,
    args: list[str],
    env: dict[str, str],
    cwd: str,
    streams: tuple[int, ...],
    light_kdf: bool = False,
) -> None:
    """In the fork: become ``python -m module args`` and leave with its exit code.
    ``streams`` are the descriptors for standard input, output and error (each an `_Fd`
    when sent, its number in the fork)."""
    if light_kdf:  # new passphrases get the app's light Argon2id, as every test vault has
        vault.calibrate = _light_kdf
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    for target, given in enumerate(streams):
        os.dup2(given, target)
        os.close(given)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(  # noqa: SIM115
        2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False
    )
    sys.argv = [module, *args]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if isinstance(exc.code, int | None):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:
                code = code or 120  # as Python does when it cannot flush at exit
    os._exit(code)


class Started:
    """A run under way, whose standard output the test reads as it comes."""

    def __init__(self, module: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self._popen: subprocess.Popen[str] | None = None
        if not FORKS:
            self._popen = subprocess.Popen(
                [sys.executable, "-m", module, *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=cwd,
                env=env,
            )
            assert self._popen.stdout is not None
            self.stdout: IO[str] = self._popen.stdout
            return
        read, write = os.pipe()
        self.stdout = open(read, encoding="utf-8")  # noqa: SIM115
        null_in = os.open(os.devnull, os.O_RDONLY)
        null_out = os.open(os.devnull, os.O_WRONLY)
        streams = (_Fd(null_in), _Fd(write), _Fd(null_out))
        try:
            self._process = _forks().Process(
                target=_main, args=(module, args, env, str(cwd), streams)
            )
            self._process.start()
        finally:
            for fd in (null_in, write, null_out):  # the fork has its own copies now
                os.close(fd)

    def kill(self) -> None:
        if self._popen is not None:
            self._popen.kill()
        else:
            self._process.kill()

    def rest(self, timeout: float) -> str:
        """What it wrote after the lines already read, once it has ended."""
        if self._popen is not None:
            return self._popen.communicate(timeout=timeout)[0]
        self._process.join(timeout)
        try:
            return self.stdout.read()
        finally:
            self.stdout.close()


def start(module: str, *args: str, env: dict[str, str], cwd: Path) -> Started:
    """``python -m module args``, its standard output a pipe to read, its standard error
    discarded."""
    return Started(module, list(args), env, cwd)


def run(
    module: str,
    *args: str,
    env: dict[str, str],
    cwd: Path | None = None,
    stdin: str | None = None,
    timeout: float = 120,
    light_kdf: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` to its end, as ``subprocess.run(..., capture_output=True,
    text=True)`` returns it. ``light_kdf``: a vault it makes, or a passphrase it sets, gets
    the app's light Argon2id instead of one calibrated to half a second, so that each later
    run's unlock is quick (where it forks; a new interpreter calibrates as the app does)."""
    folder = cwd or Path.cwd()
    command = [sys.executable, "-m", module, *args]
    if not FORKS:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
            input=stdin,
            timeout=timeout,
            check=False,
        )
    # Files, not pipes: nothing has to read while the run writes.
    with (
        tempfile.TemporaryFile() as given,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        given.write((stdin or "").encode())
        given.seek(0)
        streams = tuple(_Fd(f.fileno()) for f in (given, out, err))
        process = _forks().Process(
            target=_main, args=(module, list(args), env, str(folder), streams, light_kdf)
        )
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(command, timeout)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(
            command, process.exitcode, _text(out.read()), _text(err.read())
        )


def _text(written: bytes) -> str:
    """As ``text=True`` reads a stream: UTF-8, universal newlines."""
    return written.decode().replace("\r\n", "\n").replace("\r", "\n")
