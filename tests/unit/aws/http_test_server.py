"""Loopback HTTP/1.1 server for tests/unit/aws/test_http_tls.c (gcnet's own HTTP client, provider/aws/gc_http_tls.c).

Usage: http_test_server.py DIR
Makes a test CA and three server certificates in DIR (ca.pem, and hashed/ as a certificate directory; good:
localhost and 127.0.0.1; wrong: another name; expired), listens on four loopback ports (plain http, https with each certificate) and prints
"PORTS <http> <good> <wrong> <expired>" once they listen. Stops when its stdin closes.

The answer is chosen by the request's path (raw bytes, so that malformed answers can be sent):
  /echo        200, Content-Length; body "<method> <target> conn=<n> req=<k>\\n" then the request's headers and body
  /chunked     200, chunked in three chunks with an extension and a trailer
  /close       200 with "Connection: close", then closes
  /eof         200 without a length: the body ends when the connection closes
  /http10      an HTTP/1.0 answer with a length (not kept alive)
  /interim     100 Continue, then 200
  /head        (HEAD) 200 with Content-Length: 100 and no body
  /stale       on a connection's first request: like /echo; on a later one: closes without answering
  /silent      closes without answering
  /slow        answers after 5 s
  /truncated   Content-Length: 10, sends 4 bytes, closes
  /bad-status  "HTTP/1.1 2000 OK"
  /smuggle     both Content-Length and Transfer-Encoding: chunked
  /two-lengths Content-Length: 5 and Content-Length: 6
  /folded      an obs-folded header line
  /huge        Content-Length beyond GC_HTTP_BODY_MAX
"""
import datetime
import ipaddress
import itertools
import os
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CONN_IDS = itertools.count(1)


def s_write_key(path, key):
    with open(path, "wb") as fh:
        fh.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()))


def s_write_cert(path, cert):
    with open(path, "wb") as fh:
        fh.write(cert.public_bytes(serialization.Encoding.PEM))


def make_certs(folder):
    """A test CA (ca.pem) and good/wrong/expired server certificates signed by it."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gcnet test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    s_write_cert(os.path.join(folder, "ca.pem"), ca)
    # a certificate directory as OpenSSL reads the system store's: the CA under its subject hash
    os.makedirs(os.path.join(folder, "hashed"))
    digest = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", os.path.join(folder, "ca.pem")],
                            check=True, capture_output=True, text=True).stdout.strip()
    s_write_cert(os.path.join(folder, "hashed", digest + ".0"), ca)
    leaves = {
        "good": ([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
                 now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)),
        "wrong": ([x509.DNSName("wrong.example")], now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)),
        "expired": ([x509.DNSName("localhost")], now - datetime.timedelta(days=3), now - datetime.timedelta(days=2)),
    }
    contexts = {}
    for name, (sans, before, after) in leaves.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])).issuer_name(ca_name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(before).not_valid_after(after)
                .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                .sign(ca_key, hashes.SHA256()))
        s_write_cert(os.path.join(folder, name + ".pem"), cert)
        s_write_key(os.path.join(folder, name + ".key"), key)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(folder, name + ".pem"), os.path.join(folder, name + ".key"))
        contexts[name] = ctx
    return contexts


def read_request(sock, pending):
    """(method, target, head bytes, body, rest) or None when the peer closed."""
    while b"\r\n\r\n" not in pending:
        data = sock.recv(65536)
        if not data:
            return None
        pending += data
    head, rest = pending.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    method, target, _ = lines[0].decode("latin-1").split(" ", 2)
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            return None
        rest += data
    return method, target, head, rest[:length], rest[length:]


def answer(sock, method, target, head, body, conn_id, count):
    """Writes the answer for `target`; returns False when the connection is to be closed."""
    path = target.split("?", 1)[0]
    if path == "/echo" or (path == "/stale" and count == 1):
        out = ("%s %s conn=%d req=%d\n" % (method, target, conn_id, count)).encode() + head + b"\n\n" + body
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Conn: %d\r\nContent-Length: %d\r\n\r\n"
                     % (conn_id, len(out)) + out)
        return True
    if path in ("/stale", "/silent"):
        return False
    if path == "/chunked":
        sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"5\r\nhello\r\n1;ext=1\r\n \r\nA\r\nchunked!!!\r\n0\r\nX-Trailer: t\r\n\r\n")
        return True
    if path == "/close":
        sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        return False
    if path == "/eof":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
        return False
    if path == "/http10":
        sock.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nold!")
        return True
    if path == "/interim":
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated")
        return True
    if path == "/head":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        return True
    if path == "/slow":
        time.sleep(5)
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow")
        return True
    if path == "/truncated":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfour")
        return False
    if path == "/bad-status":
        sock.sendall(b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n")
        return True
    if path == "/smuggle":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n")
        return True
    if path == "/two-lengths":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
        return True
    if path == "/folded":
        sock.sendall(b"HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n")
        return True
    if path == "/huge":
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n")
        return False
    sock.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    return True


class Handler(socketserver.BaseRequestHandler):
    tls = None

    def handle(self):
        sock = self.request
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                return  # the client refused our certificate
        conn_id = next(CONN_IDS)
        pending = b""
        try:
            for count in itertools.count(1):
                req = read_request(sock, pending)
                if req is None:
                    return
                method, target, head, body, pending = req
                if not answer(sock, method, target, head, body, conn_id, count):
                    return
        except (OSError, ValueError):
            return
        finally:
            try:
                sock.close()
            except OSError:
                pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    folder = sys.argv[1]
    contexts = make_certs(folder)
    servers = []
    for tls in (None, contexts["good"], contexts["wrong"], contexts["expired"]):
        handler = type("H", (Handler,), {"tls": tls})
        srv = Server(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    print("PORTS " + " ".join(str(s.server_address[1]) for s in servers), flush=True)
    sys.stdin.read()  # until the test closes our stdin (or dies)


if __name__ == "__main__":
    main()
