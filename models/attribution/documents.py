"""Whole-document voices: transcript turns, interviews, statements, speeches and letters pages."""

from __future__ import annotations

from collections.abc import Sequence

from models.attribution.lexicon import (
    _ASKER,
    _FIRST_PERSON,
    _INTERVIEW_INTRO,
    _INTERVIEWER,
    _ISSUED_HEADLINE,
    _REPRODUCED_TEXT,
    _ROLE_ADJECTIVES,
    _SIGNATURE,
    _TURN,
)
from models.attribution.mentions import _Resolver
from models.attribution.phrases import _capitalized, _core, _is_role_noun, _kind, _trim, same_speaker
from models.attribution.structure import _Sentence


def _turn_label(text: str) -> str | None:
    """The speaker label of a transcript turn ("VESELOV: ...", "Foreign Ministry spokeswoman Ruan Jiayi: ...",
    "QUESTION (Kestrel Radio): ...", "Q: ..."), or None when the sentence is no turn."""
    match = _TURN.match(text)
    if not match:
        return None
    label = match.group("label")
    asker = _ASKER.match(label)
    if asker:
        return asker.group("asker").strip()
    words = label.split()
    if all(_capitalized(w) for w in words):
        return label if len(words) <= 6 else None
    # Lowercase words only as roles inside a name's label ("Foreign Ministry spokeswoman Ruan Jiayi").
    lowercase = [w for w in words if not _capitalized(w)]
    if not _capitalized(words[-1]) or not _core(label):
        return None
    if all(_is_role_noun(w) or w in _ROLE_ADJECTIVES or w in {"of", "the", "for", "and"} for w in lowercase):
        return label
    return None


def _interview_roles(
    sentences: Sequence[_Sentence], resolver: _Resolver, first_turn: int
) -> tuple[str | None, str | None]:
    """Who asks and who answers in a "Q:"/"A:" transcript, from its introduction (the sentences before the first
    turn): the interviewer is the person the guest "spoke to" (or the interview is "by"), None when only an outlet
    is named; the interviewee is the first other person the introduction names."""
    interviewer: str | None = None
    for i in range(first_turn):
        match = _INTERVIEWER.search(sentences[i].masked)
        phrase = match and _trim(match.group("np") or match.group("by"))
        if phrase and _core(phrase) and _kind(phrase) == "person":
            interviewer = resolver.resolve(phrase, i)
            break
    for i in range(first_turn):
        if sentences[i].headline and i == 0:
            continue
        for run in resolver.runs_by_sentence[i]:
            if run.isupper() or not (_core(run) and _kind(run) == "person"):
                continue
            if not (interviewer and same_speaker(run, interviewer)):
                return interviewer, resolver.resolve(run, i)
    return interviewer, None


def _answer_interview(
    sentences: Sequence[_Sentence], cues: Sequence[str | None], resolver: _Resolver, speakers: list[str | None]
) -> None:
    """An interview printed without "Q:"/"A:" labels: each paragraph opens with the interviewer's prompt, up to
    its first question, and the guest the introduction names answers in the rest. The prompt is given no speaker
    (the interviewer is the article's author), unquoted or quoted answers without a cue of their own the guest."""
    intro_end = next((i for i, s in enumerate(sentences[:8]) if _INTERVIEW_INTRO.search(s.masked)), None)
    if intro_end is None:
        return
    guest = next(
        (
            (run, i)
            for i in range(intro_end + 1)
            if not sentences[i].headline
            for run in resolver.runs_by_sentence[i]
            if _core(run) and _kind(run) == "person" and not run.isupper()  # not the dateline's "NEW YORK"
        ),
        None,
    )
    if guest is None:
        return
    paragraph: list[int] = []
    for i in range(intro_end + 1, len(sentences) + 1):
        if i < len(sentences) and not (sentences[i].paragraph_start and paragraph):
            paragraph.append(i)
            continue
        question = next((k for k, j in enumerate(paragraph[:3]) if sentences[j].masked.rstrip().endswith("?")), None)
        if question is None and len(paragraph) > 1 and not any(sentences[j].quoted for j in paragraph[:2]):
            # A prompt without a question mark ("Critics say you cannot have it both ways ...") before an answer
            # in the first person.
            first, second = (_FIRST_PERSON.search(sentences[j].masked) for j in paragraph[:2])
            question = 0 if second and not first else None
        opening = paragraph[: (question or 0) + 1]
        if question is not None and question + 1 < len(paragraph) and not sentences[opening[0]].starts_in_quote:
            for j in opening:
                speakers[j] = None
            for j in paragraph[question + 1 :]:
                if cues[j] is None:
                    speakers[j] = resolver.resolve(guest[0], j)
        paragraph = [i]


def _document_voice(
    sentences: Sequence[_Sentence], cues: Sequence[str | None], resolver: _Resolver, speakers: list[str | None]
) -> None:
    """Sentences without a cue in a document that names its own voice (see ``_ISSUED_HEADLINE``,
    ``_REPRODUCED_TEXT``, ``_SIGNATURE``) are that voice's. A single letter, like an op-ed, stays the author's."""
    issuer: tuple[str, int] | None = None
    if sentences and sentences[0].headline and (match := _ISSUED_HEADLINE.match(sentences[0].text)):
        issuer = (match.group("issuer").strip(), 1)
    for i, sentence in enumerate(sentences[:6]):
        if issuer is None and (match := _REPRODUCED_TEXT.search(sentence.masked)) and _core(match.group("author")):
            issuer = (_trim(match.group("author")), i + 1)
    if issuer is not None:
        phrase, start = issuer
        for j in range(start, len(sentences)):
            if cues[j] is None and speakers[j] is None and not sentences[j].headline:
                speakers[j] = resolver.resolve(phrase, j)
        return
    signatures = [
        (i, match.group("name"))
        for i, sentence in enumerate(sentences)
        if i and sentence.headline and (match := _SIGNATURE.match(sentence.text)) and _core(match.group("name"))
    ]
    if len(signatures) < 2:
        return
    previous = 0
    for i, name in signatures:
        for j in range(previous + 1, i):
            if cues[j] is None and speakers[j] is None and not sentences[j].headline:
                speakers[j] = name
        previous = i
