// The bytes of the messages the core names by PayloadId: the JS values themselves (strings,
// ArrayBuffers, views, Blobs, frames, assembled messages), never copied into wasm memory.
#pragma once
#include "JsRefMap.h"
#include "core/Payload.h"

namespace kpeer::web {

class PayloadTable {
 public:
  // Looks at a user's value by the core's rule (kind and size), keeps it (UTF-8 encoded when the
  // rule says so) under `id`, and returns what the core needs to know.
  Payload intake(PayloadId id, const JsRef& data, const PayloadRule& rule);
  void hold(PayloadId id, JsRef value) { values_.put(id, std::move(value)); }
  const JsRef* find(PayloadId id) const { return values_.find(id); }
  void release(PayloadId id) { values_.erase(id); }
  void clear() { values_.clear(); }

 private:
  JsRefMap<PayloadId> values_;
};

}  // namespace kpeer::web
