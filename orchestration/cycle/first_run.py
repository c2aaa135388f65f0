"""A fresh clone has no sources: on the embedded target, generate them at a small scale."""

import logging
from pathlib import Path

import seeds_generator
from orchestration.settings import Settings

log = logging.getLogger(__name__)
# Small enough to build in well under a minute, big enough to show every mart.
FIRST_RUN_SCALE = 0.1


def ensure_local_sources(settings: Settings) -> None:
    """On the embedded target, generates any source database file that does not exist yet."""
    if settings.target != "local":
        return
    for source, url in settings.source_urls.items():
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            log.info(
                "source %s does not exist yet: generating it at scale %s", source, FIRST_RUN_SCALE
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            seeds_generator.generate(source, url, scale=FIRST_RUN_SCALE, seed=42)
