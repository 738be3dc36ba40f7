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


# COA reception locations (gemeente, weight); Ter Apel in Westerwolde is the largest. None in Rotterdam:
# the monitor's Rotterdam statushouders 2021 are all A or B (770 + 4,035 = 4,805), none in a COA.
COA_PLACES = {
    "Westerwolde": 4.5,
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

# care stays: kind code, yearly entries per inhabitant aged 18-64 (JZ: 12-17), median stay in days
CARE_KINDS = np.array(["BW", "JZ", "MO", "GGZ", "OGA"])
CARE_ENTRY_RATE = np.array([0.0009, 0.004, 0.0007, 0.0012, 0.0003])
CARE_MEDIAN_DAYS = np.array([420.0, 200.0, 90.0, 120.0, 80.0])

# education tracks: probability per cohort (none, mbo, hbo, wo), start age and years
TRACK_PROBS = np.array([0.08, 0.40, 0.30, 0.22])
TRACK_START = np.array([99.0, 16.2, 17.8, 17.9])
TRACK_YEARS = np.array([0.0, 4.6, 5.4, 6.3])


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
