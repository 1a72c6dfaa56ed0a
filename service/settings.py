"""One settings class for the service and the CLI, read from FRAMESCOPE_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_PATH = REPO_ROOT / "artifacts" / "default"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FRAMESCOPE_", env_file=None, extra="ignore")

    model_path: Path = Field(DEFAULT_MODEL_PATH, description="Artifact folder written by `framescope train`.")
    host: str = Field("127.0.0.1", description="Interface to bind.")
    port: int = Field(8000, ge=1, le=65535, description="Port to bind.")
    log_level: str = Field("info", description="Python log level name.")
    api_key: SecretStr | None = Field(
        None, min_length=1, description="When set, /v1 routes need `Authorization: Bearer <key>` (never empty)."
    )
    max_body_bytes: int = Field(1_000_000, ge=1, description="Largest accepted request body (413 beyond).")
    max_batch_articles: int = Field(32, ge=1, description="Most articles in one /v1/score/batch call (413 beyond).")
    batch_wait_ms: float = Field(5.0, ge=0, le=100, description="How long the micro-batcher waits to fill a batch.")
    max_batch_sentences: int = Field(256, ge=1, description="Sentences per shared forward pass.")
    queue_size: int = Field(64, ge=1, description="Requests waiting for the model before 503 back-pressure.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (off when empty).")
    backend: str = Field(
        "torch", pattern="^(torch|openvino)$", description="Inference engine: torch, or openvino (CPU, faster)."
    )
    precision: str = Field("fp32", pattern="^(fp32|bf16)$", description="Inference precision (bf16: autocast).")
    torch_threads: int | None = Field(None, ge=1, description="torch intra-op threads (default: torch's choice).")


@lru_cache
def get_settings() -> Settings:
    return Settings()
