// gateway_bench: what the gateway adds to a call. GetDossier and ListInbox, each made directly over gRPC and
// through the real tdkt-gateway binary over HTTP/JSON (as a script with a bearer token, and as a browser with
// the session cookie and CSRF token, whose session the gateway reads from Redis), interleaved in one loop so
// that the machine's load meets every variant alike; p50, p90, p99 of each and the p50 overhead. Then the
// gateway's resident memory idle, before and after the load.
//
// The world: a private PostgreSQL (durable commits, as deploy/local/pg) and Redis, the demo directory imported
// by tdkt-directory-admin, the real tdkt-directory, tdkt-dossier and tdkt-gateway binaries on ports the kernel
// picks; one dossier of Trường Tiểu học Đồng Tân (with a document) made by its submitter, who makes every call.
//
//   gateway_bench [--calls 3000] [--warmup 300]
//
// Prints Markdown for bench/RESULTS.md. Not part of ctest.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/service_process.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = tdkt::v1;
using nlohmann::json;

constexpr char kPassword[] = "tdkt-demo-2025";
constexpr char kServicePassword[] = "svc-dossier-bench-mat-khau";
constexpr char kUser[] = "vt.dongtan.thdt";

struct Options {
  int calls = 3000;
  int warmup = 300;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    int* target = flag == "--calls" ? &options.calls : flag == "--warmup" ? &options.warmup : nullptr;
    if (target != nullptr && absl::SimpleAtoi(argv[i + 1], target) && *target > 0) continue;
    std::cerr << "usage: gateway_bench [--calls 3000] [--warmup 300]\n";
    std::exit(2);
  }
  return options;
}

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "gateway_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T OrFail(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Fail(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

void OrFail(const absl::Status& status, const std::string& what) {
  if (!status.ok()) Fail(absl::StrCat(what, ": ", status.ToString()));
}

double ResidentMegabytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    double kilobytes = 0;
    if (absl::SimpleAtod(line.substr(6, line.size() - 6 - 3), &kilobytes)) return kilobytes / 1024.0;
  }
  return -1;
}

std::string RandomHex() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 64; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Shell(const std::string& command, const std::string& input = "") {
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) return -1;
  std::fputs(input.c_str(), pipe);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0;
};

Percentiles Of(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) { return samples[static_cast<size_t>(q * static_cast<double>(samples.size() - 1))]; };
  return {at(0.50), at(0.90), at(0.99)};
}

