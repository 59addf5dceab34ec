"""Provides the command line's argparse parser speaking Bahasa Indonesia.

argparse writes its own words ("usage:", "options:", "error: the following arguments are
required: ...") in English through gettext's default domain, which the app does not own. They
are translated here once: `IndonesianParser` (the class of the top parser, and so of every
subparser, since argparse makes subparsers of the parent's class) renames its group titles and
its help option, formats usage with `IndonesianHelpFormatter`, and turns every message argparse
hands to `error()` into Bahasa Indonesia by matching argparse's own message templates.
Errors exit 2 with the message on stderr, as argparse does.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

USAGE_PREFIX = "penggunaan: "
POSITIONALS_TITLE = "argumen posisi"
OPTIONALS_TITLE = "opsi"
HELP_TEXT = "tampilkan bantuan ini lalu keluar"
VERSION_HELP = "tampilkan versi program lalu keluar"

# argparse's message templates (Python 3.11-3.13) and their translations. The placeholders
# of a template match any text; a "message" placeholder is translated in its turn.
MESSAGES: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "argumen %(argument_name)s: %(message)s"),
    ("the following arguments are required: %s", "argumen berikut wajib diisi: %s"),
    ("one of the arguments %s is required", "salah satu argumen %s wajib diisi"),
    ("unrecognized arguments: %s", "argumen tidak dikenal: %s"),
    (
        "invalid choice: %(value)r (choose from %(choices)s)",
        "pilihan %(value)r tidak dikenal (pilih salah satu: %(choices)s)",
    ),
    (
        "unknown parser %(parser_name)r (choices: %(choices)s)",
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    ),
    ("invalid %(type)s value: %(value)r", "nilai %(value)r tidak valid (harus %(type)s)"),
    ("expected one argument", "memerlukan satu nilai"),
    ("expected at most one argument", "menerima paling banyak satu nilai"),
    ("expected at least one argument", "memerlukan paling sedikit satu nilai"),
    ("expected %s argument", "memerlukan %s nilai"),
    ("expected %s arguments", "memerlukan %s nilai"),
    ("not allowed with argument %s", "tidak boleh dipakai bersama argumen %s"),
    ("ignored explicit argument %r", "opsi ini tidak menerima nilai (tertulis %r)"),
    (
        "ambiguous option: %(option)s could match %(matches)s",
        "opsi %(option)s taksa: dapat berarti %(matches)s",
    ),
    ("unexpected option string: %s", "opsi tak terduga: %s"),
)
TYPE_NAMES = {"int": "bilangan bulat", "float": "bilangan"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what `template % values` gives, one group a value."""
    parts: list[str] = []
    position = 0
    for number, match in enumerate(_PLACEHOLDER.finditer(template)):
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P<{match.group(1) or f'_{number}'}>.+?)")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


_COMPILED = tuple((_pattern(english), indonesian) for english, indonesian in MESSAGES)


def translate(message: str) -> str:
    """argparse's English `message` in Bahasa Indonesia (unchanged when it is not one of
    argparse's templates, e.g. a message the app wrote itself)."""
    for pattern, indonesian in _COMPILED:
        match = pattern.fullmatch(message)
        if match is not None:
            return _fill(indonesian, match.groupdict())
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    """`template` with its placeholders, named or in order, replaced by `values`."""
    if "message" in values:
        values["message"] = translate(values["message"])
    if "type" in values:
        values["type"] = TYPE_NAMES.get(values["type"].strip("'"), values["type"])
    ordered = iter(value for key, value in values.items() if key.startswith("_"))

    def value(match: re.Match[str]) -> str:
        return values[match.group(1)] if match.group(1) else next(ordered)

    return _PLACEHOLDER.sub(value, template)


class IndonesianHelpFormatter(argparse.HelpFormatter):
    """Usage lines start with "penggunaan:" instead of "usage:"."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class IndonesianParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Bahasa Indonesia (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", IndonesianHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP_TEXT

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", VERSION_HELP)
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Usage and the message in Bahasa Indonesia on stderr; exit status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {translate(message)}\n")
