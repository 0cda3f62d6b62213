"""What `sitrep serve` can be told, each setting declared once with its help text."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.config import described
from sitrep.errors import ConfigError

# The longest request line and headers the server reads (uvicorn's h11 default is 16 KiB): a
# long filter query reaches the application, which answers in its own error shape, instead of
# the HTTP layer's bare "Invalid HTTP request received."
MAX_REQUEST_HEAD = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Settings of the API and dashboard server."""

    token: str | None = field(
        default=None,
        metadata=described(
            "Bearer token that write requests (and, with read_needs_token, read requests) must carry; "
            "without one, writing is refused."
        ),
    )
    read_needs_token: bool = field(
        default=False,
        metadata=described("Whether reading the API and the dashboard's data needs the token too."),
    )
    poll_seconds: float = field(
        default=1.0,
        metadata=described(
            "How often the server looks for changes stored by any process (itself, `sitrep ingest`, "
            "`sitrep watch`) to push them to open dashboards."
        ),
    )
    max_page: int = field(default=500, metadata=described("Largest page size a list request may ask for."))
    max_submit_bytes: int = field(
        default=5 * 1024 * 1024,
        metadata=described("Largest document text accepted by a write request, in bytes."),
    )
    allow_private: bool = field(
        default=False,
        metadata=described(
            "Whether a URL submitted to fetch (POST /api/urls) may reach private, loopback and "
            "link-local addresses; refused by default, after DNS resolution and on every redirect."
        ),
    )
    fetch_timeout: float = field(
        default=20.0,
        metadata=described("Seconds to wait for a server when fetching a submitted URL."),
    )

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise ConfigError("the API token must be at least 16 characters long")
        if self.read_needs_token and self.token is None:
            raise ConfigError("reading can only need a token when a token is configured")
        if not 0.05 <= self.poll_seconds <= 60:
            raise ConfigError(f"poll interval must be between 0.05 and 60 seconds, not {self.poll_seconds}")
        if self.max_page < 1:
            raise ConfigError(f"max_page must be positive, not {self.max_page}")
