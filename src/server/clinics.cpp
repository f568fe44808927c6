#include "server/clinics.hpp"

#include <stdexcept>

#include "server/auth.hpp"

namespace bfr::server {

namespace {
constexpr std::size_t kPasswordChars = 20;  // 80 random bits as hex: above password_problem's minimum
}

NewAdmin add_admin(store::Store& db, store::Id clinic, const std::string& email, const std::string& why) {
  if (email.empty() || email.size() > 254 || email.find('@') == std::string::npos)
    throw std::invalid_argument("'" + email + "' is not an e-mail address");
  if (db.user_by_email(email)) throw std::invalid_argument("an account with the e-mail address " + email + " exists");
  init_crypto();
  NewAdmin a{clinic, store::normalised_email(email), random_token().substr(0, kPasswordChars)};
  const auto id = db.add_user({0, clinic, a.email, "Clinic administrator", "admin", std::nullopt, hash_password(a.password), ""});
  db.add_audit({0, clinic, std::nullopt, "", "user.add", "user/" + std::to_string(id), why});
  return a;
}

NewAdmin add_clinic(store::Store& db, const std::string& name, const std::string& admin_email) {
  if (name.empty() || name.size() > 200) throw std::invalid_argument("a clinic's name must be 1 to 200 characters");
  if (db.user_by_email(admin_email)) throw std::invalid_argument("an account with the e-mail address " + admin_email + " exists");
  const auto clinic = db.add_clinic(name);
  return add_admin(db, clinic, admin_email, "clinic added from the command line");
}

}  // namespace bfr::server
