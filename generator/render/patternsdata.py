"""The patterns as JSON data: `patterns` in journey.json, `asklog stats --patterns --json`."""

from __future__ import annotations

from typing import Any

from ..core.findings import findings
from ..core.patterns import Group, Patterns
from ..core.urls import Urls


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def group_data(group: Group) -> dict[str, Any]:
    return {
        "key": group.key,
        "label": group.label,
        "asks": group.asks,
        "decided": group.decided,
        "yeses": group.yeses,
        "yes_rate": _r(group.yes_rate),
        "low": _r(group.interval.low) if group.decided else None,
        "high": _r(group.interval.high) if group.decided else None,
        "verdict": group.verdict,
    }


def patterns_data(p: Patterns, urls: Urls) -> dict[str, Any]:
    trend = p.trend
    return {
        "min_asks": p.min_asks,
        "overall": group_data(p.overall),
        "findings": [f.text for f in findings(p)],
        "groups": {
            d.key.removeprefix("by:"): {
                "name": d.name,
                "unset": d.unset,
                "groups": [group_data(g) for g in d.groups],
            }
            for d in p.dimensions
            if not d.key.startswith("by:")
        },
        "by": {
            d.name: {"unset": d.unset, "groups": [group_data(g) for g in d.groups]}
            for d in p.dimensions
            if d.key.startswith("by:")
        },
        "runs": [
            {
                "tag": r.tag,
                "label": r.label,
                "length": r.length,
                "since": r.since.isoformat(),
                "chance": _r(r.chance),
            }
            for r in p.runs
        ],
        "trend": {
            "recent": group_data(trend.recent),
            "before": group_data(trend.before),
            "change_low": _r(trend.change.low) if trend.change else None,
            "change_high": _r(trend.change.high) if trend.change else None,
            "verdict": trend.verdict,
        },
        "response_times": [
            {
                "tag": r.tag,
                "label": r.label,
                "answered": r.answered,
                "median_days": _r(r.median_days),
                "pending": r.pending,
            }
            for r in p.responses
        ],
        "surprising_yeses": [
            {
                "url": urls.url_for("entry", s.entry, absolute=True),
                "title": s.entry.title,
                "groups": [f"{d.name}: {g.label}" for d, g in s.groups],
            }
            for s in p.surprises
        ],
    }
