"""Generate a library of N invented news articles in every form newsreader reads.

    python benchmarks/make_library.py N DIR [--seed S] [--jobs J]

Deterministic: the same N and seed give the same files, byte for byte, and article i
depends only on the seed and i (so a smaller library is a subset of a larger one).
Every outlet, person, place, company and number is made up here. Articles run from about
250 to 1,400 words across a dozen kinds of story, and come as

- scraped text dumps (``.txt``: menus, cookie notices, share prompts, captions, footers),
- Markdown with front matter (``.md``),
- saved HTML pages (``.html``, with meta tags, navigation, figure captions, footers),
- feeds of up to 20 entries: RSS 2.0 (``.xml``, full content or summaries only),
  Atom (``.atom``) and JSON Feed (``.json``),

in folders by outlet, year and month, with the odd non-article file (logs, images,
CSV) that the loader skips and counts. Prints what it wrote.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

BLOCK = 20  # articles are laid out in blocks; a feed block becomes one feed file

FIRST = ["Ana", "Marta", "Ivo", "Lena", "Jon", "Priya", "Oskar", "Marisol", "Harriet", "Desmond", "Benedict", "Tomas", "Ines", "Farid", "Noor", "Keiko", "Dmitri", "Aoife", "Callum", "Sunita", "Rafael", "Greta", "Emeka", "Yusuf", "Hana", "Lucia", "Mateo", "Elin", "Soren", "Adaeze", "Bram", "Chiara", "Declan", "Esme", "Felix", "Gwen", "Hamza", "Ilse", "Jakob", "Kaia", "Lorcan", "Mireille", "Nikhil", "Odile", "Pavel", "Quentin", "Rosalind", "Stellan", "Talia", "Ulrich", "Veda", "Wendell", "Xiomara", "Yannick", "Zora", "Agnes", "Bartholomew", "Cosima", "Dorian", "Eamon", "Fenna", "Gideon", "Hollis", "Isolde", "Jasper", "Katrin", "Leopold", "Magnus", "Nadia", "Orla", "Piers", "Rhiannon", "Silas", "Thea", "Umberto", "Vivian", "Wren", "Ada", "Bastian", "Clio", "Dov", "Elspeth", "Florian", "Grete", "Hector", "Ingrid", "Joss", "Kofi", "Liesel", "Malachy", "Nerys", "Otto", "Petra", "Ramon", "Saskia", "Tobias", "Una", "Vance", "Winifred"]
LAST = ["Ruiz", "Kell", "Brandt", "Avery", "Osei", "Moss", "Feld", "Dunne", "Colquhoun", "Achterberg", "Marr", "Hale", "Ruskin", "Okafor", "Lindqvist", "Varga", "Castellanos", "Whitlock", "Nakamura", "Petrov", "Fairweather", "Abernathy", "Delacroix", "Haddad", "Oyelaran", "Sorensen", "Quintero", "Blackwood", "Ferreira", "Ashdown", "Kowalczyk", "Ellery", "Thorne", "Mbeki", "Galloway", "Strand", "Iversen", "Pemberton", "Rahimi", "Calloway", "Deverell", "Marchetti", "Holloway", "Penrose", "Zielinski", "Brightman", "Hargreaves", "Okonkwo", "Vasquez", "Lindgren", "Featherstone", "Ahlberg", "Moreau", "Castell", "Drummond", "Kinsella", "Mortimer", "Oduya", "Ravensworth", "Sallow", "Tremayne", "Underhill", "Vellacott", "Winterbourne", "Yardley", "Ashcombe", "Birchall", "Cardew", "Dunmore", "Everard", "Fenwick", "Gostelow", "Hatherley", "Ingleby", "Jessop", "Kettering", "Langridge", "Mayhew", "Norcott", "Ollerton", "Penhaligon", "Quarrie", "Redfern", "Stallard", "Tolhurst", "Upcott", "Verity", "Wolstenholme"]
PLACES = """Port Calder|Bexley Cross|Saltmere|Orrin Head|Kestrel Bay|Dunmore|Hollin Fell|Carrow|
Valemont|Northfield|Ashby Marsh|Wrenfield|Castlegate|Tarnside|Mirefield|Eastwick Vale|Ravensholm|
Brackenridge|Lowther Quay|Stonebridge|Fairhaven|Glenmoor|Harrowgate Sound|Ivybridge Reach|
Juniper Ford|Kilnsey|Larkspur Hill|Marrowby|Nettlecombe|Oakhurst|Pennwick|Quarry Green|Rosewell|
Sedgeford|Thornbury Lock|Upwater|Vantry|Wexcombe|Yarrowdale|Zennor Cove|Corvada|Brightwell|
Alder Point|Beacon Rise|Coldharbour|Dovecote|Elmstead|Foxley|Greyfriars|Hawksmoor""".replace("\n", "").split("|")
REGIONS = ["Valemont district", "the Orrin valley", "Northfield county", "the Carrow coast",
           "the Western Isles of Tarn", "Kestrel province", "the Hollin uplands", "Mirefield county"]
OUTLETS = [
    ("The Valemont Ledger", "valemontledger.example"), ("Meridian Wire", "meridianwire.example"),
    ("Orrin Valley Courier", "orrincourier.example"), ("The Kestrel Post", "kestrelpost.example"),
    ("Port Calder Gazette", "calder-gazette.example"), ("Northfield Evening Star", "northfieldstar.example"),
    ("Carrow Coast Herald", "carrowherald.example"), ("The Brightwell Observer", "brightwellobserver.example"),
    ("Tarnside Today", "tarnside.example"), ("Saltmere Chronicle", "saltmerechronicle.example"),
    ("Hollin Fell Mercury", "hollinmercury.example"), ("Castlegate Times", "castlegatetimes.example"),
    ("Wrenfield Record", "wrenfieldrecord.example"), ("The Corvada Dispatch", "corvadadispatch.example"),
    ("Lowther Quay News", "lowtherquay.example"), ("Glenmoor Sentinel", "glenmoorsentinel.example"),
    ("Fairhaven Bulletin", "fairhavenbulletin.example"), ("Eastwick Vale Voice", "eastwickvoice.example"),
]
AGENCIES = ["Northfield Press Agency", "Meridian Pictures", "Carrow Photo Service", "Tarn Images", "Staff"]
COMPANY_A = ["Bright", "Corv", "Hal", "Mar", "Tarn", "Wex", "Ash", "Glen", "Kel", "Stan", "Orr", "Dun", "Rav", "Fen", "Lark", "Pen"]
COMPANY_B = ["well", "ada", "den", "ton", "ridge", "more", "by", "field", "ford", "wick", "holm", "stead"]
COMPANY_C = ["Foods", "Shipping", "Energy", "Motors", "Pharma", "Textiles", "Logistics", "Bank",
             "Telecom", "Steel", "Airways", "Water", "Construction", "Retail Group", "Insurance"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# Each kind of story: headlines, sentences, quotes and roles. {fields} are filled per article.
TOPICS = {
    "strike": dict(
        section="Business",
        headlines=["{place} ferry crews walk out as pay talks collapse",
                   "{union} strike halts {place} port for a {weekday_l}",
                   "Thousands of {place} workers stage {n_small}-hour walkout over pay"],
        sentences=[
            "Members of {union} walked out at {hour} on {weekday} after talks with {company} broke down.",
            "The union is asking for a rise of {pct}, against the {pct2} the company has offered.",
            "{company} said about {n_big} passengers had been affected and that it had hired {n_small} relief crews.",
            "The last strike at the port, in {year_past}, lasted {n_small} days and cost local businesses an estimated {money}.",
            "Talks are due to resume on {weekday2} at the offices of the {place2} arbitration service.",
            "Picket lines formed outside the main terminal in {place} before dawn, with about {n_small} people taking part.",
            "The company's chief executive, {person2}, wrote to staff on {weekday} saying the offer was final.",
            "Freight operators said {n_small} lorries had been turned back and perishable goods were at risk.",
        ],
        quotes=["We have been patient for {n_small} months and we have been ignored",
                "Nobody wants a strike, but our members cannot pay their rent with promises",
                "The offer on the table is fair and it is affordable"],
        roles=["general secretary of {union}", "a deckhand with {n_small} years' service", "a spokesperson for {company}"],
    ),
    "drought": dict(
        section="Environment",
        headlines=["Lake {place_short} falls to lowest level in {n_small} years as drought grips {region}",
                   "Hosepipe ban for {n_big} homes as {region} runs dry",
                   "{place} reservoir at {pct} of capacity after driest summer on record"],
        sentences=[
            "Water levels have dropped {n_dec} metres since March, the {place} Water Board said on {weekday}.",
            "The reservoir supplies drinking water to about {n_big} people across {region}.",
            "Rainfall at the {place2} weather station totalled {n_mm} mm between April and October, less than half the average.",
            "Farmers in {region} estimate crop losses this year at {money}, with barley yields down {pct}.",
            "The board said it would spend {money} on an emergency pipeline from the {place2} aquifer, {n_small} km away.",
            "Residents have been asked to cut daily use to {n_litres} litres per person.",
            "Forecasters at the {region_cap} Meteorological Office expect little rain before mid-{month}.",
            "An inquiry in {year_past} warned that the district would face shortages within a decade.",
        ],
        quotes=["We have not seen numbers like this since {year_past}",
                "Every household needs to play its part now, not next month",
                "You cannot feed cattle on dust"],
        roles=["director of operations at the {place} Water Board", "chair of the {region_cap} Farmers' Cooperative",
               "a hydrologist at {university}"],
    ),
    "jobs": dict(
        section="Business",
        headlines=["{company} to cut {n_big_small} jobs and close {place} plant",
                   "{company} profits fall {pct} as demand slows",
                   "{n_big_small} jobs at risk as {company} reviews {place} site"],
        sentences=[
            "{company} said on {weekday} that it would close its plant in {place} by the end of {year}, with the loss of {n_big_small} jobs.",
            "The company blamed rising energy costs, which it said had grown by {pct} in {n_small} months.",
            "Revenue in the last quarter was {money}, down from {money2} a year earlier.",
            "Shares in {company} fell {pct_small} in early trading in {place2}.",
            "The plant opened in {year_past} and at its peak employed more than {n_big} people.",
            "Local councillors said they would ask the government for a support package for the town.",
            "The union representing the workers said it had been given {n_small} minutes' notice of the announcement.",
            "Analysts at {bank} said further cuts were likely if sales did not recover by spring.",
        ],
        quotes=["This is a devastating day for {place} and for every family that depends on the plant",
                "We took this decision with great reluctance",
                "The writing has been on the wall for {n_small} years"],
        roles=["chief executive of {company}", "leader of {place} Council", "an analyst at {bank}"],
    ),
    "election": dict(
        section="Politics",
        headlines=["{person_last} wins {place} mayoral race by {n_big_small} votes",
                   "Turnout hits {pct} as {region} goes to the polls",
                   "Recount ordered in {place} after {n_small}-vote margin"],
        sentences=[
            "{person} won {pct} of the vote, ahead of {person2} on {pct2}, the returning officer announced shortly after {hour}.",
            "Turnout was {pct}, up from {pct2} at the last election in {year_past}.",
            "The count at {place} leisure centre was delayed for {n_small} minutes after a fire alarm.",
            "{person_last} campaigned on a promise to build {n_big_small} affordable homes within four years.",
            "Her opponents said the council's budget, about {money} a year, could not pay for the plans.",
            "Results from the {n_small} wards in {region} are expected by {weekday2}.",
            "Postal votes made up about {pct_small} of the total, the electoral office said.",
        ],
        quotes=["Tonight {place} has voted for change",
                "We will look closely at the numbers before we say anything more",
                "The people have spoken and I respect their decision"],
        roles=["the new mayor of {place}", "the outgoing mayor", "a professor of politics at {university}"],
    ),
    "court": dict(
        section="News",
        headlines=["{person_last} jailed for {n_small} years over {place} fraud",
                   "Court hears {company} ignored safety warnings",
                   "Jury clears {place} councillor of misconduct"],
        sentences=[
            "{person}, {age}, of {place}, was sentenced at {place2} Crown Court on {weekday}.",
            "The court heard that {money} had been moved through {n_small} accounts over {n_small2} years.",
            "Prosecutors said the scheme had targeted {n_big_small} pensioners in {region}.",
            "The judge, {person2}, said the offences had caused lasting harm to the victims.",
            "The defence argued that its client had been acting on instructions from senior managers.",
            "The trial lasted {n_small} weeks and heard evidence from {n_small2} witnesses.",
            "An appeal is expected to be lodged within {n_small} days, the defendant's lawyers said.",
        ],
        quotes=["You abused the trust placed in you",
                "Our client maintains that he did nothing wrong",
                "Today's verdict will not bring back what the victims lost"],
        roles=["the presiding judge", "the defendant's barrister", "a spokesperson for the prosecution service"],
    ),
    "science": dict(
        section="Science",
        headlines=["Comet visible over {place} for first time in {n_small} years",
                   "{university} team finds new species of beetle in {region}",
                   "Astronomers at {place} observatory spot {n_small} new asteroids"],
        sentences=[
            "Researchers at {university} said the find was reported in a paper published on {weekday}.",
            "The comet will be brightest on {month} {day}, when it passes within {n_big} km of the planet.",
            "The team spent {n_small} months surveying {n_big_small} hectares of woodland near {place}.",
            "Observers in {region} will have the best view about {n_small} minutes after sunset.",
            "The project cost about {money} and was funded by the {region_cap} Science Council.",
            "Similar surveys in {year_past} recorded only {n_small} species in the same area.",
            "Amateur astronomers in {place2} photographed the object on {weekday} night.",
        ],
        quotes=["It is the sort of discovery you hope to make once in a career",
                "We were not expecting anything like this",
                "Anyone with a pair of binoculars should be able to see it"],
        roles=["an astronomer at {university}", "lead author of the study", "director of the {place} observatory"],
    ),
    "budget": dict(
        section="Politics",
        headlines=["{place} council sets {money} budget with {pct_small} tax rise",
                   "Council tax in {region} to rise {pct_small} as services are cut",
                   "{place} unveils {money} plan for roads and schools"],
        sentences=[
            "Councillors voted {n_small} to {n_small2} on {weekday} to approve the budget for {year}.",
            "The average household will pay about {money_small} more a year.",
            "Spending on roads rises by {pct}, while libraries face cuts of {money2}.",
            "The council said it had to find savings of {money} over {n_small} years.",
            "Opposition members proposed an amendment to protect the {place2} youth centre, which was defeated.",
            "The authority employs about {n_big} people and runs {n_small} schools.",
            "Reserves stand at {money}, down from {money2} in {year_past}.",
        ],
        quotes=["These are the hardest choices this council has faced",
                "This budget balances the books on the backs of the poorest",
                "We have protected the services people rely on most"],
        roles=["leader of {place} Council", "the council's finance chief", "leader of the opposition group"],
    ),
    "shipping": dict(
        section="World",
        headlines=["Cargo ship runs aground off {place} with {n_small} crew aboard",
                   "Salvage teams race to refloat ship stuck off {place}",
                   "Oil sheen spotted after freighter grounds near {place}"],
        sentences=[
            "The {ship}, a {n_big}-tonne bulk carrier registered in {place2}, ran aground at {hour} on {weekday}.",
            "All {n_small} crew members were reported safe, the coastguard said.",
            "Salvage crews hope to refloat the vessel at high tide on {weekday2}.",
            "The ship was carrying {n_big} tonnes of grain from {place2} to {place}.",
            "A {n_small} km exclusion zone has been set up around the wreck.",
            "The harbour authority said shipping lanes into {place} would stay open.",
            "Investigators from the {region_cap} Marine Accident Branch are expected on site within {n_small} hours.",
        ],
        quotes=["The crew did everything right once the ship struck",
                "Our priority is to stop any fuel reaching the shore",
                "We have seen nothing like this on this stretch of coast"],
        roles=["a coastguard commander", "a spokesperson for {company}", "the harbour master at {place}"],
    ),
    "sport": dict(
        section="Sport",
        headlines=["{place} United beat {place2} {n_goals}-{n_goals2} to reach the final",
                   "{person_last} breaks {region} record in {n_race}m",
                   "{place} Rovers sack manager after {n_small} straight defeats"],
        sentences=[
            "{person} scored twice in the last {n_small} minutes in front of {n_big} fans.",
            "The club have won {n_small} of their last {n_small2} matches in all competitions.",
            "Tickets for the final, at {place2} Stadium on {weekday2}, sold out within {n_small} minutes.",
            "{person_last} ran {n_time} seconds, beating the old mark set in {year_past}.",
            "The board said a new manager would be named within {n_small} days.",
            "Attendance this season has averaged {n_big}, up {pct_small} on last year.",
            "The visitors had a goal ruled out for offside early in the second half.",
        ],
        quotes=["I have dreamt about this since I was a kid",
                "We were second best for an hour and then we found something",
                "It has been a difficult decision for everyone at the club"],
        roles=["captain of {place} United", "the {place2} manager", "chair of {place} Rovers"],
    ),
    "housing": dict(
        section="News",
        headlines=["Plans for {n_big_small} homes on {place} green belt approved",
                   "Rents in {place} up {pct} in a year, figures show",
                   "{place} residents fight {company} tower plan"],
        sentences=[
            "The planning committee approved the scheme by {n_small} votes to {n_small2} on {weekday}.",
            "The development includes {n_big_small} homes, of which {pct} will be classed as affordable.",
            "Average monthly rents in {place} reached {money_small}, according to the {region_cap} Housing Survey.",
            "Objectors said the site floods every winter and that the roads could not cope.",
            "{company} said construction would begin in {month} and take {n_small} years.",
            "About {n_big} people are on the council's waiting list for social housing.",
            "The scheme also provides a new primary school and {n_small} hectares of parkland.",
        ],
        quotes=["We are not against new homes, we are against homes in the wrong place",
                "This town needs houses that young people can afford",
                "The site has been earmarked for development since {year_past}"],
        roles=["chair of the {place} Residents' Association", "a director at {company}", "the council's planning lead"],
    ),
    "health": dict(
        section="Health",
        headlines=["{place} hospital waiting list hits {n_big}",
                   "New {money} clinic to open in {place}",
                   "Flu cases in {region} double in a week"],
        sentences=[
            "The {place} General Hospital said {n_big} patients were waiting for planned operations.",
            "About {pct_small} had waited longer than {n_small} weeks, the health board said.",
            "The new clinic will have {n_small} consulting rooms and open in {month}.",
            "Cases of flu reported by doctors in {region} rose from {n_big_small} to {n_big} in seven days.",
            "The health board has asked people over {n_age} to book their vaccinations now.",
            "Staffing remains the biggest problem, with {n_small} vacancies for nurses at the hospital.",
            "The board's annual budget is {money}, up {pct_small} on last year.",
        ],
        quotes=["Our staff are working flat out",
                "Every week someone waits is a week of pain",
                "The numbers are worrying but not yet unusual for the time of year"],
        roles=["chief executive of the {region_cap} Health Board", "a consultant surgeon at {place} General",
               "a patient from {place2}"],
    ),
    "fire": dict(
        section="News",
        headlines=["Fire destroys {place} warehouse as {n_small} crews tackle blaze",
                   "Residents evacuated as moorland fire spreads near {place}",
                   "{n_small} rescued from burning flats in {place}"],
        sentences=[
            "{n_small} fire engines and about {n_small2} firefighters were sent to the scene at {hour}.",
            "Smoke could be seen from {place2}, {n_small} km away, and residents were told to keep windows closed.",
            "The fire service said the blaze covered about {n_big_small} square metres at its height.",
            "Police closed the main road between {place} and {place2} for most of {weekday}.",
            "No one was seriously hurt, although {n_small} people were treated for smoke inhalation.",
            "The cause of the fire is being investigated, the {region_cap} Fire and Rescue Service said.",
            "The building, owned by {company}, had stood empty since {year_past}.",
        ],
        quotes=["It went up so quickly, there was nothing anyone could do",
                "Crews worked through the night in very difficult conditions",
                "We heard a bang and then the whole sky was orange"],
        roles=["a station commander", "a neighbour who saw the fire start", "a spokesperson for {company}"],
    ),
}
GENERIC = [
    "The announcement came on {weekday} after {n_small} weeks of speculation.",
    "Figures published by the {region_cap} Statistics Office show a rise of {pct} since {year_past}.",
    "A consultation will run until the end of {month}, the authority said.",
    "The matter is expected to come before the {place} Council at its next meeting.",
    "Local businesses in {place2} said they had already felt the effects.",
    "About {n_big} people live in and around {place}, according to the last census.",
    "Officials said more details would be published on {weekday2}.",
    "The decision follows a review that began in {year_past}.",
    "Campaigners have collected more than {n_big} signatures on a petition.",
    "A report due in {month} is expected to set out the options.",
]
NAV = ["Home", "World", "Politics", "Business", "Science", "Environment", "Sport", "Opinion", "Culture", "Health"]
BOILER = ["Advertisement", "Share on Facebook\nShare on X\nShare by email", "Read more: {related}",
          "Subscribe to our newsletter\nThe morning brief: the day's top stories, every weekday at 7am.",
          "Sign up for breaking news alerts", "Story continues below advertisement"]


class _Ctx(dict):
    """Fixed names for one article; fresh random numbers each time a number is asked for."""

    def __init__(self, rng: random.Random, fixed: dict) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in ("n_small", "n_small2"):
            return str(r.randint(2, 90))
        if key == "n_big":
            return f"{r.randint(1200, 950000):,}"
        if key == "n_big_small":
            return f"{r.randint(120, 4800):,}"
        if key in ("pct", "pct2"):
            return f"{r.randint(3, 68)}%"
        if key == "pct_small":
            return f"{r.randint(1, 12)}.{r.randint(0, 9)}%"
        if key in ("money", "money2"):
            return f"{r.choice(['$', '€', '£'])}{r.randint(1, 480)}.{r.randint(1, 9)} million"
        if key == "money_small":
            return f"{r.choice(['$', '€', '£'])}{r.randint(40, 2400):,}"
        if key == "n_dec":
            return f"{r.randint(1, 9)}.{r.randint(1, 9)}"
        if key == "n_mm":
            return str(r.randint(90, 420))
        if key == "n_litres":
            return str(r.choice([80, 100, 120, 150]))
        if key == "hour":
            return f"{r.randint(1, 11)}:{r.choice(['00', '15', '30', '45'])} {r.choice(['a.m.', 'p.m.'])}"
        if key in ("weekday", "weekday2"):
            return r.choice(WEEKDAYS)
        if key == "weekday_l":
            return r.choice(WEEKDAYS).lower()
        if key == "month":
            return r.choice(MONTHS)
        if key == "day":
            return str(r.randint(1, 28))
        if key == "year_past":
            return str(r.randint(1961, 2018))
        if key == "age":
            return str(r.randint(24, 78))
        if key in ("n_goals", "n_goals2"):
            return str(r.randint(0, 5))
        if key == "n_race":
            return str(r.choice([100, 200, 400, 800, 1500, 5000]))
        if key == "n_time":
            return f"{r.randint(9, 59)}.{r.randint(10, 99)}"
        if key == "n_age":
            return str(r.choice([50, 60, 65, 70, 75]))
        return key


def _name(r: random.Random) -> str:
    first = r.choice(FIRST)
    if r.random() < 0.08:
        return f"{first} {r.choice('ABCDEFGHJKLMNPRSTW')}. {r.choice(LAST)}"
    return f"{first} {r.choice(LAST)}"


def _company(r: random.Random) -> str:
    return f"{r.choice(COMPANY_A)}{r.choice(COMPANY_B)} {r.choice(COMPANY_C)}"


def _slug(text: str, words: int = 7) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:words]) or "article"


def make_article(seed: int, i: int) -> dict:
    """Article ``i``: title, outlet, people, date and paragraphs (plain text), all invented."""
    r = random.Random(seed * 1_000_003 + i)
    topic_name = r.choice(sorted(TOPICS))
    topic = TOPICS[topic_name]
    place, place2 = r.sample(PLACES, 2)
    region = r.choice(REGIONS)
    outlet, domain = r.choice(OUTLETS)
    people = [_name(r) for _ in range(4)]
    fixed = {
        "place": place, "place2": place2, "place_short": place.split()[-1], "region": region,
        "region_cap": region.replace("the ", "").title(),
        "company": _company(r), "bank": f"{r.choice(COMPANY_A)}{r.choice(COMPANY_B)} Capital",
        "union": f"the {place} {r.choice(['Dockworkers', 'Transport Workers', 'Seafarers', 'Factory Workers'])}' Union",
        "university": f"the University of {r.choice(PLACES)}", "ship": f"MV {r.choice(LAST)} {r.choice(['Star', 'Trader', 'Spirit', 'Venture'])}",
        "person": people[0], "person2": people[1], "person_last": people[0].split()[-1],
    }
    fixed["year"] = str(2019 + r.randint(0, 6))
    ctx = _Ctx(r, fixed)
    title = r.choice(topic["headlines"]).format_map(ctx)
    title = title[0].upper() + title[1:]
    published = datetime(2019, 1, 1, tzinfo=UTC) + timedelta(
        days=r.randint(0, 6 * 365), hours=r.randint(5, 22), minutes=r.choice([0, 5, 12, 20, 30, 41, 45, 52]))
    pool = topic["sentences"]
    paragraphs: list[str] = []
    lead = r.choice(pool).format_map(ctx)
    paragraphs.append(lead)
    for _ in range(r.randint(7, 28)):
        roll = r.random()
        if roll < 0.18:
            speaker = r.choice(people)
            role = r.choice(topic["roles"]).format_map(ctx)
            quote = r.choice(topic["quotes"]).format_map(ctx)
            if r.random() < 0.5:
                paragraphs.append(f"\u201c{quote},\u201d said {speaker}, {role}.")
            else:
                paragraphs.append(f"{speaker}, {role}, said: \u201c{quote}.\u201d")
            continue
        count = r.choice((1, 2, 2, 3, 3, 4))
        sentences = [(r.choice(pool) if r.random() < 0.75 else r.choice(GENERIC)).format_map(ctx) for _ in range(count)]
        paragraphs.append(" ".join(sentences))
    byline = people[2] if r.random() < 0.8 else f"{people[2]} and {people[3]}"
    caption = None
    if r.random() < 0.55:
        caption = (f"{r.choice(['A view of', 'People gather in', 'Boats in the harbour at', 'The main street in'])} "
                   f"{place} on {r.choice(WEEKDAYS)}, {MONTHS[published.month - 1]} {published.day}, {published.year}.")
    tags = sorted({topic_name, topic["section"].lower(), place.lower()})
    return {
        "i": i, "title": title, "outlet": outlet, "domain": domain, "section": topic["section"],
        "byline": byline, "published": published, "paragraphs": paragraphs, "caption": caption,
        "credit": f"{_name(r)}/{r.choice(AGENCIES)}", "tags": tags,
        "url": f"https://www.{domain}/{topic['section'].lower()}/{published:%Y/%m}/{_slug(title)}-{i}",
        "related": [r.choice(t["headlines"]).format_map(ctx) for t in r.sample(list(TOPICS.values()), 3)],
        "style": r.randint(0, 3),
    }


# -- the forms ----------------------------------------------------------------------------


def _dateline(a: dict) -> str:
    p: datetime = a["published"]
    style = a["style"]
    if style == 0:
        return p.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return f"{p:%I:%M %p} – {p:%A}, {p:%B} {p.day}, {p.year}".lstrip("0")
    if style == 2:
        return f"Updated : {p.day} {p:%B %Y}, {p:%I:%M %p}"
    return f"{p:%B} {p.day}, {p.year}"


def as_scraped(a: dict, r: random.Random) -> str:
    sep = " | " if a["style"] % 2 else " – "
    out = [f"{a['title']}{sep}{a['outlet']}", "", *r.sample(NAV, r.randint(4, 8)), ""]
    if r.random() < 0.6:
        out += ["We use cookies to improve your experience on our site and to show you relevant advertising. "
                "By continuing to browse, you agree to our use of cookies. Accept", ""]
    if r.random() < 0.5:
        out += [a["section"]]
    out += [a["title"], "", f"By {a['byline']}", _dateline(a), ""]
    if a["caption"]:
        out += [f"{a['caption']} Photo: {a['credit']}", ""]
    for n, paragraph in enumerate(a["paragraphs"]):
        out += [paragraph, ""]
        if n in (2, 6, 11) and r.random() < 0.5:
            out += [r.choice(BOILER).format(related=a["related"][0]), ""]
    out += ["Related articles", ""]
    for headline in a["related"]:
        out += [headline[0].upper() + headline[1:], ""]
    out += [f"© {a['published'].year} {a['outlet']}. All rights reserved.", "Privacy Policy", "Terms of Use", ""]
    return "\n".join(out)


def as_markdown(a: dict, r: random.Random) -> str:
    front = [
        "---", f"title: {json.dumps(a['title'], ensure_ascii=False)}", f"date: {a['published'].isoformat()}",
        f"author: {json.dumps(a['byline'], ensure_ascii=False)}", f"tags: [{', '.join(a['tags'])}]",
        f"url: {a['url']}", f"outlet: {json.dumps(a['outlet'], ensure_ascii=False)}", f"section: {a['section']}",
        "---", "",
    ]
    body: list[str] = []
    if a["caption"]:
        body += [f"![{a['caption']}](images/{a['i']}.jpg)", ""]
    for n, paragraph in enumerate(a["paragraphs"]):
        if n and n % 7 == 0 and r.random() < 0.5:
            body += [f"## {a['related'][n % 3].split(' as ')[0][:60]}", ""]
        if n == 3:
            paragraph += f" [Read the full report](https://www.{a['domain']}/reports/{a['i']})."
        body += [paragraph, ""]
    return "\n".join(front + body)


def as_html(a: dict, r: random.Random) -> str:
    e = html.escape
    p = a["published"]
    nav = "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in r.sample(NAV, 6))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(a['title'])} | {e(a['outlet'])}</title>",
        f'<meta name="author" content="{e(a["byline"])}">',
        f'<meta property="og:site_name" content="{e(a["outlet"])}">',
        f'<meta property="og:url" content="{e(a["url"])}">',
        f'<meta property="article:published_time" content="{p.isoformat()}">',
        f'<meta name="keywords" content="{e(", ".join(a["tags"]))}">',
        '<link rel="stylesheet" href="/static/site.css"><script src="/static/ads.js"></script>',
        f'</head><body><header><div class="logo">{e(a["outlet"])}</div><nav><ul>{nav}</ul></nav></header>',
        '<div class="cookie-banner">We use cookies. <button>Accept</button></div>',
        f'<main><article><h1>{e(a["title"])}</h1>',
        f'<p class="byline">By <span class="author">{e(a["byline"])}</span> · <time datetime="{p.isoformat()}">'
        f"{p:%B} {p.day}, {p.year}</time></p>",
    ]
    if a["caption"]:
        parts.append(f'<figure><img src="/img/{a["i"]}.jpg" alt=""><figcaption>{e(a["caption"])} '
                     f'<span class="credit">{e(a["credit"])}</span></figcaption></figure>')
    for n, paragraph in enumerate(a["paragraphs"]):
        if n == 2:
            parts.append(f'<p>{e(paragraph)} <a href="https://www.{a["domain"]}/data/{a["i"]}">The figures</a>.</p>')
        else:
            parts.append(f"<p>{e(paragraph)}</p>")
        if n == 4:
            parts.append('<div class="ad">Advertisement</div>')
    related = "".join(f'<li><a href="/r/{k}">{e(h)}</a></li>' for k, h in enumerate(a["related"]))
    parts += [
        '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>',
        f'</article><aside><h2>Related articles</h2><ul>{related}</ul></aside></main>',
        f"<footer><p>© {p.year} {e(a['outlet'])}. All rights reserved.</p>"
        '<a href="/privacy">Privacy Policy</a></footer></body></html>', "",
    ]
    return "\n".join(parts)


def _entry_html(a: dict) -> str:
    out = []
    if a["caption"]:
        out.append(f'<figure><img src="https://www.{a["domain"]}/img/{a["i"]}.jpg" alt="">'
                   f"<figcaption>{html.escape(a['caption'])}</figcaption></figure>")
    out += [f"<p>{html.escape(p)}</p>" for p in a["paragraphs"]]
    return "".join(out)


def as_rss(arts: list[dict], full: bool) -> str:
    first = arts[0]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
           f"<title>{html.escape(first['outlet'])}</title><link>https://www.{first['domain']}/</link>",
           f"<description>News from {html.escape(first['outlet'])}</description>"]
    for a in arts:
        out += ["<item>", f"<title>{html.escape(a['title'])}</title>", f"<link>{a['url']}</link>",
                f'<guid isPermaLink="true">{a["url"]}</guid>',
                f"<pubDate>{a['published']:%a, %d %b %Y %H:%M:%S +0000}</pubDate>",
                f"<dc:creator>{html.escape(a['byline'])}</dc:creator>"]
        out += [f"<category>{t}</category>" for t in a["tags"]]
        out.append(f"<description>{html.escape(a['paragraphs'][0])}</description>")
        if full:
            out.append(f"<content:encoded><![CDATA[{_entry_html(a)}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>\n")
    return "\n".join(out)


def as_atom(arts: list[dict]) -> str:
    first = arts[0]
    e = html.escape
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{e(first['outlet'])}</title>", f'<link href="https://www.{first["domain"]}/"/>',
           f"<id>urn:feed:{first['domain']}:{first['i']}</id>",
           f"<updated>{max(a['published'] for a in arts):%Y-%m-%dT%H:%M:%SZ}</updated>"]
    for a in arts:
        out += ["<entry>", f"<title>{e(a['title'])}</title>", f'<link href="{a["url"]}"/>',
                f"<id>{a['url']}</id>", f"<updated>{a['published']:%Y-%m-%dT%H:%M:%SZ}</updated>",
                f"<author><name>{e(a['byline'])}</name></author>",
                *(f'<category term="{t}"/>' for t in a["tags"]),
                f'<content type="html">{e(_entry_html(a))}</content>', "</entry>"]
    out.append("</feed>\n")
    return "\n".join(out)


def as_json_feed(arts: list[dict]) -> str:
    first = arts[0]
    doc = {
        "version": "https://jsonfeed.org/version/1.1", "title": first["outlet"],
        "home_page_url": f"https://www.{first['domain']}/",
        "items": [{
            "id": a["url"], "url": a["url"], "title": a["title"], "content_html": _entry_html(a),
            "date_published": a["published"].isoformat().replace("+00:00", "Z"),
            "authors": [{"name": a["byline"]}], "tags": a["tags"],
        } for a in arts],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def write_block(seed: int, block: int, count: int, root: str) -> dict[str, int]:
    """Write articles ``block*BLOCK`` .. up to ``count``; returns files written per kind."""
    r = random.Random(f"block:{seed}:{block}")
    start, end = block * BLOCK, min(count, (block + 1) * BLOCK)
    articles = [make_article(seed, i) for i in range(start, end)]
    base = Path(root)
    written: dict[str, int] = {}

    def put(path: Path, text: str, kind: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written[kind] = written.get(kind, 0) + 1

    roll = r.random()
    if roll < 0.12 and len(articles) >= 2:  # a feed file holding the whole block
        arts = list(articles)
        arts.sort(key=lambda a: a["published"], reverse=True)
        kind = r.choice(["rss-full", "rss-summary", "atom", "json"])
        folder = base / "feeds" / _slug(arts[0]["outlet"], 4)
        name = f"{block:06d}"
        if kind == "rss-full":
            put(folder / f"{name}.xml", as_rss(arts, True), "rss")
        elif kind == "rss-summary":
            put(folder / f"{name}.rss", as_rss(arts, False), "rss")
        elif kind == "atom":
            put(folder / f"{name}.atom", as_atom(arts), "atom")
        else:
            put(folder / f"{name}.json", as_json_feed(arts), "json feed")
        written["feed entries"] = len(arts)
    else:
        for a in articles:
            p = a["published"]
            folder = base / _slug(a["outlet"], 4) / f"{p.year}" / f"{p.month:02d}"
            stem = f"{a['i']:07d}-{_slug(a['title'])}"
            form = r.random()
            if form < 0.55:
                put(folder / f"{stem}.txt", as_scraped(a, r), "txt")
            elif form < 0.78:
                put(folder / f"{stem}.md", as_markdown(a, r), "md")
            else:
                put(folder / f"{stem}.html", as_html(a, r), "html")
    if r.random() < 0.04:  # the odd file that is not an article
        name, data = r.choice([("fetch.log", "2024-01-01 fetched 20 pages\n"), ("index.csv", "id,title\n1,x\n"),
                               ("thumb.jpg", "\xff\xd8\xff\xe0 not really an image")])
        put(base / "misc" / f"{block:06d}-{name}", data, "other")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="how many articles")
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to write them (created)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes (default 2)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    args.folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    blocks = range((args.count + BLOCK - 1) // BLOCK)
    totals: dict[str, int] = {}
    root = str(args.folder)
    if args.jobs > 1 and len(blocks) > 4:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = pool.map(write_block, [args.seed] * len(blocks), blocks, [args.count] * len(blocks),
                               [root] * len(blocks), chunksize=64)
            for written in results:
                for kind, n in written.items():
                    totals[kind] = totals.get(kind, 0) + n
    else:
        for block in blocks:
            for kind, n in write_block(args.seed, block, args.count, root).items():
                totals[kind] = totals.get(kind, 0) + n
    elapsed = time.perf_counter() - started
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(totals.items()))
    print(f"{args.count} articles in {args.folder} ({detail}) in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
