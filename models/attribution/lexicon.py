"""Word lists and patterns of the attribution rules: speech verbs, roles, titles, groups, document kinds."""

from __future__ import annotations

import re


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# "Strong" verbs report speech whenever they have a subject; "weak" ones (an act that may or may not be speech)
# count only when a sentence has no strong cue.
_STRONG_VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|warned|warns|stressed|insisted|insists|argued|argues"
    "|explained|wrote|writes|stated|declared|replied|responded|countered|retorted|recalled|acknowledged|conceded"
    "|complained|suggested|emphasi[sz]ed|maintained|confirmed|asked|cautioned|observed|remarked|concluded"
    "|contended|reiterated|answered|admitted|reaffirmed"
    # present tense after a plural subject ("Chinese officials answer ...", "civil society groups warn ...")
    "|warn|note|insist|argue|reply|answer|stress|contend|maintain|complains|complain|testified|asks"
)
_WEAK_VERBS = (
    "accused|called|described|rejected|dismissed|denied|urged|announced|reported|critici[sz]ed|apologi[sz]ed"
    "|vowed|pledged|promised|agreed|objected|charged|alleged|voiced|defended|condemned|welcomed|praised"
    "|declined|brushed|predicted|blamed|questioned|repeated|invoked|affirmed|hit back|shot back|pointed out"
    "|went on|estimated|describe|describes|cites|cited|signalled|signaled|made clear|made no secret|pointed to"
    r"|compared|estimates(?=\s+(?:that|up|about|some|\d))"
)
_PARTICIPLES = (
    "saying|adding|warning|calling|describing|accusing|arguing|noting|telling|insisting|stressing|pointing"
    "|answering|urging|declaring|asking|complaining|claiming"
)
_VERB = re.compile(
    rf"\b(?:(?P<strong>{_STRONG_VERBS})|(?P<weak>{_WEAK_VERBS})|(?P<part>{_PARTICIPLES})|(?P<per>according to))\b"
    r"|(?P<colon>:)(?=\s*[“\"])"
)
_INVERTING_VERBS = _word_set("said says added adds asked wrote writes noted recalled warned")
# A participle reports speech after a comma ("..., saying"), in "with X saying", or after "a statement noting".
_PARTICIPLE_CONTEXT = re.compile(r"(?:[,”\"]|\bwith\s+[^,;:—–“”\"]+|\b(?:statement|message|letter|post|note))$")
_TURN = re.compile(r"^(?P<label>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,7}|(?:QUESTION|Question|Q)\s*\([^()]+\)):\s+\S")
_ASKER = re.compile(r"^(?:QUESTION|Question|Q)\s*\((?P<asker>[^()]+)\)$")  # "QUESTION (Kestrel Radio):"
# An introduction that announces an interview ("She spoke to Steppe Review", "This conversation was condensed").
_INTERVIEW_INTRO = re.compile(
    r"\b(?:spoke|talked)\s+(?:to|with)\b|\b[Ww]e\s+(?:spoke|talked)\b|\bInterview\s+by\b"
    r"|\b(?:interview|conversation)\b[^.]*\b(?:edited|condensed|abridged)\b"
)
# A document that names its own voice: an institution's statement printed whole ("Statement of the Russian Foreign
# Ministry in connection with ..."), a speech reproduced after the outlet's introduction ("The following is the text
# of a speech delivered on June 12 by Andrea Lualhati, ..."), and the signature under each letter of a letters page.
_ISSUED_HEADLINE = re.compile(
    r"^(?:(?:Full\s+)?[Tt]ext\s+of\s+)?(?:the\s+|a\s+)?(?:[Jj]oint\s+)?(?:Statement|Declaration|Communiqu[eé]|Press\s+release)"
    r"\s+(?:of|by|from)\s+(?P<issuer>.+?)(?:\s+(?:on|in\s+connection\s+with|regarding|concerning|about|after)\b|$)"
)
_REPRODUCED_TEXT = re.compile(
    r"\b[Tt]he\s+following\s+is\s+the\s+(?:full\s+)?(?:text|transcript)\s+of\s+(?:a|the|an)\s+"
    r"(?:speech|statement|address|remarks|letter)\b[^—–]*?\bby\s+(?P<author>[^,;:.—–()]+)"
)
_SIGNATURE = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}),\s+[A-Z][^.!?]*$")
_VIEWPOINT = re.compile(r"^(?:And\s+|But\s+)?[Ff]or\s+(?P<np>[^,;:—–“”\"]{2,80}?),\s")
_ACRONYM = re.compile(
    r"(?P<full>(?:the\s+)?[A-Z][\w.'’&-]*(?:(?:\s+(?:of|for|and|the|de)\s+|\s+)[A-Z][\w.'’&-]*)+)\s+\((?P<short>[A-Z]{2,6})\)"
)
_DOCUMENT_KINDS = r"statement|declaration|appeal|resolution|communiqu[eé]|readout|letter"
_ISSUING = re.compile(
    r"\b(?:adopted|issued|released|passed|published|signed|approved|circulated|put\s+out|agreed\s+on)\s+"
    rf"(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?(?P<document>{_DOCUMENT_KINDS})\b"
)
_CITED_DOCUMENT = re.compile(
    rf"^(?:(?P<owner>.+?)['’]s\s+|(?:the|its|their)\s+(?:[\w-]+\s+){{0,2}}?)(?P<document>{_DOCUMENT_KINDS})$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Oo]ur|[Mm]y|us|me)\b")
