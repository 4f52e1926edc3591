#!/usr/bin/env python3
"""Crash safety (SECURITY.md A11 and UP-10): writers put item entries, upload
evidence (small PDFs, and larger ones that are mid-flight when the server dies), ask questions and
answer them, on three cycles in the phases that allow those writes. The server is killed with
SIGKILL at a random moment (seeded) each round and restarted; after every kill: integrity_check,
every acknowledged write present with its acknowledged value, `audit verify`, and after the
restart no evidence file without a row, no row without a file, no temporary file. Last, a client
that goes away in the middle of an upload leaves nothing behind. Standard library only.
"""
import argparse
import hashlib
import os
import random
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reliability_support import (API, Server, World, criteria, entry, integrity, orphans, pdf_bytes,  # noqa: E402
                                 multipart_parts, setup_admin, upload_stream)


class Ledger:
    """What the clients saw acknowledged, and the writes in flight when the server died."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}  # (cycle, unit, criterion) → acknowledged note
        self.pending = {}  # (cycle, unit, criterion) → note sent, not (yet) acknowledged
        self.evidence = {}  # id → sha256
        self.messages = {}  # id → (kind, body)
        self.counts = {"entry": 0, "evidence": 0, "large evidence": 0, "question": 0, "answer": 0}
        self.refused = {}
        self.new_evidence = []

    def refuse(self, what, status):
        with self.lock:
            key = f"{what} {status}"
            self.refused[key] = self.refused.get(key, 0) + 1


class Writers:
    def __init__(self, url, world, cycles, ledger, rng_seed):
        self.url, self.world, self.cycles, self.ledger = url, world, cycles, ledger
        self.stop = threading.Event()
        self.serial = 0
        self.serial_lock = threading.Lock()
        self.rng_seed = rng_seed

    def next(self):
        with self.serial_lock:
            self.serial += 1
            return self.serial

    def run(self, target, *args):
        def guarded():
            try:
                target(*args)
            except (OSError, ConnectionError, TimeoutError):
                pass  # the server died under us: expected
            except Exception as error:  # noqa: BLE001 — http.client raises its own types too
                if not self.stop.is_set() and "RemoteDisconnected" not in type(error).__name__ \
                        and "IncompleteRead" not in type(error).__name__ and "BadStatusLine" not in type(error).__name__:
                    print(f"  writer error: {type(error).__name__}: {error}", flush=True)
        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        return thread

    def entries(self, unit):
        api, ledger, cycle = API(self.url, self.world.tokens[unit]), self.ledger, self.cycles["self"]
        rng = random.Random(f"{self.rng_seed}-{unit}")
        while not self.stop.is_set():
            criterion = rng.choice(criteria())
            key = (cycle, unit, criterion)
            n = self.next()
            note = f"e{n}"
            with ledger.lock:
                ledger.pending[key] = note
            status, body = api.try_call("PUT", self.world.item(cycle, unit, criterion), entry(n, note), timeout=10)
            if status == 200 and body.get("self", {}).get("note") == note:
                with ledger.lock:
                    ledger.entries[key] = note
                    ledger.pending.pop(key, None)
                    ledger.counts["entry"] += 1
            else:
                ledger.refuse("entry", status)

    def uploads(self, unit, cycle_name, large):
        ledger, cycle = self.ledger, self.cycles[cycle_name]
        rng = random.Random(f"{self.rng_seed}-{unit}-{cycle_name}-{large}")
        token = self.world.tokens[unit]
        while not self.stop.is_set():
            n = self.next()
            path = self.world.item(cycle, unit, rng.choice(criteria())) + "/evidence"
            if large:
                status, body = upload_stream(self.url, path, token, f"lon-{n}.pdf", rng.randint(2 << 20, 24 << 20),
                                             seed=f"{n}".encode(), timeout=20)
            else:
                content = pdf_bytes(f"tai-lieu {n} {os.urandom(8).hex()}", rng.randint(300, 40_000))
                boundary, head, tail = multipart_parts(f"tai-lieu-{n}.pdf")
                status, body = API(self.url, token).try_call(
                    "POST", path, head + content + tail, content_type=f"multipart/form-data; boundary={boundary}", timeout=10)
            if status == 201:
                with ledger.lock:
                    for evidence in body:
                        ledger.evidence[evidence["id"]] = evidence["sha256"]
                        ledger.new_evidence.append(evidence["id"])
                    ledger.counts["large evidence" if large else "evidence"] += 1
            elif status is not None:
                ledger.refuse("large evidence" if large else "evidence", status)

    def messages(self, who, kind, cycle_name, units):
        ledger, cycle = self.ledger, self.cycles[cycle_name]
        api = API(self.url, self.world.tokens[who])
        rng = random.Random(f"{self.rng_seed}-{who}-{kind}")
        while not self.stop.is_set():
            n = self.next()
            text = f"{kind} số {n}: nội dung giải trình"
            unit = rng.choice(units)
            status, body = api.try_call("POST", self.world.item(cycle, unit, rng.choice(criteria())) + f"/{kind}s",
                                        {"message": text}, timeout=10)
            if status == 201 and body.get("message") == text:
                with ledger.lock:
                    ledger.messages[int(body["id"])] = (kind, text)
                    ledger.counts[kind] += 1
            else:
                ledger.refuse(kind, status)

    def start(self):
        units = self.world.units
        threads = [self.run(self.entries, unit) for unit in units]
        threads += [self.run(self.uploads, unit, "self", False) for unit in units[:2]]
        threads += [self.run(self.uploads, units[2], "self", True)]
        threads += [self.run(self.uploads, units[3], "explain", False)]
        threads += [self.run(self.messages, "reviewer", "question", "ask", units)]
        threads += [self.run(self.messages, unit, "answer", "explain", [unit]) for unit in units[:2]]
        return threads


def check_acknowledged(database, ledger, verify_files):
    """Counts acknowledged writes missing or changed in the database (must be 0)."""
    lost = []
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as db:
        notes = {(c, u, k): note for c, u, k, note in db.execute(
            "SELECT a.cycleCode, a.unitCode, i.criterion, i.selfNote FROM item i JOIN assessment a ON a.id = i.assessmentId")}
        with ledger.lock:
            for key, note in ledger.entries.items():
                pending = ledger.pending.get(key)
                if notes.get(key) not in (note, pending):
                    lost.append(f"entry {key}: acknowledged {note}, found {notes.get(key)}")
                else:
                    ledger.entries[key] = notes[key]
            ledger.pending.clear()
            rows = {i: (sha, deleted) for i, sha, deleted in db.execute("SELECT id, sha256, deletedAt FROM evidence")}
            for evidence_id, sha in ledger.evidence.items():
                if rows.get(evidence_id) != (sha, None):
                    lost.append(f"evidence {evidence_id}: acknowledged {sha}, found {rows.get(evidence_id)}")
            for evidence_id in ledger.new_evidence:
                sha = ledger.evidence[evidence_id]
                path = os.path.join(verify_files, sha[:2], sha[2:4], sha)
                if not os.path.exists(path) or hashlib.sha256(open(path, "rb").read()).hexdigest() != sha:
                    lost.append(f"evidence {evidence_id}: file missing or changed")
            ledger.new_evidence.clear()
            messages = {i: (kind, body) for i, kind, body in db.execute("SELECT id, kind, body FROM message")}
            for message_id, value in ledger.messages.items():
                if messages.get(message_id) != value:
                    lost.append(f"message {message_id}: acknowledged {value}, found {messages.get(message_id)}")
    return lost


def disconnect_mid_upload(server, world, cycle):
    """A client sends the headers and half the multipart body, then closes: nothing may remain."""
    with sqlite3.connect(f"file:{server.database}?mode=ro", uri=True) as db:
        before = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    size = 1 << 20
    for n in range(3):
        upload_stream(server.url, world.item(cycle, world.units[0], "1.1") + "/evidence", world.tokens[world.units[0]],
                      f"bo-do-{n}.pdf", size, seed=b"half", stop_after=size // 2)
    deadline = time.time() + 60
    while True:
        stray, missing, temporary = orphans(server.database, server.evidence)
        if not (stray or missing or temporary) or time.time() > deadline:
            break
        time.sleep(0.1)
    with sqlite3.connect(f"file:{server.database}?mode=ro", uri=True) as db:
        after = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    problems = []
    if after != before:
        problems.append(f"{after - before} evidence rows from aborted uploads")
    if stray or missing or temporary:
        problems.append(f"left behind: {len(stray)} files without a row, {len(missing)} rows without a file, {len(temporary)} temp files")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    print(f"crash-test: seed {seed} (rerun with --seed {seed})", flush=True)
    rng = random.Random(seed)
    started = time.time()
    server = Server(args.bin, args.work)
    token = setup_admin(server)
    server.start()
    world = World(API(server.url, token))
    cycles = {"self": world.cycle("tu-danh-gia", "self_assessment"), "ask": world.cycle("tham-dinh", "appraisal"),
              "explain": world.cycle("giai-trinh", "explanation")}
    print(f"  set-up: {len(world.units)} units, 3 cycles ({', '.join(cycles)}), {time.time() - started:.1f} s", flush=True)
    ledger = Ledger()
    lost, leftovers, problems = [], [], []
    try:
        for round_number in range(1, args.rounds + 1):
            writers = Writers(server.url, world, cycles, ledger, f"{seed}-{round_number}")
            threads = writers.start()
            delay = rng.uniform(0.4, 4.0)
            time.sleep(delay)
            server.kill()
            writers.stop.set()
            for thread in threads:
                thread.join(timeout=30)
            check = integrity(server.database)
            if check != "ok":
                problems.append(f"round {round_number}: integrity_check {check}")
            round_lost = check_acknowledged(server.database, ledger, server.evidence)
            lost += round_lost
            verify = server.cli("audit", "verify")
            if "toàn vẹn" not in verify:
                problems.append(f"round {round_number}: audit verify {verify}")
            server.start()
            stray, missing, temporary = orphans(server.database, server.evidence)
            leftovers += [f"round {round_number}: file without row {s}" for s in stray]
            leftovers += [f"round {round_number}: row without file {s}" for s in missing]
            leftovers += [f"round {round_number}: temp file {t}" for t in temporary]
            print(f"  round {round_number:2}: killed after {delay:.2f} s; integrity {check}; lost {len(round_lost)}; "
                  f"orphans {len(stray) + len(missing) + len(temporary)}; acknowledged so far {sum(ledger.counts.values())}",
                  flush=True)
        problems += disconnect_mid_upload(server, world, cycles["self"])
    finally:
        server.stop()
    print(f"crash-test: {args.rounds} rounds survived in {time.time() - started:.1f} s (seed {seed})")
    print("  acknowledged writes: " + ", ".join(f"{kind} {count}" for kind, count in ledger.counts.items())
          + f" (total {sum(ledger.counts.values())})")
    if ledger.refused:
        print("  refused (not acknowledged, not counted): " + ", ".join(f"{k} ×{v}" for k, v in sorted(ledger.refused.items())))
    print(f"  lost acknowledged writes: {len(lost)}")
    print(f"  orphans (file without row, row without file, temp files): {len(leftovers)}")
    print(f"  disconnect mid-upload: {'nothing left behind' if not any('aborted' in p or 'left behind' in p for p in problems) else 'FAILED'}")
    for line in (lost + leftovers + problems)[:40]:
        print(f"  FAIL {line}")
    if lost or leftovers or problems:
        sys.exit(1)
    if min(ledger.counts[k] for k in ("entry", "evidence", "question", "answer")) == 0:
        sys.exit("FAIL some kind of write was never acknowledged: the test did not exercise it")


if __name__ == "__main__":
    main()
