#!/usr/bin/env python3
"""Writes the seed migrations (the concept's framework and the territory) for both databases.

Run once when the source data changes, from the repository root, with shared/ beside it:
    python3 server/tools/seed_sql.py ../shared
A later data update is a new migration made the same way, never a re-import by hand.

Territory data: Kyrgyzstan Administrative Divisions Dataset, Open Admin Data, CC BY 4.0.
"""
import json
import re
import sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
root = Path(__file__).resolve().parents[2]

REGIONS_RU = {
    "KG02000000000": "Иссык-Кульская область",
    "KG03000000000": "Джалал-Абадская область",
    "KG04000000000": "Нарынская область",
    "KG05000000000": "Баткенская область",
    "KG06000000000": "Ошская область",
    "KG07000000000": "Таласская область",
    "KG08000000000": "Чуйская область",
    "KG11000000000": "город Бишкек",
    "KG21000000000": "город Ош",
}
DISTRICTS_RU = {
    "KG02205000000": "Ак-Суйский район", "KG02210000000": "Джети-Огузский район",
    "KG02215000000": "Иссык-Кульский район", "KG02220000000": "Тонский район",
    "KG02225000000": "Тюпский район", "KG02410000010": "город Каракол",
    "KG02420000010": "город Балыкчы", "KG03204000000": "Ала-Букинский район",
    "KG03207000000": "Базар-Коргонский район", "KG03211000000": "Аксыйский район",
    "KG03215000000": "Ноокенский район", "KG03220000000": "Сузакский район",
    "KG03220400010": "город Кок-Жангак", "KG03223000000": "Тогуз-Тороуский район",
    "KG03225000000": "Токтогульский район", "KG03230000000": "Чаткальский район",
    "KG03410000010": "город Джалал-Абад", "KG03420000010": "город Таш-Кумыр",
    "KG03430000010": "город Майлуу-Суу", "KG03440000010": "город Кара-Куль",
    "KG04210000000": "Ак-Талинский район", "KG04220000000": "Ат-Башинский район",
    "KG04230000000": "Жумгальский район", "KG04235000000": "Кочкорский район",
    "KG04245000000": "Нарынский район", "KG04400000010": "город Нарын",
    "KG05214000000": "Баткенский район", "KG05236000000": "Лейлекский район",
    "KG05258000000": "Кадамжайский район", "KG05410000010": "город Баткен",
    "KG05420000010": "город Сулюкта", "KG05430000010": "город Кызыл-Кия",
    "KG06207000000": "Алайский район", "KG06211000000": "Араванский район",
    "KG06226000000": "Кара-Суйский район", "KG06242000000": "Ноокатский район",
    "KG06246000000": "Кара-Кульджинский район", "KG06255000000": "Узгенский район",
    "KG06259000000": "Чон-Алайский район", "KG07215000000": "Кара-Бууринский район",
    "KG07220000000": "Бакай-Атинский район", "KG07225000000": "Манасский район",
    "KG07232000000": "Таласский район", "KG07400000010": "город Талас",
    "KG08203000000": "Аламудунский район", "KG08206000000": "Ысык-Атинский район",
    "KG08209000000": "Жайыльский район", "KG08213000000": "Кеминский район",
    "KG08217000000": "Московский район", "KG08219000000": "Панфиловский район",
    "KG08222000000": "Сокулукский район", "KG08223000000": "Чуйский район",
    "KG08400000010": "город Токмок",
}
# Russian spelling of the Kyrgyz letters that Russian lacks, for municipality names.
TO_RU = str.maketrans({"ө": "о", "Ө": "О", "ү": "у", "Ү": "У", "ң": "н", "Ң": "Н", "ӊ": "н", "Ӊ": "Н"})


def q(value):
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def rows(insert, values, conflict):
    out = []
    for i in range(0, len(values), 100):
        chunk = values[i : i + 100]
        out.append(insert + "\n" + ",\n".join("    (" + ", ".join(q(v) for v in row) + ")" for row in chunk)
                   + f"\non conflict ({conflict}) do nothing;\n")
    return "\n".join(out)


