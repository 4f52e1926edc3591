#!/usr/bin/env python3
"""Memory under concurrent uploads (SECURITY.md UP-2): 50 clients each stream a
20 MiB PDF at once while the server's VmRSS and VmHWM are sampled from /proc/PID/status. Uploads
stream to disk (MultipartReceiver → temp file), so the server's memory must not grow with the
bytes in flight: 50 × 20 MiB is 1000 MiB, and the bound (150 MiB over idle, debug build) is what
50 connections' socket and parser buffers, NIO's per-channel allocations and malloc arenas may
take, far under what holding even a tenth of the bodies would. Every upload must succeed or get a
documented limit error (413 file_too_large, or the quota's refusal). Standard library only.
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reliability_support import API, Server, World, criteria, orphans, setup_admin, upload_stream  # noqa: E402

LIMIT_CODES = ("file_too_large", "too_large", "quota")


def memory(pid):
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value, _ = line.split()
                values[key[:-1]] = int(value) * 1024
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--mib", type=int, default=20)
    parser.add_argument("--bound-mib", type=int, default=150)
    args = parser.parse_args()
    server = Server(args.bin, args.work)
    token = setup_admin(server)
    server.start()
    try:
        world = World(API(server.url, token), units=10)
        cycle = world.cycle("tai-len", "self_assessment")
        # Warm up: one upload, so lazily built state (routes, caches, pools) is in the idle figure.
        status, _ = upload_stream(server.url, world.item(cycle, "U1", "1.1") + "/evidence", world.tokens["U1"], "warm.pdf", 1 << 20)
        assert status == 201, status
        time.sleep(0.5)
        pid = server.process.pid
        idle = memory(pid)["VmRSS"]
        samples, stop = [], threading.Event()

        def sample():
            while not stop.is_set():
                samples.append(memory(pid)["VmRSS"])
                time.sleep(0.02)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        results = [None] * args.uploads
        size = args.mib << 20

        def upload(n):
            unit = world.units[n % len(world.units)]
            path = world.item(cycle, unit, criteria()[n % len(criteria())]) + "/evidence"
            try:
                results[n] = upload_stream(server.url, path, world.tokens[unit], f"lon-{n}.pdf", size,
                                           seed=f"{n}-{os.urandom(4).hex()}".encode(), timeout=300)
            except OSError as error:
                results[n] = (None, str(error))

        started = time.time()
        threads = [threading.Thread(target=upload, args=(n,), daemon=True) for n in range(args.uploads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=400)
        elapsed = time.time() - started
        stop.set()
        sampler.join()
        final = memory(pid)
        peak = max(samples + [final["VmRSS"]])
        stored = sum(1 for status, _ in results if status == 201)
        limited = [r for r in results if r[0] in (409, 413, 422, 507) and any(c in str(r[1]) for c in LIMIT_CODES)]
        other = [r for r in results if r[0] != 201 and r not in limited]
        stray, missing, temporary = orphans(server.database, server.evidence)
        mib = lambda b: b / (1 << 20)
        print(f"upload-load: {args.uploads} concurrent uploads of {args.mib} MiB ({args.uploads * args.mib} MiB) in {elapsed:.1f} s, "
              f"{mib(stored * size) / elapsed:.0f} MiB/s stored")
        print(f"  stored {stored}, refused with a limit error {len(limited)}, other {len(other)}")
        print(f"  server RSS: idle {mib(idle):.0f} MiB, peak {mib(peak):.0f} MiB (+{mib(peak - idle):.0f} MiB, bound +{args.bound_mib} MiB), "
              f"VmHWM {mib(final['VmHWM']):.0f} MiB, {len(samples)} samples")
        print(f"  left behind: {len(stray)} files without a row, {len(missing)} rows without a file, {len(temporary)} temp files")
        failed = []
        if other:
            failed.append(f"uploads neither stored nor refused by a documented limit: {[(s, str(b)[:120]) for s, b in other[:3]]}")
        if stored == 0:
            failed.append("no upload was stored")
        if peak - idle > args.bound_mib << 20:
            failed.append(f"peak RSS grew by {mib(peak - idle):.0f} MiB > {args.bound_mib} MiB: bodies are being held in memory")
        if stray or missing or temporary:
            failed.append("files and rows disagree after the run")
        for line in failed:
            print(f"  FAIL {line}")
        sys.exit(1 if failed else 0)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
