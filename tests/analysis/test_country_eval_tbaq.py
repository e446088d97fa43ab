"""The TimeBank / AQUAINT loader of the hand-checked country sets
(benchmarks/tbaq_countries.py), on tiny TimeML documents written here (no TBAQ text in the
repository): the text a corpus would hold (TITLE + TEXT without tags, entities unescaped,
paragraphs kept, EXTRAINFO dropped), the DCT date, the outlet as source, the selection
and the loader of a gold file, for both parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.test_country_eval import _country_eval

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>APW19990101.0001</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1999-01-01T10:30:00" temporalFunction="false"
functionInDocument="CREATION_TIME">01/01/1999 10:30:00</TIMEX3></DCT>
<TITLE>Floods   in
 Ruritania</TITLE>
<EXTRAINFO>
APW19990101.0001 <DOCTYPE> NEWS STORY </DOCTYPE><SLUG> BC-Wire-Header-Zembla </SLUG>
</EXTRAINFO>
<TEXT>
STRELSAU (AP)_ Rivers <EVENT eid="e1" class="OCCURRENCE">rose</EVENT>
<TIMEX3 tid="t1" type="DATE" value="1999-01-01">Friday</TIMEX3>  in
the south, Smith &amp; Jones &lt;said&gt;.

  Officials   <EVENT eid="e2" class="REPORTING">said</EVENT> more rain was due.
</TEXT>
<EXTRAINFO>
<TRAILER> AP-NY-01-01-99 1030EST </TRAILER>
</EXTRAINFO>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
</TimeML>
"""

NO_TITLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>wsj_0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1989-11-02" temporalFunction="false"
functionInDocument="CREATION_TIME">11/02/89</TIMEX3></DCT>
<EXTRAINFO>
WSJ891102-0188 = 891102 891102-0188.
</EXTRAINFO>
<TEXT>
Acme Corp. <EVENT eid="e1" class="REPORTING">said</EVENT> it sold a unit.
</TEXT>
</TimeML>
"""


def _module():
    _country_eval()
    from benchmarks import tbaq_countries

    return tbaq_countries


def test_the_text_is_title_and_text_without_tags_entities_unescaped() -> None:
    tml = _module().parse_tml(TML, "APW19990101.0001.tml")
    assert tml.title == "Floods in Ruritania"
    assert tml.text == (
        "Floods in Ruritania\n\n"
        "STRELSAU (AP)_ Rivers rose Friday in the south, Smith & Jones <said>.\n\n"
        "Officials said more rain was due."
    )
    # Nothing of the EXTRAINFO blocks (header, slug, trailer) nor of the attributes.
    for absent in ("NEWS STORY", "Zembla", "EST", "OCCURRENCE", "ei1", "1999-01-01"):
        assert absent not in tml.text


def test_the_date_is_the_dct_day_and_the_source_the_outlet() -> None:
    module = _module()
    tml = module.parse_tml(TML, "APW19990101.0001.tml")
    assert tml.date == "1999-01-01" and tml.source == "APW"
    plain = module.parse_tml(NO_TITLE, "wsj_0001.tml")
    assert plain.title == "" and plain.text == "Acme Corp. said it sold a unit."
    assert plain.date == "1989-11-02" and plain.source == "WSJ"


def _tree(tmp_path: Path) -> Path:
    """A TBAQ-like root: two TimeBank files and one AQUAINT file."""
    for part, name, content in (
        ("TimeBank", "wsj_0002.tml", NO_TITLE),
        ("TimeBank", "wsj_0001.tml", NO_TITLE),
        ("TimeBank", "ABC19980101.tml", NO_TITLE),
        ("AQUAINT", "APW19990101.0001.tml", TML),
    ):
        (tmp_path / part).mkdir(exist_ok=True)
        (tmp_path / part / name).write_text(content, encoding="utf-8")
    return tmp_path


def test_select_sorts_by_name_then_steps(tmp_path: Path) -> None:
    module = _module()
    root = _tree(tmp_path)
    names = [p.name for p in module.all_files(root, "TimeBank")]
    assert names == ["ABC19980101.tml", "wsj_0001.tml", "wsj_0002.tml"]
    assert [p.name for p in module.select(root, "TimeBank", 2, 0)] == names[::2]
    assert [p.name for p in module.select(root, "TimeBank", 2, 1)] == ["wsj_0001.tml"]
    assert [p.name for p in module.select(root, "AQUAINT", 1, 0)] == ["APW19990101.0001.tml"]
    with pytest.raises(ValueError):
        module.select(root, "Timebank", 1, 0)


def test_load_reads_both_parts_with_their_gold(tmp_path: Path) -> None:
    module = _module()
    root = _tree(tmp_path)
    gold = tmp_path / "gold.csv"
    gold.write_text(
        'file,countries,note\nAPW19990101.0001.tml,FRA USA,"a note"\nwsj_0001.tml,,\n', "utf-8"
    )
    aquaint, wsj = module.load(gold, root)
    assert aquaint.doc_id == "APW19990101.0001.tml" and aquaint.countries == {"FRA", "USA"}
    assert aquaint.text.startswith("Floods in Ruritania\n\nSTRELSAU") and aquaint.source == "APW"
    assert wsj.doc_id == "wsj_0001.tml" and wsj.countries == set() and wsj.source == "WSJ"
    missing = tmp_path / "missing.csv"
    missing.write_text("file,countries,note\nnone.tml,FRA,\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        module.load(missing, root)
