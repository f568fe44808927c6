#pragma once
// Database connections shared by threads: each call borrows one (a connection is used by one
// thread at a time; SQLite in WAL mode and PostgreSQL both serve several at once) and gives it
// back, waiting when all are lent.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bfr::server {

class ConnectionPool {
 public:
  ConnectionPool(const std::string& url, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) free_.push_back(store::open_store(url));
  }
  template <class F>
  auto with(F&& f) {
    std::unique_ptr<store::Store> db;
    {
      std::unique_lock lock(mutex_);
      available_.wait(lock, [&] { return !free_.empty(); });
      db = std::move(free_.back());
      free_.pop_back();
    }
    struct Return {
      ConnectionPool& pool;
      std::unique_ptr<store::Store>& db;
      ~Return() {
        std::lock_guard lock(pool.mutex_);
        pool.free_.push_back(std::move(db));
        pool.available_.notify_one();
      }
    } give_back{*this, db};
    return f(*db);
  }

 private:
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<store::Store>> free_;
};

}  // namespace bfr::server