// Microseconds one call takes.
double Time(const std::function<void()>& call) {
  const absl::Time start = absl::Now();
  call();
  return absl::ToDoubleMicroseconds(absl::Now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("tdkt-gateway-bench-", getpid());
  fs::create_directories(dir);
  tdkt::testing::PostgresServer postgres({.fsync = true});
  OrFail(postgres.Start(), "PostgreSQL");
  tdkt::testing::RedisServer redis;
  OrFail(redis.StartLocal(), "Redis");
  const std::string url = OrFail(postgres.CreateDatabase(), "database");
  setenv("TDKT_PII_KEY", RandomHex().c_str(), 1);
  setenv("TDKT_DOSSIER_PII_KEY", RandomHex().c_str(), 1);
  setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kServicePassword, 1);
  const std::string admin = absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url, "' ");
  const std::string quiet = absl::StrCat(" >>", (dir / "admin.log").string(), " 2>&1");
  if (Shell(admin + "import " + TDKT_SOURCE_DIR + "/data/demo" + quiet) != 0 ||
      Shell(admin + "create-service-account svc-dossier 'Dịch vụ hồ sơ'" + quiet) != 0 ||
      Shell(admin + "set-password svc-dossier" + quiet, std::string(kServicePassword) + "\n") != 0 ||
      Shell(admin + "set-password " + kUser + quiet, std::string(kPassword) + "\n") != 0) {
    Fail("tdkt-directory-admin: " + ReadAll((dir / "admin.log").string()));
  }
  auto directory = OrFail(tdkt::testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url},
                                                               (dir / "directory.log").string()),
                          "tdkt-directory");
  const std::string directory_addr = absl::StrCat("127.0.0.1:", directory.port);
  auto dossier = OrFail(tdkt::testing::StartServiceOnAnyPort({TDKT_DOSSIER_BINARY, "--pg-url", url, "--redis-url",
                                                              redis.url(), "--directory-addr", directory_addr,
                                                              "--outbox-relay", "false"},
                                                             (dir / "dossier.log").string()),
                        "tdkt-dossier");
  auto gateway = OrFail(tdkt::testing::StartServiceOnAnyPort(
                            {TDKT_GATEWAY_BINARY, "--redis-url", redis.url(), "--directory-addr", directory_addr,
                             "--dossier-addr", absl::StrCat("127.0.0.1:", dossier.port)},
                            (dir / "gateway.log").string()),
                        "tdkt-gateway");
  absl::SleepFor(absl::Seconds(2));
  const double idle_before = ResidentMegabytes(gateway.process.pid());

  // The caller's token (direct calls, scripts) and browser session.
  auto directory_stub = v1::DirectoryService::NewStub(
      grpc::CreateChannel(directory_addr, grpc::InsecureChannelCredentials()));
  v1::LoginRequest login;
  login.set_username(kUser);
  login.set_password(kPassword);
  v1::LoginResponse tokens;
  {
    grpc::ClientContext context;
    if (!directory_stub->Login(&context, login, &tokens).ok()) Fail("login");
  }
  httplib::Client http("127.0.0.1", gateway.port);
  http.set_keep_alive(true);
  http.set_tcp_nodelay(true);  // as browsers do
  const std::string origin = absl::StrCat("http://127.0.0.1:", gateway.port);
  auto session = http.Post("/api/v1/session/login", json{{"username", kUser}, {"password", kPassword}}.dump(),
                           "application/json");
  if (!session || session->status != 200) Fail("gateway login");
  const std::string cookie = session->get_header_value("Set-Cookie").substr(0, 
                                                                             session->get_header_value("Set-Cookie").find(';'));
  const std::string csrf = json::parse(session->body)["csrfToken"].get<std::string>();
  const httplib::Headers browser = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", origin}};
  const httplib::Headers script = {{"Authorization", "Bearer " + tokens.access_token()}};

  // One dossier with a document, so that GetDossier has something to say and ListInbox one item.
  auto dossier_stub = v1::DossierService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", dossier.port), grpc::InsecureChannelCredentials()));
  const auto context = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + tokens.access_token());
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  std::string school;
  {
    v1::GetCurrentIdentityResponse identity;
    if (!directory_stub->GetCurrentIdentity(context().get(), {}, &identity).ok() || identity.grants_size() == 0) {
      Fail("identity");
    }
    school = identity.grants(0).org_id();
  }
  v1::CreateDossierRequest create;
  create.set_request_id("bench-1");
  create.set_award_code("CSTD_CO_SO");
  create.set_year(2026);
  create.set_origin_org_id(school);
  create.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  create.mutable_nominee()->set_name("Nguyễn Thị Mai Anh");
  create.mutable_nominee()->set_position_vi("Giáo viên");
  v1::CreateDossierResponse created;
  const grpc::Status made = dossier_stub->CreateDossier(context().get(), create, &created);
  if (!made.ok()) Fail("CreateDossier: " + made.error_message());
  const std::string id = created.dossier().id();
  const std::string pdf = "%PDF-1.4\n" + std::string(4000, 'x');
  auto uploaded = http.Post(absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", id,
                                         "&kind=TO_TRINH&fileName=to-trinh.pdf&requestId=bench-doc&expectedVersion=",
                                         created.dossier().version()),
                            browser, pdf, "application/pdf");
  if (!uploaded || uploaded->status != 200) Fail("upload");

  const std::string get_body = json{{"dossierId", id}}.dump();
  v1::GetDossierRequest get;
  get.set_dossier_id(id);
  struct Variant {
    std::string name;
    std::function<void()> call;
    std::vector<double> samples;
  };
  const auto http_call = [&](const std::string& path, const std::string& body, const httplib::Headers& headers) {
    return [&, path, body, headers] {
      auto reply = http.Post(path, headers, body, "application/json");
      if (!reply || reply->status != 200) Fail(absl::StrCat(path, ": ", reply ? reply->status : 0));
    };
  };
  std::vector<Variant> variants;
  variants.push_back({"GetDossier direct gRPC", [&] {
                        v1::GetDossierResponse response;
                        if (!dossier_stub->GetDossier(context().get(), get, &response).ok()) Fail("GetDossier");
                      }, {}});
  variants.push_back({"GetDossier gateway, bearer", http_call("/api/v1/dossier/GetDossier", get_body, script), {}});
  variants.push_back({"GetDossier gateway, cookie", http_call("/api/v1/dossier/GetDossier", get_body, browser), {}});
  variants.push_back({"ListInbox direct gRPC", [&] {
                        v1::ListInboxResponse response;
                        if (!dossier_stub->ListInbox(context().get(), {}, &response).ok()) Fail("ListInbox");
                      }, {}});
  variants.push_back({"ListInbox gateway, bearer", http_call("/api/v1/dossier/ListInbox", "{}", script), {}});
  variants.push_back({"ListInbox gateway, cookie", http_call("/api/v1/dossier/ListInbox", "{}", browser), {}});

  for (int i = 0; i < options.warmup; ++i) {
    for (Variant& v : variants) v.call();
  }
  std::string load_before;
  std::getline(std::ifstream("/proc/loadavg"), load_before);
  const absl::Time started = absl::Now();
  for (int i = 0; i < options.calls; ++i) {
    for (Variant& v : variants) v.samples.push_back(Time(v.call));
  }
  const absl::Duration took = absl::Now() - started;
  std::string load_after;
  std::getline(std::ifstream("/proc/loadavg"), load_after);
  absl::SleepFor(absl::Seconds(3));
  const double idle_after = ResidentMegabytes(gateway.process.pid());

  std::printf("- Date: %s; %d calls of each variant, interleaved, after %d warm-up rounds; %s.\n",
              absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::Now(), absl::UTCTimeZone()).c_str(), options.calls,
              options.warmup, absl::FormatDuration(took).c_str());
  std::printf("- Load average (1, 5, 15 min) before the measured loop: %s; after: %s.\n",
              load_before.substr(0, load_before.rfind(' ', load_before.rfind(' ') - 1)).c_str(),
              load_after.substr(0, load_after.rfind(' ', load_after.rfind(' ') - 1)).c_str());
  std::printf("\n| call | p50 | p90 | p99 | p50 overhead vs direct |\n|---|---|---|---|---|\n");
  double direct_p50 = 0;
  for (const Variant& v : variants) {
    const Percentiles p = Of(v.samples);
    const bool direct = v.name.find("direct") != std::string::npos;
    if (direct) direct_p50 = p.p50;
    std::printf("| %s | %.0f µs | %.0f µs | %.0f µs | %s |\n", v.name.c_str(), p.p50, p.p90, p.p99,
                direct ? "—" : absl::StrFormat("**%+.0f µs**", p.p50 - direct_p50).c_str());
  }
  std::printf("\n- tdkt-gateway resident memory (VmRSS), idle: %.1f MB after start, %.1f MB after the load.\n",
              idle_before, idle_after);

  gateway.process.Stop(SIGTERM, absl::Seconds(10));
  dossier.process.Stop(SIGTERM, absl::Seconds(10));
  directory.process.Stop(SIGTERM, absl::Seconds(10));
  fs::remove_all(dir);
  return 0;
}
