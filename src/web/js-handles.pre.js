// The JS values C++ holds, by handle (src/web/JsRef.h): kpRefs[handle]. Handles 0 and 1 are
// undefined and null for good; others are slots, reused once dropped. This replaces embind's
// emval (and with it embind's whole runtime): C++ only ever needs "this JS value", never a type
// conversion, so a table and a free list are all of it.
var kpRefs = [undefined, null];
var kpFree = [];
var kpLive = 0;
var kpKeys = {};
var kpText = new TextDecoder();
var kpEncoder = new TextEncoder();
function kpToRef(v) {
  if (v === undefined) return 0;
  if (v === null) return 1;
  var h = kpFree.length ? kpFree.pop() : kpRefs.length;
  kpRefs[h] = v;
  kpLive++;
  return h;
}
function kpDrop(h) {
  if (h > 1) { kpRefs[h] = undefined; kpFree.push(h); kpLive--; }
}
function kpTake(h) { var v = kpRefs[h]; kpDrop(h); return v; }
// A property name C++ passes as a string literal: decoded once per literal address.
function kpKey(p) { return kpKeys[p] || (kpKeys[p] = UTF8ToString(p)); }
// UTF-8 bytes at [p, p + n) as a JS string; by length, since user strings may hold U+0000.
// Short ASCII (states, labels, codes, candidates) by a loop: TextDecoder and TextEncoder cost a
// few µs per call whatever the length, most of a connect's string traffic (bench/README.md).
function kpString(p, n) {
  if (n < 96) {
    for (var s = '', i = p, c; i < p + n; i++) {
      if ((c = HEAPU8[i]) > 127) return kpText['decode'](HEAPU8['subarray'](p, p + n));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return kpText['decode'](HEAPU8['subarray'](p, p + n));
}
// A string's UTF-8 length; kpPutText writes it to [p, p + cap - 1), whole characters only, and a
// NUL after them: the bytes written (Emscripten's stringToUTF8, on the browser's encoder).
// Counted, not encoded: encode() would copy every string (SDPs included) just to measure it.
// A lone surrogate counts 3, as the encoder writes U+FFFD for it.
function kpTextLength(s) {
  for (var n = 0, i = 0, c; i < s.length; i++) {
    c = s.charCodeAt(i);
    n += c < 128 ? 1 : c < 2048 ? 2 : c < 0xDC00 && c >= 0xD800 && (s.charCodeAt(i + 1) & 0xFC00) == 0xDC00 ? (i++, 4) : 3;
  }
  return n;
}
function kpPutText(s, p, cap) {
  var n = kpEncoder['encodeInto'](s, HEAPU8['subarray'](p, p + cap - 1))['written'];
  HEAPU8[p + n] = 0;
  return n;
}
// kpPutText when the whole string fits, else -1: one encoding pass, no counting first (counting
// is a JS loop over every character, slow while the glue is still cold).
function kpTryText(s, p, cap) {
  var n = s.length, i = 0, c;
  if (n < 96 && n < cap) {
    while (i < n && (c = s.charCodeAt(i)) < 128) HEAPU8[p + i++] = c;
    if (i == n) { HEAPU8[p + n] = 0; return n; }
  }
  var r = kpEncoder['encodeInto'](s, HEAPU8['subarray'](p, p + cap - 1));
  if (r['read'] < s.length) return -1;
  HEAPU8[p + r['written']] = 0;
  return r['written'];
}
// A browser event handler: the event goes to C++ as a handle it owns (BrowserEvent.h).
function kpEvent(peer, kind, arg) {
  return function(e) { _kpBrowserEvent(peer, kind, arg, kpToRef(e)); };
}
// What js/wasm.js hands to js/ as `wasm`: the exports (MINIMAL_RUNTIME keeps them in the glue's
// own variables) with JS values in and out: a value passed in becomes a handle the C++ side owns
// (kpToRef), a handle it returns is taken back as the value (kpTake); see JsRef.h and PeerApi.h.
Module['ready'] = Module['ready'].then(function(M) {
  M['api'] = {
    'peerCreate': function(config, hooks) { return _peerCreate(kpToRef(config), kpToRef(hooks)); },
    'peerDelete': function(p) { _peerDelete(p); },
    'peerInitError': function(p) { return kpTake(_peerInitError(p)); },
    'peerSignal': function(p, signal, request) { return kpTake(_peerSignal(p, kpToRef(signal), request)); },
    'peerCreateChannel': function(p, config, request) { return kpTake(_peerCreateChannel(p, kpToRef(config), request)); },
    'peerCloseChannel': function(p, channel) { return kpTake(_peerCloseChannel(p, channel)); },
    'peerRestartIce': function(p) { return kpTake(_peerRestartIce(p)); },
    'peerSend': function(p, channel, data, request) { return _peerSend(p, channel, kpToRef(data), request) !== 0; },
    'peerWrite': function(p, channel, data, request) { return kpTake(_peerWrite(p, channel, kpToRef(data), request)); },
    'peerBufferedAmount': function(p, channel) { return _peerBufferedAmount(p, channel); },
    'peerMaxMessageSize': function(p) { return _peerMaxMessageSize(p); },
    'peerGetStats': function(p) { return kpTake(_peerGetStats(p)); },
    'peerWatchBuffered': function(p, channel, on) { _peerWatchBuffered(p, channel, on ? 1 : 0); },
    'peerReplayOverflow': function(p, channel, dropped, taken) { _peerReplayOverflow(p, channel, dropped, taken ? 1 : 0); },
    'replayLimit': function(which) { return _replayLimit(which); },
    'peerClose': function(p) { _peerClose(p); },
    'peerDispose': function(p) { _peerDispose(p); },
    'liveWebPeers': function() { return _peerLiveCount(); },
    // JS values the C++ side holds now, and the wasm heap's size (for leak checks).
    'jsHandles': function() { return kpLive; },
    'heapBytes': function() { return HEAPU8.length; },
  };
  return M;
});