_QUESTION_LABELS = frozenset({"Q", "QUESTION", "Question"})
_ANSWER_LABELS = frozenset({"A", "ANSWER", "Answer"})
# "She spoke to Maghreb Courier correspondent Salma Draoui in Tunis": the interviewer of a Q-and-A transcript.
_INTERVIEWER = re.compile(
    r"\b(?:spoke|talked|speaking|talking)\s+(?:to|with)\s+(?P<np>[^,;:.—–()]+?)"
    r"(?=\s+(?:in|at|on|about|ahead|after|before|during|for|from|this|last|by|over)\b|[,;:.—–()]|$)"
    r"|\b(?:[Ii]nterview(?:ed)?|[Mm]oderated|[Hh]osted)\s+by\s+(?P<by>[^,;:.—–()]+)"
)
_HOST_TITLE = re.compile(r"^(?P<host>.+?)['’]s\s+(?:Regular\s+)?(?:Press\s+Conference|Press\s+Briefing|Briefing)\b")
_DATELINE = re.compile(r"^[A-Z][A-Z/ .'’-]+(?:\([^)]*\))?(?:,[^—–]{0,40})?\s[—–]\s")
_WORD = re.compile(r"[\w][\w.'’&-]*")
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w.'’&-]*|(?:al|el|bin|ibn|abu)-[A-Z][\w.'’&-]*)"
    r"(?:(?:\s+(?:of|for|de|al|bin|van|von|der)\s+|\s+)(?:[A-Z][\w.'’&-]*|(?:al|el|bin|ibn|abu)-[A-Z][\w.'’&-]*))*"
)
_PARTICLE_NAME = re.compile(r"^(?:al|el|ad|ash|as|bin|ibn|abu|van|von|de|da|di|du|le|la)-[A-Z]")
_POSSESSIVE = ("'s", "’s")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_DESCRIPTION = re.compile(r"^(?:the|his|her|their|its) \w+$", re.IGNORECASE)  # "the embassy", "his daughter"
_OWNER = re.compile(r"^(?:his|her|their|its)\s+", re.IGNORECASE)
_LEADING_CONNECTOR = re.compile(
    r"^(?:and|but|while|so|yet|then|also|though|however|when|if|as|after|before|although|because|since|once|until)\s+",
    re.IGNORECASE,
)
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:also|later|again|then|previously|earlier|once|has|had|have|was|were|is|are|would|will|repeatedly"
    r"|separately|privately|publicly|further|simply|flatly|only|recently|yesterday|today|tonight|subsequently"
    r"|himself|herself|itself|themselves|in\s+turn|at\s+once|did\s+not|does\s+not|would\s+not|declined\s+to"
    r"|refused\s+to"
    r"|(?:on|last|this|late|early|next)\s+(?:[A-Z][a-z]+\.?(?:\s+\d{1,2})?|week|month|year|night|morning|evening)"
    r"|in\s+(?:a|an|its|his|her|their|the)\s+[\w-]+(?:\s+[\w-]+)?)$"
)
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?" + _NAME_RUN.pattern)  # "... of the University of Panama"
_OPENS_ROLE = re.compile(r"^(?:the|The|a|A|an|An|its|Its|[A-Z][\w.-]*['’]s)\s")  # "the head of", "Kenya's envoy"
# An "of" affiliation runs on through a name ("of the Can Tho Institute for Delta Studies") up to a phrase of time
# or place that is no part of it ("in Warsaw", "on Monday").
_OF_AFFILIATION = re.compile(
    r"\s+of\s+.+?(?=\s+(?:(?:in|at|for|from|to)\s+(?![A-Z])|(?:on|during|after|before|familiar)\s+)|$)"
)
_PREPOSITIONAL_PHRASE = re.compile(r"\s+(?:of|in|at|for|from|to|familiar\s+with|close\s+to)\s+")
# Commas that are no clause boundary: inside a name ("the Foreign, Commonwealth and Development Office") or a
# number ("28,000").
_INNER_COMMA = re.compile(r"(?:(\b[A-Z][a-z]+),(?= [A-Z][a-z]+(?:, [A-Z][a-z]+)* and (?:the )?[A-Z])|(\d),(?=\d))")
_AGE = re.compile(r",\s+\d{1,3}(?=,)")  # "Aditya Prasetyo, 31, a software engineer, said": the age is no apposition
_KEPT_COMMA = "\u201a"  # stands in for such a comma while cues are looked for; same length, not a boundary
_MASK = "_"
_BOUNDARY_CHARS = ',;:—–()“”"!?'

