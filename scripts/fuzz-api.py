#!/usr/bin/env python3
"""Helper for scripts/fuzz-api: fills a throw-away server with data the fuzzer can reach, writes the
schemathesis configuration that points generated path parameters at that data, and sums up the
reports afterwards. Standard library only; the API helpers come from play_cycle.py.

    python3 scripts/fuzz-api.py setup --url http://127.0.0.1:PORT --token <admin token> --out DIR
    python3 scripts/fuzz-api.py summary DIR/reports
"""
import argparse
import glob
import json
import os
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play_cycle import API, PASSWORD, entry_for, leaves, multipart, pdf  # noqa: E402

FRAMEWORK = "Config/frameworks/par-hanoi-district.yaml"
UNITS = {"CAUGIAY": ("Quận Cầu Giấy", "DISTRICT"), "BADINH": ("Quận Ba Đình", "DISTRICT"), "SNV": ("Sở Nội vụ", "DEPT")}
ROLES = ["anonymous", "observer", "unit", "reviewer", "admin"]


def setup(url, admin_token, out):
    """Three cycles in three phases so unit, reviewer and public routes all meet real data: 2025
    published, 2026 in appraisal with both units submitted, 2027 in self-assessment with a draft."""
    api = API(url, admin_token)
    with open(FRAMEWORK, "rb") as handle:
        framework = api.call("POST", "/api/v1/frameworks", handle.read(), content_type="application/yaml")
    tree = api.call("GET", f"/api/v1/frameworks/{framework['code']}/{framework['version']}")
    self_leaves = [leaf for leaf in leaves(tree["nodes"]) if leaf["source"] != "survey"]
    api.call("PUT", "/api/v1/blocks/DISTRICT", {"name": "Khối quận, huyện, thị xã"})
    api.call("PUT", "/api/v1/blocks/DEPT", {"name": "Khối sở, ban, ngành"})
    tokens = {"admin": admin_token}
    unit_tokens = {}
    for code, (name, block) in UNITS.items():
        api.call("PUT", f"/api/v1/units/{code}", {"name": name, "block": block})
        user = f"dv.{code.lower()}"
        api.call("POST", "/api/v1/users", {"username": user, "name": f"Cán bộ {name}", "role": "unit", "unit": code, "password": PASSWORD})
        unit_tokens[code] = api.call("POST", f"/api/v1/users/{user}/tokens")["token"]
    tokens["unit"] = unit_tokens["CAUGIAY"]
    for user, role in (("thamdinh", "reviewer"), ("quansat", "observer")):
        api.call("POST", "/api/v1/users", {"username": user, "name": user, "role": role, "password": PASSWORD})
        tokens[role] = api.call("POST", f"/api/v1/users/{user}/tokens")["token"]

    now = datetime.now(timezone.utc)
    stamp = lambda days: (now + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    playing = ["CAUGIAY", "BADINH"]
    evidence_ids = []

    def open_cycle(code):
        api.call("POST", "/api/v1/cycles", {
            "code": code, "name": f"Chỉ số CCHC năm {code}", "year": int(code),
            "framework": {"code": framework["code"], "version": framework["version"]}, "units": playing,
            "deadlines": {"selfAssessment": stamp(30), "appraisal": stamp(60), "explanation": stamp(75), "finalReview": stamp(90)}})
        api.call("PUT", f"/api/v1/cycles/{code}/reviewers/thamdinh", {"units": playing})
        api.call("POST", f"/api/v1/cycles/{code}/phase", {"phase": "self_assessment"})

    def fill(cycle, unit, chosen):
        for index, leaf in enumerate(chosen):
            item = f"/api/v1/cycles/{cycle}/units/{unit}/items/{leaf['code']}"
            api.call("PUT", item, entry_for(leaf, quality=index % 3 != 0), token=unit_tokens[unit])
            if leaf["evidence"] == "required":
                body, content_type = multipart(f"Tài liệu {leaf['code']}.pdf", pdf(f"{cycle} {unit} {leaf['code']}"))
                added = api.call("POST", item + "/evidence", body, token=unit_tokens[unit], content_type=content_type)
                evidence_ids.extend(entry["id"] for entry in added)

    def appraise_all(cycle):
        for unit in playing:
            assessment = api.call("GET", f"/api/v1/cycles/{cycle}/units/{unit}/assessment", token=tokens["reviewer"])
            for item in assessment["items"]:
                if item["kind"] != "survey" and item["applicable"]:
                    entry = {k: item["self"][k] for k in ("choice", "inputs") if k in item["self"]} or {"points": item["self"]["points"]}
                    api.call("PUT", f"/api/v1/cycles/{cycle}/units/{unit}/items/{item['criterion']}/appraisal", entry, token=tokens["reviewer"])

    for cycle in ("2025", "2026"):
        open_cycle(cycle)
        for unit in playing:
            fill(cycle, unit, self_leaves)
            api.call("POST", f"/api/v1/cycles/{cycle}/units/{unit}/submit", token=unit_tokens[unit])
        api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "appraisal"})
    appraise_all("2025")
    for phase in ("explanation", "final_review"):
        api.call("POST", "/api/v1/cycles/2025/phase", {"phase": phase})
    rows = ["unit,criterion,points"] + [
        f"{unit},{leaf['code']},{leaf['max']}" for unit in playing for leaf in leaves(tree["nodes"]) if leaf["source"] == "survey"]
    api.call("POST", "/api/v1/cycles/2025/survey", ("\n".join(rows) + "\n").encode(), content_type="text/csv")
    api.call("POST", "/api/v1/cycles/2025/publish")
    # 2026 stays in appraisal with one question open; 2027 is a draft with a file and a reference.
    first = self_leaves[0]["code"]
    api.call("POST", f"/api/v1/cycles/2026/units/CAUGIAY/items/{first}/questions", {"message": "Đề nghị bổ sung tài liệu."}, token=tokens["reviewer"])
    open_cycle("2027")
    fill("2027", "CAUGIAY", self_leaves[:6])
    added = api.call("POST", f"/api/v1/cycles/2027/units/CAUGIAY/items/{first}/evidence",
                     {"title": "Kế hoạch CCHC năm 2027", "documentNumber": "12/KH-UBND", "issuedOn": "2027-01-15"},
                     token=unit_tokens["CAUGIAY"])
    evidence_ids.extend(entry["id"] for entry in added)

    with open(os.path.join(out, "tokens.json"), "w") as handle:
        json.dump(tokens, handle)
    common = {
        "criteria": [leaf["code"] for leaf in self_leaves[:8]] + [leaf["code"] for leaf in leaves(tree["nodes"]) if leaf["source"] == "survey"][:2],
        "codes": [framework["code"], "DISTRICT", "DEPT", "CAUGIAY"],
        "versions": [framework["version"]],
        "usernames": ["thamdinh", "dv.caugiay", "quansat"],
        "evidence": evidence_ids[-3:] + evidence_ids[:3],
    }
    # Each role mostly meets the cycles and units it has a part in, where its writes are allowed.
    reach = {
        "anonymous": (["2025", "2026"], playing),
        "observer": (["2025", "2026", "2027"], playing + ["SNV"]),
        "unit": (["2027", "2026"], ["CAUGIAY"]),
        "reviewer": (["2026", "2027"], playing),
        "admin": (["2025", "2026", "2027"], playing + ["SNV"]),
    }
    for role, (cycles, units) in reach.items():
        write_config(os.path.join(out, f"schemathesis-{role}.toml"), {"cycles": cycles, "units": units, **common})
    print(f"fuzz-api: data ready: {len(self_leaves)} self-scored leaves, cycles 2025 (published), 2026 (appraisal), "
          f"2027 (self-assessment), {len(evidence_ids)} evidence items")


