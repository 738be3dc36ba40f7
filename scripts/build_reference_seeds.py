"""Build the reference seeds in seeds/reference/ from the checked facts in a reference folder.

For maintainers: CI does not run this script; its output CSVs are committed. It reads the public
facts gathered in `../shared/reference` (CBS gemeente list 2023, RvIG Tabel 33, the herindelingen,
CBS Kerncijfers wijken en buurten, population 2024, sourced woondeal memberships) and the limits
table of SPEC section 6, and writes the project's own seeds in the layout of docs/architecture.md.
The code lists and the indicative woondeal memberships are project data kept in this file.

    .venv/bin/python scripts/build_reference_seeds.py [--reference ../shared/reference] [--spec SPEC.md]

The output is deterministic (sorted rows, fixed rounding, `\\n` line ends).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
OUT_DIR = PROJECT_DIR / "seeds" / "reference"

BOUNDARY_YEAR = 2023
YEARS = (2018, 2019, 2020, 2021, 2022, 2023, 2024)
CALIBRATION_YEARS = (2019, 2022, 2023)

# Haaren (GM0788) was split on 2021-01-01. Figures of Haaren for years before 2021 are spread over the
# four receiving gemeenten by fixed shares: the approximate population of the villages each received
# (Haaren village -> Oisterwijk, Helvoirt -> Vught, Esch -> Boxtel, Biezenmortel -> Tilburg).
SPLIT_SHARES = {
    "GM0788": {"GM0824": 0.40, "GM0865": 0.35, "GM0757": 0.17, "GM0855": 0.08},
}

# Littenseradiel (GM0140) was split on 2018-01-01; RvIG Tabel 33 names one successor only. The other
# two receiving gemeenten (public fact, not in a data file here) are added as split rows.
EXTRA_SPLIT_PARTNERS = {"GM0140": ("GM0080", "GM1949")}

# ---------------------------------------------------------------------------------------------------
# Woondealregio's. The sourced rows come from calibration/woondealregios.csv; the rest of each
# region's members below are indicative (from general knowledge of the regional housing deals and
# their usual housing-market regions, not checked against the signed deal texts).
# (name in this project, name in woondealregios.csv or None, indicative members by CBS 2023 name)
WOONDEALS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("Groningen-Assen", "Groningen-Assen",
     ("Groningen", "Het Hogeland", "Midden-Groningen", "Westerkwartier", "Assen", "Noordenveld", "Tynaarlo")),
    ("Eemsdelta", None, ("Eemsdelta",)),
    ("Oost-Groningen", None, ("Oldambt", "Pekela", "Stadskanaal", "Veendam", "Westerwolde")),
    ("Leeuwarden", None, ("Leeuwarden",)),
    ("Noordoost Fryslân", None, ("Achtkarspelen", "Dantumadiel", "Noardeast-Fryslân", "Tytsjerksteradiel")),
    ("Noordwest Fryslân", None, ("Harlingen", "Waadhoeke")),
    ("Zuidwest Fryslân", None, ("Súdwest-Fryslân", "De Fryske Marren")),
    ("Zuidoost Fryslân", "Zuidoost Fryslân",
     ("Heerenveen", "Ooststellingwerf", "Opsterland", "Smallingerland", "Weststellingwerf")),
    ("Waddeneilanden", None, ("Ameland", "Schiermonnikoog", "Terschelling", "Vlieland")),
    ("Zuidoost-Drenthe", None, ("Aa en Hunze", "Borger-Odoorn", "Coevorden", "Emmen")),
    ("Zuidwest-Drenthe", None, ("De Wolden", "Hoogeveen", "Meppel", "Midden-Drenthe", "Westerveld")),
    ("West-Overijssel", "West-Overijssel",
     ("Dalfsen", "Deventer", "Hardenberg", "Kampen", "Olst-Wijhe", "Ommen", "Raalte", "Staphorst",
      "Steenwijkerland", "Zwartewaterland", "Zwolle")),
    ("Twente", "Twente",
     ("Almelo", "Borne", "Dinkelland", "Enschede", "Haaksbergen", "Hellendoorn", "Hengelo", "Hof van Twente",
      "Losser", "Oldenzaal", "Rijssen-Holten", "Tubbergen", "Twenterand", "Wierden")),
    ("ZUND (Zeewolde, Urk, Noordoostpolder, Dronten)", "ZUND (Zeewolde, Urk, Noordoostpolder, Dronten)",
     ("Dronten", "Noordoostpolder", "Urk", "Zeewolde")),
    ("Noord-Veluwe", None,
     ("Elburg", "Ermelo", "Harderwijk", "Hattem", "Heerde", "Nunspeet", "Oldebroek", "Putten")),
    ("Stedendriehoek (Gelderse gemeenten)", "Regio Stedendriehoek (Gelderse gemeenten)",
     ("Apeldoorn", "Brummen", "Epe", "Lochem", "Voorst", "Zutphen")),
    ("Achterhoek", None,
     ("Aalten", "Berkelland", "Bronckhorst", "Doetinchem", "Oost Gelre", "Oude IJsselstreek", "Winterswijk")),
    ("Arnhem-Nijmegen", "Arnhem-Nijmegen",
     ("Arnhem", "Berg en Dal", "Beuningen", "Doesburg", "Druten", "Duiven", "Heumen", "Lingewaard",
      "Montferland", "Mook en Middelaar", "Nijmegen", "Overbetuwe", "Renkum", "Rheden", "Rozendaal",
      "Westervoort", "Wijchen", "Zevenaar")),
    ("Rivierenland", None,
     ("Buren", "Culemborg", "Maasdriel", "Neder-Betuwe", "Tiel", "West Betuwe", "West Maas en Waal",
      "Zaltbommel")),
    ("Foodvalley", "Regio Foodvalley",
     ("Barneveld", "Ede", "Nijkerk", "Renswoude", "Rhenen", "Scherpenzeel", "Veenendaal", "Wageningen")),
    ("Regio Amersfoort", "Regio Amersfoort",
     ("Amersfoort", "Baarn", "Barneveld", "Bunschoten", "Eemnes", "Leusden", "Nijkerk", "Soest",
      "Woudenberg")),
    ("Regio Utrecht (U16)", None,
     ("Bunnik", "De Bilt", "De Ronde Venen", "Houten", "IJsselstein", "Lopik", "Montfoort", "Nieuwegein",
      "Oudewater", "Stichtse Vecht", "Utrecht", "Utrechtse Heuvelrug", "Vijfheerenlanden",
      "Wijk bij Duurstede", "Woerden", "Zeist")),
    ("Metropoolregio Amsterdam", "Metropoolregio Amsterdam (MRA)",
     ("Aalsmeer", "Almere", "Amstelveen", "Amsterdam", "Beverwijk", "Blaricum", "Bloemendaal", "Diemen",
      "Edam-Volendam", "Gooise Meren", "Haarlem", "Haarlemmermeer", "Heemskerk", "Heemstede", "Hilversum",
      "Huizen", "Landsmeer", "Laren", "Lelystad", "Oostzaan", "Ouder-Amstel", "Purmerend", "Uitgeest",
      "Uithoorn", "Velsen", "Waterland", "Wijdemeren", "Wormerland", "Zaanstad", "Zandvoort")),
    ("Noord-Holland Noord", None,
     ("Alkmaar", "Bergen (NH.)", "Castricum", "Den Helder", "Dijk en Waard", "Drechterland", "Enkhuizen",
      "Heiloo", "Hollands Kroon", "Hoorn", "Koggenland", "Medemblik", "Opmeer", "Schagen", "Stede Broec",
      "Texel")),
    ("Holland Rijnland", "Holland Rijnland",
     ("Alphen aan den Rijn", "Hillegom", "Kaag en Braassem", "Katwijk", "Leiden", "Leiderdorp", "Lisse",
      "Nieuwkoop", "Noordwijk", "Oegstgeest", "Teylingen", "Voorschoten", "Zoeterwoude")),
    ("Haaglanden", None,
     ("'s-Gravenhage", "Delft", "Leidschendam-Voorburg", "Midden-Delfland", "Pijnacker-Nootdorp",
      "Rijswijk", "Wassenaar", "Westland", "Zoetermeer")),
    ("Midden-Holland", None, ("Bodegraven-Reeuwijk", "Gouda", "Krimpenerwaard", "Waddinxveen", "Zuidplas")),
    ("Regio Rotterdam", "Regio Rotterdam",
     ("Albrandswaard", "Barendrecht", "Capelle aan den IJssel", "Krimpen aan den IJssel", "Lansingerland",
      "Maassluis", "Nissewaard", "Ridderkerk", "Rotterdam", "Schiedam", "Vlaardingen", "Voorne aan Zee")),
    ("Zuid-Holland Zuid", None,
     ("Alblasserdam", "Dordrecht", "Goeree-Overflakkee", "Gorinchem", "Hardinxveld-Giessendam",
      "Hendrik-Ido-Ambacht", "Hoeksche Waard", "Molenlanden", "Papendrecht", "Sliedrecht", "Zwijndrecht")),
    ("Zeeland", "Zeeland",
     ("Borsele", "Goes", "Hulst", "Kapelle", "Middelburg", "Noord-Beveland", "Reimerswaal",
      "Schouwen-Duiveland", "Sluis", "Terneuzen", "Tholen", "Veere", "Vlissingen")),
    ("West-Brabant West", "West-Brabant West",
     ("Bergen op Zoom", "Halderberge", "Moerdijk", "Roosendaal", "Rucphen", "Steenbergen", "Woensdrecht")),
    ("Stedelijke Regio Breda-Tilburg", "Stedelijke Regio Breda-Tilburg",
     ("Alphen-Chaam", "Altena", "Baarle-Nassau", "Breda", "Dongen", "Drimmelen", "Etten-Leur",
      "Geertruidenberg", "Gilze en Rijen", "Goirle", "Hilvarenbeek", "Loon op Zand", "Oisterwijk",
      "Oosterhout", "Tilburg", "Waalwijk", "Zundert")),
    ("Noordoost-Brabant", None,
     ("'s-Hertogenbosch", "Bernheze", "Boekel", "Boxtel", "Heusden", "Land van Cuijk", "Maashorst",
      "Meierijstad", "Oss", "Sint-Michielsgestel", "Vught")),
    ("Zuidoost-Brabant", "Zuidoost-Brabant",
     ("Asten", "Bergeijk", "Best", "Bladel", "Cranendonck", "Deurne", "Eersel", "Eindhoven", "Geldrop-Mierlo",
      "Gemert-Bakel", "Heeze-Leende", "Helmond", "Laarbeek", "Nuenen, Gerwen en Nederwetten", "Oirschot",
      "Reusel-De Mierden", "Someren", "Son en Breugel", "Valkenswaard", "Veldhoven", "Waalre")),
    ("Limburg", "Limburg",
     ("Beek", "Beekdaelen", "Beesel", "Bergen (L.)", "Brunssum", "Echt-Susteren", "Eijsden-Margraten",
      "Gennep", "Gulpen-Wittem", "Heerlen", "Horst aan de Maas", "Kerkrade", "Landgraaf", "Leudal",
      "Maasgouw", "Maastricht", "Meerssen", "Mook en Middelaar", "Nederweert", "Peel en Maas", "Roerdalen",
      "Roermond", "Simpelveld", "Sittard-Geleen", "Stein", "Vaals", "Valkenburg aan de Geul", "Venlo",
      "Venray", "Voerendaal", "Weert")),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# CBS code lists (labels: research/domain.md section 4 and the raw-layout descriptions in the sources
# YAML). Each: seed name -> (header, rows).
CODE_LISTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "code_typhh": (
        ("code", "label_nl"),
        (
            ("1", "Eenpersoonshuishouden"),
            ("2", "Niet-gehuwd paar zonder kinderen"),
            ("3", "Gehuwd paar zonder kinderen"),
            ("4", "Niet-gehuwd paar met kinderen"),
            ("5", "Gehuwd paar met kinderen"),
            ("6", "Eenouderhuishouden"),
            ("7", "Overig huishouden"),
            ("8", "Institutioneel huishouden"),
        ),
    ),
    "code_plhh": (
        ("code", "label_nl"),
        (
            ("1", "Thuiswonend kind"),
            ("2", "Alleenstaande"),
            ("3", "Partner in niet-gehuwd paar zonder kinderen"),
            ("4", "Partner in gehuwd paar zonder kinderen"),
            ("5", "Partner in niet-gehuwd paar met kinderen"),
            ("6", "Partner in gehuwd paar met kinderen"),
            ("7", "Ouder in eenouderhuishouden"),
            ("8", "Referentiepersoon in overig huishouden"),
            ("9", "Overig lid van een huishouden"),
            ("10", "Lid van institutioneel huishouden"),
        ),
    ),
    "code_vbowoningtype": (
        ("code", "label_nl", "bouwvorm"),
        (
            ("01", "Vrijstaande woning", "eengezins"),
            ("02", "Twee-onder-een-kapwoning", "eengezins"),
            ("03", "Hoekwoning", "eengezins"),
            ("04", "Tussenwoning", "eengezins"),
            ("05", "Meergezinswoning", "meergezins"),
            ("99", "Onbekend", "onbekend"),
        ),
    ),
    "code_typeigenaar": (
        ("code", "label_nl", "tenure"),
        (
            ("E", "Eigenaar-bewoner", "koop"),
            ("W", "Woningcorporatie", "corporatie"),
            ("O", "Overige verhuurder", "private_huur"),
            ("X", "Onbekend", "onbekend"),
        ),
    ),
    "code_typeeigendom": (
        ("code", "label_nl"),
        (("E", "Eigen woning"), ("H", "Huurwoning"), ("O", "Onbekend")),
    ),
    "code_inhehalgr": (
        ("code", "label_nl", "has_housing_benefit"),
        (
            ("1", "Eigen woning", "false"),
            ("2", "Huurwoning zonder huurtoeslag", "false"),
            ("3", "Huurwoning met huurtoeslag", "true"),
            ("4", "Institutioneel huishouden", "false"),
            ("9", "Onbekend", ""),
        ),
    ),
    "code_gebruikscodewoz": (
        ("code", "label_nl", "is_dwelling"),
        (
            ("10", "Woning", "true"),
            ("11", "Woning met praktijk- of bedrijfsruimte", "true"),
            ("12", "Woning, overig gebruik", "true"),
            ("20", "Niet-woning, bedrijfsmatig", "false"),
            ("21", "Niet-woning, bedrijfsmatig overig", "false"),
            ("30", "Niet-woning, maatschappelijk", "false"),
            ("31", "Niet-woning, maatschappelijk overig", "false"),
            ("40", "Overig object", "false"),
        ),
    ),
    "code_secm": (
        ("code", "label_nl"),
        (
            ("11", "Werknemer"),
            ("12", "Directeur-grootaandeelhouder"),
            ("13", "Zelfstandige"),
            ("21", "Ontvanger van een uitkering"),
            ("24", "Ontvanger van pensioen"),
            ("26", "Scholier of student"),
            ("31", "Overig zonder inkomen"),
        ),
    ),
    "code_care_types": (
        ("code", "label_nl"),
        (
            ("BW", "Beschermd wonen"),
            ("GGZ", "Intramurale ggz"),
            ("JZ", "Intramurale jeugdzorg"),
            ("MO", "Maatschappelijke opvang"),
            ("OGA", "Opvang geweld in afhankelijkheidsrelaties"),
        ),
    ),
    "code_education_levels": (
        ("code", "label_nl"),
        (
            ("PO", "Primair onderwijs"),
            ("VO", "Voortgezet onderwijs"),
            ("MBO", "Middelbaar beroepsonderwijs"),
            ("HBO", "Hoger beroepsonderwijs"),
            ("WO", "Wetenschappelijk onderwijs"),
        ),
    ),
    "code_object_kinds": (
        ("code", "label_nl"),
        (("VBO", "Verblijfsobject"), ("STA", "Standplaats"), ("LIG", "Ligplaats")),
    ),
}

# ISO 3166 alpha-2: EU member states and EFTA (is_eu_efta = true), then other origin countries.
EU_EFTA = {
    "AT": "Oostenrijk", "BE": "België", "BG": "Bulgarije", "CY": "Cyprus", "CZ": "Tsjechië",
    "DE": "Duitsland", "DK": "Denemarken", "EE": "Estland", "ES": "Spanje", "FI": "Finland",
    "FR": "Frankrijk", "GR": "Griekenland", "HR": "Kroatië", "HU": "Hongarije", "IE": "Ierland",
    "IT": "Italië", "LT": "Litouwen", "LU": "Luxemburg", "LV": "Letland", "MT": "Malta",
    "NL": "Nederland", "PL": "Polen", "PT": "Portugal", "RO": "Roemenië", "SE": "Zweden",
    "SI": "Slovenië", "SK": "Slowakije",
    "CH": "Zwitserland", "IS": "IJsland", "LI": "Liechtenstein", "NO": "Noorwegen",
}  # fmt: skip
OTHER_COUNTRIES = {
    "AF": "Afghanistan", "AO": "Angola", "BR": "Brazilië", "CN": "China", "CO": "Colombia",
    "DZ": "Algerije", "EG": "Egypte", "ER": "Eritrea", "ET": "Ethiopië", "GB": "Verenigd Koninkrijk",
    "GH": "Ghana", "ID": "Indonesië", "IN": "India", "IQ": "Irak", "IR": "Iran", "JP": "Japan",
    "LB": "Libanon", "LY": "Libië", "MA": "Marokko", "NG": "Nigeria", "PH": "Filipijnen",
    "PK": "Pakistan", "PS": "Palestijnse gebieden", "RU": "Rusland", "SD": "Soedan", "SO": "Somalië",
    "SR": "Suriname", "SY": "Syrië", "TN": "Tunesië", "TR": "Turkije", "UA": "Oekraïne",
    "US": "Verenigde Staten", "VE": "Venezuela", "VN": "Vietnam", "YE": "Jemen",
    "AW": "Aruba", "CW": "Curaçao", "ZA": "Zuid-Afrika",
}  # fmt: skip

CALIBRATION_COLUMNS = (
    # (seed column, KWB column, kind, base for weighting)
    ("inhabitants", "a_inw", "count", None),
    ("p_age_00_14", "p_00_14", "pct", "a_inw"),
    ("p_age_15_24", "p_15_24", "pct", "a_inw"),
    ("p_age_25_44", "p_25_44", "pct", "a_inw"),
    ("p_age_45_64", "p_45_64", "pct", "a_inw"),
    ("p_age_65_plus", "p_65_oo", "pct", "a_inw"),
    ("households", "a_hh", "count", None),
    ("avg_household_size", "g_hhgro", "mean2", "a_hh"),
    ("p_one_person_households", "p_1p_hh", "pct", "a_hh"),
    ("dwellings", "a_woning", "count", None),
    ("avg_woz_thousands", "g_woz", "pct", "a_woning"),
    ("p_owner_occupied", "p_koopw", "pct", "a_woning"),
    ("p_rented", "p_huurw", "pct", "a_woning"),
    ("p_corporation", "p_wcorpw", "pct", "a_woning"),
    ("p_single_family", "p_1gezw", "pct", "a_woning"),
    ("p_multi_family", "p_mgezw", "pct", "a_woning"),
    ("urbanity_class", "ste_mvs", "class", "a_inw"),
)


class BuildError(RuntimeError):
    pass


def read_csv(path: Path, **kwargs) -> list[dict[str, str]]:
    if not path.exists():
        raise BuildError(f"missing reference file {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, **kwargs))


def write_csv(name: str, header: tuple[str, ...] | list[str], rows: list[tuple]) -> None:
    path = OUT_DIR / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {path}: {len(rows)} rows")


def fmt(value: float | int | None, decimals: int) -> str:
    if value is None:
        return ""
    if decimals == 0:
        return str(int(round(value)))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def allocate(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split an integer total by shares with the largest-remainder rule (parts sum to the total)."""
    raw = {k: total * s for k, s in shares.items()}
    parts = {k: int(v) for k, v in raw.items()}
    left = total - sum(parts.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - parts[k]), k))[:left]:
        parts[k] += 1
    return parts


