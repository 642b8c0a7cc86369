#pragma once
// EmailWorker: sends the queued e-mail messages (email_store.h) through SMTP, and once a day, at `digest_hour`
// local time (Asia/Ho_Chi_Minh), gathers the digest items into one message per person.
//
// The address comes from the directory when the message is sent (RecipientDirectory::EmailAddress): a person
// without an address the notifier may see is 'skipped'. A message that cannot be sent (the SMTP server is down or
// refuses) stays pending and is tried again with exponential backoff up to `max_backoff`: an outage delays mail
// and loses none. Messages are leased before sending, so two replicas never send the same one; a sender that
// dies after the server accepted but before recording may send it twice (at least once).
//
// Subject and body are the notification's Vietnamese title and body (template_set.h), MIME-encoded
// (mime_message.h); the link is the web console's address of the dossier (`console_url` + "/dossiers/<id>").
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/periodic_task.h"
#include "services/notifier/curl_transfer.h"
#include "services/notifier/email_store.h"
#include "services/notifier/metrics.h"
#include "services/notifier/recipient_directory.h"
#include "services/notifier/template_set.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

struct EmailWorkerOptions {
  SmtpOptions smtp = {};
  std::string from_name = "Hệ thống Thi đua – Khen thưởng";
  std::string console_url = {};  // e.g. https://tdkt.example.gov.vn; empty: links stay relative
  int digest_hour = 17;     // 0–23, Vietnam time
  absl::Duration poll = absl::Seconds(2);
  absl::Duration first_backoff = absl::Seconds(30);
  absl::Duration max_backoff = absl::Minutes(30);
  int batch = 20;
};

class EmailWorker {
 public:
  EmailWorker(common::PgPool& pool, const RecipientDirectory& directory, const TemplateSet& templates, Metrics& metrics,
              EmailWorkerOptions options);
  ~EmailWorker();

  // The day's digests when the digest hour has come and they were not made yet; how many messages.
  absl::StatusOr<int> BuildDigestsIfDue(absl::Time now);
  // One pass over the due messages; how many were handled.
  absl::StatusOr<int> SendDue();

  void Start();
  void Stop();

 private:
  // The text of a message: one notification, or a digest of several.
  void Compose(const DueEmail& email, std::string* subject, std::string* body) const;

  common::PgPool& pool_;
  const RecipientDirectory& directory_;
  const TemplateSet& templates_;
  Metrics& metrics_;
  const EmailWorkerOptions options_;
  EmailStore store_;
  std::unique_ptr<common::PeriodicTask> task_;
};

}  // namespace tdkt::notifier
