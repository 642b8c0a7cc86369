#pragma once
// AddressRelay: a TCP relay for calling a local service "from another client address". It listens on
// 127.0.0.1 (port()) and connects every accepted connection onward to 127.0.0.1:target_port from a socket
// bound to `source_address` (any 127.x.y.z: Linux routes all of 127.0.0.0/8 to the loopback interface), so the
// service sees that address as the peer. Bytes are copied both ways unchanged (gRPC's HTTP/2 passes through).
//
//   AddressRelay relay("127.0.0.7", server_->bound_port());
//   auto stub = DirectoryService::NewStub(grpc::CreateChannel(relay.target(), grpc::InsecureChannelCredentials()));
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace tdkt::directory {

class AddressRelay {
 public:
  AddressRelay(std::string source_address, int target_port)
      : source_address_(std::move(source_address)), target_port_(target_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback("127.0.0.1", 0);
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(listen(listen_fd_, 16), 0);
    socklen_t length = sizeof address;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }

  ~AddressRelay() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    acceptor_.join();
    close(listen_fd_);
    for (std::thread& pipe : pipes_) pipe.join();
  }

  AddressRelay(const AddressRelay&) = delete;
  AddressRelay& operator=(const AddressRelay&) = delete;

  // "127.0.0.1:<port>": where a channel connects to reach the service from source_address.
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  static sockaddr_in Loopback(const std::string& host, int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    return address;
  }

  void Accept() {
    while (!stopping_) {
      const int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0) return;
      const int upstream = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in from = Loopback(source_address_, 0);
      sockaddr_in to = Loopback("127.0.0.1", target_port_);
      if (bind(upstream, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
          connect(upstream, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ADD_FAILURE() << "relay: cannot connect from " << source_address_ << " to port " << target_port_;
        close(client);
        close(upstream);
        continue;
      }
      std::lock_guard lock(mutex_);
      pipes_.emplace_back([this, client, upstream] { Copy(client, upstream); });
    }
  }

  // Copies both ways until either side closes or the relay stops.
  void Copy(int a, int b) {
    char buffer[16 * 1024];
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (!stopping_) {
      if (poll(fds, 2, 100) < 0) break;
      bool closed = false;
      for (int i = 0; i < 2 && !closed; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        if (n <= 0) {
          closed = true;
          break;
        }
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t written = write(fds[1 - i].fd, buffer + sent, static_cast<size_t>(n - sent));
          if (written <= 0) {
            closed = true;
            break;
          }
          sent += written;
        }
      }
      if (closed) break;
    }
    close(a);
    close(b);
  }

  const std::string source_address_;
  const int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> pipes_;
};

}  // namespace tdkt::directory