# --- geography ------------------------------------------------------------------------------------
def build_gemeenten(ref: Path) -> dict[str, dict[str, str]]:
    rows = read_csv(ref / "cbs_gemeenten_alfabetisch_2023.csv")
    gemeenten = {
        r["GemeentecodeGM"]: {
            "code4": r["Gemeentecode"],
            "name": r["Gemeentenaam"],
            "pv": r["ProvinciecodePV"],
            "pv_name": r["Provincienaam"],
        }
        for r in rows
    }
    if len(gemeenten) != 342:
        raise BuildError(f"expected 342 gemeenten in 2023, found {len(gemeenten)}")
    write_csv(
        "gemeenten",
        ("gemeente_code", "gemeente_code4", "gemeente_name", "provincie_code"),
        [(k, v["code4"], v["name"], v["pv"]) for k, v in sorted(gemeenten.items())],
    )
    provincies = sorted({(v["pv"], v["pv_name"]) for v in gemeenten.values()})
    if len(provincies) != 12:
        raise BuildError(f"expected 12 provincies, found {provincies}")
    write_csv("provincies", ("provincie_code", "provincie_name"), provincies)
    return gemeenten


def build_gemeenten_per_year(ref: Path) -> dict[int, dict[str, str]]:
    per_year: dict[int, dict[str, str]] = defaultdict(dict)
    for r in read_csv(ref / "gemeenten_per_jaar_2018-2024_derived.csv"):
        per_year[int(r["year"])][r["gm_code"]] = r["name"]
    expected = {2018: 380, 2019: 355, 2020: 355, 2021: 352, 2022: 345, 2023: 342, 2024: 342}
    counts = {y: len(per_year[y]) for y in YEARS}
    if counts != expected:
        raise BuildError(f"gemeenten per year {counts} differ from {expected}")
    write_csv(
        "gemeenten_per_year",
        ("year", "gemeente_code", "gemeente_name"),
        [(y, code, name) for y in YEARS for code, name in sorted(per_year[y].items())],
    )
    return per_year


