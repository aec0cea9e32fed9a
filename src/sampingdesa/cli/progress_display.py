"""One progress display for every long command.

On stderr, so stdout stays clean for pipes; only on a terminal, and never with `--json` or
`--quiet`. It shows in words what is being done, a bar with counts when the total is known,
the time since the command started and an estimate of what is left. Library functions are
given the display as their `progress` callback (`sampingdesa.progress.Progress`).

    with progress_display(json_output) as shown:
        report = build_monthly(..., progress=shown)
    say(finished_line(_("Written {name}: ..."), shown.seconds))
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sampingdesa import i18n
from sampingdesa.cli.output import err_console
from sampingdesa.cli.state import state
from sampingdesa.i18n import _


def count_text(number: int) -> str:
    """197.319 in Indonesian, 197,319 in English."""
    text = f"{number:,}"
    return text.replace(",", ".") if i18n.get_language() == "id" else text


def duration_text(seconds: float) -> str:
    """47 detik, 3,2 detik, 4 menit 30 detik (English: 47 seconds, 4 min 30 s)."""
    if seconds < 1:
        return _("under a second")
    if seconds < 10:
        shown = f"{seconds:.1f}"
        if i18n.get_language() == "id":
            shown = shown.replace(".", ",")
        return _("{seconds} seconds").format(seconds=shown)
    whole = round(seconds)
    if whole < 60:
        return _("{seconds} seconds").format(seconds=whole)
    return _("{minutes} min {seconds} s").format(minutes=whole // 60, seconds=whole % 60)


def finished_line(what: str, seconds: float) -> str:
    """The closing line of a long command: what was done, and how long it took ("Ditulis
    laporan.xlsx: 11 lembar, 197.319 baris, 47 detik"). A full stop ending `what` is dropped."""
    what = what.removesuffix(".")
    return _("{what}, {duration}").format(what=what, duration=duration_text(seconds))


def say_finished(what: str, seconds: float, style: str | None = None) -> None:
    """Print the closing line of a long command (`say`: nothing with --quiet)."""
    from sampingdesa.cli.output import say

    say(finished_line(what, seconds), style=style)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Display:
    """A `Progress` callback. Draws on a Rich progress bar when one is attached; otherwise
    it only keeps time (for the closing line)."""

    def __init__(self, earlier: float = 0.0) -> None:
        self.started = time.monotonic() - earlier
        self._bar: Any = None
        self._task: Any = None
        self._done = 0
        self._total: int | None = None
        self._step = ""
        self._step_started = self.started
        self._updated = self.started

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def seconds_left(self) -> float | None:
        """This step's pace so far carried to its end, counting down until the next update;
        never less than the pace the unit now in hand implies (a slow sheet raises it)."""
        if not self._total or not self._done:
            return None
        now = time.monotonic()
        to_go = self._total - self._done
        pace = (self._updated - self._step_started) / self._done
        at_least = (now - self._step_started) / (self._done + 1) * (to_go - 1)
        return max(pace * to_go - (now - self._updated), at_least, 0.0)

    def attach(self, bar: Any) -> None:
        self._bar = bar
        self._task = bar.add_task(self._step or _("Working"), total=None)

    def __call__(self, done: int, total: int | None = None, step: str | None = None) -> None:
        restart = total != self._total or done < self._done
        now = time.monotonic()
        if restart:
            self._step_started = now
        if done != self._done or restart:
            self._updated = now
        self._done, self._total = done, total
        if step is not None:
            self._step = step
        if self._bar is None:
            return
        if restart:
            # A new step: its own count (or none) and its own estimate.
            self._bar.remove_task(self._task)
            self._task = self._bar.add_task(self._step, total=total, completed=done)
        else:
            self._bar.update(self._task, completed=done, description=self._step)


def _columns(display: Display) -> list[Any]:
    from rich.progress import BarColumn, ProgressColumn, TextColumn
    from rich.table import Column
    from rich.text import Text

    class Counts(ProgressColumn):
        def render(self, task: Any) -> Text:
            done = count_text(int(task.completed))
            if task.total is None:  # only what is done so far (rows of a CSV, say)
                return Text(done if task.completed else "", style="progress.download")
            return Text(f"{done}/{count_text(int(task.total))}", style="progress.download")

    class Times(ProgressColumn):
        """Time since the command started; what is left of this step, when it can be told."""

        def render(self, task: Any) -> Text:
            elapsed = _clock(display.seconds)
            left = display.seconds_left()
            if left is None:
                return Text(elapsed, style="progress.elapsed")
            text = _("{elapsed}, {left} left").format(elapsed=elapsed, left=_clock(left))
            return Text(text, style="progress.remaining")

    return [
        TextColumn(
            "{task.description}",
            markup=False,
            table_column=Column(no_wrap=True, overflow="ellipsis", min_width=12, ratio=1),
        ),
        BarColumn(bar_width=16),
        Counts(table_column=Column(no_wrap=True)),
        Times(table_column=Column(no_wrap=True)),
    ]


def stderr_is_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress_display(json_output: bool = False, earlier: float = 0.0) -> Iterator[Display]:
    """A display for one command: drawn on a terminal, silent with --json or --quiet or when
    stderr is not a terminal. Gone from the screen when the block ends. `earlier`: seconds
    the command already worked before this display (its clock goes on from there)."""
    display = Display(earlier)
    if json_output or state.quiet or not stderr_is_terminal():
        yield display
        return
    from rich.progress import Progress

    with Progress(
        *_columns(display),
        console=err_console(),
        transient=True,
        refresh_per_second=4,
        redirect_stdout=False,
        redirect_stderr=False,
        expand=True,
    ) as bar:
        display.attach(bar)
        yield display
