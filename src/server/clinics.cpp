#include "server/clinics.hpp"

#include <stdexcept>

#include "server/auth.hpp"

namespace bfr::server {

namespace {

constexpr std::size_t kPasswordChars = 20;  // 80 random bits as hex: above password_problem's minimum

// Throws std::invalid_argument for an address that is not one.
void check_email_form(const std::string& email) {
  if (email.empty() || email.size() > 254 || email.find('@') == std::string::npos)
    throw std::invalid_argument("'" + email + "' is not an e-mail address");
}

NewAdmin make_admin(store::Store& db, store::Id clinic, const std::string& email, const std::string& why) {
  init_crypto();
  NewAdmin a{clinic, store::normalised_email(email), random_token().substr(0, kPasswordChars)};
  const auto id = db.add_user({0, clinic, a.email, "Clinic administrator", "admin", std::nullopt, hash_password(a.password), ""});
  db.add_audit({0, clinic, std::nullopt, "", "user.add", "user/" + std::to_string(id), why});
  return a;
}

}  // namespace

NewAdmin add_admin(store::Store& db, store::Id clinic, const std::string& email, const std::string& why) {
  check_email_form(email);
  if (db.user_by_email(clinic, email)) throw std::invalid_argument("an account with the e-mail address " + email + " exists in this clinic");
  return make_admin(db, clinic, email, why);
}

NewAdmin add_clinic(store::Store& db, const std::string& name, const std::string& admin_email) {
  if (name.empty() || name.size() > 200) throw std::invalid_argument("a clinic's name must be 1 to 200 characters");
  check_email_form(admin_email);  // before the clinic exists: a refusal leaves nothing half-made; a new clinic has no accounts
  return make_admin(db, db.add_clinic(name), admin_email, "clinic added from the command line");
}

}  // namespace bfr::server
