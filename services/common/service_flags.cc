#include "services/common/service_flags.h"

#include "absl/strings/str_cat.h"

namespace tdkt::common {

void DefineServiceFlags(Flags& flags, const std::string& service, int default_port) {
  flags.Define({"listen", absl::StrCat("TDKT_", service, "_LISTEN"), absl::StrCat("127.0.0.1:", default_port),
                "gRPC listen address host:port", ValidateHostPort});
  flags.Define({"pg-url", "TDKT_PG_URL", "postgresql://tdkt@127.0.0.1:5432/tdkt", "PostgreSQL URL",
                ValidatePostgresUrl, /*secret=*/false});
  flags.Define({"pg-pool-size", "TDKT_PG_POOL_SIZE", "4", "PostgreSQL connections in the pool",
                ValidatePositiveInt});
  flags.Define({"redis-url", "TDKT_REDIS_URL", "redis://127.0.0.1:6379", "Redis URL", ValidateRedisUrl});
  flags.Define({"grpc-threads", "TDKT_GRPC_THREADS", "16", "most gRPC handler threads", ValidatePositiveInt});
  flags.Define({"log-format", "TDKT_LOG_FORMAT", "text", "log line format: text or json", ValidateLogFormat});
  flags.Define({"log-level", "TDKT_LOG_LEVEL", "info", "trace, debug, info, warn or error", ValidateLogLevel});
}

}  // namespace tdkt::common
