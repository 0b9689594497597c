// Checks that node-routeros 1.6.9, a client nobody in this project wrote, works against rossim:
// login, print with a query, add, remove, listen and cancel.
// Usage: node check.js HOST:PORT USER PASSWORD. Exits non-zero with a message on the first failure.
//
// node-routeros 1.6.9 predates RouterOS 7.18: a print with nothing to show gets !empty, which it
// does not know ("RosException: Tried to process unknown reply: !empty", thrown uncaught). run.sh
// therefore starts rossim with -ros-version 7.17 for it.
'use strict';
const { RouterOSAPI } = require('node-routeros');

function fail(msg) {
  console.error('compat-node: FAIL:', msg);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, cond) {
  for (let i = 0; i < 100; i++) {
    if (cond()) return;
    await sleep(50);
  }
  fail('timed out waiting for ' + what);
}

async function main() {
  const [hostport, user, password] = process.argv.slice(2);
  const i = hostport.lastIndexOf(':');
  const host = hostport.slice(0, i);
  const port = Number(hostport.slice(i + 1));
  const opts = (pw) => ({ host, port, user, password: pw, timeout: 10, keepalive: false });

  const bad = new RouterOSAPI(opts(password + '-wrong'));
  try {
    await bad.connect();
    fail('login with a wrong password succeeded');
  } catch (e) {
    // node-routeros replaces the router text with its own ("Username or password is invalid")
    if (!/invalid/i.test(String(e && e.message))) fail('wrong password: ' + e);
  }

  const conn = new RouterOSAPI(opts(password));
  await conn.connect();
  const other = new RouterOSAPI(opts(password));
  await other.connect();

  const rows = await conn.write('/interface/print', ['=.proplist=name,type', '?type=ether', '?type=bridge', '?#|']);
  const names = rows.map((r) => r.name).sort().join(',');
  if (names !== 'bridge,ether1,ether2,ether3,ether4,ether5') fail('print with a query: ' + names);

  const events = [];
  const stream = conn.stream(['/ip/address/listen'], (err, packet) => {
    if (err) fail('listen: ' + err);
    events.push(packet);
  });
  await sleep(200); // the listen must reach the router before the other connection's change

  const added = await other.write('/ip/address/add', ['=address=192.0.2.1/24', '=interface=ether1', '=comment=compat-node']);
  const id = added[0] && added[0].ret;
  if (!id || id[0] !== '*') fail('add returned ' + JSON.stringify(added));
  await waitFor('the add event', () => events.some((e) => e['.id'] === id && e.address === '192.0.2.1/24'));
  const found = await other.write('/ip/address/print', ['?comment=compat-node']);
  if (found.length !== 1 || found[0].network !== '192.0.2.0') fail('print after add: ' + JSON.stringify(found));
  await other.write('/ip/address/remove', ['=.id=' + id]);
  await waitFor('the remove event', () => events.some((e) => e['.id'] === id && (e['.dead'] === 'yes' || e['.dead'] === 'true')));
  try {
    await other.write('/ip/address/remove', ['=.id=' + id]);
    fail('second remove succeeded');
  } catch (e) {
    if (!/no such item/.test(String(e && e.message))) fail('second remove: ' + e);
  }

  await stream.stop(); // sends /cancel for the listen's tag
  const ident = await conn.write('/system/identity/print');
  if (ident.length !== 1 || ident[0].name !== 'MikroTik') fail('identity after cancel: ' + JSON.stringify(ident));
  await conn.close();
  await other.close();
  console.log('compat-node: node-routeros 1.6.9: ok');
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
