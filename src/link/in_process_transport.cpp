// The in-process transport: two byte queues under one lock, one per direction.

#include <condition_variable>
#include <deque>
#include <mutex>

#include "link/transport.hpp"

namespace bfr::link {

namespace {

struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::uint8_t> to[2];
  bool closed = false;
};

class InProcessEnd final : public Transport {
 public:
  InProcessEnd(std::shared_ptr<Shared> shared, int side) : shared_(std::move(shared)), side_(side) {}
  ~InProcessEnd() override {
    std::lock_guard lock(shared_->mutex);
    shared_->closed = true;
    shared_->changed.notify_all();
  }
  InProcessEnd(const InProcessEnd&) = delete;
  InProcessEnd& operator=(const InProcessEnd&) = delete;

  std::size_t read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override {
    std::unique_lock lock(shared_->mutex);
    auto& in = shared_->to[side_];
    shared_->changed.wait_for(lock, timeout, [&] { return !in.empty() || shared_->closed; });
    if (in.empty() && shared_->closed) throw LinkError("the other end of the in-process link closed");
    std::size_t n = 0;
    while (n < out.size() && !in.empty()) {
      out[n++] = in.front();
      in.pop_front();
    }
    return n;
  }

  void write(std::span<const std::uint8_t> bytes) override {
    std::lock_guard lock(shared_->mutex);
    if (shared_->closed) throw LinkError("the other end of the in-process link closed");
    auto& out = shared_->to[1 - side_];
    out.insert(out.end(), bytes.begin(), bytes.end());
    shared_->changed.notify_all();
  }

 private:
  std::shared_ptr<Shared> shared_;
  int side_;
};

}  // namespace

std::pair<std::unique_ptr<Transport>, std::unique_ptr<Transport>> make_in_process_pair() {
  auto shared = std::make_shared<Shared>();
  return {std::make_unique<InProcessEnd>(shared, 0), std::make_unique<InProcessEnd>(shared, 1)};
}

}  // namespace bfr::link
