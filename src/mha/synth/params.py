"""Behavioural parameters of the twin: rates per year, shares and the places of institutions.

These are modelling choices (documented in docs/synthetic_twin.md), not facts from the seeds.
"""

from __future__ import annotations

import numpy as np

# origins (GBAHERKOMSTGROEPERING) and their weights among persons with a migration background
ORIGINS = np.array(
    [
        "NL",
        "MA",
        "TR",
        "SR",
        "ID",
        "DE",
        "PL",
        "CW",
        "BE",
        "GB",
        "SY",
        "ER",
        "AF",
        "IQ",
        "RO",
        "BG",
        "IN",
        "CN",
        "SO",
        "US",
        "ES",
        "IT",
        "UA",
        "IR",
    ]
)
MIGRANT_ORIGIN_WEIGHTS = np.array(
    [0, 10, 11, 9, 10, 9, 6, 4, 5, 2, 3, 1, 1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 1, 1], dtype=float
)
ASYLUM_ORIGINS = np.array(["SY", "ER", "AF", "IQ", "IR", "YE", "TR", "SO"])
ASYLUM_ORIGIN_WEIGHTS = np.array([45, 15, 10, 8, 6, 5, 8, 3], dtype=float)
LABOUR_NATIONALITIES = np.array(["PL", "RO", "BG", "HU", "LT", "LV", "SK", "PT", "ES", "IT", "GR", "HR"])
LABOUR_NATIONALITY_WEIGHTS = np.array([40, 15, 12, 6, 6, 4, 4, 3, 4, 4, 1, 1], dtype=float)
OTHER_IMMIGRANT_NATIONALITIES = np.array(
    ["DE", "GB", "IN", "CN", "US", "TR", "MA", "BE", "FR", "IT", "ES", "UA", "SR", "BR"]
)
OTHER_IMMIGRANT_WEIGHTS = np.array([10, 6, 10, 5, 4, 4, 3, 4, 4, 4, 4, 3, 2, 2], dtype=float)

COUNTRIES = np.array(
    sorted(
        set(ORIGINS) | set(ASYLUM_ORIGINS) | set(LABOUR_NATIONALITIES) | set(OTHER_IMMIGRANT_NATIONALITIES)
    )
)


def country_index(codes: np.ndarray) -> np.ndarray:
    """Index into COUNTRIES of ISO codes."""
    return np.searchsorted(COUNTRIES, codes).astype(np.int16)


# yearly national flows at scale 1 (CBS orders of magnitude)
# asylum seekers arriving at a COA location, including family members who follow (nareizigers)
ASYLUM_ARRIVALS = {
    2017: 24_000,
    2018: 28_000,
    2019: 30_000,
    2020: 28_000,
    2021: 36_000,
    2022: 48_000,
    2023: 50_000,
}
ASYLUM_GRANTED = 0.72  # share of the asylum seekers who get a permit (the rest leave after 200-500 days)
# share of those with a permit who are family members following a permit holder (nareizigers) and join
# that household: CBS/IND 2021, 24,740 first asylum requests and just over 10,000 nareizigers
ASYLUM_REUNITED = 0.35
LABOUR_IMMIGRANTS = {
    2017: 55_000,
    2018: 60_000,
    2019: 62_000,
    2020: 50_000,
    2021: 55_000,
    2022: 60_000,
    2023: 62_000,
}
# taakstelling vergunninghouders per half year, national (scaled like everything else)
TAAKSTELLING = {
    2017: (14_000, 14_000),
    2018: (9_000, 7_000),
    2019: (7_000, 7_000),
    2020: (5_500, 7_500),
    2021: (11_500, 13_500),
    2022: (13_500, 20_500),
    2023: (19_000, 19_500),
    2024: (19_000, 19_500),
}

