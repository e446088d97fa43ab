"""The gazetteer pass's cues in the country rule registry (kind ``cue``): textual cues by
which the pass finds places the model missed, applied when the corpus is built. Part of
:data:`analysis.countries.rules.RULES`, which lists them after the reading and context
rules; declared here to keep the registry's module small."""

from __future__ import annotations

from analysis.countries.rule_type import Rule

#: The cue rules, in the order the page, the CLI and the README list them.
CUE_RULES: tuple[Rule, ...] = (
    Rule("datelines", "cue", "Datelines", "A place in capitals opening a story is a place.",
         '"ROSWELL - A man ..."', "analysis.datelines:opening_datelines",
         tags=(("gazetteer", "a place the model missed, found by its cue "
                             '(e.g. "in Chiefland", a dateline)'),)),
    Rule("qualified", "cue", "Qualified places",
         "A name followed by its state is a place (the state read as rule qualifiers "
         "reads it: up to three capitalised words).",
         '"Chapin, S.C.", "Paris, Tenn.", "Jebel Ali, United Arab Emirates"',
         "analysis.countries.cues:_qualified_cue"),
    Rule("before", "cue", "Place words before", "A preposition before a name cues a place.",
         '"in Chiefland", "Hufstetler of Roswell"', "analysis.countries.cues:_before_cue"),
    Rule("after", "cue", "Place words after", "A word after a name cues a place.",
         '"Gainesville residents", "Roswell police"', "analysis.countries.cues:_after_cue"),
    Rule("inside_names", "cue", "Places inside names",
         "An organisation named after its place names that place. A place inside "
         "the name of an organisation, a business or building (FAC), an event, a work "
         "or a product is that thing's home, counted apart (org_homes), unless an "
         "institution word makes the name a public body or facility of the place; a "
         "plural common noun inside a name (\"Independent States\") is no country. A "
         "place of two words or more closing a person's name is a place the model "
         "glued to it.",
         '"Gainesville Police Department" -> "Gainesville"; "the Vietnam War", "Gulf '
         'of Aden": counted apart; "Obama White House" -> "White House"',
         "analysis.countries.cues:_place_opening_name"),
    Rule("org_heads", "cue", "Organisations' heads",
         "A place a weak cue finds inside a longer capitalised name that ends in an "
         "organisation's head word (a company's legal form, \"Pictures\", "
         "\"Conference\", \"Reporter\": lexicon organisation_heads) is that "
         "organisation's home, counted apart (org_homes), as inside an ORG.",
         '"of Cairo Pictures", "the Tulsa Valley Conference": counted apart',
         "analysis.countries.places:in_named_org"),
    Rule("money_demonyms", "cue", "Currencies in sums",
         "A country's demonym inside a sum the model tagged MONEY names the country "
         "of the currency, a group (NORP) of its own.",
         '"150 million Canadian dollars", "12 Canadian cents" -> Canada',
         "analysis.countries.places:_money_demonym"),
    Rule("money_currencies", "cue", "Currency names in sums",
         "A currency word of one country's currency inside a sum the model tagged "
         "MONEY names that country (data/currencies.tsv: ISO 4217, no dollar, pound "
         "or franc alone).",
         '"15 billion yen" -> Japan, "1.8300 marks" -> Germany, "US$127.5 million" '
         "-> United States",
         "analysis.countries.places:currency_spans",
         tags=(("currency", 'a currency named in a sum (e.g. "15 billion yen")'),)),
    Rule("plural_demonyms", "cue", "Untagged plural demonyms",
         "A country's demonym in the plural, written alone and left untagged by the "
         "model, is a group (NORP) of its country: its singular must be a demonym of "
         "the same country.",
         '"a high number of Americans and Britons" -> "Britons": United Kingdom',
         "analysis.countries.demonyms:plural_demonym"),
    Rule("org_metonyms", "cue", "Seats of government tagged ORG",
         "A seat of government standing for its country (a metonym of the gazetteer "
         "read without context, or of rule wordnet_places where the gazetteer reads "
         "nothing, and no country, state or capital) that the model tagged ORG is "
         "that place.",
         '"White House Chief of Staff John Sununu", "the Kremlin said", "Wall Street '
         'rallied" -> the country; not an ORG "Washington"',
         "analysis.countries.cues:org_metonym"),
    Rule("initials", "cue", "Initials",
         "A word in capitals of two to five letters that is only a city's or town's "
         "short name, opening a longer name in mixed case, is that name's initials, "
         "not the city; a country's or US state's abbreviation stays a place.",
         '"BBSR Hospital", "at NOLA Media Group": no place; "US Embassy" still one',
         "analysis.countries.cues:initials"),
    Rule("same_name", "cue", "One sense per document",
         "A name used as a place once (in any case: a dateline's \"ELMHURST\") is a "
         "place where the model tagged it otherwise; "
         "an organisation's home read inside its name is no such use (\"the Liberal "
         "party\" makes no other \"Liberal\" a town; ctry19).",
         '"Whitestown invited ..."', "analysis.countries.places:extra_place_records"),
    Rule("party_homes", "cue", "Party and home",
         "A US politician's party tag names a home in the US.",
         '"Rep. Torrey Westrom, R-Elbow Lake", "D-N.Y."',
         "analysis.countries.cues:_party_homes"),
    Rule("unread_groups", "cue", "Groups no demonym reads",
         "A group name (NORP) that no demonym reads is open to the cues and to one "
         "sense per document, as a person's or organisation's name is: the model tags "
         "some towns so.",
         '"nuns in Pewaukee" (tagged NORP)',
         "analysis.countries.places:_unread_group"),
    Rule("settlements", "cue", "Town of ...",
         "A name after \"the town of\", \"the village of\" ... is a place, known to the "
         "gazetteer or not.", '"the town of Akuressa"',
         "analysis.countries.places:_settlement_spans"),
    Rule("compound_demonyms", "cue", "Compound demonyms",
         "Two demonyms joined by a hyphen name both countries.",
         '"Russian-American" -> "Russian", "American"',
         "analysis.countries.places:_demonym_compound"),
    Rule("split_names", "cue", "Names cut at St., Mt.",
         "A place the model cut after an abbreviated first word (St., Mt., Ft.) is "
         "the whole name, spelt out as GeoNames spells it.",
         '"ST. LOUIS" tagged "ST" and "LOUIS" is Saint Louis',
         "analysis.countries.compounds:split_name_start"),
    Rule("hyphen_places", "cue", "Hyphen compounds",
         "Places joined by a hyphen, or a place before \"-based\", \"-led\" ..., are "
         "places: the model tags no word inside a hyphenated word.",
         '"Egypt-US relations", "U.S.-led", "Gori-based"',
         "analysis.countries.compounds:hyphen_places"),
    Rule("lists", "cue", "Listed with a place",
         "A name listed with a place (\",\", \"and\", \"or\") is a place when the "
         "gazetteer reads it as one after a weak cue and no person of the document "
         "is named so.",
         '"Gainesville and Lindsay", "Barrow, Jackson and Madison counties"',
         "analysis.countries.compounds:list_mates"),
    Rule("person_places", "cue", "Places tagged as people",
         "A name tagged as a person that the gazetteer reads as a place in a country "
         "the document names otherwise is the place, unless the document names a "
         "person so, a title precedes it or a verb of speech follows it.",
         '"Winchester ousted from state tournament"; not "Sen. Jackson", '
         '"Hamilton said"', "analysis.countries.places:extra_place_records"),
    Rule("standalone", "cue", "Untagged countries",
         "A country, territory or state written out alone, untagged, is a place; so "
         "is a country's abbreviation in capitals after a lower-case \"the\".",
         '"Ontario" alone, "the UAE"', "analysis.countries.cues:_standalone_country"),
)  # fmt: skip
