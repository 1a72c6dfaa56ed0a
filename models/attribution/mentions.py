"""Mentions and their resolution: the fullest mention of each speaker, pronouns, descriptions, documents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from models.attribution.cues import _fragment_start, _subject_before
from models.attribution.lexicon import (
    _ACRONYM,
    _ANY_KIND,
    _CITED_DOCUMENT,
    _DATELINE,
    _DESCRIPTION,
    _DETERMINER,
    _HONORIFICS,
    _ISSUED_TEXTS,
    _ISSUING,
    _LEADING_CONNECTOR,
    _NAME_RUN,
    _NOT_NAME_START,
    _OF_NAME,
    _OPENS_ROLE,
    _OWNER,
    _PERSON_ROLES,
    _POSSESSIVE,
    _PREPOSITION_START,
    _PRONOUN_KINDS,
    _ROLE_ADJECTIVES,
    _TITLE_ABBREVIATIONS,
    _TITLE_WORDS,
)
from models.attribution.phrases import (
    _capitalized,
    _core,
    _gender,
    _head_part,
    _is_role_noun,
    _kind,
    _longest_phrase_suffix,
    _name_within,
    _norm,
    _trim,
    _without_person_affiliation,
    _words,
)
from models.attribution.structure import _Sentence


@dataclass
class _Entity:
    mention: str
    kind: str  # "person", "institution" or "group"
    gender: str = ""  # "f", "m" or "" when unknown
    last_seen: int = -1


def _role_before_name(fragment: str) -> str:
    """The role words that end ``fragment`` and open a name's mention: "Foreign Ministry spokesman" in "excerpts
    from the press conference of Foreign Ministry spokesman", "political analyst" in "Social Democrat MP Loreta
    Lo and Moscow political analyst". A lowercase word's preposition ("conference of", "spoke with") and an
    earlier person's name before "and" end it; a title's does not ("Minister of Foreign Affairs")."""
    role = _longest_phrase_suffix(fragment) if fragment.strip() else ""
    words = role.split()
    for j in range(len(words) - 1, -1, -1):
        word = words[j]
        cut = word in {"with", "by"} or (word in _PREPOSITION_START and j > 0 and not _capitalized(words[j - 1]))
        cut = cut or (word == "and" and bool(_core(" ".join(words[:j]))))
        if cut:
            return " ".join(words[j + 1 :])
    return role


def _role_apposed_before(sentence: str, name_start: int) -> int | None:
    """Where a role set before a name by a comma starts ("the head of U.S. Africa Command, Gen. Dwight A.
    Carrasco", "The village council head, Padma Chorol"): the codebook's fullest mention keeps it. None when the
    words before the comma are no such role."""
    before = sentence[:name_start].rstrip()
    if not before.endswith(","):
        return None
    fragment_start = _fragment_start(before, len(before) - 1)
    role = before[fragment_start:-1].strip()
    role = _LEADING_CONNECTOR.sub("", _DATELINE.sub("", role))
    words = role.split()
    if not 2 <= len(words) <= 10 or not _OPENS_ROLE.match(role) or _core(role):
        return None
    head = _head_part(role).split()
    if not (_is_role_noun(head[-1]) or _norm(head[-1]) in _TITLE_WORDS):
        return None
    return before.index(role, fragment_start)


def _fuller_mentions(sentence: str, start: int, end: int) -> list[str]:
    """The fuller mentions around the personal name ``sentence[start:end]``, each a slice of ``sentence``: with the
    role before it ("former U.S. ambassador X", "India captain X", in a list of guests too: "with political
    scientist X and retired Col. Y"), with a role set before it by a comma ("Its curator, historian X") and with
    an "of" affiliation after it ("economist X of the University of Panama")."""
    starts = []
    fragment = sentence[_fragment_start(sentence, start) : start]
    role = _role_before_name(fragment)
    role_words = role.split()
    if role_words and len(role_words) <= 5 and (_is_role_noun(role_words[-1]) or role_words[-1] in _ROLE_ADJECTIVES):
        starts.append(start - len(fragment) + len(fragment.rstrip()) - len(role))
    apposed = _role_apposed_before(sentence, starts[-1] if starts else start)
    if apposed is not None:
        starts.append(apposed)
    ends = [end]
    affiliation = _OF_NAME.match(sentence, end)
    if affiliation:
        ends.append(affiliation.end())
    return [sentence[s:e].rstrip(".,") for s in [start, *starts] for e in ends if (s, e) != (start, end)]


def _name_runs(sentence: str) -> list[str]:
    """Runs of capitalized words in a sentence, with the lowercase role words just before a personal name
    ("former U.S. ambassador Leonard Achterberg"): fuller mentions of people and bodies named in passing.
    Every run is a slice of ``sentence``."""
    runs = []
    for match in _NAME_RUN.finditer(sentence):
        words = list(re.finditer(r"\S+", match.group()))
        for i, word in enumerate(words[:-1]):
            if re.fullmatch(r"[A-Z][a-z]{3,}\.", word.group()):  # "Sever." ends a sentence; "Gen." does not
                words = words[: i + 1]
                break
        while words and words[0].group().lower() in _NOT_NAME_START:
            words.pop(0)
        if not words:
            continue
        start = match.start() + words[0].start()
        run = sentence[start : match.start() + words[-1].end()].rstrip(".,")
        run = run[:-2] if run.endswith(_POSSESSIVE) else run
        if _core(run) and len(words) >= 2:
            runs += _fuller_mentions(sentence, start, start + len(run))
        runs.append(run)
        # "Foreign Ministry Spokesperson Zhou Minghui's Regular Press Conference": the possessor is a mention too.
        for word, following in pairwise(words):
            if word.group().endswith(_POSSESSIVE):
                runs.append(sentence[start : match.start() + word.end() - 2])
                runs.append(sentence[match.start() + following.start() : match.end()].rstrip(".,"))
    return [r for r in runs if r]


class _Resolver:
    """Maps speaker phrases to the fullest mention of the same speaker in the article; tracks recency."""

    def __init__(self, sentences: Sequence[_Sentence], cue_phrases: Sequence[str | None]) -> None:
        self.entities: list[_Entity] = []
        self.runs_by_sentence = [[] if s.headline and i else _name_runs(s.text) for i, s in enumerate(sentences)]
        candidates = [(i, run) for i, runs in enumerate(self.runs_by_sentence) for run in runs]
        candidates += [(i, p) for i, p in enumerate(cue_phrases) if p and p.lower() not in _PRONOUN_KINDS]
        # In text order, so that among equally full mentions the earliest wins.
        self.candidates = sorted(candidates, key=lambda candidate: candidate[0])
        self.headline_first = bool(sentences) and sentences[0].headline
        self.acronyms = {
            m.group("short"): _trim(m.group("full")) for s in sentences for m in _ACRONYM.finditer(s.masked)
        }
        # "Leaders of the SCO adopted a declaration ...": who issued each document a later sentence cites.
        self.issued: list[tuple[int, str, str]] = []
        for i, sentence in enumerate(sentences):
            for m in _ISSUING.finditer(sentence.masked):
                issuer = _subject_before(sentence.masked, m.start())
                if issuer and issuer.lower() not in _PRONOUN_KINDS:
                    self.issued.append((i, m.group("document").lower(), issuer))

    def resolve(self, phrase: str, index: int) -> str | None:
        """The speaker ``phrase`` (a cue in sentence ``index``) stands for, or None for a bare group ("officials")."""
        lower = phrase.lower()
        if lower in _PRONOUN_KINDS:
            return self._pronoun(lower, index)
        phrase = self.acronyms.get(_DETERMINER.sub("", phrase), phrase)  # "the RSF" -> "the Rapid Support Forces"
        document = _CITED_DOCUMENT.match(phrase)
        if document:  # "the joint statement", "the ministry's statement"
            owner = document.group("owner")
            if owner:
                return self.resolve(owner, index)
            if not _OWNER.match(phrase):
                phrase = "the " + document.group("document")  # "the joint statement" -> "the statement"
        words = _words(phrase)
        if _DESCRIPTION.match(phrase) and not _capitalized(words[1]):
            described = self._described(_norm(words[1]), index)
            if described is not None or _OWNER.match(phrase):
                return described  # "its statement" with no speaker before it names nobody
        fullest = self._fullest(phrase, index)
        if _kind(fullest) == "group" and len(_words(_DETERMINER.sub("", fullest))) < 2:
            return None
        return self._entity(fullest, index).mention

    def last_speaker(self) -> str | None:
        entity = self._recent(_ANY_KIND)
        return entity.mention if entity else None

    def last_person_mentioned(self, index: int) -> str | None:
        """The person named last before sentence ``index``, speaker or not ("he said" after an introduction)."""
        for runs in reversed(self.runs_by_sentence[:index]):
            for run in reversed(runs):
                # A title or role marks a person ("Ambassador Zanele Mthembu"); "Cold War" has neither.
                if _core(run) and _kind(run) == "person" and len(_words(run)) > len(_core(run)):
                    return self._entity(self._fullest(run, index), index).mention
        return None

    def touch(self, mention: str, index: int) -> None:
        self._entity(mention, index)

    def _fullest(self, phrase: str, index: int) -> str:
        """The fullest mention, up to sentence ``index``, of the speaker that ``phrase`` names."""
        core = _core(phrase)
        if core:
            keys = tuple(k for k in core if k not in _HONORIFICS)
            # The fullest mention in the running text: a headline's title case ("Foreign Ministry Spokesperson
            # Zhou Minghui's Regular Press Conference") is not how the article names the speaker.
            best, best_rank = phrase, (0, 0) if self._headline_only(phrase) else (len(_words(phrase)), len(phrase))
            for seen, candidate in self.candidates:
                mention = _without_person_affiliation(candidate)  # "Senator X in Warsaw" -> "Senator X"
                rank = (len(_words(mention)), len(mention))
                if seen > index or rank <= best_rank or _kind(candidate) != "person" or self._in_headline(seen):
                    continue
                if _name_within(keys, _core(candidate)):
                    best, best_rank = mention, rank
            if _kind(best) != "person":
                return best
            return _DETERMINER.sub("", best) if "," not in best else best  # "The nationalist MP X"
        key = [_norm(w) for w in _words(_DETERMINER.sub("", phrase))]
        if not key or not any(_capitalized(w) for w in _words(_head_part(phrase))):
            return phrase
        best = phrase
        for seen, candidate in self.candidates:
            if seen > index or len(candidate) <= len(best) or _kind(candidate) == "person":
                continue
            if [_norm(w) for w in _words(candidate)][-len(key) :] == key:
                best = candidate  # "the Defense Ministry" -> "Japan's Defense Ministry"
        return best

    def _in_headline(self, seen: int) -> bool:
        return seen == 0 and self.headline_first

    def _headline_only(self, phrase: str) -> bool:
        """Whether ``phrase`` is a headline's mention that the running text never repeats."""
        return self.headline_first and not any(phrase in c for seen, c in self.candidates if seen > 0)

    def _described(self, head: str, index: int) -> str | None:
        """The speaker a description stands for: "the statement said" speaks for whoever issued it (the last
        speaker), "the embassy said" for the last embassy, "his daughter said" for the last daughter."""
        if head in _ISSUED_TEXTS:
            issuers = [issuer for seen, noun, issuer in self.issued if seen <= index and noun.rstrip("s") in head]
            if issuers:
                return self.resolve(issuers[-1], index)
            entity = self._recent(_ANY_KIND)
        else:
            entity = self._recent(frozenset({"person"} if head in _PERSON_ROLES else {"institution", "group"}), head)
        if entity is not None:
            entity.last_seen = index
            return entity.mention
        if head in _ISSUED_TEXTS:
            return None
        for runs in reversed(self.runs_by_sentence[:index]):
            for run in reversed(runs):
                titles = {_TITLE_ABBREVIATIONS.get(_norm(w), _norm(w)) for w in _words(run) if _capitalized(w)}
                if head in _PERSON_ROLES and head in titles and _core(run) and _kind(run) == "person":
                    return self._entity(self._fullest(run, index), index).mention  # "the general" -> "Gen. X"
                if head in titles and not _core(run):
                    # The fullest phrase around this name ("the Russian Embassy in Washington").
                    around = [c for seen, c in self.candidates if seen < index and run in c and _kind(c) != "person"]
                    return self._entity(max([self._fullest(run, index), *around], key=len), index).mention
        return None

    def _pronoun(self, pronoun: str, index: int) -> str | None:
        kind = _PRONOUN_KINDS[pronoun]
        gender = "f" if pronoun == "she" else "m" if pronoun == "he" else ""
        kinds = frozenset({"person"} if kind == "person" else {"institution", "group"})
        entity = self._recent(kinds, gender=gender)
        if entity is None and kind == "person":
            # "he said" after "Retired civil servant Hartono, 68, was blunter." is his, not the last body's.
            person = self.last_person_mentioned(index)
            if person is not None:
                return person
        entity = entity or self._recent(_ANY_KIND)
        if entity is None:
            return None
        if gender and not entity.gender and entity.kind == "person":
            entity.gender = gender
        entity.last_seen = index
        return entity.mention

    def _recent(self, kinds: frozenset[str], head: str | None = None, gender: str = "") -> _Entity | None:
        """The speaker seen last of these kinds, whose mention has ``head`` and whose gender, when known, is
        ``gender``."""
        for entity in sorted(self.entities, key=lambda e: e.last_seen, reverse=True):
            if entity.kind not in kinds or (gender and entity.gender and entity.gender != gender):
                continue
            if head is None or head in entity.mention.lower():
                return entity
        return None

    def _entity(self, mention: str, index: int) -> _Entity:
        for entity in self.entities:
            if entity.mention == mention:
                break
        else:
            entity = _Entity(mention, _kind(mention), _gender(mention))
            self.entities.append(entity)
        entity.last_seen = index
        return entity
