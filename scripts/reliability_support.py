"""Shared pieces of the reliability scripts (crash-test, backup-test, upload-load): a throw-away data
directory, a `parindex serve` child on 127.0.0.1 that can be killed and restarted, a small JSON
client, streamed multipart uploads, and the set-up of a framework, units, tokens and cycles in the
phases the writers need. Standard library only; every request has a timeout, every server is
killed by its owner (and by the calling shell's trap through the pid file).
"""
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

PASSWORD = "Mật-khẩu-thử-nghiệm-2026"
LEAVES = 12  # criteria in the test framework: enough items for several writers without contention


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `parindex serve` process on a data directory; `kill()` is SIGKILL, `stop()` SIGTERM."""

    def __init__(self, binary, work, env=None, database=None, evidence=None):
        self.binary = binary
        self.work = work
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.env["PARINDEX_DATABASE_PATH"] = database or os.path.join(work, "parindex.sqlite")
        self.env["PARINDEX_EVIDENCE_DIRECTORY"] = evidence or os.path.join(work, "evidence")
        self.env.setdefault("PARINDEX_PASSWORD_SCRYPT_LOG_ROUNDS", "10")
        self.env.setdefault("PARINDEX_LOG_LEVEL", "warning")
        # These scripts measure survival under load, not the per-account write budget (IV-6).
        self.env.setdefault("PARINDEX_SERVER_WRITES_PER_MINUTE", "0")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    @property
    def database(self):
        return self.env["PARINDEX_DATABASE_PATH"]

    @property
    def evidence(self):
        return self.env["PARINDEX_EVIDENCE_DIRECTORY"]

    def cli(self, *args, stdin=None):
        done = subprocess.run([self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise SystemExit(f"FAIL parindex {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def start(self):
        self.starts += 1
        log = open(os.path.join(self.work, f"server-{os.path.basename(self.database)}.log"), "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)], env=self.env, stdout=log, stderr=log)
        with open(os.path.join(self.work, "server.pids"), "a") as pids:
            pids.write(f"{self.process.pid}\n")
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"FAIL the server exited at start (code {self.process.returncode}); see {log.name}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("FAIL the server did not answer /healthz within 30 s")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=30)
        self.process = None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


class API:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def call(self, method, path, body=None, token=None, content_type=None, expect=(200, 201, 204), timeout=30):
        """Returns (status, parsed body); raises SystemExit on an unexpected status."""
        status, parsed = self.try_call(method, path, body, token, content_type, timeout)
        if status not in expect:
            raise SystemExit(f"FAIL {method} {path}: {status} {str(parsed)[:400]}")
        return parsed

    def try_call(self, method, path, body=None, token=None, content_type=None, timeout=30):
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
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        if raw and raw[:1] in (b"{", b"["):
            return status, json.loads(raw)
        return status, raw


def pdf_bytes(tag, size=0):
    """A small PDF-looking file (the server checks the magic bytes), padded to `size` bytes."""
    head = f"%PDF-1.4\n% {tag}\n1 0 obj << /Type /Catalog >> endobj\n".encode()
    tail = b"trailer << /Root 1 0 R >>\n%%EOF\n"
    pad = max(0, size - len(head) - len(tail))
    return head + (b"%" + os.urandom(32).hex().encode() + b"\n") * (pad // 66) + b" " * (pad % 66) + tail


def multipart_parts(filename, content_type="application/pdf"):
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return boundary, head, f"\r\n--{boundary}--\r\n".encode()


def upload_stream(url, path, token, filename, size, chunk=1 << 16, seed=b"", timeout=120, stop_after=None):
    """Streams a multipart upload of a `size`-byte PDF without holding it in memory; returns
    (status, parsed body). `stop_after` bytes: close the socket there instead (a client that goes away)."""
    boundary, head, tail = multipart_parts(filename)
    host, port = url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    total = len(head) + size + len(tail)
    connection.putrequest("POST", path)
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(total))
    connection.endheaders()
    sent = 0

    def send(data):
        nonlocal sent
        if stop_after is not None and sent + len(data) >= stop_after:
            connection.sock.sendall(data[: max(0, stop_after - sent)])
            connection.sock.shutdown(socket.SHUT_RDWR)
            connection.close()
            return False
        connection.sock.sendall(data)
        sent += len(data)
        return True

    body_start = b"%PDF-1.4\n% " + seed + b"\n"
    if not send(head) or not send(body_start):
        return None, None
    remaining = size - len(body_start)
    block = (os.urandom(chunk // 2).hex().encode())[:chunk]
    while remaining > 0:
        piece = block[: min(chunk, remaining)]
        if not send(piece):
            return None, None
        remaining -= len(piece)
    if not send(tail):
        return None, None
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    return response.status, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)


def framework_document(code):
    """A framework of LEAVES ratio criteria: `inputs` give each write a distinct value to check."""
    leaves = [{"code": f"1.{i}", "title": f"Tiêu chí {i}", "max": 5, "evidence": "optional",
               "rule": {"kind": "ratio_linear", "numerator": "Đạt", "denominator": "Tổng"}} for i in range(1, LEAVES + 1)]
    return {"code": code, "version": "1", "title": "Bộ tiêu chí thử độ bền", "capAt100": True,
            "bands": [{"label": "Tốt", "atLeast": 80}, {"label": "Khá", "atLeast": 0}],
            "nodes": [{"code": "1", "title": "Nhóm thử", "children": leaves}]}


def criteria():
    return [f"1.{i}" for i in range(1, LEAVES + 1)]


def entry(n, note):
    return {"inputs": {"numerator": n % 1000, "denominator": 1000}, "note": note}


class World:
    """A framework, units U1..Un in one block, a unit account and token per unit, one reviewer, and
    cycles created on demand in the phase asked for."""

    def __init__(self, api, units=4, tag=None):
        self.api = api
        self.tag = tag or uuid.uuid4().hex[:6]
        self.framework = f"fw-{self.tag}"
        api.call("POST", "/api/v1/frameworks", framework_document(self.framework))
        api.call("PUT", "/api/v1/blocks/KT", {"name": "Khối thử"})
        self.units = [f"U{i}" for i in range(1, units + 1)]
        self.tokens = {}
        for code in self.units:
            api.call("PUT", f"/api/v1/units/{code}", {"name": f"Đơn vị {code}", "block": "KT"})
            user = f"dv.{code.lower()}.{self.tag}"
            api.call("POST", "/api/v1/users", {"username": user, "name": f"Cán bộ {code}", "role": "unit", "unit": code, "password": PASSWORD})
            self.tokens[code] = api.call("POST", f"/api/v1/users/{user}/tokens")["token"]
        self.reviewer = f"td.{self.tag}"
        api.call("POST", "/api/v1/users", {"username": self.reviewer, "name": "Thẩm định viên", "role": "reviewer", "password": PASSWORD})
        self.tokens["reviewer"] = api.call("POST", f"/api/v1/users/{self.reviewer}/tokens")["token"]

    def item(self, cycle, unit, criterion):
        return f"/api/v1/cycles/{cycle}/units/{unit}/items/{criterion}"

    def cycle(self, name, phase):
        """Creates a cycle and walks it to `phase` (self_assessment, appraisal or explanation); in
        the later phases every unit has submitted and every item carries an open question."""
        api = self.api
        code = f"{name}-{self.tag}"
        now = datetime.now(timezone.utc)
        deadline = lambda hours: (now + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        api.call("POST", "/api/v1/cycles", {
            "code": code, "name": f"Kỳ {name}", "year": 2026, "framework": {"code": self.framework, "version": "1"},
            "units": self.units,
            "deadlines": {"selfAssessment": deadline(24), "appraisal": deadline(48), "explanation": deadline(72), "finalReview": deadline(96)}})
        api.call("PUT", f"/api/v1/cycles/{code}/reviewers/{self.reviewer}", {"units": self.units})
        api.call("POST", f"/api/v1/cycles/{code}/phase", {"phase": "self_assessment"})
        if phase == "self_assessment":
            return code
        for unit in self.units:
            for criterion in criteria():
                api.call("PUT", self.item(code, unit, criterion), entry(900, "set-up"), token=self.tokens[unit])
            api.call("POST", f"/api/v1/cycles/{code}/units/{unit}/submit", token=self.tokens[unit])
        api.call("POST", f"/api/v1/cycles/{code}/phase", {"phase": "appraisal"})
        if phase == "appraisal":
            return code
        for unit in self.units:
            for criterion in criteria():
                api.call("POST", self.item(code, unit, criterion) + "/questions", {"message": "Đề nghị giải trình."},
                         token=self.tokens["reviewer"])
        api.call("POST", f"/api/v1/cycles/{code}/phase", {"phase": "explanation"})
        return code


def setup_admin(server):
    """Migrates a fresh database and returns an admin token made with the command line."""
    server.cli("migrate")
    server.cli("user", "create", "--username", "quantri", "--name", "Quản trị", "--role", "admin", "--password-stdin",
               stdin="Một mật khẩu đủ dài 2026\n")
    return server.cli("token", "create", "quantri").strip()


def evidence_files(directory):
    """sha256 → path of every stored evidence file (the `ab/cd/<sha256>` layout), and the temp files."""
    stored, temporary = {}, []
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            if os.path.relpath(root, directory).split(os.sep)[0] == "tmp":
                temporary.append(path)
            else:
                stored[name] = path
    return stored, temporary


def orphans(database, directory):
    """(files without a row, file rows without a file, temp files) — all must be empty at rest."""
    stored, temporary = evidence_files(directory)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as db:
        rows = {sha for (sha,) in db.execute("SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file'")}
    return sorted(set(stored) - rows), sorted(rows - set(stored)), temporary


def integrity(database):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
