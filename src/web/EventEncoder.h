// Core events → the JS objects declared in UserEvents.def, handed to hooks.dispatch (which defers
// them: user callbacks never run inside wasm frames).
#pragma once
#include <emscripten/val.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "PayloadTable.h"
#include "core/Outputs.h"

namespace kpeer::web {

using emscripten::val;

enum class UserEvent {
#define KPEER_EVENT(kind, ...) kind,
#include "UserEvents.def"
#undef KPEER_EVENT
};

template <UserEvent E>
struct UserEventFields;
#define KPEER_EVENT(kind, ...)                                                 \
  template <>                                                                  \
  struct UserEventFields<UserEvent::kind> {                                    \
    static constexpr const char* name = #kind;                                 \
    static constexpr const char* fields[] = {__VA_ARGS__};                     \
    static constexpr std::size_t count = sizeof(fields) / sizeof(fields[0]);   \
  };
#include "UserEvents.def"
#undef KPEER_EVENT

class EventEncoder {
 public:
  EventEncoder(val hooks) : hooks_(std::move(hooks)) {}
  void reset() { hooks_ = val::null(); }

  // Encodes and dispatches one core event. RequestSettled of `callRequest` is not dispatched: it
  // is the outcome of the call in progress, returned to JS directly (stored in `callOutcome`).
  void deliver(const Event& event, const PayloadTable& payloads, RequestId callRequest,
               std::optional<std::optional<Error>>& callOutcome);

  // {t: kind, fields...} with the fields in UserEvents.def order; nullopt fields left out.
  template <UserEvent E, class... Values>
  void emit(const Values&... values) {
    using F = UserEventFields<E>;
    static_assert(sizeof...(Values) == F::count, "the fields of this event are declared in UserEvents.def");
    val v = begin(F::name);
    std::size_t i = 0;
    (put(v, F::fields[i++], values), ...);
    hooks_.call<void>("dispatch", v);
  }

 private:
  static val begin(const char* kind);
  static void put(val& object, const char* key, const val& value);
  static void put(val& object, const char* key, const std::string& value);
  static void put(val& object, const char* key, const char* value);
  static void put(val& object, const char* key, double value);
  static void put(val& object, const char* key, bool value);
  template <class Tag>
  static void put(val& object, const char* key, Id<Tag> id) {
    put(object, key, static_cast<double>(id.value()));
  }
  template <class T>
  static void put(val& object, const char* key, const std::optional<T>& value) {
    if (value) put(object, key, *value);
  }

  val hooks_;
};

}  // namespace kpeer::web
