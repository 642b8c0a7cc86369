#include "services/notifier/email_worker.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/pg_pool.h"
#include "services/notifier/mime_message.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier {
namespace {

std::string Domain(const std::string& address) {
  const size_t at = address.find('@');
  return at == std::string::npos ? "tdkt.invalid" : address.substr(at + 1);
}

}  // namespace

EmailWorker::EmailWorker(common::PgPool& pool, const RecipientDirectory& directory, const TemplateSet& templates,
                         Metrics& metrics, EmailWorkerOptions options)
    : pool_(pool), directory_(directory), templates_(templates), metrics_(metrics), options_(std::move(options)) {}

EmailWorker::~EmailWorker() { Stop(); }

void EmailWorker::Start() {
  if (task_) return;
  task_ = std::make_unique<common::PeriodicTask>("notifier: e-mail", options_.poll, [this]() -> absl::Status {
    if (absl::StatusOr<int> digests = BuildDigestsIfDue(absl::Now()); !digests.ok()) return digests.status();
    for (int round = 0; round < 50; ++round) {
      absl::StatusOr<int> sent = SendDue();
      if (!sent.ok()) return sent.status();
      if (*sent < options_.batch) break;
    }
    return absl::OkStatus();
  });
  task_->Start();
}

void EmailWorker::Stop() {
  if (task_) task_->Stop();
  task_.reset();
}

absl::StatusOr<int> EmailWorker::BuildDigestsIfDue(absl::Time now) {
  const absl::CivilSecond local = absl::ToCivilSecond(now, workflow::VietnamTimeZone());
  if (local.hour() < options_.digest_hour) return 0;
  int made = 0;
  absl::Status status = pool_.InTransaction([&](pqxx::work& txn) {
    made = store_.BuildDigests(txn, absl::CivilDay(local));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (made > 0) spdlog::info("notifier: {} digest e-mails queued", made);
  return made;
}

void EmailWorker::Compose(const DueEmail& email, std::string* subject, std::string* body) const {
  auto link = [&](const tdkt::v1::Notification& n) {
    return n.link().empty() ? std::string() : absl::StrCat(options_.console_url, n.link());
  };
  auto text = [&](const tdkt::v1::Notification& n) {
    // The body's "Xem hồ sơ: /dossiers/…" line gets the console's address in front.
    std::string b = n.body_vi();
    if (!options_.console_url.empty() && !n.link().empty()) {
      const size_t at = b.rfind(n.link());
      if (at != std::string::npos) b.replace(at, n.link().size(), link(n));
    }
    return b;
  };
  if (!email.digest_day.has_value() && email.notifications.size() == 1) {
    *subject = email.notifications[0].title_vi();
    *body = text(email.notifications[0]);
    return;
  }
  const int count = static_cast<int>(email.notifications.size());
  const absl::CivilDay day = email.digest_day.value_or(absl::CivilDay(1970, 1, 1));
  *subject = templates_.DigestSubject(count, day);
  *body = templates_.DigestIntro(count, day);
  int index = 0;
  for (const tdkt::v1::Notification& n : email.notifications) {
    absl::StrAppend(body, "\n\n", ++index, ". ", n.title_vi(), "\n", text(n));
  }
}

absl::StatusOr<int> EmailWorker::SendDue() {
  std::vector<DueEmail> due;
  absl::Status leased = pool_.InTransaction([&](pqxx::work& txn) {
    due = store_.LeaseDue(txn, options_.batch, absl::Now(), options_.smtp.timeout + absl::Seconds(30));
    return absl::OkStatus();
  });
  if (!leased.ok()) return leased;
  for (const DueEmail& email : due) {
    absl::StatusOr<std::string> address = directory_.EmailAddress(email.person_id);
    absl::Status sent = address.status();
    std::string outcome;
    if (address.ok() && (address->empty() || email.notifications.empty())) {
      outcome = "skipped";
    } else if (address.ok()) {
      std::string subject, body;
      Compose(email, &subject, &body);
      const std::string message = ComposeEmail({.from_address = options_.smtp.from,
                                                .from_name = options_.from_name,
                                                .to = *address,
                                                .subject = subject,
                                                .body = body,
                                                .date = absl::Now(),
                                                .message_id = absl::StrCat("<tdkt-mail-", email.id, "@",
                                                                           Domain(options_.smtp.from), ">")});
      sent = SmtpSend(options_.smtp, *address, message);
      outcome = sent.ok() ? "success" : "failure";
    } else {
      outcome = "failure";
    }
    metrics_.DeliveryAttempt("email", outcome);
    absl::Status recorded = pool_.InTransaction([&](pqxx::work& txn) {
      if (outcome == "success") {
        store_.MarkSent(txn, email.id, absl::Now());
      } else if (outcome == "skipped") {
        store_.MarkSkipped(txn, email.id, "no e-mail address visible to the notifier");
      } else {
        absl::Duration backoff = options_.first_backoff;
        for (int i = 0; i < email.attempts && backoff < options_.max_backoff; ++i) backoff *= 2;
        store_.MarkRetry(txn, email.id, email.attempts + 1, absl::Now() + std::min(backoff, options_.max_backoff),
                         std::string(sent.message()));
      }
      return absl::OkStatus();
    });
    if (outcome == "failure") {
      spdlog::warn("notifier: e-mail {} not sent yet (attempt {}): {}", email.id, email.attempts + 1,
                   std::string(sent.message()));
    }
    if (!recorded.ok()) spdlog::warn("notifier: e-mail {} not recorded: {}", email.id, std::string(recorded.message()));
  }
  return static_cast<int>(due.size());
}

}  // namespace tdkt::notifier
