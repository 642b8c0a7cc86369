#include "services/dossier/snapshot_codec.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"

namespace tdkt::dossier {
namespace {

using nlohmann::json;
using workflow::DossierSnapshot;
using workflow::DossierState;

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(const json& j) { return absl::FromUnixMicros(j.get<int64_t>()); }

std::optional<DossierState> StateFromCode(std::string_view code) {
  for (int i = 0; i < workflow::kDossierStateCount; ++i) {
    const auto state = static_cast<DossierState>(i);
    if (workflow::DossierStateCode(state) == code) return state;
  }
  return std::nullopt;
}

json VoteRuleToJson(const workflow::VoteRule& rule) {
  return {{"quorum", rule.quorum},
          {"pass_threshold", rule.pass_threshold},
          {"all_members", rule.base == workflow::ThresholdBase::kAllMembers},
          {"at_least", rule.comparison == workflow::ThresholdComparison::kAtLeast}};
}

workflow::VoteRule VoteRuleFromJson(const json& j) {
  workflow::VoteRule rule;
  rule.quorum = j.at("quorum").get<double>();
  rule.pass_threshold = j.at("pass_threshold").get<double>();
  rule.base = j.at("all_members").get<bool>() ? workflow::ThresholdBase::kAllMembers
                                              : workflow::ThresholdBase::kParticipants;
  rule.comparison = j.at("at_least").get<bool>() ? workflow::ThresholdComparison::kAtLeast
                                                 : workflow::ThresholdComparison::kExceed;
  return rule;
}

json TallyToJson(const workflow::VoteTally& t) {
  return {{"result", std::string(workflow::VoteResultCode(t.result))},
          {"eligible", t.eligible},
          {"participants", t.participants},
          {"yes", t.yes},
          {"no", t.no},
          {"abstain", t.abstain},
          {"participants_needed", t.participants_needed},
          {"yes_needed", t.yes_needed}};
}

workflow::VoteTally TallyFromJson(const json& j) {
  workflow::VoteTally t;
  const std::string result = j.at("result").get<std::string>();
  for (auto r : {workflow::VoteResult::kPassed, workflow::VoteResult::kFailed, workflow::VoteResult::kNoQuorum}) {
    if (workflow::VoteResultCode(r) == result) t.result = r;
  }
  t.eligible = j.at("eligible").get<int>();
  t.participants = j.at("participants").get<int>();
  t.yes = j.at("yes").get<int>();
  t.no = j.at("no").get<int>();
  t.abstain = j.at("abstain").get<int>();
  t.participants_needed = j.at("participants_needed").get<int>();
  t.yes_needed = j.at("yes_needed").get<int>();
  return t;
}

// What the sealed counts of an open vote are bound to: the dossier, the round, and how many members had voted.
std::string SealContext(const std::string& dossier_id, const workflow::CouncilVote& v) {
  return absl::StrCat("tdkt.dossier.ballot/", dossier_id, "/", v.level_index, "/", Micros(v.opened_at), "/",
                      v.Voters().size());
}

// The three counts as fixed-size bytes (so that the sealed length says nothing either).
std::string CountBytes(const workflow::CouncilVote& v) {
  std::string bytes;
  for (int count : {v.yes, v.no, v.abstain}) {
    bytes.push_back(static_cast<char>(count & 0xff));
    bytes.push_back(static_cast<char>((count >> 8) & 0xff));
  }
  return bytes;
}

absl::Status OpenCounts(const common::PiiCipher& cipher, const std::string& dossier_id, const std::string& sealed,
                        workflow::CouncilVote& v) {
  if (sealed.size() % 2 != 0 || !absl::c_all_of(sealed, absl::ascii_isxdigit)) {
    return absl::DataLossError("sealed ballot counts are not hex");
  }
  absl::StatusOr<std::string> bytes = cipher.Open(SealContext(dossier_id, v), absl::HexStringToBytes(sealed));
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() != 6) return absl::DataLossError("sealed ballot counts have the wrong size");
  int* counts[] = {&v.yes, &v.no, &v.abstain};
  for (size_t i = 0; i < 3; ++i) {
    *counts[i] = static_cast<unsigned char>((*bytes)[2 * i]) | static_cast<unsigned char>((*bytes)[2 * i + 1]) << 8;
  }
  if (static_cast<size_t>(v.participants()) != v.Voters().size()) {
    return absl::DataLossError("sealed ballot counts do not match the members who voted");
  }
  return absl::OkStatus();
}

json VoteToJson(const workflow::CouncilVote& v) {
  json voted = json::array();
  for (bool flag : v.voted) voted.push_back(flag);
  json names = json::array();
  json voted_at = json::array();
  for (size_t i = 0; i < v.eligible_members().size(); ++i) {
    names.push_back(std::string(v.NameOf(i)));
    const absl::Time at = v.VotedAt(i);
    voted_at.push_back(at == absl::InfinitePast() ? json(nullptr) : json(Micros(at)));
  }
  return {{"level_index", v.level_index}, {"rule", VoteRuleToJson(v.rule)},
          {"eligible", v.eligible_members()},  {"voted", std::move(voted)},
          {"yes", v.yes},                      {"no", v.no},
          {"abstain", v.abstain},              {"opened_at", Micros(v.opened_at)},
          {"council_id", v.council_id},        {"names", std::move(names)},
          {"voted_at", std::move(voted_at)}};
}

// Snapshots written before the council's record was kept have no council, names or voting times. Sealed counts
// open with `cipher`; without it they read as 0 (only a transition needs them).
absl::StatusOr<workflow::CouncilVote> VoteFromJson(const json& v, const std::string& dossier_id = "",
                                                   const common::PiiCipher* cipher = nullptr) {
  workflow::CouncilVote vote;
  vote.level_index = v.at("level_index").get<int>();
  vote.rule = VoteRuleFromJson(v.at("rule"));
  vote.eligible = std::make_shared<const std::vector<std::string>>(v.at("eligible").get<std::vector<std::string>>());
  vote.voted = v.at("voted").get<std::vector<bool>>();
  if (!v.contains("sealed_counts")) {
    vote.yes = v.at("yes").get<int>();
    vote.no = v.at("no").get<int>();
    vote.abstain = v.at("abstain").get<int>();
  }
  vote.opened_at = FromMicros(v.at("opened_at"));
  vote.council_id = v.value("council_id", std::string());
  const size_t size = vote.eligible->size();
  if (vote.voted.size() != size) return absl::InternalError("snapshot: vote flags mismatch");
  if (v.contains("names")) {
    auto names = v.at("names").get<std::vector<std::string>>();
    if (names.size() != size) return absl::InternalError("snapshot: vote names mismatch");
    vote.names = std::make_shared<const std::vector<std::string>>(std::move(names));
  }
  vote.voted_at.assign(size, absl::InfinitePast());
  if (v.contains("voted_at")) {
    const json& times = v.at("voted_at");
    if (times.size() != size) return absl::InternalError("snapshot: vote times mismatch");
    for (size_t i = 0; i < size; ++i) {
      if (!times[i].is_null()) vote.voted_at[i] = FromMicros(times[i]);
    }
  }
  if (v.contains("sealed_counts") && cipher != nullptr) {
    if (absl::Status s = OpenCounts(*cipher, dossier_id, v.at("sealed_counts").get<std::string>(), vote); !s.ok()) {
      return s;
    }
  }
  return vote;
}

}  // namespace

