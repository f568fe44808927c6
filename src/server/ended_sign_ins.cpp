#include "server/ended_sign_ins.hpp"

namespace bfr::server {

void EndedSignIns::signed_out(const std::string& token_hash, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_old(now);
  tokens_[token_hash] = now;
}

void EndedSignIns::all_of(store::Id user, const std::string& keep, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_old(now);
  users_[user] = {now, keep};
}

bool EndedSignIns::ended(store::Id user, const std::string& token_hash, Clock::time_point opened) {
  std::lock_guard lock(mutex_);
  if (tokens_.contains(token_hash)) return true;
  const auto u = users_.find(user);
  return u != users_.end() && u->second.at >= opened && u->second.keep != token_hash;
}

void EndedSignIns::forget_old(Clock::time_point now) {
  std::erase_if(tokens_, [&](const auto& t) { return now - t.second > remember_; });
  std::erase_if(users_, [&](const auto& u) { return now - u.second.at > remember_; });
}

}  // namespace bfr::server
