"""Names and cue words for the entity recogniser.

The gazetteer (places, groups, organisations, people, personal names) is built by
``scripts/build_gazetteer.py`` into ``data/gazetteer.json`` and loaded once, on first
use. The cue-word lists below are rules, written by hand.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "ABBREVIATIONS",
    "COMPASS",
    "CONNECTORS",
    "DETERMINERS",
    "INSTITUTIONS",
    "NAME_PARTICLES",
    "NOT_ORG_ACRONYMS",
    "ORG_HEADS",
    "ORG_KEYWORDS",
    "ORG_ROLES",
    "PLACE_HEADS",
    "PLACE_KEYWORDS",
    "ROLES",
    "SAY_VERBS",
    "SHIP_PREFIXES",
    "STOPWORDS",
    "TITLES",
    "TITLE_MODIFIERS",
    "Gazetteer",
    "gazetteer",
]

DATA = Path(__file__).parent / "data" / "gazetteer.json.gz"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Each table maps a name as written to its canonical name."""

    places: dict[str, str]
    groups: dict[str, str]
    orgs: dict[str, str]
    people: dict[str, str]
    first_names: frozenset[str]
    first_names_common: frozenset[str]  # also English words: "Will", "Mark"
    surnames: frozenset[str]
    common_words: frozenset[str]  # lower-case English words in use
    longest: int  # words in the longest name
    names: dict[str, tuple[str, str]]  # every name -> (label, canonical); people first, then orgs, places, groups
    first_words: frozenset[str]  # the first word of every name, to rule out most words at once
    state_codes: dict[str, str]  # US state postal codes: "TN" -> "Tennessee"
    currencies: frozenset[str]  # ISO currency codes: "EUR"

    def is_common(self, word: str) -> bool:
        """Whether ``word``, lower-cased and without a plural or verb ending, is an English word."""
        known = _COMMON.get(word)
        if known is None:
            known = _COMMON[word] = self._is_common(word)
            if len(_COMMON) > 50_000:
                _COMMON.clear()
        return known

    def _is_common(self, word: str) -> bool:
        w = word.lower()
        if w in self.common_words:
            return True
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
            if w.endswith(suffix) and w[: -len(suffix)] + repl in self.common_words:
                return True
        return False


_COMMON: dict[str, bool] = {}  # is_common answers by word: the same words come back often


