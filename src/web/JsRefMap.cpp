#include "JsRefMap.h"

namespace kpeer::web {

void JsRefTable::put(std::uint32_t key, JsRef value) { values_.put(key, std::move(value)); }

const JsRef* JsRefTable::find(std::uint32_t key) const {
  return values_.find(key);
}

void JsRefTable::erase(std::uint32_t key) { values_.erase(key); }

std::vector<std::uint32_t> JsRefTable::keys() const {
  std::vector<std::uint32_t> out;
  for (auto [key, value] : values_) out.push_back(key);
  return out;
}

}  // namespace kpeer::web
