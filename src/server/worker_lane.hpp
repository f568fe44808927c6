#pragma once
// A few threads that run queued work, with a bound on the queue: when it is full, work is
// refused at once (the caller answers 503) instead of piling up behind a flood.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bfr::server {

class WorkerLane {
 public:
  WorkerLane(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this](std::stop_token stop) { work(stop); });
  }
  // Waiting work is dropped; running work finishes first.
  ~WorkerLane() {
    {
      std::lock_guard lock(mutex_);
      waiting_.clear();
      for (auto& t : threads_) t.request_stop();
    }
    ready_.notify_all();
  }
  WorkerLane(const WorkerLane&) = delete;
  WorkerLane& operator=(const WorkerLane&) = delete;

  // False, and nothing queued, when max_waiting tasks are already waiting.
  bool try_post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      if (waiting_.size() >= max_waiting_) return false;
      waiting_.push_back(std::move(task));
    }
    ready_.notify_one();
    return true;
  }

 private:
  void work(std::stop_token stop) {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stop.stop_requested() || !waiting_.empty(); });
        if (stop.stop_requested()) return;
        task = std::move(waiting_.front());
        waiting_.pop_front();
      }
      task();
    }
  }

  std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> waiting_;
  std::vector<std::jthread> threads_;  // last: joined before the queue goes
};

}  // namespace bfr::server
