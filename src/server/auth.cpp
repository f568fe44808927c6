#include "server/auth.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace bfr::server {

namespace {
std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}
constexpr std::size_t kShortestPassword = 10, kLongestPassword = 256;
}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
}

std::string hash_password(const std::string& password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out.data();
}

bool verify_password(const std::string& password, const std::string& encoded_hash) {
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.c_str(), password.size()) == 0;
}

std::string password_problem(const std::string& password) {
  if (password.size() < kShortestPassword) return "a password needs at least 10 characters";
  if (password.size() > kLongestPassword) return "a password may have at most 256 characters";
  return {};
}

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return hex(bytes.data(), bytes.size());
}

std::string token_hash(const std::string& token) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return hex(out.data(), out.size());
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace bfr::server
