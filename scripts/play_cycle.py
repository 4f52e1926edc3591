#!/usr/bin/env python3
"""Plays a whole ParIndex cycle against a running server through the JSON API, printing each step
for a person to watch: framework, units, accounts, self-assessment with evidence, submission
receipts, appraisal, a question and its answer with supplementary evidence, survey import,
settling, publication, and the checks anyone can make afterwards (receipt hash, snapshot hash,
audit ledger). Standard library only.

    python3 scripts/play_cycle.py --url http://127.0.0.1:8080 --token <admin token>
"""
import argparse
import hashlib
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

PASSWORD = "Mật-khẩu-thử-nghiệm-2026"


class API:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, token=None, content_type=None, expect=(200, 201, 204)):
        data = None
        headers = {"Authorization": f"Bearer {token or self.token}"}
        if isinstance(body, (dict, list)):
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        elif body is not None:
            data = body
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        if status not in expect:
            sys.exit(f"FAIL {method} {path}: {status} {raw[:400].decode(errors='replace')}")
        if raw and raw[:1] in (b"{", b"["):
            return json.loads(raw)
        return raw


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def leaves(nodes):
    for node in nodes:
        if "children" in node:
            yield from leaves(node["children"])
        else:
            yield node


def entry_for(leaf, quality):
    rule = leaf["rule"]
    kind = rule["kind"]
    if kind in ("scale", "bonus"):
        return {"points": leaf["max"] if quality else 0}
    if kind == "deduction":
        return {"points": 0}
    if kind == "choice":
        best = max(range(len(rule["options"])), key=lambda i: rule["options"][i]["points"])
        return {"choice": best if quality else len(rule["options"]) - 1}
    return {"inputs": {"numerator": 97 if quality else 70, "denominator": 100}}


def pdf(text):
    return f"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".encode()


