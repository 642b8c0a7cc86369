#include "services/common/grpc_server.h"

#include <signal.h>

#include <grpc/support/log.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/support/server_interceptor.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"

namespace tdkt::common {
namespace {

// gRPC's own log lines (gpr_log) go through the service's logger, so JSON logs stay JSON.
void GrpcToLogger(gpr_log_func_args* args) {
  const spdlog::level::level_enum level = args->severity == GPR_LOG_SEVERITY_ERROR  ? spdlog::level::err
                                          : args->severity == GPR_LOG_SEVERITY_INFO ? spdlog::level::info
                                                                                    : spdlog::level::debug;
  spdlog::log(level, "grpc {}:{}: {}", args->file, args->line, args->message);
}

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

// A request the protobuf runtime cannot parse (in practice: a string field that is not valid UTF-8, which
// proto3 refuses) never reaches the handler; gRPC answers INTERNAL with an empty message. That is the
// client's fault, so it becomes INVALID_ARGUMENT with a reason (bad input → INVALID_ARGUMENT).
// Handlers' own INTERNAL errors always carry a message (ToGrpcStatus), so they are left alone.
class UnparsableRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty()) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            "Yêu cầu không đọc được: chuỗi ký tự phải là UTF-8 hợp lệ (request could not be parsed: strings must "
            "be valid UTF-8)"));
      }
    }
    methods->Proceed();
  }
};

class UnparsableRequestInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo*) override {
    return new UnparsableRequestInterceptor();
  }
};

}  // namespace

void BlockTerminationSignals() {
  signal(SIGPIPE, SIG_IGN);
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

GrpcServer::GrpcServer(GrpcServerOptions options) : options_(std::move(options)) {}

GrpcServer::~GrpcServer() { Shutdown(); }

void GrpcServer::AddService(grpc::Service* service) { services_.push_back(service); }

absl::Status GrpcServer::Start() {
  gpr_set_log_function(&GrpcToLogger);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Without this, Linux SO_REUSEPORT lets a second server "bind" a port that is already in use.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options_.listen_address, grpc::InsecureServerCredentials(), &bound_port_);
  grpc::ResourceQuota quota("tdkt-server");
  quota.SetMaxThreads(options_.max_threads);
  builder.SetResourceQuota(quota);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<UnparsableRequestInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || bound_port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen_address,
                                               ": address in use or not local (change --listen)"));
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("gRPC listening on port {}", bound_port_);
  return absl::OkStatus();
}

void GrpcServer::Shutdown() {
  if (server_ == nullptr) return;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options_.shutdown_grace));
  server_->Wait();
  server_.reset();
  spdlog::info("gRPC server stopped");
}

void AwaitTerminationSignal() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  spdlog::info("received {}, shutting down", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
}

void GrpcServer::WaitForTerminationSignal() {
  AwaitTerminationSignal();
  Shutdown();
}

}  // namespace tdkt::common