_PRONOUN_KINDS = {"he": "person", "she": "person", "it": "institution", "they": "group"}
_FEMALE = _word_set(
    "she ms. mrs. spokeswoman chairwoman congresswoman businesswoman daughter mother wife sister widow queen"
)
_MALE = _word_set("he mr. spokesman chairman congressman businessman son father husband brother king")
_HONORIFICS = _word_set("mr. mrs. ms. dr. mr mrs ms dr prof.")
_MONTHS_AND_DAYS = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august"
    " september october november december jan. feb. aug. sept. oct. nov. dec."
)
# Lowercase words that cannot sit inside a speaker's noun phrase: they belong to a clause, not a name or a role.
_NOT_IN_PHRASE = _word_set(
    "he she it they we i you who which that this these those what whose is are was were be been being has have"
    " had do does did will would can could may might must should shall not no and or but if when while because"
    " since until by on into over about after before during against than as through under across between around"
    " without within where there here its his her their our my your him them us me so then also still just even"
    " more most very too up out off down how why"
)
# Capitalized words that open a sentence or clause without starting a name ("When Washington ...").
_NOT_NAME_START = _NOT_IN_PHRASE | _word_set(
    "in at for from to of with the a an asked pressed speaking meanwhile separately however last next earlier"
    " later responding referring taking appearing according unlike like despite among outside inside near along"
    " beyond both"
)
_CLAUSE_OPENERS = _word_set(
    "which that what who whom whose where when if because as than how why whether while since until unless"
    " although though after before once"
)
_RELATIVE_WORDS = _word_set("which that who whom what whose")
_PREPOSITION_START = _word_set("of in at for from to with familiar based")
_ED_ADJECTIVES = _word_set("retired elected appointed designated detained exiled jailed united")
_ROLE_ADJECTIVES = _word_set("retired former late acting outgoing")  # "retired Col. X" keeps "retired"
# Capitalized words that name a role, an organisation or a date rather than a person: a mention whose last
# capitalized words are all of this kind is an institution or a bare title, never matched by its last word alone.
_TITLE_WORDS = _MONTHS_AND_DAYS | _word_set(
    "minister ministry foreign deputy spokesperson spokesman spokeswoman senator sen. rep. representative"
    " secretary president vice prime ambassador envoy general gen. col. colonel admiral commodore chief director"
    " chairman chairwoman chair head governor mayor mp professor prof. dr. mr. ms. mrs. state councilor department"
    " office embassy council committee defense defence finance affairs cabinet executive team leader press house"
    " national security legal agency commission government parliament duma assembly board bureau service"
    " services guard coast army navy force forces police court union organization organisation nations kremlin"
    " pentagon administration authority authorities institute university center centre group company corporation"
    " bank fund party alliance mission delegation command wire news times daily post ledger broadcasting rundfunk"
    " courier herald tribune undersecretary commissioner adviser advisor aide lawmaker commander officer consul"
    " club federation association sea ocean river strait island islands"
)
# Lowercase heads of a speaker phrase that is not a name ("a railway spokeswoman", "the embassy").
_PERSON_ROLES = _word_set(
    "spokesman spokeswoman spokesperson official minister ambassador envoy senator secretary president director"
    " chairman chairwoman chair chief aide adviser advisor analyst economist strategist expert negotiator professor"
    " researcher activist person guest governor mayor mp deputy commander officer general admiral lawmaker"
    " prosecutor judge witness leader head candidate representative diplomat source executive founder owner"
    " manager member worker farmer student veteran historian commissioner undersecretary consul colonel captain"
    " scholar fellow editor correspondent daughter son wife husband mother father brother sister widow colleague"
    " friend lawyer attorney doctor teacher coach player chancellor premier king queen host presenter anchor"
    " commentator curator conductor reporter journalist"
)
_ROLE_SUFFIXES = ("ist", "er", "or", "ian", "ant", "ent", "ary", "man", "woman")
_INSTITUTION_ROLES = _word_set(
    "ministry embassy department office agency company group fund alliance government commission council"
    " committee military army navy kremlin administration board bureau service court union bank party operator"
    " firm regulator delegation mission institute command guard club team league federation association"
    " organisation organization coalition television tv radio broadcaster newspaper channel network airline"
    " carrier university hospital foundation charity watchdog monitor observatory body authority secretariat"
    " presidency parliament assembly statement statements readout communique communiqué commentary appeal letter"
    " letters resolution declaration inquiry"
)
# A bare "the statement said" speaks for whoever issued it: the last speaker.
_SUBORDINATOR = re.compile(r"(?:when|as|after|before|if|although|because|since|once|until|whereas)\s", re.IGNORECASE)
_TITLE_ABBREVIATIONS = {
    "gen.": "general",
    "sen.": "senator",
    "rep.": "representative",
    "col.": "colonel",
    "prof.": "professor",
    "dr.": "doctor",
    "adm.": "admiral",
    "gov.": "governor",
    "amb.": "ambassador",
    "lt.": "lieutenant",
}
_ISSUED_TEXTS = _word_set(
    "statement statements readout communique communiqué commentary appeal letter letters resolution declaration"
)
_GROUP_WORDS = _word_set(
    "police people staff crew public critics officials analysts experts diplomats observers residents protesters"
    " sources lawmakers activists organisers organizers investors economists traders witnesses opponents"
    " supporters others some many agencies employees bankers groups envoys delegations governments"
)
_DOCUMENT_NOUNS = _word_set(
    "figures data estimates estimate report reports analysis documents document footage sheet copy imagery survey"
    " poll polls records study statistics numbers calculations tally count filing filings minutes"
)
_ANY_KIND = frozenset({"person", "institution", "group"})
