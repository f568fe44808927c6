#pragma once
// Password hashes on a bounded budget. An argon2id hash takes 64 MiB and about 0.1 s (auth.hpp):
// 74 of them at once took the server from 40 MB to 2.8 GB (issue 17). At most `at_once` run
// together and at most `waiting` wait for a turn; a try beyond that is refused at once.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace bfr::server {

// Thrown when the queue is full: the server answers 503 and the client tries again.
struct HashQueueFull : std::runtime_error {
  HashQueueFull() : std::runtime_error("the server is busy checking passwords: please try again in a moment") {}
};

class PasswordHasher {
 public:
  // One at a time: a flood of sign-ins then takes at most one core of this 2-core server, and
  // the other is left to live sessions and the API (`bfr bench attack`). 16 waiting are about
  // 2 s of work.
  explicit PasswordHasher(std::size_t at_once = 1, std::size_t waiting = 16);

  [[nodiscard]] std::string hash(const std::string& password);
  // Against the stored hash; without one (no such e-mail address) against a stand-in of the same
  // cost, always false, so that an unknown address takes as long to refuse as a known one.
  [[nodiscard]] bool verify(const std::string& password, const std::optional<std::string>& encoded_hash);

 private:
  class Turn;
  std::size_t at_once_, waiting_;
  mutable std::mutex mutex_;
  std::condition_variable turn_free_;
  std::size_t running_ = 0, queued_ = 0;
  std::string stand_in_;
};

}  // namespace bfr::server