def split_share(row: dict[str, str]) -> str:
    """The documented share (SPLIT_SHARES) of a split's receiving gemeente, else empty."""
    if row["kind"] != "split":
        return ""
    share = SPLIT_SHARES.get(row["old_code"], {}).get(row["new_code"])
    return "" if share is None else f"{share:.2f}"


def build_herindelingen(ref: Path, per_year: dict[int, dict[str, str]]) -> list[dict[str, str]]:
    names: dict[str, str] = {}
    for year in sorted(per_year, reverse=True):
        names.update(per_year[year])
    rows: list[dict[str, str]] = []
    for r in read_csv(ref / "herindelingen_2018-2019_rvig_tabel33.csv"):
        kind = "split" if r["old_code"] in EXTRA_SPLIT_PARTNERS else "merger"
        rows.append({**r, "kind": kind, "source": "RvIG Tabel 33"})
        for partner in EXTRA_SPLIT_PARTNERS.get(r["old_code"], ()):
            rows.append(
                {
                    **r,
                    "new_code": partner,
                    "new_name": names[partner],
                    "kind": "split",
                    "source": "public fact",
                }
            )
    for r in read_csv(ref / "herindelingen_2021-2023_handcompiled.csv"):
        kind = "split" if r["kind"].startswith("split") else "merger"
        rows.append({**r, "kind": kind, "source": "hand-compiled public facts"})
    rows.sort(key=lambda r: (r["date"], r["old_code"], r["new_code"]))
    write_csv(
        "herindelingen",
        (
            "effective_date",
            "old_gemeente_code",
            "old_gemeente_name",
            "new_gemeente_code",
            "new_gemeente_name",
            "kind",
            "split_share",
            "source",
        ),
        [
            (
                r["date"],
                r["old_code"],
                r["old_name"],
                r["new_code"],
                r["new_name"],
                r["kind"],
                split_share(r),
                r["source"],
            )
            for r in rows
        ],
    )
    return rows


