"""Cues: the speaker phrase one sentence names ("X said", "said X", "according to X", "For X, ...")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from models.attribution.lexicon import (
    _AGE,
    _BOUNDARY_CHARS,
    _CLAUSE_OPENERS,
    _DESCRIPTION,
    _DETERMINER,
    _DOCUMENT_NOUNS,
    _INNER_COMMA,
    _INVERTING_VERBS,
    _KEPT_COMMA,
    _LEADING_CONNECTOR,
    _MASK,
    _NOT_NAME_START,
    _OWNER,
    _PARTICIPLE_CONTEXT,
    _PREPOSITION_START,
    _PRONOUN_KINDS,
    _RELATIVE_WORDS,
    _SUBORDINATOR,
    _TRAILING_ADVERBIAL,
    _VERB,
    _VIEWPOINT,
)
from models.attribution.phrases import (
    _capitalized,
    _core,
    _is_bare_name,
    _kind,
    _longest_phrase_suffix,
    _looks_like_speaker,
    _norm,
    _phrase_prefix,
    _trim,
    _without_person_affiliation,
    _words,
)


@dataclass
class _Cue:
    phrase: str
    strong: bool
    final: bool = False  # the verb closes the sentence: ", the statement said."


def _fragment_start(text: str, position: int) -> int:
    """Where the clause fragment that ends at ``position`` starts (after the last comma, dash, quote...)."""
    left = text[:position]
    return max(left.rfind(c) for c in _BOUNDARY_CHARS) + 1


def _subject_before(masked: str, verb_start: int) -> str | None:
    """The subject that ends right before a speech verb, or None when there is none."""
    left = _TRAILING_ADVERBIAL.sub("", masked[:verb_start].rstrip()).rstrip()
    if not left:
        return None
    if left[-1] == ",":
        return _appositive_subject(left[:-1])
    if left[-1] in _BOUNDARY_CHARS:
        return None
    fragment = _trim(left[_fragment_start(left, len(left)) :])
    if fragment.lower() in _PRONOUN_KINDS or (_DESCRIPTION.match(fragment) and _OWNER.match(fragment)):
        return fragment if _looks_like_speaker(fragment) else None
    if re.search(r"(?:^|\s)(?:and|but)$", fragment):
        return _clause_subject(masked, verb_start)  # "X did not confirm the strikes but said ..."
    phrase = _contact_clause_subject(_trim(_longest_phrase_suffix(fragment)))
    before = fragment[: len(fragment) - len(phrase)].split()
    if before and before[-1].lower() in _RELATIVE_WORDS:
        return None  # "a firm that the government says ...": a relative clause, not the sentence's speaker
    if phrase.lower() in _PRONOUN_KINDS and phrase != fragment:
        # "In a 2019 interview he warned" names him; "what he called" does not.
        return None if not before or before[-1].lower() in _CLAUSE_OPENERS else phrase
    return _without_person_affiliation(phrase) if _looks_like_speaker(phrase) else None


def _contact_clause_subject(phrase: str) -> str:
    """ "a step the Foreign Ministry" (in "..., a step the Foreign Ministry described as ...") -> "the Foreign
    Ministry": a noun followed by a determiner opens a relative clause without "that"."""
    words = phrase.split()
    for j in range(len(words) - 1, 0, -1):
        before = words[j - 1]
        if words[j].lower() in {"the", "a", "an"} and before.islower() and before not in _PREPOSITION_START | {"and"}:
            return " ".join(words[j:])
    return phrase


