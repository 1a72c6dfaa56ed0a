from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.attribution import attribute_speakers, same_speaker, speaker_table
from models.segmentation import SentenceSpan, segment


def speakers(text: str) -> list[tuple[str, str | None]]:
    spans = segment(text)
    return list(zip((s.text for s in spans), attribute_speakers(text, spans), strict=True))


def speakers_of_sentences(paragraphs: list[list[str]]) -> list[str | None]:
    """Attribute sentences given as paragraphs of sentences, with exactly these spans."""
    text, spans = "", []
    for paragraph in paragraphs:
        text += "\n\n" if text else ""
        for i, sentence in enumerate(paragraph):
            text += " " if i else ""
            spans.append(SentenceSpan(len(text), len(text) + len(sentence), sentence))
            text += sentence
    return attribute_speakers(text, spans)


def speaker_of(text: str, sentence_start: str) -> str | None:
    matches = [speaker for sentence, speaker in speakers(text) if sentence.startswith(sentence_start)]
    assert len(matches) == 1, f"no single sentence starts with {sentence_start!r}"
    return matches[0]


HEAD = "Talks on the strait stall\nBy Mara Velic, Harbour Wire\n\n"


@pytest.mark.parametrize(
    ("body", "sentence", "expected"),
    [
        # "X said"
        (
            "ALDOVA, May 2 — The port reopened on Monday. Harbour master Ines Calder said the channel was clear.",
            "Harbour master",
            "Harbour master Ines Calder",
        ),
        # "said X", inverted after a quotation
        (
            '"We will not be rushed," said Deputy Foreign Minister Piet Haldane. The talks resume in June.',
            '"We will not',
            "Deputy Foreign Minister Piet Haldane",
        ),
        # "according to X"
        (
            "Two patrol boats were damaged, according to the Aldovan Coast Guard.",
            "Two patrol boats",
            "the Aldovan Coast Guard",
        ),
        # "X told Y"
        (
            "Senator Ruth Okafor told reporters the vote would be close.",
            "Senator Ruth Okafor",
            "Senator Ruth Okafor",
        ),
        # "X added", "X warned", "X noted" with a trailing time phrase
        (
            "Defence Minister Ola Berg warned on Tuesday that the exercise was a provocation.",
            "Defence Minister",
            "Defence Minister Ola Berg",
        ),
        (
            "Ministers met in Geneva. Delays were likely, analyst Tomas Reyes added.",
            "Delays were likely",
            "analyst Tomas Reyes",
        ),
        # "X, the ..., said": the appositive describes X and is not part of the mention
        (
            "Lena Marsh, a professor of law at Keller University, said the treaty was clear.",
            "Lena Marsh",
            "Lena Marsh",
        ),
        # "Role, Name, said": a role before the name is kept
        (
            "Aldova's deputy envoy, Ivo Brankov, said the draft was unbalanced.",
            "Aldova's deputy envoy",
            "Aldova's deputy envoy, Ivo Brankov",
        ),
        # "with X saying"
        (
            "Aldova rejected the report on Monday, with Foreign Ministry spokeswoman Dana Loi saying it was biased.",
            "Aldova rejected",
            "Foreign Ministry spokeswoman Dana Loi",
        ),
    ],
)
def test_attribute_speakers_finds_each_cue(body: str, sentence: str, expected: str) -> None:
    assert speaker_of(HEAD + body, sentence) == expected


def test_attribute_speakers_resolves_pronoun_after_quote_to_last_named_speaker() -> None:
    text = (
        HEAD + "Foreign Affairs Undersecretary Teresa Lacson said Beijing had no standing to complain. "
        '"Our alliances are a decision made in Manila," she said.'
    )
    assert speaker_of(text, '"Our alliances') == "Foreign Affairs Undersecretary Teresa Lacson"


