"""The one registry of country rules: :data:`RULES`.

Each :class:`Rule` is declared once, with its id, kind, label, meaning, help text,
default (on/off), the values it writes into the mentions table's ``rule`` column
(``tags``, each with its meaning) and the function behind it. Everything else is
generated from it: the switch dataclasses :class:`CountryRules` (reading rules),
:class:`ContextRules` (how context settles an ambiguous name) and :class:`PlaceCues`
(the gazetteer pass), :data:`RULE_MEANING`, the Countries page's toggles, the CLI's
``--rules`` and the README table (:mod:`analysis.countries.rule_specs`). The gazetteer
pass's cue rules are declared in :mod:`analysis.countries.cue_rules` and the type in
:mod:`analysis.countries.rule_type`, parts of this registry kept apart for size.

Kinds:

* ``reading`` -- a family of gazetteer readings a surface form may have
  ("Iran" -> a name, "Tehran" -> a capital); switching it off removes those readings;
* ``context`` -- how a document's context settles an ambiguous name;
* ``cue`` -- a textual cue by which the gazetteer pass finds places the model missed
  (applied when the corpus is built; the benchmark ablates them).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from analysis.countries.cue_rules import CUE_RULES
from analysis.countries.rule_type import PLACE_LABELS, Kind, Rule  # noqa: F401 (PLACE_LABELS re-exported)

#: Every rule, in the order the page, the CLI and the README list them.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # ------------------------------------------------------------ readings
        Rule("names", "reading", "Country names", "A country's name or a variant of it.",
             '"Iran", "the U.S.", "South Korea"', "analysis.gazetteer:candidates",
             tags=(("name", "a country name or variant"),)),
        Rule("demonyms", "reading", "Demonyms", "A demonym names its country.",
             '"Iranian", "Americans", "Britons"', "analysis.gazetteer:candidates",
             tags=(("demonym", 'a demonym (e.g. "Iranian", "Americans")'),)),
        Rule("cities", "reading", "Cities and capitals",
             "A capital, a city of 15,000 people or more, or (with context) a town.",
             '"Tehran", "Baghdad" (cities of 15,000+ people)', "analysis.gazetteer:candidates",
             tags=(("capital", "the country's capital"),
                   ("city", "a city of 15,000 people or more"),
                   ("town", "a town of 500 to 15,000 people, read in a country the story names"),
                   ("register", "read in the country whose local news the story reads "
                                "like (a civic phrase or local marker of the story, shown "
                                "in its evidence)"),
                   ("source", "read in the home country of the story's source (a local paper)"))),
        Rule("us_states", "reading", "US states and counties",
             "A US state, county or parish is in the United States.",
             '"Ohio", "Georgia" in a US context', "analysis.gazetteer:candidates",
             tags=(("us_state", "a US state"), ("us_county", "a US county or parish"))),
        Rule("territories", "reading", "Territories and regions",
             "A territory or first-level region is in (or claimed by) its country; a "
             'region named like a word ("Mountain", "South-East", "Bruce") only where '
             "the story names its country otherwise.",
             '"Gaza", "West Bank", "Hong Kong"', "analysis.gazetteer:candidates",
             tags=(("territory", 'a territory or region (e.g. "Gaza", "Scotland")'),
                   ("region", 'a first-level region (e.g. "Ontario", "Punjab")'))),
        Rule("metonyms", "reading", "Metonyms",
             "A seat of government, or a street or building named for a country's "
             "institution (rule wordnet_places), stands for its country.",
             '"the Kremlin", "Washington", "the Islamic Republic", "Wall Street"',
             "analysis.gazetteer:candidates",
             tags=(("metonym", 'a seat of government or an institution\'s street (e.g. "the '
                               'Kremlin", "Washington", "Wall Street")'),)),
        Rule("historic_successor", "reading", "Split states' successors",
             "A former state that split into several countries (the Soviet Union, "
             "Czechoslovakia) is read as its continuing state where it has one (the USSR "
             "as Russia, as Reuters-21578's PLACES codes score it); off, it names no "
             "country of its own and is shown as a historic state with its successors "
             "(the convention of the project's hand-checked gold sets).",
             '"the Soviet Union", "USSR", "Soviets": Russia when on; a historic state '
             "(15 successors) when off", "analysis.countries.readings:_allowed",
             default=False),
        # ------------------------------------------------------------ context
        Rule("divisions", "context", "States pick namesakes",
             "A state or county the document names picks the namesake city or town in it "
             "(a US county picks only the places GeoNames puts in it: in the state written "
             "after it, else in the US states the document names, else in any state that "
             "has a county of that name).",
             '"Alexandria" beside "Rapides Parish" is in Louisiana; "Paris" beside "Henry '
             'County" is Paris, Tennessee, beside "Henry County, Georgia" or "Orange '
             'County" still Paris, France',
             "analysis.countries.scoring:score"),
        Rule("implied_divisions", "context", "States a world city implies",
             "A state the story names only through a capital or a world city in it "
             "(\"CHICAGO\" is in Illinois) picks no namesake of a capital or world city "
             "that has under 1/100 of its people (HOME_NAMESAKE_RATIO): a story from a "
             "world city is no local news of its state's villages. A state's name that "
             "also reads a world city there (\"New York\") names it so too. The state "
             "written out, a county, or a smaller city of the state still picks the "
             "namesake.",
             '"CHICAGO, March 11 - ... the Paris accord" is Paris, France, not Paris, '
             'Illinois (8,432 people); "Copenhagen" beside "New York" is Denmark\'s; '
             '"Santa Cruz" beside "Salina Cruz" is still in '
             "Oaxaca, Mexico; \"Paris\" beside \"Illinois\" is still Paris, Illinois",
             "analysis.countries.scoring:_implied_only"),
        Rule("national_actors", "context", "A country named as an actor",
             "A country the story names only by its name or its people (\"the U.S. "
             "spent 26 billion\", \"U.S. officials\") is an actor of international news, "
             "not the story's locality: its co-mentions and the story's joint country "
             "move a city's name to a namesake there only if the namesake has at least "
             "1/5 of the city's people (NATIONAL_POPULATION_RATIO; 1/20 otherwise). A "
             "place the story names there, a state, a qualifier, the story's register or "
             "the country's possessive right before the name (\"Spain's Cordoba\") still "
             "moves it as before.",
             '"GATT said its negotiators in Geneva" beside "the U.S." is Geneva, '
             'Switzerland, not Geneva, Illinois; "Geneva" beside "Kane County" or '
             '"Chicago" is still in Illinois',
             "analysis.countries.scoring:_named_only"),
        Rule("towns", "context", "Small towns",
             "Places of 500 to 15,000 people (and cities of up to 100,000 by their ASCII "
             "spelling, \"Lask\" for Łask), for place mentions nothing larger explains, "
             "read in a country or state the document names.",
             '"Chiefland": places of 500 to 15,000 people',
             "analysis.countries.readings:_town_reading"),
        Rule("lone_towns", "context", "Towns one country has",
             "A town whose name one country only uses maps there even when the document "
             "names nothing else.", '"Pataskala" with nothing else named',
             "analysis.countries.readings:_town_reading"),
        Rule("demonym_modifiers", "context", "Food, culture, styles",
             "A demonym modifying a food, culture or language word (joined to another "
             "demonym by \"and\", \"or\" only a food, music or language word), opening "
             "a lodging's name (\"the\" before it, or one capitalised word and a head such "
             "as \"Apartments\", \"Inn\" ending the name; never on a headline in title "
             "case or capitals), or a place naming a style, names no country; so does "
             "one after a language verb (\"taught in Spanish\"), unless it modifies the "
             "word after it (a lower-case word, or a capitalised one on its line that "
             "names no month or weekday).",
             '"French fries", "Greek and Italian food", "the Danish Pines Apartments", '
             '"Texas-style": no country; not "Indian and Nigerian students", "quoted in '
             'Philippine Pesos"',
             "analysis.countries.modifiers:culture_rows"),
        Rule("lexical_compounds", "context", "Compound nouns",
             "A place's name or a demonym opening a lexicalised common-noun compound "
             "(analysis/data/place_compounds.tsv, derived from Open English WordNet) "
             "names no country.",
             '"Brussels sprouts", "a Panama hat", "a Turkish bath": no country',
             "analysis.countries.modifiers:compound_rows"),
        Rule("comparisons", "context", "Figurative comparisons",
             "A place written \"the X of Y\" where Y is another country or a region "
             "(a comparison: X stands for a kind of place) names no country; Y still does.",
             '"Bay Street, the Wall Street of Canada", "the Switzerland of Asia": no US, '
             "no Switzerland", "analysis.countries.modifiers:comparison_rows"),
        Rule("hometowns", "context", "Hometowns",
             "A country name written as a hometown is its namesake town, or nothing.",
             '"a Lebanon woman": a town, not the country',
             "analysis.countries.modifiers:hometown_rows"),
        Rule("civic_register", "context", "Local register",
             "A document written in a country's local register counts as local to it: its "
             "ambiguous places read as their namesakes there.",
             '"sheriff\'s office", "£250", "gardai", "RCMP": namesakes there',
             "analysis.countries.register:local_register"),
        Rule("civic_shared", "context", "Shared civic words",
             "A civic phrase Commonwealth local news uses as much as US news (\"city "
             "council\", \"city hall\", \"police chief\", \"township\": the lexicon's "
             "us_civic_shared) makes a story local to the US (rule civic_register) only "
             "beside a US civic phrase of an unshared kind (two shared kinds are not "
             "enough: \"city council\" and \"police chief\" are both Toronto's too).",
             '"Toronto city council voted" is no US story; "the city council and the '
             'sheriff\'s office" is',
             "analysis.countries.register:register_evidence"),
        Rule("register_capitals", "context", "Registers keep capitals",
             "A story's civic register does not move a capital, or a city of a million "
             "people or more, to its namesake in the register's country when the story "
             "names cities, states or regions in another country (a country's own name "
             "does not count: US local news names countries often) and none in the "
             "register's (nor is its source at home there); a qualifier or a state named "
             "still picks the namesake.",
             '"The mayor of London said the sheriff\'s office ... Ontario\'s roads" is not '
             'London, Ohio; "Paris Police Department" alone is still Paris, Texas',
             "analysis.countries.scoring:_register_capital"),
        Rule("world_cities", "context", "World cities stay",
             "A city of a million people or more is read as a namesake town or city of "
             "another country only in a story written in that country's local register "
             "(or its source's home), not because the story names other places there; a "
             "state the story names, or a county that holds the namesake (rule "
             "divisions), still picks it.",
             '"London" beside "Nebraska" and "Utah" in a wire story is London, England; '
             '"The London City Council and the sheriff\'s office" beside "Kentucky" is '
             'London, Kentucky',
             "analysis.countries.scoring:_world_city"),
        Rule("home_namesakes", "context", "Homes keep big names",
             "A source's learnt home (not a story's own civic register) reads a country's "
             "name, a capital or a city of a million people or more as its namesake town "
             "or city in the home country only when the namesake has at least a hundredth "
             "of its people (a country's name: only beside the namesake's state or two "
             "places named in the home country); a qualifier or a state named still picks it.",
             '"London-based jeweler" in a US business paper is London, England, not '
             'London, Ohio (10,000 people); "Syria from Lebanon" is the country; '
             '"London" in the London Free Press is still London, Ontario',
             "analysis.countries.scoring:_home_namesake"),
        Rule("party_registers", "context", "Party tags are no local news",
             "A story local to the US by a politician's party tag alone (\"Sen. Bob Dole "
             "(R-Kan.)\", no other civic phrase) is at home in the US the way a source's "
             "learnt home is (rule home_namesakes): a member of Congress is named so in "
             "national and wire news as much as in local news.",
             '"Shultz goes to Moscow" beside "Sen. Bob Dole (R-Kan.)" is Moscow, Russia, '
             'not Moscow, Idaho; "Sen. Torrey Westrom, R-Elbow Lake, spoke in Cambridge" '
             "is still Cambridge, Minnesota (not a capital nor a world city)",
             "analysis.countries.register:party_only"),
        Rule("joint_places", "context", "Places read together",
             "A story's place names are read together: the country most of its distinct "
             "names, ambiguous or not, have a reading in (two at least), and at least one "
             "prefers (a region before a town under 100,000 people), weighs for their "
             "readings there above each one's default and below any unambiguous "
             "co-mention; a tie gives none, and it never moves a world city or a "
             "country's name, nor picks a place read by an alternate name.",
             '"Wellington supermarket fire ... a supermarket in Somerset" is in England, '
             'not New Zealand and New Jersey; "Sydney" beside "Halifax" stays in Australia',
             "analysis.countries.joint:joint_countries"),
        Rule("local_names", "context", "Country names in international stories",
             "A country's name is read as its namesake town or city in a story local to "
             "that town's country (places inside it) only when the story names fewer "
             "places inside any other country: a story local to several countries is "
             "international, and the name is the country.",
             '"Puerto Rico declared an emergency" in a report naming Colombian, '
             'Brazilian and US places is the territory, not Puerto Rico, Caqueta; '
             '"Palestine" beside "Anderson County" and "Texas" is the Texas town',
             "analysis.countries.scoring:_shared_locality"),
        Rule("country_namesakes", "context", "Country names stay without a state",
             "A country's name is read as its namesake city in another country only "
             "beside that city's state or county (named, or implied by a place in it) "
             "or in a story written in that country's local register: the places a "
             "story names elsewhere in that country are no evidence for one of its "
             "cities named like a foreign country.",
             '"hostages in Lebanon" in a Washington story naming Kansas and Nevada is '
             'Lebanon, not Lebanon, Tennessee; "Lebanon" beside "Tennessee" is still the '
             "Tennessee city",
             "analysis.countries.scoring:_state_unnamed"),
        Rule("politician_homes", "context", "Politicians' homes name no state",
             "A state or town written as a politician's home (after a party tag, "
             "\"(R-Tex)\"; before a party noun, \"Texas Democrat\"; after one and "
             "\"of\" or \"from\") names its country, but no state that picks a "
             "namesake of the story's other places: it says whom the story quotes, not "
             "where its places are.",
             '"the Paris agreement" beside "Sen. Phil Gramm (R-Tex)" is Paris, France, '
             'not Paris, Texas; "Paris" beside "Lamar County, Texas" is still Paris, Texas',
             "analysis.countries.people:politician_home_rows"),
        Rule("sentence_countries", "context", "Countries named in the sentence",
             "A name with readings in several countries the story names is read in the "
             "one its own sentence names by another mention, above how often the story "
             "names each (unless it names the other country far more: a sentence's "
             "country may be an actor's); never against a country's name, a capital, a "
             "world city or over a name's alternate reading. A dateline, a person's or an "
             "organisation's name names no country for its sentence.",
             '"In Pakistan, health authorities in Punjab ..." in a story naming India as '
             'often is Punjab, Pakistan; "In India, Punjab ..." is Punjab, India',
             "analysis.countries.sentences:sentence_countries"),
        Rule("wire_datelines", "context", "Wire datelines",
             "A city a wire dateline names alone (\"LONDON (Reuters) -\", \"GENEVA, "
             "March 4 -\", \"DUBLIN 2024-06-15\") is the city known by that name, not a "
             "namesake of a country "
             "the story names places in: a wire qualifies a namesake (\"VANCOUVER, "
             "Wash.\"); a qualifier or a state the story names still picks it. Only a "
             "capital or a city of 100,000 people or more: a wire's desk writes some "
             "smaller towns of its own country alone too (\"GREENWICH, March 2 -\"). A "
             "name whose every city needs its country named (\"PHOENIX\", a word too) is "
             "read there as the largest of them.",
             '"DUBLIN 2024-06-15" over a report naming US players\' hometowns is Dublin, '
             'Ireland, not Dublin, California',
             "analysis.countries.scoring:_wire_dateline"),
        Rule("venues", "context", "Venues of international meetings",
             "A city's name after \"the\" and before a noun of an international meeting "
             "or its outcome "
             "(\"summit\", \"accord\", \"talks\", \"treaty\": lexicon venue_nouns), or after "
             "a meeting noun, up to five words, and \"in\" or \"at\" (\"the economic "
             "summit in Venice\": lexicon venue_meeting_nouns), is the "
             "city known by that name, and so are the story's other mentions of it: the "
             "places the story names in a namesake's country do not move it, nor is it a "
             "stray; a qualifier or a state the story names still picks the namesake.",
             '"the Venice summit" in a story from Washington is Venice, Italy, not Venice, '
             'California; "talks with the Soviet Union in Geneva" stays Geneva',
             "analysis.countries.modifiers:venue_rows"),
        Rule("city_names", "context", "Cities named like their state",
             "A division read for a name that is also a city of 500,000 people or more in "
             "its country is the city when written as the story's dateline or alone after "
             "\"in\"/\"at\" (the country stays).",
             '"WASHINGTON, March 3 -" and "meeting in New York" are the cities, not the states',
             "analysis.countries.city_names:city_rules"),
        Rule("capital_names", "context", "Capitals named like their state",
             "A division named like its country's capital is the capital wherever its "
             "name stands alone or is a possessive (rule city_names on), unless the text "
             "makes it the division: \"state of\" before it, a word going on with the "
             "name (\"Washington state\"), another division or a place of it right "
             "before it, or another place of it in the story (the country stays).",
             '"Washington wants other nations to cut rates" and "Washington\'s refusal" '
             'are the US capital, not Washington state; "Oak Harbour, Washington" and '
             '"Seattle ... Washington\'s taxes" stay the state',
             "analysis.countries.city_names:_capital_alone"),
        Rule("qualifier_senses", "context", "Qualifiers in the place's sense",
             "A qualifier after a comma whose chosen sense holds no city or town of the "
             "name before it takes its one other sense that does (a US state, not a country).",
             '"Atlanta, Georgia" in a story datelined "TBILISI, Georgia" is in the US state',
             "analysis.countries.qualifier_senses:sensed_qualifiers"),
        Rule("country_names_count", "context", "Country names are co-mentions",
             "A country name whose only other readings are small towns counts as a "
             "mention of its country when the document's other places are weighed.",
             '"Flumeri" beside "Italy" (also Italy, Texas) is in Italy',
             "analysis.countries.doc_tables:_town_shadowed_name"),
        Rule("alias_strays", "context", "Drop alternate-name strays",
             "A city (not a capital) read only by an alternate name (not its own name "
             "without accents, transliterated or shortened: \"Lodz\", \"Duesseldorf\", "
             "\"Frankfurt\"; a name another city bears too is no city's own name), of "
             "under a million people, in a country the document never otherwise names "
             "while it names others, maps to nothing unless it opens the story as its "
             "dateline or stands alone after a place word (\"in Seville\"; not when a "
             "city is really called so: \"in Bali\" is not Bāli, India; nor when it is "
             "only the short head of a longer city name: \"into Cabo\" is no sure Cabo "
             "de Santo Agostinho, nor \"Porz\" Porz am Rhein); a longer name "
             "read by the same name (\"Trent Bridge\") is no other mention.",
             '"Trent Bridge, Nottingham" is not Trento; "the magazine Alia" is '
             'not Aley, Lebanon; "BERNE, March 13 -" is still Bern',
             "analysis.countries.scoring:_alias_stray"),
        Rule("strays", "context", "Drop strays",
             "A town or city under 100,000 people (its one reading, or the town only one "
             "country has, rule lone_towns) in a country the document never otherwise "
             "names, while it names other places, maps to nothing; a longer name read by "
             "the same name (\"Green Square\" beside \"Green\") is no other mention.",
             'a small town abroad in a story about elsewhere ("Tanya"); "Green Square" in '
             'Tripoli is not Green, Ohio; "Partizan" beside "Belgrade" is no Russian village',
             "analysis.countries.last_round:stray_rows"),
        Rule("source_homes", "context", "Sources' home countries",
             "A source most of whose stories are about one country is at home there; its "
             "stories read their ambiguous places there. A name no gazetteer knows takes "
             "only a story's own local register, never its source's home (a company or "
             "family name the model tagged GPE).",
             '"London" in the London Free Press is in Ontario',
             "analysis.countries.sources:apply_source_homes"),
        Rule("domain_homes", "context", "Sources' web domains",
             "A source whose web host has a country-code domain is at home in that "
             "country when its stories do not teach it another home.",
             '"lfpress.ca" is at home in Canada, "civil.ge" in Georgia; not ".com", ".tv"',
             "analysis.countries.sources:domain_home"),
        Rule("filing_abroad", "context", "Sources filing from abroad",
             "A source whose own datelines (no wire credit) are in three or more "
             "countries reports from abroad, as a wire service does: it learns no home "
             "from its stories (its web domain may still give one).",
             'a wire filing "LONDON, March 5 -", "TOKYO, March 6 -", "JEDDAH, March 15 -" '
             "is at home nowhere, however many of its stories are American",
             "analysis.countries.sources:abroad_sources"),
        Rule("world_regions", "context", "Regions are no country",
             "A continent, ocean or region spanning several countries maps to no country "
             "(nor does a country name inside it); a disputed region is shown as disputed, "
             "a former state that split, read as no country, as a historic state.",
             '"South America" is not the US; "Kashmir": disputed (India, Pakistan); "the '
             'Soviet Union": historic',
             "analysis.countries.readings:_is_world_region",
             tags=(("disputed", "a disputed region, claimed by several countries: shown, "
                                "counted for none"),
                   ("historic", "a former state that split into several countries (the "
                                "Soviet Union): shown with its successors, counted for "
                                "none (rule historic_successor off)"))),
        Rule("historic_names", "context", "Historic names",
             "A city's alternate (often historic) name reads as that city when it is ten "
             "times larger than any city of that very name.",
             '"Calcutta" is Kolkata, not Calcutta, South Africa',
             "analysis.countries.readings:_prefer_large_alias"),
        Rule("division_names", "context", "Divisions' English names",
             "A first-level division by the English name GeoNames gives it, where no "
             "curated list names it (not a generic name such as \"Western\" or "
             "\"Central Region\"), is a region of its country in a document that names "
             "that country otherwise, and outweighs a town of its name there.",
             '"Michoacan" beside "Mexican", "Attica" beside "Greece" (not Attica, New '
             'York)',
             "analysis.gazetteer:division_keys"),
        Rule("division_types", "context", "Divisions named with their type",
             "A name ending in a division's type (State, Province, Region, Governorate, "
             "Prefecture; County and District only for a division ISO 3166-2 lists by "
             "that name and type) is the first-level division of that name whose country "
             "calls its divisions so (ISO 3166-2 as pycountry ships it); not a US state "
             "before \"State\" (a university in US usage) nor a generic name "
             "(\"Eastern Province\").",
             '"Borno State" and "Rakhine State" are in Nigeria and Myanmar, "Punjab '
             'Province" in Pakistan, "Hubei province" in China, "Lofa County" in '
             'Liberia; "Ohio State" is read by no division',
             "analysis.countries.division_types:typed_division"),
        Rule("wordnet_places", "context", "Islands, deserts and regions",
             "A name the gazetteer does not know that WordNet 3.0 names as an island, "
             "desert, mountain range, peninsula or region part of one country "
             "(analysis/data/wordnet_places.tsv) is in that country; one WordNet names as "
             "a country's institution and as its street or building stands for that "
             "country (a metonym).",
             '"Hebrides" are in the United Kingdom, "Negev" in Israel, "Kordofan" in Sudan, '
             '"Transvaal" in South Africa, "Wall Street" stands for the United States, '
             '"Quai d\'Orsay" for France; "Patagonia" (two countries) is not read',
             "analysis.countries.wordnet_places:wordnet_place"),
        Rule("org_homes", "context", "Organisations' homes apart",
             "A place found inside an organisation's name (or a business's, event's, "
             "work's or product's: cue inside_names) is its home: shown as such, not "
             "counted as a place the article names; so is a place the model cut from the "
             "organisation's name after it, or before a noun naming a series of "
             "negotiations after it (lexicon event_name_nouns: \"the Uruguay round\").",
             '"Bank of England", "United Way of America", "Partizan" + "Belgrade", '
             '"the Uruguay round"',
             "analysis.countries.evidence:organisation_tails",
             tags=(("org_home", "the home of an organisation named after it (e.g. \"Bank of "
                                "England\"): counted apart"),)),
        Rule("club_names", "context", "Sports clubs apart",
             "In a sports report, a town's name (a city, town, region or US county; not a "
             "capital) that names a club by the words around it (a club's suffix, a "
             "player's role, a possessive before a person the model tagged, a transfer or "
             "a match before it) is the club's home: shown as such, not counted as a "
             "place the article names. A place word before it (\"in Boston\") keeps it "
             "a place. In any story, a town's name before a numeral nickname (\"76ers\") "
             "is the club's.",
             '"joined Newcastle", "Derby\'s Sam Cole", "Ipswich striker", '
             '"Norwich City", "PHILADELPHIA 76ERS"',
             "analysis.countries.clubs:club_rows"),
        Rule("club_capitals", "context", "Clubs named after capitals",
             "A capital right after a capitalised word that is no place, no title, no "
             "function word, day or month, in a sports context (a sports report, or a "
             "player's role, a transfer or a match in the sentence after it, or a score "
             "beside a sports word there), ends a club's name: the club's home, counted "
             "apart. A place word before it (\"in Madrid\") keeps it a place.",
             '"Real Madrid signed a striker", "Dynamo Kyiv beat ..."; not "in Madrid", '
             '"Mr. Madrid", "The London council voted 7-2"',
             "analysis.countries.clubs:capital_club_rows"),
        Rule("company_names", "context", "Companies named after places",
             "A city's, town's or region's name (not a country, US state, capital, "
             "demonym or metonym, another city's old name aside; a territory only where "
             "no other name in the story reads its country) written alone where the "
             "document names a "
             "company in full with it and a legal form (\"Inc\", \"Corp\", \"Ltd\": "
             "data/company_suffixes.txt) is that company's short name: its home, shown as "
             "such, not counted as a place the article names. A place word before or "
             "after it (not a preposition after an ownership word: \"a stake in\", "
             "\"shares of\", \"shares to\", or before its shares: \"the number of X "
             "shares\"; not \"officials\" after it), a state or "
             "country after a comma or the story's dateline makes it a place, and so "
             "every mention of that name in the document. A small place's name (towns, "
             "cities under 100,000) is a company's or ship's by the text alone too: "
             "followed by up to three capitalised words and a legal form, after a vessel "
             "word (\"tanker\", \"-dwt\") or after the possessive of a country it lies "
             "in (ctry18). Any place's mention, a country's too, followed by up to three "
             "words in title case and a legal form that is no English word as well (not "
             "\"Company\", \"Group\", \"As\") opens a company's name the model tagged "
             "apart: that mention is the company's home (review of 2026-12-07). Any "
             "place's name but a country's before a stock ticker (\"<PIE>\", "
             "\"(NYSE: PIE)\", \"(PIE.N)\") is the listed company's, and its name "
             "the company's short name in the story (ctry19); so is a place inside a "
             "company's name a wire writes in angle brackets (\"<Bank of Montreal>\"), "
             "and a place's but a country's opening the one to three words before a "
             "ticker (\"CINCINNATI BELL INC <CSN>\"): that mention only.",
             '"Santa Cruz has advised ..." after "Santa Cruz Resources Inc"; "Stora" of '
             '"Stora Kopparbergs Bergslags AB", "the tanker Andromachi", "Spain\'s '
             'Almaden", "New Zealand" of "Australia and New Zealand Banking Group Ltd", '
             '"PIEDMONT <PIE>" and then "Piedmont said"; '
             'not "in Santa Cruz", "Santa Cruz, Calif.", "a U.S. company"',
             "analysis.countries.companies:company_rows"),
        Rule("compass_points", "context", "A compass point after \"the\" is a region",
             "A compass point written as a noun after \"the\" (\"the West\", \"THE "
             "SOUTH\", \"the North-East\") names a region by its direction (the "
             "American West, the Western world, a country's south), never the town of "
             "that name (West, Texas; North, South Carolina): it is given no country.",
             '"oil shipments to the West", "known in the West as the HY-2", "the North '
             'sea" are not West, Texas or North, South Carolina',
             "analysis.countries.modifiers:compass_point_rows"),
        Rule("common_word_towns", "context", "Common words in names are no towns",
             "One English common noun (data/common_nouns.tsv.gz) read only as a town "
             "(under 15,000 people) is the word, no place, where its story writes it only "
             "in organisations' names (their home, inside or the whole of an ORG mention).",
             '"Department of Energy", "agency of Congress", "Dominion Bridge" (ui26)',
             "analysis.countries.common_words:common_word_rows"),
        Rule("longer_names", "context", "Whole names",
             "A mention that is part of a longer place name written in the text reads as "
             "that name; one listed before \"counties\" reads as that county, unless it "
             "is a US state or a country by its own reading (\"Texas and Oklahoma "
             "counties\") and \"<name> County\" is not written in the text.",
             '"Guinea" of "Guinea-Bissau", "Jersey" of "New Jersey", "California" of '
             '"Baja California", "Navarro" of "Navarro, Henderson and Ellis counties"',
             "analysis.countries.evidence:longer_names"),
        Rule("cut_names", "context", "Cut abbreviations",
             "An abbreviation of one or two capitals that the next word continues in its "
             "own case is the first word of a longer name, not read alone as a place.",
             '"LA" of "LA ROCHELLE, France" or "LA VOIX" is not Los Angeles',
             "analysis.countries.cut_names:is_cut"),
        Rule("qualifiers", "context", "Qualifier wins",
             "The state, province or country written after a comma (or a division's "
             "noun and \"of\": \"the Nara district of Ontario\"; lexicon "
             "qualifier_division_nouns) wins over every namesake. It is read as the "
             "longest run of the next (up to three) "
             "capitalised words the gazetteer knows, unless the words go on into a longer "
             "name (in capitals only an institution word such as COUNTY or UNIVERSITY "
             "continues it: \"MOSCOW, WASHINGTON COUNTY\" qualifies nothing). A country's "
             "name before another country's name is a list, not a town qualified by its "
             "country (\"Chile, Ecuador and Peru\"); so is a qualifier after \"in\" or a "
             "compass word that another country, state or region follows in a list "
             "(\"Paris, southern Germany and Spain\").",
             '"Edmonton, Alberta", "Bradford, Ontario" are in Canada; "Jebel Ali, United '
             'Arab Emirates"; "LUFKIN, TEXAS KILLS TWO" is in Texas',
             "analysis.countries.evidence:qualifier_rows",
             tags=(("qualified", "read in the country of the state, province or country "
                                 'written after it (e.g. "Bradford, Ontario")'),)),
        Rule("one_sense", "context", "One sense per story",
             "A city, town or region the story writes once with its state, province or "
             "country after a comma is that place wherever the story writes it alone, "
             "unless the story qualifies it in two ways, or the bare name is the default "
             "sense's and the story names that sense's country (\"London, Ontario ... the "
             "UK government in London\"); a country's name is left alone.",
             '"moved from London, Ontario ... London has lost jobs": both in Canada; not '
             'after "Portland, Ore." and "Portland, Maine"; "Mexico, Mo." ... "Mexico" is '
             'still the country',
             "analysis.countries.evidence:same_name_qualifiers"),
        Rule("person_names", "context", "Names of people",
             "A place name that opens a person's name is the person.",
             '"Georgia Stevens" is no mention of Georgia',
             "analysis.countries.evidence:person_names"),
        Rule("ages", "context", "Names with an age",
             "A person's name written with an age (\", 45,\": two or more capitalised "
             "words, or a PERSON the model tagged, before it; not in a list of ages, never "
             "a country, territory, US state or capital) is a person, and so is that name "
             "elsewhere in the document unless the words around it read it as a place "
             "(a place word before or after it, a state after a comma, the dateline: "
             "\"Jackson police\").",
             '"Maria Duran, 38, meets ...": "Duran" is no mention of Duran, Ecuador; '
             'not "Georgia, 16, and Arizona, 11,"',
             "analysis.countries.people:aged_rows"),
        Rule("person_sense", "context", "Last names found as places",
             "A place the gazetteer pass found (by any cue), or one the model tagged whose "
             "name only small places read (towns, cities under 100,000: ctry18), whose "
             "name is the last name of "
             "a person the model found by a full name (or by one name after a title or "
             "before a speech verb: \"President Bush\", \"Clinton said\") in the same "
             "document is that person, "
             "unless a place word comes before or after it (\"moved to\", \"police\"), a "
             "state or country follows it after a comma, it is the story's dateline, or "
             "an institution word follows it.",
             '"a phone found on Henry" beside "Maria Ellen Henry", "the Bush administration" '
             'beside "President Bush", "Sahin later left" beside "Nuri Sahin"; not "moved '
             'to Henry", '
             '"Henry, Illinois", "Dublin City Council"',
             "analysis.countries.people:person_sense_rows"),
        Rule("titles", "context", "Names after a title",
             "A place name the model (or the gazetteer pass) tagged as a place, written "
             "right after a title or form of address (data/role_words.txt: \"Mr.\", "
             "\"Dr.\", \"Sen.\", \"Coach\"), is a person's name, unless it reads as a "
             "country or a US state (but after a form of address and before a verb of "
             "speech, \"Mr. Jordan said\", it is a person's) or an office or an "
             "institution's word follows it (\"Deputy Chicago Mayor\": the city's office).",
             '"Mr. Houston told reporters" is no mention of Houston; "Mayor London Breed" '
             'none of London; not "Deputy Chicago Mayor Sam Bell", "Acting Houston Police '
             'Chief"',
             "analysis.countries.people:titled_rows"),
        Rule("dateline_homes", "context", "Local datelines",
             "A story's own dateline (no wire credit) in a paper at home in a country is "
             "the namesake in that country; a wire story (\"LONDON (Reuters) -\") takes no "
             "home from the paper.",
             '"MALTA -" in an Illinois paper is Malta, Illinois; "LONDON (Reuters) -" in '
             "a Canadian paper is London, England",
             "analysis.countries.evidence:dateline_rows"),
        Rule("co_mentioned", "context", "Unknown places in the story's country",
             "A place the gazetteer does not know (a river, park, street, hamlet) is in the "
             "one country the story's other places are in; not a name the story uses for a "
             "person, an organisation, an event, a work or a product (a PERSON, ORG, EVENT, "
             "WORK_OF_ART or PRODUCT mention, a full name's last word, a company's name "
             "before its legal form, a name it writes after a person's title or before a "
             "speech verb at one of its mentions: \"President Alfonsin\", "
             "\"Alfonsin said\"), an abbreviation (\"Msgr\"), a code of letters and "
             "digits (\"NY1\"), a name WordNet knows only as no place (a person, an event, "
             "a phenomenon: \"El Nino\") or its plural, a sea, ocean or strait, two places "
             "sharing a head (\"Middle and Far East\"), a name ending in a meeting's or "
             "document's noun (\"Europe Agreement\": lexicon venue_nouns), one word of "
             "three to six capitals (an acronym: \"ICCO\", \"GDR\"; not a US state's "
             "abbreviation), nor a name a word of which names another country.",
             '"Naugatuck River" in a story about Waterbury, Connecticut; not "Kofcoh" beside '
             '"Kofcoh Imports Inc.", "Super Bowl" beside EVENT "Super Bowl", "NY1", '
             '"Beaufort Sea", "Irish Republic" in a British story',
             "analysis.countries.comention:co_mentioned_places",
             tags=(("co_mentioned", "a place the gazetteer does not know, in the country "
                                    "of the story's other places"),)),
        Rule("register_places", "context", "Unknown places in a local story",
             "A feature or facility the gazetteer does not know (a river, a park), in a "
             "story local to a country (its register or its source's home) whose other "
             "places are all there, is there too, as sure as the register.",
             '"River Lune" in a Lancaster paper\'s story is in the UK',
             "analysis.countries.comention:co_mentioned_places"),
        *CUE_RULES,
    )
}  # fmt: skip


def rules_of(kind: Kind) -> list[Rule]:
    """The rules of one kind, in registry order."""
    return [r for r in RULES.values() if r.kind == kind]


#: Mentions-table ``rule`` value -> the reading switch that allows it.
_SWITCH: dict[str, str] = {tag: r.id for r in rules_of("reading") for tag, _ in r.tags}

#: What each value of the mentions table's ``rule`` column means, as the Countries
#: page explains it under a country's surface forms.
RULE_MEANING: dict[str, str] = {tag: meaning for r in RULES.values() for tag, meaning in r.tags}

#: The rule of a GPE the gazetteer does not know, read in the country whose local
#: register its document is written in ("Cookville" in a story about its fire chief).
REGISTER_RULE = "register"
#: The rule of a place read in the home country of its document's source.
SOURCE_RULE = "source"
#: The ``rule`` of a place found by the gazetteer pass
#: (:func:`analysis.countries.places.extra_place_mentions`); map_countries keeps it (the
#: country comes from the usual readings), so a table shows which places the model
#: did not find itself.
GAZETTEER_RULE = "gazetteer"
#: The evidence the Countries page shows for a place of rule "gazetteer" that is a
#: country's name before common nouns a wire wrote in title case ("the U.S. Dollar",
#: "U.S. Sanctions"; :func:`analysis.countries.title_case.title_cased_nouns`), which
#: the gazetteer pass reads as a place, not an organisation's home (review 14, L1).
TITLE_CASE_EVIDENCE = (
    'a country\'s name before common nouns written in title case ("U.S. Sanctions"): '
    "the country, not an organisation's home"
)
#: The ``rule`` of a place the gazetteer pass found inside an organisation's name
#: ("England" in "Bank of England"): the organisation's home, kept with its country
#: but not counted as a place the article names (rule "org_homes").
ORG_HOME_RULE = "org_home"
#: The ``rule`` of a currency word inside a sum ("15 billion yen"; rule
#: "money_currencies"): the pass writes it, map_countries reads its country from
#: analysis.name_data.currencies.
CURRENCY_RULE = "currency"
#: The ``rule`` of a disputed region ("Kashmir"): no country, shown as disputed.
DISPUTED_RULE = "disputed"
#: The ``rule`` of a former state that split ("Soviet Union", rule historic_successor
#: off): no country, shown as a historic state with its successors.
HISTORIC_RULE = "historic"
#: The ``rule`` of a place read in the country of the state, province or country
#: written after it ("Bradford, Ontario"), the gazetteer listing it elsewhere only.
QUALIFIED_RULE = "qualified"
#: The reading of a mention that opens a person's name ("Georgia Stevens"): no place;
#: map_countries writes it as no country and no rule.
PERSON_RULE = "person"
#: The reading of a demonym modifying a food, culture or language word ("French fries"),
#: or of a place naming a style ("Texas-style"): no country; map_countries writes it as
#: no country and no rule.
MODIFIER_RULE = "modifier"
#: The reading of a disputed region as one of its claimants (shown, never chosen).
CLAIMANT_RULE = "claimant"
#: The ``rule`` of a place the gazetteer does not know, read in the one country its
#: document's other places are in (rule "co_mentioned"); it echoes that country and
#: never raises a document's confidence in it.
CO_MENTIONED_RULE = "co_mentioned"


def _switches(kind: Kind, name: str, doc: str, namespace: dict[str, Any]) -> type:
    """A frozen dataclass with one bool field per rule of ``kind`` (default: the
    rule's default), hashable so the readings cache can key on it."""
    cls = dataclasses.make_dataclass(
        name,
        [(r.id, bool, dataclasses.field(default=r.default)) for r in rules_of(kind)],
        frozen=True,
        namespace={
            "__doc__": doc,
            "switch_names": classmethod(lambda c: [f.name for f in dataclasses.fields(c)]),
            "__hash__": _switches_hash,
            "__getstate__": _switches_state,
            **namespace,
        },
    )
    cls.__module__ = __name__  # picklable (Streamlit's cache hashes it)
    return cls


def _switches_hash(self: Any) -> int:
    """The hash of a switch dataclass's fields, computed once per object and kept.

    Speed: the readings caches key on (text, CountryRules, ContextRules), so every
    lookup hashed both switch objects field by field (~70 booleans): 1.5% of mapping
    the 18,781 Reuters stories (py-spy, this session's docs/countries-history.md). The
    fields are booleans, so the value is the same in every process; it is left out of a
    pickle all the same (:func:`_switches_state`)."""
    try:
        return self.__dict__["_hash"]
    except KeyError:
        value = hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))
        object.__setattr__(self, "_hash", value)  # frozen: set as the dataclass does
        return value


