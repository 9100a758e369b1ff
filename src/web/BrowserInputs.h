// Browser events → core inputs: reads what the event and the browser objects say (states,
// candidates, bufferedAmount, sctp.maxMessageSize, the first bytes of a frame) and hands the core
// typed facts. No decision is made here.
#pragma once
#include "BrowserEvent.h"
#include "BrowserSide.h"
#include "PayloadTable.h"
#include "core/PeerCore.h"

namespace kpeer::web {

void feedBrowserEvent(BrowserEventKind kind, std::uint32_t arg, const JsRef& event, PeerCore& core,
                      BrowserSide& browser, PayloadTable& payloads, TimeMs now);

}  // namespace kpeer::web