def test_attribute_speakers_pronoun_follows_gender_when_known() -> None:
    text = (
        HEAD + "British spokeswoman Fiona Caldwell said the contractors must leave. "
        "Russian spokesman Sergei Loktev replied that Britain had a nerve. "
        '"We will not take lectures," she said.'
    )
    assert speaker_of(text, '"We will not') == "British spokeswoman Fiona Caldwell"


def test_attribute_speakers_keeps_speaker_through_multi_sentence_quote() -> None:
    kessler = "State Department spokesperson Mara Kessler"
    result = speakers_of_sentences(
        [
            ["Sanctions widen", "By Dana Whitfield"],
            [
                '"Nobody was marching on Moscow," State Department spokesperson Mara Kessler said.',
                '"Ukraine chose its own partners.',  # a quotation that runs on into the next sentence
                'That choice endangered no one."',
                '"We will keep adjusting the list."',
            ],
            ["The sanctions take effect on Friday."],
        ]
    )
    assert result == [None, None, kessler, kessler, kessler, kessler, None]


def test_attribute_speakers_attributes_quotation_to_the_speaker_named_after_it() -> None:
    result = speakers_of_sentences(
        [["Port talks", "By Mara Velic"], ['"The book was deep."', '"And diverse," said debt chief Carmen Stoica.']]
    )
    assert result[2:] == ["debt chief Carmen Stoica", "debt chief Carmen Stoica"]


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        # the headline's title case is not the running text's mention
        ("Zhou said the talks would continue.", "Zhou Minghui"),
        # a fuller mention in the running text is
        (
            "Foreign Ministry spokesman Zhou Minghui took questions. Zhou said the talks would continue.",
            "Foreign Ministry spokesman Zhou Minghui",
        ),
    ],
)
def test_attribute_speakers_resolves_short_mention_to_fullest_running_text_mention(later: str, expected: str) -> None:
    text = (
        "Foreign Ministry Spokesperson Zhou Minghui's Regular Press Conference on Nov. 14\n\n"
        "Meridian Wire: What is China's response? Zhou Minghui: The Taiwan question is an internal affair. "
        "China will respond firmly.\n\n" + later
    )
    result = dict(speakers(text))
    assert result["Meridian Wire: What is China's response?"] == "Meridian Wire"
    assert next(v for k, v in result.items() if k.startswith("Zhou said")) == expected


def test_attribute_speakers_resolves_description_to_institution() -> None:
    text = (
        HEAD + "The Chinese Embassy in Tokyo said the drills were necessary. "
        '"Japan has no standing to comment," the embassy said. '
        "It said Japan should be careful."
    )
    assert {speaker for _, speaker in speakers(text)[2:]} == {"The Chinese Embassy in Tokyo"}


def test_attribute_speakers_returns_none_for_narration_and_headline() -> None:
    text = (
        "Minister says talks will go on\nBy Mara Velic\n\n"
        "ALDOVA, May 2 — The port reopened on Monday after a week of storms. "
        "Shipping volumes fell 4 percent in April."
    )
    assert [speaker for _, speaker in speakers(text)] == [None, None, None, None]


def test_attribute_speakers_ignores_cues_inside_quotations() -> None:
    text = HEAD + 'The banner read "the minister said no" in red letters.'
    assert speaker_of(text, "The banner") is None


def test_attribute_speakers_leaves_bare_groups_unattributed() -> None:
    text = HEAD + "The meeting ended without a statement, officials said."
    assert speaker_of(text, "The meeting") is None


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Mexican officials said the dialogue would go ahead in May.", "Mexican officials"),
        ("Analysts at Lockbridge Capital said the curbs were narrow.", "Analysts at Lockbridge Capital"),
    ],
)
def test_attribute_speakers_attributes_qualified_groups(sentence: str, speaker: str) -> None:
    assert speaker_of(HEAD + sentence, sentence[:12]) == speaker


