#include "session/store_writer.hpp"

namespace bfr::session {

StoreWriter::StoreWriter(store::Store& store) : store_(store), thread_([this] { work(); }) {}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void StoreWriter::post(std::function<void(store::Store&)> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  changed_.notify_all();
}

void StoreWriter::drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return jobs_.empty() && !busy_; });
}

std::optional<std::string> StoreWriter::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void StoreWriter::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
    if (jobs_.empty()) return;  // stopping, and everything written
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    busy_ = true;
    lock.unlock();
    std::optional<std::string> failed;
    try {
      job(store_);
    } catch (const std::exception& e) {
      failed = e.what();
    }
    lock.lock();
    busy_ = false;
    if (failed && !error_) error_ = failed;
    changed_.notify_all();
  }
}

}  // namespace bfr::session
