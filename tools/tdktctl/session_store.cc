#include "tools/tdktctl/session_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tdkt::tdktctl {
namespace {

// A file-name-safe form of a username or an address: letters, digits, '.', '-' and '_' stay, anything else is
// %XX (so that two names never share a file and none climbs out of the directory).
std::string FileNameOf(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_' || (c == '.' && !out.empty())) {
      out += static_cast<char>(c);
    } else {
      out += absl::StrFormat("%%%02X", c);
    }
  }
  return out;
}

absl::Status MakePrivateDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("không tạo được thư mục ", path, " (", std::strerror(errno), ")"));
}

}  // namespace

absl::StatusOr<SessionStore> SessionStore::ForDirectory(const std::string& directory_addr) {
  std::string base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    base = absl::StrCat(home, "/.config");
  } else {
    return absl::FailedPreconditionError(
        "không biết lưu phiên đăng nhập ở đâu: đặt XDG_CONFIG_HOME hoặc HOME");
  }
  std::string dir = base;
  for (const std::string& part : {std::string("tdkt"), std::string("sessions"), FileNameOf(directory_addr)}) {
    dir = absl::StrCat(dir, "/", part);
  }
  return SessionStore(dir);
}

std::string SessionStore::PathOf(const std::string& username) const {
  return absl::StrCat(dir_, "/", FileNameOf(username), ".json");
}

absl::StatusOr<std::optional<tdkt::v1::LoginResponse>> SessionStore::Load(const std::string& username) const {
  std::ifstream in(PathOf(username));
  if (!in) return std::optional<tdkt::v1::LoginResponse>();
  std::stringstream text;
  text << in.rdbuf();
  tdkt::v1::LoginResponse tokens;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(text.str(), &tokens, options).ok() ||
      tokens.access_token().empty()) {
    // A damaged file is as good as none: the user logs in again.
    return std::optional<tdkt::v1::LoginResponse>();
  }
  return std::optional<tdkt::v1::LoginResponse>(std::move(tokens));
}

absl::Status SessionStore::WritePrivate(const std::string& path, const std::string& text) const {
  // Every level under the configuration directory is private; the configuration directory itself may exist.
  const std::string sessions = dir_.substr(0, dir_.rfind('/'));
  const std::string tdkt = sessions.substr(0, sessions.rfind('/'));
  const std::string config = tdkt.substr(0, tdkt.rfind('/'));
  if (::mkdir(config.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::FailedPreconditionError(absl::StrCat("không tạo được thư mục ", config, " (", std::strerror(errno), ")"));
  }
  for (const std::string& dir : {tdkt, sessions, dir_}) {
    if (absl::Status s = MakePrivateDirectory(dir); !s.ok()) return s;
  }
  const std::string temporary = absl::StrCat(path, ".", ::getpid(), ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat("không ghi được ", temporary, " (", std::strerror(errno), ")"));
  }
  ::fchmod(fd, 0600);  // whatever the umask, and should the file have existed
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool complete = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!complete || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return absl::FailedPreconditionError(absl::StrCat("không ghi được ", path));
  }
  return absl::OkStatus();
}

absl::Status SessionStore::Save(const std::string& username, const tdkt::v1::LoginResponse& tokens) const {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(tokens, &json).ok()) {
    return absl::InternalError("không mã hóa được phiên đăng nhập");
  }
  return WritePrivate(PathOf(username), json + "\n");
}

absl::Status SessionStore::Remove(const std::string& username) const {
  if (::unlink(PathOf(username).c_str()) != 0 && errno != ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat("không xóa được ", PathOf(username), " (", std::strerror(errno), ")"));
  }
  ::unlink(absl::StrCat(PathOf(username), ".lock").c_str());
  if (CurrentUser() == username) ::unlink(absl::StrCat(dir_, "/current").c_str());
  return absl::OkStatus();
}

std::string SessionStore::CurrentUser() const {
  std::ifstream in(absl::StrCat(dir_, "/current"));
  std::string username;
  std::getline(in, username);
  return username;
}

absl::Status SessionStore::SetCurrentUser(const std::string& username) const {
  return WritePrivate(absl::StrCat(dir_, "/current"), username + "\n");
}

absl::Status SessionStore::Locked(const std::string& username, const std::function<absl::Status()>& body) const {
  const std::string lock_path = absl::StrCat(PathOf(username), ".lock");
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return body();  // no lock file (a read-only directory): a refresh race is the worst that can happen
  ::flock(fd, LOCK_EX);
  absl::Status status = body();
  ::flock(fd, LOCK_UN);
  ::close(fd);
  return status;
}

}  // namespace tdkt::tdktctl
