#pragma once
// TemplateSet: the Vietnamese texts of notifications (data/templates/notifications.textproto, message
// tdkt.v1.NotificationTemplateFile), validated when loaded and rendered per event.
//
//   TDKT_ASSIGN_OR_RETURN(TemplateSet templates, TemplateSet::Load("data/templates/notifications.textproto"));
//   TDKT_ASSIGN_OR_RETURN(RenderedText text, templates.Render(event, names));
//
// Placeholders (in braces) and the events that provide them:
//   {award_name} {award_code} {year} {tracking_code} {nominee_name} {holder_org_name} {origin_org_name} {link}
//                                      every dossier event (link = "/dossiers/<dossier_id>", the web console)
//   {reason}                           DOSSIER_RETURNED, DOSSIER_REJECTED, DOSSIER_WITHDRAWN
//   {missing_documents}                DOSSIER_RETURNED (document kinds by their Vietnamese names)
//   {decision_number}                  DOSSIER_DECIDED
//   {published_on}                     DOSSIER_PUBLISHED (dd/mm/yyyy)
//   {due_date}                         DEADLINE_REMINDER, DOSSIER_ESCALATED (dd/mm/yyyy)
//   {days_before_due}                  DEADLINE_REMINDER of kind BEFORE_DUE
//   {overdue_days}                     DEADLINE_REMINDER of kind OVERDUE, DOSSIER_ESCALATED
//   {vote_closes_at}                   VOTE_OPENED (HH:MM dd/mm/yyyy, Vietnam time)
//   {voted_count} {eligible_count}     VOTE_CAST
// Loading refuses, with "<file>:<line>: <reason>": a syntax error, an unknown event type or reminder kind, a
// placeholder that is unknown or not provided by the template's event, an unclosed brace, a title on several
// lines, two templates for the same event, and a missing template for an event type that has recipients
// (recipient_rules.h; DEADLINE_REMINDER needs one per reminder kind). Texts hold no personal data beyond the
// nominee's name: events carry no ID numbers.
#include <map>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::notifier {

// What a template needs besides the event: names from the award catalogue and the directory.
struct TemplateNames {
  std::string award_name;       // the catalogue's name_vi (the award code when unknown)
  std::string holder_org_name;  // the directory's name_vi on the event's date
  std::string origin_org_name;
};

struct RenderedText {
  std::string title;
  std::string body;
  std::string link;  // "/dossiers/<id>", empty without a dossier
};

class TemplateSet {
 public:
  // `name` stands for the file in error messages.
  static absl::StatusOr<TemplateSet> FromText(const std::string& text, const std::string& name);
  static absl::StatusOr<TemplateSet> Load(const std::string& path);

  // NOT_FOUND when no template covers the event (an event type nobody is told about).
  absl::StatusOr<RenderedText> Render(const tdkt::v1::EventEnvelope& event, const TemplateNames& names) const;

  // The subject and opening of a daily digest of `count` notifications made on `day`.
  std::string DigestSubject(int count, absl::CivilDay day) const;
  std::string DigestIntro(int count, absl::CivilDay day) const;

 private:
  struct Texts {
    std::string title;
    std::string body;
  };
  // (event type, reminder kind); the kind is 0 except for DEADLINE_REMINDER.
  std::map<std::pair<int, int>, Texts> texts_;
  std::map<std::string, std::string> document_names_;
  std::string digest_subject_;
  std::string digest_intro_;
};

// dd/mm/yyyy, the Vietnamese way of writing a date.
std::string VietnameseDate(absl::CivilDay day);

}  // namespace tdkt::notifier
