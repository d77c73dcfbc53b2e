"""Chart geometry for server-drawn SVG: plain Python, no Django, no JavaScript library.

Templates turn these shapes into ``<svg>`` elements (``templates/charts/``); every chart also
gets its numbers as a table, so the figures are there for screen readers and copying.
"""

import datetime as dt
from dataclasses import dataclass

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 120
CHART_WIDTH = 400
LINE_HEIGHT = 200
MARGIN = 34
MAX_DOTS = 31


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written beside the bar
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(items: list[tuple[str, float]], *, decimals: int = 0) -> BarChart:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest value."""
    room = CHART_WIDTH - LABEL_WIDTH - 60
    largest = max((abs(value) for _, value in items), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            shown=f"{value:.{decimals}f}",
            y=index * (BAR_HEIGHT + BAR_GAP) + BAR_GAP,
            width=max(0.0, value) / largest * room,
        )
        for index, (label, value) in enumerate(items)
    ]
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    return BarChart(bars, CHART_WIDTH, max(height, 40), LABEL_WIDTH, BAR_HEIGHT)


@dataclass(frozen=True)
class Series:
    name: str
    points: str  # "x,y x,y ..." for <polyline>
    dots: list[tuple[float, float]]  # the same points, drawn so that a single day shows
    last: int


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int
    height: int
    left: int
    bottom: float


def line_chart(days: list[dt.date], series: dict[str, list[int]]) -> LineChart:
    """One line per series over ``days`` (every series has one value per day)."""
    left, right, top = MARGIN + 10, CHART_WIDTH - 10, 10
    bottom = LINE_HEIGHT - MARGIN
    largest = max((max(values, default=0) for values in series.values()), default=0) or 1
    span = max(len(days) - 1, 1)

    def x(index: int) -> float:
        return left + (right - left) * index / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / largest

    lines = [
        Series(
            name=name,
            points=" ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values)),
            dots=[(x(i), y(v)) for i, v in enumerate(values)] if len(values) <= MAX_DOTS else [],
            last=values[-1] if values else 0,
        )
        for name, values in series.items()
    ]
    every = max(1, len(days) // 6)
    x_ticks = [Tick(x(i), day.strftime("%d %b")) for i, day in enumerate(days) if i % every == 0]
    y_ticks = [Tick(y(largest * step / 4), f"{largest * step / 4:.0f}") for step in range(5)]
    return LineChart(lines, x_ticks, y_ticks, CHART_WIDTH, LINE_HEIGHT, left, bottom)
