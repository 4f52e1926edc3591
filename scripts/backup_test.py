#!/usr/bin/env python3
"""Backup and restore (SECURITY.md A11): `parindex backup` while writers run, then
on the copy: integrity_check, audit verify, its ledger a prefix of the source's, its immutable rows
equal to the source's, every evidence file it names present in FILE.evidence with the right hash.
Then a quiet backup is restored into a fresh data directory and served: row counts and checksums of
the key tables, every assessment as the API shows it, and the results computed by playing the rest
of the cycle (submit, appraise, publish) are identical on the source and on the restored copy.
Standard library only.
"""
import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reliability_support import API, Server, World, criteria, entry, integrity, multipart_parts, pdf_bytes, setup_admin  # noqa: E402

KEY_TABLES = ["framework", "unit", "cycle", "assessment", "item", "evidence", "message", "ledger"]
failures = []


def check(condition, text):
    print(f"  {'ok  ' if condition else 'FAIL'} {text}", flush=True)
    if not condition:
        failures.append(text)


def rows(database, sql, args=()):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as db:
        return db.execute(sql, args).fetchall()


def table_digest(database, table):
    """(row count, SHA-256 of every row in rowid order) of one table."""
    digest = hashlib.sha256()
    found = rows(database, f"SELECT * FROM {table} ORDER BY rowid")  # table names come from KEY_TABLES only
    for row in found:
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return len(found), digest.hexdigest()


def write_load(url, world, cycle, stop, counts):
    def unit_writer(unit):
        api = API(url, world.tokens[unit])
        n = 0
        while not stop.is_set():
            n += 1
            criterion = criteria()[n % len(criteria())]
            path = world.item(cycle, unit, criterion)
            if n % 3 == 0:
                boundary, head, tail = multipart_parts(f"bk-{unit}-{n}.pdf")
                status, _ = api.try_call("POST", path + "/evidence", head + pdf_bytes(f"{unit} {n} {os.urandom(6).hex()}", 5000) + tail,
                                         content_type=f"multipart/form-data; boundary={boundary}", timeout=20)
            else:
                status, _ = api.try_call("PUT", path, entry(n * 7 + len(unit), f"bk {n}"), timeout=20)
            counts[unit] = counts.get(unit, 0) + (1 if status in (200, 201) else 0)
    threads = [threading.Thread(target=unit_writer, args=(unit,), daemon=True) for unit in world.units]
    for thread in threads:
        thread.start()
    return threads


def evidence_in(backup):
    names = rows(backup, "SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file'")
    missing = []
    for (sha,) in names:
        path = os.path.join(backup + ".evidence", sha[:2], sha[2:4], sha)
        if not os.path.exists(path) or hashlib.sha256(open(path, "rb").read()).hexdigest() != sha:
            missing.append(sha)
    return len(names), missing


def finish_cycle(api, world, cycle):
    """Plays the rest of the cycle the same way on any server; returns the published rankings."""
    for unit in world.units:
        api.call("POST", f"/api/v1/cycles/{cycle}/units/{unit}/submit", token=world.tokens[unit])
    api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": "appraisal"})
    for position, unit in enumerate(world.units):
        for index, criterion in enumerate(criteria()):
            api.call("PUT", world.item(cycle, unit, criterion) + "/appraisal", entry(300 + 37 * index + 111 * position, "thẩm định"),
                     token=world.tokens["reviewer"])
    for phase in ("explanation", "final_review"):
        api.call("POST", f"/api/v1/cycles/{cycle}/phase", {"phase": phase})
    api.call("POST", f"/api/v1/cycles/{cycle}/publish", expect=(201,))
    results = api.call("GET", f"/api/v1/cycles/{cycle}/results")
    return [(b["block"], [(e["rank"], e["unit"], e["points"], e["index"]) for e in b["ranking"]]) for b in results["blocks"]]