def mapping_to_boundary(
    year: int, per_year: dict[int, dict[str, str]], herindelingen: list[dict[str, str]]
) -> dict[str, dict[str, float]]:
    """For each gemeente on 1 January `year`: its 2023-boundary gemeenten with population shares."""
    later = [
        r for r in herindelingen if r["date"] > f"{year}-01-01" and r["date"] <= f"{BOUNDARY_YEAR}-01-01"
    ]
    successors: dict[str, list[str]] = defaultdict(list)
    for r in later:
        successors[r["old_code"]].append(r["new_code"])
    mapping: dict[str, dict[str, float]] = {}
    for code in per_year[year]:
        shares = {code: 1.0}
        for _ in range(10):  # follow chains of herindelingen
            moved = {c for c in shares if c in successors}
            if not moved:
                break
            new: dict[str, float] = defaultdict(float)
            for c, s in shares.items():
                targets = successors.get(c, [c])
                if len(targets) == 1:
                    new[targets[0]] += s
                    continue
                split = SPLIT_SHARES.get(c)
                if split is None or set(split) != set(targets):
                    raise BuildError(f"split of {c} into {targets} has no shares in SPLIT_SHARES")
                for t in targets:
                    new[t] += s * split[t]
            shares = dict(new)
        missing = set(shares) - set(per_year[BOUNDARY_YEAR])
        if missing:
            raise BuildError(f"{year} gemeente {code} maps to {missing}, not in the {BOUNDARY_YEAR} list")
        mapping[code] = shares
    return mapping


