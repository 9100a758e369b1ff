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
function kpString(p, n) { return kpText['decode'](HEAPU8['subarray'](p, p + n)); }
// A string's UTF-8 length; kpPutText writes it to [p, p + cap - 1), whole characters only, and a
// NUL after them: the bytes written (Emscripten's stringToUTF8, on the browser's encoder).
function kpTextLength(s) { return kpEncoder['encode'](s)['length']; }
function kpPutText(s, p, cap) {
  var n = kpEncoder['encodeInto'](s, HEAPU8['subarray'](p, p + cap - 1))['written'];
  HEAPU8[p + n] = 0;
  return n;
}
Module['kpToRef'] = kpToRef;
Module['kpTake'] = kpTake;
Module['kpLive'] = function() { return kpLive; };
// A browser event handler: the event goes to C++ as a handle it owns (BrowserEvent.h).
function kpEvent(peer, kind, arg) {
  return function(e) { _kpBrowserEvent(peer, kind, arg, kpToRef(e)); };
}
// MINIMAL_RUNTIME keeps the wasm exports in the glue's own variables: js/wasm.js gets them on the
// module once it is ready.
Module['ready'] = Module['ready'].then(function(M) {
  M['peerCreate'] = _peerCreate;
  M['peerDelete'] = _peerDelete;
  M['peerLiveCount'] = _peerLiveCount;
  M['peerInitError'] = _peerInitError;
  M['peerSignal'] = _peerSignal;
  M['peerCreateChannel'] = _peerCreateChannel;
  M['peerCloseChannel'] = _peerCloseChannel;
  M['peerRestartIce'] = _peerRestartIce;
  M['peerSend'] = _peerSend;
  M['peerWrite'] = _peerWrite;
  M['peerBufferedAmount'] = _peerBufferedAmount;
  M['peerMaxMessageSize'] = _peerMaxMessageSize;
  M['peerGetStats'] = _peerGetStats;
  M['peerReplayOverflow'] = _peerReplayOverflow;
  M['replayLimit'] = _replayLimit;
  M['peerClose'] = _peerClose;
  M['peerDispose'] = _peerDispose;
  M['heapBytes'] = function() { return HEAPU8.length; };
  return M;
});