def _appositive_subject(inner: str) -> str | None:
    """Subject of "X, a professor at Y, said" (X), of "Britain's envoy, Ann Lo, said" (all of it)."""
    cut = _fragment_start(inner, len(inner)) - 1
    if cut < 0 or inner[cut] != ",":
        return None
    appositive = inner[cut + 1 :].strip()
    if not appositive:
        return None
    if re.fullmatch(r"[DRI]-[A-Z][\w.-]*", appositive):  # "Sen. Maribel Quintanar, D-N.M., asked"
        return _appositive_subject(inner[:cut]) or _without_person_affiliation(
            _trim(_longest_phrase_suffix(inner[_fragment_start(inner, cut) : cut]))
        )
    before = _trim(inner[_fragment_start(inner, cut) : cut])
    before_phrase = _trim(_longest_phrase_suffix(before))
    names_someone = bool(_core(appositive)) and _words(appositive)[0].lower() not in _NOT_NAME_START
    describes = appositive[:1].islower() and not names_someone
    if describes or _DETERMINER.match(appositive) or appositive[:1].isdigit():
        if not (_looks_like_speaker(before_phrase) and before_phrase == before):
            return None
        named = _appositive_subject(inner[:cut]) if _DETERMINER.match(before) else None
        return named if named and _core(named) else _without_person_affiliation(before_phrase)
    appositive = _trim(appositive)
    if not _looks_like_speaker(appositive) or _longest_phrase_suffix(appositive) != appositive:
        return None
    role = _OWNER.sub("", before)
    if (
        before
        and _trim(_longest_phrase_suffix(role)) == role
        and _is_bare_name(appositive)
        and not _core(role)
        and _kind(role) == "person"
        and " of " not in role  # "the commander of Iran's navy, Rear Adm. X" is named by the name
    ):
        start = inner.index(before, _fragment_start(inner, cut))
        return inner[start : inner.index(appositive, cut) + len(appositive)]  # "Britain's envoy, Fiona Caldwell"
    return appositive


def _subject_after(masked: str, verb_end: int) -> str | None:
    """The inverted subject after a speech verb ("..., said Senator Lo, who chaired the hearing.")."""
    match = re.match(r"\s+(?P<np>[^,;:!?()—–“”\"]+?)\s*(?:[,;:!?()—–“”\"]|\.\s*$|$)", masked[verb_end:])
    if not match:
        return None
    phrase, rest = _phrase_prefix(match.group("np"))
    following = masked[verb_end + match.end("np") :]
    apposed = re.match(r"\s*,\s*(?P<name>[^,;:!?()—–“”\".]+?)\s*(?:[,.;]|$)", following)
    if phrase and apposed and not rest and not _core(phrase) and _is_bare_name(apposed.group("name")):
        start = masked.index(phrase, verb_end)
        end = verb_end + match.end("np") + apposed.end("name")
        return masked[start:end]  # "said Tonga's finance minister, Sione Vaipulu."
    if rest and not re.match(r"^(?:in|at|on|during|after|before|to|from|while|as)\b", rest):
        return None  # "said Brussels had joined ...": the words after the verb are its object, not its subject
    if phrase.lower() in _PRONOUN_KINDS or not _looks_like_speaker(phrase):
        return None
    return _without_person_affiliation(phrase)  # "said Tomasz Lipski in Warsaw": the city is not in the name


def _according_to(masked: str, end: int) -> str | None:
    match = re.match(r"\s+(?P<np>[^,;:!?()—–“”\"]+)", masked[end:])
    if not match:
        return None
    compiled = re.search(r"\b(?:compiled|cited|published|released|issued)\s+by\s+(?P<by>.+)$", match.group("np"))
    if compiled:  # "according to figures cited by the Commission": the body that gave them
        phrase, _ = _phrase_prefix(compiled.group("by").rstrip("."))
        return phrase if _looks_like_speaker(phrase) else None
    phrase = re.split(r"\s+(?:seen|reviewed|compiled|cited|displayed|aired|published|released)\b", match.group("np"))[0]
    phrase, _ = _phrase_prefix(phrase.rstrip("."))
    words = phrase.split()
    if len(words) > 1 and _norm(words[-1]) in _DOCUMENT_NOUNS and _capitalized(words[-2]):
        phrase = " ".join(words[:-1])  # "according to Japan Coast Guard figures": the Coast Guard's
    return phrase if _looks_like_speaker(phrase) and phrase.lower() not in _PRONOUN_KINDS else None


