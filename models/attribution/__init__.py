"""Speaker attribution: who voices each sentence of a news article, or None for the author's own voice.

A rule-based attributor following the codebook's "Speakers" section (``training/data/CODEBOOK.md``): no library
that installs offline with its model covers quotation attribution, and the cues in news prose are few and
regular. The package, in the order a sentence meets it:

- ``structure``: sentences with their quotation state (quoted words are masked, so a cue inside a quotation never
  attributes the sentence around it), paragraphs, headlines;
- ``cues``: the speaker phrase a sentence names: a speech verb with its subject or inverted subject ("X said",
  "said X", "X told Y", "X, the ..., added"), "according to X", "with X saying", "For X, ...";
- ``mentions``: the fullest running-text mention of that speaker, titles, roles and "of" affiliations kept
  ("Zhou said" -> "Foreign Ministry spokesman Zhou Minghui"); pronouns and descriptions ("she said", "the
  embassy said") resolved to the last speaker that fits; a cited document to its issuer; an acronym to its name;
- ``documents``: voices that come from the document's shape: transcript turns ("VESELOV: ...", "Q:"/"A:",
  "QUESTION (Kestrel Radio): ..."), interviews printed without labels, an institution's statement printed whole,
  a reproduced speech, the letters of a letters page;
- ``phrases`` and ``lexicon``: noun phrases and the word lists the rules read.

A quotation that runs on, and the later sentences of a turn, keep their speaker. A group is a speaker when the
text qualifies it ("Mexican officials said"); a bare plural ("officials said") is not attributed: a table row for
"officials" tells a reader nothing about whose frame it is. ``benchmarks/attribution.py`` measures the rules
against the corpus's gold speakers (``training/attribution_eval.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from models.attribution.cues import _cue
from models.attribution.documents import _answer_interview, _document_voice, _interview_roles, _turn_label
from models.attribution.lexicon import _ANSWER_LABELS, _HOST_TITLE, _QUESTION_LABELS
from models.attribution.mentions import _Resolver
from models.attribution.phrases import same_speaker
from models.attribution.structure import _sentences
from models.segmentation import SentenceSpan

__all__ = ["attribute_speakers", "same_speaker", "speaker_table"]


def attribute_speakers(text: str, spans: Sequence[SentenceSpan]) -> list[str | None]:
    """Each sentence's speaker: the fullest mention in ``text`` of who voices it, or None for the author."""
    sentences = _sentences(text, spans)
    cues = [None if s.headline else _cue(s.masked) for s in sentences]
    resolver = _Resolver(sentences, cues)
    host_match = _HOST_TITLE.match(sentences[0].text) if sentences else None
    host = host_match.group("host") if host_match else None  # "Spokesperson X's Regular Press Conference"

    speakers: list[str | None] = []
    guessed: list[bool] = []  # a quotation given the last speaker for want of any cue
    turn_speaker: str | None = None
    seen_turn = False
    interview_roles: tuple[str | None, str | None] | None = None
    for i, sentence in enumerate(sentences):
        previous = speakers[-1] if speakers else None
        speaker: str | None = None
        turn = None if sentence.headline else _turn_label(sentence.text)
        cue = cues[i]
        if turn:
            if turn in _QUESTION_LABELS or turn in _ANSWER_LABELS:
                interviewer, interviewee = interview_roles or _interview_roles(sentences, resolver, i)
                interview_roles = (interviewer, interviewee)
                speaker = interviewer if turn in _QUESTION_LABELS else interviewee
            else:
                speaker = resolver.resolve(turn.title() if turn.isupper() and len(turn) > 3 else turn, i)
                if speaker is not None and speaker not in text:
                    speaker = resolver.resolve(turn, i)  # "VESELOV" named nowhere else
            turn_speaker = speaker
            seen_turn = True
        elif sentence.headline:
            turn_speaker = None
        elif cue is not None:
            speaker = resolver.resolve(cue, i)  # a reported sentence inside a turn; the turn goes on after it
        elif sentence.quote_only or sentence.starts_in_quote:
            speaker = previous or resolver.last_speaker() or resolver.last_person_mentioned(i)
            if speaker is not None:
                resolver.touch(speaker, i)
        elif turn_speaker is not None and not sentence.paragraph_start:
            speaker = turn_speaker
        elif host and not seen_turn:
            speaker = resolver.resolve(host, i)  # the spokesperson's opening remarks
        speakers.append(speaker)
        guessed.append(cue is None and not turn and sentence.quote_only and previous is None)

    if not seen_turn:
        _answer_interview(sentences, cues, resolver, speakers)
        _document_voice(sentences, cues, resolver, speakers)

    # A quotation whose attribution comes in the next sentence of its paragraph ("“A.” “B,” she said.").
    for i in range(len(sentences) - 2, -1, -1):
        following = sentences[i + 1]
        if not (sentences[i].quote_only and following.quoted and not following.paragraph_start and speakers[i + 1]):
            continue
        if speakers[i] is None or guessed[i]:
            speakers[i] = speakers[i + 1]
    return speakers


def speaker_table(sentences_labels: Sequence[Sequence[str]], speakers: Sequence[str | None]) -> list[dict]:
    """Per speaker: how many sentences they voice and how many of those carry each frame.

    ``sentences_labels[i]`` are the labels of sentence i and ``speakers[i]`` its speaker. Rows are ordered by
    sentence count, then by first appearance; the author's own voice is the row whose ``speaker`` is None.
    ``frames`` counts, per label that occurs, the sentences carrying it, labels in first-seen order.
    """
    if len(sentences_labels) != len(speakers):
        raise ValueError(f"{len(sentences_labels)} label lists but {len(speakers)} speakers")
    order: dict[str | None, int] = {}
    sentence_counts: Counter[str | None] = Counter()
    frames: dict[str | None, Counter[str]] = {}
    for labels, speaker in zip(sentences_labels, speakers, strict=True):
        order.setdefault(speaker, len(order))
        sentence_counts[speaker] += 1
        frames.setdefault(speaker, Counter()).update(dict.fromkeys(labels, 1))
    rows = sorted(order, key=lambda s: (-sentence_counts[s], order[s]))
    return [{"speaker": s, "sentences": sentence_counts[s], "frames": dict(frames[s])} for s in rows]
