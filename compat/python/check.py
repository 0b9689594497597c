#!/usr/bin/env python3
"""Checks that librouteros (Debian's python3-librouteros), a client nobody in this project wrote,
works against rossim: login, print with a query, add, remove, listen and cancel.

Usage: check.py HOST:PORT USER PASSWORD. Exits non-zero with a message on the first failure."""

import sys
import time

import librouteros
from librouteros.exceptions import TrapError
from librouteros.query import Key, Or


def fail(msg):
    print("compat-python: FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def main():
    hostport, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    host, port = hostport.rsplit(":", 1)
    port = int(port)

    try:
        librouteros.connect(host, user, password + "-wrong", port=port, timeout=10)
        fail("login with a wrong password succeeded")
    except TrapError as e:
        if "invalid user name or password" not in str(e):
            fail("wrong password: %r" % e)

    api = librouteros.connect(host, user, password, port=port, timeout=10)
    other = librouteros.connect(host, user, password, port=port, timeout=10)

    # print with a query built by the library: type=ether OR type=bridge
    name, typ = Key("name"), Key("type")
    rows = list(api.path("interface").select(name, typ).where(Or(typ == "ether", typ == "bridge")))
    names = sorted(r["name"] for r in rows)
    if names != ["bridge", "ether1", "ether2", "ether3", "ether4", "ether5"]:
        fail("print with Or query: %r" % names)
    rows = list(api.path("interface").select(name).where(typ.In("bridge", "vlan")))
    if [r["name"] for r in rows] != ["bridge"]:
        fail("print with In query: %r" % rows)

    # listen (untagged: this client is synchronous) while another connection adds and removes
    api.protocol.writeSentence("/ip/address/listen")
    time.sleep(0.2)  # the listen must reach the router before the other connection's change
    addresses = other.path("ip", "address")
    new_id = addresses.add(address="192.0.2.1/24", interface="ether1", comment="compat-python")
    if not str(new_id).startswith("*"):
        fail("add returned %r" % new_id)
    word, attrs = api.readSentence()
    if word != "!re" or attrs.get(".id") != new_id or attrs.get("address") != "192.0.2.1/24":
        fail("listen add event: %s %r" % (word, attrs))
    found = [r for r in addresses if r.get("comment") == "compat-python"]
    if len(found) != 1 or found[0]["network"] != "192.0.2.0":
        fail("print after add: %r" % found)
    addresses.remove(new_id)
    word, attrs = api.readSentence()
    if word != "!re" or attrs.get(".id") != new_id or attrs.get(".dead") is not True:
        fail("listen remove event: %s %r" % (word, attrs))
    try:
        addresses.remove(new_id)
        fail("second remove succeeded")
    except TrapError as e:
        if "no such item" not in str(e):
            fail("second remove: %r" % e)

    api.protocol.writeSentence("/cancel")
    got = []
    while len(got) < 3:
        word, attrs = api.readSentence()
        got.append((word, attrs.get("message")))
    if got[0] != ("!trap", "interrupted") or [w for w, _ in got[1:]] != ["!done", "!done"]:
        fail("cancel replies: %r" % got)

    # the connection still works
    ident = list(api("/system/identity/print"))
    if ident != [{"name": "MikroTik"}]:
        fail("identity: %r" % ident)
    api.close()
    other.close()
    print("compat-python: librouteros %s: ok" % getattr(librouteros, "__version__", "(Debian python3-librouteros)"))


if __name__ == "__main__":
    main()