# gemeenten (2023 names) with extra EU labour migrants and their weight relative to population
LABOUR_ELSEWHERE = 0.25
LABOUR_HOTSPOTS = {
    "Westland": 8.0,
    "Venlo": 5.0,
    "Horst aan de Maas": 7.0,
    "Zeewolde": 5.0,
    "Rotterdam": 2.0,
    "'s-Gravenhage": 2.5,
    "Peel en Maas": 5.0,
    "Venray": 4.0,
    "Lansingerland": 4.0,
    "Pijnacker-Nootdorp": 3.0,
    "Tilburg": 2.0,
    "Waalwijk": 5.0,
    "Roosendaal": 3.0,
    "Almere": 1.5,
    "Eindhoven": 1.5,
    "Zaltbommel": 3.0,
    "Emmen": 2.0,
    "Moerdijk": 4.0,
}
# university and hbo cities: more students leave home to live there (and stay there)
STUDENT_CITIES = {
    "Amsterdam": 1.4,
    "Utrecht": 2.0,
    "Groningen": 2.6,
    "Leiden": 2.2,
    "Delft": 2.6,
    "Rotterdam": 1.3,
    "Nijmegen": 2.0,
    "Enschede": 1.8,
    "Eindhoven": 1.6,
    "Tilburg": 1.6,
    "Maastricht": 2.0,
    "Wageningen": 2.8,
    "'s-Gravenhage": 1.1,
    "Breda": 1.3,
    "Arnhem": 1.3,
    "Zwolle": 1.3,
    "Leeuwarden": 1.4,
    "Den Bosch": 1.1,
    "'s-Hertogenbosch": 1.2,
    "Haarlem": 1.1,
    "Deventer": 1.2,
    "Ede": 1.1,
    "Amersfoort": 1.0,
    "Diemen": 1.6,
}
# Domestic student migration (chunks are simulated independently, so a move between gemeenten is a
# departure in one chunk and an arrival in another): an hbo/wo student who lives with the parents
# leaves the gemeente when the study starts with probability STUDENT_DEPARTURE / weight^2 (weight of
# STUDENT_CITIES, 1 elsewhere); the national number of departures, plus international degree students,
# arrive in the student cities in proportion to inhabitants x (weight - 1).
STUDENT_DEPARTURE = 0.55
INTERNATIONAL_STUDENTS = 24_000  # per year at scale 1 (hbo and wo, first-years and masters)
STUDENT_ARRIVAL_QUARTERS = np.array([0.08, 0.04, 0.8, 0.08])  # most arrive in August-September
INTERNATIONAL_STUDENT_NATIONALITIES = np.array(
    ["DE", "IT", "ES", "CN", "IN", "GB", "BE", "FR", "GR", "US", "RO", "BG", "PL", "TR"]
)
INTERNATIONAL_STUDENT_WEIGHTS = np.array([22, 10, 6, 6, 6, 3, 6, 5, 5, 2, 5, 3, 3, 3], dtype=float)
# at the start (1-1-2017): share of the 18-25-year-olds living on their own in a student city who are
# hbo/wo students there, per unit of (weight - 1)
STUDENT_CITY_INITIAL = 0.35


def student_departure(weight: np.ndarray) -> np.ndarray:
    """Probability that an hbo/wo student living at home moves to another gemeente at the start."""
    return np.clip(STUDENT_DEPARTURE / np.asarray(weight, dtype=float) ** 2, 0.05, STUDENT_DEPARTURE)


# Permit holders are housed by taakstelling in proportion to inhabitants x this factor: the big
# cities lag a little behind their share (scarce social housing), about 7% for Rotterdam. Many move on
# to the big cities a few years later (secondary migration, `PERMIT_MOVERS`).
def permit_city_factor(inhabitants: np.ndarray) -> np.ndarray:
    return np.clip((np.asarray(inhabitants, dtype=float) / 150_000) ** -0.05, 0.9, 1.0)


