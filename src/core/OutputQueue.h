// The queues the core's parts write into and the adapter drains (poll style, like str0m).
#pragma once
#include <optional>

#include "Fifo.h"
#include "Outputs.h"

namespace kpeer {

class OutputQueue {
 public:
  OpId nextOp() { return ++lastOp_; }
  void command(Command c) { commands_.push_back(std::move(c)); }
  void event(Event e) { events_.push_back(std::move(e)); }
  void log(LogLevel level, std::string message) { events_.push_back(ev::Log{level, std::move(message)}); }
  void error(ErrorCode code, std::string message, std::optional<ChannelId> channel = std::nullopt) {
    events_.push_back(ev::ErrorRaised{Error{code, std::move(message)}, channel});
  }
  void settle(RequestId request, std::optional<Error> error = std::nullopt) {
    if (request != 0) events_.push_back(ev::RequestSettled{request, std::move(error)});
  }

  std::optional<Command> pollCommand() { return pop(commands_); }
  std::optional<Event> pollEvent() { return pop(events_); }

 private:
  template <class T>
  static std::optional<T> pop(Fifo<T>& q) {
    if (q.empty()) return std::nullopt;
    T v = std::move(q.front());
    q.pop_front();
    return v;
  }
  OpId lastOp_ = 0;
  Fifo<Command> commands_;
  Fifo<Event> events_;
};

}  // namespace kpeer
