// The bytes of the messages the core names by PayloadId: the JS values themselves (strings,
// ArrayBuffers, views, Blobs, frames, assembled messages), never copied into wasm memory.
#pragma once
#include <map>

#include "JsRef.h"
#include "core/Payload.h"

namespace kpeer::web {

class PayloadTable {
 public:
  // Looks at a user's value by the core's rule (kind and size), keeps it (UTF-8 encoded when the
  // rule says so) under `id`, and returns what the core needs to know.
  Payload intake(PayloadId id, const JsRef& data, const PayloadRule& rule);
  void hold(PayloadId id, JsRef value) { values_.insert_or_assign(id, std::move(value)); }
  const JsRef* find(PayloadId id) const;
  void release(PayloadId id) { values_.erase(id); }
  void clear() { values_.clear(); }

 private:
  std::map<PayloadId, JsRef> values_;
};

}  // namespace kpeer::web
