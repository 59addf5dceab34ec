"""Provides `run_service`: run a service call in a thread worker and hand the result back.

The worker thread only calls the service; the success callback and the error report run on
the UI thread (via `App.call_from_thread`), so workers never touch widgets. An `IkmError` is
shown to the user (by default as an error notification with the error's title); anything else
is logged and reported as an unexpected error in a MessageDialog, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.worker import Worker, get_current_worker

from ikm_tui.errors import IkmError

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

T = TypeVar("T")

UNEXPECTED = "Terjadi kesalahan tak terduga: {detail}. Coba lagi; bila berulang, hubungi Admin."


class UnexpectedError(IkmError):
    """A failure no service explained (a bug or a lost connection), shown in a dialog."""

    title = "Kesalahan tak terduga"


def notify_error(app: App[Any], error: IkmError) -> None:
    """Show an IkmError as an error notification (title + Bahasa Indonesia message)."""
    app.notify(error.message, title=error.title, severity="error", timeout=8)


def run_service(
    node: DOMNode,
    call: Callable[[], T],
    on_success: Callable[[T], object] | None = None,
    *,
    on_error: Callable[[IkmError], object] | None = None,
    group: str = "service",
    exclusive: bool = False,
) -> Worker[None]:
    """Run `call()` in a thread worker; `on_success(result)` / `on_error(error)` on the UI thread."""
    app = node.app

    def report(error: IkmError) -> None:
        if on_error is not None:
            on_error(error)
        elif isinstance(error, UnexpectedError):
            from ikm_tui.ui.dialogs.message import MessageDialog

            app.push_screen(MessageDialog.from_error(error))
        else:
            notify_error(app, error)

    def job() -> None:
        try:
            result = call()
        except IkmError as error:
            app.call_from_thread(report, error)
            return
        except Exception as exc:  # noqa: BLE001 - reported to the user, logged, not swallowed
            app.log.error("service call failed", repr(exc))
            storage = _storage_error(exc)
            if storage is not None:
                app.call_from_thread(report, storage)
                return
            detail = f"{type(exc).__name__}: {exc}"
            app.call_from_thread(report, UnexpectedError(UNEXPECTED.format(detail=detail)))
            return
        finally:
            _close_thread_connection()
        if on_success is not None and not get_current_worker().is_cancelled:
            app.call_from_thread(on_success, result)

    return node.run_worker(
        job, thread=True, group=group, exclusive=exclusive, exit_on_error=False, name=group
    )


def _storage_error(exc: Exception) -> IkmError | None:
    """A database failure (full disk, lost server, locked file) in Bahasa Indonesia, else None."""
    import sqlite3

    from peewee import PeeweeException

    from ikm_tui.persistence.db import storage_error

    if isinstance(exc, (PeeweeException, sqlite3.Error)):
        return storage_error(exc)
    return None


def _close_thread_connection() -> None:
    """Close this worker thread's own database connection (peewee keeps one per thread) and
    hand what the thread freed (its page cache, a report's rows) back to the system."""
    from ikm_tui.memory import release_freed_memory
    from ikm_tui.persistence.db import close

    close()
    release_freed_memory()
