"""Provides the Laporan IKM's charts as PNG bytes: NRR x 25 per unsur, and the trend.

Drawn from the report's figures dict (the frozen one for a signed report), so a chart always
shows the numbers printed beside it. matplotlib is imported inside the functions (about 0.3 s,
only when a report is written) with the Agg backend (no display needed).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

MUTU_COLOURS = {"A": "#1b7837", "B": "#5aae61", "C": "#f1a340", "D": "#d73027", "-": "#999999"}
DPI = 150


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _value(text: str) -> float | None:
    """ "83,04" -> 83.04 (the printed figure, so the bar equals the table)."""
    if text in ("", "-"):
        return None
    return float(text.replace(".", "").replace(",", "."))


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    _pyplot().close(figure)
    return buffer.getvalue()


def unsur_chart(figures: Mapping[str, Any]) -> bytes:
    """Horizontal bars of each unsur's converted value (25-100), coloured by mutu."""
    plt = _pyplot()
    rows = list(figures["unsur"])
    labels = [f"{r['kode']} {r['nama']}" for r in rows]
    values = [_value(r["konversi"]) or 0.0 for r in rows]
    colours = [MUTU_COLOURS.get(r["mutu"], MUTU_COLOURS["-"]) for r in rows]
    height = 0.34 * len(rows) + 1.0
    figure, axes = plt.subplots(figsize=(6.6, height))
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, values, color=colours, height=0.6, zorder=2)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, 100)
    ikm = _value(figures["ikm"])
    if ikm is not None:
        axes.axvline(ikm, color="#333333", linestyle="--", linewidth=1, zorder=1)
        axes.text(ikm, len(rows) - 0.35, f"IKM {figures['ikm']}", fontsize=8, ha="center")
    for position, value, row in zip(positions, values, rows, strict=True):
        axes.text(
            value - 1,
            position,
            f"{row['konversi']} ({row['mutu']})",
            va="center",
            ha="right",
            fontsize=8,
            color="white",
            fontweight="bold",
            zorder=3,
        )
    axes.set_xlabel("Nilai unsur (NRR x 25)", fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def trend_chart(figures: Mapping[str, Any]) -> bytes:
    """IKM per period (bold) and each unsur (thin), earlier periods first."""
    plt = _pyplot()
    trend = figures["tren"]
    rows = list(trend["rows"])
    names = [r["periode"] for r in rows]
    figure, axes = plt.subplots(figsize=(6.3, 3.2))
    positions = list(range(len(rows)))
    for index, code in enumerate(trend["codes"]):
        series = [_value(r["unsur"][index]) for r in rows]
        axes.plot(positions, series, marker=".", linewidth=0.8, alpha=0.6, label=code)
    ikm = [_value(r["ikm"]) for r in rows]
    axes.plot(positions, ikm, marker="o", linewidth=2.5, color="#222222", label="IKM")
    for position, row in zip(positions, rows, strict=True):
        axes.annotate(
            row["ikm"],
            (position, _value(row["ikm"]) or 0),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
        )
    axes.set_xticks(positions, names, fontsize=8)
    axes.set_xlim(-0.5, max(len(rows) - 0.5, 0.5))
    lowest = min([v for v in (*ikm, *(_value(x) for r in rows for x in r["unsur"])) if v] + [50.0])
    axes.set_ylim(max(20.0, lowest - 5), 100)
    axes.set_ylabel("Nilai (25-100)", fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.legend(fontsize=7, ncol=5, loc="lower center", bbox_to_anchor=(0.5, -0.45))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)
