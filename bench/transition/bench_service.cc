#include "bench/transition/bench_service.h"

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "dossier_migrations.h"
#include "services/auth/access_token.h"
#include "services/auth/signing_key.h"
#include "services/auth/token_verifier.h"
#include "services/common/bootstrap.h"
#include "services/common/pg_pool.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/dossier_server.h"
#include "services/dossier/transition_runner.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tests/integration/services/dossier/support/in_memory_org_directory.h"
#include "tests/support/local_servers.h"
#include "workflow/vietnam_time.h"

namespace tdkt::bench {
namespace {

namespace v1 = tdkt::v1;
using workflow::OrgLevel;
using workflow::Role;

constexpr char kAward[] = "BANG_KHEN_TINH";

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace

struct BenchService::Parts {
  base::SystemClock clock;
  testing::PostgresServer postgres;
  testing::RedisServer redis;
  std::string url;
  std::unique_ptr<auth::SigningKey> key;
  dossier::InMemoryOrgDirectory directory;
  std::unique_ptr<common::PgPool> pool;
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<dossier::DossierServer> server;
  std::unique_ptr<v1::DossierService::Stub> stub;
  std::atomic<int64_t> request_counter{0};

  std::string NextRequestId() { return absl::StrCat("bench-", ++request_counter); }

