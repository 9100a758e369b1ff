// Registration only: what JS can reach of the wasm module.
#include <emscripten/bind.h>

#include "BrowserEvent.h"
#include "PeerApi.h"
#include "StatsReport.h"

using namespace emscripten;
using namespace kpeer::web;

EMSCRIPTEN_BINDINGS(kpeer) {
  function("peerCreate", &peerCreate);
  function("peerDelete", &peerDelete);
  function("peerInitError", &peerInitError);
  function("peerSignal", &peerSignal);
  function("peerCreateChannel", &peerCreateChannel);
  function("peerCloseChannel", &peerCloseChannel);
  function("peerRestartIce", &peerRestartIce);
  function("peerSend", &peerSend);
  function("peerWrite", &peerWrite);
  function("peerBufferedAmount", &peerBufferedAmount);
  function("peerMaxMessageSize", &peerMaxMessageSize);
  function("peerGetStats", &peerGetStats);
  function("peerReplayOverflow", &peerReplayOverflow);
  function("replayLimit", &replayLimit);
  function("peerClose", &peerClose);
  function("peerDispose", &peerDispose);
  function("kpeerBrowserEvent", &dispatchBrowserEvent);
  function("kpeerNormalizeStats", &normalizeStatsReport);
  function("liveWebPeers", &peerLiveCount);
}
