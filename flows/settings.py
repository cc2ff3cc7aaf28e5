"""Settings at the edge: environment variables `DYADS_*` (and a `.env` file), read once in flows/."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from coder.code import CoderSettings


class Settings(BaseSettings):
    """Every knob of a run; each field is the environment variable `DYADS_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="DYADS_", env_file=".env", extra="ignore")

    warehouse: Path = Field(Path("warehouse/data"), description="Warehouse directory (DuckDB file + Parquet)")
    spacy_model: str = Field("en_core_web_sm", description="spaCy pipeline name")
    n_process: int = Field(1, ge=1, description="Processes for spaCy parsing")
    batch_size: int = Field(64, ge=1, description="Articles per spaCy batch")
    min_confidence: float = Field(0.5, ge=0, le=1, description="Events below this confidence are not emitted")
    cache_dir: Path = Field(Path.home() / ".cache" / "dyads", description="Gazetteer cache directory")
    max_bytes: int = Field(
        50_000_000, ge=1, description="Largest whole-file input (bytes); JSONL is streamed"
    )
    lock_timeout: float = Field(600.0, gt=0, description="Seconds a writer waits for the warehouse lock")
    user_agent: str | None = Field(
        None, description="User-Agent of feed and page requests [default: dyads/<version> (+project URL)]"
    )
    fetch_timeout: float = Field(20.0, gt=0, description="Seconds to wait for a server to connect or answer")
    fetch_deadline: float = Field(60.0, gt=0, description="Most seconds one download may take in all")
    host_interval: float = Field(1.0, ge=0, description="Seconds between two requests to the same host")
    fetch_retries: int = Field(
        3, ge=0, description="Retries of a transient failure (timeout, 429, 5xx, busy warehouse)"
    )
    retry_delay: float = Field(2.0, ge=0, description="Seconds before the first retry; doubles each retry")
    task_runner: Literal["threads", "dask"] = Field(
        "threads", description="threads: code in this process; dask: fan coding out to a Dask cluster"
    )
    dask_address: str | None = Field(
        None, description="Scheduler address of an existing Dask cluster [default: start a local one]"
    )
    dask_workers: int = Field(2, ge=1, description="Workers of the local Dask cluster (one process each)")
    max_reject_rate: float = Field(
        0.5, ge=0, le=1, description="A run that rejects a larger share of its input items fails"
    )

    def coder(self) -> CoderSettings:
        """The coder's part of the settings."""
        return CoderSettings(
            self.spacy_model, self.n_process, self.batch_size, self.min_confidence, self.cache_dir
        )


class SettingsError(ValueError):
    """A DYADS_* variable has a bad value."""


def load_settings() -> Settings:
    """Read the settings once; a bad value names the variable to fix."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"DYADS_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
