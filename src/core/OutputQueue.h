// The one ordered queue the core's parts write into and the adapter drains (poll style, like str0m).
#pragma once
#include <memory>
#include <optional>

#include "Outputs.h"

namespace kpeer {

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
    push(std::move(c));
  }
  template <class E>
  void event(E e) {
    static_assert(Events::has<E>, "an ev:: struct listed in Events");
    push(std::move(e));
  }
  void log(LogLevel level, std::string message) { event(ev::Log{level, std::move(message)}); }
  void error(ErrorCode code, std::string message, std::optional<ChannelId> channel = std::nullopt) {
    event(ev::ErrorRaised{Error{code, std::move(message)}, channel});
  }
  void settle(RequestId request, std::optional<Error> error = std::nullopt) {
    if (request) event(ev::RequestSettled{request, std::move(error)});
  }

  bool empty() const { return !head_; }
  std::optional<Output> poll() {
    if (!head_) return std::nullopt;
    std::unique_ptr<Node> first = std::move(head_);
    head_ = std::move(first->next);
    return std::move(first->output);
  }

 private:
  // A linked list, not a vector (Fifo): a vector of Output brings its growth code, which moves
  // and destroys every alternative (~0.5 KB of wasm); a node is one allocation per output.
  struct Node {
    Output output;
    std::unique_ptr<Node> next;
  };
  void push(Output o) {
    Node* last = new Node{std::move(o), nullptr};
    (head_ ? tail_->next : head_).reset(last);
    tail_ = last;
  }

  IdSource<OpId> ops_;
  std::unique_ptr<Node> head_;
  Node* tail_ = nullptr;
};

}  // namespace kpeer
