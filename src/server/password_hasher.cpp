#include "server/password_hasher.hpp"

#include <algorithm>

#include "server/auth.hpp"

namespace bfr::server {

// Holds one of the `at_once` places while a hash runs.
class PasswordHasher::Turn {
 public:
  explicit Turn(PasswordHasher& h) : h_(h) {
    std::unique_lock lock(h_.mutex_);
    if (h_.running_ >= h_.at_once_) {
      if (h_.queued_ >= h_.waiting_) throw HashQueueFull{};
      ++h_.queued_;
      h_.turn_free_.wait(lock, [&] { return h_.running_ < h_.at_once_; });
      --h_.queued_;
    }
    ++h_.running_;
  }
  ~Turn() {
    {
      std::lock_guard lock(h_.mutex_);
      --h_.running_;
    }
    h_.turn_free_.notify_one();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;

 private:
  PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(std::size_t at_once, std::size_t waiting)
    : at_once_(std::max<std::size_t>(at_once, 1)), waiting_(waiting), stand_in_(hash_password(random_token())) {}

std::string PasswordHasher::hash(const std::string& password) {
  const Turn turn(*this);
  return hash_password(password);
}

bool PasswordHasher::verify(const std::string& password, const std::optional<std::string>& encoded_hash) {
  const Turn turn(*this);
  const bool right = verify_password(password, encoded_hash.value_or(stand_in_));
  return right && encoded_hash.has_value();
}

}  // namespace bfr::server
