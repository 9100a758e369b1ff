// The one ordered queue the core's parts write into and the adapter drains (poll style, like str0m).
#pragma once
#include <optional>

#include "Fifo.h"
#include "Outputs.h"

namespace kpeer {

class OutputQueue {
 public:
  OpId nextOp() { return ops_.next(); }
  template <class C>
  void command(C c) {
    static_assert(Commands::has<C>, "a cmd:: struct listed in Commands");
    items_.push_back(std::move(c));
  }
  template <class E>
  void event(E e) {
    static_assert(Events::has<E>, "an ev:: struct listed in Events");
    items_.push_back(std::move(e));
  }
  void log(LogLevel level, std::string message) { event(ev::Log{level, std::move(message)}); }
  void error(ErrorCode code, std::string message, std::optional<ChannelId> channel = std::nullopt) {
    event(ev::ErrorRaised{Error{code, std::move(message)}, channel});
  }
  void settle(RequestId request, std::optional<Error> error = std::nullopt) {
    if (request) event(ev::RequestSettled{request, std::move(error)});
  }

  bool empty() const { return items_.empty(); }
  std::optional<Output> poll() {
    if (items_.empty()) return std::nullopt;
    return items_.take_front();
  }

 private:
  IdSource<OpId> ops_;
  Fifo<Output> items_;
};

}  // namespace kpeer
