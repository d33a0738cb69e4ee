"""Names and places of the generated demo organizations: company names that never repeat however they
are spelled, road addresses, coordinates around a complex or a district, phone numbers and factory
numbers in the shape of KICOX's files. Every draw comes from the generator's one `random.Random`, so
the order of calls decides the data: keep it when changing this module."""

import math
import random
from collections import Counter
from typing import Any

from ppuri.core.text import normalize_company_name
from ppuri.demo.datafiles import data_file
from ppuri.reference.models import Complex


def pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def jitter(rng: random.Random, latitude: float, longitude: float, radius_m: float) -> tuple[float, float]:
    distance = radius_m * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(angle) / 111_320
    dlon = distance * math.sin(angle) / (111_320 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 6), round(longitude + dlon, 6)


class NamesAndPlaces:
    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = data_file("names.toml")
        self.areas: dict[str, dict[str, Any]] = {
            area["key"]: area for area in data_file("streets.toml")["area"]
        }
        self.used_names: set[str] = set()
        self.used_addresses: set[str] = set()
        self.factory_serials: Counter[str] = Counter()
        self.phones: set[str] = set()

    # names ---------------------------------------------------------------------------------------

    def claim(self, name: str) -> bool:
        """Reserve a name unless a demo organization already has it, however it is spelled."""
        key = normalize_company_name(name)
        if key in self.used_names:
            return False
        self.used_names.add(key)
        return True

    def _legal_form(self, core: str, english: str) -> tuple[str, str]:
        forms = {pattern: float(weight) for pattern, weight in self.names["legal_forms"]}
        pattern = pick_weighted(self.rng, forms)
        incorporated = pattern != "{}" and "(유)" not in pattern
        return pattern.format(core), (f"{english} Co., Ltd." if incorporated else english)

    def company_name(self, words: list[list[str]]) -> tuple[str, str]:
        stems = self.names["stems"]
        general = self.names["general_words"]
        for _attempt in range(60):
            stem, stem_en = self.rng.choice(stems)
            word, word_en = self.rng.choice(words)
            shape = self.rng.random()
            if shape < 0.55:
                core, english = f"{stem}{word}", f"{stem_en} {word_en}"
            elif shape < 0.85 and word not in self.names["final_words"]:
                extra, extra_en = self.rng.choice(self.names["suffix_words"])
                core, english = f"{stem}{word}{extra}", f"{stem_en} {word_en} {extra_en}"
            else:
                extra, extra_en = self.rng.choice(general)
                core, english = f"{stem}{extra}", f"{stem_en} {extra_en}"
            if self.claim(core):
                return self._legal_form(core, english)
        # Crowded: put a second stem in front (no numbers in company names).
        while True:
            (first, first_en), (second, second_en) = self.rng.sample(stems, 2)
            word, word_en = self.rng.choice(words)
            core = f"{first}{second}{word}"
            if self.claim(core):
                return self._legal_form(core, f"{first_en}{second_en.lower()} {word_en}")

    # places --------------------------------------------------------------------------------------

    def address(self, area_key: str) -> str:
        area = self.areas[area_key]
        while True:
            road = self.rng.choice(area["roads"])
            if self.rng.random() < 0.45:
                branch = self.rng.randrange(10, 320, 2) + self.rng.choice([0, 1])
                number = self.rng.randint(1, 90)
                address = f"인천광역시 {area['district']} {road}{branch}번길 {number}"
            else:
                number = int(self.rng.triangular(1, 420, 120))
                address = f"인천광역시 {area['district']} {road} {number}"
            if address not in self.used_addresses:
                self.used_addresses.add(address)
                return address

    def coordinates(self, area_key: str, complex_: Complex | None, radius_m: float) -> tuple[float, float]:
        if complex_ is not None and complex_.latitude is not None and complex_.longitude is not None:
            return jitter(self.rng, complex_.latitude, complex_.longitude, radius_m)
        area = self.areas[area_key]
        return jitter(self.rng, area["latitude"], area["longitude"], radius_m)

    def phone(self) -> str:
        # The 555 exchange of the sample files: plausible-looking, unlikely to reach a real firm.
        while True:
            phone = f"032-555-{self.rng.randint(1000, 9999)}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def factory_number(self, area_key: str, year: int) -> str:
        """14 digits like the 공장관리번호 of KICOX files: district code, registration year, serial."""
        head = f"{self.areas[area_key]['code']}{year}"
        self.factory_serials[head] += 1
        # Serials start at 10001, clear of the sample files' 00001–00006.
        return f"{head}{10000 + self.factory_serials[head]:05d}"
