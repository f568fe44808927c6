// `bfr clinic add NAME --admin EMAIL`: a further clinic on a shared server, with its first
// administrator (a random password, printed once). Only from this machine: the web API cannot
// make clinics, so one clinic's administrator can never create or reach another's.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "server/clinics.hpp"

namespace bfr::cli {

namespace {

struct ClinicAddOptions {
  std::string name, admin;
  bool json = false;
};

void run_clinic_add(const ClinicAddOptions& o) {
  const auto db = store::open_store(database_url());
  const auto a = server::add_clinic(*db, o.name, o.admin);
  if (o.json) {
    std::cout << nlohmann::json{{"clinic_id", a.clinic}, {"name", o.name}, {"admin_email", a.email}, {"admin_password", a.password}}.dump()
              << "\n";
    return;
  }
  fmt::print("Clinic {}: {}\nAdministrator {} with password {} (shown once; sign in at bfr serve's address).\n"
             "With several clinics on this server, everyone signs in with the clinic's number: {}.\n",
             a.clinic, o.name, a.email, a.password, a.clinic);
}

}  // namespace

void add_clinic_account_commands(CLI::App& app) {
  auto* clinic = app.add_subcommand("clinic", "Clinics sharing one server: each sees only its own athletes");
  clinic->require_subcommand(1);
  auto o = std::make_shared<ClinicAddOptions>();
  auto* add = clinic->add_subcommand("add", "Add a clinic and its first administrator; prints the password once");
  add->add_option("NAME", o->name, "The clinic's name (1-200 characters)")->required();
  add->add_option("--admin", o->admin, "The administrator's e-mail address")->required();
  add->add_flag("--json", o->json, "Print as JSON");
  add->callback([o] { guarded("clinic add", [&] { run_clinic_add(*o); }); });
}

}  // namespace bfr::cli