# Secondary migration of permit holders (chunks are simulated independently, so a move between
# gemeenten is a departure in one chunk and an arrival in another, both planned in `national_plan`):
# persons per year at scale 1 who move with their household to a big city 1-5 years after the permit.
# They leave gemeenten in proportion to their housing share x `permit_departure_weight` and arrive in
# proportion to inhabitants x `permit_pull` (the cities above 100,000 inhabitants, most in the G4).
PERMIT_MOVERS = {2017: 2_500, 2018: 3_000, 2019: 3_500, 2020: 3_500, 2021: 4_000, 2022: 3_500, 2023: 3_500}
PERMIT_MOVE_YEARS = (1.0, 5.0)  # eligible: permit granted this many years ago (head of the household)
PERMIT_MOVE_MEAN_YEARS = 1.2  # arrivals: years since the permit = 1 + exponential with this mean


def permit_pull(inhabitants: np.ndarray) -> np.ndarray:
    """Weight per inhabitant of a gemeente as destination of permit holders who move on."""
    return np.clip(np.log(np.asarray(inhabitants, dtype=float) / 100_000), 0.0, None)


def permit_departure_weight(inhabitants: np.ndarray) -> np.ndarray:
    """Relative probability that an eligible permit-holder household leaves (none from the G4)."""
    return np.clip(1.0 - permit_pull(inhabitants), 0.0, 1.0)


# COA reception locations (gemeente, weight); Ter Apel in Westerwolde is the largest (its weight gives
# about 1,085 permit holders still there on 31 December 2021, SPEC section 10). None in Rotterdam:
# the monitor's Rotterdam statushouders 2021 are all A or B (770 + 4,035 = 4,805), none in a COA.
COA_PLACES = {
    "Westerwolde": 6.8,
    "Cranendonck": 3.0,
    "Coevorden": 2.0,
    "Gilze en Rijen": 2.0,
    "Almere": 2.0,
    "Amsterdam": 3.0,
    "Arnhem": 2.0,
    "Utrecht": 2.0,
    "Den Helder": 2.0,
    "Tytsjerksteradiel": 2.0,
    "Stadskanaal": 2.0,
    "Dronten": 2.0,
    "Ede": 2.0,
    "Heerlen": 2.0,
    "Land van Cuijk": 2.0,
    "Zutphen": 2.0,
    "Rijswijk": 2.0,
    "Oisterwijk": 2.0,
    "Eemsdelta": 2.0,
    "Assen": 2.0,
    "Emmen": 2.0,
    "Hoogeveen": 1.5,
    "Leeuwarden": 1.5,
    "Wageningen": 1.5,
    "Winterswijk": 1.5,
    "Venlo": 1.5,
    "Maastricht": 1.5,
    "Middelburg": 1.5,
    "Zoetermeer": 1.5,
    "Echt-Susteren": 1.5,
    "Budel": 1.0,
    "Apeldoorn": 1.5,
    "Nijmegen": 1.5,
}
PRISON_PLACES = {
    "Vught": 3.0,
    "Rotterdam": 3.0,
    "Amsterdam": 3.0,
    "'s-Gravenhage": 2.0,
    "Zwolle": 2.0,
    "Lelystad": 2.0,
    "Almelo": 1.5,
    "Dijk en Waard": 2.0,
    "Zoetermeer": 1.5,
    "Alphen aan den Rijn": 1.5,
    "Krimpen aan den IJssel": 1.0,
    "Dordrecht": 1.5,
    "Arnhem": 2.0,
    "Nijmegen": 2.0,
    "Sittard-Geleen": 1.5,
    "Roermond": 1.5,
    "Noordenveld": 2.0,
    "Leeuwarden": 1.5,
    "Middelburg": 1.0,
    "Breda": 1.5,
    "Westerwolde": 1.0,
    "Almere": 1.5,
    "Land van Cuijk": 1.5,
    "Schiedam": 1.0,
    "Zaanstad": 1.5,
    "Utrecht": 1.0,
}

