// The one ordered queue the core's parts write into and the adapter drains (poll style, like str0m).
#pragma once
#include <memory>
#include <optional>

#include "Outputs.h"

namespace kpeer {

// A linked list, not a vector (Fifo): a vector of Output brings its growth code, which moves and
// destroys every alternative (~0.5 KB of wasm). Each output is built in its node and stays there
// until the adapter drops it: Output is never moved, so its move constructor (a table of a
// function per alternative) is not in the wasm at all.
struct OutputNode {
  Output output;
  std::unique_ptr<OutputNode> next;
};

// An output taken off the queue, still in its node (empty: the queue was).
class PolledOutput {
 public:
  explicit operator bool() const { return node_ != nullptr; }
  Output& operator*() const { return node_->output; }
  Output* operator->() const { return &node_->output; }

 private:
  friend class OutputQueue;
  std::unique_ptr<OutputNode> node_;
};

class OutputQueue {
 public:
  OutputQueue() = default;
  OutputQueue(OutputQueue&&) = default;  // tail_ is only read while head_ is set
  ~OutputQueue() {
    while (head_) head_ = std::move(head_->next);  // one node at a time, not a recursion as deep as the list
  }

  OpId nextOp() { return ops_.next(); }
  template <class C>
  void command(C c) {
    static_assert(Commands::has<C>, "a cmd:: struct listed in Commands");
    append(new OutputNode{Output(std::move(c)), nullptr});
  }
  template <class E>
  void event(E e) {
    static_assert(Events::has<E>, "an ev:: struct listed in Events");
    append(new OutputNode{Output(std::move(e)), nullptr});
  }
  // Logs below `least` are dropped (PeerConfig::logger).
  void logFrom(LogLevel least) { leastLog_ = least; }
  void log(LogLevel level, std::string message) {
    if (level >= leastLog_) event(ev::Log{level, std::move(message)});
  }
  void error(ErrorCode code, std::string message, std::optional<ChannelId> channel = std::nullopt) {
    event(ev::ErrorRaised{Error{code, std::move(message)}, channel});
  }
  void settle(RequestId request, std::optional<Error> error = std::nullopt) {
    if (request) event(ev::RequestSettled{request, std::move(error)});
  }

  bool empty() const { return !head_; }
  PolledOutput poll() {
    PolledOutput first;
    if (head_) {
      first.node_ = std::move(head_);
      head_ = std::move(first.node_->next);
    }
    return first;
  }

 private:
  void append(OutputNode* last) {
    (head_ ? tail_->next : head_).reset(last);
    tail_ = last;
  }

  IdSource<OpId> ops_;
  LogLevel leastLog_ = LogLevel::Debug;
  std::unique_ptr<OutputNode> head_;
  OutputNode* tail_ = nullptr;
};

}  // namespace kpeer