# --- population and calibration -------------------------------------------------------------------
def to_float(value: str) -> float | None:
    return None if value is None or value.strip() == "" else float(value)


def aggregate_year(rows: list[dict[str, str]], mapping: dict[str, dict[str, float]]) -> dict[str, dict]:
    """KWB rows of one year aggregated to 2023 boundaries: counts summed, means weighted by their base."""
    by_code = {r["gm_code"]: r for r in rows}
    unknown = set(by_code) ^ set(mapping)
    if unknown:
        raise BuildError(f"KWB gemeenten and the gemeente list differ: {sorted(unknown)[:5]}")
    # parts[new_code] = list of (old row, share, allocated integer counts)
    parts: dict[str, list[tuple[dict, float, dict[str, int | None]]]] = defaultdict(list)
    for old, shares in sorted(mapping.items()):
        row = by_code[old]
        counts: dict[str, dict[str, int] | None] = {}
        for _, kwb, kind, _ in CALIBRATION_COLUMNS:
            if kind == "count":
                value = to_float(row[kwb])
                counts[kwb] = None if value is None else allocate(int(value), shares)
        for new, share in shares.items():
            parts[new].append((row, share, {k: (None if v is None else v[new]) for k, v in counts.items()}))
    result: dict[str, dict] = {}
    for new, members in sorted(parts.items()):
        out: dict[str, object] = {}
        single = len(members) == 1 and members[0][1] == 1.0
        for col, kwb, kind, base in CALIBRATION_COLUMNS:
            if single:
                value = to_float(members[0][0][kwb])
                out[col] = value if kind != "count" else (None if value is None else int(value))
                out[col + "__raw"] = members[0][0][kwb]
                continue
            if kind == "count":
                values = [m[2][kwb] for m in members]
                out[col] = None if any(v is None for v in values) else sum(values)
            elif kind == "class":
                ranked = sorted(members, key=lambda m: -(to_float(m[0]["a_inw"]) or 0) * m[1])
                out[col] = to_float(ranked[0][0][kwb])
            else:
                pairs = [(to_float(m[0][kwb]), (to_float(m[0][base]) or 0) * m[1]) for m in members]
                if any(v is None for v, _ in pairs) or sum(w for _, w in pairs) == 0:
                    out[col] = None
                else:
                    out[col] = sum(v * w for v, w in pairs) / sum(w for _, w in pairs)
            out[col + "__raw"] = None
        result[new] = out
    return result


