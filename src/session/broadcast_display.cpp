#include "session/broadcast_display.hpp"

namespace bfr::session {

void BroadcastDisplay::show(const LiveView& v) {
  std::lock_guard lock(mutex_);
  view_ = v;
  question_.reset();  // the session is moving again: any question was answered
}

void BroadcastDisplay::say(Level level, const std::string& text) {
  std::lock_guard lock(mutex_);
  messages_.emplace_back(level, text);
}

void BroadcastDisplay::prompt(const std::string& question, AnswerKind kind) {
  std::lock_guard lock(mutex_);
  question_ = question;
  answer_kind_ = kind;
}

void BroadcastDisplay::finish(const std::string& outcome, const std::string& detail) {
  std::lock_guard lock(mutex_);
  finished_ = true;
  outcome_ = outcome;
  detail_ = detail;
  question_.reset();
}

Broadcast BroadcastDisplay::since(std::size_t first_message) const {
  std::lock_guard lock(mutex_);
  Broadcast b;
  b.view = view_;
  for (std::size_t i = first_message; i < messages_.size(); ++i) b.messages.push_back(messages_[i]);
  b.next_message = messages_.size();
  b.question = question_;
  b.answer_kind = answer_kind_;
  b.finished = finished_;
  b.outcome = outcome_;
  b.detail = detail_;
  return b;
}

const char* to_string(Level l) {
  switch (l) {
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::alarm: return "alarm";
  }
  return "?";
}

}  // namespace bfr::session
