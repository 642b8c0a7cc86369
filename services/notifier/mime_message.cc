#include "services/notifier/mime_message.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace tdkt::notifier {
namespace {

bool PlainAscii(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '=' || c == '?' || c == '"') return false;
  }
  return true;
}

// Bytes of the UTF-8 character starting at text[i].
size_t CharLength(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 1;
  return std::min(n, text.size() - i);
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()));
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) absl::StrAppend(&out, encoded.substr(i, 76), "\r\n");
  return out;
}

}  // namespace

std::string EncodeHeaderWords(std::string_view utf8) {
  if (PlainAscii(utf8)) return std::string(utf8);
  // "=?UTF-8?B?" + base64 + "?=" ≤ 75 characters: at most 45 bytes of text per word (60 base64 characters).
  constexpr size_t kMaxBytesPerWord = 45;
  std::string out;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    while (end < utf8.size() && end - start + CharLength(utf8, end) <= kMaxBytesPerWord) end += CharLength(utf8, end);
    if (end == start) end = start + CharLength(utf8, start);
    if (!out.empty()) out += "\r\n ";
    absl::StrAppend(&out, "=?UTF-8?B?", absl::Base64Escape(absl::string_view(utf8.data() + start, end - start)), "?=");
    start = end;
  }
  return out;
}

std::string ComposeEmail(const EmailParts& parts) {
  std::string body;
  for (const char c : parts.body) {
    if (c == '\n') body += "\r\n";
    else body += c;
  }
  std::string message;
  absl::StrAppend(&message, "From: ", EncodeHeaderWords(parts.from_name), " <", parts.from_address, ">\r\n");
  absl::StrAppend(&message, "To: <", parts.to, ">\r\n");
  absl::StrAppend(&message, "Subject: ", EncodeHeaderWords(parts.subject), "\r\n");
  absl::StrAppend(&message, "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S %z", parts.date, absl::UTCTimeZone()),
                  "\r\n");
  absl::StrAppend(&message, "Message-ID: ", parts.message_id, "\r\n");
  absl::StrAppend(&message, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&message, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&message, "Content-Transfer-Encoding: base64\r\n\r\n");
  absl::StrAppend(&message, Base64Lines(body));
  return message;
}

}  // namespace tdkt::notifier
