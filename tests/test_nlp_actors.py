"""Tests of the actor gazetteer: package data, resolution by date, user files, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geostance.errors import ConfigError, QuestionError
from geostance.nlp.actors import COLUMNS, Gazetteer, default_gazetteer, fold

D = dt.date
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "actors.md"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.load()


def write(tmp_path: Path, text: str | bytes, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- package data


def test_all_193_un_members_and_two_observers(g: Gazetteer) -> None:
    members = {a.id for a in g.actors("state") if g.un_status(a.id) == "member"}
    observers = {a.id for a in g.actors("state") if g.un_status(a.id) == "observer"}
    assert len(members) == 193
    assert observers == {"PSE", "VAT"}
    assert g.get("PSE").name == "Palestine"  # type: ignore[union-attr]
    assert g.get("VAT").name == "Holy See"  # type: ignore[union-attr]


def test_un_members_match_the_shared_roll_call() -> None:
    votes = SHARED / "data" / "unvotes" / "unga_palestine_gaza_votes_2023_2025.csv"
    if not votes.is_file():
        pytest.skip("shared UN vote file not present")
    with votes.open(encoding="utf-8") as f:
        voters = {row["iso3"] for row in csv.DictReader(f)}
    g = default_gazetteer()
    members = {a.id for a in g.actors("state") if g.un_status(a.id) == "member"}
    assert members == voters


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RUS", "Russia"),
        ("USA", "United States"),
        ("CHN", "China"),
        ("ISR", "Israel"),
        ("IRN", "Iran"),
        ("SAU", "Saudi Arabia"),
        ("EGY", "Egypt"),
        ("DEU", "Germany"),
        ("GBR", "United Kingdom"),
        ("PRK", "North Korea"),
        ("KOR", "South Korea"),
        ("COD", "Democratic Republic of the Congo"),
        ("SSD", "South Sudan"),
        ("TUR", "Türkiye"),
    ],
)
def test_iso_codes(g: Gazetteer, code: str, name: str) -> None:
    actor = g.get(code)
    assert actor is not None and actor.kind == "state" and actor.name == name


def test_former_states_and_successors(g: Gazetteer) -> None:
    assert g.get("SUN").kind == "former_state"  # type: ignore[union-attr]
    assert g.successor("SUN") == "RUS"
    assert g.successor("DDR") == "DEU"
    assert g.successor("YMD") == "YEM"
    assert g.successor("CSK") == "CZE"
    assert g.successor("OAU") == "AU"
    assert g.successor("RUS") is None
    assert g.resolve("Soviet").actor == "SUN"
    assert "successor RUS" in g.resolve("USSR").reason


def test_ids_are_unique_and_igo_ids_never_shadow_states(g: Gazetteer) -> None:
    ids = [a.id for a in g.actors() if a.kind != "person"]
    assert len(ids) == len(set(ids))
    assert g.get("NAM").kind == "state"  # type: ignore[union-attr]
    assert g.get("NONALIGNED").kind == "igo"  # type: ignore[union-attr]
    assert g.resolve("Non-Aligned Movement").actor == "NONALIGNED"
    for a in g.actors():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", a.id)


def test_every_term_points_at_a_known_actor(g: Gazetteer) -> None:
    for term in g.actors("person"):
        assert term.country and g.get(term.country) is not None, term
        assert term.start is not None
        assert term.end is None or term.start <= term.end, term


def test_organisation_and_group_ids_are_documented(g: Gazetteer) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for a in g.actors("igo") + g.actors("group"):
        assert f"`{a.id}`" in docs, a.id


def test_load_is_cached_and_columns_cover_the_files(g: Gazetteer) -> None:
    assert default_gazetteer() is default_gazetteer()
    assert {"id", "kind", "name", "ambiguous", "successor", "country"} <= set(COLUMNS)


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Moscow", "RUS"),
        ("the Kremlin", "RUS"),
        ("Washington", "USA"),
        ("the White House", "USA"),
        ("the State Department", "USA"),
        ("the Pentagon", "USA"),
        ("Beijing", "CHN"),
        ("Ramallah", "PSE"),
        ("Tehran", "IRN"),
        ("Ankara", "TUR"),
        ("Riyadh", "SAU"),
        ("Cairo", "EGY"),
        ("Damascus", "SYR"),
        ("Beirut", "LBN"),
        ("Downing Street", "GBR"),
        ("Tel Aviv", "ISR"),
        ("the Duma", "RUS"),
        ("Port Sudan", "SDN"),  # the army-led government's seat since 2023
    ],
)
def test_metonyms(g: Gazetteer, text: str, actor: str) -> None:
    r = g.resolve(text, D(2020, 1, 1))
    assert r.actor == actor
    assert r.via in ("capital", "seat of government")


@pytest.mark.parametrize(
    ("text", "actor"),
    [("Crimea", "UKR"), ("Donbas", "UKR"), ("Golan Heights", "SYR"), ("the Golan", "SYR")],
)
def test_occupied_regions_are_the_state_they_belong_to(g: Gazetteer, text: str, actor: str) -> None:
    """ "Russia annexed Crimea" is an act on Ukraine (guide §5: places map to their state)."""
    assert g.resolve(text, D(2020, 1, 1)).actor == actor


def test_seat_is_named_in_the_via(g: Gazetteer) -> None:
    assert g.resolve("the Kremlin").via == "seat of government"
    assert g.resolve("Kremlin", D(1985, 6, 1)).actor == "SUN"
    assert g.resolve("Moscow", D(1985, 6, 1)).actor == "SUN"
    assert g.resolve("Moscow", D(1995, 6, 1)).actor == "RUS"
    assert g.resolve("Belgrade", D(1999, 3, 24)).actor == "SCG"
    assert g.resolve("Prague", D(1990, 1, 1)).actor == "CSK"
    assert g.resolve("Prague", D(2000, 1, 1)).actor == "CZE"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Russian", "RUS"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("American", "USA"),
        ("Chinese", "CHN"),
        ("Israelis", "ISR"),
        ("Turkish Cypriot", "TRNC"),  # not Turkey, nor Cyprus
        ("Turkish Cypriots", "TRNC"),
        ("Greek Cypriot", "CYP"),
    ],
)
def test_adjectives_are_modifier_forms(g: Gazetteer, text: str, actor: str) -> None:
    forms = {(sf.key, sf.form) for sf in g.forms() if sf.text == text}
    assert any(k == actor and f in ("adjective", "demonym") for k, f in forms)
    assert g.resolve(text).actor == actor


def test_jerusalem_is_an_ambiguous_seat_of_israel(g: Gazetteer) -> None:
    r = g.resolve("Jerusalem")
    assert r.actor == "ISR" and r.via == "seat of government"
    assert "ambiguous" in r.reason
    (sf,) = [sf for sf in g.forms() if sf.text == "Jerusalem"]
    assert sf.ambiguous and sf.form == "seat"


def test_ambiguous_country_names_keep_the_country(g: Gazetteer) -> None:
    for text, actor in [("Georgia", "GEO"), ("Jordan", "JOR"), ("Chad", "TCD"), ("Congo", "COD")]:
        r = g.resolve(text)
        assert r.actor == actor and "ambiguous" in r.reason
    assert not [sf for sf in g.forms() if sf.text == "Russia"][0].ambiguous


def test_shared_form_between_actors_is_reported(g: Gazetteer, tmp_path: Path) -> None:
    # "Brussels" is the EU (the guide's reading, and nearly always our annotators'), not
    # Belgium; a user file that makes it Belgium's capital again shares the form
    assert g.resolve("Brussels").actor == "EU"
    rows = "id,kind,name,capitals,ambiguous\nBEL,state,Belgium,Brussels,Brussels\n"
    g2 = Gazetteer.load(write(tmp_path, rows))
    r = g2.resolve("Brussels")
    assert r.actor is None and r.via == "ambiguous"
    assert "BEL" in r.reason and "EU" in r.reason


def test_acronyms_are_case_sensitive(g: Gazetteer) -> None:
    assert g.resolve("US").actor == "USA"
    assert g.resolve("U.S.").actor == "USA"
    assert g.resolve("the US").actor == "USA"
    assert g.resolve("us").actor is None
    assert g.resolve("WHO").actor == "WHO"
    assert g.resolve("who").actor is None
    assert g.resolve("IS").actor == "ISIS"
    assert g.resolve("is").actor is None


def test_surface_forms_for_the_matcher(g: Gazetteer) -> None:
    forms = set(g.surface_forms())
    for pair in [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the US", "USA"),
        ("the Kremlin", "RUS"),
        ("Kremlin", "RUS"),
        ("The Kremlin", "RUS"),
        ("Putin", "VLADIMIR_PUTIN"),
        ("President Putin", "VLADIMIR_PUTIN"),
        ("Hamas", "HAMAS"),
    ]:
        assert pair in forms, pair
    assert all(text.strip() == text and text for text, _ in forms)
    for _, key in forms:
        assert g.entry(key).id == key.split("@")[0]


def test_organisations_and_groups(g: Gazetteer) -> None:
    assert g.resolve("Security Council").actor == "UNSC"
    assert g.parent("UNSC") == "UN"
    assert g.resolve("UNRWA").actor == "UNRWA"
    assert g.resolve("Palestinian Authority").actor == "PA"
    assert g.parent("PA") == "PSE"
    assert g.resolve("Hezbollah").actor == "HEZBOLLAH"
    assert g.resolve("Islamic State").actor == "ISIS"
    assert g.resolve("Houthis").actor == "HOUTHIS"
    assert g.resolve("OPEC+").actor == "OPEC_PLUS"
    assert g.resolve("Arab League").actor == "ARAB_LEAGUE"
    # the OSCE's body on Karabakh is no act of Belarus, whose capital names it
    assert g.resolve("Minsk Group").actor == "OSCE"
    assert g.resolve("Minsk").actor == "BLR"
    assert g.resolve("Rome Statute").actor == "ICC"  # the court's treaty, not Italy's act
    assert g.resolve("the Tatmadaw").actor == "MMR"  # Myanmar's armed forces


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("United Nations refugee agency", "UNHCR"),
        ("UN refugee agency", "UNHCR"),
        ("United Nations children's agency", "UNICEF"),
        ("United Nations food agency", "WFP"),
        ("United Nations nuclear watchdog", "IAEA"),
        ("United Nations health agency", "WHO"),
        ("United Nations human rights office", "OHCHR"),
        ("United Nations agency for Palestinian refugees", "UNRWA"),
    ],
)
def test_un_agencies_by_their_description(g: Gazetteer, text: str, actor: str) -> None:
    """Wire copy names UN agencies by what they do, with "UN" spelt out too: the agency, not
    the UN as a whole."""
    assert g.resolve(text).actor == actor


def test_government_bodies_resolve_to_the_state(g: Gazetteer) -> None:
    r = g.resolve("Russian officials")
    assert r.actor == "RUS" and r.via.startswith("government body")
    assert g.resolve("the Foreign Ministry of Russia").actor == "RUS"
    assert g.resolve("Israeli troops").actor == "ISR"
    assert g.resolve("Russia's").actor == "RUS"
    assert g.resolve("Russian roulette").actor is None


# --------------------------------------------------------------------------- persons


def test_putin_by_date(g: Gazetteer) -> None:
    r = g.resolve("Putin", D(2010, 5, 1))
    assert r.actor == "RUS"
    assert r.via == "person Vladimir Putin (prime minister of RUS, 2008-05-08..2012-05-07)"
    assert "president" in g.resolve("Putin", D(2015, 1, 1)).via
    assert g.resolve("Vladimir Putin").actor == "RUS"
    assert len(g.terms("VLADIMIR_PUTIN")) >= 4


def test_clinton_by_date(g: Gazetteer) -> None:
    bill = g.resolve("Clinton", D(1995, 6, 1))
    hillary = g.resolve("Clinton", D(2010, 6, 1))
    assert bill.actor == hillary.actor == "USA"
    assert "Bill Clinton (president" in bill.via
    assert "Hillary Clinton (secretary of state" in hillary.via
    later = g.resolve("Clinton", D(2016, 6, 1))
    assert later.actor == "USA" and "no listed office" in later.reason


def test_lavrov_and_surnames(g: Gazetteer) -> None:
    assert g.resolve("Lavrov", D(2022, 3, 1)).actor == "RUS"
    assert g.resolve("Blinken", D(2023, 10, 12)).actor == "USA"
    assert g.resolve("Netanyahu", D(2024, 1, 1)).actor == "ISR"
    assert "Hafez" in g.resolve("Assad", D(1995, 1, 1)).via
    assert "Bashar" in g.resolve("Assad", D(2012, 1, 1)).via
    assert "George W. Bush" in g.resolve("Bush", D(2003, 3, 20)).via
    assert "George H. W. Bush" in g.resolve("Bush", D(1991, 1, 17)).via


def test_secretary_general_speaks_for_unsg(g: Gazetteer) -> None:
    r = g.resolve("Guterres", D(2023, 10, 24))
    assert r.actor == "UNSG"
    assert g.parent("UNSG") == "UN"
    assert g.resolve("Guterres", D(2000, 1, 1)).actor == "PRT"
    assert g.resolve("Perez de Cuellar", D(1990, 1, 1)).actor == "UNSG"
    assert g.resolve("Kofi Annan", D(2003, 1, 1)).actor == "UNSG"


def test_one_name_two_countries_on_a_date_is_ambiguous(g: Gazetteer) -> None:
    r = g.resolve("Maliki", D(2010, 1, 1))
    assert r.actor is None and "IRQ" in r.reason and "PSE" in r.reason
    assert g.resolve("Maliki", D(2020, 1, 1)).actor == "PSE"
    assert g.resolve("King Abdullah", D(2010, 1, 1)).actor is None
    assert g.resolve("King Abdullah", D(2020, 1, 1)).actor == "JOR"


def test_overlapping_terms_of_one_person(g: Gazetteer) -> None:
    assert "prime minister" in g.resolve("Netanyahu", D(2016, 1, 1)).via
    assert g.resolve("Arafat", D(2000, 1, 1)).actor == "PSE"
    assert g.resolve("Arafat", D(1990, 1, 1)).actor == "PLO"
    assert g.resolve("Tusk", D(2016, 1, 1)).actor == "EU"
    assert g.resolve("Tusk", D(2010, 1, 1)).actor == "POL"


def test_speaks_for_and_entries(g: Gazetteer) -> None:
    assert g.speaks_for("VLADIMIR_PUTIN", D(2010, 5, 1)) == "RUS"
    assert g.speaks_for("VLADIMIR_PUTIN", D(1990, 1, 1)) is None
    assert g.speaks_for("HILLARY_CLINTON", None) is None
    assert g.speaks_for("SERGEY_LAVROV", None) == "RUS"
    assert g.speaks_for("RUS", None) == "RUS"
    key = "VLADIMIR_PUTIN@2008-05-08/prime_minister"
    term = g.entry(key)
    assert term.role == "prime minister" and term.end == D(2012, 5, 7)
    assert g.speaks_for(key, D(2020, 1, 1)) == "RUS"
    assert g.entry("VLADIMIR_PUTIN").end is None
    with pytest.raises(QuestionError):
        g.entry("NOBODY")
    with pytest.raises(QuestionError):
        g.speaks_for("NOBODY", None)


def test_titles_before_a_name(g: Gazetteer) -> None:
    r = g.resolve("French Foreign Minister Jean-Yves Le Drian", D(2019, 1, 1))
    assert r.actor == "FRA"
    assert g.resolve("Secretary of State Blinken", D(2022, 1, 1)).actor == "USA"


# --------------------------------------------------------------------------- unknown names


def test_suggestions(g: Gazetteer) -> None:
    assert "RUS" in [a.id for a in g.suggest("Rusia")]
    r = g.resolve("Rusia")
    assert r.actor is None and "did you mean" in r.reason and "RUS" in r.reason
    assert g.suggest("zzzzqqqq") == []
    assert "did you mean" not in g.resolve("Rusia", hints=False).reason


@pytest.mark.parametrize(
    "text", ["", "   ", "x" * 5000, "\x00\xff\ufffd", "' OR 1=1 --", "<script>"]
)
def test_bad_names_do_not_resolve(g: Gazetteer, text: str) -> None:
    r = g.resolve(text)
    assert r.actor is None and r.reason


def test_unknown_kind(g: Gazetteer) -> None:
    with pytest.raises(QuestionError, match="state"):
        g.actors("planet")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_resolve_never_raises(text: str) -> None:
    g = default_gazetteer()
    r = g.resolve(text, D(2000, 1, 1), hints=False)
    assert r.actor is None or g.get(r.actor) is not None
    assert fold(fold(text)) == fold(text) or fold(text).startswith("the ")


# --------------------------------------------------------------------------- user files


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,kind,name,aliases,seats,note,country,role,start,end\n"
        "# comments are skipped\n"
        "RUS,state,Russia,Rossiya,,our note,,,,\n"
        "ISR,state,Israel,,-Jerusalem,,,,,\n"
        "LOCAL_FRONT,group,Example Front,the Front,,,,,,\n"
        "SERGEY_LAVROV,person,Sergey Lavrov,,,,RUS,foreign minister,2004-03-09,2026-01-01\n"
        "JANE_ROE,person,Jane Roe,Roe,,,LOCAL_FRONT,leader,2020-01-01,\n",
    )
    g = Gazetteer.load(path)
    assert g.resolve("Rossiya").actor == "RUS"
    assert g.resolve("Russia").actor == "RUS"
    assert g.get("RUS").note == "our note"  # type: ignore[union-attr]
    assert g.resolve("Jerusalem").actor is None
    assert g.resolve("Tel Aviv").actor == "ISR"
    assert g.resolve("the Front").actor == "LOCAL_FRONT"
    assert g.resolve("Roe", D(2021, 1, 1)).actor == "LOCAL_FRONT"
    assert g.terms("SERGEY_LAVROV")[-1].end == D(2026, 1, 1)
    assert len(g.terms("SERGEY_LAVROV")) == 1
    assert default_gazetteer().resolve("Jerusalem").actor == "ISR"


def test_user_file_adds_a_term(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,kind,name,country,role,start,end\n"
        "SERGEY_LAVROV,person,Sergey Lavrov,RUS,ambassador to the UN,1994-04-01,2004-03-08\n",
    )
    g = Gazetteer.load(path)
    assert len(g.terms("SERGEY_LAVROV")) == 2
    assert g.resolve("Lavrov", D(2000, 1, 1)).actor == "RUS"


def test_empty_setting_means_no_user_file() -> None:
    assert len(Gazetteer.load("").actors()) == len(default_gazetteer().actors())


HEADER = "id,kind,name,start\n"


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("", None, "empty"),
        ("\n\n  \n", None, "empty"),
        ("id,name\nRUS,Russia\n", 1, "missing column"),
        ("id,kind,name,colour\nRUS,state,Russia,red\n", 1, "unknown column"),
        ("id,kind,name,id\nRUS,state,Russia,RUS\n", 1, "twice"),
        (HEADER + "XXA,state,Xland,2001-02-30\n", 2, "not a date"),
        (HEADER + "XXA,state,Xland,\nXXB,state,Yland,1st May\n", 3, "not a date"),
        (HEADER + "xxa,state,Xland,\n", 2, "not valid"),
        (HEADER + "XXA,planet,Xland,\n", 2, "kind"),
        (HEADER + "XXA,state,Xland,,extra,fields\n", 2, "fields"),
        ("id,kind,name,start,end\nXXA,state,Xland,2001-01-02,2000-01-01\n", 2, "before"),
        ("id,kind,name,role\nJOE_X,person,Joe X,mayor\n", 2, "country"),
        ("id,kind,name,parent\nXXA,group,Xers,NOWHERE\n", 2, "NOWHERE"),
        ("id,kind,name,aliases\nXXA,state,X\x07land,\n", 2, "control"),
        ("id,kind,name,ambiguous\nXXA,state,Xland,Yland\n", 2, "ambiguous"),
        (HEADER + "XXA,state,Xland,\nXXA,state,Xland,\n", 3, "already"),
        ("id,kind,name\nRUS,igo,Russia\n", 2, "kind"),
        ('id,kind,name\nXXA,state,"Xland\n', None, ""),
    ],
)
def test_malformed_user_file(tmp_path: Path, content: str, line: int | None, words: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as info:
        Gazetteer.load(path)
    message = str(info.value)
    assert str(path) in message
    if line is not None:
        assert f"{path}:{line}:" in message
    assert words in message
    assert ";" in message  # every message ends with the fix


def test_binary_user_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"id,kind,name\nRUS,state,Russia\n\x00\x01\x02binary")
    with pytest.raises(ConfigError, match=rf"{re.escape(str(path))}:3: binary"):
        Gazetteer.load(path)


def test_non_utf8_user_file(tmp_path: Path) -> None:
    path = write(tmp_path, "id,kind,name\nXXA,state,Côte\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=rf"{re.escape(str(path))}:2: not UTF-8"):
        Gazetteer.load(path)


def test_missing_and_huge_user_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        Gazetteer.load(tmp_path / "nope.csv")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(25_000_000)  # sparse: no disk is written
    with pytest.raises(ConfigError, match="bytes"):
        Gazetteer.load(huge)


def test_large_valid_user_file(tmp_path: Path) -> None:
    rows = "".join(f"GRP_{i},group,Example group {i},Front {i}\n" for i in range(3000))
    path = write(tmp_path, "id,kind,name,aliases\n" + rows)
    g = Gazetteer.load(path)
    assert g.resolve("Front 2999").actor == "GRP_2999"
    assert len(g.actors("group")) >= 3000


def test_user_file_with_bom_and_short_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffid,kind,name,aliases,note\nXXA,state,Xland\n")
    assert Gazetteer.load(path).resolve("Xland").actor == "XXA"


def test_actors_resolve_an_actor_id_to_itself() -> None:
    from geostance.nlp.actors import default_gazetteer

    g = default_gazetteer()
    assert g.resolve("RUS").actor == "RUS"
    assert g.resolve("PSE").actor == "PSE"
    assert g.resolve("rus").actor is None or g.resolve("rus").actor == "RUS"


def test_cold_war_leaders_speak_for_their_state_of_the_time(g: Gazetteer) -> None:
    # analysis pieces retell the 1967 and 1973 wars: their actors resolve on those dates
    assert g.resolve("Kosygin", D(1967, 6, 10)).actor == "SUN"
    assert g.resolve("Brezhnev", D(1973, 10, 24)).actor == "SUN"
    assert g.resolve("Kissinger", D(1975, 1, 1)).actor == "USA"
    assert g.resolve("Lyndon Johnson", D(1967, 6, 10)).actor == "USA"
    assert g.resolve("Sadat", D(1973, 10, 6)).actor == "EGY"
    # a surname that is a common name stays out: the full name is needed
    assert g.resolve("Johnson", D(1967, 6, 10)).actor != "USA"


def test_spokespeople_and_envoys_speak_for_their_state(g: Gazetteer) -> None:
    assert g.resolve("Zhao Lijian", D(2021, 3, 1)).actor == "CHN"
    assert g.resolve("Baghaei", D(2025, 6, 1)).actor == "IRN"
    assert g.resolve("Kellogg", D(2025, 6, 1)).actor == "USA"
    # "Mao" alone stays Mao Zedong; the spokeswoman needs her full name
    assert g.resolve("Mao", D(2024, 1, 1)).via.startswith("person Mao Zedong")
    assert g.resolve("Mao Ning", D(2024, 1, 1)).via.startswith("person Mao Ning")


def test_the_islamic_republic_is_iran(g: Gazetteer) -> None:
    assert g.resolve("the Islamic Republic").actor == "IRN"
    assert g.resolve("Islamic Republic of Pakistan").actor == "PAK"
