#pragma once
// ActorContext: the actor as the state machine checks it — each role grant with the relation the caller
// resolved between the grant's organisation and the dossier (holder, ancestor of the holder, origin unit).
// The state machine reads no directory; the dossier service resolves these relations before calling.
//
//   ActorContext a = BindActor(actor, dossier.holder_org_id, dossier.origin_org_id, holder_ancestors);
//   ActorContext s = ActorContext::System("scheduler");
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/actor.h"

namespace tdkt::workflow {

enum class OrgRelation : uint8_t { kHolder, kAncestorOfHolder, kOriginUnit };

// A set of relations; one organisation can be several at once (at the unit level the holder is the origin).
class RelationSet {
 public:
  constexpr RelationSet() = default;
  constexpr RelationSet(std::initializer_list<OrgRelation> relations) {
    for (OrgRelation r : relations) bits_ |= Bit(r);
  }
  constexpr bool Contains(OrgRelation r) const { return (bits_ & Bit(r)) != 0; }
  constexpr bool Intersects(RelationSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void Add(OrgRelation r) { bits_ |= Bit(r); }
  bool operator==(const RelationSet&) const = default;

 private:
  static constexpr uint8_t Bit(OrgRelation r) { return static_cast<uint8_t>(1u << static_cast<int>(r)); }
  uint8_t bits_ = 0;
};

struct ResolvedGrant {
  Role role;
  std::string org_id;
  RelationSet relations;  // empty: the organisation has nothing to do with this dossier
};

struct ActorContext {
  // A system actor (the scheduler) holds no grants; only rules that name the system accept it.
  bool is_system = false;
  std::string id;  // person id, or the system component's name
  std::vector<ResolvedGrant> grants;

  static ActorContext System(std::string_view component) {
    ActorContext a;
    a.is_system = true;
    a.id = std::string(component);
    return a;
  }
};

// Resolves each grant of `actor` against the dossier's holder, origin unit and the holder's ancestors (as the
// directory reported them). Pure: the caller supplies the ancestry.
ActorContext BindActor(const Actor& actor, std::string_view holder_org_id, std::string_view origin_org_id,
                       const std::vector<std::string>& holder_ancestor_org_ids);

}  // namespace tdkt::workflow
