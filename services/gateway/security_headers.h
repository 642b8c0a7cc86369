#pragma once
// The headers every response of the gateway carries: the console's Content-Security-Policy (scripts, styles,
// connections only from the gateway itself, no inline code, no framing), nosniff and no-referrer.
namespace httplib {
struct Response;
}  // namespace httplib

namespace tdkt::gateway {

inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

void AddSecurityHeaders(httplib::Response& response);

}  // namespace tdkt::gateway
