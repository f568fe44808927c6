// The clinic server over TLS with a certificate the test makes, and behind a trusted reverse proxy
// (issue 17: plain HTTP only, no Secure cookie, and a proxy's address locked everyone out).

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "server/clinic_server.hpp"
#include "store/store.hpp"

namespace bfr::server {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A self-signed certificate for 127.0.0.1 (P-256, an hour), written as PEM files in `dir`.
struct TestCertificate {
  fs::path cert, key;
};

TestCertificate make_certificate(const fs::path& dir, const std::string& name) {
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  const std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
  if (!key || !x) throw std::runtime_error("OpenSSL could not make a key");
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 3600);
  X509_set_pubkey(x.get(), key.get());
  auto* subject = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x.get(), subject);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  const std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> san(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1"), X509_EXTENSION_free);
  X509_add_ext(x.get(), san.get(), -1);
  if (X509_sign(x.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL could not sign the certificate");
  TestCertificate out{dir / (name + ".crt"), dir / (name + ".key")};
  const auto write = [](const fs::path& p, auto&& pem) {
    const std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(p.c_str(), "w"), std::fclose);
    if (!f || pem(f.get()) != 1) throw std::runtime_error("cannot write " + p.string());
  };
  write(out.cert, [&](FILE* f) { return PEM_write_X509(f, x.get()); });
  write(out.key, [&](FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  return out;
}

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("openbfr-tls-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cert_ = make_certificate(dir_, "server");
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      thread_.join();
    }
    server_.reset();
    fs::remove_all(dir_);
  }
  void start(ServerOptions options) {
    options.database_url = (dir_ / "clinic.sqlite").string();
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<ClinicServer>(options);
    admin_ = server_->ensure_first_admin().value();
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  // Trusts only the test's certificate, and checks it names 127.0.0.1.
  std::unique_ptr<httplib::SSLClient> tls_client() const {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
    c->set_ca_cert_path(cert_.cert.c_str());
    c->enable_server_certificate_verification(true);
    c->set_read_timeout(10, 0);
    return c;
  }
  ServerOptions with_tls() const {
    ServerOptions o;
    o.tls = http::TlsFiles{cert_.cert.string(), cert_.key.string()};
    return o;
  }

  fs::path dir_;
  TestCertificate cert_;
  std::unique_ptr<ClinicServer> server_;
  FirstAdmin admin_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(TlsServerTest, TheAppAndTheApiAnswerOverTlsWithASecureCookieAndHsts) {
  start(with_tls());
  const auto c = tls_client();
  const auto page = c->Get("/");
  ASSERT_TRUE(page) << "TLS handshake with the test's certificate: " << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  const auto login = c->Post("/api/login", json{{"email", "admin@localhost"}, {"password", admin_.password}}.dump(), "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const auto cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  const auto me = c->Get("/api/me", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(me);
  EXPECT_EQ(json::parse(me->body)["user"]["email"], "admin@localhost");

  // Plain HTTP to the TLS port gets no answer, and the server carries on.
  httplib::Client plain("127.0.0.1", port_);
  plain.set_read_timeout(5, 0);
  const auto r = plain.Get("/api/me");
  EXPECT_TRUE(!r || r->status >= 400);
  EXPECT_TRUE(tls_client()->Get("/"));
}

TEST_F(TlsServerTest, AKeyThatIsNotTheCertificatesOrAMissingFileIsAClearError) {
  const auto other = make_certificate(dir_, "other");
  auto o = with_tls();
  o.database_url = (dir_ / "clinic.sqlite").string();
  o.tls->private_key = other.key.string();
  try {
    ClinicServer s(o);
    ADD_FAILURE() << "started with another certificate's key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot use the TLS key " + other.key.string() + " with the certificate"), std::string::npos) << e.what();
  }
  o.tls->certificate_chain = (dir_ / "missing.crt").string();
  try {
    ClinicServer s(o);
    ADD_FAILURE() << "started without a certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.crt"), std::string::npos) << e.what();
  }
}

// Behind a TLS proxy every request comes from the proxy's address: the client is the last address
// the proxy appended, and the sign-in limits and the audit log see that one.
TEST_F(TlsServerTest, BehindATrustedProxyTheForwardedAddressIsTheClient) {
  ServerOptions o;
  o.trusted_proxy = "127.0.0.1";
  start(o);
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(10, 0);
  const auto right = json{{"email", "admin@localhost"}, {"password", admin_.password}}.dump();
  const auto wrong = json{{"email", "admin@localhost"}, {"password", "not-the-password"}}.dump();
  const httplib::Headers owner{{"X-Forwarded-For", "198.51.100.20"}, {"X-Forwarded-Proto", "https"}};
  auto r = c.Post("/api/login", owner, right, "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos) << "the proxy said https";
  r = c.Post("/api/login", {{"X-Forwarded-For", "198.51.100.21"}}, right, "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos) << "plain HTTP behind the proxy";

  // The first address is the client's own claim; the proxy appended the last.
  const httplib::Headers attacker{{"X-Forwarded-For", "10.9.9.9, 203.0.113.9"}, {"X-Forwarded-Proto", "https"}};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Post("/api/login", attacker, wrong, "application/json")->status, 401);
  EXPECT_EQ(c.Post("/api/login", attacker, wrong, "application/json")->status, 429);
  EXPECT_EQ(c.Post("/api/login", owner, right, "application/json")->status, 200) << "the owner's address is not locked by the attacker's";
  EXPECT_EQ(c.Post("/api/login", {{"X-Forwarded-For", "192.0.2.1"}}, right, "application/json")->status, 429)
      << "a new address waits: the account's five failures are spent";
  const auto store = store::open_store((dir_ / "clinic.sqlite").string());
  int from_attacker = 0;
  for (const auto& e : store->audit(store::kLocalClinic)) from_attacker += e.action == "user.login_failed" && e.detail == "203.0.113.9";
  EXPECT_EQ(from_attacker, 5);
}

}  // namespace
}  // namespace bfr::server
