"""All run-time settings in one pydantic-settings object (environment prefix ``UNGA_KG_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


class Settings(BaseSettings):
    """Settings read from the environment, e.g. ``UNGA_KG_STORE=/data/store``."""

    model_config = SettingsConfigDict(env_prefix="UNGA_KG_", env_ignore_empty=True)  # X= is unset

    store: Path = Path("var/store")
    base: str = "https://w3id.org/unga-kg/"
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    heatmap_wait: float = 3.0
    """Seconds a state page waits for the agreement heat map before saying it is being computed."""


def get_settings() -> Settings:
    """Fresh settings from the current environment."""
    return Settings()
