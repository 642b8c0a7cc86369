#include "services/dossier/transition_request.h"

#include "absl/strings/str_cat.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

struct KindVisitor {
  wf::CommandKind operator()(const api::Create&) const { return wf::CommandKind::kCreate; }
  wf::CommandKind operator()(const api::Plain& plain) const { return wf::KindOf(plain.command); }
  wf::CommandKind operator()(const api::OpenVote&) const { return wf::CommandKind::kOpenVote; }
  wf::CommandKind operator()(const api::Decide&) const { return wf::CommandKind::kDecide; }
  wf::CommandKind operator()(const api::CastVote&) const { return wf::CommandKind::kCastVote; }
  wf::CommandKind operator()(const api::CloseVote&) const { return wf::CommandKind::kCloseVote; }
  wf::CommandKind operator()(const api::Forward&) const { return wf::CommandKind::kForward; }
  wf::CommandKind operator()(const api::Publish&) const { return wf::CommandKind::kPublish; }
  wf::CommandKind operator()(const api::Escalate&) const { return wf::CommandKind::kEscalate; }
  wf::CommandKind operator()(const api::UploadDocument&) const { return wf::CommandKind::kAttachDocument; }
};

}  // namespace

wf::CommandKind KindOf(const api::Command& command) { return std::visit(KindVisitor{}, command); }

std::string VoteIdOf(const wf::CouncilVote& vote) {
  return absl::StrCat("v", vote.level_index, "-", absl::ToUnixMicros(vote.opened_at));
}

}  // namespace tdkt::dossier