# detention: yearly rate of a man of average risk aged 35 (x exp(1.25 risk), women x 0.1, by age), and
# the length of a stay, log-normal (days)
DETENTION_RATE = 0.0031
DETENTION_MEDIAN_DAYS = 48.0
DETENTION_SIGMA = 1.15
DETENTION_EARNING_SLOPE = 0.6  # detention rate x exp(-slope x earning power), mean kept
# detention rate by the tenure of the dwelling (owner, corporation, private), calibrated to the tenure of
# Rotterdam's uitstromers detentie in the monitor (2021: koop 65, corporatie 255, private huur 90 of 545)
DETENTION_TENURE_FACTOR = (0.3, 2.3, 0.65)


def detention_city_factor(inhabitants: np.ndarray) -> np.ndarray:
    """More detention among the inhabitants of the big cities: (inhabitants / 150,000)^0.15 in 0.85-1.3."""
    return np.clip((np.asarray(inhabitants, dtype=float) / 150_000) ** 0.15, 0.85, 1.3)


# about 30% of released prisoners are back in prison within two years (nieuwskoerier.nl, 2019): a
# yearly chance of a new detention of at least this much during the two years after a release
RECIDIVISM_RATE = 0.16

# Housing paths after detention and care (mha.synth.events.institutions.release). Who lived alone keeps
# the dwelling during a stay with these chances by the stay's planned length (days): gemeenten pay the
# housing costs of a one-person household during detention of more than a month for at most six months
# (bijzondere bijstand), eviction follows rent arrears of about three months, and longer stays need
# huisbewaring; during a care stay the housing costs are paid for at most a year (docs/synthetic_twin.md).
KEEP_DWELLING = {
    "detention": ((31, 0.95), (183, 0.6), (99_999, 0.25)),
    "care": ((365, 0.9), (99_999, 0.3)),
    "owner": 0.95,  # owner-occupiers keep their home
}
# chance that a person who left a household returns to it (if it still lives at a dwelling)
RETURN_HOME = {"detention": 0.5, "BW": 0.4, "JZ": 0.9, "MO": 0.3, "GGZ": 0.85, "OGA": 0.5}
# otherwise one path, shares of (family or friends, shelter, no fixed address, private rent, corporation)
RELEASE_PATHS = {
    "detention": (0.27, 0.17, 0.43, 0.06, 0.07),
    "care": (0.20, 0.0, 0.10, 0.30, 0.40),
    "no_address": (0.35, 0.0, 0.25, 0.25, 0.15),
}
NO_ADDRESS_MEDIAN_DAYS = 300.0  # a stay without a fixed address (postal address at an institution)

# care stays: kind code, yearly entries per inhabitant aged 18-64 (JZ: 12-17), median stay in days
CARE_KINDS = np.array(["BW", "JZ", "MO", "GGZ", "OGA"])
CARE_ENTRY_RATE = np.array([0.0009, 0.004, 0.0007, 0.0012, 0.0003])
CARE_MEDIAN_DAYS = np.array([420.0, 200.0, 90.0, 120.0, 80.0])

# education tracks: probability per cohort (none, mbo, hbo, wo), start age and years
TRACK_PROBS = np.array([0.08, 0.40, 0.30, 0.22])
TRACK_START = np.array([99.0, 16.2, 17.8, 17.9])
TRACK_YEARS = np.array([0.0, 4.6, 5.4, 6.3])


