import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediacompare import corpus, quotes

from conftest import MOSCOW_TIMES, MOSCOW_TIMES_ID, SPUTNIK, SPUTNIK_ID, text_of


def found(body, title=""):
    arts = corpus.from_texts([{"outlet": "X", "text": body, "title": title}])
    table = quotes.extract(arts)
    return [(r.text, r.speaker, r.kind) for r in table.itertuples()], table, arts


@pytest.mark.parametrize("body, expected", [
    ('"We will win," Velik said.', [("We will win,", "Velik", "full")]),
    ("“We will win,” said Anna Berg.", [("We will win,", "Anna Berg", "full")]),
    ("‘We will win,’ Velik said.", [("We will win,", "Velik", "full")]),
    ("Velik said: «We will win.»", [("We will win.", "Velik", "full")]),
    ("'We will win,' Velik said.", [("We will win,", "Velik", "full")]),
], ids=["straight", "curly", "british-single", "guillemets", "straight-single"])
def test_quote_mark_styles(body, expected):
    assert found(body)[0] == expected


def test_apostrophes_are_not_quotes():
    body = ("Russia’s minister said the ministers’ talks, the US’ embassy and rock ’n’ roll in the ’90s were over. "
            "\"We can’t stop, and Russia's people won't,\" Velik said.")
    assert found(body)[0] == [("We can’t stop, and Russia's people won't,", "Velik", "full")]


def test_a_plural_possessive_inside_a_single_quoted_quote_does_not_end_it():
    assert found("'The ministers' decision was wrong,' Velik said.")[0] == [
        ("The ministers' decision was wrong,", "Velik", "full")]


def test_a_quote_split_by_its_attribution_is_one_quote_whose_text_joins_the_parts():
    rows, table, arts = found('"We will not retreat," Velik said, "and we will not apologise."')
    assert rows == [("We will not retreat, and we will not apologise.", "Velik", "full")]
    body = arts["text"].item()
    assert [body[a:b] for a, b in table["parts"].item()] == ["We will not retreat,", "and we will not apologise."]
    assert (table["start"].item(), table["end"].item()) == (1, len(body) - 1)


def test_a_quote_running_over_several_paragraphs():
    body = '"The first part of the statement.\n\n"The second part goes on.\n\n"And the last part," Velik said.\n\nThe council met.'
    rows, table, _ = found(body)
    assert rows == [("The first part of the statement. The second part goes on. And the last part,", "Velik", "full")]
    assert len(table["parts"].item()) == 3


def test_nested_quotes_stay_inside_the_outer_quote():
    assert found("\"They told me 'never again' and left,\" Velik said.")[0] == [
        ("They told me 'never again' and left,", "Velik", "full")]
    assert found("“They told me “never again” and left,” Velik said.")[0] == [
        ("They told me “never again” and left,", "Velik", "full")]


def test_an_unbalanced_quote_ends_at_its_paragraph():
    rows, _, arts = found('Velik said "we will never stop.\n\nThe council met on Monday. It voted to close the bridge.')
    assert rows == [("we will never stop.", "Velik", "fragment")]


def test_an_unterminated_quote_at_the_end_of_the_article():
    assert found('Velik said: "we will')[0] == [("we will", "Velik", "full")]


@pytest.mark.parametrize("body, expected", [
    ('Velik called it a "very sensitive" issue.', [("very sensitive", "Velik", "fragment")]),
    ('The talks were "constructive," Velik said.', [("constructive,", "Velik", "fragment")]),
    ('Velik said it was "regrettable but necessary."', [("regrettable but necessary.", "Velik", "fragment")]),
])
def test_short_fragments_and_scare_quotes_are_fragments(body, expected):
    assert found(body)[0] == expected


def test_quotes_in_the_headline_are_kept_apart_from_the_body():
    _, table, arts = found('Velik said the bridge was "unsafe."', title="Velik Says Bridge Is 'Unsafe'")
    assert table[["where", "text", "speaker"]].values.tolist() == [["body", "unsafe.", "Velik"], ["headline", "Unsafe", "Velik"]]
    headline = table[table["where"] == "headline"].iloc[0]
    assert arts["title"].item()[headline.start:headline.end] == "Unsafe"


