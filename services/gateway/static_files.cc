#include "services/gateway/static_files.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "base/string_view_compat.h"

namespace tdkt::gateway {
namespace {

namespace fs = std::filesystem;

bool Inside(const std::string& root, const std::string& path) {
  return path.size() > root.size() && absl::StartsWith(path, root) && path[root.size()] == '/';
}

}  // namespace

std::string ContentTypeOf(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  const std::string extension =
      dot == std::string_view::npos ? "" : absl::AsciiStrToLower(base::AsAbsl(file_name.substr(dot + 1)));
  static const std::pair<const char*, const char*> kTypes[] = {
      {"html", "text/html; charset=utf-8"},  {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},          {"map", "application/json"},
      {"webmanifest", "application/manifest+json"}, {"svg", "image/svg+xml"},
      {"png", "image/png"},                  {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},                {"gif", "image/gif"},
      {"webp", "image/webp"},                {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},               {"woff", "font/woff"},
      {"ttf", "font/ttf"},                   {"txt", "text/plain; charset=utf-8"},
      {"pdf", "application/pdf"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::path(root), error);
  root_ = error ? root : canonical.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

bool StaticFiles::HasIndex() const {
  std::error_code error;
  return fs::is_regular_file(fs::path(root_) / "index.html", error);
}

std::optional<StaticFile> StaticFiles::Find(std::string_view url_path) const {
  std::string relative;
  if (url_path == "/" || url_path == "/tra-cuu" || url_path == "/tra-cuu/") {
    relative = "index.html";
  } else {
    if (url_path.empty() || url_path.front() != '/') return std::nullopt;
    // Each segment must be a plain name: no empty, dot or dot-dot segment, no hidden file, no backslash or
    // NUL (whatever percent-decoding made of them).
    for (absl::string_view segment : absl::StrSplit(base::AsAbsl(url_path.substr(1)), '/')) {
      if (segment.empty() || segment.front() == '.' || absl::StrContains(segment, '\\') ||
          absl::StrContains(segment, '\0')) {
        return std::nullopt;
      }
    }
    relative = std::string(url_path.substr(1));
  }
  std::error_code error;
  const fs::path resolved = fs::canonical(fs::path(root_) / relative, error);  // follows symbolic links
  if (error || !Inside(root_, resolved.string()) || !fs::is_regular_file(resolved, error) || error) {
    return std::nullopt;
  }
  return StaticFile{.path = resolved.string(), .content_type = ContentTypeOf(resolved.filename().string())};
}

}  // namespace tdkt::gateway
