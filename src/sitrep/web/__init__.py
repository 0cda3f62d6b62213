"""The dashboard's built assets: the page, its script and styles, and the basemap.

The sources are in ``web/`` at the top of the repository (an npm project with a lock file);
``scripts/setup.sh`` builds them into ``dist/`` here, and ``sitrep serve`` serves that folder.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import ResourceError

DIST = Path(__file__).with_name("dist")


def dist_dir() -> Path:
    """The folder of built assets; a clear error when the dashboard was never built."""
    if not (DIST / "index.html").is_file() or not (DIST / "app.js").is_file():
        raise ResourceError(
            f"the dashboard is not built ({DIST} has no index.html): run `bash scripts/setup.sh` "
            "(it needs npm) or `npm ci && npm run build` in web/"
        )
    return DIST
