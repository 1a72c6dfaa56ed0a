"""Noun phrases: the words of a mention, its personal name, its kind (person, institution, group)."""

from __future__ import annotations

import re
from functools import lru_cache

from models.attribution.lexicon import (
    _DETERMINER,
    _DOCUMENT_NOUNS,
    _ED_ADJECTIVES,
    _FEMALE,
    _GROUP_WORDS,
    _HONORIFICS,
    _INSTITUTION_ROLES,
    _ISSUED_TEXTS,
    _LEADING_CONNECTOR,
    _MALE,
    _MASK,
    _MONTHS_AND_DAYS,
    _NOT_IN_PHRASE,
    _NOT_NAME_START,
    _OF_AFFILIATION,
    _OWNER,
    _PARTICLE_NAME,
    _PERSON_ROLES,
    _POSSESSIVE,
    _PREPOSITION_START,
    _PREPOSITIONAL_PHRASE,
    _PRONOUN_KINDS,
    _ROLE_SUFFIXES,
    _TITLE_WORDS,
    _TRAILING_ADVERBIAL,
    _VERB,
    _WORD,
)


def _words(phrase: str) -> list[str]:
    return _WORD.findall(phrase)


def _norm(word: str) -> str:
    word = word.lower().rstrip(",")
    for suffix in _POSSESSIVE:
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word.rstrip(".") if word.count(".") == 1 and len(word) > 4 else word


def _capitalized(word: str) -> bool:
    """Capitalized, counting names with a lowercase particle ("al-Dosari") as capitalized."""
    return word[:1].isupper() or bool(_PARTICLE_NAME.match(word))


def _is_role_noun(word: str) -> bool:
    """A lowercase noun for what a person does ("ambassador", "scientist", "seamer")."""
    return word[:1].islower() and (word.lower() in _PERSON_ROLES or word.lower().endswith(_ROLE_SUFFIXES))


def _allowed_in_phrase(word: str, following: str | None, preceding: str | None) -> bool:
    """Whether ``word`` can be part of a speaker's noun phrase, given its neighbours."""
    lower = word.lower()
    if _capitalized(word) or word[:1].isdigit():
        return True
    if lower == "to":  # "ambassador to the U.N."
        return following is not None and (following == "the" or _capitalized(following))
    if lower == "and":  # "Tourism and Antiquities Minister"
        return preceding is not None and _capitalized(preceding) and following is not None and _capitalized(following)
    if lower in _NOT_IN_PHRASE or lower.endswith("ly") or _VERB.fullmatch(lower):
        return False
    return not (lower.endswith("ed") and lower not in _ED_ADJECTIVES)


def _offset_after(fragment: str, words: list[str]) -> int:
    position = 0
    for word in words:
        position = fragment.index(word, position) + len(word)
    return position


def _longest_phrase_suffix(fragment: str) -> str:
    """The longest run of words at the end of ``fragment`` that can form a speaker's noun phrase."""
    words = _words(fragment)
    start = len(words)
    while start > 0 and _allowed_in_phrase(
        words[start - 1], words[start] if start < len(words) else None, words[start - 2] if start > 1 else None
    ):
        start -= 1
    while start < len(words) and words[start].lower() in _PREPOSITION_START:
        start += 1  # "a war monitor based in Britain": a phrase never starts with its preposition
    if start == len(words):
        return ""
    return fragment[_offset_after(fragment, words[:start]) :].strip(" ,")


def _phrase_prefix(fragment: str) -> tuple[str, str]:
    """Split ``fragment`` into the noun phrase it starts with and the rest ("X on Monday adopted ...")."""
    fragment = _LEADING_CONNECTOR.sub("", fragment.strip())
    words = _words(fragment)
    end = 0
    while end < len(words) and _allowed_in_phrase(
        words[end], words[end + 1] if end + 1 < len(words) else None, words[end - 1] if end else None
    ):
        end += 1
    position = _offset_after(fragment, words[:end])
    return _trim(fragment[:position]), fragment[position:].strip()


def _trim(phrase: str) -> str:
    """Drop leading connectors and trailing adverbials ("but X on Tuesday" -> "X")."""
    phrase = phrase.strip(" \t\n-—–,")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING_CONNECTOR.sub("", phrase)
        phrase = _TRAILING_ADVERBIAL.sub("", phrase).strip()
    return phrase


def _head_part(phrase: str) -> str:
    """The phrase without a trailing prepositional phrase ("Senator Lo of Ohio" -> "Senator Lo")."""
    match = _PREPOSITIONAL_PHRASE.search(phrase)
    return phrase[: match.start()] if match else phrase


@lru_cache(maxsize=8192)
def _core(phrase: str) -> tuple[str, ...]:
    """The personal name in a mention, normalised ("Foreign Ministry Spokesperson Zhou Minghui" -> zhou, minghui).

    Empty for institutions and bare roles. The name is the last run of capitalized words that are not titles,
    looked for before a trailing "of/in ..." phrase unless the part before it ends in a capitalized title
    ("Deputy Prime Minister for Reintegration Nicolae Botnaru").
    """
    last_part = phrase.split(",")[-1]
    head = _head_part(last_part)
    words = _words(head)
    if head != last_part and words and _capitalized(words[-1]) and _norm(words[-1]) in _TITLE_WORDS:
        words = _words(last_part)
    core: list[str] = []
    for word in reversed(words):
        normal = _norm(word)
        if not _capitalized(word) or normal in _TITLE_WORDS or normal in _HONORIFICS or word.endswith(_POSSESSIVE):
            break
        core.insert(0, normal)
    return tuple(core)