def test_attribute_speakers_handles_interview_turns_in_capitals() -> None:
    text = (
        "Excerpts from an evening debate\n\n"
        "The show aired with host Arkady Veselov and retired Col. Viktor Shilov as guests.\n\n"
        "VESELOV: Why does the West still draw lines? SHILOV: Because it needs an enemy. It always has."
    )
    result = speakers(text)
    assert [speaker for _, speaker in result[-3:]] == [
        "host Arkady Veselov",
        "retired Col. Viktor Shilov",
        "retired Col. Viktor Shilov",
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Minister Ana Lo said the talks failed.",
                '"We are ready," she said.',
                '"The door is open."',
                "The embassy said it regretted the vote.",
                "Prices rose 3 percent.",
                "According to the Central Bank, reserves fell.",
                "LO: We will see.",
                "officials said so, he added",
                "\n\n",
                "“Nobody asked us,",
                "” he told reporters.",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_attribute_speakers_names_only_mentions_in_the_text(text: str) -> None:
    spans = segment(text)
    result = attribute_speakers(text, spans)
    assert len(result) == len(spans)
    assert all(speaker is None or (speaker and speaker in text) for speaker in result)


def test_attribute_speakers_empty_text() -> None:
    assert attribute_speakers("", []) == []


def test_speaker_table_counts_sentences_and_frames_per_speaker() -> None:
    labels = [[], ["sovereignty"], ["sovereignty", "whataboutism"], ["security_concerns"], []]
    who = [None, "Minister Ana Lo", "Minister Ana Lo", "the embassy", None]
    table = speaker_table(labels, who)
    assert sum(row["sentences"] for row in table) == len(labels)
    assert [row["speaker"] for row in table] == [None, "Minister Ana Lo", "the embassy"]  # ties keep first order
    rows = {row["speaker"]: row for row in table}
    assert rows["Minister Ana Lo"]["frames"] == {"sovereignty": 2, "whataboutism": 1}
    assert rows[None]["frames"] == {}
    for row in table:
        assert all(0 < count <= row["sentences"] for count in row["frames"].values())


def test_speaker_table_orders_by_sentence_count() -> None:
    table = speaker_table([[], [], [], []], ["A", "B", "B", None])
    assert [row["speaker"] for row in table] == ["B", "A", None]


def test_speaker_table_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="label lists"):
        speaker_table([[]], [None, "A"])


def test_attribute_speakers_resolves_q_and_a_turns_to_interviewer_and_guest() -> None:
    text = (
        '"The river is ours to manage"\n\n'
        "Dr. Amara Linde-Osei directs a water institute in Accra. "
        "She spoke to Delta Review correspondent Kofi Mensah-Baah in Tamale.\n\n"
        "Q: Who decides how much water flows south? A: The two governments, in theory. In practice, the dam does."
    )
    result = speakers(text)
    assert [speaker for _, speaker in result[-3:]] == [
        "Delta Review correspondent Kofi Mensah-Baah",
        "Dr. Amara Linde-Osei",
        "Dr. Amara Linde-Osei",
    ]


def test_attribute_speakers_reads_labels_with_roles_and_askers_in_parentheses() -> None:
    text = (
        "Daily briefing, May 3\n\n"
        "QUESTION (Coastline Radio): Will the envoy be expelled?\n\n"
        "Foreign Ministry spokeswoman Lena Marsh: We will answer in our own time. The decision is ours."
    )
    assert [speaker for _, speaker in speakers(text)[1:]] == [
        "Coastline Radio",
        "Foreign Ministry spokeswoman Lena Marsh",
        "Foreign Ministry spokeswoman Lena Marsh",
    ]