def cell(out: dict, col: str, kind: str) -> str:
    raw = out.get(col + "__raw")
    if raw is not None:
        return raw
    value = out[col]
    if kind in {"count", "class"}:
        return fmt(value, 0)
    return fmt(value, 2 if kind == "mean2" else 1)


def build_population_and_calibration(
    ref: Path, per_year: dict[int, dict[str, str]], herindelingen: list[dict[str, str]]
) -> None:
    kwb = read_csv(ref / "calibration" / "kwb_gemeenten_2019_2022_2023_pdok_derived.csv")
    pop_rows: list[tuple] = []
    cal_rows: list[tuple] = []
    for year in CALIBRATION_YEARS:
        rows = [r for r in kwb if int(r["jaar"]) == year]
        source_total = sum(int(r["a_inw"]) for r in rows)
        agg = aggregate_year(rows, mapping_to_boundary(year, per_year, herindelingen))
        if set(agg) != set(per_year[BOUNDARY_YEAR]):
            raise BuildError(f"KWB {year} does not cover the {BOUNDARY_YEAR} gemeenten")
        if sum(a["inhabitants"] for a in agg.values()) != source_total:
            raise BuildError(f"KWB {year}: total inhabitants changed in the aggregation")
        for code, out in sorted(agg.items()):
            pop_rows.append((year, code, out["inhabitants"]))
            cal_rows.append((year, code, *(cell(out, c, kind) for c, _, kind, _ in CALIBRATION_COLUMNS)))
    pop2024 = read_csv(ref / "bevolking_2024_per_gemeente_slim.csv")
    if {r["gm_code"] for r in pop2024} != set(per_year[2024]):
        raise BuildError("population 2024: gemeente codes differ from the 2024 list")
    pop_rows += [
        (2024, r["gm_code"], int(r["bevolking"])) for r in sorted(pop2024, key=lambda r: r["gm_code"])
    ]
    write_csv("gemeente_population", ("year", "gemeente_code", "inhabitants"), pop_rows)
    write_csv(
        "gemeente_calibration", ("year", "gemeente_code", *(c[0] for c in CALIBRATION_COLUMNS)), cal_rows
    )


