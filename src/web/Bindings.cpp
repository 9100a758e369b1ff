// Registration only: what JS can reach of the wasm module.
#include <emscripten/bind.h>

#include "BrowserEvent.h"
#include "StatsReport.h"
#include "WebPeer.h"

using namespace emscripten;
using kpeer::web::WebPeer;

EMSCRIPTEN_BINDINGS(kpeer) {
  class_<WebPeer>("WebPeer")
      .constructor<std::string, val>()
      .function("initError", &WebPeer::initError)
      .function("signal", &WebPeer::signal)
      .function("createChannel", &WebPeer::createChannel)
      .function("closeChannel", &WebPeer::closeChannel)
      .function("restartIce", &WebPeer::restartIce)
      .function("send", &WebPeer::send)
      .function("write", &WebPeer::write)
      .function("bufferedAmount", &WebPeer::bufferedAmount)
      .function("maxMessageSize", &WebPeer::maxMessageSize)
      .function("getStats", &WebPeer::getStats)
      .function("close", &WebPeer::close)
      .function("dispose", &WebPeer::dispose);
  function("kpeerBrowserEvent", &kpeer::web::dispatchBrowserEvent);
  function("kpeerNormalizeStats", &kpeer::web::normalizeStatsReport);
  function("liveWebPeers", &WebPeer::liveCount);
}