def _switches_state(self: Any) -> dict[str, Any]:
    """A switch object's pickled state: its fields, without the kept hash."""
    return {k: v for k, v in self.__dict__.items() if k != "_hash"}


def _allows(self: Any, rule: str) -> bool:
    """Whether the gazetteer rule ``rule`` ("capital", "city", ...) is switched on."""
    return bool(getattr(self, _SWITCH[rule]))


#: Which reading rules :func:`analysis.countries.map_countries` may use.
CountryRules = _switches(
    "reading", "CountryRules", "Which reading rules map_countries may use (RULES, kind "
    '"reading").', {"allows": _allows}
)  # fmt: skip
#: How document context resolves ambiguous place names.
ContextRules = _switches(
    "context", "ContextRules", "How document context resolves ambiguous place names (RULES, "
    'kind "context").', {}
)  # fmt: skip
#: Which textual cues the gazetteer pass may use.
PlaceCues = _switches(
    "cue", "PlaceCues", "Which textual cues the gazetteer pass may use (RULES, kind "
    '"cue").', {}
)  # fmt: skip


#: Every switch at its default (the build's configuration), as argument defaults.
DEFAULT_RULES = CountryRules()
DEFAULT_CONTEXT = ContextRules()
DEFAULT_CUES = PlaceCues()