@pytest.mark.parametrize("body, speaker, cue", [
    ('"We are ready," said Maria Zakharova, the ministry\'s spokeswoman.', "Maria Zakharova", "said"),
    ('Velik told reporters: "We are ready."', "Velik", "told"),
    ('According to the port authority, "the ferry will run twice a day."', "port authority", "according to"),
    ('Kremlin spokesman Dmitry Peskov stressed that Russia was "not threatening anyone."', "Dmitry Peskov", "stressed"),
    ('Russian President Vladimir Putin, speaking after talks with U.S. leader Joe Biden, said Wednesday that Moscow '
     'reserves the right to "defend its security."', "Vladimir Putin", "said"),
    ('Zelenskiy — who has said he is ready to talk — said it was "positive."', "Zelenskiy", "said"),
    ('The French foreign ministry said it had sent "strong messages" to Moscow.', "French foreign ministry", "said"),
    ('"We are ready," they said.', "", "said"),
    ('"We are ready."', "", ""),
    ('"We will respond," said the ministry\'s spokeswoman, Maria Zakharova.', "Maria Zakharova", "said"),
    ('Lavrov was quoted as saying: "The West must listen."', "Lavrov", "saying"),
    ('NATO Secretary-General Jens Stoltenberg warned of "serious consequences."', "Jens Stoltenberg", "warned"),
    ('Peskov, the Kremlin spokesman, said: "No comment."', "Peskov", "said"),
    ('The minister told the BBC that the plan was "dead."', "the minister", "told"),
    ('"We are ready," opposition candidate Maria Kolesnikova said.', "Maria Kolesnikova", "said"),
    ('"We are ready," chief executive Mark Liu said in a video.', "Mark Liu", "said"),
    ('"We are ready," Petrinja mayor Darinko Dumbović told N1 television.', "Darinko Dumbović", "told"),
    ('"The market is balanced," Saudi Energy Minister Prince Abdulaziz bin Salman told reporters.',
     "Abdulaziz bin Salman", "told"),
    ('"We stand with Croatia," Commission President Ursula von der Leyen wrote.', "Ursula von der Leyen", "wrote"),
    ('"It was an honour," Nagelsmann, 35, wrote.', "Nagelsmann", "wrote"),
    ('"We respect the law," a company spokesperson said.', "a company spokesperson", "said"),
    ('The opposition refused to accept the result, saying the vote had been "stolen".', "opposition", "saying"),
    ('The WHO called the findings "a potential game-changer".', "WHO", "called"),
    ('Club president Herbert Hainer declined to comment but said it would come "very soon".', "Herbert Hainer", "said"),
    ('According to one delegate, the talks lasted "less than twenty minutes".', "one delegate", "according to"),
    ('Halvorsen, in Tromsø, said the quay was "far too short".', "Halvorsen", "said"),
    ('Brekke, who farms near Lillehammer, Norway, called the plan "a joke".', "Brekke", "called"),
    ('"The quay is too short," said the harbourmaster on Monday.', "the harbourmaster", "said"),
    ('"It will not open this year," said the head of the port authority.', "head of the port authority", "said"),
    ('"They will sell," said a cousin close to the Aaslands.', "a cousin close to the Aaslands", "said"),
    ('The ferry "runs late most days," as Dahl said on Friday.', "Dahl", "said"),
    ('Because the ferry was late, explained Nygaard, "nobody came."', "Nygaard", "explained"),
    ('Halvorsen says Nygaard "knows the harbour".', "Halvorsen", "says"),
    ('But as the weekly paper noted on Friday, the mayor "has few friends left".', "the weekly paper", "noted"),
    ('Ingrid Solberg read the plan twice and called the new timetable "a gift to the bus company."', "Ingrid Solberg",
     "called"),
    ('The harbour holds a night market called "Saltlys" in August.', "", "called"),
    ('"We had spoken to him that morning," his nephew Ola Brekke added.', "Ola Brekke", "added"),
    ('"Fish prices will fall," the Harbour Party’s Sigrid Lie told the paper.', "Sigrid Lie", "told"),
    ('While the shipyard would not say how many welders it planned to hire over the coming winter, Tor Aasen smiled '
     'and called the order "the largest in ten years."', "Tor Aasen", "called"),
], ids=["said-X-apposition", "colon", "according-to", "apposition-before", "comma-aside", "dash-aside", "organisation",
        "unsure-they", "no-attribution", "description-then-name", "quoted-as-saying", "hyphenated-title-and-acronym",
        "name-then-description", "unnamed-description", "role-in-lower-case", "two-word-role", "place-before-role",
        "particle-in-name", "particles-in-name", "age-aside", "unnamed-spokesperson", "capitalised-determiner",
        "the-acronym", "longest-subject", "according-to-no-name", "place-aside", "place-ending-a-relative-clause",
        "description-then-day", "description-then-of", "description-to-the-clause-end", "as-X-said", "inverted-cue",
        "name-after-cue-is-not-the-speaker", "as-a-description-noted", "naming-verb-after-and",
        "naming-participle", "relative-then-name", "party-then-name", "long-subordinate-clause"])
def test_attribution(body, speaker, cue):
    table = found(body)[1]
    assert (table["speaker"].item(), table["cue"].item()) == (speaker, cue)


