#pragma once
// DefineServiceFlags: the settings every tdkt service has, named the same way everywhere.
//   --listen        TDKT_<SERVICE>_LISTEN   gRPC address
//   --pg-url        TDKT_PG_URL             PostgreSQL URL
//   --pg-pool-size  TDKT_PG_POOL_SIZE       connections (keep it small)
//   --redis-url     TDKT_REDIS_URL
//   --grpc-threads  TDKT_GRPC_THREADS
//   --log-format    TDKT_LOG_FORMAT         text | json
//   --log-level     TDKT_LOG_LEVEL
#include <string>

#include "services/common/config.h"

namespace tdkt::common {

// `service` is upper-case for the environment prefix, e.g. "DIRECTORY".
void DefineServiceFlags(Flags& flags, const std::string& service, int default_port);

}  // namespace tdkt::common