def write_config(path, values):
    """Most generated path parameters come from the real data, the rest stay random, so the fuzzer
    reaches the handlers' rules as well as their 404s."""
    bindings = {"cycle": "cycles", "unit": "units", "criterion": "criteria", "code": "codes", "version": "versions",
                "username": "usernames", "id": "evidence"}
    # No state kept between runs (the crash cache lands in the working directory otherwise).
    lines = ["[cache]", "enabled = false", "", "[parameters]"]
    lines += [f'"path.{name}" = {{ dictionary = "{dictionary}", probability = 0.8 }}' for name, dictionary in bindings.items()]
    for dictionary, entries in values.items():
        lines += ["", f"[dictionaries.{dictionary}]", "values = " + json.dumps(entries, ensure_ascii=False)]
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def summary(reports, roles):
    """Prints operations, requests and failures per role from each role's NDJSON event stream and
    JSON report; exits non-zero if any role failed or errored."""
    total_requests = 0
    bad = 0
    operations = set()
    for role in roles:
        directory = os.path.join(reports, role)
        found = glob.glob(os.path.join(directory, "*.json"))
        if not found:
            print(f"  {role:<10} no report (schemathesis did not finish)")
            bad += 1
            continue
        with open(found[0]) as handle:
            report = json.load(handle)
        requests = Counter()
        for path in glob.glob(os.path.join(directory, "*.ndjson")):
            with open(path) as handle:
                for line in handle:
                    event = json.loads(line).get("ScenarioFinished")
                    if event:
                        label = event["recorder"]["label"]
                        requests[label] += len(event["recorder"].get("checks", {}))
        operations.update(requests)
        failures = report["test_cases"]["unique_failures"] + len(report["errors"])
        bad += failures + (report["exit_code"] != 0)
        total_requests += sum(requests.values())
        print(f"  {role:<10} operations {report['operations']['tested']:>3}  requests {sum(requests.values()):>6}  "
              f"failures {report['test_cases']['unique_failures']}  errors {len(report['errors'])}  "
              f"({report['running_time']:.0f} s, exit {report['exit_code']})")
    print(f"  total      operations {len(operations):>3}  requests {total_requests:>6}")
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("setup")
    prepare.add_argument("--url", required=True)
    prepare.add_argument("--token", required=True)
    prepare.add_argument("--out", required=True)
    report = commands.add_parser("summary")
    report.add_argument("reports")
    report.add_argument("roles", nargs="*", default=ROLES)
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.url, args.token, args.out)
        return 0
    return summary(args.reports, args.roles)


if __name__ == "__main__":
    sys.exit(main())
