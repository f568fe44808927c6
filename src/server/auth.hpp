#pragma once
// Sign-in primitives: argon2id password hashes (libsodium's crypto_pwhash_str, the encoded form
// carries salt and cost), random session tokens of which only a BLAKE2b hash is stored, CSRF
// tokens. Who may try a password is sign_in_guard.hpp; how many hash at once, password_hasher.hpp.

#include <cstddef>
#include <string>

namespace bfr::server {

// Throws std::runtime_error if libsodium cannot start (no entropy source).
void init_crypto();

// argon2id with libsodium's "interactive" cost (OPSLIMIT 2, MEMLIMIT 64 MiB: about 0.1 s here).
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& encoded_hash);
// Passwords: at least 10 characters (NIST SP 800-63B section 5.1.1.2 asks for at least 8;
// we ask a little more for clinical data), at most 256. Returns what is wrong, or empty.
std::string password_problem(const std::string& password);

// 32 random bytes as 64 hex digits.
std::string random_token();
// Hex BLAKE2b-256 of a token: what the database keeps.
std::string token_hash(const std::string& token);
// Equal in constant time (for CSRF tokens).
bool same_secret(const std::string& a, const std::string& b);

}  // namespace bfr::server