def test_attribute_speakers_gives_an_unlabelled_interview_its_prompt_and_answer() -> None:
    paragraphs = [
        ["'Small states have choices': a scholar on the islands"],
        ["NUKU — Professor Tevita Lolo teaches politics in Nuku.", "He spoke to the Reef Journal in his office."],
        ["Your critics say the port deal is a trap.", "Is it?", "No, it is a contract with an exit clause."],
        ["Critics also say you are naive.", "I have heard worse from better critics."],
    ]
    assert speakers_of_sentences(paragraphs)[3:] == [
        None,
        None,
        "Professor Tevita Lolo",
        None,
        "Professor Tevita Lolo",
    ]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # an institution's statement printed whole
        (
            [
                ["Statement of the Ministry of Foreign Affairs of Norland on the border incident"],
                ["The events of 4 May are regrettable.", "Norland will defend every metre of its soil."],
            ],
            [None, "the Ministry of Foreign Affairs of Norland", "the Ministry of Foreign Affairs of Norland"],
        ),
        # a speech reproduced after the outlet's introduction
        (
            [
                ["The speech at the harbour rally"],
                ["The following is the text of a speech delivered on Sunday by Rosa Quint, a dock workers' leader."],
                ["Good morning, everyone.", "This harbour belongs to the people who work in it."],
            ],
            [None, None, "Rosa Quint", "Rosa Quint"],
        ),
        # a letters page: each letter is its signatory's; the headline and signatures are nobody's
        (
            [
                ["Letters: the new bases"],
                ["Your editorial was wrong about the bases.", "They make our town a target."],
                ["Hanna Berglund, Kiruna"],
                ["I disagree with the previous writer."],
                ["Tomas Ek, Lulea"],
            ],
            [None, "Hanna Berglund", "Hanna Berglund", None, "Tomas Ek", None],
        ),
    ],
)
def test_attribute_speakers_gives_a_document_its_own_voice(
    paragraphs: list[list[str]], expected: list[str | None]
) -> None:
    assert speakers_of_sentences(paragraphs) == expected


def test_attribute_speakers_keeps_a_single_letter_as_the_author_voice() -> None:
    paragraphs = [["Letter: the new bases"], ["The bases make our town a target."], ["Hanna Berglund, Kiruna"]]
    assert speakers_of_sentences(paragraphs) == [None, None, None]


@pytest.mark.parametrize(
    ("body", "sentence", "expected"),
    [
        # an age between commas is no apposition
        (
            'Mira Santos, 31, a nurse buying bread, said prices had doubled. "We cannot live like this," she said.',
            '"We cannot',
            "Mira Santos",
        ),
        # a relative clause without "that": its subject, not the noun before it
        (
            "Norland joined the bloc, a step the Foreign Ministry described as historic. "
            "The Foreign Ministry also said the vote was free.",
            "Norland joined",
            "the Foreign Ministry",
        ),
        # a present-tense verb after a qualified plural subject
        (
            "Norlandic officials reply that the port is a commercial venture.",
            "Norlandic officials",
            "Norlandic officials",
        ),
        # a reporter is a person who asks
        ("At the briefing, a reporter asked whether the talks had failed.", "At the briefing", "a reporter"),
        # a statement owned by a body speaks for it
        (
            "The Coastal Alliance said on Monday that it would meet again. Its statement called for calm.",
            "Its statement",
            "The Coastal Alliance",
        ),
        # ... and for nobody when no speaker came before it
        (
            "The Coastal Alliance met on Monday. Its statement called for calm on the border.",
            "Its statement",
            None,
        ),
    ],
)
def test_attribute_speakers_handles_more_cue_forms(body: str, sentence: str, expected: str | None) -> None:
    assert speaker_of(HEAD + body, sentence) == expected


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Gen. Dwight Carrasco", "the head of Africa Command, Gen. Dwight Carrasco", True),
        ("Carrasco", "Gen. Dwight Carrasco", True),
        ("The Libyan National Army", "the eastern-based Libyan National Army", True),
        ("the Kremlin", "The Kremlin", True),
        ("foreign minister", "Foreign Minister Ana Lo", False),
        ("NATO", "NATO Secretary General Ann Lo", False),
        ("Chinese Embassy", "South Chinese Embassy", False),
        ("Ana Lo", "Ben Lo", False),
    ],
)
def test_same_speaker_matches_mentions_of_one_speaker_only(first: str, second: str, same: bool) -> None:
    assert same_speaker(first, second) is same
    assert same_speaker(second, first) is same


