// `bfr person add|list|erase`: the people whose screenings, plans and sessions the database keeps.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "store/store.hpp"

namespace bfr::cli {

namespace {

struct PersonOptions {
  std::string name, sex;
  int born = 0;
  bool json = false;
  store::Id id = 0;
  std::string confirm;
};

void run_add(const PersonOptions& o) {
  store::Person p;
  p.name = o.name;
  if (o.born) p.birth_year = o.born;
  if (!o.sex.empty()) p.sex = o.sex;
  const auto id = store::open_store(database_url())->add_person(p);
  if (o.json) std::cout << nlohmann::json{{"id", id}, {"name", o.name}}.dump() << "\n";
  else fmt::print("Person {}: {}\n", id, o.name);
}

void run_list(const PersonOptions& o) {
  const auto people = store::open_store(database_url())->people();
  if (o.json) {
    auto j = nlohmann::json::array();
    for (const auto& p : people)
      j.push_back({{"id", p.id}, {"name", p.name}, {"birth_year", p.birth_year ? nlohmann::json(*p.birth_year) : nlohmann::json()},
                   {"sex", p.sex ? nlohmann::json(*p.sex) : nlohmann::json()}, {"created_at", p.created_at}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  if (people.empty()) fmt::print("No people yet: bfr person add NAME\n");
  for (const auto& p : people)
    fmt::print("{:>4}  {:<30} {}{}\n", p.id, p.name, p.birth_year ? fmt::format("born {} ", *p.birth_year) : "", p.sex.value_or(""));
}

// Erasure asks for the person's name as it is stored, so a mistyped id erases nobody.
void run_erase(const PersonOptions& o) {
  auto db = store::open_store(database_url());
  const auto p = db->person(o.id);
  if (!p) throw std::invalid_argument(fmt::format("no person {} (bfr person list)", o.id));
  if (o.confirm != p->name)
    throw std::invalid_argument(fmt::format("person {} is \"{}\": to erase them and everything recorded about them, give --confirm \"{}\" "
                                            "(export first if it is to be kept: bfr export --fhir --person {} --out FILE)",
                                            o.id, p->name, p->name, o.id));
  for (const auto& r : db->running_sessions())
    if (r.person_id == o.id) throw std::invalid_argument(fmt::format("person {} has session {} running: stop it first", o.id, r.id));
  const auto sessions = db->sessions(o.id).size();
  db->erase_person(o.id);
  db->add_audit({0, p->clinic_id, std::nullopt, "", "athlete.erase", fmt::format("person/{}", o.id), ""});
  fmt::print("Erased person {} with {} session(s), their screenings, plans, LOP measurements, samples, events, pain scores and "
             "accounts. The audit log keeps that it was done, not who it was.\n",
             o.id, sessions);
}

// Store errors are the user's to fix (a bad path, a full disk, a bad value): exit 2.

}  // namespace

void add_person_commands(CLI::App& app) {
  auto* person = app.add_subcommand("person", "The people in the database");
  person->require_subcommand(1);
  auto o = std::make_shared<PersonOptions>();
  auto* add = person->add_subcommand("add", "Add a person; prints their id");
  add->add_option("NAME", o->name, "Name (1-200 characters)")->required();
  add->add_option("--born", o->born, "Year of birth")->check(CLI::Range(1900, 2030));
  add->add_option("--sex", o->sex, "male or female")->check(CLI::IsMember({"male", "female"}));
  add->add_flag("--json", o->json, "Print as JSON");
  add->callback([o] { guarded("person add", [&] { run_add(*o); }); });
  auto* list = person->add_subcommand("list", "List everyone");
  list->add_flag("--json", o->json, "Print as JSON");
  list->callback([o] { guarded("person list", [&] { run_list(*o); }); });
  auto* erase = person->add_subcommand("erase", "Erase a person and everything recorded about them (the right to erasure); audited");
  erase->add_option("ID", o->id, "The person's id (bfr person list)")->required();
  erase->add_option("--confirm", o->confirm, "The person's name, exactly as stored")->required();
  erase->callback([o] { guarded("person erase", [&] { run_erase(*o); }); });
}

}  // namespace bfr::cli