def test_pronouns_and_descriptions_resolve_to_the_latest_matching_named_speaker():
    body = ('Russian President Vladimir Putin said talks were "useful." Ukrainian President Volodymyr Zelenskiy said '
            'they were "a start."\n\nHe added that Kyiv was "ready."\n\nThe Russian leader stressed it was "too early."\n\n'
            'Putin said: "We will see."')
    table = found(body)[1]
    assert table["speaker"].tolist() == ["Vladimir Putin", "Volodymyr Zelenskiy", "Volodymyr Zelenskiy",
                                         "Vladimir Putin", "Vladimir Putin"]
    assert table["mention"].tolist() == ["Russian President Vladimir Putin", "Ukrainian President Volodymyr Zelenskiy",
                                         "He", "The Russian leader", "Putin"]


def test_he_after_a_titled_person_acts_is_that_person_not_the_last_speaker():
    body = ('"We are not escalating," Foreign Minister Sergei Lavrov said.\n\n'
            'U.S. Secretary of State Antony Blinken dismissed the remarks. "Russia has a choice to make," he said.')
    assert found(body)[1]["speaker"].tolist() == ["Sergei Lavrov", "Antony Blinken"]


def test_it_resolves_to_the_latest_organisation():
    body = ('The French foreign ministry statement came after talks.\n\n'
            'It said that the allies had "expressed their determination."')
    assert found(body)[1]["speaker"].item() == "French foreign ministry"


def test_a_quote_that_carries_on_keeps_its_speaker():
    body = '"Nobody walks across anymore," said Petra Lund, who runs a bakery. "We are losing the morning crowd."'
    assert found(body)[0] == [("Nobody walks across anymore,", "Petra Lund", "full"),
                              ("We are losing the morning crowd.", "Petra Lund", "full")]


def test_seed_quotes(seed):
    table = quotes.extract(seed)
    sputnik = table[table["doc_id"] == SPUTNIK_ID]
    assert sputnik["text"].str[:30].tolist() == ["confrontational,", "The structure [NATO] considers",
                                                 "We cannot but be concerned abo", "open, substantive, and constru"]
    assert sputnik["kind"].tolist() == ["fragment", "full", "full", "fragment"]
    assert set(sputnik["speaker"]) == {"Vladimir Putin"}
    mt = table[(table["doc_id"] == MOSCOW_TIMES_ID) & (table["where"] == "body")]
    assert len(mt) == 18
    by_text = dict(zip(mt["text"], mt["speaker"]))
    assert by_text["strong"] == "Joe Biden"
    assert by_text["expressed their determination that the sovereignty of Ukraine be respected."] == "French foreign ministry"
    assert by_text["I think it's positive that the president of the United States spoke with the president of Russia,"] == "Volodymyr Zelenskiy"
    assert by_text["very sensitive"] == "Vladimir Putin"
    headline = table[table["where"] == "headline"]
    assert headline[["text", "speaker", "kind"]].values.tolist() == [["Right to Defend its Security", "Vladimir Putin", "fragment"]]
    for row in table[table["where"] == "body"].itertuples():
        assert text_of(seed, row.doc_id)[row.start:row.end] == row.text


@pytest.mark.parametrize("body", [
    "No quotes at all here.",
    '""""""""',
    '"' * 5000,
    ('He said "a" and "b" and “c” and ‘d’ and «e» ' * 300),
    'He said "we will',
    'Mixed “styles" and "more” and «odd" marks\' everywhere’.',
    "'''' ’’’ ‘‘‘",
])
def test_bad_input_gives_a_table_never_an_exception(body):
    _, table, arts = found(body)
    assert list(table.columns) == quotes.QUOTE_COLUMNS
    text = arts["text"].item()
    for row in table.itertuples():
        assert 0 <= row.start <= row.end <= len(text)
        assert all(0 <= a < b <= len(text) for a, b in row.parts)


def test_no_quotes_gives_an_empty_table():
    assert found("No quotes at all here.")[1].empty


MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„"]
PIECES = MARKS + ["word", "Velik", "said", ",", ".", " ", " ", "\n\n", "s", "n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join).filter(lambda s: any(c.isalnum() for c in s)))
def test_quote_spans_are_always_valid(body):
    _, table, arts = found(body)
    text = arts["text"].item()
    previous = -1
    for row in table[table["where"] == "body"].itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert row.text == " ".join(text[a:b] for a, b in row.parts)
        assert row.start > previous
        previous = row.start


# --- matching -----------------------------------------------------------------------------------------

def two(text_a, text_b):
    arts = corpus.from_texts([{"outlet": "A", "text": text_a, "doc_id": "a"}, {"outlet": "B", "text": text_b, "doc_id": "b"}])
    return quotes.match(quotes.extract(arts), arts, "A", "B"), arts


def test_seed_quote_matches(seed):
    table = quotes.extract(seed)
    matches = quotes.match(table, seed, SPUTNIK, MOSCOW_TIMES)
    assert len(matches) == len(table)  # every quote of both outlets, once
    assert not matches.duplicated(["outlet", "doc_id", "quote_id"]).any()
    kind = {(r.outlet, r.text[:25]): r.match_type for r in matches.itertuples()}
    assert kind[(SPUTNIK, "We cannot but be concerne")] == kind[(MOSCOW_TIMES, "We cannot but be concerne")] == "exact"
    assert kind[(MOSCOW_TIMES, "constructive,")] == kind[(SPUTNIK, "open, substantive, and co")] == "contained"
    assert kind[(SPUTNIK, "The structure [NATO] cons")] == "unique"
    zelenskiy = table[table["speaker"] == "Volodymyr Zelenskiy"]
    assert set(matches.merge(zelenskiy[["doc_id", "quote_id"]])["match_type"]) == {"unique"}
    peaceful = matches[matches["text"].str.startswith("Russia has a peaceful")].iloc[0]
    sputnik = text_of(seed, SPUTNIK_ID)
    span = "a peaceful foreign policy but has the right to defend its security"
    assert (peaceful.match_type, peaceful.other_doc_id) == ("paraphrase", SPUTNIK_ID)
    assert (peaceful.other_start, peaceful.other_end) == (sputnik.index(span), sputnik.index(span) + len(span))
    assert sputnik[peaceful.other_start - len("has been pursuing "):peaceful.other_start] == "has been pursuing "
    assert peaceful.score == round(6 / 7, 4)  # 6 of its 7 content words; "Russia" is not there
    contained = matches[(matches["outlet"] == MOSCOW_TIMES) & (matches["match_type"] == "contained")].iloc[0]
    assert contained["diff"] == "{+open, substantive, and+} constructive."


@pytest.mark.parametrize("quote_a, quote_b, match_type, score", [
    ("We will defend our defence industry,", "We will defend our defense industry.", "exact", 1.0),
    # 6 of the shorter quote's 7 words are found in order in the longer (better than 2·6/15 over both)
    ("We will not allow NATO to expand eastwards,", "We will not let NATO expand eastwards,", "fuzzy", round(6 / 7, 4)),
    ("We cannot … accept this situation,", "We cannot under any circumstances accept this situation,", "fuzzy", 1.0),
    ("The structure [NATO] considers us unfriendly,", "The structure considers us unfriendly,", "fuzzy", 1.0),
    ("the strongest possible response,", "We are ready to give the strongest possible response,", "contained", round(4 / 9, 4)),
    ("We had a good meeting,", "Prices will rise again next year,", "unique", 0.0),
], ids=["spelling-variant", "changed-word", "ellipsis", "bracketed-insertion", "trimmed", "different"])
def test_quote_match_types(quote_a, quote_b, match_type, score):
    matches, _ = two(f'"{quote_a}" Velik said.', f'"{quote_b}" Velik said.')
    assert matches["match_type"].tolist() == [match_type, match_type]
    assert matches["score"].tolist() == [score, score]


def test_a_fuzzy_match_carries_a_word_diff():
    matches, _ = two('"We will not allow NATO to expand eastwards," Velik said.', '"We will not let NATO expand eastwards," Velik said.')
    assert matches["diff"].tolist() == ["We will not [-allow-] {+let+} NATO [-to-] expand eastwards,",
                                        "We will not [-let-] {+allow+} NATO {+to+} expand eastwards,"]


def test_a_quote_the_other_outlet_only_paraphrases():
    matches, arts = two('"The bridge will stay closed for six more weeks," Velik said.',
                        "Velik said the bridge will stay closed for six more weeks after the inspection.")
    row = matches.iloc[0]
    assert (row.match_type, row.other_text) == ("paraphrase", "the bridge will stay closed for six more weeks")
    body_b = arts["text"].iloc[1]
    assert body_b[row.other_start:row.other_end] == row.other_text
    assert len(matches) == 1  # B has no quote of its own


def test_match_with_an_outlet_that_is_not_in_the_corpus(seed):
    from mediacompare.errors import OutletError

    with pytest.raises(OutletError):
        quotes.match(quotes.extract(seed), seed, SPUTNIK, "TASS")


def test_match_with_no_quotes_is_an_empty_table():
    matches, _ = two("No quotes here.", "None here either.")
    assert matches.empty and list(matches.columns) == quotes.MATCH_COLUMNS


def test_voices(seed):
    table = quotes.voices(quotes.extract(seed), SPUTNIK, MOSCOW_TIMES)
    rows = {r.speaker: (r.quotes_a, r.words_a, r.quotes_b, r.words_b, r.quoted_by) for r in table.itertuples()}
    # Sputnik's four Putin quotes: 1 + 45 + 33 + 4 words; the Moscow Times' eight: 3+14+2+33+2+11+1+1
    assert rows["Vladimir Putin"] == (4, 83, 8, 67, "both")
    assert rows["Volodymyr Zelenskiy"] == (0, 0, 5, 46, MOSCOW_TIMES)
    assert rows["Joe Biden"] == (0, 0, 1, 1, MOSCOW_TIMES)
    assert table["speaker"].iloc[0] == "Vladimir Putin"


def test_voices_merge_a_surname_with_the_full_name_and_count_the_unattributed():
    arts = corpus.from_texts([{"outlet": "A", "text": '"We will win," Putin said.', "doc_id": "a"},
                              {"outlet": "B", "text": 'Vladimir Putin said: "We will win." "Go," they said.', "doc_id": "b"}])
    table = quotes.voices(quotes.extract(arts), "A", "B")
    assert table[["speaker", "quotes_a", "quotes_b", "quoted_by"]].values.tolist() == [
        ["Vladimir Putin", 1, 1, "both"], ["(unattributed)", 0, 1, "B"]]


def test_a_double_quote_inside_a_british_single_quote_is_part_of_it():
    assert found("‘He told me “never again”,’ Velik said.")[0] == [("He told me “never again”,", "Velik", "full")]


def test_an_attribution_after_a_question_that_ends_the_sentence():
    assert found('"Why now?" Velik asked. "Nobody knows."')[0] == [("Why now?", "Velik", "full"), ("Nobody knows.", "Velik", "full")]
    assert found('"We are ready." Velik then left the room.')[0] == [("We are ready.", "", "full")]


def test_a_cue_word_used_as_a_noun_is_not_a_cue():
    table = found('Velik said the troops were "not there" and that the claims were "lies."')[1]
    assert table[["speaker", "cue"]].values.tolist() == [["Velik", "said"], ["Velik", "said"]]


# --- people: speaker_id, gender, pronouns --------------------------------------------------------------

def test_voices_of_no_quotation_is_an_empty_table_with_its_columns():
    arts = corpus.from_texts([{"outlet": "A", "text": "No quotes here.", "doc_id": "a"},
                              {"outlet": "B", "text": "None here either.", "doc_id": "b"}])
    table = quotes.voices(quotes.extract(arts), "A", "B")
    assert table.empty and list(table.columns) == quotes.VOICE_COLUMNS


def test_a_surname_and_an_honorific_resolve_to_the_fullest_name():
    body = ('Former Secretary of State Hillary Clinton spoke in Ohio. "We will win," Clinton said.\n\n'
            '"It is close," Mrs. Clinton told reporters.')
    table = found(body)[1]
    assert table[["speaker", "speaker_id"]].values.tolist() == [["Hillary Clinton", "Hillary Clinton"]] * 2


def test_voices_count_by_speaker_id():
    arts = corpus.from_texts([{"outlet": "A", "text": 'Anna Berg arrived. "Yes," Berg said. "No," Ms. Berg said.', "doc_id": "a"},
                              {"outlet": "B", "text": '"Maybe," said Anna Berg.', "doc_id": "b"}])
    table = quotes.voices(quotes.extract(arts), "A", "B")
    assert table[["speaker", "quotes_a", "words_a", "quotes_b", "words_b"]].values.tolist() == [["Anna Berg", 2, 2, 1, 1]]


@pytest.mark.parametrize("body, speakers", [
    # "she" skips the nearer man; "he" skips the nearer woman (first names, honorifics, gendered roles)
    ('Tom Hale met Anna Berg on Monday. "We agreed," she said.', ["Anna Berg"]),
    ('Anna Berg met Tom Hale on Monday. "We agreed," he said.', ["Tom Hale"]),
    ('Mr. Lund met Ms. Okafor. "It went well," she said.', ["Okafor"]),
    ('The spokeswoman, Kim Dale, met Lee Park, a spokesman. "No," she said.', ["Kim Dale"]),
    # within a sentence the subject wins; names inside a quotation are never antecedents
    ('Tom Hale thanked John Roe. "Ask Bill Cole," he said.', ["Tom Hale"]),
    # the pronoun is read where it stands, not where the quote is
    ('Anna Berg spoke after Tom Hale. He said the plan was "dead."', ["Tom Hale"]),
    # a name whose verb is a cue is a speaker "she" may mean, even with an apposition before the verb and no known
    # first name: the nearer subject wins over the mayor, whose gender is known
    ('Mayor Anna Berg won. She thanked the city. Quill Ostrova, who ran the mayor\'s campaign, argued that the vote '
     'was fair. "We won it twice," she told reporters.', ["Quill Ostrova"]),
    # a name right after a cue is its sentence's subject; a name between "the" and a noun only modifies the noun
    ('Mayor Anna Berg spoke. The Berg plan is costly, said Nora Ostrova, a banker. "It will fail," she said.',
     ["Nora Ostrova"]),
    # ... and a name after "said" that opens the reported clause is not the speaker
    ('Mayor Anna Berg spoke. Nora Ostrova, a banker, said Mayor Berg was wrong. "It will fail," she said.',
     ["Nora Ostrova"]),
])
def test_pronouns_agree_in_gender_and_prefer_the_subject(body, speakers):
    assert found(body)[1]["speaker"].tolist() == speakers


@pytest.mark.parametrize("unit", ["Abc", 'Ab.c,D"e\'f“G”h'], ids=["letters", "marks"])
def test_extract_is_linear_on_one_line_without_spaces(unit):
    # the name pattern once backtracked here: 25k/100k characters took 1.2/84 s; linear work grows 4x for 4x the
    # input, and 10x leaves room for a busy machine while a quadratic (16x) or worse blow-up still fails
    import time

    def best_of_three(n):
        arts = corpus.from_texts([{"outlet": "X", "text": (unit * n)[:n]}])
        times = []
        for _ in range(3):
            start = time.perf_counter()
            quotes.extract(arts)
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = best_of_three(10_000), best_of_three(40_000)
    assert large < 10 * small + 0.05


@pytest.mark.parametrize("body, expected", [
    # a paragraph that holds only a quotation continues the last speaker
    ('Tom Hale spoke at the hall. "We will build it," Hale said.\n\n"It will take two years."',
     [("We will build it,", "Tom Hale", "full"), ("It will take two years.", "Tom Hale", "full")]),
    # a paragraph that ends with a colon announces the speaker of the quotation that opens the next one
    ('Ruth Dale continued:\n\n"We were never asked."', [("We were never asked.", "Ruth Dale", "full")]),
    ('When the mill closed in 1998, Mayor Ruth Dale released this statement:\n\n"We thank every worker."',
     [("We thank every worker.", "Ruth Dale", "full")]),
    # a quotation that is a sentence of its own continues the subject of the sentence before it
    ('Sami Okoro recalled his first winter. "It was very cold."', [("It was very cold.", "Sami Okoro", "full")]),
    # a quoted fragment inside indirect speech belongs to the speaker of that speech, cue verb or not
    ('Tom Hale called the plan "naive" on Monday.', [("naive", "Tom Hale", "fragment")]),
    ('Anna Berg bemoaned a climate in which people "hate each other."', [("hate each other.", "Anna Berg", "fragment")]),
    # transcript lines: the label speaks
    ('PENCE: Well, we said "never again" to them.', [("never again", "Pence", "fragment")]),
    # a capitalised sentence opener is not a name
    ('When Tom Hale arrived, the crowd cheered. "It was a good day," he said.', [("It was a good day,", "Tom Hale", "full")]),
    # adjacent quotations stay two, and the first takes the attribution of the second
    ('"We are ready." "We have always been ready," Hale said.',
     [("We are ready.", "Hale", "full"), ("We have always been ready,", "Hale", "full")]),
    # a speaker named by surname alone is who a later pronoun means, even with no title or known gender
    ('Lonechild said the band was "ignored."\n\n"Nobody called," she said.',
     [("ignored.", "Lonechild", "fragment"), ("Nobody called,", "Lonechild", "full")]),
    # a party label in parentheses and an apposition stand between the name and its verb
    ('Rep. Ann Lowe (D-Md.), chair of the committee, said it was "fully committed."',
     [("fully committed.", "Ann Lowe", "fragment")]),
    # an opening phrase set off by a comma is not the subject
    ('Later on Sunday, Tom Hale posted a photo, writing "See you soon."', [("See you soon.", "Tom Hale", "fragment")]),
], ids=["paragraph-of-quote-only", "announced-by-colon", "statement-announced-by-colon", "own-sentence", "fragment-with-cue", "fragment-without-cue",
        "transcript", "sentence-opener", "adjacent", "surname-then-pronoun", "party-label", "opening-phrase"])
def test_news_conventions_of_attribution(body, expected):
    assert found(body)[0] == expected


@pytest.mark.parametrize("body, speaker", [
    ('The New York Post said the deal was "a disaster."', "New York Post"),
    ('"We will strike again," al-Shabaab said in a statement.', "al-Shabaab"),
    ('"It works," the Huffington Post reported.', "Huffington Post"),
    ('"The dam will hold," said Lena Q. Marsh, an engineer.', "Lena Q. Marsh"),  # an initial is not an acronym
])
def test_names_stay_whole(body, speaker):
    assert found(body)[1]["speaker"].item() == speaker


@pytest.mark.parametrize("body, expected", [
    ('The "peace plan" was dead by then.', [("peace plan", "", "scare")]),
    ('In Ottawa the mood was "grim."', [("grim.", "", "scare")]),
    ('Tom Hale told NBC’s "Meet the Press" that the plan was "dead."',
     [("Meet the Press", "", "scare"), ("dead.", "Tom Hale", "fragment")]),
    ('The show, "Morning Joe," aired late.', [("Morning Joe,", "", "scare")]),
    ('<tweet id="12345">Hi</tweet>', [("12345", "", "scare")]),
], ids=["scare-quote", "place-not-subject", "title-of-show", "title-set-off", "markup"])
def test_marks_that_quote_nobody_are_scare_quotes(body, expected):
    assert found(body)[0] == expected


def test_scare_quotes_are_not_anyones_words():
    arts = corpus.from_texts([{"outlet": "A", "text": 'Tom Hale said: "We won."\n\nThe "deal" was signed.', "doc_id": "a"},
                              {"outlet": "B", "text": "Nothing quoted.", "doc_id": "b"}])
    table = quotes.voices(quotes.extract(arts), "A", "B")
    assert table[["speaker", "quotes_a", "words_a"]].values.tolist() == [["Tom Hale", 1, 2]]


@pytest.mark.parametrize("body, expected", [
    ("''We will win,'' Velik said.", [("We will win,", "Velik", "full")]),
    ("Velik said ``we will win.''", [("we will win.", "Velik", "fragment")]),
], ids=["two-apostrophes", "backticks"])
def test_newswire_doubled_marks_are_double_quotes(body, expected):
    assert found(body)[0] == expected


@given(st.lists(st.sampled_from(["Tom Hale", "Anna Berg", "he", "she", "said", "told", "the senator", ".", ",", " ",
                                 '"', "“", "”", "\n\n", "Mr.", "Ms."]), min_size=1, max_size=40)
       .map(" ".join).filter(lambda s: any(c.isalpha() for c in s)))
@settings(max_examples=100, deadline=None)
def test_every_speaker_id_is_a_name_the_article_gives(body):
    _, table, arts = found(body)
    text = arts["text"].item()
    for speaker, speaker_id in zip(table["speaker"], table["speaker_id"]):
        assert (speaker == "") == (speaker_id == "")
        assert speaker_id in text and speaker.split()[-1:] == speaker_id.split()[-1:]


@pytest.mark.parametrize("body, speaker", [
    # an indefinite description is someone new: never the person named before it
    ('Tom Hale met Bo Lee. "We are ready," a spokesman for the campaign said.', "a spokesman for the campaign"),
    # a description right before a cue verb is the speaker when no one named fits it
    ('Tom Hale met Bo Lee. One strategist described the race as "a mess."', "one strategist"),
    ("Ann Berg spoke first. The state's interior minister promised \"fast help\".", "the state's interior minister"),
    ('Tom Hale met Bo Lee. "No," the senator said.', "the senator"),
    # a role that belongs to someone named
    ('Tom Hale met Bo Lee. "We are ready," Hale’s office said.', "Hale’s office"),
    # but a description whose role was given to someone named is that person
    ('Senator Ann Berg arrived. "No," the senator said.', "Ann Berg"),
], ids=["indefinite", "description-before-cue", "possessive-description", "role-no-one-was-given", "possessed-role",
        "role-given-before"])
def test_an_unnamed_speaker_is_the_description_the_article_gives(body, speaker):
    table = found(body)[1]
    assert table[["speaker", "speaker_id"]].values.tolist() == [[speaker, speaker]]


@pytest.mark.parametrize("body, speaker", [
    # "of state" is a noun's: the cue is "said"
    ('Tom Hale said the secretary of state was "a fighter."', "Tom Hale"),
    # a name with two descriptions set off by commas before its verb
    ('Ann Lowe, a pollster who works with Vox Group, a PAC, said it was "a mess."', "Ann Lowe"),
    # lower-case words of a role before its title
    ('Bo Lee spoke. Independent mayoral candidate Rita Okafor went online, writing: "Bad."', "Rita Okafor"),
    # an opening word set off by a comma is not the subject
    ('First, Tom Hale attacked Bo Lee for being a "failed candidate."', "Tom Hale"),
    # a capitalised word that only opens a sentence, named nowhere else, is no one
    ('Tom Hale spoke. Boos rained down as the crowd waved "Lock her up!" signs.', ""),
    # a name that modifies a role is not the sentence's subject; an opening phrase does not hide the subject
    ('Tom Hale won the vote. Hale adviser Bill Roe picked up the thread. "People see it," he said.', "Bill Roe"),
    ('Tom Hale spoke. Last winter, Ohio builder Carl Wendt wrote to Mr. Hale. "I was wrong," he said.',
     "Carl Wendt"),
    # a speaker named by surname after a cue is nearer than a person named in full further back
    ('Carlos Ruiz met Ann Berg on Monday. Schools would suffer, Jolly said.\n\n"It costs more," he said.', "Jolly"),
    # a cue word after a name's possessive is a noun: the words are those of whoever calls it so
    ('Tom Hale spoke. Ann Lowe replied on the radio, calling Hale’s charge "absurd."', "Ann Lowe"),
], ids=["cue-after-of", "two-appositions", "role-before-title", "opening-word", "sentence-opener-only",
        "name-modifying-a-role", "opening-phrase", "surname-speaker-is-nearer", "cue-noun-after-possessive"])
def test_the_better_evidenced_speaker_wins(body, speaker):
    assert found(body)[1]["speaker"].tolist() == [speaker]


@pytest.mark.parametrize("body, speaker", [
    # the verb's subject opens the sentence when no one stands right before the cue
    ('Tom Hale would rather argue that "the town was neglected."', "Tom Hale"),
    # an unnamed speaker whose description holds a name
    ('Tom Hale met Bo Lee. "No," a Hale campaign spokesman said.', "a Hale campaign spokesman"),
    # an apposition between the name and the verb after the quotation
    ('"We will appeal," Ann Lowe, a lawyer for the family, said.', "Ann Lowe"),
    # an attribution that goes on after a question mark ends the sentence
    ('"Why now?" asked Sen. Ann Lowe of Ohio, who chairs the committee on budgets and spending in the state.',
     "Ann Lowe"),
    # chanting is speech
    ('Tom Hale spoke. The crowd chanted "Build the bridge!" for minutes.', "the crowd"),
    # a pollster is a role: the name before it modifies it
    ('Tom Hale spoke. Hale pollster Bill Reed picked up the thread. "People see it," he said.', "Bill Reed"),
    # a participle or a dateline opening the sentence is not its subject
    ('Asked about the vote, Tom Hale shrugged at the "farce."', "Tom Hale"),
    ('WASHINGTON (AP) — Tom Hale on Monday laughed at the "farce."', "Tom Hale"),
    # capitalised words before a title that "of" continues belong to the role, not to the name
    ('Former US secretary of state Mary Lund, a Hale backer, drew fire for her remark that "it was a farce."',
     "Mary Lund"),
    # a short phrase of the writer's between the quotation and its attribution
    ('Tom Hale spoke. "It is a farce" in the council, Mary Lund said.', "Mary Lund"),
], ids=["subject-far-from-cue", "description-with-a-name", "apposition-after-quote", "attribution-after-question",
        "chant", "pollster", "participle-opener", "dateline", "capitalised-words-before-a-title", "phrase-before-attribution"])
def test_attribution_conventions_of_the_second_round(body, speaker):
    assert found(body)[1]["speaker"].tolist() == [speaker]


@pytest.mark.parametrize("body, expected", [
    # three lower-case words with no cue and no subject near are more often someone's words than no one's
    ('The plan was "dead on arrival" by then.', [("dead on arrival", "", "fragment")]),
    # a word or two in marks that neither a cue nor a speaker claims
    ('"Okay."\n\nThe meeting ended.', [("Okay.", "", "scare")]),
    # a title in a paragraph of its own, with no cue, after a title
    ('Tom Hale loves "Game Night."\n\n"Big Win."', [("Game Night.", "", "scare"), ("Big Win.", "", "scare")]),
], ids=["three-lower-case-words", "unclaimed-word", "title-without-cue"])
def test_how_many_words_make_a_quotation(body, expected):
    assert found(body)[0] == expected


@pytest.mark.parametrize("body, speaker", [
    # a surname ending like a participle is still a name before its verb
    ('Husted continued by saying, "We will appeal."', "Husted"),
    # a surname that is also a role word ("backer") resolves to the full name
    ('Dan Backer is a lawyer and a backer of the fund.\n\n"It costs money," Backer says.', "Dan Backer"),
], ids=["surname-in-ed", "surname-that-is-a-word"])
def test_surnames_that_look_like_words(body, speaker):
    assert found(body)[1]["speaker"].tolist() == [speaker]


@pytest.mark.parametrize("body, speaker", [
    ('"It was lost," according to Ann Lowe.', "Ann Lowe"),
    ('"It was lost," according to the court filing.', "the court filing"),
], ids=["name", "description"])
def test_according_to_after_the_quotation(body, speaker):
    table = found(body)[1]
    assert table[["speaker", "cue"]].values.tolist() == [[speaker, "according to"]]


@pytest.mark.parametrize("body, speaker", [
    # a capitalised title between a role and the name after the quotation
    ('"We will unite," Hale campaign Chairman John Podesta told reporters.', "John Podesta"),
    # a role word before the name the description is given
    ('"It is time," exhorted Hale\'s introducer, actress Ann Lowe.', "Ann Lowe"),
    # beaming and assuring are speech
    ('"This is fantastic!" beamed Ann Lowe of Madison.', "Ann Lowe"),
], ids=["capitalised-title", "role-before-name", "beamed"])
def test_attribution_after_the_quotation_with_a_role(body, speaker):
    assert found(body)[1]["speaker"].tolist() == [speaker]
