"""Every kind of evidence the scoring step weighs (:mod:`analysis.countries.scoring`),
declared once: its weight, what it means and where the value comes from.
docs/countries.md embeds :func:`weights_table`; the Countries page shows each reading's
evidence by these ids."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weight:
    """One kind of evidence: its weight in the score, what it means, where it comes
    from."""

    id: str
    value: float
    meaning: str
    provenance: str


_DEV = "benchmarks/country_eval.py"

#: Every kind of evidence a reading may carry, declared once.
WEIGHTS: dict[str, Weight] = {
    w.id: w
    for w in (
        Weight(
            "qualifier",
            8.0,
            'the place written right after the mention is in this country ("Paris, Tenn.")',
            "outranks all other evidence, as issue 18 asks (the explicit qualifier must "
            "win); above a named state or below it: the same on LGL dev",
        ),
        Weight(
            "same_name_qualifier",
            8.0,
            "the document writes this mention's name elsewhere with a state, province or "
            "country after it, always the same one, and this reading is in that country "
            '("London, Ontario" ... "London": rule one_sense)',
            "the qualifier's weight: the name a story qualifies once is the same place "
            "where it writes it alone (one sense per discourse, Gale, Church & Yarowsky "
            "1992; the AP style of qualifying a place at its first mention); LGL dev, the "
            "hand-checked Reuters stories and CoNLL testa: the same",
        ),
        Weight(
            "qualifier_division",
            5.0,
            "... and in this reading's state or province",
            "picks the namesake in the qualifier's state: above a state named elsewhere in "
            'the document ("Athens, Georgia" in a story naming Texas); 1 instead: the '
            "same on LGL dev",
        ),
        Weight(
            "division",
            4.0,
            "the document names this reading's state or county "
            '("Alexandria" beside "Rapides Parish")',
            "outranks co-mentions: below them LGL dev P -0.005, R -0.003, mention "
            "accuracy -0.004 (" + _DEV + ")",
        ),
        Weight(
            "us_places",
            7.0,
            "the reading is a US state, and the document's other places, however the "
            "first round read them, put it in the US at least twice (LOCAL_MIN) and none "
            'in the country the first round chose ("Georgia" beside five Albanys read in '
            'Georgia or New York; not beside "Tbilisi")',
            "above a named state and co-mentions together (4 + 2.9), below a qualifier: "
            "the rule that ran after the first round, as evidence (LGL dev and the "
            "Reuters stories: the same)",
        ),
        Weight(
            "co_mentions",
            2.0,
            "the document names this reading's country by n other, "
            "unambiguous mentions (its local register or source home counts as one)",
            "outranks the default (the earlier rule order, tuned on LGL dev)",
        ),
        Weight(
            "register",
            2.0,
            "the story is written in this reading's country's local register (its civic "
            "phrases or a local marker, the phrase is shown) or comes from a source at "
            "home there, and no other mention names that country: counted as one "
            "co-mention, shown apart from the places the story names",
            "the weight and count of one co-mention, as the register counted before it "
            "was shown apart (review 8, finding 2a): every figure the same",
        ),
        Weight(
            "same_sentence",
            0.5,
            "the mention's own sentence names this reading's country by another "
            'mention, and not every country of its readings ("In Pakistan, health '
            'authorities in Punjab" in a story naming India as often; rule '
            "sentence_countries): only beside co-mentions, never moving a country's "
            "name, a capital, a world city or an alternate name",
            "above the joint country and the default, and a difference of up to five "
            "co-mentions (0.09 each): a sentence's country is as often an actor's "
            '("U.S. investors") as a container\'s, so a story naming the other country '
            "far more keeps it; below one co-mention (2): it re-ranks the readings the "
            "story supports and names no country. LGL dev, the hand-checked dev sets and "
            "CoNLL testa: the same at 0.5 and 1 (docs/countries-history.md, branch sent)",
        ),
        Weight(
            "co_mention_count",
            0.9,
            "times min(n, CO_MENTION_SATURATION) / "
            "CO_MENTION_SATURATION: the country named most wins",
            "ranks supported readings; saturation 3, 10 or 100: the same on LGL dev and "
            "the hand-checked Reuters stories",
        ),
        Weight(
            "joint",
            0.05,
            "the reading is in the country the story's names agree on: the one most of "
            "its distinct place names, ambiguous or not, have a reading in, and at least "
            "one prefers (a region before a town under 100,000 people; rule joint_places)",
            "above the default, below one co-mention: two ambiguous names that share a "
            'country beat each one\'s default ("Wellington" and "Somerset": England; '
            "review 15, class 4, ECB+ dev); unambiguous co-mentions still decide",
        ),
        Weight(
            "default",
            0.02,
            "the reading taken when the document says nothing: the "
            "most populous place, or the country of that name",
            "below one co-mention's difference (0.09); 0.5 instead: the same on LGL dev",
        ),
        Weight(
            "stray",
            -0.02,
            "the default is a town or city under 100,000 people in a "
            "country the document never names while it names others (a misread name "
            "more often than a trip abroad)",
            "cancels the default (the strays rule, tuned on LGL dev)",
        ),
        Weight(
            "organisation",
            1.0,
            "the mention ends or sits inside an organisation's name (\"Partizan "
            'Belgrade", "Bank of England"), or names a club or a company by its town '
            '("joined Newcastle", "Santa Cruz" of "Santa Cruz Resources Inc"): the reading '
            "as that organisation's home, in the country of the place reading it doubles, "
            "counted apart (rules org_homes, club_names, club_capitals, company_names)",
            "added to the score of the place reading it doubles, so the home is where the "
            "place evidence puts it; any positive value decides the same",
        ),
        Weight(
            "person_name",
            30.0,
            "the mention opens a person's name the document gives in full "
            '("Georgia Stevens"): the reading "a person, no place" (rule person_names)',
            "outranks every place evidence together, as the rule did when it ran after "
            "the scoring step (LGL dev and the Reuters stories: the same)",
        ),
        Weight(
            "disputed",
            40.0,
            "the mention is a region whose sovereignty is contested "
            '(analysis/data/world_regions.json, "Kashmir"): the reading "disputed", '
            "counted for no claimant (rule world_regions)",
            "outranks every other evidence, a person's name included, as the rule did "
            "when it ran last; issue 18: show it as disputed, never give it to one claimant",
        ),
        Weight(
            "culture_word",
            30.0,
            "a demonym reading before a food, culture or language word, or a place before "
            '"-style", opening a lexicalised compound or compared ("French fries", "taught '
            'in Spanish", "Texas-style", "Brussels sprouts", "the Wall Street of Canada"): '
            'the reading "no country" (rules demonym_modifiers, lexical_compounds, '
            "comparisons)",
            "outranks every place evidence together, as the rule did when it ran after the "
            "scoring step (LGL dev and the Reuters stories: the same)",
        ),
        Weight(
            "derived_demonym",
            0.02,
            "the mention, a group or place no reading knows, is the demonym of one state, "
            'province or region ("Minnesotans", "South Ossetian"): the reading in its '
            "country (rule demonym)",
            "the default's weight: the only reading, taken when nothing speaks against it, "
            "as the rule did when it ran after the scoring step",
        ),
        Weight(
            "dateline",
            5.0,
            "the mention names its story's own dateline, filed without a wire credit, and "
            "the reading is in the home country of the story's source (learnt from its "
            "other stories) while the document names the default's country by no other "
            "mention "
            '("MALTA -" in an Illinois paper: Malta, Illinois; rule dateline_homes)',
            "LGL dev, the home-default error class read the other way (a local paper's "
            "dateline read abroad); above co-mentions and a named state, below a "
            'qualifier ("ATHENS, Ga. -"); ablation: country_eval\'s "no dateline_homes"',
        ),
        Weight(
            "hometown",
            3.0,
            'the mention is written as a hometown ("a Lebanon woman", "Paris High '
            'School") and the reading is a city or town in a country the document names '
            "by other mentions -- or, for a country name, a town of the one country all "
            "its towns are in (rule hometowns; most populous first)",
            "decides the hometown round alone, as the rule did when it ran after the "
            "scoring step (LGL dev and the Reuters stories: the same)",
        ),
        Weight(
            "hometown_name",
            -1.0,
            "the mention is written as a hometown and the reading is the country of that "
            'name (people of a country are its demonym: "a Lebanon woman" is no '
            "mention of Lebanon)",
            "drops the country reading below no reading (rule hometowns)",
        ),
    )
}

#: A reading needs at least this score to be chosen; below it the mention maps to
#: nothing. Between 0 (no evidence) and the default's weight.
NONE_SCORE = 0.01


def weights_table() -> str:
    """The weights as a Markdown table (docs/countries.md embeds it; a test checks)."""
    rows = [
        "| evidence | weight | meaning | provenance |",
        "| --- | --- | --- | --- |",
        *(f"| `{w.id}` | {w.value:g} | {w.meaning} | {w.provenance} |" for w in WEIGHTS.values()),
        f"| (none) | {NONE_SCORE:g} | the least score a reading needs; below it the mention "
        "maps to no country | between no evidence and the default |",
    ]
    return "\n".join(rows) + "\n"
