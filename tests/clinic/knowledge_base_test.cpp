#include "clinic/knowledge_base.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

KnowledgeBase real() { return load_knowledge_base(OPENBFR_DATA_DIR); }

TEST(KnowledgeBase, TheShippedDataLoadAndEveryStatementCitesAKnownSource) {
  const auto kb = real();
  EXPECT_GE(kb.references.size(), 10u);
  EXPECT_GE(kb.claims.size(), 10u);
  EXPECT_GE(kb.items.size(), 20u);
  for (const auto& c : kb.claims) {
    ASSERT_FALSE(c.sources.empty()) << c.id;
    for (const auto& s : c.sources) EXPECT_TRUE(kb.references.contains(s)) << c.id << " cites " << s;
  }
  for (const auto& i : kb.items) ASSERT_FALSE(i.sources.empty()) << i.id;
  for (const auto& [id, r] : kb.references) EXPECT_FALSE(kb.cite(id).empty());
}

TEST(KnowledgeBase, TheSeedArticleIsRepresented) {
  const auto kb = real();
  const auto has = [&](const char* id) {
    for (const auto& c : kb.claims)
      if (c.id == id) return true;
    return false;
  };
  for (const char* id : {"hypertrophy_like_heavy", "strength_less_than_heavy", "better_than_low_load_in_rehab",
                         "runner_rehab_by_extension", "healthy_runner_little_benefit", "aerobic_bfr", "pressure_relative_to_lop",
                         "supervision", "contraindications"})
    EXPECT_TRUE(has(id)) << id;
}

class BrokenData : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("openbfr-kb-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const auto& f : std::filesystem::directory_iterator(OPENBFR_DATA_DIR))
      std::filesystem::copy_file(f.path(), dir_ / f.path().filename(), std::filesystem::copy_options::overwrite_existing);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void edit(const std::string& file, const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json j = nlohmann::json::parse(std::ifstream(dir_ / file));
    change(j);
    std::ofstream(dir_ / file) << j.dump(2);
  }
  std::string error() {
    try {
      load_knowledge_base(dir_);
    } catch (const DataError& e) {
      return e.what();
    }
    return "no error";
  }
  std::filesystem::path dir_;
};

TEST_F(BrokenData, AnUnknownCitationNamesTheFileEntryAndField) {
  edit("evidence.json", [](auto& j) { j["claims"][2]["sources"] = {"nobody1999"}; });
  const auto e = error();
  EXPECT_THAT(e, HasSubstr("evidence.json"));
  EXPECT_THAT(e, HasSubstr("claims[2] (id 'better_than_low_load_in_rehab')"));
  EXPECT_THAT(e, HasSubstr("field 'sources' cites 'nobody1999', which is not in references.json"));
}

TEST_F(BrokenData, AStatementWithoutSourcesIsRejected) {
  edit("contraindications.json", [](auto& j) { j["items"][0]["sources"] = nlohmann::json::array(); });
  EXPECT_THAT(error(), HasSubstr("must list at least one reference"));
}

TEST_F(BrokenData, BadValuesAreNamed) {
  edit("lop-equations.json", [](auto& j) { j["equations"][0]["r_squared"] = 4.0; });
  EXPECT_THAT(error(), HasSubstr("field 'r_squared' is 4, outside 0 to 1"));
  edit("lop-equations.json", [](auto& j) { j["equations"][0]["r_squared"] = 0.4; });
  edit("contraindications.json", [](auto& j) { j["items"][3]["level"] = "maybe"; });
  EXPECT_THAT(error(), HasSubstr("field 'level' is 'maybe'; accepted: red_flag, absolute, limb, today, scored"));
}

TEST_F(BrokenData, BrokenJsonAndMissingFilesAreClear) {
  std::ofstream(dir_ / "references.json") << "{ nope";
  EXPECT_THAT(error(), HasSubstr("references.json: not valid JSON"));
  std::filesystem::remove(dir_ / "references.json");
  EXPECT_THAT(error(), HasSubstr("references.json: cannot be read"));
}

}  // namespace
}  // namespace bfr::clinic
