#!/usr/bin/python3
"""Receivers for the alerts tests, on 127.0.0.1 with ephemeral ports.

webhook DIR SECRET MODE: an HTTP server that checks X-Herald-Signature
(sha256=HMAC-SHA256(SECRET, body)) and appends each POST to DIR/hooks.jsonl
as {"ok": signature valid, "body": ...}. MODE "ok" answers 200; "fail"
answers 500; "hang" never answers (30 s); "hang-first" keeps the first request waiting 30 s (the test kills
herald meanwhile) and answers 200 after. Writes its port to DIR/hook.port.
smtp DIR: an aiosmtpd server appending each message to DIR/mail.jsonl;
writes its port to DIR/smtp.port.
"""
import hashlib, hmac, json, os, socket, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def write_port(path, port):
    with open(path + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(path + ".tmp", path)

def webhook(d, secret, mode):
    lock, seen = threading.Lock(), [0]

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sig = self.headers.get("X-Herald-Signature", "")
            want = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            with lock:
                seen[0] += 1
                first = seen[0] == 1
            if mode == "hang" or (mode == "hang-first" and first):
                with open(os.path.join(d, "hung"), "w") as f:
                    f.write("1")
                time.sleep(30)
                return
            with lock, open(os.path.join(d, "hooks.jsonl"), "a") as f:
                f.write(json.dumps({"ok": hmac.compare_digest(sig, want),
                                    "body": json.loads(body)}) + "\n")
            self.send_response(500 if mode == "fail" else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    class S(ThreadingHTTPServer):
        request_queue_size = 64
        daemon_threads = True

    srv = S(("127.0.0.1", 0), H)
    write_port(os.path.join(d, "hook.port"), srv.server_address[1])
    srv.serve_forever()

def smtp(d):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with open(os.path.join(d, "mail.jsonl"), "a") as f:
                f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                    "data": envelope.content.decode("utf-8", "replace")}) + "\n")
            return "250 OK"

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    write_port(os.path.join(d, "smtp.port"), port)
    while True:
        time.sleep(3600)

if __name__ == "__main__":
    if sys.argv[1] == "webhook":
        webhook(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        smtp(sys.argv[2])