# Rents (kale huur per month). Levels on 1 January 2017 by segment: (median, log-sd, elasticity to the
# floor area); a corporation's regulated median of EUR 490 gives a mean corporation rent of about EUR 582
# at the end of 2023 after the increases below (Aedes: 582); liberalised rents lie above the
# liberalisatiegrens, most below EUR 1,000 (CBS: of the almost 8% liberalised woonruimten in 2021, about
# 5 points rent for at most EUR 1,000).
RENT_2017 = {
    "corporation": (490.0, 0.16, 0.2),
    "private": (560.0, 0.2, 0.3),
    "liberalised": (760.0, 0.22, 0.4),
}
# shares of liberalised dwellings: corporations about 5% (estimate: CBS counts almost 8% of the occupied
# woonruimten liberalised in 2021, half of the private landlords' stock; the rest is the corporations'
# share of the stock), private landlords about half in 2021 (a quarter in 2012); new and converted
# private dwellings mostly (estimate)
CORPORATION_LIBERALISED = 0.05
RENT_REFERENCE_AREA = (75.0, 70.0)  # m2 of a corporation and a private dwelling at the median rent
PRIVATE_LIBERALISED = {"stock_2017": 0.46, "new": 0.85}
# rent increases on 1 July (%), CBS (huurverhoging woningen incl. huurharmonisatie, news items 2018-2023):
# corporations' regulated dwellings, other landlords' regulated dwellings, liberalised dwellings (vrije
# sector). 2017 for other landlords: estimate (all 1.6%, corporations 1.1%); 2020: all regulated 2.7%.
RENT_INCREASE = {
    "corporation": {2017: 1.1, 2018: 1.7, 2019: 2.0, 2020: 2.7, 2021: 0.3, 2022: 2.6, 2023: 0.1},
    "private": {2017: 2.7, 2018: 3.3, 2019: 3.3, 2020: 2.7, 2021: 0.3, 2022: 2.9, 2023: 3.7},
    "liberalised": {2017: 2.7, 2018: 3.1, 2019: 3.3, 2020: 3.0, 2021: 2.2, 2022: 3.8, 2023: 4.5},
}

# How easy it is to get a corporation dwelling relative to the start (the corporation share of the
# tenure preferences of households that look for a dwelling, and the moving rate of corporation tenants):
# calibrated to the corporation lettings of CBS, 169,000 in 2021 and 162,500 in 2022 (SPEC section 10;
# waiting times grew, fewer tenants moved on). Permit holders (taakstelling) and students are not affected.
CORPORATION_ACCESS = {2017: 1.0, 2018: 1.0, 2019: 1.0, 2020: 1.0, 2021: 0.97, 2022: 0.85, 2023: 0.85}

# private households per inhabitant relative to the KWB calibration: the twin's households are
# persons' household spells on 31 December, KWB 2023 counts a little more (8.27 M) than the
# monitor's 8.0 M private households in 2021, so the twin aims about 4% lower
HOUSEHOLD_TARGET_FACTOR = 0.98


def per_step(rate_per_year: np.ndarray | float, steps_per_year: int = 4) -> np.ndarray:
    """Convert a yearly probability into the probability per step."""
    r = np.clip(np.asarray(rate_per_year, dtype=float), 0.0, 0.999999)
    return 1.0 - (1.0 - r) ** (1.0 / steps_per_year)


def death_rate(age: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """Yearly probability of dying (Gompertz; men a little higher)."""
    base = np.exp(-11.6 + 0.104 * np.asarray(age, dtype=float))
    return np.minimum(base * np.where(sex == 1, 1.25, 0.85) + 0.0002, 0.6)


def fertility_rate(age: np.ndarray) -> np.ndarray:
    """Yearly probability that a woman in a couple gives birth."""
    return 0.15 * np.exp(-(((np.asarray(age, dtype=float) - 31.5) / 5.0) ** 2))


def leave_home_rate(age: np.ndarray) -> np.ndarray:
    a = np.asarray(age, dtype=float)
    return np.where(a < 17.5, 0.0, np.clip(0.04 + 0.022 * (a - 18), 0.04, 0.22))


def at_home_probability(age: np.ndarray) -> np.ndarray:
    """Probability that a person of this age still lives with the parents (initial population)."""
    a = np.asarray(age, dtype=float)
    p = np.interp(
        a,
        [0, 17.9, 18, 20, 22, 24, 26, 28, 30, 35, 40],
        [1, 1, 0.9, 0.72, 0.52, 0.34, 0.21, 0.12, 0.07, 0.03, 0.01],
    )
    return p
