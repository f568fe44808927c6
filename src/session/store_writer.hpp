#pragma once
// Writes to the store from a thread of its own, so the session's loop never waits for the disk:
// a slow commit (a WAL checkpoint's fsync on an SD card can take a second) must not delay the
// heartbeat, or the device deflates mid-set. Jobs run in the order posted. A write that fails is
// reported by error() and the session ends; nothing is silently dropped.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/store.hpp"

namespace bfr::session {

class StoreWriter {
 public:
  explicit StoreWriter(store::Store& store);
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  void post(std::function<void(store::Store&)> job);
  // Waits until every job posted so far has run.
  void drain();
  [[nodiscard]] std::optional<std::string> error() const;

 private:
  void work();

  store::Store& store_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void(store::Store&)>> jobs_;
  bool busy_ = false, stopping_ = false;
  std::optional<std::string> error_;
  std::thread thread_;
};

}  // namespace bfr::session