def _clause_subject(masked: str, position: int) -> str | None:
    """Subject of the clause a participle or a colon hangs from ("Russia's Duma adopted ..., warning ...")."""
    left = masked[:position].rstrip()
    with_match = re.search(r"\bwith\s+(?P<np>[^,;:—–“”\"]+?)\s*$", left)
    if with_match:
        phrase = _trim(with_match.group("np"))
        return phrase if _looks_like_speaker(phrase) and _longest_phrase_suffix(phrase) == phrase else None
    end = len(left)
    while end > 0:
        start = _fragment_start(left, end)
        fragment = left[start:end].strip()
        if fragment and _MASK not in fragment[:1]:
            first = _LEADING_CONNECTOR.sub("", fragment).split()[0]
            if first.lower() in _PRONOUN_KINDS:
                return first
            if first[:1].islower() and first.lower() not in {"the", "a", "an"} and start > 0 and left[start - 1] == ",":
                # "Kenya's envoy, Dr. X, put it bluntly: ...": the clause opens with its verb, the subject is before.
                return _subject_before(left, start)
            phrase, rest = _phrase_prefix(fragment)
            if phrase and rest[:1].islower() and _looks_like_speaker(phrase):
                return _without_person_affiliation(phrase)
        end = start - 1
    return None


def _closes_sentence(masked: str, verb_end: int) -> bool:
    return bool(re.fullmatch(r"\s*(?:(?:on|in|at|to)\s+[\w. ]{1,40}?)?\s*[.!?]?\s*", masked[verb_end:]))


def _cues(masked: str) -> Iterator[_Cue]:
    for verb in _VERB.finditer(masked):
        word = verb.group()
        if verb.group("per"):
            phrase = _according_to(masked, verb.end())
            if phrase:
                yield _Cue(phrase, strong=True)
            continue
        if verb.group("part") or verb.group("colon"):
            if verb.group("part") and not _PARTICIPLE_CONTEXT.search(masked[: verb.start()].rstrip()):
                continue  # "a paragraph calling China ..." is not speech
            phrase = _clause_subject(masked, verb.start())
            if phrase:
                yield _Cue(phrase, strong=True)
            continue
        if word in {"added", "adds"} and not re.match(r"\s*(?:that\b|[,.;:”\"]|$|on\b|in\b)", masked[verb.end() :]):
            continue  # "added 41 companies to the list" is not speech
        clause = masked[_fragment_start(masked, verb.start()) : verb.start()]
        # "When a reporter asked, ..., Awan said ...": a subordinate clause's speaker yields to the main clause's.
        strong = bool(verb.group("strong")) and not _SUBORDINATOR.match(clause.strip())
        phrase = _subject_before(masked, verb.start())
        if phrase is None and word in _INVERTING_VERBS:
            before_verb = masked[: verb.start()].rstrip()
            if not before_verb or before_verb[-1] in ',”"':
                phrase = _subject_after(masked, verb.end())
        if phrase:
            yield _Cue(phrase, strong, strong and _closes_sentence(masked, verb.end()))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _cue(masked: str) -> str | None:
    """The speaker phrase a sentence names, before resolution.

    A strong verb that closes the sentence governs it ("Ankara reiterated ..., the statement said."); otherwise the
    first strong cue, else the first weak one.
    """
    found = [
        _Cue(c.phrase.replace(_KEPT_COMMA, ","), c.strong, c.final)
        for c in _cues(_INNER_COMMA.sub(lambda m: (m.group(1) or m.group(2)) + _KEPT_COMMA, _AGE.sub(_blank, masked)))
    ]
    ranked = [c for c in found if c.final] + [c for c in found if c.strong and not c.final] + found
    if ranked:
        return ranked[0].phrase
    viewpoint = _VIEWPOINT.match(masked)  # "For Jatoi, the risk is ...": a view reported as someone's
    if viewpoint:
        phrase = _trim(viewpoint.group("np"))
        named = _capitalized(_words(_DETERMINER.sub("", phrase))[-1]) if _words(phrase) else False
        qualified_group = _kind(phrase) == "group" and len(phrase.split()) > 1 and _capitalized(phrase)  # "Congolese"
        if (named and _looks_like_speaker(phrase)) or qualified_group:
            return phrase
    return None
