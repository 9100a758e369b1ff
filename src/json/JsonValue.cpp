#include "JsonValue.h"

namespace kpeer {

using nlohmann::json;

namespace {
const json& at(std::uintptr_t ref) { return *reinterpret_cast<const json*>(ref); }
}  // namespace

const JsonSource& JsonSource::instance() {
  static const JsonSource source;
  return source;
}

ValueSource::Read JsonSource::read(const json& j) {
  Read r;
  r.ref = reinterpret_cast<std::uintptr_t>(&j);
  switch (j.type()) {
    case json::value_t::null: r.kind = ValueKind::Null; break;
    case json::value_t::boolean: r.kind = ValueKind::Bool, r.number = j.get<bool>() ? 1 : 0; break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: r.kind = ValueKind::Number, r.number = j.get<double>(); break;
    case json::value_t::string:
      r.kind = ValueKind::String, r.length = j.get_ref<const std::string&>().size();
      break;
    case json::value_t::array: r.kind = ValueKind::Array, r.length = j.size(); break;
    case json::value_t::object: r.kind = ValueKind::Object; break;
    default: r.kind = ValueKind::Other; break;  // binary, discarded
  }
  return r;
}

ValueSource::Read JsonSource::field(std::uintptr_t object, const char* name) const {
  const json& o = at(object);
  // JSON.parse keeps the last of duplicate keys; nlohmann does too.
  auto it = o.find(name);
  return it == o.end() ? Read{} : read(*it);
}

ValueSource::Read JsonSource::item(std::uintptr_t array, std::size_t index) const {
  const json& a = at(array);
  return index < a.size() ? read(a[index]) : Read{};
}

std::string JsonSource::text(std::uintptr_t string, std::size_t) const { return at(string).get<std::string>(); }

ValueSource::Read JsonSource::parseJson(const Read& string) const {
  auto* parsed = new json(json::parse(at(string.ref).get_ref<const std::string&>(), nullptr, /*allow_exceptions=*/false));
  if (parsed->is_discarded()) {
    delete parsed;
    return Read{};
  }
  Read r = read(*parsed);
  r.owned = true;  // release() deletes it
  return r;
}

void JsonSource::release(std::uintptr_t ref) const { delete reinterpret_cast<const json*>(ref); }

JsonValue JsonValue::parse(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) j = nlohmann::json(std::string(text));  // a string: the core parses it and says what is wrong
  return JsonValue(std::move(j));
}

}  // namespace kpeer
