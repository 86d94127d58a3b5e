#!/usr/bin/env python3
"""A stand-in credit-centre endpoint for trying the credit push by hand (the README walkthrough). Not for production.

It does what the real receiver does with our records: checks X-Signature = sha256=hex(HMAC-SHA256(secret, X-Timestamp + "." + body))
and a timestamp within 5 minutes (401 otherwise), requires an Idempotency-Key (400), answers a key it has seen with the same 200
without recording it again, and prints one line per new record. --fail N answers 500 to the first N requests, to watch the retries.

    python3 scripts/credit-centre-receiver.py --port 5099 --secret dev-credit-secret [--fail 2]
"""
import argparse, hashlib, hmac, json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = argparse.ArgumentParser()
args.add_argument("--port", type=int, default=5099)
args.add_argument("--secret", required=True)
args.add_argument("--fail", type=int, default=0)
opts = args.parse_args()
seen, state = {}, {"fail": opts.fail}


class Receiver(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if state["fail"] > 0:
            state["fail"] -= 1
            print(f"-> 500 (asked to fail, {state['fail']} left)", flush=True)
            return self.answer(500, {"code": 500, "message": "unavailable"})
        ts = self.headers.get("X-Timestamp", "")
        expected = "sha256=" + hmac.new(opts.secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not ts.isdigit() or abs(time.time() - int(ts)) > 300 or not hmac.compare_digest(expected, self.headers.get("X-Signature", "")):
            print("-> 401 bad signature", flush=True)
            return self.answer(401, {"code": 401, "message": "invalid signature"})
        key = self.headers.get("Idempotency-Key", "")
        if not key:
            return self.answer(400, {"code": 400, "message": "Idempotency-Key required"})
        if key in seen:
            print(f"-> 200 replay of {key}", flush=True)
        else:
            r = json.loads(body)
            seen[key] = r
            print(f"RECORD {len(seen)}: {r['typeName']} ({r['type']}) {r['subject']['name']} case {r['caseNumber']} "
                  f"points {r['points']} reason: {r['reason']}" + (f" retracts {r['retractsRecordId']}" if r.get("retractsRecordId") else ""), flush=True)
        self.answer(200, {"code": 0, "recordNo": "XY-" + key[:8]})

    def log_message(self, *a):
        pass


print(f"credit-centre receiver on http://127.0.0.1:{opts.port}/records", flush=True)
ThreadingHTTPServer(("127.0.0.1", opts.port), Receiver).serve_forever()