std::string SnapshotToJson(const DossierSnapshot& d, const common::PiiCipher* cipher) {
  json j;
  j["id"] = d.id;
  j["state"] = std::string(workflow::DossierStateCode(d.state));
  j["version"] = d.version;
  j["chain_id"] = d.chain_id;
  j["chain_version"] = d.chain_version;
  j["level_index"] = d.level_index;
  j["holder_org_id"] = d.holder_org_id;
  j["origin_org_id"] = d.origin_org_id;
  j["origin_level_index"] = d.origin_level_index;
  j["deciding_level_index"] = d.deciding_level_index ? json(*d.deciding_level_index) : json(nullptr);
  j["award_code"] = d.award_code;
  j["created_by"] = d.created_by;
  j["created_at"] = Micros(d.created_at);
  j["updated_at"] = Micros(d.updated_at);
  json documents = json::array();
  for (const workflow::DocumentRef& doc : d.documents) {
    documents.push_back({{"id", doc.id}, {"kind", doc.kind}, {"attached_by", doc.attached_by}});
  }
  j["documents"] = std::move(documents);
  if (d.vote) {
    json vote = VoteToJson(*d.vote);
    if (cipher != nullptr) {
      for (const char* count : {"yes", "no", "abstain"}) vote.erase(count);
      vote["sealed_counts"] = absl::BytesToHexString(cipher->Seal(SealContext(d.id, *d.vote), CountBytes(*d.vote)));
    }
    j["vote"] = std::move(vote);
  }
  if (!d.closed_votes.empty()) {
    json closed = json::array();
    for (const workflow::VoteOutcome& v : d.closed_votes) {
      closed.push_back({{"ballot", VoteToJson(v.ballot)},
                        {"tally", TallyToJson(v.tally)},
                        {"closed_at", Micros(v.closed_at)}});
    }
    j["closed_votes"] = std::move(closed);
  }
  if (d.decision) {
    j["decision"] = {{"number", d.decision->number},
                     {"date", base::FormatIsoDate(d.decision->date)},
                     {"signer", d.decision->signer},
                     {"issuing_body", d.decision->issuing_body},
                     {"signer_title", d.decision->signer_title},
                     {"signer_person_id", d.decision->signer_person_id},
                     {"document_id", d.decision->document_id}};
  }
  if (d.external_outcome) {
    j["external_outcome"] = {{"granted", d.external_outcome->granted},
                             {"issuing_body", d.external_outcome->issuing_body},
                             {"note", d.external_outcome->note},
                             {"recorded_at", Micros(d.external_outcome->recorded_at)}};
  }
  j["deadline"] = {{"mode", static_cast<int>(d.deadline.mode)}, {"level_index", d.deadline.level_index}};
  j["returned_reason"] = d.returned_reason;
  j["rejection_reason"] = d.rejection_reason;
  j["withdrawal_reason"] = d.withdrawal_reason;
  j["complaint_reason"] = d.complaint_reason;
  j["complaint_count"] = d.complaint_count;
  return j.dump();
}

