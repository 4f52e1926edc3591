#!/usr/bin/env python3
"""One client must not starve the others (SECURITY.md A10, decision 0030): 600 connections from
127.0.0.1 each trickle one header byte a second, and reconnect once a second when the server
closes them, while /healthz is asked from 127.0.0.2 every quarter second. Every /healthz must be
answered 200 within the budget (1 s) for the whole run (60 s). Linux routes all of 127/8 to lo, so
binding the probe's socket to 127.0.0.2 makes it another client address without any set-up.
The attack needs a descriptor per connection in this process and in the server: the soft
RLIMIT_NOFILE is raised to fit (the server inherits it). Standard library only; stops by itself.
"""
import argparse
import http.client
import multiprocessing
import os
import resource
import selectors
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reliability_support import Server  # noqa: E402

HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: "


def raise_descriptor_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    if soft != resource.RLIM_INFINITY and soft < needed:
        raise SystemExit(f"FAIL open files: the hard limit {hard} is under the {needed} this test needs")
    return soft


class Trickle:
    """`count` sockets from 127.0.0.1, each sent one byte of a never-ending header a second."""

    def __init__(self, port, count):
        self.port = port
        self.count = count
        self.selector = selectors.DefaultSelector()
        self.sent = {}  # socket → bytes of the head sent so far
        self.connects = 0
        self.closed_by_server = 0
        self.refusals = 0  # closed with a 429 written before any request was read
        self.stop = multiprocessing.Event()

    def connect(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", self.port))
        self.selector.register(sock, selectors.EVENT_READ)
        self.sent[sock] = 0
        self.connects += 1
        return sock

    def drop(self, sock, data=b""):
        if sock not in self.sent:
            return
        del self.sent[sock]
        self.selector.unregister(sock)
        sock.close()
        self.closed_by_server += 1
        if data.startswith(b"HTTP/1.1 429"):
            self.refusals += 1

    def run(self):
        for _ in range(self.count):
            self.connect()
        next_tick = time.monotonic()
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=max(0.0, next_tick - time.monotonic())):
                try:
                    data = key.fileobj.recv(4096)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                self.drop(key.fileobj, data)
            if time.monotonic() < next_tick:
                continue
            next_tick += 1.0
            for sock, sent in list(self.sent.items()):
                try:
                    sock.send(HEAD[sent:sent + 1] if sent < len(HEAD) else b"a")
                    self.sent[sock] = sent + 1
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    self.drop(sock)
            # An attacker keeps its count up: every connection the server closed is opened again.
            for _ in range(self.count - len(self.sent)):
                self.connect()
        open_at_end = len(self.sent)
        for sock in list(self.sent):
            sock.close()
        return {"connects": self.connects, "closed": self.closed_by_server, "refusals": self.refusals, "open": open_at_end}


def probe(port, budget):
    """Seconds for one whole /healthz exchange from 127.0.0.2, or None when it failed or overran."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=budget * 5, source_address=("127.0.0.2", 0))
    try:
        connection.request("GET", "/healthz", headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            return None
    except OSError:
        return None
    finally:
        connection.close()
    return time.monotonic() - started


def listen_overflows():
    """The kernel's count of connections dropped because a listen queue was full (Linux), or None."""
    try:
        with open("/proc/net/netstat") as netstat:
            lines = [line.split() for line in netstat if line.startswith("TcpExt:")]
        return int(dict(zip(lines[0], lines[1]))["ListenOverflows"])
    except (OSError, KeyError, IndexError, ValueError):
        return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--connections", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--budget", type=float, default=1.0, help="longest /healthz answer allowed, seconds")
    args = parser.parse_args()
    limit = raise_descriptor_limit(2 * args.connections + 1024)
    print(f"open files: soft limit {limit}")
    server = Server(args.bin, args.work)
    server.cli("migrate")
    server.start()
    # The attack runs in a process of its own, so that it never holds the probe's interpreter lock.
    trickle = Trickle(server.port, args.connections)
    report, reporter = multiprocessing.Pipe(duplex=False)
    attacker = multiprocessing.Process(target=lambda: reporter.send(trickle.run()), daemon=True)
    try:
        attacker.start()
        time.sleep(2)  # every connection opened and held before the clock starts
        overflows = listen_overflows()
        times, failures = [], 0
        last_good = started = time.monotonic()
        longest_gap = 0.0  # longest time with no /healthz answered within the budget
        end = started + args.seconds
        while time.monotonic() < end:
            asked = time.monotonic()
            took = probe(server.port, args.budget)
            if took is None:
                failures += 1
            else:
                times.append(took)
            if took is not None and took <= args.budget:
                longest_gap = max(longest_gap, asked + took - last_good)
                last_good = asked + took
            time.sleep(0.25)
        longest_gap = max(longest_gap, time.monotonic() - last_good)
        if overflows is not None:
            overflows = listen_overflows() - overflows
        trickle.stop.set()
        attack = report.recv() if report.poll(30) else {"connects": "?", "closed": "?", "refusals": "?", "open": "?"}
        attacker.join(timeout=10)
        server.stop()
        refusal_lines = 0
        with open(os.path.join(args.work, "server-parindex.sqlite.log"), errors="replace") as log:
            refusal_lines = sum("per-address limit" in line for line in log)
        slow = [t for t in times if t > args.budget]
        print(f"/healthz from 127.0.0.2: {len(times) + failures} asked, {failures} failed or timed out, "
              f"{len(slow)} over {args.budget:.1f} s")
        if times:
            print(f"  latency ms: p50 {percentile(times, 0.5) * 1000:.1f}  p99 {percentile(times, 0.99) * 1000:.1f}  "
                  f"max {max(times) * 1000:.1f}")
        print(f"  longest time without a timely answer: {longest_gap:.1f} s")
        print(f"attack from 127.0.0.1: {attack['connects']} connects, {attack['closed']} closed by the server "
              f"({attack['refusals']} answered 429 at once), {attack['open']} open at the end; "
              f"{refusal_lines} per-address refusal lines logged; listen queue overflows (whole machine): {overflows}")
        if failures or slow or not times:
            raise SystemExit("FAIL /healthz from another address was not answered within the budget throughout")
        print("ok")
    finally:
        trickle.stop.set()
        if attacker.is_alive():
            attacker.kill()
        server.kill()


if __name__ == "__main__":
    main()