def multipart(name, content):
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def step(text):
    print(f"→ {text}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True, help="an admin's bearer token")
    parser.add_argument("--framework", default="Config/frameworks/par-hanoi-district.yaml")
    args = parser.parse_args()
    api = API(args.url, args.token)
    started = time.time()
    tag = uuid.uuid4().hex[:6]

    step("Nhập bộ tiêu chí / import the framework")
    with open(args.framework, "rb") as handle:
        imported = api.call("POST", "/api/v1/frameworks", handle.read(), content_type="application/yaml")
    framework = api.call("GET", f"/api/v1/frameworks/{imported['code']}/{imported['version']}")
    all_leaves = list(leaves(framework["nodes"]))
    print(f"  {imported['code']} {imported['version']}: {imported['leaves']} tiêu chí, sha256 {imported['contentSha256'][:16]}…")

    step("Khối, đơn vị, tài khoản / blocks, units, accounts")
    units = {"TX": ("Thị xã Thử Nghiệm", "KHOI1"), "HA": ("Huyện An Bình", "KHOI1"), "HB": ("Huyện Bình Minh", "KHOI2")}
    api.call("PUT", "/api/v1/blocks/KHOI1", {"name": "Khối thị xã, huyện loại I"})
    api.call("PUT", "/api/v1/blocks/KHOI2", {"name": "Khối huyện loại II"})
    tokens = {}
    for code, (name, block) in units.items():
        api.call("PUT", f"/api/v1/units/{code}", {"name": name, "block": block})
        user = f"dv.{code.lower()}.{tag}"
        api.call("POST", "/api/v1/users", {"username": user, "name": f"Cán bộ {name}", "role": "unit", "unit": code, "password": PASSWORD})
        tokens[code] = api.call("POST", f"/api/v1/users/{user}/tokens")["token"]
    reviewer = f"thamdinh.{tag}"
    api.call("POST", "/api/v1/users", {"username": reviewer, "name": "Thẩm định viên", "role": "reviewer", "password": PASSWORD})
    tokens["reviewer"] = api.call("POST", f"/api/v1/users/{reviewer}/tokens")["token"]

    now = datetime.now(timezone.utc)
    deadline = lambda hours: (now + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    cycle = f"play-{tag}"
    api.call("POST", "/api/v1/cycles", {
        "code": cycle, "name": f"Kỳ thử nghiệm {tag}", "year": 2026,
        "framework": {"code": imported["code"], "version": imported["version"]}, "units": list(units),
        "deadlines": {"selfAssessment": deadline(1), "appraisal": deadline(2), "explanation": deadline(3), "finalReview": deadline(4)}})
    api.call("PUT", f"/api/v1/cycles/{cycle}/reviewers/{reviewer}", {"units": list(units)})
    api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "self_assessment"})

    step("Tự đánh giá và tài liệu kiểm chứng / self-assessment with evidence")
    receipts = {}
    for position, code in enumerate(units):
        for index, leaf in enumerate(all_leaves):
            if leaf["source"] == "survey":
                continue
            item = f"/api/v1/cycles/{cycle}/units/{code}/items/{leaf['code']}"
            api.call("PUT", item, entry_for(leaf, quality=(index + position) % 4 != 0), token=tokens[code])
            if leaf["evidence"] == "required":
                body, content_type = multipart(f"Tài liệu {leaf['code']}.pdf", pdf(f"{code} {leaf['code']}"))
                api.call("POST", item + "/evidence", body, token=tokens[code], content_type=content_type)
        submitted = api.call("POST", f"/api/v1/cycles/{cycle}/units/{code}/submit", token=tokens[code])
        receipts[code] = submitted["receipt"]["sha256"]
        manifest = api.call("GET", f"/api/v1/cycles/{cycle}/units/{code}/receipt", token=tokens[code])
        assert hashlib.sha256(canonical(manifest)).hexdigest() == receipts[code], "receipt hash does not recompute"
        print(f"  {units[code][0]}: đã nộp, biên nhận {receipts[code][:16]}… ({len(manifest['files'])} tệp) — kiểm tra lại: khớp")

    step("Thẩm định / appraisal")
    api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "appraisal"})
    asked = None
    for code in units:
        assessment = api.call("GET", f"/api/v1/cycles/{cycle}/units/{code}/assessment", token=tokens["reviewer"])
        for item in assessment["items"]:
            if item["kind"] == "survey" or not item["applicable"]:
                continue
            path = f"/api/v1/cycles/{cycle}/units/{code}/items/{item['criterion']}"
            if asked is None and item["kind"] in ("ratio_tiers", "ratio_linear"):
                api.call("POST", path + "/questions", {"message": "Đề nghị giải trình số liệu và bổ sung báo cáo."}, token=tokens["reviewer"])
                asked = (code, item["criterion"])
                continue
            entry = {k: item["self"][k] for k in ("choice", "inputs") if k in item["self"]} or {"points": item["self"]["points"]}
            api.call("PUT", path + "/appraisal", entry, token=tokens["reviewer"])
    print(f"  câu hỏi giải trình: {asked[0]} tiêu chí {asked[1]}")

    step("Giải trình / explanation with supplementary evidence")
    api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "explanation"})
    item = f"/api/v1/cycles/{cycle}/units/{asked[0]}/items/{asked[1]}"
    api.call("POST", item + "/answers", {"message": "Đơn vị đã bổ sung báo cáo quý IV."}, token=tokens[asked[0]])
    body, content_type = multipart("Báo cáo bổ sung.pdf", pdf("bổ sung"))
    api.call("POST", item + "/evidence", body, token=tokens[asked[0]], content_type=content_type)

    step("Xem xét cuối cùng, điều tra xã hội học, công bố / final review, survey, publication")
    api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "final_review"})
    rows = ["unit,criterion,points"]
    for position, code in enumerate(units):
        for leaf in all_leaves:
            if leaf["source"] == "survey":
                rows.append(f"{code},{leaf['code']},{round(float(leaf['max']) * (0.8 + 0.05 * position), 2)}")
    imported_rows = api.call("POST", f"/api/v1/cycles/{cycle}/survey", ("\r\n".join(rows) + "\r\n").encode(), content_type="text/csv")
    print(f"  {imported_rows['imported']} dòng điều tra xã hội học")
    api.call("POST", item + "/settle", {"disposition": "accepted", "note": "Chấp nhận giải trình."}, token=tokens["reviewer"])
    publication = api.call("POST", f"/api/v1/cycles/{cycle}/publish")

    results = api.call("GET", f"/api/v1/cycles/{cycle}/results")
    stated = results.pop("snapshotSha256")
    assert hashlib.sha256(canonical(results)).hexdigest() == stated == publication["snapshotSha256"], "snapshot hash does not recompute"
    for block in results["blocks"]:
        print(f"  {block['name']}:")
        for entry in block["ranking"]:
            print(f"    {entry['rank']}. {entry['name']:<22} {entry['index']:>6}  ({entry['points']}/{entry['max']} điểm)")
    print(f"  snapshot {stated[:16]}… — kiểm tra lại: khớp")
    audit = api.call("GET", "/api/v1/audit/verify")
    assert audit["ok"], audit
    print(f"  sổ nhật ký: {audit['events']} sự kiện, toàn vẹn")
    print(f"play-cycle: the whole cycle played in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
