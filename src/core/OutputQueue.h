// The one ordered queue the core's parts write into and the adapter drains (poll style, like str0m).
#pragma once
#include <optional>

#include "Fifo.h"
#include "Outputs.h"

namespace kpeer {

class OutputQueue {
 public:
  OpId nextOp() { return ops_.next(); }
  void command(Command c) { items_.push_back(Output(std::move(c))); }
  void event(Event e) { items_.push_back(Output(std::move(e))); }
  void log(LogLevel level, std::string message) { event(ev::Log{level, std::move(message)}); }
  void error(ErrorCode code, std::string message, std::optional<ChannelId> channel = std::nullopt) {
    event(ev::ErrorRaised{Error{code, std::move(message)}, channel});
  }
  void settle(RequestId request, std::optional<Error> error = std::nullopt) {
    if (request) event(ev::RequestSettled{request, std::move(error)});
  }

  std::optional<Output> poll() {
    if (items_.empty()) return std::nullopt;
    Output o = std::move(items_.front());
    items_.pop_front();
    return o;
  }

 private:
  IdSource<OpId> ops_;
  Fifo<Output> items_;
};

}  // namespace kpeer
