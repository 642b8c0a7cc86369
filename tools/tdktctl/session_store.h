#pragma once
// SessionStore: where `tdktctl login` keeps a user's tokens so that later commands need no password, and
// `tdktctl logout` forgets them. One file per directory address and user, holding the LoginResponse (access and
// refresh token, their expiry, the grants) as protobuf JSON:
//
//   $XDG_CONFIG_HOME/tdkt/sessions/<directory host_port>/<username>.json   (or ~/.config/tdkt/…)
//   $XDG_CONFIG_HOME/tdkt/sessions/<directory host_port>/current           the user of the last login
//
// Files are created with mode 0600 and directories with 0700 (the tokens act for the user), written to a
// temporary file and renamed, so that a reader never sees half a file. Refreshing rotates the refresh token (the
// old one is revoked), so two processes must not refresh one session at once: Locked() serialises them (flock).
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::tdktctl {

class SessionStore {
 public:
  // The store for sessions with the directory at `directory_addr`, under the user's configuration directory
  // ($XDG_CONFIG_HOME, else $HOME/.config); FAILED_PRECONDITION when neither is set.
  static absl::StatusOr<SessionStore> ForDirectory(const std::string& directory_addr);

  // The saved tokens of `username`; nullopt when there are none.
  absl::StatusOr<std::optional<tdkt::v1::LoginResponse>> Load(const std::string& username) const;
  absl::Status Save(const std::string& username, const tdkt::v1::LoginResponse& tokens) const;
  // Forgets the user's tokens (and that they are the current user); OK when there were none.
  absl::Status Remove(const std::string& username) const;

  // The user of the last `tdktctl login` with this directory; "" when none.
  std::string CurrentUser() const;
  absl::Status SetCurrentUser(const std::string& username) const;

  // Runs `body` while holding an exclusive lock on the user's session file.
  absl::Status Locked(const std::string& username, const std::function<absl::Status()>& body) const;

  // The session file of a user (for messages and tests).
  std::string PathOf(const std::string& username) const;

 private:
  explicit SessionStore(std::string dir) : dir_(std::move(dir)) {}
  absl::Status WritePrivate(const std::string& path, const std::string& text) const;

  std::string dir_;  // …/tdkt/sessions/<directory host_port>
};

}  // namespace tdkt::tdktctl