# --- woondeals ------------------------------------------------------------------------------------
def build_woondeals(ref: Path, gemeenten: dict[str, dict[str, str]]) -> None:
    sourced = read_csv(ref / "calibration" / "woondealregios.csv")
    by_name = {v["name"]: k for k, v in gemeenten.items()}
    sourced_url: dict[tuple[str, str], str] = {}
    for r in sourced:
        if gemeenten.get(r["gm_code"], {}).get("name") != r["gm_name"]:
            raise BuildError(f"woondealregios.csv: {r['gm_code']} {r['gm_name']} not in the 2023 list")
        sourced_url[(r["woondealregio"], r["gm_code"])] = r["source_url"]
    source_regions = {r["woondealregio"] for r in sourced}
    used = {src for _, src, _ in WOONDEALS if src}
    if source_regions - used:
        raise BuildError(f"sourced regions without a project region: {sorted(source_regions - used)}")
    regions, members = [], []
    for i, (name, src, names) in enumerate(WOONDEALS, start=1):
        code = f"WD{i:02d}"
        regions.append((code, name, "true" if src else "false"))
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise BuildError(f"woondeal {name}: unknown gemeente names {unknown}")
        codes = {by_name[n] for n in names}
        sourced_codes = {gm for (reg, gm) in sourced_url if reg == src}
        if sourced_codes - codes:
            raise BuildError(f"woondeal {name}: sourced members {sourced_codes - codes} missing")
        for gm in sorted(codes):
            url = sourced_url.get((src, gm), "") if src else ""
            members.append((code, gm, "true" if url else "false", url))
    covered = {m[1] for m in members}
    if covered != set(gemeenten):
        raise BuildError(f"gemeenten in no woondeal: {sorted(set(gemeenten) - covered)}")
    write_csv("woondealregios", ("woondealregio_code", "woondealregio_name", "is_sourced"), regions)
    write_csv(
        "woondealregio_gemeenten",
        ("woondealregio_code", "gemeente_code", "is_sourced", "source_url"),
        members,
    )


