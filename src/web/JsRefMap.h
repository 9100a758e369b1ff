// JS values held by id: a peer's RTCDataChannels, listeners, assemblies and payloads. One map
// type for all of them, compiled once (JsRefTable, keyed by the id's number); JsRefMap<Id> only
// keeps the id types apart.
#pragma once
#include <cstdint>
#include <vector>

#include "JsRef.h"
#include "core/IdMap.h"

namespace kpeer::web {

class JsRefTable {
 public:
  void put(std::uint32_t key, JsRef value);
  const JsRef* find(std::uint32_t key) const;
  void erase(std::uint32_t key);
  void clear() { values_.clear(); }
  std::vector<std::uint32_t> keys() const;

 private:
  IdMap<std::uint32_t, JsRef> values_;
};

template <class IdT>
class JsRefMap {
 public:
  void put(IdT id, JsRef value) { table_.put(id.value(), std::move(value)); }
  const JsRef* find(IdT id) const { return table_.find(id.value()); }
  void erase(IdT id) { table_.erase(id.value()); }
  void clear() { table_.clear(); }
  std::vector<IdT> keys() const {
    std::vector<IdT> out;
    for (std::uint32_t k : table_.keys()) out.push_back(IdT(k));
    return out;
  }

 private:
  JsRefTable table_;
};

}  // namespace kpeer::web