  // Tokens are minted per call (an Ed25519 signature, tens of microseconds): far below a transition's cost.
  std::unique_ptr<grpc::ClientContext> As(Role role, const std::string& org) {
    const std::string person = absl::StrCat(role == Role::kSubmitter ? "submitter@" : "appraiser@", org);
    auto issued = auth::IssueAccessToken({person, {{role, org}}, std::nullopt}, *key, clock);
    auto context = std::make_unique<grpc::ClientContext>();
    if (issued.ok()) context->AddMetadata("authorization", "Bearer " + issued->token);
    return context;
  }
};

BenchService::BenchService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

BenchService::~BenchService() {
  if (parts_->server) parts_->server->Shutdown();
}

const std::string& BenchService::database_url() const { return parts_->url; }

namespace {
// The people the benchmarks act as at `org` (the names the history records).
void AddPeopleOf(dossier::InMemoryOrgDirectory& directory, const std::string& org) {
  for (const char* who : {"submitter@", "appraiser@", "chair@", "m1@", "m2@"}) {
    directory.AddPerson(absl::StrCat(who, org), absl::StrCat("Cán bộ ", who, org));
  }
}
}  // namespace

void BenchService::AddOrganisation(const std::string& id, OrgLevel level, const std::string& parent_id) {
  parts_->directory.AddOrganisation(id, level, parent_id);
  AddPeopleOf(parts_->directory, id);
  parts_->directory.SetCouncil(id, {"chair@" + id, "m1@" + id, "m2@" + id});
}

std::unique_ptr<grpc::ClientContext> BenchService::As(Role role, const std::string& org) {
  return parts_->As(role, org);
}

v1::DossierService::Stub& BenchService::stub() { return *parts_->stub; }

absl::StatusOr<std::unique_ptr<BenchService>> BenchService::Start() {
  auto p = std::make_unique<Parts>();
  TDKT_RETURN_IF_ERROR(p->postgres.Start());
  TDKT_RETURN_IF_ERROR(p->redis.Start());
  TDKT_ASSIGN_OR_RETURN(p->url, p->postgres.CreateDatabase());
  TDKT_ASSIGN_OR_RETURN(auth::SigningKey key, auth::SigningKey::Generate(p->clock.Now() - absl::Hours(1)));
  p->key = std::make_unique<auth::SigningKey>(std::move(key));

  // A small pool (4 on this 2-core machine), as the service runs by default.
  TDKT_ASSIGN_OR_RETURN(p->pool, common::ConnectAndMigrate(p->url, 4, "dossier", DossierMigrations()));
  p->directory.AddOrganisation("P", OrgLevel::kProvince, "");
  p->directory.AddOrganisation("D", OrgLevel::kDistrict, "P");
  p->directory.AddOrganisation("C", OrgLevel::kCommune, "D");
  p->directory.AddOrganisation("U", OrgLevel::kUnit, "C");
  p->directory.AddOrganisation("U2", OrgLevel::kUnit, "C");
  for (const char* org : {"P", "D", "C", "U", "U2"}) AddPeopleOf(p->directory, org);
  for (const char* org : {"U", "U2", "C", "P"}) {
    p->directory.SetCouncil(org, {absl::StrCat("chair@", org), absl::StrCat("m1@", org), absl::StrCat("m2@", org)});
  }
  auth::PublicKeySet keys;
  TDKT_RETURN_IF_ERROR(keys.Add(p->key->PublicInfo()));
  p->verifier = std::make_unique<auth::TokenVerifier>(std::move(keys), p->clock);
  TDKT_ASSIGN_OR_RETURN(
      p->server, dossier::DossierServer::Create(
                     dossier::DossierServerConfig{.data_dir = TDKT_SOURCE_DATA_DIR,
                                                  .listen_address = "127.0.0.1:0",
                                                  .grpc_threads = 64,
                                                  .pii_key = common::PiiCipher::GenerateKeyText(),
                                                  .outbox_relay = true,
                                                  .pg_url = p->url,
                                                  .redis_url = p->redis.url()},
                     dossier::DossierServerDeps{.pool = p->pool.get(), .clock = &p->clock,
                                                .verifier = p->verifier.get(), .org_directory = &p->directory}));
  TDKT_RETURN_IF_ERROR(p->server->Start());
  p->stub = v1::DossierService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", p->server->bound_port()), grpc::InsecureChannelCredentials()));
  return std::unique_ptr<BenchService>(new BenchService(std::move(p)));
}

absl::StatusOr<BenchDossier> BenchService::CreateUnderReview(const std::string& origin) {
  Parts& p = *parts_;
  v1::CreateDossierRequest create;
  create.set_request_id(p.NextRequestId());
  create.set_award_code(kAward);
  create.set_year(2025);
  create.set_origin_org_id(origin);
  v1::Nominee* nominee = create.mutable_nominee();
  nominee->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  nominee->set_name("Nguyễn Thị Hoa");
  nominee->set_birth_year(1988);
  v1::CreateDossierResponse created;
  TDKT_RETURN_IF_ERROR(FromGrpc(p.stub->CreateDossier(p.As(Role::kSubmitter, origin).get(), create, &created)));
  BenchDossier dossier{created.dossier().id(), origin, created.dossier().version()};

  // Required documents through the runner (the seeding step only; what is measured goes through gRPC).
  TDKT_ASSIGN_OR_RETURN(auto award, p.server->catalog().AwardOn(kAward, workflow::VietnamDate(p.clock.Now())));
  auth::Identity submitter;
  submitter.person_id = "submitter@" + origin;
  submitter.grants = {{Role::kSubmitter, origin}};
  for (const std::string& kind : award->required_documents) {
    dossier::TransitionRequest request{
        .method = "UploadDocument", .request_id = p.NextRequestId(), .request_bytes = kind,
        .dossier_id = dossier.id, .expected_version = dossier.version, .note = "",
        .command = dossier::api::Plain{workflow::cmd::AttachDocument{.document_id = "doc-" + kind, .kind = kind}}};
    TDKT_RETURN_IF_ERROR(
        p.server->runner().Run(submitter, std::move(request), [](const dossier::DossierView&) { return std::string(); })
            .status());
    ++dossier.version;
  }
  v1::SubmitDossierRequest submit;
  submit.set_request_id(p.NextRequestId());
  submit.set_dossier_id(dossier.id);
  submit.set_expected_version(dossier.version);
  v1::SubmitDossierResponse submitted;
  TDKT_RETURN_IF_ERROR(FromGrpc(p.stub->SubmitDossier(p.As(Role::kSubmitter, origin).get(), submit, &submitted)));
  v1::AcceptDossierRequest accept;
  accept.set_request_id(p.NextRequestId());
  accept.set_dossier_id(dossier.id);
  accept.set_expected_version(submitted.dossier().version());
  v1::AcceptDossierResponse accepted;
  TDKT_RETURN_IF_ERROR(FromGrpc(p.stub->AcceptDossier(p.As(Role::kAppraiser, origin).get(), accept, &accepted)));
  dossier.version = accepted.dossier().version();
  return dossier;
}

absl::Status BenchService::ReturnForSupplement(BenchDossier& dossier) {
  v1::ReturnForSupplementRequest request;
  request.set_request_id(parts_->NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  request.set_reason_vi("Bổ sung biên bản họp");
  v1::ReturnForSupplementResponse response;
  TDKT_RETURN_IF_ERROR(FromGrpc(
      parts_->stub->ReturnForSupplement(parts_->As(Role::kAppraiser, dossier.origin).get(), request, &response)));
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

absl::Status BenchService::Resubmit(BenchDossier& dossier) {
  v1::ResubmitDossierRequest request;
  request.set_request_id(parts_->NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  v1::ResubmitDossierResponse response;
  TDKT_RETURN_IF_ERROR(FromGrpc(
      parts_->stub->ResubmitDossier(parts_->As(Role::kSubmitter, dossier.origin).get(), request, &response)));
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

LatencySummary Summarise(std::vector<double> latencies_ms, double elapsed_seconds) {
  LatencySummary summary;
  if (latencies_ms.empty() || elapsed_seconds <= 0) return summary;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double q) {
    const size_t index = std::min(latencies_ms.size() - 1, static_cast<size_t>(std::ceil(q * latencies_ms.size())) - 1);
    return latencies_ms[index];
  };
  summary.count = static_cast<int64_t>(latencies_ms.size());
  summary.per_second = static_cast<double>(latencies_ms.size()) / elapsed_seconds;
  summary.p50_ms = at(0.50);
  summary.p99_ms = at(0.99);
  return summary;
}

double ResidentMegabytes(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    double kilobytes = 0;
    if (absl::SimpleAtod(line.substr(6, line.size() - 6 - 3), &kilobytes)) return kilobytes / 1024.0;
  }
  return 0;
}

namespace {

// /proc/<pid>/stat: the parent, and utime + stime (+ cutime + cstime when `with_children`) in seconds.
struct ProcStat {
  int parent = 0;
  double cpu_seconds = 0;
};
std::optional<ProcStat> ReadStat(const std::string& pid, bool with_children) {
  std::ifstream file("/proc/" + pid + "/stat");
  std::string text;
  if (!std::getline(file, text)) return std::nullopt;
  const size_t name_end = text.rfind(')');  // the command name may hold spaces
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(name_end + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
  if (f.size() < 15) return std::nullopt;  // f[0] is field 3 (state)
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  double ticks = std::stod(f[11]) + std::stod(f[12]);
  if (with_children) ticks += std::stod(f[13]) + std::stod(f[14]);
  return ProcStat{std::stoi(f[1]), ticks / tick};
}

}  // namespace

CpuSeconds CpuUsed(int postmaster_pid) {
  CpuSeconds used;
  if (auto self = ReadStat("self", /*with_children=*/true)) used.process = self->cpu_seconds;
  if (postmaster_pid <= 0) return used;
  if (auto postmaster = ReadStat(std::to_string(postmaster_pid), /*with_children=*/true)) {
    used.postgres = postmaster->cpu_seconds;
  }
  if (DIR* proc = opendir("/proc")) {
    while (dirent* entry = readdir(proc)) {
      const std::string name = entry->d_name;
      if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
      auto child = ReadStat(name, /*with_children=*/false);
      if (child && child->parent == postmaster_pid) used.postgres += child->cpu_seconds;
    }
    closedir(proc);
  }
  return used;
}

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int PostmasterPid(const std::string& database_url) {
  try {
    pqxx::connection connection(database_url);
    pqxx::nontransaction w(connection);
    const std::string backend = w.exec1("SELECT pg_backend_pid()")[0].as<std::string>();
    auto stat = ReadStat(backend, /*with_children=*/false);
    return stat ? stat->parent : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace tdkt::bench