# --- limits and code lists ------------------------------------------------------------------------
def build_limits(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    section = text.split("## 6.", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"20\d\d", cells[0]):
            values = [c.replace(",", "") for c in cells[1:]]
            rows.append((int(cells[0]), *values))
    if [r[0] for r in rows] != list(YEARS):
        raise BuildError(f"SPEC section 6: expected years {YEARS}, found {[r[0] for r in rows]}")
    write_csv(
        "limits",
        (
            "year",
            "kwaliteitskortingsgrens",
            "lage_aftoppingsgrens",
            "hoge_aftoppingsgrens",
            "liberalisatiegrens",
            "nhg_kostengrens",
        ),
        rows,
    )


def build_code_lists() -> None:
    for name, (header, rows) in CODE_LISTS.items():
        write_csv(name, header, list(rows))
    nationalities = [(k, v, "true") for k, v in EU_EFTA.items()]
    nationalities += [(k, v, "false") for k, v in OTHER_COUNTRIES.items()]
    write_csv("code_nationalities", ("code", "label_nl", "is_eu_efta"), sorted(nationalities))


def main(argv: list[str] | None = None) -> int:
    global OUT_DIR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=PROJECT_DIR.parent / "shared" / "reference")
    parser.add_argument("--spec", type=Path, default=None, help="SPEC.md (default: <reference>/../SPEC.md)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default seeds/reference)")
    args = parser.parse_args(argv)
    OUT_DIR = args.out
    ref = args.reference.resolve()
    spec = args.spec or ref.parent / "SPEC.md"
    try:
        gemeenten = build_gemeenten(ref)
        per_year = build_gemeenten_per_year(ref)
        herindelingen = build_herindelingen(ref, per_year)
        build_population_and_calibration(ref, per_year, herindelingen)
        build_woondeals(ref, gemeenten)
        build_limits(spec)
        build_code_lists()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
