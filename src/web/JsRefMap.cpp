#include "JsRefMap.h"

namespace kpeer::web {

void JsRefTable::put(std::uint32_t key, JsRef value) { values_.insert_or_assign(key, std::move(value)); }

const JsRef* JsRefTable::find(std::uint32_t key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void JsRefTable::erase(std::uint32_t key) { values_.erase(key); }

std::vector<std::uint32_t> JsRefTable::keys() const {
  std::vector<std::uint32_t> out;
  for (const auto& [key, _] : values_) out.push_back(key);
  return out;
}

}  // namespace kpeer::web
