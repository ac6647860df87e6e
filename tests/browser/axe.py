"""Run the axe-core accessibility engine in a Playwright page.

axe-core comes from npm (``tests/browser/package.json``); ``.ci/run`` runs
``npm ci`` there. Usage::

    from axe import format_violations, run_axe

    violations = run_axe(page)
    assert violations == [], format_violations(violations)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

_RUN_AXE = """
async ([context, options]) => {
    const results = await window.axe.run(context ?? document, options ?? {});
    return results.violations;
}
"""


def run_axe(
    page: Page,
    *,
    context: Any = None,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Inject axe-core into ``page`` and return ``axe.run()``'s violations (plain dicts).

    ``context`` and ``options`` are passed to ``axe.run`` as-is (e.g.
    ``options={"runOnly": ["wcag2a", "wcag2aa"]}``); the default checks the whole
    document with axe's default rule set.
    """
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in tests/browser (see .ci/run)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
        if not page.evaluate("() => typeof window.axe === 'object'"):
            raise RuntimeError(
                "axe-core did not load in the page (a Content-Security-Policy blocking "
                "inline scripts?). Use browser.new_context(bypass_csp=True) for such pages."
            )
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, [context, options])
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary of axe violations, for assertion messages."""
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- [{v.get('impact')}] {v['id']}: {v.get('help')} ({v.get('helpUrl')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    {node.get('target')}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)
