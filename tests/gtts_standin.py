"""A local stand-in for Google's TTS service that answers gTTS's own requests.

It is an HTTPS proxy on 127.0.0.1: gTTS (through requests) sends CONNECT for
translate.google.<tld>:443, the stand-in accepts it, speaks TLS with a
self-signed certificate (gTTS does not verify certificates), reads the
batchexecute POST and answers as the service does: a ``)]}'`` JSON envelope
carrying a base64 MP3. The MP3 is real speech: the Piper voice saying the
requested text (in another language than English, espeak-ng speaking it), encoded by ffmpeg at 24 kHz mono
like Google's. Modes give the
service's failures: ``429``, ``500``, ``no-audio`` and ``hang``.
"""

import base64
import json
import socket
import ssl
import subprocess
import threading
import urllib.parse

from narration import audio
from narration.voices import Espeak, Piper


class GttsStandIn:
    """Run with ``with GttsStandIn(tmp_path) as proxy:``; ``proxy.url`` goes in HTTPS_PROXY."""

    def __init__(self, workdir, mode="ok"):
        self.mode = mode
        self.workdir = workdir
        self.requests = []  # (host, lang, text) of each request answered
        cert, key = workdir / "standin-cert.pem", workdir / "standin-key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=translate.google.com", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._voice = Piper()
        self._open = []

    def __enter__(self):
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for conn in self._open:
            conn.close()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            head, _ = _read_head(conn)
            host = head.split(b" ")[1].decode().split(":")[0]
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            tls = self.tls.wrap_socket(conn, server_side=True)
            request, body = _read_head(tls)
            length = int(next(line.split(b":")[1] for line in request.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            while len(body) < length:
                body += tls.recv(length - len(body))
            rpc = json.loads(urllib.parse.parse_qs(body.decode())["f.req"][0])
            text, lang = json.loads(rpc[0][0][1])[:2]
            self.requests.append((host, lang, text))
            self._answer(tls, text, lang)
            tls.close()
        except (OSError, ValueError, StopIteration):
            pass

    def _answer(self, tls, text, lang):
        if self.mode == "hang":
            threading.Event().wait(30)
            return
        if self.mode in ("429", "500"):
            reason = {"429": "Too Many Requests", "500": "Internal Server Error"}[self.mode]
            tls.sendall(f"HTTP/1.1 {self.mode} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
            return
        if self.mode == "no-audio":
            payload = ')]}\'\n\n20\n[["wrb.fr","jQ1olc",null]]\n'
        else:
            # Like the service, it speaks the language asked: English by Piper, any other by espeak-ng.
            speech = (self._voice if lang == "en" else Espeak(lang=lang)).synthesize(text)
            wav = audio.write_wav(self.workdir / f"speech-{threading.get_ident()}.wav", speech.samples,
                                  speech.sample_rate)
            mp3 = subprocess.run([audio.ffmpeg_exe(), "-v", "error", "-i", str(wav), "-ac", "1", "-ar", "24000",
                                  "-b:a", "32k", "-f", "mp3", "pipe:1"], check=True, capture_output=True).stdout
            inner = json.dumps([base64.b64encode(mp3).decode()])
            line = json.dumps([["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]], separators=(",", ":"))
            payload = f")]}}'\n\n{len(line)}\n{line}\n"
        data = payload.encode()
        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                    + f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)

def _read_head(sock):
    """The request head, and whatever of the body came with it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("closed before the request head ended")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest
