#include "tests/integration/services/notifier/support/pipeline.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <httplib.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "dossier_migrations.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/bootstrap.h"
#include "services/common/pg_pool.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/dossier_server.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tests/support/service_process.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier_test {
namespace {

namespace v1 = tdkt::v1;

constexpr char kDossierAccount[] = "svc-dossier";
constexpr char kDossierPassword[] = "svc-dossier-pipeline-mat-khau";
constexpr char kNotifierPassword[] = "svc-notifier-pipeline-mat-khau";
// The award of every dossier: decided at the unit, three required documents, no quota.
constexpr char kAward[] = "LDTT";
constexpr char kCommuneAdmin[] = "qt.dongtan";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status FromGrpc(const std::string& what, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// The first column of the first row of `sql` with its one parameter; empty when there is none.
std::string Scalar(const std::string& url, const std::string& sql, const std::string& param) {
  pqxx::connection connection(url);
  pqxx::work work(connection);
  const pqxx::result r = work.exec_params(sql, param);
  return r.empty() || r[0][0].is_null() ? std::string() : std::string(r[0][0].c_str());
}

bool Serving(int port) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

// The dossier service's own PII key, one per process: the replicas of a pipeline must share it.
const std::string& DossierPiiKey() {
  static const std::string* const kKey = new std::string(common::PiiCipher::GenerateKeyText());
  return *kKey;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Start(PipelineOptions options) {
  std::unique_ptr<Pipeline> p(new Pipeline(std::move(options)));
  setenv("TDKT_PII_KEY", common::PiiCipher::GenerateKeyText().c_str(), 1);  // the directory's
  setenv("TDKT_NOTIFIER_DIRECTORY_PASSWORD", kNotifierPassword, 1);
  TDKT_RETURN_IF_ERROR(p->Admin(absl::StrCat("import ", p->options_.data_dir, "/demo")));
  TDKT_RETURN_IF_ERROR(p->Admin(absl::StrCat("create-service-account ", kDossierAccount, " 'Dịch vụ hồ sơ'")));
  TDKT_RETURN_IF_ERROR(p->Admin(absl::StrCat("set-password ", kDossierAccount), absl::StrCat(kDossierPassword, "\n")));
  TDKT_RETURN_IF_ERROR(p->Admin("create-service-account svc-notifier 'Dịch vụ thông báo'"));
  TDKT_RETURN_IF_ERROR(p->Admin("set-password svc-notifier", absl::StrCat(kNotifierPassword, "\n")));
  // Only the people the pipeline logs in as (each password costs an argon2id hash).
  for (const char* user : {kSchoolSubmitter, kCommuneAdmin}) {
    TDKT_RETURN_IF_ERROR(p->Admin(absl::StrCat("set-password ", user), absl::StrCat(kDemoPassword, "\n")));
  }
  TDKT_ASSIGN_OR_RETURN(testing::ServiceProcess directory,
                        testing::StartServiceOnAnyPort(
                            {p->options_.binaries.directory, "--pg-url", p->options_.pg_url, "--pg-pool-size", "3"},
                            p->options_.work_dir + "/directory.log", absl::Seconds(60)));
  p->directory_ = std::move(directory.process);
  p->directory_port_ = directory.port;
  p->directory_channel_ =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", p->directory_port_), grpc::InsecureChannelCredentials());
  p->school_id_ = Scalar(p->options_.pg_url,
                         "SELECT id FROM directory.organisation WHERE code = $1 AND valid_from <= current_date AND "
                         "(valid_until IS NULL OR valid_until >= current_date)",
                         kSchoolCode);
  if (p->school_id_.empty()) return absl::NotFoundError("the demo directory has no Trường Tiểu học Đồng Tân today");
  TDKT_RETURN_IF_ERROR(p->StaffTheSchool());
  return p;
}

Pipeline::~Pipeline() { StopAll(); }

void Pipeline::StopAll() {
  for (auto& notifier : notifiers_) {
    if (notifier->process.Running()) notifier->process.Stop(SIGTERM, absl::Seconds(10));
  }
  for (auto& dossier : dossiers_) {
    if (dossier->server) dossier->server->Shutdown();
  }
  if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
}

absl::Status Pipeline::Admin(const std::string& args, const std::string& input) {
  const std::string log = options_.work_dir + "/admin.log";
  const std::string command = absl::StrCat(options_.binaries.directory_admin, " --pg-url '", options_.pg_url, "' ",
                                           args, " >>", log, " 2>&1");
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) return absl::InternalError("popen failed");
  std::fputs(input.c_str(), pipe);
  const int status = pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("tdkt-directory-admin ", args, " failed:\n", ReadFile(log)));
  }
  return absl::OkStatus();
}

absl::Status Pipeline::StaffTheSchool() {
  TDKT_ASSIGN_OR_RETURN(std::string admin, Token(kCommuneAdmin));
  auto stub = v1::DirectoryService::NewStub(directory_channel_);
  v1::CreatePersonRequest person;
  person.set_request_id("pipeline-nhan-su-pht");
  person.mutable_person()->set_username(kSchoolAppraiser);
  person.mutable_person()->set_full_name("Cao Văn Minh");
  person.mutable_person()->set_active(true);
  person.set_initial_password(kDemoPassword);
  v1::CreatePersonResponse created;
  grpc::ClientContext person_context;
  person_context.AddMetadata("authorization", "Bearer " + admin);
  grpc::Status status = stub->CreatePerson(&person_context, person, &created);
  if (!status.ok()) return FromGrpc("CreatePerson", status);
  v1::CreateRoleAssignmentRequest role;
  role.set_request_id("pipeline-vai-tro-pht");
  role.mutable_assignment()->set_person_id(created.person().id());
  role.mutable_assignment()->set_org_id(school_id_);
  role.mutable_assignment()->set_role(v1::ROLE_APPRAISER);
  role.mutable_assignment()->mutable_valid_from()->set_year(2025);
  role.mutable_assignment()->mutable_valid_from()->set_month(7);
  role.mutable_assignment()->mutable_valid_from()->set_day(1);
  v1::CreateRoleAssignmentResponse assigned;
  grpc::ClientContext role_context;
  role_context.AddMetadata("authorization", "Bearer " + admin);
  status = stub->CreateRoleAssignment(&role_context, role, &assigned);
  if (!status.ok()) return FromGrpc("CreateRoleAssignment", status);
  return absl::OkStatus();
}

absl::StatusOr<std::string> Pipeline::Token(const std::string& username) {
  std::lock_guard lock(tokens_mutex_);
  if (auto it = tokens_.find(username); it != tokens_.end() && absl::Now() - it->second.issued < absl::Minutes(10)) {
    return it->second.token;
  }
  auto stub = v1::DirectoryService::NewStub(directory_channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::LoginRequest request;
  request.set_username(username);
  request.set_password(kDemoPassword);
  v1::LoginResponse response;
  const grpc::Status status = stub->Login(&context, request, &response);
  if (!status.ok()) return FromGrpc(absl::StrCat("Login ", username), status);
  tokens_[username] = {response.access_token(), absl::Now()};
  return response.access_token();
}

absl::StatusOr<std::string> Pipeline::PersonId(const std::string& username) {
  std::string id = Scalar(options_.pg_url, "SELECT id FROM directory.person WHERE username = $1", username);
  if (id.empty()) return absl::NotFoundError(absl::StrCat("no person ", username));
  return id;
}

absl::StatusOr<std::vector<std::string>> Pipeline::RoleHolders(const std::string& org_id, v1::Role role) {
  pqxx::connection connection(options_.pg_url);
  pqxx::work work(connection);
  const pqxx::result rows = work.exec_params(
      "SELECT DISTINCT person_id::text FROM directory.role_assignment WHERE org_id = $1::bigint AND role = $2 AND "
      "valid_from <= current_date AND (valid_until IS NULL OR valid_until >= current_date) ORDER BY 1",
      org_id, static_cast<int>(role));
  std::vector<std::string> people;
  for (const auto& row : rows) people.push_back(row[0].c_str());
  return people;
}

absl::StatusOr<DossierServiceHandle*> Pipeline::StartDossier(const std::string& redis_url) {
  auto handle = std::make_unique<DossierServiceHandle>();
  TDKT_ASSIGN_OR_RETURN(handle->pool, common::ConnectAndMigrate(options_.pg_url, 4, "dossier", DossierMigrations()));
  const std::string directory_address = absl::StrCat("127.0.0.1:", directory_port_);
  TDKT_ASSIGN_OR_RETURN(handle->link,
                        dossier::DirectoryLink::Connect(directory_address, kDossierAccount, kDossierPassword, clock_));
  TDKT_ASSIGN_OR_RETURN(handle->server,
                        dossier::DossierServer::Create({.data_dir = options_.data_dir,
                                                        .grpc_threads = 32,
                                                        .directory_address = directory_address,
                                                        .pii_key = DossierPiiKey(),
                                                        .outbox_relay = true,
                                                        .pg_url = options_.pg_url,
                                                        .redis_url = redis_url},
                                                       {.pool = handle->pool.get(),
                                                        .clock = &clock_,
                                                        .verifier = &handle->link->verifier(),
                                                        .refresh_keys = handle->link->KeyRefresh(),
                                                        .directory_token = handle->link->AccessToken()}));
  TDKT_RETURN_IF_ERROR(handle->server->Start());
  handle->port = handle->server->bound_port();
  dossiers_.push_back(std::move(handle));
  return dossiers_.back().get();
}

absl::StatusOr<NotifierHandle*> Pipeline::StartNotifier(const std::string& name, const std::string& redis_url,
                                                        const std::vector<std::string>& extra) {
  auto handle = std::make_unique<NotifierHandle>();
  handle->name = name;
  handle->log = absl::StrCat(options_.work_dir, "/notifier-", name, ".log");
  std::vector<std::string> argv = {options_.binaries.notifier,
                                   "--pg-url", options_.pg_url,
                                   "--pg-pool-size", "3",
                                   "--redis-url", redis_url,
                                   "--directory-addr", absl::StrCat("127.0.0.1:", directory_port_),
                                   "--data-dir", options_.data_dir,
                                   "--consumer-name", name,
                                   "--grpc-threads", "8"};
  handle->admin_port = testing::FreeLocalPort();
  argv.push_back(absl::StrCat("--admin-listen=127.0.0.1:", handle->admin_port));
  argv.insert(argv.end(), extra.begin(), extra.end());
  TDKT_ASSIGN_OR_RETURN(testing::ServiceProcess process,
                        testing::StartServiceOnAnyPort(argv, handle->log, absl::Seconds(60)));
  handle->process = std::move(process.process);
  handle->grpc_port = process.port;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!Serving(handle->grpc_port)) {
    if (absl::Now() > give_up) return absl::UnavailableError(absl::StrCat("notifier ", name, " is not serving"));
    absl::SleepFor(absl::Milliseconds(50));
  }
  notifiers_.push_back(std::move(handle));
  return notifiers_.back().get();
}

