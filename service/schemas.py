"""Request, response and error schemas of the REST API (one per role)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

EXAMPLE_TEXT = (
    "Ministry rejects patrol criticism\n\nALDOVA, May 2 — The ministry said no outside power would decide how "
    "the country guards its coast. “Those who sent fleets across the world have no standing to lecture us,” "
    "spokeswoman Ila Varn said."
)


class ScoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": EXAMPLE_TEXT, "id": "a-1"}]})

    text: str = Field(pattern=r"\S", description="The article as a user would paste it (not only whitespace).")
    id: str | None = Field(None, max_length=200, description="Echoed back in the response.")
    thresholds: dict[str, Annotated[float, Field(ge=0.0, le=1.0)]] | None = Field(
        None, description="Per-label threshold overrides in [0, 1]; unknown labels are rejected."
    )
    explain: bool = Field(
        False, description="Add evidence phrases per label to labeled sentences (at most 24 sentences per article)."
    )

    @field_validator("text", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("must contain at least one non-whitespace character")
        return value


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ScoreRequest] = Field(description="Articles to score, in order.")


class ModelRef(BaseModel):
    name: str
    version: str


class EvidenceOut(BaseModel):
    start: int = Field(description="Character offset of the phrase in the submitted text.")
    end: int
    text: str
    weight: float = Field(description="Drop in the label's probability when the phrase is removed.")


class SentenceOut(BaseModel):
    index: int
    start: int = Field(description="Character offset of the sentence in the submitted text.")
    end: int = Field(description="Offset one past the sentence's last character.")
    text: str
    labels: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[EvidenceOut]] | None = Field(None, description="Only with explain: true.")
    speaker: str | None = Field(None, description="Who the sentence is attributed to; null for the author's voice.")


class SpeakerRow(BaseModel):
    speaker: str | None = Field(description="Fullest mention in the article; null for the author's own voice.")
    sentences: int
    frames: dict[str, int] = Field(description="Per label, how many of this speaker's sentences carry it.")


class SummaryOut(BaseModel):
    sentence_count: int
    label_counts: dict[str, int]
    label_shares: dict[str, float]
    dominant: str | None
    speakers: list[SpeakerRow] = Field(default_factory=list)


class ScoreResponse(BaseModel):
    id: str | None
    model: ModelRef
    labels: list[str]
    sentences: list[SentenceOut]
    summary: SummaryOut


class BatchResponse(BaseModel):
    results: list[ScoreResponse]


class LabelInfo(BaseModel):
    name: str
    definition: str
    threshold: float


class ModelInfo(BaseModel):
    name: str
    version: str
    labels: list[LabelInfo]
    thresholds: dict[str, float]
    metrics: dict
    base_model: dict
    corpus: dict
    created: str
    backend: str = Field(description="Inference engine serving this model: torch or openvino.")
    precision: str = Field(description="Inference precision: fp32 or bf16.")


class ErrorDetail(BaseModel):
    type: str = Field(description="Machine-readable kind, e.g. 'invalid_request', 'payload_too_large'.")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: str
