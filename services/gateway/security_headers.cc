#include "services/gateway/security_headers.h"

#include <httplib.h>

namespace tdkt::gateway {

void AddSecurityHeaders(httplib::Response& response) {
  response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
}

}  // namespace tdkt::gateway