@pytest.mark.parametrize(
    ("body", "sentence", "expected"),
    [
        # a possessive before a noun is no subject ("Beijing's answer: ...")
        ("The mayor spoke first. Beijing's answer: tariffs on our cars.", "Beijing's answer", None),
        # a subordinate clause's asker yields to the main clause's speaker
        (
            "Foreign Minister Omar Rask met reporters. "
            'When a reporter asked, "What about trade?", Rask said no talks could begin.',
            "When a reporter",
            "Foreign Minister Omar Rask",
        ),
        # "the general" after "Gen. X" was introduced
        (
            "Gen. Ada Moreno briefed the committee on Tuesday. About 6,000 troops are deployed, the general said.",
            "About 6,000",
            "Gen. Ada Moreno",
        ),
        # a party-and-state apposition is not the speaker
        ("Sen. Lia Ortiz, R-Texas, asked what about the older contracts.", "Sen. Lia Ortiz", "Sen. Lia Ortiz"),
    ],
)
def test_attribute_speakers_avoids_false_subjects(body: str, sentence: str, expected: str | None) -> None:
    assert speaker_of(HEAD + body, sentence) == expected


@pytest.mark.parametrize(
    ("body", "sentence", "expected"),
    [
        # a view reported as someone's
        ("For Jatoi, the risk is that both capitals now believe in force alone.", "For Jatoi", "Jatoi"),
        ("For Congolese officials, the deal is a guarantee.", "For Congolese officials", "Congolese officials"),
        # ... but not a time or a quantity
        ("For more than two centuries, the procedure has not changed.", "For more than", None),
        # figures speak for their source
        ("It was the 31st intrusion, according to Japan Coast Guard figures.", "It was", "Japan Coast Guard"),
        ("Imports fell 11 percent, according to figures cited by the Commission.", "Imports fell", "the Commission"),
        # an "of" affiliation and a role apposed before the name are part of the fullest mention
        (
            "Host Ana Ruiz spoke with economist Itzel Mora of the University of Panama about water. "
            "Mora said the lake was low.",
            "Mora said",
            "economist Itzel Mora of the University of Panama",
        ),
        (
            "Its curator, historian Zsofia Keri, spent years on the collection. Keri said most files were lost.",
            "Keri said",
            "Its curator, historian Zsofia Keri",
        ),
        # a place after the name is not
        ("Tomas Lipski said in Warsaw that the vote was close.", "Tomas Lipski", "Tomas Lipski"),
    ],
)
def test_attribute_speakers_follows_the_codebook_mentions(body: str, sentence: str, expected: str | None) -> None:
    assert speaker_of(HEAD + body, sentence) == expected


@pytest.mark.parametrize(
    ("body", "sentence", "expected"),
    [
        # an acronym stands for the name it was introduced with
        (
            "The Rapid Support Forces (RSF) hold the city. The RSF said its forces would stay.",
            "The RSF said",
            "The Rapid Support Forces",
        ),
        # a cited document speaks for whoever issued it
        (
            "Leaders of the Coastal Forum on Tuesday adopted a declaration on shipping. "
            "The declaration said the lanes must stay open.",
            "The declaration said",
            "Leaders of the Coastal Forum",
        ),
        (
            "The ministers discussed energy, according to the ministry's statement.",
            "The ministers",
            "the ministry",
        ),
    ],
)
def test_attribute_speakers_resolves_acronyms_and_documents(body: str, sentence: str, expected: str) -> None:
    assert speaker_of(HEAD + body, sentence) == expected