@lru_cache(maxsize=8192)
def _kind(phrase: str) -> str:
    """ "person", "institution" or "group" (an unnamed plural: "officials", "Western diplomats")."""
    whole = _words(phrase)
    words = _words(_head_part(_DETERMINER.sub("", phrase.split(",")[-1])))
    if not words or not whole:
        return "institution"
    if whole[-1][:1].islower() and _norm(whole[-1]) in _PERSON_ROLES:
        return "person"  # "a Ministry of Defence spokesperson"
    last = _norm(words[-1])
    core = _core(phrase)
    if last in _INSTITUTION_ROLES:
        return "institution"
    if len(words) == 1 and last in _GROUP_WORDS:
        return "group"
    normals = {_norm(w) for w in words}
    if len(core) >= 2 or normals & (_HONORIFICS | _FEMALE | _MALE) or (core and len(words) > len(core)):
        return "person"
    if last in _PERSON_ROLES:
        return "person"
    if not _capitalized(words[-1]) and (last.endswith("s") or last in _GROUP_WORDS):
        return "group"
    return "institution"


def _gender(phrase: str) -> str:
    normals = {_norm(w) for w in _words(phrase)}
    return "f" if normals & _FEMALE else "m" if normals & _MALE else ""


def _is_bare_name(phrase: str) -> bool:
    """A name with at most capitalized titles before it ("Ambassador Renata Cordeiro"), no lowercase role."""
    words = _words(phrase)
    return bool(words) and bool(_core(phrase)) and all(_capitalized(w) for w in words)


def _looks_like_speaker(phrase: str) -> bool:
    """Whether a noun phrase can name a speaker: a name, a pronoun, or a role or body ("the embassy")."""
    if not phrase or _MASK in phrase or len(_words(phrase)) > 16 or phrase.endswith(_POSSESSIVE):
        return False  # "Beijing's answer: ..." has a noun, not a verb, after its possessive
    if phrase.lower() in _PRONOUN_KINDS:
        return True
    if _OWNER.match(phrase) and len(phrase.split()) == 2:
        owned = phrase.split()[1].lower()
        return owned in _PERSON_ROLES or owned in _ISSUED_TEXTS  # "his daughter said", "its statement called"
    head_words = _words(_head_part(phrase))
    if not head_words or head_words[0].lower() in _PREPOSITION_START:
        return False
    last = _norm(head_words[-1])
    if last in _DOCUMENT_NOUNS or last in _NOT_IN_PHRASE or last in _MONTHS_AND_DAYS:
        return False
    if len(head_words) == 1 and last in _NOT_NAME_START:
        return False
    if _capitalized(head_words[-1]):
        return True
    return last in _PERSON_ROLES or last in _INSTITUTION_ROLES or last in _GROUP_WORDS or last[:-1] in _PERSON_ROLES


def _without_person_affiliation(phrase: str) -> str:
    """ "Tomasz Lipski in Warsaw" -> "Tomasz Lipski": a person's place or setting after the name is not part of
    the mention, but an "of" affiliation is ("economist Priya Raman of Halvorsen Capital", as the codebook
    writes mentions); institutions keep theirs ("the Embassy in Tokyo")."""
    head = _head_part(phrase)
    if head == phrase or not _core(head) or _kind(head) != "person":
        return phrase
    affiliation = _OF_AFFILIATION.match(phrase[len(head) :])
    return head + affiliation.group() if affiliation else head


def same_speaker(first: str, second: str) -> bool:
    """Whether two mentions name the same speaker: the same personal name, one a shorter form of the other
    ("Carrasco", "Gen. Dwight A. Carrasco", "the head of U.S. Africa Command, Gen. Dwight A. Carrasco"), or, for a
    body, one mention inside the other where the shorter keeps a proper name ("Libyan National Army" and "the
    eastern-based Libyan National Army"; "The RSF" and "RSF"). A bare role ("foreign minister") names nobody.
    Case and a leading article are ignored."""
    if _DETERMINER.sub("", first.strip(" .,")).lower() == _DETERMINER.sub("", second.strip(" .,")).lower():
        return True
    first_name, second_name = _core(first), _core(second)
    if first_name and second_name:
        return _name_within(*sorted((first_name, second_name), key=len))
    if first_name or second_name:
        return False  # a person and a body ("NATO", "NATO Secretary General X")
    shorter, longer = sorted((_DETERMINER.sub("", m.strip(" .,")) for m in (first, second)), key=len)
    inside = re.search(rf"(?<!\w){re.escape(shorter.lower())}(?!\w)", longer.lower())
    if inside is None or re.search(r"[A-Z][\w.'’-]*\s+$", longer[: inside.start()]):
        return False  # absent, or the end of a longer name ("China" in "South China")
    return any(_capitalized(w) and _norm(w) not in _TITLE_WORDS for w in _words(shorter))


def _name_within(keys: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether a short name fits a longer one: it opens it ("Zhou" in "Zhou Minghui"), closes it, or sits inside a
    name of three words or more ("Aranda" in "Gabriela Aranda Luján"); "China" does not fit "South China"."""
    if name[: len(keys)] == keys or name[-len(keys) :] == keys:
        return True
    return len(name) >= 3 and any(name[i : i + len(keys)] == keys for i in range(1, len(name) - len(keys)))
