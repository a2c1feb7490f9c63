#!/usr/bin/python3
"""Minimal WebSocket client (RFC 6455, Python stdlib only) for the ser serve tests.

ws_client.py PORT PATH [--pcm FILE] [--chunk BYTES] [--pace RATE_BYTES_PER_S]
             [--text MSG]... [--stop] [--header H]... [--listen SECONDS]
Sends FILE's bytes as binary frames of CHUNK bytes, then each --text message,
then {"type":"stop"} with --stop; prints every text frame received as one line on
stdout and finally "CLOSE <code> <reason>".  A refused upgrade prints
"HTTP <status> <body>" and exits 3."""
import base64, os, socket, struct, sys, time

def frame(op, payload):
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | op])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

def recv_exact(s, n, buf):
    while len(buf) < n:
        d = s.recv(65536)
        if not d:
            raise EOFError
        buf += d
    out, rest = buf[:n], buf[n:]
    return out, rest

def main():
    a = sys.argv[1:]
    port, path = int(a[0]), a[1]
    opts = {"pcm": None, "chunk": 3200, "pace": 0.0, "text": [], "stop": False, "header": [], "listen": 0.0}
    i = 2
    while i < len(a):
        k = a[i][2:]
        if k == "stop":
            opts["stop"] = True; i += 1; continue
        v = a[i + 1]; i += 2
        if k in ("text", "header"):
            opts[k].append(v)
        elif k in ("chunk",):
            opts[k] = int(v)
        elif k in ("pace", "listen"):
            opts[k] = float(v)
        else:
            opts[k] = v
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    req = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n")
    for h in opts["header"]:
        req += h + "\r\n"
    s.sendall((req + "\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(4096)
        if not d:
            break
        buf += d
    head, _, buf = buf.partition(b"\r\n\r\n")
    status = int(head.split()[1]) if head else 0
    if status != 101:
        try:
            while True:
                d = s.recv(4096)
                if not d:
                    break
                buf += d
        except OSError:
            pass
        print(f"HTTP {status} {buf.decode(errors='replace').strip()}")
        return 3
    data = open(opts["pcm"], "rb").read() if opts["pcm"] else b""
    t0 = time.monotonic()
    try:
        for at in range(0, len(data), opts["chunk"]):
            if opts["pace"] > 0:
                wait = t0 + at / opts["pace"] - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            s.sendall(frame(2, data[at:at + opts["chunk"]]))
        for t in opts["text"]:
            s.sendall(frame(1, t.encode()))
        if opts["stop"]:
            s.sendall(frame(1, b'{"type":"stop"}'))
    except OSError:
        pass
    if opts["listen"] > 0:
        s.settimeout(opts["listen"])
    code, reason = None, ""
    try:
        while True:
            h, buf = recv_exact(s, 2, buf)
            op, n = h[0] & 0xF, h[1] & 0x7F
            if n == 126:
                e, buf = recv_exact(s, 2, buf); n = struct.unpack(">H", e)[0]
            elif n == 127:
                e, buf = recv_exact(s, 8, buf); n = struct.unpack(">Q", e)[0]
            payload, buf = recv_exact(s, n, buf)
            if op == 1:
                print(payload.decode(), flush=True)
            elif op == 8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                reason = payload[2:].decode(errors="replace")
                try:
                    s.sendall(frame(8, payload[:2]))
                except OSError:
                    pass
                break
            elif op == 9:
                s.sendall(frame(10, payload))
    except (EOFError, socket.timeout, OSError):
        pass
    print(f"CLOSE {code if code is not None else 'none'} {reason}")
    return 0

sys.exit(main())
