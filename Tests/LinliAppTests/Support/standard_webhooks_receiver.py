#!/usr/bin/env python3
"""An independent Standard Webhooks receiver for Linli's delivery tests.

Verifies every request with the `standardwebhooks` reference library (not Linli's code), answers
204 when the signature is valid and 400 otherwise, and prints one line per request:
    ok <webhook-id>      or      bad <webhook-id> <reason>
The first line printed is the port it listens on. Stops after --seconds.
"""
import argparse
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    verifier = Webhook(args.secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server naming)
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            webhook_id = headers.get("webhook-id", "-")
            try:
                verifier.verify(body, headers)
                print(f"ok {webhook_id}", flush=True)
                self.send_response(204)
            except WebhookVerificationError as error:
                print(f"bad {webhook_id} {error}", flush=True)
                self.send_response(400)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(args.seconds, server.shutdown).start()
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