def territory():
    regions = json.loads((shared / "data/territory/all-region.json").read_text())
    districts = json.loads((shared / "data/territory/all-district.json").read_text())
    settlements = json.loads((shared / "data/territory/all-settlement.json").read_text())
    regions = regions["data"] if isinstance(regions, dict) else regions
    geo = lambda x: (float(x["geo"]["lat"]), float(x["geo"]["lon"])) if x.get("geo") and x["geo"].get("lat") else (None, None)
    region_rows = [
        (r["id"], r["name"]["local"], REGIONS_RU[r["id"]], r["name"]["en"], *geo(r), i + 1)
        for i, r in enumerate(sorted(regions, key=lambda r: r["id"]))
    ]
    district_rows = [
        (d["id"], d["parent"]["id"], d["name"]["local"], DISTRICTS_RU[d["id"]], d["name"]["en"], *geo(d))
        for d in sorted(districts, key=lambda d: d["id"])
    ]
    municipality_rows = [
        (s["id"], s["parent"]["id"], s["name"]["local"], s["name"]["local"].translate(TO_RU), s["name"]["en"], *geo(s))
        for s in sorted(settlements, key=lambda s: s["id"])
    ]
    assert (len(region_rows), len(district_rows), len(municipality_rows)) == (9, 53, 460)
    return "\n".join([
        "-- The territory of the Kyrgyz Republic: 9 regions, 53 districts, 460 rural municipalities.",
        "-- Source: Kyrgyzstan Administrative Divisions Dataset, Open Admin Data (openadmindata.org),",
        "-- release v2026.05, CC BY 4.0. Russian forms added for Concord. Generated by",
        "-- server/tools/seed_sql.py; a later update is a new migration made the same way.",
        "",
        rows("insert into regions (region_code, name_ky, name_ru, name_en, latitude, longitude, position) values",
             region_rows, "region_code"),
        rows("insert into districts (district_code, region_code, name_ky, name_ru, name_en, latitude, longitude) values",
             district_rows, "district_code"),
        rows("insert into municipalities (municipality_code, district_code, name_ky, name_ru, name_en, latitude, longitude) values",
             municipality_rows, "municipality_code"),
    ])


def concept():
    text = (shared / "domain/concept.md").read_text()
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"[DGOAP]\d+", cells[0]):
            table[cells[0]] = cells
    def items(prefix):
        codes = sorted((c for c in table if c[0] == prefix), key=lambda c: int(c[1:]))
        # Columns: code | en | ru | ky | ...
        return [(c, i + 1, table[c][3], table[c][2], table[c][1]) for i, c in enumerate(codes)]
    directions, goals, objectives, aims, principles = (items(p) for p in "DGOAP")
    assert (len(directions), len(goals), len(objectives), len(aims), len(principles)) == (2, 3, 9, 4, 14)
    objective_goals, objective_directions = [], []
    for code, *_ in objectives:
        cells = table[code]
        objective_goals += [(code, g.strip()) for g in cells[4].split(",")]
        objective_directions += [(code, d.strip()) for d in cells[5].split(",")]
    # A goal belongs to the directions of the objectives that serve only it.
    goal_directions = sorted({(g, d) for (o, g) in objective_goals for (o2, d) in objective_directions
                              if o == o2 and sum(1 for x in objective_goals if x[0] == o) == 1})
    cols = "(%s, position, name_ky, name_ru, name_en)"
    return "\n".join([
        "-- The state drug policy concept: directions, main goals, strategic objectives, the aims of",
        "-- the internal anti-drug work and the principles, in Kyrgyz, Russian and English.",
        "-- Generated by server/tools/seed_sql.py from the concept's tables.",
        "",
        rows("insert into directions " + cols % "direction_code" + " values", directions, "direction_code"),
        rows("insert into goals " + cols % "goal_code" + " values", goals, "goal_code"),
        rows("insert into goal_directions (goal_code, direction_code) values", goal_directions, "goal_code, direction_code"),
        rows("insert into objectives " + cols % "objective_code" + " values", objectives, "objective_code"),
        rows("insert into objective_goals (objective_code, goal_code) values", objective_goals, "objective_code, goal_code"),
        rows("insert into objective_directions (objective_code, direction_code) values", objective_directions,
             "objective_code, direction_code"),
        rows("insert into policy_aims " + cols % "aim_code" + " values", aims, "aim_code"),
        rows("insert into principles " + cols % "principle_code" + " values", principles, "principle_code"),
    ])


for backend in ("sqlite", "postgres"):
    (root / "migrations" / backend / "0002_concept.sql").write_text(concept())
    (root / "migrations" / backend / "0003_territory.sql").write_text(territory())
print("wrote migrations/{sqlite,postgres}/0002_concept.sql and 0003_territory.sql")
