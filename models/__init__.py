"""The framing model: labels, segmentation, base-model resolution, loading and prediction."""

from models.labels import Label, LabelSet
from models.modeling import FramingModel
from models.scoring import ArticleScore, ArticleSummary, SentenceScore
from models.segmentation import SentenceSpan, segment

__all__ = [
    "ArticleScore",
    "ArticleSummary",
    "FramingModel",
    "Label",
    "LabelSet",
    "SentenceScore",
    "SentenceSpan",
    "segment",
]