std::string SnapshotDigest(const DossierSnapshot& snapshot) {
  if (!snapshot.vote) return base::Sha256Hex(SnapshotToJson(snapshot));
  DossierSnapshot without_counts = snapshot;
  without_counts.vote->yes = without_counts.vote->no = without_counts.vote->abstain = 0;
  return base::Sha256Hex(SnapshotToJson(without_counts));
}

absl::StatusOr<DossierSnapshot> SnapshotFromJson(std::string_view text, const common::PiiCipher* cipher) {
  try {
    const json j = json::parse(text);
    DossierSnapshot d;
    d.id = j.at("id").get<std::string>();
    std::optional<DossierState> state = StateFromCode(j.at("state").get<std::string>());
    if (!state) return absl::InternalError("snapshot: unknown state");
    d.state = *state;
    d.version = j.at("version").get<int64_t>();
    d.chain_id = j.at("chain_id").get<std::string>();
    d.chain_version = j.at("chain_version").get<int>();
    d.level_index = j.at("level_index").get<int>();
    d.holder_org_id = j.at("holder_org_id").get<std::string>();
    d.origin_org_id = j.at("origin_org_id").get<std::string>();
    d.origin_level_index = j.at("origin_level_index").get<int>();
    if (!j.at("deciding_level_index").is_null()) d.deciding_level_index = j.at("deciding_level_index").get<int>();
    d.award_code = j.at("award_code").get<std::string>();
    d.created_by = j.at("created_by").get<std::string>();
    d.created_at = FromMicros(j.at("created_at"));
    d.updated_at = FromMicros(j.at("updated_at"));
    for (const json& doc : j.at("documents")) {
      d.documents.push_back(workflow::DocumentRef{doc.at("id").get<std::string>(), doc.at("kind").get<std::string>(),
                                                  doc.at("attached_by").get<std::string>()});
    }
    if (j.contains("vote")) {
      absl::StatusOr<workflow::CouncilVote> vote = VoteFromJson(j.at("vote"), d.id, cipher);
      if (!vote.ok()) return vote.status();
      d.vote = *std::move(vote);
    }
    if (j.contains("closed_votes")) {
      for (const json& v : j.at("closed_votes")) {
        absl::StatusOr<workflow::CouncilVote> ballot = VoteFromJson(v.at("ballot"));
        if (!ballot.ok()) return ballot.status();
        d.closed_votes.push_back(
            workflow::VoteOutcome{*std::move(ballot), TallyFromJson(v.at("tally")), FromMicros(v.at("closed_at"))});
      }
    } else if (j.contains("last_vote")) {
      // Written before every round was kept: the last round's level and tally only.
      const json& v = j.at("last_vote");
      workflow::VoteOutcome last{.ballot = {}, .tally = TallyFromJson(v.at("tally")),
                                 .closed_at = FromMicros(v.at("closed_at"))};
      last.ballot.level_index = v.at("level_index").get<int>();
      d.closed_votes.push_back(std::move(last));
    }
    if (j.contains("decision")) {
      const json& v = j.at("decision");
      const std::optional<absl::CivilDay> date = base::ParseIsoDate(v.at("date").get<std::string>());
      if (!date) return absl::InternalError("snapshot: bad decision date");
      d.decision = workflow::Decision{.number = v.at("number").get<std::string>(),
                                      .date = *date,
                                      .signer = v.at("signer").get<std::string>(),
                                      .issuing_body = v.at("issuing_body").get<std::string>(),
                                      .signer_title = v.value("signer_title", std::string()),
                                      .signer_person_id = v.value("signer_person_id", std::string()),
                                      .document_id = v.value("document_id", std::string())};
    }
    if (j.contains("external_outcome")) {
      const json& v = j.at("external_outcome");
      d.external_outcome = workflow::ExternalOutcome{v.at("granted").get<bool>(), v.at("issuing_body").get<std::string>(),
                                                     v.at("note").get<std::string>(), FromMicros(v.at("recorded_at"))};
    }
    const int mode = j.at("deadline").at("mode").get<int>();
    if (mode < 0 || mode > static_cast<int>(workflow::DeadlineMode::kPaused)) {
      return absl::InternalError("snapshot: bad deadline mode");
    }
    d.deadline = workflow::DeadlineStatus{static_cast<workflow::DeadlineMode>(mode),
                                          j.at("deadline").at("level_index").get<int>()};
    d.returned_reason = j.at("returned_reason").get<std::string>();
    d.rejection_reason = j.at("rejection_reason").get<std::string>();
    d.withdrawal_reason = j.at("withdrawal_reason").get<std::string>();
    d.complaint_reason = j.at("complaint_reason").get<std::string>();
    d.complaint_count = j.at("complaint_count").get<int>();
    return d;
  } catch (const json::exception& e) {
    return absl::InternalError(absl::StrCat("snapshot: ", e.what()));
  }
}

}  // namespace tdkt::dossier