std::unique_ptr<v1::NotifierService::Stub> Pipeline::NotifierStub(const NotifierHandle& notifier) const {
  return v1::NotifierService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", notifier.grpc_port), grpc::InsecureChannelCredentials()));
}

long Pipeline::Metric(const NotifierHandle& notifier, const std::string& series) {
  httplib::Client client("127.0.0.1", notifier.admin_port);
  auto response = client.Get("/metrics");
  if (!response || response->status != 200) return -1;
  const std::string& text = response->body;
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stol(text.substr(at + series.size() + 2));
}

std::string Pipeline::Logs() const {
  std::string logs = absl::StrCat("admin log:\n", ReadFile(options_.work_dir + "/admin.log"), "\ndirectory log:\n",
                                  ReadFile(options_.work_dir + "/directory.log"));
  for (const auto& notifier : notifiers_) absl::StrAppend(&logs, "\nnotifier ", notifier->name, " log:\n",
                                                          ReadFile(notifier->log));
  return logs;
}

// ---- SchoolDossiers ----

SchoolDossiers::SchoolDossiers(Pipeline& pipeline, const DossierServiceHandle& service, std::string request_prefix)
    : pipeline_(pipeline),
      stub_(v1::DossierService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", service.port),
                                                            grpc::InsecureChannelCredentials()))),
      request_prefix_(std::move(request_prefix)) {}