def _table(lines: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in lines.split("\n"):
        name, _, canonical = line.partition("\t")
        table[name] = canonical or name
    return table


@cache
def gazetteer() -> Gazetteer:
    raw = json.loads(gzip.decompress(DATA.read_bytes()).decode("utf-8"))
    tables = {key: _table(raw[key]) for key in ("places", "groups", "orgs", "people")}
    longest = max(name.count(" ") + 1 for table in tables.values() for name in table)
    names: dict[str, tuple[str, str]] = {}
    for key, label in (("groups", "GROUP"), ("places", "PLACE"), ("orgs", "ORG"), ("people", "PERSON")):
        names.update((name, (label, canonical)) for name, canonical in tables[key].items())
    return Gazetteer(
        **tables,
        first_names=frozenset(raw["first_names"].split()),
        first_names_common=frozenset(raw["first_names_common"].split()),
        surnames=frozenset(raw["surnames"].split()),
        common_words=frozenset(raw["common_words"].split()),
        longest=longest,
        names=names,
        first_words=frozenset(name.split(" ", 1)[0] for name in names),
        state_codes=_table(raw["state_codes"]),
        currencies=frozenset(raw["currencies"].split()),
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that start sentences or headlines but never names.
STOPWORDS = _words("""
A An The This That These Those There Here It Its He She His Her Him They Them Their We Our Us I
You Your My Me Who Whom Whose What Which Why How Where When While If Whether But And Or Nor So Yet
As At By For From In Into On Onto Of Off Out Over Under To Up With Without Within Upon Via Per
After Before During Since Until Till Through Throughout Between Among Amid Amidst Against Across
Along Around Behind Beyond Despite Except Inside Outside Near Toward Towards Following Including
According Moreover Nonetheless Nevertheless However Meanwhile Though Although Additionally Also
Furthermore Further Besides Still Even Only Just Instead Indeed Overall Similarly Likewise Thus
Therefore Hence Consequently Accordingly Otherwise Rather Once Now Then Today Tonight Yesterday
Tomorrow Later Earlier Previously Recently Currently Finally Eventually Already Perhaps Maybe
Yes No Not None Nothing Some Any All Both Each Every Either Neither Many Much More Most Few Fewer
Several Such Other Another Same First Second Third Last Next New Old Top Key Main Major Minor
Officials Official Analysts Experts Residents Sources Witnesses Authorities Critics Supporters
Advertisement Advertisements Sponsored Photo Photos Video Videos Image Images Read Watch Listen Click
Subscribe Share Related Editor Editors Note Update Updated Published Posted Source Live Breaking
Exclusive Opinion Analysis Comment Comments Reply Follow Sign Log Menu Home Search Contact About
Please Thanks Thank Hello Dear Do Does Did Is Are Was Were Be Been Has Have Had Will
Would Can Could Should Shall May Might Must Let Like Unlike Because Unless Whereas Whatever
Whoever Wherever Whenever Everyone Everybody Everything Someone Somebody Something Anyone
Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Dozens Hundreds Thousands Millions
Nobody Sunday Monday Tuesday Wednesday Thursday Friday Saturday January February March April
June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct
Nov Dec Mon Tue Wed Thu Fri Sat Sun AM PM
""")

# Words that precede a person's name and are not part of it.
TITLES = _words("""
President Minister Secretary Chancellor Premier Ambassador Envoy Spokesman Spokeswoman
Spokesperson Leader Commander Director Chairman Chairwoman Chair Senator Sen. Representative Rep.
Congressman Congresswoman Governor Gov. Mayor King Queen Prince Princess Pope Sheikh Emir Sultan
Ayatollah Mr. Mrs. Ms. Mr Mrs Ms Dr. Dr Prof. Professor Judge Justice General Gen. Admiral Adm.
Colonel Col. Captain Capt. Sergeant Sgt. Cpl. Corporal Pvt. Spc. Maj. Lt. Officer Commodore
Lieutenant Coordinator Adviser Advisor Administrator Attorney Commissioner Chief Speaker Lord Lady
Sir Dame Rev. Reverend Bishop Archbishop Cardinal Rabbi Imam Coach CEO Marshal Brigadier Brig.
Mullah Cleric Deputy Vice Gens. Ret. Sgt Capt Col Gen Lt Adm Chargé Consul
""")
# Words that qualify a title: "Deputy Foreign Minister", "Secretary of State".
TITLE_MODIFIERS = _words("""
Deputy Vice Acting Former Foreign Defense Defence Prime Interior Finance Chief Senior Assistant
Special Press State Affairs Army Navy Air Force Marine Marines Petty First Under Executive Supreme
Grand Crown Health Justice Trade Economy Energy Home Labour Labor Education Environment Transport
Transportation Agriculture Culture National Security Homeland Treasury Intelligence Opposition
Regional Provincial District Military Top Presidential Majority Minority House Senate Staff
Operations Public Relations Information Commerce Industry Development Communications Joint
Command Master Staff Lance Private Fleet Rear Field Warrant Emergency Police Party Secretary-General
Attorney-General Director-General Commander-in-Chief Lieutenant-General Major-General
""")
# The last word of an organisation's name.
ORG_KEYWORDS = _words("""
Ministry Agency Service Services Council Corp Corp. Corporation Inc Inc. Ltd Ltd. LLC Co. Company
Group Party Forces Force Army Navy Command Department University College Institute Bank
Committee Commission Organization Organisation Union Association Federation Foundation Fund Court
Parliament Assembly Congress Senate Police Guard Guards Brigade Brigades Battalion Regiment Division
Corps Fleet Coalition Front Movement Alliance League Office Bureau Authority Administration
Cabinet Government Airlines Airways Times Post News Network Television Radio Board Center Centre
Society Church Mission Tribunal Directorate Secretariat Trust Exchange Industries Holdings Systems
Technologies Motors Press Agencies Ministries Staff Academy School Hospital Caucus Wing Squadron
Embassy Consulate Museum Library Club FC Laboratory Laboratories Studios Pharmaceuticals Partners
Railway Railways Telecom Bancorp Insurance Brands Foods Airline PLC plc AG GmbH LLP
""")
# Organisation keywords that name one body on their own when capitalised mid-sentence:
# "Coalition aircraft", "the Senate voted", "told Parliament".
INSTITUTIONS = _words("""
Ministry Agency Council Commission Committee Parliament Congress Senate Government Cabinet
Coalition Army Navy Police Court Bureau Administration Alliance Department Directorate Secretariat
Legislature Assembly Kremlin Pentagon Embassy Consulate Tribunal Politburo Junta
""")
# Organisation heads that take "of": "Ministry of Defense", "University of Chicago".
ORG_HEADS = _words("""
Ministry Department University Bank Office Bureau Council Committee Commission Court Institute
Church Party Government League Federation Union Association Organization Organisation Academy
College School Board Army Navy House Chamber Parliament Coalition Cabinet Agency Secretariat
Center Centre Foundation Fund Society Authority Administration Corporation Alliance Forum Museum
""")
# Words after a name that make it a place: "Idlib Province", "Tabqa Dam".
PLACE_KEYWORDS = _words("""
Sea Ocean Gulf Strait River Lake Mountains Mountain Valley Desert Peninsula Island Islands Bay
Province Region Governorate District County Prefecture Oblast Airport Airfield Dam Canal Base
Square Street Avenue Bridge Port Harbor Harbour Heights Plain Basin Coast Border Crossing Camp Fort
Mount Cape Stadium Arena Tower Palace Castle Cathedral Mosque Temple Garden Gardens Falls Springs
Station Terminal Prison
""")
# Lower-case words for a person's role, written right before the name: "quarterback Tom Brady",
# "analyst Jane Doe". Words ending in -ist, -man, -woman or -person count too.
ROLES = _words("""
president minister secretary chancellor premier ambassador envoy spokesman spokeswoman spokesperson
leader commander director chairman chairwoman chair senator representative congressman
congresswoman governor mayor king queen prince princess pope sheikh emir sultan ayatollah judge
justice general admiral colonel captain sergeant corporal officer lieutenant coordinator adviser
advisor administrator attorney commissioner chief speaker bishop archbishop cardinal rabbi imam
coach marshal brigadier cleric deputy founder co-founder owner boss executive ceo cfo chairperson
manager head actor actress singer rapper songwriter musician drummer guitarist writer
author co-author novelist poet editor reporter correspondent columnist journalist photographer
presenter host anchor comedian director filmmaker designer architect artist painter sculptor
player striker midfielder defender goalkeeper forward quarterback linebacker receiver pitcher
catcher outfielder infielder shortstop batsman bowler batter center centre guard tackle
defenseman winger jockey driver rider cyclist boxer wrestler fighter golfer swimmer sprinter
runner skater skier champion captain teammate rookie veteran star legend icon keeper goalie
teacher professor lecturer researcher scientist economist analyst strategist historian scholar expert
lawyer prosecutor detective investigator inspector constable sheriff deputy trooper agent
doctor surgeon physician nurse psychiatrist dentist pharmacist veterinarian
candidate nominee lawmaker legislator councillor councilor councilman councilwoman alderman
activist campaigner protester dissident rebel commander militant suspect defendant plaintiff
victim witness survivor resident neighbor neighbour farmer worker employee contractor consultant
entrepreneur businessman businesswoman banker financier billionaire millionaire tycoon
mogul magnate heir heiress widow widower wife husband son daughter brother sister father mother
cousin uncle aunt nephew niece grandson granddaughter grandfather grandmother fiancé fiancée
girlfriend boyfriend friend colleague opponent successor predecessor counterpart
diplomat official aide staffer intern student graduate pupil priest pastor monk nun
""")
# Lower-case words for what an organisation is, written right before its name: "energy
# company Burisma", "militant group Hayat Tahrir al-Sham", "manufacturer Airbus".
ORG_ROLES = _words("""
company companies firm group organisation organization bank lender insurer retailer carmaker
automaker chipmaker drugmaker manufacturer maker startup start-up conglomerate giant broadcaster
newspaper publisher airline operator provider supplier developer distributor
subsidiary unit affiliate outfit party militia faction movement network agency charity
nonprofit non-profit club brand label studio franchise exchange regulator watchdog insurgents
""")
# Verbs of saying next to a name: "Heyward said", "said Russell."
SAY_VERBS = _words("""
said says told tells added adds asked asks wrote writes explained explains noted notes stated
states testified tweeted posted argued argues insisted insists acknowledged acknowledges recalled
recalls warned warns replied replies continued continues confirmed confirms admitted admits
declared declares remarked remarks conceded concedes complained complains claimed claims
""")
# Prefixes of ship names: "USS Hopper", "HMS Ocean" name ships, which are none of our labels.
SHIP_PREFIXES = _words("USS USNS HMS HMAS HMCS HMNZS FS INS RFA ROKS JS TCG ARA MV SS")
# Compass words that may open a place name before a known place: "East Mosul".
COMPASS = _words("North South East West Northern Southern Eastern Western Central Northeast Northwest Southeast Southwest")
# Lower-case words after which a capitalised run is not a person's name: "the Al Salem hospital".
DETERMINERS = _words("the a an this these those its their our your his her every each no any some")
# Place keywords that come first: "Mount Everest", "Gulf of Aden", "Camp David".
PLACE_HEADS = _words("Mount Lake Gulf Strait Sea Cape Fort Camp Port Bay")
# All-capital words that are not organisations.
NOT_ORG_ACRONYMS = _words("""
AI TV GDP CEO CFO COO CTO PM AM OK ID PC IT US UK USA EU UN DNA HIV AIDS COVID IED IEDS VBIED UAV
UAVS GPS SUV CCTV PDF FAQ DIY RSVP LGBT LGBTQ NFT VIP HQ ETA ASAP EST EDT PST PDT GMT UTC BC AD
CO2 II III IV VI VII VIII IX XI XII MR MRS MS DR HMS USS KM MM KG MPH RPG ATM VAT PS NB ICBM ICBMS
SAM MRAP APC ISR Q&A R&D M&A B&B DVD VOD WTF ICU RRP ICT XAU TBD USB LED LCD API SUV SUVS IPO IPOS ETF
ETFS CPI NGO NGOS LOL OMG URL HTML SMS MRI EV EVS CEOS
""")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(w for w in TITLES if w.endswith(".")) | _words(
    "Jr. Sr. St. Co. Inc. Corp. Ltd. Mt. Ft. Bros. No."
)
# Lower-case words that may sit inside a name: "Ministry of Defense", "Bosnia and Herzegovina".
CONNECTORS = _words("of the and for on de du da del dos das la le el von van der den y al bin ibn")
# Lower-case words that belong to a person's name: "Ursula von der Leyen".
NAME_PARTICLES = _words("de du da del dos das la le von van der den y al bin ibn")
