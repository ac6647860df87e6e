"""What `init` writes for publishing: the requirements.txt line CI installs, and the workflow."""

from __future__ import annotations

import json
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..core.errors import SiteError

DISTRIBUTION = "asklog"
FIX_HINT = (
    "CI installs asklog from requirements.txt: publish this version to PyPI, or install "
    "asklog from its git repository (pip install 'git+https://github.com/OWNER/asklog') and "
    "write that line instead: asklog @ git+https://github.com/OWNER/asklog@COMMIT"
)


def requirement(version: str, direct_url: dict[str, Any] | None) -> tuple[str, SiteError | None]:
    """The requirements.txt line that installs this asklog, from its PEP 610 direct_url.json
    (None: installed from an index), and a warning when CI could not install it as it is."""
    pin = f"{DISTRIBUTION}=={version}"
    if direct_url is None:
        return pin, None
    url = str(direct_url.get("url", ""))
    remote = urlsplit(url).scheme in ("https", "http", "ssh")
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and remote and vcs.get("commit_id"):
        line = f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        subdirectory = direct_url.get("subdirectory")
        return (f"{line}#subdirectory={subdirectory}" if subdirectory else line), None
    if "archive_info" in direct_url and remote:
        return f"{DISTRIBUTION} @ {url}", None
    if isinstance(direct_url.get("dir_info"), dict) and direct_url["dir_info"].get("editable"):
        how = "as an editable install of a local folder"
    elif "dir_info" in direct_url:
        how = "from a local folder"
    elif "archive_info" in direct_url:
        how = "from a local file"
    else:
        how = "from a local git clone"
    warning = SiteError(
        f"asklog was installed {how} ({url}); requirements.txt pins {pin}, "
        "which CI can install only once that version is on PyPI",
        "requirements.txt",
        hint=FIX_HINT,
        severity="warning",
    )
    return pin, warning


def installed_direct_url() -> dict[str, Any] | None:
    """direct_url.json of the running asklog; None when it came from an index."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    source = Path(__file__).resolve().parents[2]
    if data is None and (source / "pyproject.toml").is_file():
        # Run from a checkout: metadata found on sys.path (its egg-info) says nothing of that.
        return {"url": source.as_uri(), "dir_info": {}}
    return data if isinstance(data, dict) else None


def requirements_text() -> tuple[str, SiteError | None]:
    line, warning = requirement(__version__, installed_direct_url())
    return (
        f"{line}\n"
        "# With 'search: true' in site.yaml, uncomment to build the search index:\n"
        "# pagefind[extended]==1.5.2\n"
    ), warning


def workflow_text() -> str:
    """The GitHub Pages workflow `init` writes to .github/workflows/pages.yml."""
    return resources.files(__package__).joinpath("workflows/pages.yml").read_text("utf-8")
