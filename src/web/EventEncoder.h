// Core events → the JS objects declared in UserEvents.def, handed to hooks.dispatch (which defers
// them: user callbacks never run inside wasm frames).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "JsObject.h"
#include "JsRef.h"
#include "PayloadTable.h"
#include "core/Outputs.h"

namespace kpeer::web {

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
  explicit EventEncoder(JsRef hooks) : hooks_(std::move(hooks)) {}
  void reset() { hooks_ = JsRef::null(); }

  // Encodes and dispatches one core event, an ev:: struct (instantiated for each in EventEncoder.cpp).
  // RequestSettled of `callRequest` is not dispatched: it is the outcome of the call in progress,
  // returned to JS directly (stored in `callOutcome`).
  template <class E>
  void deliver(const E& event, const PayloadTable& payloads, RequestId callRequest,
               std::optional<std::optional<Error>>& callOutcome);

  // {t: kind, fields...} with the fields in UserEvents.def order; nullopt fields left out.
  template <UserEvent E, class... Values>
  void emit(const Values&... values) {
    using F = UserEventFields<E>;
    static_assert(sizeof...(Values) == F::count, "the fields of this event are declared in UserEvents.def");
    JsRef v = eventObject(F::name);
    std::size_t i = 0;
    (put(v, F::fields[i++], values), ...);
    dispatch(v);
  }

 private:
  void dispatch(const JsRef& event);
  static void put(const JsRef& object, const char* key, const JsRef& value);
  static void put(const JsRef& object, const char* key, const std::string& value);
  static void put(const JsRef& object, const char* key, const char* value);
  static void put(const JsRef& object, const char* key, double value);
  static void put(const JsRef& object, const char* key, bool value);
  template <class Tag>
  static void put(const JsRef& object, const char* key, Id<Tag> id) {
    put(object, key, static_cast<double>(id.value()));
  }
  template <class T>
  static void put(const JsRef& object, const char* key, const std::optional<T>& value) {
    if (value) put(object, key, *value);
  }

  JsRef hooks_;
};

}  // namespace kpeer::web