absl::StatusOr<std::unique_ptr<grpc::ClientContext>> SchoolDossiers::As(const std::string& username) {
  TDKT_ASSIGN_OR_RETURN(std::string token, pipeline_.Token(username));
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

std::string SchoolDossiers::NextRequestId() {
  std::lock_guard lock(mutex_);
  return absl::StrCat(request_prefix_, "-", ++requests_);
}

void SchoolDossiers::Remember(const v1::Dossier& dossier, v1::EventType event) {
  std::lock_guard lock(mutex_);
  made_.push_back({dossier.id(), dossier.version(), event, dossier.origin_org_id(), dossier.holding_org_id(), absl::Now()});
}

std::vector<MadeTransition> SchoolDossiers::made() const {
  std::lock_guard lock(mutex_);
  return made_;
}

absl::StatusOr<SchoolDossier> SchoolDossiers::CreateComplete() {
  v1::CreateDossierRequest request;
  request.set_request_id(NextRequestId());
  request.set_award_code(kAward);
  request.set_year(2026);
  request.set_origin_org_id(pipeline_.school_id());
  v1::Nominee* nominee = request.mutable_nominee();
  nominee->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  nominee->set_name("Phạm Thị Hồng Nhung");
  nominee->set_id_number("025090009999");
  nominee->set_birth_year(1990);
  nominee->set_gender(v1::GENDER_FEMALE);
  nominee->set_position_vi("Giáo viên");
  nominee->set_unit_name_vi("Trường Tiểu học Đồng Tân");
  nominee->set_occupation(v1::OCCUPATION_CATEGORY_CIVIL_SERVANT);
  v1::CreateDossierResponse created;
  TDKT_ASSIGN_OR_RETURN(auto context, As(kSchoolSubmitter));
  grpc::Status status = stub_->CreateDossier(context.get(), request, &created);
  if (!status.ok()) return FromGrpc("CreateDossier", status);
  Remember(created.dossier(), v1::EVENT_TYPE_UNSPECIFIED);
  SchoolDossier dossier{created.dossier().id(), created.dossier().version()};

  for (const char* kind : {"TO_TRINH", "BAO_CAO_THANH_TICH", "BIEN_BAN_XET"}) {
    const std::string content = absl::StrCat("%PDF-1.7\n% ", kind, "\n", std::string(2000, 'x'), "\n%%EOF\n");
    TDKT_ASSIGN_OR_RETURN(auto upload_context, As(kSchoolSubmitter));
    v1::UploadDocumentResponse uploaded;
    auto writer = stub_->UploadDocument(upload_context.get(), &uploaded);
    v1::UploadDocumentRequest first;
    first.set_request_id(NextRequestId());
    first.set_expected_version(dossier.version);
    v1::DocumentUploadMetadata* metadata = first.mutable_metadata();
    metadata->set_dossier_id(dossier.id);
    metadata->set_kind(kind);
    metadata->set_file_name(absl::StrCat(kind, ".pdf"));
    metadata->set_content_type("application/pdf");
    metadata->set_size_bytes(static_cast<int64_t>(content.size()));
    metadata->set_sha256(base::Sha256Hex(content));
    v1::UploadDocumentRequest chunk;
    chunk.set_chunk(content);
    if (writer->Write(first)) writer->Write(chunk);
    writer->WritesDone();
    status = writer->Finish();
    if (!status.ok()) return FromGrpc(absl::StrCat("UploadDocument ", kind), status);
    Remember(uploaded.dossier(), v1::EVENT_TYPE_UNSPECIFIED);
    dossier.version = uploaded.dossier().version();
  }
  return dossier;
}

absl::Status SchoolDossiers::Submit(SchoolDossier& dossier) {
  v1::SubmitDossierRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  request.set_note_vi("Đề nghị xét danh hiệu năm 2026");
  v1::SubmitDossierResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, As(kSchoolSubmitter));
  const grpc::Status status = stub_->SubmitDossier(context.get(), request, &response);
  if (!status.ok()) return FromGrpc("SubmitDossier", status);
  Remember(response.dossier(), v1::EVENT_TYPE_DOSSIER_SUBMITTED);
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

absl::Status SchoolDossiers::Accept(SchoolDossier& dossier) {
  v1::AcceptDossierRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  request.set_note_vi("Tiếp nhận hồ sơ");
  v1::AcceptDossierResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, As(kSchoolAppraiser));
  const grpc::Status status = stub_->AcceptDossier(context.get(), request, &response);
  if (!status.ok()) return FromGrpc("AcceptDossier", status);
  Remember(response.dossier(), v1::EVENT_TYPE_UNSPECIFIED);
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

absl::Status SchoolDossiers::Return(SchoolDossier& dossier) {
  v1::ReturnForSupplementRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  request.set_reason_vi("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị");
  v1::ReturnForSupplementResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, As(kSchoolAppraiser));
  const grpc::Status status = stub_->ReturnForSupplement(context.get(), request, &response);
  if (!status.ok()) return FromGrpc("ReturnForSupplement", status);
  Remember(response.dossier(), v1::EVENT_TYPE_DOSSIER_RETURNED);
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

absl::Status SchoolDossiers::Resubmit(SchoolDossier& dossier) {
  v1::ResubmitDossierRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(dossier.id);
  request.set_expected_version(dossier.version);
  request.set_note_vi("Đã bổ sung xác nhận");
  v1::ResubmitDossierResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, As(kSchoolSubmitter));
  const grpc::Status status = stub_->ResubmitDossier(context.get(), request, &response);
  if (!status.ok()) return FromGrpc("ResubmitDossier", status);
  Remember(response.dossier(), v1::EVENT_TYPE_DOSSIER_RESUBMITTED);
  dossier.version = response.dossier().version();
  return absl::OkStatus();
}

absl::StatusOr<SchoolDossier> SchoolDossiers::CreateUnderReview() {
  TDKT_ASSIGN_OR_RETURN(SchoolDossier dossier, CreateComplete());
  TDKT_RETURN_IF_ERROR(Submit(dossier));
  TDKT_RETURN_IF_ERROR(Accept(dossier));
  return dossier;
}

}  // namespace tdkt::notifier_test
