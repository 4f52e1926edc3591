"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd, from build/venv).

    python3 smtp_sink.py OUT.jsonl [SECONDS]

Picks a free port, prints "ready PORT" once it accepts connections, and appends one JSON line per
message received to OUT.jsonl: the envelope, the headers as sent (Subject still RFC 2047-encoded)
and as Python's email package decodes them, and the decoded text body. It stops by itself after
SECONDS (default 120), or when its standard input closes.
"""

import email
import email.policy
import json
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.content
        decoded = email.message_from_bytes(raw, policy=email.policy.default)
        sent = email.message_from_bytes(raw, policy=email.policy.compat32)
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "rawSubject": sent["Subject"],
            "subject": str(decoded["Subject"]),
            "from": str(decoded["From"]),
            "to": str(decoded["To"]),
            "contentType": decoded.get_content_type(),
            "charset": decoded.get_content_charset(),
            "transferEncoding": sent["Content-Transfer-Encoding"],
            "autoSubmitted": sent["Auto-Submitted"],
            "body": decoded.get_content(),
            "longestLine": max(len(line) for line in raw.split(b"\r\n")),
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    out = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    port = free_port()
    controller = Controller(Sink(out), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"ready {port}", flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait(seconds)
    controller.stop()


if __name__ == "__main__":
    main()