def views(api, world, cycle):
    return {unit: api.call("GET", f"/api/v1/cycles/{cycle}/units/{unit}/assessment") for unit in world.units}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    started = time.time()
    source = Server(args.bin, args.work)
    token = setup_admin(source)
    source.start()
    restored = None
    try:
        api = API(source.url, token)
        world = World(api)
        cycle = world.cycle("sao-luu", "self_assessment")
        for unit in world.units:  # every item entered, so the cycle can be finished later
            for criterion in criteria():
                api.call("PUT", world.item(cycle, unit, criterion), entry(400, "ban đầu"), token=world.tokens[unit])

        print("backup-test: backup under write load", flush=True)
        stop, counts = threading.Event(), {}
        threads = write_load(source.url, world, cycle, stop, counts)
        time.sleep(1.5)
        loaded = os.path.join(args.work, "under-load.sqlite")
        backup_started = time.time()
        output = source.cli("backup", loaded)
        backup_seconds = time.time() - backup_started
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        writes = sum(counts.values())
        check(writes > 0 and "integrity_check: ok" in output, f"backup ran while {writes} writes were acknowledged around it "
              f"({backup_seconds:.1f} s): {output.strip().splitlines()[0]}")
        check(integrity(loaded) == "ok", "PRAGMA integrity_check on the copy = ok")
        check("toàn vẹn" in Server(args.bin, args.work, database=loaded).cli("audit", "verify"), "audit verify on the copy passes")
        copy_ledger = rows(loaded, "SELECT seq, hash FROM ledger ORDER BY seq")
        source_ledger = rows(source.database, "SELECT seq, hash FROM ledger ORDER BY seq")
        check(0 < len(copy_ledger) < len(source_ledger) and source_ledger[: len(copy_ledger)] == copy_ledger,
              f"the copy's ledger ({len(copy_ledger)} events) is a prefix of the source's ({len(source_ledger)}): "
              "the copy is the source at one moment")
        frozen = "SELECT id, itemId, kind, filename, size, sha256, uploadedBy, uploadedAt FROM evidence ORDER BY id"
        copy_evidence = rows(loaded, frozen)
        source_evidence = {row[0]: row for row in rows(source.database, frozen)}
        check(all(source_evidence.get(row[0]) == row for row in copy_evidence),
              f"the copy's {len(copy_evidence)} evidence rows equal the source's")
        named, missing = evidence_in(loaded)
        check(named > 0 and not missing, f"all {named} evidence files the copy names are in {os.path.basename(loaded)}.evidence "
              f"with their hash ({len(missing)} missing)")

        print("backup-test: restore a quiet backup and compare", flush=True)
        quiet = os.path.join(args.work, "quiet.sqlite")
        source.cli("backup", quiet)
        restore_dir = os.path.join(args.work, "restored")
        os.makedirs(restore_dir)
        # The restore procedure of the README: the file becomes the database, FILE.evidence the evidence directory.
        shutil.copyfile(quiet, os.path.join(restore_dir, "parindex.sqlite"))
        shutil.copytree(quiet + ".evidence", os.path.join(restore_dir, "evidence"))
        restored = Server(args.bin, restore_dir)
        restored.start()
        source_api, restored_api = api, API(restored.url, token)
        for table in KEY_TABLES:
            a, b = table_digest(source.database, table), table_digest(restored.database, table)
            check(a == b, f"{table}: {a[0]} rows, checksum {a[1][:12]}… on the source, {b[0]} rows, {b[1][:12]}… restored")
        check(views(source_api, world, cycle) == views(restored_api, world, cycle),
              "every unit's assessment (entries, points, evidence) reads the same through the API")
        evidence_id = rows(restored.database, "SELECT id, sha256 FROM evidence WHERE kind = 'file' LIMIT 1")[0]
        status, body = restored_api.try_call("GET", f"/api/v1/evidence/{evidence_id[0]}")
        check(status == 200 and hashlib.sha256(body).hexdigest() == evidence_id[1], "a restored evidence file downloads with its hash")
        source_results = finish_cycle(source_api, world, cycle)
        restored_results = finish_cycle(restored_api, world, cycle)
        check(source_results == restored_results and source_results,
              f"published rankings identical: {source_results[0][1][:3]}…")
        check("toàn vẹn" in restored.cli("audit", "verify"), "audit verify on the restored copy after publishing passes")
    finally:
        source.stop()
        if restored:
            restored.stop()
    print(f"backup-test: {len(failures)} failures, {time.time() - started:.1f} s")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
