#include "session/operator.hpp"

#include <poll.h>
#include <unistd.h>

#include <utility>

#include "session/interrupt.hpp"

namespace bfr::session {

std::optional<std::optional<std::string>> TerminalOperator::answer() {
  if (ended_) return std::optional<std::string>{};
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return std::nullopt;
    char c = 0;
    if (::read(fd_, &c, 1) <= 0) {
      ended_ = true;
      if (partial_.empty()) return std::optional<std::string>{};
      return std::optional<std::string>(std::exchange(partial_, {}));
    }
    if (c == '\n') return std::optional<std::string>(std::exchange(partial_, {}));
    partial_ += c;
  }
}

std::optional<Control> TerminalOperator::control() {
  if (interrupted()) return Control::stop;
  return std::nullopt;
}

void QueuedOperator::post_answer(std::string line) {
  std::lock_guard lock(mutex_);
  answers_.push_back(std::move(line));
}

void QueuedOperator::post_control(Control c) {
  std::lock_guard lock(mutex_);
  controls_.push_back(c);
}

std::optional<std::optional<std::string>> QueuedOperator::answer() {
  std::lock_guard lock(mutex_);
  if (answers_.empty()) return std::nullopt;
  auto a = std::move(answers_.front());
  answers_.pop_front();
  return std::optional<std::string>(std::move(a));
}

std::optional<Control> QueuedOperator::control() {
  std::lock_guard lock(mutex_);
  if (controls_.empty()) return std::nullopt;
  const auto c = controls_.front();
  controls_.pop_front();
  return c;
}

}  // namespace bfr::session
