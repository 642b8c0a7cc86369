#pragma once
// StaticFiles: the web console's files under one folder (--web-root). `/` and `/tra-cuu` (the public status
// page, a route of the single-page app) are index.html; any other path names a regular file under the folder.
// Never a directory listing, never a file outside the folder (no `..`, no symbolic link out of it, no
// dotfile), never a Content-Type guessed by the browser (nosniff is set on every response).
//
//   StaticFiles files("/srv/tdkt/web");
//   std::optional<StaticFile> file = files.Find(request.path);   // nullopt → 404
#include <optional>
#include <string>
#include <string_view>

namespace tdkt::gateway {

struct StaticFile {
  std::string path;          // absolute, inside the root
  std::string content_type;  // from the extension
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  // The file a URL path (already percent-decoded) names, if it may be served.
  std::optional<StaticFile> Find(std::string_view url_path) const;

  // Whether the folder exists with an index.html.
  bool HasIndex() const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;  // canonical, without a trailing slash
};

// The Content-Type of a file name by its extension; application/octet-stream when unknown.
std::string ContentTypeOf(std::string_view file_name);

}  // namespace tdkt::gateway
