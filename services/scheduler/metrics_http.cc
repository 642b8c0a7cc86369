#include "services/scheduler/metrics_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::scheduler {
namespace {

void SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

std::string Response(const char* status, const char* type, const std::string& body) {
  return absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: ", type, "\r\nContent-Length: ", body.size(),
                      "\r\nConnection: close\r\n\r\n", body);
}

}  // namespace

MetricsHttpServer::MetricsHttpServer(std::string listen_address, std::function<std::string()> render)
    : listen_address_(std::move(listen_address)), render_(std::move(render)) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::Status MetricsHttpServer::Start() {
  const auto colon = listen_address_.rfind(':');
  int port = -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen_address_.substr(colon + 1), &port) ||
      inet_pton(AF_INET, listen_address_.substr(0, colon).c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("admin address ", listen_address_, " is not IPv4 host:port"));
  }
  address.sin_port = htons(static_cast<uint16_t>(port));
  socket_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_ < 0 || bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(socket_, 16) != 0) {
    if (socket_ >= 0) close(socket_);
    socket_ = -1;
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen_address_, " (change --admin-listen)"));
  }
  socklen_t length = sizeof(address);
  getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  stopping_ = false;
  thread_ = std::thread([this] { Serve(); });
  return absl::OkStatus();
}

void MetricsHttpServer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (socket_ >= 0) close(socket_);
  socket_ = -1;
}

void MetricsHttpServer::Serve() {
  while (!stopping_) {
    pollfd fd{socket_, POLLIN, 0};
    if (poll(&fd, 1, 200) <= 0) continue;  // wakes every 200 ms to notice Stop()
    const int client = accept4(socket_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    Answer(client);
    close(client);
  }
}

void MetricsHttpServer::Answer(int client) const {
  timeval timeout{2, 0};
  setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string request;
  char buffer[2048];
  while (request.size() < 8192 && !absl::StrContains(request, "\r\n\r\n")) {
    const ssize_t n = recv(client, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    request.append(buffer, static_cast<size_t>(n));
  }
  if (absl::StartsWith(request, "GET /metrics ") || absl::StartsWith(request, "GET /metrics?")) {
    SendAll(client, Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", render_()));
  } else if (absl::StartsWith(request, "GET /healthz ")) {
    SendAll(client, Response("200 OK", "text/plain; charset=utf-8", "ok\n"));
  } else {
    SendAll(client, Response("404 Not Found", "text/plain; charset=utf-8", "not found\n"));
  }
}

}  // namespace tdkt::scheduler
