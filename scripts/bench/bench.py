#!/usr/bin/env python3
"""ParIndex benchmarks (issue 6): every figure measured against a baseline taken in the same run.

Generates the national dataset into a temporary directory, starts the release server on a free
127.0.0.1 port, measures /healthz req/s with wrk as the baseline, then each target, and prints a
table of absolute figures and ratios. Everything is bounded in time and stops by itself.
Run through scripts/bench/run (which builds the release binary first).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NATIONAL = "quocgia-2026"
SELF_CYCLE = "thunghiem-2026"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Dataset:
    """A generated national dataset: its directory, accounts and generation time."""

    def __init__(self, binary, workdir, scale, log_rounds):
        self.directory = os.path.join(workdir, f"data-{scale}x")
        os.makedirs(self.directory)
        self.env = dict(
            os.environ,
            PARINDEX_DATABASE_PATH=os.path.join(self.directory, "parindex.sqlite"),
            PARINDEX_EVIDENCE_DIRECTORY=os.path.join(self.directory, "evidence"),
            PARINDEX_UPLOAD_MAX_BYTES=str(2 << 30),
            # Passwords are not what is measured; scrypt at full cost would dominate generation.
            PARINDEX_PASSWORD_SCRYPT_LOG_ROUNDS=str(log_rounds),
            # The server's speed is measured, not the per-account write budget (IV-6).
            PARINDEX_SERVER_WRITES_PER_MINUTE="0",
        )
        started = time.monotonic()
        out = subprocess.run(
            [binary, "demo", "--scale", "national", "--scale-factor", str(scale)],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=3600,
        )
        self.seconds = time.monotonic() - started
        if out.returncode != 0:
            sys.exit(f"dataset generation failed:\n{out.stdout}\n{out.stderr}")
        self.accounts = []
        for line in out.stdout.splitlines():
            if line.startswith("account "):
                _, role, username, unit, _password, token = line.split()
                self.accounts.append({"role": role, "username": username, "unit": unit, "token": token})
        self.db_bytes = os.path.getsize(self.env["PARINDEX_DATABASE_PATH"])

    def token(self, role):
        return next(a["token"] for a in self.accounts if a["role"] == role)

    def units(self):
        return [a for a in self.accounts if a["role"] == "unit"]


class Server:
    """The release server on a free port; start-up time is spawn to first answered /healthz."""

    def __init__(self, binary, dataset):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(dataset.directory, "server.log"), "w")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=dataset.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = started + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                sys.exit("server did not answer /healthz within 30 s")
            time.sleep(0.005)
        self.startup = time.monotonic() - started

    def rss_mib(self):
        return rss_kib(self.process.pid) / 1024

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def wrk(url, seconds, connections, script, env, threads=2):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", "-s", script, url],
        env=dict(os.environ, **env), capture_output=True, text=True, timeout=seconds + 60,
    )
    text = out.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))

    def latency(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    return {"rps": rps, "requests": requests, "p50": latency("50"), "p99": latency("99"), "non2xx": non2xx,
            "socketErrors": socket_errors, "raw": text}


def curl(args, timeout):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "--max-time", str(timeout)] + args,
                         capture_output=True, text=True, timeout=timeout + 30)
    code, seconds = out.stdout.split()
    return int(code), float(seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--quick", action="store_true", help="short runs for iterating; report figures from a full run")
    parser.add_argument("--scales", default=None, help="publish scales, default 1,2,4 (quick: 1)")
    parser.add_argument("--json", default=None, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--publish-timeout", type=int, default=120, help="seconds before a publish counts as failed")
    parser.add_argument("--only", default=None, help="comma-separated subset: get,html,put,upload,publish,mixed")
    args = parser.parse_args()

    quick = args.quick
    duration = 3 if quick else 15
    mixed_duration = 10 if quick else 60
    upload_mib = 256 if quick else 1024
    scales = [int(s) for s in (args.scales or ("1" if quick else "1,2,4")).split(",")]
    only = set(args.only.split(",")) if args.only else None
    wanted = lambda name: only is None or name in only
    connections = 64

    workdir = tempfile.mkdtemp(prefix="parindex-bench-")

    class Rows(list):
        """(what, absolute, ratio, target, met); each row is also logged when measured, so an
        interrupted run still shows what it got."""

        def append(self, row):
            super().append(row)
            log(" | ".join(str(x) for x in row))

    rows = Rows()
    results = {"quick": quick}
    server = None
    try:
        log(f"generating the national dataset (1×) in {workdir}")
        data = Dataset(args.bin, workdir, 1, 4)
        results["generate1x"] = data.seconds
        rows.append(("dataset 1× (3,321 units × 100 leaves) generation", f"{data.seconds:.1f} s, {data.db_bytes / 2**20:.0f} MiB", "", "", ""))
        units = data.units()
        reviewer = data.token("reviewer")
        admin = data.token("admin")

        server = Server(args.bin, data)
        time.sleep(1)
        idle = server.rss_mib()
        results.update(startup=server.startup, idleRSS=idle)
        rows.append(("start-up to first answered request", f"{server.startup * 1000:.0f} ms", "", "< 1 s", server.startup < 1))
        rows.append(("idle RSS after start-up", f"{idle:.1f} MiB", "", "< 100 MiB", idle < 100))

        lua = lambda name: os.path.join(HERE, name)
        log(f"baseline: /healthz for {duration} s at {connections} connections")
        health = wrk(server.base + "/healthz", duration, connections, lua("get.lua"), {"BENCH_PATHS": "/healthz", "BENCH_TOKENS": ""})
        base = health["rps"]
        results["healthz"] = health["rps"]
        rows.append(("GET /healthz (baseline)", f"{base:,.0f} req/s, p99 {health['p99']:.1f} ms", "1.00", "", ""))

        def ratio_row(name, key, result, target):
            ratio = result["rps"] / base
            errors = result["non2xx"] + result["socketErrors"]
            results[key] = {k: v for k, v in result.items() if k != "raw"} | {"ratio": ratio}
            note = f", {errors} errors" if errors else ""
            rows.append((name, f"{result['rps']:,.0f} req/s, p99 {result['p99']:.1f} ms{note}", f"{ratio:.2f}", f"≥ {target:.2f}",
                         ratio >= target and errors == 0))

        review_units = [a["unit"] for a in units]
        assessment_paths = " ".join(f"/api/v1/cycles/{NATIONAL}/units/{u}/assessment" for u in review_units)
        if wanted("get"):
            log("GET assessment JSON (national cycle, reviewer)")
            ratio_row("GET assessment JSON (100 leaves, evidence, threads)", "assessmentJSON",
                      wrk(server.base, duration, connections, lua("get.lua"), {"BENCH_PATHS": assessment_paths, "BENCH_TOKENS": reviewer}), 0.30)
        if wanted("html"):
            log("GET assessment form page (self-assessment cycle, unit)")
            page = wrk(server.base, duration, connections, lua("get.lua"),
                       {"BENCH_PATHS": f"/cycles/{SELF_CYCLE}/units/{units[0]['unit']}", "BENCH_TOKENS": units[0]["token"]})
            ratio_row("GET assessment HTML form page", "assessmentHTML", page, 0.20)
        put_env = {"BENCH_UNITS": " ".join(a["unit"] for a in units), "BENCH_TOKENS": " ".join(a["token"] for a in units),
                   "BENCH_CYCLE": SELF_CYCLE}
        if wanted("put"):
            log("PUT item entries (synchronous=FULL)")
            ratio_row("PUT item entry (synchronous=FULL)", "itemPUT", wrk(server.base, duration, connections, lua("put.lua"), put_env), 0.15)

        if wanted("upload"):
            log(f"upload {upload_mib} MiB: dd baseline, then the evidence route")
            target = os.path.join(data.directory, "dd.bin")
            started = time.monotonic()
            subprocess.run(["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={upload_mib}", "conv=fsync"],
                           capture_output=True, check=True, timeout=600)
            dd_rate = upload_mib / (time.monotonic() - started)
            os.remove(target)
            source = os.path.join(workdir, "big.pdf")
            with open(source, "wb") as f:
                f.write(b"%PDF-1.4\n")
                chunk = b"\0" * (1 << 20)
                for _ in range(upload_mib):
                    f.write(chunk)
            before = server.rss_mib()
            peak = [before]
            done = threading.Event()

            def sample():
                while not done.is_set():
                    peak[0] = max(peak[0], server.rss_mib())
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            unit = units[1]
            code, seconds = curl(["-H", f"Authorization: Bearer {unit['token']}", "-F", f"file=@{source};type=application/pdf",
                                  f"{server.base}/api/v1/cycles/{SELF_CYCLE}/units/{unit['unit']}/items/1.1/evidence"], 600)
            done.set()
            sampler.join()
            os.remove(source)
            rate = upload_mib / seconds
            growth = peak[0] - before
            results["upload"] = {"status": code, "MiBps": rate, "ddMiBps": dd_rate, "ratio": rate / dd_rate, "rssGrowthMiB": growth}
            rows.append((f"dd {upload_mib} MiB to the same disk (baseline)", f"{dd_rate:.0f} MiB/s", "1.00", "", ""))
            rows.append((f"evidence upload {upload_mib} MiB (HTTP {code})", f"{rate:.0f} MiB/s", f"{rate / dd_rate:.2f}", "≥ 0.50",
                         code == 201 and rate / dd_rate >= 0.5))
            rows.append(("server RSS growth during the upload", f"{growth:.1f} MiB", "", "< 64 MiB", growth < 64))

        publish_times = {}
        if wanted("publish") or wanted("mixed"):
            log("publish the national cycle (1×)")
            code, seconds = curl(["-X", "POST", "-H", f"Authorization: Bearer {admin}", f"{server.base}/api/v1/cycles/{NATIONAL}/publish"],
                                 args.publish_timeout)
            if code != 201:
                rows.append(("publish national cycle 1×", f"HTTP {code} after {seconds:.0f} s", "", "< 2 s", False))
            else:
                publish_times[1] = seconds

        if wanted("mixed") and 1 in publish_times:
            public_paths = [f"/results/{NATIONAL}/units/{u}" for u in review_units[:20]] + [f"/api/v1/cycles/{NATIONAL}/results"]
            log(f"mixed traffic: 200 connections for {mixed_duration} s")
            mixed = wrk(server.base, mixed_duration, 200, lua("mixed.lua"),
                        put_env | {"BENCH_READ_PATHS": assessment_paths, "BENCH_REVIEWER_TOKEN": reviewer,
                                   "BENCH_PUBLIC_PATHS": " ".join(public_paths), "BENCH_CYCLE": SELF_CYCLE})
            errors = mixed["non2xx"] + mixed["socketErrors"]
            results["mixed"] = {k: v for k, v in mixed.items() if k != "raw"}
            rows.append((f"mixed traffic, 200 connections, {mixed_duration} s (2 saving : 4 reading : 4 public)",
                         f"{mixed['rps']:,.0f} req/s, p50 {mixed['p50']:.1f} ms, p99 {mixed['p99']:.1f} ms, {errors} errors",
                         f"{mixed['rps'] / base:.2f}", "p99 < 50 ms, 0 errors", mixed["p99"] < 50 and errors == 0))
            time.sleep(2)
            after = server.rss_mib()
            results["idleRSSAfterLoad"] = after
            rows.append(("RSS at rest after the load", f"{after:.1f} MiB", "", "", ""))
        server.stop()
        server = None

        if wanted("publish") and 1 in publish_times:
            for scale in scales:
                if scale == 1:
                    continue
                log(f"generating {scale}× and publishing it")
                bigger = Dataset(args.bin, workdir, scale, 4)
                results[f"generate{scale}x"] = bigger.seconds
                rows.append((f"dataset {scale}× generation", f"{bigger.seconds:.1f} s, {bigger.db_bytes / 2**20:.0f} MiB", "", "", ""))
                s = Server(args.bin, bigger)
                try:
                    code, seconds = curl(["-X", "POST", "-H", f"Authorization: Bearer {bigger.token('admin')}",
                                          f"{s.base}/api/v1/cycles/{NATIONAL}/publish"], args.publish_timeout)
                finally:
                    s.stop()
                shutil.rmtree(bigger.directory)
                if code != 201:
                    rows.append((f"publish national cycle {scale}×", f"HTTP {code} after {seconds:.0f} s", "", "", False))
                    break
            results["publish"] = publish_times
            for scale, seconds in sorted(publish_times.items()):
                per = seconds / publish_times[1]
                rows.append((f"publish national cycle {scale}× ({3321 * scale:,} units)", f"{seconds:.2f} s",
                             f"{per:.2f} of 1×", "< 2 s at 1×; ~linear" if scale == 1 else f"≈ {scale}",
                             seconds < 2 if scale == 1 else per <= scale * 1.3))
    finally:
        if server:
            server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"ParIndex benchmarks ({'quick' if quick else 'full'} run, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
    print()
    print("| what | measured | ratio | target | met |")
    print("|---|---|---|---|---|")
    for what, absolute, ratio, target, met in rows:
        mark = "" if met == "" else ("yes" if met else "**no**")
        print(f"| {what} | {absolute} | {ratio} | {target} | {mark} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
